"""The one place that names what is extracted (../shared/SCHEMA.md)."""

from ie.schema.fields import (
    FACT_FIELDS, FACT_LABELS, META_KEYS, PROBLEM_CATEGORIES, PROBLEM_LABELS, TEMPLATES,
)
from ie.schema.tags import ENTITY_TYPES, OUTSIDE, bio_labels, entity_kind
from ie.schema.tables import (
    AMOUNT_CELLS, SIGNED_CELLS, TABLES, TEMPLATE_MARKERS, T2_OTHER_2019, Column, Row, Table,
    all_cell_ids, cell_id, cell_ids,
)

__all__ = [
    "FACT_FIELDS", "FACT_LABELS", "META_KEYS", "PROBLEM_CATEGORIES", "PROBLEM_LABELS", "TEMPLATES",
    "AMOUNT_CELLS", "SIGNED_CELLS", "TABLES", "TEMPLATE_MARKERS", "T2_OTHER_2019", "Column", "Row", "Table",
    "all_cell_ids", "cell_id", "cell_ids", "ENTITY_TYPES", "OUTSIDE", "bio_labels", "entity_kind",
]
