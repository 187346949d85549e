"""Extracted (or gold) records as the wide table an analyst loads: one row per report."""

from ie.export.wide_table import read_records_from, wide_table, write_table

__all__ = ["read_records_from", "wide_table", "write_table"]
