"""An office's 套红 .docx checked and made ready to copy in (the letterhead's 模板, issue 19 c).

Only the 版头 (the body's first elements down to the red rule) and the first page's header are
ever copied into a document, with the pictures they show.  So whatever else the file holds stays
inert (macros are refused outright); what is copied must not reach outside the document: no linked
picture or hyperlink (TargetMode="External"), no OLE object, embedded control or alternative
chunk, no field that fetches (INCLUDEPICTURE, INCLUDETEXT, DDE, LINK), no part but a picture, and
each picture is checked by Pillow (size on disk, pixels) before it is copied.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from PIL import Image, UnidentifiedImageError

from docgen.check.docx_read import load
from docgen.errors import DataError, Location, library_error_text
from docgen.i18n import _
from docgen.load.docx_final import how_to_accept, markup_in, markup_text
from docgen.load.limits import read_docx_bytes
from docgen.load.office_header import OfficeHeader, analyse, block_children
from docgen.load.office_height import bottom_border, header_overrun, space_before, zone_heights
from docgen.load.old_office import not_docx
from docgen.office_template import OfficeTemplate

MAX_PICTURE_BYTES = 8 * 1024 * 1024  # an emblem is tens of KiB; a scan of one a few MiB
MAX_PICTURE_PIXELS = 40_000_000  # Pillow's bomb limit is 89 M; an A4 page at 600 dpi is 35 M
PICTURE_FORMATS = {"PNG", "JPEG", "GIF", "BMP", "TIFF", "WMF"}  # Pillow calls EMF "WMF" too
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_FETCHING_FIELD = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|DDE|DDEAUTO|LINK|IMPORT)\b", re.IGNORECASE)
_FORBIDDEN = {
    qn("w:object"): "OLE",
    qn("w:altChunk"): "altChunk",
    qn("w:control"): "ActiveX",
    qn("w:subDoc"): "subDoc",
}


def _refuse(path: Path, message: str) -> DataError:
    return DataError(message, Location(file=path, field="模板"))


def _no_macros(data: bytes, path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        types = package.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if any(name.lower().endswith("vbaproject.bin") for name in names) or b"macroEnabled" in types:
        raise _refuse(path, _("the template holds macros: save it as a plain .docx (Word 文档), not .docm"))


def _no_fetching(elements: list[Any], path: Path) -> None:
    """Refuse what would reach outside the document or run something when it is opened."""
    for element in elements:
        for node in element.iter():
            if node.tag in _FORBIDDEN:
                raise _refuse(
                    path,
                    _(
                        "the template's 版头 holds an embedded {kind} object; only text, tables, shapes and pictures are copied"
                    ).format(kind=_FORBIDDEN[node.tag]),
                )
            instruction = node.text if node.tag == qn("w:instrText") else node.get(qn("w:instr"))
            if instruction and _FETCHING_FIELD.search(instruction):
                raise _refuse(
                    path,
                    _("the template's 版头 holds a field that fetches from outside: {field}").format(
                        field=instruction.strip()[:80]
                    ),
                )


def _check_picture(blob: bytes, name: str, path: Path) -> None:
    if len(blob) > MAX_PICTURE_BYTES:
        raise _refuse(
            path,
            _("the picture {name} is {size} MiB, more than the {limit} MiB docgen copies").format(
                name=name, size=len(blob) // (1024 * 1024), limit=MAX_PICTURE_BYTES // (1024 * 1024)
            ),
        )
    try:
        with Image.open(io.BytesIO(blob)) as image:
            pixels = image.width * image.height
            kind = image.format or ""
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise _refuse(
            path,
            _("the picture {name} cannot be read: {error}").format(
                name=name, error=library_error_text(error)
            ),
        ) from None
    if pixels > MAX_PICTURE_PIXELS:
        raise _refuse(
            path,
            _("the picture {name} has {pixels} pixels, more than the {limit} docgen copies").format(
                name=name, pixels=pixels, limit=MAX_PICTURE_PIXELS
            ),
        )
    if kind not in PICTURE_FORMATS:
        raise _refuse(
            path,
            _("the picture {name} is a {kind}, not a PNG, JPEG, GIF, BMP, TIFF or EMF/WMF").format(
                name=name, kind=kind
            ),
        )


def _check_references(elements: list[Any], part: Any, path: Path) -> None:
    """Check every relationship the elements use: an embedded picture, nothing else."""
    for element in elements:
        for node in element.iter():
            for attribute, rel_id in node.attrib.items():
                if not attribute.startswith(f"{{{R_NS}}}"):
                    continue
                rel = part.rels.get(rel_id)
                if rel is None:
                    raise _refuse(path, _("the template's 版头 names a missing part {id}").format(id=rel_id))
                if rel.is_external:
                    raise _refuse(
                        path,
                        _(
                            "the template's 版头 links to {target} outside the file: embed the picture instead"
                        ).format(target=rel.target_ref[:120]),
                    )
                if rel.reltype != IMAGE_REL:
                    raise _refuse(
                        path,
                        _("the template's 版头 holds a {kind} part; only pictures are copied").format(
                            kind=rel.reltype.rsplit("/", 1)[-1]
                        ),
                    )
                _check_picture(rel.target_part.blob, str(rel.target_part.partname), path)


def _first_header_part(doc: DocxDocument) -> Any:
    section = doc.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    return header


def check_office_template(data: bytes, path: Path) -> tuple[DocxDocument, OfficeHeader]:
    """Return the template read and its 版头, or raise DataError naming what is refused."""
    _no_macros(data, path)
    doc = load(data)
    header = analyse(doc, path)
    if header.zone <= 0:
        raise _refuse(path, _("no 版头 found at the top of the template"))
    zone = block_children(doc.element.body)[: header.zone]
    _no_fetching(zone, path)
    _check_references(zone, doc.part, path)
    lent = list(zone)
    if header.header_pictures or header.header_rule:
        page_header = _first_header_part(doc)
        _no_fetching([page_header._element], path)
        _check_references([page_header._element], page_header.part, path)
        lent.append(page_header._element)
    markup = markup_in(lent)
    if markup.pending:  # copied as they are into every document under the letterhead
        raise _refuse(
            path,
            _(
                "the template's 版头 holds {markup}: every document under this letterhead would carry them; "
                "{how}, and run the command again"
            ).format(markup=markup_text(markup), how=how_to_accept()),
        )
    return doc, header


def read_office_template(path: Path) -> tuple[bytes, DocxDocument, OfficeHeader]:
    """Return an office's 套红 .docx as bytes, the document read and its 版头; refuse a file that is
    not a .docx, is hostile (``check_office_template``) or cannot be read, naming the file."""
    if path.suffix.lower() != ".docx":
        raise DataError(not_docx(_("an office's header must be a .docx file"), path), Location(file=path))
    data = read_docx_bytes(path)
    try:
        doc, header = check_office_template(data, path)
    except DataError:
        raise
    except Exception as error:  # noqa: BLE001 - python-docx fails anywhere in a broken package
        raise DataError(
            _("cannot read the form: {error}").format(error=library_error_text(error)), Location(file=path)
        ) from None
    return data, doc, header


def read_office_header(path: Path) -> OfficeHeader:
    """Return the 版头 of an office's 套红 .docx: what it holds and its departures from the standard
    (read and refused as ``read_office_template`` reads and refuses it)."""
    return read_office_template(path)[2]


def load_office_template(path: Path) -> OfficeTemplate:
    """Read an office's 套红 .docx for a letterhead's 模板; refuse what is hostile."""
    try:
        data, doc, header = read_office_template(path)
        zone = block_children(doc.element.body)[: header.zone]
        heights = zone_heights(doc, zone)
        overrun = header_overrun(doc) if header.header_pictures else 0
        slot = zone[header.number_at] if header.number_at is not None else None
    except DataError as error:
        raise error.at(file=path, field="模板") from None
    except OSError as error:
        raise _refuse(path, library_error_text(error)) from None
    except Exception as error:  # noqa: BLE001 - python-docx fails anywhere in a broken package
        raise _refuse(
            path, _("cannot read the form: {error}").format(error=library_error_text(error))
        ) from None
    return OfficeTemplate(
        name=path.name,
        data=data,
        zone=header.zone,
        number_at=header.number_at,
        leading_blanks=header.leading_blanks,
        page_header=header.header_pictures > 0 or header.header_rule,  # its logo or its red rule
        heights=heights,
        number_in_paragraph=slot is None or slot.tag == qn("w:p"),
        header_overrun=overrun,
        number_space_before=space_before(doc, slot) if slot is not None and slot.tag == qn("w:p") else 0,
        number_border=bottom_border(doc, slot) if slot is not None and slot.tag == qn("w:p") else 0,
    )
