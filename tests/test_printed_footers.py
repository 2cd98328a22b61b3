"""page_numbers.format judges the footers a page prints, not every footer the .docx holds: a default
footer under w:titlePg in a section of one page, an even footer without w:evenAndOddHeaders, a footer
part no section names.  Each .docx is built as Word builds it (python-docx's sections and footers,
the PAGE field and the frame in raw XML); the wild10 sample is format-xingwen's Word file."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.parts.hdrftr import FooterPart

from docgen.check.docx_page_numbers import judge_page_numbers
from docgen.check.docx_read import load
from docgen.check.pdf_read import measure
from docgen.check.rules import Finding, Judge, Status
from docgen.convert.pool import ConverterPool

TEXT = "各乡镇、各有关单位要按照全县重点项目建设推进会议的部署，倒排工期、挂图作战，确保项目按期开工建设。"
WILD = ROOT / "tests" / "fixtures" / "wild10" / "页眉页脚样例-format-xingwen.docx"


def _number(
    footer: object,
    before: str,
    after: str,
    *,
    align: str = "right",
    font: str = "宋体",
    half_points: int = 28,
    outside: bool = False,
) -> None:
    """Write a footer paragraph “``before``{PAGE}``after``” as Word's 插入 → 页码 does."""
    frame = (
        '<w:framePr w:wrap="around" w:vAnchor="text" w:hAnchor="margin" w:xAlign="outside" w:y="1"/>'
        if outside
        else ""
    )
    rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}"/><w:sz w:val="{half_points}"/></w:rPr>'
    paragraph = parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr>{frame}<w:jc w:val="{align}"/></w:pPr>'
        f'<w:r>{rpr}<w:t xml:space="preserve">{before}</w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>1</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r>{rpr}<w:t xml:space="preserve">{after}</w:t></w:r></w:p>'
    )
    element = footer._element  # type: ignore[attr-defined]
    for old in list(element):
        element.remove(old)
    element.append(paragraph)


def _worded(footer: object) -> None:
    """A footer “第 N 页” centred in 11 pt, Word's 页码 → 普通数字 2 with text round it."""
    _number(footer, "第 ", " 页", align="center", half_points=22)


def _document(path: Path, paragraphs: int, *, first: bool, even: bool) -> Path:
    """Write a .docx of ``paragraphs`` paragraphs: 首页不同 (``first``) with “— N —” on the first page
    and “第 N 页” on the others; 奇偶页不同 (``even``) with “— N —” on the even pages."""
    document = Document()
    for _ in range(paragraphs):
        document.add_paragraph(TEXT)
    section = document.sections[0]
    _worded(section.footer)
    if first:
        section.different_first_page_header_footer = True
        _number(section.first_page_footer, "— ", " —")
    if even:
        document.settings.odd_and_even_pages_header_footer = True
        _number(section.even_page_footer, "— ", " —", align="left")
    document.save(str(path))
    return path


def _verdict(path: Path) -> Finding:
    findings: list[Finding] = []
    judge_page_numbers(load(path.read_bytes()), Judge(findings))
    (finding,) = findings
    return finding


def _footers(pool: ConverterPool, path: Path) -> list[str]:
    """Return the last line of each page of ``path`` as LibreOffice prints it: its footer."""
    (outcome,) = pool.convert([(path, path.with_suffix(".pdf"))])
    assert outcome.error is None, outcome.error
    return [
        sorted(page.lines, key=lambda line: line.em_top)[-1].text.replace(" ", "")
        for page in measure(outcome.target)
    ]


def test_a_default_footer_a_one_page_section_never_prints_is_not_judged(
    tmp_path: Path, pool: ConverterPool
) -> None:
    # one page, 首页不同: only the first-page footer “— N —” is printed, and it is right
    path = _document(tmp_path / "一页.docx", 3, first=True, even=True)
    assert _footers(pool, path) == ["—1—"]
    finding = _verdict(path)
    assert finding.status is Status.PASS, finding.measured


def test_the_default_footer_of_a_longer_section_is_printed_and_judged(
    tmp_path: Path, pool: ConverterPool
) -> None:
    # 30 paragraphs run on to a second page, which prints the default footer “第 N 页”
    path = _document(tmp_path / "多页.docx", 30, first=True, even=False)
    assert _footers(pool, path) == ["—1—", "第2页"]
    finding = _verdict(path)
    assert finding.status is Status.FAIL
    assert finding.measured == (
        "单双页使用同一页脚；单页：'第 1 页'，不是“— N —”；单页：{'宋体'} {11.0} pt；单页对齐方式为 center"
    ), finding.measured


def test_an_even_footer_without_odd_and_even_pages_is_not_judged(tmp_path: Path) -> None:
    path = _document(tmp_path / "外侧.docx", 30, first=False, even=True)
    document = Document(str(path))
    section = document.sections[0]
    _number(section.footer, "— ", " —", outside=True)  # one footer, the number framed to the outside
    _worded(section.even_page_footer)
    document.save(str(path))
    assert _verdict(path).status is Status.FAIL  # with 奇偶页不同 the even pages print “第 N 页”
    document.settings.odd_and_even_pages_header_footer = (
        False  # Word keeps the even footer's part and reference
    )
    document.save(str(path))
    assert b'w:type="even"' in load(path.read_bytes()).sections[0]._sectPr.xml.encode()
    finding = _verdict(path)
    assert finding.status is Status.PASS, finding.measured


def test_a_footer_part_no_section_names_is_not_judged(tmp_path: Path) -> None:
    path = _document(tmp_path / "孤立.docx", 30, first=False, even=True)
    document = Document(str(path))
    _number(document.sections[0].footer, "— ", " —")
    stray = FooterPart.new(document.part.package)
    document.part.relate_to(stray, RT.FOOTER)  # in the package, named by no w:footerReference
    _worded(stray)
    document.save(str(path))
    finding = _verdict(path)
    assert finding.status is Status.PASS, finding.measured


def test_the_wild_samples_footer_is_printed_on_no_page() -> None:
    """wild10 #7: two one-page sections, both w:titlePg with no first-page footer: LibreOffice prints
    the default footer “第 N 页 / 共 M 页” on no page (test_pages10.py), and the rule judged it."""
    finding = _verdict(WILD)
    assert finding.status is Status.NOT_APPLICABLE, finding.measured


def test_a_longer_section_without_a_default_footer_has_unnumbered_pages(tmp_path: Path) -> None:
    # 首页不同 with “— N —” on the first page and no default footer: the later pages print no number
    path = _document(tmp_path / "无默认.docx", 30, first=True, even=False)
    document = Document(str(path))
    document.sections[0].footer.is_linked_to_previous = True  # Word's 链接到前一节: the reference goes
    document.save(str(path))
    finding = _verdict(path)
    assert finding.status is Status.FAIL
    assert "单页没有页码" in finding.measured, finding.measured
