"""`docgen check` on 公文 made by other tools (outsider session 3a, tests/fixtures/outsider3/DEFECTS_A.md).

* ``a/notice_typst.typ``: a 通知 written by hand in Typst the way public Typst 公文 templates do it,
  compiled here by the ``typst`` package (in a child process: ``conftest.typst_pdf``).  Typst (like
  other clreq setters) gives a full-width closing mark ending a full line half a 字: its box reaches
  186.9 mm, its ink stays inside the 184 mm edge.
  check took that for Word's hanging punctuation (grid.hanging.pdf) and for text outside the 版心.
* ``a/word_notice.py``: a 通知 built with python-docx as a Word user does (styles, empty paragraphs,
  tabs, a Table Grid table, the 版记 in a bordered table, a PAGE field with no stored result), rendered
  by LibreOffice.  check read the result-less PAGE field as “—  —” (page_numbers.format).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import typst_pdf
from lxml import etree
from test_check import _failed, needs_lo

from docgen.check.docx_rules import _shown
from docgen.check.pdf_chars import RIGHT, ZI, hangs, ink_right
from docgen.check.pdf_read import measure
from docgen.check.rules import Status
from docgen.check.run import check_files

HERE = Path(__file__).parent / "fixtures" / "outsider3" / "a"
sys.path.insert(0, str(HERE))
from word_notice import build  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _typst(tmp_path: Path, *, justify: bool) -> Path:
    source = (HERE / "notice_typst.typ").read_text(encoding="utf-8")
    if not justify:
        source = source.replace("justify: true,", "justify: false,")
    typ = tmp_path / "notice.typ"
    typ.write_text(source, encoding="utf-8")
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(typst_pdf(typ))
    return pdf


def test_a_typst_notice_set_without_justification_passes(tmp_path: Path) -> None:
    pdf = _typst(tmp_path, justify=False)
    lines = [line for page in measure(pdf) for line in page.lines]
    half = [line for line in lines if line.text.rstrip().endswith("，") and line.x1 > RIGHT + 1]
    assert half, "Typst set no closing mark half a 字 at a line's end"
    (report,) = check_files([pdf])
    # its one defect: 「二、时间安排」 ends page 1 alone, its （一） and text on page 2 (a heading is
    # kept with what follows it up to its first line of text, issue 14 Build 1); Typst keeps nothing
    assert _failed(report) == {"headings.kept.pdf"}, [
        f.measured for f in report.findings if f.rule.id in _failed(report)
    ]
    (kept,) = [f for f in report.findings if f.rule.id == "headings.kept.pdf"]
    assert "二、时间安排" in kept.measured


def test_a_justified_typst_notice_fails_only_its_29_character_lines(tmp_path: Path) -> None:
    """Typst's justification squeezes the marks inside a line to take a 29th character: off the
    28-字 grid (5.2.3), so check is right there; the half-width marks at the lines' ends are not hanging."""
    (report,) = check_files([_typst(tmp_path, justify=True)])
    assert _failed(report) == {"grid.chars.pdf", "headings.kept.pdf"}
    (chars,) = [f for f in report.findings if f.rule.id == "grid.chars.pdf"]
    assert "29 字" in chars.measured or "29 characters" in chars.measured, chars.measured


def test_a_whole_mark_past_the_edge_still_hangs(tmp_path: Path) -> None:
    pdf = _typst(tmp_path, justify=False)
    (line,) = [x for page in measure(pdf) for x in page.lines if x.text.startswith("2025年度列入")]
    assert not hangs(line)
    assert ink_right(line) <= RIGHT + 0.3  # Typst: 「，」 181.0–186.6 mm
    word = replace(line, x1=RIGHT + ZI)  # Word and WPS: the whole 「，」 past 184 mm
    assert hangs(word)


def _paragraph(runs: str) -> etree._Element:
    return etree.fromstring(f'<w:p xmlns:w="{W}">{runs}</w:p>')


@pytest.mark.parametrize(
    ("runs", "shown"),
    [
        (  # python-docx recipe: begin, PAGE, end
            '<w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/>'
            '<w:instrText> PAGE </w:instrText><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r>',
            "— N —",
        ),
        (  # Word: the stored result between separate and end
            '<w:r><w:t>— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            "<w:r><w:t> —</w:t></w:r>",
            "— 3 —",
        ),
        (  # the docx npm package (PageNumber.CURRENT): separate, and no result before end
            '<w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r>',
            "— N —",
        ),
        ('<w:r><w:t>— </w:t></w:r><w:fldSimple w:instr=" PAGE "/><w:r><w:t> —</w:t></w:r>', "— N —"),
        ('<w:r><w:t>— —</w:t></w:r><w:fldSimple w:instr=" PAGE "/>', "— —N"),  # after the dashes: not — N —
    ],
)
def test_a_page_field_is_shown_where_it_stands(runs: str, shown: str) -> None:
    assert _shown(_paragraph(runs)) == shown


