"""A short label line right before a picture (「图表如下」, 「项目现场照片（2025年3月）」) goes to the
next page with the picture rather than stay alone at the page's foot, as a lead-in ending with ：
does (layout/text.py ``leads_in``): a Word draft through ``format``, set by LibreOffice and by Typst,
measured with docgen check's PDF reader."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from PIL import Image

from docgen.check.pdf_pages import text_lines
from docgen.check.pdf_read import measure
from docgen.convert.pool import ConverterPool
from docgen.draft.run import format_draft
from docgen.emit.typst.compile import render_pdf
from docgen.layout.text import leads_in
from docgen.model import Paragraph, Picture
from docgen.run_resources import RunResources

TEXT = "各乡镇、各有关单位要按照全县重点项目建设推进会议的部署，倒排工期、挂图作战，确保项目按期开工建设。"


def _draft(path: Path, label: str, paragraphs: int) -> Path:
    """Write a Word draft: title, 主送, ``paragraphs`` paragraphs, ``label``, a 150 × 150 mm picture in
    a run of its own paragraph (Word's 插入 → 图片), a paragraph, 署名 and date."""
    buffer = io.BytesIO()
    Image.new("RGB", (600, 600), (40, 120, 60)).save(buffer, "PNG")
    document = docx.Document()
    document.add_paragraph("关于报送重点项目现场情况的通知")
    document.add_paragraph("各乡镇人民政府：")
    for _ in range(paragraphs):
        document.add_paragraph(TEXT)
    document.add_paragraph(label)
    document.add_paragraph().add_run().add_picture(io.BytesIO(buffer.getvalue()), width=Mm(150))
    document.add_paragraph(TEXT)
    document.add_paragraph("伊川县重点项目建设领导小组办公室")
    document.add_paragraph("2025年3月6日")
    document.save(str(path))
    return path


@pytest.mark.parametrize("engine", ["libreoffice", "typst"])
@pytest.mark.parametrize("label", ["图表如下", "项目现场照片（2025年3月）"])
def test_a_label_line_goes_over_with_its_picture(
    label: str, engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    draft = _draft(tmp_path / "现场.docx", label, paragraphs=4)
    if engine == "typst":
        done = format_draft(draft, RunResources(), letterhead="yichuan", dry_run=True)
        assert done.document is not None
        pdf = tmp_path / "typst.pdf"
        pdf.write_bytes(render_pdf(done.document).pdf)
    else:
        out = tmp_path / "现场-排版.docx"
        format_draft(draft, RunResources(), output=out, letterhead="yichuan", render=False)
        pool: ConverterPool = request.getfixturevalue("pool")
        pdf = out.with_suffix(".pdf")
        (outcome,) = pool.convert([(out, pdf)])
        assert outcome.error is None, outcome.error
    pages = measure(pdf)
    (index,) = [i for i, page in enumerate(pages) if page.images]
    assert index > 0  # the picture did not fit under the text of page 1
    first = text_lines(pages[index])[0]
    assert first.text.replace(" ", "") == label
    assert first.em_bottom <= pages[index].images[0].top
    assert all(line.text.replace(" ", "") != label for line in text_lines(pages[index - 1]))


def test_which_lines_before_a_picture_are_kept_with_it() -> None:
    picture = Picture(b"\x89PNG", 150, 150, "图")
    assert leads_in(Paragraph("各单位完成率如下图："), picture)
    assert leads_in(Paragraph("附件1（可选）"), picture)
    assert leads_in(Paragraph("图表如下"), picture)
    assert not leads_in(Paragraph("图表如下。"), picture)  # a sentence, not a label
    assert not leads_in(Paragraph("项目进展顺利。详见下图"), picture)
    assert not leads_in(Paragraph(TEXT), picture)  # two lines: LibreOffice would move it whole
    assert not leads_in(Paragraph("图表如下"), Paragraph(TEXT))
    assert not leads_in(Paragraph("图表如下"), None)
