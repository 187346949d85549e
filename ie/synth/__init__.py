"""Synthetic reports with exact gold: training data, test data and the embedded demo corpus."""

import os
from pathlib import Path

from ie.synth.generator import ReportGenerator, SynthConfig, generate_corpus
from ie.synth.layouts import LAYOUTS

DEMO = SynthConfig(n=60, seed=2024)


def demo_corpus() -> Path:
    """The embedded default corpus, generated once into the user's cache (deterministic)."""
    root = Path(os.environ.get("GOVIE_CACHE", Path.home() / ".cache" / "govie")) / f"demo-{DEMO.seed}-{DEMO.n}"
    if not (root / "gold").is_dir() or len(list((root / "gold").glob("*.json"))) != DEMO.n:
        generate_corpus(root, DEMO)
    return root


__all__ = ["ReportGenerator", "SynthConfig", "generate_corpus", "demo_corpus", "LAYOUTS"]
