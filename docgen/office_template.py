"""An office's own 套红 template as the document model holds it (issue 19 c): the .docx, checked.

The loader (``docgen.load.office_header``) reads and checks the file; the emitter
(``docgen.emit.docx.office_header``) copies its 版头 into each document.  Nothing here does I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.number_text import NUMBER_TEXT

# The place an office leaves for the 发文字号 (7.2.5): a placeholder, 〔　　〕　号 with blanks or X
# (XX发〔20XX〕XX号, as Word and WPS 套红 templates write it), or a number typed as `docgen format` reads
# one (长重点[2025]032号 in a draft made the 套红); a 公告's 〔20XX〕第XX号, a field to fill [此处输入文号]号
# (GongwenAssistant's 公告 and 通告 templates, wild12)
NUMBER_SLOT = re.compile(
    r"\{\{\s*(?:发文字号|文号|number)\s*\}\}|[^\s\u3000〔〕{}]{0,20}〔[\s\u3000\dXxＸ×]*〕第?[\s\u3000\dXxＸ×]*号|"
    r"[\[［【][^\]］】\n]{0,12}[文字编]号[\]］】][\s\u3000]*号|" + NUMBER_TEXT
)
# The hidden bookmark around the copied 版头: how ``docgen check`` knows the header is the office's.
OFFICE_HEADER_BOOKMARK = "_DocgenOfficeHeader"
# ... and in a PDF made from such a .docx, an entry of the document information dictionary written
# after conversion (LibreOffice 7.4 drops the bookmark and custom document properties by default).
OFFICE_HEADER_PDF_KEY = "/DocgenOfficeHeader"


@dataclass(frozen=True)
class OfficeTemplate:
    """An office's 套红 .docx: its bytes, how many body elements its 版头 spans, where its 发文字号 goes.

    ``zone``: the 版头 is the first ``zone`` children of the body; ``number_at``: the index of the
    one holding the 发文字号 line (None: the office left no place for it); ``leading_blanks``: empty
    paragraphs at its top (the lines where 份号/密级/紧急程度 go, 7.2.1-7.2.3).
    """

    name: str
    data: bytes = field(repr=False)
    zone: int
    number_at: int | None = None
    leading_blanks: int = 0
    page_header: bool = False  # the page header of its first page holds a picture (an emblem)
    # how tall each of the 版头's elements is as LibreOffice lays it out (twips; docgen/load/office_height.py)
    heights: tuple[int, ...] = ()
    number_in_paragraph: bool = True  # the 发文字号's place is a paragraph of the body (not a table's cell)
    header_overrun: int = 0  # how far the first page's header reaches below the top margin (twips)
    number_space_before: int = 0  # the spacing before the office's 发文字号 line (twips)
    number_border: int = (
        0  # its bottom border's width and distance (twips): the rule moves under docgen's lines
    )

    def height(
        self,
        items: int,
        item_height: int,
        numbers: tuple[int, ...],
        upward: bool,
        numbers_before: int = 0,
        numbers_rule: int = 0,
    ) -> int:
        """Return the height (twips) the 版头 takes once docgen's lines are put in (as the emitter,
        docgen/emit/docx/office_header.py, puts them): ``items`` lines of ``item_height`` for 份号,
        密级, 紧急程度 (on the empty top lines first), ``numbers`` the heights of docgen's 发文字号 and
        签发人 lines, which take the place of the office's line in a 上行文 (with its spacing before
        instead of their own ``numbers_before``) or go above the rule where the office left no place;
        either way without their own red rule (``numbers_rule`` of their height): the office's is kept."""
        heights = list(self.heights)
        used = min(self.leading_blanks, items)
        total = self.header_overrun + items * item_height + sum(heights[used:])
        slot = self.number_at
        if slot is not None and not (upward and self.number_in_paragraph):
            return total
        lines = sum(numbers) - numbers_rule
        if slot is not None and slot < len(heights):
            return (
                total - heights[slot] + lines - numbers_before + self.number_space_before + self.number_border
            )
        return total + lines
