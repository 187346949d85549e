"""Label Studio exports (JSON, and JSON-MIN) → gold files, checked against the text; nothing silently dropped.

Label Studio counts offsets in UTF-16 units, so characters outside the BMP shift them, and
a text imported with `\\r\\n` has offsets into that text, not into the normalized one. Both are
repaired where the span's own text proves the repair right; anything else is an error that
names the task and the problem.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from ie.annotate.config import BLANK, CELL_PREFIX, SPAN, VALUE, cell_controls
from ie.read import normalize_text, text_sha256
from ie.read.document import check_doc_id, path_inside
from ie.schema import (
    AMOUNT_CELLS,
    FACT_FIELDS,
    META_KEYS,
    PROBLEM_CATEGORIES,
    Prediction,
    RecordError,
)
from ie.schema.numbers import fact_value, parse_cell, parse_count

KNOWN_LABELS = set(FACT_FIELDS) | set(PROBLEM_CATEGORIES)
CELL_NAMES = set(cell_controls())


class ConversionError(ValueError):
    pass


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (task, why)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (task, problem)
    repaired: list[tuple[str, str]] = field(default_factory=list)  # (task, what was repaired)

    def summary(self) -> str:
        lines = [
            f"{len(self.imported)} imported, {len(self.skipped)} skipped, {len(self.errors)} errors, "
            f"{len(self.repaired)} offsets repaired"
        ]
        lines += [f"skipped {t}: {why}" for t, why in self.skipped]
        lines += [f"error {t}: {why}" for t, why in self.errors]
        lines += [f"repaired {t}: {what}" for t, what in self.repaired]
        return "\n".join(lines)


def _utf16_to_index(text: str):
    """Map from a UTF-16 offset to a Python string index (None where it falls inside a surrogate pair)."""
    table, units = {}, 0
    for i, ch in enumerate(text):
        table[units] = i
        units += 2 if ord(ch) > 0xFFFF else 1
    table[units] = len(text)
    return table.get


def _raw_to_normalized(raw: str):
    """Map from an offset into a text with \\r\\n or \\r line ends to the offset after normalization."""
    table, out, i = {}, 0, 0
    while i < len(raw):
        table[i] = out
        if raw[i] == "\r" and i + 1 < len(raw) and raw[i + 1] == "\n":
            table[i + 1] = out
            i += 2
        else:
            i += 1
        out += 1
    table[len(raw)] = out
    return table.get


class SpanChecker:
    """Puts a span's offsets into the normalized text, or says why it cannot."""

    def __init__(self, raw_text: str, task: str, report: ImportReport):
        self.raw = raw_text
        self.text = normalize_text(raw_text)
        self.task = task
        self.report = report
        self.same = self.text == raw_text
        if not self.same and self.text != raw_text.replace("\r\n", "\n").replace("\r", "\n"):
            raise ConversionError(
                "the task text changes under NFKC normalization; offsets cannot be mapped"
            )

    def place(self, start: int, end: int, span_text: str | None) -> tuple[int, int]:
        text = self.text
        if not (isinstance(start, int) and isinstance(end, int)) or start < 0 or end <= start:
            raise ConversionError(f"span [{start}, {end}) is not a valid range")
        candidates = []
        if self.same:
            candidates.append(("", start, end))
        else:
            to_norm = _raw_to_normalized(self.raw)
            candidates.append(
                ("offsets counted in the text with \\r\\n line ends", to_norm(start), to_norm(end))
            )
        to_index = _utf16_to_index(self.raw if self.same else text)
        candidates.append(("offsets counted in UTF-16 units", to_index(start), to_index(end)))
        for how, s, e in candidates:
            if s is None or e is None or e > len(text):
                continue
            if span_text is None or normalize_text(span_text) == text[s:e]:
                if how and (s, e) != (start, end):
                    self.report.repaired.append(
                        (self.task, f"[{start}, {end}) → [{s}, {e}]: {how}")
                    )
                return s, e
        if end > len(self.raw):
            raise ConversionError(
                f"span [{start}, {end}) lies outside the text ({len(text)} characters)"
            )
        raise ConversionError(
            f"span [{start}, {end}) reads {text[start:end]!r} in the text but the annotation says {span_text!r}"
        )


def _first_text(value) -> str | None:
    texts = value.get("text") if isinstance(value, dict) else value
    if isinstance(texts, list):
        texts = texts[0] if texts else None
    return None if texts is None else str(texts).strip()


