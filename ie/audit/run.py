"""Audit many records: one JSON line per document, a CSV summary, and the counts to print."""

import csv
from collections import Counter
from pathlib import Path

from ie.audit.checks import CHECK_IDS, Failure, audit_prediction, cross_year_checks
from ie.read.jsonl import JsonlWriter
from ie.schema import Prediction


def failures_by_document(
    records: list[Prediction], texts: dict[str, str] | None = None
) -> dict[str, list[Failure]]:
    """Every check a record fails, its own and those across years of the same body."""
    texts = texts or {}
    ok = [r for r in records if r.error is None]
    extra = cross_year_checks(ok)
    return {
        r.doc_id: audit_prediction(r, texts.get(r.doc_id)) + extra.get(r.doc_id, []) for r in ok
    }


def audit_records(
    records: list[Prediction], texts: dict[str, str], output: Path
) -> tuple[Counter, Path]:
    """Writes `output` (JSONL) and its `.csv` summary; returns how many reports fail each check."""
    found = failures_by_document(records, texts)
    counts: Counter[str] = Counter()
    with JsonlWriter(output) as writer:
        for rec in records:
            if rec.error is not None:
                writer.write({"doc_id": rec.doc_id, "error": rec.error})
                continue
            failures = found[rec.doc_id]
            counts.update({f.id for f in failures})
            writer.write({"doc_id": rec.doc_id, "checks": [f.to_json() for f in failures]})
    summary = Path(output).with_suffix(".csv")
    with open(summary, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["check", "reports_failing", "reports"])
        for check in CHECK_IDS:
            writer.writerow([check, counts[check], len(records)])
    return counts, summary
