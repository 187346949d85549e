"""Tables a web page flattened: each row is its label followed by one run of digits.

`一、本年新收政府信息公开申请数量4120043` is 41, 2, 0, 0, 0, 0, 43. A digit run has many
splits; the form's own arithmetic (the schema's relations, the same ones the audit checks)
decides. Each row's splits are listed (no leading zeros, a space is always a cell border,
table 2's 总计 the sum of its six applicants), then table 2 as a whole is one constraint problem
for OR-Tools CP-SAT: one split per row, every column's relations kept. Only the cells on which
every solution agrees are read; the others are named in `notes`, never guessed.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ie.layout.labels import normalize_label
from ie.schema import (
    AMOUNT_CELLS,
    RELATIONS,
    T2_COLUMNS,
    T3_COLUMN_IDS,
    T3_GROUPS,
    Row,
    broken_relations,
    cell_id,
)
from ie.schema.digit_runs import MAX_CELL_DIGITS, agreed, row_splits, splits
from ie.schema.tables import rows_for_reading

# a quick look for a flattened page: table 2's first rows' labels, or table 3's last 总计, glued to a digit run
FLATTENED_HINT = re.compile(
    r"(?:本年新收|上年结转)政府信息公开申请数量 *\d[\d ]{6,}|总 *计 *\d[\d ]{14,}"
)
QUOTES = "“”\"'‘’"
# table 3's two-level header (its words may be broken by spaces: 结果 维持), then its fifteen numbers
T3_HEADER = re.compile(
    r"结 *果 *维 *持.{0,160}?总 *计.{0,160}?总 *计.{0,160}?总 *计 *(?P<run>\d[\d ]{14,})"
)


@dataclass
class FlatReading:
    cells: dict[str, float] = field(default_factory=dict)
    open_cells: list[str] = field(default_factory=list)  # read, but the arithmetic leaves them open

    def note(self) -> dict | None:
        if not self.open_cells:
            return None
        return {
            "note": "flattened table: cells the arithmetic leaves open, not read",
            "cells": self.open_cells,
        }


def looks_flattened(text: str) -> bool:
    return bool(FLATTENED_HINT.search(text))


@lru_cache(maxsize=256)
def _label_pattern(label: str, signed: bool) -> re.Pattern:
    """The label as printed, any spaces or quotes between its characters, then its digit run
    (with signs where the row holds a change: 本年增/减). OCR puts a wrapped label's numbers on
    the line after its first part (部分公开(区分处理的,只计 / 1 0 0 … / 这一情形…)): a remark
    left open at the end of a line, or the line's end itself, may stand before the run."""
    core = normalize_label(label)
    gap = f"[ {QUOTES}]*"
    remark = r"(?: *\([^()\n]{0,80}\)| *\([^()\n]{0,80}\n)?"  # printed or not, closed or wrapped
    run = r"\d[\d. +\-增减]*" if signed else r"\d[\d. ]*"
    return re.compile(gap.join(map(re.escape, core)) + f"{remark}{gap}\n?{gap}(?P<run>{run})")


def _runs(text: str, rows: list[Row]) -> list[tuple[Row, str]]:
    """(row, digit run) for each row found, in the rows' order."""
    found = []
    pos = 0
    for row in rows:
        m = _label_pattern(row.label, "change" in row.columns).search(text, pos)
        if not m:
            if before := _run_above(text, row, pos):
                found.append((row, before[0]))
                pos = before[1]
            continue
        run = m.group("run").rstrip(" ")
        if text[m.start("run") + len(run) :].lstrip(" ")[:1] in ("-", "+", "增", "减"):
            continue  # a signed change follows: not a run of counts
        if re.search(r"\d\.$", run):  # 00000002.其他…: the last digit numbers the next row
            run = run[:-2]
        elif run.endswith("."):
            run = run[:-1]
        elif text[m.start("run") + len(run) : m.start("run") + len(run) + 1] in ("、", ","):
            run = re.sub(r" ?\d$", "", run)  # 0 0 0 0 0 0 0 2、其他…: the same, numbered 2、
        if not run:
            continue
        found.append((row, run))
        pos = m.start("run") + len(run)
    return found


NUMBERS_LINE = re.compile(r" *(\d+(?: +\d+)*) *")


def _run_above(text: str, row: Row, pos: int) -> tuple[str, int] | None:
    """OCR may print a row's numbers on the line above its label (the label sits lower in a
    tall cell): a line of numbers alone, right above a label line with none after it. Returns
    the run and where reading goes on."""
    core = normalize_label(row.label)
    label = re.compile(f"[ {QUOTES}]*".join(map(re.escape, core)))
    m = label.search(text, pos)
    if not m:
        return None
    line_start = text.rfind("\n", pos, m.start())
    if line_start <= pos:
        return None
    above_start = text.rfind("\n", pos, line_start) + 1
    above = NUMBERS_LINE.fullmatch(text, max(above_start, pos), line_start)
    line_end = text.find("\n", m.end())
    rest = text[m.end() : line_end if line_end >= 0 else len(text)]
    if not above or re.search(r"\d", rest):
        return None
    return above.group(1), m.end()


