"""How far two annotators agree, and every place they do not.

Annotator A is taken as the reference and B scored against it with the benchmark's own
scorer (F1 is symmetric, so the choice does not change it): facts per field, problems per
(document, category) with Cohen's kappa beside F1, cells as the share of cell ids on which
both give the same value (per table), metadata per key. Each disagreement has a key that
an adjudication decision names: `fact:FIELD`, `problem:CATEGORY`, `cell:CELL_ID`, `meta:KEY`.
"""

from dataclasses import dataclass
from pathlib import Path

from ie.evaluate.scores import fact_scores, problem_scores
from ie.schema import FACT_FIELDS, PROBLEM_CATEGORIES, Prediction
from ie.schema.numbers import same_number

META_KEYS = ("agency", "year", "template")
CONTEXT = 30  # characters shown on each side of a span


@dataclass
class Disagreement:
    doc_id: str
    key: str
    a: object
    b: object
    context: str = ""

    def to_json(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "key": self.key,
            "a": self.a,
            "b": self.b,
            "context": self.context,
        }


def same_value(x, y) -> bool:
    """Two readings of one key agree: numbers within the scorer's tolerance, anything else equal."""
    if isinstance(x, int | float) and isinstance(y, int | float):
        return same_number(x, y)
    return x == y


def _context(text: str | None, record: Prediction, key: str) -> str:
    if not text:
        return ""
    kind, _, name = key.partition(":")
    spans = []
    if kind == "fact":
        spans = [(f.start, f.end) for f in record.facts if f.field == name and f.has_span]
    elif kind == "problem":
        spans = [(p.start, p.end) for p in record.problems if p.category == name and p.has_span]
    if not spans:
        return ""
    start, end = spans[0]
    return (
        text[max(0, start - CONTEXT) : start]
        + "【"
        + text[start:end]
        + "】"
        + text[end : end + CONTEXT]
    ).replace("\n", " ")


def disagreements(
    doc_id: str, a: Prediction, b: Prediction, text: str | None = None
) -> list[Disagreement]:
    """Every key on which the two records of one document differ."""
    found = []
    va, vb = a.first_values(), b.first_values()
    for name in FACT_FIELDS:
        if name in va or name in vb:
            if not (name in va and name in vb and same_value(va[name], vb[name])):
                key = f"fact:{name}"
                context = _context(text, a, key) or _context(text, b, key)
                found.append(Disagreement(doc_id, key, va.get(name), vb.get(name), context))
    ca = {p.category for p in a.problems}
    cb = {p.category for p in b.problems}
    for category in sorted(ca ^ cb):
        key = f"problem:{category}"
        context = _context(text, a, key) or _context(text, b, key)
        found.append(Disagreement(doc_id, key, category in ca, category in cb, context))
    for cid in sorted(set(a.cells) | set(b.cells)):
        x, y = a.cells.get(cid, "absent"), b.cells.get(cid, "absent")
        if not same_value(x, y):
            found.append(Disagreement(doc_id, f"cell:{cid}", x, y))
    for name in META_KEYS:
        x, y = getattr(a.meta, name), getattr(b.meta, name)
        if not same_value(x, y):
            found.append(Disagreement(doc_id, f"meta:{name}", x, y))
    return found


def cohen_kappa(a_labels: list[int], b_labels: list[int]) -> float | None:
    """Cohen's kappa (scikit-learn); None where it is undefined (both annotators constant and equal)."""
    from sklearn.metrics import cohen_kappa_score

    if not a_labels or (len(set(a_labels)) == 1 and set(a_labels) == set(b_labels)):
        return None
    return float(cohen_kappa_score(a_labels, b_labels))


def _f1(counts: dict) -> float | None:
    """F1, or None where neither annotator marked anything (nothing to agree on)."""
    return counts["f1"] if counts["tp"] + counts["fp"] + counts["fn"] else None


