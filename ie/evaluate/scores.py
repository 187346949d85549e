"""Scores exactly as SCHEMA §7 defines them, plus the list of every error.

Small functions in the manner of seqeval/sklearn: each takes gold and predictions as typed
records keyed by doc_id and returns plain numbers, so any system can be scored on any corpus.
"""

from collections import defaultdict

from ie.schema import FACT_FIELDS, META_KEYS, PROBLEM_CATEGORIES, Prediction
from ie.schema.numbers import same_number

Records = dict[str, Prediction]


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def _of(pred: Records, doc_id: str) -> Prediction:
    """A document's prediction; a missing one predicts nothing."""
    return pred.get(doc_id) or Prediction(doc_id)


def fact_scores(gold: Records, pred: Records, errors: list | None = None) -> dict:
    counts = {f: [0, 0, 0] for f in FACT_FIELDS}
    for doc_id, g in gold.items():
        gv, pv = g.first_values(), _of(pred, doc_id).first_values()
        for field in FACT_FIELDS:
            c = counts[field]
            if field in pv and field in gv:
                if same_number(pv[field], gv[field]):
                    c[0] += 1
                    continue
                c[1] += 1
                c[2] += 1
            elif field in pv:
                c[1] += 1
            elif field in gv:
                c[2] += 1
            else:
                continue
            if errors is not None:
                errors.append(
                    {
                        "kind": "fact",
                        "doc_id": doc_id,
                        "field": field,
                        "gold": gv.get(field),
                        "pred": pv.get(field),
                    }
                )
    micro = prf(*map(sum, zip(*counts.values())))
    micro["per_field"] = {f: prf(*c) for f, c in counts.items()}
    return micro


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def problem_scores(gold: Records, pred: Records, errors: list | None = None) -> dict:
    doc = [0, 0, 0]
    span_tp_pred = span_pred = span_tp_gold = span_gold = 0
    per_cat = {c: [0, 0, 0] for c in PROBLEM_CATEGORIES}
    for doc_id, g in gold.items():
        gp, pp = [x for x in g.problems if x.has_span], _of(pred, doc_id).problems
        gs, ps = {x.category for x in g.problems}, {x.category for x in pp}
        for cat in gs | ps:
            k = 0 if cat in gs and cat in ps else (1 if cat in ps else 2)
            doc[k] += 1
            if cat in per_cat:
                per_cat[cat][k] += 1
            if k and errors is not None:
                errors.append(
                    {
                        "kind": "problem",
                        "doc_id": doc_id,
                        "category": cat,
                        "gold": cat in gs,
                        "pred": cat in ps,
                    }
                )
        spanned = [x for x in pp if x.has_span]
        span_pred += len(spanned)
        span_tp_pred += sum(
            any(_overlaps(x, y) and x.category == y.category for y in gp) for x in spanned
        )
        span_gold += len(gp)
        span_tp_gold += sum(
            any(_overlaps(x, y) and x.category == y.category for y in spanned) for x in gp
        )
    out = {"document": prf(*doc), "per_category": {c: prf(*v) for c, v in per_cat.items()}}
    p = span_tp_pred / span_pred if span_pred else 0.0
    r = span_tp_gold / span_gold if span_gold else 0.0
    out["span"] = {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "predicted": span_pred,
        "gold": span_gold,
    }
    return out


def cell_scores(gold: Records, pred: Records, errors: list | None = None) -> dict:
    stats = defaultdict(
        lambda: {
            "gold": 0,
            "correct": 0,
            "nonzero": 0,
            "nonzero_correct": 0,
            "pred": 0,
            "pred_correct": 0,
        }
    )
    for doc_id, g in gold.items():
        gc, pc = g.cells, _of(pred, doc_id).cells
        complete = g.cells_complete
        for cid, gv in gc.items():
            pv = pc.get(cid)
            ok = same_number(gv, pv)
            for key in ("all", cid.split(".")[0]):
                s = stats[key]
                s["gold"] += 1
                s["correct"] += ok
                if gv not in (None, 0):
                    s["nonzero"] += 1
                    s["nonzero_correct"] += ok
            if not ok and errors is not None:
                errors.append(
                    {"kind": "cell", "doc_id": doc_id, "cell": cid, "gold": gv, "pred": pv}
                )
        for cid, pv in pc.items():
            if pv is None or (cid not in gc and not complete):
                continue
            ok = cid in gc and same_number(gc[cid], pv)
            for key in ("all", cid.split(".")[0]):
                stats[key]["pred"] += 1
                stats[key]["pred_correct"] += ok
            if cid not in gc and errors is not None:
                errors.append(
                    {"kind": "cell", "doc_id": doc_id, "cell": cid, "gold": "absent", "pred": pv}
                )

    def summary(s):
        return {
            "accuracy": s["correct"] / s["gold"] if s["gold"] else 0.0,
            "accuracy_nonzero": s["nonzero_correct"] / s["nonzero"] if s["nonzero"] else 0.0,
            "precision": s["pred_correct"] / s["pred"] if s["pred"] else 0.0,
            "gold_cells": s["gold"],
            "predicted_cells": s["pred"],
        }

    out = summary(stats["all"])
    out["per_table"] = {t: summary(stats[t]) for t in ("t1", "t2", "t3") if t in stats}
    return out


def _norm_agency(a):
    return None if a is None else "".join(str(a).split())


def meta_scores(gold: Records, pred: Records, errors: list | None = None) -> dict:
    right = {k: 0 for k in META_KEYS}
    for doc_id, g in gold.items():
        gm, pm = g.meta, _of(pred, doc_id).meta
        for key in META_KEYS:
            if key == "agency":
                options = {_norm_agency(gm.agency)} | {_norm_agency(a) for a in gm.agency_alt}
                ok = _norm_agency(pm.agency) in options
            else:
                ok = str(getattr(pm, key)) == str(getattr(gm, key))
            right[key] += ok
            if not ok and errors is not None:
                errors.append(
                    {
                        "kind": "meta",
                        "doc_id": doc_id,
                        "field": key,
                        "gold": getattr(gm, key),
                        "pred": getattr(pm, key),
                    }
                )
    n = len(gold)
    return {k: (v / n if n else 0.0) for k, v in right.items()} | {"documents": n}


def score(gold: Records, pred: Records, with_errors: bool = True) -> dict:
    """All of SCHEMA §7 for one system on one corpus; `errors` lists every mistake."""
    errors: list = [] if with_errors else None
    failed = [d for d in gold if d in pred and pred[d].error is not None]
    missing = [d for d in gold if d not in pred]
    result = {
        "documents": len(gold),
        "failed_documents": failed,
        "missing_documents": missing,
        "facts": fact_scores(gold, pred, errors),
        "problems": problem_scores(gold, pred, errors),
        "cells": cell_scores(gold, pred, errors),
        "meta": meta_scores(gold, pred, errors),
    }
    if with_errors:
        result["errors"] = errors
    return result
