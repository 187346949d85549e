"""Settle two annotators' differences into gold.

Where A and B agree, the gold is what they agree on (the mentions either marked of an agreed
fact value, and the spans either marked of an agreed problem category). Each disagreement is
settled by a person in a decisions file (YAML), keyed as the agreement report lists them:

    h0007:
      fact:proactive_total: a          # A's reading
      cell:t2.new.total: b             # B's reading
      meta:agency: {value: 某某县交通运输局}   # neither: this value (null for a blank cell)

A document with any disagreement left undecided is not written; a file of what is still to
decide, in the same format, is written beside the gold folder.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ie.curate.agreement import disagreements
from ie.schema import Fact, Prediction


class DecisionError(ValueError):
    pass


@dataclass
class Adjudicated:
    gold: dict[str, Prediction] = field(default_factory=dict)
    undecided: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # doc → key → "a | b | {value}"


def load_decisions(path: Path | None) -> dict[str, dict]:
    if path is None or not Path(path).exists():
        return {}
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DecisionError(f"{path}: cannot read the decisions ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise DecisionError(
            f"{path}: decisions are a mapping of document → key → a, b or {{value: …}}"
        )
    return {str(k): v for k, v in data.items()}


def _decided(decision, key: str, doc_id: str):
    """('a' | 'b' | 'value', value)"""
    if decision in ("a", "b"):
        return decision, None
    if isinstance(decision, dict) and set(decision) == {"value"}:
        return "value", decision["value"]
    raise DecisionError(f"{doc_id} {key}: a decision is a, b or {{value: …}}, not {decision!r}")


def _merge_agreed(a: Prediction, b: Prediction) -> Prediction:
    """A's record with B's extra mentions of what both agree on."""
    facts = list(a.facts)
    seen = {(f.field, f.start, f.end) for f in facts}
    agreed = set(a.first_values()) & set(b.first_values())
    facts += [f for f in b.facts if f.field in agreed and (f.field, f.start, f.end) not in seen]
    problems = list(a.problems)
    shared = {p.category for p in a.problems} & {p.category for p in b.problems}
    spans = {(p.category, p.start, p.end) for p in problems}
    problems += [
        p for p in b.problems if p.category in shared and (p.category, p.start, p.end) not in spans
    ]
    return replace(a, facts=facts, problems=problems)


def _apply(
    record: Prediction, a: Prediction, b: Prediction, key: str, how: str, value
) -> Prediction:
    kind, _, name = key.partition(":")
    side = a if how == "a" else b
    if kind == "fact":
        rest = [f for f in record.facts if f.field != name]
        if how == "value":
            mentions = [f for f in a.facts + b.facts if f.field == name and f.value == value]
            chosen = mentions or ([Fact(name, value)] if value is not None else [])
        else:
            chosen = [f for f in side.facts if f.field == name]
        return replace(record, facts=rest + chosen)
    if kind == "problem":
        rest = [p for p in record.problems if p.category != name]
        if how == "value":
            raise DecisionError(f"{record.doc_id} {key}: a problem is decided by a or b")
        return replace(record, problems=rest + [p for p in side.problems if p.category == name])
    if kind == "cell":
        cells = dict(record.cells)
        chosen = value if how == "value" else side.cells.get(name, "absent")
        if chosen == "absent":
            cells.pop(name, None)
        else:
            cells[name] = chosen
        return replace(record, cells=cells)
    if kind == "meta":
        chosen = value if how == "value" else getattr(side.meta, name)
        return replace(record, meta=replace(record.meta, **{name: chosen}))
    raise DecisionError(f"{record.doc_id}: unknown key {key!r}")


def adjudicate(
    a: dict[str, Prediction], b: dict[str, Prediction], decisions: dict[str, dict]
) -> Adjudicated:
    """Gold for every document both annotated whose disagreements are all decided."""
    out = Adjudicated()
    used: set[tuple[str, str]] = set()
    for doc_id in sorted(set(a) & set(b)):
        ra, rb = a[doc_id], b[doc_id]
        record = _merge_agreed(ra, rb)
        todo = {}
        for d in disagreements(doc_id, ra, rb):
            used.add((doc_id, d.key))
            decision = decisions.get(doc_id, {}).get(d.key)
            if decision is None:
                todo[d.key] = f"a ({d.a}) | b ({d.b}) | {{value: …}}"
                continue
            how, value = _decided(decision, d.key, doc_id)
            record = _apply(record, ra, rb, d.key, how, value)
        if todo:
            out.undecided[doc_id] = todo
        else:
            out.gold[doc_id] = replace(record, system=None)
    out.unused = [
        f"decision {doc_id} {key}: no such disagreement (a typo, or the annotators agree there)"
        for doc_id, keys in decisions.items()
        for key in keys
        if (doc_id, key) not in used
    ]
    return out


def write_undecided(undecided: dict[str, dict[str, str]], path: Path) -> None:
    """What is left to decide, as a decisions file to fill in (each value lists the choices)."""
    Path(path).write_text(
        "# replace each value by a, b or {value: …}, then run adjudicate again\n"
        + yaml.safe_dump(undecided, allow_unicode=True, sort_keys=True),
        encoding="utf-8",
    )
