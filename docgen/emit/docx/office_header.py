"""The office's own 版头 copied into a document in place of the one docgen laid out (issue 19 c).

What is copied is the template's 版头 as the office made it — its first body elements down to the
red rule (the mark in a paragraph, a table or a text box; an emblem picture; the rule as a border or
a drawn line), with the pictures they show and, when the emblem is in the page header, that header
as the first page's.  Into it go what docgen knows (7.2): 份号, 密级 and 紧急程度 on the 版头's
empty top lines (or above it), the 发文字号 into the place the office left for it (〔　　〕　号 or
{{ 发文字号 }}), or the 发文字号 and 签发人 lines docgen laid out in place of that line, or above the
rule where the office left none.  A hidden bookmark marks the copy, so ``docgen check`` knows the
header is the office's and reports its departures as warnings.

The template was checked when the letterhead was loaded (docgen/load/office_template.py): only
pictures, embedded, of bounded size; nothing that fetches.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from docgen.emit.docx import xml as x
from docgen.emit.docx.xml import office as o
from docgen.emit.docx.xml import office_styles
from docgen.layout.placed import OfficeHead
from docgen.office_template import NUMBER_SLOT, OFFICE_HEADER_BOOKMARK

DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
STYLES = "word/styles.xml"
HEADER_PART = "word/header_office.xml"
FIRST_DRAWING_ID = 3000  # above docgen's own drawings (pictures from 1, page drawings from 1000)


class _Copier:
    """Copies the parts a template's elements use into the document's package, under new names."""

    def __init__(self, template: zipfile.ZipFile, parts: dict[str, bytes]) -> None:
        self.template = template
        self.parts = parts
        self.count = 0

    def resolve(self, source_part: str, target: str) -> str:
        """Return the package path of a relationship target named from ``source_part``."""
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))

    def remap(self, elements: list[x.Element], source_part: str, rels_part: str, target_rels: str) -> None:
        """Copy every picture the elements name and point them at the copies (in ``target_rels``)."""
        rels = o.relationships(self.template.read(rels_part)) if rels_part in self.template.namelist() else {}
        done: dict[str, str] = {}
        for element in elements:
            for node, attribute, rel_id in list(o.relationship_ids(element)):
                if rel_id not in done:
                    kind, target, _mode = rels[rel_id]  # checked on loading: embedded pictures only
                    done[rel_id] = self._copy(kind, self.resolve(source_part, target), target_rels)
                node.set(attribute, done[rel_id])

    def _copy(self, kind: str, part: str, target_rels: str) -> str:
        self.count += 1
        extension = part.rsplit(".", 1)[-1].lower()
        name = f"media/office{self.count}.{extension}"
        self.parts[f"word/{name}"] = self.template.read(part)
        media_type = (
            o.content_type(self.template.read("[Content_Types].xml"), f"/{part}") or f"image/{extension}"
        )
        self.parts["[Content_Types].xml"] = x.add_default_content_type(
            self.parts["[Content_Types].xml"], extension, media_type
        )
        rel_id = f"rIdOffice{self.count}"
        self.parts[target_rels] = x.add_relationship(
            self.parts.get(target_rels, o.empty_relationships()), rel_id, kind, name
        )
        return rel_id


def _styles(template: zipfile.ZipFile) -> office_styles.TemplateStyles:
    """Return the template's styles and theme fonts (what its 版头's paragraphs look like by default)."""
    names = template.namelist()
    rels = o.relationships(template.read(DOCUMENT_RELS)) if DOCUMENT_RELS in names else {}
    theme = next((target for kind, target, _mode in rels.values() if kind.endswith("/theme")), None)
    theme_part = posixpath.normpath(posixpath.join("word", theme)) if theme else None
    return office_styles.TemplateStyles(
        template.read(STYLES) if STYLES in names else None,
        template.read(theme_part) if theme_part in names else None,
    )


def _with_number(
    zone: list[x.Element], head: OfficeHead, slot_at: int | None, numbers: list[x.Element]
) -> list[x.Element]:
    """Return the 版头's elements with the 发文字号 (and 签发人) put in (7.2.5, 7.2.6)."""
    upward = any("签发人" in o.text_of(p) for p in numbers)
    slot = zone[slot_at] if slot_at is not None else None
    if slot is not None and not (upward and o.is_paragraph(slot)):
        if head.number:
            o.fill(slot, NUMBER_SLOT, head.number)
        return zone
    if not numbers:
        return zone
    if (
        slot is not None
    ):  # 上行文: docgen's 发文字号/签发人 lines in place of the office's line, its rule kept
        border = o.bottom_border(slot)
        lines = [o.without_section(p) for p in numbers]
        # as far under the mark as the office's line: its blank lines above stand for 7.2.6's two
        o.set_space_before(lines[0], o.space_before(slot))
        for line in lines:
            o.take_bottom_border(line)
        if border is not None:
            o.put_bottom_border(lines[-1], border)
        return [*zone[:slot_at], *lines, *zone[slot_at + 1 :]]  # type: ignore[operator]
    lines = [o.without_section(p) for p in numbers]  # no place left: above the rule, the office's rule kept
    for line in lines:
        o.take_bottom_border(line)
    if zone and not o.text_of(zone[-1]).strip():  # the rule on an empty line or drawn there: the number above
        return [*zone[:-1], *lines, zone[-1]]
    border = o.take_bottom_border(zone[-1]) if zone and o.is_paragraph(zone[-1]) else None
    if border is not None:  # the rule was the mark's border: it goes under the number (7.2.7)
        o.put_bottom_border(lines[-1], border)
    return [*zone, *lines]


