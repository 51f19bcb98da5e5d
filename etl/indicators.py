"""Indicators: the documents' indicator appendices, or quantified expected results of measures.

Whether an indicator's yearly values are levels (``cumulative``) or additions (``increment``) is
decided per indicator by the rule in ``decide_semantics``; docs/methodology.md states it in words.

Two reviewed mappings say how an indicator may be compared (``load_readings``, ``check_families``):
``indicator_polarity.csv`` gives every indicator what its number measures and whether up is good;
``indicator_families.csv`` may only group indicators whose numbers can share an axis.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from pathlib import Path

from etl.errors import SourceError
from etl.limits import indicator_limit
from etl.manifest import Document, Section
from etl.mappings import read_csv, reviewed_subject
from etl.model import Row
from etl.programme import Measure
from etl.tables import fit, year_header
from etl.text import clean_cell, normalize_label, parse_amount, years_in

YES = {"так", "є", "yes"}
NO = {"ні", "немає", "no"}
_DYNAMICS = re.compile(r"^(?P<sign>[+\-−])?\s*(?P<number>\d+(?:[,.]\d+)?)\s*(?P<percent>%)?$")
_ITEM = re.compile(r"^(\d+(?:\.\d+)+)\.?\s")


@dataclass
class Target:
    year: int
    value: Decimal | None
    text: str


@dataclass
class Indicator:
    community_id: str
    sequence: int
    priority_code: str | None
    measure_id: str | None
    name: str
    unit: str | None
    baseline_value: Decimal | None
    baseline_text: str | None
    targets: list[Target]
    dynamics_text: str | None
    origin: str  # "appendix" or "expected_result"
    line: int
    item_number: str | None = None
    context: str | None = None
    semantics: str = "cumulative"
    final_value: Decimal | None = None

    @property
    def indicator_id(self) -> str:
        return f"{self.community_id}-i{self.sequence:03d}"

    @property
    def unit_class(self) -> str:
        unit = (self.unit or "").lower()
        if "%" in unit or "відсот" in unit:
            return "percent"
        if "так" in unit or "ні" in unit:
            return "yes_no"
        return "count"


def read_value(text: str, path: str, line: int) -> Decimal | None:
    value = clean_cell(text)
    if not value:
        return None
    if value.lower() in YES:
        return Decimal(1)
    if value.lower() in NO:
        return Decimal(0)
    number = parse_amount(value.rstrip("%").strip())
    if number is None:
        raise SourceError(path, line, f"{value!r} is not an indicator value (a number, Так or Ні)")
    return number


def parse_dynamics(text: str | None) -> tuple[Decimal, bool, bool] | None:
    """(number, signed, percent) from a dynamics cell such as ``+20%``, ``100%`` or ``9``."""
    match = _DYNAMICS.match(clean_cell(text or ""))
    if not match:
        return None
    number = Decimal(match["number"].replace(",", "."))
    if match["sign"] in {"-", "−"}:
        number = -number
    return number, bool(match["sign"]), bool(match["percent"])


def _decimals(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def matches_stated(stated: Decimal, computed: Decimal | None) -> bool:
    """Equal once the computed figure is rounded to the precision the document writes."""
    if computed is None:
        return False
    places = _decimals(stated)
    with localcontext() as context:  # enough digits that rounding to the stated places cannot overflow
        context.prec = max(context.prec, computed.adjusted() + places + 2)
        return round(computed, places) == stated


def readings_of(indicator: Indicator) -> dict[str, Decimal | None]:
    values = [target.value for target in indicator.targets if target.value is not None]
    baseline = indicator.baseline_value or Decimal(0)
    if not values:
        return {}
    last = values[-1]
    scale = Decimal(100) if indicator.unit_class == "yes_no" else Decimal(1)
    return {
        "cumulative_change": (last - baseline) * scale,
        "cumulative_final": last * scale,
        "cumulative_ratio": (last / baseline * 100) if baseline else None,
        "increment_change": sum(values) * scale,
        "increment_final": (baseline + sum(values)) * scale,
    }


def decide_semantics(indicator: Indicator) -> None:
    """Pick cumulative or increment and compute the final target.

    1. Yes/no indicators are levels (cumulative).
    2. Otherwise the dynamics column decides when it matches exactly one reading: the change or
       final level of the cumulative reading (or, for an unsigned percentage, final over baseline),
       or the sum / baseline-plus-sum of the increment reading.
    3. When the dynamics fits neither, targets that never fall below the previous value are
       levels; targets that fall back are additions.
    """
    values = [target.value for target in indicator.targets if target.value is not None]
    if not values:
        indicator.semantics, indicator.final_value = "cumulative", None
        return
    baseline = indicator.baseline_value or Decimal(0)
    non_decreasing = all(later >= earlier for earlier, later in itertools.pairwise([baseline] + values))
    readings = readings_of(indicator)
    dynamics = parse_dynamics(indicator.dynamics_text)
    semantics = None
    if indicator.unit_class == "yes_no":
        semantics = "cumulative"
    elif dynamics is not None:
        stated, signed, percent = dynamics
        cumulative = [readings["cumulative_change"], readings["cumulative_final"]]
        if percent and not signed and indicator.unit_class == "count":
            cumulative.append(readings["cumulative_ratio"])
        increment = [readings["increment_change"], readings["increment_final"]]
        fits_cumulative = any(matches_stated(stated, value) for value in cumulative)
        fits_increment = any(matches_stated(stated, value) for value in increment)
        if fits_cumulative and (non_decreasing or not fits_increment):
            semantics = "cumulative"
        elif fits_increment:
            semantics = "increment"
    if semantics is None:
        semantics = "cumulative" if non_decreasing else "increment"
    indicator.semantics = semantics
    indicator.final_value = values[-1] if semantics == "cumulative" else baseline + sum(values)


def check_fits(indicator: Indicator, path: str) -> None:
    """Every figure stored or reported for the indicator must fit the warehouse's DECIMAL columns."""
    limit = indicator_limit()
    dynamics = parse_dynamics(indicator.dynamics_text)
    figures = [indicator.baseline_value, indicator.final_value, dynamics[0] if dynamics else None,
               *(target.value for target in indicator.targets), *readings_of(indicator).values()]
    if any(value is not None and abs(value) >= limit for value in figures):
        raise SourceError(path, indicator.line,
                          f"indicator {indicator.name[:60]!r} has a figure, or a change or total computed "
                          f"from its figures, of {limit:,.0f} or more, which the warehouse cannot hold")


