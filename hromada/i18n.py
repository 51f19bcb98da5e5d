"""Interface text in Ukrainian (first) and English. ``t(key, lang, **values)`` picks one."""
from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    # Frame and navigation
    "app_title": {"uk": "Програми інформатизації громад", "en": "Community informatization programmes"},
    "page_overview": {"uk": "Огляд", "en": "Overview"},
    "page_priorities": {"uk": "Пріоритети", "en": "Budget by priority"},
    "page_funding": {"uk": "Фінансування", "en": "Funding mix"},
    "page_indicators": {"uk": "Індикатори", "en": "Indicators"},
    "page_measures": {"uk": "Заходи", "en": "Measures explorer"},
    "page_compare": {"uk": "Порівняння", "en": "Compare"},
    "page_quality": {"uk": "Якість даних", "en": "Data quality and sources"},
    "page_methodology": {"uk": "Методологія", "en": "Methodology"},
    "building_db": {"uk": "Будуємо базу даних з документів програм…", "en": "Building the database from the programme documents…"},
    "db_missing": {"uk": "Базу даних ще не побудовано — будуємо її з документів програм.",
                   "en": "The database has not been built yet — building it from the programme documents."},
    "db_old": {"uk": "Базу даних побудовано старішою версією програми — перебудовуємо її.",
               "en": "The database was built by an older version — rebuilding it."},
    "db_failed": {"uk": "Базу даних не вдалося побудувати з документів. Виправте помилку, названу нижче (файл і "
                        "рядок), і оновіть сторінку: панель збере базу знову.",
                  "en": "The database could not be built from the documents. Fix the error named below (file and line) and "
                        "reload the page: the dashboard builds it again."},
    "db_built": {"uk": "Базу даних побудовано.", "en": "The database was built."},
    "db_unreadable": {"uk": "Файл бази даних пошкоджений або не читається (порожній, обрізаний чи це не база "
                            "DuckDB) — будуємо його заново з документів програм.",
                      "en": "The database file is damaged or unreadable (empty, truncated or not a DuckDB "
                            "database) — rebuilding it from the programme documents."},
    "db_incomplete": {"uk": "У базі даних бракує таблиць, які читає панель (збірку не завершено) — будуємо її "
                            "заново з документів програм.",
                      "en": "The database lacks tables the dashboard reads (an unfinished build) — rebuilding it "
                            "from the programme documents."},
    "page_failed": {"uk": "Не вдалося показати цю сторінку через внутрішню помилку; подробиці записано в журнал "
                          "сервера. Оновіть сторінку в браузері. Якщо помилка повторюється, відкрийте вигляд без "
                          "фільтрів за посиланням нижче.",
                    "en": "This page could not be shown because of an internal error; the details are in the "
                          "server log. Reload the page in your browser. If the error comes back, open the view "
                          "without filters with the link below."},
    "page_failed_reset": {"uk": "Відкрити сторінку без фільтрів", "en": "Open the page without filters"},
    # Sidebar filters
    "language": {"uk": "Мова / Language", "en": "Мова / Language"},
    "communities": {"uk": "Громади", "en": "Communities"},
    "align": {"uk": "Роки", "en": "Years"},
    "align_calendar": {"uk": "Календарні роки", "en": "Calendar years"},
    "align_programme": {"uk": "Рік програми (1–3)", "en": "Programme year (1–3)"},
    "align_help": {"uk": "Якушинці мають програму на 2023–2025, інші — на 2026–2028. «Рік програми» порівнює перший рік з першим.",
                   "en": "Yakushyntsi's programme covers 2023–2025, the others 2026–2028. “Programme year” compares year 1 with year 1."},
    "year_range": {"uk": "Діапазон років", "en": "Year range"},
    "programme_year_range": {"uk": "Роки програми", "en": "Programme years"},
    "themes": {"uk": "Теми", "en": "Themes"},
    "themes_help": {"uk": "Порожній вибір — усі теми.", "en": "An empty selection means every theme."},
    "denominator": {"uk": "Населення для розрахунку на мешканця", "en": "Population used per resident"},
    "denominator_official": {"uk": "Держстат, 1.01.2022", "en": "State statistics, 1 Jan 2022"},
    "denominator_document": {"uk": "Як у документі програми", "en": "As the programme document states"},
    "share_link": {"uk": "Посилання на цей вигляд: скопіюйте адресу сторінки — фільтри збережено в ній.",
                   "en": "Link to this view: copy the page address — the filters are saved in it."},
    # Common words
    "community": {"uk": "Громада", "en": "Community"},
    "theme": {"uk": "Тема", "en": "Theme"},
    "direction": {"uk": "Напрям (як у документі)", "en": "Direction (as written)"},
    "year": {"uk": "Рік", "en": "Year"},
    "period": {"uk": "Період", "en": "Period"},
    "total_kuah": {"uk": "Сума, тис. грн", "en": "Total, thousand UAH"},
    "amount_kuah": {"uk": "Сума, тис. грн", "en": "Amount, thousand UAH"},
    "share_pct": {"uk": "Частка, %", "en": "Share, %"},
    "per_resident": {"uk": "грн на мешканця на рік", "en": "UAH per resident per year"},
    "own_share": {"uk": "Власні кошти", "en": "Own funding"},
    "measures": {"uk": "Заходи", "en": "Measures"},
    "measures_with_money": {"uk": "заходів із сумами", "en": "measures with money"},
    "indicators": {"uk": "Індикатори", "en": "Indicators"},
    "issues": {"uk": "Проблеми даних", "en": "Data issues"},
    "source_line": {"uk": "Рядок джерела", "en": "Source line"},
    "source_line_n": {"uk": "джерело: рядок {line}", "en": "source: line {line}"},
    "line_n": {"uk": "рядок {line}", "en": "line {line}"},
    "download_csv": {"uk": "CSV", "en": "CSV"},
    "download_xlsx": {"uk": "XLSX", "en": "XLSX"},
    "download_label": {"uk": "Завантажити таблицю", "en": "Download the table"},
    # Downloads: the "About this file" sheet and the CSV's "#" lines (hromada/exports/)
    "about_sheet": {"uk": "Про файл", "en": "About this file"},
    "about_item": {"uk": "Що", "en": "Item"},
    "about_value": {"uk": "Значення", "en": "Value"},
    "about_file": {"uk": "Файл", "en": "File"},
    "about_communities": {"uk": "Громади", "en": "Communities"},
    "about_communities_none": {"uk": "жодної", "en": "none"},
    "about_align": {"uk": "Роки", "en": "Years counted as"},
    "about_years": {"uk": "Діапазон років", "en": "Year range"},
    "about_years_all": {"uk": "усі роки, разом із сумами без року", "en": "every year, amounts with no year included"},
    "about_themes": {"uk": "Теми", "en": "Themes"},
    "about_themes_all": {"uk": "усі теми", "en": "every theme"},
    "about_population": {"uk": "Населення на мешканця", "en": "Population per resident"},
    "about_language": {"uk": "Мова", "en": "Language"},
    "about_units": {"uk": "Одиниці", "en": "Units"},
    "about_units_text": {"uk": "гроші — тис. грн, точно до гривні; частки — відсотки від 0 до 100; похідні частки й "
                                "середні округлено, як на панелі",
                         "en": "money in thousand UAH, exact to the hryvnia; shares in percent from 0 to 100; derived "
                               "shares and averages rounded as the dashboard shows them"},
    "about_built": {"uk": "Базу даних побудовано (UTC)", "en": "Warehouse built (UTC)"},
    "about_inputs": {"uk": "Вхідні дані бази (SHA-256 усіх файлів)", "en": "Warehouse inputs (SHA-256 over every file)"},
    "about_schema": {"uk": "Версія схеми бази", "en": "Warehouse schema version"},
    "about_document": {"uk": "Документ програми", "en": "Programme document"},
    "table_of_chart": {"uk": "Таблиця даних графіка", "en": "The chart's data as a table"},
    "empty_selection": {"uk": "Не вибрано жодної громади. Оберіть громади на бічній панелі.",
                        "en": "No community is selected. Choose communities in the sidebar."},
    "empty_filtered": {"uk": "За цими фільтрами даних немає. Розширте діапазон років, додайте теми або громади.",
                       "en": "No data for these filters. Widen the year range, or add themes or communities."},
    "ownership_own": {"uk": "Власні", "en": "Own"},
    "ownership_external": {"uk": "Зовнішні", "en": "External"},
    "ownership_unspecified": {"uk": "Не визначено", "en": "Unspecified"},
    "denominator_short": {"uk": "Знаменник: {source}", "en": "Denominator: {source}"},
    "denominator_note": {"uk": "Знаменник: {source}.", "en": "Denominator: {source}."},
    "denominator_official_note": {"uk": "чисельність наявного населення за Держстатом на 1 січня 2022 року",
                                  "en": "present population per the State Statistics Service on 1 January 2022"},
    "denominator_document_note": {"uk": "населення, як його вказує документ програми (де вказує; інакше Держстат на 1.01.2022)",
                                  "en": "population as the programme document states it (where it does; otherwise state statistics, 1 Jan 2022)"},
    "undated_note": {"uk": "Суми без року (Якушинці) входять лише тоді, коли діапазон років не обмежено.",
                     "en": "Amounts with no year (Yakushyntsi) are counted only when the year range is not restricted."},
    "methodology_link": {"uk": "Як порахували: методологія", "en": "How this was computed: methodology"},
    "source_viewer": {"uk": "Рядки документа", "en": "Document lines"},
    "line": {"uk": "Рядок", "en": "Line"},
    # Overview
    "overview_intro": {"uk": "Одна картка — одна громада. Суми — це те, що дають разом заходи програми; "
                             "підсумок, який пише сам документ, показано поруч, коли він інший.",
                       "en": "One card per community. Totals are what the programme's measures add up to; "
                             "the document's own total is shown beside them when it differs."},
    "too_many_cards": {"uk": "Вибрано громад: {count} — картки показуємо для не більш як {limit}. Усі цифри — у таблиці під графіком.",
                       "en": "{count} communities are selected — cards are shown for up to {limit}. All figures are in the table under the chart."},
    "pack_heading": {"uk": "Для семінару", "en": "For a workshop"},
    "pack_zip": {"uk": "Пакет для семінару (ZIP)", "en": "Workshop pack (ZIP)"},
    "pack_zip_help": {"uk": "Робоча книга Excel з графіками, таблиці CSV, графіки PNG і стислий огляд кожної громади (HTML, PDF) "
                            "для вибраних громад. Збирається після натискання, до пів хвилини.",
                      "en": "An Excel workbook with charts, CSV tables, PNG charts and a one-page brief per community (HTML, PDF) "
                            "for the selected communities. Built when clicked, in up to half a minute."},
    "pack_xlsx": {"uk": "Лише робоча книга (XLSX)", "en": "Workbook only (XLSX)"},
    "pack_xlsx_help": {"uk": "Та сама книга Excel, що й у пакеті; збирається за секунду.",
                       "en": "The same Excel workbook as in the pack; built in a second."},
    "pack_note": {"uk": "Пакет показує вигляд за замовчуванням (усі роки, усі теми, населення за Держстатом) для вибраних громад "
                        "мовою інтерфейсу — ті самі цифри, що й на сторінках.",
                  "en": "The pack shows the default view (every year, every theme, official population) for the selected "
                        "communities in the interface language — the same figures as the pages."},
    "card_total": {"uk": "Сума програми, тис. грн", "en": "Programme total, thousand UAH"},
    "card_per_resident": {"uk": "Грн/мешканця", "en": "UAH/resident"},
    "card_per_resident_help": {"uk": "Гривень на одного мешканця на рік програми, на {population} мешканців ({source}).",
                               "en": "UAH per resident per programme year, for {population} residents ({source})."},
    "card_own_share": {"uk": "Власні кошти", "en": "Own funding"},
    # "label: number" avoids plural forms ("52 заходи", "1 warning").
    "card_counts": {"uk": "Заходів: {measures} (із сумами: {funded}) · індикаторів: {indicators}",
                    "en": "Measures: {measures} (with money: {funded}) · indicators: {indicators}"},
    "card_stated": {"uk": "Документ пише {stated} ({link})", "en": "The document states {stated} ({link})"},
    "card_stated_same": {"uk": "Збігається з підсумком документа ({link})",
                         "en": "Matches the document's own total ({link})"},
    "card_no_stated": {"uk": "Документ не наводить загального підсумку", "en": "The document states no overall total"},
    "card_issues_link": {"uk": "Переглянути проблеми", "en": "See the issues"},
    "card_issues_help": {"uk": "Проблеми даних, які перевірки знайшли в документі. Відкрити список.",
                         "en": "Data issues the checks found in the document. Open the list."},
    "card_period": {"uk": "Програма на {start}–{end} роки", "en": "Programme for {start}–{end}"},
    "source_official_short": {"uk": "Держстат, 1.01.2022", "en": "state statistics, 1 Jan 2022"},
    "source_document_short": {"uk": "за документом", "en": "as the document states"},
    "cap_totals": {"uk": "Сума програми — сума всіх грошових клітинок заходів у додатку з переліком заходів, у тисячах гривень "
                         "(Тетіїв пише суми в гривнях, їх поділено на 1000). Фільтри років і тем тут не діють.",
                   "en": "A programme's total is the sum of every money cell of the measures in its task appendix, in "
                         "thousand UAH (Tetiiv writes hryvnias, divided by 1000). Year and theme filters do not apply here."},
    "cap_per_resident": {"uk": "Сума програми × 1000 / населення / 3 роки програми. {denominator}",
                         "en": "Programme total × 1000 / population / 3 programme years. {denominator}"},
    # Budget by priority
    "priorities_intro": {"uk": "На що йдуть гроші: за сімома спільними темами або за напрямами, як їх назвала кожна громада.",
                         "en": "What the money is for: by the seven shared themes, or by each community's own directions as written."},
    "view_mode": {"uk": "Групування", "en": "Grouping"},
    "view_themes": {"uk": "Спільні теми", "en": "Harmonized themes"},
    "view_own": {"uk": "Власні напрями громад", "en": "Each community's own directions"},
    "unit": {"uk": "Показник", "en": "Measure"},
    "unit_kuah": {"uk": "тис. грн", "en": "thousand UAH"},
    "unit_share": {"uk": "% програми", "en": "% of the programme"},
    "unit_per_resident": {"uk": "грн на мешканця на рік", "en": "UAH per resident per year"},
    "cap_theme_bars": {"uk": "Кожен захід віднесено до однієї теми (кожне віднесення переглянуто людиною і має причину, див. «Методологія»); суму "
                             "заходу в обраних роках додано до його теми. Частка — від суми громади в обраних роках; на мешканця — "
                             "сума × 1000 / населення / кількість років програми в обраному діапазоні. {denominator} {undated}",
                       "en": "Each measure is assigned one theme (each assignment reviewed by a person, with a reason: see Methodology); its money in the "
                             "selected years is added to that theme. Share is of the community's money in those years; per resident "
                             "is money × 1000 / population / programme years in the range. {denominator} {undated}"},
    "cap_priority_bars": {"uk": "Напрями названо так, як у документі. Піднапрями (Якушинці) додано до свого напряму; у Тетієва "
                                "напрямів немає. Суми — заходи цього напряму в обраних роках. {undated}",
                          "en": "Directions are named as the documents write them. Sub-directions (Yakushyntsi) count towards their "
                                "direction; Tetiiv has none. Amounts are the direction's measures in the selected years. {undated}"},
    "cap_treemap": {"uk": "Розмір прямокутника — сума заходу в обраних роках, тис. грн. Клацніть громаду або напрям, щоб розгорнути; "
                          "рядок під графіком показує, де сума стоїть у документі. Заходи без сум не показано.",
                    "en": "A rectangle's size is the measure's money in the selected years, thousand UAH. Click a community or "
                          "direction to open it; the table shows each measure's line in the document. Measures without money are omitted."},
    "drilldown": {"uk": "Від громади до заходу", "en": "From community to measure"},
    # Funding mix
    "funding_intro": {"uk": "Хто платить: власні кошти громади (бюджет і комунальні підприємства), зовнішні (держава, область, "
                            "район, гранти, інвестори) чи кілька джерел без розподілу суми.",
                      "en": "Who pays: the community's own money (its budget and municipal enterprises), external money (state, "
                            "oblast, district, grants, investors), or several sources without a split."},
    "cap_ownership": {"uk": "Частки — від суми заходів громади в обраних роках. «Не визначено» — документ називає кілька джерел "
                            "для суми і не ділить її (або, як Тетіїв, не називає джерела). Як кожне джерело віднесено до класу, "
                            "пояснює «Методологія». {undated}",
                      "en": "Shares are of the community's measures in the selected years. “Unspecified”: the document names several "
                            "sources for an amount without splitting it (or, like Tetiiv, names none). How each source is classed is "
                            "explained on Methodology. {undated}"},
    "cap_ownership_by_year": {"uk": "Те саме за кожен рік окремо: частки кожного року дають 100 %. «Без року» — суми, які документ "
                                    "подає без року.",
                              "en": "The same for each year: each year's shares add up to 100 %. “No year”: amounts the document "
                                    "gives with no year."},
    "cap_source_classes": {"uk": "Детальніше: кожен клас джерела, як його зіставлено з написами документа. Частка — від суми заходів "
                                 "громади в обраних роках.",
                           "en": "In detail: each source class, as mapped from the documents' wording. Share of the community's "
                                 "measures in the selected years."},
    "cap_year_totals": {"uk": "Сума заходів за кожен рік, тис. грн. Суми без року сюди не входять.",
                        "en": "The measures' money in each year, thousand UAH. Amounts with no year are not included."},
    "by_year": {"uk": "За роками", "en": "By year"},
    "by_class": {"uk": "За класами джерел", "en": "By source class"},
    "passport_claim_split": {"uk": "За заходами кошти розподілено так: {split}.", "en": "By its measures the money splits as: {split}."},
    # Contradictions and root causes: one definition (warehouse table "contradiction") on every page
    "contradictions": {"uk": "Де документ сам собі суперечить", "en": "Where a document contradicts itself"},
    "cap_contradictions": {"uk": "Суперечність — сума, яку документ пише (у колонці «Всього», підсумку напряму чи програми, паспорті "
                                 "або додатку), тоді як інші його цифри дають іншу. Наслідок показано під першопричиною, коли він "
                                 "повторює ту саму різницю в тій самій колонці в підсумку, що включає першопричину, або є роком "
                                 "рядка, чия різниця у «Всього» дорівнює сумі різниць за роками. Ті самі суперечності показує "
                                 "сторінка «{other}».",
                           "en": "A contradiction is a figure the document states (in a total column, a direction or programme total, "
                                 "the passport or an appendix) that its other figures do not add up to. A consequence is listed under "
                                 "its root cause when it repeats the same difference in the same column on a total that includes the "
                                 "root, or is a year of a row whose total differs by the sum of its years. The “{other}” page shows "
                                 "the same contradictions."},
    "contradiction_counts": {"uk": "**{community}**: {roots}, {consequences}.", "en": "**{community}**: {roots}, {consequences}."},
    "causes_one": {"uk": "{n} першопричина", "en": "{n} root cause"},
    "causes_few": {"uk": "{n} першопричини", "en": "{n} root causes"},
    "causes_many": {"uk": "{n} першопричин", "en": "{n} root causes"},
    "causes_other": {"uk": "{n} першопричини", "en": "{n} root causes"},
    "consequences_one": {"uk": "{n} наслідок", "en": "{n} consequence"},
    "consequences_few": {"uk": "{n} наслідки", "en": "{n} consequences"},
    "consequences_many": {"uk": "{n} наслідків", "en": "{n} consequences"},
    "consequences_other": {"uk": "{n} наслідку", "en": "{n} consequences"},
    "contradiction_root": {"uk": "**Першопричина**, {line}: {message}", "en": "**Root cause**, {line}: {message}"},
    "contradiction_consequence": {"uk": "{line}: {message}", "en": "{line}: {message}"},
    "consequences_of": {"uk": "Наслідки цієї першопричини: {consequences}", "en": "What follows from it: {consequences}"},
    "no_contradictions": {"uk": "**{community}**: кожен підсумок, який пише документ понад рівень заходів (перевірено: {count}), "
                                "збігається із сумою його заходів, і жоден рядок «Всього» не суперечить своїм рокам.",
                          "en": "**{community}**: every total the document states above its measures ({count} checked) agrees "
                                "with what its measures add up to, and no total column contradicts its years."},
    "nothing_to_compare": {"uk": "**{community}**: документ не пише жодного підсумку понад рівень заходів, тож звірити суми заходів "
                                 "нема з чим. Це не підтвердження, що суперечностей немає.",
                           "en": "**{community}**: the document states no total above its measures, so there is nothing to check "
                                 "the measures against. This is not an all-clear."},
    "card_issues_causes": {"uk": "Суперечності в сумах: {contradictions}. Попереджень: {warning}, приміток: {info}.",
                           "en": "Contradicting figures: {contradictions}. Warnings: {warning}, notes: {info}."},
    "card_no_contradictions": {"uk": "немає", "en": "none"},
    "card_nothing_compared": {"uk": "документ не пише підсумків, звіряти нема з чим",
                              "en": "the document states no totals to check"},
    "own_unknown": {"uk": "**{community}**: документ не називає джерела фінансування жодного заходу, тож частки власних і "
                          "зовнішніх коштів невідомі (—), а не нульові; його суми показано як «не визначено».",
                    "en": "**{community}**: the document names no funding source for any of its measures, so its own and "
                          "external shares are unknown (—), not zero; its money is shown as “unspecified”."},
    "own_unknown_help": {"uk": "Документ не називає джерел фінансування заходів: частка власних коштів невідома.",
                         "en": "The document names no funding source for its measures: the own share is unknown."},
    "ownership_none_known": {"uk": "У жодному році вибраних громад кошти не віднесено до названого джерела, тож часток "
                                   "власних і зовнішніх коштів за роками немає.",
                             "en": "In no year of the selected communities is money attributed to a named source, so there "
                                   "are no yearly own and external shares to show."},
    "scope_measure": {"uk": "рядок заходу", "en": "measure row"},
    "scope_priority": {"uk": "підсумок напряму", "en": "direction total"},
    "scope_programme": {"uk": "підсумок програми", "en": "programme total"},
    "scope_passport": {"uk": "паспорт програми", "en": "programme passport"},
    "scope_resources": {"uk": "додаток «Ресурсне забезпечення»", "en": "resource appendix"},
    "all_sources": {"uk": "усі джерела", "en": "all sources"},
    "total_column": {"uk": "Всього", "en": "Total"},
    "col_cause": {"uk": "Першопричина", "en": "Root cause"},
    "cause_self": {"uk": "першопричина", "en": "root cause"},
    "cause_line": {"uk": "наслідок рядка {line}", "en": "follows from line {line}"},
    "no_line": {"uk": "—", "en": "—"},
    "check_row_total_vs_years": {"uk": "«Всього» рядка проти суми за роками", "en": "Row total against its years"},
    "check_total_vs_sources": {"uk": "Загальний обсяг проти суми за джерелами", "en": "All-sources figure against its sources"},
    "check_priority_total_vs_measures": {"uk": "Підсумок напряму проти його заходів", "en": "Direction total against its measures"},
    "check_programme_total_vs_measures": {"uk": "Підсумок програми проти заходів", "en": "Programme total against the measures"},
    "check_passport_vs_appendix": {"uk": "Паспорт проти заходів додатка", "en": "Passport against the appendix's measures"},
    "check_blank_total": {"uk": "Порожній підсумок", "en": "Blank total"},
    "check_year_outside_period": {"uk": "Рік поза строком програми", "en": "Year outside the programme period"},
    "check_year_outside_term": {"uk": "Рік поза строком заходу", "en": "Year outside the measure's term"},
    "check_money_without_year": {"uk": "Сума без року", "en": "Amount with no year"},
    "check_term_missing": {"uk": "Не вказано строк", "en": "No term given"},
    "check_indicator_dynamics": {"uk": "Динаміка індикатора проти його цілей", "en": "Indicator dynamics against its targets"},
    "check_indicator_unit": {"uk": "Одиниця індикатора проти значень", "en": "Indicator unit against its values"},
    "check_katottg_mismatch": {"uk": "Код КАТОТТГ", "en": "KATOTTG code"},
    "check_population_claim": {"uk": "Чисельність населення", "en": "Population figure"},
    "check_numbering_gap": {"uk": "Пропуск у нумерації", "en": "Gap in numbering"},
    "check_row_realigned": {"uk": "Рядок прочитано зі зсувом", "en": "Row read with a shift"},
    "check_other": {"uk": "Інша перевірка", "en": "Other check"},
    "layout_flat_cells": {"uk": "клітинки по рядку", "en": "one cell per line"},
    "layout_pipe_table": {"uk": "таблиця з роздільниками", "en": "table with separators"},
    "layout_wrapped_tsv": {"uk": "таблиця з перенесеними рядками", "en": "table with wrapped rows"},
    "layout_other": {"uk": "інший формат", "en": "another layout"},
    # Indicators
    "indicators_intro": {"uk": "Наскільки амбітні цілі: базове значення і кінцева ціль кожного індикатора. Там, де документ не має "
                               "додатка індикаторів, індикатори — це кількісні очікувані результати заходів.",
                         "en": "How ambitious the targets are: each indicator's baseline and final target. Where a document has no "
                               "indicator appendix, the indicators are the measures' quantified expected results."},
    "family": {"uk": "Сім’я індикаторів", "en": "Indicator family"},
    "family_all": {"uk": "Усі індикатори", "en": "All indicators"},
    "family_help": {"uk": "Сім’я об’єднує різні формулювання одного показника в різних громадах.",
                    "en": "A family groups different wordings of the same indicator across communities."},
    "unit_class": {"uk": "Одиниці", "en": "Units"},
    "unit_class_percent": {"uk": "Відсотки", "en": "Percent"},
    "unit_class_count": {"uk": "Кількість", "en": "Counts"},
    "cap_dumbbell": {"uk": "○ — базове значення, │ — кінцева ціль: значення останнього року або базове плюс сума річних приростів, "
                           "якщо документ подає прирости (правило — у методології); рік цілі — у підказці й таблиці. Колір "
                           "каже, чи ціль рухається в кращий бік: для кожного індикатора переглянуто, чи більше — краще. "
                           "Зміна відсотків — у відсоткових пунктах (в. п.), кількостей — у разах (×), а від нуля — в одиницях. "
                           "Показано лише індикатори в одиницях «{unit}»; без базового значення — лише │.",
                     "en": "○ is the baseline, │ the final target: the last year's value, or the baseline plus the yearly "
                           "additions where the document gives additions (the rule is in the methodology); the target year is "
                           "in the hover and the table. Colour says whether the target moves in the better direction: for each "
                           "indicator it was reviewed whether higher is better. Percentages change in percentage points (pp), "
                           "counts as a multiple (×), or in units when they start from zero. Only indicators in “{unit}” are "
                           "shown; without a baseline, only │."},
    "too_many_indicators": {"uk": "На графіку — перші {shown} з {total} індикаторів. Звузьте вибір сім’єю, темою або громадами; "
                                  "таблиця нижче містить усі.",
                            "en": "The chart shows the first {shown} of {total} indicators. Narrow the choice by family, theme or "
                                  "communities; the table below has them all."},
    "cap_yes_no": {"uk": "Індикатори «так/ні» показано як статус: базове значення і ціль кожного року, як їх пише документ.",
                   "en": "Yes/no indicators as statuses: the baseline and each year's target, as the document writes them."},
    "cap_measurable": {"uk": "Захід має вимірювану ціль, якщо з ним пов’язано індикатор: рядок додатка індикаторів з тим самим "
                             "номером або кількісний очікуваний результат самого заходу. Індикатори, прив’язані лише до напряму "
                             "(як у Кременчука), тут не рахуються; таблиця показує, скільки їх.",
                       "en": "A measure has a measurable target when an indicator is linked to it: an indicator-appendix row with "
                             "the same number, or a quantified expected result of the measure itself. Indicators tied only to a "
                             "direction (as in Kremenchuk) do not count here; the table shows how many there are."},
    "no_yes_no": {"uk": "У вибраних громадах немає індикаторів «так/ні».", "en": "The selected communities have no yes/no indicators."},
    "indicator_table": {"uk": "Усі індикатори вибору", "en": "All indicators in the selection"},
    "family_compare": {"uk": "Сім’я «{family}»: однакові одиниці й однаковий зміст показника, можна порівнювати між громадами.",
                       "en": "Family “{family}”: the same units and the same meaning, comparable across communities."},
    "no_indicators_one": {"uk": "{community} не наводить індикаторів у програмі.",
                          "en": "{community} states no indicators in its programme."},
    "no_indicators_many": {"uk": "{communities} не наводять індикаторів у своїх програмах.",
                           "en": "{communities} state no indicators in their programmes."},
    "indicators_filtered_out": {"uk": "Індикатори вибраних громад не належать до вибраних тем чи сім’ї. Додайте теми або "
                                      "оберіть «Усі індикатори».",
                                "en": "The selected communities' indicators are outside the chosen themes or family. Add "
                                      "themes or choose “All indicators”."},
    "no_indicators_in_units": {"uk": "Серед вибраних індикаторів немає таких, що мають одиниці «{unit}». Оберіть «{other}».",
                               "en": "None of the selected indicators is in “{unit}”. Choose “{other}”."},
    "polarity_higher_is_better": {"uk": "більше — краще", "en": "higher is better"},
    "polarity_lower_is_better": {"uk": "менше — краще", "en": "lower is better"},
    "quantity_share": {"uk": "частка охоплених", "en": "share covered"},
    "quantity_completion": {"uk": "виконання заходу", "en": "completion of a measure"},
    "quantity_count": {"uk": "кількість", "en": "count"},
    "quantity_status": {"uk": "наявність (так/ні)", "en": "in place (yes/no)"},
    "semantics_cumulative": {"uk": "рівні", "en": "levels"},
    "semantics_increment": {"uk": "прирости", "en": "additions"},
    "origin_appendix": {"uk": "додаток індикаторів", "en": "indicator appendix"},
    "origin_expected_result": {"uk": "очікуваний результат заходу", "en": "a measure's expected result"},
    # Measures explorer
    "measures_intro": {"uk": "Кожен захід програм: напрям, тема, роки, гроші за джерелами, очікуваний результат і рядок документа. "
                             "Виберіть рядок таблиці (або захід у списку нижче), щоб побачити рядки документа, з яких його прочитано.",
                       "en": "Every measure: direction, theme, years, money by source, expected result and the document line. "
                             "Select a row (or a measure in the list below) to see the document lines it was read from."},
    "search": {"uk": "Пошук у назвах, завданнях, результатах і виконавцях", "en": "Search names, tasks, results and responsible bodies"},
    "measures_found": {"uk": "Знайдено заходів: {count}", "en": "Measures found: {count}"},
    "selected_measure": {"uk": "Захід для перегляду джерела", "en": "Measure to show the source of"},
    "no_measure": {"uk": "— виберіть захід —", "en": "— choose a measure —"},
    "measure_money": {"uk": "Суми заходу, як їх прочитано", "en": "The measure's amounts, as read"},
    "measure_no_money": {"uk": "Документ не дає цьому заходу грошових сум: {note}", "en": "The document gives this measure no amounts: {note}"},
    "col_community": {"uk": "Громада", "en": "Community"},
    "col_direction": {"uk": "Напрям", "en": "Direction"},
    "col_theme": {"uk": "Тема", "en": "Theme"},
    "col_name": {"uk": "Захід", "en": "Measure"},
    "col_years": {"uk": "Роки з сумами", "en": "Years with money"},
    "col_total": {"uk": "Усього, тис. грн", "en": "Total, thousand UAH"},
    "col_own": {"uk": "Власні, тис. грн", "en": "Own, thousand UAH"},
    "col_external": {"uk": "Зовнішні, тис. грн", "en": "External, thousand UAH"},
    "col_unspecified": {"uk": "Не визначено, тис. грн", "en": "Unspecified, thousand UAH"},
    "col_sources": {"uk": "Джерела (як у документі)", "en": "Sources (as written)"},
    "col_result": {"uk": "Очікуваний результат", "en": "Expected result"},
    "col_non_monetary": {"uk": "Без суми", "en": "Without amount"},
    "col_source": {"uk": "Джерело", "en": "Source"},
    "col_term": {"uk": "Строк", "en": "Term"},
    # Compare
    "compare_intro": {"uk": "Дві–п’ять громад поруч: розмір програми, гроші на мешканця, теми, джерела та спільні індикатори.",
                      "en": "Two to five communities side by side: programme size, money per resident, themes, sources and shared indicators."},
    "compare_pick": {"uk": "Громади для порівняння (2–5)", "en": "Communities to compare (2–5)"},
    "compare_need_two": {"uk": "Виберіть щонайменше дві громади (і не більше п’яти).", "en": "Choose at least two communities (and at most five)."},
    "compare_key_figures": {"uk": "Ключові цифри", "en": "Key figures"},
    "compare_metric": {"uk": "Показник", "en": "Figure"},
    "compare_families": {"uk": "Спільні індикатори (сім’ї)", "en": "Shared indicators (families)"},
    "compare_no_families": {"uk": "У цих громад немає індикаторів з однієї сім’ї.", "en": "These communities share no indicator family."},
    "cap_compare_themes": {"uk": "Частка кожної теми в сумі заходів громади, %. {undated}",
                           "en": "Each theme's share of the community's measures, %. {undated}"},
    "cap_compare_families": {"uk": "Базове → кінцеве значення індикаторів однієї сім’ї в обраних громадах.",
                             "en": "Baseline → final target of the indicators of one family in the chosen communities."},
    "metric_period": {"uk": "Період програми", "en": "Programme period"},
    "metric_total": {"uk": "Сума програми, тис. грн", "en": "Programme total, thousand UAH"},
    "metric_annual": {"uk": "У середньому на рік, тис. грн", "en": "Annual average, thousand UAH"},
    "metric_per_resident": {"uk": "грн на мешканця на рік", "en": "UAH per resident per year"},
    "metric_population": {"uk": "Населення (знаменник)", "en": "Population (denominator)"},
    "metric_own": {"uk": "Власні кошти, %", "en": "Own money, %"},
    "metric_external": {"uk": "Зовнішні кошти, %", "en": "External money, %"},
    "metric_unspecified": {"uk": "Не визначено, %", "en": "Unspecified, %"},
    "metric_measures": {"uk": "Заходів (із сумами)", "en": "Measures (with money)"},
    "metric_indicators": {"uk": "Індикаторів", "en": "Indicators"},
    "metric_issues": {"uk": "Проблем даних (помилки / попередження)", "en": "Data issues (errors / warnings)"},
    # Compare: money per resident and the population it divides by
    "metric_own_per_resident": {"uk": "Власні, грн/мешканця/рік", "en": "Own, UAH/resident/year"},
    "metric_external_per_resident": {"uk": "Зовнішні, грн/мешканця/рік", "en": "External, UAH/resident/year"},
    "metric_population_source": {"uk": "Населення взято з", "en": "Population taken from"},
    "population_from_official": {"uk": "Держстат, 1.01.2022", "en": "state statistics, 1 Jan 2022"},
    "population_from_document": {"uk": "документ, рядок {line}", "en": "the document, line {line}"},
    "population_not_stated": {"uk": "Держстат, 1.01.2022 (документ населення не вказує)",
                              "en": "state statistics, 1 Jan 2022 (the document states none)"},
    "compare_population_fallback": {"uk": "Населення «як вказує документ»: {names} — документ населення не вказує, тому для "
                                          "цих громад узято Держстат на 1.01.2022, і їхні цифри на мешканця не змінилися.",
                                    "en": "Population “as the document states”: {names} — the document states none, so the "
                                          "state statistics figure (1 Jan 2022) is used and their per-resident figures do not change."},
    "compare_population_document": {"uk": "{name}: населення за документом — {population} (рядок {line}).",
                                    "en": "{name}: population as the document states it — {population} (line {line})."},
    "compare_per_resident": {"uk": "Гроші на мешканця", "en": "Money per resident"},
    "cap_compare_per_resident": {"uk": "Власні та зовнішні кошти всієї програми × 1000 / населення / кількість років програми, "
                                       "у гривнях на мешканця на рік. Кошти без визначеного джерела не входять до жодного "
                                       "стовпчика; громада, яка не вказує джерел, стовпчиків не має (не нуль, а невідомо). "
                                       "Фільтри років і тем тут не діють. {denominator}",
                                 "en": "Own and external money of the whole programme × 1000 / population / programme years, in "
                                       "UAH per resident per year. Money with no determined source is in neither bar; a community "
                                       "that states no sources has no bars (unknown, not zero). Year and theme filters do not "
                                       "apply here. {denominator}"},
    # Quality
    "quality_intro": {"uk": "Чи сходиться документ сам із собою: кожен підсумок, який пише документ, поруч із сумою його заходів; "
                            "усі знайдені проблеми; і будь-який рядок будь-якого документа.",
                      "en": "Does each document add up: every total it states next to what its measures add up to; every "
                            "finding; and any line of any document."},
    "reconciliation": {"uk": "Підсумки документа і суми заходів", "en": "The documents' totals and their measures"},
    "cap_reconciliation": {"uk": "Кожен підсумок документа (паспорт, напрями, програма, ресурсне забезпечення) порівняно з сумою заходів "
                                 "з тими самими джерелом і роком. Рядки, що не збігаються, виділено.",
                           "en": "Every total the document states (passport, directions, programme, resource appendix) against the sum of "
                                 "its measures with the same source and year. Rows that differ are highlighted."},
    "issue_list": {"uk": "Знайдені проблеми даних", "en": "Data issues found"},
    "severity": {"uk": "Важливість", "en": "Severity"},
    "severity_error": {"uk": "помилка", "en": "error"},
    "severity_warning": {"uk": "попередження", "en": "warning"},
    "severity_info": {"uk": "примітка", "en": "note"},
    "only_differences": {"uk": "Вибрано громад: {count}; розгорнуті таблиці показано лише для громад з розбіжностями "
                               "(не більше {limit}); повний перелік — у завантаженні.",
                         "en": "{count} communities are selected: tables are shown only for communities with differences "
                               "(at most {limit}); the download has them all."},
    "issue_select_hint": {"uk": "Виберіть рядок, щоб побачити цей рядок документа в перегляді джерела нижче.",
                          "en": "Select a row to see that line of the document in the source viewer below."},
    "issues_none": {"uk": "Проблем такої важливості не знайдено.", "en": "No issues of this severity."},
    "viewer": {"uk": "Перегляд джерела", "en": "Source viewer"},
    "viewer_document": {"uk": "Документ", "en": "Document"},
    "documents": {"uk": "Документи та їхні SHA-256", "en": "Documents and their SHA-256"},
    "status_agrees": {"uk": "збігається", "en": "agrees"},
    "status_differs": {"uk": "не збігається", "en": "differs"},
    "status_blank": {"uk": "порожньо", "en": "blank"},
    "col_scope": {"uk": "Де в документі", "en": "Where in the document"},
    "col_stated": {"uk": "Документ пише, тис. грн", "en": "Document states, thousand UAH"},
    "col_computed": {"uk": "Сума заходів, тис. грн", "en": "Measures add up to, thousand UAH"},
    "col_difference": {"uk": "Різниця, тис. грн", "en": "Difference, thousand UAH"},
    "col_status": {"uk": "Стан", "en": "Status"},
    "col_message": {"uk": "Що не так", "en": "What is wrong"},
    "col_check": {"uk": "Перевірка", "en": "Check"},
    "col_class": {"uk": "Джерело", "en": "Source"},
    # Source document page and links to a figure's line
    "page_source": {"uk": "Документ", "en": "Source document"},
    "source_intro": {"uk": "Текст документа програми рядок за рядком, як його опубліковано; рядки таблиць — у своїх "
                           "клітинках. Кожне посилання «рядок N» на інших сторінках веде сюди.",
                     "en": "The programme document line by line as published; table rows in their own cells. Every "
                           "“line N” link on the other pages leads here."},
    "source_caption": {"uk": "«{title}», рядки {first}–{last} · SHA-256 {sha}",
                       "en": "“{title}”, lines {first}–{last} · SHA-256 {sha}"},
    "source_link_help": {"uk": "Відкрити рядок документа, з якого взято цифру",
                         "en": "Open the document line the figure was read from"},
    "source_context": {"uk": "Рядків навколо", "en": "Lines around it"},
    "source_no_document": {"uk": "Документ не знайдено: оберіть громаду зі списку.",
                           "en": "No such document: choose a community from the list."},
    "not_stated": {"uk": "документ не вказує", "en": "the document does not say"},
    "open_measure": {"uk": "Відкрити захід", "en": "Open the measure"},
    "drill_pick": {"uk": "Клацніть захід (найменший прямокутник), щоб побачити його кошти за роками й джерелами та "
                         "рядки документа.",
                   "en": "Click a measure (the smallest rectangle) to see its money by year and source and the "
                         "document lines."},
    "drill_measures_link": {"uk": "Заходи теми «{theme}» у громаді {community}",
                            "en": "Measures of “{theme}” in {community}"},
    "bar_pick": {"uk": "Клацніть стовпчик, щоб відкрити заходи цієї теми в цій громаді.",
                 "en": "Click a bar to open the measures of that theme in that community."},
}


