"""k-fold cross-validation by document over annotated corpora, the rules scored on the same folds.

Each fold's system is trained as its configuration says (generated reports and all), except
that the configuration's real corpora are replaced by the other folds; it is then scored on
its own fold, which it never saw (checked against the hashes of what it trained on). The
rules read the same folds. Figures are mean ± standard deviation over the folds.
"""

import json
import random
import shutil
import statistics
import tempfile
from pathlib import Path

from ie.evaluate.scores import score
from ie.evaluate.significance import bootstrap_lines, bootstrap_table, paired_bootstrap
from ie.extract.base import get_extractor, saw_in_training
from ie.extract.runner import predictions
from ie.read.corpus import CorpusDoc, load_corpus
from ie.schema import FACT_FIELDS
from ie.train.experiment import config_system, train_from_config

METRICS = (
    "facts_f1",
    *(f"facts_{f}_f1" for f in FACT_FIELDS),
    "cells_accuracy",
    "cells_accuracy_nonzero",
    "agency",
)


def folds_of(docs: list[CorpusDoc], k: int, seed: int) -> list[list[CorpusDoc]]:
    if not 2 <= k <= len(docs):
        raise ValueError(f"{k} folds of {len(docs)} documents: choose 2 to {len(docs)}")
    order = docs[:]
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def _write_corpus(docs: list[CorpusDoc], folder: Path) -> Path:
    """A corpus folder of these documents (text/, gold/ and source/ where there is one)."""
    for sub in ("text", "gold", "source"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for d in docs:
        (folder / "gold" / f"{d.doc_id}.json").write_text(
            json.dumps(d.gold.to_json(), ensure_ascii=False), encoding="utf-8"
        )
        if d.text_path is not None:
            shutil.copyfile(d.text_path, folder / "text" / f"{d.doc_id}.txt")
        if d.input_path != d.text_path:
            shutil.copyfile(d.input_path, folder / "source" / d.input_path.name)
    return folder


def _figures(result: dict, gold: dict) -> dict[str, float | None]:
    """A fold's figures; None where the fold gives nothing to measure (no gold and no
    prediction of a field, no table cells), so that it does not count as a zero."""
    facts, cells = result["facts"], result["cells"]

    def f1(s):
        return s["f1"] if s["tp"] + s["fp"] + s["fn"] else None

    nonzero = any(v not in (None, 0) for g in gold.values() for v in g.cells.values())
    return {
        "facts_f1": f1(facts),
        **{f"facts_{f}_f1": f1(s) for f, s in facts["per_field"].items()},
        "cells_accuracy": cells["accuracy"] if cells["gold_cells"] else None,
        "cells_accuracy_nonzero": cells["accuracy_nonzero"] if nonzero else None,
        "agency": result["meta"]["agency"],
    }


def _mean_std(values: list) -> dict:
    known = [v for v in values if v is not None]
    if not known:
        return {"mean": None, "std": None, "folds": 0}
    return {"mean": statistics.mean(known), "std": statistics.pstdev(known), "folds": len(known)}


def crossval(
    config: Path, corpora: list[Path], folds: int = 5, seed: int = 0, progress=None
) -> dict:
    system = config_system(config)
    docs = [d for c in corpora for d in load_corpus(c)]
    parts = folds_of(docs, folds, seed)
    rules = get_extractor("rules")
    per_fold: dict[str, list[dict]] = {system: [], "rules": []}
    every_gold: dict = {}
    # every document, read by the system of the fold that held it out
    every_pred: dict[str, dict] = {system: {}, "rules": {}}
    task = progress.add_task("folds", total=folds) if progress else None
    with tempfile.TemporaryDirectory() as tmp:
        for k, held_out in enumerate(parts):
            train = [d for j, part in enumerate(parts) if j != k for d in part]
            train_dir = _write_corpus(train, Path(tmp) / f"fold{k}" / "train")
            overrides = {"train_corpora": [str(train_dir)]}
            if system == "model":
                overrides["corpora"] = []
            model_dir = Path(tmp) / f"fold{k}" / "model"
            train_from_config(config, model_dir, overrides)
            learned = get_extractor(system, model=str(model_dir))
            if any(saw_in_training(learned, d.doc_id, d.gold.text_sha256) for d in held_out):
                raise RuntimeError(f"fold {k}: the system trained on a document it is scored on")
            gold = {d.doc_id: d.gold for d in held_out}
            paths = [d.input_path for d in held_out]
            every_gold |= gold
            for name, extractor in ((system, learned), ("rules", rules)):
                preds = {p.doc_id: p for p in predictions(paths, extractor)}
                per_fold[name].append(_figures(score(gold, preds, with_errors=False), gold))
                every_pred[name] |= preds
            if progress:
                progress.advance(task)
    summary = {
        name: {m: _mean_std([f[m] for f in figures]) for m in METRICS}
        for name, figures in per_fold.items()
    }
    return {
        "config": str(config),
        "system": system,
        "corpora": [str(c) for c in corpora],
        "documents": len(docs),
        "folds": folds,
        "seed": seed,
        "fold_sizes": [len(p) for p in parts],
        "summary": summary,
        "per_fold": per_fold,
        # system − rules over every document, each read by the fold that held it out
        "bootstrap": paired_bootstrap(every_gold, every_pred["rules"], every_pred[system]),
    }


def crossval_markdown(result: dict) -> str:
    systems = list(result["summary"])
    lines = [
        f"# {result['folds']}-fold cross-validation: {result['system']} ({result['config']}) and the rules",
        "",
        f"{result['documents']} documents of {', '.join(Path(c).name for c in result['corpora'])}, "
        f"folds of {result['fold_sizes']} (seed {result['seed']}); mean ± std over folds.",
        "",
        "| metric | " + " | ".join(systems) + " |",
        "|---|" + "---|" * len(systems),
    ]
    for m in METRICS:
        cells = [_mean_std_text(result["summary"][s][m]) for s in systems]
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    rows = bootstrap_lines("all folds", "rules", result["system"], result.get("bootstrap", {}))
    if rows:
        lines += [
            "",
            *bootstrap_table(
                "Paired bootstrap over every document, each read by the fold's system that never "
                f"saw it ({result['bootstrap']['samples']} samples; 95% interval of the difference):",
                rows,
            ),
        ]
    return "\n".join(lines) + "\n"


def _mean_std_text(figure: dict) -> str:
    if figure["mean"] is None:
        return "—"
    return f"{figure['mean']:.3f} ± {figure['std']:.3f}"
