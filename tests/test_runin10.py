"""corpus9 #3 (tests/fixtures/corpus9/DEFECTS.md): a run-in item of two lines at a page's foot.

LibreOffice moved 「（2）加快5G基站……」 whole to page 4 (page 3: 21 lines) after the converter's
reload, whose .odt copy told Writer 105 paragraphs on 15 pages (convert/uno_worker.forget_statistics;
the conversion itself: tests/test_corpus9.py).  pages.full.pdf passed that page, taking the item's
full first line for a heading kept with its text (check/pdf_pages._leading_headings): here the same
page made by LibreOffice from a .docx that asks to keep the item whole (keepLines), which the check
must fail, while pages 1 and 2, one line short before the one-line headings 一、 and 二、 kept with
their text, still pass.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from docgen.check.pdf_pages import lines_used, on_pages, text_lines
from docgen.check.pdf_read import measure
from docgen.check.pdf_rules import check_pdf, without_watermark
from docgen.check.rules import Finding, Judge, Status
from docgen.convert.pool import ConverterPool

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "tests" / "fixtures" / "corpus9" / "cases" / "runin-split.md"
ITEM = "（2）加快5G基站"


def _item_kept_whole(folder: Path) -> Path:
    """Return cases/runin-split.md made into a .docx whose item 「（2）加快5G基站……」 keeps its lines
    together (w:keepLines, set through python-docx), as LibreOffice paginated it before the fix."""
    import docx

    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    path = folder / "runin-kept.docx"
    path.write_bytes(render_notice_file(CASE, RunResources()).data)
    document = docx.Document(str(path))
    (item,) = [p for p in document.paragraphs if p.text.startswith(ITEM)]
    item.paragraph_format.keep_together = True
    document.save(str(path))
    return path


def test_the_check_fails_a_page_ending_short_before_a_run_in_item(
    tmp_path: Path, pool: ConverterPool
) -> None:
    docx = _item_kept_whole(tmp_path)
    (outcome,) = pool.convert([(docx, tmp_path / "runin-kept.pdf")])
    assert outcome.error is None, outcome.error
    pages = without_watermark(measure(outcome.target))
    third, fourth = pages[2], pages[3]
    assert lines_used(third, text_lines(third)[-1]) == 21  # what LibreOffice did to n303-028
    assert text_lines(fourth)[0].text.startswith(ITEM)
    assert not text_lines(fourth)[1].text.startswith("（")  # its second line, continuing it
    for first in pages[:2]:  # one line short before 一、组织领导 / 二、工作要求 and their first line
        assert lines_used(first, text_lines(first)[-1]) == 21
    findings: list[Finding] = []
    check_pdf(pages, Judge(findings), text_rules=True, double_sided=False)
    (full,) = [f for f in findings if f.rule.id == "pages.full.pdf"]
    assert full.status is Status.FAIL
    assert full.where == on_pages([3]), full.where  # page 3 only: 1 and 2 are excused
    assert "21" in full.measured


def test_forget_statistics_changes_only_the_counts(tmp_path: Path) -> None:
    """The reloaded copy's counts become 999 paragraphs on 11 pages (Writer begins no page early),
    nothing else changes: mimetype stays first and
    stored (ODF 3.3), every other entry byte for byte (run by the worker's own python3 with uno)."""
    from docgen.convert.pool import system_python

    python = system_python()
    if python is None:
        pytest.skip("no python3 with the uno module (python3-uno)")
    odt = tmp_path / "copy.odt"
    meta = (
        b'<office:meta><meta:generator>LibreOffice</meta:generator><meta:document-statistic meta:page-count="15"'
        b' meta:paragraph-count="105"/></office:meta>'
    )
    entries = {
        "mimetype": b"application/vnd.oasis.opendocument.text",
        "content.xml": b"<x>" * 500,
        "meta.xml": meta,
    }
    with zipfile.ZipFile(odt, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    folder = ROOT / "docgen" / "convert"
    subprocess.run(
        [
            python,
            "-c",
            f"import sys; sys.path.insert(0, {str(folder)!r}); "
            f"from uno_worker import forget_statistics; forget_statistics({str(odt)!r})",
        ],
        check=True,
        timeout=60,
    )
    with zipfile.ZipFile(odt) as package:
        items = package.infolist()
        assert [i.filename for i in items] == list(entries)
        assert items[0].compress_type == zipfile.ZIP_STORED
        assert package.read("content.xml") == entries["content.xml"]
        assert (
            package.read("meta.xml")
            == b"<office:meta><meta:generator>LibreOffice</meta:generator><meta:document-statistic"
            b' meta:page-count="11" meta:paragraph-count="999"/></office:meta>'
        )
    assert [p.name for p in tmp_path.iterdir()] == ["copy.odt"]
