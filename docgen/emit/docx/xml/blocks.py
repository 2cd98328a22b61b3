"""Paragraphs and tables (w:p, w:pPr, w:tbl)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docgen.emit.docx.xml.base import Element, el, val


@dataclass(frozen=True)
class Tab:
    """A tab stop: ``kind`` is left, right or center; ``pos`` in twips from the left indent origin."""

    pos: int
    kind: str = "left"


@dataclass(frozen=True)
class Border:
    """A paragraph or cell border line: width in eighths of a point, space in points."""

    size: int
    color: str = "000000"
    space: int = 0


@dataclass(frozen=True)
class ParagraphFormat:
    """Direct paragraph formatting; None leaves the style's value."""

    style: str | None = None
    keep_next: bool = False
    page_break_before: bool = False
    bottom_border: Border | None = None
    tabs: tuple[Tab, ...] = ()
    snap_to_grid: bool | None = None
    before: int | None = None
    line: int | None = None
    left: int | None = None
    right: int | None = None
    first_line: int | None = None
    hanging: int | None = None
    align: str | None = None
    text_center: bool = False  # w:textAlignment center: text centred on a taller picture in its line


def paragraph_properties(fmt: ParagraphFormat, section: Element | None = None) -> Element | None:
    """Return ``w:pPr`` for ``fmt`` in schema order (a ``w:sectPr`` goes last), or None."""
    children: list[Element] = []
    if fmt.style:
        children.append(val("w:pStyle", fmt.style))
    if fmt.keep_next:
        children.append(el("w:keepNext"))
    if fmt.page_break_before:
        children.append(el("w:pageBreakBefore"))
    if fmt.bottom_border:
        b = fmt.bottom_border
        children.append(
            el(
                "w:pBdr",
                None,
                el("w:bottom", {"val": "single", "sz": b.size, "space": b.space, "color": b.color}),
            )
        )
    if fmt.tabs:
        children.append(el("w:tabs", None, *(el("w:tab", {"val": t.kind, "pos": t.pos}) for t in fmt.tabs)))
    if fmt.snap_to_grid is not None:
        children.append(val("w:snapToGrid", int(fmt.snap_to_grid)))
    if fmt.before is not None or fmt.line is not None:
        spacing: dict[str, str | int] = {}
        if fmt.before is not None:
            spacing["before"] = fmt.before
        if fmt.line is not None:
            # a negative line asks for automatic spacing of that many 240ths (pictures must not be clipped)
            spacing.update(line=fmt.line, lineRule="exact") if fmt.line > 0 else spacing.update(
                line=-fmt.line, lineRule="auto"
            )
        children.append(el("w:spacing", spacing))
    if any(v is not None for v in (fmt.left, fmt.right, fmt.first_line, fmt.hanging)):
        ind: dict[str, str | int] = {}
        if fmt.left is not None:
            ind["left"] = fmt.left
        if fmt.right is not None:
            ind["right"] = fmt.right
        if fmt.hanging is not None:
            ind["hanging"] = fmt.hanging
        elif fmt.first_line is not None:
            ind["firstLine"] = fmt.first_line
        children.append(el("w:ind", ind))
    if fmt.align:
        children.append(val("w:jc", fmt.align))
    if fmt.text_center:
        children.append(val("w:textAlignment", "center"))
    if section is not None:
        children.append(section)
    return el("w:pPr", None, *children) if children else None


def paragraph(fmt: ParagraphFormat, runs: Iterable[Element] = (), section: Element | None = None) -> Element:
    """Return a ``w:p`` with its properties and runs."""
    p = el("w:p", None, paragraph_properties(fmt, section))
    for run in runs:
        p.append(run)
    return p


# --- tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FloatAtBottom:
    """Float a table at the bottom of the type area (7.4.1: the last rule on the 版心 bottom).

    LibreOffice 7.4 imports a full-width floating table as a frame only when it is positioned
    horizontally against the page, so the x position is given from the paper's left edge;
    Word reads the same markup as a table floating at the bottom margin.
    """

    x_from_page: int


