"""``docgen check`` on documents made without docgen (tests/fixtures/foreign, issue 13 b and c).

The fixtures were built with python-docx and raw OXML by someone who had not read the checker, the
ways Word users build them (版记 as paragraph borders, a floating or an inline table, drawn lines;
headings by direct formatting; a 上行文 with 签发人 and a VML red rule; a landscape attachment), each
with its LibreOffice PDF; manifest.json says how each was built and, for the broken ones, the one
thing broken and what a checker should measure.  Every conformant one passes every rule (or the
rule does not apply, with the reason); every broken one fails exactly the rules its defect maps to.
The outputs of two other tools (gongwen-skill 2.15.0, md-to-office 1.0.2) are reported with their
real deviations, each with its measured value.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_check import _failed, needs_lo

from docgen.check.report import as_json, human
from docgen.check.rules import Status, rules
from docgen.check.run import Report, check_files

FOREIGN = Path(__file__).parent / "fixtures" / "foreign"
MANIFEST = json.loads((FOREIGN / "manifest.json").read_text(encoding="utf-8"))
CONFORMANT = [f["name"] for f in MANIFEST["files"] if f["conformant"]]
BROKEN = [f["name"] for f in MANIFEST["files"] if not f["conformant"]]

# Each manifest defect -> the rules it must fail: the declared rule on the .docx (where the .docx
# declares the defect) and the measured rule on the PDF (where the rendering shows it).
EXPECTED: dict[str, set[str]] = {
    # 天头 30 mm.  The PDF: the mark's top at 68.4 mm instead of 72 (mark.position.pdf); the first
    # text line of page 2 at 36.2 mm is 0.8 mm above the 版心 top, inside page.margins.pdf's ±1 mm.
    "b01_top_margin_30mm": {"page.margins", "mark.position.pdf"},
    # 正文 14 pt (5.2.2 / 7.3.3; 5.2.3 as a consequence): body and heading runs, 31 字 a line declared
    # and measured, 14 pt running text outside tables and the 版记.
    "b02_body_14pt": {"body.format", "headings.format", "grid.chars", "grid.chars.pdf", "body.size.pdf"},
    "b03_black_separator": {"rule.red", "rule.position.pdf"},
    "b04_page_numbers_centred": {"page_numbers.format", "page_numbers.position.pdf"},
    # 版记 before the attachments: declared followed by text, measured on page 2 of 4
    "b05_banji_not_last": {"imprint.format", "imprint.page.pdf"},
    "b06_odd_page_count": {"pages.even.pdf"},
    # 版记 in a landscape section: declared so, and measured on a landscape page
    "b07_banji_on_landscape": {"imprint.format", "imprint.page.pdf"},
    "b08_half_empty_page": {"pages.full.pdf"},
    "b09_needless_blank_page": {"pages.blank.pdf"},
    "b10_attachment_same_page": {"attachments.new_page", "attachments.new_page.pdf"},
    "b11_title_18pt": {"title.format", "title.size.pdf"},
    "b12_20_lines": {"grid.lines", "grid.lines.pdf"},
    # the table's text and its borders outside the 版心
    "b13_table_too_wide": {"page.margins.pdf", "tables.area.pdf"},
}

# What the failing rules measured, as the manifest describes the defect (rule id -> text in it).
MEASURED: dict[str, dict[str, str]] = {
    "b01_top_margin_30mm": {"page.margins": "天头 30.0", "mark.position.pdf": "68.4 mm"},
    "b02_body_14pt": {"body.format": "14.0", "grid.chars": "31", "grid.chars.pdf": "31 字"},
    "b03_black_separator": {"rule.red": "000000", "rule.position.pdf": "不是红色"},
    "b04_page_numbers_centred": {"page_numbers.position.pdf": "112.9 mm"},
    "b05_banji_not_last": {"imprint.page.pdf": "第 2 页（共 4 页）"},
    "b06_odd_page_count": {"pages.even.pdf": "5 页"},
    "b07_banji_on_landscape": {"imprint.page.pdf": "横排"},
    "b08_half_empty_page": {"pages.full.pdf": "第 2 页：7 行"},
    "b09_needless_blank_page": {"pages.blank.pdf": "第 3 页为空白页"},
    "b10_attachment_same_page": {"attachments.new_page.pdf": "附件 (p2)"},
    "b11_title_18pt": {"title.format": "18.0 pt", "title.size.pdf": "18 pt"},
    "b12_20_lines": {"grid.lines": "31.85 pt", "grid.lines.pdf": "11.29 mm"},
    "b13_table_too_wide": {"tables.area.pdf": "x 18–194"},
}


def _check(names: list[str]) -> dict[str, Report]:
    """Check each fixture's .docx with its checked-in LibreOffice PDF."""
    docx = {name: FOREIGN / f"{name}.docx" for name in names}
    reports = check_files(list(docx.values()), rendered={d: d.with_suffix(".pdf") for d in docx.values()})
    return dict(zip(names, reports, strict=True))


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    others = [f["name"] for f in MANIFEST["other_tools"]]
    return _check(CONFORMANT + BROKEN + others)


