"""``python -m etl add PATH``: take a programme document the build has never seen into data/.

Everything the text states is read by etl/inference.py at build time, so the manifest entry is
short: the community id, the file and its SHA-256. What no document states (the official
population and its date, the area) comes from the command line; the community itself is looked up
in data/reference/hromadas_katottg.csv. Themes, indicator readings and unseen funding phrases are
proposed into the mapping files, each marked as a proposal with its reason, for a person to review.

The work is done in a temporary copy of the data directory, built there, and reported; only then
(and never with ``--dry-run``) are the changed files copied back.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from etl.errors import SourceError
from etl.inference import Found, infer_entry
from etl.mappings import UnknownSource, propose_source_class
from etl.reference import find_community, load_hromadas, load_oblast_names, transliterate
from etl.text import decode_utf8, parse_amount, text_lines
from etl.themes import propose_theme

# Proposals a build of a new document can need, at most; beyond that the document is not a programme.
MAX_PROPOSALS = 500
_ID = re.compile(r"^[a-z][a-z0-9_-]{1,40}$")
REFERENCE_COLUMNS = ("community_id", "name_uk", "name_en", "oblast_uk", "oblast_en", "raion_uk", "raion_en", "katottg",
                     "centre_uk", "centre_en", "centre_katottg", "area_km2", "population", "population_date",
                     "settlements", "lat", "lon", "osm_relation", "wikidata")


@dataclass
class Options:
    path: Path
    data: Path
    community_id: str | None = None
    population: int | None = None
    population_date: str | None = None
    area_km2: Decimal | None = None
    name_en: str | None = None
    katottg: str | None = None
    centre_uk: str | None = None  # "м. Іллінці": the codifier list keeps no settlement category
    centre_en: str | None = None
    origin: str | None = None
    dry_run: bool = False


@dataclass
class Added:
    community_id: str
    name_uk: str
    raw: str  # relative to data/
    sha256: str
    found: Found
    proposals: dict[str, list[dict]] = field(default_factory=dict)  # mapping file -> rows proposed
    summary: dict | None = None
    report: dict = field(default_factory=dict)
    written: list[str] = field(default_factory=list)


def _append_rows(path: Path, rows: list[dict]) -> None:
    """Append rows under the file's own header (a `review` column, where the file has one, says proposed)."""
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([row.get(column, "proposed" if column == "review" else "") for column in header])
    path.write_text(text + ("" if text.endswith("\n") else "\n") + out.getvalue(), encoding="utf-8")


def _default_id(centre: str, stem: str) -> str:
    latin = transliterate(centre or stem[:-2]).lower()
    return re.sub(r"[^a-z0-9]+", "-", latin).strip("-")


def _reference_row(options: Options, data: Path, lines: list[str], path: str) -> dict:
    hromadas = load_hromadas(data / "reference" / "hromadas_katottg.csv")
    if options.katottg:
        chosen = [hromada for hromada in hromadas if hromada.katottg == options.katottg]
        if not chosen:
            raise SourceError(path, None, f"--katottg {options.katottg} is not in data/reference/hromadas_katottg.csv")
        hromada, kind = chosen[0], find_community(lines, hromadas, path).kind if _names_any(lines, hromadas) else "міська"
    else:
        identified = find_community(lines, hromadas, path)
        hromada, kind = identified.hromada, identified.kind
    oblasts = load_oblast_names(data / "reference" / "oblasts.csv")
    centre = hromada.centre_uk
    name_en = options.name_en or transliterate(centre or hromada.name_stem_uk)
    return {
        "community_id": options.community_id or _default_id(centre, hromada.name_stem_uk),
        "name_uk": f"{hromada.name_stem_uk} {kind} територіальна громада", "name_en": name_en,
        "oblast_uk": f"{hromada.oblast_uk} область", "oblast_en": oblasts.get(hromada.oblast_uk, ""),
        "raion_uk": f"{hromada.raion_uk} район", "raion_en": f"{transliterate(hromada.raion_uk)} Raion",
        "katottg": hromada.katottg, "centre_uk": options.centre_uk or centre, "centre_en": options.centre_en or transliterate(centre),
        "centre_katottg": hromada.centre_katottg,
        "area_km2": str(options.area_km2) if options.area_km2 is not None else "",
        "population": str(options.population) if options.population is not None else "",
        "population_date": options.population_date or "", "settlements": str(hromada.settlements),
        "lat": "", "lon": "", "osm_relation": "", "wikidata": "",
    }


