"""check on a Word notice typed by hand (tests/fixtures/outsider4/word_by_hand.py), rendered by the real
LibreOffice: “　　” typed as the 首行缩进 (outsider4 #1), the characters per line LibreOffice really
sets with a run spacing (#9), a floating 版记 declared at the bottom (#10), an Excel table at 11 磅
(#11), what the 附件说明 and heading failures say (#14); and docgen's own 函 with an e-mail (#2).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import ROOT
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from helpers import load_script
from test_check import needs_lo

from docgen.check.docx_elements import find_elements
from docgen.check.pdf_chars import NUMBER_RUN
from docgen.check.rules import Finding, Status
from docgen.check.run import Report, check_files
from docgen.cli import main_group
from docgen.convert.oneshot import convert_to_pdf

OUTSIDER4 = ROOT / "tests" / "fixtures" / "outsider4"
SP = "\u3000\u3000"


def _finding(report: Report, rule_id: str) -> Finding:
    return next(f for f in report.findings if f.rule.id == rule_id)


def _notice(path: Path, *, bad: bool = False) -> Any:
    """Build word_by_hand's notice at ``path`` and return it opened with python-docx."""
    load_script(OUTSIDER4 / "word_by_hand.py").build(path, bad=bad)
    return Document(str(path))


def _spacing(doc: Any, twentieths: int) -> None:
    """Set Normal's 字距 (w:spacing) as 字体 → 高级 → 间距 紧缩 does."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    rpr.find(qn("w:spacing")).set(qn("w:val"), str(twentieths))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    """check's reports, rendered by LibreOffice, on four variants of the hand-typed notice:

    * ``as_typed``: as the clerk typed it, 字距 紧缩 0.2 磅 (LibreOffice sets 27 字 a line);
    * ``condensed``: 紧缩 0.25 磅 (28 字 a line), “　　” at each paragraph's head;
    * ``unindented``: the same without the “　　” (a notice that really lacks the indent);
    * ``page_anchored``: as typed, its floating 版记 placed horizontally relative to the page.
    """
    folder = tmp_path_factory.mktemp("handtyped")
    paths = {}
    for name in ("as_typed", "condensed", "unindented", "page_anchored"):
        path = folder / f"{name}.docx"
        doc = _notice(path)
        if name in ("condensed", "unindented"):
            _spacing(doc, -5)
        if name == "unindented":
            for paragraph in doc.paragraphs:
                for run in paragraph.runs[:1]:
                    run.text = run.text.removeprefix(SP)
        if name == "page_anchored":
            for table in doc.tables:
                anchor = table._tbl.tblPr.find(qn("w:tblpPr"))
                if anchor is not None:
                    anchor.set(qn("w:horzAnchor"), "page")
                    anchor.set(qn("w:tblpX"), "1587")  # 28 mm
        doc.save(str(path))
        paths[name] = path
    found = check_files(list(paths.values()), workers=2)
    return {name: report for name, report in zip(paths, found, strict=True)}


@needs_lo
def test_full_width_spaces_are_read_as_the_first_line_indent(reports: dict[str, Report]) -> None:
    """outsider4 #1: “　　” at a paragraph's head is the 2-字 indent in the .docx rule, and in the PDF
    a line starting with them at the left edge starts a paragraph (the 主送 line and each paragraph's
    last line above it are no “short middle lines”)."""
    condensed = reports["condensed"]
    body = _finding(condensed, "body.format")
    assert body.status is Status.PASS, body
    assert "全角空格" in body.measured
    assert _finding(condensed, "grid.chars").status is Status.PASS
    chars = _finding(condensed, "grid.chars.pdf")
    assert chars.status is Status.PASS, chars
    assert "各有关单位" not in chars.measured
    unindented = _finding(reports["unindented"], "body.format")
    assert unindented.status is Status.FAIL
    assert "首行缩进 0.0 字" in unindented.measured


@needs_lo
def test_the_declared_and_measured_characters_per_line_agree(reports: dict[str, Report]) -> None:
    """outsider4 #9: 字距 -0.2 pt on the 8845-twip 版心 is 27 字 a line in LibreOffice (28 need 8852):
    grid.chars says 27 as grid.chars.pdf measures; the measured failures are the lines of 27 字 only,
    none a 主送 line or a paragraph's last line."""
    typed = reports["as_typed"]
    declared = _finding(typed, "grid.chars")
    assert declared.status is Status.FAIL
    assert declared.measured.startswith("27（")
    measured = _finding(typed, "grid.chars.pdf")
    assert measured.status is Status.FAIL
    failures = [part for part in measured.measured.split("; ") if part.startswith("第 ")]
    assert failures, measured.measured
    assert all(" 27 字" in part for part in failures), failures
    assert "各有关单位" not in measured.measured


@needs_lo
def test_a_floating_imprint_at_the_bottom_is_explained(reports: dict[str, Report]) -> None:
    """outsider4 #10: LibreOffice sets a type-area-wide floating table anchored to the margin where it
    stands (the 版记's last rule at 145.9 mm); the failure says the place is declared at the bottom and
    what makes LibreOffice honour it, and that advice works (the page-anchored table ends at 262 mm)."""
    position = _finding(reports["as_typed"], "imprint.position.pdf")
    assert position.status is Status.FAIL
    assert "声明在版心底部" in position.measured
    assert "相对于“页面”" in position.measured
    assert _finding(reports["as_typed"], "imprint.format").status is Status.PASS
    anchored = _finding(reports["page_anchored"], "imprint.position.pdf")
    assert anchored.status is Status.PASS, anchored
    assert "声明" not in anchored.measured


