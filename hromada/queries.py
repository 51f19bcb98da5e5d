"""The query layer: plain functions that take a warehouse handle (``warehouse.Warehouse``) and return
DataFrames. Each runs parameterised SQL; aggregation happens in DuckDB, never in pandas loops.

Nothing here knows about Streamlit: the dashboard caches these functions in ``hromada.app.data``
(keyed by the warehouse file's identity), the pack calls them on the file it was given.
"""
from __future__ import annotations

import pandas as pd

from etl.contract import OWNERSHIPS, SEVERITIES
from hromada.filters import Filters
from hromada.warehouse import Warehouse


def _ids(communities) -> list[str]:
    return list(communities)


def all_communities(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query("""
        SELECT community_id, name_uk, name_en, short_name_uk, oblast_uk, oblast_en, katottg, programme_title_uk,
               programme_title_line, period_start, period_end, population, population_date,
               population_document, population_document_line, area_km2, source_file, source_sha256, layout
        FROM community ORDER BY community_id""")


def all_themes(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query("SELECT * FROM theme ORDER BY sort_order")


def source_classes(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query("SELECT * FROM source_class ORDER BY sort_order")


def year_bounds(warehouse: Warehouse) -> dict:
    row = warehouse.query("""SELECT MIN(period_start) AS first_year, MAX(period_end) AS last_year,
                        MAX(period_end - period_start + 1) AS programme_years FROM community""").iloc[0]
    return {key: int(value) for key, value in row.items()}


def community_summary(warehouse: Warehouse, communities: tuple[str, ...], denominator: str = "official") -> pd.DataFrame:
    """One row per community with the chosen per-resident denominator and where it comes from
    (``denominator_source`` is 'official' where the document states no population of its own).
    Own and external money per resident are unknown (NULL) where no amount names its source."""
    return warehouse.query("""
        SELECT s.*, c.short_name_uk, c.oblast_uk, c.oblast_en, c.programme_title_uk,
               d.population AS denominator_population,
               d.population_source AS denominator_source,
               d.population_line AS denominator_line,
               uah_per_resident_year(s.programme_total_kuah, d.population, s.programme_years) AS per_resident_year,
               CASE WHEN s.own_kuah + s.external_kuah > 0
                    THEN uah_per_resident_year(s.own_kuah, d.population, s.programme_years) END AS own_per_resident_year,
               CASE WHEN s.own_kuah + s.external_kuah > 0
                    THEN uah_per_resident_year(s.external_kuah, d.population, s.programme_years) END
                   AS external_per_resident_year
        FROM mart_community_summary AS s
        JOIN community AS c USING (community_id)
        JOIN mart_denominator AS d ON d.community_id = s.community_id AND d.denominator = ?
        WHERE list_contains(?, s.community_id)
        ORDER BY s.community_id""", [denominator, _ids(communities)])


def _year_window(filters: Filters) -> tuple[str, list]:
    """How many of each community's programme years fall inside the year filter."""
    if not filters.restricts_years:
        return "(c.period_end - c.period_start + 1)", []
    if filters.align == "programme":
        return ("GREATEST(0, LEAST(?, c.period_end - c.period_start + 1) - GREATEST(?, 1) + 1)",
                [filters.year_to, filters.year_from])
    return "GREATEST(0, LEAST(?, c.period_end) - GREATEST(?, c.period_start) + 1)", [filters.year_to, filters.year_from]


def budget_by_theme(warehouse: Warehouse, filters: Filters) -> pd.DataFrame:
    """community × theme: thousand UAH, share of the community's filtered total, UAH per resident per year."""
    years, year_parameters = filters.year_sql()
    themes, theme_parameters = filters.theme_sql()
    window, window_parameters = _year_window(filters)
    return warehouse.query(f"""
        WITH amounts AS (
            SELECT community_id, theme_id, SUM(amount_kuah)::DECIMAL(18, 3) AS amount_kuah,
                   SUM(measure_count) AS measure_rows
            FROM mart_budget_by_theme
            WHERE list_contains(?, community_id) AND {years}
            GROUP BY ALL
        )
        SELECT a.community_id, a.theme_id, a.amount_kuah,
               a.amount_kuah * 100.0 / NULLIF(SUM(a.amount_kuah) OVER (PARTITION BY a.community_id), 0) AS share_pct,
               uah_per_resident_year(a.amount_kuah, d.population, {window}) AS per_resident_year,
               t.sort_order
        FROM amounts AS a JOIN community AS c USING (community_id) JOIN theme AS t USING (theme_id)
        JOIN mart_denominator AS d ON d.community_id = a.community_id AND d.denominator = ?
        WHERE {themes}
        ORDER BY a.community_id, t.sort_order""",
        [_ids(filters.communities), *year_parameters, *window_parameters, filters.denominator, *theme_parameters])


def budget_by_priority(warehouse: Warehouse, filters: Filters) -> pd.DataFrame:
    """community × own top-level direction, as the document names it."""
    years, year_parameters = filters.year_sql()
    window, window_parameters = _year_window(filters)
    return warehouse.query(f"""
        WITH amounts AS (
            SELECT community_id, priority_code, SUM(amount_kuah)::DECIMAL(18, 3) AS amount_kuah
            FROM mart_budget_by_priority
            WHERE list_contains(?, community_id) AND {years}
            GROUP BY ALL
        )
        SELECT a.community_id, a.priority_code, p.name_uk AS priority_name_uk, p.source_line AS priority_line,
               a.amount_kuah,
               a.amount_kuah * 100.0 / NULLIF(SUM(a.amount_kuah) OVER (PARTITION BY a.community_id), 0) AS share_pct,
               uah_per_resident_year(a.amount_kuah, d.population, {window}) AS per_resident_year
        FROM amounts AS a JOIN community AS c USING (community_id)
        JOIN mart_denominator AS d ON d.community_id = a.community_id AND d.denominator = ?
        LEFT JOIN priority AS p ON p.community_id = a.community_id AND p.priority_code = a.priority_code
        ORDER BY a.community_id, a.priority_code NULLS LAST""",
        [_ids(filters.communities), *year_parameters, *window_parameters, filters.denominator])


def measure_amounts(warehouse: Warehouse, filters: Filters) -> pd.DataFrame:
    """Measure-level money for the drill-down: community → own direction → measure."""
    years, year_parameters = filters.year_sql("f.year", "f.programme_year")
    themes, theme_parameters = filters.theme_sql("mt.theme_id")
    return warehouse.query(f"""
        SELECT m.community_id, m.measure_id, m.name_uk AS measure_name_uk, m.source_line,
               COALESCE(p.parent_code, m.priority_code) AS priority_code,
               top.name_uk AS priority_name_uk, mt.theme_id,
               SUM(f.amount_kuah)::DECIMAL(18, 3) AS amount_kuah
        FROM funding AS f
        JOIN measure AS m USING (measure_id)
        JOIN measure_theme AS mt USING (measure_id)
        LEFT JOIN priority AS p ON p.community_id = m.community_id AND p.priority_code = m.priority_code
        LEFT JOIN priority AS top ON top.community_id = m.community_id
             AND top.priority_code = COALESCE(p.parent_code, m.priority_code)
        WHERE list_contains(?, m.community_id) AND {years} AND {themes}
        GROUP BY ALL
        HAVING SUM(f.amount_kuah) > 0
        ORDER BY m.community_id, priority_code NULLS LAST, amount_kuah DESC""",
        [_ids(filters.communities), *year_parameters, *theme_parameters])


def funding_mix(warehouse: Warehouse, filters: Filters, by_year: bool = False) -> pd.DataFrame:
    """Own / external / unspecified money per community (optionally per year), with shares, and whether
    any of it is attributed to a named source (``sources_known``: else the shares are unknown)."""
    years, year_parameters = filters.year_sql()
    year_columns = "year, programme_year," if by_year else ""
    partition = "community_id, year" if by_year else "community_id"
    return warehouse.query(f"""
        WITH amounts AS (
            SELECT community_id, {year_columns} ownership, SUM(amount_kuah)::DECIMAL(18, 3) AS amount_kuah
            FROM mart_funding_mix
            WHERE list_contains(?, community_id) AND {years}
            GROUP BY ALL
        )
        SELECT *, amount_kuah * 100.0 / NULLIF(SUM(amount_kuah) OVER (PARTITION BY {partition}), 0) AS share_pct,
               -- No money attributed to a named source: own and external shares are unknown, not zero.
               COALESCE(SUM(amount_kuah) FILTER (WHERE ownership <> 'unspecified') OVER (PARTITION BY {partition}), 0) > 0
                   AS sources_known
        FROM amounts
        ORDER BY community_id, {year_columns} list_position(?, ownership)""",
        [_ids(filters.communities), *year_parameters, list(OWNERSHIPS)])


def funding_by_class(warehouse: Warehouse, filters: Filters) -> pd.DataFrame:
    years, year_parameters = filters.year_sql()
    return warehouse.query(f"""
        WITH amounts AS (
            SELECT community_id, source_class, ownership, SUM(amount_kuah)::DECIMAL(18, 3) AS amount_kuah
            FROM mart_funding_mix
            WHERE list_contains(?, community_id) AND {years}
            GROUP BY ALL
        )
        SELECT a.*, a.amount_kuah * 100.0 / NULLIF(SUM(a.amount_kuah) OVER (PARTITION BY a.community_id), 0) AS share_pct,
               sc.sort_order
        FROM amounts AS a JOIN source_class AS sc USING (source_class)
        ORDER BY a.community_id, sc.sort_order""",
        [_ids(filters.communities), *year_parameters])


def year_totals(warehouse: Warehouse, filters: Filters) -> pd.DataFrame:
    """Money per community and year (NULL year: amounts the document gives with no year)."""
    years, year_parameters = filters.year_sql()
    return warehouse.query(f"""
        SELECT community_id, year, programme_year, SUM(amount_kuah)::DECIMAL(18, 3) AS amount_kuah
        FROM mart_funding_mix
        WHERE list_contains(?, community_id) AND {years}
        GROUP BY ALL ORDER BY community_id, year NULLS LAST""",
        [_ids(filters.communities), *year_parameters])


def contradictions(warehouse: Warehouse, communities: tuple[str, ...]) -> pd.DataFrame:
    """Every contradiction of the selection (the warehouse's one definition), each root cause first and
    its consequences under it, as Фінансування, Якість даних and the overview all show them."""
    return warehouse.query("""
        SELECT c.issue_id, c.community_id, c.check_id, c.scope, c.message_uk, c.message_en, c.stated, c.computed,
               c.difference, c.source_line, c.year, c.root_issue_id, c.cause_issue_id, c.consequence_count
        FROM contradiction AS c
        JOIN contradiction AS cause ON cause.issue_id = c.cause_issue_id
        WHERE list_contains(?, c.community_id)
        ORDER BY c.community_id, cause.source_line, cause.issue_id, c.root_issue_id IS NOT NULL, c.source_line,
                 c.issue_id""", [_ids(communities)])


def contradiction_coverage(warehouse: Warehouse, communities: tuple[str, ...]) -> pd.DataFrame:
    """Per community: how many stated totals were compared, and its roots and consequences, so that an
    all-clear is only given where there was something to compare."""
    return warehouse.query("""
        SELECT community_id, stated_totals_checked, contradiction_roots, contradiction_consequences, sources_stated
        FROM mart_community_summary WHERE list_contains(?, community_id) ORDER BY community_id""",
        [_ids(communities)])


def indicator_families(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query("""
        SELECT f.family_id, f.theme_id, f.name_uk, f.name_en,
               ANY_VALUE(i.unit_class) AS unit_class,  -- one per family: the build rejects a family mixing units
               COUNT(*) AS members, COUNT(DISTINCT i.community_id) AS communities
        FROM indicator_family AS f
        JOIN indicator_family_member AS m USING (family_id)
        JOIN indicator AS i USING (indicator_id)
        GROUP BY ALL ORDER BY f.family_id""")


def indicator_progress(warehouse: Warehouse, communities: tuple[str, ...], themes: tuple[str, ...] = (),
                       family: str | None = None) -> pd.DataFrame:
    """Indicator × year with baseline, target, level reached and change, for the selection."""
    return warehouse.query("""
        SELECT p.*, i.baseline_text, i.dynamics_text, i.context_uk, f.name_uk AS family_name_uk,
               f.name_en AS family_name_en
        FROM mart_indicator_progress AS p
        JOIN indicator AS i USING (indicator_id)
        LEFT JOIN indicator_family AS f ON f.family_id = p.family_id
        WHERE list_contains(?, p.community_id)
          AND (len(?) = 0 OR list_contains(?, p.theme_id))
          AND (? IS NULL OR p.family_id = ?)
        ORDER BY p.community_id, p.indicator_id, p.year""",
        [_ids(communities), list(themes), list(themes), family, family])


def indicator_counts(warehouse: Warehouse, communities: tuple[str, ...]) -> pd.DataFrame:
    """Per chosen community: how many indicators its programme states, whatever the filters (0 for none)."""
    return warehouse.query("""
        SELECT community_id, indicator_count FROM mart_community_summary
        WHERE list_contains(?, community_id) ORDER BY community_id""", [_ids(communities)])


def measurable_targets(warehouse: Warehouse, communities: tuple[str, ...]) -> pd.DataFrame:
    """Per community: measures, and how many carry a measurable target (an indicator linked to them)."""
    return warehouse.query("""
        SELECT m.community_id,
               COUNT(*) AS measure_count,
               COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM indicator AS i WHERE i.measure_id = m.measure_id))
                   AS with_target,
               COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM indicator AS i WHERE i.measure_id = m.measure_id
                                                AND i.origin = 'appendix')) AS with_appendix_indicator,
               (SELECT COUNT(*) FROM indicator AS i WHERE i.community_id = m.community_id AND i.measure_id IS NULL)
                   AS direction_level_indicators
        FROM measure AS m
        WHERE list_contains(?, m.community_id)
        GROUP BY m.community_id ORDER BY m.community_id""", [_ids(communities)])


def measures(warehouse: Warehouse, filters: Filters, search: str = "") -> pd.DataFrame:
    """Every measure with its money by source class and by year, for the explorer."""
    years, year_parameters = filters.year_sql("f.year", "f.programme_year")
    themes, theme_parameters = filters.theme_sql("mt.theme_id")
    pattern = f"%{search.strip()}%" if search.strip() else None
    return warehouse.query(f"""
        WITH money AS (
            SELECT f.measure_id,
                   SUM(f.amount_kuah) AS total_kuah,
                   SUM(f.amount_kuah) FILTER (WHERE sc.ownership = 'own') AS own_kuah,
                   SUM(f.amount_kuah) FILTER (WHERE sc.ownership = 'external') AS external_kuah,
                   SUM(f.amount_kuah) FILTER (WHERE sc.ownership = 'unspecified') AS unspecified_kuah,
                   string_agg(DISTINCT f.year::VARCHAR, ', ' ORDER BY f.year::VARCHAR) AS funded_years,
                   MIN(f.source_line) AS first_amount_line
            FROM funding AS f JOIN source_class AS sc USING (source_class)
            WHERE {years}
            GROUP BY f.measure_id
        )
        SELECT m.measure_id, m.community_id, m.item_number, m.priority_code, p.name_uk AS priority_name_uk,
               mt.theme_id, m.task_uk, m.name_uk, m.responsible_uk, m.term_uk, m.funding_sources_uk,
               money.funded_years, money.total_kuah::DECIMAL(18, 3) AS total_kuah,
               money.own_kuah::DECIMAL(18, 3) AS own_kuah, money.external_kuah::DECIMAL(18, 3) AS external_kuah,
               money.unspecified_kuah::DECIMAL(18, 3) AS unspecified_kuah,
               m.non_monetary_uk, m.expected_result_uk, m.source_line
        FROM measure AS m
        JOIN measure_theme AS mt USING (measure_id)
        LEFT JOIN priority AS p ON p.community_id = m.community_id AND p.priority_code = m.priority_code
        LEFT JOIN money USING (measure_id)
        WHERE list_contains(?, m.community_id) AND {themes}
          AND (? IS NULL OR m.name_uk ILIKE ? OR m.task_uk ILIKE ? OR m.expected_result_uk ILIKE ?
               OR m.responsible_uk ILIKE ? OR m.measure_id ILIKE ?)
        ORDER BY m.community_id, m.source_line""",
        [*year_parameters, _ids(filters.communities), *theme_parameters, pattern, pattern, pattern, pattern, pattern, pattern])


def measure_funding(warehouse: Warehouse, measure_id: str) -> pd.DataFrame:
    return warehouse.query("""
        SELECT f.year, f.programme_year, f.source_class, f.amount_kuah, f.stated_text, f.source_line
        FROM funding AS f WHERE f.measure_id = ? ORDER BY f.source_line""", [measure_id])


def measure_record(warehouse: Warehouse, measure_id: str) -> pd.DataFrame:
    return warehouse.query("""
        SELECT m.*, GREATEST(m.source_line, COALESCE(m.expected_result_line, 0),
                             COALESCE((SELECT MAX(source_line) FROM funding AS f WHERE f.measure_id = m.measure_id), 0),
                             COALESCE((SELECT MAX(source_line) FROM stated_total AS s WHERE s.measure_id = m.measure_id), 0))
                    AS last_line, p.name_uk AS priority_name_uk
        FROM measure AS m
        LEFT JOIN priority AS p ON p.community_id = m.community_id AND p.priority_code = m.priority_code
        WHERE m.measure_id = ?""", [measure_id])


def measure_issues(warehouse: Warehouse, measure_id: str) -> pd.DataFrame:
    return warehouse.query("""SELECT severity, message_uk, message_en, source_line FROM data_issue
                  WHERE measure_id = ? ORDER BY source_line""", [measure_id])


def document_lines(warehouse: Warehouse, community: str, first: int, last: int) -> pd.DataFrame:
    return warehouse.query("""SELECT line_number, text FROM document_line
                  WHERE community_id = ? AND line_number BETWEEN ? AND ? ORDER BY line_number""",
               [community, first, last])


def document_length(warehouse: Warehouse, community: str) -> int:
    frame = warehouse.query("SELECT MAX(line_number) AS n FROM document_line WHERE community_id = ?", [community])
    return int(frame.iloc[0]["n"] or 0)


def reconciliation(warehouse: Warehouse, communities: tuple[str, ...]) -> pd.DataFrame:
    """Every stated total above the measure level, next to what the measures add up to."""
    return warehouse.query("""
        SELECT r.community_id, r.scope, r.priority_code, r.label_uk, r.source_class, r.year, r.programme_year,
               r.amount_kuah AS stated_kuah, r.stated_text, r.computed_kuah, r.difference_kuah, r.status, r.source_line
        FROM reconciliation AS r
        WHERE r.scope <> 'measure' AND list_contains(?, r.community_id)
        ORDER BY r.community_id, r.source_line, r.programme_year NULLS FIRST, r.source_class""", [_ids(communities)])


def data_issues(warehouse: Warehouse, communities: tuple[str, ...],
                severities: tuple[str, ...] = SEVERITIES) -> pd.DataFrame:
    return warehouse.query("""
        SELECT issue_id, community_id, check_id, severity, message_uk, message_en, stated, computed, source_line,
               measure_id, priority_code, year, scope, contradiction, root_issue_id
        FROM data_issue
        WHERE list_contains(?, community_id) AND list_contains(?, severity)
        ORDER BY community_id, list_position(?, severity), source_line""",
        [_ids(communities), list(severities), list(SEVERITIES)])


def sources(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query("""SELECT community_id, name_uk, name_en, short_name_uk, programme_title_uk, source_file, source_sha256, layout,
                         period_start, period_end FROM community ORDER BY community_id""")


def meta(warehouse: Warehouse, keys: tuple[str, ...]) -> dict[str, str]:
    """The build's own facts (``meta`` table) for the keys asked."""
    frame = warehouse.query("SELECT key, value FROM meta WHERE list_contains(?, key)", [list(keys)])
    return dict(zip(frame["key"], frame["value"], strict=True))
