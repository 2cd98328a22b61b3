"""The general-format template (templates/gbt9704.docx): styles, settings, page-number footers.

The template is built by code so that it is reproducible (``python -m docgen.emit.docx.template``
rewrites it; a test checks that the committed file matches).  It opens and can be edited in
Word or WPS: a user who changes a style there and saves the file under the same name in their
own templates folder changes every document docgen makes.

It is written part by part rather than from python-docx's default template because that one
carries theme fonts (``w:asciiTheme``) and Calibri defaults that override CJK fonts.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from lxml import etree

from docgen import standard as S
from docgen.emit.docx import xml as x
from docgen.layout.pages import portrait
from docgen.layout.placed import Orientation, PageNumbers, PageSetup, Role, RunRole

TEMPLATE_NAME = "gbt9704.docx"

# Footer parts by role; the renderer finds them by these names in the template.
FOOTER_ODD = "word/footer_odd.xml"
FOOTER_EVEN = "word/footer_even.xml"
FOOTER_BLANK = "word/footer_blank.xml"

_HP = 2  # half-points per point

# The template's style for each paragraph role and run role of the placed document.
PARAGRAPH_STYLES: dict[Role, str | None] = {
    Role.PLAIN: None,
    Role.HEAD_ITEM: "GwHeadItem",
    Role.MARK: "GwMark",
    Role.NUMBER: "GwNumber",
    Role.TITLE: "GwTitle",
    Role.ADDRESSEE: "GwAddressee",
    Role.BODY: "GwBody",
    Role.BODY_FLUSH: "GwAddressee",
    Role.HEADING_1: "GwHeading1",
    Role.HEADING_2: "GwHeading2",
    Role.HEADING_3: "GwHeading3",
    Role.HEADING_4: "GwHeading4",
    Role.ATTACHMENT_NOTE: "GwAttachmentNote",
    Role.SIGNATURE: "GwSignature",
    Role.NOTE: "GwNote",
    Role.ATTACHMENT_LABEL: "GwAttachmentLabel",
    Role.ATTACHMENT_TITLE: "GwAttachmentTitle",
    Role.TABLE_TEXT: "GwTableText",
    Role.TABLE_HEAD: "GwTableHead",
    Role.IMPRINT: "GwImprint",
}
RUN_STYLES: dict[RunRole, str] = {
    RunRole.EMPHASIS: "GwHeiti",
    RunRole.RUN_IN: "GwRunIn",
    RunRole.SIGNER_NAME: "GwSignerName",
}


def _size(points: float) -> int:
    return round(points * _HP)


def style_definitions() -> list[x.StyleDef]:
    """Return the template's styles: one per element of the standard, each named in Chinese."""
    body_indent = S.BODY_FIRST_LINE_CHARS * S.CHAR
    no_spacing = 0
    return [
        x.StyleDef(
            "Normal",
            "Normal",
            default=True,
            paragraph=x.ParagraphFormat(align="both"),
            run=x.RunFormat(spacing=S.BODY_CHAR_SPACING),
        ),
        # 7.3.3 body: 左空二字, wraps 顶格.
        x.StyleDef(
            "GwBody", "公文正文", based_on="Normal", paragraph=x.ParagraphFormat(first_line=body_indent)
        ),
        # 7.3.3 headings: 一、 黑体; （一） 楷体; 1. and （1） 仿宋, indented like the body.
        x.StyleDef(
            "GwHeading1",
            "公文一级标题",
            based_on="GwBody",
            outline_level=0,
            run=x.RunFormat(font=S.FONT_HEITI),
        ),
        x.StyleDef(
            "GwHeading2",
            "公文二级标题",
            based_on="GwBody",
            outline_level=1,
            run=x.RunFormat(font=S.FONT_KAITI),
        ),
        # 1. and （1） are numbered text, often a whole paragraph: no outline level, so no PDF bookmark
        # (one rule for both engines: docgen/layout/bookmarks.py, print9 #4)
        x.StyleDef("GwHeading3", "公文三级标题", based_on="GwBody"),
        x.StyleDef("GwHeading4", "公文四级标题", based_on="GwBody"),
        x.StyleDef("GwRunIn", "公文正文字符", kind="character", run=x.RunFormat(font=S.FONT_FANGSONG)),
        # 7.2.1-7.2.3 份号 (仿宋), 密级 and 紧急程度 (黑体), 顶格.
        x.StyleDef("GwHeadItem", "版头项目", based_on="Normal", paragraph=x.ParagraphFormat(align="left")),
        x.StyleDef("GwHeiti", "黑体字符", kind="character", run=x.RunFormat(font=S.FONT_HEITI)),
        # 7.2.4 发文机关标志: red 小标宋, centred, off the line grid; size set per letterhead.
        x.StyleDef(
            "GwMark",
            "发文机关标志",
            based_on="Normal",
            paragraph=x.ParagraphFormat(align="center", snap_to_grid=False),
            run=x.RunFormat(
                font=S.FONT_XIAOBIAOSONG,
                color=S.RED,
                spacing=no_spacing,
                size_half_points=_size(S.MARK_DEFAULT_PT),
            ),
        ),
        # 7.2.5 发文字号, centred; 7.2.6 签发人 names in 楷体.
        x.StyleDef("GwNumber", "发文字号", based_on="Normal", paragraph=x.ParagraphFormat(align="center")),
        x.StyleDef("GwSignerName", "签发人姓名", kind="character", run=x.RunFormat(font=S.FONT_KAITI)),
        # 7.3.1 title: 2号小标宋, centred.
        # Off the grid: a 22 pt line would take two grid lines in LibreOffice; exact 28.95 pt instead.
        x.StyleDef(
            "GwTitle",
            "公文标题",
            based_on="Normal",
            paragraph=x.ParagraphFormat(align="center", snap_to_grid=False, line=S.LINE_PITCH),
            run=x.RunFormat(font=S.FONT_XIAOBIAOSONG, spacing=no_spacing, size_half_points=_size(S.TITLE_PT)),
        ),
        # 7.3.2 主送机关: 顶格, wraps 顶格.
        x.StyleDef("GwAddressee", "主送机关", based_on="Normal"),
        # 7.3.4 附件说明 (hanging indents set per paragraph).
        x.StyleDef("GwAttachmentNote", "附件说明", based_on="Normal"),
        # 7.3.5 署名 and 成文日期 (positions set per paragraph).
        x.StyleDef(
            "GwSignature", "署名和成文日期", based_on="Normal", paragraph=x.ParagraphFormat(align="right")
        ),
        # 7.3.6 附注: 居左空二字.
        x.StyleDef("GwNote", "附注", based_on="GwBody"),
        # 7.3.7 附件 label: 3号黑体, 顶格; attachment title like the document title.
        x.StyleDef(
            "GwAttachmentLabel",
            "附件标识",
            based_on="Normal",
            paragraph=x.ParagraphFormat(align="left", page_break_before=True),
            run=x.RunFormat(font=S.FONT_HEITI),
        ),
        x.StyleDef("GwAttachmentTitle", "附件标题", based_on="GwTitle"),
        # Tables: 4号仿宋, header in 黑体, exact lines off the grid.
        x.StyleDef(
            "GwTableText",
            "表格文字",
            based_on="Normal",
            paragraph=x.ParagraphFormat(align="center", snap_to_grid=False, line=S.TABLE_LINE),
            run=x.RunFormat(spacing=no_spacing, size_half_points=_size(S.TABLE_PT)),
        ),
        x.StyleDef("GwTableHead", "表格表头", based_on="GwTableText", run=x.RunFormat(font=S.FONT_HEITI)),
        # 7.4.2 / 7.4.3 版记: 4号仿宋, 左右各空一字.
        x.StyleDef(
            "GwImprint",
            "版记",
            based_on="Normal",
            paragraph=x.ParagraphFormat(
                align="left", left=S.IMPRINT_SIDE_INDENT, right=S.IMPRINT_SIDE_INDENT
            ),
            run=x.RunFormat(spacing=no_spacing, size_half_points=_size(S.NOTE_PT)),
        ),
        # 7.5 page numbers: 4号半角宋体.
        x.StyleDef(
            "GwPageNumber",
            "页码",
            based_on="Normal",
            paragraph=x.ParagraphFormat(snap_to_grid=False, line=_size(S.PAGE_NUMBER_PT) * 10),
            run=x.RunFormat(font=S.FONT_SONGTI, spacing=no_spacing, size_half_points=_size(S.PAGE_NUMBER_PT)),
        ),
    ]


