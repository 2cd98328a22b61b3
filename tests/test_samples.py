"""Every sample renders to a document whose text is the seed's and whose elements follow GB/T 9704.

Elements are found by content and order; their formatting is read back with python-docx, style
inheritance resolved (tests/readback.py), and compared with the standard's values.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SAMPLES, SEEDS, sample_paths
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from helpers import model, render

from docgen import standard as S
from docgen.check.docx_read import ParagraphLook, load, looks, paragraph_look
from docgen.layout.breaks import plain
from docgen.model import Document

CHAR = S.CHAR


def _norm(text: str) -> str:
    """Return text without white space and the layout's break marks, with half-width brackets made full-width."""
    text = re.sub(r"\s+", "", plain(text)).replace("**", "")
    return text.replace("(", "（").replace(")", "）")


_LABEL = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．]|（\d+）)")

# seed file, the first words of the notice's body, the words after its end, repairs made in the sample
SEED_CASES = {
    "sanmenxia-2020-15.md": (
        "001",
        "为落实中央省市",
        None,
        [("以上\n\n上项目", "以上项目"), ("澠池", "渑池"), ("12月21日-31日", "12月21日—31日")],
    ),
    "henan-2020-4.md": ("003", "为认真贯彻落实党中央", "原文地址", [("联系人：朱乐意 ", "联系人：朱乐意　")]),
    "zhangzi-2020-66.md": ("004", "为全面贯彻", None, []),
}


def _seed_body(seed: str, start: str, end: str | None, repairs: list[tuple[str, str]]) -> list[str]:
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    for old, new in repairs:
        text = text.replace(old, new)
    text = text[text.index(start) :]
    if end:
        text = text[: text.index(end)]
    return [_LABEL.sub("", _norm(line)) for line in text.splitlines() if line.strip()]


def _body_paragraphs(doc: Document) -> list[str]:
    from docgen.model import Heading, Paragraph

    out = []
    for block in doc.body:
        if isinstance(block, Heading):
            out.append(_norm(block.text + block.run_in))
        elif isinstance(block, Paragraph):
            out.append(_norm(block.text))
    return out


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds live in ../shared")
@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_sample_text_is_the_seed_text(name: str) -> None:
    seed, start, end, repairs = SEED_CASES[name]
    expected = "".join(_seed_body(seed, start, end, repairs))
    ours = "".join(_body_paragraphs(model(SAMPLES / name)))
    assert ours == expected


@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_rendered_docx_holds_the_model_text(name: str) -> None:
    path = SAMPLES / name
    doc = load(render(path))
    text = "".join(_norm(p.text) for p in doc.paragraphs)
    for paragraph in _body_paragraphs(model(path)):
        assert paragraph in text


def _find(ps: list[ParagraphLook], predicate) -> ParagraphLook:  # type: ignore[no-untyped-def]
    return next(p for p in ps if predicate(p))


def _fonts(p: ParagraphLook) -> set[str | None]:
    return {r.east_asia_font for r in p.runs}


def _sizes(p: ParagraphLook) -> set[float | None]:
    return {r.size_pt for r in p.runs}


