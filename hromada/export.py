"""Table downloads: CSV in UTF-8 with BOM (so Excel shows Cyrillic) and XLSX.

Formula-like text never runs, and ordinary text is never defaced:

* XLSX: every text cell is written as a string cell (``t="inlineStr"``), which Excel and
  LibreOffice never evaluate, so no apostrophe is needed; text that begins like a formula also
  gets the invisible *quote prefix* style, so editing the cell later keeps it text.
* CSV has no cell types: a spreadsheet evaluates a cell that begins with = + - @ (OWASP, "CSV
  injection"). Only text that could run gets a leading apostrophe (``neutralize``); values such as
  ``-``, ``+20%`` or ``-5`` stay as written. Numbers stay numbers in both formats.

Figures are written as the dashboard shows them (``KIND_PLACES``): money in thousand UAH exact to
the hryvnia (3 decimals at most), shares in percent 0-100 and per-resident figures to one decimal,
counts as whole numbers, rounded half-up on the exact decimal as ``etl.formatting`` does. XLSX cells
are numbers with an Excel number format (``KIND_FORMATS``; Excel shows them in the reader's locale,
``69 683,0`` or ``69,683.0``); CSV cells are the same rounded figures with a plain decimal point.

Provenance (``About``): an XLSX gets a first sheet "About this file" (the workbook opens on the data
sheet); a CSV starts with ``#`` lines (label, value, file, SHA-256), then the heading row. Excel
shows them as rows above the table; a program skips the leading lines that begin with ``#``
(``pandas.read_csv(path, skiprows=about_line_count)``; not ``comment="#"``, which would also cut
data holding a ``#``).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from hromada.i18n import t

# The dashboard's number kinds (``ui.styled``): places a written figure keeps, and its Excel format.
# Money keeps up to three decimals so every hryvnia shows (25,125 thousand UAH = 25 125 UAH).
KIND_PLACES = {"kuah": 3, "kuah_rounded": 1, "percent": 1, "uah": 1, "count": 0, "integer": 0}
KIND_FORMATS = {"kuah": "#,##0.0##", "kuah_rounded": "#,##0.0", "percent": "0.0", "uah": "#,##0.0",
                "count": "#,##0", "integer": "0"}  # integer: years and line numbers, no thousands separator
# Column names -> kind for the dashboard's frames (before headings are translated); first match wins.
_KIND_RULES = (
    (re.compile(r"(^|_)per_resident"), "uah"),
    (re.compile(r"(^|_)pct$"), "percent"),
    (re.compile(r"^annual_average_kuah$"), "kuah_rounded"),
    (re.compile(r"_kuah$"), "kuah"),
    (re.compile(r"(^|_)(line|line_number|year|programme_year|period_start|period_end)$"), "integer"),
    (re.compile(r"(^|_)(count|population|population_document|measures_with_money|with_target|programme_years|"
                r"with_appendix_indicator|direction_level_indicators)$|^issues_"), "count"),
)

FORMULA_PREFIXES = ("=", "+", "-", "@")
# Rule: after leading tabs/CR/spaces, = or @ always runs; + or - runs unless only digits, spaces and
# . , % ( ) + - / – — follow, because a literal without a letter, | ! : $ " or [ can call no function,
# DDE link, cell or name (e.g. "=HYPERLINK(...)", "-cmd|'/C calc'!A0", "+A1" get the apostrophe).
_LITERAL_TAIL = re.compile(r"[\d\s.,%()+\-/\u2013\u2014]*")


def could_run(text: str) -> bool:
    """Whether a spreadsheet opening this text from a CSV cell would evaluate it as a formula."""
    stripped = text.lstrip(" \t\r\n")
    if not stripped.startswith(FORMULA_PREFIXES):
        return False
    return stripped[0] in "=@" or not _LITERAL_TAIL.fullmatch(stripped[1:])


def neutralize(value):
    """CSV: text that could run as a formula gets a leading apostrophe; everything else is kept."""
    if isinstance(value, str) and could_run(value):
        return "'" + value
    return value


@dataclass(frozen=True)
class About:
    """Where a file's figures come from: the view's filters, the warehouse build and its documents.

    ``rows`` are (label, value, file, SHA-256); the label is interface text, the rest may be empty."""
    sheet: str
    headings: tuple[str, str, str, str]
    rows: tuple[tuple[str, str, str, str], ...]


@dataclass(frozen=True)
class View:
    """The filters a file was made under, by name (as the sidebar shows them)."""
    lang: str
    communities: Sequence[str]
    align: str = "calendar"
    years: tuple[int, int] | None = None  # None: every year, amounts with no year included
    themes: Sequence[str] = ()  # empty: every theme
    denominator: str = "official"
    table: str | None = None


@dataclass(frozen=True)
class DataVersion:
    """Which warehouse: when it was built, the hash over its inputs, and each source document."""
    built_at: datetime
    inputs_sha256: str
    schema_version: str
    documents: Sequence[tuple[str, str, str]]  # (community name, file name, SHA-256)


def about(view: View, version: DataVersion) -> About:
    lang = view.lang
    if view.years is None:
        years = t("about_years_all", lang)
    else:
        years = f"{view.years[0]}–{view.years[1]}" if view.years[0] != view.years[1] else str(view.years[0])
    built = version.built_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    rows = [
        *([(t("about_table", lang), view.table, "", "")] if view.table else []),
        (t("about_communities", lang), "; ".join(view.communities) or t("about_communities_none", lang), "", ""),
        (t("about_align", lang), t(f"align_{view.align}", lang), "", ""),
        (t("about_years", lang), years, "", ""),
        (t("about_themes", lang), "; ".join(view.themes) or t("about_themes_all", lang), "", ""),
        (t("about_population", lang), t(f"denominator_{view.denominator}", lang), "", ""),
        (t("about_language", lang), {"uk": "Українська", "en": "English"}[lang], "", ""),
        (t("about_units", lang), t("about_units_text", lang), "", ""),
        (t("about_built", lang), built, "", ""),
        (t("about_schema", lang), version.schema_version, "", ""),
        (t("about_inputs", lang), "", "", version.inputs_sha256),
        *((t("about_document", lang), name, file, sha) for name, file, sha in version.documents),
    ]
    return About(sheet=t("about_sheet", lang),
                 headings=(t("about_item", lang), t("about_value", lang), t("about_file", lang), "SHA-256"),
                 rows=tuple(rows))


def infer_kinds(frame: pd.DataFrame) -> dict[str, str]:
    """The number kind of each numeric column of a dashboard frame, from its name (``_KIND_RULES``).

    A numeric column no rule names is written as it is ("value": an indicator figure as written)."""
    kinds = {}
    for column in frame.columns:
        name = str(column)
        kind = next((kind for rule, kind in _KIND_RULES if rule.search(name)), None)
        if kind is not None:
            kinds[column] = kind
    return kinds


def shown(value, kind: str | None):
    """A figure rounded as the dashboard shows it: Decimal, int, or the value itself for other kinds
    and for text (a year column may say "no year")."""
    places = KIND_PLACES.get(kind)
    if places is None or is_missing(value) or isinstance(value, (str, bool)):
        return value
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    except (TypeError, ValueError):
        return value
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never -0.0
    return int(rounded) if places == 0 else rounded


def csv_number(value, kind: str | None) -> str | object:
    """The CSV text of a figure: rounded as shown, a plain decimal point, money with 1 to 3 decimals."""
    number = shown(value, kind)
    if not isinstance(number, Decimal):
        return number
    text = format(number, "f")
    if kind == "kuah":  # 69683.000 -> 69683.0, 25.125 stays
        text = text.rstrip("0")
        text = text + "0" if text.endswith(".") else text
    return text


def _plain(value):
    """What an XLSX cell holds: Decimals as floats (Excel has no decimal type)."""
    return float(value) if isinstance(value, Decimal) else value


def _plain_values(frame: pd.DataFrame, kinds: dict | None = None) -> pd.DataFrame:
    """A copy with figures rounded as shown and decimals turned into floats for the writers."""
    kinds = kinds or {}
    plain = frame.copy()
    for column in plain.columns:
        kind = kinds.get(column)
        if kind in KIND_PLACES:
            plain[column] = pd.Series([_plain(shown(value, kind)) for value in plain[column]], index=plain.index,
                                      dtype=object)
        elif plain[column].dtype == object:
            plain[column] = plain[column].map(_plain)
    return plain


def safe_frame(frame: pd.DataFrame, kinds: dict | None = None) -> pd.DataFrame:
    """The frame as a CSV writes it: figures rounded as shown, text that could run neutralised."""
    kinds = kinds or {}
    safe = frame.copy()
    for column in safe.columns:
        kind = kinds.get(column)
        if kind in KIND_PLACES:
            safe[column] = pd.Series([None if is_missing(value) else neutralize(csv_number(value, kind))
                                      for value in safe[column]], index=safe.index, dtype=object)
        elif safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda value: neutralize(_plain(value)))
    safe.columns = [neutralize(str(column)) for column in safe.columns]
    return safe


def about_lines(about: About) -> list[list[str]]:
    """The CSV's leading rows: "# label" first (a label is interface text, so the line starts with #)."""
    return [[f"# {label}", *(neutralize(_one_line(cell)) for cell in cells)] for label, *cells in about.rows]


