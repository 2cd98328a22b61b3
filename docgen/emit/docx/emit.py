"""The placed document into a .docx: body XML per block, the rest of the package from the template.

Nothing here decides where anything goes: every position, width, break and placement comes from
the placed document (``docgen.layout``).  The body is generated directly as WordprocessingML
(through ``xml``, the one package that writes ``w:`` elements), and the template's other parts
(styles, settings, footers) are copied as they are, which is both faster than a docxtpl render
and keeps user edits to the template's styles.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen import standard as S
from docgen.emit.docx import turned
from docgen.emit.docx import xml as x
from docgen.emit.docx.template import (
    PARAGRAPH_STYLES,
    RUN_STYLES,
    Template,
    core_properties,
    docx_page_setup,
    footers,
    zip_parts,
)
from docgen.layout import lay_out
from docgen.layout.placed import (
    Block,
    Borders,
    InlinePicture,
    LineRule,
    Orientation,
    PageLine,
    PageNumbers,
    PageNumberStyle,
    ParagraphBlock,
    PlacedDocument,
    Placement,
    Rule,
    Run,
    Section,
    TableBlock,
)
from docgen.model import Bulletin, Document

PICTURE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
Pictures = list[tuple[str, bytes]]  # (relationship id, PNG or JPEG) in the order they appear
_CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def _extension(data: bytes) -> str:
    """Return the media part's extension for picture bytes: "png" or "jpg" (the model takes no other)."""
    return "png" if data.startswith(b"\x89PNG") else "jpg"


def _border(rule: Rule) -> x.Border:
    return x.Border(rule.width_eighths, rule.color, rule.space_pt)


def _borders(borders: Borders | None) -> dict[str, x.Border] | None:
    if borders is None:
        return None
    sides = {
        "top": borders.top,
        "left": borders.left,
        "bottom": borders.bottom,
        "right": borders.right,
        "insideH": borders.inside_h,
        "insideV": borders.inside_v,
    }
    return {side: _border(rule) for side, rule in sides.items() if rule is not None}


def _run(run: Run | InlinePicture, pictures: Pictures) -> x.Element:
    if isinstance(run, InlinePicture):
        number = len(pictures) + 1
        rel_id = f"rIdPicture{number}"
        pictures.append((rel_id, run.data))
        return x.picture_run(rel_id, number, run.width_mm, run.height_mm, run.description)
    fmt = x.RunFormat(
        style=RUN_STYLES[run.role] if run.role else None,
        color=run.color,
        scale=run.scale,
        size_half_points=None if run.size_pt is None else round(run.size_pt * 2),
        position_half_points=round(run.raise_pt * 2) if run.raise_pt else None,
        east_asian_language="zxx" if run.whole else None,
        # the body's spacing (its style's, 7.3.3's 28 字 a line) and what the layout adds to it
        spacing=S.BODY_CHAR_SPACING + run.spacing if run.spacing else None,
    )
    return x.text_run(run.text, fmt if fmt != x.RunFormat() else None)


def _paragraph(block: ParagraphBlock, pictures: Pictures, section: x.Element | None = None) -> x.Element:
    line = None
    if block.line is not None:
        # xml reads a negative line as automatic spacing of that many 240ths
        line = block.line.value if block.line.rule is LineRule.EXACT else -block.line.value
    fmt = x.ParagraphFormat(
        style=PARAGRAPH_STYLES[block.role],
        keep_next=block.keep_with_next,
        page_break_before=block.page_break_before,
        bottom_border=None if block.bottom_rule is None else _border(block.bottom_rule),
        tabs=tuple(x.Tab(tab.pos, tab.kind.value) for tab in block.tabs),
        snap_to_grid=block.on_grid,
        before=block.space_before,
        line=line,
        left=block.left,
        right=block.right,
        first_line=block.first_line,
        hanging=block.hanging,
        align=None if block.align is None else block.align.value,
        text_center=block.centre_vertically,
    )
    # the text's word joiners only where LibreOffice would end a line inside a word (layout/celllines.py)
    runs = block.runs if block.line_end_runs is None else block.line_end_runs
    return x.paragraph(fmt, [*_drawings(block, pictures), *(_run(run, pictures) for run in runs)], section=section)


def _drawings(block: ParagraphBlock, pictures: Pictures) -> list[x.Element]:
    """Return the runs of what the paragraph places on its page outside the flow (ids from 1000: one
    such paragraph per document — a 信函's first page — so they do not meet the pictures' ids)."""
    runs = []
    for index, drawing in enumerate(block.drawings, start=1000):
        if isinstance(drawing, PageLine):
            runs.append(
                x.page_line_run(
                    index, drawing.x, drawing.y, drawing.length, drawing.width_eighths, drawing.color
                )
            )
        else:
            content = _paragraph(drawing.paragraph, pictures)
            runs.append(x.page_text_run(index, drawing.x, drawing.y, drawing.width, drawing.height, content))
    return runs


