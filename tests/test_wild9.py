"""Files from the wild (tests/fixtures/wild9/SOURCES.md): the defects they found, as strict xfails.

Each test runs docgen as a user does (``python -m docgen ...`` in a subprocess) on a real published file and
asserts what an office user expects; DEFECTS.md numbers them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pdfplumber
from conftest import docgen_in as _docgen
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT / "tests" / "fixtures" / "wild9"



def _ledger_notice(tmp_path: Path) -> Path:
    """The notice attaching the real 招采台账.xlsx (36 columns, 7 rows), copied to tmp_path; its path."""
    shutil.copy(WILD / "招采台账.xlsx", tmp_path / "招采台账.xlsx")
    notice = tmp_path / "通知-招采台账.md"
    shutil.copy(WILD / "通知-招采台账.md", notice)
    return notice


def _refused(run: subprocess.CompletedProcess[str]) -> None:
    """Assert ``run`` refused the 36-column ledger in one Chinese line saying where, what and what to do."""
    assert run.returncode == 1, run.stdout + run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("错误")]
    assert len(errors) == 1, run.stderr
    for part in ("通知-招采台账.md", "附件“南门墩项目招采台账”", "36 列", "第 1 列“序号”", "前 15 列", "隐藏"):
        assert part in errors[0], (part, errors[0])
    assert "Traceback" not in run.stderr


def _fifteen_columns(notice: Path) -> Path:
    """The notice's ledger with its columns 16–36 hidden (as the refusal suggests); the notice's path."""
    book = openpyxl.load_workbook(notice.parent / "招采台账.xlsx")
    for column in range(16, 38):
        book["招采台账"].column_dimensions[get_column_letter(column)].hidden = True
    book.save(notice.parent / "招采台账-15列.xlsx")
    shorter = notice.with_name("通知-15列.md")
    shorter.write_text(notice.read_text().replace("招采台账.xlsx", "招采台账-15列.xlsx"))
    return shorter


def _estimate(run: subprocess.CompletedProcess[str]) -> int:
    """The pages ``render`` said the document takes."""
    assert run.returncode == 0, run.stderr
    found = re.search(r"（(\d+) 页）", run.stdout)
    assert found, run.stdout
    return int(found.group(1))


def _printed(pdf_path: Path) -> tuple[int, int, str]:
    """The PDF's pages, its characters (not blanks) outside the page on any side, and its text drawn on
    the page."""
    with pdfplumber.open(pdf_path) as pdf:
        chars = [(page, c) for page in pdf.pages for c in page.chars if c["text"].strip()]
        off = sum(
            1
            for page, c in chars
            if c["bottom"] > page.height + 0.5 or c["top"] < -0.5 or c["x1"] > page.width + 0.5 or c["x0"] < -0.5
        )
        text = "".join(c["text"] for page, c in chars if c["bottom"] <= page.height)
        return len(pdf.pages), off, text


def _cell_printed(pdf_path: Path, text: str) -> bool:
    """Whether ``text`` is drawn on one page, or begun at the end of one and ended on the next (a
    landscape row of 6 lines or more may continue on the next page, tables13's SPLIT_ROW_LINES)."""
    with pdfplumber.open(pdf_path) as pdf:
        pages = ["".join(c["text"] for c in page.chars if c["text"].strip()) for page in pdf.pages]
    if any(text in page for page in pages):
        return True
    return any(
        text[:cut] in before and text[cut:] in after
        for before, after in zip(pages, pages[1:], strict=False)
        for cut in range(1, len(text))
    )


def test_typst_prints_every_cell_of_a_real_wide_ledger_on_the_page(tmp_path: Path) -> None:
    notice = _ledger_notice(tmp_path)
    out = tmp_path / "ty"
    # measured before: 10 pages, 1926 of 3875 characters drawn below the page (table lines to y 685 mm);
    # the 36 columns need 130 字 side by side in 小五 where a landscape line holds 42: refused
    _refused(_docgen("preview", notice, "--engine", "typst", "-o", out))
    assert not (out / "通知-招采台账.pdf").exists()
    # the user hides 21 columns, as told (tables10: 16 columns left 采购项目名称 2 字 wide, 20 lines a
    # cell, and are refused; 15 give it 5 字): every cell on the page (the estimate: below)
    shorter = _fifteen_columns(notice)
    run = _docgen("preview", shorter, "--engine", "typst", "-o", out)
    assert run.returncode == 0, run.stderr
    pages, off, _text = _printed(out / "通知-15列.pdf")
    assert off == 0
    assert _cell_printed(out / "通知-15列.pdf", "深圳市思拓广告有限公司")
    assert pages == 4


def test_render_estimates_the_fifteen_column_ledger_as_typst_prints_it(tmp_path: Path) -> None:
    # measured before (odd15): render estimated 6 pages, Typst printed 4: each row's 采购项目名称 (4.99
    # 字 of room in the solver, 5 字 a line in both engines) counted 11 lines where 9 were set
    shorter = _fifteen_columns(_ledger_notice(tmp_path))
    estimate = _estimate(_docgen("render", shorter, "-o", tmp_path / "通知.docx"))
    run = _docgen("preview", shorter, "--engine", "typst", "-o", tmp_path / "ty")
    assert run.returncode == 0, run.stderr
    assert _printed(tmp_path / "ty" / "通知-15列.pdf")[0] == estimate


def test_libreoffice_lays_a_seven_row_ledger_on_a_few_pages(tmp_path: Path) -> None:
    notice = _ledger_notice(tmp_path)
    # measured before: render said 10 pages, LibreOffice laid them on 37, each row cut over about five
    _refused(_docgen("render", notice, "-o", tmp_path / "通知.docx"))
    assert not (tmp_path / "通知.docx").exists()
    shorter = _fifteen_columns(notice)
    docx = tmp_path / "通知-15列.docx"
    _estimate(_docgen("render", shorter, "-o", docx))  # render succeeds
    run = _docgen("preview", docx, "-o", tmp_path / "pdf", "--no-watermark")
    assert run.returncode == 0, run.stderr
    pages, off, _text = _printed(tmp_path / "pdf" / "通知-15列.pdf")
    assert off == 0
    assert _cell_printed(tmp_path / "pdf" / "通知-15列.pdf", "深圳市思拓广告有限公司")
    assert pages <= 12  # 4, as render estimates (test_libreoffice_prints_the_fifteen_column_ledger_as_estimated)


def test_libreoffice_prints_the_fifteen_column_ledger_as_estimated(tmp_path: Path) -> None:
    # measured before (odd15): render estimated 6 pages, LibreOffice printed 5 (a blank page 4 made
    # for the estimate's odd page 5) and the 版记 on odd page 5: pages.even.pdf failed; now 4 and 4
    shorter = _fifteen_columns(_ledger_notice(tmp_path))
    docx = tmp_path / "通知-15列.docx"
    estimate = _estimate(_docgen("render", shorter, "-o", docx))
    run = _docgen("preview", docx, "-o", tmp_path / "pdf", "--no-watermark")
    assert run.returncode == 0, run.stderr
    assert _printed(tmp_path / "pdf" / "通知-15列.pdf")[0] == estimate
    # and docgen's own PDF passes its own check (before: 4 不符合: 7.3.7, 5.2.1, tokens split, 7.3.3)
    check = _docgen("check", tmp_path / "pdf" / "通知-15列.pdf")
    assert "不符合 0 项" in check.stdout + check.stderr, check.stdout


def test_preview_png_keeps_other_files_that_share_the_name(tmp_path: Path) -> None:
    # the notice without its 36-column ledger, which is refused as too wide to read (wild9 #1)
    source = (WILD / "通知-招采台账.md").read_text(encoding="utf-8")
    notice = tmp_path / "通知-招采台账.md"
    notice.write_text(re.sub(r"附件:\n(  .*\n)+", "", source), encoding="utf-8")
    assert "附件" not in notice.read_text(encoding="utf-8")
    photo = tmp_path / "通知-招采台账-现场照片.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n the user's own picture")
    run = _docgen("preview", notice, "--engine", "typst", "--png")
    assert run.returncode == 0, run.stderr
    assert photo.exists(), "preview --png deleted a file it did not make"


