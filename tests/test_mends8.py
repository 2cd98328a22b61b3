"""Small mends: the folder check before a number (supervise, rank), a repeated project row named as
such by rank, one list of unit-name endings, too_long asked once per closing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pytest

from docgen import standard as S
from docgen.layout import closing
from docgen.layout.closing import Piece, add_closing
from docgen.layout.flow import LINE, Flow, lines
from docgen.layout.placed import ParagraphBlock, Role, Run
from docgen.load.patterns import names_units
from docgen.words import ORG_SUFFIXES, PLACE_SUFFIXES

SENTENCE = "按照工作安排，各单位要落实责任，确保各项任务按期完成，形成工作合力。"  # 2 lines


def _names(count: int) -> list[Piece]:
    first = ParagraphBlock(Role.ATTACHMENT_NOTE, (Run("附件：1.甲"),), space_before=LINE, keep_with_next=True)
    return [Piece(first, (2 * LINE,), keep_next=True)] + [
        Piece(ParagraphBlock(Role.ATTACHMENT_NOTE, (Run(f"{i}.乙"),), keep_with_next=True), (LINE,), True)
        for i in range(2, count + 1)
    ]


def _signature() -> list[Piece]:
    organ = ParagraphBlock(Role.SIGNATURE, (Run("某某县重点项目办公室"),), space_before=LINE, keep_with_next=True)
    return [Piece(organ, (2 * LINE,), keep_next=True), Piece(ParagraphBlock(Role.SIGNATURE, (Run("2025年6月6日"),)), (LINE,))]


def _flow(paragraphs: int, last_lines: int) -> Flow:
    """Return a body of ``paragraphs`` two-line paragraphs and a last one of ``last_lines`` lines."""
    flow = Flow()
    for _ in range(paragraphs):
        flow.add(ParagraphBlock(Role.BODY, (Run(SENTENCE),)), lines(SENTENCE, S.BODY_FIRST_LINE_CHARS))
    text = "短" * (S.CHARS_PER_LINE * last_lines - 6)
    block = ParagraphBlock(Role.BODY, (Run(text),), keep_with_next=True)
    flow.add(block, lines(text, S.BODY_FIRST_LINE_CHARS), keep_next=True)
    return flow


# --- 5: add_closing asks too_long once for one closing ------------------------------------------------


def test_add_closing_asks_too_long_once_for_the_same_closing(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: Counter[tuple[int, ...]] = Counter()
    real = closing.too_long

    def counted(pieces: Sequence[Piece]) -> bool:
        asked[tuple(id(piece) for piece in pieces)] += 1
        return real(pieces)

    monkeypatch.setattr(closing, "too_long", counted)
    remedies = set()
    for paragraphs in (2, 8, 15):  # 8 paragraphs and a 3-line one: stretched, with names to break
        for last_lines in (1, 3):
            for count in (2, 5, 12, 20):
                asked.clear()
                remedies.add(add_closing(_flow(paragraphs, last_lines), [*_names(count), *_signature()]))
                assert max(asked.values(), default=0) == 1, (paragraphs, last_lines, count, asked)
    assert {"fits", "stretched", "broken"} <= remedies, remedies  # the ways through add_closing


# --- 4: a 主送's unit names end as words.py's place and organ names do: one list ----------------------


def test_every_place_and_organ_suffix_of_words_ends_a_unit_of_a_typed_addressee() -> None:
    for suffix in (*PLACE_SUFFIXES, *ORG_SUFFIXES):
        assert names_units(f"达拉特{suffix}、准格尔{suffix}"), suffix  # 旗 and 产业园 were not read as units
    assert names_units("长子县人民政府、县直各部门")
    assert not names_units("按照要求、做好工作")
