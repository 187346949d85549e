import json
from pathlib import Path

import pytest

from ie.schema import Prediction
from ie.synth import SynthConfig, generate_corpus

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def shared_corpus(name: str) -> Path:
    path = SHARED / name
    if not path.is_dir():
        pytest.skip(f"{path} not present (the shared corpus lies beside the repository)")
    return path


@pytest.fixture(scope="session")
def synth_corpus(tmp_path_factory) -> Path:
    """Every layout and both formats, some reports with planted inconsistencies."""
    out = tmp_path_factory.mktemp("synth")
    generate_corpus(out, SynthConfig(n=72, seed=7, error_rate=0.15))
    return out


def load_gold(corpus: Path) -> dict[str, dict]:
    """Gold files as plain JSON (tests change them before typing them)."""
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((corpus / "gold").glob("*.json"))
    }


def records(golds: dict[str, dict]) -> dict[str, Prediction]:
    return {doc_id: Prediction.from_json(g) for doc_id, g in golds.items()}