def _page_header(
    template: zipfile.ZipFile, template_body: x.Element, body: x.Element, copier: _Copier
) -> None:
    """Give the document's first page the template's first-page header (the emblem in it)."""
    section = o.first_section(template_body)
    kind = "first" if o.has_first_page(section) else "default"
    rel_id = o.header_reference(section, kind)
    if rel_id is None:
        return
    _type, target, _mode = o.relationships(template.read(DOCUMENT_RELS))[rel_id]
    source = copier.resolve(DOCUMENT, target)
    header = etree.fromstring(template.read(source))
    rels = posixpath.join(posixpath.dirname(source), "_rels", posixpath.basename(source) + ".rels")
    office_styles.resolve_formatting(header, _styles(template))
    copier.remap([header], source, rels, "word/_rels/header_office.xml.rels")
    o.renumber_drawings([header], FIRST_DRAWING_ID + 500)
    parts = copier.parts
    parts[HEADER_PART] = x.serialize(header)
    parts["[Content_Types].xml"] = x.add_override_content_type(
        parts["[Content_Types].xml"], f"/{HEADER_PART}", o.HEADER_TYPE
    )
    parts[DOCUMENT_RELS] = x.add_relationship(
        parts[DOCUMENT_RELS], "rIdOfficeHeader", o.HEADER_REL, "header_office.xml"
    )
    first = o.first_section(body)
    odd = o.footer_reference(first, "default")
    assert odd is not None, "docgen's sections name their footers"
    o.first_page_header(first, "rIdOfficeHeader", odd)
    distance = o.header_distance(section)
    if (
        distance is not None
    ):  # the emblem as high on the paper as in the template (no other page has a header)
        o.set_header_distance(first, distance)


def copy_in(parts: dict[str, bytes], head: OfficeHead) -> None:
    """Put the office's 版头 in place of docgen's in the package ``parts`` (changed in place)."""
    office = head.template
    with zipfile.ZipFile(io.BytesIO(office.data)) as template:
        template_root = etree.fromstring(template.read(DOCUMENT))
        template_body = o.body_of(template_root)
        zone = [o.without_section(e) for e in o.blocks(template_body)[: office.zone]]
        styles = _styles(template)
        for element in zone:
            office_styles.resolve_formatting(element, styles)
        copier = _Copier(template, parts)
        copier.remap(zone, DOCUMENT, DOCUMENT_RELS, DOCUMENT_RELS)
        o.renumber_drawings(zone, FIRST_DRAWING_ID)
        root = etree.fromstring(parts[DOCUMENT])
        body = o.body_of(root)
        head_elements = o.docgen_head(body)
        items = [p for p in head_elements if o.style_of(p) == "GwHeadItem"]
        numbers = [p for p in head_elements if o.style_of(p) == "GwNumber"]
        copied = _with_number(zone, head, office.number_at, numbers)
        # 7.2.1-7.2.3: 份号, 密级, 紧急程度 on the 版头's empty top lines (the office's spacing kept below them)
        used = min(office.leading_blanks, len(items))
        start, end = o.bookmark(OFFICE_HEADER_BOOKMARK, 9000)
        o.replace_head(body, head_elements, [*items, start, *copied[used:], end])
        if office.page_header:
            _page_header(template, template_body, body, copier)
        parts[DOCUMENT] = x.serialize(o.with_namespaces(root, template_root))
