"""A PDF's pages as the page-level rules read them (the type area, page numbers, the 版记, blank
pages), and pages.full.pdf: a page of running text holds 22 lines (the other rules: ``pdf_page_rules``).

Only positions, sizes, colours and text are used, never how a producer built the document:
the 版记 is the block of lines starting 抄送：/主送： (or a bulletin's 报：/送：/发：) or ending 印发,
with the long black rules around it; an attachment starts where a page's first line is 附件 or 附件N;
a landscape page is a page wider than it is high.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Sequence
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
# a 纪要's attendance lines (10.3): 出席/请假/列席 and a colon, after one empty line
ATTENDANCE = re.compile(r"^(出席|请假|列席)\s*[：:]")


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


def find_imprint(pages: list[Page], width: float | None = None) -> Imprint | None:
    """Return the 版记 (the last page holding its lines), or None; its rules are as wide as the type
    area, or ``width`` mm (the lines LibreOffice narrowed for a declared character grid, ``pdf_grid``)."""
    holding = [p for p in pages if any(_is_imprint_line(line) for line in p.lines)]
    if not holding:
        return None
    page = holding[-1]
    lines = [line for line in page.lines if _is_imprint_line(line)]
    # its rules lie around its lines (a table above it has rules of its own)
    top = min(line.em_top for line in lines) - 8
    width = width or type_area(page).right - type_area(page).left
    rules = [r for r in page.rules if max(r.color[:3]) <= 0.3 and r.length > width - 2 and r.top >= top]
    # a table ending just above the 版记 has a thin bottom rule there: the 版记 starts at its first
    # 0.35 mm rule when it has one (measured: a 0.5 pt table rule 1.7 mm above it was taken as its first)
    thick = [r.top for r in rules if r.width_pt >= 0.9]
    if thick:
        rules = [r for r in rules if r.top >= min(thick) - 0.3]
    return Imprint(page, lines, rules, tuple(p.number for p in holding))


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
    """Return the height a figure starting ``page`` needs, in mm, from the first line kept with it
    (headings kept with what follows them, then at most one lead-in line) to the picture's bottom, or
    to its caption's line when a centred short line stands right under it; None if the page does not
    start so.

    With a line above, its room counts too: it begins above its characters, and the page before
    has room under its last line's characters that the line under them takes (the two add up to a
    grid line less the characters' height).  Measured from the characters alone, a lead-in and a
    figure that did not fit by up to 3.6 mm were taken for ones that would have (a 150 × 84 mm
    figure under 「……如下图：」 with 94.1 mm left: LibreOffice moved both, the page was failed).
    A captioned picture is kept with its caption (layout/text.add_picture), and a heading with the
    lead-in under it: figure12's corpus (seed 120) failed five pages LibreOffice ended as it had to,
    before 「三、…」, 「（一）…」 and a lead-in over a figure, or before a figure whose caption did not fit.
    """
    if not page.images:
        return None
    area = type_area(page)
    lines = text_lines(page)
    figure = min(page.images, key=lambda b: b.top)
    above = [line for line in lines if line.em_bottom <= figure.top + 0.5]
    if len(above) > _leading_headings(lines, area) + 1:
        return None
    bottom = figure.bottom
    under = [line for line in lines if line.em_top >= figure.bottom - 0.5]
    if under and _caption(under[0], figure.bottom, area):
        bottom += PITCH_MM
    if not above:
        return bottom - figure.top
    first = above[0]
    return bottom - first.em_top + max(0.0, PITCH_MM - (first.em_bottom - first.em_top))


def _caption(line: Line, picture_bottom: float, area: Area) -> bool:
    """Return whether ``line`` is a picture's caption: centred in the type area, shorter than a line,
    its characters within the line right under the picture's bottom."""
    middle = (area.left + area.right) / 2
    return (
        line.em_top - picture_bottom < PITCH_MM
        and abs((line.x0 + line.x1) / 2 - middle) < 2
        and line.x1 - line.x0 < (area.right - area.left) * 0.8
    )


