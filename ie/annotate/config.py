"""The Label Studio labeling config, generated from the schema module (never written by hand).

Span labels for the facts and the problem categories (a span may carry two categories),
a per-span value box for facts whose number the span text does not give, meta choices and
text boxes, and one pre-filled box per table cell, grouped by table and row, so an annotator
checks and corrects numbers instead of typing them.
"""

from xml.sax.saxutils import quoteattr

from ie.schema import (
    FACT_FIELDS,
    FACT_LABELS,
    PROBLEM_CATEGORIES,
    PROBLEM_LABELS,
    TABLES,
    TEMPLATES,
    cell_id,
    rows_for_reading,
)

SPAN = "span"
VALUE = "value"
TEXT = "text"
CELL_PREFIX = "cell:"
BLANK = "-"  # a cell printed blank (null in gold)
COLOURS = (
    "#ffa39e",
    "#ffd591",
    "#fff566",
    "#b7eb8f",
    "#87e8de",
    "#91d5ff",
    "#d3adf7",
    "#ffadd2",
    "#d9d9d9",
    "#ffe58f",
)


def cell_control(cid: str) -> str:
    return CELL_PREFIX + cid


def table_rows() -> list[tuple[int, str, object]]:
    """(table number, title, row) for every row of either format, once, in reading order."""
    seen, out = set(), []
    for template in TEMPLATES:
        for table in TABLES[template]:
            for row in rows_for_reading(table.number, template):
                key = (table.number, row.id, row.columns)
                if key not in seen:
                    seen.add(key)
                    out.append((table.number, table.title, row))
    return out


def cell_controls() -> list[str]:
    return list(
        dict.fromkeys(
            cell_control(cell_id(t, row.id, c)) for t, _, row in table_rows() for c in row.columns
        )
    )


def labeling_config() -> str:
    labels = [(f, FACT_LABELS[f]) for f in FACT_FIELDS] + [
        (c, PROBLEM_LABELS[c]) for c in PROBLEM_CATEGORIES
    ]
    span_labels = "\n".join(
        f"    <Label value={quoteattr(v)} hint={quoteattr(hint)} background={quoteattr(COLOURS[i % len(COLOURS)])}/>"
        for i, (v, hint) in enumerate(labels)
    )
    choices = "\n".join(f"    <Choice value={quoteattr(t)}/>" for t in TEMPLATES)
    panels = []
    by_table: dict[int, list] = {}
    titles = {}
    for number, title, row in table_rows():
        by_table.setdefault(number, []).append(row)
        titles[number] = title
    emitted = set()
    for number, rows in by_table.items():
        boxes = []
        for row in rows:
            names = [(c, cell_control(cell_id(number, row.id, c))) for c in row.columns]
            names = [(c, n) for c, n in names if n not in emitted]
            if not names:
                continue
            emitted.update(n for _, n in names)
            boxes.append(f'        <Header value={quoteattr(row.label)} size="5"/>')
            boxes += [
                f'        <Header value={quoteattr(column)} size="6"/>\n'
                f'        <TextArea name={quoteattr(name)} toName="{TEXT}" maxSubmissions="1" editable="true" rows="1"/>'
                for column, name in names
            ]
        panels.append(
            f"    <Panel value={quoteattr(f'表{number} {titles[number]}')}>\n"
            + "\n".join(boxes)
            + "\n    </Panel>"
        )
    return f"""<View>
  <Header value="$doc_id"/>
  <Labels name="{SPAN}" toName="{TEXT}" choice="multiple">
{span_labels}
  </Labels>
  <Text name="{TEXT}" value="$text"/>
  <TextArea name="{VALUE}" toName="{TEXT}" perRegion="true" maxSubmissions="1" editable="true" placeholder="value, if the span text does not say it (e.g. 0 for 未收到申请)"/>
  <Header value="meta (format: 2019 or 2021)"/>
  <Choices name="template" toName="{TEXT}" choice="single">
{choices}
  </Choices>
  <TextArea name="agency" toName="{TEXT}" maxSubmissions="1" editable="true" placeholder="agency as written in the title"/>
  <TextArea name="year" toName="{TEXT}" maxSubmissions="1" editable="true" placeholder="report year"/>
  <Header value="table cells: check the pre-filled values; {BLANK} = printed blank; delete a box the report does not show"/>
  <Collapse>
{chr(10).join(panels)}
  </Collapse>
</View>
"""
