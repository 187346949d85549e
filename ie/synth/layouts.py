"""Rendering the three tables in each layout real reports arrive in.

A table is first built as a grid (rows of cells, labels and values as printed); each
text layout then joins the grid its own way. HTML and Word build real tables with merged
cells. The label texts come from the schema module.
"""

import random

from ie.schema import T3_COLUMN_IDS, T3_GROUP_LABEL, T3_GROUPS, TABLES, broken_relations
from ie.schema.digit_runs import agreed, row_splits, splits

TEXT_LAYOUTS = ("tsv", "cell_per_line", "pipe", "markdown")
SOURCE_LAYOUTS = ("html", "docx")
LAYOUTS = TEXT_LAYOUTS + SOURCE_LAYOUTS
# what crawlers make of a table, asked for by name (`--layouts spaced,flattened`): every table
# on one line with spaces between the cells, or with nothing between them at all
CRAWLED_LAYOUTS = ("spaced", "flattened")
# OCR's output: Markdown with table 3 as three sub-tables, each under a heading naming its
# block; or plain lines with spaces between cells, a long label wrapped with its numbers on
# the line between its two parts
OCR_LAYOUTS = ("markdown_split", "ocr_text")
ALL_LAYOUTS = LAYOUTS + CRAWLED_LAYOUTS + OCR_LAYOUTS
# layouts where a blank or lost cell leaves no trace (spaces or nothing between cells)
BLANKS_VANISH = ("spaced", "flattened", "ocr_text")

T1_SECTIONS = {
    "2019": [
        ("第二十条第(一)项", ["regulation", "normative"]),
        ("第二十条第(五)项", ["license", "other_service"]),
        ("第二十条第(六)项", ["penalty", "coercion"]),
        ("第二十条第(八)项", ["fee"]),
        ("第二十条第(九)项", ["procurement"]),
    ],
    "2021": [
        ("第二十条第(一)项", ["regulation", "normative"]),
        ("第二十条第(五)项", ["license"]),
        ("第二十条第(六)项", ["penalty", "coercion"]),
        ("第二十条第(八)项", ["fee"]),
    ],
}


def fmt_value(cid: str, value, rng: random.Random) -> str:
    if value is None:
        return rng.choice(["", "", "-", "/"])
    if cid.endswith(".change") and value:
        return (
            rng.choice([f"增{value}", f"+{value}"])
            if value > 0
            else rng.choice([f"减{-value}", f"{value}"])
        )
    if isinstance(value, float) and not value.is_integer():
        return f"{value}" if rng.random() < 0.8 else f"{value}万元"
    return str(int(value))


def _renumber(label: str, style: int) -> str:
    if style == 1 and len(label) > 1 and label[0].isdigit() and label[1] == ".":
        return label[0] + "、" + label[2:]
    if style == 2 and len(label) > 1 and label[0].isdigit() and label[1] == ".":
        return label[0] + ". " + label[2:]
    return label


