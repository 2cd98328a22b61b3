"""Typst's PDF counted and finished without pypdf (docgen/convert/typst_finish.py), read back with
pypdf: the same catalog, pages, fonts and metadata as pypdf's own update gives; a cold Typst
preview imports no pypdf."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from docgen.convert.pdf import read_pdf, typst_fonts
from docgen.convert.pdf_update import finish_typst as finish_with_pypdf
from docgen.convert.typst_finish import finish_typst, pages
from docgen.emit.typst.compile import render_pdf
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "notices" / "zhangzi-2020-66.md"


@pytest.fixture(scope="module")
def typst_pdf() -> bytes:
    return render_pdf(compose_notice_file(SAMPLE, RunResources())).pdf


def _catalog(pdf: bytes) -> dict[str, str]:
    root = PdfReader(io.BytesIO(pdf), strict=True).trailer["/Root"]
    return {
        "Lang": str(root["/Lang"]),
        "ViewerPreferences": str(dict(root["/ViewerPreferences"])),
        "keys": str(sorted(root.keys())),
    }


def test_finished_as_pypdf_finishes_it(typst_pdf: bytes) -> None:
    ours, theirs = finish_typst(typst_pdf), finish_with_pypdf(typst_pdf)
    assert ours.startswith(typst_pdf)  # appended: Typst's bytes untouched
    assert _catalog(ours) == _catalog(theirs)
    assert _catalog(ours)["Lang"] == "zh-CN"
    assert _catalog(ours)["ViewerPreferences"] == "{'/Direction': '/L2R', '/DisplayDocTitle': True}"
    read, expected = PdfReader(io.BytesIO(ours), strict=True), PdfReader(io.BytesIO(theirs), strict=True)
    assert read.metadata == expected.metadata
    assert read.metadata is not None
    assert read.metadata["/Producer"] == "docgen (Typst)"
    assert read.metadata["/Creator"].startswith("Typst ")  # Typst's own entries kept
    assert read.metadata["/Title"] == PdfReader(io.BytesIO(typst_pdf)).metadata["/Title"]
    assert read.trailer["/ID"] == expected.trailer["/ID"]
    assert [p.extract_text() for p in read.pages] == [p.extract_text() for p in expected.pages]


def test_pages_and_fonts_read_from_the_bytes(typst_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(finish_typst(typst_pdf))
    facts = read_pdf(path, text=False)
    assert pages(typst_pdf) == facts.pages == 6
    assert sorted(typst_fonts(typst_pdf)) == sorted(facts.fonts)


def test_a_pdf_not_written_as_typst_writes_goes_through_pypdf() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    assert pages(out.getvalue()) == 0  # no page tree written as Typst's: the caller counts
    finished = finish_typst(out.getvalue())
    assert _catalog(finished)["Lang"] == "zh-CN"
    assert "'/DisplayDocTitle': True" in _catalog(finished)["ViewerPreferences"]
    assert PdfReader(io.BytesIO(finished)).metadata["/Producer"] == "docgen (Typst)"


def test_check_knows_a_typst_pdf_as_docgen_s_own(typst_pdf: bytes, tmp_path: Path) -> None:
    """``tables.words.pdf`` is judged on documents docgen made, known by the PDF's /Producer."""
    from docgen.check.pdf_cellwords import pdf_by_docgen

    ours, raw = tmp_path / "ours.pdf", tmp_path / "raw.pdf"
    ours.write_bytes(finish_typst(typst_pdf))
    raw.write_bytes(typst_pdf)
    assert pdf_by_docgen(ours)
    assert not pdf_by_docgen(raw)  # Typst's own PDF names no producer


def test_a_typst_preview_imports_no_pypdf(tmp_path: Path) -> None:
    source = tmp_path / SAMPLE.name
    source.write_bytes(SAMPLE.read_bytes())
    probe = (
        "import runpy, sys\n"
        f"sys.argv = ['docgen', 'preview', {str(source)!r}, '--engine', 'typst']\n"
        "try:\n"
        f"    runpy.run_path({str(ROOT / 'cli.py')!r}, run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "print('pypdf' in sys.modules, 'cryptography' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert (tmp_path / "zhangzi-2020-66.pdf").is_file()
    assert done.stdout.strip().splitlines()[-1] == "False False"
