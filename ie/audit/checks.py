"""Consistency checks (勾稽关系) on one report's extracted cells and facts.

Each check has an id, a message in plain words and the cells involved. Gold and
predictions are never rewritten: a report's own arithmetic errors are reported, not fixed.
"""

from dataclasses import dataclass

from ie.schema import TABLES

APPLICANTS = [c.id for c in TABLES["2021"][1].columns if c.id != "total"]
T2_COLUMNS = APPLICANTS + ["total"]
T2_SUBROWS = [r.id for r in TABLES["2021"][1].rows if r.group and r.id != "total"] + ["other"]
T3_GROUPS = [r.id for r in TABLES["2019"][2].rows]
T3_PARTS = ["upheld", "corrected", "other", "pending"]


@dataclass
class Failure:
    id: str
    message: str
    cells: list[str]

    def to_json(self) -> dict:
        return {"id": self.id, "message": self.message, "cells": self.cells}


def _num(cells: dict, cid: str):
    v = cells.get(cid)
    return None if v is None else float(v)


def _differs(a: float, b: float) -> bool:
    return abs(a - b) > 1e-6 * max(1.0, abs(a), abs(b))


def table_checks(cells: dict, template: str | None = None) -> list[Failure]:
    out: list[Failure] = []
    if any(k.startswith("t2.") for k in cells):
        for col in T2_COLUMNS:
            ids = [f"t2.{r}.{col}" for r in ("new", "carried_in", "total", "carried_out")]
            a, b, c, d = (_num(cells, i) for i in ids)
            if None not in (a, b, c, d) and _differs(a + b, c + d):
                out.append(Failure("t2.balance", f"表二{col}列:一+二={a + b:g},三(七)+四={c + d:g}", ids))
            parts = [f"t2.{r}.{col}" for r in T2_SUBROWS if f"t2.{r}.{col}" in cells]
            total = _num(cells, f"t2.total.{col}")
            if total is not None and parts and _differs(sum(_num(cells, p) or 0 for p in parts), total):
                out.append(Failure("t2.total_row", f"表二{col}列:三(七)总计{total:g}≠各项办理结果之和"
                                   f"{sum(_num(cells, p) or 0 for p in parts):g}", parts + [f"t2.total.{col}"]))
        rows = sorted({k.split(".")[1] for k in cells if k.startswith("t2.")})
        for row in rows:
            ids = [f"t2.{row}.{c}" for c in APPLICANTS]
            vals = [_num(cells, i) for i in ids]
            total = _num(cells, f"t2.{row}.total")
            if total is not None and all(v is not None for v in vals) and _differs(sum(vals), total):
                out.append(Failure("t2.total_column", f"表二{row}行:总计{total:g}≠六类申请人之和{sum(vals):g}",
                                   ids + [f"t2.{row}.total"]))
    for group in T3_GROUPS:
        ids = [f"t3.{group}.{c}" for c in T3_PARTS]
        vals = [_num(cells, i) for i in ids]
        total = _num(cells, f"t3.{group}.total")
        if total is not None and all(v is not None for v in vals) and _differs(sum(vals), total):
            out.append(Failure("t3.total", f"表三{group}:总计{total:g}≠四项之和{sum(vals):g}", ids + [f"t3.{group}.total"]))
    negative = [k for k, v in cells.items() if k.startswith("t1.") and not k.endswith(".change") and v is not None and v < 0]
    if negative:
        out.append(Failure("t1.negative", "表一数量或金额为负数", negative))
    for row in ("regulation", "normative"):
        issued, in_force = _num(cells, f"t1.{row}.issued"), _num(cells, f"t1.{row}.in_force")
        if issued is not None and in_force is not None and in_force < issued:
            out.append(Failure("t1.in_force", f"表一{row}:现行有效件数{in_force:g}小于本年制发件数{issued:g}",
                               [f"t1.{row}.issued", f"t1.{row}.in_force"]))
    return out


REVIEW_SUIT = {
    "行政复议": ["t3.review.total"],
    "行政诉讼": ["t3.suit_direct.total", "t3.suit_after_review.total"],
}


