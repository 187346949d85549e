"""The token-classification label set, derived from the schema: every fact field, problem category and cell id is an entity type."""

from ie.schema.fields import FACT_FIELDS, PROBLEM_CATEGORIES
from ie.schema.tables import all_cell_ids

ENTITY_TYPES: tuple[str, ...] = (*FACT_FIELDS, *PROBLEM_CATEGORIES, *all_cell_ids())
OUTSIDE = "O"


def bio_labels() -> list[str]:
    """O, then B-/I- for each entity type, in a stable order (label id = position)."""
    return [OUTSIDE] + [f"{prefix}-{t}" for t in ENTITY_TYPES for prefix in ("B", "I")]


def entity_kind(entity_type: str) -> str:
    """'fact', 'problem' or 'cell'."""
    if entity_type in FACT_FIELDS:
        return "fact"
    if entity_type in PROBLEM_CATEGORIES:
        return "problem"
    return "cell"
