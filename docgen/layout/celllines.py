"""Where LibreOffice ends a table cell's lines, and the word joiners a .docx cell needs for it (issue 14).

``cellwords.py`` holds every group of a cell (a word, a date, a code with the marks glued to it) with
word joiners (U+2060) in a zxx run: that kept every word whole (0 of 139 line ends inside a word) but
wrote hundreds of invisible characters per document into the text a clerk copies into Excel
(「项目名称」 no longer matches in VLOOKUP or 筛选) and switched spell-checking off for those runs.
Here a cell's lines are broken as LibreOffice breaks them, and a group keeps its marks only where a
line end would otherwise fall inside it: the group that does not fit the rest of its line (it starts
the next one), or one wider than a line.  Every other group is plain text.

Exact, not iterated: a line filled greedily ends where the held layout ends it, since every group
before the one that wraps fits the line whole (nothing breaks inside what fits) and the one that
wraps is held; so the lines come out as with every group held — the fixed point of "hold what
straddles a line end" — with the marks of those groups alone.  A cell on one line gets none.

LibreOffice's cell line, measured (one-cell tables, 4号 仿宋, widths 1 twip apart; tests/test_cell_lines.py):
the room is the cell's width less its two margins, and a line of 汉字 stays whole when it is at least
one twip narrower than that (8 字 of 280 twips: whole in 2241, broken in 2240).  Digits and Latin
letters are set in the face's own advances with its pair kerning, digits after a Latin letter in a
Western portion (549/1000 em), as ``estimate.py`` measures body lines; where a line's end with such
characters on it lies within ``UNSURE`` of the room, the cell keeps every group held (the estimate
may be a few twips off there; pure 汉字 lines are exact).

Written here because no library breaks lines as LibreOffice does; ``estimate._pieces`` gives the
pieces LibreOffice does not break inside (a Latin or digit run, a character with its 避头尾 marks),
``estimate.char_advances`` their advances.  The line filling is not ``estimate.line_rooms``'s: a cell
line is measured in twips with no run spacing or grid slack, a held run is one piece, and a line end
too close to call or at a quotation mark answers None.
"""

from __future__ import annotations

import dataclasses
import operator

from docgen import standard as S
from docgen.layout.breaks import BREAK, JOIN, plain
from docgen.layout.estimate import _pieces, char_advances, wide
from docgen.layout.metrics import BODY_FONT
from docgen.layout.placed import ParagraphBlock, Role, Run

FITS_BY = 1  # twips: a line fits when it is at least this much narrower than the cell's room (measured)
UNSURE = 12  # twips: a line end with digits or Latin letters this close to the room is not trusted
QUOTES = "\"'«»‘’‛“”‟‹›"  # UAX #14 class QU: no break on either side, unless a language says so


def char_twips(text: str, size_pt: float, face: str = BODY_FONT) -> list[float]:
    """Return each character's advance in twips as LibreOffice sets ``text`` at ``size_pt`` in the
    face for ``face`` (``estimate.char_advances``: no character spacing, pair kerning, marks none)."""
    return [advance * S.TWIPS_PER_PT for advance in char_advances(text, size_pt, face)]


def _no_break_before(runs: list[tuple[str, bool]], index: int, begin: int) -> bool:
    """Return whether LibreOffice may refuse to end a line before offset ``begin`` of run ``index``:
    an ambiguous quotation mark (UAX #14 class QU: 「“」 「”」 …) on either side of a held (zxx) run's
    edge.  Measured: 「设备安装，按照|“一个项目」 with 「“一个」 held came out 「设备安装，按|照“一个」: in
    a zxx run 「“」 is a QU, no break before it; in zh-CN text it opens (the break is before it)."""
    if begin or not index:
        return False
    before, after = runs[index - 1], runs[index]
    return (after[1] and after[0][:1] in QUOTES) or (before[1] and plain(before[0])[-1:] in QUOTES)


def _units(runs: list[tuple[str, bool]]) -> list[tuple[int, int, int]]:
    """Return the pieces no line breaks inside, as (run, start, end) offsets into each run's text: a
    held run whole; in other text each piece of ``estimate._pieces`` (a Latin or digit run, a
    character with its 避头尾 marks; a zero-width space starts a piece)."""
    found = []
    for index, (text, held) in enumerate(runs):
        if held:
            found.append((index, 0, len(text)))
            continue
        at = 0
        for piece in _pieces(text):
            found.append((index, at, at + len(piece)))
            at += len(piece)
    return found


