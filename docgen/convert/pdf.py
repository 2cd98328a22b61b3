"""PDF post-processing with pypdf: the 样稿 watermark, metadata, fonts used, page count."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.errors import ConversionError, library_error_text
from docgen.i18n import _
from docgen.office_template import OFFICE_HEADER_PDF_KEY
from docgen.standard import WATERMARK_TEXT

# pypdf (and the modules here that write with it) imported where a PDF is written or read, not
# with this module: a Typst preview reads no PDF back with it (``typst_fonts``), and importing
# pypdf (it imports ``cryptography``) was 375 M of a cold preview's ~7 800 M instructions (callgrind)
if TYPE_CHECKING:
    from pypdf import PdfReader, PdfWriter

A4_POINTS = (595.28, 841.89)


@dataclass(frozen=True)
class Metadata:
    """What a previewed PDF says about itself: Title = 标题, Subject = 发文字号, Author = 发文机关."""

    title: str = ""
    subject: str = ""
    author: str = ""
    office_header: bool = False  # the 版头 is the office's own (a letterhead's 模板): the PDF says so
    date: str = ""  # the 成文日期 (ISO): the PDF's creation date, as Typst and the .docx's core.xml have it
    bookmarks: tuple[str, ...] = ()  # the headings' bookmark texts in order (docgen/layout/bookmarks.py)


def pdf_date(iso: str) -> str:
    """Return a PDF date string (ISO 32000-1 7.9.4) for the day ``iso`` (YYYY-MM-DD), midnight UTC as
    Typst writes it; without a day, the present time."""
    if iso:
        return f"D:{iso.replace('-', '')}000000Z"
    return dt.datetime.now(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")


def _watermark_font() -> str:
    """Return a TrueType CJK font file for the watermark (reportlab cannot use the CFF Noto CJK)."""
    for family in ("AR PL UKai CN", "WenQuanYi Zen Hei", "HanaMinA"):
        result = subprocess.run(
            ["fc-match", "-f", "%{family[0]}\t%{file}", family], capture_output=True, text=True
        )
        matched, _sep, file = result.stdout.partition("\t")
        if matched == family and file.endswith((".ttf", ".ttc")):
            return file
    raise ConversionError(_("no TrueType Chinese font for the watermark; run scripts/setup.sh"))


@lru_cache(maxsize=4)
def watermark_page(width: float = A4_POINTS[0], height: float = A4_POINTS[1]) -> bytes:
    """Return a one-page PDF with 样稿 drawn diagonally across the middle, light grey and translucent.

    pypdf cannot draw text, so the stamp page is drawn once with reportlab (a TrueType CJK font
    embedded) and merged onto every page.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font_name = "DocgenWatermark"
    if font_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font_name, _watermark_font(), subfontIndex=0))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(width, height), invariant=True, initialFontName=font_name)
    page.setFillGray(0.45)
    page.setFillAlpha(0.22)
    page.setFont(font_name, 150)
    page.translate(width / 2, height / 2)
    page.rotate(45)
    page.drawCentredString(0, -50, WATERMARK_TEXT)
    page.save()
    return buffer.getvalue()


