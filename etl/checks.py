"""Reconciliation checks: generic rules run on every document, never per-document cases.

Each finding becomes a ``data_issue`` row with both figures, the line and a message in Ukrainian
and English. Stated figures are never corrected; the dashboard shows both.

Severity: ``error`` where the document's arithmetic contradicts itself, ``warning`` where a figure
is missing, misplaced in time or inconsistent with its unit, ``info`` for notes on how the text was
read (realigned rows, numbering gaps, claims that differ from official statistics).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from etl.extract import ParsedDocument
from etl.formatting import format_kuah, format_number, format_value
from etl.indicators import Indicator, matches_stated, parse_dynamics, readings_of
from etl.mappings import AGGREGATE
from etl.messages import NOTHING, Both, both, phrase, render
from etl.programme import Money, MoneyLine


@dataclass
class Issue:
    community_id: str
    check_id: str
    severity: str
    message_uk: str
    message_en: str
    stated: Decimal | None
    computed: Decimal | None
    source_line: int | None
    measure_id: str | None = None
    priority_code: str | None = None
    year: int | None = None
    # Where the stated figure sits, for linking consequences to their cause (not stored as such).
    scope: str | None = None
    programme_year: int | None = None
    row_key: tuple | None = None


def _scope(scope: str) -> Both:
    return phrase(f"scope_{scope}")


def _column_words(year: int | None, calendar_year: int | None = None) -> Both:
    """The column a figure stands in: the total, a year, or a stage labelled with another year."""
    if not year:
        return phrase("column_total")
    if calendar_year and calendar_year != year:
        return phrase("column_stage", year=year, calendar_year=calendar_year)
    return phrase("column_year", year=year)


def _kuah(amount) -> Both:
    return both(lambda lang: format_kuah(amount, lang))


def _stated(money: Money | None) -> Decimal | None:
    """The amount a cell states; None for a blank or non-monetary cell, or no cell."""
    return money.amount if money is not None and money.kind == "amount" else None


def _amount(money: Money | None) -> Decimal:
    stated = _stated(money)
    return Decimal(0) if stated is None else stated


def _has_amount(money: Money | None) -> bool:
    return _stated(money) is not None


def row_total_vs_years(community: str, line: MoneyLine, where: Both,
                       measure_id=None, priority_code=None, scope=None) -> list[Issue]:
    """A row's total equals the sum of its years."""
    year_amounts = [money for _, _, money in line.years if _has_amount(money)]
    stated = _stated(line.total)
    if line.total is None or stated is None or not year_amounts:
        return []
    computed = sum((_amount(money) for money in year_amounts), Decimal(0))
    if computed == stated:
        return []
    return [Issue(
        community, "row_total_vs_years", "error",
        *render("row_total_vs_years", where=where, total=_kuah(stated), computed=_kuah(computed),
                difference=_kuah(stated - computed)),
        stated, computed, line.total.line, measure_id, priority_code,
        scope=scope, row_key=("row", line.line),
    )]


def total_vs_sources(community: str, aggregate: MoneyLine, sources: list[MoneyLine], where: Both,
                     measure_id=None, priority_code=None, scope=None) -> list[Issue]:
    """A "total of all sources" row equals the sum of its source rows, column by column."""
    issues = []
    # (year as labelled, programme year, all-sources cell, source cells); both years None for the total column
    columns: list[tuple[int | None, int | None, Money | None, list[Money | None]]] = [
        (None, None, aggregate.total, [line.total for line in sources])]
    columns += [(year, programme_year, money, [line.years[position][2] for line in sources if position < len(line.years)])
                for position, (year, programme_year, money) in enumerate(aggregate.years)]
    for year, programme_year, stated_money, parts in columns:
        if stated_money is None or not (_has_amount(stated_money) or any(_has_amount(part) for part in parts)):
            continue
        computed = sum((_amount(part) for part in parts), Decimal(0))
        stated = _amount(stated_money)
        if stated == computed:
            continue
        issues.append(Issue(
            community, "total_vs_sources", "error",
            *render("total_vs_sources", where=where, column=_column_words(year), stated=_kuah(stated), computed=_kuah(computed)),
            stated, computed, stated_money.line or aggregate.line, measure_id, priority_code, year,
            scope=scope, programme_year=programme_year, row_key=("row", aggregate.line),
        ))
    return issues