def table(
    widths: Sequence[int],
    rows: Iterable[Element],
    *,
    borders: dict[str, Border] | None = None,
    floating: FloatAtBottom | None = None,
    cell_margin: int = 57,
) -> Element:
    """Return a fixed-layout ``w:tbl`` with the given column widths (twips) and rows."""
    tbl_pr = el("w:tblPr")
    if floating:
        tbl_pr.append(
            el(
                "w:tblpPr",
                {
                    "leftFromText": 0,
                    "rightFromText": 0,
                    "topFromText": 0,
                    "bottomFromText": 0,
                    "vertAnchor": "margin",
                    "horzAnchor": "page",
                    "tblpX": floating.x_from_page,
                    "tblpYSpec": "bottom",
                },
            )
        )
        tbl_pr.append(val("w:tblOverlap", "never"))
    tbl_pr.append(el("w:tblW", {"w": sum(widths), "type": "dxa"}))
    if not floating:
        tbl_pr.append(val("w:jc", "center"))
    if borders is not None:
        tbl_pr.append(_border_set("w:tblBorders", borders))
    tbl_pr.append(el("w:tblLayout", {"type": "fixed"}))
    tbl_pr.append(
        el(
            "w:tblCellMar",
            None,
            el("w:top", {"w": 0, "type": "dxa"}),
            el("w:left", {"w": cell_margin, "type": "dxa"}),
            el("w:bottom", {"w": 0, "type": "dxa"}),
            el("w:right", {"w": cell_margin, "type": "dxa"}),
        )
    )
    grid = el("w:tblGrid", None, *(el("w:gridCol", {"w": w}) for w in widths))
    tbl = el("w:tbl", None, tbl_pr, grid)
    for row in rows:
        tbl.append(row)
    return tbl


def _border_set(tag: str, borders: dict[str, Border]) -> Element:
    order = ("top", "left", "bottom", "right", "insideH", "insideV")
    children = []
    for side in order:
        if side in borders:
            b = borders[side]
            if b.size == 0:
                children.append(el(f"w:{side}", {"val": "nil"}))
            else:
                children.append(
                    el(f"w:{side}", {"val": "single", "sz": b.size, "space": 0, "color": b.color})
                )
    return el(tag, None, *children)


def table_row(
    cells: Iterable[Element], *, header: bool = False, cant_split: bool = True, min_height: int = 0
) -> Element:
    """Return a ``w:tr``; header rows repeat on every page, rows do not split, ``min_height`` in twips."""
    props: list[Element] = []
    if cant_split:
        props.append(el("w:cantSplit"))
    if min_height:
        props.append(el("w:trHeight", {"val": min_height, "hRule": "atLeast"}))
    if header:
        props.append(el("w:tblHeader"))
    return el("w:tr", None, el("w:trPr", None, *props) if props else None, *cells)


def table_cell(
    width: int,
    paragraphs: Iterable[Element],
    *,
    borders: dict[str, Border] | None = None,
    v_center: bool = True,
    grid_span: int = 1,
    v_merge: str | None = None,
) -> Element:
    """Return a ``w:tc`` of ``width`` twips holding the paragraphs (at least one).

    ``grid_span``: the grid columns it spans (17.4.17 gridSpan); ``v_merge``: "restart" for a cell
    merged down over the rows below, "continue" for its place in those rows (17.4.85 vMerge)."""
    tc_pr = el("w:tcPr", None, el("w:tcW", {"w": width, "type": "dxa"}))
    if grid_span > 1:
        tc_pr.append(val("w:gridSpan", grid_span))
    if v_merge == "restart":
        tc_pr.append(val("w:vMerge", "restart"))
    elif v_merge is not None:
        tc_pr.append(el("w:vMerge"))  # no val: continue the merge above
    if borders:
        tc_pr.append(_border_set("w:tcBorders", borders))
    if v_center:
        tc_pr.append(val("w:vAlign", "center"))
    tc = el("w:tc", None, tc_pr)
    count = 0
    for p in paragraphs:
        tc.append(p)
        count += 1
    if not count:
        tc.append(el("w:p"))
    return tc


# --- sections and the document ---------------------------------------------------------------
