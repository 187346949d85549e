"""The model system: a fine-tuned character tagger, decoded into the same record as the rules.

Windows overlap; each character takes the average of its probabilities over the windows
that see it. Tagged spans become values with the schema's number parser, so 十二, 1.2万 and
减25 mean the same whichever system found them. Metadata comes from the same reader as the
rules; the model's own reading of the issuing body (its most confident `agency` span that is
a whole qualified name) is kept beside it, in `meta.model_agency`.
"""

from dataclasses import replace
from functools import cached_property
from pathlib import Path

from ie import __version__
from ie.extract.agency import is_full_name
from ie.extract.base import register
from ie.extract.flattened import overlay_flattened
from ie.extract.meta import read_meta
from ie.read import Document
from ie.schema import (
    AMOUNT_CELLS,
    CELL,
    OUTSIDE,
    Fact,
    Prediction,
    Problem,
    cell_grid,
    entity_kind,
    keep_arithmetic,
)
from ie.schema.numbers import NUMERAL_CHARS, fact_value, parse_cell
from ie.tagger import CharCodec, read_splits

NUMERAL_DIGITS = NUMERAL_CHARS - {".", ","}  # what a span holds when it holds part of a number


def snap_to_number(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span that cuts a number (【五十】五, 【2】14) to the whole number; other spans stay."""
    if NUMERAL_DIGITS.isdisjoint(text[start:end]):
        return start, end
    while start > 0 and text[start - 1] in NUMERAL_CHARS:
        start -= 1
    while (
        end < len(text)
        and text[end] in NUMERAL_CHARS
        and not (text[end] in ".," and not (end + 1 < len(text) and text[end + 1].isdigit()))
    ):
        end += 1
    return start, end


def quantized(model):
    """The model with its linear layers' weights in int8 (dynamic quantization: activations are
    quantized on the fly), for CPU inference."""
    import torch

    return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def resolve_device(device: str | None) -> str:
    import torch

    if device:
        return device
    return "cuda" if torch.cuda.is_available() else "cpu"


MODEL_AGENCY = "model_agency"  # meta key of the body the model tagged

# bfloat16: half the memory traffic, and matrix units where the CPU has them (AMX, AVX512-BF16)
PRECISIONS = ("float32", "bfloat16")


@register("model")
class ModelExtractor:
    name = "model"

    def __init__(
        self,
        model: str | None = None,
        batch_size: int = 32,
        device: str | None = None,
        quantize: bool = False,
        arithmetic: bool = True,
        precision: str = "float32",
        stride: int | None = None,
        **_options,
    ):
        if not model:
            raise ValueError(
                "the model system needs a trained model folder: --model DIR (see `govie train`)"
            )
        folder = Path(model)
        if not (folder / "config.json").exists():
            raise ValueError(
                f"{folder}: not a trained model folder (no config.json); train one with `govie train`"
            )
        if precision not in PRECISIONS:
            raise ValueError(f"precision {precision!r}: one of {', '.join(PRECISIONS)}")
        if quantize and precision != "float32":
            raise ValueError("--quantize (int8) and --precision bfloat16 cannot be combined")
        self.device = resolve_device(device)
        from ie.tagger.heads import load_tagger

        self.model = load_tagger(folder).to(self.device).eval()
        if quantize and self.device == "cpu":
            self.model = quantized(self.model)
        if precision == "bfloat16":
            import torch

            self.model = self.model.to(torch.bfloat16)
        labels = [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]
        self.codec = CharCodec.load(folder, labels)
        self.factorised = hasattr(self.model.config, "row_labels")
        if stride is not None:  # inference windows further apart (or closer) than in training
            windowing = replace(self.codec.windowing, stride=stride)
            self.codec = replace(self.codec, windowing=windowing)
        splits = read_splits(folder)
        # what it trained on (dev chose its best epoch): never scored as unseen
        self.trained_ids = frozenset(splits.get("train", []) + splits.get("dev", []))
        self.batch_size = batch_size
        self.arithmetic = arithmetic
        self.version = f"{__version__}+{folder.name}"

    def tag_probabilities(self, text: str):
        """Per character, label probabilities averaged over the windows that cover it (characters × labels)."""
        import torch

        with torch.inference_mode():
            return self._probabilities(text)

    def _probabilities(self, text: str):
        import torch

        total = torch.zeros(len(text), len(self.codec.labels))
        seen = torch.zeros(len(text), 1)
        for (s, e), logits in self._window_logits(text):
            total[s:e] += logits.softmax(-1, dtype=torch.float32)
            seen[s:e] += 1
        return total / seen.clamp(min=1)

    def _window_logits(self, text: str):
        """((start, end), the label logits of each of its characters) of every window."""
        for span, logits, _ in self._window_outputs(text):
            yield span, logits

    def _window_outputs(self, text: str):
        """((start, end), label logits, (row logits, column logits)) of every window; the heads
        are None unless the model is factorised."""
        spans, inputs = self.codec.windows_batch(text)
        for i in range(0, len(spans), self.batch_size):
            batch = {k: v[i : i + self.batch_size].to(self.device) for k, v in inputs.items()}
            out = self.model(**batch)
            logits = out.logits.cpu()
            heads = (out.row_logits.cpu(), out.column_logits.cpu()) if self.factorised else None
            for k, (s, e) in enumerate(spans[i : i + self.batch_size]):
                cut = slice(1, 1 + e - s)
                yield (s, e), logits[k, cut], heads and (heads[0][k, cut], heads[1][k, cut])

    def best_tags(self, text: str):
        """Per character, the most probable label and, where that is not O, its probability,
        averaged over the windows that cover it: what `tag_probabilities(text).max(-1)` gives.

        A character one window sees (most of them) takes that window's reading with no
        characters × labels table; its probabilities are worked out only where it is tagged
        (softmax keeps the order of the logits, so O stays O). Characters several windows see
        are averaged. An O character's probability is NaN: nothing reads it."""
        import torch

        with torch.inference_mode():
            return self._best_tags(len(text), list(self._window_logits(text)))

    def _best_tags(self, length: int, windows: list):
        """`best_tags` of the windows' logits (a text of `length` characters)."""
        import torch

        outside = self.codec.labels.index(OUTSIDE)
        ends = [e for (_, e), _ in windows]
        starts = [s for (s, _), _ in windows]
        cover = torch.zeros(length, dtype=torch.int32)
        for s, e in zip(starts, ends):
            cover[s:e] += 1
        shared = cover > 1
        row = (torch.cumsum(shared, 0) - 1).tolist()  # a shared character's row in `total`
        total = torch.zeros(int(shared.sum()), len(self.codec.labels))
        best = torch.full((length,), float("nan"))
        index = torch.empty(length, dtype=torch.long)
        for k, ((s, e), logits) in enumerate(windows):
            own_start = max(s, ends[k - 1]) if k else s  # seen by this window alone
            own_end = min(e, starts[k + 1]) if k + 1 < len(windows) else e
            if own_start < own_end:
                own = logits[own_start - s : own_end - s]
                tags = own.max(-1).indices  # the first of equal maxima, as argmax (faster)
                tagged = (tags != outside).nonzero().flatten()
                if len(tagged):
                    probs = own[tagged].softmax(-1, dtype=torch.float32).max(-1)
                    best[tagged + own_start], tags[tagged] = probs.values, probs.indices
                index[own_start:own_end] = tags
                parts = ((s, own_start), (own_end, e))
            else:
                parts = ((s, e),)  # every character of it seen by another window too
            for a, b in parts:
                if a < b:  # characters other windows see too: summed, in window order
                    total[row[a] : row[b - 1] + 1] += logits[a - s : b - s].softmax(
                        -1, dtype=torch.float32
                    )
        if len(total):
            shared_best, shared_index = (total / cover[shared].unsqueeze(1)).max(-1)
            best[shared], index[shared] = shared_best, shared_index
            best[index == outside] = float("nan")
        return best, index

    def spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """(start, end, entity type, mean probability) of each tagged span (seqeval's reading of BIO)."""
        import torch

        if not text:
            return []
        with torch.inference_mode():
            windows = list(self._window_outputs(text))
            best, index = self._best_tags(
                len(text), [(span, logits) for span, logits, _ in windows]
            )
        best = best.tolist()  # a span's mean in Python: a tensor op per span costs more than it
        out = []
        for kind, start, last in self._entities(index):
            if kind == "_" or not kind:
                continue
            confidence = sum(best[start : last + 1]) / (last + 1 - start)
            if self.factorised and kind == CELL:
                kind, joint = self._cell_of(windows, start, last + 1)
                if kind is None:
                    continue
                confidence *= joint
            if entity_kind(kind) in ("fact", "cell"):
                start, end = snap_to_number(text, start, last + 1)
                last = end - 1
            out.append((start, last + 1, kind, confidence))
        return out

    def _cell_of(self, windows: list, start: int, end: int) -> tuple[str | None, float]:
        """The cell a span tagged `cell` is, and its probability: the row and column
        probabilities averaged over the span's characters (and the windows that see them), the
        best pair the schema has."""
        import torch

        rows, columns, seen = 0.0, 0.0, 0
        with torch.inference_mode():
            for (s, e), _, (row_logits, column_logits) in windows:
                a, b = max(s, start), min(e, end)
                if a < b:
                    rows = rows + row_logits[a - s : b - s].softmax(-1, dtype=torch.float32).sum(0)
                    columns = columns + column_logits[a - s : b - s].softmax(
                        -1, dtype=torch.float32
                    ).sum(0)
                    seen += b - a
            joint = (rows[:, None] * columns[None, :] / seen**2) * self._valid_cells
            flat = int(joint.flatten().argmax())
        row, column = divmod(flat, joint.shape[1])
        if not bool(self._valid_cells[row, column]):
            return None, 0.0
        return self._cell_names[row][column], float(joint[row, column])

    @cached_property
    def _cell_names(self) -> list[list[str | None]]:
        """The cell id of each (row, column) pair the model's heads name; None where none is."""
        return cell_grid(self.model.config.row_labels, self.model.config.column_labels)

    @cached_property
    def _valid_cells(self):
        import torch

        return torch.tensor([[c is not None for c in row] for row in self._cell_names])

    def _entities(self, index) -> list[tuple[str, int, int]]:
        """seqeval's entities of the tagging, read only where a tag is not O: an O ends every
        entity, so each run between Os is read alone (a report is mostly O), and a run that is
        one clean B-x I-x … is that entity without asking seqeval."""
        from seqeval.metrics.sequence_labeling import get_entities

        labels = self.codec.labels
        begins, inside = self._bio
        tagged = (index != labels.index(OUTSIDE)).nonzero().flatten()
        if not len(tagged):
            return []
        cuts = [0, *((tagged[1:] - tagged[:-1] != 1).nonzero().flatten() + 1).tolist()]
        positions, ids = tagged.tolist(), index[tagged].tolist()
        entities = []
        for a, b in zip(cuts, [*cuts[1:], len(ids)]):
            first, run = positions[a], ids[a:b]
            kind = begins.get(run[0])
            if kind is not None and run.count(inside[kind]) == b - a - 1:
                entities.append((kind, first, first + b - a - 1))
                continue
            tags = [labels[i] for i in run]
            entities += [(kind, first + s, first + e) for kind, s, e in get_entities(tags)]
        return entities

    @cached_property
    def _bio(self) -> tuple[dict[int, str], dict[str, int]]:
        """Label ids that begin an entity (→ its type), and each type's inside label id."""
        ids = {label: i for i, label in enumerate(self.codec.labels)}
        begins = {i: label[2:] for label, i in ids.items() if label.startswith("B-")}
        inside = {kind: ids.get(f"I-{kind}", -1) for kind in begins.values()}
        return begins, inside

    def extract(self, doc: Document) -> Prediction:
        text = doc.text
        record = Prediction(
            doc_id=doc.doc_id, system=self.name, text_sha256=doc.sha256, meta=read_meta(text)
        )
        confidence_of: dict[str, float] = {}
        agency, agency_confidence = None, 0.0
        for start, end, kind, confidence in self.spans(text):
            span = text[start:end]
            what = entity_kind(kind)
            if what == "agency":
                name = "".join(span.split())
                if confidence > agency_confidence and is_full_name(name):
                    agency, agency_confidence = name, confidence
            elif what == "fact":
                value = fact_value(span)
                if value is not None:
                    record.facts.append(
                        Fact(kind, value, start, end, span, confidence=round(confidence, 4))
                    )
            elif what == "problem":
                record.problems.append(Problem(kind, start, end, span))
            else:
                value = parse_cell(span, amount=kind in AMOUNT_CELLS)
                if value is None or confidence <= confidence_of.get(kind, 0.0):
                    continue
                record.cells[kind], record.cell_spans[kind], confidence_of[kind] = (
                    value,
                    (start, end),
                    confidence,
                )
        if agency:  # beside the reader's, which stays meta.agency (README: the model's is worse)
            record.meta.extra[MODEL_AGENCY] = agency
        if self.arithmetic:
            flat = overlay_flattened(
                record.cells, record.cell_spans, record.notes, text, record.meta.template
            )
            confidence_of |= dict.fromkeys(flat.cells, 1.0)  # what the sums alone allow
            self._keep_arithmetic(record, confidence_of)
        record.facts.sort(
            key=lambda f: -f.confidence
        )  # the first fact of a field is its value (SCHEMA §7)
        return record

    @staticmethod
    def _keep_arithmetic(record: Prediction, confidence: dict[str, float]) -> None:
        """Cells tagged one by one, decoded under the tables' arithmetic: a misread cell is
        re-read from the sums where they fix it, else dropped; a cell of the report's format
        that the sums determine is filled in."""
        cells, repaired, dropped = keep_arithmetic(record.cells, confidence, record.meta.template)
        if not (repaired or dropped):
            return
        record.cells = cells
        for cid in [*repaired, *dropped]:
            record.cell_spans.pop(cid, None)
        record.notes.append(
            {
                "note": "cells that broke the tables' arithmetic: re-read from the sums or dropped",
                "repaired": repaired,
                "dropped": dropped,
            }
        )
