"""Page-level rules measured on a PDF: the 版记's page, page count, full, blank and landscape pages.

Only positions, sizes, colours and text are used, never how a producer built the document:
the 版记 is the block of lines starting 抄送：/主送： (or a bulletin's 报：/送：/发：) or ending 印发,
with the long black rules around it; an attachment starts where a page's first line is 附件 or 附件N;
a landscape page is a page wider than it is high.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from docgen import standard as S
from docgen.check.docx_elements import label_level
from docgen.check.pdf_read import MM_PER_PT, Line, Page, Rule
from docgen.check.rules import Judge
from docgen.i18n import _

PITCH_MM = S.LINE_PITCH / S.TWIPS_PER_MM
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")
PAGE_NUMBER_LIKE = re.compile(r"^[—–―－\-~·]*\s*\d{1,4}\s*[—–―－\-~·]*$")  # - 1 -, 1, –1–: other tools'
ONE_CHAR_14 = S.PAGE_NUMBER_PT * 25.4 / 72  # the page number's 一字 (7.5)
IMPRINT_START = ("抄送", "主送：", "报：", "送：", "发：")
# the 印发 line ends with its date (7.4.3: 印发机关 and 印发日期): a title's line may end 关于印发
PRINTED = re.compile(r"日\s*印发$")
ATTACHMENT_LABEL = re.compile(r"^附件\s*\d*$")


@dataclass(frozen=True)
class Area:
    """A page's type area in millimetres from the paper's top-left corner."""

    left: float
    top: float
    right: float
    bottom: float


def type_area(page: Page) -> Area:
    """Return the type area: 5.2.1 on a portrait page; on a landscape page (ch. 8) the same area turned,
    the portrait 订口 (28 mm) at the top and its 版心 bottom edge (35 mm) at the left."""
    if page.landscape:
        return Area(
            S.MARGIN_BOTTOM_MM,
            S.MARGIN_LEFT_MM,
            S.MARGIN_BOTTOM_MM + S.TYPE_AREA_HEIGHT_MM,
            S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM,
        )
    return Area(
        S.MARGIN_LEFT_MM,
        S.MARGIN_TOP_MM,
        S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM,
        S.MARGIN_TOP_MM + S.TYPE_AREA_HEIGHT_MM,
    )


def is_page_number(line: Line) -> bool:
    """Return True for a page number line: — N — anywhere, or a number with or without other dashes
    (- 1 -, 1) below the type area of a portrait or a landscape page."""
    text = line.text.strip()
    below = (
        line.em_top
        > min(S.MARGIN_TOP_MM + S.TYPE_AREA_HEIGHT_MM, S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM) - 1
    )
    return bool(PAGE_NUMBER.match(text)) or (below and bool(PAGE_NUMBER_LIKE.match(text)))


def text_lines(page: Page) -> list[Line]:
    """Return the page's lines of text other than its page number, top to bottom."""
    return sorted((line for line in page.lines if not is_page_number(line)), key=lambda line: line.em_top)


def on_pages(numbers: Iterable[int]) -> str:
    """Return where a failure is: the pages, in order, once each."""
    return "、".join(_("page {n}").format(n=n) for n in sorted(set(numbers)))


def record_failures(
    judge: Judge, rule_id: str, failures: list[str], passed: str, expected: str, numbers: Iterable[int]
) -> None:
    """Record ``rule_id``: failed when there are ``failures`` (the first three said, on the pages
    ``numbers``), else passed with ``passed`` measured."""
    judge.record(rule_id, not failures, "; ".join(failures[:3]) or passed, expected, on_pages(numbers))


def is_blank(page: Page) -> bool:
    """Return True for a page with nothing on it but (perhaps) a page number."""
    return (
        not text_lines(page)
        and not page.rules
        and not page.images
        and all(PAGE_NUMBER.match(v.text.strip()) for v in page.vertical)
    )


def content_bottom(page: Page) -> float:
    """Return the lowest point of the page's text, rules and pictures (page number left out)."""
    bottoms = [line.em_bottom for line in text_lines(page)]
    bottoms += [rule.lowest for rule in page.rules] + [box.bottom for box in page.images]
    return max(bottoms, default=type_area(page).top)


