"""Gold corpora in spaCy's training format: a DocBin whose docs carry the gold facts and staff
problems as span groups (`govie_facts`, `govie_problems`), for `spacy train` with `spancat`.

Docs are made by a blank Chinese pipeline: one token per character by default (every gold
span then falls on token boundaries), or jieba's words (`segmenter="jieba"`; a span inside a
word is widened to it).
"""

from pathlib import Path

from ie.extract.spacy_component import FACTS_KEY, PROBLEMS_KEY, add_record_spans
from ie.read import normalize_text
from ie.read.corpus import load_corpus

SEGMENTERS = ("char", "jieba")


def blank_chinese(segmenter: str = "char"):
    import spacy

    if segmenter not in SEGMENTERS:
        raise ValueError(f"unknown segmenter {segmenter!r}: one of {', '.join(SEGMENTERS)}")
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})


def corpus_to_docbin(corpora: list[Path], output: Path, segmenter: str = "char") -> dict:
    """Write one DocBin of every annotated document in `corpora`; returns counts."""
    from spacy.tokens import DocBin

    nlp = blank_chinese(segmenter)
    docbin = DocBin(store_user_data=True)
    counts = {"documents": 0, FACTS_KEY: 0, PROBLEMS_KEY: 0, "spans_left_out": 0}
    for corpus in corpora:
        for entry in load_corpus(corpus):
            if entry.text_path is None:
                raise ValueError(f"{corpus}: {entry.doc_id} has no text/{entry.doc_id}.txt")
            text = normalize_text(entry.text_path.read_text(encoding="utf-8"))
            doc = nlp.make_doc(text)
            doc.user_data["doc_id"] = entry.doc_id
            add_record_spans(doc, entry.gold)
            wanted = sum(f.has_span for f in entry.gold.facts) + len(entry.gold.problems)
            placed = len(doc.spans[FACTS_KEY]) + len(doc.spans[PROBLEMS_KEY])
            counts["spans_left_out"] += wanted - placed
            counts[FACTS_KEY] += len(doc.spans[FACTS_KEY])
            counts[PROBLEMS_KEY] += len(doc.spans[PROBLEMS_KEY])
            counts["documents"] += 1
            docbin.add(doc)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(output)
    return counts
