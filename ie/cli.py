"""The `govie` command line: extract, evaluate, benchmark, synth, audit, train, annotate."""

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
err = Console(stderr=True)
out = Console()


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err)


def _system_options(model: Optional[str]) -> dict:
    return {"model": model} if model else {}


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help="files, folders or globs of reports (.txt .md .html .docx .pdf)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="predictions, JSON Lines")] = Path("preds.jsonl"),
    system: Annotated[str, typer.Option(help="extraction system: rules, model, …")] = "rules",
    model: Annotated[Optional[str], typer.Option(help="trained model folder (for --system model)")] = None,
    workers: Annotated[int, typer.Option(help="processes")] = 1,
    resume: Annotated[bool, typer.Option(help="skip documents already in the output")] = False,
):
    """Run a system over reports and write one prediction per line as it goes."""
    from ie.extract.runner import done_ids, run
    from ie.read import iter_input_files

    files = iter_input_files(inputs)
    if not files:
        err.print(f"[red]no input files found in {' '.join(inputs)}[/red]")
        raise typer.Exit(2)
    skip = done_ids(output) if resume else set()
    from ie.read import doc_id_of
    todo = [f for f in files if doc_id_of(f) not in skip]
    output.parent.mkdir(parents=True, exist_ok=True)
    failed = 0
    with open(output, "a" if resume else "w", encoding="utf-8") as fh, _progress() as progress:
        task = progress.add_task(f"{system}", total=len(todo))
        for pred in run(todo, system, _system_options(model), workers):
            if "error" in pred:
                failed += 1
                print(f"error: {pred['source']}: {pred['error']}", file=sys.stderr)
            fh.write(json.dumps(pred, ensure_ascii=False) + "\n")
            fh.flush()
            progress.advance(task)
    err.print(f"{len(todo) - failed} documents extracted, {failed} failed, {len(skip)} skipped → {output}")
    raise typer.Exit(1 if failed else 0)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option(help="folder of gold JSON files")],
    pred: Annotated[Path, typer.Option(help="predictions JSONL")],
    text: Annotated[Optional[Path], typer.Option(help="folder of document texts for error context (default: GOLD/../text)")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="folder for scores.json and scores.md")] = Path("eval"),
):
    """Score predictions against gold (SCHEMA §7) and list every error."""
    from ie.evaluate.corpus import load_gold_dir, load_predictions, load_texts
    from ie.evaluate.report import error_lines, markdown_table
    from ie.evaluate.scores import score

    try:
        golds, preds = load_gold_dir(gold), load_predictions(pred)
    except (OSError, ValueError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2)
    texts = load_texts(text or gold.parent / "text", golds)
    result = score(golds, preds)
    system = next((p.get("system") for p in preds.values()), "system")
    table = markdown_table({system: result})
    errors = error_lines(result, golds, preds, texts)
    output.mkdir(parents=True, exist_ok=True)
    (output / "scores.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (output / "scores.md").write_text(table + "\n\n## Errors\n\n" + "\n".join(errors) + "\n", encoding="utf-8")
    out.print(table)
    out.print(f"\n{len(errors)} errors (listed in {output / 'scores.md'})")
    for line in errors[:40]:
        out.print(line, markup=False)


@app.command()
def benchmark(
    corpus: Annotated[Optional[list[Path]], typer.Option(help="annotated corpus folder(s); default: the embedded synthetic demo corpus")] = None,
    systems: Annotated[str, typer.Option(help="comma-separated systems")] = "rules",
    model: Annotated[Optional[str], typer.Option(help="trained model folder for the model system")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="folder for benchmark.json and benchmark.md")] = Path("benchmark"),
    workers: Annotated[int, typer.Option(help="processes")] = 1,
):
    """Run systems on annotated corpora and print one side-by-side table (real and synthetic apart)."""
    from ie.evaluate.benchmark import run_benchmark

    corpora = corpus or [_demo_corpus()]
    names = [s.strip() for s in systems.split(",") if s.strip()]
    table, _ = run_benchmark(corpora, names, _system_options(model), output, workers, progress=_progress())
    out.print(table)
    out.print(f"\nwritten to {output}/benchmark.md and benchmark.json")


