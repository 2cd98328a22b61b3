"""The pictures of a .docx draft: each inline or floating picture read with its size as the draft
shows it; what cannot be set (an OLE object, a linked file, a chart drawn in Word, an EMF, a picture
over 20 MB or 40 megapixels, one in a table) kept as a reason to say, never as bytes to set."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from PIL import Image

from docgen.check.docx_read import MC_FALLBACK
from docgen.i18n import _

MAX_PICTURE_BYTES = 20 * 1024 * 1024
MAX_PICTURE_PIXELS = 40_000_000
# The formats a draft's picture is read in.  Pillow otherwise tries every format it knows: an EPS
# in a draft was decoded by running Ghostscript on the sender's PostScript (hostile12); PSD, FITS, ICNS…
# have no place in a 公文 either.  WMF/EMF are not decoded (left out with the reason below).
READ_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF")
EMU_PER_MM = 36_000
_PIC_URI = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_V = "{urn:schemas-microsoft-com:vml}"
_O = "{urn:schemas-microsoft-com:office:office}"
# what Word draws that is not a picture, by its graphicData uri's end
_DRAWN = {"chart": "chart", "diagram": "diagram", "wordprocessingGroup": "group", "chartex": "chart"}


@dataclass(frozen=True)
class DraftPicture:
    """A picture of a draft at paragraph ``number``: PNG or JPEG bytes (empty when ``problem`` says why
    it cannot be set), its size in mm as the draft shows it, whether it floated beside the text."""

    number: int
    name: str
    data: bytes
    width_mm: float
    height_mm: float
    description: str = ""
    floating: bool = False
    problem: str = ""

    def left_out(self, problem: str) -> DraftPicture:
        """Return this picture left out for ``problem`` (its bytes dropped)."""
        return DraftPicture(
            self.number,
            self.name,
            b"",
            self.width_mm,
            self.height_mm,
            self.description,
            self.floating,
            problem,
        )


def _own(node: Any, p: Any) -> bool:
    """Return whether ``node`` belongs to paragraph ``p`` itself: not to a text box in it (read with the
    box's paragraphs) nor to the fallback copy of a drawing."""
    parent = node.getparent()
    while parent is not None and parent is not p:
        if parent.tag in (MC_FALLBACK, qn("w:txbxContent")):
            return False
        parent = parent.getparent()
    return True


def paragraph_pictures(part: Any, p: Any, number: int) -> list[DraftPicture]:
    """Return the pictures of paragraph ``p`` in order (``part``: the document part holding their bytes)."""
    found = []
    for node in p.iter(qn("w:drawing"), qn("w:pict"), qn("w:object")):
        if not _own(node, p) or any(a.tag in (qn("w:pict"), qn("w:object")) for a in node.iterancestors()):
            continue  # a VML shape inside an OLE object is that object's preview
        picture = _drawing(part, node, number) if node.tag == qn("w:drawing") else _vml(part, node, number)
        if picture is not None:
            found.append(picture)
    return found


def table_pictures(table: Any, number: int) -> list[DraftPicture]:
    """Return a picture left out for each picture in table ``table`` (a table keeps its text only)."""
    found = []
    for node in table.iter(qn("w:drawing"), qn("w:pict")):
        if any(a.tag == MC_FALLBACK for a in node.iterancestors()) or not _blip(node):
            continue
        name = _doc_name(node) or _("picture")
        found.append(
            DraftPicture(number, name, b"", 0, 0).left_out(
                _("it stands in a table's cell, and format keeps a table's text only; put it under the table")
            )
        )
    return found


def _blip(node: Any) -> bool:
    return any(True for _n in node.iter(f"{_A}blip", f"{_V}imagedata"))


def _doc_name(node: Any) -> str:
    doc_pr = next(node.iter(f"{_WP}docPr"), None)
    return (doc_pr.get("name") or "") if doc_pr is not None else ""


def _emu(value: str | None) -> float:
    """Return a DrawingML length in mm; 0 (the image's own size then) for one missing or not a whole number."""
    return int(value) / EMU_PER_MM if value and value.isdecimal() and len(value) < 12 else 0.0


def _drawing(part: Any, drawing: Any, number: int) -> DraftPicture | None:
    """Return the picture of a w:drawing (wp:inline or wp:anchor); None for a shape with no picture
    (a text box, a line: its text is read as text)."""
    frame = next(iter(drawing), None)
    if frame is None:
        return None
    floating = frame.tag == f"{_WP}anchor"
    extent = frame.find(f"{_WP}extent")
    width = _emu(extent.get("cx") if extent is not None else None)
    height = _emu(extent.get("cy") if extent is not None else None)
    doc_pr = frame.find(f"{_WP}docPr")
    description = (doc_pr.get("descr") or doc_pr.get("title") or "") if doc_pr is not None else ""
    name = _doc_name(frame) or _("picture")
    data = next(frame.iter(f"{_A}graphicData"), None)
    uri = data.get("uri", "") if data is not None else ""
    kind = _DRAWN.get(uri.rsplit("/", 1)[-1])
    if kind is not None or (uri != _PIC_URI and _blip(frame)):
        what = {"chart": _("a chart drawn in Word"), "diagram": _("a SmartArt diagram")}.get(
            kind or "", _("a group of shapes")
        )
        problem = _(
            "it is {what}, not a picture; copy it and paste it as a picture (选择性粘贴 → 图片)"
        ).format(what=what)
        return DraftPicture(number, name, b"", width, height, description, floating, problem)
    blip = next(frame.iter(f"{_A}blip"), None)
    if blip is None:
        return None
    picture = DraftPicture(number, name, b"", width, height, description, floating)
    return _with_bytes(part, picture, blip.get(f"{_R}embed"), blip.get(f"{_R}link"))


_VML_LENGTH = re.compile(r"(width|height)\s*:\s*(\d{1,6}(?:\.\d{1,6})?)\s*(pt|in|mm|cm|px)?", re.I)
_MM = {"pt": 25.4 / 72, "in": 25.4, "mm": 1.0, "cm": 10.0, "px": 25.4 / 96, "": 25.4 / 96}


def _vml(part: Any, node: Any, number: int) -> DraftPicture | None:
    """Return the picture of a legacy VML w:pict (older Word, WPS), or an OLE object left out."""
    shape = next(node.iter(f"{_V}shape"), None)
    style = shape.get("style", "") if shape is not None else ""
    size = {k.lower(): float(v) * _MM[(u or "").lower()] for k, v, u in _VML_LENGTH.findall(style)}
    width, height = size.get("width", 0.0), size.get("height", 0.0)
    ole = next(node.iter(f"{_O}OLEObject"), None)
    if node.tag == qn("w:object") or ole is not None:
        name = (ole.get("ProgID") if ole is not None else None) or _("an embedded object")
        problem = _(
            "it is an embedded object (OLE), not a picture; copy it and paste it as a picture (选择性粘贴 → 图片)"
        )
        return DraftPicture(number, name, b"", width, height, floating=False, problem=problem)
    image = next(node.iter(f"{_V}imagedata"), None)
    if image is None:
        return None  # a VML text box or line: its text is read as text
    floating = "position:absolute" in style.replace(" ", "")
    picture = DraftPicture(number, _("picture"), b"", width, height, image.get(f"{_O}title") or "", floating)
    return _with_bytes(part, picture, image.get(f"{_R}id"), None)


def _with_bytes(part: Any, picture: DraftPicture, embed: str | None, link: str | None) -> DraftPicture:
    """Return ``picture`` with its image's bytes, or left out with the reason."""
    rel = part.rels.get(embed or link or "")
    if rel is None:
        return picture.left_out(_("its image is missing from the file"))
    if rel.is_external:
        return DraftPicture(
            picture.number, rel.target_ref, b"", picture.width_mm, picture.height_mm
        ).left_out(
            _("it is linked to a file outside the draft; insert the picture itself in Word (插入 → 图片)")
        )
    target = rel.target_part
    named = DraftPicture(
        picture.number,
        target.partname.split("/")[-1],
        b"",
        picture.width_mm,
        picture.height_mm,
        picture.description,
        picture.floating,
    )
    return _image(named, target.blob)


def _image(picture: DraftPicture, blob: bytes) -> DraftPicture:
    """Return ``picture`` holding ``blob`` as PNG or JPEG, or left out: too large, unreadable, or in a
    format that cannot be set (EMF, WMF, SVG)."""
    if len(blob) > MAX_PICTURE_BYTES:
        return picture.left_out(
            _(
                "it is {size} MB, more than the {limit} MB a picture may have; compress it in Word (压缩图片)"
            ).format(size=round(len(blob) / 1024 / 1024, 1), limit=MAX_PICTURE_BYTES // 1024 // 1024)
        )
    try:
        with Image.open(io.BytesIO(blob), formats=READ_FORMATS) as image:  # reads the header only
            pixels = image.width * image.height
            if pixels > MAX_PICTURE_PIXELS:
                return picture.left_out(
                    _(
                        "it has {n} million pixels, more than {limit} million; compress it in Word (压缩图片)"
                    ).format(n=round(pixels / 1e6, 1), limit=MAX_PICTURE_PIXELS // 1_000_000)
                )
            size, mode, kind = image.size, image.mode, image.format
            if kind == "JPEG":  # decoded at an eighth of its size: read through, at little cost
                image.draft(image.mode, (image.width // 8 or 1, image.height // 8 or 1))
            image.load()
            kept = blob if kind in ("PNG", "JPEG") and mode in ("RGB", "L", "RGBA", "P", "LA") else None
            if kept is None:  # GIF, BMP, TIFF, a CMYK JPEG: set as PNG, as a typesetter and Word both read it
                with Image.open(io.BytesIO(blob), formats=READ_FORMATS) as whole:
                    out = io.BytesIO()
                    whole.convert("RGBA" if "A" in whole.mode else "RGB").save(out, "PNG")
                    kept = out.getvalue()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds on a file it cannot read; any means "not an image"
        return picture.left_out(
            _(
                "it is not an image docgen can set (EMF, WMF, SVG or damaged); save it as PNG or JPEG and insert it again"
            )
        )
    width, height = picture.width_mm, picture.height_mm
    if width <= 0 or height <= 0:  # no size in the draft: its pixels at 96 dpi, as Word inserts them
        width, height = size[0] * 25.4 / 96, size[1] * 25.4 / 96
    return DraftPicture(
        picture.number, picture.name, kept, width, height, picture.description, picture.floating
    )
