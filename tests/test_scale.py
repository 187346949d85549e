"""Large-corpus plumbing: datasets on disk as input, streamed output, resume after a crash, `govie bench`."""

import json

from datasets import Dataset, DatasetDict
from typer.testing import CliRunner

from ie.cli import app
from ie.evaluate.speed import plan
from ie.extract.base import get_extractor
from ie.extract.runner import predictions
from ie.read.inputs import Inputs, TextRecord
from ie.schema import Prediction
from ie.synth import SynthConfig, generate_corpus

runner = CliRunner()


def saved_dataset(tmp_path, synth_corpus, n=6, with_ids=True):
    texts = sorted((synth_corpus / "text").glob("*.txt"))[:n]
    data = {"text": [t.read_text(encoding="utf-8") for t in texts]}
    if with_ids:
        data["doc_id"] = [t.stem for t in texts]
    Dataset.from_dict(data).save_to_disk(str(tmp_path / "ds"))
    return tmp_path / "ds", [t.stem for t in texts]


def test_extract_reads_a_dataset_saved_to_disk(tmp_path, synth_corpus):
    ds, ids = saved_dataset(tmp_path, synth_corpus)
    out = tmp_path / "preds.jsonl"
    result = runner.invoke(app, ["extract", str(ds), "-o", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    preds = [json.loads(x) for x in out.read_text().splitlines()]
    assert [p["doc_id"] for p in preds] == ids and all(p["cells"] for p in preds)


def test_dataset_rows_without_ids_or_text(tmp_path):
    DatasetDict({"train": Dataset.from_dict({"text": ["收到申请3件。", ""]})}).save_to_disk(
        str(tmp_path / "dd")
    )
    items = list(Inputs([str(tmp_path / "dd")]))
    assert [i.doc_id for i in items] == ["dd-0000000", "dd-0000001"]
    preds = list(predictions(items, get_extractor("rules")))
    assert preds[0].error is None and "no text" in preds[1].error
    Dataset.from_dict({"body": ["x"]}).save_to_disk(str(tmp_path / "bad"))
    result = runner.invoke(app, ["extract", str(tmp_path / "bad"), "-o", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 2 and "no 'text' column" in result.output


def test_resume_after_a_crash_keeps_what_was_written(tmp_path, synth_corpus):
    files = sorted((synth_corpus / "text").glob("*.txt"))[:5]
    out = tmp_path / "preds.jsonl"
    assert runner.invoke(app, ["extract", *map(str, files[:2]), "-o", str(out)]).exit_code == 0
    first = out.read_text()
    out.write_text(
        first + '{"doc_id": "' + files[2].stem + '", "sys'
    )  # killed in the middle of a line
    result = runner.invoke(app, ["extract", *map(str, files), "-o", str(out), "--resume"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["doc_id"] for x in lines] == [f.stem for f in files]
    assert out.read_text().startswith(first) and "2 skipped" in result.output


def test_pool_is_fed_in_bounded_batches(synth_corpus):
    items = (TextRecord(f"d{i}", "本年度收到政府信息公开申请3件。", f"mem#{i}") for i in range(300))
    preds = list(predictions(items, get_extractor("rules"), workers=2))
    assert [p.doc_id for p in preds] == [f"d{i}" for i in range(300)]
    assert all(p.facts and p.facts[0].value == 3 for p in preds)


def test_two_runs_in_one_process_keep_their_own_system(tmp_path):
    """Interleaved runs with different systems: each prediction comes from the system its run was given."""

    class Fixed:
        def __init__(self, name):
            self.name, self.version = name, "0"

        def extract(self, doc):
            return Prediction(doc.doc_id, system=self.name)

    docs = [TextRecord(f"d{i}", "收到申请3件。", f"mem#{i}") for i in range(4)]
    first, second = predictions(docs, Fixed("a")), predictions(docs, Fixed("b"))
    pairs = [(next(first).system, next(second).system) for _ in docs]
    assert pairs == [("a", "b")] * 4


def test_bench_prints_one_json_object(tmp_path):
    result = runner.invoke(app, ["bench", "--n", "12", "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert set(figures["systems"]) == {"read", "rules", "rules/workers=2"}
    rules, read = figures["systems"]["rules"], figures["systems"]["read"]
    assert rules["ratio_to_read"] == round(rules["docs_per_second"] / read["docs_per_second"], 4)
    assert 0 < rules["startup_seconds"] < 60
    for _name, r in figures["systems"].items():
        assert (
            r["documents"] == 12
            and r["failed"] == 0
            and r["docs_per_second"] > 0
            and r["peak_rss_mb"] > 0
        )
    assert figures["systems"]["rules/workers=2"]["workers"] == 2


def test_bench_on_given_texts(tmp_path):
    corpus = tmp_path / "c"
    generate_corpus(corpus, SynthConfig(n=3, seed=2, layouts=("tsv",)))
    result = runner.invoke(
        app, ["bench", "--texts", str(corpus / "text"), "--repeat", "4", "--workers", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["documents"] == 12 and figures["source"] == "given texts"
    assert figures["systems"]["read"]["documents"] == 12


def test_bench_plans_the_model_on_cpu_and_gpu():
    runs = plan({"rules": {}, "model": {"model": "m"}}, 2, gpu=True, ray=True)
    names = [name for name, *_ in runs]
    assert runs[3][2] == {"model": "m", "device": "cpu"} and runs[2][4] == "ray"
    assert names == [
        "rules",
        "rules/workers=2",
        "rules/ray actors=2",
        "model",
        "model/workers=2",
        "model/ray actors=2",
        "model/int8",
        "model/bfloat16",
        "model/cuda",
    ]
    assert runs[7][2] == {"model": "m", "device": "cpu", "precision": "bfloat16"}


def test_parquet_rows_are_documents(tmp_path):
    import pandas as pd

    table = tmp_path / "rows.parquet"
    pd.DataFrame(
        {
            "id": ["r1", "r2", "r1"],
            "text": ["共主动公开政府信息12条。", "", "收到政府信息公开申请3件。"],
        }
    ).to_parquet(table)
    (tmp_path / "broken.parquet").write_text("x", encoding="utf-8")
    out = tmp_path / "p.jsonl"
    done = CliRunner().invoke(app, ["extract", str(table), "-o", str(out)])
    assert done.exit_code == 1  # the empty row failed, the others were read
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in records][:2] == ["r1", "r2"] and records[2]["doc_id"].startswith(
        "r1-"
    )
    assert records[0]["facts"][0]["value"] == 12 and records[1]["error"] == "no text in document"
    done = CliRunner().invoke(app, ["extract", str(tmp_path / "broken.parquet"), "-o", str(out)])
    assert done.exit_code == 2 and "not a readable Parquet file" in done.output


def test_a_figure_json_cannot_hold_becomes_an_error_record_not_null(tmp_path):
    from ie.read.jsonl import JsonlWriter

    out = tmp_path / "p.jsonl"
    with JsonlWriter(out) as writer:
        writer.write(Prediction("inf", "rules", cells={"t1.a": float("inf"), "t1.b": 3}))
        writer.write(Prediction("huge", "rules", cells={"t1.a": 10**400}))
        writer.write(Prediction("ok", "rules", cells={"t1.a": 2.5, "t1.b": None}))
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["doc_id"] for x in lines] == ["inf", "huge", "ok"]
    assert all("not representable" in x["error"] for x in lines[:2])
    assert lines[2]["cells"] == {"t1.a": 2.5, "t1.b": None} and "error" not in lines[2]
