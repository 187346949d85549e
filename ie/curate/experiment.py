"""Does choosing reports by what the systems get wrong save annotation? A simulation on an
annotated corpus, with the linear system (it trains in seconds, so a whole curve is cheap).

The corpus is split into a test part and a pool whose gold is hidden until a report is
"annotated". Each strategy starts from the same few random reports, then adds `step` reports
a round, chosen by its own rule from the pool, and refits the linear system on generated
reports plus what it has annotated; facts F1 on the test part is recorded after every round.
Repeated over several seeds (the split and the start set change), reported as mean ± std.
"""

import json
import random
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ie.evaluate.scores import fact_scores
from ie.extract.facts import FactRules
from ie.extract.linear import candidates, decide, feature_table
from ie.layout.prose import squeeze
from ie.schema import FACT_FIELDS, Prediction
from ie.synth import SynthConfig, cached_corpus
from ie.train.dataset import annotated_texts
from ie.train.linear import LinearArguments, fit_rows, labelled_candidates

CURVE_STRATEGIES = ("disagreement", "uncertainty", "random")


@dataclass
class CurveConfig:
    start: int = 5
    step: int = 5
    rounds: int = 6
    test_share: float = 0.35
    seeds: list[int] = field(default_factory=lambda: [0, 1, 2])
    strategies: list[str] = field(default_factory=lambda: list(CURVE_STRATEGIES))
    synthetic_n: int = 100
    synthetic_seed: int = 77


@dataclass
class _Doc:
    doc_id: str
    gold: Prediction
    prose: object
    found: list
    rows: list
    labels: list
    rules: dict  # the rules' first value per field


def _load(corpus: Path) -> list[_Doc]:
    rules = FactRules()
    docs = []
    for entry, text in annotated_texts(corpus):
        prose = squeeze(text)
        rows, labels = labelled_candidates(entry.gold, text)
        rule_values = Prediction(entry.doc_id, facts=rules.extract(prose)).first_values()
        docs.append(
            _Doc(entry.doc_id, entry.gold, prose, candidates(prose), rows, labels, rule_values)
        )
    return docs


def _read(pipeline, doc: _Doc):
    """(facts the linear system states, its per-candidate probabilities)."""
    if not doc.found:
        return [], None
    probabilities = pipeline.predict_proba(feature_table(doc.rows))
    return decide(doc.prose, doc.found, probabilities, list(FACT_FIELDS), 0.5), probabilities


def _f1(pipeline, test: list[_Doc]) -> float:
    gold = {d.doc_id: d.gold for d in test}
    pred = {d.doc_id: Prediction(d.doc_id, facts=_read(pipeline, d)[0]) for d in test}
    return fact_scores(gold, pred)["f1"]


def _priority(strategy: str, pipeline, doc: _Doc) -> float:
    facts, probabilities = _read(pipeline, doc)
    if strategy == "disagreement":
        mine = Prediction(doc.doc_id, facts=facts).first_values()
        return float(sum(mine.get(f) != doc.rules.get(f) for f in FACT_FIELDS))
    if probabilities is None:
        return 0.0
    return float(max(1 - abs(2 * probabilities[:, k].max() - 1) for k in range(len(FACT_FIELDS))))


