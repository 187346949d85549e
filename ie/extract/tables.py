"""Rule-based reading of the three statistical tables from any layout the readers produce.

Rows are found by their labels (fuzzy), values by position after the label: on the same
line (tab, pipe and Markdown rows, HTML/Word/PDF rows) or on the lines below (one cell per
line). Where a row lost a cell, or a page lost its separators, the table's own arithmetic
decides the reading, and the choice is reported in `notes`.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import combinations, compress
from operator import attrgetter
from typing import NamedTuple

from ie.extract.flattened import overlay_flattened
from ie.layout.cells import Cell, Line, split_lines
from ie.layout.labels import MAX_LABEL, RowMatcher, normalize_label
from ie.schema import (
    AMOUNT_CELLS,
    T2_COLUMNS,
    T3_COLUMN_IDS,
    T3_GROUPS,
    TABLES,
    Row,
    broken_relations,
    cell_id,
)
from ie.schema.numbers import parse_cell
from ie.schema.tables import rows_for_reading

T3_CELLS = [cell_id(3, g, c) for g in T3_GROUPS for c in T3_COLUMN_IDS]


@dataclass
class TableReading:
    cells: dict[str, float | None] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)


class _Hit(NamedTuple):
    """A cell's text matched to a row: the row, its place in its table's list, and its cell ids."""

    table: int
    index: int
    row: Row
    score: float
    cell_ids: tuple[str, ...]
    amounts: tuple[bool, ...]  # whether each cell is an amount (万元)


class TableReader:
    def __init__(self):
        self.t1 = {t: RowMatcher(rows_for_reading(1, t)) for t in TABLES}
        self.t2 = RowMatcher(rows_for_reading(2, "2021"))
        self._hits: dict[str, dict[str, tuple[_Hit, ...]]] = {t: {} for t in TABLES}

    def read(self, text: str, template: str | None = None) -> TableReading:
        """The cells of the three tables; `template` (from `read_meta`) says which table 1 to expect."""
        reading = TableReading()
        template = template or "2021"
        lines, starts = split_lines(text)
        self._read_rows(lines, starts, template, reading)
        self._read_table3(lines, starts, _lines_saying("议", text, starts), reading)
        overlay_flattened(reading.cells, reading.spans, reading.notes, text, template)
        return reading

    # -- tables 1 and 2: labelled rows
    def _read_rows(
        self, lines: list[Line], starts: list[int], template: str, reading: TableReading
    ) -> None:
        last: dict[int, int] = {}
        read_rows: set[tuple[int, str]] = set()
        pending_t2: list[tuple[_Hit, list[list[float | None]], list[Cell], list[int]]] = []
        hits = self._hits[template]

        def match(text: str) -> _Hit | None:
            found = hits.get(text)
            if found is None:
                found = self._label_hits(text, template)
            for hit in found:
                if hit.row.generic and not (
                    hit.table in last
                    and last[hit.table] < hit.index
                    and max(last, key=last.get) == hit.table
                ):
                    continue
                return hit
            return None

        n_lines = len(lines)
        # lines of values hold no label: only the lines with text cells are looked at
        for li in compress(range(n_lines), map(attrgetter("texts"), lines)):
            cells = lines[li]
            end = len(cells) - 1
            for ci in cells.texts:
                cell = cells[ci]
                clean = cell.clean
                if len(clean) > MAX_LABEL:
                    continue  # a line of prose: no row's label, alone or joined to the next line
                # most text cells are known not to be labels: no call for them
                hit = None if hits.get(clean) == () else match(clean)
                at = (li, ci)
                # a label broken over two lines goes on in the next line's first cell
                if ci == end and li + 1 < n_lines and (nxt := lines[li + 1]) and nxt[0].is_text:
                    following = nxt[0].clean
                    if len(clean) + len(following) <= MAX_LABEL and match(following) is None:
                        joined = match(clean + following)
                        if joined is not None and (hit is None or joined.score >= hit.score):
                            hit, at = joined, (li + 1, 0)
                if hit is None:
                    continue
                if (key := (hit.table, hit.row.id)) in read_rows:
                    continue  # read already (the same label again, in prose or a repeated table)
                if at[0] == li and (printed := _printed_after(cells, ci, hit)) is not None:
                    read_rows.add(key)
                    last[hit.table] = hit.index
                    reading.cells.update(printed[0])
                    off = starts[li]
                    reading.spans.update([(cid, (s + off, e + off)) for cid, s, e in printed[1]])
                    continue
                raw, offsets = self._row_cells(lines, starts, at[0], at[1], len(hit.cell_ids))
                if not raw:
                    continue
                read_rows.add(key)
                last[hit.table] = hit.index
                values = [(c, off) for c, off in zip(raw, offsets) if c.is_value]
                if len(values) == len(hit.cell_ids):  # every cell printed: the common case
                    self._store_printed(reading, hit, values)
                    continue
                readings = self._row_values(raw, hit)
                if hit.table == 2 and len(readings) > 1:
                    pending_t2.append((hit, readings, raw, offsets))
                    continue
                self._store(reading, hit, readings[0], raw, offsets)
        for hit, options, raw, offsets in pending_t2:
            row = hit.row
            best = min(
                options,
                key=lambda vals: (_t2_violations(reading.cells, row.id, vals), options.index(vals)),
            )
            reading.notes.append(
                {
                    "row": f"t2.{row.id}",
                    "note": f"row printed {len([c for c in raw if c.is_value])} of {len(row.columns)} cells "
                    f"({len(options)} readings); chose the one the table's sums support",
                    "values": {c: v for c, v in zip(row.columns, best) if v is not None},
                }
            )
            self._store(reading, hit, best, raw, offsets)

    def _label_hits(self, text: str, template: str) -> tuple[_Hit, ...]:
        """The rows of table 1 (of this format) and table 2 a cell's text names, worked out once
        per text (the same labels come back in every report)."""
        found = []
        for table, matcher in ((1, self.t1[template]), (2, self.t2)):
            if (hit := matcher.match(text)) is not None:
                row = matcher.rows[hit[0]]
                ids = tuple(cell_id(table, row.id, c) for c in row.columns)
                amounts = tuple(cid in AMOUNT_CELLS for cid in ids)
                found.append(_Hit(table, hit[0], row, hit[1], ids, amounts))
        cache = self._hits[template]
        if len(cache) > 20_000:
            cache.clear()
        cache[text] = found = tuple(found)
        return found

    @staticmethod
    def _row_cells(
        lines: list[Line], starts: list[int], li: int, ci: int, n: int
    ) -> tuple[list[Cell], list[int]]:
        """The cells of the row labelled at (li, ci), and where each one's line starts."""
        same_line: list[Cell] = []
        for cell in lines[li][ci + 1 : ci + 5 + 4 * n]:  # a row's cells, never the rest of a page
            if cell.is_text:
                break
            same_line.append(cell)
        if any(c.is_value for c in same_line):
            same_line = _trim(same_line)
            return same_line, [starts[li]] * len(same_line)
        if len(same_line) >= n:
            return same_line, [starts[li]] * len(same_line)
        collected: list[Cell] = []
        offsets: list[int] = []
        for below in range(li + 1, min(len(lines), li + 1 + 4 * n)):
            cells = lines[below]
            if cells.texts:
                break
            collected += cells.filled
            offsets += [starts[below]] * len(cells.filled)
        if not any(c.is_value for c in collected) and len(collected) < n:
            return [], []
        return collected, offsets

    @staticmethod
    def _row_values(raw: list[Cell], hit: _Hit) -> list[list[float | None]]:
        """Candidate readings of a row, most likely first (several only where cells are missing)."""
        n, table, amounts = len(hit.cell_ids), hit.table, hit.amounts
        raw = list(raw)
        while len(raw) > n and raw[-1].is_blank:
            raw.pop()
        while len(raw) > n and raw[0].is_blank:
            raw.pop(0)
        values = [c for c in raw if c.is_value]
        if len(values) == n:
            return [[c.amount if a else c.number for c, a in zip(values, amounts)]]
        if len(raw) == n:
            return [[None if c.is_blank else parse_cell(c.clean, a) for c, a in zip(raw, amounts)]]
        if len(values) > n:
            return [[parse_cell(c.clean, a) for c, a in zip(values, amounts)]]
        nums = [parse_cell(c.clean, a) for c, a in zip(values, amounts)]
        if table == 2 and len(values) == 1 and n == 7 and len(values[0].clean) >= n:
            split = split_run_together(values[0].clean, n)
            if split:
                return [split]
        if table == 2 and len(nums) == n - 1:
            return _t2_missing_cell_readings(nums)
        return [nums + [None] * (n - len(nums))]

    @staticmethod
    def _store_printed(reading: TableReading, hit: _Hit, values: list[tuple[Cell, int]]) -> None:
        """A row with all its values printed: each cell's value and span, in one step."""
        ids = hit.cell_ids
        reading.cells.update(
            zip(ids, [c.amount if a else c.number for (c, _), a in zip(values, hit.amounts)])
        )
        reading.spans.update(zip(ids, [(c.start + off, c.end + off) for c, off in values]))

    @staticmethod
    def _store(
        reading: TableReading,
        hit: _Hit,
        vals: list[float | None],
        raw: list[Cell],
        offsets: list[int],
    ) -> None:
        reading.cells.update(zip(hit.cell_ids, vals))
        value_cells = [(c, at) for c, at in zip(raw, offsets) if c.is_value]
        if len(value_cells) != len(hit.cell_ids):
            return  # a cell missing: which value is whose is a guess, so no spans
        spans = reading.spans
        for cid, val, (cell, at) in zip(hit.cell_ids, vals, value_cells):
            if val is not None:
                spans[cid] = (cell.start + at, cell.end + at)

    # -- table 3: one row of fifteen numbers under a two-level header
    def _read_table3(
        self,
        lines: list[Line],
        starts: list[int],
        yi_lines: list[int],
        reading: TableReading,
    ) -> None:
        """`yi_lines`: the lines that say 议, where every heading of table 3 is."""
        if _read_table3_blocks(lines, starts, yi_lines, reading):
            return
        start = _table3_start(lines, yi_lines)
        if start is None:
            return
        first_line, first_cell = start
        collected: list[Cell] = []
        offsets: list[int] = []
        numbers = 0
        for li in range(first_line, min(len(lines), first_line + 80)):
            if li != first_line:
                cells, has_text = lines[li], bool(lines[li].texts)
            else:
                cells = lines[li][first_cell:]
                has_text = any(c.is_text for c in cells)
            if has_text:
                if collected:
                    break
                continue
            non_blank = [c for c in cells if not c.is_blank]
            kept = non_blank if len(cells) == 1 or not non_blank else cells
            collected += kept
            offsets += [starts[li]] * len(kept)
            numbers += sum(c.is_value for c in kept)
            if numbers >= 15 and len(cells) == 1:
                break
        kept_part = _trimmed(collected)
        collected, offsets = collected[kept_part], offsets[kept_part]
        values = [(c, at) for c, at in zip(collected, offsets) if c.is_value]
        if len(values) > 15:
            first = min(  # the first run of fifteen that breaks the fewest sums
                range(len(values) - 14),
                key=lambda i: (_t3_violations([c.number for c, _ in values[i : i + 15]]), i),
            )
            used: list[tuple[Cell, int] | None] = list(values[first : first + 15])
        elif len(values) == 15 or len(collected) != 15:
            used = list(values)
        else:
            used = [None if c.is_blank else (c, at) for c, at in zip(collected, offsets)]
        for cid, placed in zip(T3_CELLS, used):
            if placed is None:
                reading.cells[cid] = None
                continue
            cell, at = placed
            reading.cells[cid] = cell.number
            reading.spans[cid] = (cell.start + at, cell.end + at)


