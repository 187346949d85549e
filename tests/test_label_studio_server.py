"""Push, annotate, pull and import against a real Label Studio server started for this test session.

Label Studio lives in its own virtual environment (its pins conflict with the ML stack):
`.ci/run` builds `.venv-ls`; elsewhere set GOVIE_LABEL_STUDIO to a `label-studio` executable.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ie.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def label_studio_binary() -> str | None:
    candidates = [
        os.environ.get("GOVIE_LABEL_STUDIO"),
        str(ROOT / ".venv-ls" / "bin" / "label-studio"),
        shutil.which("label-studio"),
    ]
    return next((c for c in candidates if c and Path(c).exists()), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory):
    binary = label_studio_binary()
    if binary is None:
        pytest.skip("Label Studio is not installed (.ci/run installs it into .venv-ls)")
    data = tmp_path_factory.mktemp("label-studio")
    port, token = free_port(), secrets.token_hex(20)
    env = {
        **os.environ,
        "LABEL_STUDIO_USERNAME": "annotator@example.com",
        "LABEL_STUDIO_PASSWORD": secrets.token_hex(12),
        "LABEL_STUDIO_USER_TOKEN": token,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "LABEL_STUDIO_BASE_DATA_DIR": str(data),
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
    }
    log = open(data / "server.log", "w")
    server = subprocess.Popen(
        [
            binary,
            "start",
            "--no-browser",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(data),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while time.time() < deadline:
        if server.poll() is not None:
            pytest.fail(f"Label Studio exited: {(data / 'server.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(2)
    else:
        os.killpg(server.pid, signal.SIGTERM)
        pytest.fail("Label Studio did not start within 300 s")
    yield url, token
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
    log.close()


@pytest.mark.slow
def test_push_annotate_pull_import(label_studio, tmp_path, synth_corpus, monkeypatch):
    url, token = label_studio
    monkeypatch.setenv("LABEL_STUDIO_URL", url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", token)
    files = sorted((synth_corpus / "text").glob("*.txt"))[:2]
    tasks_file = tmp_path / "tasks.json"
    assert (
        runner.invoke(
            app, ["annotate", "export", *map(str, files), "-o", str(tasks_file)]
        ).exit_code
        == 0
    )
    result = runner.invoke(app, ["annotate", "push", str(tasks_file), "--project", "govie-test"])
    assert result.exit_code == 0, result.output
    assert token not in result.output

    from label_studio_sdk import LabelStudio

    ls = LabelStudio(base_url=url, api_key=token)
    project = next(p for p in ls.projects.list(title="govie-test") if p.title == "govie-test")
    server_tasks = list(ls.tasks.list(project=project.id, fields="all"))
    assert len(server_tasks) == 2
    sent = {t["data"]["doc_id"]: t for t in json.loads(tasks_file.read_text())}
    first = next(t for t in server_tasks if t.data["doc_id"] == files[0].stem)
    corrected = json.loads(json.dumps(sent[first.data["doc_id"]]["predictions"][0]["result"]))
    cell = next(r for r in corrected if r["from_name"].startswith("cell:"))
    cell["value"]["text"] = ["4321"]  # the annotator corrects one table cell
    ls.annotations.create(id=first.id, result=corrected, was_cancelled=False, ground_truth=False)

    export = tmp_path / "export.json"
    result = runner.invoke(app, ["annotate", "pull", "--project", "govie-test", "-o", str(export)])
    assert result.exit_code == 0, result.output
    assert "2 tasks (1 annotated)" in result.output
    result = runner.invoke(app, ["annotate", "import", str(export), "-o", str(tmp_path / "gold")])
    assert "1 imported, 1 skipped" in result.output and "no annotation" in result.output
    gold = json.loads((tmp_path / "gold" / f"{files[0].stem}.json").read_text())
    prediction = json.loads(json.dumps(sent[files[0].stem]["predictions"][0]))
    assert gold["cells"][cell["from_name"][len("cell:") :]] == 4321
    from ie.annotate.importer import ImportReport, results_to_record

    expected = results_to_record(
        corrected, first.data["text"], first.data, "expected", ImportReport()
    )
    assert gold == expected and prediction["model_version"].startswith("rules-")


@pytest.mark.slow
def test_select_push_twice_agree_adjudicate(label_studio, tmp_path, synth_corpus, monkeypatch):
    """The whole loop: select → push with overlap 2 → two annotations (one changed) → pull →
    agreement shows exactly that change → adjudicate → gold equals the decided record."""
    url, token = label_studio
    monkeypatch.setenv("LABEL_STUDIO_URL", url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", token)
    title = "govie-loop"
    done = runner.invoke(
        app,
        [
            "annotate", "select", str(synth_corpus / "text"), "--systems", "rules",
            "--strategy", "audit", "--n", "2", "-o", str(tmp_path / "selection.json"),
            "--push", "--project", title, "--overlap", "2",
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    chosen = [c["doc_id"] for c in json.loads((tmp_path / "selection.json").read_text())["chosen"]]

    from label_studio_sdk import LabelStudio

    ls = LabelStudio(base_url=url, api_key=token)
    project = next(p for p in ls.projects.list(title=title) if p.title == title)
    assert ls.projects.get(project.id).maximum_annotations == 2
    tasks = list(ls.tasks.list(project=project.id, fields="all"))
    assert sorted(t.data["doc_id"] for t in tasks) == sorted(chosen)
    changed_task = tasks[0]
    for task in tasks:
        result = [dict(r) for r in ls.predictions.list(task=task.id)[0].result]
        ls.annotations.create(id=task.id, result=result, was_cancelled=False, ground_truth=False)
        if task.id == changed_task.id:
            result = json.loads(json.dumps(result))
            cell = next(r for r in result if r["from_name"] == "cell:t2.new.total")
            cell["value"]["text"] = ["8765"]
            changed_result = result
        ls.annotations.create(id=task.id, result=result, was_cancelled=False, ground_truth=False)

    export = tmp_path / "export.json"
    done = runner.invoke(app, ["annotate", "pull", "--project", title, "-o", str(export)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["annotate", "agreement", str(export), "-o", str(tmp_path / "agree")])
    assert done.exit_code == 0, done.output
    found = json.loads((tmp_path / "agree" / "agreement.json").read_text())["disagreements"]
    doc = changed_task.data["doc_id"]
    assert [(d["doc_id"], d["key"], d["b"]) for d in found] == [(doc, "cell:t2.new.total", 8765)]

    decisions = tmp_path / "decisions.yaml"
    decisions.write_text(f"{doc}:\n  cell:t2.new.total: b\n", encoding="utf-8")
    gold_dir = tmp_path / "gold"
    done = runner.invoke(
        app,
        ["annotate", "adjudicate", str(export), "--decisions", str(decisions), "-o", str(gold_dir)],
    )
    assert done.exit_code == 0, done.output

    from ie.annotate.importer import ImportReport, results_to_record
    from ie.evaluate.scores import score
    from ie.read.corpus import load_gold_dir
    from ie.schema import Prediction

    expected = Prediction.from_json(
        results_to_record(
            changed_result, changed_task.data["text"], changed_task.data, "b", ImportReport()
        )
    )
    gold = load_gold_dir(gold_dir)
    scores = score({doc: expected}, {doc: gold[doc]})
    assert scores["cells"]["accuracy"] == 1.0 and gold[doc].cells["t2.new.total"] == 8765
    assert scores["facts"]["f1"] == 1.0 or not expected.facts
