"""The layout's shortcuts give what the long way gives (issue 17: the layout made faster, its output
the same; bench/same_output.py compares whole documents with an earlier checkout)."""

from __future__ import annotations

import random

from docgen import standard as S
from docgen.layout.breaks import JOIN
from docgen.layout.columns import _top_two, grid
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
