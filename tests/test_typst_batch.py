"""A batch typeset by Typst on several threads at once: each document gets its own PDF, in order,
a source Typst refuses fails alone, and ``publish`` lays out and typesets a batch of notices with
the same PDFs as one notice at a time.  Real Typst, real PDFs; no mocks."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from typst_helpers import text_difference

from docgen.check.pdf_read import measure
from docgen.emit.typst import compile as typst_compile
from docgen.emit.typst.compile import compile_each, render_pdf
from docgen.errors import ConversionError
from docgen.layout import Placement
from docgen.notices import compose_notice_file
from docgen.publish.pdfium import page_count
from docgen.publish.pipeline import Engine, Publication, publish
from docgen.run_resources import RunResources

ROOT = Path(__file__).resolve().parents[1]
NOTICES = sorted((ROOT / "samples" / "notices").glob("*.md"))


def _source(number: int) -> str:
    return f'#set text(lang: "zh", region: "cn")\n#text(font: "Noto Serif CJK SC", "第{number}份文件")'


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "".join(page.extract_text() or "" for page in document.pages)


def test_compile_each_on_two_threads_keeps_each_pdf_with_its_source_and_an_error_at_its_place() -> None:
    sources = [_source(n) for n in range(7)]
    sources[3] = "#text(font: 1, "  # not Typst: a compile error
    with typst_compile._borrow() as busy:  # a compile going on in another thread: its compiler is not lent
        made = list(compile_each(iter(sources), len(sources), at_once=2))
        assert busy not in typst_compile._free
    assert len(made) == 7
    assert isinstance(made[3], ConversionError)
    for number, pdf in enumerate(made):
        if number != 3:
            assert isinstance(pdf, bytes)
            assert _text(pdf) == f"第{number}份文件"
    # the batch compiled with other compilers (on the same fonts), kept for the next batch
    assert len(typst_compile._free) >= 2


def test_publish_typesets_a_batch_of_notices_as_one_at_a_time(tmp_path: Path) -> None:
    resources = RunResources()
    docs = [compose_notice_file(source, resources) for source in NOTICES]
    written: dict[Path, bytes] = {}

    def keep(path: Path, data: bytes) -> None:
        written[path] = data

    items = [
        Publication(doc, None, tmp_path / f"{i}.pdf", watermark=False, engine=Engine.TYPST)
        for i, doc in enumerate(docs)
    ]
    results = publish(items, lambda: resources.template, None, write=keep)
    assert [r.error for r in results] == [None] * len(docs)
    for i, (doc, result) in enumerate(zip(docs, results, strict=True)):
        assert result.placed is not None
        assert result.placed.placement is Placement.BOTTOM  # laid out for Typst, which places the 版记
        path = tmp_path / f"{i}.pdf"
        path.write_bytes(written[path])
        pages = measure(path)
        assert result.pages == len(pages) == page_count(render_pdf(doc).pdf)  # as one notice alone
        missing, extra = text_difference(result.placed, pages)  # its own notice's text, all of it
        assert not missing, (NOTICES[i].name, missing)
        assert not extra, (NOTICES[i].name, extra)
