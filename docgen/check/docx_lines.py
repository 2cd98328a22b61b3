"""Horizontal rules declared in a .docx, however they were built.

Word and WPS users draw the 版头's red rule and the 版记's rules in many ways: paragraph borders
(w:pBdr top, bottom, between), table borders (w:tblBorders, from the table's style too), row borders
(w:tblPrEx), cell borders (w:tcBorders), or drawn lines (a DrawingML ``wps`` shape with the ``line``
geometry or no height, a VML ``v:line``, ``v:rect`` or ``v:shape``), floating or inline.  Each is read
into one value, ``HRule``: its thickness, colour, length and, for a drawn line, its declared place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from docgen import standard as S
from docgen.check.docx_read import in_fallback, paragraph_properties, table_properties
from docgen.check.docx_sections import first_page_header

EMU_PER_PT = 12700
MM_PER_PT = 25.4 / 72
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
NO_LINE = (None, "nil", "none")


@dataclass(frozen=True)
class HRule:
    """A horizontal rule: how it was built, its thickness in points, its colour (RRGGBB, or "auto"),
    its length in mm (None: as wide as its paragraph or table), and for a drawn line its declared
    top in mm and what that is measured from (page, margin, paragraph …)."""

    kind: str
    width_pt: float
    color: str
    length_mm: float | None = None
    top_mm: float | None = None
    relative_to: str = ""

    @property
    def thickness_mm(self) -> float:
        return self.width_pt * MM_PER_PT


def _border(node: Any, kind: str, length: float | None = None) -> HRule | None:
    if node is None or node.get(qn("w:val")) in NO_LINE:
        return None
    size = node.get(qn("w:sz"))
    try:
        width = int(size) / 8 if size is not None else 0.5
    except ValueError:
        width = 0.0
    colour = (node.get(qn("w:color")) or "auto").upper().replace("AUTO", "auto")
    return HRule(kind, width, colour, length)


def _twips(containers: list[Any], path: str, attrs: tuple[str, ...]) -> float:
    for container in containers:
        node = container.find(path) if container is not None else None
        for attr in attrs:
            if node is not None and node.get(qn(attr)) is not None:
                try:
                    return float(str(node.get(qn(attr))))
                except ValueError:
                    return 0.0
    return 0.0


def paragraph_width(doc: DocxDocument, p: Any, line_width_mm: float) -> float:
    """Return the width in mm between paragraph ``p``'s indents on a line ``line_width_mm`` wide."""
    chain = paragraph_properties(doc, p)
    left = _twips(chain, qn("w:ind"), ("w:left", "w:start"))
    right = _twips(chain, qn("w:ind"), ("w:right", "w:end"))
    return line_width_mm - (left + right) / 20 * MM_PER_PT


def table_width(doc: DocxDocument, tbl: Any, line_width_mm: float) -> float:
    """Return a table's width in mm: its declared width, else the sum of its grid columns."""
    tblpr = tbl.find(qn("w:tblPr"))
    width = tblpr.find(qn("w:tblW")) if tblpr is not None else None
    kind = width.get(qn("w:type")) if width is not None else None
    try:
        if width is not None and kind == "dxa":
            return float(str(width.get(qn("w:w")))) / 20 * MM_PER_PT
        if width is not None and kind == "pct":
            return line_width_mm * float(str(width.get(qn("w:w"))).rstrip("%")) / 5000
    except ValueError:
        pass
    columns = tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    return sum(float(c.get(qn("w:w"), "0")) for c in columns) / 20 * MM_PER_PT


def _first_border(containers: list[Any], path: str) -> Any:
    """Return the first of the containers' ``path`` border element that is set (even to none)."""
    for container in containers:
        if container is None:
            continue
        found = container.find(path)
        if found is not None:
            return found
    return None


def paragraph_rules(
    doc: DocxDocument, p: Any, line_width_mm: float
) -> tuple[HRule | None, HRule | None, HRule | None]:
    """Return the top, bottom and between borders of paragraph ``p`` (through its styles), as long
    as the paragraph is wide on a line ``line_width_mm`` wide."""
    chain = paragraph_properties(doc, p)
    width = paragraph_width(doc, p, line_width_mm)
    return (
        _border(_first_border(chain, f"{qn('w:pBdr')}/{qn('w:top')}"), "paragraph border", width),
        _border(_first_border(chain, f"{qn('w:pBdr')}/{qn('w:bottom')}"), "paragraph border", width),
        _border(_first_border(chain, f"{qn('w:pBdr')}/{qn('w:between')}"), "paragraph border", width),
    )