@dataclass(frozen=True)
class Imprint:
    """The 版记 found on a page: its lines and its rules."""

    page: Page
    lines: list[Line]
    rules: list[Rule]
    pages: tuple[int, ...]  # every page holding a line of it

    @property
    def top(self) -> float:
        return min([r.top for r in self.rules] + [line.em_top for line in self.lines])

    @property
    def bottom(self) -> float:
        return max([r.lowest for r in self.rules] + [line.em_bottom for line in self.lines])


def _is_imprint_line(line: Line) -> bool:
    text = line.text.strip()
    return text.startswith(IMPRINT_START) or bool(PRINTED.search(text))


def find_imprint(pages: list[Page]) -> Imprint | None:
    """Return the 版记 (the last page holding its lines), or None."""
    holding = [p for p in pages if any(_is_imprint_line(line) for line in p.lines)]
    if not holding:
        return None
    page = holding[-1]
    lines = [line for line in page.lines if _is_imprint_line(line)]
    # its rules lie around its lines (a table above it has rules of its own)
    top = min(line.em_top for line in lines) - 8
    width = type_area(page).right - type_area(page).left
    rules = [r for r in page.rules if max(r.color[:3]) <= 0.3 and r.length > width - 2 and r.top >= top]
    # a table ending just above the 版记 has a thin bottom rule there: the 版记 starts at its first
    # 0.35 mm rule when it has one (measured: a 0.5 pt table rule 1.7 mm above it was taken as its first)
    thick = [r.top for r in rules if r.width_pt >= 0.9]
    if thick:
        rules = [r for r in rules if r.top >= min(thick) - 0.3]
    return Imprint(page, lines, rules, tuple(p.number for p in holding))


def check_pages(
    pages: list[Page],
    judge: Judge,
    *,
    double_sided: bool = True,
    office_header: bool = False,
    imprint_place: str | None = None,
) -> None:
    """Judge the page-level rules: 版记 page and position, page count, full, blank and landscape pages
    (``office_header``: page 1's body follows the office's own 版头, issue 19 c; ``imprint_place``:
    why LibreOffice did not put the 版记 where the .docx declares it, said when its position fails)."""
    imprint = find_imprint(pages)
    _imprint_position(imprint, judge, imprint_place)
    _imprint_page(pages, imprint, judge)
    _even(pages, imprint, judge, double_sided=double_sided)
    _full(pages, imprint, judge, office_header=office_header)
    _blank(pages, imprint, judge, double_sided=double_sided)
    _landscape_numbers(pages, judge)
    _inside(pages, judge)


def _imprint_position(imprint: Imprint | None, judge: Judge, declared: str | None = None) -> None:
    if imprint is None:
        judge.not_applicable("imprint.position.pdf", _("no imprint"))
        return
    where = _("page {n}, imprint").format(n=imprint.page.number)
    if not imprint.rules:
        # rules narrower than the 版心 (paragraph borders inside indents) are there, but not 版记 rules
        top = min(line.em_top for line in imprint.lines) - 8
        near = [r.length for r in imprint.page.rules if max(r.color[:3]) <= 0.3 and r.top >= top]
        measured = (
            _("no rules as wide as the type area (the longest {length:.1f} mm)").format(length=max(near))
            if near
            else _("no rules")
        )
        judge.record("imprint.position.pdf", False, measured, _("last rule on the type area bottom"), where)
        return
    bottom = max(imprint.rules, key=lambda r: r.top)
    area_bottom = type_area(imprint.page).bottom
    widths = sorted({round(r.width_pt * 25.4 / 72, 2) for r in imprint.rules})
    ok = abs(bottom.top - area_bottom) <= 1 and all(0.2 <= w <= 0.4 for w in widths)
    measured = _("last rule at {top:.1f} mm, rules {widths} mm").format(
        top=bottom.top, widths="/".join(map(str, widths))
    )
    if declared and abs(bottom.top - area_bottom) > 1:
        measured += _("; ") + declared
    judge.record(
        "imprint.position.pdf",
        ok,
        measured,
        _("at {bottom:.0f} mm ±1, rules 0.35/0.25 mm").format(bottom=area_bottom),
        where,
    )