def _names_any(lines: list[str], hromadas) -> bool:
    try:
        find_community(lines, hromadas, "")
    except SourceError:
        return False
    return True


def _manifest_entry(community_id: str, raw: str, sha256: str, origin: str) -> str:
    return (f'\n[[document]]\ncommunity_id = "{community_id}"\nfile = "{raw}"\nsha256 = "{sha256}"\n'
            f'origin = "{origin}"\n# Everything else is read from the text (etl/inference.py).\n')


def _build(work: Path):
    from etl.warehouse import build  # the build loads DuckDB: only when it runs
    return build(work / "check.duckdb", work)


def _propose_sources(work: Path, added: Added) -> None:
    """Stage until every funding phrase of the new document has a row, proposing one per unseen phrase."""
    path = work / "mappings" / "funding_sources.csv"
    for _ in range(MAX_PROPOSALS):
        try:
            _stage_mapped_sources(work)
            return
        except UnknownSource as error:
            if error.path != added.raw:
                raise
            if any(row["label_uk"] == error.label for row in added.proposals.get("funding_sources.csv", [])):
                raise  # proposed already, and still not read: the row is not a funding line
            source_class, reason = propose_source_class(error.label)
            row = {"label_uk": error.label, "source_class": source_class,
                   "note": f"proposed: {reason} ({added.community_id}, line {error.line})"}
            _append_rows(path, [row])
            added.proposals.setdefault("funding_sources.csv", []).append(row)
    raise SourceError(added.raw, None, f"more than {MAX_PROPOSALS} unseen funding phrases: is this a programme?")


_MONEY_WORDS = re.compile(r"бюджет|кошт|обсяг", re.IGNORECASE)


def _propose_blank_sources(work: Path, added: Added) -> None:
    """Rows that name money in their label or source column but state no figure are funding lines left
    blank (the build reports blank totals, or reads them as headings), so their phrases are proposed too."""
    from etl.manifest import load_manifest
    from etl.mappings import load_source_mapping
    from etl.programme import section_rows
    from etl.tables import FIGURE_ROLES, fit
    from etl.text import clean_cell
    sources = load_source_mapping(work / "mappings" / "funding_sources.csv")
    document = next(doc for doc in load_manifest(work / "sources.toml") if doc.community_id == added.community_id)
    lines = document.read_lines()
    rows = []
    for section in document.sections:
        if section.kind == "indicators":
            continue
        # Passport and resource rows name their source in the label column, task rows in the source column.
        column = "source" if section.kind == "tasks" else "label"
        for row in section_rows(document, lines, section):
            if not row.non_empty():
                continue
            try:
                fitted = fit(row, section.spec, document.relative_path)
            except SourceError:
                continue  # a row the build reads otherwise (column numbers) or reports itself
            label = clean_cell(fitted.text(column))
            others = [cell for role, cells in fitted.roles.items() if role not in {column, "number"}
                      for cell in cells if not cell.empty]
            if (not label or others or sources.lookup(label) or not _MONEY_WORDS.search(label)
                    or any(role in FIGURE_ROLES for role in fitted.roles) is False):
                continue
            source_class, reason = propose_source_class(label)
            rows.append({"label_uk": label, "source_class": source_class,
                         "note": f"proposed: {reason}; stated blank ({added.community_id}, line {row.line})"})
            sources.classes[label.lower()] = source_class
    if rows:
        _append_rows(work / "mappings" / "funding_sources.csv", rows)
        added.proposals.setdefault("funding_sources.csv", []).extend(rows)


def _stage_mapped_sources(work: Path) -> None:
    """Parse every document (mapping files of themes and indicators are checked later, not here)."""
    from etl.extract import parse_document
    from etl.manifest import load_manifest
    from etl.mappings import load_non_monetary, load_source_mapping
    sources = load_source_mapping(work / "mappings" / "funding_sources.csv")
    phrases = load_non_monetary(work / "mappings" / "non_monetary.csv")
    for document in load_manifest(work / "sources.toml"):
        parse_document(document, sources, phrases)


