"""Mutate the raw documents and check that each mutant builds or fails with the project's typed error.

    python scripts/fuzz_documents.py --count 10000

One example mutates one document of data/sources.toml (lines deleted or duplicated, digits and
separators changed, truncation, random bytes, a BOM, CRLF line ends, very long lines) and runs the
build's own code on a copy of data/: ``etl.warehouse.stage`` (parsing, mappings, crosswalks) and
``etl.warehouse.load`` (inserts, reconciliation, checks, marts, warehouse tests) into an in-memory
DuckDB. Only the file swap of a real build is left out. The copy's manifest records the mutant's
SHA-256, so the production hash check stays as strict as it is. The documents that were not
mutated are parsed once and reused.

The tally counts mutants that built, typed errors by kind, and any other exception (there must be
none); ``tests/etl/test_fuzz_documents.py`` runs a bounded number of the same examples.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import duckdb  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from etl import warehouse  # noqa: E402
from etl.errors import SourceError  # noqa: E402
from etl.manifest import load_manifest  # noqa: E402

DATA = PROJECT / "data"
INDEX = st.integers(min_value=0, max_value=2**32)  # taken modulo what the document has
SEPARATORS = [b" ", b",", b".", "\u00a0".encode(), b"", b"\t", b"  ", b"-", b"|", b"\n"]
LONG_UNITS = [b" ", b"1", b"9", b"2026 ", b"\t", b"1 ", "та ".encode(), b"|", b"-", b" \n",
              "Всього 2026 ".encode(), "Чисельність населення ".encode(), b"<p>", b"1.", b","]


def mutations() -> st.SearchStrategy[tuple]:
    return st.one_of(
        st.tuples(st.just("delete_line"), INDEX),
        st.tuples(st.just("duplicate_line"), INDEX),
        st.tuples(st.just("digit"), INDEX, st.sampled_from(b"0123456789")),
        st.tuples(st.just("insert_digits"), INDEX, st.text("0123456789", min_size=1, max_size=24)),
        st.tuples(st.just("separator"), INDEX, st.sampled_from(SEPARATORS)),
        st.tuples(st.just("truncate"), INDEX),
        st.tuples(st.just("bytes"), INDEX, st.binary(min_size=1, max_size=8)),
        st.tuples(st.just("bom")),
        st.tuples(st.just("crlf")),
        st.tuples(st.just("long_line"), INDEX, st.sampled_from(LONG_UNITS), st.integers(50, 12_000)),
    )


def cases(communities: list[str]) -> st.SearchStrategy[tuple[str, list[tuple]]]:
    """(community to mutate, one to three mutations applied in turn)."""
    return st.tuples(st.sampled_from(communities), st.lists(mutations(), min_size=1, max_size=3))


_DIGIT = re.compile(rb"\d")
_SEPARATOR = re.compile(rb"(?<=\d)[ ,.\xa0]|\xc2\xa0(?=\d)")


def apply(data: bytes, mutation: tuple) -> bytes:
    kind, *arguments = mutation
    lines = data.split(b"\n")
    if kind == "delete_line":
        index = arguments[0] % len(lines)
        return b"\n".join(lines[:index] + lines[index + 1:])
    if kind == "duplicate_line":
        index = arguments[0] % len(lines)
        return b"\n".join(lines[:index + 1] + lines[index:])
    if kind in {"digit", "insert_digits", "separator"}:
        pattern = _SEPARATOR if kind == "separator" else _DIGIT
        spots = [match.span() for match in pattern.finditer(data)]
        if not spots:
            return data
        start, end = spots[arguments[0] % len(spots)]
        if kind == "digit":
            return data[:start] + bytes([arguments[1]]) + data[end:]
        if kind == "insert_digits":
            return data[:end] + arguments[1].encode() + data[end:]
        return data[:start] + arguments[1] + data[end:]
    if kind == "truncate":
        return data[:arguments[0] % (len(data) + 1)]
    if kind == "bytes":
        position = arguments[0] % (len(data) + 1)
        return data[:position] + arguments[1] + data[position:]
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n")
    if kind == "long_line":
        index = arguments[0] % len(lines)
        unit, count = arguments[1], arguments[2]
        lines[index] = lines[index] + unit * max(1, count // len(unit)) + b"x"
        return b"\n".join(lines)
    raise ValueError(f"unknown mutation {kind!r}")


@dataclass
class Outcome:
    community: str
    mutations: list[tuple]
    kind: str  # "built", "typed" or "other"
    label: str  # the error's kind, for the tally
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.kind != "other"


_VARIABLE = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»|0x[0-9a-f]+|/\S+/|(?<![\w-])\d+(?:[,. ]\d+)*")


def error_kind(error: SourceError) -> str:
    """The message with its particulars blanked, so that errors of one kind count together."""
    return f"{type(error).__name__}: {_VARIABLE.sub('…', error.message.splitlines()[0])[:90]}"


class Harness:
    """A private copy of data/ in which one document at a time is replaced by a mutant."""

    def __init__(self, data: Path = DATA):
        self.directory = Path(tempfile.mkdtemp(prefix="fuzz-documents-"))
        self.data = self.directory / "data"
        shutil.copytree(data, self.data, ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".*"))
        self.paths = warehouse.Paths(self.data)
        self.manifest = self.paths.manifest.read_text(encoding="utf-8")
        self.documents = {document.community_id: document for document in load_manifest(self.paths.manifest)}
        self.originals = {community: document.path.read_bytes() for community, document in self.documents.items()}
        staged, _ = warehouse.stage(self.paths)
        self.reuse = {(parsed.document.community_id, parsed.document.sha256): parsed for parsed in staged.parsed}
        self.mutated: str | None = None

    @property
    def communities(self) -> list[str]:
        return list(self.documents)

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def _write(self, community: str, data: bytes) -> None:
        if self.mutated and self.mutated != community:
            self.documents[self.mutated].path.write_bytes(self.originals[self.mutated])
        document = self.documents[community]
        document.path.write_bytes(data)
        self.mutated = community
        # The hash in this document's own entry: two entries may lock files with the same bytes.
        entry = self.manifest.index(f'file = "{document.relative_path}"')
        start = self.manifest.index(f'sha256 = "{document.sha256}"', entry) + len('sha256 = "')
        manifest = self.manifest[:start] + hashlib.sha256(data).hexdigest() + self.manifest[start + 64:]
        self.paths.manifest.write_text(manifest, encoding="utf-8")

    def run(self, community: str, mutations: list[tuple]) -> Outcome:
        data = self.originals[community]
        for mutation in mutations:
            data = apply(data, mutation)
        self._write(community, data)
        try:
            staged, documents = warehouse.stage(self.paths, self.reuse)
            with duckdb.connect(":memory:") as connection:
                warehouse.load(connection, staged, self.paths, documents)
        except SourceError as error:  # CheckFailed is one
            problem = self.misplaced(error, community, data)
            if problem:
                return Outcome(community, mutations, "other", f"misplaced {error_kind(error)}", f"{problem}: {error}")
            return Outcome(community, mutations, "typed", error_kind(error), str(error))
        except Exception as error:  # noqa: BLE001 - exactly what the tally is for
            return Outcome(community, mutations, "other", f"{type(error).__name__}",
                           "".join(traceback.format_exception(error)[-3:]))
        return Outcome(community, mutations, "built", "built")

    def misplaced(self, error: SourceError, community: str, data: bytes) -> str | None:
        """Why a typed error does not point at a real place, or None when it does."""
        document = self.documents[community]
        if Path(error.path).name == document.path.name:
            lines = data.count(b"\n") + 1
            if error.line is not None and not 1 <= error.line <= lines:
                return f"line {error.line} is outside the mutant's {lines} lines"
            return None
        # A mapping file is the right place when the document changed what it lists (a measure's
        # name, a funding source); any other file, or none, is not.
        if Path(error.path).parent == self.paths.mappings and Path(error.path).is_file():
            return None
        return f"names {error.path or 'no file'}, not {document.relative_path} or a mapping file"


def tally(outcomes: list[Outcome]) -> str:
    built = sum(outcome.kind == "built" for outcome in outcomes)
    typed = Counter(outcome.label for outcome in outcomes if outcome.kind == "typed")
    other = [outcome for outcome in outcomes if outcome.kind == "other"]
    lines = [f"mutants: {len(outcomes)}", f"built: {built}",
             f"typed errors: {sum(typed.values())} ({len(typed)} kinds)"]
    lines += [f"  {count:>6}  {label}" for label, count in typed.most_common()]
    lines.append(f"other exceptions: {len(other)}")
    for label, count in Counter(outcome.label for outcome in other).most_common():
        example = next(outcome for outcome in other if outcome.label == label)
        lines.append(f"  {count:>6}  {label}\n          e.g. {example.community} {example.mutations!r}\n"
                     f"          {example.detail.strip()[:600]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="number of mutants (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    harness = Harness()
    outcomes: list[Outcome] = []
    started = time.perf_counter()

    @hypothesis_seed(args.seed)
    @settings(max_examples=args.count, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=cases(harness.communities))
    def run(case):
        outcomes.append(harness.run(*case))
        if len(outcomes) % 500 == 0:
            print(f"... {len(outcomes)} mutants, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    try:
        run()
    finally:
        harness.close()
    print(tally(outcomes))
    print(f"time: {time.perf_counter() - started:.0f} s")
    return 1 if any(not outcome.ok for outcome in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