def _lines_checks(community: str, lines: list[MoneyLine], where: Both, measure_id: str | None = None,
                  priority_code: str | None = None, scope: str | None = None) -> list[Issue]:
    """Row totals against their years, and each all-sources line against its sources."""
    issues: list[Issue] = []
    for line in lines:
        issues += row_total_vs_years(community, line, where, measure_id, priority_code, scope)
    sources = [line for line in lines if line.source_class not in (AGGREGATE, None)]
    if sources:
        for aggregate in (line for line in lines if line.source_class == AGGREGATE):
            issues += total_vs_sources(community, aggregate, sources, where, measure_id, priority_code, scope)
    return issues


def arithmetic_checks(parsed: ParsedDocument) -> list[Issue]:
    community = parsed.document.community_id
    issues: list[Issue] = []
    for measure in parsed.tasks.measures:
        where = phrase("where_measure", name=_short(measure.name), line=measure.line)
        issues += _lines_checks(community, measure.lines, where, measure.measure_id, measure.priority_code, "measure")
    for group in parsed.tasks.groups:
        where = phrase("where_group", scope=_scope(group.scope).capitalize(), label=group.label or "—", line=group.line)
        issues += _lines_checks(community, group.lines, where, priority_code=group.priority_code, scope=group.scope)
    return issues


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def completeness_checks(parsed: ParsedDocument, funding: list[dict], has_term_column: bool) -> list[Issue]:
    """Blank totals, money without a year, years outside the period or the measure's term."""
    document = parsed.document
    community = document.community_id
    issues: list[Issue] = []
    for group in parsed.tasks.groups:
        aggregate = [line for line in group.lines if line.source_class == AGGREGATE]
        if aggregate and all(line.all_blank for line in aggregate):
            blank = aggregate[0]
            issues.append(Issue(
                community, "blank_total", "warning",
                *render("blank_total", scope=_scope(group.scope).capitalize(), label=blank.label or group.label),
                None, None, blank.line, priority_code=group.priority_code,
            ))
        labels = sorted({year for line in group.lines for year, _, _ in line.years})
        outside = [year for year in labels if not document.period_start <= year <= document.period_end]
        if outside:
            shown = ", ".join(map(str, labels))
            issues.append(Issue(
                community, "year_outside_period", "warning",
                *render("year_outside_period", "columns", scope=Both(_scope(group.scope).uk.capitalize(),
                                                                      _scope(group.scope).en),
                        years=shown, start=document.period_start, end=document.period_end),
                None, None, group.line,
            ))
    measures = {measure.measure_id: measure for measure in parsed.tasks.measures}
    for row in funding:
        measure = measures[row["measure_id"]]
        name = _short(measure.name)
        if row["year"] is None:
            issues.append(Issue(
                community, "money_without_year", "warning",
                *render("money_without_year", name=name, amount=_kuah(row["amount_kuah"])),
                row["amount_kuah"], None, row["source_line"], measure.measure_id, measure.priority_code,
            ))
            continue
        if not document.period_start <= row["year"] <= document.period_end:
            issues.append(Issue(
                community, "year_outside_period", "warning",
                *render("year_outside_period", "amount", name=name, year=row["year"]),
                row["amount_kuah"], None, row["source_line"], measure.measure_id, measure.priority_code, row["year"],
            ))
        start, end = measure.term_span
        if start and not start <= row["year"] <= end:
            issues.append(Issue(
                community, "year_outside_term", "warning",
                *render("year_outside_term", name=name, term=measure.term, amount=_kuah(row["amount_kuah"]), year=row["year"]),
                row["amount_kuah"], None, row["source_line"], measure.measure_id, measure.priority_code, row["year"],
            ))
    if has_term_column:
        for measure in parsed.tasks.measures:
            if not measure.term:
                issues.append(Issue(
                    community, "term_missing", "info",
                    *render("term_missing", name=_short(measure.name)),
                    None, None, measure.line, measure.measure_id, measure.priority_code,
                ))
    return issues


