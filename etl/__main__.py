"""Command line: ``python -m etl build | add | show-source | propose-themes`` (and ``pack``, an alias of
``python -m hromada pack``)."""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from etl.contract import warehouse_path
from etl.errors import OutputError, SourceError, run_command

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = PROJECT / "data"


def default_db() -> Path:
    return warehouse_path(DEFAULT_DATA)


def _money(value) -> str:
    from etl.formatting import format_kuah
    return format_kuah(value, "en") if value is not None else "—"


def command_build(args: argparse.Namespace) -> int:
    from etl.warehouse import build
    started = time.perf_counter()
    report = build(Path(args.db), Path(args.data))
    elapsed = time.perf_counter() - started
    print(f"Built {report.db_path} in {elapsed:.2f} s")
    header = f"{'community':<18} {'measures':>8} {'w/ money':>8} {'funding (sum)':>22} {'stated total':>22} " \
             f"{'indicators':>10} {'issues e/w/i':>13}"
    print(header)
    print("-" * len(header))
    for row in report.summary:
        issues = f"{row['issues_error']}/{row['issues_warning']}/{row['issues_info']}"
        print(f"{row['community_id']:<18} {row['measure_count']:>8} {row['measures_with_money']:>8} "
              f"{_money(row['programme_total_kuah']):>22} {_money(row['stated_total_kuah']):>22} "
              f"{row['indicator_count']:>10} {issues:>13}")
    return 0


def command_show_source(args: argparse.Namespace) -> int:
    from etl.manifest import load_manifest
    documents = {document.community_id: document for document in load_manifest(Path(args.data) / "sources.toml")}
    document = documents.get(args.community)
    if document is None:
        print(f"unknown community {args.community!r}; known: {', '.join(sorted(documents))}", file=sys.stderr)
        return 2
    lines = document.read_lines()
    if not 1 <= args.line <= len(lines):
        print(f"{document.relative_path} has {len(lines)} lines; line {args.line} does not exist", file=sys.stderr)
        return 2
    first = max(1, args.line - args.context)
    last = min(len(lines), args.line + args.context)
    print(f"data/{document.relative_path} (SHA-256 {document.sha256[:12]}…), lines {first}-{last}:")
    for number in range(first, last + 1):
        marker = ">" if number == args.line else " "
        print(f"{marker}{number:>6} | {lines[number - 1].replace(chr(9), '→ ')}")
    return 0


def command_propose_themes(args: argparse.Namespace) -> int:
    """Print measures missing from measure_themes.csv with a keyword-based suggestion."""
    import csv

    from etl import staging
    from etl.extract import parse_document
    from etl.manifest import load_manifest
    from etl.mappings import load_non_monetary, load_source_mapping
    from etl.themes import propose_theme
    from etl.warehouse import Paths
    paths = Paths(Path(args.data))
    sources = load_source_mapping(paths.mappings / "funding_sources.csv")
    phrases = load_non_monetary(paths.mappings / "non_monetary.csv")
    mapped = set()
    mapping_file = paths.mappings / "measure_themes.csv"
    if mapping_file.exists():
        with mapping_file.open(encoding="utf-8", newline="") as handle:
            mapped = {row["measure_id"] for row in csv.DictReader(handle)}
    writer = csv.writer(sys.stdout)
    if args.header:
        writer.writerow(["measure_id", "community_id", "measure_name_uk", "theme_id", "reason"])
    for document in load_manifest(paths.manifest):
        parsed = parse_document(document, sources, phrases)
        for row in staging.measure_rows(parsed):
            if row["measure_id"] in mapped:
                continue
            theme, reason = propose_theme(f"{row['name_uk']} {row['task_uk'] or ''}")
            writer.writerow([row["measure_id"], row["community_id"], row["name_uk"], theme, f"proposed: {reason}"])
    return 0


def command_add(args: argparse.Namespace) -> int:
    """Take a new programme document into data/ (etl/add.py) and print what was read."""
    from decimal import Decimal, InvalidOperation

    from etl.add import Options, add
    try:
        area = Decimal(args.area_km2) if args.area_km2 is not None else None
    except InvalidOperation:
        raise SourceError("--area-km2", None, f"{args.area_km2!r} is not a number of square kilometres") from None
    if args.population_date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.population_date):
        raise SourceError("--population-date", None, f"{args.population_date!r} is not a date such as 2022-01-01")
    options = Options(path=Path(args.path), data=Path(args.data), community_id=args.id, population=args.population,
                      population_date=args.population_date, area_km2=area, name_en=args.name_en,
                      katottg=args.katottg, centre_uk=args.centre_uk, centre_en=args.centre_en, origin=args.origin, dry_run=args.dry_run)
    if not args.dry_run and not args.yes:
        preview = add(Options(**{**options.__dict__, "dry_run": True}))
        print_add_report(preview)
        answer = input("Write the document, its entry and the proposals above into data/? [y/N] ")
        if answer.strip().lower() not in {"y", "yes", "т", "так"}:
            print("Nothing written.")
            return 1
    added = add(options)
    print_add_report(added)
    return 0