def _imprint_page(pages: list[Page], imprint: Imprint | None, judge: Judge) -> None:
    if imprint is None:
        judge.not_applicable("imprint.page.pdf", _("no imprint"))
        return
    page = imprint.page
    ok = page.number == pages[-1].number and not page.landscape and len(imprint.pages) == 1
    measured = _("page {n} of {total}, {orientation}").format(
        n="、".join(map(str, imprint.pages)),
        total=len(pages),
        orientation=_("landscape") if page.landscape else _("portrait"),
    )
    judge.record(
        "imprint.page.pdf",
        ok,
        measured,
        _("on the last page, portrait, whole on one page"),
        _("page {n}, imprint").format(n=page.number) if not ok else "",
    )


def _even(pages: list[Page], imprint: Imprint | None, judge: Judge, *, double_sided: bool) -> None:
    if imprint is None:
        judge.not_applicable("pages.even.pdf", _("no imprint"))
        return
    if not double_sided:
        judge.not_applicable("pages.even.pdf", _("printed single-sided"))
        return
    judge.record(
        "pages.even.pdf",
        len(pages) % 2 == 0,
        _("{n} pages").format(n=len(pages)),
        _("an even number: the imprint's page is the back of a sheet"),
        "" if len(pages) % 2 == 0 else _("page {n}, imprint").format(n=imprint.page.number),
    )


# Under the characters of a full page's last line LibreOffice leaves 2.1-2.4 mm of its grid line
# (measured); a line more needs that and a whole pitch.  Lines below a table or figure may sit off the
# grid (outsider2 item 9: 1.06 mm lower, 11.6 mm left under the 21st line, where the 22nd line's cell
# would end at 263.1 mm): the room is counted in grid lines after the last line's own cell, not from
# its characters, with 0.5 mm of tolerance.
UNDER_LAST_LINE_MM = 2.1
LINE_ROOM_TOLERANCE_MM = 0.5


def lines_used(page: Page, last: Line, slack: float = 0.0) -> int:
    """Return the grid line (1-22) the page's last line sits on, counted up from the type area bottom
    by the whole lines that would still fit under it (``slack`` mm more room counted as none)."""
    room = type_area(page).bottom - last.em_bottom - slack - UNDER_LAST_LINE_MM + LINE_ROOM_TOLERANCE_MM
    return S.LINES_PER_PAGE - int(max(0.0, room) / PITCH_MM)


# Page 1 under an office's own 版头 (issue 19 c): the 版头 is not whole grid lines tall, so the body's
# lines sit off the grid, and the line LibreOffice finds does not fit by tenths of a mm leaves a slot
# free under the last one (measured: 12.1 mm under its characters, where a full page leaves 2.1 mm and
# a page one line short 12.3 mm).  On that page, room up to a line and 0.4 mm is taken for full.
OFFICE_FIRST_PAGE_SLACK_MM = 2.5


def _starts_attachment(page: Page) -> bool:
    lines = text_lines(page)
    return bool(lines) and bool(ATTACHMENT_LABEL.match(lines[0].text.strip()))


# a picture's paragraph takes a little more than the picture (its spacing on the grid): a figure up to
# this much shorter than the room left is still taken for one that did not fit
FIGURE_SLACK_MM = 1.0


def _figure_first(page: Page) -> float | None:
    """Return the height a figure starting ``page`` needs, in mm, from its lead-in line (at most one
    text line above it, kept with it) to the picture's bottom; None if the page does not start so.

    With a lead-in, the line's room counts too: it begins above its characters, and the page
    before has room under its last line's characters that the line under them takes (the two add
    up to a grid line less the characters' height).  Measured from the characters alone, a lead-in
    and a figure that did not fit by up to 3.6 mm were taken for ones that would have (a 150 × 84 mm
    figure under 「……如下图：」 with 94.1 mm left: LibreOffice moved both, the page was failed).
    """
    if not page.images:
        return None
    figure = min(page.images, key=lambda b: b.top)
    above = [line for line in text_lines(page) if line.em_bottom <= figure.top + 0.5]
    if len(above) > 1:
        return None
    if not above:
        return figure.bottom - figure.top
    lead = above[0]
    return figure.bottom - lead.em_top + max(0.0, PITCH_MM - (lead.em_bottom - lead.em_top))


def _leading_headings(lines: list[Line]) -> int:
    """Return how many lines at the top of a page are headings (一、 （一） 1. （1）), one after another.

    Each was kept with what follows it (a 六、 with the （一） under it, that with its first line of
    text): a page before them may be as many lines short.  The rule allowed two whatever the chain:
    a page ending two short before one heading passed, one three short before 一、（一）1. failed.
    """
    count = 0
    while count < len(lines) and label_level(lines[count].text.strip()) is not None:
        count += 1
    return count


