"""Consistency audit of extracted reports (勾稽关系)."""

from ie.audit.checks import CHECK_IDS, Failure, audit_prediction, cross_year_checks, table_checks
from ie.audit.run import audit_records, failures_by_document

__all__ = [
    "CHECK_IDS",
    "Failure",
    "audit_prediction",
    "audit_records",
    "failures_by_document",
    "cross_year_checks",
    "table_checks",
]
