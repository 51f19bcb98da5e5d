-- reconciliation: every stated total next to what the measures' funding adds up to.
-- grain: one row per stated_total row.
-- The computed figure uses the same filters as the statement: its community; its measure or
-- direction (sub-directions included); its source class ('all' = any); its year column, matched by
-- programme year so that an appendix that labels its stages with other years is still compared
-- stage by stage. The total column (year NULL) includes amounts the document gives with no year.
CREATE TABLE reconciliation AS
SELECT
    s.*,
    computed.amount AS computed_kuah,
    s.amount_kuah - computed.amount AS difference_kuah,
    CASE
        WHEN s.amount_kuah IS NULL THEN 'blank'
        WHEN s.amount_kuah = computed.amount THEN 'agrees'
        ELSE 'differs'
    END AS status
FROM stated_total AS s,
LATERAL (
    SELECT COALESCE(SUM(f.amount_kuah), 0)::DECIMAL(18, 3) AS amount
    FROM funding AS f
    JOIN measure AS m USING (measure_id)
    WHERE m.community_id = s.community_id
      AND (s.measure_id IS NULL OR f.measure_id = s.measure_id)
      AND (s.scope <> 'priority' OR m.priority_code = s.priority_code
           OR starts_with(m.priority_code, s.priority_code || '.'))
      AND (s.source_class = 'all' OR f.source_class = s.source_class)
      AND (s.programme_year IS NULL OR f.programme_year = s.programme_year)
) AS computed;
