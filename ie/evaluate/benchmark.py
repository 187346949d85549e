"""Several systems on several annotated corpora, one table."""

import json
from pathlib import Path

from ie.evaluate.corpus import load_corpus, load_texts
from ie.evaluate.report import error_lines, markdown_table
from ie.evaluate.scores import score
from ie.extract.runner import run


def corpus_kind(corpus_dir: Path, docs) -> str:
    synthetic = sum(1 for d in docs if d.gold.get("synthetic"))
    return "synthetic" if synthetic == len(docs) else ("real" if not synthetic else "mixed")


def run_benchmark(corpora: list[Path], systems: list[str], options: dict, output: Path, workers: int = 1, progress=None):
    columns: dict[str, dict] = {}
    details = []
    for corpus_dir in corpora:
        docs = load_corpus(corpus_dir)
        kind = corpus_kind(corpus_dir, docs)
        gold = {d.doc_id: d.gold for d in docs}
        texts = load_texts(Path(corpus_dir) / "text", gold)
        for system in systems:
            preds = {}
            opts = options if system != "rules" else {}
            task = progress.add_task(f"{Path(corpus_dir).name} / {system}", total=len(docs)) if progress else None
            if progress:
                progress.start()
            for pred in run([d.input_path for d in docs], system, opts, workers):
                preds[pred["doc_id"]] = pred
                if progress:
                    progress.advance(task)
            result = score(gold, preds)
            title = f"{Path(corpus_dir).name} ({kind}) / {system}"
            columns[title] = result
            details.append({"corpus": str(corpus_dir), "kind": kind, "system": system, "scores": result,
                            "errors_text": error_lines(result, gold, preds, texts)})
        if progress:
            progress.stop()
    table = markdown_table(columns)
    output.mkdir(parents=True, exist_ok=True)
    (output / "benchmark.json").write_text(json.dumps(details, ensure_ascii=False, indent=1), encoding="utf-8")
    md = [table, ""]
    for d in details:
        md += [f"## Errors: {Path(d['corpus']).name} ({d['kind']}) / {d['system']}", ""] + d["errors_text"] + [""]
    (output / "benchmark.md").write_text("\n".join(md), encoding="utf-8")
    return table, details