def _printed_after(line: Line, ci: int, hit: _Hit):
    """((cell id, value) pairs, (cell id, start, end) within the line) of a row labelled by cell
    ci whose cells are all printed after it on its line (tab, pipe and HTML rows); None where
    they are not. Worked out once per line and row: the same lines come back in every report."""
    key = (ci, hit.cell_ids)
    if key in line.readings:
        return line.readings[key]
    found = None
    same_line = TableReader._row_cells([line], [0], 0, ci, len(hit.cell_ids))[0]
    values = [c for c in same_line if c.is_value]
    if values and len(values) == len(hit.cell_ids):  # else cells below, or some missing
        found = (
            [
                (cid, c.amount if a else c.number)
                for cid, c, a in zip(hit.cell_ids, values, hit.amounts)
            ],
            [(cid, c.start, c.end) for cid, c in zip(hit.cell_ids, values)],
        )
    if len(line.readings) < 16:
        line.readings[key] = found
    return found


def _lines_saying(char: str, text: str, starts: list[int]) -> list[int]:
    """The indices of the lines whose text holds `char` (found in the text, not line by line)."""
    found: list[int] = []
    at = text.find(char)
    while at >= 0:
        li = bisect_right(starts, at) - 1
        found.append(li)
        at = text.find(char, starts[li + 1]) if li + 1 < len(starts) else -1
    return found


