"""All Typst syntax of docgen: every piece of markup is made here, behind small named functions.

User text never becomes markup: it is written only as Typst *string literals* (``string``), placed
with ``text(...)`` in code mode, so nothing in it is read as markup — not ``# $ * _ < > @ [ ] ~ /``,
not ``=``, ``-``, ``+`` or ``1.`` at a line start, not quotes (no smart quotes), ``--``, ``...``,
``//`` or URLs.  A string literal needs only ``\\``, ``"`` and control characters escaped.

Lengths arrive in points; the emitter (``emit.py``) converts the placed document's twips.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from docgen.emit.typst.fonts import Face
from docgen.layout.breaks import BREAK, JOIN

# Where the em box's top sits above the baseline in the CJK faces, as a fraction of the size
# (the same factor docgen.check uses to measure PDFs; gbt9704.md §1.7).
EM_ASCENT = 0.88

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# every character a string literal escapes: the above, other control characters (C0, DEL, C1) and
# the line and paragraph separators as \u{…}; str.translate applies it in C (a third of the markup's
# time went to a loop over characters in Python)
_LITERAL = str.maketrans(
    {
        **{chr(c): f"\\u{{{c:x}}}" for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]},
        **_ESCAPES,
    }
)



SPREAD = "#h(1fr)"  # the stretchable space between a spread line's units (Align.DISTRIBUTE)

def string(text: str) -> str:
    """Return ``text`` as a Typst string literal (shown exactly as it is, never read as markup)."""
    return '"' + text.translate(_LITERAL) + '"'


@lru_cache(maxsize=4096)
def pt(value: float) -> str:
    """Return a length in points."""
    return f"{round(value, 3):g}pt"


def mm(value: float) -> str:
    """Return a length in millimetres."""
    return f"{round(value, 3):g}mm"


def rgb(hex_color: str) -> str:
    """Return an RRGGBB colour."""
    return f'rgb("#{hex_color}")'


_FAMILIES: dict[str, str] = {}  # a face's variable name → its families, as ``document`` defines them


@lru_cache(maxsize=256)
def _families(face: Face) -> str:
    """Return the name of a variable holding the face's families (``document`` defines it once):
    written out in every run and paragraph, the tuple of four strings was parsed and evaluated
    thousands of times per document."""
    families = "(" + ", ".join(string(f) for f in face.families) + ",)"
    name = "docgen_f_" + hashlib.sha1(families.encode()).hexdigest()[:10]
    _FAMILIES[name] = families
    return name


def _definitions(*parts: str) -> str:
    """Return the ``let`` of each face variable the ``parts`` of a source use (``_families``)."""
    used = sorted(name for name in _FAMILIES if any(name in part for part in parts))
    return "".join(f"#let {name} = {_FAMILIES[name]}\n" for name in used)


# --- text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextStyle:
    """How a run of text looks: face, size, tracking, colour, horizontal scale (percent)."""

    face: Face
    size_pt: float
    tracking_pt: float = 0.0
    color: str | None = None
    scale: int = 100


@lru_cache(maxsize=1024)
def _text_args(style: TextStyle) -> str:
    args = [f"font: {_families(style.face)}", f"size: {pt(style.size_pt)}"]
    if style.face.bold:
        args.append('weight: "bold"')
    if style.tracking_pt:
        args.append(f"tracking: {pt(style.tracking_pt)}")
    if style.color:
        args.append(f"fill: {rgb(style.color)}")
    return ", ".join(args)


OPENERS = frozenset("（【《〈「『〔“‘([{")  # may not end a line (避尾)
CLOSERS = frozenset("，。、；：？！）】》〉」』〕”’…—·%‰,.;:?!)]}")  # may not start a line (避头)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/%+\-_]*|.", re.DOTALL)
# The marks whose width Typst takes in at a line's start or end (its BEGIN_PUNCT_PAT and
# END_PUNCT_PAT, typst-layout inline/line.rs), with ours: an empty box before a boxed unit is
# needed only when the unit starts with one, after it only when the unit ends with one.
_COMPRESSED_AT_START = OPENERS | frozenset("“‘《〈（『「【〖〔［｛")
_COMPRESSED_AT_END = CLOSERS | frozenset("”’，。、：；》〉）』」】〗〕］｝？！")


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
            units[-1] = (units[-1][0] + token, True)
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


def text(value: str, style: TextStyle, *, spread: bool = False, inherited: TextStyle | None = None) -> str:
    """Return a run of text; ``\\n`` breaks the line; ``spread`` spaces the characters over the line.

    ``inherited``: the style its paragraph sets (``ParagraphFormat.style``); a run of that style is
    written as a bare string, without repeating the style's arguments.  Typst's source holds a few
    characters per printed character then, not some seventy: parsing it, hashing it (for Typst's
    cache) and evaluating it was a third of a long notice's compile.

    The layout's break marks (layout/breaks.py) are not written: Typst would put them in the PDF's
    text.  A run held by word joiners is boxed instead, a box per piece between its joints.
    """
    if JOIN in value or BREAK in value:
        parts = value.replace(JOIN, "").split(BREAK)
        if JOIN not in value:  # a distributed line spaces at a break mark too (「电话：|0371」)
            glue = SPREAD if spread else ""
            return glue.join(text(part, style, spread=spread, inherited=inherited) for part in parts if part)
        return "".join(f"#box[{text(part, style, inherited=inherited)}]" for part in parts if part)
    pieces = []
    args = "" if style == inherited else _text_args(style)
    tracking = f"#h({pt(style.tracking_pt)}, weak: true)" if style.tracking_pt else ""
    for index, line in enumerate(value.split("\n")):
        if index:
            pieces.append("#linebreak()")
        if not line:
            continue
        if spread:
            pieces.append(SPREAD.join(_units(line, args, tracking, spread=True)))
            continue
        pieces += _units(line, args, tracking)
    body = "".join(pieces)
    if style.scale != 100 and body:
        return f"#box(scale(x: {style.scale}%, reflow: true)[{body}])"
    return body


def _units(line: str, args: str, tracking: str, *, spread: bool = False) -> list[str]:
    """Return one line's text as units of markup, a mark boxed with its word (``guard_marks``), each
    followed by ``tracking`` (Typst tracks between a run's glyphs, not after its last one);
    ``spread``: a unit per character or Latin/digit run as well (the places ``#h(1fr)`` may go: a
    distributed line stays on the estimate's breaks and keeps every mark full width, as the
    paragraph it was cut from — corpus n14-039 spilt 「报」 to a line of its own and n14-002 hung
    「：」 2.8 mm past the type area when each character was a run of its own)."""
    units = []
    for part, boxed in guard_marks(line):
        for piece in _WORD.findall(part) if spread and not boxed else [part]:
            run = _run(piece, args)
            if boxed:
                # the empty boxes keep the marks at the box's ends full width (``guard_marks``);
                # a box where no mark is: one element less to lay out, the same lines (measured)
                lead = "#box()" if piece[0] in _COMPRESSED_AT_START else ""
                trail = "#box()" if piece[-1] in _COMPRESSED_AT_END else ""
                run = f"#box[{lead}{run}{trail}]"
            units.append(run + tracking)
    return units


def _run(value: str, args: str) -> str:
    """Return one text element: a bare string (its paragraph's style), else text with ``args``."""
    return f"#text({args}, {string(value)})" if args else f"#{string(value)}"


def picture(
    data: bytes, width_mm: float, height_mm: float, description: str, *, centred: bool = False
) -> str:
    """Return an inline picture from PNG bytes (written as a byte array: no file is read);
    ``centred``: its middle on the middle of the text's em box (a 令's 签名章 and the 职务 beside it)."""
    array = ",".join(str(b) for b in data)
    baseline = f"baseline: 50% - {EM_ASCENT - 0.5:.3f}em, " if centred else ""
    return (
        f'#box({baseline}image(bytes(({array},)), format: "png", width: {mm(width_mm)}, '
        f"height: {mm(height_mm)}, alt: {string(description)}))"
    )


# --- paragraphs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParagraphFormat:
    """A paragraph's geometry in points; ``line_pt`` None: the lines take their content's height."""

    size_pt: float
    line_pt: float | None
    align: str = "justify"  # left, center, right, justify
    left_pt: float = 0.0
    right_pt: float = 0.0
    first_line_pt: float = 0.0
    hanging_pt: float = 0.0
    sticky: bool = False
    raise_pt: float = 0.0  # the em box this much above the middle of its line
    style: TextStyle | None = None  # the text style set for the whole paragraph (``text``'s ``inherited``)


def _text_set(fmt: ParagraphFormat) -> str:
    """Return the paragraph's text settings: its style, and the text edges that make every line
    exactly ``line_pt`` high, the em box centred in it (or raised by ``raise_pt``)."""
    args = [] if fmt.style is None else [_text_args(fmt.style)]
    if fmt.line_pt is not None:
        top = (fmt.line_pt - fmt.size_pt) / 2 + EM_ASCENT * fmt.size_pt - fmt.raise_pt
        args[:0] = [f"top-edge: {pt(top)}, bottom-edge: {pt(top - fmt.line_pt)}"]
    return f"#set text({', '.join(args)})\n" if args else ""


def paragraph(body: str, fmt: ParagraphFormat, *, columns: bool = False, bare: bool = False) -> str:
    """Return a paragraph as a block of its own: indents, alignment, exact lines, kept with the next.

    Only what differs from Typst's defaults and the document's settings (``document``: no space
    around blocks, paragraphs not justified) is written.  ``bare``: the paragraph is all its
    container holds (a table cell's one paragraph), so it needs no block of its own to hold its
    settings where it has no inset and is not kept with the next (one element less to lay out
    per cell: the same lines, measured on every sample).
    """
    # Justified paragraphs are set flush left, not justified (``document``): Typst's justification
    # compresses Chinese punctuation (29 characters on a line) and trims a closing mark at a line's
    # end, spreading the line's other characters; on the 28-character grid (15.75 pt each) a full
    # line ends 0.4 mm short of the type area anyway.
    align = "left" if fmt.align == "justify" else fmt.align
    first = fmt.first_line_pt if not fmt.hanging_pt else 0.0
    args = ["width: 100%"]
    if fmt.left_pt - fmt.hanging_pt or fmt.right_pt:
        args.append(f"inset: (left: {pt(fmt.left_pt - fmt.hanging_pt)}, right: {pt(fmt.right_pt)})")
    if fmt.sticky:
        args.append("sticky: true")
    indents = []
    if first:
        indents.append(f"first-line-indent: (amount: {pt(first)}, all: true)")
    if fmt.hanging_pt:
        indents.append(f"hanging-indent: {pt(fmt.hanging_pt)}")
    par = f"#par({', '.join(indents)})" if indents else "#par"
    if bare and len(args) == 1 and not columns:
        return f"{_text_set(fmt)}#set align({align})\n{par}[{body}]\n"
    head = f"#block({', '.join(args)})"
    return (
        f"{head}[\n{_text_set(fmt)}#set align({align})\n"
        # an explicit par (Typst sets lone inline content in a block without one: no indent);
        # columns (tab stops) are a block of their own
        + (f"{body}]\n" if columns else f"{par}[{body}]]\n")
    )


def columns(
    segments: Sequence[str], widths: Sequence[float | None], aligns: Sequence[str], *, last_auto: bool = False
) -> str:
    """Return text set in columns starting at tab stops: ``widths`` in points, None = the rest.

    ``last_auto``: the last column is as wide as its text (a right tab stop's segment).
    """
    cols = ["1fr" if w is None else pt(w) for w in widths]
    if last_auto:
        cols[-1] = "auto"
    cells = ", ".join(f"align({a})[{s}]" for s, a in zip(segments, aligns, strict=True))
    # a column's text never wraps into a second line for want of its last glyph's tracking:
    # every column but the last may reach a little into the next
    inset = f"(x, y) => if x < {len(cols) - 1} {{ (right: -2pt) }} else {{ 0pt }}"
    return (
        f"#grid(columns: ({', '.join(cols)},), column-gutter: 0pt, row-gutter: 0pt, inset: {inset}, {cells})"
    )


def padded(body: str, *, right_pt: float) -> str:
    """Return ``body`` with room kept free on its right."""
    return f"#pad(right: {pt(right_pt)})[{body}]" if right_pt else body


def empty_line(height_pt: float, *, weak: bool = False) -> str:
    """Return the room an empty paragraph takes (``weak``: none at a page's end)."""
    return f"#v({pt(height_pt)}, weak: {str(weak).lower()})\n"


def space(height_pt: float) -> str:
    """Return space before a paragraph."""
    return f"#v({pt(height_pt)})\n"


def page_break() -> str:
    """Return a break to a new page."""
    return "#pagebreak()\n"


def rule_below(space_pt: float, width_pt: float, color: str) -> str:
    """Return a rule across the column, its middle ``space_pt`` below the paragraph above, taking its room."""
    return (
        f"#block(width: 100%, height: {pt(space_pt + width_pt)}, above: 0pt, below: 0pt)["
        f"#place(top + left, dy: {pt(space_pt)}, "
        f"line(length: 100%, stroke: {stroke(width_pt, color)}))]\n"
    )


# --- tables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stroke:
    """One side of a cell: width in points (0: none) and colour."""

    width_pt: float
    color: str = "000000"


@dataclass(frozen=True)
class TableCell:
    """A cell's content (markup made here), its sides (None: no line) and vertical centring."""

    body: str
    top: Stroke | None
    bottom: Stroke | None
    left: Stroke | None
    right: Stroke | None
    v_center: bool = True
    breakable: bool = False
    min_height_pt: float = 0.0  # the row's least height (a form's room to write in)
    colspan: int = 1  # columns it spans (a merged header cell)
    rowspan: int = 1  # rows it spans down
    one_line_pt: float | None = None  # its content's height where surely one line (None: not sure)


def stroke(width_pt: float, color: str) -> str:
    """Return a line's stroke.

    A width of exactly 1 pt is written 1.001 pt: Typst then leaves out the PDF's ``w`` operator
    (1 is its default), and pdfminer, which ``docgen check`` measures with, starts from 0.
    """
    return f"{pt(1.001 if width_pt == 1 else width_pt)} + {rgb(color)}"


def _stroke(side: Stroke | None) -> str:
    if side is None or side.width_pt <= 0:
        return "none"
    return stroke(side.width_pt, side.color)


def _width(side: Stroke | None) -> float:
    return 0.0 if side is None else max(0.0, side.width_pt)


def _room(cell: TableCell, first: bool, last: bool) -> tuple[float, float]:
    """Return the room a cell keeps above and below its content for its lines: Word and LibreOffice
    make a row as high as its content and its rules (measured on a 小四 row of 19 pt lines: 6.88 mm,
    19.5 pt; layout.tables.ROW_RULE), where Typst draws a stroke on the cell's edge and takes no room
    for it (rows 0.5 pt short: a 简报 of four rows ended 1.2 mm higher and its 报尾 fitted a page
    LibreOffice's did not).  A rule between two rows is shared, half in each; the table's top and
    bottom rules are inside the table, as in LibreOffice (its height: content + (rows + 1) rules)."""
    top, bottom = _width(cell.top), _width(cell.bottom)
    return (top if first else top / 2), (bottom if last else bottom / 2)


def _strokes(cell: TableCell) -> str:
    return (
        f"(top: {_stroke(cell.top)}, bottom: {_stroke(cell.bottom)}, "
        f"left: {_stroke(cell.left)}, right: {_stroke(cell.right)})"
    )


def _settings(cell: TableCell) -> tuple[str, str, str]:
    """Return a cell's sides, vertical alignment and breakability, as written."""
    return f"stroke: {_strokes(cell)}", f"align: {'horizon' if cell.v_center else 'top'}", (
        f"breakable: {str(cell.breakable).lower()}"
    )


def _cell(
    cell: TableCell,
    inset: str = "",
    common: tuple[str, str, str] = ("", "", ""),
    room: tuple[float, float] = (0.0, 0.0),
) -> str:
    """Return a cell (``inset``: its own, when not the table's; ``common``: the settings the table
    sets for all its cells, not written again; ``room``: what it keeps above and below its content
    for its rules, ``_room``)."""
    align = "horizon" if cell.v_center else "top"
    own = "".join(f"{setting}, " for setting, shared in zip(_settings(cell), common, strict=True) if setting != shared)
    body = cell.body
    if cell.min_height_pt:
        # Typst's rows are auto or fixed, with no "at least": an empty strut beside the content
        # holds the row open, the content aligned in the height the two make.  The least height is
        # the row's with its rules, as w:trHeight is LibreOffice's (a header row held at 2 lines of
        # 14 pt: 9.88 mm there, 10.05 mm here with the strut that high and the rules' room added)
        strut = max(0.0, cell.min_height_pt - room[0] - room[1])
        body = f"#grid(columns: (0pt, 1fr), align: {align}, box(height: {pt(strut)}), [{body}])"
    spans = (f"colspan: {cell.colspan}, " if cell.colspan > 1 else "") + (
        f"rowspan: {cell.rowspan}, " if cell.rowspan > 1 else ""
    )
    inset = f"inset: {inset}, " if inset else ""
    return f"table.cell({(spans + inset + own).removesuffix(', ')})[{body}]"


def _row_heights(
    every: Sequence[Sequence[TableCell]], rooms: Sequence[Sequence[tuple[float, float]]]
) -> list[float | None]:
    """Return each row's height where every cell of it is surely one line, as Typst would measure it
    (the tallest cell: content and its room for the rules); None (auto) for the others.

    Typst measures an auto row by laying out each of its cells and then lays them out again in the
    height found: a row given its height is laid out once (10 synthetic bulletins, their data rows
    given: compile 121 → 113 M instructions each, callgrind).  A row a cell spans into or out of,
    one that may break across pages and one with a least height stay auto.
    """
    spanned: set[int] = set()
    for r, row in enumerate(every):
        for cell in row:
            if cell.rowspan > 1:
                spanned.update(range(r, r + cell.rowspan))
    heights: list[float | None] = []
    for r, (row, row_rooms) in enumerate(zip(every, rooms, strict=True)):
        sure = row and r not in spanned and all(
            c.one_line_pt is not None and not c.breakable and not c.min_height_pt for c in row
        )
        heights.append(
            max(c.one_line_pt + top + bottom for c, (top, bottom) in zip(row, row_rooms, strict=True) if c.one_line_pt is not None)
            if sure
            else None
        )
    return heights


def table(
    widths_pt: Sequence[float],
    header: Sequence[Sequence[TableCell]],
    rows: Sequence[Sequence[TableCell]],
    cell_margin_pt: float,
    *,
    centred: bool = True,
    room_pt: float | None = None,
) -> str:
    """Return a table of fixed column widths; header rows repeat on every page it spans.

    ``room_pt``: the width it stands in; a centred table wider than that spills over both sides
    equally, as Word and LibreOffice centre it (Typst would let it run over the right side only).
    """
    cols = ", ".join(pt(w) for w in widths_pt)
    every = [*header, *rows]
    rooms = [
        [_room(c, r == 0, r + c.rowspan == len(every)) for c in row] for r, row in enumerate(every)
    ]
    common = Counter(room for row in rooms for room in row).most_common(1)
    own = common[0][0] if common else (0.0, 0.0)  # the table's inset: written once, not per cell

    def inset(room: tuple[float, float]) -> str:
        return f"(x: {pt(cell_margin_pt)}, top: {pt(room[0])}, bottom: {pt(room[1])})"

    # each cell's sides, alignment and breakability as a set rule of the table's, written once, and
    # per cell only where they differ (a cell wrote all three: a third of a bulletin's source)
    most = Counter(_settings(c) for row in every for c in row).most_common(1)
    shared = most[0][0] if most else ("", "", "")
    cells = [
        [
            _cell(c, "" if room == own else inset(room), shared, room)
            for c, room in zip(row, row_rooms, strict=True)
        ]
        for row, row_rooms in zip(every, rooms, strict=True)
    ]
    parts = [f"columns: ({cols},)", f"inset: {inset(own)}", "stroke: none"]
    heights = _row_heights(every, rooms)
    if any(h is not None for h in heights):
        parts.append(f"rows: ({', '.join('auto' if h is None else pt(h) for h in heights)},)")
    if header:
        head_cells = ", ".join(c for row in cells[: len(header)] for c in row)
        parts.append(f"table.header(repeat: true, {head_cells})")
    parts += [c for row in cells[len(header) :] for c in row]
    body = "table(" + ", ".join(parts) + ")"
    wrapped = f"align(center, {body})" if centred else body
    excess = sum(widths_pt) - room_pt if room_pt is not None else 0.0
    if centred and excess > 0:
        wrapped = f"pad(x: {pt(-excess / 2)}, {body})"
    rule = f"set table.cell({', '.join(shared)}); " if most else ""
    return f"#block(width: 100%, above: 0pt, below: 0pt, {{ {rule}{wrapped} }})\n"


def at_bottom(content: str, dx_pt: float) -> str:
    """Return ``content`` placed at the bottom of the type area, ``dx_pt`` from its left edge (7.4.1)."""
    return f"#place(bottom + left, dx: {pt(dx_pt)}, float: true, clearance: 0pt, [{content}])\n"


UNNUMBERED = "docgen-unnumbered"  # the label of a page that carries no number (7.5)


def unnumbered_page() -> str:
    """Return the mark of a page that carries no number, put where the page's text starts (a 信函's
    first page, 10.1)."""
    return f"#metadata(none)<{UNNUMBERED}>\n"


def on_page(content: str, dx_pt: float, dy_pt: float) -> str:
    """Return ``content`` (an expression) placed ``dx_pt``, ``dy_pt`` from the type area's top-left
    corner (negative: into the margins), outside the flow of the text (a 信函's drawings, 10.1)."""
    return f"#place(top + left, dx: {pt(dx_pt)}, dy: {pt(dy_pt)}, {content})\n"


def page_line(length_pt: float, width_pt: float, color: str) -> str:
    """Return a horizontal line ``length_pt`` long, its stroke centred on where it is placed."""
    return f"line(length: {pt(length_pt)}, stroke: {stroke(width_pt, color)})"


def page_box(width_pt: float, height_pt: float, body: str) -> str:
    """Return a box of the given size holding ``body`` (markup), for ``on_page``."""
    return f"box(width: {pt(width_pt)}, height: {pt(height_pt)})[{body}]"


def tail(content: str, dx_pt: float, area_bottom_pt: float, *, double_sided: bool, fresh: bool = False) -> str:
    """Return the 版记 at the bottom of the last page, that page even when printed double-sided (7.4.1, 7.5).

    Typst decides where the text ends, so no estimate is needed: where the flow ends (a label put
    there, since what this places moves the place it is asked from) there is room for the 版记 or
    not, and the page is odd or even.  It goes on that page if it fits (and, double-sided, the page
    is even); else on the next page (an odd last page: that page is even); else — the last page even
    and full — after a blank page, and then neither the blank page nor the 版记's page is numbered.

    ``fresh``: the 版记 opens a section of its own (after landscape pages, ch. 8), on a page that
    holds nothing else: odd, that page is the blank page, and neither it nor the 版记's is numbered.
    """
    place = f"place(bottom + left, dx: {pt(dx_pt)}, float: true, clearance: 0pt, tail)"
    unnumbered = f"[#metadata(none)<{UNNUMBERED}>]"
    if double_sided and fresh:
        decide = (
            f"if calc.even(at.page()) {{ {place} }} "
            f"else {{ {unnumbered}; pagebreak(); {unnumbered}; {place} }}"
        )
    elif double_sided:
        decide = (
            f"if fits and calc.even(at.page()) {{ {place} }} "
            f"else if calc.odd(at.page()) {{ pagebreak(); {place} }} "
            f"else {{ pagebreak(); {unnumbered}; pagebreak(); {unnumbered}; {place} }}"
        )
    else:
        decide = f"if fits {{ {place} }} else {{ pagebreak(); {place} }}"
    return (
        "#[#metadata(none)<docgen-tail-at>]\n"
        "#context {\n"
        f"let tail = [{content}]\n"
        "let at = locate(<docgen-tail-at>)\n"
        f"let fits = {pt(area_bottom_pt)} - at.position().y >= measure(tail).height\n"
        f"{decide}\n"
        "}\n"
    )


# --- pages and the document ----------------------------------------------------------------------


@dataclass(frozen=True)
class PageFormat:
    """A section's paper and margins in millimetres, and its page numbers (None: unnumbered)."""

    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    numbers: PageNumbers | None


@dataclass(frozen=True)
class PageNumbers:
    """7.5 "— N —": the em top ``top_mm`` from the paper's top, ``side_pt`` in from the type area's
    edge (odd pages right, even pages left).

    ``turned``: a landscape page (ch. 8) keeps the number where the portrait page has it once the
    sheet is turned back: turned to read downwards, left of the type area (its em top ``top_mm``
    from the paper's left edge), odd pages ``side_pt`` above the type area's bottom end, even
    pages ``side_pt`` below its top.
    """

    style: TextStyle
    top_mm: float
    side_pt: float
    turned: bool = False


_SKIP = f"if query(<{UNNUMBERED}>).any(m => m.location().page() == here().page()) {{ return }}\n"


def _page_number(page: PageFormat, numbers: PageNumbers) -> str:
    size = numbers.style.size_pt
    label = (
        f"#set text(top-edge: {pt(EM_ASCENT * size)}, bottom-edge: {pt((EM_ASCENT - 1) * size)})\n"
        f'#text({_text_args(numbers.style)}, "— " + str(n) + " —")'
    )
    if numbers.turned:
        # turned clockwise, the em box's top faces the type area (reflow: the box turns with it)
        dx = f"{mm(numbers.top_mm)} - {pt(size)}"
        odd = f"place(bottom + left, dx: {dx}, dy: -{mm(page.bottom_mm)} - {pt(numbers.side_pt)}, label)"
        even = f"place(top + left, dx: {dx}, dy: {mm(page.top_mm)} + {pt(numbers.side_pt)}, label)"
        return (
            "context {\n"
            f"{_SKIP}"
            "let n = counter(page).get().first()\n"
            f"let label = rotate(90deg, reflow: true)[{label}]\n"
            f"if calc.odd(n) {{ {odd} }} else {{ {even} }}\n"
            "}"
        )
    odd_dx = f"-{mm(page.right_mm)} - {pt(numbers.side_pt)}"
    even_dx = f"{mm(page.left_mm)} + {pt(numbers.side_pt)}"
    return (
        "context {\n"
        f"{_SKIP}"
        "let n = counter(page).get().first()\n"
        "if calc.odd(n) {\n"
        f"place(top + right, dx: {odd_dx}, dy: {mm(numbers.top_mm)})[{label}]\n"
        "} else {\n"
        f"place(top + left, dx: {even_dx}, dy: {mm(numbers.top_mm)})[{label}]\n"
        "}\n}"
    )


def section(page: PageFormat, body: str) -> str:
    """Return a run of pages with one setup; it starts on a new page."""
    foreground = "none" if page.numbers is None else _page_number(page, page.numbers)
    margins = (
        f"(top: {mm(page.top_mm)}, bottom: {mm(page.bottom_mm)}, "
        f"left: {mm(page.left_mm)}, right: {mm(page.right_mm)})"
    )
    return (
        f"#page(width: {mm(page.width_mm)}, height: {mm(page.height_mm)}, margin: {margins}, "
        f"header: none, footer: none, foreground: {foreground})[\n{body}]\n"
    )


@dataclass(frozen=True)
class Watermark:
    """The 样稿 mark of a preview: its text and face, drawn diagonally across every page (as the
    LibreOffice path stamps it: 150 pt, grey 45 %, 22 % opaque, turned 45° anticlockwise)."""

    text: str
    face: Face


def _watermark(mark: Watermark) -> str:
    style = f"font: {_families(mark.face)}, size: 150pt, fill: luma(45%).transparentize(78%)"
    return f"#set page(background: place(center + horizon, rotate(-45deg, text({style}, {string(mark.text)}))))\n"


def document(
    title: str,
    author: str,
    subject: str,
    date: tuple[int, int, int],
    body: str,
    *,
    watermark: Watermark | None = None,
) -> str:
    """Return the whole source: metadata (Title, Author, Subject), Chinese text settings, the sections."""
    year, month, day = date
    mark = _watermark(watermark) if watermark is not None else ""
    return (
        f"#set document(title: {string(title)}, author: {string(author)}, description: {string(subject)}, "
        f"keywords: ({string(subject)},), date: datetime(year: {year}, month: {month}, day: {day}))\n"
        # Chinese glyph forms; no added space between Chinese and Latin (as the .docx asks);
        # no punctuation hanging past the type area; first-fit line breaking and no widow or orphan
        # control, as the .docx asks Word and LibreOffice (the 22 lines of a page are filled).
        '#set text(lang: "zh", region: "cn", cjk-latin-spacing: none, overhang: false, hyphenate: false, costs: (widow: 0%, orphan: 0%))\n'
        '#set par(leading: 0pt, spacing: 0pt, linebreaks: "simple", justify: false)\n'
        # no space around any block (docgen's paragraphs, tables, rules)
        "#set block(above: 0pt, below: 0pt)\n"
        + _definitions(body, mark)
        + mark
        + body
    )
