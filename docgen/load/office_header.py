"""An office's own 套红 header, read from the .docx it keeps it in (issue 19 c, first slice).

Offices keep their red header in a Word file: the 发文机关标志 in red (text, or a picture of it),
an emblem picture, a line for the 发文字号, and the red separator line.  This module reads that
版头 — the paragraphs from the top of the body down to the first red rule (or, without one, down
to the 发文字号 line) — and says what it holds and where it departs from GB/T 9704-2012, as
warnings: the standard leaves the mark's size to the office (7.2.4), so a departure never stops
anything.

What is read: the mark's lines, colour, font and size (the runs with text, as the checker reads
them, docgen/check/docx_read.py); pictures in the 版头 and in the page header; the red rule and its
width; the line where the office put the 发文字号 (a placeholder such as {{ 发文字号 }} or 〔　〕号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument

from docgen import standard as S
from docgen.check.docx_elements import HEAD_ITEM, XIAOBIAOSONG, font_is, is_red
from docgen.check.docx_imprint import full_width
from docgen.check.docx_lines import HRule, drawn_rules, paragraph_rules
from docgen.check.docx_read import ParagraphLook, all_looks, load
from docgen.errors import DataError, Location, library_error_text
from docgen.i18n import _
from docgen.load.limits import read_docx_bytes

HEADER_SCAN = 15  # paragraphs from the top where a 版头 can be
_NUMBER_SLOT = re.compile(r"\{\{\s*(发文字号|文号|number)\s*\}\}|〔[\s\u3000\dXx×]*〕[\s\u3000\d]*号")
_PICTURE_TAGS = ("}blip", "}imagedata")


@dataclass(frozen=True)
class OfficeHeader:
    """What an office's 版头 holds, and where it departs from the standard."""

    path: Path
    mark_lines: tuple[str, ...]
    color: str | None  # the mark's colour (hex), None when its runs differ
    font: str | None
    size_pt: float | None  # the mark's largest size
    centred: bool
    pictures: int  # pictures in the 版头 paragraphs and the page header (emblem, a mark drawn as a picture)
    rule: HRule | None  # the red rule under the 版头
    number_line: str | None  # the line where the office put the 发文字号
    departures: tuple[str, ...]

    @property
    def mark(self) -> str:
        """The mark as one line: 长子县人民政府文件."""
        return "".join(self.mark_lines)


def _pictures(elements: list[Any]) -> int:
    """Return how many pictures (DrawingML a:blip, VML v:imagedata) the elements hold."""
    return len(
        [node for element in elements for node in element.iter() if isinstance(node.tag, str) and node.tag.endswith(_PICTURE_TAGS)]
    )


def _type_width(doc: DocxDocument) -> float:
    section = doc.sections[0]
    return float((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)) / 36000


def _red_rule(doc: DocxDocument, looks: list[ParagraphLook]) -> tuple[int, HRule] | None:
    """Return the first red rule from the top and the paragraph it ends the 版头 at."""
    width = _type_width(doc)
    for index, look in enumerate(looks):
        top, bottom, _between = paragraph_rules(doc, look.element, width)
        for rule, end in ((top, index - 1), (bottom, index)):
            if rule is not None and is_red(rule.color if rule.color != "auto" else "000000"):
                return end, rule
        for rule in drawn_rules(look.element):
            if is_red(rule.color if rule.color != "auto" else "000000"):
                return index, rule
    return None


@dataclass(frozen=True)
class _Mark:
    lines: tuple[str, ...]
    color: str | None
    font: str | None
    centred: bool