def _propose_crosswalks(work: Path, added: Added) -> None:
    from etl import staging
    from etl.extract import parse_document
    from etl.manifest import load_manifest
    from etl.mappings import load_non_monetary, load_source_mapping
    sources = load_source_mapping(work / "mappings" / "funding_sources.csv")
    phrases = load_non_monetary(work / "mappings" / "non_monetary.csv")
    document = next(doc for doc in load_manifest(work / "sources.toml") if doc.community_id == added.community_id)
    parsed = parse_document(document, sources, phrases)
    priorities = []
    for priority in staging.priority_rows(parsed):
        theme, reason = propose_theme(priority["name_uk"])
        priorities.append({"community_id": added.community_id, "priority_code": priority["priority_code"],
                           "priority_name_uk": priority["name_uk"], "theme_id": theme, "reason": f"proposed: {reason}"})
    measures = []
    for measure in staging.measure_rows(parsed):
        theme, reason = propose_theme(f"{measure['name_uk']} {measure['task_uk'] or ''}")
        measures.append({"measure_id": measure["measure_id"], "community_id": added.community_id,
                         "measure_name_uk": measure["name_uk"], "theme_id": theme, "reason": f"proposed: {reason}"})
    indicators = []
    for indicator in staging.indicator_rows(parsed)[0]:
        quantity, reason = _proposed_reading(indicator)
        indicators.append({"indicator_id": indicator["indicator_id"], "indicator_name_uk": indicator["name_uk"],
                           "quantity": quantity, "polarity": "higher_is_better", "reason": f"proposed: {reason}"})
    for name, rows in (("priority_themes.csv", priorities), ("measure_themes.csv", measures),
                       ("indicator_polarity.csv", indicators)):
        if rows:
            _append_rows(work / "mappings" / name, rows)
            added.proposals[name] = rows


def _proposed_reading(indicator: dict) -> tuple[str, str]:
    """What an indicator's number measures, from its unit; up is proposed as better, for a person to check."""
    unit_class = indicator["unit_class"]
    if unit_class == "percent":
        return "share", "a percentage: a larger share is proposed as closer to the aim"
    if unit_class == "yes_no":
        return "status", "yes/no: «так» is proposed as better than «ні»"
    return "count", "a count: more is proposed as better"


def add(options: Options) -> Added:
    source = Path(options.path)
    if not source.is_file():
        raise SourceError(source, None, "no such file")
    data_bytes = source.read_bytes()
    lines = text_lines(decode_utf8(data_bytes, source), source)
    found = infer_entry(lines, str(source))
    reference = _reference_row(options, options.data, lines, str(source))
    community_id = reference["community_id"]
    if not _ID.match(community_id):
        raise SourceError(source, None, f"community id {community_id!r} must be lower-case Latin letters, digits, "
                                        "'-' or '_'; give --id")
    sha256 = hashlib.sha256(data_bytes).hexdigest()
    start, end = found.entry["period_start"], found.entry["period_end"]
    raw = f"raw/{community_id}_{start}-{end}.txt"
    added = Added(community_id=community_id, name_uk=reference["name_uk"], raw=raw, sha256=sha256, found=found)
    missing = [flag for flag, key in (("--population", "population"), ("--population-date", "population_date"),
                                      ("--area-km2", "area_km2")) if not reference[key]]
    with tempfile.TemporaryDirectory(prefix="etl-add-") as temporary:
        work = Path(temporary) / "data"
        shutil.copytree(options.data, work, ignore=shutil.ignore_patterns("*.duckdb", "*.duckdb.*", "*.wal"))
        manifest_text = (work / "sources.toml").read_text(encoding="utf-8")
        if re.search(rf'''^\s*community_id\s*=\s*["']{re.escape(community_id)}["']''', manifest_text, re.MULTILINE):
            raise SourceError(options.data / "sources.toml", None,
                              f"community {community_id!r} is already listed; give another --id")
        for document_line in manifest_text.splitlines():
            if sha256 in document_line:
                raise SourceError(options.data / "sources.toml", None, f"this very file is already listed ({sha256[:12]}…)")
        (work / raw).write_bytes(data_bytes)
        entry = _manifest_entry(community_id, raw, sha256, options.origin or source.name)
        (work / "sources.toml").write_text(manifest_text.rstrip("\n") + "\n" + entry, encoding="utf-8")
        reference_row = dict(reference, population=reference["population"] or "1",
                             population_date=reference["population_date"] or "1900-01-01",
                             area_km2=reference["area_km2"] or "1")
        _append_rows(work / "reference" / "communities.csv", [reference_row])
        _propose_blank_sources(work, added)
        _propose_sources(work, added)
        _propose_crosswalks(work, added)
        report = _build(work)
        added.summary = next(row for row in report.summary if row["community_id"] == community_id)
        added.report = _report(work / "check.duckdb", community_id, found, raw)
        if missing:
            added.report["missing"] = missing
        if options.dry_run:
            return added
        if missing:
            raise SourceError(source, None, f"{', '.join(missing)} must be given: no document states the official "
                                            "figure (see data/reference/README.md); or use --dry-run")
        (options.data / raw).write_bytes(data_bytes)
        (options.data / "sources.toml").write_text(manifest_text.rstrip("\n") + "\n" + entry, encoding="utf-8")
        _append_rows(options.data / "reference" / "communities.csv", [reference])
        added.written = [f"data/{raw}", "data/sources.toml", "data/reference/communities.csv"]
        for name, rows in added.proposals.items():
            _append_rows(options.data / "mappings" / name, rows)
            added.written.append(f"data/mappings/{name}")
    return added


