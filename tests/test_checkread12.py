"""``docgen check`` on notices laid out the ways OTHER tools and Word users leave them (checkread12).

tests/fixtures/checkread12/make12.py rewrites the conformant notice of tests/fixtures/foreign (c01)
as Word and other tools write it: text split over many runs inside tracked insertions, content
controls, hyperlinks, smart tags and fields; fonts and sizes on styles and the theme; the 版头 in a
DrawingML or VML text box or a one-row table; Word's character grid; page numbers in frames; a
template's placeholder date; LibreOffice's re-saves.  Each conformant one passes every rule, each
broken one fails its defect's rules, judged on the .docx and on check's own LibreOffice rendering.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from helpers import load_script
from test_check import _failed, needs_lo

from docgen.check.docx_elements import find_elements
from docgen.check.docx_read import load, visible_text
from docgen.check.rules import Status, rules
from docgen.check.run import Report, check_files
from docgen.load.docx_final import final_copy, markup_of

HERE = Path(__file__).parent / "fixtures" / "checkread12"
make12 = load_script(HERE / "make12.py")  # by path: fixtures/corpus12 and ledgers12 have a make12.py too

CONFORMANT = sorted(p.stem for p in HERE.glob("k*.docx"))
BROKEN = sorted(make12.EXPECTED)

# What each broken file fails: its defect's rules (make12.EXPECTED) and what follows from it, each said.
CONSEQUENCES: dict[str, set[str]] = {
    # 天头 30 mm moves the whole page up: the mark at 68.4 mm, the 版记's last rule at 258.1 mm
    "n01_margin_top_30": {"mark.position.pdf", "imprint.position.pdf"},
    # the defaults' 14 pt reaches the 发文字号 too (number.font), 32 字 a line, and the shorter body
    # leaves the 版记 above the 版心 bottom
    "n02_body_14pt_style": {"grid.chars", "number.font", "imprint.position.pdf"},
    # the page break before the 署名 leaves the 版记 high on page 3
    "n03_imprint_odd_page": {"imprint.position.pdf"},
    "n04_no_page_numbers": {"page_numbers.position.pdf"},
    # LibreOffice sets each 16 pt line on two 22.75 pt grid lines (its CJK face is taller than 仿宋):
    # 14 lines a page 16.05 mm apart (grid.lines.pdf measures them: it read "no body lines" when it
    # took only gaps near the standard's pitch), 3 pages, the rule 7.3 mm under the number
    "n05_28_lines": {"grid.lines.pdf", "pages.even.pdf", "rule.position.pdf", "imprint.position.pdf"},
}
MEASURED = {
    "n01_margin_top_30": ("page.margins", "天头 30.0"),
    "n02_body_14pt_style": ("body.format", "14.0"),
    "n03_imprint_odd_page": ("pages.even.pdf", "3 页"),
    "n04_no_page_numbers": ("page_numbers.format", "没有页码"),
    "n05_28_lines": ("grid.lines", "28 (网格 22.75 pt)"),
}


def _markup_left(name: str) -> set[str]:
    """Return colours.markup for a fixture that holds tracked changes not accepted (the runs in w:ins,
    the w:del of k01): laid out as Word shows it without markup, it fails only that rule, which Word
    prints in colour (tracked13); a document with hyperlinks and content controls alone passes it."""
    return {"colours.markup"} if markup_of(HERE / f"{name}.docx").pending else set()


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    """Check every fixture, each rendered by check's own LibreOffice run."""
    names = CONFORMANT + BROKEN
    found = check_files([HERE / f"{name}.docx" for name in names], workers=2)
    return dict(zip(names, found, strict=True))


def test_the_fixtures_are_what_the_generator_writes(tmp_path: Path) -> None:
    """The checked-in files are make12.py's output, byte for byte (LibreOffice's re-saves apart)."""
    for name, build in make12.BUILDERS.items():
        make12.save(build(), tmp_path / f"{name}.docx")
        assert (tmp_path / f"{name}.docx").read_bytes() == (HERE / f"{name}.docx").read_bytes(), name
    assert {f"{name}_lo" for name in make12.RESAVED} <= set(CONFORMANT)


