"""Word boundaries: jieba on govie's trie gives jieba's own words, and the trie is made once."""

import jieba
import pytest

from ie.layout import words

PHRASES = [
    "楼北岭市南川区林业局",
    "青石县水务局2021年政府信息公开工作年度报告",
    "云山区市场监督管理局关于做好信息公开工作的通知",
    "在宝清县交通运输局的统一部署下",
    "就东湖镇人民政府党政办公室编制本报告",
    "abc统计局123和ABC",
]


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVIE_CACHE", str(tmp_path))
    words.tokenizer.cache_clear()
    words.word_starts.cache_clear()
    yield tmp_path
    words.tokenizer.cache_clear()
    words.word_starts.cache_clear()


def reference(phrase: str) -> list[str]:
    jieba.setLogLevel(60)
    return list(jieba.dt.cut(phrase))


def test_the_first_process_writes_the_trie_and_the_next_reads_it(fresh_cache):
    first = words.tokenizer()
    assert words.trie_path().exists() and words.trie_path().parent == fresh_cache
    assert not isinstance(first.FREQ, words.TrieFrequencies)  # built the slow way, once
    words.tokenizer.cache_clear()
    second = words.tokenizer()
    assert isinstance(second.FREQ, words.TrieFrequencies)
    for phrase in PHRASES:
        assert list(second.cut(phrase)) == reference(phrase), phrase
        assert list(second.cut(phrase, HMM=False)) == list(jieba.dt.cut(phrase, HMM=False))


def test_word_starts_are_offsets_of_the_words(fresh_cache):
    for phrase in PHRASES:
        starts = words.word_starts(phrase)
        assert "".join(w for _, w in starts) == phrase
        assert all(phrase[s : s + len(w)] == w for s, w in starts)
        assert [w for _, w in starts] == reference(phrase)


def test_an_unreadable_trie_is_made_anew(fresh_cache):
    path = words.trie_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a trie")
    assert [w for _, w in words.word_starts(PHRASES[1])] == reference(PHRASES[1])
    words.tokenizer.cache_clear()
    assert isinstance(words.tokenizer().FREQ, words.TrieFrequencies)


def test_a_cache_that_cannot_be_written_still_gives_the_words(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("GOVIE_CACHE", str(blocked))
    words.tokenizer.cache_clear()
    words.word_starts.cache_clear()
    try:
        assert [w for _, w in words.word_starts(PHRASES[0])] == reference(PHRASES[0])
    finally:
        words.tokenizer.cache_clear()
        words.word_starts.cache_clear()