def _fill(
    runs: list[tuple[str, bool]], room: int, size_pt: float, face: str
) -> tuple[set[int], set[int], int] | None:
    """Return the runs a line end falls before or inside, the runs a line ends after, and the lines,
    as LibreOffice fills a cell line ``room`` twips wide with ``runs``; None when a line end with
    digits or Latin letters on it is too close to the room to tell."""
    text = "".join(t for t, _ in runs)
    widths = char_twips(text, size_pt, face)
    offsets = [0]
    for t, _ in runs:
        offsets.append(offsets[-1] + len(t))
    limit = room - FITS_BY
    starts: set[int] = set()  # runs held because a line end falls before or inside them
    breaks_after: set[int] = set()  # runs a line ends after
    used, latin, lines = 0.0, False, 1
    for index, begin, end in _units(runs):
        first = offsets[index] + begin
        width = sum(widths[first : offsets[index] + end])
        piece = text[first : offsets[index] + end]
        half = any(not wide(ch) and ch not in (JOIN, BREAK) for ch in piece)
        if used and abs(used + width - limit) < UNSURE and (latin or half):
            return None
        if used and used + width > limit:
            if _no_break_before(runs, index, begin):
                return None  # LibreOffice ends no line there (a quotation mark at a zxx run's edge)
            used, latin, lines = 0.0, False, lines + 1
            breaks_after.add(index - 1 if begin == 0 else -1)
            if runs[index][1]:
                starts.add(index)
        if runs[index][1] and width > limit:
            starts.add(index)  # wider than a line: it breaks inside, where its marks allow
        used += width
        latin = latin or half
        while used > limit:
            used, lines = used - limit, lines + 1
    return starts, breaks_after, lines


def held_at_line_ends(
    runs: list[tuple[str, bool]], room: int, size_pt: float, face: str = BODY_FONT
) -> list[tuple[str, bool]] | None:
    """Return ``runs`` (every group held) with only the held runs a line end would cut held, in a
    cell line ``room`` twips wide; None when a line end with digits or Latin letters on it is too
    close to the room to tell (keep every group held)."""
    filled = _fill(runs, room, size_pt, face)
    return None if filled is None else _held(runs, filled[0], filled[1])


def _held(runs: list[tuple[str, bool]], starts: set[int], breaks_after: set[int]) -> list[tuple[str, bool]]:
    """Return ``runs`` with only the held runs in ``starts`` held and the breaks offered only after the
    runs in ``breaks_after`` (``_fill``'s answer)."""
    out: list[tuple[str, bool]] = []
    for index, (t, held) in enumerate(runs):
        keep = held and index in starts
        if t.endswith(BREAK) and index not in breaks_after:
            t = t[: -len(BREAK)]  # the break offered after 「，」 before a digit: only where a line ends
        if not keep:
            t = t.replace(JOIN, "")
        if not keep and out and not out[-1][1]:
            out[-1] = (out[-1][0] + t, False)
        elif t:
            out.append((t, keep))
    return out


def hold_at_line_ends(paragraph: ParagraphBlock, width: int, margin: int) -> ParagraphBlock:
    """Return a table cell's paragraph (in a cell ``width`` twips wide with ``margin`` twips each
    side) with its ``line_end_runs``: word joiners and zxx runs only on the groups a LibreOffice line
    end would cut (the paragraph itself when they would be its runs)."""
    return set_cell(paragraph, width, margin)[0]


def cell_lines(paragraph: ParagraphBlock, width: int, margin: int) -> int | None:
    """Return the lines LibreOffice sets a table cell's paragraph in (a cell ``width`` twips wide with
    ``margin`` twips each side; its groups held as ``cellwords.cell_runs`` holds them); None where
    not measured (indented, runs formatted differently, a line end too close to call)."""
    return set_cell(paragraph, width, margin)[1]


def set_cell(paragraph: ParagraphBlock, width: int, margin: int) -> tuple[ParagraphBlock, int | None]:
    """Return ``hold_at_line_ends`` and ``cell_lines`` of a cell's paragraph, its lines filled once."""
    measured = _measured(paragraph)
    if measured is None:
        return paragraph, None
    first, size, face = measured
    runs = [(r.text, r.whole) for r in paragraph.runs if isinstance(r, Run)]
    filled = _fill(runs, width - 2 * margin, size, face)
    if filled is None:
        return paragraph, None
    starts, breaks_after, lines = filled
    if not any(held for _t, held in runs):
        return paragraph, lines
    new = tuple(dataclasses.replace(first, text=t, whole=held) for t, held in _held(runs, starts, breaks_after))
    return dataclasses.replace(paragraph, line_end_runs=new), lines


# a run's formatting: every field but its text and whether it is held (compared, not copied: a
# dataclasses.replace of each run of each cell, twice, before)
_format = operator.attrgetter(*(f.name for f in dataclasses.fields(Run) if f.name not in ("text", "whole")))


def _texts(paragraph: ParagraphBlock) -> list[Run]:
    return [r for r in paragraph.runs if isinstance(r, Run)]


def _measured(paragraph: ParagraphBlock) -> tuple[Run, float, str] | None:
    """Return a cell paragraph's first run, size (pt) and face if its lines are measured here: runs
    of text alike formatted, not indented; else None."""
    texts = _texts(paragraph)
    if not texts or len(texts) != len(paragraph.runs):
        return None
    if paragraph.left or paragraph.right or paragraph.first_line:
        return None  # indented: not the room measured
    first = texts[0]
    formatted = _format(first)  # made once, not once a run
    if any(_format(r) != formatted for r in texts[1:]):
        return None  # runs formatted differently: left as they are
    size = first.size_pt if first.size_pt is not None else S.TABLE_PT
    face = S.FONT_HEITI if paragraph.role is Role.TABLE_HEAD else S.FONT_FANGSONG
    return first, size, face
