"""Files from the wild (tests/fixtures/wild9/SOURCES.md): the defects they found, as strict xfails.

Each test runs docgen as a user does (``python -m docgen ...`` in a subprocess) on a real published file and
asserts what an office user expects; DEFECTS.md numbers them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT / "tests" / "fixtures" / "wild9"


def _docgen(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python -m docgen`` with this checkout's code; the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "docgen", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "", "PYTHONPATH": str(ROOT)},
    )


def _ledger_notice(tmp_path: Path) -> Path:
    """The notice attaching the real 招采台账.xlsx (36 columns, 7 rows), copied to tmp_path; its path."""
    shutil.copy(WILD / "招采台账.xlsx", tmp_path / "招采台账.xlsx")
    notice = tmp_path / "通知-招采台账.md"
    shutil.copy(WILD / "通知-招采台账.md", notice)
    return notice


@pytest.mark.xfail(strict=True, reason="wild9 #1")
def test_typst_prints_every_cell_of_a_real_wide_ledger_on_the_page(tmp_path: Path) -> None:
    notice = _ledger_notice(tmp_path)
    out = tmp_path / "ty"
    run = _docgen("preview", notice, "--engine", "typst", "-o", out)
    assert run.returncode == 0, run.stderr
    with pdfplumber.open(out / "通知-招采台账.pdf") as pdf:
        off = sum(1 for page in pdf.pages for c in page.chars if c["bottom"] > page.height + 0.5)
        text = "".join(c["text"] for page in pdf.pages for c in page.chars if c["bottom"] <= page.height)
    # measured: 1926 of 3875 characters drawn below the page's bottom edge (table lines to y 685 mm)
    assert off == 0
    assert "深圳市思拓广告有限公司" in text.replace("\n", "")


@pytest.mark.xfail(strict=True, reason="wild9 #2")
def test_libreoffice_lays_a_seven_row_ledger_on_a_few_pages(tmp_path: Path) -> None:
    notice = _ledger_notice(tmp_path)
    docx = tmp_path / "通知.docx"
    assert _docgen("render", notice, "-o", docx).returncode == 0
    run = _docgen("preview", docx, "-o", tmp_path / "pdf", "--no-watermark")
    assert run.returncode == 0, run.stderr
    with pdfplumber.open(tmp_path / "pdf" / "通知.pdf") as pdf:
        pages = len(pdf.pages)
    # measured: 37 pages (render's estimate: 10); one 7-row table, each row cut over about five pages
    assert pages <= 12


def test_preview_png_keeps_other_files_that_share_the_name(tmp_path: Path) -> None:
    notice = _ledger_notice(tmp_path)
    photo = tmp_path / "通知-招采台账-现场照片.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n the user's own picture")
    run = _docgen("preview", notice, "--engine", "typst", "--png")
    assert run.returncode == 0, run.stderr
    assert photo.exists(), "preview --png deleted a file it did not make"


def test_format_keeps_the_drafts_picture_or_says_it_left_it_out(tmp_path: Path) -> None:
    out = tmp_path / "通知.docx"
    run = _docgen("format", WILD / "素材整理通知.docx", "--letterhead", "yichuan", "-o", out, "--no-render")
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(out) as package:
        pictures = [n for n in package.namelist() if n.startswith("word/media/")]
    told = "图" in "".join(
        line for line in run.stdout.splitlines() + run.stderr.splitlines() if "警告" in line
    )
    assert pictures or told


def test_an_unused_sheets_empty_styled_cells_do_not_refuse_the_workbook(tmp_path: Path) -> None:
    shutil.copy(WILD / "螺岭片区项目台账.xlsx", tmp_path / "螺岭片区项目台账.xlsx")
    notice = tmp_path / "通知-螺岭台账.md"
    shutil.copy(WILD / "通知-螺岭台账.md", notice)
    run = _docgen("render", notice, "-o", tmp_path / "通知.docx")
    # measured: refused — 工作表 xl/worksheets/sheet2.xml 占 85 行 16355 列 (合同台账; 招采台账 asked for is 17 × 38)
    assert "xl/worksheets" not in run.stderr
    assert run.returncode == 0, run.stderr


@pytest.mark.xfail(strict=True, reason="wild9 #6")
def test_format_makes_a_notice_of_a_one_paragraph_draft(tmp_path: Path) -> None:
    out = tmp_path / "指引.docx"
    run = _docgen(
        "format", WILD / "公共服务事项办理指引-单段.docx", "--letterhead", "yichuan", "-o", out, "--no-render"
    )
    # measured: the whole 602-character paragraph is taken as the title, then 错误：……正文为空（7.3.3）
    assert "正文为空" not in run.stderr
    assert run.returncode == 0, run.stderr