def results_to_record(
    results: list[dict], raw_text: str, task_data: dict, task: str, report: ImportReport
) -> dict:
    """One annotation's result items → a gold record (SCHEMA §5)."""
    checker = SpanChecker(raw_text, task, report)
    text = checker.text
    govie = task_data.get("govie") or {}
    regions_extra = govie.get("regions") or {}
    typed: dict[str, str] = {}
    spans: list[dict] = []
    meta: dict = {}
    cells: dict = {}
    for item in results:
        name, value = item.get("from_name"), item.get("value") or {}
        if name == VALUE:
            typed[item.get("id", "")] = _first_text(value)
        elif name == SPAN:
            spans.append(item)
        elif name == "template":
            choices = value.get("choices") or []
            if choices:
                meta["template"] = choices[0]
        elif name in ("agency", "year"):
            meta[name] = _first_text(value)
        elif name and name.startswith(CELL_PREFIX):
            if name not in CELL_NAMES:
                raise ConversionError(f"unknown table cell {name[len(CELL_PREFIX) :]!r}")
            cells[name[len(CELL_PREFIX) :]] = _cell_value(
                name[len(CELL_PREFIX) :], _first_text(value)
            )
        elif item.get("type") in ("relation",):
            continue
        else:
            raise ConversionError(f"result from unknown control {name!r}")
    facts, problems = [], []
    for item in spans:
        value = item.get("value") or {}
        labels = value.get("labels") or []
        unknown = [label for label in labels if label not in KNOWN_LABELS]
        if unknown or not labels:
            raise ConversionError(
                f"unknown label {unknown[0]!r}" if unknown else "a span without a label"
            )
        start, end = checker.place(value.get("start"), value.get("end"), value.get("text"))
        rid = item.get("id", "")
        extra = regions_extra.get(rid, {})
        facts_here = [label for label in labels if label in FACT_FIELDS]
        if facts_here:
            if len(labels) > 1:
                raise ConversionError(
                    f"span [{start}, {end}) has a fact label with other labels: {labels}"
                )
            facts.append(
                _fact(facts_here[0], start, end, text, typed.get(rid), extra, rid in regions_extra)
            )
            continue
        per_label = extra.get("per_label") or [{}] * len(labels)
        for label, more in zip(labels, per_label + [{}] * (len(labels) - len(per_label))):
            problems.append(
                {"category": label, "start": start, "end": end, "text": text[start:end], **more}
            )
    if "year" in meta and meta["year"] is not None:
        if not meta["year"].isdigit():
            raise ConversionError(f"year {meta['year']!r} is not a number")
        meta["year"] = int(meta["year"])
    meta = {**{k: meta.get(k) for k in META_KEYS}, **(govie.get("meta") or {})}
    record = {
        "doc_id": task_data.get("doc_id"),
        "text_sha256": text_sha256(text),
        "meta": meta,
        "facts": facts,
        "problems": problems,
        "cells": cells,
    }
    record.update(
        {k: v for k, v in (govie.get("record") or {}).items() if k not in Prediction.KEYS}
    )
    return record


def _fact(
    label: str, start: int, end: int, text: str, typed: str | None, extra: dict, known: bool
) -> dict:
    """A fact from its span; `known` regions came from our own tasks, whose extra keys say everything."""
    span = text[start:end]
    if typed:
        parsed = parse_count(typed)
        if parsed is None:
            raise ConversionError(
                f"value {typed!r} typed for {label} at [{start}, {end}) is not a number"
            )
        value = parsed[0]
    else:
        value = fact_value(span)
        if value is None:
            raise ConversionError(
                f"{label} span {span!r} at [{start}, {end}) holds no number; type its value"
            )
    fact = {"field": label, "value": value, "start": start, "end": end, "text": span}
    if not known and not typed and (parsed := parse_count(span)) and parsed[1]:
        fact["approx"] = True
    return {**fact, **extra}


def _cell_value(cid: str, raw: str | None):
    if raw is None or raw == "" or raw == BLANK or raw.lower() == "null":
        return None
    value = parse_cell(raw, amount=cid in AMOUNT_CELLS)
    if value is None:
        raise ConversionError(f"cell {cid} value {raw!r} is not a number")
    return value