def _table3_start(lines: list[tuple[Cell, ...]], yi_lines: list[int]) -> tuple[int, int] | None:
    """(line, cell) of the 行政复议 header cell that has 结果维持 among the 39 cells after it."""
    for li in yi_lines:
        for ci, cell in enumerate(lines[li]):
            clean = cell.clean
            if (
                "议" in clean  # a cheap test first: the label holds its characters
                and normalize_label(clean) == "行政复议"
                and any("结果维持" in normalize_label(c) for c in _cleans_after(lines, li, ci, 39))
            ):
                return li, ci
    return None


def _cleans_after(lines: list[tuple[Cell, ...]], li: int, ci: int, n: int):
    """The clean texts of the n cells after (li, ci), line after line."""
    rest = [c.clean for c in lines[li][ci + 1 :]]
    for cells in lines[li + 1 :]:
        if len(rest) >= n:
            break
        rest += [c.clean for c in cells]
    return rest[:n]


def _block_of_heading(cells: list[Cell]) -> str | None:
    """The table 3 block a heading line names (### 行政诉讼(复议后起诉)), when the line is
    only that heading."""
    if not cells:
        return None
    texts = [c for c in cells if not c.is_blank] if len(cells) > 1 else cells
    if len(texts) != 1 or not texts[0].is_text or "议" not in texts[0].clean:
        return None  # every heading below says 复议
    label = normalize_label(texts[0].clean, keep_remark=True)
    review, direct, after = T3_GROUPS
    if "未经复议" in label:
        return direct
    if "复议后" in label:
        return after
    if label.startswith("行政复议") and "诉讼" not in label and len(label) <= 12:
        return review
    return None