def spaced_cells(run: str, ids: list[str]) -> tuple | None:
    """A run whose spaces already cut it into one number per cell (a crawled page that kept
    the spaces): read as printed, sums or not. Signs (增/减, +/-) only in a change column,
    decimals only in an amount."""
    tokens = run.split()
    if len(tokens) != len(ids):
        return None
    values = []
    for token, cid in zip(tokens, ids):
        signed = cid.endswith(".change")
        m = re.fullmatch(r"([+\-增减]?)(\d+(?:\.\d+)?)", token)
        if not m or (m.group(1) and not signed) or ("." in token and cid not in AMOUNT_CELLS):
            return None
        number = float(m.group(2)) if "." in token else int(m.group(2))
        values.append(-number if m.group(1) in ("-", "减") else number)
    return tuple(values)


def read_table2(text: str) -> FlatReading:
    reading = FlatReading()
    columns = [c.id for c in T2_COLUMNS]
    candidates: dict[str, list[tuple[int, ...]]] = {}
    for row, run in _runs(text, rows_for_reading(2, "2021")):
        if sum(ch.isdigit() for ch in run) < len(columns):
            continue
        printed = spaced_cells(run, [cell_id(2, row.id, c) for c in columns])
        options = (
            [printed] if printed else [s for s in splits(run, len(columns)) if sum(s[:-1]) == s[-1]]
        )
        if options:
            candidates[row.id] = options
    if len(candidates) < 3:
        return reading
    _solve_table2(candidates, columns, reading)
    return reading


def _solve_table2(
    candidates: dict[str, list[tuple[int, ...]]], columns: list[str], reading: FlatReading
) -> None:
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    values: dict[str, cp_model.IntVar] = {}
    for row_id, options in candidates.items():
        choice = [model.new_bool_var(f"{row_id}:{k}") for k in range(len(options))]
        model.add_exactly_one(choice)
        for c, column in enumerate(columns):
            var = model.new_int_var(0, 10**MAX_CELL_DIGITS, cell_id(2, row_id, column))
            model.add(var == sum(option[c] * b for option, b in zip(options, choice)))
            values[cell_id(2, row_id, column)] = var
    for relation in RELATIONS:
        if not relation.check.startswith("t2."):
            continue
        left = (
            [c for c in relation.left if c in values] if relation.partial else list(relation.left)
        )
        if not left or any(c not in values for c in (*left, *relation.right)):
            continue
        model.add(sum(values[c] for c in left) == sum(values[c] for c in relation.right))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 5.0
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # the printed table breaks its own column sums: each row is read by its own sum alone
        for row_id, options in candidates.items():
            ids = [cell_id(2, row_id, c) for c in columns]
            _agreed([dict(zip(ids, o)) for o in options], ids, reading)
        return
    first = {cid: solver.value(var) for cid, var in values.items()}
    for cid, var in values.items():
        other = model.clone()
        other.add(other.get_int_var_from_proto_index(var.index) != first[cid])
        if solver.solve(other) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            reading.open_cells.append(cid)
        else:
            reading.cells[cid] = first[cid]


def read_table3(text: str) -> FlatReading:
    """The fifteen numbers of table 3 after its two-level header, as one run."""
    reading = FlatReading()
    header = T3_HEADER.search(text)
    if not header:
        return reading
    ids = [cell_id(3, g, c) for g in T3_GROUPS for c in T3_COLUMN_IDS]
    solutions = [dict(zip(ids, s)) for s in splits(header.group("run").strip(), len(ids))]
    solutions = [s for s in solutions if not broken_relations(s, table=3)]
    _agreed(solutions, ids, reading)
    return reading


def read_table1(text: str, template: str) -> FlatReading:
    """Rows of table 1: a one-cell row is its number; a row of several cells only where every
    split agrees (000 is 0, 0, 0)."""
    reading = FlatReading()
    for row, run in _runs(text, rows_for_reading(1, template)):
        ids = [cell_id(1, row.id, c) for c in row.columns]
        if printed := spaced_cells(run, ids):
            reading.cells |= dict(zip(ids, printed))
            continue
        if len(ids) == 1:
            number = run.replace(" ", "")
            if re.fullmatch(r"\d+(?:\.\d+)?", number) and (
                ids[0] in AMOUNT_CELLS or "." not in number
            ):
                value = float(number) if "." in number else int(number)
                reading.cells[ids[0]] = value
            continue
        _agreed([dict(zip(ids, s)) for s in row_splits(run, row)], ids, reading)
    return reading


def _agreed(solutions: list[dict], ids: list[str], reading: FlatReading) -> None:
    cells, open_cells = agreed(solutions, ids)
    reading.cells |= cells
    reading.open_cells += open_cells


def overlay_flattened(
    cells: dict, spans: dict, notes: list, text: str, template: str | None
) -> FlatReading:
    """A page whose tables lost every separator (nothing, on any other page): the arithmetic's
    reading replaces the cell-by-cell one, the rules' or the model's (a digit run cannot be
    cut into cells one character at a time), and the cells it leaves open are not read at all."""
    flat = read_flattened(text, template or "2021")
    for cid in [*flat.cells, *flat.open_cells]:
        cells.pop(cid, None)
        spans.pop(cid, None)
    cells |= flat.cells
    if note := flat.note():
        notes.append(note)
    return flat


def read_flattened(text: str, template: str) -> FlatReading:
    """All three tables of a flattened page; empty when the page does not look flattened."""
    reading = FlatReading()
    if not looks_flattened(text):
        return reading
    for part in (read_table1(text, template), read_table2(text), read_table3(text)):
        reading.cells |= part.cells
        reading.open_cells += part.open_cells
    return reading
