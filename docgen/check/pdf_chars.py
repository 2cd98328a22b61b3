"""Characters per line measured on a PDF (5.2.3: 每行排28个字), counted in 字.

A full-width character counts 1 字, a half-width one ½ (their real widths vary a little in a
proportional face, so a line short by less than one 字 is full).  An indent counts in 字 too.

A line of running text (body size, starting at the type area's left edge or two 字 in) that is
followed by a line continuing its paragraph (at the left edge, on the next grid line or at the top
of the next page) must hold 28 字.  It may hold fewer only

* by 避头尾: the characters that would have ended it were carried to the next line so that a
  closing mark (，。、」…) does not start a line or an opening mark (“（《…) does not end one — the
  measured value says which character moved;
* before an unbreakable run of Latin letters or digits (2020年, GB/T) wider than the room left.

The last line of a paragraph may be short: a line is the last when the next line is at the left edge
but begins another paragraph, as the .docx checked says (a one-line heading 一、… over another), else
when it ends a 主送 (…各单位：).  A closing mark standing past the right edge of the
type area (Word and WPS hang punctuation) is not counted: it is reported as hanging punctuation
(grid.hanging.pdf), not as a grid failure.  A line of more than 28 字 whose marks are set in half
their width (标点挤压: Typst's default, “）、” and “，（” half-width, a line-initial “（” in the margin)
fails, the marks named: each character is the grid's one 字 (outsider8 #7).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docgen import standard as S
from docgen.check.pdf_cells import spanning, uprights
from docgen.check.pdf_pages import ATTACHMENT_LABEL, PITCH_MM, text_lines
from docgen.check.pdf_read import MM_PER_PT, Line, Page
from docgen.check.rules import Judge
from docgen.i18n import _

LEFT = S.MARGIN_LEFT_MM
RIGHT = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM
ZI = S.TYPE_AREA_WIDTH_MM / S.CHARS_PER_LINE  # one 字 of a full line, mm
NO_START = set("，。、；：？！）】》〉」』〕”’…—·%‰,.;:?!)]}")  # may not start a line (避头)
NO_END = set("（【《〈「『〔“‘([{")  # may not end a line (避尾)
HANGING = set("，。、；：？！）】》〉」』〕”’,.;:?!)")
LEFT_HALF = set("，。、；：）】》〉」』〕”’")  # full-width closing marks drawn in their 字's left half
OPENING = set("（【《〈「『〔“‘")  # full-width opening marks drawn in their 字's right half
MARKS = {ch for ch in NO_START | NO_END if unicodedata.east_asian_width(ch) in ("W", "F", "A")}
LATIN = re.compile(r"[A-Za-z0-9]")
# How far past 28 字 a unit may reach and still be judged to fit: none.  The widths are the fonts'
# own advances (a sample's "…占比50%；" + "储" measures 28.05 字, and LibreOffice rightly carried
# "储" over; 0.1 字 judged it a failure; 0.03 failed 「（一）准备阶段（10月9日至15日）。各单位按照附件1的」
# + 「格」 at 28.002 字, carried over by LibreOffice and the estimate alike: tests/fixtures/outsider2).
FIT_TOLERANCE = 0.0
# an e-mail address or a URL is one run too (zdxmb@zhangzi.gov.cn, www.gov.cn/a?b=1&c=2): no renderer
# breaks inside it, so the line before it ends short (layout/short_lines.py)
NUMBER_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/%+\-_@?=&#~]*(?:[年月日时分][0-9][0-9.]*)*")
# a clerk's hand-typed 首行缩进: two full-width spaces drawn at the type area's left edge
TYPED_INDENT = "\u3000\u3000"


# The middle dot of names (艾尔肯·吾斯曼) is East Asian ambiguous but set half-width by both engines:
# 327/1000 em in the body face, 5.20 pt at 3号 in LibreOffice, 4.98 pt in Typst (measured, forms10 #7;
# the estimate counts it so too, layout/estimate.py).
HALF_WIDTH_AMBIGUOUS = frozenset("\u00b7")


def zi(text: str) -> float:
    """Return the width of ``text`` in 字: full-width (and East Asian ambiguous, but for the middle dot
    of names) 1, half-width ½."""
    return sum(
        1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") and ch not in HALF_WIDTH_AMBIGUOUS else 0.5
        for ch in text
    )


# 5.2.3 counts 字 by width: a half-width character takes its own advance, which for 「.」 or 「1」 is
# less than ½ 字 (corpus9 #5: Typst's 「…111.11亿元，同比增长」 is 28.5 字 at ½ each, 28.0 by advances,
# inside the type area).  Rounding of the advances read back from the PDF: a hundredth of a 字.
OVER_TOLERANCE = 0.01


def _width(text: str, sizes: list[float], hanging: bool) -> float:
    """Return the width of a line's ``text`` in 字 as 5.2.3 counts it: a full-width character 1 (a
    mark set narrower, 标点挤压, still 1), a half-width one its advance (``sizes``, 字) up to ½; a
    hanging last mark is not counted."""
    chars = text[:-1] if hanging else text
    return sum(
        zi(ch) if zi(ch) == 1 or index >= len(sizes) else min(0.5, sizes[index]) for index, ch in enumerate(chars)
    )


def _changes(text: str) -> list[int]:
    """Return the indexes i where text[i] and text[i + 1] change between Chinese and Latin/digits."""
    latin = [bool(LATIN.match(ch)) for ch in text]
    wide = [zi(ch) == 1 for ch in text]
    return [i for i in range(len(text) - 1) if (latin[i] and wide[i + 1]) or (wide[i] and latin[i + 1])]


def _mark_changes(text: str) -> list[int]:
    """Return the indexes i where text[i] and text[i + 1] change between Chinese and a half-width
    character other than a letter, a digit or a space (「$」「*」「@」「<」: ASCII, Latin script too)."""
    mark = [zi(ch) == 0.5 and not ch.isspace() and not LATIN.match(ch) for ch in text]
    wide = [zi(ch) == 1 for ch in text]
    return [i for i in range(len(text) - 1) if (mark[i] and wide[i + 1]) or (wide[i] and mark[i + 1])]


def script_gaps(text: str, autospace: float, marks: float = 0.0) -> float:
    """Return the room, in 字, a renderer puts between Chinese and Latin letters or digits in ``text``:
    ``autospace`` 字 at each change (LibreOffice's default ¼ 字; none when it is turned off), and
    ``marks`` 字 at each change between Chinese and another half-width character (``_mark_changes``)."""
    return autospace * len(_changes(text)) + marks * len(_mark_changes(text))


def measured_autospace(lines: list[Line], changes: Callable[[str], list[int]] = _changes) -> float:
    """Return the gap, in 字, the document's renderer left between Chinese and
    Latin letters or digits beyond the line's ordinary spacing (measured on the characters' edges:
    docgen's own PDFs have none since issue 14, LibreOffice's default is ¼ 字, Word's with
    autoSpace on about as much; with it off, glyph metrics still leave a few hundredths, which add
    up over a line of dates).  ``changes``: where to measure (``_mark_changes``: beside 「$」「*」「@」,
    where docgen's PDFs, LibreOffice's and Typst's, have 0.016–0.02 字: a portion of another script
    ends there, and with it the run's -0.25 pt spacing on its last character)."""
    extras: list[float] = []
    for line in lines:
        if not (len(line.starts) == len(line.advances) == len(line.text)) or len(line.text) < 3:
            continue
        size = line.size * 25.4 / 72
        gaps = [
            (line.starts[i + 1] - line.starts[i] - line.advances[i] * size) / ZI
            for i in range(len(line.text) - 1)
        ]
        at = set(changes(line.text))
        others = sorted(g for i, g in enumerate(gaps) if i not in at)
        if at and others:
            usual = others[len(others) // 2]
            extras += [gaps[i] - usual for i in sorted(at)]
    if not extras:
        return 0.0
    extras.sort()
    return max(0.0, round(extras[len(extras) // 2], 3))


def widths(line: Line) -> list[float]:
    """Return each character's width in 字: 1 for a full-width character, the measured advance
    (about ½) for a half-width one; by character class where the advances are unknown."""
    if len(line.advances) != len(line.text):
        return [zi(ch) for ch in line.text]
    return [
        1.0 if zi(ch) == 1 else min(advance, 1.0)
        for ch, advance in zip(line.text, line.advances, strict=True)
    ]


def ink_right(line: Line) -> float:
    """Return where the line's ink ends, mm: its right edge, less the empty right half of a
    full-width closing mark ending it (drawn in the left half of its 字 in Simplified Chinese faces).

    Typst, InDesign and other clreq setters give such a mark half a 字 at the end of a full line
    (tests/fixtures/outsider3/a/notice_typst.typ: 「，」 from 181.2 to 186.9 mm, its ink inside
    the 184 mm edge); Word and WPS hang the whole mark past the edge (ink to about 187 mm).
    """
    text = line.text.rstrip()
    return line.x1 - (ZI / 2 if text and text[-1] in LEFT_HALF else 0.0)


def ink_left(line: Line) -> float:
    """Return where the line's ink starts, mm: its left edge, plus the empty left half of a
    full-width opening mark starting it (Typst sets a line-initial “（” half-width: its box from
    25.2 mm, its ink from 28.8, tests/fixtures/outsider8 #3)."""
    return line.x0 + (line.size * MM_PER_PT / 2 if line.text[:1] in OPENING else 0.0)


def start(line: Line) -> float:
    """Return where the line's first 字 starts, mm: its left edge, or where the ink of a line-initial
    opening mark set half-width into the left margin starts its 字."""
    em = line.size * MM_PER_PT
    squeezed = line.text[:1] in OPENING and LEFT - 0.75 * em < line.x0 < LEFT - 0.25 * em
    return line.x0 + em / 2 if squeezed else line.x0


def squeezed_marks(line: Line) -> list[str]:
    """Return the full-width marks of ``line`` set in half their width or less (标点挤压), each with
    its neighbour: 「）、」, 「，（」; a line-initial opening mark in the left margin, a line-final
    closing mark whose empty half stands past the right edge."""
    text = line.text.rstrip()
    if len(line.starts) < len(text) or not text:
        return []
    em = line.size * MM_PER_PT
    found = [text[0]] if start(line) != line.x0 else []
    for i in range(len(text) - 1):
        pair = text[i : i + 2]
        short = zi(pair[0]) == 1 and line.starts[i + 1] - line.starts[i] < 0.75 * em
        if short and (pair[0] in MARKS or pair[1] in MARKS):
            found.append(pair)
    if text[-1] in LEFT_HALF and line.x1 > RIGHT + 0.25 * em and not hangs(line):
        found.append(text[-1])
    return found


def hangs(line: Line) -> bool:
    """Return True when the line's last character is a closing mark whose ink stands past the
    right edge (the mark itself starting inside it)."""
    text = line.text.rstrip()
    return (
        bool(text)
        and text[-1] in HANGING
        and ink_right(line) > RIGHT + 1
        and line.x1 - zi(text[-1]) * ZI <= RIGHT + 1
    )


@dataclass(frozen=True)
class Placed:
    """A line with its page and its number among the page's lines of text."""

    page: int
    number: int
    line: Line
    ruled: bool = False  # crossed by a table's vertical rules: a row of cells, not running text

    @property
    def where(self) -> str:
        return _("page {page}, line {line}").format(page=self.page, line=self.number)


def _at(x: float, where: float) -> bool:
    return abs(x - where) <= 0.6


_PARAGRAPH_END = "：:"  # a short line ending so ends its paragraph: a 主送 (…各单位：), a lead-in


def _body(line: Line, size: float = S.BODY_PT) -> bool:
    return abs(line.size - size) <= 0.3


def running_size(lines: list[Placed]) -> float:
    """Return the size of the running text: the size of most lines at the type area's left edge or
    two 字 in (16 pt; another size where the body was set in it, e.g. 14 pt), table rows left out
    (corpus26 n2617-016: 146 rows of 五号 whose 项目名称 starts 11.0 mm in, two 字 of 三号 within
    0.6 mm, against 36 lines of body text: the rule judged the rows as 29–34 字 lines)."""
    counts: dict[float, int] = {}
    for placed in lines:
        line = placed.line
        if placed.ruled:
            continue
        if line.size < 18 and (_at(line.x0, LEFT) or _at(line.x0, LEFT + 2 * ZI)):
            counts[round(line.size, 1)] = counts.get(round(line.size, 1), 0) + 1
    return max(counts, key=lambda size: (counts[size], size == S.BODY_PT), default=S.BODY_PT)


def _sequence(pages: list[Page], header_bottom: float) -> list[Placed]:
    out = []
    for page in pages:
        if page.landscape:
            continue
        rules = uprights(page)
        for number, line in enumerate(text_lines(page), start=1):
            if page.number == pages[0].number and line.em_bottom <= header_bottom:
                continue  # the 版头
            if S.MARGIN_TOP_MM - 1 < line.em_top < S.MARGIN_TOP_MM + S.TYPE_AREA_HEIGHT_MM:
                ruled = bool(rules) and bool(spanning(rules, line.em_top, line.em_bottom))
                out.append(Placed(page.number, number, line, ruled))
    return out


def _continues(this: Placed, after: Placed | None, size: float = S.BODY_PT) -> bool:
    """Return True when ``after`` continues the paragraph of ``this`` (the next grid line, at the left,
    not starting with the two full-width spaces that begin a paragraph typed by hand)."""
    if after is None or not _body(after.line, size) or not _at(start(after.line), LEFT):
        return False
    if after.line.text.startswith(TYPED_INDENT):
        return False  # a paragraph indented by typing “　　” starts at the left edge
    if after.page == this.page:
        return after.line.em_top - this.line.em_top < PITCH_MM * 1.5
    # across a page break: this line ends a full page, the next does not start an attachment
    bottom = S.MARGIN_TOP_MM + S.TYPE_AREA_HEIGHT_MM
    return (
        after.page == this.page + 1
        and bottom - this.line.em_bottom < PITCH_MM
        and not ATTACHMENT_LABEL.match(after.line.text.strip())
    )


# what a PDF's text leaves out or adds where the .docx has it: spaces, tabs, zero-width characters
_UNSEEN = re.compile(r"[\s\u200b-\u200d\u2060\ufeff\u00ad]")


def _squash(text: str) -> str:
    return _UNSEEN.sub("", text)


def paragraph_breaks(paragraphs: Sequence[str]) -> list[tuple[str, str]]:
    """Return each place a .docx's text breaks, as (the text before, the text after): paragraph ends
    and line breaks (w:br, a line of a paragraph text), empty paragraphs passed over."""
    pieces = [squashed for text in paragraphs for piece in text.split("\n") if (squashed := _squash(piece))]
    return list(zip(pieces, pieces[1:], strict=False))


def _ends_paragraph(this: Line, after: Line, breaks: Sequence[tuple[str, str]]) -> bool:
    """Return True when the .docx ends a paragraph (or a line) with ``this`` line and starts the next
    with ``after``: a one-line heading over another is no short middle line (wild10 #4)."""
    ending, opening = _squash(this.text), _squash(after.text)
    return bool(ending and opening) and any(
        before.endswith(ending) and following.startswith(opening) for before, following in breaks
    )


def _next_unit(after: Line) -> tuple[int, str]:
    """Return how many characters start ``after`` that no line break may split, and what they are:
    opening marks with what follows them (避尾); a run of Latin letters or digits with the Chinese
    characters touching it (至12月, 34个: LibreOffice does not break there); one character otherwise;
    and the closing marks after it (避头)."""
    text = after.text
    i = 0
    while i < len(text) and text[i] in NO_END:
        i += 1
    kind = "避尾" if i else "char"
    if i + 1 < len(text) and zi(text[i]) == 1 and NUMBER_RUN.match(text, i + 1):
        i += 1  # LibreOffice does not break between a run and the characters touching it (至12月)
    while run := NUMBER_RUN.match(text, i):
        kind = "run"
        i = run.end()
        if i < len(text) and zi(text[i]) == 1:
            i += 1  # (34个, （41.67%）6.48个)
    if kind != "run":
        i = max(i, 1) if kind == "char" else i + 1
    start = i
    while i < len(text) and text[i] in NO_START:
        i += 1
    if kind == "char" and i > start:
        kind = "避头"
    return i, kind


def check_chars(
    pages: list[Page],
    judge: Judge,
    *,
    header_bottom: float,
    declared_grid: str | None,
    paragraphs: Sequence[str] = (),
) -> None:
    """Judge grid.chars.pdf and grid.hanging.pdf; ``paragraphs``, the .docx's texts, say where each ends."""
    lines = _sequence(pages, header_bottom)
    hanging = [p for p in lines if hangs(p.line)]
    judge.record(
        "grid.hanging.pdf",
        not hanging,
        "; ".join(f"{p.where} 「{p.line.text.rstrip()[-1]}」 {p.line.x1:.1f} mm" for p in hanging[:3])
        or _("no mark past the right edge"),
        _("every character inside the type area (right edge {right:.0f} mm)").format(right=RIGHT),
        "、".join(p.where for p in hanging[:5]),
    )
    if declared_grid:
        judge.not_applicable("grid.chars.pdf", declared_grid)
        return
    size = running_size(lines)
    breaks = paragraph_breaks(paragraphs)
    body = [p.line for p in lines if _body(p.line, size)]
    autospace, marks = measured_autospace(body), measured_autospace(body, _mark_changes)
    full = carried = before_run = 0
    failures: list[tuple[Placed, str]] = []
    reasons: list[str] = []
    for index, placed in enumerate(lines):
        line = placed.line
        x0 = start(line)
        if not _body(line, size) or not (_at(x0, LEFT) or _at(x0, LEFT + 2 * ZI)):
            continue
        text = line.text.rstrip()
        sizes = widths(line)[: len(text)]
        count = round((x0 - LEFT) / ZI * 2) / 2 + sum(sizes) - (sizes[-1] if hangs(line) else 0)
        if round((x0 - LEFT) / ZI * 2) / 2 + _width(text, sizes, hangs(line)) > S.CHARS_PER_LINE + OVER_TOLERANCE:
            shown = round(count * 2) / 2
            what = _("{count:g} 字").format(count=shown)
            if squeezed := squeezed_marks(line):
                what = _("{count:g} 字 (punctuation compressed, 标点挤压: {marks} set half-width)").format(
                    count=shown, marks="".join(f"「{mark}」" for mark in squeezed[:4])
                )
            failures.append((placed, what))
            continue
        after = lines[index + 1] if index + 1 < len(lines) else None
        if after is None or not _continues(placed, after, size):
            continue  # the last line of its paragraph
        room = S.CHARS_PER_LINE + FIT_TOLERANCE - count - script_gaps(text, autospace, marks)
        first = widths(after.line)[0] if after.line.text else 0.0
        length, kind = _next_unit(after.line)
        # the unit, and LibreOffice's gap between this line's last character and it (5 个)
        joined = text[-1:] + after.line.text[:length]
        unit = sum(widths(after.line)[:length]) + script_gaps(joined, autospace, marks)
        shown = round(count * 2) / 2
        if first > room:
            full += 1
        elif unit <= room and text[-1] in _PARAGRAPH_END and count <= S.CHARS_PER_LINE - 2:
            # a short 主送 (…各单位：) followed by an unindented line (a heading typed without indent):
            # the end of its paragraph, not a short middle line (wild9 #11)
            continue
        elif unit <= room and _ends_paragraph(line, after.line, breaks):
            continue  # the .docx ends the paragraph here: a heading, a line before a w:br
        elif unit <= room:
            failures.append((placed, _("{count:g} 字 「…{tail}」").format(count=shown, tail=text[-6:])))
        elif kind == "char" and unit - script_gaps(text[-1:] + after.line.text[:1], autospace, marks) <= room:
            before_run += 1  # it would fit but for LibreOffice's gap after the number ending the line
            reasons.append(
                f"{placed.where} "
                + _("the ¼ 字 gap between 「{before}」 and 「{after}」 left no room").format(
                    before=text[-1], after=after.line.text[:length]
                )
            )
        elif kind == "run":
            before_run += 1
            reasons.append(
                f"{placed.where} "
                + _("before the unbreakable 「{run}」").format(run=after.line.text[:length])
            )
        else:
            carried += 1
            moved = after.line.text[:length].rstrip("".join(NO_START)) or after.line.text[:1]
            reasons.append(
                f"{placed.where} " + _("避头尾: 「{moved}」 moved to the next line").format(moved=moved)
            )
    judged = full + carried + before_run + len(failures)
    if judged < 5:
        judge.not_applicable("grid.chars.pdf", _("too few lines continuing a paragraph"))
        return
    measured = _(
        "{judged} lines continuing a paragraph: {full} hold 28 字, {carried} shorter by 避头尾, "
        "{runs} before an unbreakable Latin or number run"
    ).format(judged=judged, full=full, carried=carried, runs=before_run)
    if failures:
        measured += "; " + "; ".join(f"{p.where} {what}" for p, what in failures[:3])
    elif reasons:
        measured += "; " + "; ".join(reasons[:2])
    judge.record(
        "grid.chars.pdf",
        not failures,
        measured,
        _(
            "28 字 (half-width ½); fewer only on a paragraph's last line, by 避头尾, or before an "
            "unbreakable Latin or number run"
        ),
        "、".join(p.where for p, _what in failures[:5]),
    )
