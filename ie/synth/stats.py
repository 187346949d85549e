"""Statistics for a synthetic report: internally consistent tables, with planted errors on request."""

import random

from ie.schema import TABLES, cell_id

APPLICANTS = ["natural", "commercial", "research", "social", "legal", "other"]


def _small(rng: random.Random, high: int, zero_rate: float = 0.5) -> int:
    return 0 if rng.random() < zero_rate else rng.randint(1, high)


def table1(rng: random.Random, template: str) -> dict[str, float]:
    cells: dict[str, float] = {}
    for row in TABLES[template][0].rows:
        for col in row.columns:
            cid = cell_id(1, row.id, col)
            if col in ("made", "issued", "repealed"):
                v = _small(rng, 6, 0.6)
            elif col in ("published",):
                v = cells[cell_id(1, row.id, "made")]
            elif col in ("total", "in_force"):
                v = rng.randint(0, 120)
            elif col == "prev_items":
                v = _small(rng, 400, 0.3)
            elif col == "change":
                v = rng.choice([0, 0, rng.randint(1, 90), -rng.randint(1, 40)])
            elif col == "decisions":
                v = _small(rng, 6000, 0.3)
            elif col == "items":
                v = _small(rng, 30, 0.4)
            else:  # amounts in 万元
                v = 0 if rng.random() < 0.4 else round(rng.uniform(0.1, 900), rng.choice([2, 4, 6]))
            cells[cid] = v
    return cells


def table2(rng: random.Random, template: str, busy: bool) -> dict[str, float]:
    rows = [r.id for r in TABLES[template][1].rows]
    subrows = rows[2 : rows.index("total")]
    cells: dict[str, float] = {}
    for col in APPLICANTS:
        scale = (60 if col == "natural" else 8) if busy else 0
        new = _small(rng, scale, 0.2 if col == "natural" else 0.7) if scale else 0
        carried_in = _small(rng, max(1, new // 5), 0.7) if new else 0
        carried_out = min(new + carried_in, _small(rng, 3, 0.7)) if new else 0
        handled = new + carried_in - carried_out
        parts = {r: 0 for r in subrows}
        weights = [8, 2] + [0.3] * (len(subrows) - 2)
        for _ in range(handled):
            parts[rng.choices(subrows, weights)[0]] += 1
        values = {
            "new": new,
            "carried_in": carried_in,
            **parts,
            "total": handled,
            "carried_out": carried_out,
        }
        for r, v in values.items():
            cells[cell_id(2, r, col)] = v
    for r in rows:
        cells[cell_id(2, r, "total")] = sum(cells[cell_id(2, r, c)] for c in APPLICANTS)
    return cells


def table3(rng: random.Random, busy: bool) -> dict[str, float]:
    cells: dict[str, float] = {}
    for row in TABLES["2019"][2].rows:
        parts = [_small(rng, 4, 0.6) if busy else 0 for _ in range(4)]
        for col, v in zip(
            ("upheld", "corrected", "other", "pending", "total"), parts + [sum(parts)]
        ):
            cells[cell_id(3, row.id, col)] = v
    return cells