def _read_table3_blocks(
    lines: list[tuple[Cell, ...]], starts: list[int], yi_lines: list[int], reading: TableReading
) -> bool:
    """Table 3 printed as sub-tables, each under a heading that names its block (OCR and
    web pages): each heading's first five numbers are its block. Read only when at least two
    headings each have their five numbers before the next heading."""
    headings = [(li, block) for li in yi_lines if (block := _block_of_heading(lines[li]))]
    found: dict[str, list[Cell]] = {}
    for (li, block), (end, _) in zip(headings, [*headings[1:], (len(lines), None)]):
        values = [
            (c, starts[k]) for k in range(li + 1, min(end, li + 30)) for c in lines[k] if c.is_value
        ]
        if len(values) >= len(T3_COLUMN_IDS) and block not in found:
            found[block] = [c.placed(at) for c, at in values[: len(T3_COLUMN_IDS)]]
    if len(found) < 2:
        return False
    for block, cells in found.items():
        for column, cell in zip(T3_COLUMN_IDS, cells):
            cid = cell_id(3, block, column)
            reading.cells[cid] = cell.number
            reading.spans[cid] = (cell.start, cell.end)
    return True


def _trim(cells: list[Cell]) -> list[Cell]:
    return cells[_trimmed(cells)]


def _trimmed(cells: list[Cell]) -> slice:
    """The cells without the blanks at either end (all of them when all are blank)."""
    i, j = 0, len(cells)
    while i < j and cells[i].is_blank:
        i += 1
    while j > i and cells[j - 1].is_blank:
        j -= 1
    return slice(i, j) if i < j else slice(None)


def split_run_together(digits: str, n: int) -> list[float] | None:
    """Split a digit string that lost its separators into n numbers whose first n-1 sum to the last."""
    if not digits.isdigit():
        return None
    size = len(digits)
    for cuts in combinations(range(1, size), n - 1):
        parts = [digits[a:b] for a, b in zip((0, *cuts), (*cuts, size))]
        if any(len(p) > 1 and p[0] == "0" for p in parts):
            continue
        nums = [int(p) for p in parts]
        if sum(nums[:-1]) == nums[-1]:
            return nums
    return None


def _t2_missing_cell_readings(nums: list[float]) -> list[list[float | None]]:
    """A row of seven columns printed with six values: each column could be the lost one."""
    options: list[list[float | None]] = [nums + [sum(nums)]]
    total = nums[-1]
    for k in range(6):
        rest = nums[:-1]
        missing = total - sum(rest)
        if missing >= 0:
            option = rest[:k] + [missing] + rest[k:] + [total]
            if option not in options:
                options.append(option)
    return options


def _t2_violations(cells: dict, row_id: str, values: list[float | None]) -> int:
    """How many table 2 relations a candidate row reading breaks, given the rows read so far."""
    trial = {k: v for k, v in cells.items() if k.startswith("t2.")}
    trial.update({cell_id(2, row_id, c.id): v for c, v in zip(T2_COLUMNS, values)})
    return len(broken_relations(trial, table=2))


def _t3_violations(values: list[float | None]) -> int:
    """How many table 3 relations a candidate reading of the fifteen numbers breaks."""
    return len(broken_relations(dict(zip(T3_CELLS, values)), table=3))
