"""Make the sample 套红 templates the way offices make them in Word (python-docx and, for what it has
no call for, the XML Word writes): three constructions of the same parts.

- 套红-段落.docx: two empty lines for 份号/密级, an emblem picture, the red 方正小标宋 mark, the
  发文字号 line 长政发〔　　〕　号 (full-width spaces), the red rule as its paragraph's bottom border.
- 套红-表格.docx: emblem and mark side by side in a borderless table, a {{ 发文字号 }} placeholder,
  the red rule a drawn line (DrawingML in mc:AlternateContent with a VML copy, as Word saves it).
- 套红-文本框.docx: the mark in a text box, the emblem in the first page's header, the 发文字号 line
  长发改〔　　〕　号, the red rule the top border of the empty paragraph under it.

Run: python samples/office/make_templates.py [FOLDER] (default: this folder).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from PIL import Image, ImageDraw

RED = RGBColor(0xFF, 0, 0)
MARK_FONT = "方正小标宋简体"
NUMBER_FONT = "仿宋_GB2312"


def emblem_png(size: int = 240) -> io.BytesIO:
    """Return a red emblem (a ring and a five-pointed star) as PNG."""
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), outline=(220, 0, 0), width=size // 14)
    c, r, inner = size / 2, size * 0.32, size * 0.13
    import math

    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else inner
        angle = math.pi / 2 + i * math.pi / 5
        points.append((c + radius * math.cos(angle), c - radius * math.sin(angle)))
    draw.polygon(points, fill=(220, 0, 0))
    data = io.BytesIO()
    image.save(data, format="PNG")
    data.seek(0)
    return data


def _standard_page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def _run(paragraph, text: str, font: str, size: float, red: bool = False):  # type: ignore[no-untyped-def]
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if red:
        run.font.color.rgb = RED
    return run


def _border(paragraph, side: str) -> None:  # type: ignore[no-untyped-def]
    """Give the paragraph a red 1.5 pt border (Word's 边框和底纹 dialog)."""
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", "FF0000")):
        line.set(qn(key), value)
    borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)


def paragraphs_template(path: Path) -> Path:
    """套红-段落.docx: everything in paragraphs, the rule a bottom border."""
    document = docx.Document()
    _standard_page(document)
    document.add_paragraph()
    document.add_paragraph()
    emblem = document.add_paragraph()
    emblem.alignment = WD_ALIGN_PARAGRAPH.CENTER
    emblem.add_run().add_picture(emblem_png(), width=Mm(16))
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(mark, "长子县人民政府文件", MARK_FONT, 48, red=True)
    document.add_paragraph()
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, "长政发〔　　〕　号", NUMBER_FONT, 16)
    _border(number, "bottom")
    document.add_paragraph("（正文）")
    document.save(str(path))
    return path


_LINE = """<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" behindDoc="0"
 locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>101600</wp:posOffset></wp:positionV>
<wp:extent cx="5616000" cy="0"/><wp:effectExtent l="0" t="9525" r="0" b="9525"/><wp:wrapNone/>
<wp:docPr id="7" name="直接连接符 7"/><wp:cNvGraphicFramePr/>
<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
<wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5616000" cy="0"/></a:xfrm>
<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="19050"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln>
</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:line id="直接连接符 7" o:spid="_x0000_s1026" style="position:absolute;z-index:251659264"
 from="0,8pt" to="442.2pt,8pt" strokecolor="red" strokeweight="1.5pt"/></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""

_TEXT_BOX = """<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251660288" behindDoc="0"
 locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="5616000" cy="720000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>
<wp:docPr id="8" name="文本框 8"/><wp:cNvGraphicFramePr/>
<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5616000" cy="720000"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>
<wps:bodyPr lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr"/></wps:wsp></a:graphicData></a:graphic></wp:anchor>
</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="文本框 8" o:spid="_x0000_s1027" type="#_x0000_t202"
 style="position:absolute;margin-left:0;margin-top:0;width:442.2pt;height:56.7pt;z-index:251660288;mso-position-horizontal:center"
 filled="f" stroked="f"><v:textbox inset="0,0,0,0"><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict>
</mc:Fallback></mc:AlternateContent></w:r>"""

_NS = " ".join(
    [
        nsdecls("w", "wp"),
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"',
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"',
        'xmlns:v="urn:schemas-microsoft-com:vml"',
        'xmlns:o="urn:schemas-microsoft-com:office:office"',
    ]
)


def _mark_paragraph_xml(text: str, size: float) -> str:
    half = round(size * 2)
    return (
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="{MARK_FONT}" '
        f'w:hAnsi="{MARK_FONT}" w:eastAsia="{MARK_FONT}"/><w:color w:val="FF0000"/><w:w w:val="90"/>'
        f'<w:sz w:val="{half}"/></w:rPr><w:t>{text}</w:t></w:r></w:p>'
    )


def table_template(path: Path) -> Path:
    """套红-表格.docx: emblem and mark in a borderless table, a placeholder, a drawn red line."""
    document = docx.Document()
    _standard_page(document)
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    for column, width in zip(table.columns, (Mm(24), Mm(132)), strict=True):
        column.width = width  # the grid LibreOffice lays out by
        for cell in column.cells:
            cell.width = width  # the cells' widths Word lays out by
    left.paragraphs[0].add_run().add_picture(emblem_png(), width=Mm(20))
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], "长子县重点项目办文件", MARK_FONT, 36, red=True)
    document.add_paragraph()
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, "{{ 发文字号 }}", NUMBER_FONT, 16)
    line = document.add_paragraph()
    line._p.append(parse_xml(_LINE.format(ns=_NS)))
    document.add_paragraph("（正文）")
    document.save(str(path))
    return path


def text_box_template(path: Path) -> Path:
    """套红-文本框.docx: the mark in a text box, the emblem in the first page's header."""
    document = docx.Document()
    _standard_page(document)
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run().add_picture(emblem_png(), width=Mm(14))
    anchor = document.add_paragraph()
    content = _mark_paragraph_xml("长治市发展和改革委员会文件", 36)
    anchor._p.append(parse_xml(_TEXT_BOX.format(ns=_NS, content=content)))
    document.add_paragraph()
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, "长发改〔　　〕　号", NUMBER_FONT, 16)
    rule = document.add_paragraph()
    _border(rule, "top")
    document.add_paragraph("（正文）")
    document.save(str(path))
    return path


MAKERS = {
    "套红-段落.docx": paragraphs_template,
    "套红-表格.docx": table_template,
    "套红-文本框.docx": text_box_template,
}


def main(folder: Path) -> None:
    """Write the three templates into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in MAKERS.items():
        make(folder / name)
        print(folder / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
