"""Runs of text: a style's arguments, punctuation kept whole at line ends (避头尾), pictures in a line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from docgen.emit.typst.fonts import Face
from docgen.emit.typst.markup.literal import EM_ASCENT, EMPTY_BOX, families, mm, portion_end, pt, rgb, string
from docgen.emit.typst.markup.literal import tracking as tracked
from docgen.layout.breaks import BREAK, JOIN
from docgen.layout.estimate import body_char_width, western_dash_em, wide
from docgen.standard import CHARS_PER_LINE

SPREAD = "#h(1fr)"  # the stretchable space between a spread line's units (Align.DISTRIBUTE)
# a break mark after a digit, a Latin letter or a mark inside a number, where Typst breaks nowhere (a
# dotted date's joints, 2025.|12.|28, need no word joiner): boxed like a held run's pieces, else Typst
# runs 2026.10.30 past its cell (measured: into the next column, corpus12 c12-000 p6)
_HELD_BREAK = re.compile(f"[0-9A-Za-z.,%‰:_@]{BREAK}")


@dataclass(frozen=True)
class TextStyle:
    """How a run of text looks: face, size, tracking, colour, horizontal scale (percent)."""

    face: Face
    size_pt: float
    tracking_pt: float = 0.0
    color: str | None = None
    scale: int = 100


@lru_cache(maxsize=1024)
def text_args(style: TextStyle) -> str:
    args = [f"font: {families(style.face)}", f"size: {pt(style.size_pt)}"]
    if style.face.bold:
        args.append('weight: "bold"')
    if style.tracking_pt:
        args.append(f"tracking: {pt(style.tracking_pt)}")
    if style.color:
        args.append(f"fill: {rgb(style.color)}")
    return ", ".join(args)


OPENERS = frozenset("（【《〈「『〔“‘([{")  # may not end a line (避尾)
CLOSERS = frozenset("，。、；：？！）】》〉」』〕”’…—·%‰,.;:?!)]}")  # may not start a line (避头)
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _wide_closer(char: str) -> bool:
    """Return whether ``char`` is a full-width closing mark (「〕」「）」): an ASCII one (「?」「.」) in a
    URL or an e-mail address keeps LibreOffice's own break there (tests/test_short_lines.py)."""
    return char in CLOSERS and not char.isascii()


# A Latin run longer than this (characters) is a URL, a path or an e-mail address, not a word
_LONG_RUN = 20

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/%+\-_]*|.", re.DOTALL)
# The marks whose width Typst takes in at a line's start or end (its BEGIN_PUNCT_PAT and
# END_PUNCT_PAT, typst-layout inline/line.rs), with ours: an empty box before a boxed unit is
# needed only when the unit starts with one, after it only when the unit ends with one.
_COMPRESSED_AT_START = OPENERS | frozenset("“‘《〈（『「【〖〔［｛")
_COMPRESSED_AT_END = CLOSERS | frozenset("”’，。、：；》〉）』」】〗〕］｝？！")
# Full-width marks Typst sets half width when another such mark follows (clreq 3.1.6.1, its
# consecutive-punctuation adjustment in shaping, always on for zh-CN): 「）》」 took 1.5 字 where
# LibreOffice and the 28-character grid take two (outsider6 #7: the half 字 won let 「42」 onto
# the line).  Measured on every pair of these: none is compressed across a non-text element.
_CJK_MARKS = "".join(
    sorted(ch for ch in _COMPRESSED_AT_START | _COMPRESSED_AT_END if not ch.isascii() and ch not in "…—·‰")
)
_MARK_PAIR = re.compile(f"(?<=[{_CJK_MARKS}])(?=[{_CJK_MARKS}])")


