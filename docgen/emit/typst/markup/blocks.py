"""Paragraphs and what stands between them: exact lines, indents, tab columns, space, rules, breaks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docgen.emit.typst.markup.literal import EM_ASCENT, pt, stroke
from docgen.emit.typst.markup.text import TextStyle, text_args


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
    before: str = ""  # markup first in the paragraph's block, taking no room (a bookmark: ``bookmarks``)
    tracking_pt: float = 0.0  # its runs' tracking (negative): the block is as much narrower (``paragraph``)


def _text_set(fmt: ParagraphFormat) -> str:
    """Return the paragraph's text settings: its style, and the text edges that make every line
    exactly ``line_pt`` high, the em box centred in it (or raised by ``raise_pt``)."""
    args = [] if fmt.style is None else [text_args(fmt.style)]
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
    # every tracked unit, the last on a line too, is followed by the tracking's space (``text``):
    # a line is fitted with its last glyph tracked, in a measure as much narrower, that is as
    # LibreOffice fits it (its last character untracked, the type area's full width)
    right = fmt.right_pt - min(0.0, fmt.tracking_pt)
    if fmt.left_pt - fmt.hanging_pt or right:
        args.append(f"inset: (left: {pt(fmt.left_pt - fmt.hanging_pt)}, right: {pt(right)})")
    if fmt.sticky:
        args.append("sticky: true")
    indents = []
    if first:
        indents.append(f"first-line-indent: (amount: {pt(first)}, all: true)")
    if fmt.hanging_pt:
        indents.append(f"hanging-indent: {pt(fmt.hanging_pt)}")
    par = f"#par({', '.join(indents)})" if indents else "#par"
    if bare and len(args) == 1 and not columns:
        return f"{fmt.before}{_text_set(fmt)}#set align({align})\n{par}[{body}]\n"
    head = f"#block({', '.join(args)})"
    return (
        f"{head}[\n{fmt.before}{_text_set(fmt)}#set align({align})\n"
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
