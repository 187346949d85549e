"""Label Studio round trip: gold → tasks → export (JSON and JSON-MIN) → gold, and clear errors for bad exports."""

import copy
import json
import tempfile
import xml.dom.minidom
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ie.annotate.config import CELL_PREFIX, SPAN, VALUE, cell_controls, labeling_config
from ie.annotate.importer import convert_export
from ie.annotate.tasks import make_task
from ie.cli import app
from ie.schema import FACT_FIELDS, PROBLEM_CATEGORIES, Prediction, all_cell_ids
from ie.synth import ReportGenerator, SynthConfig
from ie.synth.generator import write_document
from tests.conftest import load_gold, shared_corpus

runner = CliRunner()


def as_export(tasks: list[dict]) -> list[dict]:
    """What Label Studio's JSON export looks like for tasks whose annotation was submitted."""
    out = []
    for n, task in enumerate(tasks, 1):
        annotations = [
            {
                "id": 100 + n,
                "completed_by": 1,
                "result": copy.deepcopy(a["result"]),
                "was_cancelled": False,
                "ground_truth": False,
                "created_at": "2026-11-22T10:00:00Z",
                "updated_at": "2026-11-22T10:00:00Z",
                "lead_time": 12.5,
                "task": n,
                "project": 1,
            }
            for a in task.get("annotations", [])
        ]
        out.append(
            {
                "id": n,
                "data": copy.deepcopy(task["data"]),
                "annotations": annotations,
                "predictions": [],
                "meta": {},
                "created_at": "2026-11-22T09:00:00Z",
                "inner_id": n,
                "total_annotations": len(annotations),
            }
        )
    return out


def as_json_min(tasks: list[dict]) -> list[dict]:
    """Label Studio's JSON-MIN: one flat row per annotated task, data fields and control values side by side."""
    rows = []
    for n, task in enumerate(tasks, 1):
        row = {
            **copy.deepcopy(task["data"]),
            "id": n,
            "annotator": 1,
            "annotation_id": 100 + n,
            "created_at": "2026-11-22T10:00:00Z",
            "updated_at": "2026-11-22T10:00:00Z",
            "lead_time": 12.5,
        }
        for item in task["annotations"][0]["result"]:
            name, value = item["from_name"], item["value"]
            if name == SPAN:
                row.setdefault(SPAN, []).append({**value, "id": item["id"]})
            elif name == VALUE:
                row.setdefault(VALUE, []).append({**value, "id": item["id"]})
            elif name == "template":
                row["template"] = value["choices"][0]
            else:
                row[name] = value["text"][0]
        rows.append(row)
    return rows


def round_trip(
    golds: dict[str, dict], texts: dict[str, str], exporter=as_export
) -> dict[str, dict]:
    """Gold files (JSON) → tasks → an export → gold files (JSON) again."""
    tasks = [
        make_task(d, texts[d], Prediction.from_json(g), as_annotation=True)
        for d, g in golds.items()
    ]
    back, _, report = convert_export(json.loads(json.dumps(exporter(tasks), ensure_ascii=False)))
    assert not report.errors and not report.skipped, report.summary()
    return {d: record.to_json() for d, record in back.items()}


def test_config_is_valid_xml_derived_from_the_schema():
    config = labeling_config()
    dom = xml.dom.minidom.parseString(config)
    labels = {e.getAttribute("value") for e in dom.getElementsByTagName("Label")}
    assert labels == set(FACT_FIELDS) | set(PROBLEM_CATEGORIES)
    names = {e.getAttribute("name") for e in dom.getElementsByTagName("TextArea")}
    assert {CELL_PREFIX + c for c in all_cell_ids()} <= names and set(cell_controls()) <= names
    assert {e.getAttribute("value") for e in dom.getElementsByTagName("Choice")} == {"2019", "2021"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    layout=st.sampled_from(["tsv", "cell_per_line", "pipe", "markdown"]),
    fmt=st.sampled_from(["2019", "2021"]),
    minimal=st.booleans(),
)
def test_round_trip_of_generated_gold_is_lossless(seed, layout, fmt, minimal):
    generator = ReportGenerator(
        SynthConfig(n=1, seed=seed, formats=(fmt,), layouts=(layout,), error_rate=0.3)
    )
    with tempfile.TemporaryDirectory() as tmp:
        gold = write_document(generator.generate(0), f"h-{seed}", Path(tmp))
        text = (Path(tmp) / "text" / f"h-{seed}.txt").read_text(encoding="utf-8")
    golds, texts = {gold["doc_id"]: gold}, {gold["doc_id"]: text}
    assert round_trip(golds, texts) == golds
    if minimal:
        assert round_trip(golds, texts, as_json_min) == golds


def test_round_trip_of_the_real_gold_is_lossless():
    corpus = shared_corpus("seeds")
    golds = load_gold(corpus)
    texts = {d: (corpus / "text" / f"{d}.txt").read_text(encoding="utf-8") for d in golds}
    assert round_trip(golds, texts) == golds
    assert round_trip(golds, texts, as_json_min) == golds


def _one_task(text="共主动公开信息二十条，收到申请3件，未收到行政复议。工作人员多为兼职。"):
    gold = {
        "doc_id": "d1",
        "meta": {"agency": None, "year": 2022, "template": "2021"},
        "facts": [
            {
                "field": "proactive_total",
                "value": 20,
                "start": text.index("二十"),
                "end": text.index("二十") + 2,
                "text": "二十",
            }
        ],
        "problems": [],
        "cells": {"t1.fee.amount": 1.5, "t2.new.total": None},
    }
    from ie.read import normalize_text, text_sha256

    gold["text_sha256"] = text_sha256(normalize_text(text))
    return as_export([make_task("d1", text, Prediction.from_json(gold), as_annotation=True)])