@app.command()
def synth(
    output: Annotated[Path, typer.Option("-o", "--output", help="corpus folder (text/, gold/, source/)")],
    n: Annotated[int, typer.Option(help="number of reports")] = 100,
    seed: Annotated[int, typer.Option(help="random seed (same seed, same corpus)")] = 0,
    format: Annotated[str, typer.Option("--format", help="2019, 2021 or all")] = "all",
    layouts: Annotated[str, typer.Option(help="comma-separated table layouts, or all")] = "all",
    error_rate: Annotated[float, typer.Option(help="share of reports with planted table inconsistencies")] = 0.1,
):
    """Generate synthetic reports with exact gold, in the corpus layout of ../shared/corpus."""
    from ie.synth import LAYOUTS, SynthConfig, generate_corpus

    chosen = LAYOUTS if layouts == "all" else tuple(x.strip() for x in layouts.split(","))
    unknown = [x for x in chosen if x not in LAYOUTS]
    formats = ("2019", "2021") if format == "all" else (format,)
    if unknown or any(f not in ("2019", "2021") for f in formats):
        err.print(f"[red]unknown layout or format: {unknown or formats}; layouts are {', '.join(LAYOUTS)}[/red]")
        raise typer.Exit(2)
    config = SynthConfig(n=n, seed=seed, formats=formats, layouts=chosen, error_rate=error_rate)
    with _progress() as progress:
        generate_corpus(output, config, progress)
    err.print(f"{n} reports written to {output}")


@app.command()
def audit(
    inputs: Annotated[Optional[list[str]], typer.Argument(help="reports to read with the rules (or use --pred)")] = None,
    pred: Annotated[Optional[Path], typer.Option(help="audit these predictions (or gold-like JSONL) instead")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="one JSON line per document")] = Path("audit.jsonl"),
):
    """Check each report's tables and prose for consistency (勾稽关系); summary printed and written as CSV."""
    import csv
    from collections import Counter

    from ie.audit import CHECK_IDS, audit_prediction, cross_year_checks
    from ie.extract.runner import run
    from ie.read import iter_input_files

    if pred:
        from ie.evaluate.corpus import load_predictions
        records = list(load_predictions(pred).values())
        texts = {}
    else:
        files = iter_input_files(inputs or [])
        if not files:
            err.print("[red]give report files/folders, or --pred PREDICTIONS.jsonl[/red]")
            raise typer.Exit(2)
        records = list(run(files, "rules"))
        from ie.read import read_document
        texts = {}
        for f in files:
            try:
                texts[f.stem] = read_document(f).text
            except Exception:
                continue
    extra = cross_year_checks(records)
    counts: Counter[str] = Counter()
    with open(output, "w", encoding="utf-8") as fh:
        for rec in records:
            if "error" in rec:
                fh.write(json.dumps({"doc_id": rec["doc_id"], "error": rec["error"]}, ensure_ascii=False) + "\n")
                continue
            failures = audit_prediction(rec, texts.get(rec["doc_id"])) + extra.get(rec["doc_id"], [])
            counts.update({f.id for f in failures})
            fh.write(json.dumps({"doc_id": rec["doc_id"], "checks": [f.to_json() for f in failures]}, ensure_ascii=False) + "\n")
    summary = output.with_suffix(".csv")
    with open(summary, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["check", "reports_failing", "reports"])
        for check in CHECK_IDS:
            writer.writerow([check, counts[check], len(records)])
    out.print("| check | reports failing |\n|---|---|")
    for check in CHECK_IDS:
        out.print(f"| {check} | {counts[check]} / {len(records)} |")
    err.print(f"written {output} and {summary}")


def _demo_corpus() -> Path:
    from ie.synth import demo_corpus

    return demo_corpus()


def main():
    app()


if __name__ == "__main__":
    sys.exit(main())
