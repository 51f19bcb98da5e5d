"""Command line of the consumer side: ``python -m hromada pack``."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from etl.errors import run_command
from hromada.db import database_path


def command_pack(args: argparse.Namespace) -> int:
    from hromada.pack import build_pack_file
    communities = [item.strip() for item in args.communities.split(",") if item.strip()] if args.communities else None
    started = time.perf_counter()
    out = build_pack_file(Path(args.db), Path(args.out), communities, args.lang, with_images=not args.no_images)
    print(f"Wrote {out} in {time.perf_counter() - started:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hromada", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    pack = commands.add_parser("pack", help="build the workshop pack (ZIP, or XLSX when --out ends in .xlsx)")
    pack.add_argument("--communities", default=None, help="comma-separated ids (default: all)")
    pack.add_argument("--lang", choices=("uk", "en"), default="uk")
    pack.add_argument("--out", required=True)
    pack.add_argument("--db", default=None, help="warehouse (default: $PROGRAMMES_DB or data/programmes.duckdb)")
    pack.add_argument("--no-images", action="store_true", help="skip the PNG charts (no Chromium needed)")
    pack.set_defaults(handler=command_pack)

    args = parser.parse_args(argv)
    if args.db is None:
        args.db = str(database_path())
    # ValueError, LookupError: an unknown community or language, an old schema.
    return run_command(lambda: args.handler(args), (ValueError, LookupError), args.db)


if __name__ == "__main__":
    sys.exit(main())
