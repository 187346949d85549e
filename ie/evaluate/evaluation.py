"""One system's predictions against a gold folder: scores and every error, printed and written."""

import json
from pathlib import Path

from ie.evaluate.report import error_lines, error_summary, markdown_safe, markdown_table
from ie.evaluate.scores import score
from ie.read.corpus import load_gold_dir, load_texts
from ie.read.jsonl import load_predictions


def evaluate_files(
    gold_dir: Path,
    pred_path: Path,
    text_dir: Path | None,
    output: Path,
    problems: list[str] | None = None,
) -> tuple[str, list[str], list[str]]:
    """Writes `scores.json` and `scores.md` into `output`; returns the score table, the errors
    counted by field and kind, and every error in context.

    Raises ValueError or OSError naming the file when gold or predictions cannot be read; a bad
    record is noted in `problems` (when given) and left out."""
    golds, preds = load_gold_dir(gold_dir, problems), load_predictions(pred_path, problems)
    texts = load_texts(text_dir or Path(gold_dir).parent / "text", golds)
    result = score(golds, preds)
    system = next((p.system for p in preds.values() if p.system), "system")
    table = markdown_table({system: result})
    summary = error_summary(result)
    errors = error_lines(result, golds, preds, texts)
    output.mkdir(parents=True, exist_ok=True)
    (output / "scores.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    report = [table, "", "## Errors", "", *summary, "", *map(markdown_safe, errors), ""]
    (output / "scores.md").write_text("\n".join(report), encoding="utf-8")
    return table, summary, errors