@needs_lo
def test_a_word_users_notice_passes(tmp_path: Path) -> None:
    (report,) = check_files([build(tmp_path / "word.docx")])
    assert _failed(report) == set(), [f.measured for f in report.findings if f.rule.id in _failed(report)]
    (numbers,) = [f for f in report.findings if f.rule.id == "page_numbers.format"]
    assert "—  —" not in numbers.measured


@needs_lo
def test_lines_of_28_points_leave_the_type_area_unfilled(tmp_path: Path) -> None:
    """固定值 28 磅: 22 lines take 217 of the 225 mm 版心 (5.2.3 并撑满版心), and the 版记 cannot reach
    its bottom by whole lines: check is right on the PDF.  The declared rule said ✓ “22 (固定值 28.00 pt)”
    in the same report; now both fail."""
    (report,) = check_files([build(tmp_path / "w28.docx", spacer_pt=0, line_pt=28)])
    assert {"grid.lines", "grid.lines.pdf", "imprint.position.pdf"} <= _failed(report)
    (declared,) = [f for f in report.findings if f.rule.id == "grid.lines"]
    assert "217.3" in declared.measured, declared.measured


def test_lines_of_29_points_fill_the_type_area(tmp_path: Path) -> None:
    (report,) = check_files([build(tmp_path / "w29.docx")], render=False)
    (declared,) = [f for f in report.findings if f.rule.id == "grid.lines"]
    assert declared.status is Status.PASS, declared.measured


def test_a_typst_templates_defaults_fail_where_they_depart(tmp_path: Path) -> None:
    """``a/govdoc_like.typ`` sets a 通知 with the defaults of a public Typst 公文 format: each failure
    is one of its choices, measured where it is; “- N -” in 8 pt was judged by no PDF rule before."""
    pdf = tmp_path / "govdoc.pdf"
    pdf.write_bytes(typst_pdf(HERE / "govdoc_like.typ"))
    (report,) = check_files([pdf])
    measured = {f.rule.id: f.measured for f in report.findings if f.rule.id in _failed(report)}
    assert set(measured) == {
        "page.margins.pdf",  # the 30 pt mark's em box from 35 mm: above the 版心
        "mark.position.pdf",
        "grid.lines.pdf",
        "grid.chars.pdf",  # justification squeezes marks for a 29th character
        "page_numbers.position.pdf",
        "page_numbers.format.pdf",
    }, measured
    assert "35.5 mm" in measured["mark.position.pdf"]
    assert "9.17 mm" in measured["grid.lines.pdf"]  # leading 5 mm on a cap-height line box
    assert "“- 1 -” 8.0 pt" in measured["page_numbers.format.pdf"]
    assert "184.5 mm" in measured["page_numbers.position.pdf"]  # odd pages at the edge, not 空一字


@needs_lo
def test_a_result_less_page_field_prints_in_the_footer_styles_size(tmp_path: Path) -> None:
    """LibreOffice prints a PAGE field with no stored result in the paragraph style's size, not its
    run's: with the 页脚 style left at Normal's 16 pt, “1” is 16 pt between 14 pt dashes."""
    docx = build(tmp_path / "word.docx")
    from docx import Document

    doc = Document(str(docx))
    doc.styles["Footer"].font.size = None  # back to Normal's 三号
    doc.save(str(docx))
    (report,) = check_files([docx])
    assert _failed(report) == {"page_numbers.format.pdf"}
    (numbers,) = [f for f in report.findings if f.rule.id == "page_numbers.format.pdf"]
    assert "16.0 pt" in numbers.measured


def test_imprint_rules_narrower_than_the_type_area_are_named(tmp_path: Path) -> None:
    """A 版记 whose rules are 146 mm (paragraph borders inside 1-字 indents, as the docx npm notice
    first had them): check said “no rules”, though the clerk sees three."""
    source = (HERE / "notice_typst.typ").read_text(encoding="utf-8")
    source = source.replace("#line(length: 100%, stroke: 0.35mm)", "#line(length: 146mm, stroke: 0.35mm)")
    source = source.replace("#line(length: 100%, stroke: 0.25mm)", "#line(length: 146mm, stroke: 0.25mm)")
    typ = tmp_path / "notice.typ"
    typ.write_text(source, encoding="utf-8")
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(typst_pdf(typ))
    (report,) = check_files([pdf])
    (position,) = [f for f in report.findings if f.rule.id == "imprint.position.pdf"]
    assert "146.0 mm" in position.measured, position.measured
