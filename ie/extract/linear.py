"""The linear system: the rules' candidates, a scikit-learn classifier deciding what each one is.

Every number with its unit and every negated-application phrase is a *candidate*, found as
the rules find them (`facts.mentions`, `facts.NEGATED_APPLICATIONS`). A saved scikit-learn
pipeline (character n-grams of the words around the candidate, one linear classifier per
field) gives each candidate a probability per field; a field takes the value of its most
probable candidate when that clears the threshold, with every other candidate of the same
value as further mentions. Tables, problems and metadata are read as the rules read them:
the classic feature-based baseline between the rules and the transformer, for facts.

The model folder holds `pipeline.skops` (skops, never pickle) and `linear.json` (fields,
threshold, the text hashes it was trained on).
"""

import json
from dataclasses import dataclass
from pathlib import Path

from ie import __version__
from ie.extract.base import register
from ie.extract.facts import NEGATED_APPLICATIONS, mentions, sentence_before
from ie.extract.rules import RuleExtractor
from ie.layout.prose import Prose, squeeze
from ie.schema import FACT_FIELDS, Fact

PIPELINE_FILE = "pipeline.skops"
INFO_FILE = "linear.json"
FEATURE_COLUMNS = ("kind", "unit", "lead", "clause", "after", "left", "right", "sentence")
CONTEXT = 16  # characters of squeezed prose on each side


@dataclass
class Candidate:
    """A number or negated phrase that may state a fact, with the words around it."""

    kind: str  # "number" or "negation"
    value: float
    start: int  # squeezed prose offsets
    end: int
    features: dict[str, str]
    approx: bool = False


def candidates(prose: Prose) -> list[Candidate]:
    s = prose.text
    found = []
    for m in mentions(prose):
        found.append(
            Candidate(
                "number",
                m.value,
                m.start,
                m.end,
                _features(s, m.start, m.end, "number", m.unit, m.lead, m.clause, m.after),
                m.approx,
            )
        )
    for neg in NEGATED_APPLICATIONS.finditer(s):
        after = s[neg.end() : neg.end() + CONTEXT]
        found.append(
            Candidate(
                "negation",
                0,
                neg.start(),
                neg.end(),
                _features(s, neg.start(), neg.end(), "negation", "", neg.group(), "", after),
            )
        )
    return found


def _features(s, start, end, kind, unit, lead, clause, after) -> dict[str, str]:
    return {
        "kind": kind,
        "unit": unit or "-",
        "lead": lead[-24:],
        "clause": clause[-40:],
        "after": after,
        "left": s[max(0, start - CONTEXT) : start],
        "right": s[end : end + CONTEXT],
        "sentence": sentence_before(s, start)[-60:],
    }


def feature_table(rows: list[dict[str, str]]):
    """The candidates' features as the DataFrame the pipeline's column transformer reads."""
    import pandas as pd

    return pd.DataFrame(rows, columns=list(FEATURE_COLUMNS))


def load_pipeline(folder: Path):
    """The saved pipeline; a file holding any type skops does not trust by default (anything
    but scikit-learn's, numpy's and scipy's own) is refused, not loaded."""
    from skops.io import get_untrusted_types, load

    path = folder / PIPELINE_FILE
    if not path.is_file():
        raise ValueError(
            f"{folder}: not a linear model folder (no {PIPELINE_FILE}); "
            "train one with `govie train --config configs/linear.yaml`"
        )
    try:
        untrusted = get_untrusted_types(file=path)
        if untrusted:
            raise ValueError(f"holds types this system does not load: {', '.join(untrusted)}")
        return load(path)
    except Exception as exc:  # skops raises many kinds for a damaged file
        raise ValueError(f"{path}: cannot load the pipeline ({exc})") from None


def read_info(folder: Path) -> dict:
    path = folder / INFO_FILE
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read the model information ({exc})") from None
    fields = info.get("fields") if isinstance(info, dict) else None
    threshold = info.get("threshold", 0.5) if isinstance(info, dict) else None
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise ValueError(f"{path}: 'fields' is not a list of field names")
    if not isinstance(threshold, int | float) or not 0 < threshold < 1:
        raise ValueError(f"{path}: 'threshold' is not a probability between 0 and 1")
    return info


@register("linear")
class LinearExtractor(RuleExtractor):
    """The rules' reader of tables, problems and metadata; facts decided by the pipeline."""

    name = "linear"

    def __init__(self, model: str | None = None, **_options):
        if not model:
            raise ValueError(
                "the linear system needs a model folder: --model DIR "
                "(`govie train --config configs/linear.yaml`)"
            )
        folder = Path(model)
        self.pipeline = load_pipeline(folder)
        info = read_info(folder)
        self.fields: list[str] = info["fields"]
        unknown = set(self.fields) - set(FACT_FIELDS)
        if unknown:
            raise ValueError(f"{folder}: fields the schema does not have: {sorted(unknown)}")
        self.threshold: float = info.get("threshold", 0.5)
        self.trained_on: frozenset[str] = frozenset(info.get("trained_on", ()))
        self.version = f"{__version__}+{info.get('trained', 'unknown')}"
        super().__init__()

    def field_probabilities(self, text: str) -> dict[str, float]:
        """Each field's most probable candidate's probability (0 without candidates): how sure
        the system is, for choosing what to annotate."""
        found = candidates(squeeze(text))
        if not found:
            return dict.fromkeys(self.fields, 0.0)
        probabilities = self.pipeline.predict_proba(feature_table([c.features for c in found]))
        return {name: float(probabilities[:, k].max()) for k, name in enumerate(self.fields)}

    def read_facts(self, prose: Prose) -> list[Fact]:
        found = candidates(prose)
        if not found:
            return []
        probabilities = self.pipeline.predict_proba(feature_table([c.features for c in found]))
        return decide(prose, found, probabilities, self.fields, self.threshold)


def decide(prose: Prose, found: list[Candidate], probabilities, fields, threshold) -> list[Fact]:
    """Each field's most probable candidate above the threshold, then its other mentions."""
    facts = []
    for k, name in enumerate(fields):
        column = probabilities[:, k]
        best = int(column.argmax())
        if column[best] < threshold:
            continue
        value = found[best].value
        ranked = [best] + [
            j
            for j, c in enumerate(found)
            if j != best and c.value == value and column[j] >= threshold
        ]
        for j in ranked:
            c = found[j]
            start, end = prose.span(c.start, c.end)
            facts.append(
                Fact(
                    name,
                    c.value,
                    start,
                    end,
                    prose.source[start:end],
                    approx=True if c.approx else None,
                    confidence=round(float(column[j]), 4),
                )
            )
    return facts
