"""Small mends: the folder check before a number (supervise, rank), a repeated project row named as
such by rank, one list of unit-name endings, too_long asked once per closing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from openpyxl import load_workbook

from docgen import standard as S
from docgen.cli import main_group
from docgen.layout import closing
from docgen.layout.closing import Piece, add_closing
from docgen.layout.flow import LINE, Flow, lines
from docgen.layout.placed import ParagraphBlock, Role, Run
from docgen.load.patterns import names_units
from docgen.register import Register
from docgen.words import ORG_SUFFIXES, PLACE_SUFFIXES

MAY = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
RULES = ROOT / "samples" / "ranking" / "rules.yaml"
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


# --- 3: rank lists a repeated project row as a repeat, not as a row it cannot read -------------------


def _invoke(register: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _may_with(tmp_path: Path, repeat: int, unreadable: int | None = None) -> Path:
    """Return May's sample ledger with row ``repeat`` copied to its end (and a word in row
    ``unreadable``'s 累计完成投资)."""
    book = load_workbook(MAY)
    sheet = book.active
    sheet.append([cell.value for cell in sheet[repeat]])
    if unreadable is not None:
        sheet.cell(unreadable, 8).value = "待核"
    path = tmp_path / "台账.xlsx"
    book.save(path)
    return path


def _rank(tmp_path: Path, ledger: Path, out: str = "通报.docx"):  # type: ignore[no-untyped-def]
    return _invoke(
        tmp_path / "r.sqlite", "rank", str(ledger), "--month", "2025-05", "--rules", str(RULES),
        "--letterhead", "zhangzi-zdxmb", "-o", str(tmp_path / out), "--date", "2025-06-05",
    )  # fmt: skip


def _rows(register: Path) -> list[tuple[str, str]]:
    with Register.open(register) as reg:
        return [(row.text, row.status) for row in reg.rows()]


def test_rank_lists_a_repeated_project_row_as_a_repeat_naming_both_rows(tmp_path: Path) -> None:
    ledger = _may_with(tmp_path, 5)
    done = _rank(tmp_path, ledger)
    assert done.exit_code == 1, done.output
    said = done.stderr
    assert "本月的台账有 1 行不能使用，未取文号，未写出任何文件；请改正后再运行：" in said, said
    assert "与前面的行是同一项目（项目名称、责任单位都相同）：请合并两行，或写明两个项目的区别：" in said
    assert "第 163 行，字段“项目名称”：与第 5 行是同一项目" in said
    assert "无法读取" not in said  # it was read: it repeats row 5
    assert "Traceback" not in done.output
    assert _rows(tmp_path / "r.sqlite") == []
    assert not (tmp_path / "通报.docx").exists()


def test_rank_lists_unreadable_and_repeated_rows_under_their_own_headings(tmp_path: Path) -> None:
    done = _rank(tmp_path, _may_with(tmp_path, 5, unreadable=7))
    assert done.exit_code == 1, done.output
    said = done.stderr
    assert "本月的台账有 2 行不能使用" in said, said
    unread, repeated = said.index("无法读取：\n"), said.index("与前面的行是同一项目（")
    assert unread < said.index("第 7 行") < repeated < said.index("第 163 行")
    assert _rows(tmp_path / "r.sqlite") == []