def indicator_checks(parsed: ParsedDocument) -> list[Issue]:
    """Dynamics agrees with baseline and targets; the unit agrees with the values."""
    issues: list[Issue] = []
    for indicator in parsed.indicators:
        issues += _dynamics_issue(indicator) + _unit_issues(indicator)
    return issues


def _dynamics_issue(indicator: Indicator) -> list[Issue]:
    if not indicator.dynamics_text:
        return []
    name = _short(indicator.name)
    parsed = parse_dynamics(indicator.dynamics_text)
    readings = readings_of(indicator)
    if parsed is None:
        return [Issue(
            indicator.community_id, "indicator_dynamics", "warning",
            *render("indicator_dynamics", "unreadable", name=name, dynamics=indicator.dynamics_text),
            None, None, indicator.line, indicator.measure_id, indicator.priority_code,
        )]
    stated, signed, percent = parsed
    prefix = indicator.semantics
    accepted = [readings.get(f"{prefix}_change"), readings.get(f"{prefix}_final")]
    if prefix == "cumulative" and percent and not signed and indicator.unit_class == "count":
        accepted.append(readings.get("cumulative_ratio"))
    if any(matches_stated(stated, value) for value in accepted):
        return []
    computed = readings.get(f"{prefix}_change")
    return [Issue(
        indicator.community_id, "indicator_dynamics", "warning",
        *render("indicator_dynamics", "mismatch", name=name, dynamics=indicator.dynamics_text,
                computed=_value(computed), reading=phrase("reading_increment" if prefix == "increment" else "reading_cumulative"),
                baseline=_value(indicator.baseline_value), final=_value(indicator.final_value), unit=indicator.unit or ""),
        stated, computed, indicator.line, indicator.measure_id, indicator.priority_code,
    )]


def _value(value) -> Both:
    return both(lambda lang: format_value(value, lang))


def _unit_issues(indicator: Indicator) -> list[Issue]:
    readings = [indicator.baseline_value, indicator.final_value] + [target.value for target in indicator.targets]
    values = [value for value in readings if value is not None]
    name = _short(indicator.name)
    problem = None
    offending = None
    if indicator.unit_class == "percent":
        offending = next((value for value in values if value < 0 or value > 100), None)
        if offending is not None:
            problem = phrase("share_outside_range")
    elif indicator.unit_class == "count":
        offending = next((value for value in values if value != value.to_integral_value()), None)
        if offending is not None:
            problem = phrase("fractional_count")
    if problem is None:
        return []
    return [Issue(
        indicator.community_id, "indicator_unit", "warning",
        *render("indicator_unit", name=name, unit=indicator.unit, value=_value(offending), problem=problem),
        offending, None, indicator.line, indicator.measure_id, indicator.priority_code,
    )]