def _min_to_results(row: dict) -> list[dict]:
    """A JSON-MIN row → result items (span regions, values, meta, cells)."""
    results = []
    for i, region in enumerate(row.get(SPAN) or []):
        rid = region.get("id", f"min{i}")
        results.append({"id": rid, "from_name": SPAN, "type": "labels", "value": region})
    for i, region in enumerate(row.get(VALUE) or []):
        if isinstance(region, dict):
            rid = region.get("id") or next(
                (
                    r["id"]
                    for r in results
                    if r["value"].get("start") == region.get("start")
                    and r["value"].get("end") == region.get("end")
                ),
                f"v{i}",
            )
            results.append({"id": rid, "from_name": VALUE, "type": "textarea", "value": region})
    if row.get("template"):
        choice = row["template"]
        choices = (
            choice.get("choices")
            if isinstance(choice, dict)
            else ([choice] if isinstance(choice, str) else choice)
        )
        results.append({"from_name": "template", "type": "choices", "value": {"choices": choices}})
    for key in ("agency", "year"):
        if row.get(key) not in (None, ""):
            results.append({"from_name": key, "type": "textarea", "value": {"text": row[key]}})
    for key, value in row.items():
        if key.startswith(CELL_PREFIX):
            results.append({"from_name": key, "type": "textarea", "value": {"text": value}})
    return results


def load_export(path: str | Path) -> list[dict]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConversionError(f"{path}: not a Label Studio JSON export ({exc})") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ConversionError(f"{path}: a Label Studio export is a list of tasks")
    return data


def convert_export(
    tasks: list[dict], annotation: int | None = None
) -> tuple[dict[str, Prediction], dict[str, str], ImportReport]:
    """Gold records and their texts by doc_id from an export (JSON or JSON-MIN), and what happened to each task.

    A task annotated more than once gives its latest annotation, or with `annotation=k` its
    k-th (0: the first made), as when two annotators label the same tasks."""
    report = ImportReport()
    golds: dict[str, dict] = {}
    texts: dict[str, str] = {}
    for n, task in enumerate(tasks):
        if not isinstance(task, dict):
            report.errors.append(
                (f"task {n}", f"a task is a JSON object, not {type(task).__name__}")
            )
            continue
        try:
            _convert_task(n, task, golds, texts, report, annotation)
        except (ConversionError, RecordError, ValueError) as exc:
            report.errors.append((f"task {task.get('id', n)}", str(exc)))
        except (
            KeyError,
            TypeError,
            AttributeError,
            IndexError,
        ) as exc:  # a malformed export, not a bug to crash on
            report.errors.append(
                (f"task {task.get('id', n)}", f"malformed annotation ({type(exc).__name__}: {exc})")
            )
    return golds, texts, report


def _convert_task(
    n: int, task: dict, golds: dict, texts: dict, report: ImportReport, which: int | None = None
) -> None:
    """One task into `golds` and `texts`, or its error or reason for skipping into `report`."""
    is_min = "data" not in task
    data = task if is_min else (task.get("data") or {})
    name = f"task {task.get('id', n)} ({data.get('doc_id', '?')})"
    text = data.get("text")
    if not isinstance(text, str) or not data.get("doc_id"):
        report.errors.append((name, "task data has no 'text' or no 'doc_id'"))
        return
    try:
        check_doc_id(data["doc_id"])
    except ValueError as exc:
        report.errors.append((name, str(exc)))
        return
    if is_min:
        results = _min_to_results(task)
    else:
        annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not annotations:
            report.skipped.append((name, "no annotation (predictions alone are not gold)"))
            return
        if which is None:
            chosen = max(annotations, key=lambda a: (a.get("updated_at") or "", a.get("id") or 0))
        elif which < len(annotations):
            chosen = sorted(annotations, key=lambda a: a.get("id") or 0)[which]
        else:
            report.skipped.append((name, f"no annotation number {which + 1}"))
            return
        results = chosen["result"]
    try:
        record = Prediction.from_json(results_to_record(results, text, data, name, report))
    except (ConversionError, RecordError) as exc:
        report.errors.append((name, str(exc)))
        return
    expected = (data.get("govie") or {}).get("text_sha256")
    if expected and expected != record.text_sha256:
        report.errors.append(
            (
                name,
                "the task text is not the text the pre-annotations were made on "
                "(text_sha256 differs)",
            )
        )
        return
    if record.doc_id in golds:
        report.errors.append((name, f"a second task for document {record.doc_id}"))
        return
    golds[record.doc_id] = record
    texts[record.doc_id] = normalize_text(text)
    report.imported.append(name)


def write_gold(
    golds: dict[str, Prediction], folder: Path, texts: dict[str, str] | None = None
) -> None:
    """Gold files in `folder`; with `texts`, the texts in `folder/../text`, so the two make a corpus."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, gold in golds.items():
        path_inside(folder, doc_id, ".json").write_text(
            json.dumps(gold.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    if texts:
        text_dir = folder.parent / "text"
        text_dir.mkdir(parents=True, exist_ok=True)
        for doc_id, text in texts.items():
            path_inside(text_dir, doc_id, ".txt").write_text(text, encoding="utf-8")
