"""Gold files or predictions → Label Studio tasks (text, and the record as pre-annotation or annotation).

Everything Label Studio has no control for (gold keys such as `agency_alt`, `approx`,
`cells_complete`) travels in the task's data under `govie`, so that importing gives back
the same file.
"""

from ie.annotate.config import BLANK, SPAN, TEXT, VALUE, cell_control
from ie.read import normalize_text
from ie.schema import META_KEYS, Prediction, Problem
from ie.schema.numbers import fact_value

FACT_KEYS = ("field", "value", "start", "end", "text")  # what the span and its value box hold


def format_number(value) -> str:
    if value is None:
        return BLANK
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _region(rid: str, start: int, end: int, text: str, labels: list[str]) -> dict:
    return {
        "id": rid,
        "from_name": SPAN,
        "to_name": TEXT,
        "type": "labels",
        "origin": "prediction",
        "value": {"start": start, "end": end, "text": text[start:end], "labels": labels},
    }


def record_to_results(prediction: Prediction, text: str) -> tuple[list[dict], dict]:
    """(Label Studio result items, extras kept beside them) for a gold file or a prediction."""
    record = prediction.to_json()
    results: list[dict] = []
    regions: dict[str, dict] = {}
    for i, fact in enumerate(record.get("facts", [])):
        if "start" not in fact:
            continue
        rid = f"f{i}"
        results.append(_region(rid, fact["start"], fact["end"], text, [fact["field"]]))
        if fact_value(text[fact["start"] : fact["end"]]) != fact.get("value"):
            results.append(
                {
                    "id": rid,
                    "from_name": VALUE,
                    "to_name": TEXT,
                    "type": "textarea",
                    "value": {
                        "start": fact["start"],
                        "end": fact["end"],
                        "text": [format_number(fact.get("value"))],
                    },
                }
            )
        regions[rid] = {k: v for k, v in fact.items() if k not in FACT_KEYS}
    grouped: dict[tuple[int, int], list[dict]] = {}
    for problem in record.get("problems", []):
        if "start" in problem:
            grouped.setdefault((problem["start"], problem["end"]), []).append(problem)
    for i, ((start, end), problems) in enumerate(grouped.items()):
        rid = f"p{i}"
        results.append(_region(rid, start, end, text, [p["category"] for p in problems]))
        extra = [{k: v for k, v in p.items() if k not in Problem.KEYS} for p in problems]
        if any(extra):
            regions[rid] = {"per_label": extra}
    meta = record.get("meta") or {}
    if meta.get("template"):
        results.append(
            {
                "id": "meta-template",
                "from_name": "template",
                "to_name": TEXT,
                "type": "choices",
                "value": {"choices": [str(meta["template"])]},
            }
        )
    for key in ("agency", "year"):
        if meta.get(key) is not None:
            results.append(
                {
                    "id": f"meta-{key}",
                    "from_name": key,
                    "to_name": TEXT,
                    "type": "textarea",
                    "value": {"text": [str(meta[key])]},
                }
            )
    for cid, value in (record.get("cells") or {}).items():
        results.append(
            {
                "id": f"c-{cid}",
                "from_name": cell_control(cid),
                "to_name": TEXT,
                "type": "textarea",
                "value": {"text": [format_number(value)]},
            }
        )
    extras = {
        "regions": regions,
        "meta": {k: v for k, v in meta.items() if k not in META_KEYS},
        "record": {k: v for k, v in record.items() if k not in Prediction.KEYS},
    }
    return results, extras


def make_task(
    doc_id: str, text: str, record: Prediction, as_annotation: bool = False, model_version: str = ""
) -> dict:
    """One task; the record becomes a prediction (pre-annotation) or, for gold, a finished annotation.

    The task holds the normalized text (SCHEMA §6), the one that offsets refer to."""
    text = normalize_text(text)
    results, extras = record_to_results(record, text)
    task = {
        "data": {
            "doc_id": doc_id,
            "text": text,
            "govie": {"text_sha256": record.text_sha256, **extras},
        }
    }
    if as_annotation:
        task["annotations"] = [{"result": results, "was_cancelled": False, "ground_truth": False}]
    else:
        task["predictions"] = [{"model_version": model_version, "result": results}]
    return task
