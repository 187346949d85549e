"""The one place that names what is extracted (../shared/SCHEMA.md): fields, cells, labels,
the tables' arithmetic, how numbers are read, and the typed record every stage passes on."""

from ie.schema.fields import (
    FACT_FIELDS,
    FACT_LABELS,
    META_KEYS,
    PROBLEM_CATEGORIES,
    PROBLEM_LABELS,
    SECTIONS,
    TEMPLATES,
    section_heading,
)
from ie.schema.record import Fact, Meta, Prediction, Problem, RecordError
from ie.schema.relations import RELATIONS, Relation, broken_relations
from ie.schema.tables import (
    AMOUNT_CELLS,
    SIGNED_CELLS,
    T2_APPLICANTS,
    T2_COLUMNS,
    T2_OTHER_2019,
    T2_RESULT_ROWS,
    T3_COLUMN_IDS,
    T3_GROUP_LABEL,
    T3_GROUPS,
    T3_PARTS,
    TABLES,
    TEMPLATE_MARKERS,
    Column,
    Row,
    Table,
    all_cell_ids,
    cell_id,
    cell_ids,
    rows_for_reading,
)
from ie.schema.tags import ENTITY_TYPES, OUTSIDE, bio_labels, entity_kind

__all__ = [
    "FACT_FIELDS", "FACT_LABELS", "META_KEYS", "PROBLEM_CATEGORIES", "PROBLEM_LABELS", "SECTIONS", "TEMPLATES",
    "section_heading", "Fact", "Meta", "Prediction", "Problem", "RecordError", "RELATIONS", "Relation",
    "broken_relations", "AMOUNT_CELLS", "SIGNED_CELLS", "T2_APPLICANTS", "T2_COLUMNS", "T2_OTHER_2019", "T2_RESULT_ROWS",
    "T3_COLUMN_IDS", "T3_GROUP_LABEL", "T3_GROUPS", "T3_PARTS", "TABLES", "TEMPLATE_MARKERS", "Column", "Row",
    "Table", "all_cell_ids", "cell_id", "cell_ids", "rows_for_reading", "ENTITY_TYPES", "OUTSIDE", "bio_labels",
    "entity_kind",
]
