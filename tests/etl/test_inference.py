"""The inference rules: the hand-written manifest and the inferred one build the same warehouse, and a
programme written here (a never-seen council, pipe tables) goes through ``etl add`` and ``etl build``."""
from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import DATA, PROJECT

from etl.__main__ import main
from etl.inference import column_roles, find_title, layout_of, split_roles
from etl.layouts import pipe_table
from etl.reference import load_hromadas
from etl.warehouse import build

EXPLICIT = PROJECT / "tests" / "fixtures" / "sources_explicit.toml"


def copy_data(target: Path) -> Path:
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("*.duckdb", "*.duckdb.*"))
    return target


def test_hand_written_and_inferred_entries_build_the_same_warehouse(db_path, tmp_path):
    work = copy_data(tmp_path / "data")
    shutil.copy(EXPLICIT, work / "sources.toml")
    explicit = tmp_path / "explicit.duckdb"
    build(explicit, work)
    connection = duckdb.connect()
    connection.execute(f"ATTACH '{db_path}' AS inferred (READ_ONLY)")
    connection.execute(f"ATTACH '{explicit}' AS explicit (READ_ONLY)")
    tables = [row[0] for row in connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'explicit' "
        "AND table_type = 'BASE TABLE' AND table_name <> 'meta'").fetchall()]
    assert "funding" in tables and "data_issue" in tables
    for table in tables:
        for first, second in (("inferred", "explicit"), ("explicit", "inferred")):
            extra = connection.execute(f"SELECT count(*) FROM (SELECT * FROM {first}.{table} "
                                       f"EXCEPT ALL SELECT * FROM {second}.{table})").fetchone()[0]
            assert extra == 0, f"{table}: {extra} rows only in the {first} build"
    connection.close()


@pytest.mark.parametrize("lines, layout", [
    (["| a | b |", "|---|---|", "| 1 | 2 |"], "pipe_table"),
    (["\tНазва", "\tСума", "", "\tA", "\t1"], "flat_cells"),
    (["Назва\tСума", "A\t1", "B\t2"], "wrapped_tsv"),
])
def test_layout_family(lines, layout):
    assert layout_of(lines) == layout


def test_the_title_the_text_defines_wins_over_an_earlier_mention():
    lines = ["Програма інформатизації ОМС на 2026 - 2028 роки «Назва» розроблена відповідно до законів",
             "Місцева програма інформатизації «Назва» на 2026 – 2028 роки (далі – Програма) розроблена"]
    assert find_title(lines) == ("Місцева програма інформатизації «Назва» на 2026 – 2028 роки", 2)


def test_column_roles_from_the_heading_and_the_year_row():
    lines = ["| № | Назва заходу | Відповідальні виконавці | Строк виконання | Джерела фінансування | "
             "Обсяг фінансування, тис. грн | | | Очікуваний результат |",
             "|---|---|---|---|---|---|---|---|---|",
             "| | | | | | 2026 | 2027 | 2028 | |"]
    roles, headings = column_roles(pipe_table.parse(lines, 0, len(lines), {}), "tasks")
    assert headings == 9
    assert split_roles(roles) == (["number", "name", "responsible", "term", "source"],
                                  ["year", "year", "year", "result"])


# A programme of a community the seeds do not include, written as a council might: a passport whose
# total contradicts the appendix, one direction, two measures and a programme total.
MEASURES = [("Створення вебсайту громади", "Загальний відділ", "2026-2028", ["10,0", "10,0", "12,5"]),
            ("Навчання працівників цифровим навичкам", "Відділ освіти", "2026", ["30,0", "", ""])]
PASSPORT_TOTAL = "70,0"


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ".")) if text else Decimal(0)


