"""One document through one system: read it, extract, and a failure record instead of an
exception (an unreadable file or a bug on one document must not lose the others). Every
engine runs documents through this."""

from dataclasses import dataclass
from pathlib import Path

from ie.extract.base import Extractor
from ie.read import ReadError
from ie.read.inputs import Item, item_doc_id, item_source, read_item
from ie.schema import Prediction


@dataclass
class Extracted:
    """One document's prediction, and the text it was made on (None where it could not be read)."""

    prediction: Prediction
    text: str | None = None


def extract_one(extractor: Extractor, item: Item | str) -> Extracted:
    item = Path(item) if isinstance(item, str) else item
    text = None
    try:
        doc = read_item(item)
        text = doc.text
        return Extracted(extractor.extract(doc), text)
    except ReadError as exc:
        reason = exc.reason
    except Exception as exc:  # a bug on one document must not lose the others
        reason = f"extraction failed: {type(exc).__name__}: {exc}"
    return Extracted(
        Prediction.failure(item_doc_id(item), extractor.name, item_source(item), reason), text
    )