def paragraphs_rules(doc: DocxDocument, paragraphs: list[Any], line_width_mm: float) -> list[HRule]:
    """Return the border rules of consecutive paragraphs, top to bottom; paragraphs with the same
    borders form one group, drawn with one top, one bottom and a between rule inside (as Word does)."""
    out: list[HRule] = []
    groups: list[list[Any]] = []
    for p in paragraphs:
        key = paragraph_rules(doc, p, line_width_mm)
        if groups and paragraph_rules(doc, groups[-1][-1], line_width_mm) == key and any(key):
            groups[-1].append(p)
        else:
            groups.append([p])
    for group in groups:
        top, bottom, between = paragraph_rules(doc, group[0], line_width_mm)
        out += [top] if top else []
        out += [between] * (len(group) - 1) if between else []
        out += [bottom] if bottom else []
    return out


def table_rules(doc: DocxDocument, tbl: Any, line_width_mm: float) -> list[HRule]:
    """Return the horizontal rules of a table, top to bottom: each edge between rows (and the outer
    ones) from its first cell's borders, else the row's, else the table's or its style's."""
    width = table_width(doc, tbl, line_width_mm)
    rows = list(tbl.iterchildren(qn("w:tr")))
    table_chain = table_properties(doc, tbl)
    out: list[HRule] = []
    for edge in range(len(rows) + 1):
        above = rows[edge - 1] if edge > 0 else None
        below = rows[edge] if edge < len(rows) else None
        outer = "top" if edge == 0 else "bottom" if edge == len(rows) else "insideH"
        candidates: list[tuple[Any, str, str]] = []  # (container, border path, kind)
        if below is not None:
            candidates.append((_first_cell_pr(below), f"{qn('w:tcBorders')}/{qn('w:top')}", "cell border"))
        if above is not None:
            candidates.append((_first_cell_pr(above), f"{qn('w:tcBorders')}/{qn('w:bottom')}", "cell border"))
        for row in (below, above):
            if row is not None:
                ex = row.find(qn("w:tblPrEx"))
                candidates.append((ex, f"{qn('w:tblBorders')}/{qn(f'w:{outer}')}", "row border"))
        for tblpr in table_chain:
            candidates.append((tblpr, f"{qn('w:tblBorders')}/{qn(f'w:{outer}')}", "table border"))
        for container, path, kind in candidates:
            node = container.find(path) if container is not None else None
            if node is not None:
                rule = _border(node, kind, width)
                if rule is not None:
                    out.append(rule)
                break
    return out


def _first_cell_pr(row: Any) -> Any:
    cell = row.find(qn("w:tc"))
    return cell.find(qn("w:tcPr")) if cell is not None else None


def _length(value: str | None) -> float | None:
    """Return a CSS/VML length in points (pt, mm, cm, in, px; bare numbers as px)."""
    if not value:
        return None
    match = re.fullmatch(r"\s*(-?[\d.]+)\s*(pt|mm|cm|in|px|emu)?\s*", value)
    if not match:
        return None
    number = float(match.group(1))
    factor = {"pt": 1.0, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0, "px": 0.75, "emu": 1 / 12700}
    return number * factor[match.group(2) or "px"]


def _drawingml(anchor: Any) -> HRule | None:
    shape = anchor.find(f".//{{{A}}}graphicData/*")
    ext = anchor.find(f"{{{WP}}}extent")
    if shape is None or ext is None:
        return None
    geometry = shape.find(f".//{{{A}}}prstGeom")
    height = int(ext.get("cy", "0") or 0)
    if (
        not (geometry is not None and geometry.get("prst") in ("line", "straightConnector1"))
        and height > 2 * EMU_PER_PT
    ):
        return None
    if int(ext.get("cx", "0") or 0) <= height:
        return None  # vertical
    line = shape.find(f".//{{{A}}}ln")
    if line is not None and line.find(f"{{{A}}}noFill") is not None:
        return None
    colour = line.find(f".//{{{A}}}srgbClr") if line is not None else None
    width = int(line.get("w", str(9525))) / EMU_PER_PT if line is not None else 0.75
    top = relative = None
    position = anchor.find(f"{{{WP}}}positionV")
    if position is not None:
        offset = position.find(f"{{{WP}}}posOffset")
        if offset is not None and offset.text:
            top = int(offset.text) / EMU_PER_PT * MM_PER_PT + height / EMU_PER_PT * MM_PER_PT / 2
            relative = position.get("relativeFrom", "")
    return HRule(
        "drawn line",
        width,
        (colour.get("val") if colour is not None else "000000").upper(),
        int(ext.get("cx", "0")) / EMU_PER_PT * MM_PER_PT,
        top,
        relative or "",
    )