def parse_indicator_table(document: Document, section: Section, rows: list[Row], year_labels: list[int],
                          first_sequence: int, measures_by_item: dict[str, str],
                          priority_codes: set[str]) -> list[Indicator]:
    path = document.relative_path
    header = re.compile(section.option("header_pattern", r"^$"))
    indicators: list[Indicator] = []
    group_code: str | None = None
    years = list(year_labels)
    sequence = first_sequence
    for row in rows:
        cells = row.non_empty()
        if not cells:
            continue
        first = clean_cell(cells[0].text)
        if header.search(first) or (len(cells) == 1 and parse_amount(first) is None):
            continue
        fitted = fit(row, section.spec, path)
        year_cells = fitted.roles.get("year", [])
        header_years = year_header(fitted)
        if header_years is not None:
            years = [year for year, _ in header_years]
            repeated = next((year for year in years if years.count(year) > 1), None)
            if repeated is not None:
                raise SourceError(path, row.line, f"the indicator table's header names the year {repeated} twice")
            continue
        if fitted.text("number"):
            group_code = clean_cell(fitted.text("number")).rstrip(".")
        name = fitted.text("name")
        if not name:
            continue
        if len(years) != len(year_cells):
            raise SourceError(path, row.line, "indicator table has no header row with the target years")
        unit = fitted.text("unit") or None
        indicator = Indicator(
            community_id=document.community_id, sequence=sequence,
            priority_code=group_code if group_code in priority_codes else None,
            measure_id=None, name=name, unit=unit, baseline_value=None,
            baseline_text=fitted.text("baseline") or None, targets=[],
            dynamics_text=fitted.text("dynamics") or None, origin="appendix",
            line=(fitted.cell("name") or row.cells[0]).line,
        )
        baseline_cell = fitted.cell("baseline")
        indicator.baseline_value = read_value(indicator.baseline_text or "", path,
                                              baseline_cell.line if baseline_cell else row.line)
        indicator.targets = [
            Target(year=year, value=read_value(cell.text, path, cell.line), text=clean_cell(cell.text))
            for year, cell in zip(years, year_cells, strict=True)
        ]
        item = _ITEM.match(clean_cell(name) + " ")
        if item:
            indicator.item_number = item.group(1)
            indicator.measure_id = measures_by_item.get(item.group(1))
        decide_semantics(indicator)
        check_fits(indicator, path)
        indicators.append(indicator)
        sequence += 1
    return indicators


