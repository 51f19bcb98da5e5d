"""Shared library for the hromada-benchmark dashboard: queries, charts, formatting, exports."""
