"""Where a pack's figures come from: the warehouse's build facts and the chosen communities' documents.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import PurePosixPath

from hromada import queries
from hromada.db import Warehouse
from hromada.exports.about import DataVersion, View, about
from hromada.pack.selection import chart_lookup


def warehouse_meta(warehouse: Warehouse) -> dict[str, str]:
    return queries.meta(warehouse, ("inputs_sha256", "schema_version"))


def data_version(warehouse: Warehouse, ids: Sequence[str], lang: str) -> DataVersion:
    """The warehouse a file is made from: its build time (when the file was written: the build
    moves a finished file into place), its inputs hash and the chosen communities' documents."""
    meta = warehouse_meta(warehouse)
    names = chart_lookup(warehouse, lang)
    documents = queries.sources(warehouse)
    chosen = documents[documents["community_id"].isin(list(ids))] if len(ids) else documents
    identity = warehouse.identity
    built_at = datetime.fromtimestamp(identity.modified_ns / 1e9 if identity else 0, tz=UTC)
    return DataVersion(
        built_at=built_at, inputs_sha256=meta.get("inputs_sha256", "—"), schema_version=meta.get("schema_version", "—"),
        documents=[(names.community(row.community_id), PurePosixPath(row.source_file).name, row.source_sha256)
                   for row in chosen.itertuples(index=False)])


def pack_about(warehouse: Warehouse, ids: tuple[str, ...], lang: str):
    """The pack's view is the dashboard's default one for the chosen communities."""
    lookup = chart_lookup(warehouse, lang)
    view = View(lang=lang, communities=[lookup.community(community) for community in ids])
    return about(view, data_version(warehouse, ids, lang))