def review_suit_checks(text: str, cells: dict) -> list[Failure]:
    """Counts of 行政复议/行政诉讼 stated in prose (…行政复议N件) against table 3."""
    import re

    from ie.extract.numbers import parse_count
    from ie.layout.prose import squeeze

    out = []
    prose = squeeze(text).text
    for word, ids in REVIEW_SUIT.items():
        m = re.search(rf"(?:申请|提起|发生|涉及|共有?)?(?:政府信息公开)?{word}(?:案件)?(?:共)?(\d+|[一二两三四五六七八九十]+)(?:件|起|宗)", prose)
        if not m or any(_num(cells, i) is None for i in ids):
            continue
        stated = parse_count(m.group(1))[0]
        table = sum(_num(cells, i) for i in ids)
        if _differs(float(stated), table):
            out.append(Failure("prose.review_suit", f"正文{word}{stated:g}件,表三为{table:g}件", ids))
    return out


def prose_checks(facts: list[dict], cells: dict) -> list[Failure]:
    out: list[Failure] = []
    stated = {}
    for f in facts:
        stated.setdefault(f["field"], f.get("value"))
    new_total = _num(cells, "t2.new.total")
    received = stated.get("applications_received")
    if received is not None and new_total is not None:
        if received == 0 and any((_num(cells, f"t2.new.{c}") or 0) > 0 for c in T2_COLUMNS):
            out.append(Failure("prose.no_applications", f"正文称未收到申请,表二本年新收为{new_total:g}", ["t2.new.total"]))
        elif received != 0 and _differs(float(received), new_total):
            out.append(Failure("prose.applications", f"正文收到申请{received:g}件,表二本年新收{new_total:g}件", ["t2.new.total"]))
    return out


def completeness_checks(cells: dict, template: str | None, text: str | None = None) -> list[Failure]:
    out: list[Failure] = []
    for t in ("t1", "t2", "t3"):
        if not any(k.startswith(t + ".") for k in cells):
            out.append(Failure("complete.table", f"缺少表{'一二三'[int(t[1]) - 1]}", []))
    blanks = sorted(k for k, v in cells.items() if v is None)
    if blanks:
        out.append(Failure("complete.blank_cells", f"{len(blanks)}个单元格为空", blanks))
    if text is not None:
        squeezed = "".join(text.split())
        for key, words in SECTIONS.items():
            if not any(w in squeezed for w in words):
                out.append(Failure("complete.section", f"缺少“{key}”部分", []))
    return out


SECTIONS = {
    "总体情况": ("总体情况", "工作开展情况", "基本情况"),
    "主动公开政府信息情况": ("主动公开政府信息情况", "主动公开政务信息"),
    "收到和处理政府信息公开申请情况": ("收到和处理政府信息公开申请情况", "依申请公开"),
    "行政复议、行政诉讼情况": ("行政复议",),
    "存在的主要问题及改进情况": ("存在的主要问题", "存在问题", "问题及改进", "不足"),
    "其他需要报告的事项": ("其他需要报告",),
}


def audit_prediction(pred: dict, text: str | None = None) -> list[Failure]:
    cells = pred.get("cells") or {}
    template = (pred.get("meta") or {}).get("template")
    return table_checks(cells, template) + prose_checks(pred.get("facts") or [], cells) + \
        (review_suit_checks(text, cells) if text else []) + completeness_checks(cells, template, text)


def cross_year_checks(records: list[dict]) -> dict[str, list[Failure]]:
    """This year's 上年结转 against last year's 结转下年度, for the same agency in one corpus."""
    by_key = {((r.get("meta") or {}).get("agency"), (r.get("meta") or {}).get("year")): r for r in records
              if (r.get("meta") or {}).get("agency") and (r.get("meta") or {}).get("year")}
    out: dict[str, list[Failure]] = {}
    for (agency, year), rec in by_key.items():
        prev = by_key.get((agency, year - 1))
        if not prev:
            continue
        now, before = _num(rec.get("cells", {}), "t2.carried_in.total"), _num(prev.get("cells", {}), "t2.carried_out.total")
        if now is not None and before is not None and _differs(now, before):
            out.setdefault(rec["doc_id"], []).append(Failure(
                "cross_year.carried", f"上年结转{now:g}件,与{year - 1}年报告结转下年度{before:g}件不符", ["t2.carried_in.total"]))
    return out


CHECK_IDS = ("t2.balance", "t2.total_row", "t2.total_column", "t3.total", "t1.negative", "t1.in_force",
             "prose.applications", "prose.no_applications", "prose.review_suit", "complete.table", "complete.blank_cells",
             "complete.section", "cross_year.carried")
