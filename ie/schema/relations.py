"""The tables' arithmetic (勾稽关系) as data: which sums of cells must be equal.

The table reader uses these relations to choose between readings of a damaged row, the
audit reports the ones a report breaks, and the generator checks its tables keep them.
"""

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ie.schema.numbers import same_number
from ie.schema.tables import (
    T2_APPLICANTS,
    T2_COLUMNS,
    T2_RESULT_ROWS,
    T3_GROUPS,
    T3_PARTS,
    cell_id,
    cell_ids,
)


@dataclass(frozen=True)
class Relation:
    """sum(left) == sum(right). With `partial`, the cells of `left` that a report lacks are
    left out (table 2's result rows differ between formats); otherwise every cell is needed."""

    check: str  # the audit check this relation belongs to
    where: str  # which column, row or block, for messages
    left: tuple[str, ...]
    right: tuple[str, ...]
    partial: bool = False

    @property
    def cells(self) -> tuple[str, ...]:
        return self.left + self.right

    def sums(self, cells: dict) -> tuple[float, float] | None:
        """(left, right) sums, or None when the report lacks what the relation needs."""
        right = list(map(cells.get, self.right))
        if None in right:
            return None
        left = list(map(cells.get, self.left))
        if self.partial:
            left = [v for v in left if v is not None]
            if not left:
                return None
        elif None in left:
            return None
        return float(sum(left)), float(sum(right))

    def broken_by(self, cells: dict) -> tuple[float, float] | None:
        """The two sums when the cells break the relation, else None."""
        sums = self.sums(cells)
        return sums if sums is not None and not same_number(*sums) else None


def _t2_relations() -> list[Relation]:
    out = []
    for col in (c.id for c in T2_COLUMNS):
        out.append(
            Relation(
                "t2.balance",
                f"表二{col}列:一+二=三(七)+四",
                (cell_id(2, "new", col), cell_id(2, "carried_in", col)),
                (cell_id(2, "total", col), cell_id(2, "carried_out", col)),
            )
        )
        out.append(
            Relation(
                "t2.total_row",
                f"表二{col}列:三(七)总计=各项办理结果之和",
                tuple(cell_id(2, r, col) for r in T2_RESULT_ROWS),
                (cell_id(2, "total", col),),
                partial=True,
            )
        )
    rows = ("new", "carried_in", *T2_RESULT_ROWS, "total", "carried_out")
    for row in rows:
        out.append(
            Relation(
                "t2.total_column",
                f"表二{row}行:总计=六类申请人之和",
                tuple(cell_id(2, row, c) for c in T2_APPLICANTS),
                (cell_id(2, row, "total"),),
            )
        )
    return out


def _t3_relations() -> list[Relation]:
    return [
        Relation(
            "t3.total",
            f"表三{group}:总计=四项之和",
            tuple(cell_id(3, group, c) for c in T3_PARTS),
            (cell_id(3, group, "total"),),
        )
        for group in T3_GROUPS
    ]


RELATIONS: tuple[Relation, ...] = (*_t2_relations(), *_t3_relations())


def _relations_of() -> dict[str, tuple[Relation, ...]]:
    found: dict[str, list[Relation]] = {}
    for relation in RELATIONS:
        for cell in dict.fromkeys(relation.cells):
            found.setdefault(cell, []).append(relation)
    return {cell: tuple(rels) for cell, rels in found.items()}


RELATIONS_OF: dict[str, tuple[Relation, ...]] = _relations_of()  # each cell's, in RELATIONS' order


def broken_relations(cells: dict, table: int | None = None) -> list[tuple[Relation, float, float]]:
    """(relation, left sum, right sum) for every relation the cells break (of one table, if given)."""
    prefix = f"t{table}." if table else "t"
    out = []
    for relation in RELATIONS:
        if relation.check.startswith(prefix) and (sums := relation.broken_by(cells)) is not None:
            out.append((relation, *sums))
    return out


def keep_arithmetic(
    cells: dict, confidence: dict[str, float], template: str | None = None
) -> tuple[dict, dict[str, float], list[str]]:
    """Cells read one by one (a tagger's), made to keep the tables' arithmetic: while a relation
    is broken, the cell most often involved (the least confident of those) is suspect; it is
    re-read from a relation that fixes it alone when that gives a whole, non-negative number
    and breaks nothing else, and dropped otherwise. No reading that breaks a sum is kept. Then,
    given the report's format, a cell of it that was not read but that a relation determines
    (all its other cells read) is filled in, when it breaks nothing.

    Returns the cells, the repaired ones with their new values, and the dropped ones."""
    cells = {k: v for k, v in cells.items() if v is not None}
    repaired: dict[str, float] = {}
    dropped: list[str] = []
    while broken := broken_relations(cells):
        involved = Counter(c for rel, _, _ in broken for c in rel.cells if c in cells)
        suspect = min(involved, key=lambda c: (-involved[c], confidence.get(c, 0.0), c))
        read = cells.pop(suspect)
        value = None if suspect in repaired else _solved(suspect, cells)  # re-read once at most
        if value is not None and value != read and _kept(suspect, value, cells):
            repaired[suspect] = value
            continue
        repaired.pop(suspect, None)
        dropped.append(suspect)
    if template is not None:
        _fill_determined(cells, repaired, set(dropped), _format_cells(template))
    return cells, repaired, dropped


def _kept(cell: str, value: float, cells: dict) -> bool:
    """Whether `cell` read as `value` breaks none of its relations; it stays in `cells` if so."""
    cells[cell] = value
    if any(rel.broken_by(cells) is not None for rel in RELATIONS_OF.get(cell, ())):
        del cells[cell]
        return False
    return True


def _fill_determined(cells: dict, repaired: dict, tried: set[str], allowed: frozenset) -> None:
    """Fill in, one at a time, a cell of `allowed` that a relation determines (its other cells
    all read) and that breaks none; after each, the relations are looked at again from the first."""
    while True:
        for rel in RELATIONS:
            missing = [c for c in rel.cells if c not in cells]
            if rel.partial or len(missing) != 1 or missing[0] in tried or missing[0] not in allowed:
                continue
            cell = missing[0]
            tried.add(cell)
            value = _solved(cell, cells)
            if value is not None and _kept(cell, value, cells):
                repaired[cell] = value
                break
        else:
            return


@lru_cache(maxsize=4)
def _format_cells(template: str) -> frozenset[str]:
    return frozenset(cell_ids(template))


def _solved(cell: str, cells: dict) -> float | None:
    """The value a relation gives `cell` from its other cells, all present; whole and
    non-negative, or None."""
    for rel in RELATIONS_OF.get(cell, ()):
        others = [c for c in rel.cells if c != cell]
        if rel.partial:
            needed = [c for c in rel.right if c != cell]
            if any(cells.get(c) is None for c in needed):
                continue
        elif any(cells.get(c) is None for c in others):
            continue
        left = sum(cells.get(c) or 0 for c in rel.left if c != cell)
        right = sum(cells.get(c) or 0 for c in rel.right if c != cell)
        value = right - left if cell in rel.left else left - right
        if value >= 0 and float(value).is_integer():
            return int(value)
    return None
