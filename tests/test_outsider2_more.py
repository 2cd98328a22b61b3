"""More of a second clerk's defects (tests/fixtures/outsider2/DEFECTS.md items 5–8, 13, 14), each
reproduced with the real thing: real .xlsx ledgers, the register's SQLite, the CLI as typed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT

from docgen.cli import main_group
from docgen.load.minutes import load_decisions
from docgen.run_resources import RunResources

INPUTS = ROOT / "tests" / "fixtures" / "outsider2"


def _cli(*args: str, register: Path) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _errors(done: Result) -> list[str]:
    return [line for line in done.output.splitlines() if line.startswith("错误")]


def test_a_pdf_given_to_preview_is_told_how_a_pdf_is_checked(tmp_path: Path) -> None:
    """`docgen preview 通报.pdf` said “通报.pdf 是本命令的输入文件，不会被覆盖”."""
    pdf = tmp_path / "通报.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    done = _cli("preview", str(pdf), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert _errors(done) == [
        f"错误：{pdf}：只能预览通知源文件（.md）或 Word 文档（.docx），不能预览 PDF；检查 PDF 请用：docgen check {pdf}"
    ]
    assert pdf.read_bytes() == b"%PDF-1.7\n%%EOF\n"


def test_preview_into_a_folder_it_cannot_write_says_so_once(tmp_path: Path) -> None:
    """`preview mix/ -o ro/` gave one error per source, “mix/函.md: 无法写入 …” (half-width “: ”)."""
    mix = tmp_path / "mix"
    mix.mkdir()
    for name in ("函.md", "令.md", "纪要.md"):
        (mix / name).write_bytes((INPUTS / name).read_bytes())
    (tmp_path / "not-a-folder").write_text("x")
    out = tmp_path / "not-a-folder" / "ro"
    done = _cli("preview", str(mix), "-o", str(out), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert _errors(done) == [f"错误：无法写入 {out}：路径中的某一级不是文件夹"]


@pytest.mark.parametrize(
    ("typed", "meeting", "due"),
    [
        ("10月30日前", dt.date(2025, 10, 9), dt.date(2025, 10, 30)),
        ("10月30日之前", dt.date(2025, 10, 9), dt.date(2025, 10, 30)),
        ("１月１５日前", dt.date(2025, 12, 20), dt.date(2026, 1, 15)),  # the next year: before the meeting
        ("10月9日", dt.date(2025, 10, 9), dt.date(2025, 10, 9)),
    ],
)
def test_a_deadline_without_its_year_takes_the_meetings(
    tmp_path: Path, typed: str, meeting: dt.date, due: dt.date
) -> None:
    """纪要's 议定事项 时限 “10月30日前” was refused although the meeting's date (2025-10-09) gives the year."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["议定事项", "责任单位", "责任人", "时限", "完成情况", "完成日期"])
    sheet.append(["完成鲍店镇供水工程用地预审", "县自然资源局", "王某", typed, "", None])
    sheet.append(["办理施工许可", "县住建局", "李某", "2月30日前", "", None])  # no such day: still refused
    path = tmp_path / "议定事项.xlsx"
    book.save(path)
    decisions, errors = load_decisions(path, meeting, RunResources().calendar)
    assert [d.due for d in decisions] == [due]
    assert [(e.location.line, e.location.column) for e in errors] == [(3, "D（时限）")]
    assert "2月30日前" in str(errors[0])


def test_every_bad_attachment_of_a_notice_is_named_at_once(tmp_path: Path) -> None:
    """附件 `文件: attachments` (a folder) said “表格必须是 .csv 或 .xlsx 文件” with no line or field; `旧.xls`
    named neither; only the first bad attachment was reported."""
    shutil.copytree(INPUTS / "attachments", tmp_path / "attachments")
    (tmp_path / "旧.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    notice = tmp_path / "附件通知.md"
    text = (INPUTS / "附件通知.md").read_text(encoding="utf-8")
    text = text.replace("文件: attachments/观摩项目推荐表.xlsx", "文件: attachments")
    text = text.replace("文件: attachments/联络员名单.csv", "文件: 旧.xls")
    notice.write_text(text, encoding="utf-8")
    done = _cli("render", str(notice), "-o", str(tmp_path / "通知.docx"), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    accepted = "附件应是文件：.csv 或 .xlsx（表格），.md 或 .txt（正文）"
    assert f"错误：{notice}：有 2 个附件无法读取：" in done.output
    assert f"  {notice}，第 9 行，字段“附件第 1 项的文件”：“attachments”是文件夹；{accepted}" in done.output
    assert (
        f"  {notice}，第 11 行，字段“附件第 2 项的文件”：“旧.xls”是旧版 Excel 或 WPS 表格：请打开它另存为 .xlsx；{accepted}"
        in done.output
    )
    assert not (tmp_path / "通知.docx").exists()
