"""Train the linear system: label the rules' candidates from gold, fit a scikit-learn pipeline.

A candidate's label is the field of a gold fact whose span it overlaps with the same value
(gold marks every mention), so one candidate may carry two fields (受理并办结N件). The
pipeline is character n-grams of each context column (TF-IDF) → one logistic regression per
field; it is saved with skops beside `linear.json`, which lists the text hashes it was
trained on so that no benchmark scores it on them.
"""

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ie import __version__
from ie.extract.linear import (
    FEATURE_COLUMNS,
    INFO_FILE,
    PIPELINE_FILE,
    candidates,
    feature_table,
)
from ie.layout.prose import squeeze
from ie.schema import FACT_FIELDS, Prediction
from ie.schema.numbers import same_number
from ie.synth import SynthConfig, cached_corpus
from ie.train.arguments import read_config
from ie.train.dataset import annotated_texts

TEXT_COLUMNS = tuple(c for c in FEATURE_COLUMNS if c not in ("kind", "unit"))


@dataclass
class LinearArguments:
    """One YAML file (configs/linear.yaml) fills these; `system: linear` marks it."""

    system: str = "linear"
    output_dir: str | None = None
    synthetic_n: int = 300
    synthetic_seed: int = 77
    train_corpora: list[str] = field(default_factory=list)
    ngram_max: int = 3
    C: float = 4.0
    threshold: float = 0.5
    max_iter: int = 2000


def load_linear_config(path: str | Path, overrides: dict | None = None) -> LinearArguments:
    path = Path(path)
    config = read_config(path)
    config.update(overrides or {})
    known = {f.name for f in fields(LinearArguments)}
    unknown = sorted(set(config) - known)
    if unknown:
        raise ValueError(f"{path}: unknown keys {unknown} (known: {', '.join(sorted(known))})")
    args = LinearArguments(**config)
    args.output_dir = args.output_dir or f"models/{path.stem}"
    return args


def labelled_candidates(gold: Prediction, text: str) -> tuple[list[dict], list[list[str]]]:
    """Each candidate's features and the gold fields it states."""
    prose = squeeze(text)
    rows, labels = [], []
    for c in candidates(prose):
        start, end = prose.span(c.start, c.end)
        rows.append(c.features)
        labels.append(
            sorted(
                {
                    f.field
                    for f in gold.facts
                    if f.has_span
                    and f.start < end
                    and start < f.end
                    and same_number(f.value, c.value)
                }
            )
        )
    return rows, labels


def make_pipeline(args: LinearArguments):
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder

    text = [
        (
            column,
            TfidfVectorizer(
                analyzer="char", ngram_range=(1, args.ngram_max), sublinear_tf=True, min_df=2
            ),
            column,
        )
        for column in TEXT_COLUMNS
    ]
    return Pipeline(
        [
            (
                "features",
                ColumnTransformer(
                    [*text, ("kind", OneHotEncoder(handle_unknown="ignore"), ["kind", "unit"])]
                ),
            ),
            (
                "classify",
                OneVsRestClassifier(
                    LogisticRegression(C=args.C, max_iter=args.max_iter, class_weight="balanced")
                ),
            ),
        ]
    )


def fit_rows(args: LinearArguments, rows: list[dict], labels: list[list[str]]):
    """The fitted pipeline for labelled candidates (every field needs an example)."""
    from sklearn.preprocessing import MultiLabelBinarizer

    y = MultiLabelBinarizer(classes=list(FACT_FIELDS)).fit_transform(labels)
    missing = [f for f, k in zip(FACT_FIELDS, y.sum(axis=0)) if k == 0]
    if missing:
        raise ValueError(
            f"no training example of {', '.join(missing)}: add documents that state it"
        )
    pipeline = make_pipeline(args)
    pipeline.fit(feature_table(rows), y)
    return pipeline


def training_corpora(args: LinearArguments) -> list[Path]:
    sources = []
    if args.synthetic_n:
        sources.append(cached_corpus(SynthConfig(n=args.synthetic_n, seed=args.synthetic_seed)))
    return sources + [Path(c) for c in args.train_corpora]


def fit(args: LinearArguments, output: Path | None = None) -> dict:
    """Fit on the configured corpora and save to `output` (default: args.output_dir)."""
    from skops.io import dump

    output = Path(output or args.output_dir)
    rows, labels, hashes, documents = [], [], [], 0
    for corpus in training_corpora(args):
        for doc, text in annotated_texts(corpus):
            doc_rows, doc_labels = labelled_candidates(doc.gold, text)
            rows += doc_rows
            labels += doc_labels
            hashes.append(doc.gold.text_sha256)
            documents += 1
    if not documents:
        raise ValueError("no training documents: set synthetic_n or train_corpora")
    started = time.perf_counter()
    pipeline = fit_rows(args, rows, labels)
    seconds = round(time.perf_counter() - started, 2)
    output.mkdir(parents=True, exist_ok=True)
    dump(pipeline, output / PIPELINE_FILE)
    info = {
        "system": "linear",
        "trained": time.strftime("%Y%m%d%H%M%S"),
        "govie_version": __version__,
        "fields": list(FACT_FIELDS),
        "threshold": args.threshold,
        "config": asdict(args),
        "train_documents": documents,
        "train_candidates": len(rows),
        "train_seconds": seconds,
        "trained_on": sorted(h for h in hashes if h),
    }
    (output / INFO_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=1), "utf-8")
    return info


def default_model() -> Path:
    """The linear system trained on generated reports only, once, in the user's cache: what
    `--system linear` uses without `--model` (a few seconds the first time)."""
    from ie.synth import GENERATOR_VERSION, cache_root

    args = LinearArguments()
    key = hashlib.sha256(json.dumps(asdict(args), sort_keys=True).encode()).hexdigest()[:12]
    folder = cache_root() / f"linear-{__version__}-v{GENERATOR_VERSION}-{key}"
    if not (folder / PIPELINE_FILE).is_file() or not (folder / INFO_FILE).is_file():
        fit(args, folder)
    return folder