def _pitch(lines: list[Line], kept: int) -> float:
    """Return the line pitch of a page's first ``kept`` + 1 lines, mm (the grid's when they are fewer).

    The headings and the first line of their text did not fit when the room under the page
    before's last line is less than theirs: ``kept`` + 1 pitches (the last one's characters end that
    far under the page's last line's).  On the grid that is the page ending at most ``kept`` lines
    short (2.1 mm under a full page's last line); a document of its own grid (20 lines of 11.29 mm)
    is measured by its own pitch.
    """
    if kept < len(lines):
        return (lines[kept].em_top - lines[0].em_top) / kept
    return PITCH_MM


def _table_under(page: Page, lines: list[Line], kept: int) -> bool:
    """Return True when a table starts right under the page's first ``kept`` lines (a rule between
    the last of them and the next line of text): headings kept with a table's first rows."""
    below = lines[kept].em_top if kept < len(lines) else math.inf
    return any(
        lines[kept - 1].em_bottom - 0.5 < rule.top < below for rule in page.rules if rule.x1 - rule.x0 > 20
    )


# the lines of the paragraphs introducing a table (「……如下：」, 「第一组（目标：……）：」) that go to the
# next page with its header and first row (layout/aftertable.LEAD_IN_LINES: two paragraphs of two)
LEAD_IN_LINES = 4


def _lead_ins(lines: list[Line], kept: int) -> list[int]:
    """Return the counts of lines after the page's first ``kept`` ones (at most ``LEAD_IN_LINES``)
    whose last ends with 「：」: a lead-in, if a table stands under it."""
    return [
        count
        for count in range(1, min(LEAD_IN_LINES, len(lines) - kept) + 1)
        if lines[kept + count - 1].text.strip().endswith(("：", ":"))
    ]


CLOSING_CARRY = 1  # lines of body text a closing takes along to its page (7.3.5.5, layout/closing.CARRIED)
CLOSING_LOOK = 8  # lines looked through for the 署名: the carried lines and a 附件说明 above it


def _closing_first(page: Page) -> bool:
    """Return True when ``page`` starts with body text, not a heading, and then (under a 附件说明,
    7.3.4) the 署名: a line starting past the indent and ending 1–6 字 from the type area's right
    edge (7.3.5.1–7.3.5.3: the 署名 and date 右空二字 or 四字, a sealed one centred over the date)."""
    lines = text_lines(page)
    if not lines or label_level(lines[0].text.strip()) is not None:
        return False
    area = type_area(page)
    em = S.BODY_PT * MM_PER_PT
    for index, line in enumerate(lines[1:CLOSING_LOOK], start=1):
        if abs(line.size - S.BODY_PT) > 0.3:
            return False
        signature = (
            line.x0 > area.left + 2.5 * em and area.right - 6.5 * em <= line.x1 <= area.right - 0.5 * em
        )
        if signature:
            note = [i for i in range(index) if lines[i].text.strip().startswith("附件")]
            return min(note, default=index) <= CLOSING_CARRY
    return False


def _may_end_short(pages: list[Page], index: int, imprint: Imprint | None, used: int, room: float) -> bool:
    """Return True where a page of running text may hold fewer than 22 lines (``room``: mm free under its
    last line down to the type area's bottom):

    * it is the last page;
    * it ends the body or an attachment: the next page is blank, holds the 版记 and no running
      text, or starts an attachment (its first line 附件 or 附件N, 7.3.7);
    * it ends a section: the next page has the other orientation (landscape pages, ch. 8);
    * headings were kept with their text: the next page starts with k heading lines (一、 （一） 1.
      （1）) and at most k lines are left free (the headings and the first line of their text did
      not fit: a heading stays with what follows it up to the first line of text, issue 14 Build 1),
      or the headings stand over a table (its header and first row cannot split);
    * the next page starts with the lines introducing a table (headings, then at most
      ``LEAD_IN_LINES`` lines ending with 「：」) and the table under them: a lead-in goes with the
      table's header and first row (layout/aftertable.lead_in_start);
    * a table that cannot split starts the next page (its top rule above the page's first line of
      text): its header and first row did not fit in the lines left (issue 14, Build 1);
    * a figure starts the next page (at most its one lead-in line above it) and is taller than the
      room left under this page's last line: a picture cannot split (issue 14, Build 1);
    * the closing follows on the next page under at most ``CLOSING_CARRY`` lines of body text: the
      署名 stays with the body's last lines (7.3.5.5), and a closing that fits under no line of this
      page took them along (layout/closing.py, "carried").
    """
    if index == len(pages) - 1:
        return True
    page, after = pages[index], pages[index + 1]
    following = text_lines(after)
    kept = _leading_headings(following)
    if kept and (room < (kept + 1) * _pitch(following, kept) or _table_under(after, following, kept)):
        return True
    # the headings and the lines introducing a table went with its header and first row
    if any(_table_under(after, following, kept + lead) for lead in _lead_ins(following, kept)):
        return True
    if is_blank(after) or after.landscape != page.landscape or _starts_attachment(after):
        return True
    needed = _figure_first(after)
    if needed is not None and needed > room - FIGURE_SLACK_MM:
        return True
    top_rules = [r.top for r in after.rules if r.x1 - r.x0 > 20]
    if top_rules and following and min(top_rules) < following[0].em_top:
        return True
    if _closing_first(after):
        return True
    if imprint is not None and after.number == imprint.page.number:
        return all(line.em_top >= imprint.top - 1 for line in text_lines(after))
    return False