# Column headings for tables and downloads; ids (``*_id``) keep their names so data can be joined.
COLUMNS: dict[str, dict[str, str]] = {
    "community": {"uk": "Громада", "en": "Community"},
    "theme": {"uk": "Тема", "en": "Theme"},
    "amount_kuah": {"uk": "Сума, тис. грн", "en": "Amount, thousand UAH"},
    "share_pct": {"uk": "Частка, %", "en": "Share, %"},
    "per_resident_year": {"uk": "Грн на мешканця на рік", "en": "UAH per resident per year"},
    "own_per_resident_year": {"uk": "Власні, грн на мешканця на рік", "en": "Own, UAH per resident per year"},
    "external_per_resident_year": {"uk": "Зовнішні, грн на мешканця на рік", "en": "External, UAH per resident per year"},
    "population_taken_from": {"uk": "Населення взято з", "en": "Population taken from"},
    "priority_code": {"uk": "Код напряму", "en": "Direction code"},
    "priority_name_uk": {"uk": "Напрям (як у документі)", "en": "Direction (as written, Ukrainian)"},
    "priority_line": {"uk": "Рядок напряму", "en": "Direction's line"},
    "measure_name_uk": {"uk": "Захід", "en": "Measure (Ukrainian)"},
    "name_uk": {"uk": "Назва", "en": "Name (Ukrainian)"},
    "name_en": {"uk": "Назва англійською", "en": "Name"},
    "short_name_uk": {"uk": "Громада", "en": "Community (Ukrainian)"},
    "source_line": {"uk": "Рядок джерела", "en": "Source line"},
    "ownership_name": {"uk": "Власність коштів", "en": "Ownership"},
    "ownership": {"uk": "Власність (код)", "en": "Ownership (code)"},
    "source": {"uk": "Джерело фінансування", "en": "Funding source"},
    "source_class": {"uk": "Клас джерела (код)", "en": "Source class (code)"},
    "year": {"uk": "Рік", "en": "Year"},
    "programme_year": {"uk": "Рік програми", "en": "Programme year"},
    "period_start": {"uk": "Початок", "en": "Start"},
    "period_end": {"uk": "Кінець", "en": "End"},
    "programme_total_kuah": {"uk": "Сума заходів, тис. грн", "en": "Measures' total, thousand UAH"},
    "stated_total_kuah": {"uk": "Підсумок у документі, тис. грн", "en": "Document's total, thousand UAH"},
    "annual_average_kuah": {"uk": "У середньому на рік, тис. грн", "en": "Annual average, thousand UAH"},
    "denominator_population": {"uk": "Населення (знаменник)", "en": "Population (denominator)"},
    "own_share_pct": {"uk": "Власні, %", "en": "Own, %"},
    "external_share_pct": {"uk": "Зовнішні, %", "en": "External, %"},
    "unspecified_share_pct": {"uk": "Не визначено, %", "en": "Unspecified, %"},
    "measure_count": {"uk": "Заходів", "en": "Measures"},
    "measures_with_money": {"uk": "Заходів із сумами", "en": "Measures with money"},
    "indicator_count": {"uk": "Індикаторів", "en": "Indicators"},
    "issues_error": {"uk": "Помилок", "en": "Errors"},
    "issues_warning": {"uk": "Попереджень", "en": "Warnings"},
    "issues_info": {"uk": "Приміток", "en": "Notes"},
    "sources_stated": {"uk": "Документ називає джерела", "en": "Document names its sources"},
    "contradiction_roots": {"uk": "Першопричин суперечностей", "en": "Root causes of contradictions"},
    "contradiction_consequences": {"uk": "Наслідків суперечностей", "en": "Consequences of contradictions"},
    "stated_totals_checked": {"uk": "Перевірено підсумків документа", "en": "Document totals checked"},
    "denominator_line": {"uk": "Рядок населення в документі", "en": "Line of the population in the document"},
    "with_target": {"uk": "З вимірюваною ціллю", "en": "With a measurable target"},
    "with_appendix_indicator": {"uk": "З індикатором додатка", "en": "With an appendix indicator"},
    "direction_level_indicators": {"uk": "Індикаторів лише на рівні напряму", "en": "Indicators tied only to a direction"},
    "unit": {"uk": "Одиниця", "en": "Unit"},
    "baseline_value": {"uk": "Базове значення", "en": "Baseline"},
    "baseline_text": {"uk": "Базове (як у документі)", "en": "Baseline (as written)"},
    "target_value": {"uk": "Ціль року", "en": "Year's target"},
    "target_text": {"uk": "Ціль (як у документі)", "en": "Target (as written)"},
    "level_value": {"uk": "Рівень на кінець року", "en": "Level at year end"},
    "final_target_value": {"uk": "Кінцева ціль", "en": "Final target"},
    "final_change_abs": {"uk": "Зміна", "en": "Change"},
    "final_change_text": {"uk": "Зміна до цілі", "en": "Change to the target"},
    "final_target_year": {"uk": "Рік цілі", "en": "Target year"},
    "direction_name": {"uk": "Напрям цілі", "en": "Target direction"},
    "polarity_name": {"uk": "Що краще", "en": "Better is"},
    "quantity_name": {"uk": "Що вимірює", "en": "What it measures"},
    "semantics_name": {"uk": "Значення за роками", "en": "Yearly values are"},
    "origin_name": {"uk": "Звідки індикатор", "en": "Origin"},
    "target_semantics": {"uk": "Значення за роками", "en": "Yearly values are"},
    "dynamics_text": {"uk": "Динаміка (як у документі)", "en": "Dynamics (as written)"},
    "origin": {"uk": "Звідки індикатор", "en": "Origin"},
    "stated_text": {"uk": "Як написано", "en": "As written"},
    "scope": {"uk": "Частина документа", "en": "Part of the document"},
    "stated_kuah": {"uk": "Документ пише, тис. грн", "en": "Document states, thousand UAH"},
    "computed_kuah": {"uk": "Сума заходів, тис. грн", "en": "Measures add up to, thousand UAH"},
    "difference_kuah": {"uk": "Різниця, тис. грн", "en": "Difference, thousand UAH"},
    "programme_title_uk": {"uk": "Назва програми", "en": "Programme title (Ukrainian)"},
    "source_file": {"uk": "Файл", "en": "File"},
    "layout": {"uk": "Формат тексту", "en": "Text layout"},
    "source_sha256": {"uk": "SHA-256", "en": "SHA-256"},
    # Headings the page downloads carry for columns the tables on screen rename or hide (hromada/exports)
    "item_number": {"uk": "№ у документі", "en": "No. in the document"},
    "task_uk": {"uk": "Завдання", "en": "Task (Ukrainian)"},
    "responsible_uk": {"uk": "Виконавці", "en": "Responsible (Ukrainian)"},
    "term_uk": {"uk": "Строк", "en": "Term (as written)"},
    "funding_sources_uk": {"uk": "Джерела (як у документі)", "en": "Sources (as written, Ukrainian)"},
    "funded_years": {"uk": "Роки з сумами", "en": "Years with money"},
    "total_kuah": {"uk": "Усього, тис. грн", "en": "Total, thousand UAH"},
    "own_kuah": {"uk": "Власні, тис. грн", "en": "Own, thousand UAH"},
    "external_kuah": {"uk": "Зовнішні, тис. грн", "en": "External, thousand UAH"},
    "unspecified_kuah": {"uk": "Не визначено, тис. грн", "en": "Unspecified, thousand UAH"},
    "non_monetary_uk": {"uk": "Без суми (як у документі)", "en": "Without an amount (as written, Ukrainian)"},
    "expected_result_uk": {"uk": "Очікуваний результат", "en": "Expected result (Ukrainian)"},
    "message_uk": {"uk": "Що не так", "en": "What is wrong (Ukrainian)"},
    "message_en": {"uk": "Що не так (англійською)", "en": "What is wrong"},
    "stated": {"uk": "Документ пише", "en": "The document states"},
    "computed": {"uk": "Пораховано", "en": "Computed"},
    "label_uk": {"uk": "Підпис (як у документі)", "en": "Label (as written, Ukrainian)"},
    "programme_years": {"uk": "Років програми", "en": "Programme years"},
    "population": {"uk": "Населення (Держстат)", "en": "Population (state statistics)"},
    "population_date": {"uk": "Населення на дату", "en": "Population as of"},
    "population_document": {"uk": "Населення за документом", "en": "Population the document states"},
    "uah_per_resident_year": {"uk": "Грн на мешканця на рік (Держстат)", "en": "UAH per resident per year (state statistics)"},
    "uah_per_resident_year_document": {"uk": "Грн на мешканця на рік (населення за документом)",
                                       "en": "UAH per resident per year (the document's population)"},
    "stated_total_line": {"uk": "Рядок підсумку в документі", "en": "Line of the document's total"},
    "appendix_indicator_count": {"uk": "Індикаторів у додатку", "en": "Appendix indicators"},
    "oblast_uk": {"uk": "Область", "en": "Oblast (Ukrainian)"},
    "oblast_en": {"uk": "Область англійською", "en": "Oblast"},
}


def column_label(column: str, lang: str) -> str:
    entry = COLUMNS.get(column)
    return entry.get(lang, entry["uk"]) if entry else column


def t(key: str, lang: str = "uk", **values) -> str:
    entry = TEXT.get(key)
    if entry is None:
        raise KeyError(f"no interface text {key!r}")
    text = entry.get(lang) or entry["uk"]
    return text.format(**values) if values else text


def name_column(lang: str) -> str:
    """The column holding names in the chosen language (``name_uk`` or ``name_en``)."""
    return "name_en" if lang == "en" else "name_uk"


def short_name_column(lang: str) -> str:
    """Short community names for charts and cards: "Іллінецька МТГ" / "Illintsi"."""
    return "name_en" if lang == "en" else "short_name_uk"