def guard_marks(line: str) -> list[tuple[str, bool]]:
    """Return ``line`` in parts; a punctuation mark is boxed (True) with the word it belongs to.

    Typst applies clreq's compression of punctuation at line ends: an opening mark that starts a
    line is pulled half a character into the margin, and a closing mark that ends one counts
    half its width, so that a 28.5-character line "fits" and its mark stands past the type area.
    LibreOffice and the 28-character grid keep every mark full width inside the type area, and
    carry the word before a closing mark to the next line (避头尾).  So each opening mark is
    boxed with the word after it and each closing mark with the word before it; in the box the
    marks keep their width (empty boxes at its ends, since a box's own line is compressed too),
    and the box breaks only where 避头尾 allows.
    """
    units: list[tuple[str, bool]] = []
    pending = ""  # opening marks waiting for their word
    for token in _WORD.findall(line):
        if token in OPENERS:
            pending += token
        elif token in CLOSERS and units and not pending:
            word, boxed = units[-1]
            if not boxed and len(word) > _LONG_RUN:
                # a URL's 「?」: boxed with its last character only; the whole run boxed is wider than a
                # line and broke inside its box, leaving 「html?」 alone on a line (corpus9 #6)
                units[-1:] = [(word[:-1], False), (word[-1] + token, True)]
            else:
                units[-1] = (word + token, True)
        elif units and units[-1][1] and _wide_closer(units[-1][0][-1]) and _over_line(token) and not pending:
            # the same, but the run is wider than a line: boxed, it could break nowhere (``_breakable``)
            units[-1] = (units[-1][0] + token[0], True)
            units.append((token[1:], False))
        elif units and units[-1][1] and _wide_closer(units[-1][0][-1]) and token[0] in _LATIN and not pending:
            # LibreOffice keeps a closing mark with the Latin or digit run after it (「〔2024〕130号」,
            # estimate._pieces; where a break may come there the layout says so with a zero-width
            # space, which ``text`` splits at): Typst would end a line after 「〕」 (corpus n14-006)
            units[-1] = (units[-1][0] + token, True)
        elif pending and len(token) > _LONG_RUN:  # 「（https://…」: the mark boxed with one character
            units += [(pending + token[0], True), (token[1:], False)]
            pending = ""
        else:
            units.append((pending + token, bool(pending) or token in CLOSERS))
            pending = ""
    if pending:
        units.append((pending, True))
    parts: list[tuple[str, bool]] = []
    for unit, boxed in units:
        if not boxed and parts and not parts[-1][1]:
            parts[-1] = (parts[-1][0] + unit, False)
        else:
            parts.append((unit, boxed))
    return parts


@lru_cache(maxsize=4096)  # a table's cells repeat (the same 单位, date or status): half the runs of a notice
def text(
    value: str,
    style: TextStyle,
    *,
    spread: bool = False,
    inherited: TextStyle | None = None,
    after: str | None = "",
) -> str:
    """Return a run of text; ``\\n`` breaks the line; ``spread`` spaces the characters over the line.

    ``inherited``: the style its paragraph sets (``ParagraphFormat.style``); a run of that style is
    written as a bare string, without repeating the style's arguments.  Typst's source holds a few
    characters per printed character then, not some seventy: parsing it, hashing it (for Typst's
    cache) and evaluating it was a third of a long notice's compile.

    ``after``: the first character that follows the run in its paragraph in the same face, "" if
    none does (a text portion of LibreOffice's ends with the run: ``_units``); None: the run is
    all its box holds, and nothing follows its last unit.

    The layout's break marks (layout/breaks.py) are not written: Typst would put them in the PDF's
    text.  A run held by word joiners (or a dotted date with its joints) is boxed instead, a box per piece between its joints.
    """
    if JOIN in value or BREAK in value:
        parts = value.replace(JOIN, "").split(BREAK)
        if JOIN not in value and not _HELD_BREAK.search(value):  # a distributed line spaces at a break mark too (「电话：|0371」)
            glue = SPREAD if spread else ""
            parts = [part for part in parts if part]
            follows = [nxt[0] for nxt in parts[1:]] + [after] * bool(parts)
            return glue.join(
                text(part, style, spread=spread, inherited=inherited, after=nxt)
                for part, nxt in zip(parts, follows, strict=True)
            )
        # each joint ends a text portion (estimate._widths): the piece's last glyph untracked
        ending = portion_end(style.tracking_pt) if style.tracking_pt else ""
        return "".join(f"#box[{text(part, style, inherited=inherited, after=None)}]{ending}" for part in parts if part)
    pieces = []
    args = "" if style == inherited else text_args(style)
    tracking = tracked(style.tracking_pt) if style.tracking_pt else ""
    ending = portion_end(style.tracking_pt) if style.tracking_pt else ""
    lines = value.split("\n")
    for index, line in enumerate(lines):
        if index:
            pieces.append("#linebreak()")
        if not line:
            continue
        if spread:
            pieces.append(SPREAD.join(_units(line, args, tracking, spread=True)))
            continue
        pieces += _units(line, args, (tracking, ending), after=after if index == len(lines) - 1 else "")
    body = "".join(pieces)
    if style.scale != 100 and body:
        return f"#box(scale(x: {style.scale}%, reflow: true)[{body}])"
    return body


