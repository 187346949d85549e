"""Score tables for people: one column per system (and corpus), one row per figure."""

from collections import Counter

from ie.schema import FACT_FIELDS, META_KEYS, PROBLEM_CATEGORIES, Prediction


def score_rows(result: dict) -> list[tuple[str, float]]:
    f, p, c, m = result["facts"], result["problems"], result["cells"], result["meta"]
    rows = [
        ("facts micro P", f["precision"]),
        ("facts micro R", f["recall"]),
        ("facts micro F1", f["f1"]),
    ]
    rows += [(f"facts {name} F1", _f1(f["per_field"][name])) for name in FACT_FIELDS]
    rows += [
        ("problems doc P", p["document"]["precision"]),
        ("problems doc R", p["document"]["recall"]),
        ("problems doc F1", p["document"]["f1"]),
        ("problems span F1", p["span"]["f1"]),
    ]
    rows += [(f"problems {cat} F1", _f1(p["per_category"][cat])) for cat in PROBLEM_CATEGORIES]
    rows += [
        ("cells accuracy", c["accuracy"]),
        ("cells accuracy_nonzero", c["accuracy_nonzero"]),
        ("cells precision", c["precision"]),
    ]
    rows += [(f"cells {t} accuracy", s["accuracy"]) for t, s in c["per_table"].items()]
    rows += [(f"meta {k}", m[k]) for k in META_KEYS]
    return rows


def _f1(s: dict) -> float | None:
    """F1, or None where neither gold nor the system has anything (undefined, shown as —)."""
    return s["f1"] if s["tp"] + s["fp"] + s["fn"] else None


def format_score(v) -> str:
    return "—" if v is None else f"{v:.3f}"


def markdown_table(columns: dict[str, dict]) -> str:
    """`columns` maps a column title (e.g. 'seeds / rules') to a score result."""
    names = list(columns)
    per = {name: dict(score_rows(res)) for name, res in columns.items()}
    labels = [label for label, _ in score_rows(next(iter(columns.values())))] if columns else []
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label in labels:
        lines.append(
            f"| {label} | " + " | ".join(format_score(per[n].get(label)) for n in names) + " |"
        )
    docs = " | ".join(str(columns[n]["documents"]) for n in names)
    lines.append(f"| documents | {docs} |")
    return "\n".join(lines)


def error_kind(error: dict) -> str:
    """missed (gold has it, the system not), spurious (the other way round) or wrong value."""
    if error["kind"] == "problem":
        return "missed" if error["gold"] else "spurious"
    if error["pred"] is None:
        return "missed"
    if error["gold"] is None or error["gold"] == "absent":
        return "spurious"
    return "wrong value"


def error_summary(result: dict) -> list[str]:
    """Errors counted by what they concern (field, category, table) and kind, most first:
    the next class to fix, at a glance."""
    counts: dict[str, Counter] = {}
    for e in result.get("errors", []):
        what = e.get("field") or e.get("category") or e["cell"].split(".")[0] + " cells"
        counts.setdefault(f"{e['kind']} {what}", Counter())[error_kind(e)] += 1
    kinds = ("missed", "spurious", "wrong value")
    lines = ["| errors | " + " | ".join(kinds) + " | total |", "|---|---|---|---|---|"]
    for what, c in sorted(counts.items(), key=lambda item: -sum(item[1].values())):
        lines.append(
            f"| {what} | " + " | ".join(str(c[k]) for k in kinds) + f" | {sum(c.values())} |"
        )
    return lines


def markdown_safe(line: str) -> str:
    """Report text as Markdown shows it, never as markup a viewer runs (<script>, <img onerror>)."""
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def context(text: str | None, start: int | None, end: int | None, width: int = 30) -> str:
    if text is None or start is None:
        return ""
    s = (
        text[max(0, start - width) : start]
        + "【"
        + text[start:end]
        + "】"
        + text[end : end + width]
    )
    return " ".join(s.split())


def error_lines(
    result: dict, gold: dict[str, Prediction], pred: dict[str, Prediction], texts: dict[str, str]
) -> list[str]:
    """Every error, with the text around the system's (or gold's) evidence where there is one."""
    out = []
    for e in result.get("errors", []):
        doc = e["doc_id"]
        text = texts.get(doc)
        predicted = pred.get(doc) or Prediction(doc)
        where = ""
        if e["kind"] == "fact":
            span = next(
                (x for x in predicted.facts if x.field == e["field"] and x.has_span), None
            ) or next((x for x in gold[doc].facts if x.field == e["field"]), None)
            if span:
                where = context(text, span.start, span.end)
            out.append(f"- {doc} fact {e['field']}: gold={e['gold']} pred={e['pred']} {where}")
        elif e["kind"] == "cell":
            if e["cell"] in predicted.cell_spans:
                where = context(text, *predicted.cell_spans[e["cell"]], width=15)
            out.append(f"- {doc} cell {e['cell']}: gold={e['gold']} pred={e['pred']} {where}")
        elif e["kind"] == "problem":
            side = "missed" if e["gold"] else "spurious"
            items = gold[doc].problems if e["gold"] else predicted.problems
            span = next((x for x in items if x.category == e["category"]), None)
            if span:
                where = context(text, span.start, span.end)
            out.append(f"- {doc} problem {e['category']} {side} {where}")
        else:
            out.append(f"- {doc} meta {e['field']}: gold={e['gold']} pred={e['pred']}")
    return out