# --- Quantified expected results -------------------------------------------------------------

# A count in an expected result: "не менше 30 одиниць", "4 нових камери", "6 wi-fi точок".
_QUANTITY = re.compile(
    r"(?P<prefix>не\s+менше(?:\s+ніж)?\s+)?(?<![\d.,/])(?P<value>\d+)(?![\d.,%/])\s+(?P<word>[^\s\d,.;:()]+)"
)
# Words after a number that make it something other than a count of delivered things.
_NOT_COUNTS = {
    "вт", "квт", "g", "грн", "тис", "км", "м", "рік", "року", "роки", "років", "р",
    "разу", "рази", "разів", "раз", "%", "відсотків",
}
_PER_YEAR = re.compile(r"щороку|щорічно|кожного року|на рік|протягом року", re.IGNORECASE)
# A break on "та" is tried only at the first character of a run of spaces (newlines included), so a
# long run is scanned once, not once per space. Trying it before "\n" only drops empty clauses.
_CLAUSE_BREAK = re.compile(r"(?<!\s)\s++та\s++(?=(?:не\s+менше\s+)?\d)|[;\n]|,\s++(?=\d)")
_WEAK_BREAK = re.compile(r",\s++|(?<!\s)\s++(?:та|і)\s++")


def _counts(clause: str) -> list[Decimal]:
    values = []
    for match in _QUANTITY.finditer(clause):
        word = match["word"].lower().strip("«»\"'")
        if word not in _NOT_COUNTS and not years_in(match["value"]):
            values.append(Decimal(match["value"]))
    return values


def _quantities(text: str) -> list[tuple[str, Decimal]]:
    """(clause, value) for each counted quantity; the clause names the indicator."""
    found = []
    for clause in _CLAUSE_BREAK.split(text):
        clause = clean_cell(clause).strip(" ,.")
        parts = [clause]
        if len(_counts(clause)) > 1:  # "30 одиниць та ... 10 одиниць": one clause per count
            parts = [clean_cell(part).strip(" ,.") for part in _WEAK_BREAK.split(clause)]
        for part in parts:
            found += [(part, value) for value in _counts(part)]
    return found


def indicators_from_results(document: Document, measures: list[Measure], first_sequence: int) -> list[Indicator]:
    indicators: list[Indicator] = []
    sequence = first_sequence
    for measure in measures:
        text = measure.expected_result or ""
        quantities = _quantities(text)
        single = len(quantities) == 1
        per_year = bool(_PER_YEAR.search(text))
        start, end = measure.term_span
        start = start or document.period_start
        end = end or document.period_end
        for clause, value in quantities:
            years = list(range(start, end + 1)) if per_year else [end]
            indicator = Indicator(
                community_id=document.community_id, sequence=sequence, priority_code=measure.priority_code,
                measure_id=measure.measure_id, name=clean_cell(text) if single else clause,
                unit="од.", baseline_value=None, baseline_text=None,
                targets=[Target(year=year, value=value, text=clause) for year in years],
                dynamics_text=None, origin="expected_result", line=measure.result_line or measure.line,
                context=clean_cell(text),
            )
            indicator.semantics = "increment" if per_year else "cumulative"
            indicator.final_value = value * len(years) if per_year else value
            check_fits(indicator, document.relative_path)
            indicators.append(indicator)
            sequence += 1
    return indicators



# --- How indicators may be compared ------------------------------------------------------------