def _apart(piece: str, args: str, tracking: str) -> str:
    """Return one boxed piece of text with an element between each two full-width marks in a row
    (``_MARK_PAIR``): the tracking's ``#h`` (Typst tracks between a text's glyphs, so the mark
    before keeps exactly the advance it had), an empty box where there is no tracking.  Each mark
    keeps its full width, as in LibreOffice (measured: 「订）》已」 with ``#h(-0.25pt)`` between
    「）」 and 「》」 sets 》 5.55 mm after ）, as 「订）已」 sets 已; 2.77 mm without)."""
    if not _MARK_PAIR.search(piece):
        return _run(piece, args)
    return (tracking or EMPTY_BOX).join(_run(part, args) for part in _MARK_PAIR.split(piece))


def _portions(line: str) -> tuple[list[bool], list[bool]]:
    """Return for each character of ``line`` whether it is in a full-width text portion of
    LibreOffice's (the estimate's ``wide``; a dash after a Latin letter or digit is in the Western
    one, ``western_dash_em``), and whether it is set with the Western digits: in a half-width
    portion, from its first Latin letter on when a digit follows that letter in the portion.

    Writer shapes a digit after a Latin letter as Western text (「XM20250944」, 「DB-2025-007」: the
    face's digits of 549/1000 em), a digit after a 汉字 as Asian text (the proportional digits,
    「2」 558/1000 em); Typst shapes both with the paragraph's language, zh: 「XM20250944」 was 0.07 字
    wider in Typst, and n303-004's line took 「请」 but not 「责」 (LibreOffice both).  In English
    Typst shapes the face's Western digits (measured: 8.534 pt at 3号 untracked, as LibreOffice)."""
    wides = [wide(ch) and western_dash_em(line, at) is None for at, ch in enumerate(line)]
    western = [False] * len(line)
    start = 0
    for end in range(1, len(line) + 1):
        if end < len(line) and wides[end] == wides[start]:
            continue
        if not wides[start]:
            letter = next((at for at in range(start, end) if line[at].isascii() and line[at].isalpha()), None)
            if letter is not None and any(line[at].isdigit() for at in range(letter, end)):
                western[letter:end] = [True] * (end - letter)
        start = end
    return wides, western


def _tracked(
    piece: str, args: str, spaces: tuple[str, str], wides: list[bool], western: list[bool], boxed: bool
) -> str:
    """Return a tracked piece of text cut where LibreOffice's text portions end (``spaces``: the
    tracking's and a portion end's, ``literal.portion_end``: the last character of a portion keeps
    the run spacing) and where the Western digits start or end (``_portions``: the language
    changes), each part as ``_apart`` (boxed) or ``_run`` sets it."""
    tracking, ending = spaces
    out: list[str] = []
    start = 0
    for end in range(1, len(piece) + 1):
        if end < len(piece) and (wides[end], western[end]) == (wides[start], western[start]):
            continue
        part = piece[start:end]
        own = (f"{args}, " if args else "") + 'lang: "en"' if western[start] else args
        set_part = _apart(part, own, tracking) if boxed else _run(part, own)
        if out:  # a new portion, or the language changes inside one (no space: it is one portion)
            out.append(ending if wides[start] != wides[start - 1] else "")
        out.append(set_part)
        start = end
    return "".join(out)


def _over_line(token: str) -> bool:
    """Return whether ``token`` (one of ``_WORD``'s) is a Latin or digit run wider than a body line."""
    return len(token) > _LONG_RUN and sum(map(body_char_width, token)) > CHARS_PER_LINE


def _breakable(part: str) -> list[tuple[str, bool]]:
    """Return ``part`` in pieces, each with whether a line may end after it: a Latin or digit run
    wider than a body line (a long URL, a path, a word of 60 letters) one piece per character.

    LibreOffice and the estimate (``estimate._line_rooms``) break such a run anywhere, filling each
    line; Typst breaks it nowhere (no hyphenation in Chinese text) and ran it past the type area and
    the paper's edge, its end printed nowhere (audit17: a 230-character URL, 92 letters lost).  An
    empty box between two characters is a break opportunity that adds nothing to the PDF's text.
    """
    pieces: list[tuple[str, bool]] = []
    rest = 0
    for match in _WORD.finditer(part):
        token = match.group()
        if not _over_line(token):
            continue
        if match.start() > rest:
            pieces.append((part[rest : match.start()], False))
        pieces += [(ch, True) for ch in token]
        rest = match.end()
    if rest < len(part):
        pieces.append((part[rest:], False))
    return pieces


