"""Small mends: the folder check before a number (supervise, rank), a repeated project row named as
such by rank, one list of unit-name endings, too_long asked once per closing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from openpyxl import Workbook, load_workbook

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


# --- 1: supervise and rank check the output folder before taking a number, as issue does --------------


def _backup_in_place(register: Path) -> None:
    """Put the day's backup (written before its first number) in place of ``register`` by hand, the
    register it replaces moved away: only the output folder shows the numbers issued since."""
    (backup,) = sorted(register.with_name(register.name + ".backups").glob("*.sqlite"))
    register.rename(register.with_name("移走.sqlite"))
    register.write_bytes(backup.read_bytes())


def _ledger(tmp_path: Path, name: str, row: list[object]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["督办编号", "项目名称", "责任单位", "存在问题", "交办日期", "办理时限（工作日）", "状态"])
    sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def _supervise(tmp_path: Path, ledger: Path):  # type: ignore[no-untyped-def]
    return _invoke(
        tmp_path / "r.sqlite", "supervise", str(ledger), "--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "督办")
    )


def test_supervise_takes_no_number_a_folder_shows_issued_that_the_register_lacks(tmp_path: Path) -> None:
    first = _ledger(tmp_path, "台账1.xlsx", ["DB-1", "甲项目", "县水利局", "用地未批", dt.date(2025, 9, 29), 10, "未办结"])
    made = _supervise(tmp_path, first)
    assert made.exit_code == 0, made.output
    assert (tmp_path / "督办" / "长重点督〔2025〕1号 甲项目.docx").is_file()
    _backup_in_place(tmp_path / "r.sqlite")
    second = _ledger(tmp_path, "台账2.xlsx", ["DB-2", "乙项目", "县交通局", "资金不足", dt.date(2025, 9, 30), 10, "未办结"])
    refused = _supervise(tmp_path, second)
    assert refused.exit_code == 1, refused.output
    said = refused.stderr
    assert (
        f"登记簿落后于文件夹 {tmp_path / '督办'}：其中的 长重点督〔2025〕1号 甲项目.docx 已作为 长重点督〔2025〕1号 印发"
        in said
    ), said
    assert "docgen register start --series 长重点督 --year 2025 --next 2" in said
    assert "Traceback" not in refused.output
    assert _rows(tmp_path / "r.sqlite") == []  # before: 乙项目 was issued as a second 长重点督〔2025〕1号
    assert sorted(p.name for p in (tmp_path / "督办").glob("*.docx")) == ["长重点督〔2025〕1号 甲项目.docx"]


def test_rank_takes_no_number_a_folder_shows_issued_that_the_register_lacks(tmp_path: Path) -> None:
    notice = tmp_path / "通知.md"
    notice.write_text(
        "---\n发文机关: zhangzi-zdxmb\n发文字号: auto\n标题: 关于报送重点项目进展情况的通知\n主送: 各乡镇人民政府\n"
        "成文日期: 2025-06-03\n---\n请各单位于6月20日前报送。\n",
        encoding="utf-8",
    )
    issued = _invoke(
        tmp_path / "r.sqlite", "issue", str(notice), "--signer", "王建国", "-o", str(tmp_path / "发文"), "--no-pdf"
    )
    assert issued.exit_code == 0, issued.output
    _backup_in_place(tmp_path / "r.sqlite")
    refused = _rank(tmp_path, MAY, "发文/排名通报.docx")  # the 通报 takes its 文号 from the same series
    assert refused.exit_code == 1, refused.output
    said = refused.stderr
    assert f"登记簿落后于文件夹 {tmp_path / '发文'}：其中的 长重点〔2025〕1号.docx 已作为 长重点〔2025〕1号 印发" in said, said
    assert "Traceback" not in refused.output
    assert _rows(tmp_path / "r.sqlite") == []  # before: the 通报 was numbered 长重点〔2025〕1号 again
    assert not (tmp_path / "发文" / "排名通报.docx").exists()


def test_bulletin_takes_no_issue_number_the_register_a_restore_replaced_had_issued(tmp_path: Path) -> None:
    register = tmp_path / "r.sqlite"

    def bulletin(out: str):  # type: ignore[no-untyped-def]
        return _invoke(
            register, "bulletin", str(MAY), "--month", "2025-05", "--letterhead", "zhangzi-zdxmb",
            "--out", str(tmp_path / out), "--date", "2025-06-05", "--workers", "1",
        )  # fmt: skip

    made = bulletin("简报")
    assert made.exit_code == 0, made.output
    assert _rows(register) == [("重点项目建设简报2025年第1期", "issued")]
    (backup,) = sorted((tmp_path / "r.sqlite.backups").glob("*.sqlite"))
    replaced = tmp_path / "r.sqlite.replaced-20250606-090000"  # as a restore by hand, or a docgen before carry-over
    register.rename(replaced)
    register.write_bytes(backup.read_bytes())
    refused = bulletin("简报2")  # into another folder: only the replaced register tells
    assert refused.exit_code == 1, refused.output
    assert f"登记簿中没有 重点项目建设简报2025年第1期，它们在恢复时被替换的登记簿 {replaced} 中已签发" in refused.stderr
    assert _rows(register) == []  # before: May's bulletins were issued again as 第1期
    assert not (tmp_path / "简报2").exists()
