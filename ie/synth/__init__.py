"""Synthetic reports with exact gold: training data, test data and the embedded demo corpus."""

from pathlib import Path

from ie.read.cache import cache_root
from ie.synth.generator import ReportGenerator, SynthConfig, generate_corpus
from ie.synth.layouts import ALL_LAYOUTS, LAYOUTS

DEMO = SynthConfig(n=60, seed=2024)
GENERATOR_VERSION = 3  # raise when the phrase banks or layouts change: cached corpora are made anew


def cached_corpus(config: SynthConfig, name: str = "synth") -> Path:
    """A synthetic corpus generated once into the user's cache; deterministic."""
    layouts = "" if tuple(config.layouts) == LAYOUTS else "-" + "+".join(config.layouts)
    root = cache_root() / f"{name}-v{GENERATOR_VERSION}-{config.seed}-{config.n}{layouts}"
    if not (root / "gold").is_dir() or len(list((root / "gold").glob("*.json"))) != config.n:
        generate_corpus(root, config)
    return root


def demo_corpus() -> Path:
    """The embedded default corpus."""
    return cached_corpus(DEMO, "demo")


__all__ = [
    "ReportGenerator",
    "SynthConfig",
    "generate_corpus",
    "cached_corpus",
    "cache_root",
    "demo_corpus",
    "LAYOUTS",
    "ALL_LAYOUTS",
]
