"""Indicator families put like with like; change is in the measure its unit calls for; polarity is reviewed."""
from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, rows, squash

from etl.errors import SourceError
from etl.indicators import POLARITIES, QUANTITIES, unit_kind
from etl.warehouse import build

MAPPINGS = DATA / "mappings"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def append_row(path: Path, row: dict) -> int:
    """Append a row to a mapping CSV; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(read_csv(path)[0]), lineterminator="\n").writerow(row)
    return len(lines) + 1


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".*"))
    return target


def family_member_row(family: dict, indicator: dict) -> dict:
    return {**family, "indicator_id": indicator["indicator_id"], "indicator_name_uk": indicator["name_uk"],
            "reason": "test"}


def outsider(warehouse, where: str) -> dict:
    """An indicator outside every family that matches ``where``."""
    found = rows(warehouse, f"""SELECT i.indicator_id, i.name_uk FROM indicator AS i JOIN indicator_reading AS r USING (indicator_id)
                                WHERE indicator_id NOT IN (SELECT indicator_id FROM indicator_family_member) AND {where}
                                ORDER BY indicator_id LIMIT 1""")
    assert found, f"the documents have an indicator where {where}"
    return found[0]


def test_a_family_mixing_unit_classes_is_rejected_at_its_line(warehouse, data_copy, tmp_path):
    path = data_copy / "mappings" / "indicator_families.csv"
    family = next(row for row in read_csv(path))
    unit_class = rows(warehouse, "SELECT unit_class FROM indicator WHERE indicator_id = ?", [family["indicator_id"]])[0]["unit_class"]
    stranger = outsider(warehouse, f"i.unit_class NOT IN ('{unit_class}', 'yes_no')")
    line = append_row(path, family_member_row(family, stranger))
    with pytest.raises(SourceError) as error:
        build(tmp_path / "bad.duckdb", data_copy)
    assert (Path(error.value.path).name, error.value.line) == ("indicator_families.csv", line)
    assert family["family_id"] in error.value.message and stranger["indicator_id"] in error.value.message
    assert not (tmp_path / "bad.duckdb").exists()


def test_a_family_mixing_a_share_with_a_completion_is_rejected(warehouse, data_copy, tmp_path):
    """Both are percentages; a share of officials trained is not how far a measure is carried out."""
    share = outsider(warehouse, "r.quantity = 'share'")
    completion = outsider(warehouse, "r.quantity = 'completion'")
    path = data_copy / "mappings" / "indicator_families.csv"
    family = {**next(row for row in read_csv(path)), "family_id": "test_percentages"}
    append_row(path, family_member_row(family, share))
    line = append_row(path, family_member_row(family, completion))
    with pytest.raises(SourceError) as error:
        build(tmp_path / "bad.duckdb", data_copy)
    assert (Path(error.value.path).name, error.value.line) == ("indicator_families.csv", line)
    assert "share" in error.value.message and "completion" in error.value.message


def test_an_indicator_without_polarity_fails_naming_the_file(warehouse, data_copy, tmp_path):
    path = data_copy / "mappings" / "indicator_polarity.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = lines[-1].split(",")[0]
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(SourceError) as error:
        build(tmp_path / "bad.duckdb", data_copy)
    assert Path(error.value.path).name == "indicator_polarity.csv"
    assert dropped in error.value.message and "add them to this file" in error.value.message


def test_a_quantity_the_unit_cannot_carry_is_rejected(warehouse, data_copy, tmp_path):
    path = data_copy / "mappings" / "indicator_polarity.csv"
    mapped = read_csv(path)
    count = next(row for row in rows(warehouse, "SELECT indicator_id FROM indicator WHERE unit_class = 'count'"))
    line = next(number for number, row in enumerate(mapped, start=2) if row["indicator_id"] == count["indicator_id"])
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[line - 1] = text[line - 1].replace(",count,", ",share,", 1)
    path.write_text("".join(text), encoding="utf-8")
    with pytest.raises(SourceError) as error:
        build(tmp_path / "bad.duckdb", data_copy)
    assert (Path(error.value.path).name, error.value.line) == ("indicator_polarity.csv", line)


def test_polarity_mapping_covers_every_indicator_once(warehouse):
    mapped = read_csv(MAPPINGS / "indicator_polarity.csv")
    stored = {row["indicator_id"]: row for row in rows(warehouse, "SELECT indicator_id, name_uk, unit_class FROM indicator")}
    assert sorted(row["indicator_id"] for row in mapped) == sorted(stored)
    for row in mapped:
        assert row["polarity"] in POLARITIES and row["reason"].strip()
        assert row["quantity"] in QUANTITIES[stored[row["indicator_id"]]["unit_class"]]
        assert squash(row["indicator_name_uk"]) == squash(stored[row["indicator_id"]]["name_uk"])


def test_every_family_has_one_unit_class_unit_and_quantity_across_communities(warehouse):
    members = rows(warehouse, """SELECT m.family_id, i.community_id, i.unit, i.unit_class, r.quantity, m.reason
                                 FROM indicator_family_member AS m JOIN indicator AS i USING (indicator_id)
                                 JOIN indicator_reading AS r USING (indicator_id)""")
    assert members
    for family in {row["family_id"] for row in members}:
        own = [row for row in members if row["family_id"] == family]
        assert len({(row["unit_class"], unit_kind(row["unit"], row["unit_class"]), row["quantity"]) for row in own}) == 1
        assert len({row["community_id"] for row in own}) >= 2, f"{family} compares communities"
        assert all(row["reason"].strip() for row in own)


def test_unit_kinds():
    assert unit_kind("од.", "count") == unit_kind("Шт.", "count") == "pieces"
    assert unit_kind("Вт", "count") != "pieces"
    assert unit_kind("%", "percent") == "percent"


def test_change_is_in_points_for_percentages_and_a_ratio_for_counts(warehouse):
    finals = rows(warehouse, "SELECT DISTINCT indicator_id, unit_class, baseline_value, final_target_value, change_measure, "
                             "final_change FROM mart_indicator_progress")
    measures = set()
    for row in finals:
        baseline, final = row["baseline_value"], row["final_target_value"]
        if row["unit_class"] == "percent":
            expected = ("points", final - baseline)
        elif row["unit_class"] == "count" and baseline is not None and baseline > 0:
            expected = ("ratio", (final / baseline).quantize(Decimal("0.0001")))
        elif row["unit_class"] == "count" and baseline == 0:
            expected = ("absolute", final)
        else:  # yes/no, or a count with no baseline: no change can be stated
            expected = (None, None)
        assert (row["change_measure"], row["final_change"]) == expected, row["indicator_id"]
        measures.add(row["change_measure"])
    assert {"points", "ratio", "absolute"} <= measures


def test_direction_follows_polarity_and_target_year_is_the_last_year_with_a_target(warehouse):
    finals = rows(warehouse, """SELECT DISTINCT p.indicator_id, p.baseline_value, p.final_target_value, p.polarity, p.direction,
                                       p.final_target_year,
                                       (SELECT MAX(year) FROM indicator_target t WHERE t.indicator_id = p.indicator_id
                                        AND t.target_value IS NOT NULL) AS last_year
                                FROM mart_indicator_progress AS p""")
    for row in finals:
        assert row["final_target_year"] == row["last_year"]
        if row["baseline_value"] is None or row["final_target_value"] is None:
            assert row["direction"] is None
            continue
        rise = (row["final_target_value"] > row["baseline_value"]) - (row["final_target_value"] < row["baseline_value"])
        good = rise if row["polarity"] == "higher_is_better" else -rise
        assert row["direction"] == {1: "improves", -1: "worsens", 0: "unchanged"}[good], row["indicator_id"]