@needs_lo
def test_an_excel_table_at_11_points_is_not_against_the_standard(reports: dict[str, Report]) -> None:
    """outsider4 #11: GB/T 9704 gives no size for tables: the 11 磅 table passes, the measured value
    names its size and docgen's own choice."""
    size = _finding(reports["as_typed"], "body.size.pdf")
    assert size.status is Status.PASS, size
    assert "表格中 11.0 pt" in size.measured
    assert "未规定表格字号" in size.measured


def test_the_failures_of_a_bad_notice_say_what_was_found(tmp_path: Path) -> None:
    """outsider4 #14: the 附件说明 failure quotes the name's end and its mark; headings.format says the
    heading is bold 仿宋 and which face its level needs."""
    path = tmp_path / "bad.docx"
    _notice(path, bad=True)
    [report] = check_files([path], render=False)
    note = _finding(report, "attachment_note.format")
    assert note.status is Status.FAIL
    assert "清单。”" in note.measured
    assert "末尾有“。”" in note.measured
    headings = _finding(report, "headings.format")
    assert headings.status is Status.FAIL
    assert "一、总体要求：仿宋_GB2312 加粗 16.0 pt" in headings.measured
    assert "“一、”一层的标题应为黑体" in headings.measured
    assert "“（一）”一层的标题应为楷体" in headings.measured


def _line_of(width: int, spacing: int, path: Path) -> Path:
    """Write a .docx whose 版心 is ``width`` twips wide, holding one paragraph of 16 pt 汉字 with run
    spacing ``spacing``, as Word's 字体 → 间距 紧缩 writes it."""
    doc = Document()
    section = doc.sections[0]._sectPr
    section.find(qn("w:pgSz")).set(qn("w:w"), "11906")
    section.find(qn("w:pgSz")).set(qn("w:h"), "16838")
    section.find(qn("w:pgMar")).set(qn("w:left"), "1587")
    section.find(qn("w:pgMar")).set(qn("w:right"), str(11906 - 1587 - width))
    normal = doc.styles["Normal"]
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    rpr = normal.element.get_or_add_rPr()
    rpr.insert(0, fonts)
    normal.font.size = Pt(16)
    space = OxmlElement("w:spacing")
    space.set(qn("w:val"), str(spacing))
    rpr.append(space)
    doc.add_paragraph("为确保完成全年重点项目建设目标任务经县政府同意现就加快推进第四季度工作通知如下" * 4)
    doc.save(str(path))
    return path


@needs_lo
def test_the_declared_characters_per_line_are_those_libreoffice_sets(tmp_path: Path) -> None:
    """outsider4 #9: LibreOffice does not count the spacing of a line's last character: 28 汉字 at
    16 pt with spacing s fit from 27 × (320 + s) + 320 twips.  A twip either side of that, grid.chars
    counts what LibreOffice sets on the first line."""
    cases = [(8851, -4), (8852, -4), (8824, -5), (8825, -5), (8959, 0), (8960, 0)]
    paths = [_line_of(width, spacing, tmp_path / f"w{width}s{spacing}.docx") for width, spacing in cases]
    pdfs = convert_to_pdf(paths, tmp_path / "pdf")
    set_by_libreoffice = []
    for pdf in pdfs:
        with pdfplumber.open(pdf) as opened:
            chars = opened.pages[0].chars
            top = min(round(float(c["top"])) for c in chars)
            set_by_libreoffice.append(sum(1 for c in chars if round(float(c["top"])) == top))
    assert set_by_libreoffice == [27, 28, 27, 28, 27, 28]
    declared = [
        int(_finding(report, "grid.chars").measured.split("（")[0])
        for report in check_files(paths, render=False)
    ]
    assert declared == set_by_libreoffice


@needs_lo
def test_docgens_own_letter_with_an_email_passes_on_libreoffice(tmp_path: Path) -> None:
    """outsider4 #2 on LibreOffice (the Typst case is tests/test_outsider4.py): the line before the
    unbreakable e-mail address ends short by design and is counted as such."""
    source = tmp_path / "函.md"
    shutil.copy(OUTSIDER4 / "函-附件九.md", source)
    register = ["--register", str(tmp_path / "r.sqlite")]
    out = tmp_path / "pdf"
    done = CliRunner().invoke(main_group, [*register, "preview", str(source), "-o", str(out), "--no-watermark"])
    assert done.exit_code == 0, done.output
    [report] = check_files([out / "函.pdf"])
    rule = _finding(report, "grid.chars.pdf")
    assert rule.status is Status.PASS, rule
    assert "zdxmb@zhangzi.gov.cn" in rule.measured or "不可断开" in rule.measured


def test_an_address_or_url_is_one_unbreakable_run() -> None:
    """An e-mail address and a URL with a query are read whole (NUMBER_RUN), as no renderer breaks them."""
    for text in ("zdxmb@zhangzi.gov.cn", "www.zhangzi.gov.cn/xxgk?id=12&page=2#a", "0355-8221234"):
        run = NUMBER_RUN.match(text + "。")
        assert run is not None
        assert run.group(0) == text


def test_a_typed_indented_first_line_ending_with_a_colon_is_body_not_the_addressee(tmp_path: Path) -> None:
    """A notice with no 主送 whose first paragraph, typed with “　　”, ends “如下：” is body text: the 主送
    stands at the left edge; with 首行缩进 set instead of typed the same was already body."""
    doc = _notice(tmp_path / "notice.docx")
    addressee = next(p for p in doc.paragraphs if p.text == "各乡镇人民政府，县直各有关单位：")
    addressee._p.getparent().remove(addressee._p)
    first = next(p for p in doc.paragraphs if p.text.startswith(SP + "为确保"))
    first.runs[0].text = SP + "为确保完成全年重点项目建设目标任务，现将有关事项通知如下："
    elements = find_elements(doc)
    assert elements.addressee is None
    assert any(elements.looks[i].text == first.text for i in elements.body)
