"""Where govie keeps what it makes once and reuses: generated corpora, default models, the
word dictionary's trie ($GOVIE_CACHE, else ~/.cache/govie)."""

import os
from pathlib import Path


def cache_root() -> Path:
    """The user's cache folder ($GOVIE_CACHE, else ~/.cache/govie)."""
    return Path(os.environ.get("GOVIE_CACHE", Path.home() / ".cache" / "govie"))