def _one_line(text: str) -> str:
    """One physical line per fact: a reader skips the leading lines that start with "#"."""
    return re.sub(r"[\r\n]+", " ", text)


def to_csv_bytes(frame: pd.DataFrame, kinds: dict | None = None, about: About | None = None) -> bytes:
    # CRLF line ends (RFC 4180): the writer then quotes any cell holding a bare CR, which would
    # otherwise end the row in Excel.
    buffer = io.StringIO()
    if about is not None:
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerows([[cell for cell in row if cell is not None] for row in about_lines(about)])
    safe_frame(frame, kinds).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data", number_formats: dict[str, str] | None = None,
                  kinds: dict | None = None, about: About | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    write_sheet(sheet, frame, number_formats or {}, kinds=kinds)
    if about is not None:
        write_about(workbook, about)
        workbook.active = 1  # "About" is the first tab; the workbook opens on the data
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_about(workbook: Workbook, about: About) -> None:
    """The first sheet: what the figures are, which view and which data produced them."""
    sheet = workbook.create_sheet(about.sheet[:31], 0)
    frame = pd.DataFrame(list(about.rows), columns=list(about.headings))
    write_sheet(sheet, frame)
    for letter, width in zip("ABCD", (34, 60, 40, 68)):
        sheet.column_dimensions[letter].width = width