def _units(
    line: str, args: str, spaces: str | tuple[str, str], *, spread: bool = False, after: str | None = ""
) -> list[str]:
    """Return one line's text as units of markup, a mark boxed with its word (``guard_marks``), each
    followed by ``tracking`` (Typst tracks between a run's glyphs, not after its last one);
    ``spread``: a unit per character or Latin/digit run as well (the places ``#h(1fr)`` may go: a
    distributed line stays on the estimate's breaks and keeps every mark full width, as the
    paragraph it was cut from — corpus n14-039 spilt 「报」 to a line of its own and n14-002 hung
    「：」 2.8 mm past the type area when each character was a run of its own).

    A tracked line is set as LibreOffice sets it (not spread: a spread line keeps the estimate's
    breaks): Writer takes the run spacing off every character of a text portion (a run of full- or
    of half-width characters) but its last; a unit that ends a portion is followed by
    ``literal.portion_end``, not the tracking, and a unit holding a portion's end is cut there
    (``_tracked``); ``spaces``: the tracking's and a portion end's; ``after``: the character that
    follows the line in its face ("": none, a portion ends with the line; None: nothing follows
    the last unit, all its box holds).  Tracked alike, a line of several digit or Latin runs was up to 0.1 字
    narrower in Typst, and Typst kept on it a character LibreOffice carried to the next line
    (corpus n404-008 「年度计划投资70.4」: 28.055 字 in LibreOffice, 27.96 in Typst)."""
    tracking, ending = (spaces, "") if isinstance(spaces, str) else spaces
    portioned = bool(tracking) and not spread
    wides, western = _portions(line + (after or "")[:1]) if portioned else ([], [])
    units = []
    at = 0
    for part, boxed in guard_marks(line):
        if spread and not boxed:
            pieces = [(piece, False) for piece in _WORD.findall(part)]
        else:
            pieces = [(part, False)] if boxed else _breakable(part)
        for piece, opening in pieces:
            start, at = at, at + len(piece)
            if portioned:
                run = _tracked(piece, args, (tracking, ending), wides[start:at], western[start:at], boxed)
            else:
                run = _apart(piece, args, tracking) if boxed else _run(piece, args)
            if boxed:  # marks in a row are always boxed: a closing one with the word before it
                # the empty boxes keep the marks at the box's ends full width (``guard_marks``);
                # a box where no mark is: one element less to lay out, the same lines (measured)
                lead = EMPTY_BOX if piece[0] in _COMPRESSED_AT_START else ""
                trail = EMPTY_BOX if piece[-1] in _COMPRESSED_AT_END else ""
                run = f"#box[{lead}{run}{trail}]"
            ends = portioned and (at == len(wides) or wides[at] != wides[at - 1])  # len(wides): nothing after
            opens = EMPTY_BOX if opening and at < len(line) else ""
            if after is None and at == len(line):
                units.append(run)
            else:
                units.append(run + (ending if ends else tracking) + opens)
    return units


def _run(value: str, args: str) -> str:
    """Return one text element: a bare string (its paragraph's style), else text with ``args``."""
    return f"#text({args}, {string(value)})" if args else f"#{string(value)}"


def picture(
    data: bytes, width_mm: float, height_mm: float, description: str, *, centred: bool = False
) -> str:
    """Return an inline picture from PNG or JPEG bytes (written as a byte array: no file is read);
    ``centred``: its middle on the middle of the text's em box (a 令's 签名章 and the 职务 beside it)."""
    array = ",".join(str(b) for b in data)
    baseline = f"baseline: 50% - {EM_ASCENT - 0.5:.3f}em, " if centred else ""
    kind = "png" if data.startswith(b"\x89PNG") else "jpg"  # the model takes no other (model_blocks.Picture)
    return (
        f'#box({baseline}image(bytes(({array},)), format: "{kind}", width: {mm(width_mm)}, '
        f"height: {mm(height_mm)}, alt: {string(description)}))"
    )
