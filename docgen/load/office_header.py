"""An office's own 套红 header, read from the .docx it keeps it in (issue 19 c).

Offices keep their red header in a Word file: the 发文机关标志 in red (text in a paragraph, a table
or a text box, or a picture of it), an emblem picture, a line for the 发文字号, and the red
separator line.  This module finds that 版头 — the body's first elements down to the first red rule
(or, without one, down to the 发文字号 line) — and says what it holds and where it departs from
GB/T 9704-2012, as warnings: the standard leaves the mark's size to the office (7.2.4), so a
departure never stops anything.

What is read: the mark's lines, colour, font and size (the runs with text, as the checker reads
them, docgen/check/docx_read.py); pictures in the 版头 and in the page header; the red rule and its
width; the line where the office put the 发文字号 (a placeholder such as {{ 发文字号 }} or 〔　〕号).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from docgen import standard as S
from docgen.check.docx_elements import HEAD_ITEM, XIAOBIAOSONG, font_is, is_red
from docgen.check.docx_imprint import full_width
from docgen.check.docx_lines import HRule, drawn_rules, header_rules, paragraph_rules, table_rules
from docgen.check.docx_read import ParagraphLook, in_fallback, paragraph_look
from docgen.i18n import _
from docgen.load.patterns import is_ornament
from docgen.office_template import NUMBER_SLOT

HEADER_SCAN = 15  # body elements from the top where a 版头 can be
_PICTURE_TAGS = ("}blip", "}imagedata")
_DRAWN = (qn("w:drawing"), qn("w:pict"), qn("w:object"))


@dataclass(frozen=True)
class OfficeHeader:
    """What an office's 版头 holds, and where it departs from the standard.

    ``zone``: how many of the body's first paragraphs and tables the 版头 spans; ``number_at``: which
    of them holds the 发文字号 line; ``leading_blanks``: empty paragraphs at its top.
    """

    path: Path
    mark_lines: tuple[str, ...]
    color: str | None  # the mark's colour (hex), None when its runs differ
    font: str | None
    size_pt: float | None  # the mark's largest size
    centred: bool
    pictures: int  # pictures in the 版头 and the page header (emblem, a mark drawn as a picture)
    rule: HRule | None  # the red rule under the 版头
    number_line: str | None  # the line where the office put the 发文字号
    departures: tuple[str, ...]
    zone: int = 0
    number_at: int | None = None
    leading_blanks: int = 0
    header_pictures: int = 0  # pictures in the first page's header
    header_rule: bool = False  # the red rule is drawn in the first page's header (wps13)

    @property
    def mark(self) -> str:
        """The mark as one line: 长子县人民政府文件."""
        return "".join(self.mark_lines)


def block_children(body: Any) -> list[Any]:
    """Return the body's paragraphs and tables in order (what a 版头 is made of)."""
    return [child for child in body.iterchildren(qn("w:p"), qn("w:tbl"))]


def _pictures(elements: list[Any]) -> int:
    """Return how many pictures (DrawingML a:blip, VML v:imagedata) the elements hold."""
    return len(
        [
            node
            for element in elements
            for node in element.iter()
            if isinstance(node.tag, str)
            and node.tag.endswith(_PICTURE_TAGS)
            and not in_fallback(node, element)
        ]
    )


def _paragraphs(child: Any) -> list[Any]:
    """Return the paragraphs of a body element: itself, its cells', its text boxes' (not VML copies)."""
    return [p for p in child.iter(qn("w:p")) if not in_fallback(p, child)]


def _looks(doc: DocxDocument, child: Any) -> list[ParagraphLook]:
    return [paragraph_look(doc, Paragraph(p, doc._body)) for p in _paragraphs(child)]


def type_width(doc: DocxDocument) -> float:
    """Return the first section's type-area width in mm."""
    section = doc.sections[0]
    return float((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)) / 36000


def _red(rule: HRule) -> bool:
    return is_red(rule.color if rule.color != "auto" else "000000")


def _red_rule(doc: DocxDocument, children: list[Any]) -> tuple[int, HRule] | None:
    """Return the first red rule from the top and the body element it ends the 版头 at."""
    width = type_width(doc)
    for index, child in enumerate(children):
        for p in _paragraphs(child):
            top, bottom, _between = paragraph_rules(doc, p, width)
            if top is not None and _red(
                top
            ):  # above an empty paragraph: it is the 版头's; else the one before's
                empty = not "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
                return (index if empty else index - 1), top
            if bottom is not None and _red(bottom):
                return index, bottom
            for rule in drawn_rules(p):
                if _red(rule):
                    return index, rule
        if child.tag == qn("w:tbl"):  # a 表格版头: the rule the table's (or a row's) red bottom border
            for rule in table_rules(doc, child, width):
                if _red(rule):
                    return index, rule
    return None


@dataclass(frozen=True)
class _Mark:
    lines: tuple[str, ...]
    color: str | None
    font: str | None
    centred: bool


def _letter_line(mark: _Mark, rule: HRule) -> bool:
    """Return whether ``rule`` is a 信函's red line: 170 mm under a mark that is the organ's name, not a
    “…文件” (GB/T 9704 10.1)."""
    named = not "".join(mark.lines).endswith("文件")
    return named and rule.length_mm is not None and abs(rule.length_mm - S.LETTER_LINE_LENGTH_MM) <= 1


