-- Marts: the business tables the dashboard pages query. Each states its grain.

-- Theme of each indicator: its family's theme, else its measure's, else its direction's.
-- grain: one row per indicator
CREATE TABLE indicator_theme AS
SELECT
    i.indicator_id,
    COALESCE(fam.theme_id, mt.theme_id, pt.theme_id) AS theme_id,
    fam.family_id
FROM indicator AS i
LEFT JOIN (
    SELECT member.indicator_id, member.family_id, family.theme_id
    FROM indicator_family_member AS member JOIN indicator_family AS family USING (family_id)
) AS fam USING (indicator_id)
LEFT JOIN measure_theme AS mt ON mt.measure_id = i.measure_id
LEFT JOIN priority_theme AS pt ON pt.community_id = i.community_id AND pt.priority_code = i.priority_code;

-- Every funding cell with what the budget marts group it by: its measure's theme and top-level
-- direction, and its source class's ownership. A build-time helper (TEMP: not kept in the file).
CREATE TEMP MACRO funding_cell() AS TABLE
SELECT
    m.community_id,
    mt.theme_id,
    COALESCE(p.parent_code, m.priority_code) AS top_priority_code,
    f.measure_id,
    f.year,
    f.programme_year,
    sc.ownership,
    f.amount_kuah
FROM funding AS f
JOIN measure AS m USING (measure_id)
LEFT JOIN measure_theme AS mt USING (measure_id)
LEFT JOIN priority AS p ON p.community_id = m.community_id AND p.priority_code = m.priority_code
JOIN source_class AS sc USING (source_class);

-- grain: community × theme × year × ownership (year NULL: amounts the document gives with no year)
CREATE TABLE mart_budget_by_theme AS
SELECT community_id, theme_id, year, programme_year, ownership,
       SUM(amount_kuah)::DECIMAL(18, 3) AS amount_kuah, COUNT(DISTINCT measure_id) AS measure_count
FROM funding_cell()
WHERE theme_id IS NOT NULL  -- a measure without a theme row (the build refuses one) has no theme to count under
GROUP BY ALL;

-- grain: community × own direction (top level) × year × ownership
CREATE TABLE mart_budget_by_priority AS
SELECT community_id, top_priority_code AS priority_code, year, programme_year, ownership,
       SUM(amount_kuah)::DECIMAL(18, 3) AS amount_kuah, COUNT(DISTINCT measure_id) AS measure_count
FROM funding_cell()
GROUP BY ALL;

-- grain: community × year × source_class × ownership; shares are percent of the community's year
-- and of its whole programme
CREATE TABLE mart_funding_mix AS
WITH amounts AS (
    SELECT m.community_id, f.year, f.programme_year, f.source_class, sc.ownership,
           SUM(f.amount_kuah)::DECIMAL(18, 3) AS amount_kuah
    FROM funding AS f
    JOIN measure AS m USING (measure_id)
    JOIN source_class AS sc USING (source_class)
    GROUP BY ALL
)
SELECT
    *,
    CASE WHEN SUM(amount_kuah) OVER year_window = 0 THEN NULL
         ELSE amount_kuah::DECIMAL(38, 3) * 100.0 / SUM(amount_kuah) OVER year_window END AS share_of_year_pct,
    CASE WHEN SUM(amount_kuah) OVER programme_window = 0 THEN NULL
         ELSE amount_kuah::DECIMAL(38, 3) * 100.0 / SUM(amount_kuah) OVER programme_window END AS share_of_programme_pct
FROM amounts
WINDOW year_window AS (PARTITION BY community_id, year),
       programme_window AS (PARTITION BY community_id);