def test_the_corpus_is_what_the_issue_asks_for() -> None:
    assert len(CONFORMANT) + len(BROKEN) >= 12
    assert len(CONFORMANT) >= 6
    assert len(BROKEN) >= 6
    assert set(EXPECTED) == set(BROKEN), "every broken fixture needs its expected rules"
    assert all(EXPECTED[name] <= set(rules()) for name in BROKEN)


@pytest.mark.parametrize("name", CONFORMANT)
def test_a_conformant_foreign_document_passes(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    assert report.general_format
    assert not report.failed, [(f.rule.id, f.measured, f.where) for f in report.failed]
    assert len(report.findings) == len(rules())
    for finding in report.findings:
        if finding.status is Status.NOT_APPLICABLE:
            assert finding.measured, f"{finding.rule.id} not applicable without a reason"


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_foreign_document_fails_exactly_its_rules(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    assert _failed(report) == EXPECTED[name], [(f.rule.id, f.measured) for f in report.failed]
    measured = {f.rule.id: f.measured for f in report.failed}
    for rule_id, text in MEASURED[name].items():
        assert text in measured[rule_id], (rule_id, measured[rule_id])


def test_the_constructions_are_found(reports: dict[str, Report]) -> None:
    """The 版记 and the red rule are recognised however they were built."""
    imprint = {name: _finding(reports[name], "imprint.format").measured for name in CONFORMANT}
    assert "段落边框" in imprint["c01_notice_pbdr"]
    assert "表格边框" in imprint["c02_notice_table_float"]
    assert "表格边框" in imprint["c03_notice_table_inline"]
    assert "绘制的直线" in imprint["c04_notice_drawn_lines"]
    assert "绘制的直线 FF0000，长 156.0 mm" in _finding(reports["c05_request_signer"], "rule.red").measured
    assert "段落边框 FF0000" in _finding(reports["c01_notice_pbdr"], "rule.red").measured
    assert _finding(reports["c08_onepage"], "imprint.format").status is Status.NOT_APPLICABLE


def _finding(report: Report, rule_id: str):  # type: ignore[no-untyped-def]
    return next(f for f in report.findings if f.rule.id == rule_id)


# gongwen-skill 2.15.0 (other_tools/gongwen_commands.sh): each deviation the manifest measured, as
# check reports it.  Not judged by any rule: the title's distance below the red rule (6 mm instead of
# 空二行) and Times New Roman for digits.
GONGWEN = {
    # its 楷体 heading 「（一）按时报送。」 ends page 1 alone, its text on page 2 (issue 14 Build 1)
    "headings.kept.pdf": "（一）按时报送",
    "page.margins": "天头 28.0、订口 27.0",  # pgMar 28/28/27/27 mm
    "page.margins.pdf": "(36–174, 28 mm)",  # the mark on the paper's 28 mm, above the 版心
    "grid.lines": "33.00 pt",  # exact 33 pt lines: 20 a page
    "grid.lines.pdf": "15.17 mm",  # paragraph to paragraph
    "grid.chars": "27",  # 16 pt without character spacing on 156 mm
    "mark.position.pdf": "28.0 mm",  # on the 版心 top instead of 35 mm below it
    "rule.position.pdf": "距发文字号 6.9 mm",  # its own paragraph below the number
    "body.format": "18.0",  # the 署名 in 18 pt
    "imprint.format": "中间分隔线 1 磅",  # three 0.35 mm rules, text 16 pt
    "body.size.pdf": "版记中：p3 伊阳县发展和改革 16 pt",  # the 16 pt 印发 line between the rules
    "imprint.position.pdf": "142.9 mm",  # not on the 版心 bottom
    "pages.even.pdf": "3 页",  # the 版记 alone on odd page 3
    "page_numbers.format": "'- 1 -'",  # hyphen-minus, not 一字线
    "page_numbers.position.pdf": "265.2 mm",  # 3.8 mm above 269 mm
    "page_numbers.format.pdf": "“- 1 -”",  # on the PDF too
}

# md-to-office 1.0.2: not a 公文 tool.  No 版头, 署名, date or 版记: those rules do not apply.
MD2OFFICE = {
    "page.margins": "天头 22.0、订口 20.0",
    "page.margins.pdf": "(20–189, 48 mm)",
    "grid.lines": "单倍行距",
    "grid.lines.pdf": "9.35 mm",
    "grid.chars": "32",
    "colours": "一、报送内容",  # headings in 1F3864 blue
    "colours.pdf": "一、报送内容",
    "body.format": "15.0",  # the title as a 15 pt heading at the left margin
    "headings.format": "13.0",
    "body.size.pdf": "13 pt",
    "page_numbers.format": "单双页使用同一页脚",
    "page_numbers.position.pdf": "“1”在 277.9 mm",  # plain 1, centred, 278 mm
    "page_numbers.format.pdf": "第 1 页“1”",
}


@pytest.mark.parametrize(
    ("name", "deviations"),
    [("other_tools/gongwen_notice", GONGWEN), ("other_tools/md2office_notice", MD2OFFICE)],
    ids=["gongwen-skill", "md-to-office"],
)
def test_other_tools_deviations_are_reported(
    reports: dict[str, Report], name: str, deviations: dict[str, str]
) -> None:
    report = reports[name]
    measured = {f.rule.id: f.measured for f in report.failed}
    assert set(measured) == set(deviations), sorted(measured)
    for rule_id, text in deviations.items():
        assert text in measured[rule_id], (rule_id, measured[rule_id])
    text = human([report])
    assert "✗ 5.2.1" in text
    assert as_json([report])


def test_md2office_is_not_the_general_format(reports: dict[str, Report]) -> None:
    report = reports["other_tools/md2office_notice"]
    assert not report.general_format
    for rule_id in ("mark.format", "number.format", "rule.red", "imprint.format", "mark.position.pdf"):
        assert _finding(report, rule_id).status is Status.NOT_APPLICABLE


@needs_lo
def test_check_renders_the_corpus_to_the_same_verdicts(reports: dict[str, Report]) -> None:
    """check's own LibreOffice rendering of every fixture gives the verdicts of the checked-in PDFs."""
    names = CONFORMANT + BROKEN
    rendered = check_files([FOREIGN / f"{name}.docx" for name in names], workers=2)
    for name, report in zip(names, rendered, strict=True):
        assert _failed(report) == _failed(reports[name]), name


def test_headings_numbered_by_word_are_found_by_their_label() -> None:
    """A heading whose 一、 comes from Word's automatic numbering (w:numPr) is found as level 1."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    from docgen.check.docx_elements import find_elements

    doc = Document(str(FOREIGN / "c07_multipage.docx"))
    numbering = doc.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    heading.runs[0].text = heading.runs[0].text.removeprefix("一、")
    ppr = heading._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    assert not heading.text.startswith("一、")
    found = find_elements(doc)
    levels = {found.looks[i].element: level for i, level in found.headings}
    assert levels[heading._p] == 1
    assert qn("w:numPr") in {child.tag for child in ppr}
