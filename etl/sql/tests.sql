-- Warehouse tests, in the spirit of dbt: each query returns the rows that break a rule.
-- The build fails, and keeps the previous database, when any returns a row.
-- Each row is (community_id, what broke the rule), so the failure names the document to look at.

-- test: every measure belongs to a known community
SELECT community_id, measure_id FROM measure WHERE community_id NOT IN (SELECT community_id FROM community);

-- test: a measure's direction exists in its community
SELECT community_id, measure_id FROM measure AS m
WHERE priority_code IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM priority AS p WHERE p.community_id = m.community_id AND p.priority_code = m.priority_code);

-- test: funding rows point at measures and known source classes
SELECT m.community_id, f.measure_id FROM funding AS f LEFT JOIN measure AS m USING (measure_id)
WHERE m.measure_id IS NULL
   OR f.source_class NOT IN (SELECT source_class FROM source_class);

-- test: funding year and programme year are both set or both NULL
SELECT m.community_id, f.measure_id FROM funding AS f LEFT JOIN measure AS m USING (measure_id)
WHERE (f.year IS NULL) <> (f.programme_year IS NULL);

-- test: stated totals point at known measures, directions and classes
SELECT community_id, stated_total_id FROM stated_total AS s
WHERE (measure_id IS NOT NULL AND measure_id NOT IN (SELECT measure_id FROM measure))
   OR (source_class <> 'all' AND source_class NOT IN (SELECT source_class FROM source_class))
   OR (scope = 'priority' AND NOT EXISTS (
        SELECT 1 FROM priority AS p WHERE p.community_id = s.community_id AND p.priority_code = s.priority_code));

-- test: indicators point at known measures and directions; targets at known indicators
SELECT community_id, indicator_id FROM indicator AS i
WHERE (measure_id IS NOT NULL AND measure_id NOT IN (SELECT measure_id FROM measure))
   OR (priority_code IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM priority AS p WHERE p.community_id = i.community_id AND p.priority_code = i.priority_code))
UNION ALL
SELECT NULL, indicator_id FROM indicator_target WHERE indicator_id NOT IN (SELECT indicator_id FROM indicator);

-- test: every source line points at a real line of its document
SELECT community_id, 'measure ' || measure_id FROM measure AS m
WHERE NOT EXISTS (SELECT 1 FROM document_line AS d WHERE d.community_id = m.community_id AND d.line_number = m.source_line)
UNION ALL
SELECT m.community_id, 'funding ' || f.measure_id FROM funding AS f JOIN measure AS m USING (measure_id)
WHERE NOT EXISTS (SELECT 1 FROM document_line AS d WHERE d.community_id = m.community_id AND d.line_number = f.source_line)
UNION ALL
SELECT community_id, 'stated_total ' || stated_total_id FROM stated_total AS s
WHERE NOT EXISTS (SELECT 1 FROM document_line AS d WHERE d.community_id = s.community_id AND d.line_number = s.source_line)
UNION ALL
SELECT community_id, 'indicator ' || indicator_id FROM indicator AS i
WHERE NOT EXISTS (SELECT 1 FROM document_line AS d WHERE d.community_id = i.community_id AND d.line_number = i.source_line)
UNION ALL
SELECT community_id, 'priority ' || priority_code FROM priority AS p
WHERE NOT EXISTS (SELECT 1 FROM document_line AS d WHERE d.community_id = p.community_id AND d.line_number = p.source_line);

-- test: every measure and every direction has exactly one known theme
SELECT community_id, measure_id FROM measure WHERE measure_id NOT IN (SELECT measure_id FROM measure_theme)
UNION ALL
SELECT m.community_id, t.measure_id FROM measure_theme AS t LEFT JOIN measure AS m USING (measure_id)
WHERE t.theme_id NOT IN (SELECT theme_id FROM theme)
UNION ALL
SELECT community_id, community_id || ':' || priority_code FROM priority AS p
WHERE NOT EXISTS (SELECT 1 FROM priority_theme AS t
                  WHERE t.community_id = p.community_id AND t.priority_code = p.priority_code);