-- grain: indicator × target year
-- Change is defined here once, in the measure that fits the unit: percentage points for a
-- percentage (4 → 100 % is +96 points, not +2 400 %), the final target over the baseline for a
-- count (×4,5), or the absolute change where a count starts from 0. ``direction`` says whether
-- the final target moves the way the reviewed polarity calls good.
CREATE TABLE mart_indicator_progress AS
WITH measured AS (
    SELECT
        i.*,
        r.quantity,
        r.polarity,
        CASE WHEN i.unit_class = 'percent' THEN 'points'
             WHEN i.unit_class = 'count' AND i.baseline_value = 0 THEN 'absolute'
             WHEN i.unit_class = 'count' AND i.baseline_value > 0 THEN 'ratio' END AS change_measure,
        SIGN(i.final_target_value - i.baseline_value) * CASE r.polarity WHEN 'lower_is_better' THEN -1 ELSE 1 END
            AS good_sign,
        (SELECT MAX(year) FROM indicator_target AS last
         WHERE last.indicator_id = i.indicator_id AND last.target_value IS NOT NULL) AS final_target_year
    FROM indicator AS i
    JOIN indicator_reading AS r USING (indicator_id)
)
SELECT
    i.indicator_id,
    i.community_id,
    i.priority_code,
    i.measure_id,
    i.name_uk,
    i.unit,
    i.unit_class,
    i.quantity,
    i.polarity,
    i.origin,
    i.target_semantics,
    it.theme_id,
    it.family_id,
    t.year,
    t.year - c.period_start + 1 AS programme_year,
    i.baseline_value,
    t.target_value,
    t.target_text,
    -- The level reached by that year: the target itself, or baseline plus the additions so far.
    CASE WHEN i.target_semantics = 'increment'
         THEN COALESCE(i.baseline_value, 0) + SUM(COALESCE(t.target_value, 0)) OVER (
              PARTITION BY i.indicator_id ORDER BY t.year ROWS UNBOUNDED PRECEDING)
         ELSE t.target_value END AS level_value,
    i.final_target_value,
    i.final_target_year,
    i.final_target_year - c.period_start + 1 AS final_target_programme_year,
    level_value - i.baseline_value AS change_abs,
    i.final_target_value - i.baseline_value AS final_change_abs,
    i.change_measure,
    CASE i.change_measure
         WHEN 'ratio' THEN ROUND(i.final_target_value / i.baseline_value, 4)
         WHEN 'points' THEN i.final_target_value - i.baseline_value
         WHEN 'absolute' THEN i.final_target_value - i.baseline_value END::DECIMAL(38, 4) AS final_change,
    CASE WHEN i.good_sign > 0 THEN 'improves' WHEN i.good_sign < 0 THEN 'worsens'
         WHEN i.good_sign = 0 THEN 'unchanged' END AS direction,
    i.source_line
FROM measured AS i
JOIN indicator_target AS t USING (indicator_id)
JOIN community AS c USING (community_id)
JOIN indicator_theme AS it USING (indicator_id);

