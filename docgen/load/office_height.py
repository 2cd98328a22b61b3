"""How tall an office's 版头 is on the page, measured from its .docx (issue 19 c), for the page estimate.

The layout estimates page breaks on the standard's grid (docgen/layout/estimate.py); a document
carrying the office's own 版头 starts its body wherever that 版头 ends, so the estimate needs its
height.  Each of the 版头's elements is measured as LibreOffice lays it out: a paragraph's spacing
before, its lines (the tallest run's font line — ascent plus descent of the face fontconfig gives
LibreOffice — or an inline picture on the baseline, times a proportional spacing, or an exact or
at-least height), its borders and its spacing after; a table row as its tallest cell or its set
height; a text box or picture anchored with top-and-bottom wrapping as its height and distances.
Word's layout is not modelled by any library, so this is written by hand; it was calibrated on
the three constructions in samples/office (paragraphs, table, text box: within 1 mm of LibreOffice).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from docgen import standard as S
from docgen.check.docx_read import in_fallback, own_runs, paragraph_properties, theme_fonts
from docgen.fontfiles import face_file

EMU_PER_PT = 12700
NOTO_CJK = (1.151, 0.286)  # Noto Serif/Sans CJK SC's hhea ascent and descent (em): fonts.conf's faces
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_WRAPS_ACROSS = ("wrapTopAndBottom",)  # the text goes on below the drawing
_FAMILY = re.compile(r"[^\W\d_-][\w .\-()（）]{0,79}")  # 方正小标宋简体, Times New Roman, 仿宋_GB2312
_FONT_FILES = (".ttf", ".otf", ".ttc", ".otc")


@lru_cache(maxsize=64)
def font_metrics(name: str | None) -> tuple[float, float]:
    """Return (ascent, descent) in em of the face LibreOffice gets for font ``name`` (fontconfig with
    the previews' fonts.conf); Noto CJK's when it cannot be found."""
    found = face_file(name, lang=None)
    if found is None:
        return NOTO_CJK
    path, index = found
    try:
        from fontTools.ttLib import TTFont

        with TTFont(path, fontNumber=index, lazy=True) as font:
            units = font["head"].unitsPerEm
            os2 = font.get("OS/2")
            if os2 is not None and os2.fsSelection & (1 << 7):  # USE_TYPO_METRICS: LibreOffice takes these
                return os2.sTypoAscender / units, -os2.sTypoDescender / units
            hhea = font["hhea"]
            return hhea.ascent / units, -hhea.descent / units
    except Exception:  # noqa: BLE001 - a font file may fail in any way: Noto's then
        return NOTO_CJK


def _copied_natural() -> float:
    """Return the height (pt) of the font a copied 版头 paragraph has of its own in docgen's document:
    the document defaults' 3号 仿宋_GB2312, as fontconfig gives it to LibreOffice."""
    ascent, descent = font_metrics(S.FONT_FANGSONG)
    return (ascent + descent) * S.BODY_PT


def _east_asian(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("F", "W")


def _first(containers: list[Any], tag: str, attribute: str) -> str | None:
    for container in containers:
        node = None if container is None else container.find(qn(tag))
        if node is not None and node.get(qn(attribute)) is not None:
            return str(node.get(qn(attribute)))
    return None


def _font(doc: DocxDocument, chain: list[Any], script: str) -> str | None:
    for container in chain:
        fonts = None if container is None else container.find(qn("w:rFonts"))
        if fonts is None:
            continue
        theme = fonts.get(qn(f"w:{script}Theme"))
        if theme is not None:
            return theme_fonts(doc).get(str(theme)) or None
        if fonts.get(qn(f"w:{script}")) is not None:
            return str(fonts.get(qn(f"w:{script}")))
    return None


@dataclass
class _Line:
    """The tallest ascent and descent on a line (pt), and whether a picture set them."""

    ascent: float = 0.0
    descent: float = 0.0
    picture: float = 0.0
    text_width: float = 0.0  # pt, all the runs' text together

    def font(self, name: str | None, size: float) -> None:
        ascent, descent = font_metrics(name)
        self.ascent = max(self.ascent, ascent * size)
        self.descent = max(self.descent, descent * size)


def _mark_chain(doc: DocxDocument, ppr_chain: list[Any]) -> list[Any]:
    """The run properties of the paragraph mark: its own, its style chain's, the defaults."""
    styles = doc.styles.element.find(qn("w:docDefaults"))
    defaults = None if styles is None else styles.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    return [c.find(qn("w:rPr")) if c is not None else None for c in ppr_chain[:-1]] + [defaults]


def _line(doc: DocxDocument, p: Any, ppr_chain: list[Any]) -> _Line:
    """Return the tallest font and picture on the paragraph's lines."""
    line = _Line()
    mark = _mark_chain(doc, ppr_chain)
    size = float(_first(mark, "w:sz", "w:val") or 20) / 2
    found_text = False
    for run in own_runs(p):
        rpr = run.find(qn("w:rPr"))
        style = None if rpr is None else rpr.find(qn("w:rStyle"))
        character = []
        if style is not None:
            node = doc.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style.get(qn('w:val'))}']")
            character = [None if node is None else node.find(qn("w:rPr"))]
        chain = [rpr, *character, *mark]
        run_size = float(_first(chain, "w:sz", "w:val") or size * 2) / 2
        scale = float((_first(chain, "w:w", "w:val") or "100").rstrip("%")) / 100
        # the run's own text: not that of a text box drawn in it (measured: the anchor paragraph of a
        # box holding the 36 pt mark is as tall as its own empty line, not the mark's)
        text = "".join(t.text or "" for t in run.iterchildren(qn("w:t")))
        if text:
            found_text = True
            if any(_east_asian(ch) for ch in text):
                line.font(_font(doc, chain, "eastAsia"), run_size)
            if any(not _east_asian(ch) for ch in text):
                line.font(_font(doc, chain, "ascii"), run_size)
            line.text_width += sum(run_size * (1 if _east_asian(ch) else 0.5) for ch in text) * scale
        for inline in run.iter(f"{WP}inline"):
            if not in_fallback(inline, p):
                extent = inline.find(f"{WP}extent")
                if extent is not None:
                    line.picture = max(line.picture, int(extent.get("cy", "0")) / EMU_PER_PT)
    if not found_text:  # an empty line (or a picture alone) is as tall as the paragraph mark's font
        line.font(_font(doc, mark, "ascii"), size)
    return line


def _twips(value: str | None) -> float:
    """Return a twips value in pt."""
    try:
        return float(value) / 20 if value is not None else 0.0
    except ValueError:
        return 0.0


def _borders(ppr_chain: list[Any], sides: tuple[str, ...] = ("top", "bottom")) -> float:
    """Return what the paragraph's top and bottom borders add (line width and distance, pt)."""
    total = 0.0
    for side in sides:
        for container in ppr_chain:
            node = None if container is None else container.find(f"{qn('w:pBdr')}/{qn(f'w:{side}')}")
            if node is not None:
                if node.get(qn("w:val")) not in ("nil", "none"):
                    total += float(node.get(qn("w:sz"), "0")) / 8 + float(node.get(qn("w:space"), "0"))
                break
    return total


def bottom_border(doc: DocxDocument, p: Any) -> int:
    """Return what a paragraph's bottom border adds to its height (twips)."""
    return round(_borders(paragraph_properties(doc, p), ("bottom",)) * 20)


def _anchored(p: Any) -> float:
    """Return the height (pt) of the drawings anchored in ``p`` that the text flows below."""
    height = 0.0
    for anchor in p.iter(f"{WP}anchor"):
        if in_fallback(anchor, p) or not any(anchor.find(f"{WP}{w}") is not None for w in _WRAPS_ACROSS):
            continue
        extent = anchor.find(f"{WP}extent")
        offset = anchor.find(f"{WP}positionV/{WP}posOffset")
        relative = anchor.find(f"{WP}positionV")
        below = (
            int(offset.text or 0)
            if offset is not None and relative is not None and relative.get("relativeFrom") == "paragraph"
            else 0
        )
        size = int(extent.get("cy", "0")) if extent is not None else 0
        height = max(
            height,
            (max(below, 0) + size + int(anchor.get("distT", "0")) + int(anchor.get("distB", "0")))
            / EMU_PER_PT,
        )
    return height


def space_before(doc: DocxDocument, p: Any) -> int:
    """Return a paragraph's spacing before (twips), its style's or the defaults' when it sets none."""
    return round(_twips(_first(paragraph_properties(doc, p), "w:spacing", "w:before")) * 20)


def paragraph_height(
    doc: DocxDocument, p: Any, width_pt: float, in_cell: bool = False
) -> tuple[float, float]:
    """Return a paragraph's height without its spacing after, and that spacing (pt); ``in_cell``:
    the paragraph is in a table's cell."""
    chain = paragraph_properties(doc, p)
    before = _twips(_first(chain, "w:spacing", "w:before"))
    after = _twips(_first(chain, "w:spacing", "w:after"))
    rule = _first(chain, "w:spacing", "w:lineRule") or "auto"
    value = _first(chain, "w:spacing", "w:line")
    line = _line(doc, p, chain)
    natural = line.ascent + line.descent
    count = max(1, math.ceil(line.text_width / width_pt - 0.01)) if width_pt > 0 else 1
    if rule == "exact" and value:
        height = _twips(value) * count
    elif rule == "atLeast" and value:
        height = max(_twips(value), natural) * count
    else:
        multiple = float(value) / 240 if value else 1.0
        height = natural * multiple * count
        if multiple > 1 and _anchored(p):
            # the text goes on below a box wrapped top and bottom: LibreOffice adds the spacing's
            # extra to the room the box takes as to a line (measured, 11–22 pt marks, 1.15 lines:
            # the box and 1.30 of the font's height; single spacing: the box and the font's height)
            height += natural * (multiple - 1)
        if line.picture > line.ascent and line.text_width:  # a picture on the baseline: the spacing
            height += line.picture - line.ascent  # applies to the font only
        elif line.picture > line.ascent:
            # a picture alone has no descent under it (measured: a 45.35 pt picture, 45.35 pt single),
            # and in a body paragraph the spacing's extra is of the paragraph's own font, not its runs'
            # or its mark's: in the document docgen copies the 版头 into, the defaults' 3号 仿宋
            # (measured: 1.15 lines under a 16 mm emblem 3.45 pt = 0.15 of that face's 23.0 pt, not of
            # the template's 11 pt Cambria).  In a table cell it is less (measured: 2.7 pt under a
            # 27.8 mm emblem, the row's height decided by it), not understood: the mark's font there, as
            # before (the table 版头 within 0.06 mm of LibreOffice's, its mark's cell the taller)
            own = natural if in_cell else _copied_natural()
            height = line.picture + (multiple - 1) * own
    return before + height + _borders(chain) + _anchored(p), after


def _cell_height(doc: DocxDocument, cell: Any, width_pt: float) -> float:
    total = 0.0
    for child in cell:
        if child.tag == qn("w:p"):
            height, after = paragraph_height(doc, child, width_pt, in_cell=True)
            total += height + after
        elif child.tag == qn("w:tbl"):
            total += table_height(doc, child)
    return total


def table_height(doc: DocxDocument, tbl: Any) -> float:
    """Return a table's height (pt): each row as its tallest cell, or as the height set for it."""
    total = 0.0
    for row in tbl.iterchildren(qn("w:tr")):
        cells = [
            _cell_height(doc, cell, _twips(_first([cell.find(qn("w:tcPr"))], "w:tcW", "w:w")) or 400)
            for cell in row.iterchildren(qn("w:tc"))
        ]
        tallest = max(cells, default=0.0)
        set_height = row.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
        if set_height is not None:
            value = _twips(set_height.get(qn("w:val")))
            tallest = value if set_height.get(qn("w:hRule")) == "exact" else max(tallest, value)
        total += tallest
    return total


def zone_heights(doc: DocxDocument, zone: list[Any]) -> tuple[int, ...]:
    """Return the height (twips) of each of the 版头's elements, the last without its spacing after
    (the title's spacing before, larger, takes its place as in LibreOffice's Word layout)."""
    section = doc.sections[0]
    width = (
        float((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))
        / EMU_PER_PT
    )
    heights = []
    for index, element in enumerate(zone):
        if element.tag == qn("w:tbl"):
            heights.append(table_height(doc, element))
            continue
        height, after = paragraph_height(doc, element, width)
        heights.append(height + (after if index < len(zone) - 1 else 0.0))
    return tuple(round(h * 20) for h in heights)


def header_overrun(doc: DocxDocument) -> int:
    """Return how far (twips) the first page's header reaches below the top margin (the body starts lower)."""
    section = doc.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    if header.is_linked_to_previous:
        return 0
    width = (
        float((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))
        / EMU_PER_PT
    )
    height = sum(
        sum(paragraph_height(doc, p, width))
        for p in header._element.iter(qn("w:p"))
        if not in_fallback(p, header._element)
    )
    bottom = float(section.header_distance or 0) / EMU_PER_PT + height
    return max(0, round((bottom - float(section.top_margin or 0) / EMU_PER_PT) * 20))
