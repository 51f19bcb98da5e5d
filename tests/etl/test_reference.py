"""The KATOTTG reference of every community, and the community lookup that reads a document's words."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from etl.errors import SourceError
from etl.reference import find_community, load_hromadas, load_oblast_names, transliterate

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"


@pytest.fixture(scope="module")
def hromadas():
    return load_hromadas(REFERENCE / "hromadas_katottg.csv")


def test_every_community_once(hromadas):
    # 1 469 as the README states: the codifier's level-H entries without Crimea and Sevastopol.
    assert len(hromadas) == 1469
    assert len({hromada.katottg for hromada in hromadas}) == len(hromadas)


def test_every_oblast_has_an_english_name(hromadas):
    names = load_oblast_names(REFERENCE / "oblasts.csv")
    assert {hromada.oblast_uk for hromada in hromadas} == set(names)


def test_the_reference_communities_are_in_the_codifier(hromadas):
    codes = {hromada.katottg for hromada in hromadas}
    with (REFERENCE / "communities.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            assert row["katottg"] in codes, row["community_id"]


def test_a_repeated_code_is_refused(tmp_path):
    source = (REFERENCE / "hromadas_katottg.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "hromadas.csv"
    path.write_text("\n".join(source[:3] + [source[1]]) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"listed twice") as error:
        load_hromadas(path)
    assert error.value.line == 4


def test_the_community_is_found_by_its_name_in_any_case(hromadas):
    chosen = next(hromada for hromada in hromadas
                  if sum(other.name_stem_uk == hromada.name_stem_uk for other in hromadas) == 1)
    genitive = chosen.name_stem_uk[:-1] + "ої"
    lines = ["Рішення сесії", f"Програма інформатизації {genitive} сільської територіальної громади",
             f"{chosen.name_stem_uk} сільська рада"]
    found = find_community(lines, hromadas, "doc.txt")
    assert found.hromada == chosen
    assert (found.kind, found.mentions, found.line) == ("сільська", 2, 2)
    assert found.name_uk == f"{chosen.name_stem_uk} сільська територіальна громада"


def test_namesakes_are_told_apart_by_their_oblast_or_refused(hromadas):
    stems: dict[str, list] = {}
    for hromada in hromadas:
        stems.setdefault(hromada.name_stem_uk, []).append(hromada)
    namesakes = next(group for group in stems.values()
                     if len(group) == 2 and group[0].oblast_uk != group[1].oblast_uk)
    genitive = namesakes[0].name_stem_uk[:-1] + "ої"
    lines = [f"{genitive} міської територіальної громади"]
    with pytest.raises(SourceError, match="give --katottg"):
        find_community(lines, hromadas, "doc.txt")
    oblast = namesakes[1].oblast_uk[:-1] + "ої області"
    assert find_community(lines + [oblast], hromadas, "doc.txt").hromada == namesakes[1]


def test_a_document_that_names_no_community_is_refused(hromadas):
    with pytest.raises(SourceError, match="no line names a territorial community"):
        find_community(["Програма інформатизації на 2026-2028 роки"], hromadas, "doc.txt")


@pytest.mark.parametrize(("ukrainian", "latin"), [
    # Examples given in Cabinet of Ministers Resolution No. 55 itself.
    ("Згорани", "Zghorany"), ("Розгон", "Rozghon"), ("Юрій", "Yurii"), ("Крюківка", "Kriukivka"),
    ("Яготин", "Yahotyn"), ("Ічня", "Ichnia"), ("Їжакевич", "Yizhakevych"), ("Кадиївка", "Kadyivka"),
    ("Знам’янка", "Znamianka"), ("Щербухи", "Shcherbukhy"), ("Єнакієве", "Yenakiieve"),
    ("Гаївка", "Haivka"), ("Олексій", "Oleksii"), ("Згурівка", "Zghurivka"),
])
def test_transliteration(ukrainian, latin):
    assert transliterate(ukrainian) == latin
