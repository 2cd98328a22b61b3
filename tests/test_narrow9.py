"""Narrow columns from their content (narrow9): a 31-day 考勤表 of one-digit cells prints, as Excel prints it.

Before, every column was at least two 字 wide, so a table of 33 columns was refused (wild9) even
when its cells held one digit.  A generated 考勤表 (序号, 单位, 1…31) as an .xlsx 附件 and as a
Markdown table goes through ``docgen render``, LibreOffice (``preview`` of the .docx) and Typst
(``preview --engine typst``), run as a user runs them.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import openpyxl
import pdfplumber
from conftest import docgen_in as _docgen

ROOT = Path(__file__).resolve().parent.parent
UNITS = ["综合科", "财务科", "办公室", "人事科", "信息中心", "后勤保障科"]
FRONT = """---
发文机关: zhangzi-zdxmb
发文字号: 7
标题: 关于报送8月考勤情况的通知
主送: 各科室
成文日期: 2025-09-01
"""



def _rows(count: int) -> list[list[str]]:
    """A 考勤表's header and ``count`` rows: 序号, 单位, then 31 days of one digit or nothing."""
    pick = random.Random(9)
    head = ["序号", "单位", *(str(day) for day in range(1, 32))]
    return [head] + [[str(i), UNITS[i % len(UNITS)], *(pick.choice(["", "1", "2", "3"]) for _ in range(31))] for i in range(1, count + 1)]


def _printed(pdf_path: Path) -> tuple[int, set[str]]:
    """The PDF's characters (not blanks) outside the page, and the words (pdfplumber) drawn on it."""
    with pdfplumber.open(pdf_path) as pdf:
        off = sum(
            1
            for page in pdf.pages
            for c in page.chars
            if c["text"].strip()
            and (c["bottom"] > page.height + 0.5 or c["top"] < -0.5 or c["x1"] > page.width + 0.5 or c["x0"] < -0.5)
        )
        found = {w["text"] for page in pdf.pages for w in page.extract_words(keep_blank_chars=False)}
    return off, found


def _both_engines(tmp_path: Path, notice: Path) -> None:
    """Assert the notice renders, and both engines print every day's number whole and nothing off the page."""
    render = _docgen("render", notice, "-o", tmp_path / "通知.docx")
    assert render.returncode == 0, render.stderr
    assert "Traceback" not in render.stderr
    lo = _docgen("preview", tmp_path / "通知.docx", "-o", tmp_path / "lo", "--no-watermark")
    assert lo.returncode == 0, lo.stderr
    ty = _docgen("preview", notice, "--engine", "typst", "-o", tmp_path / "ty", "--no-watermark")
    assert ty.returncode == 0, ty.stderr
    for pdf in (tmp_path / "lo" / "通知.pdf", tmp_path / "ty" / "通知.pdf"):
        off, found = _printed(pdf)
        assert off == 0, pdf
        # a two-digit day split over two lines would be two words, 「3」 and 「1」
        assert {str(day) for day in range(10, 32)} <= found, (pdf, sorted(found))
        assert {"综合科", "后勤保障科"} <= found, (pdf, sorted(found))  # the 单位 column's words whole


def test_a_31_day_attendance_sheet_attached_as_xlsx_prints(tmp_path: Path) -> None:
    # before: refused, 「表格有 33 列」 (33 columns of 2 字 need 66 字, a landscape line holds 44 in 小五)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "考勤"
    for row in _rows(12):
        sheet.append(row)
    book.save(tmp_path / "考勤表.xlsx")
    notice = tmp_path / "通知.md"
    notice.write_text(FRONT + "附件:\n  - 标题: 8月考勤表\n    文件: 考勤表.xlsx\n---\n现将8月考勤情况印发给你们，请认真核对。\n")
    _both_engines(tmp_path, notice)


def test_a_31_day_attendance_sheet_in_markdown_prints(tmp_path: Path) -> None:
    rows = _rows(8)
    table = "\n".join(
        [f"| {' | '.join(rows[0])} |", f"|{'---|' * len(rows[0])}"]
        + [f"| {' | '.join(cell or ' ' for cell in row)} |" for row in rows[1:]]
    )
    notice = tmp_path / "通知.md"
    notice.write_text(FRONT + f"---\n现将8月考勤情况通报如下。\n\n{table}\n\n请认真核对。\n")
    _both_engines(tmp_path, notice)


def test_the_36_column_ledger_of_wild9_is_still_refused(tmp_path: Path) -> None:
    # its columns hold names, dates and amounts: at their least widths from their content still wider than a line
    for name in ("招采台账.xlsx", "通知-招采台账.md"):
        shutil.copy(ROOT / "tests/fixtures/wild9" / name, tmp_path / name)
    run = _docgen("render", tmp_path / "通知-招采台账.md", "-o", tmp_path / "通知.docx")
    assert run.returncode == 1, run.stdout + run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("错误")]
    assert len(errors) == 1, run.stderr
    assert "表格有 36 列" in errors[0], run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "通知.docx").exists()


def test_a_header_word_a_hair_wider_than_its_column_is_held(tmp_path: Path) -> None:
    # corpus9 #7: n303-051's header 「累计完成投资（万元）」 in 3.99 字 printed 「投资（万|元）」 in both
    # engines (measured on main); the column now takes the 0.01 字 from one that loses no line
    sys.path.insert(1, str(ROOT / "tests" / "corpus"))
    from generate import generate

    generate(303, 52, tmp_path)
    notice = tmp_path / "n303-051.md"
    assert _docgen("render", notice, "-o", tmp_path / "lo" / "n303-051.docx").returncode == 0
    lo = _docgen("preview", tmp_path / "lo" / "n303-051.docx", "-o", tmp_path / "lo", "--no-watermark")
    assert lo.returncode == 0, lo.stderr
    ty = _docgen("preview", notice, "--engine", "typst", "-o", tmp_path / "ty", "--no-watermark")
    assert ty.returncode == 0, ty.stderr
    for pdf in (tmp_path / "lo" / "n303-051.pdf", tmp_path / "ty" / "n303-051.pdf"):
        with pdfplumber.open(pdf) as opened:
            found = {w["text"] for w in opened.pages[7].extract_words()}
        assert "（万元）" in found, (pdf, sorted(found))