def reference_checks(parsed: ParsedDocument, reference: dict[str, str]) -> list[Issue]:
    """KATOTTG code and population quoted in the document versus official reference data."""
    community = parsed.document.community_id
    issues = []
    if parsed.katottg and parsed.katottg.value != reference["katottg"]:
        quoted = parsed.katottg.value
        is_centre = quoted == reference.get("centre_katottg")
        centre = Both(reference.get("centre_uk", ""), reference.get("centre_en", ""))
        note = phrase("katottg_centre", centre=centre) if is_centre else NOTHING
        issues.append(Issue(
            community, "katottg_mismatch", "warning",
            *render("katottg_mismatch", quoted=quoted, official=reference["katottg"], note=note),
            None, None, parsed.katottg.line,
        ))
    if parsed.population_claim:
        claimed = int(parsed.population_claim.value)
        official = int(reference["population"])
        if claimed != official:
            issues.append(Issue(
                community, "population_claim", "info",
                *render("population_claim", claimed=both(lambda lang: format_number(claimed, 0, lang=lang)),
                        official=both(lambda lang: format_number(official, 0, lang=lang)), date=reference["population_date"]),
                Decimal(claimed), Decimal(official), parsed.population_claim.line,
            ))
    return issues


def numbering_checks(parsed: ParsedDocument) -> list[Issue]:
    """Item numbers inside one list run 1, 2, 3 ... without gaps."""
    community = parsed.document.community_id
    issues = []
    previous = None  # (list key, number) of the previous numbered measure
    for measure in parsed.tasks.measures:
        if not measure.item_number:
            previous = None
            continue
        parts = measure.item_number.split(".")
        key = (measure.priority_code, tuple(parts[:-1]))
        number = int(parts[-1])
        if previous and previous[0] == key and number > previous[1] + 1:
            shown = ", ".join(map(str, range(previous[1] + 1, number)))
            issues.append(Issue(
                community, "numbering_gap", "info",
                *render("numbering_gap", numbers=shown, name=_short(measure.name)),
                None, None, measure.line, measure.measure_id, measure.priority_code,
            ))
        previous = (key, number)
    return issues


def finding_issues(parsed: ParsedDocument) -> list[Issue]:
    return [Issue(parsed.document.community_id, finding.check_id, finding.severity, finding.message_uk,
                  finding.message_en, None, None, finding.line) for finding in parsed.findings]


def reconciliation_issues(rows: list[dict], no_year: dict[str, Decimal],
                          names: dict[str, tuple[str, str]]) -> list[Issue]:
    """Stated direction, programme, passport and appendix totals against the measures' funding.

    ``rows`` come from the warehouse's ``reconciliation`` table, where the comparison is computed in SQL.
    """
    check_by_scope = {
        "priority": "priority_total_vs_measures",
        "programme": "programme_total_vs_measures",
        "resources": "programme_total_vs_measures",
        "passport": "passport_vs_appendix",
    }
    issues = []
    for row in rows:
        stated, computed = row["amount_kuah"], row["computed_kuah"]
        if stated is None or stated == computed:
            continue
        scope = row["scope"]
        year = row["year"]
        calendar_year = row["period_start"] + row["programme_year"] - 1 if row["programme_year"] else None
        source_class = Both(*names[row["source_class"]]) if row["source_class"] in names else phrase("all_sources")
        where = _scope(scope).capitalize()
        if scope == "priority":
            where = Both(f"{where.uk} {row['priority_code']}", f"{where.en} {row['priority_code']}")
        note = NOTHING
        gap = no_year.get(row["community_id"], Decimal(0))
        if year is not None and gap and stated - computed == gap:
            note = phrase("no_year_gap", gap=_kuah(gap))
        issues.append(Issue(
            row["community_id"], check_by_scope[scope], "error",
            *render(check_by_scope[scope], where=where, source_class=source_class, column=_column_words(year, calendar_year),
                    stated=_kuah(stated), computed=_kuah(computed), note=note),
            stated, computed, row["source_line"], None, row["priority_code"], year,
            scope=scope, programme_year=row["programme_year"],
            row_key=("stated", scope, row["priority_code"], row["measure_id"], row["source_class"], row["label_uk"]),
        ))
    return issues


# The checks that set a figure the document states against one computed from its other figures:
# the one definition of a contradiction every page reads (warehouse table ``contradiction``).
CONTRADICTION_CHECKS = ("row_total_vs_years", "priority_total_vs_measures", "programme_total_vs_measures",
                        "passport_vs_appendix", "total_vs_sources")