def agreement(
    a: dict[str, Prediction], b: dict[str, Prediction], texts: dict[str, str] | None = None
) -> dict:
    """Agreement figures and the list of disagreements over the documents both annotated."""
    texts = texts or {}
    both = sorted(set(a) & set(b))
    ra, rb = {d: a[d] for d in both}, {d: b[d] for d in both}
    facts = fact_scores(ra, rb)
    problems = problem_scores(ra, rb)
    a_labels = [
        int(any(p.category == c for p in ra[d].problems)) for d in both for c in PROBLEM_CATEGORIES
    ]
    b_labels = [
        int(any(p.category == c for p in rb[d].problems)) for d in both for c in PROBLEM_CATEGORIES
    ]
    cells: dict[str, list[int]] = {}
    for d in both:
        for cid in set(ra[d].cells) | set(rb[d].cells):
            x, y = ra[d].cells.get(cid, "absent"), rb[d].cells.get(cid, "absent")
            counts = cells.setdefault(cid.split(".")[0], [0, 0])
            counts[0] += same_value(x, y)
            counts[1] += 1
    meta = {
        k: (
            sum(same_value(getattr(ra[d].meta, k), getattr(rb[d].meta, k)) for d in both)
            / len(both)
        )
        if both
        else None
        for k in META_KEYS
    }
    listed = [x for d in both for x in disagreements(d, ra[d], rb[d], texts.get(d))]
    same_cells = sum(c[0] for c in cells.values())
    all_cells = sum(c[1] for c in cells.values())
    return {
        "documents": len(both),
        "only_a": sorted(set(a) - set(b)),
        "only_b": sorted(set(b) - set(a)),
        "facts": {
            "f1": _f1(facts),
            "per_field": {f: _f1(s) for f, s in facts["per_field"].items()},
        },
        "problems": {
            "f1": _f1(problems["document"]),
            "span_f1": problems["span"]["f1"]
            if problems["span"]["gold"] + problems["span"]["predicted"]
            else None,
            "kappa": cohen_kappa(a_labels, b_labels),
        },
        "cells": {
            "exact_match": same_cells / all_cells if all_cells else None,
            "per_table": {t: c[0] / c[1] for t, c in sorted(cells.items())},
            "compared": all_cells,
        },
        "meta": meta,
        "disagreements": [x.to_json() for x in listed],
    }


def agreement_markdown(result: dict) -> str:
    def fmt(x):
        return "—" if x is None else f"{x:.3f}"

    lines = [
        f"# Agreement of two annotators ({result['documents']} documents annotated by both)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| facts F1 | {fmt(result['facts']['f1'])} |",
        *(f"| facts {f} F1 | {fmt(v)} |" for f, v in result["facts"]["per_field"].items()),
        f"| problems F1 (document level) | {fmt(result['problems']['f1'])} |",
        f"| problems span F1 | {fmt(result['problems']['span_f1'])} |",
        f"| problems Cohen's kappa | {fmt(result['problems']['kappa'])} |",
        f"| cells exact match ({result['cells']['compared']} compared) | {fmt(result['cells']['exact_match'])} |",
        *(f"| cells {t} exact match | {fmt(v)} |" for t, v in result["cells"]["per_table"].items()),
        *(f"| meta {k} | {fmt(v)} |" for k, v in result["meta"].items()),
        "",
        f"## Disagreements ({len(result['disagreements'])})",
        "",
        "| document | key | A | B | context |",
        "|---|---|---|---|---|",
    ]
    for d in result["disagreements"]:
        context = str(d["context"]).replace("|", "\\|")
        lines.append(f"| {d['doc_id']} | {d['key']} | {d['a']} | {d['b']} | {context} |")
    if result["only_a"] or result["only_b"]:
        lines += [
            "",
            f"Annotated by A only: {', '.join(result['only_a']) or '—'}; by B only: {', '.join(result['only_b']) or '—'}",
        ]
    return "\n".join(lines) + "\n"


def read_annotators(first: Path, second: Path | None = None):
    """(A's records, B's records, texts, notes) from two exports, or from one export whose tasks
    hold two annotations each (the first made is A's)."""
    from ie.annotate.importer import convert_export, load_export

    if second is None:
        tasks = load_export(first)
        a, texts, report_a = convert_export(tasks, annotation=0)
        b, _, report_b = convert_export(tasks, annotation=1)
    else:
        a, texts, report_a = convert_export(load_export(first))
        b, texts_b, report_b = convert_export(load_export(second))
        texts = {**texts_b, **texts}
    notes = [f"A: {name}: {why}" for name, why in report_a.errors + report_a.skipped]
    notes += [f"B: {name}: {why}" for name, why in report_b.errors + report_b.skipped]
    return a, b, texts, notes
