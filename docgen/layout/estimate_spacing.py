"""Run spacing that takes a justified line's slack where LibreOffice would put it unevenly.

LibreOffice 7.4 justifies a line by giving each of its units (a 汉字; a Latin or digit run followed
by a 汉字, sw/source/core/text/portxt.cxx lcl_AddSpace) the same share of the slack, kept in
hundredths of a twip (itradj.cxx CalcNewBlock: ``nGluePortionWidth / nGluePortion``), and lays
every portion out with that precise share (portxt.cxx SwTextPortion::CalcSpacing: ``nCnt *
nSpaceAdd / SPACING_PRECISION_FACTOR``).  It draws a Chinese portion's characters with the share
cut to whole twips (txtnode/fntcache.cxx DrawText: ``rInf.GetSpace() / SPACING_PRECISION_FACTOR``
into SwScriptInfo::CJKJustify): each 汉字 is drawn up to a twip short, and the shortfall of the
whole portion opens up where the portion ends — before the digits of 「确保2025年」, 1.1 pt for 22
汉字 (measured: the gap grows with the portion's length, 0.05 pt a 汉字).  Neither the .docx nor
UNO sets how the slack is shared or drawn.

So on a body or heading line with a 汉字 followed by a digit or a Latin letter, docgen gives the
slack to the 汉字 themselves as run spacing in whole twips, leaving LibreOffice ``SAFE`` to ``LEFT``
twips: their share is under a twip, drawn as nothing, and what a portion loses is less.  The
spacing follows LibreOffice's portions (from the line's start or a Latin run to a Latin run or the
line's end; the script of each character as LibreOffice gives it, ``_script``): Writer drops a
negative spacing on a portion's last character and keeps a positive one (measured), so where a new
run boundary would start a portion its width is counted (``_kern``).  Whole portions, or one split
portion, get a twip more for the last twips; positive spacing is cut into portions of at most
``CHUNK`` 汉字 a twip apart, since Writer draws it 0.16–0.41 twip a 汉字 short too (``_chunked``;
where it finds no cut, a long piece ends in a tail of 6 汉字 instead, ``_tails_spaced``).
The lines are the estimate's (``estimate.line_rooms``, LibreOffice's breaks to a few twips): the
spacing leaves ``SAFE`` twips, and no line break moves (corpus, seeds 5, 14, 47: 0 of 36,952 lines).  A line holding a
run held whole (layout/bodyhold.py: word joiners in a zxx run) is spaced as any other: LibreOffice
ends a portion at each of its word joiners and where the run ends, the estimate measures it so
(``estimate._widths``) and ``_regions`` cuts the line's stretches there.  A line with at most
``LEFT`` twips of room gets no spacing of its own to share; a long stretch of 汉字 before a Latin run on it ends in a
piece of its last 6 汉字 a twip narrower, the line as wide as it was (``_tails_apart``).

Word gets the same spacing on the same 汉字 and lays the lines out with its own fonts and rules
(``w:autoSpaceDE``/``DN`` stay 0); its breaks are its own, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from docgen import standard as S
from docgen.layout.breaks import BREAK, JOIN, MARKS, held_spans
from docgen.layout.estimate import line_rooms, western_dash_em, wide
from docgen.layout.short_lines import short_before_run

SAFE = 4  # twips a spaced line keeps free after its text: the estimate's lines are this exact
LEFT = 7  # twips of slack, at most, left to LibreOffice's justification on a spaced line
_MAX_EXTRA = 160  # twips a 汉字 may get (8 pt: a line 5 字 short); LibreOffice would spread more itself


@dataclass(frozen=True)
class Piece:
    """A stretch of a paragraph's text and the twips added to its run spacing (0: the style's)."""

    text: str
    extra: int = 0
    break_after: bool = False  # the line ends here with a manual break, left short (short_lines.py)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _script(ch: str) -> str:
    """Return the script LibreOffice gives ``ch`` by its Unicode block (i18npool
    breakiteratorImpl.cxx getScriptClass): "asian" (the CJK blocks, full-width forms), "latin"
    (Basic Latin to Armenian: ASCII letters, digits and marks, 「·」), else "weak" (General
    Punctuation 「—“”…」, symbols 「℃①」, a space, docgen's zero-width marks): a weak character takes
    the script of the one before it (porlay.cxx SwScriptInfo::InitScriptInfo)."""
    code = ord(ch)
    if ch in " \u00a0" or ch in MARKS:
        return "weak"
    if 0x2E80 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F:
        return "asian"
    if 0xFF00 <= code <= 0xFFEF or code >= 0x20000:
        return "asian"
    return "latin" if code < 0x0590 else "weak"


def _regions(line: str, cut: int | None = None, before: str = "") -> list[tuple[int, int, bool]] | None:
    """Return the line's stretches as (start, end, chinese) — a Chinese stretch is a LibreOffice
    portion of Asian script, anything else a Latin one — or None when a character's script is not
    the estimate's (``estimate._widths`` takes full-width for Asian; a dash after a Latin letter or
    digit, 「1—5月」, is Western to both, ``estimate.western_dash_em``).  A stretch ends at ``cut`` too (where a
    heading's run ends and its run-in text begins: a portion ends there), and where a run held
    whole ends and at each of its word joiners (``estimate._widths``: LibreOffice's portions end
    there); ``before``: the paragraph's character before the line (the script a weak character at
    its start takes)."""
    regions: list[tuple[int, int, bool]] = []
    cuts = {at for start, end in held_spans(line) for at in (start, end)}
    cuts |= {at + 1 for at, ch in enumerate(line) if ch == JOIN} | ({cut} if cut is not None else set())
    previous = not before or (wide(before) if _script(before) == "weak" else _script(before) == "asian")
    for at, ch in enumerate(line):
        script = _script(ch)
        chinese = previous if script == "weak" else script == "asian"
        if ch in MARKS and not regions:
            chinese = False  # a zero-width mark opening a line: no Chinese portion of its own
        # a dash after a digit (「1—5月」) is in the Western portion, as the estimate sets it
        if ch not in MARKS and chinese != (wide(ch) and western_dash_em(line, at) is None):
            return None
        previous = chinese
        if regions and regions[-1][2] == chinese and at not in cuts:
            start, _end, kind = regions[-1]
            regions[-1] = (start, at + 1, kind)
        else:
            regions.append((at, at + 1, chinese))
    return regions


@cache  # asked again for the same pieces by every plan of a line
def _visible(text: str) -> int:
    return sum(1 for ch in text if ch not in MARKS)


@cache  # every plan of a line is measured by its pieces' shapes: one look-up a piece
def _shape(text: str) -> tuple[bool, int]:
    """Return whether ``text`` starts a Chinese portion (its first character wide) and its visible
    characters."""
    return bool(text) and wide(text[0]), _visible(text)


def _share(chinese: bool, visible: int, spacing: int) -> int:
    """Return the run spacing a piece of ``visible`` characters spaced ``spacing`` twips is laid out
    with (``_kern``): nothing for a Latin piece."""
    if not chinese:
        return 0
    return (visible - 1) * spacing + (spacing if spacing > 0 else 0)


def _kern(pieces: list[Piece]) -> int:
    """Return the run spacing LibreOffice lays ``pieces`` of one line out with, in twips: each
    Chinese piece is a portion, its spacing on every character but the last, and on the last too
    when it is positive (measured: Writer drops a negative spacing at a portion's end, and keeps a
    positive one as a kerning portion after it, portxt.cxx SwTextPortion::Format_)."""
    base = S.BODY_CHAR_SPACING  # read once: every plan of every spaced line is measured here
    return sum(_share(*_shape(piece.text), base + piece.extra) for piece in pieces)


def _left(pieces: list[Piece], room: int, base: int) -> int:
    """Return the twips ``pieces`` leave of the line's ``room`` (``base``: the spacing of the
    unspaced line), all of it justified by LibreOffice.  The spacing of the line's last 汉字 is not
    laid out, positive or not (measured on n14-058: 「……36.69亿」 with 23 twips on 「亿」 and 18 twips
    of room fits, and the 18 twips are justified)."""
    tail = pieces[-1]
    last = S.BODY_CHAR_SPACING + tail.extra if tail.text and wide(tail.text[0]) else 0
    return room - (_kern(pieces) - max(0, last) - base)


def _split(pieces: list[Piece], index: int, p: int) -> list[Piece]:
    """Return ``pieces`` with the piece at ``index`` split after its ``p``-th visible character, the
    first part a twip more spaced."""
    piece = pieces[index]
    at = _cut_after(piece.text, p)
    return [
        *pieces[:index],
        Piece(piece.text[:at], piece.extra + 1),
        Piece(piece.text[at:], piece.extra),
        *pieces[index + 1 :],
    ]


def _cut_after(text: str, p: int) -> int:
    """Return the index just after the ``p``-th visible character of ``text`` (p >= 1)."""
    return [i for i, ch in enumerate(text) if ch not in MARKS][p - 1] + 1


# a 汉字 followed by a Latin letter or digit (``is_han`` then ``_latin``), searched in C: asked of
# every justified body line, most of which have none
_HAN_LATIN = re.compile("[\u3400-\u9fff][A-Za-z0-9]")


def _line_pieces(line: str, room: int, cut: int | None = None, before: str = "") -> list[Piece] | None:
    """Return ``line`` as pieces spaced to leave LibreOffice at most ``LEFT`` twips of slack of its
    ``room`` twips and at least ``SAFE`` after its text, or None when it needs none (no 汉字 before
    a Latin run, or no room to take): every Chinese stretch ``extra`` twips more, the most that is
    safe; then whole stretches a twip more while safe, largest first; then one stretch split.

    The plans are measured by their pieces' shapes (``_share``), and only the chosen one is made:
    a stretch of n 汉字 splits n - 1 ways, each as long as the line."""
    if _HAN_LATIN.search(line) is None:
        return None
    regions = _regions(line, cut, before)
    if regions is None:
        return None
    texts = [line[s:e] for s, e, _c in regions]
    shapes = [_shape(text) for text in texts]
    chinese = [i for i, (_s, _e, c) in enumerate(regions) if c]
    is_chinese = [c for _s, _e, c in regions]
    sp = S.BODY_CHAR_SPACING
    last = len(texts) - 1
    tail_wide = shapes[last][0]

    def kern(extras: list[int]) -> int:
        return sum(_share(w, v, sp + e) for (w, v), e in zip(shapes, extras, strict=True))

    base = kern([0] * len(texts))

    def left(total: int, tail_extra: int, chinese_tail: bool) -> int:  # _left by the plan's sums
        return room - (total - max(0, sp + tail_extra if chinese_tail else 0) - base)

    if left(base, 0, tail_wide) <= LEFT:
        return _tails_apart(texts, is_chinese)

    def spaced(extra: int) -> list[int]:
        return [extra if c else 0 for c in is_chinese]

    def cost(extras: list[int]) -> int | None:  # the slack justified; None: not safe
        c = left(kern(extras), extras[last], tail_wide)
        return c if c >= SAFE else None

    extra, above = 0, _MAX_EXTRA + 1  # the most spacing that is safe: more only takes more room
    while above - extra > 1:
        middle = (extra + above) // 2
        extra, above = (middle, above) if cost(spaced(middle)) is not None else (extra, middle)
    extras = spaced(extra)
    steps = [extras]
    for i in sorted(chinese, key=lambda i: -shapes[i][1]):
        bumped = [*extras[:i], extra + 1, *extras[i + 1 :]]
        now, then = cost(extras), cost(bumped)
        if now is not None and then is not None and then < now:
            extras = bumped
            steps.append(extras)
    # each plan as (cost, pieces, step, split index, split after), in the order they were made
    best: tuple[int, int, list[int], int, int] | None = None
    for step in steps:
        total = kern(step)
        c = left(total, step[last], tail_wide)
        if c >= SAFE and (best is None or (c, len(texts)) < best[:2]):
            best = (c, len(texts), step, -1, 0)
        for i in chinese:
            if step[i] != extra:
                continue
            w, v = shapes[i]
            rest = total - _share(w, v, sp + extra)
            text = texts[i]
            marks = [at for at, ch in enumerate(text) if ch not in MARKS]
            for p in range(1, v):
                second = wide(text[marks[p - 1] + 1])
                split = rest + _share(w, p, sp + extra + 1) + _share(second, v - p, sp + extra)
                c = left(split, extra if i == last else step[last], second if i == last else tail_wide)
                if c >= SAFE and (best is None or (c, len(texts) + 1) < best[:2]):
                    best = (c, len(texts) + 1, step, i, p)
    assert best is not None  # spaced(0) is safe: the room had more than LEFT twips
    if best[0] > LEFT:
        return None
    _c, _n, step, index, p = best
    chosen = [Piece(text, e) for text, e in zip(texts, step, strict=True)]
    if index >= 0:
        chosen = _split(chosen, index, p)
    return _chunked(chosen, room, base) or _tails_spaced(chosen, room, base)


def _tails_apart(texts: list[str], is_chinese: list[bool]) -> list[Piece] | None:
    """Return a line left to LibreOffice's justification (at most ``LEFT`` twips of room) as pieces
    whose every Chinese stretch before a Latin one ends in a piece of its last ``1 - spacing`` 汉字
    a twip narrower (-5 twips: 6), or None when no stretch is longer than that.

    LibreOffice's share of the slack, under a twip a 汉字, is drawn as nothing, and a stretch's
    shortfall opens where it ends: n5-027 「展情况，每月|14日前在」 0.52 pt after 22 汉字.  Ending the
    stretch's portion 6 汉字 early moves that shortfall between two 汉字, and the 6 left open
    0.02 pt before the digits (measured: 0.52 → 0.019 pt; after 16, 10 汉字 0.39, 0.25 → 0.02;
    a tail of 5 or 7 汉字 0.02–0.13 pt).  The width is the line's own: the new portion end drops
    one more negative spacing (``_kern``), the tail's 汉字 but its last take it back a twip each."""
    sp = S.BODY_CHAR_SPACING
    size = 1 - sp  # the tail whose narrower 汉字 take back the spacing the new portion end drops
    if sp >= 0:
        return None  # a positive spacing is kept at a portion's end: no width to take back
    pieces: list[Piece] = []
    apart = False
    for index, text in enumerate(texts):
        visible = [at for at, ch in enumerate(text) if ch not in MARKS]
        before_latin = index + 1 < len(texts) and is_chinese[index] and not is_chinese[index + 1]
        if before_latin and len(visible) > size and wide(text[visible[-size]]):
            at = visible[-size]
            pieces += [Piece(text[:at]), Piece(text[at:], -1)]
            apart = True
        else:
            pieces.append(Piece(text))
    return pieces if apart else None


