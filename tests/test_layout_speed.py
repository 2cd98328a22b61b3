"""The layout's shortcuts give what the long way gives (issue 17: the layout made faster, its output
the same; bench/same_output.py compares whole documents with an earlier checkout): the run spacing
measured by shares, the solver's row maxima and drops, a cell's pieces at its joints, jieba's
prefix look-ups remembered."""

from __future__ import annotations

import random
from array import array

import pytest

from docgen import segmenter_cache
from docgen import standard as S
from docgen.layout.breaks import JOIN
from docgen.layout.cellwords import groups
from docgen.layout.columns import _top_two, grid, same_at_joints
from docgen.layout.estimate_spacing import (
    CHUNK,
    Piece,
    _bump_range,
    _cut,
    _cut_share,
    _kern,
    _layout,
    _shape,
    _visible,
)
from docgen.model import Table

HAN = "重点项目建设推进会议纪要县乡镇单位责任落实情况通报"
MARKS = "，。、；：" + JOIN + "\u200b"
LATIN = "a1-"  # not in a Chinese stretch of a line, but the shortcut must hold for any text


def _texts(seed: int, count: int) -> list[str]:
    """Return Chinese stretches with marks and word joiners among the 汉字, never leading."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        chars = [rng.choice(HAN)]
        for _ in range(rng.randint(CHUNK, 4 * CHUNK)):
            chars.append(rng.choice(HAN + MARKS + LATIN) if rng.random() < 0.3 else rng.choice(HAN))
        texts.append("".join(chars))
    return texts


def test_cut_share_is_the_share_of_the_cut_pieces() -> None:
    """``_cut_share`` measures a stretch's cut without cutting it: the same run spacing and number
    of pieces as ``_cut``'s pieces measured one by one (``_kern``), for every way ``_chunked`` may
    cut a stretch (each possible number of bumped 汉字, spacings around the style's)."""
    checked = 0
    for text in _texts(17, 60):
        visible = _visible(text)
        low, high = _bump_range(visible)
        for bumped in range(low, high + 1):
            layout = _layout(visible, bumped)
            assert layout is not None
            for extra in (-3, 0, 4):
                pieces = list(_cut(text, layout, extra))
                assert "".join(p.text for p in pieces) == text
                assert _cut_share(text, layout, extra, S.BODY_CHAR_SPACING) == (_kern(pieces), len(pieces))
                checked += 1
    assert checked > 500


def test_shape_is_what_kern_reads() -> None:
    """``_kern`` by ``_shape`` counts a piece as before: a Latin piece nothing, a Chinese one its
    spacing on every visible character but the last, and on the last when positive."""
    assert _shape("") == (False, 0)
    assert _shape("ab") == (False, 2)
    assert _shape(JOIN + "项目") == (False, 2)
    spacing = S.BODY_CHAR_SPACING
    assert _kern([Piece("项目" + JOIN + "建设", 2), Piece("2025")]) == 3 * (spacing + 2) + max(0, spacing + 2)


def test_top_two_gives_the_other_columns_largest() -> None:
    """The solver's lines of a row's other columns from its two largest are the max over them."""
    rng = random.Random(3)
    for _ in range(2000):
        row = [rng.randint(1, 4) for _ in range(rng.randint(1, 6))]
        first, second = _top_two(row)
        for col in range(len(row)):
            others = second if row[col] == first else first
            assert others == max(row[:col] + row[col + 1 :], default=1)


def test_grid_drops_are_the_cells_drops_in_step_order() -> None:
    """A column's drops bisected from ``Grid.drops`` are every cell's ``CellSteps.drops`` sorted
    as the step solver sorts them (by width, most lines first; a row's order on a tie)."""
    rng = random.Random(5)
    rows = [["序号", "项目名称", "建设内容", "责任单位"]]
    for n in range(12):
        rows.append([str(n + 1), *("".join(rng.choice(HAN) for _ in range(rng.randint(2, 30))) for _ in range(3))])
    measured = grid(Table(rows=rows, header_rows=1))
    for col in range(4):
        needs, events = measured.drops[col]
        for width in (measured.minimum[col], 3.0, 5.5, 8.0):
            for left in (0.5, 2.0, 10.0, 40.0):
                expected = [
                    (w, index, k)
                    for index, cells in enumerate(measured.cells)
                    for w, k in cells[col].drops(width, width + left)
                ]
                expected.sort(key=lambda e: (e[0], -e[2]))
                lo = sum(1 for need in needs if need <= width + 0.01)
                hi = sum(1 for need in needs if need <= width + left + 0.01)
                assert list(events[lo:hi]) == expected


# cell texts as tables hold them: names, dates whole and dotted, 文号, phone numbers, codes, amounts
CELLS = [
    "长子县农产品冷链物流项目", "2025年10月20日", "2025年10月20日前完成", "〔2025〕150号", "长政〔2025〕150号文",
    "0398-28129737", "2025.12.28", "2025/12/28", "36,536.08", "12.5%", "ZD-2026-148", "A12-3", "（万元）",
    "县工业和信息化局", "1—5月", "5-6层", "www.zhangzi.gov.cn", "建设单位：县住建局。", "要于2025年11月3日前",
]


def _cells(seed: int, count: int) -> list[str]:
    """Return ``CELLS`` and random cells of 汉字, digits and the characters joints are next to."""
    rng = random.Random(seed)
    alphabet = HAN + "0123456789年月日〔〕-./，、（）A"
    return CELLS + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(count)]


def test_a_cell_same_at_its_joints_is_cut_alike_with_and_without() -> None:
    """``columns.same_at_joints`` says only of cells whose groups are the same with and without
    joints that they are (the table measured at its joints takes their pieces without)."""
    same = 0
    for text in _cells(11, 600):
        if same_at_joints(text):
            same += 1
            assert groups(text, True) == groups(text, False), text
    assert 0 < same < len(CELLS) + 600  # both kinds met
    assert not same_at_joints("2025年10月20日")
    assert same_at_joints("长子县农产品冷链物流项目")


def test_the_prefix_dictionary_answers_alike_remembered_or_not(monkeypatch: pytest.MonkeyPatch) -> None:
    """``SortedFreq`` gives each word's count (and None, KeyError, ``not in`` for what it lacks)
    the same when asked first, asked again from what it remembers, and after it let that go;
    a word added later is found first."""
    words = sorted(["重", "重点", "重点项", "重点项目", "项", "项目", "建设"])
    counts = array("q", [0 if w in ("重点项",) else len(w) * 7 for w in words])
    monkeypatch.setattr(segmenter_cache, "SEEN_LIMIT", 3)
    encoded = [word.encode("utf-8") for word in words]  # the cache file's block: words, offsets
    starts = array("I", [0])
    for word in encoded:
        starts.append(starts[-1] + len(word) + 1)
    freq = segmenter_cache.SortedFreq(b"\n".join(encoded) + b"\n", starts, counts)
    asked = [*words, "不是词", "", "重点项目建", "建"]
    for _round in range(4):  # the limit of 3 makes it let go of what it remembered twice a round
        if _round == 2:
            freq.in_memory()  # then searched among the words as strings
        for word in asked:
            expected = counts[words.index(word)] if word in words else None
            assert (word in freq) == (expected is not None), word
            assert freq.get(word) == expected, word
            assert freq.get(word, -5) == (-5 if expected is None else expected), word
            if expected is None:
                with pytest.raises(KeyError):
                    freq[word]
            else:
                assert freq[word] == expected
    freq["不是词"] = 3  # jieba's add_word
    assert "不是词" in freq
    assert freq["不是词"] == 3
    assert freq.get("不是词") == 3
