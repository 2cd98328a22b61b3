"""All Typst syntax of docgen: every piece of markup is made in this package, behind small named
functions, one module per job — ``literal`` (string literals, lengths, colours, the faces'
variables), ``text`` (runs), ``blocks`` (paragraphs and what stands between them), ``tables``,
``pages`` (sections, page numbers, what is placed on a page, the document).

User text never becomes markup: it is written only as Typst *string literals* (``literal.string``,
the one place it is escaped), placed with ``text(...)`` in code mode, so nothing in it is read as
markup — not ``# $ * _ < > @ [ ] ~ /``, not ``=``, ``-``, ``+`` or ``1.`` at a line start, not
quotes (no smart quotes), ``--``, ``...``, ``//`` or URLs.  A string literal needs only ``\\``,
``"`` and control characters escaped.

Lengths arrive in points; the emitter (``emit.py``) converts the placed document's twips.
"""

from __future__ import annotations

from docgen.emit.typst.markup.blocks import (
    ParagraphFormat,
    columns,
    empty_line,
    padded,
    page_break,
    paragraph,
    rule_below,
    space,
)
from docgen.emit.typst.markup.bookmarks import bookmark
from docgen.emit.typst.markup.literal import EM_ASCENT, mm, pt, rgb, string, stroke
from docgen.emit.typst.markup.pages import (
    UNNUMBERED,
    PageFormat,
    PageNumbers,
    Watermark,
    at_bottom,
    document,
    on_page,
    page_box,
    page_line,
    section,
    tail,
    unnumbered_page,
)
from docgen.emit.typst.markup.tables import Stroke, TableCell, table
from docgen.emit.typst.markup.text import CLOSERS, OPENERS, SPREAD, TextStyle, guard_marks, picture, text

__all__ = [
    "bookmark",
    "CLOSERS",
    "EM_ASCENT",
    "OPENERS",
    "SPREAD",
    "UNNUMBERED",
    "PageFormat",
    "PageNumbers",
    "ParagraphFormat",
    "Stroke",
    "TableCell",
    "TextStyle",
    "Watermark",
    "at_bottom",
    "columns",
    "document",
    "empty_line",
    "guard_marks",
    "mm",
    "on_page",
    "padded",
    "page_box",
    "page_break",
    "page_line",
    "paragraph",
    "picture",
    "pt",
    "rgb",
    "rule_below",
    "section",
    "space",
    "string",
    "stroke",
    "table",
    "tail",
    "text",
    "unnumbered_page",
]