def programme_text(genitive: str) -> str:
    years = [sum((amount(figures[year]) for *_, figures in MEASURES), Decimal(0)) for year in range(3)]
    rows = "\n".join(f"| {number} | {name} | {who} | {term} | Місцевий бюджет | {' | '.join(figures)} | "
                     f"{sum((amount(f) for f in figures), Decimal(0))} |"
                     for number, (name, who, term, figures) in enumerate(MEASURES, start=1))
    return f"""Рішення сесії {genitive} сільської ради

ПРОГРАМА ІНФОРМАТИЗАЦІЇ {genitive.upper()} СІЛЬСЬКОЇ ТЕРИТОРІАЛЬНОЇ ГРОМАДИ НА 2026-2028 РОКИ

ПАСПОРТ ПРОГРАМИ
| № | Найменування | Зміст |
|---|---|---|
| 1 | Ініціатор розроблення Програми | Виконавчий комітет {genitive} сільської ради |
| 2 | Загальний обсяг фінансових ресурсів, необхідних для реалізації Програми, всього, у тому числі: | {PASSPORT_TOTAL} |

ЗАГАЛЬНІ ПОЛОЖЕННЯ
Програма визначає завдання цифрового розвитку {genitive} сільської територіальної громади.

ПЕРЕЛІК ЗАВДАНЬ ПРОГРАМИ
| № | Назва заходу | Відповідальні виконавці | Строк виконання | Джерела фінансування | Обсяг фінансування, тис. грн | | | Всього |
|---|---|---|---|---|---|---|---|---|
| | | | | | 2026 | 2027 | 2028 | |
| Пріоритет 1. Цифрові послуги | | | | | | | | |
{rows}
| Всього за програмою | | | | | {' | '.join(str(year) for year in years)} | {sum(years)} |
"""


def test_a_never_seen_programme_builds_after_add(tmp_path, capsys):
    hromadas = load_hromadas(DATA / "reference" / "hromadas_katottg.csv")
    reference = (DATA / "reference" / "communities.csv").read_text(encoding="utf-8")
    stems = [hromada.name_stem_uk for hromada in hromadas]
    chosen = next(hromada for hromada in hromadas if stems.count(hromada.name_stem_uk) == 1
                  and hromada.katottg not in reference and hromada.centre_uk)
    document = tmp_path / "programme.txt"
    document.write_text(programme_text(chosen.name_stem_uk[:-1] + "ої"), encoding="utf-8")
    work = copy_data(tmp_path / "data")
    code = main(["--data", str(work), "add", str(document), "--id", "newcomer", "--population", "1000",
                 "--population-date", "2022-01-01", "--area-km2", "100.5", "--yes"])
    report = capsys.readouterr()
    assert code == 0, report.err
    assert "proposed in data/mappings/measure_themes.csv (2 rows" in report.out
    # The document has no indicator or resource appendix: the report says so, naming the file.
    unplaced = report.out.split("not placed:")[1].split("proposed in")[0]
    assert "indicators: no section" in unplaced and "resources: no section" in unplaced
    assert "row not read" not in unplaced  # every table row with figures was read
    db = tmp_path / "new.duckdb"
    build(db, work)
    with duckdb.connect(str(db), read_only=True) as connection:
        community = connection.execute("SELECT katottg, name_uk, period_start, period_end, money_unit, layout "
                                       "FROM community WHERE community_id = 'newcomer'").fetchone()
        assert community == (chosen.katottg, f"{chosen.name_stem_uk} сільська територіальна громада", 2026, 2028,
                             "thousand_uah", "pipe_table")
        names = [row[0] for row in connection.execute(
            "SELECT name_uk FROM measure WHERE community_id = 'newcomer' ORDER BY measure_id").fetchall()]
        assert names == [name for name, *_ in MEASURES]
        funding = connection.execute(
            "SELECT f.year, sum(f.amount_kuah) FROM funding AS f JOIN measure AS m USING (measure_id) "
            "WHERE m.community_id = 'newcomer' GROUP BY f.year ORDER BY f.year").fetchall()
        expected = [(2026 + year, sum((amount(figures[year]) for *_, figures in MEASURES), Decimal(0)))
                    for year in range(3)]
        assert funding == expected
        sources = {row[0] for row in connection.execute(
            "SELECT DISTINCT f.source_class FROM funding AS f JOIN measure AS m USING (measure_id) "
            "WHERE m.community_id = 'newcomer'").fetchall()}
        assert sources == {"community_budget"}
        # The programme total agrees with its measures; the passport's does not, and says so.
        statuses = dict(connection.execute(
            "SELECT scope || coalesce(':' || year, ''), status FROM reconciliation "
            "WHERE community_id = 'newcomer' AND scope IN ('programme', 'passport')").fetchall())
        assert statuses == {"programme:2026": "agrees", "programme:2027": "agrees", "programme:2028": "agrees",
                            "programme": "agrees", "passport": "differs"}
        checks = {row[0] for row in connection.execute(
            "SELECT check_id FROM data_issue WHERE community_id = 'newcomer' AND severity = 'error'").fetchall()}
        assert checks == {"passport_vs_appendix"}