def write_cell(sheet, row: int, column: int, value):
    """One cell; text is always a string cell, never a formula (openpyxl reads "=..." as one)."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if value.lstrip(" \t\r\n").startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    else:
        cell.value = None if is_missing(value) else value
    return cell


def write_sheet(sheet, frame: pd.DataFrame, number_formats: dict[str, str] | None = None,
                wrap_columns: set[str] | None = None, kinds: dict | None = None) -> None:
    """Header row frozen and filterable, text as string cells, figures rounded as shown with their
    Excel number format (``kinds``; ``number_formats`` adds formats such as dates), wrapped long text."""
    kinds = kinds or {}
    number_formats = {**{column: KIND_FORMATS[kind] for column, kind in kinds.items() if kind in KIND_FORMATS},
                      **(number_formats or {})}
    plain = _plain_values(frame, kinds)
    headers = [str(column) for column in plain.columns]
    for index, header in enumerate(headers, start=1):
        cell = write_cell(sheet, 1, index, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row, record in enumerate(plain.itertuples(index=False), start=2):
        for index, value in enumerate(record, start=1):
            write_cell(sheet, row, index, value)
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        values = [str(value) for value in plain.iloc[:, index - 1].tolist() if not is_missing(value)]
        longest = max([len(headers[index - 1])] + [len(value) for value in values]) if values else len(headers[index - 1])
        wrap = (wrap_columns and column in wrap_columns) or longest > 60
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
        for cell in sheet[letter][1:]:
            if column in number_formats and not isinstance(cell.value, str):
                cell.number_format = number_formats[column]
            if wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def is_missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
