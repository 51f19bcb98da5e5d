-- Warehouse schema. Grain and keys are stated per table; etl/sql/tests.sql checks them.
-- Money is thousand UAH as DECIMAL(18,3): exact to the hryvnia.

-- grain: one row per setting of the build
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

-- grain: one row per funding source class
CREATE TABLE source_class (
    source_class VARCHAR PRIMARY KEY,
    name_uk VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    ownership VARCHAR NOT NULL CHECK (ownership IN ('own', 'external', 'unspecified')),
    sort_order INTEGER NOT NULL
);

-- grain: one row per community (and its one programme document)
CREATE TABLE community (
    community_id VARCHAR PRIMARY KEY,
    name_uk VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    short_name_uk VARCHAR NOT NULL,  -- "Іллінецька МТГ", for charts and cards
    oblast_uk VARCHAR NOT NULL,
    oblast_en VARCHAR NOT NULL,
    katottg VARCHAR NOT NULL,
    centre_katottg VARCHAR,
    programme_title_uk VARCHAR NOT NULL,
    programme_title_line INTEGER NOT NULL,
    period_start INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    population INTEGER NOT NULL,
    population_date DATE NOT NULL,
    population_document INTEGER,
    population_document_line INTEGER,
    area_km2 DECIMAL(10, 1) NOT NULL,
    katottg_document VARCHAR,
    katottg_document_line INTEGER,
    money_unit VARCHAR NOT NULL,
    layout VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_origin VARCHAR
);

-- grain: one row per line of each raw document (the source viewer reads it)
CREATE TABLE document_line (
    community_id VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    PRIMARY KEY (community_id, line_number)
);

-- grain: one row per priority direction (or sub-direction) as the document writes it
CREATE TABLE priority (
    community_id VARCHAR NOT NULL,
    priority_code VARCHAR NOT NULL,
    name_uk VARCHAR NOT NULL,
    level INTEGER NOT NULL,
    parent_code VARCHAR,
    source_line INTEGER NOT NULL,
    PRIMARY KEY (community_id, priority_code)
);

-- grain: one row per measure (project or work) of the task appendix
CREATE TABLE measure (
    measure_id VARCHAR PRIMARY KEY,
    community_id VARCHAR NOT NULL,
    priority_code VARCHAR,
    item_number VARCHAR,
    task_uk VARCHAR,
    name_uk VARCHAR NOT NULL,
    responsible_uk VARCHAR,
    term_uk VARCHAR,
    term_start INTEGER,
    term_end INTEGER,
    funding_sources_uk VARCHAR,
    non_monetary_uk VARCHAR,
    expected_result_uk VARCHAR,
    expected_result_line INTEGER,
    source_line INTEGER NOT NULL
);

-- grain: one row per measure, year and funding source class (year NULL: amount with no year)
CREATE TABLE funding (
    measure_id VARCHAR NOT NULL,
    year INTEGER,
    programme_year INTEGER,
    source_class VARCHAR NOT NULL,
    amount_kuah DECIMAL(18, 3) NOT NULL,
    stated_text VARCHAR NOT NULL,
    source_line INTEGER NOT NULL
);

-- grain: one row per figure the document states as a total (year NULL: the "total" column)
CREATE TABLE stated_total (
    stated_total_id INTEGER PRIMARY KEY,
    community_id VARCHAR NOT NULL,
    scope VARCHAR NOT NULL CHECK (scope IN ('measure', 'priority', 'programme', 'passport', 'resources')),
    priority_code VARCHAR,
    measure_id VARCHAR,
    year INTEGER,
    programme_year INTEGER,
    source_class VARCHAR NOT NULL,
    amount_kuah DECIMAL(18, 3),
    stated_text VARCHAR,
    label_uk VARCHAR NOT NULL,
    source_line INTEGER NOT NULL
);

-- grain: one row per indicator
CREATE TABLE indicator (
    indicator_id VARCHAR PRIMARY KEY,
    community_id VARCHAR NOT NULL,
    priority_code VARCHAR,
    measure_id VARCHAR,
    item_number VARCHAR,
    name_uk VARCHAR NOT NULL,
    unit VARCHAR,
    unit_class VARCHAR NOT NULL CHECK (unit_class IN ('percent', 'count', 'yes_no')),
    baseline_value DECIMAL(18, 4),
    baseline_text VARCHAR,
    final_target_value DECIMAL(18, 4),
    target_semantics VARCHAR NOT NULL CHECK (target_semantics IN ('cumulative', 'increment')),
    dynamics_text VARCHAR,
    origin VARCHAR NOT NULL CHECK (origin IN ('appendix', 'expected_result')),
    context_uk VARCHAR,
    source_line INTEGER NOT NULL
);

-- grain: one row per indicator and target year
CREATE TABLE indicator_target (
    indicator_id VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    target_value DECIMAL(18, 4),
    target_text VARCHAR,
    PRIMARY KEY (indicator_id, year)
);

-- grain: one row per finding of a check
CREATE TABLE data_issue (
    issue_id VARCHAR PRIMARY KEY,
    community_id VARCHAR NOT NULL,
    check_id VARCHAR NOT NULL,
    severity VARCHAR NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    message_uk VARCHAR NOT NULL,
    message_en VARCHAR NOT NULL,
    stated DECIMAL(18, 4),
    computed DECIMAL(18, 4),
    source_line INTEGER,
    measure_id VARCHAR,
    priority_code VARCHAR,
    year INTEGER,
    scope VARCHAR,                -- where the stated figure is: measure, priority, programme, passport, resources
    contradiction BOOLEAN NOT NULL,  -- a stated figure against one computed from the document (checks.CONTRADICTION_CHECKS)
    root_issue_id VARCHAR         -- the contradiction this one follows from (checks.root_causes); NULL for a root
);

-- grain: one row per harmonized theme
CREATE TABLE theme (
    theme_id VARCHAR PRIMARY KEY,
    name_uk VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    description_uk VARCHAR NOT NULL,
    description_en VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);

-- grain: one row per community priority direction
CREATE TABLE priority_theme (
    community_id VARCHAR NOT NULL,
    priority_code VARCHAR NOT NULL,
    theme_id VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    PRIMARY KEY (community_id, priority_code)
);

-- grain: one row per measure
CREATE TABLE measure_theme (
    measure_id VARCHAR PRIMARY KEY,
    theme_id VARCHAR NOT NULL,
    reason VARCHAR NOT NULL
);

-- grain: one row per indicator family
CREATE TABLE indicator_family (
    family_id VARCHAR PRIMARY KEY,
    theme_id VARCHAR NOT NULL,
    name_uk VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL
);

-- grain: one row per indicator that belongs to a family
CREATE TABLE indicator_family_member (
    indicator_id VARCHAR PRIMARY KEY,
    family_id VARCHAR NOT NULL,
    reason VARCHAR NOT NULL
);

-- grain: one row per indicator: what its number measures (share, completion, count, status) and
-- whether up is good, from the reviewed data/mappings/indicator_polarity.csv
CREATE TABLE indicator_reading (
    indicator_id VARCHAR PRIMARY KEY,
    quantity VARCHAR NOT NULL,
    polarity VARCHAR NOT NULL,
    reason VARCHAR NOT NULL
);
