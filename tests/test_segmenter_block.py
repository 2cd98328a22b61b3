"""jieba's prefix dictionary searched in the cache's block of words (docgen.segmenter_cache.SortedFreq)
answers as jieba's own dictionary does, before and after its words are made strings (``in_memory``,
or by itself after ``EAGER_AFTER`` questions).

Real jieba dictionary, real cache file written to the test's folder; the words asked are a seeded
sample of the dictionary, its first and last words, fragments that are not in it, and the titles
of tests/test_fast_paths.py cut with the HMM as the layout cuts them.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from docgen.segmenter_cache import SortedFreq, prefix_dictionary

TITLES = [
    "关于在全市开展重大项目谋划储备实施“百日攻坚”行动的通知",
    "关于2025年1—5月重点项目建设进展情况排名的通报",
    "长子经济技术开发区管委会重点项目建设情况（2025年1—10月）",
    "南京市长江大桥参观游览须知及注意事项",
    "关于对城区供热管网改造工程的挂牌督办通知书",
]


@pytest.fixture(scope="module")
def jieba_own() -> object:
    import jieba

    tokenizer = jieba.Tokenizer()
    with tokenizer.get_dict_file() as handle:
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(handle)
    tokenizer.initialized = True
    return tokenizer


def _questions(own: dict[str, int]) -> list[str]:
    ordered = sorted(own)
    rng = random.Random(17)
    asked = [ordered[0], ordered[-1], "", "\uffff", "不是词语的串", "重点项目建", "zz", " "]
    asked += rng.sample(ordered, 3000)
    asked += [word + "吖" for word in rng.sample(ordered, 500)]  # just after a word: not in it
    return asked


def _cached(tmp_path: Path) -> tuple[SortedFreq, int]:
    import jieba

    with jieba.Tokenizer().get_dict_file() as handle:
        dict_file = Path(handle.name)
    prefix_dictionary(dict_file, tmp_path)  # made and written
    return prefix_dictionary(dict_file, tmp_path)  # read back


def test_the_block_and_the_strings_answer_as_jiebas_dictionary(tmp_path: Path, jieba_own: object) -> None:
    own: dict[str, int] = jieba_own.FREQ  # type: ignore[attr-defined]
    freq, _total = _cached(tmp_path)
    questions = _questions(own)
    from_block = [(word in freq, freq.get(word)) for word in questions]
    assert freq._words is None  # still searched in the block
    freq.in_memory()
    from_strings = [(word in freq, freq.get(word)) for word in questions]
    expected = [(word in own, own.get(word)) for word in questions]
    assert from_block == expected
    assert from_strings == expected


def test_a_process_that_asks_many_makes_the_strings_by_itself(tmp_path: Path, jieba_own: object) -> None:
    own: dict[str, int] = jieba_own.FREQ  # type: ignore[attr-defined]
    freq, _total = _cached(tmp_path)
    words = sorted(own)[:: max(1, len(own) // (SortedFreq.EAGER_AFTER + 10))]
    assert len(words) > SortedFreq.EAGER_AFTER
    assert [freq.get(word) for word in words] == [own[word] for word in words]
    assert freq._words is not None


@pytest.mark.parametrize("in_memory", [False, True])
def test_titles_cut_as_with_jiebas_own_dictionary(tmp_path: Path, jieba_own: object, in_memory: bool) -> None:
    import jieba

    cached = jieba.Tokenizer()
    cached.FREQ, cached.total = _cached(tmp_path)
    cached.initialized = True
    if in_memory:
        cached.FREQ.in_memory()
    for title in TITLES:
        assert cached.lcut(title, HMM=True) == jieba_own.lcut(title, HMM=True), title  # type: ignore[attr-defined]