# A total of the whole programme (any of these) includes every direction and measure of it.
_WHOLE_PROGRAMME = ("programme", "resources", "passport")
_SCOPE_RANK: dict[str | None, int] = {"measure": 0, "priority": 1}


def is_contradiction(issue: Issue) -> bool:
    return (issue.check_id in CONTRADICTION_CHECKS and issue.stated is not None and issue.computed is not None
            and issue.stated != issue.computed)


def _column(issue: Issue):
    """The year column compared, by programme year (stages labelled with other years still line up)."""
    return issue.programme_year if issue.programme_year is not None else issue.year


def _includes(outer: Issue, inner: Issue) -> bool:
    """Whether the total ``outer`` states includes the money ``inner`` is about."""
    if outer.scope in _WHOLE_PROGRAMME or outer.scope is None:
        return True
    if outer.scope == "priority" and inner.scope in ("priority", "measure") and outer.priority_code:
        code = inner.priority_code or ""
        return code == outer.priority_code or code.startswith(outer.priority_code + ".")
    return outer.scope == "measure" and inner.measure_id == outer.measure_id


def _difference(issue: Issue) -> Decimal:
    """Stated minus computed; only a contradiction (both figures present) has one."""
    if issue.stated is None or issue.computed is None:
        raise ValueError(f"{issue.check_id} on line {issue.source_line} lacks a figure to compare")
    return issue.stated - issue.computed


def _rank(issue: Issue) -> tuple:
    """Causes come first: the narrowest scope, the total column, the earliest line, the row's own sum."""
    return (_SCOPE_RANK.get(issue.scope, 2), _column(issue) is not None, issue.source_line or 0,
            CONTRADICTION_CHECKS.index(issue.check_id))


def root_causes(issues: list[Issue]) -> list[int | None]:
    """For each issue, the index of the finding it follows from (its root cause), or None.

    The rule is the same for every document. A contradiction follows from an earlier-ranked one
    (see ``_rank``) when
    - it is the same fact checked twice: same line, same column, same difference;
    - it is a year of a row whose total column differs by exactly the sum of the row's year differences;
    - it shows the same difference (either sign) in the same column on a total that includes the
      other's money: a measure's slip repeated by its direction's and the programme's totals.
    Chains are followed to the first finding, so every consequence names its root.
    """
    found = [(index, issue) for index, issue in enumerate(issues) if is_contradiction(issue)]
    difference = {index: _difference(issue) for index, issue in found}
    year_sums: dict[tuple, Decimal] = {}
    for index, issue in found:
        if _column(issue) is not None and issue.row_key:
            key = (issue.community_id, issue.check_id, issue.row_key)
            year_sums[key] = year_sums.get(key, Decimal(0)) + difference[index]

    def follows_from(index: int, earlier: int) -> bool:
        issue, other = issues[index], issues[earlier]
        if other.community_id != issue.community_id or _rank(other) >= _rank(issue):
            return False
        if _column(other) == _column(issue):
            if other.source_line == issue.source_line and difference[earlier] == difference[index]:
                return True
            return abs(difference[earlier]) == abs(difference[index]) and _includes(issue, other)
        return (_column(other) is None and other.row_key == issue.row_key and other.check_id == issue.check_id
                and year_sums.get((issue.community_id, issue.check_id, issue.row_key)) == difference[earlier])

    cause: dict[int, int] = {}
    for index, _ in sorted(found, key=lambda pair: _rank(pair[1])):
        candidates = [earlier for earlier, _ in found if follows_from(index, earlier)]
        if candidates:
            first = min(candidates, key=lambda earlier: _rank(issues[earlier]))
            cause[index] = cause.get(first, first)  # ranked earlier, so its own root is already known
    return [cause.get(index) for index in range(len(issues))]