# Where a body line's characters start in its line: 2.50-2.67 mm under its top (LibreOffice, the
# PDF's 0.5 pt rounding; figure12: lines under 50.0-50.8 mm pictures and a page's first lines)
EM_IN_LINE_MM = (2.3, 2.9)


def _full_under_figure(page: Page, lines: list[Line]) -> bool:
    """Return whether the lines under the page's lowest picture fill it: they follow the picture's
    bottom a pitch each (off the grid), and one more would end under the body's 22 lines (12738
    twips from GRID_BODY_TOP).  The grid count's 0.5 mm of tolerance took a line overrunning by 0.2
    mm, or by 1 twip, for one that fitted (figure12's corpus, seed 120: n120-022 page 5, n120-015
    page 4, LibreOffice's 21 lines failed)."""
    if not page.images:
        return False
    area = type_area(page)
    picture = max(page.images, key=lambda b: b.bottom)
    under = [line for line in lines if line.em_top > picture.bottom]
    if not under or under[-1] is not lines[-1]:
        return False
    low, high = EM_IN_LINE_MM
    if not all(low <= line.em_top - picture.bottom - k * PITCH_MM <= high for k, line in enumerate(under)):
        return False  # spread apart (layout/closing.py) or not body lines: counted on the grid
    body_end = area.top + (S.GRID_BODY_TOP + S.GRID_BODY_HEIGHT) / S.TWIPS_PER_MM
    return body_end - (picture.bottom + len(under) * PITCH_MM) < PITCH_MM


def _continued(line: Line, after: Line, area: Area) -> bool:
    """Return True when ``after`` continues ``line``'s paragraph: ``line`` is full (it ends at the
    type area's right edge, justified) and ``after`` starts at its left edge, unindented, in the
    same size and a face of ``line`` (a heading's text and a new paragraph both start 2 字 in)."""
    em = line.size * MM_PER_PT
    return (
        line.x1 > area.right - em
        and after.x0 < area.left + em / 2
        and abs(after.size - line.size) <= 0.3
        and bool(after.fonts & line.fonts)
    )


def _leading_headings(lines: list[Line], area: Area) -> int:
    """Return how many lines at the top of a page are headings (一、 （一） 1. （1）), one after another,
    each a paragraph of its own line (``area``: the page's type area).

    Each was kept with what follows it (a 六、 with the （一） under it, that with its first line of
    text): a page before them may be as many lines short.  The rule allowed two whatever the chain:
    a page ending two short before one heading passed, one three short before 一、（一）1. failed.
    A label line continued on the next line is the first line of a paragraph of text — a run-in
    item 「（2）加快5G基站……」 or a heading of several lines — which nothing keeps whole (issue 14
    Build 1, layout/text.add_block): a page ending short before it is not excused (corpus9 #3:
    LibreOffice moved such an item whole and page 3 passed at 21 lines).
    """
    count = 0
    while count < len(lines) and label_level(lines[count].text.strip()) is not None:
        if count + 1 < len(lines) and _continued(lines[count], lines[count + 1], area):
            break
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


def _squash(text: str) -> str:
    """Return ``text`` without white space."""
    return re.sub(r"\s+", "", text)


# lines looked through at a page's foot and head for a section's end and start: a header or footer
# of the document's own may stand outside them (its margins are not checked here)
SECTION_LOOK = 3


def section_end_pages(pages: Sequence[Page], breaks: Sequence[tuple[str, str]]) -> set[int]:
    """Return the numbers of the pages that end a section of the .docx rendered as ``pages``.

    ``breaks``: each section break that starts a new page, as (the text of the section's last
    paragraph, the text of the next section's first), without white space: a page ends the section
    when one of its last lines ends the one and one of the next page's first lines begins the other
    (the PDF carries no sections, only where their texts fall).
    """
    ends: set[int] = set()
    for page, after in zip(pages, pages[1:], strict=False):
        lasts = [_squash(line.text) for line in text_lines(page)[-SECTION_LOOK:]]
        firsts = [_squash(line.text) for line in text_lines(after)[:SECTION_LOOK]]
        for before, following in breaks:
            if any(t and before.endswith(t) for t in lasts) and any(
                t and following.startswith(t) for t in firsts
            ):
                ends.add(page.number)
    return ends