-- Money per resident per year, the one definition every per-resident figure uses (the summary
-- below and the dashboard's queries): thousand UAH × 1000 / residents / years; NULL, not an
-- error, when either divisor is 0.
CREATE MACRO uah_per_resident_year(amount_kuah, residents, years) AS
    amount_kuah::DECIMAL(38, 3) * 1000.0 / NULLIF(residents, 0) / NULLIF(years, 0);

-- The population a per-resident figure divides by, for each position of the population switch.
-- 'document' takes the document's own figure where it states one; where it states none the
-- official figure stands in, and population_source says so (the page names those communities).
-- grain: community × denominator ('official', 'document')
CREATE TABLE mart_denominator AS
WITH choice AS (
    SELECT c.community_id, d.denominator,
           d.denominator = 'document' AND c.population_document IS NOT NULL AS from_document,
           c.population, c.population_document, c.population_document_line
    FROM community AS c CROSS JOIN (VALUES ('official'), ('document')) AS d(denominator)
)
SELECT community_id, denominator,
       CASE WHEN from_document THEN population_document ELSE population END AS population,
       CASE WHEN from_document THEN 'document' ELSE 'official' END AS population_source,
       CASE WHEN from_document THEN population_document_line END AS population_line
FROM choice;

-- grain: one row per community
CREATE TABLE mart_community_summary AS
WITH money AS (
    SELECT m.community_id,
           SUM(f.amount_kuah)::DECIMAL(18, 3) AS total_kuah,
           SUM(f.amount_kuah) FILTER (WHERE sc.ownership = 'own')::DECIMAL(18, 3) AS own_kuah,
           SUM(f.amount_kuah) FILTER (WHERE sc.ownership = 'external')::DECIMAL(18, 3) AS external_kuah,
           SUM(f.amount_kuah) FILTER (WHERE sc.ownership = 'unspecified')::DECIMAL(18, 3) AS unspecified_kuah
    FROM funding AS f JOIN measure AS m USING (measure_id) JOIN source_class AS sc USING (source_class)
    GROUP BY m.community_id
), measures AS (
    SELECT m.community_id,
           COUNT(*) AS measure_count,
           COUNT(*) FILTER (WHERE money.amount > 0) AS measures_with_money
    FROM measure AS m
    LEFT JOIN (SELECT measure_id, SUM(amount_kuah) AS amount FROM funding GROUP BY measure_id) AS money
        USING (measure_id)
    GROUP BY m.community_id
), indicators AS (
    SELECT community_id, COUNT(*) AS indicator_count,
           COUNT(*) FILTER (WHERE origin = 'appendix') AS appendix_indicator_count
    FROM indicator GROUP BY community_id
), issues AS (
    SELECT community_id,
           COUNT(*) FILTER (WHERE severity = 'error') AS issues_error,
           COUNT(*) FILTER (WHERE severity = 'warning') AS issues_warning,
           COUNT(*) FILTER (WHERE severity = 'info') AS issues_info,
           COUNT(*) FILTER (WHERE contradiction AND root_issue_id IS NULL) AS contradiction_roots,
           COUNT(*) FILTER (WHERE contradiction AND root_issue_id IS NOT NULL) AS contradiction_consequences
    FROM data_issue GROUP BY community_id
), stated AS (
    SELECT community_id, amount_kuah AS stated_total_kuah, source_line AS stated_total_line
    FROM stated_total
    WHERE scope = 'programme' AND source_class = 'all' AND year IS NULL
    QUALIFY ROW_NUMBER() OVER (PARTITION BY community_id ORDER BY source_line) = 1
)
SELECT
    c.community_id,
    c.name_uk,
    c.name_en,
    c.period_start,
    c.period_end,
    c.period_end - c.period_start + 1 AS programme_years,
    COALESCE(money.total_kuah, 0)::DECIMAL(18, 3) AS programme_total_kuah,
    (COALESCE(money.total_kuah, 0) / (c.period_end - c.period_start + 1))::DECIMAL(18, 3) AS annual_average_kuah,
    c.population,
    c.population_date,
    c.population_document,
    uah_per_resident_year(COALESCE(money.total_kuah, 0), c.population, c.period_end - c.period_start + 1)
        AS uah_per_resident_year,
    CASE WHEN c.population_document IS NOT NULL
         THEN uah_per_resident_year(COALESCE(money.total_kuah, 0), c.population_document, c.period_end - c.period_start + 1)
    END AS uah_per_resident_year_document,
    COALESCE(money.own_kuah, 0)::DECIMAL(18, 3) AS own_kuah,
    COALESCE(money.external_kuah, 0)::DECIMAL(18, 3) AS external_kuah,
    COALESCE(money.unspecified_kuah, 0)::DECIMAL(18, 3) AS unspecified_kuah,
    -- No money attributed to any named source: own and external shares are unknown, not zero.
    COALESCE(money.own_kuah, 0) + COALESCE(money.external_kuah, 0) > 0 AS sources_stated,
    CASE WHEN sources_stated THEN COALESCE(money.own_kuah, 0)::DECIMAL(38, 3) * 100.0 / money.total_kuah END AS own_share_pct,
    CASE WHEN sources_stated THEN COALESCE(money.external_kuah, 0)::DECIMAL(38, 3) * 100.0 / money.total_kuah END
        AS external_share_pct,
    CASE WHEN money.total_kuah > 0 THEN COALESCE(money.unspecified_kuah, 0)::DECIMAL(38, 3) * 100.0 / money.total_kuah END
        AS unspecified_share_pct,
    stated.stated_total_kuah,
    stated.stated_total_line,
    COALESCE(measures.measure_count, 0) AS measure_count,
    COALESCE(measures.measures_with_money, 0) AS measures_with_money,
    COALESCE(indicators.indicator_count, 0) AS indicator_count,
    COALESCE(indicators.appendix_indicator_count, 0) AS appendix_indicator_count,
    COALESCE(issues.issues_error, 0) AS issues_error,
    COALESCE(issues.issues_warning, 0) AS issues_warning,
    COALESCE(issues.issues_info, 0) AS issues_info,
    COALESCE(issues.contradiction_roots, 0) AS contradiction_roots,
    COALESCE(issues.contradiction_consequences, 0) AS contradiction_consequences,
    -- Stated totals above the measures that hold a figure: an all-clear needs something to compare.
    (SELECT COUNT(*) FROM stated_total AS s
     WHERE s.community_id = c.community_id AND s.scope <> 'measure' AND s.amount_kuah IS NOT NULL) AS stated_totals_checked
FROM community AS c
LEFT JOIN money USING (community_id)
LEFT JOIN measures USING (community_id)
LEFT JOIN indicators USING (community_id)
LEFT JOIN issues USING (community_id)
LEFT JOIN stated USING (community_id);

-- The one definition of a contradiction every page reads: a figure the document states that its own
-- other figures do not add up to (etl/checks.py CONTRADICTION_CHECKS), with the finding it follows from.
-- grain: one row per contradicting finding
CREATE TABLE contradiction AS
SELECT
    d.issue_id, d.community_id, d.check_id, d.scope, d.message_uk, d.message_en, d.stated, d.computed,
    d.stated - d.computed AS difference, d.source_line, d.measure_id, d.priority_code, d.year,
    d.root_issue_id,
    COALESCE(d.root_issue_id, d.issue_id) AS cause_issue_id,
    (SELECT COUNT(*) FROM data_issue AS c WHERE c.root_issue_id = d.issue_id) AS consequence_count
FROM data_issue AS d
WHERE d.contradiction;