def page_number_paragraph(odd: bool) -> x.Element:
    """Return the 7.5 page number "— N —": odd pages 右空一字, even pages 左空一字."""
    fmt = x.ParagraphFormat(
        style="GwPageNumber",
        align="right" if odd else "left",
        right=S.PAGE_NUMBER_SIDE_INDENT if odd else None,
        left=None if odd else S.PAGE_NUMBER_SIDE_INDENT,
    )
    runs = [x.text_run("— "), *x.field_runs("PAGE", "1" if odd else "2"), x.text_run(" —")]
    return x.paragraph(fmt, runs)


def _content_types() -> bytes:
    ct = "http://schemas.openxmlformats.org/package/2006/content-types"
    root = etree.Element(f"{{{ct}}}Types", nsmap={None: ct})  # type: ignore[dict-item]
    for ext, kind in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        etree.SubElement(root, f"{{{ct}}}Default", Extension=ext, ContentType=kind)
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = {
        "/word/document.xml": f"{wml}.document.main+xml",
        "/word/styles.xml": f"{wml}.styles+xml",
        "/word/settings.xml": f"{wml}.settings+xml",
        "/word/fontTable.xml": f"{wml}.fontTable+xml",
        f"/{FOOTER_ODD}": f"{wml}.footer+xml",
        f"/{FOOTER_EVEN}": f"{wml}.footer+xml",
        f"/{FOOTER_BLANK}": f"{wml}.footer+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    for name, kind in overrides.items():
        etree.SubElement(root, f"{{{ct}}}Override", PartName=name, ContentType=kind)
    return x.serialize(root)


_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _relationships(rels: list[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS})  # type: ignore[dict-item]
    for rid, kind, target in rels:
        etree.SubElement(root, f"{{{_REL_NS}}}Relationship", Id=rid, Type=kind, Target=target)
    return x.serialize(root)


FOOTER_RIDS = {"odd": "rIdFooterOdd", "even": "rIdFooterEven", "blank": "rIdFooterBlank"}


def _document_rels() -> bytes:
    return _relationships(
        [
            ("rIdStyles", f"{_REL_TYPE}/styles", "styles.xml"),
            ("rIdSettings", f"{_REL_TYPE}/settings", "settings.xml"),
            ("rIdFontTable", f"{_REL_TYPE}/fontTable", "fontTable.xml"),
            (FOOTER_RIDS["odd"], f"{_REL_TYPE}/footer", FOOTER_ODD.removeprefix("word/")),
            (FOOTER_RIDS["even"], f"{_REL_TYPE}/footer", FOOTER_EVEN.removeprefix("word/")),
            (FOOTER_RIDS["blank"], f"{_REL_TYPE}/footer", FOOTER_BLANK.removeprefix("word/")),
        ]
    )


def _package_rels() -> bytes:
    return _relationships(
        [
            ("rId1", f"{_REL_TYPE}/officeDocument", "word/document.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            ),
            ("rId3", f"{_REL_TYPE}/extended-properties", "docProps/app.xml"),
        ]
    )


# The footer of a turned page only anchors the frame of its page number (placed on the page,
# emit/docx/turned.py): it sits low enough for two 4号 lines (the frame's paragraph and an empty one)
# under the 26 mm bottom margin.  At the portrait pages' 22.2 mm its 4号 line (4.9 mm) reached
# 1.2 mm into the type area and LibreOffice ended the landscape body at 182.9 mm, not 184 mm: a
# row ending at 183.6 mm (Typst, the layout) went to the next page (seed 14: n14-009 11 pages, not 10).
TURNED_FOOTER_ROOM: Final = 2 * S.PAGE_NUMBER_PT * S.TWIPS_PER_PT


def docx_page_setup(page: PageSetup) -> x.PageSetup:
    """Return a laid-out page with the header and footer distances calibrated for the page numbers (7.5)."""
    upright = page.orientation is Orientation.PORTRAIT
    return x.PageSetup(
        width=page.width,
        height=page.height,
        top=page.top,
        bottom=page.bottom,
        left=page.left,
        right=page.right,
        header=S.HEADER_DISTANCE,
        footer=S.FOOTER_DISTANCE if upright else page.bottom - TURNED_FOOTER_ROOM,
        line_pitch=page.line_pitch,
        # ch. 8's turned page: 156 mm of type area is 15.3 lines of 28.95 pt, and LibreOffice cuts a
        # gridded body to 15 whole lines (153.2 mm), one table row fewer a page than the layout and
        # Typst place (outsider6 #1); its lines keep their exact pitch without the grid
        line_grid=upright,
    )


def page_setup() -> x.PageSetup:
    """Return the general format's page (layout's portrait page, 5.1-5.2.3) as the .docx writes it."""
    return docx_page_setup(portrait())


def footers(numbers: PageNumbers) -> dict[str, str]:
    """Return the footer references of a section's pages, numbered or not."""
    if numbers is PageNumbers.FIRST_UNNUMBERED:  # 10.1: none on a 信函's first page
        return {**numbered_footers(), "first": FOOTER_RIDS["blank"]}
    return numbered_footers() if numbers is PageNumbers.NUMBERED else blank_footers()


def numbered_footers() -> dict[str, str]:
    """Return the footer references of numbered pages: odd (default) and even."""
    return {"default": FOOTER_RIDS["odd"], "even": FOOTER_RIDS["even"]}


def blank_footers() -> dict[str, str]:
    """Return the footer references of unnumbered pages (the blank page and the 版记 page, 7.5)."""
    return {"default": FOOTER_RIDS["blank"], "even": FOOTER_RIDS["blank"]}


def core_properties(
    title: str = "", subject: str = "", creator: str = "", created: str = "2020-01-01T00:00:00Z"
) -> bytes:
    """Return docProps/core.xml with title, subject (发文字号), creator (发文机关) and date."""
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc = "http://purl.org/dc/elements/1.1/"
    dcterms = "http://purl.org/dc/terms/"
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    root = etree.Element(
        f"{{{cp}}}coreProperties", nsmap={"cp": cp, "dc": dc, "dcterms": dcterms, "xsi": xsi}
    )
    for ns, tag, value in ((dc, "title", title), (dc, "subject", subject), (dc, "creator", creator)):
        etree.SubElement(root, f"{{{ns}}}{tag}").text = value
    for tag in ("created", "modified"):
        node = etree.SubElement(root, f"{{{dcterms}}}{tag}")
        node.set(f"{{{xsi}}}type", "dcterms:W3CDTF")
        node.text = created
    return x.serialize(root)


def _app_properties() -> bytes:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})  # type: ignore[dict-item]
    etree.SubElement(root, f"{{{ns}}}Application").text = "docgen"
    return x.serialize(root)


