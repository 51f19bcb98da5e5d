"""Command line: ``python -m etl build | show-source | propose-themes`` (and ``pack``, an alias of
``python -m hromada pack``)."""
from __future__ import annotations

import argparse
import os
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