def grids(template: str, cells: dict, rng: random.Random, printed: dict) -> list[list[list[str]]]:
    """Three grids (lists of rows of cell texts). `printed` maps cell ids to the text printed."""
    t1, t2, t3 = TABLES[template]
    style = rng.randint(0, 2)
    g1: list[list[str]] = []
    cols = {c.id: c.label for c in t1.columns}
    for head, row_ids in T1_SECTIONS[template]:
        rows = [t1.row(r) for r in row_ids]
        width = max(len(r.columns) for r in rows)
        g1.append([head] + [""] * width)
        g1.append(
            ["信息内容"]
            + [cols[c] for c in rows[0].columns]
            + [""] * (width - len(rows[0].columns))
        )
        for r in rows:
            g1.append(
                [r.label]
                + [printed[f"t1.{r.id}.{c}"] for c in r.columns]
                + [""] * (width - len(r.columns))
            )
    applicant = [c.label for c in t2.columns]
    g2 = [
        [
            "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
            "",
            "申请人情况",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        ["", "", applicant[0], "法人或其他组织", "", "", "", "", applicant[6]],
        ["", "", "", *applicant[1:6], ""],
    ]
    group = ""
    for r in t2.rows:
        values = [printed.get(f"t2.{r.id}.{c}") for c in r.columns]
        values = [v for v in values if v is not DROPPED]
        label = _renumber(r.label, style)
        if not r.group:
            g2.append([label, "", *values])
        else:
            g2.append([r.group if group != r.group else "", label, *values])
        group = r.group
    review, direct, after = (t3.row(g) for g in T3_GROUPS)
    labels = [c.label for c in t3.columns]
    width = len(labels)
    g3 = [
        [review.label, *[""] * (width - 1), T3_GROUP_LABEL, *[""] * (2 * width - 1)],
        [*labels, direct.label, *[""] * (width - 1), after.label, *[""] * (width - 1)],
        [""] * width + labels * 2,
        [printed[f"t3.{g}.{c}"] for g in T3_GROUPS for c in T3_COLUMN_IDS],
    ]
    return [g1, g2, g3]


class _Dropped:
    """A cell the print lost (the row has one cell fewer)."""


DROPPED = _Dropped()


def render_text(grid: list[list[str]], layout: str, rng: random.Random) -> str:
    if layout == "tsv":
        return "\n".join("\t".join(row) for row in grid)
    if layout == "cell_per_line":
        out = []
        for row in grid:
            out.append("\n".join("\t" + _break_label(c, rng) for c in row))
            out.append("")
        return "\n".join(out)
    if layout == "pipe":
        out = []
        for row in grid:
            out.extend(f"{c} |" for c in row if c != "" or rng.random() < 0.3)
            out.append("|" * rng.randint(1, 3))
        return "\n".join(out)
    if layout == "markdown":
        width = max(len(r) for r in grid)
        lines = []
        brk = rng.randint(4, len(grid) - 2) if len(grid) > 8 else None
        for i, row in enumerate(grid):
            cells = [c.replace("\n", "<br>") for c in row] + [""] * (width - len(row))
            if i == brk:
                label_idx = next(
                    (
                        k
                        for k, c in enumerate(cells)
                        if len(c) > 6 and not c[0].isdigit() or "." in c[:3]
                    ),
                    None,
                )
                if label_idx is not None and len(cells[label_idx]) > 6 and rng.random() < 0.5:
                    head, tail = cells[label_idx][:-1], cells[label_idx][-1]
                    cells[label_idx] = head
                    lines.append("| " + " | ".join(cells) + " |")
                    lines += ["", "| " + " | ".join([""] * width) + " |", "|" + "---|" * width]
                    cont = [""] * width
                    cont[label_idx] = tail
                    lines.append("| " + " | ".join(cont) + " |")
                    continue
                lines += ["", "| " + " | ".join([""] * width) + " |", "|" + "---|" * width]
            lines.append("| " + " | ".join(cells) + " |")
            if i == 0:
                lines.append("|" + "---|" * width)
        return "\n".join(lines)
    if layout == "markdown_split":
        if grid and grid[0] and grid[0][0] == TABLES["2021"][2].row(T3_GROUPS[0]).label:
            return _t3_sub_tables(grid)
        return render_text(grid, "markdown", rng)
    if layout == "ocr_text":
        if grid and grid[0] and grid[0][0] == TABLES["2021"][2].row(T3_GROUPS[0]).label:
            return _t3_sub_tables(grid)
        lines, moved = [], False
        for row in grid:
            if not any(row):
                continue
            line = _ocr_line(row, rng)
            above = _numbers_above(row) if not moved and "\n" not in line else None
            moved = above is not None and rng.random() < 0.15
            lines += above if moved else [line]
        return "\n".join(lines)
    if layout == "spaced":
        return " ".join(c.replace("\n", "") for row in grid for c in row if c)
    if layout == "flattened":
        return "".join(c.replace("\n", "") for row in grid for c in row)
    raise ValueError(f"unknown text layout {layout!r}")


def flattened_open_cells(template: str, printed: dict[str, str]) -> set[str]:
    """Cells a flattened page leaves open: a table 1 row whose digits split several ways, and
    table 3's fifteen numbers where the blocks' sums allow several readings. Gold holds only
    the cells the page determines (as for the real flattened corpus)."""
    open_cells: set[str] = set()
    for row in TABLES[template][0].rows:
        ids = [f"t1.{row.id}.{c}" for c in row.columns]
        if len(ids) > 1:
            run = "".join(printed[i] for i in ids)
            found, _ = agreed([dict(zip(ids, s)) for s in row_splits(run, row)], ids)
            open_cells |= set(ids) - set(found)
    ids = [f"t3.{g}.{c}" for g in T3_GROUPS for c in T3_COLUMN_IDS]
    solutions = [dict(zip(ids, s)) for s in splits("".join(printed[i] for i in ids), len(ids))]
    solutions = [s for s in solutions if not broken_relations(s, table=3)]
    found, _ = agreed(solutions, ids)
    return open_cells | (set(ids) - set(found))


def _ocr_line(row: list[str], rng: random.Random) -> str:
    """One grid row as OCR reads it: cells joined by spaces; a header may break over two
    lines; a long label (with a remark) may wrap, its numbers printed between its two parts
    (the cell's text centred vertically)."""
    cells = [c.replace("\n", "") for c in row if c]
    values = [k for k, c in enumerate(cells) if c and (c[0].isdigit() or c[0] in "+-增减")]
    if not values:
        line = " ".join(cells)
        if len(line) > 6 and rng.random() < 0.5:  # a header broken over two lines (商业企 / 业)
            k = rng.randint(2, len(line) - 2)
            return line[:k].rstrip() + "\n" + line[k:].lstrip()
        return line
    label_at = values[0] - 1
    label = cells[label_at] if label_at >= 0 else ""
    if len(label) > 14 and label.endswith(")") and rng.random() < 0.6:
        k = rng.randint(label.rindex("(") + 2, len(label) - 2)  # inside the remark
        head = " ".join([*cells[:label_at], label[:k]])
        return "\n".join([head, " ".join(cells[values[0] :]), label[k:]])
    return " ".join(cells)


def _numbers_above(row: list[str]) -> list[str] | None:
    """A row as OCR prints it when the label sits low in a tall cell: its numbers on the line
    above its label. Only for a row of plain counts, never two such rows in a row (that would
    be ambiguous to any reader)."""
    cells = [c for c in row if c]
    first = next((k for k, c in enumerate(cells) if c[0].isdigit()), None)
    if not first or not all(c.isdigit() for c in cells[first:]):
        return None
    return [" ".join(cells[first:]), " ".join(cells[:first])]


def _t3_sub_tables(grid: list[list[str]]) -> str:
    """Table 3 as OCR prints it: a heading per block, then that block's five columns."""
    t3 = TABLES["2021"][2]
    width = len(T3_COLUMN_IDS)
    labels = [c.label for c in t3.columns]
    headings = ["行政复议", "行政诉讼(未经复议直接起诉)", "行政诉讼(复议后起诉)"]
    values = grid[-1]
    parts = []
    for k, heading in enumerate(headings):
        block = values[k * width : (k + 1) * width]
        parts += [
            f"### {heading}",
            "",
            "| " + " | ".join(labels) + " |",
            "|" + "---|" * width,
            "| " + " | ".join(block) + " |",
            "",
        ]
    return "\n".join(parts).rstrip("\n")


def _break_label(cell: str, rng: random.Random) -> str:
    """One-cell-per-line prints break long labels over two lines."""
    if (
        len(cell) > 8
        and not cell[0].isdigit()
        and rng.random() < 0.3
        or (len(cell) > 14 and rng.random() < 0.3)
    ):
        k = rng.randint(3, len(cell) - 3)
        return cell[:k] + "\n" + cell[k:]
    return cell


def render_html_table(grid: list[list[str]]) -> str:
    """An HTML table; a label that heads a run of rows becomes a rowspan, a header that heads a run of blanks a colspan."""
    rows = []
    spans: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            if (
                cell
                and j == 0
                and i + 1 < len(grid)
                and len(grid[i + 1]) == len(row)
                and grid[i + 1][0] == ""
                and any(ch.isdigit() for ch in "".join(row[1:]))
            ):
                k = i + 1
                while k < len(grid) and len(grid[k]) == len(row) and grid[k][0] == "":
                    covered.add((k, 0))
                    k += 1
                spans[(i, j)] = k - i
    for i, row in enumerate(grid):
        tds = []
        j = 0
        while j < len(row):
            if (i, j) in covered:
                j += 1
                continue
            cell = row[j]
            colspan = 1
            if cell and not any(ch.isdigit() for ch in cell):
                while (
                    j + colspan < len(row)
                    and row[j + colspan] == ""
                    and i < 3
                    and (i, j + colspan) not in covered
                ):
                    colspan += 1
            attrs = (f' rowspan="{spans[(i, j)]}"' if (i, j) in spans else "") + (
                f' colspan="{colspan}"' if colspan > 1 else ""
            )
            tds.append(f"<td{attrs}>{cell}</td>")
            j += colspan
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return '<table border="1">' + "".join(rows) + "</table>"