@needs_lo
@pytest.mark.parametrize("name", CONFORMANT)
def test_a_conformant_notice_passes(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    assert report.general_format
    assert _failed(report) == _markup_left(name), [(f.rule.id, f.measured, f.where) for f in report.failed]
    assert len(report.findings) == len(rules())
    for finding in report.findings:
        if finding.status is Status.NOT_APPLICABLE:
            assert finding.measured, f"{finding.rule.id} not applicable without a reason"


@needs_lo
@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_notice_fails_its_rules(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    assert _failed(report) == make12.EXPECTED[name] | CONSEQUENCES[name] | _markup_left(name), [
        (f.rule.id, f.measured) for f in report.failed
    ]
    rule_id, text = MEASURED[name]
    assert text in next(f.measured for f in report.findings if f.rule.id == rule_id)


def _doc(name: str):  # type: ignore[no-untyped-def]
    return load((HERE / f"{name}.docx").read_bytes())


def test_the_text_in_markup_is_read_as_word_shows_it() -> None:
    """Runs in w:ins, w:sdt, w:hyperlink, w:smartTag and fields are read; w:del text is not."""
    doc = _doc("k01_runs_markup")
    el = find_elements(doc)
    texts = [look.text for look in el.looks]
    assert el.looks[el.mark[0]].text == make12.make_foreign.MARK
    assert el.looks[el.number].text == make12.make_foreign.NUMBER  # its sequence in a content control
    assert el.looks[el.date].text == make12.make_foreign.DATE  # a CREATEDATE field's result
    assert [el.looks[i].text for i in el.signature] == [make12.make_foreign.T.ORGAN]  # a DOCPROPERTY field
    assert not any("此段待领导审定" in t for t in texts)  # the tracked deletion
    # python-docx's Paragraph.text misses what w:ins and w:sdt hold: the gap the reader closes
    number = next(p for p in doc.paragraphs if visible_text(doc, p._p) == make12.make_foreign.NUMBER)
    assert number.text != make12.make_foreign.NUMBER


@pytest.mark.parametrize("name", ["k03_mark_wps_box", "k04_mark_vml_box", "k03_mark_wps_box_lo"])
def test_a_mark_in_a_text_box_is_the_mark(name: str) -> None:
    el = find_elements(_doc(name))
    marks = [el.looks[i] for i in el.mark]
    assert [m.text for m in marks] == [make12.make_foreign.MARK]
    assert marks[0].in_box
    assert marks[0].sizes == {30.0}


def test_a_mark_in_a_table_is_the_mark() -> None:
    el = find_elements(_doc("k05_mark_table"))
    assert [el.looks[i].text for i in el.mark] == [make12.make_foreign.MARK]
    assert el.looks[el.mark[0]].in_table


@pytest.mark.parametrize(
    ("name", "written"), [("k08_date_placeholder_cn", "二〇XX年X月X日"), ("k09_date_placeholder_xx", "20XX年XX月XX日")]
)
def test_a_placeholder_date_is_the_date(name: str, written: str) -> None:
    el = find_elements(_doc(name))
    assert el.date is not None
    assert el.looks[el.date].text == written
    assert [el.looks[i].text for i in el.signature] == [make12.make_foreign.T.ORGAN]
    assert all(el.looks[i].text != written for i in el.body)


def test_the_copy_rendered_has_the_changes_accepted_and_no_wrappers(tmp_path: Path) -> None:
    source = HERE / "k01_runs_markup.docx"
    copy = tmp_path / "final.docx"
    assert final_copy(source, copy)
    xml = zipfile.ZipFile(copy).read("word/document.xml")
    for tag in (b"<w:ins ", b"<w:del ", b"<w:hyperlink", b"<w:smartTag", b"<w:sdt>"):
        assert tag in zipfile.ZipFile(source).read("word/document.xml"), tag
        assert tag not in xml, tag
    before, after = _doc("k01_runs_markup"), load(copy.read_bytes())
    assert [visible_text(before, p._p) for p in before.paragraphs] == [
        visible_text(after, p._p) for p in after.paragraphs
    ]
    # a document without any is rendered as it is
    assert not final_copy(Path(make12.FOREIGN) / "c01_notice_pbdr.docx", tmp_path / "none.docx")
    assert not (tmp_path / "none.docx").exists()


@needs_lo
def test_a_28_line_grid_fails_by_its_lines_on_the_pdf(reports: dict[str, Report]) -> None:
    """n05's declared 28-line grid fails grid.lines on the .docx for its 28 lines, and on LibreOffice's
    PDF for the lines it sets there, each on two 22.75 pt grid lines (16.05 mm apart, 13–14 a page):
    body lines found, not "none"."""
    findings = {f.rule.id: f for f in reports["n05_28_lines"].findings}
    assert findings["grid.lines"].status is Status.FAIL
    assert "28" in findings["grid.lines"].measured
    measured = findings["grid.lines.pdf"]
    assert measured.status is Status.FAIL
    lines, pitch = re.findall(r"\d+(?:\.\d+)?", measured.measured)
    assert 10 <= int(lines) < 22, measured.measured
    assert float(pitch) == pytest.approx(2 * 22.75 * 25.4 / 72, abs=0.05), measured.measured


@needs_lo
def test_the_tracked_changes_are_said(reports: dict[str, Report]) -> None:
    assert any("修订" in note for note in reports["k01_runs_markup"].notes)
    assert not any("修订" in note for note in reports["k08_date_placeholder_cn"].notes)


@needs_lo
def test_the_declared_grid_explains_libreoffice_s_page_count(reports: dict[str, Report]) -> None:
    even = next(f for f in reports["k06_docgrid"].findings if f.rule.id == "pages.even.pdf")
    assert even.status is Status.NOT_APPLICABLE
    assert "3 页" in even.measured
    assert "LibreOffice" in even.measured


def test_placeholder_dates_in_the_reader_of_a_docx_only() -> None:
    """--no-render: the declared rules alone judge a placeholder date a draft."""
    report = check_files([HERE / "k08_date_placeholder_cn.docx"], render=False)[0]
    date = next(f for f in report.findings if f.rule.id == "date.format")
    assert date.status is Status.PASS
    assert "日期待填" in date.measured
    assert not report.failed



@pytest.mark.parametrize("written", ["二〇XX年X月X日", "20XX年XX月XX日"])
def test_format_reads_a_placeholder_date_as_the_date_s_place(written: str) -> None:
    """``docgen format``: the 署名 above a template's placeholder date is the 署名 and the date line is
    the 成文日期's place, filled as [日期] is (it was two body paragraphs, and a second 署名 was added)."""
    from docgen.draft.outline import Role
    from docgen.draft.read import Line
    from docgen.draft.recognise import recognise

    typed = ["关于开展测试工作的通知", "", "各乡镇人民政府：", "", "　　为做好测试工作，现将有关事项通知如下。", ""]
    lines = [*typed, make12.make_foreign.T.ORGAN, written]
    parts = recognise([Line(text, number) for number, text in enumerate(lines, start=1)])
    assert [(p.role, p.text) for p in parts if p.role is not Role.PARAGRAPH][-1] == (
        Role.SIGNATURE,
        make12.make_foreign.T.ORGAN,
    )
    assert not any(written in p.text for p in parts)
