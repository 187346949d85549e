"""A corpus card (datasheet): what a paper's data section says about an annotated corpus."""

import json
from collections import Counter
from pathlib import Path

from ie.read.corpus import load_corpus
from ie.schema import FACT_FIELDS, PROBLEM_CATEGORIES


def corpus_card(corpus_dir: Path, agreement: dict | None = None) -> dict:
    """Counts of a corpus folder (text/ + gold/, or gold/ alone) and, when known, agreement."""
    corpus_dir = Path(corpus_dir)
    if not (corpus_dir / "gold").is_dir() and corpus_dir.name == "gold":
        corpus_dir = corpus_dir.parent
    docs = load_corpus(corpus_dir)
    golds = [d.gold for d in docs]
    facts = Counter(f.field for g in golds for f in g.facts)
    with_fact = Counter(f for g in golds for f in g.first_values())
    problems = Counter(p.category for g in golds for p in g.problems)
    cells = [v for g in golds for v in g.cells.values()]
    card = {
        "corpus": corpus_dir.name,
        "documents": len(golds),
        "bodies": len({g.meta.agency for g in golds if g.meta.agency}),
        "documents_without_agency": sum(1 for g in golds if not g.meta.agency),
        "years": dict(sorted(Counter(str(g.meta.year) for g in golds).items())),
        "templates": dict(sorted(Counter(str(g.meta.template) for g in golds).items())),
        "source_formats": dict(
            sorted(Counter(d.input_path.suffix.lstrip(".") for d in docs).items())
        ),
        "synthetic": sum(1 for g in golds if g.extra.get("synthetic")),
        "facts": {
            f: {"documents": with_fact.get(f, 0), "mentions": facts.get(f, 0)} for f in FACT_FIELDS
        },
        "problems": {c: problems.get(c, 0) for c in PROBLEM_CATEGORIES},
        "cells": {
            "total": len(cells),
            "blank": sum(1 for v in cells if v is None),
            "nonzero": sum(1 for v in cells if v not in (None, 0)),
            "documents_with_tables": sum(1 for g in golds if g.cells),
        },
        "agreement": agreement,
        "text_sha256": {g.doc_id: g.text_sha256 for g in golds},
    }
    return card


def card_markdown(card: dict) -> str:
    lines = [
        f"# Corpus card: {card['corpus']}",
        "",
        f"{card['documents']} documents from {card['bodies']} bodies"
        f" ({card['documents_without_agency']} without a named body); "
        f"{card['synthetic']} generated.",
        "",
        "| | |",
        "|---|---|",
        f"| years | {', '.join(f'{y}: {n}' for y, n in card['years'].items())} |",
        f"| formats (template) | {', '.join(f'{t}: {n}' for t, n in card['templates'].items())} |",
        f"| source files | {', '.join(f'{t}: {n}' for t, n in card['source_formats'].items())} |",
        f"| table cells | {card['cells']['total']} in {card['cells']['documents_with_tables']} documents"
        f" ({card['cells']['nonzero']} non-zero, {card['cells']['blank']} printed blank) |",
        "",
        "| fact | documents stating it | marked mentions |",
        "|---|---|---|",
        *(f"| {f} | {c['documents']} | {c['mentions']} |" for f, c in card["facts"].items()),
        "",
        "| staff problem | spans |",
        "|---|---|",
        *(f"| {c} | {n} |" for c, n in card["problems"].items()),
        "",
    ]
    agreement = card.get("agreement")
    if agreement:
        kappa = agreement["problems"]["kappa"]
        exact = agreement["cells"]["exact_match"]
        lines += [
            "## Agreement of two annotators",
            "",
            f"{agreement['documents']} documents annotated twice: facts F1 "
            f"{agreement['facts']['f1'] if agreement['facts']['f1'] is not None else '—'}, "
            f"problems kappa {kappa if kappa is not None else '—'}, "
            f"cells exact match {exact if exact is not None else '—'}; "
            f"{len(agreement['disagreements'])} disagreements adjudicated.",
            "",
        ]
    lines += [
        "## Texts",
        "",
        "SHA-256 of each document's normalized text (SCHEMA §6) are in `card.json` "
        "(`text_sha256`), so a copy of the corpus can be checked text by text.",
    ]
    return "\n".join(lines) + "\n"


def write_card(card: dict, output: Path) -> tuple[Path, Path]:
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    md, js = output / "CARD.md", output / "card.json"
    md.write_text(card_markdown(card), encoding="utf-8")
    js.write_text(json.dumps(card, ensure_ascii=False, indent=1), encoding="utf-8")
    return md, js