def test_format_keeps_the_drafts_picture_or_says_it_left_it_out(tmp_path: Path) -> None:
    out = tmp_path / "通知.docx"
    run = _docgen("format", WILD / "素材整理通知.docx", "--letterhead", "yichuan", "-o", out, "--no-render")
    assert run.returncode == 0, run.stderr
    # pictures10: the draft's 22,517-byte photo is in the formatted .docx as drafted, and no 警告 says
    # it was left out (before: left out with a 警告 naming it)
    with zipfile.ZipFile(out) as package, zipfile.ZipFile(WILD / "素材整理通知.docx") as draft:
        pictures = {n: package.read(n) for n in package.namelist() if n.startswith("word/media/")}
        assert list(pictures.values()) == [draft.read("word/media/image1.jpg")]
    assert "未保留" not in run.stdout + run.stderr


def test_an_unused_sheets_empty_styled_cells_do_not_refuse_the_workbook(tmp_path: Path) -> None:
    shutil.copy(WILD / "螺岭片区项目台账.xlsx", tmp_path / "螺岭片区项目台账.xlsx")
    notice = tmp_path / "通知-螺岭台账.md"
    shutil.copy(WILD / "通知-螺岭台账.md", notice)
    run = _docgen("render", notice, "-o", tmp_path / "通知.docx")
    # measured: refused — 工作表 xl/worksheets/sheet2.xml 占 85 行 16355 列 (合同台账; 招采台账 asked for is 17 × 38)
    assert "xl/worksheets" not in run.stderr
    read_whole(run)


def read_whole(run: subprocess.CompletedProcess[str]) -> None:
    """Assert the sheet was read whole: the notice was made, or its table (37 or 33 columns of the real
    ledger) was then refused as too wide to read at 小五 landscape, which only a read table can be."""
    if run.returncode != 0:
        errors = [line for line in run.stderr.splitlines() if line.startswith("错误")]
        assert len(errors) == 1, run.stderr
        assert re.search(r"表格有 3\d 列，用小五号字（9 磅）横排也无法阅读", errors[0]), run.stderr


def test_format_makes_a_notice_of_a_one_paragraph_draft(tmp_path: Path) -> None:
    out = tmp_path / "指引.docx"
    run = _docgen(
        "format", WILD / "公共服务事项办理指引-单段.docx", "--letterhead", "yichuan", "-o", out, "--no-render"
    )
    # measured: the whole 602-character paragraph is taken as the title, then 错误：……正文为空（7.3.3）
    assert "正文为空" not in run.stderr
    assert run.returncode == 0, run.stderr
    # pictures10: 「…办理指引」 followed by 「公共服务事项是指…」 (its own first words) is split off as the title
    assert "说明" in run.stdout + run.stderr
    assert "「公共服务事项办理指引」以文种结尾" in run.stdout + run.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    title = texts.index("公共服务事项办理指引")
    assert texts[title + 1].startswith("公共服务事项是指面向社会公众提供的咨询")
