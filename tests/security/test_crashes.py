"""Findings 10 and 11: what ended in 内部错误, or was reported in the wrong place, is one clear message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import rank_args
from hostile import assert_clean_error, docgen, snapshot

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = "项目名称,责任单位,总投资（万元）,年度计划投资（万元）,累计完成投资（万元）\n"
SUPERVISION = "督办编号,项目名称,责任单位,存在问题,交办日期,办理时限（工作日）,状态\n"
FRONT = "---\n发文机关: yichuan\n标题: {title}\n成文日期: 2020-03-05\n{extra}---\n{body}\n"


@pytest.mark.parametrize(
    "amount", ["NaN", "Infinity", "-Infinity", "1e400", "12345678901234567890123456789012", "sNaN"]
)
def test_money_cells_that_are_not_amounts(tmp_path: Path, amount: str) -> None:
    register = tmp_path / "register.sqlite"
    ledger = tmp_path / "台账.csv"
    ledger.write_text(PROJECTS + f"甲,城关镇,{amount},1,1\n乙,丹朱镇,5,1,1\n", encoding="utf-8")
    result = docgen(rank_args(ledger, tmp_path / "r.docx", "--date", "2025-06-05"), register)
    assert_clean_error(result, "台账.csv", "第 2 行", "总投资", amount[:20])


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "为空"), (b"just text\n", "不是 zip"), ("zip", "xl/workbook.xml")],
    ids=["empty", "text", "plain-zip"],
)
def test_files_named_xlsx_that_are_not_workbooks(tmp_path: Path, content: bytes | str, expected: str) -> None:
    register = tmp_path / "register.sqlite"
    ledger = tmp_path / "台账.xlsx"
    if content == "zip":
        with zipfile.ZipFile(ledger, "w") as package:
            package.writestr("readme.txt", "x")
    else:
        ledger.write_bytes(content)  # type: ignore[arg-type]
    for command in (
        ["supervise", ledger, "--letterhead", "zhangzi-zdxmb", "--out", tmp_path / "out"],
        rank_args(ledger, tmp_path / "r.docx"),
        ["bulletin", ledger, "--month", "2025-05", "--letterhead", "zhangzi-zdxmb", "--out", tmp_path / "b"],
    ):
        assert_clean_error(docgen(command, register), "台账.xlsx", ".xlsx", expected)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("cell", "column", "code"), [("甲\x07项目", "项目名称", "U+0007"), ("问\x00题", "存在问题", "U+0000")]
)
def test_control_characters_are_reported_at_the_ledger_cell(
    tmp_path: Path, cell: str, column: str, code: str
) -> None:
    register = tmp_path / "register.sqlite"
    row = ["DB-1", "甲项目", "县水利局", "问题", "2025-09-29", "10", "未办结"]
    row[1 if column == "项目名称" else 3] = cell
    ledger = tmp_path / "督办.csv"
    ledger.write_text(SUPERVISION + ",".join(row) + "\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = docgen(
        ["supervise", ledger, "--letterhead", "zhangzi-zdxmb", "--out", tmp_path / "out"], register
    )
    assert_clean_error(result, "督办.csv", "第 2 行", column, code)
    assert "notice.md.j2" not in result.output
    assert {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("register")} == before
    if register.exists():  # no 督办 number left taken by the refused ledger (finding 10)
        check = docgen(["register", "check"], register)
        assert check.exit_code == 0, check.output
        assert "已取号" not in check.output


@pytest.mark.parametrize(
    ("title", "extra", "body", "expected"),
    [
        ('"关于\\ud800的通知"', "", "正文。", ("第 3 行", "字段“标题”", "U+D800")),
        ("甲", "标题: 乙\n", "正文。", ("第 5 行", "标题", "第 3 行")),
        ("甲", "", "第一段。\n<!-- 注释\n第二段。", ("第 7 行", "<!--")),
        ("甲", "抄送: " + "[" * 5000 + "]" * 5000 + "\n", "正文。", ("第 5 行", "32")),
    ],
    ids=["lone-surrogate", "duplicate-key", "unclosed-comment", "nested-5000"],
)
def test_notice_sources(tmp_path: Path, title: str, extra: str, body: str, expected: tuple[str, ...]) -> None:
    notice = tmp_path / "notice.md"
    notice.write_text(FRONT.format(title=title, extra=extra, body=body), encoding="utf-8")
    result = docgen(["render", notice, "-o", tmp_path / "n.docx"])
    assert_clean_error(result, "notice.md", *expected)
    assert not (tmp_path / "n.docx").exists()


def test_a_closed_comment_still_drops_only_itself(tmp_path: Path) -> None:
    notice = tmp_path / "notice.md"
    notice.write_text(
        FRONT.format(title="甲", extra="", body="一。\n<!-- 注释\n注释 -->\n二。"), encoding="utf-8"
    )
    assert docgen(["render", notice, "-o", tmp_path / "n.docx"]).exit_code == 0
