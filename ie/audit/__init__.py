"""Consistency audit of extracted reports (勾稽关系)."""

from ie.audit.checks import CHECK_IDS, Failure, audit_prediction, cross_year_checks, table_checks

__all__ = ["CHECK_IDS", "Failure", "audit_prediction", "cross_year_checks", "table_checks"]
