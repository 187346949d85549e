"""Where words begin in Chinese text: jieba's segmenter, its dictionary opened from a trie.

jieba builds its dictionary (about 350,000 words and prefixes) in every process that segments
text, which takes half a second: most of govie's start-up. The same dictionary, written once
into govie's cache as a memory-mapped marisa trie, opens in milliseconds; jieba's own
segmenter runs on it, so the words are the same.
"""

import contextlib
import os
import struct
from functools import lru_cache
from pathlib import Path

from ie.read.cache import cache_root

TOTAL_KEY = "<total>"  # the total count, kept beside the words: jieba never looks up "<"


class TrieFrequencies:
    """jieba's word → count mapping, read from the trie; it holds the words alone, not jieba's
    zero-count prefixes, so the word graph comes from the trie's prefix search."""

    __slots__ = ("trie",)

    def __init__(self, trie):
        self.trie = trie

    def __contains__(self, word: str) -> bool:
        return word in self.trie

    def __getitem__(self, word: str) -> int:
        return self.trie[word][0][0]

    def get(self, word: str, default=None):
        found = self.trie.get(word)
        return found[0][0] if found else default


def trie_path() -> Path:
    import jieba

    dictionary = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    return cache_root() / f"jieba-{jieba.__version__}-{dictionary.stat().st_size}-words.marisa"


@lru_cache(maxsize=1)
def tokenizer():
    """A jieba tokenizer on the trie; the first process to need it writes the trie."""
    import jieba
    import marisa_trie

    jieba.setLogLevel(60)
    path = trie_path()
    try:
        trie = marisa_trie.RecordTrie("<Q").mmap(str(path))
        total = trie[TOTAL_KEY][0][0]
    except (OSError, KeyError, RuntimeError, ValueError, struct.error):
        return _build(path)  # none yet, or unreadable: made anew
    words = _trie_tokenizer_class()()
    words.FREQ, words.total, words.initialized = TrieFrequencies(trie), total, True
    return words


@lru_cache(maxsize=1)
def _trie_tokenizer_class():
    import jieba

    class TrieTokenizer(jieba.Tokenizer):
        """jieba's tokenizer whose word graph comes from the trie's prefix search: one call per
        character instead of one lookup per character pair."""

        def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 (jieba's name)
            prefixes = self.FREQ.trie.prefixes
            return {
                k: sorted(k + len(w) - 1 for w in prefixes(sentence[k:])) or [k]
                for k in range(len(sentence))
            }

    return TrieTokenizer


def _build(path: Path):
    """jieba's dictionary the slow way, written as a trie for the processes after this one."""
    import jieba
    import marisa_trie

    words = jieba.Tokenizer()
    words.initialize()
    records = [(w, (f,)) for w, f in words.FREQ.items() if f] + [(TOTAL_KEY, (words.total,))]
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        marisa_trie.RecordTrie("<Q", records).save(str(partial))
        os.replace(partial, path)
    except OSError:  # a cache that cannot be written: every process builds the dictionary
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return words


@lru_cache(maxsize=16384)
def word_starts(phrase: str) -> tuple[tuple[int, str], ...]:
    """(offset, word) of each word of the phrase, in order."""
    out, pos = [], 0
    for word in tokenizer().cut(phrase):
        out.append((pos, word))
        pos += len(word)
    return tuple(out)
