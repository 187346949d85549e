"""Is one system better than another on this corpus, or is it the documents? A paired bootstrap.

Documents are resampled with replacement (the same sample for both systems); each sample's
facts F1 and cell accuracy are computed from per-document counts, and the 2.5th and 97.5th
percentiles of the difference give a 95% interval. An interval that excludes 0 is a
difference the corpus supports (Koehn 2004; Berg-Kirkpatrick et al. 2012).
"""

import numpy as np

from ie.evaluate.scores import cell_scores, fact_scores
from ie.schema import Prediction

SAMPLES = 1000


def _counts(gold: dict[str, Prediction], pred: dict[str, Prediction], docs: list[str]):
    """Per document: facts (tp, fp, fn) and cells (correct, gold)."""
    facts, cells = [], []
    for d in docs:
        f = fact_scores({d: gold[d]}, {d: pred[d]} if d in pred else {})
        c = cell_scores({d: gold[d]}, {d: pred[d]} if d in pred else {})
        facts.append((f["tp"], f["fp"], f["fn"]))
        cells.append((round(c["accuracy"] * c["gold_cells"]), c["gold_cells"]))
    return np.array(facts, dtype=float).reshape(-1, 3), np.array(cells, dtype=float).reshape(-1, 2)


def _f1(tp, fp, fn):
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)


def _accuracy(correct, total):
    return np.divide(correct, total, out=np.zeros_like(correct), where=total > 0)


def paired_bootstrap(
    gold: dict[str, Prediction],
    a: dict[str, Prediction],
    b: dict[str, Prediction],
    samples: int = SAMPLES,
    seed: int = 0,
) -> dict:
    """B − A in facts F1 and cell accuracy over the documents both were scored on, each with
    its 95% interval."""
    docs = sorted(d for d in gold if d in a and d in b)
    if not docs:
        return {"documents": 0}
    fa, ca = _counts(gold, a, docs)
    fb, cb = _counts(gold, b, docs)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(docs), size=(samples, len(docs)))
    out = {"documents": len(docs), "samples": samples}
    for name, (xa, xb, metric) in {
        "facts_f1": (fa, fb, _f1),
        "cell_accuracy": (ca, cb, _accuracy),
    }.items():
        observed = float(metric(*xb.sum(0)) - metric(*xa.sum(0)))
        sa, sb = xa[picks].sum(1), xb[picks].sum(1)  # samples × counts
        differences = metric(*sb.T) - metric(*sa.T)
        low, high = np.percentile(differences, [2.5, 97.5])
        out[name] = {"difference": observed, "low": float(low), "high": float(high)}
    return out


def bootstrap_table(intro: str, rows: list[str]) -> list[str]:
    """The Markdown table of `bootstrap_lines` rows, under a sentence saying what was resampled."""
    return [
        intro,
        "",
        "| corpus | difference | metric | observed | 95% interval | |",
        "|" + "---|" * 6,
        *rows,
    ]


def bootstrap_lines(title: str, name_a: str, name_b: str, result: dict) -> list[str]:
    if not result.get("documents"):
        return []
    rows = []
    for metric in ("facts_f1", "cell_accuracy"):
        r = result[metric]
        verdict = "supported" if r["low"] > 0 or r["high"] < 0 else "within noise"
        rows.append(
            f"| {title} | {name_b} − {name_a} | {metric} | {r['difference']:+.3f} "
            f"| [{r['low']:+.3f}, {r['high']:+.3f}] | {verdict} |"
        )
    return rows
