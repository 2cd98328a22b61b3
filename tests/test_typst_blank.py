"""Typst and LibreOffice alike where GB/T 9704 leaves no choice (issue 14/17).

7.5: a blank page before the 版记 and the 版记's page carry no page number.  After a landscape
attachment the 版记 opens a portrait section of its own; on an odd page that page is the blank one
and the 版记 goes on the next.  Typst numbered both ("— 9 —", "— 10 —" on seed 14's n14-017;
n14-020, -028, -030, -041 and -046 too), LibreOffice neither; ``docgen check`` passed both.

Real Typst, real LibreOffice, the seed-14 corpus notices.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from docgen.check.pdf_pages import PAGE_NUMBER, is_blank
from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Judge, Status
from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import render_docx
from docgen.emit.typst.compile import compile_pdf, render_pdf
from docgen.emit.typst.emit import emit_typst
from docgen.emit.typst.markup import UNNUMBERED
from docgen.model import Document
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from generate import generate  # noqa: E402

# seed 14's notices ending with a landscape attachment on an even page: blank page, then the 版记
BLANK_AFTER_LANDSCAPE = (17, 30)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    folder = tmp_path_factory.mktemp("typst-blank")
    generate(14, max(BLANK_AFTER_LANDSCAPE) + 1, folder)
    resources = RunResources()
    return {f"n14-{i:03d}": compose_notice_file(folder / f"n14-{i:03d}.md", resources) for i in BLANK_AFTER_LANDSCAPE}


def _numbers(pages: list[Page]) -> list[str | None]:
    """Return each page's printed number ("9" for "— 9 —", upright or turned), None where it has none."""
    found: list[str | None] = []
    for page in pages:
        texts = [line.text.strip() for line in [*page.lines, *page.vertical]]
        numbers = [re.sub(r"\D", "", t) for t in texts if PAGE_NUMBER.match(t)]
        found.append(numbers[0] if numbers else None)
    return found


def _position_rule(pages: list[Page]) -> Status:
    judge = Judge([])
    check_pdf(pages, judge, text_rules=False, double_sided=True)
    (finding,) = [f for f in judge.findings if f.rule.id == "page_numbers.position.pdf"]
    return finding.status


def test_blank_page_after_landscape_pages_and_the_imprint_page_unnumbered_as_in_libreoffice(
    corpus: dict[str, Document], tmp_path: Path, pool: ConverterPool
) -> None:
    jobs = []
    for name, doc in corpus.items():
        docx = tmp_path / f"{name}.docx"
        docx.write_bytes(render_docx(doc, RunResources().template).data)
        jobs.append((docx, tmp_path / f"{name}-office.pdf"))
    office = {Path(o.target).stem.removesuffix("-office"): o for o in pool.convert(jobs)}
    for name, doc in corpus.items():
        assert office[name].error is None, office[name].error
        typst = tmp_path / f"{name}-typst.pdf"
        typst.write_bytes(render_pdf(doc).pdf)
        pages = measure(typst)
        numbers = _numbers(pages)
        assert is_blank(pages[-2]), name
        assert numbers[-2:] == [None, None], (name, numbers)
        assert numbers[:-2] == [str(n) for n in range(1, len(pages) - 1)], (name, numbers)
        assert numbers == _numbers(measure(office[name].target)), name
        assert _position_rule(pages) is Status.PASS, name


def test_check_fails_a_numbered_blank_page_before_the_imprint(corpus: dict[str, Document], tmp_path: Path) -> None:
    """``docgen check`` (page_numbers.position.pdf) fails a PDF numbering the blank page and the 版记's page."""
    source = emit_typst(render_pdf(corpus["n14-017"]).placed)
    unmarked = source.replace(f"[#metadata(none)<{UNNUMBERED}>]", "[]")
    assert unmarked != source
    pdf = tmp_path / "numbered.pdf"
    pdf.write_bytes(compile_pdf(unmarked))
    pages = measure(pdf)
    assert _numbers(pages)[-2:] == [str(len(pages) - 1), str(len(pages))]
    assert _position_rule(pages) is Status.FAIL