def _departures(doc: DocxDocument, mark: _Mark, rule: HRule | None) -> list[str]:
    """Return the warnings: where the 版头 departs from GB/T 9704-2012."""
    found: list[str] = []
    section = doc.sections[0]
    mm = [float(v or 0) / 36000 for v in (section.page_width, section.page_height, section.top_margin, section.left_margin)]
    if abs(mm[0] - S.PAGE_WIDTH_MM) > 1 or abs(mm[1] - S.PAGE_HEIGHT_MM) > 1:  # 5.1: A4
        found.append(_("the page is {w:.0f}×{h:.0f} mm, not A4 (5.1)").format(w=mm[0], h=mm[1]))
    if abs(mm[2] - S.MARGIN_TOP_MM) > 1 or abs(mm[3] - S.MARGIN_LEFT_MM) > 1:  # 5.2.1: 天头 37, 订口 28
        found.append(
            _("the margins are top {top:.1f} mm, left {left:.1f} mm; the standard's are 37 and 28 mm (5.2.1)").format(
                top=mm[2], left=mm[3]
            )
        )
    if not mark.lines:
        found.append(_("no 发文机关标志 in text (a picture of it cannot be judged) (7.2.4)"))
    else:
        if not (mark.color and is_red(mark.color)):  # 7.2.4: red
            found.append(_("the 发文机关标志 is not red ({color}) (7.2.4)").format(color=mark.color or _("mixed")))
        if not font_is(mark.font, XIAOBIAOSONG):  # 7.2.4: 小标宋 recommended
            found.append(_("the 发文机关标志 is set in {font}, not 小标宋 (7.2.4)").format(font=mark.font or _("mixed")))
        if not mark.centred:
            found.append(_("the 发文机关标志 is not centred (7.2.4)"))
    if rule is None:  # 7.2.7: a red rule 4 mm under the number, as wide as the type area
        found.append(_("no red separator line under the 版头 (7.2.7)"))
    elif not full_width(rule, _type_width(doc)):
        found.append(
            _("the red separator line is {length:.1f} mm long, not as wide as the type area (156 mm) (7.2.7)").format(
                length=rule.length_mm or 0
            )
        )
    return found


def read_office_header(path: Path) -> OfficeHeader:
    """Read the 版头 of an office's 套红 .docx: what it holds and its departures from the standard."""
    if path.suffix.lower() != ".docx":
        raise DataError(_("an office's header must be a .docx file"), Location(file=path))
    try:
        doc = load(read_docx_bytes(path))
        looks = [look for look in all_looks(doc) if not look.in_table][:HEADER_SCAN]
    except DataError:
        raise
    except Exception as error:  # noqa: BLE001 - python-docx fails anywhere in a broken package
        raise DataError(
            _("cannot read the form: {error}").format(error=library_error_text(error)), Location(file=path)
        ) from None
    found = _red_rule(doc, looks)
    texts = [look.text.strip() for look in looks]
    number_at = next((i for i, t in enumerate(texts) if _NUMBER_SLOT.search(t)), None)
    end = found[0] if found else (number_at if number_at is not None else min(len(looks), 3) - 1)
    zone = looks[: end + 1]
    lines = [
        look
        for i, look in enumerate(zone)
        if texts[i] and i != number_at and not HEAD_ITEM.match(texts[i]) and not texts[i].startswith("签发人")
    ]
    colors = {c for look in lines for c in look.colors}
    fonts = {f for look in lines for f in look.fonts}
    sizes = [s for look in lines for s in look.sizes if s]
    mark = _Mark(
        tuple(look.text.strip() for look in lines),
        next(iter(colors)) if len(colors) == 1 else None,
        next(iter(fonts)) if len(fonts) == 1 else None,
        all(look.align == "center" for look in lines),
    )
    page_headers = [s.header._element for s in doc.sections if not s.header.is_linked_to_previous]
    rule = found[1] if found else None
    return OfficeHeader(
        path=path,
        mark_lines=mark.lines,
        color=mark.color,
        font=mark.font,
        size_pt=max(sizes) if sizes else None,
        centred=mark.centred,
        pictures=_pictures([look.element for look in zone] + page_headers),
        rule=rule,
        number_line=texts[number_at] if number_at is not None else None,
        departures=tuple(_departures(doc, mark, rule)),
    )
