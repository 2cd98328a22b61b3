"""pages.full.pdf and the page numbers on real files: a 纪要's page one line short before 出席
(forms10 #2), a page ending a Word section and a footer “第 1 页 / 共 2 页” (wild10 #7).

Every PDF is made here by Typst or LibreOffice from a fixture of the repo; where a case needs a page
the fixtures do not have (two lines short, no attendance after it), it is the measured page with a
line taken off or its text changed, nothing invented."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from pathlib import Path

import pytest

from docgen.check.docx_read import load
from docgen.check.docx_sections import section_breaks
from docgen.check.pdf_numbers import check_page_numbers
from docgen.check.pdf_pages import find_imprint, judge_full, lines_used, section_end_pages, text_lines
from docgen.check.pdf_read import Page, measure
from docgen.check.rules import Finding, Judge, Status
from docgen.check.run import check_files
from docgen.preview import Engine, preview
from docgen.run_resources import RunResources

ROOT = Path(__file__).resolve().parent.parent
MINUTES = ROOT / "tests" / "fixtures" / "forms10" / "纪要-页末空行.md"
SECTIONS = ROOT / "tests" / "fixtures" / "wild10" / "页眉页脚样例-format-xingwen.docx"


def _libreoffice() -> None:
    from docgen.convert.oneshot import soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh)")


def _full(pages: list[Page], section_ends: frozenset[int] = frozenset()) -> Finding:
    """Return pages.full.pdf's finding on ``pages``."""
    findings: list[Finding] = []
    judge_full(pages, find_imprint(pages), Judge(findings), section_ends=section_ends)
    return next(f for f in findings if f.rule.id == "pages.full.pdf")


@pytest.fixture(scope="module")
def minutes(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    """The Typst PDF of 纪要-页末空行, measured: page 2 ends on line 21, page 3 starts with 出席."""
    pdf = tmp_path_factory.mktemp("minutes") / "纪要.pdf"
    report = preview([(MINUTES, pdf)], RunResources(), watermark=False, workers=1, engine=Engine.TYPST)
    assert not report.failed, report.failed
    pages = measure(pdf)
    second = text_lines(pages[1])
    assert lines_used(pages[1], second[-1]) == 21
    assert text_lines(pages[2])[0].text.startswith("出席：")
    return pages


def _without_last_line(page: Page) -> Page:
    last = text_lines(page)[-1]
    return dataclasses.replace(page, lines=[line for line in page.lines if line is not last])


def test_a_minutes_page_one_line_short_before_its_attendance_passes(minutes: list[Page]) -> None:
    finding = _full(minutes)
    assert finding.status is Status.PASS, finding.measured


def test_a_minutes_page_two_lines_short_before_its_attendance_fails(minutes: list[Page]) -> None:
    pages = [minutes[0], _without_last_line(minutes[1]), *minutes[2:]]
    finding = _full(pages)
    assert finding.status is Status.FAIL
    assert finding.measured == "第 2 页：20 行", finding.measured


def test_a_page_one_line_short_before_other_text_fails(minutes: list[Page]) -> None:
    """The same page 2 before a page starting with body text (出席 changed to 参加): no 纪要 attendance."""
    third = minutes[2]
    first = text_lines(third)[0]
    changed = dataclasses.replace(first, text=first.text.replace("出席：", "参加"))
    third = dataclasses.replace(third, lines=[changed if line is first else line for line in third.lines])
    finding = _full([*minutes[:2], third, *minutes[3:]])
    assert finding.status is Status.FAIL
    assert finding.measured == "第 2 页：21 行", finding.measured


def _sample(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """Return a copy of the wild10 sample whose document.xml has ``edits`` (old, new) made."""
    target = tmp_path / name
    with zipfile.ZipFile(SECTIONS) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                text = data.decode()
                for old, new in edits:
                    assert old in text, old
                    text = text.replace(old, new)
                data = text.encode()
            out.writestr(item, data)
    return target


def test_the_sections_of_the_wild_sample_are_read_from_its_sect_pr(tmp_path: Path) -> None:
    breaks = section_breaks(load(SECTIONS.read_bytes()))
    assert breaks == [("本样例用于检查页眉、页脚、PAGE字段和首页不同设置。", "第二节内容")]
    # section 2 continuous: it does not start a new page, so section 1's page is not a section's end
    continuous = _sample(tmp_path, "连续.docx", ("<w:titlePg/>", '<w:type w:val="continuous"/><w:titlePg/>'))
    assert section_breaks(load(continuous.read_bytes())) == []
    # continuous, but a page break before section 2's first paragraph: a new page again
    broken = _sample(
        tmp_path,
        "分页.docx",
        ("<w:titlePg/>", '<w:type w:val="continuous"/><w:titlePg/>'),
        (
            '<w:p><w:r><w:rPr><w:rFonts w:ascii="黑体"',
            '<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="黑体"',
        ),
    )
    assert section_breaks(load(broken.read_bytes())) == breaks


def test_a_page_ending_a_section_is_exempt_only_as_a_section_end(tmp_path: Path) -> None:
    """wild10 #7: page 1 (2 lines) ends section 1; rendered by LibreOffice it passes because the .docx
    says so, and the same measured pages without that fact fail “第 1 页：2 行”."""
    _libreoffice()
    sample = tmp_path / "样例.docx"
    shutil.copy(SECTIONS, sample)
    [report] = check_files([sample], workers=1)
    full = next(f for f in report.findings if f.rule.id == "pages.full.pdf")
    assert full.status is Status.PASS, full.measured
    pdf = tmp_path / "样例.pdf"
    from docgen.convert.converter import convert_documents

    [outcome] = convert_documents([(SECTIONS, pdf)], workers=1)
    assert outcome.error is None, outcome.error
    pages = measure(pdf)
    assert section_end_pages(pages, section_breaks(load(SECTIONS.read_bytes()))) == {1}
    bare = _full(pages)
    assert bare.status is Status.FAIL
    assert bare.measured == "第 1 页：2 行", bare.measured


def test_a_worded_page_number_is_reported_as_the_wrong_form(tmp_path: Path) -> None:
    """wild10 #7: the sample's footer “第 N 页 / 共 M 页”.  As given (w:titlePg and no first-page
    footer in either section) LibreOffice prints it on no page, and “no page numbers” is right; with
    w:titlePg taken off it prints on both pages and is a page number in the wrong form (7.5)."""
    _libreoffice()
    from docgen.convert.converter import convert_documents

    printed = _sample(tmp_path, "页脚.docx", ("<w:titlePg/>", ""))
    jobs = [(SECTIONS, tmp_path / "原样.pdf"), (printed, tmp_path / "页脚.pdf")]
    outcomes = convert_documents(jobs, workers=1)
    assert all(o.error is None for o in outcomes)
    verdicts = []
    for _source, pdf in jobs:
        findings: list[Finding] = []
        check_page_numbers(measure(pdf), Judge(findings))
        verdicts.append({f.rule.id: f for f in findings})
    assert verdicts[0]["page_numbers.position.pdf"].measured == "没有页码"
    position = verdicts[1]["page_numbers.position.pdf"]
    assert position.status is Status.FAIL
    assert position.measured == "页码形式不符：第 1 页「第 1 页 / 共 2 页」；第 2 页「第 2 页 / 共 2 页」", (
        position.measured
    )
    assert verdicts[1]["page_numbers.format.pdf"].status is Status.FAIL
