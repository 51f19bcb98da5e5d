"""The query layer as the pages call it: ``hromada.queries`` cached per argument set *and per
warehouse file*.

Each wrapper adds the file's identity (``warehouse.FileIdentity``) to its cache key, so after
``python -m etl build`` the next call reads the new file, even for arguments asked before, and a
result computed on the old file can never be returned for the new one. The wrappers keep the query
functions' names and arguments, less the warehouse handle, which they supply.
"""
from __future__ import annotations

import functools
import threading

import streamlit as st

from hromada import queries
from hromada.db import current_warehouse
from hromada.warehouse import FileIdentity, Retired, Warehouse

CACHE_TTL = 3600
_seen = threading.Lock()
_last_identity: list[FileIdentity | None] = [None]


def warehouse() -> Warehouse:
    """The open warehouse for the file now in place (a rebuilt file is opened on the next call).

    When the file changed, the cached results of the old one are dropped as well: they could no
    longer be asked for (their keys name the old file), they would only take memory.
    """
    current = current_warehouse()
    with _seen:
        changed = _last_identity[0] is not None and _last_identity[0] != current.identity
        _last_identity[0] = current.identity
    if changed:
        st.cache_data.clear()
    return current


def _on_latest(function, arguments, keywords):
    # The warehouse opened last, with no new stat: the wrapper has just looked at the file, and the
    # data read is then never older than the identity in the cache key.
    for _attempt in range(3):
        try:
            return function(current_warehouse(check=False), *arguments, **keywords)
        except Retired:  # replaced by a rebuilt file between choosing it and querying it
            continue
    return function(warehouse(), *arguments, **keywords)


def cached(function):
    """``st.cache_data`` of a query function, keyed by its arguments and the warehouse file's identity."""
    def from_file(*arguments, warehouse_file: FileIdentity | None, **keywords):
        return _on_latest(function, arguments, keywords)

    # The function's own name, module and source (via __wrapped__) name its cache, as they would
    # for st.cache_data on the function itself; the nested wrapper alone would share one cache.
    functools.update_wrapper(from_file, function)
    per_file = st.cache_data(ttl=CACHE_TTL, show_spinner=False)(from_file)

    @functools.wraps(function)
    def call(*arguments, **keywords):
        return per_file(*arguments, warehouse_file=warehouse().identity, **keywords)

    return call


all_communities = cached(queries.all_communities)
all_themes = cached(queries.all_themes)
source_classes = cached(queries.source_classes)
year_bounds = cached(queries.year_bounds)
community_summary = cached(queries.community_summary)
budget_by_theme = cached(queries.budget_by_theme)
budget_by_priority = cached(queries.budget_by_priority)
measure_amounts = cached(queries.measure_amounts)
funding_mix = cached(queries.funding_mix)
funding_by_class = cached(queries.funding_by_class)
year_totals = cached(queries.year_totals)
contradictions = cached(queries.contradictions)
contradiction_coverage = cached(queries.contradiction_coverage)
indicator_families = cached(queries.indicator_families)
indicator_progress = cached(queries.indicator_progress)
indicator_counts = cached(queries.indicator_counts)
measurable_targets = cached(queries.measurable_targets)
measures = cached(queries.measures)
measure_funding = cached(queries.measure_funding)
measure_record = cached(queries.measure_record)
measure_issues = cached(queries.measure_issues)
document_lines = cached(queries.document_lines)
document_length = cached(queries.document_length)
reconciliation = cached(queries.reconciliation)
data_issues = cached(queries.data_issues)
sources = cached(queries.sources)
