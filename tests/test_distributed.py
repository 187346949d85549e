"""Data-parallel training on CPU: `accelerate launch` starts two processes (gloo) that train the tiny config for a few steps,
the folder is written once, and the model system loads it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ie.extract.base import get_extractor
from ie.read import Document

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_two_processes_train_one_model(tmp_path):
    out = tmp_path / "ddp"
    command = [
        str(Path(sys.executable).with_name("accelerate")),
        "launch",
        "--multi_gpu",  # on a machine without GPUs the config's use_cpu makes it gloo on CPU
        "--num_processes",
        "2",
        "--num_machines",
        "1",
        "--mixed_precision",
        "no",
        "--dynamo_backend",
        "no",
        str(ROOT / "training" / "train_token_classifier.py"),
        str(ROOT / "configs" / "tiny.yaml"),
        str(out),
        "max_steps=3",
        "synthetic_n=24",
        "eval_strategy='no'",
        "save_strategy='no'",
        "load_best_model_at_end=false",
        "logging_steps=1",
    ]
    env = {"GOVIE_CACHE": str(tmp_path / "cache"), "PATH": str(Path(sys.executable).parent)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.count("2 process(es)") == 1  # printed by the main process only
    info = json.loads((out / "govie_model.json").read_text(encoding="utf-8"))
    assert info["processes"] == 2
    model = get_extractor("model", model=str(out), device="cpu")
    assert model.extract(Document("d", "共主动公开政府信息12条。")).doc_id == "d"
