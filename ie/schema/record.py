"""The record of SCHEMA §5, typed: what every system returns, what gold files hold.

One `from_json` reads a gold file or a prediction line (and says what is wrong with a bad
one); one `to_json` writes it back. Keys the schema does not name (a gold file's
`cells_complete`, `synthetic`, `agency_alt` …) are kept in `extra`, so nothing is lost on
the way through.
"""

import math
from dataclasses import dataclass, field

from ie.schema.fields import FACT_FIELDS, META_KEYS, PROBLEM_CATEGORIES


class RecordError(ValueError):
    """A record that does not follow SCHEMA §5; the message says which key and why."""


def _number(value, where: str, allow_none: bool = False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RecordError(f"{where}: {value!r} is not a number")
    return value


def _offset(value, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RecordError(f"{where}: {value!r} is not a text offset")
    return value


def _mapping(value, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _list(value, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _extra(data: dict, known: tuple[str, ...]) -> dict:
    return {k: v for k, v in data.items() if k not in known}


def _set_keys(item, required: dict, optional: tuple[str, ...]) -> dict:
    """`required`, then the optional attributes that are set, then the item's extra keys."""
    out = dict(required)
    for key in optional:
        if getattr(item, key) is not None:
            out[key] = getattr(item, key)
    return out | item.extra


@dataclass
class Meta:
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def agency_alt(self) -> list[str]:
        """Other forms of the agency's name that gold accepts."""
        return [str(a) for a in self.extra.get("agency_alt") or []]

    def to_json(self) -> dict:
        return {"agency": self.agency, "year": self.year, "template": self.template, **self.extra}

    @classmethod
    def from_json(cls, data) -> "Meta":
        data = _mapping(data, "meta")
        year = data.get("year")
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year)
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise RecordError(f"meta.year: {year!r} is not a year")
        template = data.get("template")
        return cls(
            data.get("agency"),
            year,
            None if template is None else str(template),
            _extra(data, META_KEYS),
        )


@dataclass
class Fact:
    field: str
    value: float
    start: int | None = None
    end: int | None = None
    text: str | None = None
    approx: bool | None = None
    confidence: float | None = None
    extra: dict = field(default_factory=dict)

    KEYS = ("field", "value", "start", "end", "text", "approx", "confidence")

    @property
    def has_span(self) -> bool:
        return self.start is not None and self.end is not None

    def to_json(self) -> dict:
        return _set_keys(self, {"field": self.field, "value": self.value}, self.KEYS[2:])

    @classmethod
    def from_json(cls, data, where: str = "fact") -> "Fact":
        data = _mapping(data, where)
        name = data.get("field")
        if name not in FACT_FIELDS:
            raise RecordError(f"{where}: unknown field {name!r} (one of {', '.join(FACT_FIELDS)})")
        return cls(
            name,
            _number(data.get("value"), f"{where}.value"),
            _offset(data.get("start"), f"{where}.start"),
            _offset(data.get("end"), f"{where}.end"),
            data.get("text"),
            data.get("approx"),
            data.get("confidence"),
            _extra(data, cls.KEYS),
        )


@dataclass
class Problem:
    category: str
    start: int | None = None
    end: int | None = None
    text: str | None = None
    extra: dict = field(default_factory=dict)

    KEYS = ("category", "start", "end", "text")

    @property
    def has_span(self) -> bool:
        return self.start is not None and self.end is not None

    def to_json(self) -> dict:
        return _set_keys(self, {"category": self.category}, self.KEYS[1:])

    @classmethod
    def from_json(cls, data, where: str = "problem") -> "Problem":
        data = _mapping(data, where)
        category = data.get("category")
        if category not in PROBLEM_CATEGORIES:
            raise RecordError(
                f"{where}: unknown category {category!r} (one of {', '.join(PROBLEM_CATEGORIES)})"
            )
        return cls(
            category,
            _offset(data.get("start"), f"{where}.start"),
            _offset(data.get("end"), f"{where}.end"),
            data.get("text"),
            _extra(data, cls.KEYS),
        )


@dataclass
class Prediction:
    """One document's record: a system's prediction, or gold (the same format, SCHEMA §5)."""

    doc_id: str
    system: str | None = None
    text_sha256: str | None = None
    meta: Meta = field(default_factory=Meta)
    facts: list[Fact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cells: dict[str, float | None] = field(default_factory=dict)
    cell_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)
    source: str | None = None
    error: str | None = None  # the document could not be read or extracted
    extra: dict = field(default_factory=dict)

    KEYS = (
        "doc_id",
        "system",
        "text_sha256",
        "meta",
        "facts",
        "problems",
        "cells",
        "cell_spans",
        "notes",
        "source",
        "error",
    )

    @classmethod
    def failure(cls, doc_id: str, system: str, source: str, reason: str) -> "Prediction":
        return cls(doc_id, system, source=source, error=reason)

    @property
    def cells_complete(self) -> bool:
        """False for a truncated document: cells gold lacks are then not counted against a system."""
        return self.extra.get("cells_complete", True) is not False

    def first_values(self) -> dict[str, float]:
        """Each field's value: that of its first fact (SCHEMA §7)."""
        out: dict[str, float] = {}
        for fact in self.facts:
            out.setdefault(fact.field, fact.value)
        return out

    def to_json(self) -> dict:
        if self.error is not None:
            return {
                "doc_id": self.doc_id,
                "system": self.system,
                "source": self.source,
                "error": self.error,
            }
        out: dict = {"doc_id": self.doc_id}
        if self.system is not None:
            out["system"] = self.system
        if self.text_sha256 is not None:
            out["text_sha256"] = self.text_sha256
        out |= {
            "meta": self.meta.to_json(),
            "facts": [f.to_json() for f in self.facts],
            "problems": [p.to_json() for p in self.problems],
            "cells": dict(self.cells),
        }
        if self.cell_spans:
            out["cell_spans"] = dict(self.cell_spans)  # (start, end) pairs: JSON arrays
        if self.notes:
            out["notes"] = self.notes
        if self.source is not None:
            out["source"] = self.source
        return out | self.extra

    @classmethod
    def from_json(cls, data) -> "Prediction":
        if not isinstance(data, dict):
            raise RecordError(f"a record is a JSON object, not {type(data).__name__}")
        doc_id = data.get("doc_id")
        if not isinstance(doc_id, str) or not doc_id:
            raise RecordError(f"doc_id: {doc_id!r} is not a document id")
        if data.get("error") is not None:
            return cls.failure(doc_id, data.get("system"), data.get("source"), str(data["error"]))
        cells = {
            str(k): _number(v, f"cells.{k}", allow_none=True)
            for k, v in _mapping(data.get("cells"), "cells").items()
        }
        spans = {}
        for k, v in _mapping(data.get("cell_spans"), "cell_spans").items():
            if not (isinstance(v, list | tuple) and len(v) == 2):
                raise RecordError(f"cell_spans.{k}: {v!r} is not [start, end]")
            spans[str(k)] = (_offset(v[0], f"cell_spans.{k}"), _offset(v[1], f"cell_spans.{k}"))
        return cls(
            doc_id=doc_id,
            system=data.get("system"),
            text_sha256=data.get("text_sha256"),
            meta=Meta.from_json(data.get("meta")),
            facts=[
                Fact.from_json(f, f"facts[{i}]")
                for i, f in enumerate(_list(data.get("facts"), "facts"))
            ],
            problems=[
                Problem.from_json(p, f"problems[{i}]")
                for i, p in enumerate(_list(data.get("problems"), "problems"))
            ],
            cells=cells,
            cell_spans=spans,
            notes=_list(data.get("notes"), "notes"),
            source=data.get("source"),
            extra=_extra(data, cls.KEYS),
        )