# What a number measures, by unit class: a percentage is either a share of something covered
# (officials trained, services online) or how far a measure is carried out; the two never compare.
QUANTITIES = {"percent": ("share", "completion"), "count": ("count",), "yes_no": ("status",)}
POLARITIES = ("higher_is_better", "lower_is_better")
# Units that all mean "pieces": one wi-fi point in "од." is one in "шт.".
PIECES = {"од", "шт", "одиниць", "одиниці", "одиниця", "штук"}


def unit_kind(unit: str | None, unit_class: str) -> str:
    """What a value is counted in, so that two indicators with the same kind can share an axis."""
    if unit_class != "count":
        return unit_class
    text = normalize_label(unit or "").strip(" .")
    return "pieces" if text in PIECES or not text else text


def load_readings(mappings: Path, indicators: list[dict]) -> list[dict]:
    """The reviewed reading of every indicator: what its number measures and whether up is good.

    Every indicator needs exactly one row; unknown ids, stale names, a quantity its unit cannot
    carry and a missing indicator fail the build with the file and line to fix.
    """
    path = mappings / "indicator_polarity.csv"
    rows = read_csv(path, ("indicator_id", "indicator_name_uk", "quantity", "polarity", "reason"))
    known = {row["indicator_id"]: row for row in indicators}
    readings: dict[str, dict] = {}
    for row in rows:
        line = int(row["_line"])
        indicator = reviewed_subject(path, row, known, "indicator_id", "indicator_name_uk", "indicator", readings)
        allowed = QUANTITIES[indicator["unit_class"]]
        if row["quantity"] not in allowed:
            raise SourceError(path, line, f"indicator {row['indicator_id']} is measured in {indicator['unit']!r}, "
                                          f"so its quantity must be one of {', '.join(allowed)}, not {row['quantity']!r}")
        if row["polarity"] not in POLARITIES:
            raise SourceError(path, line, f"polarity must be one of {', '.join(POLARITIES)}, not {row['polarity']!r}")
        if not row["reason"]:
            raise SourceError(path, line, "give a short reason for the quantity and polarity")
        readings[row["indicator_id"]] = {"indicator_id": row["indicator_id"], "quantity": row["quantity"],
                                         "polarity": row["polarity"], "reason": row["reason"]}
    missing = [indicator_id for indicator_id in known if indicator_id not in readings]
    if missing:
        first = known[missing[0]]
        raise SourceError(path, None,
                          f"{len(missing)} indicator(s) have no quantity and polarity, e.g. {missing[0]} "
                          f"({first['name_uk'][:60]!r}, unit {first['unit']!r}); add them to this file")
    return list(readings.values())


def check_families(mappings: Path, indicators: list[dict], readings: list[dict]) -> None:
    """A family puts its members on one axis, so they must share unit class, unit and quantity.

    The first member of a family sets what it measures; a later row that differs is the line to fix
    (split the family or drop the row).
    """
    path = mappings / "indicator_families.csv"
    known = {row["indicator_id"]: row for row in indicators}
    quantity = {row["indicator_id"]: row["quantity"] for row in readings}
    first: dict[str, tuple[tuple[str, str, str], str, int]] = {}
    for row in read_csv(path, ("family_id", "indicator_id")):
        indicator = known.get(row["indicator_id"])
        if indicator is None:  # the crosswalk loader names unknown ids
            continue
        line = int(row["_line"])
        measured = (indicator["unit_class"], unit_kind(indicator["unit"], indicator["unit_class"]),
                    quantity[row["indicator_id"]])
        family, (expected, member, first_line) = row["family_id"], first.setdefault(
            row["family_id"], (measured, row["indicator_id"], line))
        if measured != expected:
            raise SourceError(path, line, f"family {family} mixes {row['indicator_id']} ({_described(measured)}) with "
                                          f"{member} on line {first_line} ({_described(expected)}); their values "
                                          "cannot share an axis: split the family or drop this row")


def _described(measured: tuple[str, str, str]) -> str:
    unit_class, kind, quantity = measured
    return f"unit class {unit_class}, unit {kind}, quantity {quantity}"