def _departures(doc: DocxDocument, mark: _Mark, rule: HRule | None, page: bool) -> list[str]:
    """Return the warnings: where the 版头 departs from GB/T 9704-2012 (``page``: judge paper and margins)."""
    found: list[str] = []
    section = doc.sections[0]
    mm = [
        float(v or 0) / 36000
        for v in (section.page_width, section.page_height, section.top_margin, section.left_margin)
    ]
    if page and (abs(mm[0] - S.PAGE_WIDTH_MM) > 1 or abs(mm[1] - S.PAGE_HEIGHT_MM) > 1):  # 5.1: A4
        found.append(_("the page is {w:.0f}×{h:.0f} mm, not A4 (5.1)").format(w=mm[0], h=mm[1]))
    if page and (
        abs(mm[2] - S.MARGIN_TOP_MM) > 1 or abs(mm[3] - S.MARGIN_LEFT_MM) > 1
    ):  # 5.2.1: 天头 37, 订口 28
        found.append(
            _(
                "the margins are top {top:.1f} mm, left {left:.1f} mm; the standard's are 37 and 28 mm (5.2.1)"
            ).format(top=mm[2], left=mm[3])
        )
    if not mark.lines:
        found.append(_("no 发文机关标志 in text (a picture of it cannot be judged) (7.2.4)"))
    else:
        if not (mark.color and is_red(mark.color)):  # 7.2.4: red
            found.append(
                _("the 发文机关标志 is not red ({color}) (7.2.4)").format(color=mark.color or _("mixed"))
            )
        if not font_is(mark.font, XIAOBIAOSONG):  # 7.2.4: 小标宋 recommended
            found.append(
                _("the 发文机关标志 is set in {font}, not 小标宋 (7.2.4)").format(
                    font=mark.font or _("mixed")
                )
            )
        if not mark.centred:
            found.append(_("the 发文机关标志 is not centred (7.2.4)"))
    if rule is None:  # 7.2.7: a red rule 4 mm under the number, as wide as the type area
        found.append(_("no red separator line under the 版头 (7.2.7)"))
    elif not full_width(rule, type_width(doc)) and not _letter_line(mark, rule):
        found.append(
            _(
                "the red separator line is {length:.1f} mm long, not as wide as the type area (156 mm) (7.2.7)"
            ).format(length=rule.length_mm or 0)
        )
    return found


def _first_page_header(doc: DocxDocument) -> Any | None:
    """Return the w:hdr shown on the first page (the first-page header when the section has one)."""
    section = doc.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    return None if header.is_linked_to_previous else header._element


def _blank(child: Any) -> bool:
    """Return whether a body element is an empty paragraph (no text, nothing drawn)."""
    if child.tag != qn("w:p"):
        return False
    if any(True for _node in child.iter(*_DRAWN)):
        return False
    return not "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()


def _number_line(child_looks: list[ParagraphLook]) -> str:
    """Return the text of the 发文字号's line: its paragraph's, or in a table its own cell paragraph's."""
    return next(
        (look.text.strip() for look in child_looks if NUMBER_SLOT.search(look.text)),
        "".join(look.text for look in child_looks).strip(),
    )


def analyse(doc: DocxDocument, path: Path, *, page: bool = True) -> OfficeHeader:
    """Return what the 版头 at the top of ``doc`` holds and where it departs from the standard."""
    children = block_children(doc.element.body)[:HEADER_SCAN]
    looks = [_looks(doc, child) for child in children]
    texts = ["".join(look.text for look in child_looks).strip() for child_looks in looks]
    found = _red_rule(doc, children)
    number_at = next((i for i, t in enumerate(texts) if NUMBER_SLOT.search(t)), None)
    end = found[0] if found else (number_at if number_at is not None else min(len(children), 3) - 1)
    end = max(end, number_at if number_at is not None and found and number_at <= found[0] + 1 else -1)
    lines = [
        look
        for i, child_looks in enumerate(looks[: end + 1])
        for look in child_looks
        # the number's line (its own paragraph, or its row of a 表格版头 that holds the mark too)
        if not (i == number_at and (len(child_looks) == 1 or NUMBER_SLOT.search(look.text)))
        if not is_ornament(look.text)
        and not HEAD_ITEM.match(look.text.strip())
        and not look.text.strip().startswith("签发人")
    ]
    colors = {c for look in lines for c in look.colors}
    fonts = {f for look in lines for f in look.fonts}
    sizes = [s for look in lines for s in look.sizes if s]
    mark = _Mark(
        tuple(look.text.strip() for look in lines),
        next(iter(colors)) if len(colors) == 1 else None,
        next(iter(fonts)) if len(fonts) == 1 else None,
        all(look.align in ("center", "distribute") for look in lines),  # 分散对齐 spreads it evenly: centred
    )
    page_header = _first_page_header(doc)
    in_header = _pictures([page_header]) if page_header is not None else 0
    # no red rule in the body: 套红 templates draw it in the first page's header, placed on the page (wps13)
    rule = found[1] if found else next((r for r in header_rules(doc) if _red(r)), None)
    blanks = 0
    while blanks <= end and _blank(children[blanks]):
        blanks += 1
    return OfficeHeader(
        path=path,
        mark_lines=mark.lines,
        color=mark.color,
        font=mark.font,
        size_pt=max(sizes) if sizes else None,
        centred=mark.centred,
        pictures=_pictures(children[: end + 1]) + in_header,
        rule=rule,
        number_line=_number_line(looks[number_at]) if number_at is not None else None,
        departures=tuple(_departures(doc, mark, rule, page)),
        zone=end + 1,
        number_at=number_at if number_at is not None and number_at <= end else None,
        leading_blanks=blanks,
        header_pictures=in_header,
        header_rule=found is None and rule is not None,
    )
