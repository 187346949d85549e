"""The Ray engine: a local Ray with 2 CPUs gives exactly the local runner's records, in order."""

import json

import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.extract.base import get_extractor
from ie.extract.runner import Engine, predictions
from ie.read.inputs import TextRecord
from ie.synth import SynthConfig, generate_corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    from ie.extract.ray_engine import start_ray

    start_ray(num_cpus=2)
    yield
    ray.shutdown()


def test_ray_records_equal_the_local_runners(local_ray, tmp_path):
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, SynthConfig(n=16, seed=61))
    (corpus / "text" / "empty.txt").write_text("", encoding="utf-8")
    out = {}
    for engine in ("local", "ray"):
        out[engine] = tmp_path / f"{engine}.jsonl"
        done = CliRunner().invoke(
            app,
            [
                "extract",
                str(corpus / "text"),
                "-o",
                str(out[engine]),
                "--engine",
                engine,
                "--workers",
                "2",
            ],
        )
        assert done.exit_code == 1, done.output  # the empty file failed, the others did not
    local = out["local"].read_text(encoding="utf-8").splitlines()
    assert out["ray"].read_text(encoding="utf-8").splitlines() == local
    errors = [json.loads(line) for line in local if "error" in json.loads(line)]
    assert [e["doc_id"] for e in errors] == ["empty"] and len(local) == 17


def test_text_rows_and_a_crashing_document(local_ray):
    rules = get_extractor("rules")
    items = [
        TextRecord("a", "本年度共主动公开政府信息12条。", "rows[0]"),
        TextRecord("../b", "text", "rows[1]"),
    ]
    made = list(predictions(items, rules, 2, Engine("ray")))
    assert [p.doc_id for p in made] == ["a", "../b"]
    assert made[0].first_values() == {"proactive_total": 12}
    assert "unsafe document id" in made[1].error


def test_unknown_engine_is_a_clear_error(tmp_path):
    done = CliRunner().invoke(app, ["extract", str(tmp_path), "--engine", "spark"])
    assert done.exit_code == 2 and "unknown engine 'spark'" in done.output