def _may_end_short(pages: list[Page], index: int, imprint: Imprint | None, used: int, room: float) -> bool:
    """Return True where a page of running text may hold fewer than 22 lines (``room``: mm free under its
    last line down to the type area's bottom):

    * it is the last page;
    * it ends the body or an attachment: the next page is blank, holds the 版记 and no running
      text, or starts an attachment (its first line 附件 or 附件N, 7.3.7);
    * it ends a section: the next page has the other orientation (landscape pages, ch. 8), or the
      .docx's section ends there (``judge_full``'s ``section_ends``);
    * a 纪要's attendance follows: the next page starts with 出席：/请假：/列席： and the page is one
      line short, the empty line 10.3 puts before them (two or more short still fail);
    * headings were kept with their text: the next page starts with k heading lines (一、 （一） 1.
      （1）) and at most k lines are left free (the headings and the first line of their text did
      not fit: a heading stays with what follows it up to the first line of text, issue 14 Build 1),
      or the headings stand over a table (its header and first row cannot split);
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
    kept = _leading_headings(following, type_area(after))
    # the headings' last line needs its whole cell under its characters, as the page's last line has
    # (UNDER_LAST_LINE_MM): on the grid the same k lines as without it; under a table, off the grid,
    # it is what decides (corpus12 c12-027: 20.6 mm under the characters after a body table 2.7 mm
    # off the grid, 四、 and its first line need 20.5 mm and their cell's 2.1 mm: LibreOffice and
    # Typst alike moved them, and the page was called short)
    if kept and (
        room < (kept + 1) * _pitch(following, kept) + UNDER_LAST_LINE_MM - LINE_ROOM_TOLERANCE_MM
        or _table_under(after, following, kept)
    ):
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
    if following and ATTENDANCE.match(following[0].text.strip()) and used == S.LINES_PER_PAGE - 1:
        return True
    if imprint is not None and after.number == imprint.page.number:
        return all(line.em_top >= imprint.top - 1 for line in text_lines(after))
    return False


def judge_full(
    pages: list[Page],
    imprint: Imprint | None,
    judge: Judge,
    *,
    office_header: bool = False,
    section_ends: Collection[int] = (),
) -> None:
    """Judge pages.full.pdf: every page of running text holds 22 lines, unless it may end short
    (``section_ends``: the pages ending a section of the .docx rendered, ``section_end_pages``)."""
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
        # page 1 under an office's own 版头 sits off the grid: its room is counted less the slack, for a
        # line and for headings kept with their text alike (newuser11 #4: 22.5 mm under the last line,
        # “二、主要内容” and its first line, 20.5 mm, did not fit by 0.03 mm of LibreOffice's cells)
        slack = OFFICE_FIRST_PAGE_SLACK_MM if office_header and index == 0 else 0.0
        used = lines_used(page, last, slack)
        room = type_area(page).bottom - last.em_bottom - slack
        if used >= S.LINES_PER_PAGE or page.number in section_ends or _full_under_figure(page, lines):
            continue
        if not _may_end_short(pages, index, imprint, used, room):
            short.append((page.number, used))
    if not judged:
        judge.not_applicable(
            "pages.full.pdf",
            _("no page before the 版记's ends with a line of body text (a page ending in a table or a picture is not judged)"),
        )
        return
    judge.record(
        "pages.full.pdf",
        not short,
        "; ".join(_("page {n}: {lines} lines").format(n=n, lines=used) for n, used in short)
        or _("{n} pages of running text full or ending the text").format(n=judged),
        _(
            "22 lines; fewer only on the last page, a page before an attachment, the imprint or a blank "
            "page, before a page of the other orientation, at the end of a Word section, before a table or "
            "figure that did not fit, one fewer before a minutes' attendance, or before a page starting with "
            "headings at most as many fewer as it has heading lines"
        ),
        on_pages(n for n, _used in short),
    )
