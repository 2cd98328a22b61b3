"""The merged PDF (publish/merge.py): pages copied by PDFium, bookmarks added as an incremental update.

Real PDFs typeset by Typst; the result is read back by pypdf (strict), PDFium and poppler.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import ROOT
from pypdf import PdfReader

from docgen.emit.typst.compile import compile_pdf
from docgen.publish.merge import MergedPdf
from docgen.publish.pdfium import load, page_count


def _pdf(label: str, pages: int) -> bytes:
    body = "#pagebreak()\n".join(f'#text("{label} 第{n}页")\n' for n in range(1, pages + 1))
    return compile_pdf('#set page(paper: "a4")\n' + body)


# titles a PDF string must escape: parentheses, backslash, quotes, markup-like characters, CJK
TITLES = ["甲单位", "乙(单位)\\", '丙"单位"<>&', "丁）单位（", "戊单位"]


@pytest.fixture(scope="module")
def parts() -> list[bytes]:
    return [_pdf(f"P{index}", pages) for index, pages in enumerate([1, 3, 2, 1, 4])]


def test_pages_in_order_and_a_bookmark_at_each_part(parts: list[bytes], tmp_path: Path) -> None:
    merged = MergedPdf()
    for title, part in zip(TITLES[:2], parts[:2], strict=True):
        merged.add(title, part)
    path = tmp_path / "part.pdf"
    path.write_bytes(parts[2])
    merged.add(TITLES[2], path)  # a part given as a file
    for title, part in zip(TITLES[3:], parts[3:], strict=True):
        merged.add(title, part)
    data = merged.finish("2025年第5期")

    reader = PdfReader(io.BytesIO(data), strict=True)
    starts = [0, 1, 4, 6, 7]
    assert [(item.title, reader.get_destination_page_number(item)) for item in reader.outline] == list(
        zip(TITLES, starts, strict=True)
    )
    assert reader.metadata is not None
    assert reader.metadata.title == "2025年第5期"
    texts = [page.extract_text().replace(" ", "") for page in reader.pages]
    expected = [f"P{i}第{n}页" for i, pages in enumerate([1, 3, 2, 1, 4]) for n in range(1, pages + 1)]
    assert texts == expected
    assert page_count(data) == 11

    document = pdfium.PdfDocument(data)
    assert [(mark.get_title(), mark.get_dest().get_index()) for mark in document.get_toc()] == list(
        zip(TITLES, starts, strict=True)
    )
    document.close()


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is not installed")
def test_poppler_reads_the_update_without_complaint(parts: list[bytes], tmp_path: Path) -> None:
    merged = MergedPdf()
    for title, part in zip(TITLES, parts, strict=True):
        merged.add(title, part)
    target = tmp_path / "merged.pdf"
    target.write_bytes(merged.finish("合订"))
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    assert info.stderr == ""
    assert "Pages:           11" in info.stdout
    assert "Title:           合订" in info.stdout


def test_nothing_to_merge_is_an_empty_pdf_with_no_bookmarks() -> None:
    data = MergedPdf().finish("空")
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 0
    assert reader.outline == []


def test_one_document_counts_its_pages_with_pypdf_and_a_batch_with_pdfium(tmp_path: Path) -> None:
    """A one-notice Typst preview loads no PDFium (pypdf is loaded anyway); once loaded, PDFium counts."""
    sample = ROOT / "samples" / "notices" / "zhangzi-2020-66.md"
    shutil.copy(sample, tmp_path / sample.name)
    code = (
        "import sys; from pathlib import Path; "
        "from docgen.preview import preview; from docgen.run_resources import RunResources; "
        "from docgen.publish.pipeline import Engine; "
        f"src = Path({str(tmp_path / sample.name)!r}); "
        "report = preview([(src, src.with_suffix('.pdf'))], RunResources(), engine=Engine.TYPST); "
        "print(report.results[0].pages, 'pypdfium2' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    pages, loaded = done.stdout.split()
    assert loaded == "False"
    pdf = (tmp_path / sample.name).with_suffix(".pdf").read_bytes()
    assert int(pages) == len(PdfReader(io.BytesIO(pdf)).pages) > 1
    load()
    assert page_count(pdf) == int(pages)