def _writer(pdf: bytes) -> PdfWriter:
    """Return a writer holding LibreOffice's ``pdf``; an unreadable one is a ConversionError."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    try:
        return PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    except PdfReadError as error:  # an empty file: a soffice killed while it wrote (another run's pkill)
        raise ConversionError(
            _("LibreOffice made no readable PDF: {error}; run the command again").format(
                error=library_error_text(error)
            )
        ) from error


def finish_pdf(pdf: bytes, metadata: Metadata, *, watermark: bool) -> bytes:
    """Return ``pdf`` with metadata set, black as one ink and, unless it is issued, the 样稿 watermark
    on every page."""
    from pypdf import PdfReader

    from docgen.convert.ink import one_ink
    from docgen.convert.outline import name_bookmarks
    from docgen.convert.pdf_update import viewer_settings

    writer = _writer(pdf)
    one_ink(writer)  # before the watermark: LibreOffice's own streams, black as grey (print9 #1)
    if watermark:
        for page in writer.pages:
            box = page.mediabox
            stamp = PdfReader(io.BytesIO(watermark_page(float(box.width), float(box.height)))).pages[0]
            page.merge_page(stamp, over=True)
    # LibreOffice writes the time of conversion, malformed (D:20261203102844Z' : a stray ' after Z)
    # and no /ModDate; Typst and the .docx date the document by its 成文日期: so do both engines
    when = pdf_date(metadata.date)
    info: dict[str, str] = {"/Producer": "docgen (LibreOffice, pypdf)", "/CreationDate": when, "/ModDate": when}
    for key, value in (
        ("/Title", metadata.title),
        ("/Subject", metadata.subject),
        ("/Author", metadata.author),
    ):
        if value:
            info[key] = value
    if metadata.office_header:  # read by docgen check on the PDF alone (docgen/check/office_warnings.py)
        info[OFFICE_HEADER_PDF_KEY] = "true"
    writer.add_metadata(info)
    viewer_settings(writer.root_object)  # /Lang zh-CN: LibreOffice writes the .docx's western en-US
    name_bookmarks(writer, metadata.bookmarks)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def finish_as_is(pdf: bytes) -> bytes:
    """Return a PDF of a user's own .docx (a mail-merge form) with what every docgen PDF has: /Lang
    zh-CN, the title shown, black as one ink, a well-formed date; its metadata and bookmarks its own."""
    from docgen.convert.ink import one_ink
    from docgen.convert.pdf_update import viewer_settings

    writer = _writer(pdf)
    one_ink(writer)
    when = pdf_date("")  # the time of making: a form has no 成文日期 docgen knows
    writer.add_metadata({"/Producer": "docgen (LibreOffice, pypdf)", "/CreationDate": when, "/ModDate": when})
    viewer_settings(writer.root_object)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _resolve(value: Any) -> Any:
    from pypdf.generic import IndirectObject

    return value.get_object() if isinstance(value, IndirectObject) else value


def _fonts(reader: PdfReader) -> Iterator[tuple[str, bool]]:
    from pypdf.generic import DictionaryObject

    seen: set[str] = set()
    for page in reader.pages:
        resources = _resolve(page.get("/Resources")) or {}
        fonts = _resolve(resources.get("/Font")) or {}
        for ref in fonts.values():
            font = _resolve(ref)
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            if name in seen:
                continue
            seen.add(name)
            descriptor = _resolve(font.get("/FontDescriptor"))
            if descriptor is None and "/DescendantFonts" in font:
                descendant = _resolve(_resolve(font["/DescendantFonts"])[0])
                descriptor = _resolve(descendant.get("/FontDescriptor"))
            embedded = isinstance(descriptor, DictionaryObject) and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            yield name, embedded


# a font of Typst's PDF, as it writes one: every font a composite (Type 0) font with its /BaseFont
# in the same plain dictionary, each embedded (Typst cannot refer to a font it does not embed)
_TYPST_FONT = re.compile(rb"<</Type/Font/Subtype/Type0/BaseFont/([^/\s<>\[\]()]+)")


def typst_fonts(pdf: bytes) -> tuple[tuple[str, bool], ...]:
    """Return the fonts (name, embedded) of a PDF Typst made, read from its bytes: what ``read_pdf``
    reads with pypdf, which a Typst preview then does not import (``typst_finish``)."""
    names = dict.fromkeys(name.decode("latin-1") for name in _TYPST_FONT.findall(pdf))
    return tuple((name, True) for name in names)


@dataclass(frozen=True)
class PdfFacts:
    """Facts read back from a PDF: pages, fonts (name, embedded), text, metadata."""

    pages: int
    fonts: tuple[tuple[str, bool], ...]
    text: str
    metadata: Metadata


def read_pdf(path: Path, *, text: bool = True) -> PdfFacts:
    """Return the page count, fonts, text and metadata of a PDF (without ``text``: the text is empty)."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    info: dict[str, Any] = dict(reader.metadata or {})
    return PdfFacts(
        pages=len(reader.pages),
        fonts=tuple(_fonts(reader)),
        text="\n".join(page.extract_text() or "" for page in reader.pages) if text else "",
        metadata=Metadata(
            str(info.get("/Title", "")), str(info.get("/Subject", "")), str(info.get("/Author", ""))
        ),
    )


def base_font_name(name: str) -> str:
    """Return a PDF font name without its subset prefix (ABCDEF+NotoSerifCJKjp-Regular -> NotoSerifCJKjp-Regular)."""
    prefix, plus, rest = name.partition("+")
    return rest if plus and len(prefix) == 6 else name


# Noto CJK's collections (.ttc) share one CFF table, named after the collection's first (JP) face:
# a PDF names every face "NotoSerifCJKjp-…", though the SC face's cmap chose the glyphs (fonts.conf
# asks for Noto Serif/Sans CJK SC; fc-match gives face index 2, NotoSerifCJKsc-Regular).
_NOTO_CJK = re.compile(r"Noto(Sans|Serif)CJK(?:jp|kr|sc|tc|hk)-([A-Za-z]+)(?:-VKana)?$")


# The family of each face fonts.conf maps to (besides Noto CJK, ``_NOTO_CJK``), known without
# asking fontconfig: fc-list (every installed font) took 50–110 ms of a preview's wall time
_MAPPED = {"UKaiCN": "AR PL UKai CN", "HanaMinA": "HanaMinA", "HanaMinB": "HanaMinB", "Symbola": "Symbola"}


@lru_cache(maxsize=1)
def _families() -> dict[str, str]:
    """Return fontconfig's family of each PostScript name it knows (empty without fc-list)."""
    try:
        listing = subprocess.run(
            ["fc-list", "-f", "%{postscriptname}\t%{family[0]}\n"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return {}
    return dict(line.split("\t", 1) for line in listing.splitlines() if "\t" in line)


def font_family(name: str) -> str:
    """Return the family a reader knows a PDF font by: Noto Serif CJK SC, AR PL UKai CN (not NotoSerifCJKjp-Regular-VKana)."""
    # a Type 0 font's name carries its CMap after a hyphen (Typst: NotoSansCJKsc-Regular-Identity-H)
    base = base_font_name(name).removesuffix("-Identity-H").removesuffix("-Identity-V")
    noto = _NOTO_CJK.match(base)
    if noto:
        weight = noto.group(2)
        return f"Noto {noto.group(1)} CJK SC" + ("" if weight == "Regular" else f" {weight}")
    base = re.sub(r"-\d+$", "", base)  # a second subset of one face: UKaiCN-0
    return _MAPPED.get(base) or _families().get(base, base)


def page_images(pdf: Path, stem: Path, dpi: int = 60) -> list[Path]:
    """Write PNG images of every page next to ``stem`` (stem-1.png, …) with pdftoppm; return them."""
    result = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(stem)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ConversionError(_("pdftoppm failed: {error}").format(error=result.stderr.strip()))
    return sorted(stem.parent.glob(f"{stem.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