def _tails_spaced(pieces: list[Piece], room: int, base: int) -> list[Piece]:
    """Return ``pieces`` (a spaced line ``_chunked`` found no cut for) with every Chinese piece of
    more than ``CHUNK`` 汉字 before a Latin one ending in a piece of its last 汉字 a twip apart: the
    longest such tail that leaves the line ``SAFE``..``LEFT`` twips of ``room`` (``_left``; ``base``:
    the unspaced line's spacing); the piece is left whole when none does.

    Writer draws a positive spacing up to 0.41 twip a 汉字 short, and a portion's shortfall opens
    where it ends: n47-039 「带动作用；……挂图作战，确保|2024年」, 22 汉字 at +6 twips, 0.47 pt before
    the digits.  The tail moves that shortfall between two 汉字 and leaves its own before them."""
    result = list(pieces)
    index = 0
    while index < len(result) - 1:
        piece, after = result[index], result[index + 1]
        visible = [at for at, ch in enumerate(piece.text) if ch not in MARKS]
        before_latin = bool(after.text) and not wide(after.text[0]) and wide(piece.text[:1] or "a")
        best: list[Piece] | None = None
        if before_latin and len(visible) > CHUNK:
            for size in range(CHUNK, 0, -1):  # the longest tail first: the least left before it
                at = visible[-size]
                if not wide(piece.text[at]):
                    continue
                for delta in (1, -1):
                    tried = [Piece(piece.text[:at], piece.extra), Piece(piece.text[at:], piece.extra + delta)]
                    plan = [*result[:index], *tried, *result[index + 1 :]]
                    if SAFE <= _left(plan, room, base) <= LEFT:
                        best = plan
                        break
                if best is not None:
                    break
        if best is not None:
            result = best
            index += 1
        index += 1
    return result


