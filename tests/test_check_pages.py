"""``docgen check`` on PDFs: page-level rules and characters per line, each broken in one PDF case.

Each case is docgen's own LibreOffice rendering of the request sample, measured, drawn again by
reportlab (``pdf_cases.draw``) with one measured thing changed; the unchanged drawing passes every
rule.  Every rule of the catalogue has a case (here or in test_check.BROKEN) that fails it and only it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import render
from pdf_cases import FONT, draw, moved, renumber
from reportlab.pdfbase import pdfmetrics
from test_check import BASE, BROKEN, _failed, needs_lo

from docgen import standard as S
from docgen.check.pdf_read import Line, Page, VerticalText, measure
from docgen.check.rules import Judge, Status, rules
from docgen.check.run import Report, check_files

Change = Callable[[list[Page]], list[Page]]
PITCH = S.LINE_PITCH / S.TWIPS_PER_MM


def _line(page: Page, start: str) -> Line:
    return next(line for line in page.lines if line.text.startswith(start))


def _with(page: Page, old: Line, *new: Line) -> Page:
    return replace(page, lines=[line for line in page.lines if line is not old] + list(new))


def _letter_width(pages: list[Page]) -> list[Page]:
    return [pages[0], replace(pages[1], width=215.9), *pages[2:]]


def _into_margin(pages: list[Page]) -> list[Page]:
    line = _line(pages[1], "妥否")
    return [pages[0], _with(pages[1], line, moved(line, right=-16)), *pages[2:]]


def _23_lines(pages: list[Page]) -> list[Page]:
    first, full = _line(pages[0], "今年以来"), _line(pages[0], "分项目复工")
    lines = [replace(first, em_top=39.8)]
    lines += [replace(full, em_top=39.8 + i * 9.8) for i in range(1, 23)]
    number = _line(pages[1], "— 2")
    return [pages[0], replace(pages[1], lines=[*lines, number]), *pages[2:]]


def _hyphen_page_number(pages: list[Page]) -> list[Page]:
    """Page 2's number as a Typst template prints it: “- 2 -” in 14 pt, where “— 2 —” stood
    (tests/fixtures/outsider3/a/govdoc_like.typ prints it in 8 pt)."""
    number = _line(pages[1], "— 2")
    return [
        pages[0],
        _with(pages[1], number, replace(number, text=number.text.replace("—", "-"))),
        *pages[2:],
    ]


def _short_line(pages: list[Page]) -> list[Page]:
    line = _line(pages[0], "分项目复工")
    short = replace(line, text=line.text[:-2], advances=line.advances[:-2])
    return [_with(pages[0], line, short), *pages[1:]]


def _hanging(pages: list[Page]) -> list[Page]:
    line = _line(pages[0], "分项目复工")
    hung = replace(line, text=line.text + "，", advances=(*line.advances, 1.0), x1=line.x1 + 5.6)
    return [_with(pages[0], line, hung), *pages[1:]]


def _spread_before_a_url(pages: list[Page]) -> list[Page]:
    """A line's first 20 字 spread over the whole width before a URL that would not fit (8 字 left,
    the URL 9 字): short before an unbreakable run (grid.chars.pdf) but spread (grid.spread.pdf)."""
    page = pages[0]
    line = _line(page, "分项目复工")
    after = min((x for x in page.lines if x.em_top > line.em_top), key=lambda x: x.em_top)
    pitch = (line.x1 - line.x0) / 20
    starts = tuple(round(line.x0 + i * pitch, 3) for i in range(20))
    spread = replace(line, text=line.text[:20], advances=line.advances[:20], starts=starts)
    url = _retyped(after, after.text[:9], "www.zhangzi.gov.cn")
    return [_with(_with(page, line, spread), after, url), *pages[1:]]


def _blue(pages: list[Page]) -> list[Page]:
    line = _line(pages[1], "恳请")
    return [pages[0], _with(pages[1], line, replace(line, colors=frozenset({(0.0, 0.0, 0.8)}))), *pages[2:]]


def _15pt(pages: list[Page]) -> list[Page]:
    line = _line(pages[1], "妥否")
    return [pages[0], _with(pages[1], line, replace(line, size=15.0)), *pages[2:]]


def _title_off_centre(pages: list[Page]) -> list[Page]:
    page = pages[0]
    second = next(x for x in page.lines if x.size == 22 and x.x1 - x.x0 < 100)  # its short second line
    return [_with(page, second, moved(second, right=5)), *pages[1:]]


def _label_late(pages: list[Page]) -> list[Page]:
    label = _line(pages[3], "附件2")
    return [*pages[:3], _with(pages[3], label, replace(label, em_top=203.1))]


def _odd_pages(pages: list[Page]) -> list[Page]:
    return renumber([*pages[:3], pages[2], pages[3]])


def _imprint_not_last(pages: list[Page]) -> list[Page]:
    return renumber([*pages, pages[2], pages[2]])


def _imprint_high(pages: list[Page]) -> list[Page]:
    page = pages[3]
    low = [
        moved(x, down=-5) if x.em_top > 240 and x.size == 14 and "—" not in x.text else x for x in page.lines
    ]
    rules = [replace(r, top=r.top - 5, bottom=r.bottom - 5) for r in page.rules]
    return [*pages[:3], replace(page, lines=low, rules=rules)]


def _short_page(pages: list[Page]) -> list[Page]:
    page = pages[0]
    return [replace(page, lines=[x for x in page.lines if not 230 < x.em_top < 262]), *pages[1:]]


def _heading_at_foot(pages: list[Page]) -> list[Page]:
    """Page 1's last line is a heading alone (in its own face), page 2 starts its text: the
    heading was not kept with its first line (issue 14 Build 1; LibreOffice did this to corpus
    notice n14-010 although the .docx keeps the heading with its text)."""
    first, second = pages[0], pages[1]
    last = max((x for x in first.lines if not x.text.startswith("—")), key=lambda x: x.em_top)
    text = "二、工作要求"
    zi = S.TYPE_AREA_WIDTH_MM / S.CHARS_PER_LINE
    x0 = S.MARGIN_LEFT_MM + 2 * zi
    heading = replace(
        last, text=text, x0=x0, x1=x0 + len(text) * zi, fonts=frozenset({"heading"}),
        starts=tuple(x0 + i * zi for i in range(len(text))), advances=(1.0,) * len(text),
    )  # fmt: skip
    top = min((x for x in second.lines if x.em_top > 30), key=lambda x: x.em_top)
    indented = replace(
        top, text=top.text[2:], x0=top.x0 + 2 * zi, starts=top.starts[2:], advances=top.advances[2:]
    )
    return [_with(first, last, heading), _with(second, top, indented), *pages[2:]]


def _blank_before_imprint(pages: list[Page]) -> list[Page]:
    page = pages[3]
    imprint = [x for x in page.lines if x.em_top > 240 and x.size == 14 and "—" not in x.text]
    text = replace(page, lines=[x for x in page.lines if x not in imprint], rules=[])
    blank = replace(page, lines=[], rules=[])
    tail = replace(page, lines=imprint)
    return renumber([*pages[:3], text, blank, tail])


def _landscape(pages: list[Page], *, turned: bool) -> list[Page]:
    """Page 3 as a landscape table page; its page number upright at the bottom (where LibreOffice
    puts it) or turned with the page as chapter 8 asks."""
    page = pages[2]
    label = replace(_line(page, "附件1"), em_top=30.8, x0=35.0, x1=50.5)
    row = replace(label, text="序号项目名称单位", size=14.0, em_top=50.0, x1=35.0 + 8 * 4.94)
    rules = [
        replace(r, x0=35.0, x1=260.0, top=45.0 + i * 10, bottom=45.0 + i * 10)
        for i, r in enumerate(page.rules[:5])
    ]
    number = "— 3 —"
    if turned:
        length = pdfmetrics.stringWidth(number, FONT, 14) * 25.4 / 72
        end = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM - S.PAGE_NUMBER_PT * 25.4 / 72
        vertical = [VerticalText(23.1, 28.0, end - length, end, number, upward=False)]
        lines = [label, row]
    else:
        vertical = []
        lines = [label, row, replace(_line(page, "— 3"), em_top=189.4, x0=240.0, x1=254.0)]
    landscape = replace(page, width=297.0, height=210.0, lines=lines, rules=rules, vertical=vertical)
    return [*pages[:2], landscape, pages[3]]


def _wide_table(pages: list[Page]) -> list[Page]:
    page = pages[2]
    rules = [replace(r, x1=r.x1 + 8) if r.x1 > 180 else r for r in page.rules]
    return [*pages[:2], replace(page, rules=rules), pages[3]]


def _narrow_table(pages: list[Page]) -> list[Page]:
    """The table on page 3 drawn 140 mm wide instead of 156: every x of its rules and its text
    (each character's left edge and advance) scaled towards the type area's left edge."""
    page = pages[2]
    upright = [r for r in page.rules if r.x1 - r.x0 < 1 and r.lowest - r.top > 3]
    top, bottom = min(r.top for r in upright), max(r.lowest for r in upright)
    left, scale = S.MARGIN_LEFT_MM, 140 / S.TYPE_AREA_WIDTH_MM

    def x(value: float) -> float:
        return left + (value - left) * scale

    def inside(top_mm: float) -> bool:
        return top - 1 <= top_mm <= bottom + 1

    rules = [replace(r, x0=x(r.x0), x1=x(r.x1)) if inside(r.top) else r for r in page.rules]
    lines = [
        replace(
            line,
            x0=x(line.x0),
            x1=x(line.x1),
            starts=tuple(x(start) for start in line.starts),
            advances=tuple(a * scale for a in line.advances),
        )
        if inside(line.em_top)
        else line
        for line in page.lines
    ]
    return [*pages[:2], replace(page, rules=rules, lines=lines), pages[3]]


def _page_number(line: Line) -> bool:
    return line.text.strip().startswith("—")


def _shifted(page: Page, up: float, keep: Callable[[Line], bool]) -> Page:
    """Return the page with its lines (but those ``keep`` leaves) and its rules moved up by ``up`` mm."""
    lines = [line if keep(line) else moved(line, down=-up) for line in page.lines]
    rules = [replace(r, top=r.top - up, bottom=r.bottom - up) for r in page.rules]
    return replace(page, lines=lines, rules=rules)


def _labels_apart(pages: list[Page]) -> list[Page]:
    """附件1 and 附件2 with their titles alone on a page, the table and the text on the next."""
    split: list[Page] = []
    for page in pages[2:4]:
        label = next(x for x in page.lines if x.text.startswith("附件"))
        title = next(x for x in page.lines if x.size == 22)
        head = replace(
            page, lines=[x for x in page.lines if x in (label, title) or _page_number(x)], rules=[]
        )
        rest = replace(page, lines=[x for x in page.lines if x not in (label, title)])
        if rest.rules and min(r.top for r in rest.rules) < 200:  # the table: moved up to the type area top
            rest = _shifted(rest, min(r.top for r in rest.rules) - 37.0, _page_number)
        else:  # the text: moved up, the imprint left at the bottom
            first = min(x.em_top for x in rest.lines if x.size == 16)
            text = [moved(x, down=39.8 - first) if x.size == 16 else x for x in rest.lines]
            rest = replace(rest, lines=text)
        split += [head, rest]
    return renumber([*pages[:2], *split])


def _retyped(line: Line, old: str, new: str) -> Line:
    """Return the line with ``old`` retyped as ``new`` from the same left edge (digits half a 字)."""
    at = line.text.index(old)
    size_mm = line.size * 25.4 / 72
    advances = tuple(0.5 if ch.isascii() else 1.0 for ch in new)
    x = line.starts[at]
    starts = []
    for advance in advances:
        starts.append(round(x, 3))
        x += advance * size_mm
    end = at + len(old)
    return replace(
        line,
        text=line.text[:at] + new + line.text[end:],
        starts=(*line.starts[:at], *starts, *line.starts[end:]),
        advances=(*line.advances[:at], *advances, *line.advances[end:]),
    )


def _number_split(pages: list[Page]) -> list[Page]:
    """The first project's name (「伊川县产业集聚区|标准化厂房项目」, broken between words) retyped
    「伊川县产业集3800|0万元厂房项目」: its full first line wraps inside the number 38000."""
    page = pages[2]
    first = next(x for x in page.lines if x.text.startswith("伊川县产业集聚区"))
    second = next(x for x in page.lines if x.text.startswith("标准化厂房项目"))
    new = [_retyped(first, "集聚区", "集3800"), _retyped(second, "标准化", "0万元")]
    lines = [x for x in page.lines if x not in (first, second)] + new
    return [*pages[:2], replace(page, lines=lines), pages[3]]


def _word_split(pages: list[Page]) -> list[Page]:
    """The first project's name retyped 「伊川县产业园的冷|链物流厂房项目」: its full first line wraps
    inside 冷链, which fits the column (the drawing is of docgen's PDF: its promise is judged)."""
    page = pages[2]
    first = next(x for x in page.lines if x.text.startswith("伊川县产业集聚区"))
    second = next(x for x in page.lines if x.text.startswith("标准化厂房项目"))
    new = [_retyped(first, "集聚区", "园的冷"), _retyped(second, "标准化", "链物流")]
    lines = [x for x in page.lines if x not in (first, second)] + new
    return [*pages[:2], replace(page, lines=lines), pages[3]]


def _title_in_a_word(pages: list[Page]) -> list[Page]:
    """The title broken inside 建设用地: 「……重点项目建设 | 用地和要素保障问题的请示」, both lines centred."""
    page = pages[0]
    old = [x for x in page.lines if x.size == 22]
    text = "".join(x.text for x in old)
    pitch = (old[0].x1 - old[0].x0) / len(old[0].text)
    centre = (S.MARGIN_LEFT_MM * 2 + S.TYPE_AREA_WIDTH_MM) / 2
    new = []
    for top, part in ((old[0].em_top, text[:14]), (old[1].em_top, text[14:])):
        x0 = centre - pitch * len(part) / 2
        starts = tuple(round(x0 + i * pitch, 3) for i in range(len(part)))
        new.append(
            replace(old[0], text=part, em_top=top, x0=x0, x1=x0 + pitch * len(part), starts=starts,
                    advances=(1.0,) * len(part))
        )  # fmt: skip
    lines = [x for x in page.lines if x not in old] + new
    return [replace(page, lines=lines), *pages[1:]]


DOCGEN = "docgen (LibreOffice, pypdf)"  # the producer of docgen's PDFs (convert/pdf.py)

# (name, change, the rules that must fail)
PDF_CASES: list[tuple[str, Change, set[str]]] = [
    ("page 2 Letter width", _letter_width, {"page.size.pdf"}),
    ("a line 16 mm into the left margin", _into_margin, {"page.margins.pdf"}),
    ("23 lines at 9.8 mm on page 2", _23_lines, {"grid.lines.pdf"}),
    ("a line two characters short mid-paragraph", _short_line, {"grid.chars.pdf"}),
    ("a comma hanging past the right edge", _hanging, {"grid.hanging.pdf"}),
    ("page 2 numbered “- 2 -”", _hyphen_page_number, {"page_numbers.format.pdf"}),
    ("a line spread before a URL", _spread_before_a_url, {"grid.spread.pdf"}),
    ("a blue body line", _blue, {"colours.pdf"}),
    ("a body line at 15 pt", _15pt, {"body.size.pdf"}),
    ("title 5 mm off centre", _title_off_centre, {"title.size.pdf"}),
    ("附件2 below the attachment's text", _label_late, {"attachments.new_page.pdf"}),
    ("five pages with the imprint", _odd_pages, {"pages.even.pdf"}),
    ("two pages after the imprint", _imprint_not_last, {"imprint.page.pdf"}),
    ("imprint 5 mm above the type area bottom", _imprint_high, {"imprint.position.pdf"}),
    ("page 1 three lines short before running text", _short_page, {"pages.full.pdf"}),
    ("a blank page before an imprint that fits", _blank_before_imprint, {"pages.blank.pdf"}),
    ("a heading alone at page 1's foot", _heading_at_foot, {"headings.kept.pdf"}),
    (
        "landscape page numbered at its bottom",
        lambda p: _landscape(p, turned=False),
        {"page_numbers.landscape.pdf"},
    ),
    ("landscape page numbered per chapter 8", lambda p: _landscape(p, turned=True), set()),
    ("table 8 mm past the right edge", _wide_table, {"tables.area.pdf"}),
    ("a table 140 mm wide", _narrow_table, {"tables.width.pdf"}),
    ("附件N and its title alone on their pages", _labels_apart, {"attachments.together.pdf"}),
    ("a number over two lines of its cell", _number_split, {"tables.tokens.pdf"}),
    ("a word that fits its column over two lines of its cell", _word_split, {"tables.words.pdf"}),
    ("the title broken inside 建设用地", _title_in_a_word, {"title.words.pdf"}),
]


@pytest.fixture(scope="module")
def base_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    from docgen.convert.converter import convert_documents

    folder = tmp_path_factory.mktemp("pdf-cases")
    source = folder / "base.docx"
    source.write_bytes(render(BASE))
    (outcome,) = convert_documents([(source, folder / "base.pdf")], workers=1, notes=[])
    assert outcome.error is None
    return measure(outcome.target)


@pytest.fixture(scope="module")
def case_reports(base_pages: list[Page], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    folder = tmp_path_factory.mktemp("pdf-cases-drawn")
    # drawn as docgen's (the base is its PDF): tables.words.pdf, docgen's promise, is judged on them
    paths = {"unchanged": draw(base_pages, folder / "unchanged.pdf", DOCGEN)}
    for index, (name, change, _expected) in enumerate(PDF_CASES):
        paths[name] = draw(change(base_pages), folder / f"case{index:02d}.pdf", DOCGEN)
    reports = check_files(list(paths.values()))
    return dict(zip(paths, reports, strict=True))


@needs_lo
def test_the_unchanged_drawing_passes_every_measured_rule(case_reports: dict[str, Report]) -> None:
    report = case_reports["unchanged"]
    assert not _failed(report), [(f.rule.id, f.measured) for f in report.failed]
    judged = {f.rule.id for f in report.findings if f.status is Status.PASS}
    assert {
        "pages.even.pdf",
        "imprint.page.pdf",
        "pages.full.pdf",
        "pages.blank.pdf",
        "grid.chars.pdf",
        "title.words.pdf",
        "tables.tokens.pdf",
        "tables.words.pdf",
        "tables.width.pdf",
        "grid.latin_gap.pdf",
        "attachments.together.pdf",
    } <= judged


@needs_lo
@pytest.mark.parametrize(
    ("name", "expected"), [(c[0], c[2]) for c in PDF_CASES], ids=[c[0] for c in PDF_CASES]
)
def test_a_pdf_case_fails_exactly_its_rule(
    case_reports: dict[str, Report], name: str, expected: set[str]
) -> None:
    report = case_reports[name]
    assert _failed(report) == expected, [(f.rule.id, f.measured) for f in report.failed]
    for finding in report.failed:
        assert finding.where, finding.rule.id  # every failure of a page-level rule says where


def test_every_rule_has_a_case_failing_it_alone() -> None:
    alone = {next(iter(rules_)) for _n, _c, rules_, _m in BROKEN if len(rules_) == 1}
    alone |= {next(iter(rules_)) for _n, _c, rules_ in PDF_CASES if len(rules_) == 1}
    missing = sorted(set(rules()) - alone)
    assert not missing, f"rules without a case that fails them and only them: {missing}"


def test_every_page_level_rule_names_its_clause() -> None:
    catalogue = rules()
    assert catalogue["pages.even.pdf"].clause == "7.4.1、7.5"
    assert catalogue["imprint.page.pdf"].clause == "7.4.1"
    assert catalogue["page_numbers.landscape.pdf"].clause == "8"
    assert catalogue["pages.full.pdf"].clause == "5.2.3"


@needs_lo
def test_character_counts_say_what_moved(case_reports: dict[str, Report]) -> None:
    (chars,) = [f for f in case_reports["unchanged"].findings if f.rule.id == "grid.chars.pdf"]
    assert "28 字" in chars.measured
    (short,) = [f for f in case_reports["a line two characters short mid-paragraph"].failed]
    assert "第 1 页第 10 行" in short.where
    assert "26 字" in short.measured
    (landscape,) = case_reports["landscape page numbered at its bottom"].failed
    assert "第 3 页" in landscape.measured
    assert "189.4 mm" in landscape.measured


@needs_lo
def test_break_rules_say_what_was_measured_and_where(case_reports: dict[str, Report]) -> None:
    (apart,) = case_reports["附件N and its title alone on their pages"].failed
    assert "附件1及其标题单独在第 3 页（竖排），附件内容从第 4 页开始" in apart.measured
    assert apart.where == "第 3 页、第 5 页"
    (split,) = case_reports["a number over two lines of its cell"].failed
    assert split.measured == "第 3 页第 2 行第 2 列：数字「3800|0」，12 pt"  # the table is set in 小四
    assert split.where == "第 3 页第 2 行第 2 列"
    (word,) = case_reports["a word that fits its column over two lines of its cell"].failed
    assert "第 3 页第 2 行第 2 列：「县产业园的冷|链物流厂房项」拆开了「冷链」" in word.measured
    assert word.where == "第 3 页第 2 行第 2 列"
    (title,) = case_reports["the title broken inside 建设用地"].failed
    assert "「建设用地」被拆开" in title.measured
    assert title.where == "第 1 页，标题"


def test_a_line_carried_over_by_avoiding_a_mark_at_its_start_is_full() -> None:
    from docgen.check.pdf_chars import check_chars

    def line(top: float, text: str, x0: float = 28.0) -> Line:
        return Line(top, 16.0, x0, 184.0, text, frozenset())  # widths by class: half-width ½

    body = "重点项目建设领导小组办公室"
    lines = [
        line(39.8, body * 2, 39.2),  # 2 + 26
        line(50.0, body * 2 + "重点"),
        line(60.1, body * 2 + "推"),  # 27: 进 carried over, since ， may not start a line
        line(70.3, "进，" + body * 2),
        line(80.5, body),
        line(90.8, body + "2020年度计划工作", 39.2),  # 2 + 13 + 2 + 6 = 23: 2020年3月5日 (6) does not fit
        line(101.0, "2020年3月5日完成" + body[:6]),
        line(111.2, body[:5], 39.2),
    ]
    judge = Judge([])
    check_chars([Page(1, lines, [])], judge, header_bottom=0.0, declared_grid=None)
    (chars,) = [f for f in judge.findings if f.rule.id == "grid.chars.pdf"]
    assert chars.status is Status.PASS, chars.measured
    assert "1 行因避头尾较短，1 行位于不可断开的西文数字串之前" in chars.measured
    assert "避头尾：“进”移至下一行" in chars.measured


@needs_lo
def test_a_word_character_grid_is_judged_as_declared(tmp_path: Path) -> None:
    from test_check import _mutate, _q, _sect

    def grid(trees: dict) -> None:  # type: ignore[type-arg]
        node = _sect(trees).find(_q("docGrid"))
        node.set(_q("type"), "linesAndChars")
        node.set(_q("charSpace"), "-848")

    path = tmp_path / "word-grid.docx"
    path.write_bytes(_mutate(render(BASE), grid))
    (report,) = check_files([path])
    by_id = {f.rule.id: f for f in report.findings}
    assert by_id["grid.chars"].status is Status.PASS
    assert by_id["grid.chars.pdf"].status is Status.NOT_APPLICABLE
    assert "指定行和字符网格" in by_id["grid.chars.pdf"].measured


def test_the_gap_between_chinese_and_digits_is_measured_not_assumed() -> None:
    """LibreOffice's default ¼ 字 (the foreign fixtures, converted by plain soffice) and docgen's
    own PDFs with it turned off (issue 14) are both measured as they are."""
    from docgen.check.pdf_chars import measured_autospace

    foreign = Path(__file__).parent / "fixtures" / "foreign" / "c07_multipage.pdf"
    lines = [line for page in measure(foreign) for line in page.lines if line.size > 15]
    assert 0.2 < measured_autospace(lines) < 0.3  # about ¼ 字
    spaced = lines[0]
    assert spaced.starts  # each character's edge is read
    size = spaced.size
    tight = [
        Line(
            em_top=1.0, size=size, x0=28.0, x1=28.0 + 5 * 5.6, text="安排2021年", fonts=frozenset(),
            advances=(1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 1.0),
            starts=tuple(28.0 + x * 5.57 for x in (0, 1, 2, 2.5, 3, 3.5, 4)),
        )
    ]  # fmt: skip
    assert measured_autospace(tight) < 0.01


def test_tokens_split_inside_or_at_their_joints() -> None:
    from docgen.check.pdf_breaks import split_tokens

    assert split_tokens(["2025年10月13", "日"]) == [("date", "2025年10月13|日", False)]
    assert split_tokens(["2025年", "10月", "13日"]) == [("date", "2025年|10月|13日", True)]
    assert split_tokens(["XM2025057", "6"]) == [("code", "XM2025057|6", False)]
    assert split_tokens(["DB-2025-", "012"]) == [("code", "DB-2025-|012", True)]
    assert split_tokens(["伊重点项目办〔2025〕", "13号"]) == [("docno", "伊重点项目办〔2025〕|13号", True)]
    assert split_tokens(["伊重点项目", "办〔2025〕13号"]) == [("docno", "伊重点项目|办〔2025〕13号", False)]
    assert split_tokens(["53236.4", "1"]) == [("number", "53236.4|1", False)]
    assert split_tokens(["完成51.1", "2%"]) == [("number", "51.1|2%", False)]
    assert split_tokens(["改造农村公路29.2", "公里"]) == []  # a number and its unit may part
    assert split_tokens(["县产业集", "聚区管委", "会"]) == []


def _cell_page(texts: list[str], size: float, *, landscape: bool, chars: float) -> Page:
    """A page with one bordered cell holding ``texts`` as its lines, from x 42 mm, room for ``chars``
    字 of ``size`` and 2 mm padding each side."""
    from docgen.check.pdf_read import Rule

    pitch = size * 25.4 / 72
    lines = []
    for index, text in enumerate(texts):
        advances = tuple(0.5 if ch.isascii() else 1.0 for ch in text)
        starts, x = [], 42.0
        for advance in advances:
            starts.append(round(x, 3))
            x += advance * pitch
        lines.append(Line(55.0 + index * 1.3 * pitch, size, 42.0, x, text, frozenset(), advances=advances,
                          starts=tuple(starts)))  # fmt: skip
    right = 42.0 + chars * pitch + 2.0
    black = (0.0, 0.0, 0.0)
    rules = [Rule(50.0, 40.0, right, black, 0.5, 50.0), Rule(90.0, 40.0, right, black, 0.5, 90.0)]
    rules += [Rule(50.0, x, x, black, 0.5, 90.0) for x in (40.0, right)]
    width, height = (297.0, 210.0) if landscape else (210.0, 297.0)
    return Page(1, lines, rules, width, height)


def test_a_date_may_break_at_a_joint_only_on_a_landscape_page() -> None:
    from docgen.check.pdf_breaks import check_breaks

    def verdict(page: Page) -> tuple[Status, str, str]:
        judge = Judge([])
        check_breaks([page], None, judge)
        (found,) = [f for f in judge.findings if f.rule.id == "tables.tokens.pdf"]
        return found.status, found.measured, found.where

    assert verdict(_cell_page(["2025年", "10月"], 10.5, landscape=True, chars=3.2))[0] is Status.PASS
    assert verdict(_cell_page(["2025年", "4月"], 12.0, landscape=True, chars=3.2))[0] is Status.PASS
    status, measured, where = verdict(_cell_page(["2025年", "10月"], 10.5, landscape=False, chars=3.2))
    assert status is Status.FAIL
    assert "「2025年|10月」" in measured
    assert "10.5 pt" in measured
    assert where == "第 1 页第 1 行第 1 列"
    status, measured, _where = verdict(_cell_page(["2025年1", "0月"], 10.5, landscape=True, chars=3.7))
    assert status is Status.FAIL
    assert "「2025年1|0月」" in measured
    assert (
        verdict(_cell_page(["长子县大堡头", "标准化厂房"], 14.0, landscape=False, chars=6.2))[0]
        is Status.PASS
    )


def test_a_line_ending_its_paragraph_in_a_cell_breaks_no_token() -> None:
    """Two values in one cell, one a line ("100" above "200"), are two numbers; wrapped, one split."""
    from docgen.check.pdf_breaks import check_breaks

    def status(chars: float) -> Status:
        judge = Judge([])
        check_breaks([_cell_page(["100", "200"], 14.0, landscape=False, chars=chars)], None, judge)
        (found,) = [f for f in judge.findings if f.rule.id == "tables.tokens.pdf"]
        return found.status

    assert status(6.0) is Status.PASS
    assert status(1.7) is Status.FAIL


def test_a_title_break_is_judged_by_the_words_the_layout_breaks_by() -> None:
    from docgen.check.pdf_breaks import check_breaks
    from docgen.layout.titles import title_lines
    from docgen.words import broken_word

    title = "关于长子县南漳生态修复治理项目的挂牌督办通知书"
    assert broken_word(title, title.index("牌督办")) == "挂牌督办通知书"  # a kind is one word
    assert broken_word(title, title.index("挂牌")) is None
    # overlapping domain words are read as the segmenter reads them: 重点项目|建设|进展
    progress = "关于2025年一季度重点项目建设进展情况的通报"
    assert broken_word(progress, progress.index("建设进展")) is None
    assert broken_word(progress, progress.index("项目建设")) == "重点项目"
    assert broken_word("关于2020年第四季度", 4) == "2020"  # inside a number
    assert broken_word("关于2020年第四季度", 6) == "0年"  # a number and its unit

    def judged(*texts: str) -> tuple[Status, str]:
        lines = [Line(70.0 + 10 * i, 22.0, 40.0, 170.0, text, frozenset()) for i, text in enumerate(texts)]
        judge = Judge([])
        check_breaks([], lines, judge)
        (found,) = [f for f in judge.findings if f.rule.id == "title.words.pdf"]
        return found.status, found.measured

    # the layout's own lines pass the rule that judges any document's
    assert judged(*title_lines(title))[0] is Status.PASS
    status, measured = judged("关于长子县南漳生态修复治理项目的挂", "牌督办通知书")
    assert status is Status.FAIL
    assert "「挂牌督办通知书」" in measured
    assert "第 1 行" in measured
    assert judged(title)[0] is Status.NOT_APPLICABLE


def test_an_attachment_label_with_only_its_title_on_the_page_is_apart() -> None:
    from docgen.check.pdf_breaks import check_breaks

    def verdict(*lines: tuple[float, float, float, str]) -> tuple[Status, str]:
        page = Page(7, [Line(top, size, x0, x1, text, frozenset()) for top, size, x0, x1, text in lines], [])
        after = Page(
            8, [Line(39.8, 16.0, 39.2, 183.6, "对用地、环评、施工许可等手续实行容缺受理。", frozenset())], []
        )
        judge = Judge([])
        check_breaks([page, after], None, judge)
        (found,) = [f for f in judge.findings if f.rule.id == "attachments.together.pdf"]
        return found.status, found.measured

    label = (39.8, 16.0, 28.0, 42.4, "附件2")
    title = (58.9, 22.0, 59.5, 152.6, "重点项目建设考核评分细则")
    status, measured = verdict(label, title)
    assert status is Status.FAIL
    assert "附件2" in measured
    assert "第 8 页" in measured
    # a paragraph's first line, indented two 字, that happens to sit near the centre is content
    near_centre = (80.5, 16.0, 39.2, 175.5, "对连续11次排名后4位的单位，由县纪委监委进行约谈。")
    assert verdict(label, title, near_centre)[0] is Status.PASS


@needs_lo
def test_a_foreign_docx_is_rendered_with_the_spacing_it_declares(tmp_path: Path) -> None:
    """The UNO worker turns the Chinese–Latin gap off only for a .docx that declares it off (docgen's
    own, w:autoSpaceDE/DN 0); a document typed in Word keeps Word's default ¼ 字, as Word sets it."""
    from docgen.check.pdf_chars import measured_autospace
    from docgen.convert.converter import convert_documents

    foreign = Path(__file__).parent / "fixtures" / "foreign" / "c07_multipage.docx"
    own = tmp_path / "own.docx"
    own.write_bytes(render(BASE))
    jobs = [(foreign, tmp_path / "foreign.pdf"), (own, tmp_path / "own.pdf")]
    outcomes = convert_documents(jobs, workers=1, notes=[])
    assert all(o.error is None for o in outcomes)
    gaps = [
        measured_autospace([line for page in measure(o.target) for line in page.lines if line.size > 15])
        for o in outcomes
    ]
    assert 0.2 < gaps[0] < 0.3, gaps  # about ¼ 字, as the checked-in LibreOffice PDF
    assert gaps[1] < 0.05, gaps
