"""The rule-based system: tables, facts, problems and metadata from hand-written rules."""

from ie import __version__
from ie.extract.agency import warm_up
from ie.extract.base import register
from ie.extract.facts import FactRules
from ie.extract.meta import read_meta
from ie.extract.problems import ProblemRules
from ie.extract.tables import TableReader
from ie.layout.prose import squeeze
from ie.read import Document
from ie.schema import Prediction


@register("rules")
class RuleExtractor:
    name = "rules"
    version = __version__

    def __init__(self, **_options):
        self.tables = TableReader()
        self.facts = FactRules()
        self.problems = ProblemRules()
        warm_up()

    def read_facts(self, prose) -> list:
        return self.facts.extract(prose)

    def extract(self, doc: Document) -> Prediction:
        text = doc.text
        meta = read_meta(text)
        tables = self.tables.read(text, meta.template)
        prose = squeeze(text)
        return Prediction(
            doc_id=doc.doc_id,
            system=self.name,
            text_sha256=doc.sha256,
            meta=meta,
            facts=self.read_facts(prose),
            problems=self.problems.extract(prose),
            cells=tables.cells,
            cell_spans=tables.spans,
            notes=tables.notes,
        )