def _sample_document() -> bytes:
    """Return a document.xml that shows each style once, so the template is useful when opened."""
    samples = [
        ("GwMark", "发文机关标志文件"),
        ("GwNumber", "代字〔2020〕1号"),
        ("GwTitle", "关于××××的通知"),
        ("GwAddressee", "主送机关："),
        ("GwBody", "正文，3号仿宋，每面22行，每行28字。"),
        ("GwHeading1", "一、一级标题"),
        ("GwHeading2", "（一）二级标题"),
        ("GwHeading3", "1.三级标题"),
        ("GwHeading4", "（1）四级标题"),
        ("GwAttachmentNote", "附件：附件名称"),
        ("GwSignature", "发文机关署名"),
        ("GwSignature", "2020年1月1日"),
        ("GwNote", "（附注）"),
        ("GwImprint", "抄送：××××。"),
    ]
    paragraphs = [x.paragraph(x.ParagraphFormat(style=style), [x.text_run(text)]) for style, text in samples]
    paragraphs.append(x.section_properties(page_setup(), numbered_footers()))
    return x.serialize(x.document(paragraphs))


def build_parts() -> dict[str, bytes]:
    """Return every part of the template package by name."""
    fonts = [S.FONT_FANGSONG, S.FONT_XIAOBIAOSONG, S.FONT_HEITI, S.FONT_KAITI, S.FONT_SONGTI]
    return {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _package_rels(),
        "docProps/core.xml": core_properties(),
        "docProps/app.xml": _app_properties(),
        "word/document.xml": _sample_document(),
        "word/_rels/document.xml.rels": _document_rels(),
        "word/styles.xml": x.serialize(
            x.styles(S.FONT_FANGSONG, _size(S.BODY_PT), S.LINE_PITCH, style_definitions())
        ),
        "word/settings.xml": x.serialize(x.settings()),
        "word/fontTable.xml": x.serialize(x.font_table(fonts)),
        FOOTER_ODD: x.serialize(x.footer([page_number_paragraph(odd=True)])),
        FOOTER_EVEN: x.serialize(x.footer([page_number_paragraph(odd=False)])),
        FOOTER_BLANK: x.serialize(x.footer([x.paragraph(x.ParagraphFormat(style="GwPageNumber"))])),
    }


FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """Return a .docx package holding ``parts``, with fixed timestamps so equal input gives equal bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


@dataclass(frozen=True)
class Template:
    """A loaded general-format template: its parts, ready to be filled."""

    path: Path
    parts: dict[str, bytes]

    @classmethod
    def load(cls, path: Path) -> Template:
        """Read a template package from ``path``."""
        with zipfile.ZipFile(path) as archive:
            return cls(path, {name: archive.read(name) for name in archive.namelist()})


def default_template_path(extra: Sequence[Path] = ()) -> Path:
    """Return the general-format template from the first templates folder that has it."""
    from docgen.errors import TemplateNotFoundError
    from docgen.i18n import _
    from docgen.resources import search_path

    folders = search_path("templates", extra)
    for folder in folders:
        candidate = folder / TEMPLATE_NAME
        if candidate.is_file():
            return candidate
    raise TemplateNotFoundError(
        _("template {name} not found; searched: {folders}").format(
            name=TEMPLATE_NAME, folders=", ".join(str(f) for f in folders)
        )
    )


@lru_cache(maxsize=8)
def _loaded(path: Path, mtime: float) -> Template:
    return Template.load(path)


def load_template(template_dirs: Sequence[Path] = ()) -> Template:
    """Return the general-format template along the search path (read once per file version)."""
    path = default_template_path(template_dirs)
    return _loaded(path, path.stat().st_mtime)


def main(argv: list[str] | None = None) -> int:
    """Rewrite templates/gbt9704.docx (or the path given) from code."""
    from docgen.resources import builtin_dir

    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else builtin_dir("templates") / TEMPLATE_NAME
    target.write_bytes(zip_parts(build_parts()))
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
