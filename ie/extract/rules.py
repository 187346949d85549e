"""The rule-based system: tables, facts, problems and metadata from hand-written rules."""

from ie import __version__
from ie.extract.base import register
from ie.extract.facts import FactRules
from ie.extract.meta import find_agency, find_year, template_of_year, warm_up
from ie.extract.problems import ProblemRules
from ie.extract.tables import TableReader
from ie.layout.prose import squeeze
from ie.read import Document


@register("rules")
class RuleExtractor:
    name = "rules"
    version = __version__

    def __init__(self, **_options):
        self.tables = TableReader()
        self.facts = FactRules()
        self.problems = ProblemRules()
        warm_up()

    def extract(self, doc: Document) -> dict:
        text = doc.text
        year = find_year(text)
        tables = self.tables.read(text, template_hint=template_of_year(year))
        template = tables.template or template_of_year(year)
        prose = squeeze(text)
        facts = self.facts.extract(prose)
        problems = self.problems.extract(prose)
        prediction = {
            "doc_id": doc.doc_id,
            "system": self.name,
            "text_sha256": doc.sha256,
            "meta": {"agency": find_agency(text), "year": year, "template": template},
            "facts": [f.to_json(text) for f in facts],
            "problems": [p.to_json(text) for p in problems],
            "cells": tables.cells,
            "cell_spans": {k: list(v) for k, v in tables.spans.items()},
        }
        if tables.notes:
            prediction["notes"] = tables.notes
        return prediction