def print_add_report(added) -> None:
    from etl.formatting import format_kuah
    found, report, summary = added.found, added.report, added.summary or {}
    print(f"{added.name_uk} ({added.community_id}): {found.title!r}, line {found.title_line}")
    entry = found.entry
    print(f"  layout {entry['layout']}, period {entry['period_start']}-{entry['period_end']}, "
          f"money in {entry['money_unit']}; sections: "
          + ", ".join(section["kind"] for section in entry["section"]))
    print(f"  measures {summary.get('measure_count')} ({summary.get('measures_with_money')} with money), "
          f"indicators {summary.get('indicator_count')}")
    print("  money by year and source (thousand UAH):")
    for year, source_class, amount in report.get("money", []):
        print(f"    {year if year is not None else 'no year':<8} {source_class:<22} {format_kuah(amount, 'en'):>24}")
    print("  stated totals against the measures:")
    for scope, label, year, stated, computed, status, line in report.get("totals", []):
        shown = format_kuah(stated, "en") if stated is not None else "blank"
        print(f"    {added.raw}:{line}  {scope:<10} {str(year or 'total'):<6} stated {shown:>22}  "
              f"computed {format_kuah(computed, 'en'):>22}  {status}  {label[:50]}")
    print("  findings:")
    for severity, line, message in report.get("findings", []):
        print(f"    {added.raw}:{line or '-'}  {severity:<7} {message}")
    print("  not placed:")
    for text in report.get("unplaced", []) or ["(nothing)"]:
        print(f"    {text}")
    for name, rows in added.proposals.items():
        print(f"  proposed in data/mappings/{name} ({len(rows)} rows, to review):")
        for row in rows[:200]:
            subject = row.get("label_uk") or row.get("priority_name_uk") or row.get("measure_name_uk") \
                or row.get("indicator_name_uk")
            value = row.get("source_class") or row.get("theme_id") or row.get("quantity")
            print(f"    {value:<22} {subject[:70]!s}  ({row.get('reason') or row.get('note')})")
    if report.get("missing"):
        print(f"  still needed: {', '.join(report['missing'])}")
    if added.written:
        print("  written: " + ", ".join(added.written))
        print("  next: review the proposals, then `python -m etl build`")
    else:
        print("  dry run: nothing written")


def command_pack(args: argparse.Namespace) -> int:
    """The pack is the dashboard's (``python -m hromada pack``); the producer only hands over, in a
    process of its own, so that ``etl`` never imports ``hromada``."""
    print("`python -m etl pack` moved to `python -m hromada pack`; running that.", file=sys.stderr)
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), environment.get("PYTHONPATH")]))
    return subprocess.call([sys.executable, "-m", "hromada", "pack", *args.arguments], env=environment)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="data directory (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="parse data/raw and write the DuckDB warehouse")
    build.add_argument("--db", default=None, help="output path (default: $PROGRAMMES_DB or data/programmes.duckdb)")
    build.set_defaults(handler=command_build)

    show = commands.add_parser("show-source", help="print the raw document lines around a line")
    show.add_argument("community")
    show.add_argument("line", type=int)
    show.add_argument("--context", type=int, default=3, help="lines before and after (default: %(default)s)")
    show.set_defaults(handler=command_show_source)

    propose = commands.add_parser("propose-themes", help="suggest themes for measures missing from the crosswalk")
    propose.add_argument("--header", action="store_true", help="print the CSV header row")
    propose.set_defaults(handler=command_propose_themes)

    adding = commands.add_parser("add", help="take a new programme document into data/ and report what was read")
    adding.add_argument("path", help="the programme document (UTF-8 text)")
    adding.add_argument("--id", help="community id (default: the centre's name in Latin letters)")
    adding.add_argument("--population", type=int, help="official population (no document states it)")
    adding.add_argument("--population-date", help="date of that population figure, YYYY-MM-DD")
    adding.add_argument("--area-km2", help="area of the community in km²")
    adding.add_argument("--name-en", help="English name (default: national transliteration of the centre)")
    adding.add_argument("--katottg", help="KATOTTG code, where the text does not tell namesakes apart")
    adding.add_argument("--centre-uk", help="the centre as it is written, e.g. «м. Іллінці» (default: the codifier's name)")
    adding.add_argument("--centre-en", help="English name of the centre (default: transliteration)")
    adding.add_argument("--origin", help="where the document was published or copied from (default: its file name)")
    adding.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    adding.add_argument("--yes", action="store_true", help="accept the proposals without asking "
                                                            "(they stay marked as proposals)")
    adding.set_defaults(handler=command_add)

    pack = commands.add_parser("pack", help="moved: runs `python -m hromada pack` with the same arguments",
                               add_help=False)
    pack.set_defaults(handler=command_pack)

    # The pack's own options are hromada's to parse: they are handed over as they came.
    args, unknown = parser.parse_known_args(argv)
    if args.command == "pack":
        args.arguments = unknown
    elif unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if getattr(args, "db", "unset") is None:
        args.db = str(default_db())
    # CheckFailed is a SourceError.
    where = getattr(args, "db", None) or getattr(args, "data", None)
    return run_command(lambda: args.handler(args), (SourceError, OutputError), where)


if __name__ == "__main__":
    sys.exit(main())