def _full(pages: list[Page], imprint: Imprint | None, judge: Judge, *, office_header: bool = False) -> None:
    short = []
    judged = 0
    for index, page in enumerate(pages):
        lines = [line for line in text_lines(page) if line.em_top < type_area(page).bottom]
        if page.landscape or not lines or (imprint is not None and page.number == imprint.page.number):
            continue
        last = lines[-1]
        # a page of running text ends with a line of body text; one ending with a table row or a
        # picture (which move whole to the next page) is not judged
        others = [r.lowest for r in page.rules] + [b.bottom for b in page.images]
        if abs(last.size - S.BODY_PT) > 0.3 or any(b > last.em_bottom for b in others):
            continue
        judged += 1
        used = lines_used(page, last, OFFICE_FIRST_PAGE_SLACK_MM if office_header and index == 0 else 0.0)
        room = type_area(page).bottom - last.em_bottom
        if used < S.LINES_PER_PAGE and not _may_end_short(pages, index, imprint, used, room):
            short.append((page.number, used))
    if not judged:
        judge.not_applicable("pages.full.pdf", _("no page of running text"))
        return
    judge.record(
        "pages.full.pdf",
        not short,
        "; ".join(_("page {n}: {lines} lines").format(n=n, lines=used) for n, used in short)
        or _("{n} pages of running text full or ending the text").format(n=judged),
        _(
            "22 lines; fewer only on the last page, a page before an attachment, the imprint or a blank "
            "page, before a page of the other orientation, before a table or figure that did not fit, or "
            "before a page starting with headings at most as many fewer as it has heading lines"
        ),
        on_pages(n for n, _used in short),
    )


def _blank(pages: list[Page], imprint: Imprint | None, judge: Judge, *, double_sided: bool) -> None:
    if imprint is None:
        judge.not_applicable("pages.blank.pdf", _("no imprint"))
        return
    index = next(i for i, p in enumerate(pages) if p.number == imprint.page.number)
    if index < 2 or not is_blank(pages[index - 1]):
        judge.record(
            "pages.blank.pdf", True, _("no blank page before the imprint"), _("no needless blank page")
        )
        return
    before = pages[index - 2]
    room = type_area(before).bottom - _used_to(before)
    height = imprint.bottom - imprint.top
    # double-sided, the 版记 may end only an even page: on an odd page before, the blank is needed;
    # and it goes only on a portrait page (7.4.1): after landscape pages the blank may be needed too
    fits = room >= height and (not double_sided or before.number % 2 == 0) and not before.landscape
    judge.record(
        "pages.blank.pdf",
        not fits,
        _("blank page {blank}; the imprint ({height:.0f} mm) and {room:.0f} mm free on page {before}").format(
            blank=pages[index - 1].number, height=height, room=room, before=before.number
        ),
        _("no blank page when the imprint fits at the bottom of the page before"),
        _("page {n}").format(n=pages[index - 1].number) if fits else "",
    )


