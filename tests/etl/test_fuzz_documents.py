"""Property: a mutated document builds, or fails with the project's typed error naming its place.

The mutations and the harness are those of ``scripts/fuzz_documents.py`` (which runs 10 000 on
demand); here a bounded, derandomized number keeps the suite within a minute or two.
"""
from __future__ import annotations

import sys

import pytest
from conftest import DATA, PROJECT
from hypothesis import HealthCheck, given, settings

from etl.manifest import load_manifest

sys.path.insert(0, str(PROJECT / "scripts"))
import fuzz_documents  # noqa: E402

COMMUNITIES = [document.community_id for document in load_manifest(DATA / "sources.toml")]


@pytest.fixture(scope="module")
def harness():
    harness = fuzz_documents.Harness(DATA)  # the data directory the suite is given
    yield harness
    harness.close()


def test_unmutated_documents_build(harness):
    for community in COMMUNITIES:
        outcome = harness.run(community, [])
        assert outcome.kind == "built", outcome.detail


@pytest.mark.parametrize("mutation", [("bom",), ("crlf",)])
def test_bom_and_crlf_are_accepted(harness, mutation):
    for community in COMMUNITIES:
        outcome = harness.run(community, [mutation])
        assert outcome.kind == "built", outcome.detail


def test_typed_errors_are_told_apart_from_others(harness):
    """The harness itself: a wrong line number or a raw exception is not counted as a typed error."""
    from etl.errors import SourceError
    document = harness.documents[COMMUNITIES[0]]
    data = harness.originals[COMMUNITIES[0]]
    lines = data.count(b"\n") + 1
    assert harness.misplaced(SourceError(document.relative_path, lines, "x"), COMMUNITIES[0], data) is None
    assert harness.misplaced(SourceError(document.relative_path, lines + 1, "x"), COMMUNITIES[0], data)
    assert harness.misplaced(SourceError("", None, "x"), COMMUNITIES[0], data)


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=fuzz_documents.cases(COMMUNITIES))
def test_mutant_builds_or_fails_with_a_typed_error(harness, case):
    outcome = harness.run(*case)
    assert outcome.ok, f"{outcome.label}: {outcome.detail}"


# Mutants the 10 000-run tally found raising DuckDB's OutOfRangeException in the marts (a share or
# per-resident figure multiplied a DECIMAL(18) amount past its width); kept as regressions.
FOUND_BY_THE_TALLY = [("starokostiantyniv", [("insert_digits", 324, "7086155069")])]


@pytest.mark.parametrize("community, mutations", FOUND_BY_THE_TALLY)
def test_mutants_found_by_the_tally(harness, community, mutations):
    if community not in COMMUNITIES:
        pytest.skip(f"{community} is not in the manifest")
    outcome = harness.run(community, mutations)
    assert outcome.ok, f"{outcome.label}: {outcome.detail}"


@pytest.mark.parametrize("digits", ["99999", "7086155069"])
def test_huge_amounts_are_refused_or_built_never_overflow(harness, digits):
    """Digits appended to figures spread over each document: no arithmetic downstream overflows."""
    for community in COMMUNITIES:
        for spot in range(0, 400, 50):
            outcome = harness.run(community, [("insert_digits", spot, digits)])
            assert outcome.ok, f"{community} spot {spot}: {outcome.label}: {outcome.detail}"
