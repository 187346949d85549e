"""Several systems on several annotated corpora, one table, and everything a report needs."""

import json
from collections import Counter
from pathlib import Path

from ie.evaluate.report import error_lines, error_summary, markdown_safe, markdown_table
from ie.evaluate.scores import score
from ie.evaluate.significance import bootstrap_lines, bootstrap_table, paired_bootstrap
from ie.extract.base import Extractor, saw_in_training
from ie.extract.runner import predictions
from ie.read.corpus import CorpusDoc, load_corpus, load_texts
from ie.read.jsonl import JsonlWriter
from ie.schema import Prediction


def corpus_kind(docs: list[CorpusDoc]) -> str:
    synthetic = sum(1 for d in docs if d.gold.extra.get("synthetic"))
    return "synthetic" if synthetic == len(docs) else ("real" if not synthetic else "mixed")


def layout_of(doc: CorpusDoc) -> str:
    """The table layout a synthetic report was rendered in; for a real one, the file format it is read from."""
    return doc.gold.extra.get("layout") or f"{doc.input_path.suffix.lstrip('.')} (real)"


def describe(docs: list[CorpusDoc]) -> dict:
    return {
        "documents": len(docs),
        "kind": corpus_kind(docs),
        "formats": dict(Counter(d.input_path.suffix.lstrip(".") for d in docs)),
        "layouts": dict(Counter(layout_of(d) for d in docs)),
        "templates": dict(Counter(str(d.gold.meta.template) for d in docs)),
    }


def cells_by_layout(docs: list[CorpusDoc], preds: dict[str, Prediction]) -> dict[str, dict]:
    groups: dict[str, list[CorpusDoc]] = {}
    for d in docs:
        groups.setdefault(layout_of(d), []).append(d)
    out = {}
    for layout, members in sorted(groups.items()):
        cells = score(
            {d.doc_id: d.gold for d in members},
            {d.doc_id: preds[d.doc_id] for d in members if d.doc_id in preds},
        )["cells"]
        out[layout] = {
            "documents": len(members),
            "accuracy": cells["accuracy"],
            "accuracy_nonzero": cells["accuracy_nonzero"],
        }
    return out


def unseen_documents(docs: list[CorpusDoc], extractor: Extractor) -> tuple[list[CorpusDoc], int]:
    """The documents a system did not train on (a learned system lists its training texts'
    hashes or ids), and how many were left out: no system is scored on its training data."""
    unseen = [d for d in docs if not saw_in_training(extractor, d.doc_id, d.gold.text_sha256)]
    return unseen, len(docs) - len(unseen)


def run_benchmark(
    corpora: list[Path],
    extractors: dict[str, Extractor],
    output: Path,
    workers: int = 1,
    progress=None,
):
    """Scores of each system (built once, by name) on each corpus; writes benchmark.json, benchmark.md
    and the predictions."""
    columns: dict[str, dict] = {}
    details = []
    notes: list[str] = []
    comparisons: list[dict] = []
    bootstrap_rows: list[str] = []
    for corpus_dir in corpora:
        docs = load_corpus(corpus_dir)
        description = describe(docs)
        kind = description["kind"]
        gold = {d.doc_id: d.gold for d in docs}
        texts = load_texts(Path(corpus_dir) / "text", gold)
        corpus_preds: dict[str, dict[str, Prediction]] = {}
        for system, extractor in extractors.items():
            scored, held_out = unseen_documents(docs, extractor)
            if not scored:
                notes.append(
                    f"{Path(corpus_dir).name} / {system}: not scored, every document was its training data"
                )
                continue
            preds: dict[str, Prediction] = {}
            task = (
                progress.add_task(f"{Path(corpus_dir).name} / {system}", total=len(scored))
                if progress
                else None
            )
            if progress:
                progress.start()
            pred_file = output / "predictions" / f"{Path(corpus_dir).name}__{system}.jsonl"
            with JsonlWriter(pred_file) as writer:
                for pred in predictions([d.input_path for d in scored], extractor, workers):
                    preds[pred.doc_id] = pred
                    writer.write(pred)
                    if progress:
                        progress.advance(task)
            scored_gold = {d.doc_id: d.gold for d in scored}
            corpus_preds[system] = preds
            result = score(scored_gold, preds)
            title = f"{Path(corpus_dir).name} ({kind}) / {system}"
            if held_out:
                title += f" ({held_out} trained on, left out)"
            columns[title] = result
            details.append(
                {
                    "title": title,
                    "corpus": str(corpus_dir),
                    "kind": kind,
                    "system": system,
                    "scores": result,
                    "description": description,
                    "trained_on_left_out": held_out,
                    "cells_by_layout": cells_by_layout(scored, preds),
                    "predictions": str(pred_file),
                    "errors_text": error_lines(result, scored_gold, preds, texts),
                }
            )
        if progress:
            progress.stop()
        names = list(corpus_preds)
        for other in names[1:]:
            result = paired_bootstrap(gold, corpus_preds[names[0]], corpus_preds[other])
            comparisons.append(
                {"corpus": Path(corpus_dir).name, "a": names[0], "b": other, **result}
            )
            bootstrap_rows += bootstrap_lines(Path(corpus_dir).name, names[0], other, result)
    table = "\n".join([markdown_table(columns), *("\n" + n for n in notes)])
    if bootstrap_rows:
        table += "\n\n" + "\n".join(
            bootstrap_table(
                "Paired bootstrap over documents (1000 samples; 95% interval of the difference):",
                bootstrap_rows,
            )
        )
    (output / "benchmark.json").write_text(
        json.dumps(details, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (output / "comparisons.json").write_text(json.dumps(comparisons, indent=1), encoding="utf-8")
    md = [table, ""]
    for d in details:
        md += [f"## Errors: {d['title']}", "", *error_summary(d["scores"]), ""]
        md += [markdown_safe(line) for line in d["errors_text"]] + [""]
    (output / "benchmark.md").write_text("\n".join(md), encoding="utf-8")
    return table, details
