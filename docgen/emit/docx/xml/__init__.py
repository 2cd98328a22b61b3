"""All raw WordprocessingML of docgen: every ``w:`` element is made here, behind small named functions.

Children are appended in the order the ECMA-376 schema requires (Word refuses or "repairs"
files that break it; LibreOffice is lenient, so tests check the order).  Where a setting is read
differently by LibreOffice 7.4 and Word, a comment says what each does.

The package is split by what it makes (base helpers, runs, paragraphs and tables, drawings, parts);
every name is re-exported here, so emitters use ``from docgen.emit.docx import xml as x``.
"""

from __future__ import annotations

from docgen.emit.docx.xml.base import (
    A_NS,
    DRAWING_NSMAP,
    EMU_PER_MM,
    EMU_PER_TWIP,
    NSMAP,
    PIC_NS,
    R_NS,
    SHAPE_NSMAP,
    W_NS,
    WP_NS,
    WPS_NS,
    XML_SPACE,
    Element,
    el,
    qn,
    serialize,
    val,
)
from docgen.emit.docx.xml.blocks import (
    Border,
    FloatAtBottom,
    ParagraphFormat,
    Tab,
    paragraph,
    paragraph_properties,
    table,
    table_cell,
    table_row,
)
from docgen.emit.docx.xml.drawing import (
    Box,
    add_override_content_type,
    page_line_run,
    page_text_run,
    picture_run,
    turned_frame_paragraph,
    turned_text_box_run,
)
from docgen.emit.docx.xml.parts import (
    PageSetup,
    StyleDef,
    add_default_content_type,
    add_relationship,
    document,
    font_table,
    footer,
    section_properties,
    settings,
    style,
    styles,
    with_short_lines_kept,
)
from docgen.emit.docx.xml.runs import (
    RunFormat,
    field_runs,
    fonts,
    page_break_run,
    run_properties,
    text_run,
)

__all__ = [
    "A_NS",
    "Border",
    "Box",
    "DRAWING_NSMAP",
    "EMU_PER_MM",
    "EMU_PER_TWIP",
    "Element",
    "FloatAtBottom",
    "NSMAP",
    "PIC_NS",
    "PageSetup",
    "ParagraphFormat",
    "R_NS",
    "RunFormat",
    "SHAPE_NSMAP",
    "StyleDef",
    "Tab",
    "WPS_NS",
    "WP_NS",
    "W_NS",
    "XML_SPACE",
    "add_default_content_type",
    "add_override_content_type",
    "add_relationship",
    "document",
    "el",
    "field_runs",
    "font_table",
    "fonts",
    "footer",
    "page_break_run",
    "page_line_run",
    "page_text_run",
    "paragraph",
    "paragraph_properties",
    "picture_run",
    "qn",
    "run_properties",
    "section_properties",
    "serialize",
    "settings",
    "with_short_lines_kept",
    "style",
    "styles",
    "table",
    "table_cell",
    "table_row",
    "text_run",
    "turned_frame_paragraph",
    "turned_text_box_run",
    "val",
]