def learning_curve(corpus: Path, config: CurveConfig, progress=None) -> dict:
    """F1 on the test part after each round, per strategy and seed."""
    args = LinearArguments()
    base_rows, base_labels = [], []
    synthetic = cached_corpus(SynthConfig(n=config.synthetic_n, seed=config.synthetic_seed))
    for entry, text in annotated_texts(synthetic):
        rows, labels = labelled_candidates(entry.gold, text)
        base_rows += rows
        base_labels += labels
    docs = _load(Path(corpus))
    needed = config.start + config.step * config.rounds
    test_n = round(len(docs) * config.test_share)
    if len(docs) - test_n < needed:
        raise ValueError(
            f"{corpus}: {len(docs)} documents; the pool needs {needed} beside a test part of {test_n}"
        )
    curves: dict[str, list[list[float]]] = {s: [] for s in config.strategies}
    task = (
        progress.add_task("curve", total=len(config.seeds) * len(config.strategies))
        if progress
        else None
    )
    for seed in config.seeds:
        rng = random.Random(seed)
        order = docs[:]
        rng.shuffle(order)
        test, pool = order[:test_n], order[test_n:]
        tie = {d.doc_id: rng.random() for d in pool}
        for strategy in config.strategies:
            chosen = pool[: config.start]
            rest = pool[config.start :]
            scores = []
            for round_ in range(config.rounds + 1):
                pipeline = fit_rows(
                    args,
                    base_rows + [r for d in chosen for r in d.rows],
                    base_labels + [y for d in chosen for y in d.labels],
                )
                scores.append(_f1(pipeline, test))
                if round_ == config.rounds:
                    break
                if strategy == "random":
                    rest.sort(key=lambda d: tie[d.doc_id])
                else:
                    rest.sort(key=lambda d: (-_priority(strategy, pipeline, d), tie[d.doc_id]))
                chosen, rest = chosen + rest[: config.step], rest[config.step :]
            curves[strategy].append(scores)
            if progress:
                progress.advance(task)
    annotated = [config.start + config.step * k for k in range(config.rounds + 1)]
    summary = {
        s: [
            {
                "annotated": n,
                "mean": statistics.mean(run[k] for run in runs),
                "std": statistics.pstdev(run[k] for run in runs),
            }
            for k, n in enumerate(annotated)
        ]
        for s, runs in curves.items()
    }
    return {
        "corpus": str(corpus),
        "documents": len(docs),
        "test_documents": test_n,
        "config": asdict(config),
        "curves": summary,
        "runs": curves,
    }


def fewest_to_reach(result: dict, target: float) -> dict[str, int | None]:
    """Per strategy, the fewest annotated reports whose mean F1 reaches `target`."""
    return {
        s: next((p["annotated"] for p in points if p["mean"] >= target - 1e-9), None)
        for s, points in result["curves"].items()
    }


def write_curve(result: dict, output: Path) -> Path:
    """curve.json, curve.md and learning_curve.png in `output`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    (output / "curve.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    figure, axis = plt.subplots(figsize=(6, 4))
    for strategy, points in result["curves"].items():
        axis.errorbar(
            [p["annotated"] for p in points],
            [p["mean"] for p in points],
            yerr=[p["std"] for p in points],
            label=strategy,
            marker="o",
            capsize=3,
        )
    axis.set_xlabel("annotated real reports (besides generated ones)")
    axis.set_ylabel("facts F1 on held-out reports")
    axis.set_title(
        f"{Path(result['corpus']).name}: linear system, {len(result['config']['seeds'])} seeds"
    )
    axis.legend()
    figure.tight_layout()
    figure.savefig(output / "learning_curve.png", dpi=120)
    plt.close(figure)
    random_points = result["curves"].get("random")
    target = max(p["mean"] for p in random_points) if random_points else None
    lines = [
        f"# Choosing what to annotate: {Path(result['corpus']).name}",
        "",
        f"{result['documents']} reports, {result['test_documents']} held out for testing; "
        f"seeds {result['config']['seeds']}. Facts F1 (mean ± std):",
        "",
        "| annotated | " + " | ".join(result["curves"]) + " |",
        "|---|" + "---|" * len(result["curves"]),
    ]
    for k, p in enumerate(next(iter(result["curves"].values()))):
        cells = [f"{pts[k]['mean']:.3f} ± {pts[k]['std']:.3f}" for pts in result["curves"].values()]
        lines.append(f"| {p['annotated']} | " + " | ".join(cells) + " |")
    if target is not None:
        reach = fewest_to_reach(result, target)
        lines += [
            "",
            f"Fewest annotated reports to reach random choice's best mean F1 ({target:.3f}): "
            + ", ".join(f"{s} {n if n is not None else 'never'}" for s, n in reach.items())
            + ".",
        ]
    lines += ["", "![learning curve](learning_curve.png)"]
    (output / "curve.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return output / "curve.md"
