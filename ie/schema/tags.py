"""The token-classification label sets, derived from the schema.

The issuing body (`agency`: where the report prints `meta.agency`) is an entity type too, so
a model can read it. Two ways to name what a character is:
- one label set: every fact field, problem category and cell id is an entity type (475 labels);
- factorised: facts, problems and one `cell` type are tagged in BIO, and a cell's row and
  column are two more heads (37 rows, 20 columns), so each head learns from every table.
"""

from ie.schema.fields import FACT_FIELDS, PROBLEM_CATEGORIES
from ie.schema.tables import all_cell_ids

AGENCY = "agency"  # the issuing body as the text prints it (meta.agency)
ENTITY_TYPES: tuple[str, ...] = (*FACT_FIELDS, *PROBLEM_CATEGORIES, AGENCY, *all_cell_ids())
OUTSIDE = "O"
CELL = "cell"  # the entity type of every cell in the factorised label set
KIND_TYPES: tuple[str, ...] = (*FACT_FIELDS, *PROBLEM_CATEGORIES, AGENCY, CELL)


def bio_labels(types: tuple[str, ...] = ENTITY_TYPES) -> list[str]:
    """O, then B-/I- for each entity type, in a stable order (label id = position)."""
    return [OUTSIDE] + [f"{prefix}-{t}" for t in types for prefix in ("B", "I")]


def entity_kind(entity_type: str) -> str:
    """'fact', 'problem', 'agency' or 'cell'."""
    if entity_type in FACT_FIELDS:
        return "fact"
    if entity_type in PROBLEM_CATEGORIES:
        return "problem"
    if entity_type == AGENCY:
        return "agency"
    return "cell"


def split_cell(cid: str) -> tuple[str, str]:
    """A cell id's row (with its table) and column: t2.new.natural → (t2.new, natural)."""
    row, _, column = cid.rpartition(".")
    return row, column


def _factors() -> tuple[list[str], list[str]]:
    ids = all_cell_ids()
    rows = list(dict.fromkeys(split_cell(c)[0] for c in ids))
    columns = list(dict.fromkeys(split_cell(c)[1] for c in ids))
    return rows, columns


ROW_LABELS, COLUMN_LABELS = _factors()


_CELL_IDS = frozenset(all_cell_ids())


def join_cell(row: str, column: str) -> str | None:
    """The cell id of a row and a column; None where the schema has no such cell."""
    cid = f"{row}.{column}"
    return cid if cid in _CELL_IDS else None


def cell_grid(
    rows: list[str] = ROW_LABELS, columns: list[str] = COLUMN_LABELS
) -> list[list[str | None]]:
    """The cell id of each (row, column) pair, None where the schema has no such cell: the pairs
    a factorised tagging may be read as."""
    return [[join_cell(r, c) for c in columns] for r in rows]


def factorised_tags(tag: str) -> tuple[str, str | None, str | None]:
    """A tag of the one label set as (kind tag, row, column): B-t2.new.natural → (B-cell, t2.new, natural)."""
    if tag == OUTSIDE or tag[2:] not in _CELL_IDS:
        return tag, None, None
    row, column = split_cell(tag[2:])
    return f"{tag[:2]}{CELL}", row, column
