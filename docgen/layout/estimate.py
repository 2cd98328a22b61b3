"""Where the pages break, estimated on the standard's grid before any renderer runs.

The 22 x 28 grid makes text layout predictable: a body line holds 28 full-width characters
(Latin letters and digits count half) and every line is 28.95 pt high.  Layout needs the
estimate for two decisions that Word and LibreOffice cannot take for it: whether the 版记 fits
at the bottom of the last page, and on which side (odd or even) that page falls (7.4.1, 7.5).
No library measures CJK text on a fixed grid, so this is written by hand.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache

from docgen import standard as S
from docgen.layout.breaks import JOIN, MARKS, body_text, held_spans
from docgen.layout.metrics import BODY_FONT, advance_pt, advances, kerning
from docgen.words import is_han as is_han  # re-exported: cellwords and estimate_spacing read it here

# East Asian width A (ambiguous), but set half-width by both engines: the 间隔号 of a name
# (艾尔肯·吾斯曼), U+00B7.  Noto Serif CJK SC (the body face here) gives it 327/1000 em; measured at
# 3号 between 汉字: LibreOffice 5.20 pt, Typst 4.98 pt (the run spacing off), a third of a 字, not one
# (forms10 #7: counted a 字, the estimate's lines of names ended a character early).
HALF_AMBIGUOUS_EM = {"\u00b7": 0.327}


@cache  # a few thousand distinct characters at most; called for every character a table measures
def char_width(ch: str) -> float:
    """Return the advance of ``ch`` in 字 (full-width characters): 1 for CJK and full-width, 0.5 else
    (issue 14's count: a half-width character ½, the 间隔号 「·」 among them)."""
    if ch == "\t" or ch in MARKS:  # a tab; a word joiner, a zero-width space (layout/breaks.py)
        return 0.0
    return 1.0 if wide(ch) else 0.5


def text_width(text: str) -> float:
    """Return the width of ``text`` in 字."""
    return sum(map(char_width, text))


def line_count(width: float, first_line_chars: float, line_chars: float) -> int:
    """Return the lines a paragraph of ``width`` 字 takes, the first line holding ``first_line_chars``.

    Line-breaking rules (no closing punctuation at a line start) can push a character on to
    the next line, so text that runs past the first line is given half a character more.
    """
    if width <= first_line_chars:
        return 1
    rest = width - first_line_chars
    return 1 + math.ceil((rest + 0.5) / line_chars)


# Advances of half-width characters in the body's 3号 (16 pt, run spacing -0.25 pt), in pt, as
# LibreOffice sets them with Noto Serif CJK SC, the face fontconfig gives 仿宋_GB2312 here (measured
# on the corpus PDFs: digits 8.85, not the 8 pt of a half 字).  Others by kind: capitals 11, else 8.9.
_HALF_PT = {
    **dict.fromkeys("0123456789", 8.85),
    "%": 14.8, "@": 14.6, ".": 5.2, ",": 5.2, ":": 5.2, ";": 5.2, "-": 5.5, "/": 5.6, "_": 9.0,
    "I": 6.5, "M": 15.6, "i": 5.3, "l": 5.3, "f": 6.2, "t": 5.9, "m": 15.6, "w": 13.4, "s": 7.6,
    " ": 5.0, **{ch: em * 16 for ch, em in HALF_AMBIGUOUS_EM.items()},
}  # fmt: skip
_BODY_CHAR_PT = 15.75  # one 字: 16 pt less the run spacing

# 避头尾 as LibreOffice applies it to Chinese: marks that never start a line, and never end one.
NO_LINE_START = frozenset("，。、；：？！）》」』〕】〉”’…%‰℃,.;:?!)]}·")  # 「·」: both engines end 「艾尔肯·」
NO_LINE_END = frozenset("（《「『〔【〈“‘([{")


def latin_em(ch: str) -> float:
    """Return the advance of a half-width character in em of its size, as measured (``_HALF_PT``)."""
    if ch in _HALF_PT:
        return _HALF_PT[ch] / 16
    return (11.0 if ch.isupper() else 8.9) / 16


@cache  # asked for every character of every line the estimate and the spacing measure
def wide(ch: str) -> bool:
    """Return True for a character set a whole 字 wide (East Asian width F, W or A, but for the
    ambiguous ones the engines set narrower: ``HALF_AMBIGUOUS_EM``)."""
    return unicodedata.east_asian_width(ch) in ("F", "W", "A") and ch not in HALF_AMBIGUOUS_EM


# A dash after a Latin letter or digit (「1—5月」, 「A–B」) is in LibreOffice's Western portion, set
# with the body face's own glyph, not the full-width one of a dash between 汉字 (measured: 「1—5」
# 0.89 字, 「一—五」 1.00 字; Noto Serif CJK SC's advances 890 and 563 /1000 em).
_WESTERN_DASH_EM = {"\u2014": 0.890, "\u2013": 0.563}


def western_dash_em(text: str, index: int) -> float | None:
    """Return the advance in em of the dash ``text[index]`` when it follows a Latin letter or digit
    (marks of breaks.py skipped), else None."""
    em = _WESTERN_DASH_EM.get(text[index])
    if em is None:
        return None
    before = next((ch for ch in reversed(text[:index]) if ch not in MARKS), "")
    return em if before.isascii() and before.isalnum() else None


@cache  # the faces' advances are read once per process (metrics.py): so is each character's
def body_char_width(ch: str) -> float:
    """Return the advance of ``ch`` in the body's 字, half-width characters as LibreOffice sets them:
    the face's own advance (``metrics.py``) at 3号 with the run spacing, else the measured table."""
    if ch in MARKS:  # a word joiner, a zero-width space (layout/breaks.py): no advance
        return 0.0
    if wide(ch):
        return 1.0
    advance = advance_pt(ch, S.BODY_PT)
    if advance is not None:
        return (advance + S.BODY_CHAR_SPACING / S.TWIPS_PER_PT) / _BODY_CHAR_PT
    if ch in _HALF_PT:
        return (_HALF_PT[ch] - 0.25) / _BODY_CHAR_PT
    return (11.0 if ch.isupper() else 8.9) / _BODY_CHAR_PT


_RUN_BREAKS = "-/"  # a Latin or digit run may end a line after these

# The type area is a little wider than 28 字 (8845 twips, 28 x 315 = 8820): LibreOffice fills it.
_LINE_SLACK = (S.TYPE_AREA_WIDTH - S.CHARS_PER_LINE * S.CHAR) / S.CHAR


_URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")
_URL_BREAKS = "?"  # measured: LibreOffice keeps a URL whole over its slashes, ends a line after 「?」


def _url_breaks(text: str) -> dict[int, str]:
    """Return, for each character inside a URL of ``text``, the marks a line may end after there."""
    return {at: _URL_BREAKS for m in _URL.finditer(text) for at in range(m.start(), m.end() - 1)}


def _pieces(text: str) -> list[str]:
    """Return the pieces a line may not break inside: a run of Latin letters and digits, a Chinese
    character with the closing marks after it and the opening marks before it.

    LibreOffice also keeps a full-width mark with a Latin or digit run right after it (「，2025年」),
    unless a zero-width space (layout/breaks.py) stands between them: a piece starts there.  Inside
    a run it breaks after a hyphen or a slash (measured: 「0398-|28129737」), but not beside a word
    joiner (a run held whole in a zxx run, layout/bodyhold.py: no break on either side of U+2060),
    and not after a URL's slashes: there after 「?」 only (measured:
    「网站|https://www.zhangzi.gov.cn/zdxmb/2025/guanmo.html?|id=7」).
    """
    units: list[list[str]] = []
    glue_next = False
    ends = _url_breaks(text)
    for at, ch in enumerate(text):
        half = not wide(ch)
        previous = units[-1] if units else None
        run_breaks = ends.get(at - 1, _RUN_BREAKS)
        if previous is not None and ch != "\u200b" and (
            glue_next
            or ch == JOIN
            or ch in NO_LINE_START
            or (half and not ch.isspace() and not previous[-1].isspace() and previous[-1] not in run_breaks
                and (not wide(previous[-1])
                     or previous[-1] in NO_LINE_START))
        ):  # fmt: skip
            previous.append(ch)
        else:
            units.append([ch])
        glue_next = ch in NO_LINE_END or ch == JOIN
    return ["".join(unit) for unit in units]


WESTERN_DIGIT_EM = 0.549  # a digit after a Latin letter (「DB-2025」): the body face's Western digits


@lru_cache(maxsize=16384, typed=True)  # a cell measured for each width tried; typed: 16 and 16.0 kept apart
def char_advances(text: str, size_pt: float, face: str = BODY_FONT) -> tuple[float, ...]:
    """Return each character's advance in pt as LibreOffice sets ``text`` at ``size_pt`` in the face
    for ``face`` with no character spacing (a table cell): a 汉字 or full-width mark one 字, others
    the face's own advance (half an em where it lacks one; in the body face a digit after a Latin
    letter ``WESTERN_DIGIT_EM``, the notes below) with its pair kerning counted on the first of the
    pair, the marks of breaks.py and a tab none.  ``_widths`` takes these at 3号 and adds the body's
    run spacing."""
    table = advances(face) or {}
    pairs = kerning(face)
    widths: list[float] = []
    western = False
    han = False  # the last letter was a 汉字: a mark or digit after it is shaped in the Han script run
    previous: int | None = None
    for index, ch in enumerate(text):
        if ch == "\t" or ch in MARKS:  # a tab: no glyph of its own (the body's text before a tab stop)
            widths.append(0.0)
            continue
        # only a dash is looked at again (``western_dash_em``): not a call for every character
        dash = western_dash_em(text, index) if ch in _WESTERN_DASH_EM else None
        if dash is not None:
            widths.append(dash * size_pt)
        elif wide(ch):
            western, han = False, True
            widths.append(size_pt)
        else:
            letter = ch.isascii() and ch.isalpha()
            # no kerning where a Latin letter starts a Latin script run after the Han one (「体_GB」:
            # 「_」 is shaped with 「体」, 「G」 apart: LibreOffice draws 「_」 its whole 563/1000 em,
            # not less the 「_G」 pair's 59, measured; wild10 #3)
            new_run = letter and han and not western
            western = western or letter
            em = (
                WESTERN_DIGIT_EM
                if western and ch.isdigit() and face == BODY_FONT
                else table.get(ord(ch), HALF_AMBIGUOUS_EM.get(ch, 0.5))
            )
            if previous is not None and not new_run:
                widths[previous] += pairs.get((text[previous], ch), 0.0) * size_pt
            widths.append(em * size_pt)
        previous = len(widths) - 1
    return tuple(widths)


# What LibreOffice adds to the face's advances (measured on the corpus of seed 14: 3440 line ends,
# 8 missed before the face's pair kerning was applied):
# - the run spacing (-0.25 pt) is kept once per text portion (Writer takes it off every character
#   but a portion's last): a line holds a portion per run of full- or half-width characters;
# - digits after a Latin letter (「DB-2025」, 「XM2025」) are in a Western portion, shaped with the
#   face's digits of 549/1000 em, not the proportional ones of a digit after a 汉字;
# - a run held whole (word joiners in a zxx run, layout/bodyhold.py) ends a portion where it ends
#   and at each word joiner: the character before keeps its spacing (measured on「0355⁠-⁠8221234⁠，」
#   set held and plain at a line's start: 0.80 pt wider held, three portion ends more; its digits are the
#   same proportional ones, 「1」 7.54 pt).
_SPACING_PT = S.BODY_CHAR_SPACING / S.TWIPS_PER_PT
_PORTION_END = -_SPACING_PT / _BODY_CHAR_PT
_WESTERN_DIGIT = (0.549 * S.BODY_PT + S.BODY_CHAR_SPACING / S.TWIPS_PER_PT) / _BODY_CHAR_PT


def _widths(text: str, head: tuple[int, str] | None = None) -> tuple[list[float], list[bool]]:
    """Return each character's advance in the body's 字 in its context (the notes above): a digit
    in a Western portion, the face's pair kerning (「DB」) and the spacing a portion keeps included
    (counted on its first character); and whether each character starts a portion.  ``head``:
    the first characters are set in another face (a heading's 黑体 or 楷体: its own advances).

    The advances are ``char_advances``'s at 3号, taken a stretch at a time — no kerning across a held
    run's portion ends (``held_spans``, each word joiner) nor between the heading's face and the
    body's — with the body's run spacing added; a half-width character its face lacks keeps the
    body's measured advance (``body_char_width``)."""
    cuts = {at for start, end in held_spans(text) for at in (start, end)}
    cuts |= {at + 1 for at, ch in enumerate(text) if ch == JOIN}
    # a heading's run ends where its run-in text begins (another run, GwRunIn): in the body's face too
    # a portion ends there (measured: 「1.南漳镇：项目……确保2026年|12」 did not fit, 5 twips over)
    cuts |= {head[0]} if head is not None and head[1] == BODY_FONT and 0 < head[0] < len(text) else set()
    faces = {head[0]} if head is not None and head[1] != BODY_FONT else set()  # the body's face from there
    widths: list[float] = []
    opens: list[bool] = []
    full: tuple[bool, str] | None = None  # the portion: width class and face
    western = False  # the script of the last strong character, carried from one stretch to the next
    placed = 0.0  # pt of the current portion's glyphs so far (whole twips: see below)
    bounds = sorted(cuts | faces | {0, len(text)})
    for begin, end in zip(bounds, bounds[1:], strict=False):
        face = head[1] if head is not None and begin < head[0] else BODY_FONT
        stretch = text[begin:end]
        own = advances(face) or {}
        # a Latin letter before: digits stay Western; a 汉字 before: a mark after it is in its script run
        lead = "a" if western and face == BODY_FONT else ("一" if widths and not western else "")
        advanced = char_advances(lead + stretch, S.BODY_PT, face)[len(lead) :]
        cut = begin in cuts  # a held run's portion ends before the stretch: its first character opens one
        for at, (ch, pt) in enumerate(zip(stretch, advanced, strict=True), begin):
            if ch == "\t" or ch in MARKS:
                widths.append(0.0)
                opens.append(False)
                continue
            dash = western_dash_em(text, at) if face == BODY_FONT and ch in _WESTERN_DASH_EM else None
            is_wide = wide(ch) and dash is None
            if is_wide:
                western = False
            elif ch.isascii() and ch.isalpha():
                western = True
            if cut:
                full, cut = None, False
            portion = (is_wide, face)
            if portion != full:
                placed = 0.0  # pt into the portion
            if dash is not None:
                width = (dash * S.BODY_PT + _SPACING_PT) / _BODY_CHAR_PT
            elif is_wide or ord(ch) in own or (face == BODY_FONT and western and ch.isdigit()):
                # LibreOffice 7.4 places a portion's glyphs at whole twips from its start (its DX array):
                # 「3.南陈镇：对连续5次排名后2位的单位，由县委督查室进行」 — 「3」 178.24, 「5」 178.6, 「2」 178.56
                # twips, each its own portion — was a 0-twip tie the estimate fitted and LibreOffice broke
                # (seed 2618 n2618-030: 0.55 pt before 「2」); a long run (DB-2025-625) rounds once
                rounded = (round((placed + pt) * S.TWIPS_PER_PT) - round(placed * S.TWIPS_PER_PT)) / S.TWIPS_PER_PT
                placed += pt
                width = (rounded + _SPACING_PT) / _BODY_CHAR_PT
            else:
                width = body_char_width(ch)
            opens.append(portion != full)
            widths.append(width + (_PORTION_END if portion != full else 0.0))
            full = portion
    return widths, opens


def line_rooms(
    text: str, first_line_chars: float, line_chars: float, head: tuple[int, str] | None = None
) -> list[tuple[str, float]]:
    """Return ``text`` broken into body lines as LibreOffice breaks it, each with the room left on
    it in 字 (what justification spreads): greedy, 避头尾, Latin and
    digit runs unbroken unless longer than a line, the first line holding ``first_line_chars`` 字
    (and the type area's few twips over 28 字), advances as LibreOffice measures them (``_widths``;
    ``head``: the length and face of a heading's text before the body text run in after it).

    No library breaks lines on the 公文 grid with LibreOffice's rules, so this is written by hand.
    """
    return list(_line_rooms(text, first_line_chars, line_chars, head))


# cached: a paragraph is broken three times as it is laid out (its height, its held numbers, its
# run spacing: flow.lines, bodyhold, estimate_spacing), and a heading over a table again
@lru_cache(maxsize=4096)
def _line_rooms(
    text: str, first_line_chars: float, line_chars: float, head: tuple[int, str] | None
) -> tuple[tuple[str, float], ...]:
    if head is None:  # the zero-width spaces the .docx holds (text.py), if not there yet
        text = body_text(text)
    else:
        marked = body_text(text[: head[0]])
        text, head = marked + body_text(text[head[0] :]), (len(marked), head[1])
    widths, opens = _widths(text, head)

    def start(at: int) -> float:  # a line starts a portion: its spacing, unless counted already
        ahead = next((i for i in range(at, len(text)) if widths[i] > 0), None)
        return 0.0 if ahead is None or opens[ahead] else _PORTION_END

    lines: list[tuple[str, float]] = []
    line, used, capacity = "", 0.0, first_line_chars + _LINE_SLACK
    at = 0
    for piece in _pieces(text):
        width = sum(widths[at : at + len(piece)])
        if used + width <= capacity + 1e-6:
            line, used, at = line + piece, used + width, at + len(piece)
            continue
        if line:
            lines.append((line, capacity - used))
            line, used, capacity = "", start(at), line_chars + _LINE_SLACK
        for ch in piece:  # a piece longer than a line goes on over the next ones, broken anywhere
            if line and used + widths[at] > capacity + 1e-6:
                lines.append((line, capacity - used))
                line, used, capacity = "", start(at), line_chars + _LINE_SLACK
            line, used, at = line + ch, used + widths[at], at + 1
    lines.append((line, capacity - used))
    return tuple(lines)


def break_lines(
    text: str, first_line_chars: float, line_chars: float, head: tuple[int, str] | None = None
) -> list[str]:
    """Return ``text`` broken into body lines as LibreOffice breaks it (``line_rooms``)."""
    return [line for line, _room in line_rooms(text, first_line_chars, line_chars, head)]


def first_line_length(text: str, first_line_chars: float) -> int | None:
    """Return how many characters of ``text`` the first body line holds, broken as ``count_lines``
    breaks it, or None when the text is one line or its first piece runs over the line."""
    lines = break_lines(text, first_line_chars, S.CHARS_PER_LINE)
    if len(lines) == 1 or not _pieces(text) or len(lines[0]) < len(_pieces(text)[0]):
        return None
    return len(lines[0])


def count_lines(
    text: str, first_line_chars: float, line_chars: float, head: tuple[int, str] | None = None
) -> int:
    """Return the lines ``text`` takes in the body, broken as LibreOffice breaks it (``break_lines``),
    the first line holding ``first_line_chars`` 字."""
    return len(break_lines(text, first_line_chars, line_chars, head))


class Break(Enum):
    """How a chunk relates to what comes before it."""

    NONE = 0
    PAGE = 1


@dataclass(frozen=True)
class Chunk:
    """A piece of the flow that cannot be split: a line of text, a table row, a fixed block.

    ``keep_next`` ties it to the chunk after it (a heading to its first line); ``repeat`` is what
    goes above it when it starts a page (a table row under its header rows, repeated there).
    """

    height: int
    brk: Break = Break.NONE
    keep_next: bool = False
    repeat: int = 0


@dataclass(frozen=True)
class PageEstimate:
    """Result of the estimate: number of pages and the height used on the last one (twips)."""

    pages: int
    last_page_used: int

    def remaining(self, page_height: int) -> int:
        """Return the free height at the bottom of the last page."""
        return page_height - self.last_page_used


def place(chunks: list[Chunk], page_height: int) -> list[tuple[int, int]]:
    """Return where each chunk goes on pages of ``page_height`` twips: (page from 1, top in twips)."""
    placed: list[tuple[int, int]] = []
    page = 1
    used = 0
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        # a chunk kept with the next one moves with it
        group_height = chunk.height
        end = index
        while chunks[end].keep_next and end + 1 < len(chunks) and chunks[end + 1].brk is Break.NONE:
            end += 1
            group_height += chunks[end].height
        if chunk.brk is Break.PAGE and used > 0:  # a break on a fresh page (after a section) adds none
            page += 1
            used = 0
        if used > 0 and used + group_height > page_height:
            page += 1
            used = 0
        for item in chunks[index : end + 1]:
            if used > 0 and used + item.height > page_height:
                page += 1
                used = 0
            if used == 0 and item.brk is Break.NONE:  # a table's header rows repeated above it
                used = item.repeat
            placed.append((page, used))
            used += item.height
        index = end + 1
    return placed


def paginate(chunks: list[Chunk], page_height: int) -> PageEstimate:
    """Lay the chunks out on pages of ``page_height`` twips and return where the flow ends."""
    placed = place(chunks, page_height)
    if not placed:
        return PageEstimate(1, 0)
    page, top = placed[-1]
    return PageEstimate(page, top + chunks[-1].height)
