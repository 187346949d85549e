"""Which unannotated reports are worth an annotator's hour.

Strategies, each giving every report a score and a reason (highest scores chosen):

* `disagreement` — the systems read the report differently: one point per fact field and
  metadata key on which any two differ, plus the share of table cells they read differently;
* `uncertainty` — a system that gives probabilities (the linear system) is least sure: per
  field 1 − |2p − 1| of its most probable candidate, the largest over the fields;
* `audit` — the rules' reading breaks the tables' arithmetic (a misread table): one point per
  failed table check;
* `random` — the control, seeded.
"""

import json
import random
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path

from ie.audit import failures_by_document
from ie.curate.agreement import same_value
from ie.extract.runner import predictions, run
from ie.read import ReadError
from ie.read.inputs import item_doc_id, item_source, read_item
from ie.schema import FACT_FIELDS, Prediction

STRATEGIES = ("disagreement", "uncertainty", "audit", "random")
COMPLETENESS = "complete."  # checks about what a report lacks, not about a misread table


@dataclass
class Choice:
    doc_id: str
    source: str
    score: float
    reason: str

    def to_json(self) -> dict:
        return asdict(self)


def _differ(x, y) -> bool:
    return not same_value(x, y)


def disagreement_score(records: dict[str, Prediction]) -> tuple[float, str]:
    """How differently the systems (name → record) read one report, and where."""
    fields, cells_share = set(), 0.0
    for (_, a), (_, b) in combinations(records.items(), 2):
        va, vb = a.first_values(), b.first_values()
        fields |= {f for f in FACT_FIELDS if _differ(va.get(f), vb.get(f))}
        fields |= {
            f"meta.{k}"
            for k in ("agency", "year")
            if _differ(getattr(a.meta, k), getattr(b.meta, k))
        }
        ids = set(a.cells) | set(b.cells)
        if ids:
            differing = sum(_differ(a.cells.get(c), b.cells.get(c)) for c in ids)
            cells_share = max(cells_share, differing / len(ids))
    names = " vs ".join(records)
    reason = f"{names} differ on {', '.join(sorted(fields)) or 'no field'}"
    if cells_share:
        reason += f"; {cells_share:.0%} of cells"
    return len(fields) + cells_share, reason


def uncertainty_score(probabilities: dict[str, float]) -> tuple[float, str]:
    field, p = max(probabilities.items(), key=lambda kv: 1 - abs(2 * kv[1] - 1))
    return 1 - abs(2 * p - 1), f"least sure of {field} (p = {p:.2f})"


def audit_score(failed: list[str]) -> tuple[float, str]:
    table = sorted({f for f in failed if not f.startswith(COMPLETENESS)})
    return float(len(table)), f"tables fail {', '.join(table)}" if table else "tables consistent"


def score_reports(items, extractors: dict, strategy: str, seed: int = 0, workers: int = 1):
    """(Choice for each readable report, [(source, error)] for the others)."""
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}: one of {', '.join(STRATEGIES)}")
    scored, unreadable = [], []
    first = next(iter(extractors.values()))
    sources = {item_doc_id(i): item_source(i) for i in items}
    if strategy == "disagreement":
        if len(extractors) < 2:
            raise ValueError("disagreement needs two systems or more (--systems rules,linear)")
        streams = [predictions(items, e, workers) for e in extractors.values()]
        for row in zip(*streams):
            records = dict(zip(extractors, row))
            if any(r.error for r in row):
                unreadable.append(
                    (row[0].source or row[0].doc_id, next(r.error for r in row if r.error))
                )
                continue
            scored.append(
                Choice(row[0].doc_id, sources[row[0].doc_id], *disagreement_score(records))
            )
    elif strategy == "uncertainty":
        sure = next((e for e in extractors.values() if hasattr(e, "field_probabilities")), None)
        if sure is None:
            raise ValueError(
                "uncertainty needs a system that gives probabilities (--systems linear)"
            )
        for item in items:  # only the text is needed: the report is read, not extracted
            try:
                doc = read_item(item)
            except ReadError as exc:
                unreadable.append((item_source(item), exc.reason))
                continue
            probabilities = sure.field_probabilities(doc.text)
            scored.append(
                Choice(doc.doc_id, sources[doc.doc_id], *uncertainty_score(probabilities))
            )
    else:
        records = list(predictions(items, first, workers))
        unreadable = [(r.source or r.doc_id, r.error) for r in records if r.error]
        readable = [r for r in records if not r.error]
        if strategy == "audit":
            failures = failures_by_document(readable)
            for r in readable:
                score = audit_score([f.id for f in failures.get(r.doc_id, [])])
                scored.append(Choice(r.doc_id, sources[r.doc_id], *score))
        else:
            rng = random.Random(seed)
            for r in readable:
                scored.append(
                    Choice(r.doc_id, sources[r.doc_id], rng.random(), f"random (seed {seed})")
                )
    return scored, unreadable


def choose(scored: list[Choice], n: int) -> list[Choice]:
    """The n highest scores (ties by document id, so a choice is reproducible)."""
    return sorted(scored, key=lambda c: (-c.score, c.doc_id))[:n]


def write_selection(chosen: list[Choice], strategy: str, output: Path) -> None:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {"strategy": strategy, "chosen": [c.to_json() for c in chosen]},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    lines = [
        f"# {len(chosen)} reports chosen by {strategy}",
        "",
        "| document | score | reason |",
        "|---|---|---|",
    ]
    lines += [f"| {c.doc_id} | {c.score:.3f} | {c.reason} |" for c in chosen]
    output.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def pre_annotate(items, chosen: list[Choice], extractor) -> list[dict]:
    """Label Studio tasks of the chosen reports, pre-annotated by `extractor`."""
    from ie.annotate.tasks import make_task

    wanted = {c.doc_id for c in chosen}
    tasks = []
    for extracted in run((i for i in items if item_doc_id(i) in wanted), extractor):
        p = extracted.prediction
        if p.error is None:
            version = f"{extractor.name}-{extractor.version}"
            tasks.append(make_task(p.doc_id, extracted.text, p, model_version=version))
    return tasks
