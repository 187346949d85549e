"""A run of digits that lost the separators between its cells (a flattened web page), and
every way to read it. Shared by the reader of such pages and by the generator, which gives
gold only for the cells a page determines.
"""

import re

from ie.schema.tables import Row

MAX_CELL_DIGITS = 6  # a count in a report's table: at most 999,999
MAX_SOLUTIONS = 2000  # splits of one run enumerated before the run is given up as unreadable


def splits(run: str, parts: int) -> list[tuple[int, ...]]:
    """Every way to cut a run of digits into `parts` whole numbers: no leading zeros, at most
    MAX_CELL_DIGITS digits each, a space always between two cells, and a sign (35-15) always
    starting a cell, whose number it makes negative."""
    digits, forced, negative = "", set(), set()
    for ch in run:
        if ch == " ":
            forced.add(len(digits))
        elif ch in "-+增减":
            forced.add(len(digits))
            if ch in "-减":
                negative.add(len(digits))
        elif ch.isdigit():
            digits += ch
        else:
            return []
    forced.discard(0)
    out: list[tuple[int, ...]] = []

    def number(at: int, end: int) -> int | None:
        piece = digits[at:end]
        if len(piece) > 1 and piece[0] == "0":
            return None
        return -int(piece) if at in negative else int(piece)

    def walk(at: int, left: int, taken: tuple[int, ...]) -> None:
        if len(out) >= MAX_SOLUTIONS:
            return
        if left == 1:
            if (
                at < len(digits)
                and len(digits) - at <= MAX_CELL_DIGITS
                and not any(at < f < len(digits) for f in forced)
            ):
                value = number(at, len(digits))
                if value is not None:
                    out.append((*taken, value))
            return
        for end in range(at + 1, min(len(digits), at + MAX_CELL_DIGITS) + 1):
            if any(at < f < end for f in forced):
                break
            value = number(at, end)
            if value is None:
                break
            walk(end, left - 1, (*taken, value))

    walk(0, parts, ())
    return out


def row_splits(run: str, row: Row) -> list[tuple[int, ...]]:
    """Splits of a table 1 row; a sign starts the 本年增/减 column, so the cells before it are
    the ones before that column."""
    sign = re.search(r"[+\-增减]", run)
    if not sign or "change" not in row.columns:
        return splits(run, len(row.columns))
    k = row.columns.index("change")
    before, after = run[: sign.start()].strip(), run[sign.start() :]
    return (
        [(*a, *b) for a in splits(before, k) for b in splits(after, len(row.columns) - k)]
        if before
        else []
    )


def agreed(solutions: list[dict], ids: list[str]) -> tuple[dict, list[str]]:
    """(the cells every solution gives the same value, the cells they leave open); nothing
    at all when there is no solution or too many to trust."""
    if not solutions or len(solutions) >= MAX_SOLUTIONS:
        return {}, []
    cells, open_cells = {}, []
    for cid in ids:
        seen = {s[cid] for s in solutions}
        if len(seen) == 1:
            cells[cid] = seen.pop()
        else:
            open_cells.append(cid)
    return cells, open_cells
