"""The model system: a fine-tuned character tagger, decoded into the same prediction as the rules.

Windows overlap; each character takes the average of its probabilities over the windows
that see it. Tagged spans become values with the rules' number parser, so 十二, 1.2万 and
减25 mean the same whichever system found them. Metadata (agency, year, format) comes from
the same readers as the rules: the model tags no metadata.
"""

import json
from pathlib import Path

from ie import __version__
from ie.extract.base import register
from ie.extract.meta import find_agency, find_year, template_of_year
from ie.extract.numbers import fact_value, parse_cell
from ie.extract.tables import detect_template
from ie.read import Document
from ie.schema import AMOUNT_CELLS, entity_kind
from ie.train.chars import CharVocab, column_ids
from ie.train.dataset import windows

NUMBER_CHARS = frozenset("0123456789.,零〇一二两三四五六七八九十百千万亿")


def snap_to_number(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span that cuts a number (【五十】五, 【2】14) to the whole number; other spans stay."""
    if not any(c in NUMBER_CHARS and c not in ".," for c in text[start:end]):
        return start, end
    while start > 0 and text[start - 1] in NUMBER_CHARS:
        start -= 1
    while end < len(text) and text[end] in NUMBER_CHARS and not (text[end] in ".," and not (end + 1 < len(text) and text[end + 1].isdigit())):
        end += 1
    return start, end


def resolve_device(device: str | None) -> str:
    import torch

    if device:
        return device
    return "cuda" if torch.cuda.is_available() else "cpu"


@register("model")
class ModelExtractor:
    name = "model"

    def __init__(self, model: str | None = None, batch_size: int = 32, device: str | None = None, **_options):
        from transformers import AutoModelForTokenClassification

        if not model:
            raise ValueError("the model system needs a trained model folder: --model DIR (see `govie train`)")
        folder = Path(model)
        if not (folder / "config.json").exists():
            raise ValueError(f"{folder}: not a trained model folder (no config.json); train one with `govie train`")
        self.vocab = CharVocab.load(folder)
        info = json.loads((folder / "govie_model.json").read_text(encoding="utf-8")) \
            if (folder / "govie_model.json").exists() else {}
        self.window = int(info.get("window", 254))
        self.stride = int(info.get("stride", 192))
        self.device = resolve_device(device)
        self.model = AutoModelForTokenClassification.from_pretrained(str(folder)).to(self.device).eval()
        self.labels = [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]
        self.batch_size = batch_size
        self.version = f"{__version__}+{folder.name}"

    def tag_probabilities(self, text: str):
        """Per character, label probabilities averaged over the windows that cover it (characters × labels)."""
        import torch

        with torch.inference_mode():
            return self._probabilities(text)

    def _probabilities(self, text: str):
        import torch

        spans = windows(len(text), self.window, self.stride)
        columns = column_ids(text)
        total = torch.zeros(len(text), len(self.labels))
        seen = torch.zeros(len(text), 1)
        for i in range(0, len(spans), self.batch_size):
            batch = spans[i:i + self.batch_size]
            width = max(e - s for s, e in batch) + 2
            ids = torch.full((len(batch), width), self.vocab.pad_id, dtype=torch.long)
            mask = torch.zeros_like(ids)
            types = torch.zeros_like(ids)
            for row, (s, e) in enumerate(batch):
                encoded = [self.vocab.cls_id, *self.vocab.encode(text[s:e]), self.vocab.sep_id]
                ids[row, :len(encoded)] = torch.tensor(encoded)
                types[row, 1:1 + e - s] = torch.tensor(columns[s:e])
                mask[row, :len(encoded)] = 1
            logits = self.model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device),
                                token_type_ids=types.to(self.device)).logits
            probs = logits.float().softmax(-1).cpu()
            for row, (s, e) in enumerate(batch):
                total[s:e] += probs[row, 1:1 + e - s]
                seen[s:e] += 1
        return total / seen.clamp(min=1)

    def spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """(start, end, entity type, mean probability) of each tagged span (seqeval's reading of BIO)."""
        from seqeval.metrics.sequence_labeling import get_entities

        if not text:
            return []
        probs = self.tag_probabilities(text)
        best, index = probs.max(-1)
        tags = [self.labels[i] for i in index.tolist()]
        out = []
        for kind, start, last in get_entities(tags):
            if kind == "_" or not kind:
                continue
            confidence = float(best[start:last + 1].mean())
            if entity_kind(kind) != "problem":
                start, end = snap_to_number(text, start, last + 1)
                last = end - 1
            out.append((start, last + 1, kind, confidence))
        return out

    def extract(self, doc: Document) -> dict:
        text = doc.text
        facts, problems, cells, cell_spans, cell_conf = [], [], {}, {}, {}
        for start, end, kind, confidence in self.spans(text):
            span = text[start:end]
            what = entity_kind(kind)
            if what == "fact":
                value = fact_value(span)
                if value is None:
                    continue
                facts.append({"field": kind, "value": value, "start": start, "end": end, "text": span,
                              "confidence": round(confidence, 4)})
            elif what == "problem":
                problems.append({"category": kind, "start": start, "end": end, "text": span})
            else:
                value = parse_cell(span, amount=kind in AMOUNT_CELLS)
                if value is None or confidence <= cell_conf.get(kind, 0.0):
                    continue
                cells[kind], cell_spans[kind], cell_conf[kind] = value, [start, end], confidence
        facts.sort(key=lambda f: -f["confidence"])  # the first fact of a field is its value (SCHEMA §7)
        year = find_year(text)
        template = detect_template(text) or template_of_year(year)
        return {"doc_id": doc.doc_id, "system": self.name, "text_sha256": doc.sha256,
                "meta": {"agency": find_agency(text), "year": year, "template": template},
                "facts": facts, "problems": problems, "cells": cells, "cell_spans": cell_spans}

