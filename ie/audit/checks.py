"""Consistency checks (勾稽关系) on one report's extracted cells and facts.

Each check has an id, a message in plain words and the cells involved. The tables'
arithmetic comes from the schema's relations. Gold and predictions are never rewritten:
a report's own arithmetic errors are reported, not fixed.
"""

import re
from dataclasses import dataclass

from ie.layout.prose import squeeze
from ie.schema import SECTIONS, T2_COLUMNS, Prediction, broken_relations, cell_id
from ie.schema.numbers import NUMERAL, parse_count, same_number


@dataclass
class Failure:
    id: str
    message: str
    cells: list[str]

    def to_json(self) -> dict:
        return {"id": self.id, "message": self.message, "cells": self.cells}


def table_checks(cells: dict) -> list[Failure]:
    out = [
        Failure(rel.check, f"{rel.where}:{left:g}≠{right:g}", list(rel.cells))
        for rel, left, right in broken_relations(cells)
    ]
    negative = [
        k
        for k, v in cells.items()
        if k.startswith("t1.") and not k.endswith(".change") and v is not None and v < 0
    ]
    if negative:
        out.append(Failure("t1.negative", "表一数量或金额为负数", negative))
    for row in ("regulation", "normative"):
        issued, in_force = (
            cells.get(cell_id(1, row, "issued")),
            cells.get(cell_id(1, row, "in_force")),
        )
        if issued is not None and in_force is not None and in_force < issued:
            out.append(
                Failure(
                    "t1.in_force",
                    f"表一{row}:现行有效件数{in_force:g}小于本年制发件数{issued:g}",
                    [cell_id(1, row, "issued"), cell_id(1, row, "in_force")],
                )
            )
    return out


REVIEW_SUIT = {
    "行政复议": ["t3.review.total"],
    "行政诉讼": ["t3.suit_direct.total", "t3.suit_after_review.total"],
}


def review_suit_checks(text: str, cells: dict) -> list[Failure]:
    """Counts of 行政复议/行政诉讼 stated in prose (…行政复议N件) against table 3."""
    out = []
    prose = squeeze(text).text
    for word, ids in REVIEW_SUIT.items():
        m = re.search(
            rf"(?:申请|提起|发生|涉及|共有?)?(?:政府信息公开)?{word}(?:案件)?(?:共)?({NUMERAL})(?:件|起|宗)",
            prose,
        )
        if (
            not m
            or any(cells.get(i) is None for i in ids)
            or (parsed := parse_count(m.group(1))) is None
        ):
            continue
        stated, table = parsed[0], sum(cells[i] for i in ids)
        if not same_number(stated, table):
            out.append(
                Failure("prose.review_suit", f"正文{word}{stated:g}件,表三为{table:g}件", ids)
            )
    return out


def prose_checks(record: Prediction) -> list[Failure]:
    out: list[Failure] = []
    cells = record.cells
    received = record.first_values().get("applications_received")
    new_total = cells.get("t2.new.total")
    if received is not None and new_total is not None:
        if received == 0 and any((cells.get(cell_id(2, "new", c.id)) or 0) > 0 for c in T2_COLUMNS):
            out.append(
                Failure(
                    "prose.no_applications",
                    f"正文称未收到申请,表二本年新收为{new_total:g}",
                    ["t2.new.total"],
                )
            )
        elif received != 0 and not same_number(received, new_total):
            out.append(
                Failure(
                    "prose.applications",
                    f"正文收到申请{received:g}件,表二本年新收{new_total:g}件",
                    ["t2.new.total"],
                )
            )
    return out


def completeness_checks(cells: dict, text: str | None = None) -> list[Failure]:
    out: list[Failure] = []
    for t in ("t1", "t2", "t3"):
        if not any(k.startswith(t + ".") for k in cells):
            out.append(Failure("complete.table", f"缺少表{'一二三'[int(t[1]) - 1]}", []))
    blanks = sorted(k for k, v in cells.items() if v is None)
    if blanks:
        out.append(Failure("complete.blank_cells", f"{len(blanks)}个单元格为空", blanks))
    if text is not None:
        squeezed = "".join(text.split())
        for title, words in SECTIONS.items():
            if not any(w in squeezed for w in words):
                out.append(Failure("complete.section", f"缺少“{title}”部分", []))
    return out


def audit_prediction(record: Prediction, text: str | None = None) -> list[Failure]:
    cells = record.cells
    return (
        table_checks(cells)
        + prose_checks(record)
        + (review_suit_checks(text, cells) if text else [])
        + completeness_checks(cells, text)
    )


def cross_year_checks(records: list[Prediction]) -> dict[str, list[Failure]]:
    """This year's 上年结转 against last year's 结转下年度, for the same agency in one corpus."""
    by_key = {(r.meta.agency, r.meta.year): r for r in records if r.meta.agency and r.meta.year}
    out: dict[str, list[Failure]] = {}
    for (agency, year), rec in by_key.items():
        prev = by_key.get((agency, year - 1))
        if not prev:
            continue
        now, before = rec.cells.get("t2.carried_in.total"), prev.cells.get("t2.carried_out.total")
        if now is not None and before is not None and not same_number(now, before):
            out.setdefault(rec.doc_id, []).append(
                Failure(
                    "cross_year.carried",
                    f"上年结转{now:g}件,与{year - 1}年报告结转下年度{before:g}件不符",
                    ["t2.carried_in.total"],
                )
            )
    return out


CHECK_IDS = (
    "t2.balance",
    "t2.total_row",
    "t2.total_column",
    "t3.total",
    "t1.negative",
    "t1.in_force",
    "prose.applications",
    "prose.no_applications",
    "prose.review_suit",
    "complete.table",
    "complete.blank_cells",
    "complete.section",
    "cross_year.carried",
)