def test_annotator_spans_get_values_parsed_or_typed():
    export = _one_task()
    result = export[0]["annotations"][0]["result"]
    result.append(
        {
            "id": "new1",
            "from_name": SPAN,
            "to_name": "text",
            "type": "labels",
            "value": {"start": 15, "end": 16, "text": "3", "labels": ["applications_received"]},
        }
    )
    result.append(
        {
            "id": "new2",
            "from_name": SPAN,
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": 26,
                "end": 32,
                "text": "工作人员多为",
                "labels": ["staff.part_time"],
            },
        }
    )
    golds, _, report = convert_export(export)
    facts = {f.field: f.value for f in golds["d1"].facts}
    assert facts == {"proactive_total": 20, "applications_received": 3}
    assert golds["d1"].problems[0].category == "staff.part_time"
    assert golds["d1"].cells == {"t1.fee.amount": 1.5, "t2.new.total": None}


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda r: r.append(
                {
                    "id": "x",
                    "from_name": SPAN,
                    "type": "labels",
                    "value": {"start": 0, "end": 2, "text": "共主", "labels": ["staff.morale"]},
                }
            ),
            "unknown label 'staff.morale'",
        ),
        (
            lambda r: r.append(
                {
                    "id": "x",
                    "from_name": SPAN,
                    "type": "labels",
                    "value": {"start": 500, "end": 502, "text": "xx", "labels": ["staff.skills"]},
                }
            ),
            "outside the text",
        ),
        (
            lambda r: r.append(
                {
                    "id": "x",
                    "from_name": SPAN,
                    "type": "labels",
                    "value": {"start": 0, "end": 2, "text": "收到", "labels": ["staff.skills"]},
                }
            ),
            "reads '共主'",
        ),
        (
            lambda r: r.append(
                {
                    "id": "x",
                    "from_name": "cell:t9.nothing.total",
                    "type": "textarea",
                    "value": {"text": ["1"]},
                }
            ),
            "unknown table cell",
        ),
        (
            lambda r: r.append(
                {
                    "id": "x",
                    "from_name": "cell:t2.new.total",
                    "type": "textarea",
                    "value": {"text": ["十几"]},
                }
            ),
            "not a number",
        ),
    ],
)
def test_bad_annotations_are_errors_naming_the_task(change, message):
    export = _one_task()
    change(export[0]["annotations"][0]["result"])
    golds, _, report = convert_export(export)
    assert not golds and len(report.errors) == 1
    task, problem = report.errors[0]
    assert "d1" in task and message in problem


def test_task_without_annotation_is_skipped_with_a_reason():
    export = _one_task()
    export[0]["annotations"] = [{"result": [], "was_cancelled": True}]
    golds, _, report = convert_export(export)
    assert not golds and "no annotation" in report.skipped[0][1]
    assert "1 skipped" in report.summary()


def test_utf16_offsets_and_crlf_texts_are_repaired_when_the_span_proves_it():
    text = "𠀀𠀁报告：共主动公开信息二十条。"
    export = _one_task(text)
    span = export[0]["annotations"][0]["result"][0]["value"]
    assert span["text"] == "二十"
    span["start"], span["end"] = (
        span["start"] + 2,
        span["end"] + 2,
    )  # UTF-16: two surrogate pairs before
    golds, _, report = convert_export(export)
    assert golds["d1"].facts[0].start == text.index("二十") and report.repaired

    crlf = "第一行\r\n共主动公开信息二十条。"
    export = _one_task(crlf.replace("\r\n", "\n"))
    export[0]["data"]["text"] = crlf
    region = export[0]["annotations"][0]["result"][0]["value"]
    region["start"], region["end"] = crlf.index("二十"), crlf.index("二十") + 2
    golds, _, report = convert_export(export)
    assert (
        golds["d1"].facts[0].start == crlf.replace("\r\n", "\n").index("二十") and report.repaired
    )


def test_export_and_import_through_the_cli(tmp_path, synth_corpus):
    result = runner.invoke(app, ["annotate", "config", "-o", str(tmp_path / "ls.xml")])
    assert result.exit_code == 0 and (tmp_path / "ls.xml").read_text().startswith("<View>")
    files = sorted((synth_corpus / "text").glob("*.txt"))[:3]
    result = runner.invoke(
        app,
        [
            "annotate",
            "export",
            *map(str, files),
            "--system",
            "rules",
            "-o",
            str(tmp_path / "tasks.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    tasks = json.loads((tmp_path / "tasks.json").read_text())
    assert len(tasks) == 3 and tasks[0]["predictions"][0]["model_version"].startswith("rules-")
    for t in tasks:  # the annotator accepts the pre-annotations as they are
        t["annotations"] = [{"result": t.pop("predictions")[0]["result"]}]
    (tmp_path / "export.json").write_text(json.dumps(as_export(tasks), ensure_ascii=False))
    result = runner.invoke(
        app, ["annotate", "import", str(tmp_path / "export.json"), "-o", str(tmp_path / "gold")]
    )
    assert result.exit_code == 0, result.output
    assert "3 imported, 0 skipped, 0 errors" in result.output
    gold = load_gold(synth_corpus)
    assert sorted(p.stem for p in (tmp_path / "text").glob("*.txt")) == [f.stem for f in files]
    for f in files:
        back = json.loads((tmp_path / "gold" / f"{f.stem}.json").read_text())
        assert back["text_sha256"] == gold[f.stem]["text_sha256"]
        assert {k: v for k, v in back["cells"].items() if v is not None} == {
            k: v for k, v in gold[f.stem]["cells"].items() if v is not None
        }
