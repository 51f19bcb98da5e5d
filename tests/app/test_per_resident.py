"""Money per resident: one definition (the marts' macro and denominator table), own and external
money per resident on Порівняння, and a population switch that says when a document states none.

Expectations come from the community table and the marts, never from a list of communities."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from conftest import PROJECT, open_page, rows

from etl.formatting import format_count, format_uah
from hromada.charts import Lookup, own_external_per_resident
from hromada.filters import Filters
from hromada.i18n import t
from hromada.palette import community_colours
from hromada.safe_text import md


@pytest.fixture(scope="module")
def communities(warehouse):
    return rows(warehouse, """
        SELECT c.community_id, c.short_name_uk, c.name_en, c.population, c.population_document,
               c.population_document_line, s.programme_years, s.programme_total_kuah, s.own_kuah, s.external_kuah,
               s.uah_per_resident_year, s.uah_per_resident_year_document
        FROM community AS c JOIN mart_community_summary AS s USING (community_id) ORDER BY c.community_id""")


def ids_of(communities) -> tuple[str, ...]:
    return tuple(row["community_id"] for row in communities)


def by_hand(kuah, population, years) -> float:
    return float(Decimal(kuah) * 1000 / Decimal(population) / Decimal(years))


def test_queries_have_no_per_resident_formula_of_their_own():
    """Every per-resident figure the pages read goes through the marts' macro: a `* 1000` in the
    queries would be a second definition that can drift from the first."""
    source = (PROJECT / "hromada" / "queries.py").read_text(encoding="utf-8")
    assert not re.search(r"\*\s*1000", source), "hromada/queries.py computes money per resident itself"
    assert source.count("uah_per_resident_year(") >= 3


@pytest.mark.parametrize("denominator", ["official", "document"])
def test_summary_per_resident_is_the_marts_figure(queries, communities, denominator):
    summary = queries.community_summary(ids_of(communities), denominator).set_index("community_id")
    assert list(summary.index) == sorted(ids_of(communities))
    for row in communities:
        got = summary.loc[row["community_id"]]
        from_document = denominator == "document" and row["population_document"] is not None
        expected = row["uah_per_resident_year_document"] if from_document else row["uah_per_resident_year"]
        assert float(got["per_resident_year"]) == pytest.approx(float(expected), rel=1e-12)
        population = row["population_document"] if from_document else row["population"]
        assert int(got["denominator_population"]) == population
        assert got["denominator_source"] == ("document" if from_document else "official")
        if from_document:
            assert int(got["denominator_line"]) == row["population_document_line"]


@pytest.mark.parametrize("denominator", ["official", "document"])
def test_own_and_external_per_resident_by_hand(queries, communities, denominator):
    summary = queries.community_summary(ids_of(communities), denominator).set_index("community_id")
    for row in communities:
        got = summary.loc[row["community_id"]]
        population = int(got["denominator_population"])
        if row["own_kuah"] + row["external_kuah"] == 0:
            # No amount names its source: the split is unknown, not zero.
            assert got[["own_per_resident_year", "external_per_resident_year"]].isna().all()
            continue
        for column, kuah in (("own_per_resident_year", row["own_kuah"]), ("external_per_resident_year", row["external_kuah"])):
            assert float(got[column]) == pytest.approx(by_hand(kuah, population, row["programme_years"]), rel=1e-12)


@pytest.mark.parametrize("denominator", ["official", "document"])
def test_themes_per_resident_add_up_to_the_summary(queries, communities, denominator):
    """The same definition on the theme breakdown: with no year or theme filter the themes add up
    to the community's figure, with the same population."""
    themes = queries.budget_by_theme(Filters(communities=ids_of(communities), denominator=denominator))
    summary = queries.community_summary(ids_of(communities), denominator).set_index("community_id")
    totals = themes.groupby("community_id")["per_resident_year"].sum()
    for community, total in totals.items():
        assert float(total) == pytest.approx(float(summary.loc[community, "per_resident_year"]), rel=1e-9)


def test_chart_bars_are_the_summary_figures(queries, communities):
    summary = queries.community_summary(ids_of(communities), "official")
    names = {row["community_id"]: row["short_name_uk"] for row in communities}
    lookup = Lookup(lang="uk", community_names=names, community_colours=community_colours(list(names)),
                    ownership_names={"own": "Власні", "external": "Зовнішні"})
    figure = own_external_per_resident(summary, lookup, "Знаменник: Держстат")
    assert [trace.name for trace in figure.data] == ["Власні", "Зовнішні"]
    for trace, column in zip(figure.data, ("own_per_resident_year", "external_per_resident_year"), strict=True):
        assert list(trace.x) == [names[community] for community in summary["community_id"]]
        for value, expected in zip(trace.y, summary[column], strict=True):
            assert (value is None) if expected != expected else value == pytest.approx(float(expected))
    unknown = [names[row["community_id"]] for row in communities if row["own_kuah"] + row["external_kuah"] == 0]
    notes = [note for note in figure.layout.annotations if note.text == "джерела не вказано"]
    assert [figure.data[0].x[int(note.x)] for note in notes] == unknown
    assert "грн" in figure.layout.title.text and len(figure.layout.title.text) <= 40


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_document_population_switch_names_each_fallback(db_path, communities, lang):
    """"As the document states": the page says, per community, where its population comes from,
    and names every community whose document states none instead of changing nothing silently."""
    app = open_page("pages/compare.py", {"cmp": ",".join(ids_of(communities)[:5]), "pop": "document", "lang": lang})
    assert not app.exception, [error.value for error in app.exception]
    shown = [row for row in communities if row["community_id"] in ids_of(communities)[:5]]
    name = (lambda row: row["name_en"]) if lang == "en" else (lambda row: row["short_name_uk"])
    captions = " ".join(caption.value for caption in app.caption)  # as sent: Markdown-escaped
    stating = [row for row in shown if row["population_document"] is not None]
    silent = [row for row in shown if row["population_document"] is None]
    for row in stating:
        assert md(t("compare_population_document", lang, name=name(row), population=format_count(row["population_document"], lang),
                    line=row["population_document_line"])) in captions
    if silent:
        assert md(t("compare_population_fallback", lang, names=", ".join(name(row) for row in silent))) in captions

    figures = app.dataframe[0].value
    metric = t("compare_metric", lang)
    by_metric = figures.set_index(metric)
    source_row = by_metric.loc[t("metric_population_source", lang)]
    for row in stating:
        assert source_row[name(row)] == t("population_from_document", lang, line=row["population_document_line"])
    for row in silent:
        assert source_row[name(row)] == t("population_not_stated", lang)
    own_row = by_metric.loc[t("metric_own_per_resident", lang)]
    for row in shown:
        population = row["population_document"] or row["population"]
        expected = "—" if row["own_kuah"] + row["external_kuah"] == 0 else \
            format_uah(by_hand(row["own_kuah"], population, row["programme_years"]), lang, unit=False)
        assert own_row[name(row)] == expected


def test_official_population_says_where_it_comes_from(db_path, communities):
    app = open_page("pages/compare.py", {"cmp": ",".join(ids_of(communities)[:5])})
    assert not app.exception, [error.value for error in app.exception]
    by_metric = app.dataframe[0].value.set_index(t("compare_metric", "uk"))
    assert set(by_metric.loc[t("metric_population_source", "uk")]) == {t("population_from_official", "uk")}
    fallback_start = t("compare_population_fallback", "uk", names="").split(":")[0]
    assert not any(fallback_start in caption.value for caption in app.caption)