-- test: family members are known indicators of known families
SELECT i.community_id, member.indicator_id FROM indicator_family_member AS member
LEFT JOIN indicator AS i USING (indicator_id)
WHERE i.indicator_id IS NULL
   OR member.family_id NOT IN (SELECT family_id FROM indicator_family);

-- test: every indicator has a reviewed reading, and a family's members share unit class and quantity
SELECT community_id, indicator_id FROM indicator WHERE indicator_id NOT IN (SELECT indicator_id FROM indicator_reading)
UNION ALL
SELECT MIN(i.community_id), member.family_id FROM indicator_family_member AS member
JOIN indicator AS i USING (indicator_id) JOIN indicator_reading AS r USING (indicator_id)
GROUP BY member.family_id
HAVING COUNT(DISTINCT i.unit_class) > 1 OR COUNT(DISTINCT r.quantity) > 1;

-- test: change is in points only for percentages, a ratio only over a positive baseline
SELECT community_id, indicator_id FROM mart_indicator_progress
WHERE (change_measure = 'points') <> (unit_class = 'percent')
   OR (change_measure = 'ratio' AND NOT baseline_value > 0)
   OR (change_measure IS NOT NULL AND baseline_value IS NOT NULL AND final_target_value IS NOT NULL
       AND final_change IS NULL);

-- test: every indicator has a theme
SELECT i.community_id, t.indicator_id FROM indicator_theme AS t JOIN indicator AS i USING (indicator_id)
WHERE t.theme_id IS NULL;

-- test: budget by theme and by own direction each add up to the funding, exactly, per community
WITH funded AS (
    SELECT m.community_id, SUM(f.amount_kuah) AS amount FROM funding AS f JOIN measure AS m USING (measure_id)
    GROUP BY m.community_id
), marts AS (
    SELECT 'mart_budget_by_theme' AS mart, community_id, SUM(amount_kuah) AS amount FROM mart_budget_by_theme
    GROUP BY community_id
    UNION ALL
    SELECT 'mart_budget_by_priority', community_id, SUM(amount_kuah) FROM mart_budget_by_priority GROUP BY community_id
), communities AS (
    SELECT community_id FROM funded UNION SELECT community_id FROM marts
)
SELECT c.community_id, mart.name || ' ' || c.community_id
FROM communities AS c
CROSS JOIN (VALUES ('mart_budget_by_theme'), ('mart_budget_by_priority')) AS mart(name)
LEFT JOIN funded ON funded.community_id = c.community_id
LEFT JOIN marts ON marts.community_id = c.community_id AND marts.mart = mart.name
WHERE funded.amount IS DISTINCT FROM marts.amount;

-- test: funding-mix shares add up to 100 % for every community and year
SELECT community_id, year FROM mart_funding_mix
GROUP BY community_id, year
HAVING SUM(amount_kuah) > 0 AND abs(SUM(share_of_year_pct) - 100) > 1e-9;

-- test: the community summary's total is the funding total
SELECT s.community_id, s.community_id FROM mart_community_summary AS s
LEFT JOIN (SELECT m.community_id, SUM(f.amount_kuah) AS amount FROM funding AS f JOIN measure AS m USING (measure_id)
           GROUP BY m.community_id) AS funded USING (community_id)
WHERE s.programme_total_kuah IS DISTINCT FROM COALESCE(funded.amount, 0);

-- test: a contradiction has both figures and they differ
SELECT community_id, issue_id FROM data_issue
WHERE contradiction AND (stated IS NULL OR computed IS NULL OR stated = computed);

-- test: a consequence names a root contradiction of its own community, one level deep
SELECT d.community_id, d.issue_id FROM data_issue AS d
LEFT JOIN data_issue AS root ON root.issue_id = d.root_issue_id
WHERE d.root_issue_id IS NOT NULL
  AND (root.issue_id IS NULL OR NOT d.contradiction OR NOT root.contradiction
       OR root.community_id <> d.community_id OR root.root_issue_id IS NOT NULL);

-- test: own and external shares are unknown exactly when no money is attributed to a named source
SELECT community_id, community_id FROM mart_community_summary
WHERE sources_stated <> (own_kuah + external_kuah > 0)
   OR (own_share_pct IS NULL) = sources_stated;