def _table(block: TableBlock, pictures: Pictures) -> x.Element:
    rows = [
        x.table_row(
            [
                x.table_cell(
                    cell.width,
                    [_paragraph(p, pictures) for p in cell.paragraphs],
                    borders=_borders(cell.borders),
                    v_center=cell.v_center,
                    grid_span=cell.columns,
                    v_merge="continue" if cell.merged else "restart" if cell.rows > 1 else None,
                )
                for cell in row.cells
            ],
            header=row.header,
            cant_split=row.cant_split,
            min_height=row.min_height,
        )
        for row in block.rows
    ]
    floating = None if block.anchor is None else x.FloatAtBottom(block.anchor.x_from_page)
    return x.table(
        list(block.widths),
        rows,
        borders=_borders(block.borders),
        floating=floating,
        cell_margin=block.cell_margin,
    )


def block_element(block: Block, pictures: Pictures, section: x.Element | None = None) -> x.Element:
    """Return a block's XML (``section``: the ``w:sectPr`` of the section it ends, on a paragraph)."""
    if isinstance(block, ParagraphBlock):
        return _paragraph(block, pictures, section)
    assert section is None, "a section ends with a paragraph"
    return _table(block, pictures)


def _turned_numbers(section: Section) -> bool:
    """Return whether the section's pages are landscape and numbered (their numbers turned, ch. 8)."""
    return section.page.orientation is Orientation.LANDSCAPE and section.numbers is PageNumbers.NUMBERED


def _section_properties(section: Section) -> x.Element:
    refs = turned.footers() if _turned_numbers(section) else footers(section.numbers)
    return x.section_properties(docx_page_setup(section.page), refs)


def body_elements(placed: PlacedDocument, pictures: Pictures) -> list[x.Element]:
    """Return the ``w:body`` children: every section's blocks, each section's mark on its last paragraph."""
    elements: list[x.Element] = []
    for index, section in enumerate(placed.sections):
        last = index == len(placed.sections) - 1
        for position, block in enumerate(section.blocks):
            ends = not last and position == len(section.blocks) - 1
            elements.append(block_element(block, pictures, _section_properties(section) if ends else None))
        if last:
            elements.append(_section_properties(section))
    return elements


def emit_docx(placed: PlacedDocument, template: Template) -> bytes:
    """Return the .docx package: the template's parts, the body, the pictures, the core properties."""
    if placed.page_number_style is not PageNumberStyle.GBT9704:  # the template's footers draw these
        raise ValueError(f"page numbers {placed.page_number_style} are not in the template")
    pictures: Pictures = []
    children = body_elements(placed, pictures)
    parts = dict(template.parts)
    parts["word/document.xml"] = x.serialize(x.document(children))
    if "word/settings.xml" in parts:  # a template of the office's own may lack it
        parts["word/settings.xml"] = x.with_short_lines_kept(parts["word/settings.xml"])
    landscape = next((s.page for s in placed.sections if _turned_numbers(s)), None)
    if landscape is not None:
        turned.add_parts(parts, landscape)
    extensions: set[str] = set()
    for index, (rel_id, data) in enumerate(pictures, start=1):
        extension = _extension(data)
        extensions.add(extension)
        parts[f"word/media/image{index}.{extension}"] = data
        parts["word/_rels/document.xml.rels"] = x.add_relationship(
            parts["word/_rels/document.xml.rels"], rel_id, PICTURE_REL, f"media/image{index}.{extension}"
        )
    for extension in sorted(extensions):
        parts["[Content_Types].xml"] = x.add_default_content_type(
            parts["[Content_Types].xml"], extension, _CONTENT_TYPES[extension]
        )
    if placed.office_head is not None:  # issue 19 c: the office's own 版头 in place of the laid-out one
        from docgen.emit.docx.office_header import copy_in

        copy_in(parts, placed.office_head)
    meta = placed.metadata
    parts["docProps/core.xml"] = core_properties(
        title=meta.title, subject=meta.subject, creator=meta.creator, created=f"{meta.date}T00:00:00Z"
    )
    return zip_parts(parts)


@dataclass(frozen=True)
class Rendered:
    """A document made into a .docx: its bytes, the estimated page count, where its 版记 went."""

    data: bytes
    pages: int
    placement: Placement


def render_docx(doc: Document | Bulletin, template: Template, placement: Placement | None = None) -> Rendered:
    """Return ``doc`` laid out and emitted as a .docx (``placement`` overrides the estimate's)."""
    placed = lay_out(doc, placement)
    return Rendered(emit_docx(placed, template), placed.pages, placed.placement)