def _vml(shape: Any) -> HRule | None:
    style = dict(
        item.split(":", 1) for item in (shape.get("style") or "").replace(" ", "").split(";") if ":" in item
    )
    if shape.get("stroked") in ("f", "false") and shape.tag != f"{{{V}}}line":
        return None
    if shape.tag == f"{{{V}}}line":
        points = [
            _length(v) or 0.0 for v in f"{shape.get('from') or '0,0'},{shape.get('to') or '0,0'}".split(",")
        ]
        if len(points) != 4:
            return None
        x0, y0, x1, y1 = points
        if abs(y1 - y0) > 1 or abs(x1 - x0) <= 1:
            return None
        length, top = abs(x1 - x0), (y0 + y1) / 2 + (_length(style.get("margin-top")) or 0)
        colour = shape.get("strokecolor") or "#000000"
        width = _length(shape.get("strokeweight") or "0.75pt") or 0.75
    else:  # a thin filled rectangle or a one-segment shape
        w, h = _length(style.get("width")), _length(style.get("height"))
        if w is None or h is None or h > 3 or w <= h:
            return None
        length, top = w, (_length(style.get("margin-top")) or 0) + h / 2
        filled = shape.get("filled") not in ("f", "false")
        colour = (shape.get("fillcolor") if filled and h > 0.1 else shape.get("strokecolor")) or "#000000"
        width = h if filled and h > 0.1 else _length(shape.get("strokeweight") or "0.75pt") or 0.75
    return HRule(
        "drawn line",
        width,
        _vml_colour(colour),
        length * MM_PER_PT,
        top * MM_PER_PT,
        style.get("mso-position-vertical-relative", "paragraph"),
    )


VML_NAMES = {"red": "FF0000", "black": "000000", "windowtext": "000000"}


def _vml_colour(value: str) -> str:
    value = value.split()[0].strip()
    if value.startswith("#"):
        hexa = value[1:]
        return (hexa * 2 if len(hexa) == 3 else hexa).upper()[:6]
    return VML_NAMES.get(value.lower(), value.upper())


def drawn_rules(p: Any) -> Iterator[HRule]:
    """Yield the horizontal lines drawn in paragraph ``p`` (DrawingML, or VML where there is no
    DrawingML copy of the same shape), top to bottom where their places are declared."""
    found: list[HRule] = []
    for anchor in p.iter(f"{{{WP}}}anchor", f"{{{WP}}}inline"):
        rule = _drawingml(anchor)
        if rule is not None:
            found.append(rule)
    for tag in ("line", "rect", "shape"):
        for shape in p.iter(f"{{{V}}}{tag}"):
            if in_fallback(shape, p):
                continue  # the VML copy of a DrawingML shape
            rule = _vml(shape)
            if rule is not None:
                found.append(rule)
    yield from sorted(found, key=lambda r: r.top_mm if r.top_mm is not None else 0.0)


def header_rules(doc: DocxDocument) -> list[HRule]:
    """Return the lines drawn in the first page's header that lie where a 版头's red rule can: from
    the type area's top to the middle of the page, by their declared place (on the page, the margin,
    or the header's paragraph below the header's distance from the page edge)."""
    header = first_page_header(doc)
    if header is None:
        return []
    section = doc.sections[0]
    header_top = float(section.header_distance.mm) if section.header_distance is not None else 15.0
    margin_top = float(section.top_margin.mm) if section.top_margin is not None else S.MARGIN_TOP_MM
    base = {"page": 0.0, "margin": margin_top, "topMargin": 0.0, "paragraph": header_top, "line": header_top}
    found = []
    for rule in drawn_rules(header):
        if rule.top_mm is None or rule.relative_to not in base:
            continue
        top = base[rule.relative_to] + rule.top_mm
        if margin_top - 1 <= top <= S.PAGE_HEIGHT_MM / 2:
            found.append(rule)
    return found
