"""What a pack is built from: the language, the communities, the warehouse opened for the build, the
dashboard's names and colours and its default view.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from hromada import queries
from hromada.charts import (
    Lookup,
    make_lookup,
)
from hromada.db import Warehouse, schema_version_of
from hromada.filters import LANGUAGES, Filters


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    return lang


def resolve_communities(warehouse: Warehouse, requested: Sequence[str] | None) -> tuple[str, ...]:
    """The selected ids in the warehouse's order; None means every community."""
    known = list(queries.all_communities(warehouse)["community_id"])
    if requested is None:
        return tuple(known)
    wanted = [str(item).strip() for item in requested if str(item).strip()]
    if not wanted:
        raise ValueError(f"no community selected; known: {', '.join(known)}")
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise ValueError(f"unknown community id(s): {', '.join(unknown)}; known: {', '.join(known)}")
    chosen = set(wanted)
    return tuple(community for community in known if community in chosen)


@contextmanager
def open_warehouse(source: Path | str | Warehouse) -> Iterator[Warehouse]:
    """The warehouse the pack reads: the handle given, or the file at a path, checked and opened
    read-only for this build (and closed after it)."""
    if isinstance(source, Warehouse):
        yield source
        return
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse here; build it with `python -m etl build --db {path}`")
    from etl.contract import SCHEMA_VERSION
    if schema_version_of(path) != SCHEMA_VERSION:
        raise ValueError(f"{path} was built by another schema version; rebuild it with `python -m etl build`")
    warehouse = Warehouse(path)
    try:
        yield warehouse
    finally:
        warehouse.retire()


def chart_lookup(warehouse: Warehouse, lang: str) -> Lookup:
    """The names and colours the dashboard's charts use (built as the pages build theirs)."""
    return make_lookup(lang, queries.all_communities(warehouse), queries.all_themes(warehouse),
                       queries.source_classes(warehouse))


def default_filters(communities: tuple[str, ...], lang: str) -> Filters:
    """The dashboard's default view: every year, every theme, the official population."""
    return Filters(communities=communities, lang=lang)