def _report(db: Path, community_id: str, found: Found, raw: str) -> dict:
    """What was read, from the warehouse built in the temporary copy: the same tables the dashboard reads."""
    import duckdb
    with duckdb.connect(str(db), read_only=True) as connection:
        def rows(sql: str) -> list[tuple]:
            return connection.execute(sql, [community_id]).fetchall()
        return {
            "money": rows("SELECT f.year, f.source_class, sum(f.amount_kuah) FROM funding AS f "
                          "JOIN measure AS m USING (measure_id) WHERE m.community_id = ? "
                          "GROUP BY ALL ORDER BY f.year NULLS LAST, f.source_class"),
            "totals": rows("SELECT scope, label_uk, year, amount_kuah, computed_kuah, status, source_line "
                           "FROM reconciliation WHERE community_id = ? AND scope <> 'measure' "
                           "ORDER BY source_line, year NULLS FIRST"),
            "findings": rows("SELECT severity, source_line, message_en FROM data_issue WHERE community_id = ? "
                             "ORDER BY source_line NULLS FIRST, check_id"),
            "unplaced": [f"{raw}: {text}" for text in found.unplaced] + _unplaced_lines(connection, community_id, raw, db.parent),
        }


def _unplaced_lines(connection, community_id: str, raw: str, work: Path) -> list[str]:
    """Table rows of the document that hold a figure but of which the build read no line (``file:line: text``)."""
    from etl.manifest import load_manifest
    from etl.programme import section_rows
    from etl.text import clean_cell
    read = {row[0] for row in connection.execute(
        "SELECT f.source_line FROM funding AS f JOIN measure AS m USING (measure_id) WHERE m.community_id = $1 "
        "UNION SELECT source_line FROM stated_total WHERE community_id = $1 "
        "UNION SELECT source_line FROM measure WHERE community_id = $1 "
        "UNION SELECT expected_result_line FROM measure WHERE community_id = $1 "
        "UNION SELECT source_line FROM indicator WHERE community_id = $1 "
        "UNION SELECT source_line FROM priority WHERE community_id = $1 "
        "UNION SELECT source_line FROM data_issue WHERE community_id = $1", [community_id]).fetchall()}
    document = next(doc for doc in load_manifest(work / "sources.toml") if doc.community_id == community_id)
    lines = document.read_lines()
    unplaced = []
    for section in document.sections:
        for row in section_rows(document, lines, section):
            cells = row.non_empty()
            # The first cell is an item number or a label; figures stand after it.
            values = [clean_cell(cell.text) for cell in cells]
            figures = [value for value in values[1:] if parse_amount(value) is not None]
            # Rows that read no line but hold no money: column numbers, the years over the columns.
            if (any(cell.line in read for cell in row.cells) or not figures
                    or values == [str(number) for number in range(1, len(values) + 1)]
                    or all(re.fullmatch(r"20\d\d", value) for value in figures)):
                continue
            text = " | ".join(clean_cell(cell.text) for cell in cells)
            unplaced.append(f"{raw}:{row.line}: {section.kind} row not read: {text[:100]}")
    return unplaced