def _chunked(pieces: list[Piece], room: int, base: int) -> list[Piece] | None:
    """Return ``pieces`` with every Chinese piece but the line's last cut into pieces of at most
    ``CHUNK`` 汉字, neighbours a twip apart: of the ways that keep the line's spacing within 16 twips
    of what it was, the first that leaves the least slack of ``room`` within ``SAFE``..``LEFT``
    (``_left``; ``base``: the unspaced line's spacing), fewest pieces on a tie; None if none does.
    The ways are measured by their pieces' shares (``_cut_share``); only the chosen one is made.

    Writer draws a positive spacing a little short (measured: 0.16–0.41 twip a 汉字, by the
    spacing; 「不少于|3」 0.4 pt after 20 汉字 at 10 twips) and lays each portion out where it
    belongs: short portions keep that shortfall under ``CHUNK`` × 0.41 twips at any portion's end.
    A positive spacing is kept on a portion's last 汉字 too, so cutting such a piece changes no
    width; a negative one is dropped there (the cut widens the line by it, 0.17 twip a 汉字 drawn
    short)."""
    chinese = [i for i, p in enumerate(pieces) if p.text and wide(p.text[0])]
    if chinese and chinese[-1] == len(pieces) - 1:
        chinese.pop()  # the line's last piece keeps its spacing: the room after the line is by it
    spans = [_visible(pieces[i].text) for i in chinese]
    total, count = sum(pieces[i].extra * m for i, m in zip(chinese, spans, strict=True)), sum(spans)
    if not count or all(m <= CHUNK for m in spans):
        return None
    sp = S.BODY_CHAR_SPACING
    cut = set(chinese)
    kept = sum(_share(*_shape(p.text), sp + p.extra) for i, p in enumerate(pieces) if i not in cut)
    tail = pieces[-1]
    last = max(0, sp + tail.extra if tail.text and wide(tail.text[0]) else 0)
    best: tuple[int, int, int, list[int]] | None = None  # (slack, pieces, low, counts)
    ranges = [_bump_range(m) for m in spans]
    fewest, most = sum(r[0] for r in ranges), sum(r[1] for r in ranges)
    shares: dict[tuple[int, int, int], tuple[int, int]] = {}  # (stretch, bumped in it, low): its share
    for low in range(max(0, total // count - 2), total // count + 1):
        # the bumped 汉字 that keep the line's spacing within 16 twips of what it was, in order
        for bumped in range(max(fewest, total - low * count - 16), min(most, total - low * count + 16) + 1):
            counts = [r[0] for r in ranges]
            need = bumped - fewest
            for k, (_lo, hi) in enumerate(ranges):  # bumped 汉字 where they fit, first stretches first
                more = min(hi - counts[k], need)
                counts[k] += more
                need -= more
            kern, length = kept, len(pieces) - len(chinese)
            for k, index in enumerate(chinese):
                key = (k, counts[k], low)
                if key not in shares:
                    shares[key] = _cut_share(pieces[index].text, _sizes(spans[k], counts[k]), low, sp)
                share, parts = shares[key]
                kern, length = kern + share, length + parts
            slack = room - (kern - last - base)  # _left of the plan, by its pieces' shares
            if SAFE <= slack <= LEFT and (best is None or (slack, length) < best[:2]):
                best = (slack, length, low, counts)
    if best is None:
        return None
    _slack, _length, low, counts = best
    result: list[Piece] = []
    for index, piece in enumerate(pieces):
        if index in cut:
            k = chinese.index(index)
            result += _cut(piece.text, _sizes(spans[k], counts[k]), low)
        else:
            result.append(piece)
    return result


CHUNK = 6  # 汉字 at most in a spaced portion


@cache  # a pure function of two small numbers, asked for every spaced line
def _layout(m: int, b: int) -> tuple[tuple[int, ...], bool] | None:
    """Return chunk sizes for ``m`` 汉字 of which ``b`` are a twip more, the two kinds alternating,
    each chunk at most ``CHUNK``, and whether the first chunk is a bumped one; None when impossible."""
    for q in range(max(1, -(-m // CHUNK)), m + 1):
        for first_bumped in (False, True):
            nb = (q + 1) // 2 if first_bumped else q // 2  # bumped chunks, and plain ones
            nn = q - nb
            if (nb == 0 and b) or (nn == 0 and b != m):
                continue
            if (nb and not nb <= b <= nb * CHUNK) or (nn and not nn <= m - b <= nn * CHUNK):
                continue
            bumped = [b // nb + (1 if i < b % nb else 0) for i in range(nb)] if nb else []
            plain = [(m - b) // nn + (1 if i < (m - b) % nn else 0) for i in range(nn)] if nn else []
            sizes = [bumped.pop(0) if (i % 2 == 0) == first_bumped else plain.pop(0) for i in range(q)]
            return tuple(sizes), first_bumped
    return None


@cache
def _bump_range(m: int) -> tuple[int, int]:
    """Return the least and most 汉字 of a stretch of ``m`` that can be a twip more in chunks."""
    possible = [b for b in range(m + 1) if _layout(m, b) is not None]
    return min(possible), max(possible)


def _sizes(m: int, b: int) -> tuple[tuple[int, ...], bool]:
    """Return ``_layout(m, b)``, which the caller chose among the possible ones."""
    found = _layout(m, b)
    assert found is not None
    return found


@lru_cache(maxsize=4096)  # ``_chunked`` cuts each stretch the same way for many of its plans
def _cut(text: str, layout: tuple[tuple[int, ...], bool], extra: int) -> tuple[Piece, ...]:
    """Return ``text`` cut after the given numbers of visible characters, alternately spaced
    ``extra + 1`` and ``extra`` twips (starting with the first when the layout says so); the pieces
    are frozen, shared by the plans that cut alike."""
    sizes, first_bumped = layout
    pieces: list[Piece] = []
    at = 0
    for i, size in enumerate(sizes):
        start = at
        seen = 0
        while at < len(text) and (seen < size or text[at] in MARKS):
            seen += text[at] not in MARKS
            at += 1
        bumped = (i % 2 == 0) == first_bumped
        pieces.append(Piece(text[start:at], extra + 1 if bumped else extra))
    if at < len(text):
        pieces[-1] = Piece(pieces[-1].text + text[at:], pieces[-1].extra)
    return tuple(pieces)


def _cut_share(text: str, layout: tuple[tuple[int, ...], bool], extra: int, spacing: int) -> tuple[int, int]:
    """Return the run spacing (``_share``, ``spacing`` the style's) and the number of the pieces
    ``_cut`` cuts ``text`` into, without cutting it: a piece holds its size of visible characters,
    the first piece starts at the text's start and each other one at a visible character (``_cut``
    puts the marks after a piece's last character in that piece)."""
    sizes, first_bumped = layout
    wides = _visible_wides(text)
    total, at = 0, 0
    for i, size in enumerate(sizes):
        bumped = (i % 2 == 0) == first_bumped
        starts_wide = wide(text[0]) if i == 0 else wides[at]
        total += _share(starts_wide, size, spacing + extra + (1 if bumped else 0))
        at += size
    return total, len(sizes)


@lru_cache(maxsize=4096)  # each Chinese stretch of a line is measured for every way it is cut
def _visible_wides(text: str) -> tuple[bool, ...]:
    """Return whether each visible character of ``text`` (marks left out) is wide."""
    return tuple(wide(ch) for ch in text if ch not in MARKS)


def spaced_pieces(
    text: str,
    first_line_chars: float,
    line_chars: float = S.CHARS_PER_LINE,
    head: tuple[int, str] | None = None,
) -> list[Piece]:
    """Return a paragraph's ``text`` with its marks (``breaks.body_text``; with ``head``, a heading's
    text and its run-in text, each marked on its own, as ``estimate.line_rooms`` takes them) as
    pieces whose run spacing takes the slack of every justified line with a 汉字 before a Latin run
    (the module's note); a line left short before a URL or e-mail address (``short_lines``) is not
    spaced and its piece has ``break_after``; the pieces' text joined is ``text``."""
    lines = line_rooms(text, first_line_chars, line_chars, head)
    boundary = head[0] if head is not None else None
    pieces: list[Piece] = []
    at = 0
    carried = 0  # marks of this line already put before the line break ending the line before
    for index, (whole, room) in enumerate(lines):
        line = whole[carried:]
        carried = 0
        spaced = None
        if index < len(lines) - 1 and short_before_run(line, room, lines[index + 1][0]):
            # the break opportunity before the run goes before the line break: after it, LibreOffice
            # breaks a run wider than a line at that zero-width space and opens an empty line
            # (「网址：|​https://…」, a 230-character URL: a blank line between them)
            following = lines[index + 1][0]
            carried = len(following) - len(following.lstrip(BREAK))
            pieces.append(Piece(line + following[:carried], break_after=True))  # left short, so not spaced
            at += len(line) + carried
            continue
        # a paragraph's last line is not justified
        if index < len(lines) - 1:
            cut = boundary - at if boundary is not None and at < boundary < at + len(line) else None
            # the room counts the portion a heading's run ends (estimate._widths)
            spaced = _line_pieces(line, round(room * S.CHAR), cut, text[at - 1] if at else "")
        pieces += spaced if spaced is not None else [Piece(line)]
        at += len(line)
    merged: list[Piece] = []
    for piece in pieces:  # neighbours with the same spacing are one run
        if merged and merged[-1].extra == piece.extra and not merged[-1].break_after:
            merged[-1] = Piece(merged[-1].text + piece.text, piece.extra, piece.break_after)
        elif piece.text:
            merged.append(piece)
    return merged