def check_general_format(doc: DocxDocument, m: Document) -> None:  # noqa: C901 - one assertion list per element
    """Assert every element of ``m`` in ``doc`` has the standard's font, size, colour, alignment, indentation."""
    ps = looks(doc)
    # 5.1-5.2.3 page, margins, grid
    for section in doc.sections:
        assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
        assert section.top_margin.mm == pytest.approx(37, abs=0.1)
        assert section.left_margin.mm == pytest.approx(28, abs=0.1)
        assert section.right_margin.mm == pytest.approx(26, abs=0.1)
        assert section.bottom_margin.mm == pytest.approx(35, abs=0.1)
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "lines"
        assert grid.get(qn("w:linePitch")) == "579"
    # every run in Chinese, standard font names only
    allowed = {S.FONT_FANGSONG, S.FONT_XIAOBIAOSONG, S.FONT_HEITI, S.FONT_KAITI, S.FONT_SONGTI}
    for p in ps:
        for r in p.runs:
            assert r.lang_east_asia == "zh-CN"
            assert r.east_asia_font in allowed, (p.text, r.east_asia_font)

    header = m.header
    # 7.2.4 organ mark: red 小标宋, centred
    if len(header.organs) == 1 or not header.with_wenjian:
        mark = _find(ps, lambda p: header.organs[0] in p.text and p.style_id == "GwMark")
        assert mark.align in ("center", "distribute")
        marks = [mark]
    else:
        table = doc.tables[0]
        marks = [paragraph_look(doc, p) for cell in table.rows[0].cells for p in cell.paragraphs]
        assert [p.text for p in marks] == [*header.organs, "文件"]
    for mk in marks:
        assert _fonts(mk) == {S.FONT_XIAOBIAOSONG}
        assert {r.color for r in mk.runs} == {header.mark_color}
        assert all(r.scale is None or 50 <= r.scale <= 100 for r in mk.runs)
    # 7.2.5 number + 7.2.7 red rule 4 mm below (a bottom border, as wide as the type area)
    number_text = header.number.text() if header.number else ""
    number = _find(ps, lambda p: number_text in p.text and p.bottom_border is not None)
    assert _fonts(number) - {S.FONT_KAITI} == {S.FONT_FANGSONG}
    assert _sizes(number) == {16}
    assert number.bottom_border["color"] == S.RED
    assert number.bottom_border["val"] == "single"
    assert number.left in (None, 0)
    assert number.right in (None, 0)
    if header.is_upward:
        assert number.align == "left"
        assert "签发人：" in "".join(p.text for p in ps)
        signer_runs = [r for p in ps for r in p.runs if r.text in header.signers]
        assert {r.east_asia_font for r in signer_runs} == {S.FONT_KAITI}
        assert len(signer_runs) == len(header.signers)
    else:
        assert number.align == "center"
    # 7.2.1-7.2.3
    for value, font in (
        (header.copy_number, S.FONT_FANGSONG),
        (header.secrecy and header.secrecy.text(), S.FONT_HEITI),
        (header.urgency and header.urgency.value, S.FONT_HEITI),
    ):
        if value:
            item = _find(ps, lambda p, v=value: p.text == v)
            assert _fonts(item) == {font}
            assert item.align == "left"
            assert not item.first_line
    # 7.3.1 title
    title = _find(ps, lambda p: p.text.replace("\n", "") == m.title.replace("\n", ""))
    assert _fonts(title) == {S.FONT_XIAOBIAOSONG}
    assert _sizes(title) == {22}
    assert title.align == "center"
    assert title.before == 2 * S.LINE_PITCH
    # 7.3.2 主送
    if m.addressees:
        to = _find(ps, lambda p: p.text == m.addressees)
        assert to.text.endswith("：")
        assert not to.first_line
        assert to.before == S.LINE_PITCH
        assert _fonts(to) == {S.FONT_FANGSONG}
        assert _sizes(to) == {16}
    # 7.3.3 body and headings
    body_fonts = {1: S.FONT_HEITI, 2: S.FONT_KAITI, 3: S.FONT_FANGSONG, 4: S.FONT_FANGSONG}
    from docgen.model import Heading, Paragraph

    for block in m.body:
        if isinstance(block, Heading):
            p = _find(ps, lambda p, b=block: plain(p.text) == b.label + b.text + b.run_in)
            assert plain(p.text).startswith(block.label)
            # the label and the heading's text in its level's font, in one run or several (a line
            # justified by run spacing, layout/estimate_spacing.py)
            at = 0
            for run in p.runs:
                if at >= len(block.label + block.text):
                    break
                assert run.east_asia_font == body_fonts[block.level], run.text
                at += len(plain(run.text))
            if block.run_in:
                assert p.runs[-1].east_asia_font == S.FONT_FANGSONG
        elif isinstance(block, Paragraph):
            p = _find(ps, lambda p, b=block: plain(p.text) == b.text)
            assert _fonts(p) == {S.FONT_FANGSONG}
        else:
            continue
        assert p.first_line == 2 * CHAR
        assert p.align == "both"
        assert (p.line, p.line_rule) == (S.LINE_PITCH, "exact")
        assert _sizes(p) == {16}
        # the grid's spacing, wider only on the 汉字 of a justified line with digits, where docgen
        # gives them the line's slack (layout/estimate_spacing.py); the digits keep the grid's; a twip
        # narrower on the last 6 汉字 of a long stretch before digits on a line left to LibreOffice
        # (estimate_spacing._tails_apart: the line as wide as the grid's spacing sets it)
        spacings = {r.spacing_twentieths or 0 for r in p.runs}
        assert S.BODY_CHAR_SPACING in spacings
        assert min(spacings) >= S.BODY_CHAR_SPACING - 1
        assert max(spacings) <= S.BODY_CHAR_SPACING + 160
    # 7.3.4 附件说明: 左空二字, names aligned
    if m.attachment_titles:
        notes = [p for p in ps if p.style_id == "GwAttachmentNote"]
        assert len(notes) == len(m.attachment_titles)
        assert notes[0].text.startswith("附件：")
        assert notes[0].before == S.LINE_PITCH
        assert notes[0].left - notes[0].hanging == 2 * CHAR
        if len(notes) > 1:
            assert {p.left for p in notes} == {6 * CHAR}
            for i, (p, title_text) in enumerate(zip(notes, m.attachment_titles, strict=True), start=1):
                assert p.text.endswith(f"{i}.\t{title_text}")
    # 7.3.5 署名 and 成文日期
    sig = m.signature
    organs = [_find(ps, lambda p, o=o: p.text == o and p.style_id == "GwSignature") for o in sig.organs]
    date = _find(ps, lambda p: p.text == sig.date_text)
    assert re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", date.text)
    for p in [*organs, date]:
        assert _fonts(p) == {S.FONT_FANGSONG}
        assert _sizes(p) == {16}
    if sig.sealed:
        assert date.align == "right"
        assert date.right == S.SEALED_DATE_RIGHT_CHARS * CHAR
        assert organs[0].before == 2 * S.LINE_PITCH
    else:
        assert organs[0].before == S.LINE_PITCH
        organ_width = max(len(o) for o in sig.organs)
        if organs[0].align == "left":  # 署名 右空二字, date two characters right of it
            assert organs[0].left == (28 - 2 - organ_width) * CHAR
            assert date.left == organs[0].left + 2 * CHAR
        else:
            assert date.right == 2 * CHAR
    # 7.3.6 附注
    if m.note_text:
        # the 附注 takes the body's break marks (formats12: a zero-width space in 「电话：|0379」)
        note = _find(ps, lambda p: p.text.replace("\u200b", "") == m.note_text)
        assert note.first_line == 2 * CHAR
        assert note.text.startswith("（")
        assert note.text.endswith("）")
    # 7.3.7 attachments: new page, label 黑体 顶格, title 小标宋 2号
    for attachment in m.attachments:
        label = _find(ps, lambda p, a=attachment: p.text == a.label)
        assert label.page_break_before
        assert _fonts(label) == {S.FONT_HEITI}
        assert not label.first_line
        title_p = _find(ps, lambda p, a=attachment: p.text.replace("\n", "") == a.title.replace("\n", ""))
        assert _fonts(title_p) == {S.FONT_XIAOBIAOSONG}
        assert _sizes(title_p) == {22}
        assert title_p.align == "center"
    # 7.4 版记: a table floating at the bottom, rules 0.35 / 0.25 mm, 4号仿宋
    if m.imprint is not None:
        table = doc.tables[-1]
        tbl_pr = table._tbl.tblPr
        float_pr = tbl_pr.find(qn("w:tblpPr"))
        assert float_pr.get(qn("w:tblpYSpec")) == "bottom"
        assert float_pr.get(qn("w:vertAnchor")) == "margin"
        assert int(table._tbl.find(qn("w:tblGrid")).find(qn("w:gridCol")).get(qn("w:w"))) == S.TYPE_AREA_WIDTH
        rows = [paragraph_look(doc, row.cells[0].paragraphs[0]) for row in table.rows]
        assert rows[-1].text == f"{m.imprint.printed_by}\t{m.imprint.printed_text}"
        if m.imprint.cc:
            assert any(r.text == "抄送：" + "，".join(m.imprint.cc) + "。" for r in rows)
        for r in rows:
            assert _sizes(r) == {14}
            assert _fonts(r) == {S.FONT_FANGSONG}
            assert r.left is not None
            assert r.left >= 280
            assert r.right == 280
        borders = [row._tr.find(f"{qn('w:tc')}/{qn('w:tcPr')}/{qn('w:tcBorders')}") for row in table.rows]
        assert borders[0].find(qn("w:top")).get(qn("w:sz")) == "8"
        assert borders[-1].find(qn("w:bottom")).get(qn("w:sz")) == "8"
        for b in borders[1:]:
            assert b.find(qn("w:top")).get(qn("w:sz")) in ("6", None)
    # 7.5 page numbers: 4号宋体 "— N —", odd right / even left, one character in
    section = doc.sections[0]
    odd = paragraph_look(doc, section.footer.paragraphs[0])
    even = paragraph_look(doc, section.even_page_footer.paragraphs[0])
    assert doc.settings.odd_and_even_pages_header_footer
    for p, align in ((odd, "right"), (even, "left")):
        assert p.align == align
        assert _fonts(p) == {S.FONT_SONGTI}
        assert _sizes(p) == {14}
        assert re.fullmatch(r"— \d+ —", p.text)
    assert odd.right == 280
    assert even.left == 280
    instr = section.footer._element.xpath(".//w:instrText")
    assert instr
    assert instr[0].text.strip() == "PAGE"


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name)
def test_sample_follows_the_general_format(path: Path) -> None:
    check_general_format(load(render(path)), model(path))


def test_samples_cover_the_optional_elements() -> None:
    models = [model(p) for p in sample_paths()]
    assert any(m.header.copy_number and m.header.secrecy and m.header.urgency for m in models)
    assert any(m.header.is_upward and len(m.header.signers) == 2 for m in models)
    assert any(len(m.header.organs) == 2 for m in models)
    assert any(m.signature.sealed for m in models)
    assert any(not m.signature.sealed for m in models)
    assert any(m.header.number and m.header.number.sequence is None for m in models)
    assert any(len(m.attachments) >= 2 for m in models)
    assert any(m.note for m in models)