def _used_to(page: Page) -> float:
    """Return how far down ``page`` is used: below a body line, the bottom of its grid line (the
    room under it is whole grid lines, not the few mm under the characters), else the content's bottom."""
    bottom = content_bottom(page)
    body = [line for line in text_lines(page) if abs(line.size - S.BODY_PT) <= 0.3]
    if body and max(line.em_bottom for line in body) >= bottom - 0.01:
        top = type_area(page).top
        slots = math.ceil((bottom - top) / PITCH_MM - 0.05)
        bottom = max(bottom, top + slots * PITCH_MM)
    return bottom


def _landscape_numbers(pages: list[Page], judge: Judge) -> None:
    landscape = [p for p in pages if p.landscape]
    if not landscape:
        judge.not_applicable("page_numbers.landscape.pdf", _("no landscape pages"))
        return
    # ch. 8: the page number stays where the portrait pages have it once the sheet is turned back
    # (its table head, the page's top, to the left): in the strip left of the type area, turned so
    # that it reads downwards, its top 7 mm from the type area, odd pages one 字 above the type
    # area's bottom end, even pages one 字 below its top
    area = type_area(landscape[0])
    near_edge = area.left - S.PAGE_NUMBER_BELOW_TYPE_AREA_MM
    problems: list[str] = []
    places: list[str] = []
    wrong: list[int] = []
    for page in landscape:
        before = len(problems)
        turned = [v for v in page.vertical if PAGE_NUMBER.match(v.text.strip())]
        upright = [line for line in page.lines if is_page_number(line)]
        if turned:
            v = turned[0]
            digits = int(re.sub(r"\D", "", v.text))
            end_ok = (
                abs(v.bottom - (area.bottom - ONE_CHAR_14)) <= 1
                if digits % 2
                else abs(v.top - (area.top + ONE_CHAR_14)) <= 1
            )
            place = _("page {n}: turned, top at x {x:.1f} mm, y {y0:.0f}–{y1:.0f} mm").format(
                n=page.number, x=v.x1, y0=v.top, y1=v.bottom
            )
            places.append(place)
            if v.upward or abs(v.x1 - near_edge) > 1 or not end_ok:
                problems.append(place)
        elif upright:
            line = upright[0]
            problems.append(
                _("page {n}: upright at the bottom, top {top:.1f} mm, x {x0:.0f}–{x1:.0f} mm").format(
                    n=page.number, top=line.em_top, x0=line.x0, x1=line.x1
                )
            )
        else:
            problems.append(_("page {n}: no page number").format(n=page.number))
        if len(problems) > before:
            wrong.append(page.number)
    record_failures(
        judge,
        "page_numbers.landscape.pdf",
        problems,
        "; ".join(places[:3]),
        _(
            "turned with the page, left of the type area, its top at x {x:.0f} mm; odd pages ending at "
            "y {odd:.0f} mm, even pages starting at y {even:.0f} mm"
        ).format(x=near_edge, odd=area.bottom - ONE_CHAR_14, even=area.top + ONE_CHAR_14),
        wrong,
    )


def _inside(pages: list[Page], judge: Judge) -> None:
    outside: list[str] = []
    wrong: list[int] = []
    found = False
    for page in pages:
        area = type_area(page)
        items: list[tuple[str, float, float, float, float]] = [
            (_("rule"), r.x0, r.top, r.x1, r.lowest) for r in page.rules
        ]
        items += [(_("picture"), b.x0, b.top, b.x1, b.bottom) for b in page.images]
        if page.landscape:  # text on portrait pages is page.margins.pdf's
            items += [
                (line.text[:6], line.x0, line.em_top, line.x1, line.em_bottom) for line in text_lines(page)
            ]
        found = found or bool(items)
        for what, x0, top, x1, bottom in items:
            if x0 < area.left - 1 or x1 > area.right + 1 or top < area.top - 1 or bottom > area.bottom + 1:
                wrong += [page.number] if page.number not in wrong else []
                outside.append(
                    _("page {n}: {what} at x {x0:.0f}–{x1:.0f}, y {top:.0f}–{bottom:.0f} mm").format(
                        n=page.number, what=what, x0=x0, x1=x1, top=top, bottom=bottom
                    )
                )
    if not found:
        judge.not_applicable("tables.area.pdf", _("no tables, rules or pictures"))
        return
    record_failures(
        judge,
        "tables.area.pdf",
        outside,
        _("all inside"),
        _("inside the type area: x 28–184, y 37–262 mm (landscape: x 35–260, y 28–184 mm)"),
        wrong,
    )
