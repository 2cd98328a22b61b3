"""A draft's pictures carried into the formatted document (wild9 #4): each at its place, fitted to the
type area on whole lines of the 22-line grid, its caption centred under it — in LibreOffice's PDF
and in Typst's; what is not a picture, or too large, left out with a 警告 naming it.

Drafts: the real wild9 notice with its 22 KB photo; drafts made the way Word makes them (python-docx
``add_picture`` in a run; the same picture turned into a floating ``wp:anchor``; an OLE object, a
linked picture, an EMF, a picture of 48 megapixels, one in a table, one above the title, one at the
date).  Measured on the PDFs with pdfplumber.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from conftest import ROOT
from docx.shared import Mm
from lxml import etree
from PIL import Image

from docgen import standard as S
from docgen.convert.pool import ConverterPool
from docgen.draft.outline import Role
from docgen.draft.run import format_draft
from docgen.emit.typst.compile import render_pdf
from docgen.model import Picture
from docgen.run_resources import RunResources

WILD = ROOT / "tests" / "fixtures" / "wild9"
PT_PER_MM = 72 / 25.4
TEXT = "各乡镇、各有关单位要按照全县重点项目建设推进会议的部署，倒排工期、挂图作战，确保项目按期开工建设。"


def _png(width: int, height: int, colour: tuple[int, int, int] = (40, 120, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _draft(
    path: Path, picture: bytes | None = None, width_mm: float = 170, caption: str = "图2 项目现场"
) -> Path:
    """Write a Word draft: title, 主送, a paragraph, the picture in a run of its own paragraph (as Word's
    插入 → 图片), its centred caption, a paragraph, 署名 and date."""
    document = docx.Document()
    document.add_paragraph("关于报送重点项目现场情况的通知")
    document.add_paragraph("各乡镇人民政府：")
    document.add_paragraph(TEXT)
    if picture is not None:
        document.add_paragraph().add_run().add_picture(io.BytesIO(picture), width=Mm(width_mm))
        if caption:
            document.add_paragraph(caption).alignment = 1
    document.add_paragraph(TEXT)
    document.add_paragraph("伊川县重点项目建设领导小组办公室")
    document.add_paragraph("2025年3月6日")
    document.save(str(path))
    return path


def _format(draft: Path, **how: object) -> tuple[Path, list[str]]:
    out = draft.with_name(draft.stem + "-排版.docx")
    done = format_draft(draft, RunResources(), output=out, letterhead="yichuan", render=False, **how)  # type: ignore[arg-type]
    return out, [remark.text for remark in done.notes]


def _drawings(path: Path) -> list[tuple[float, float]]:
    """Return each picture's size in the .docx (mm), from its wp:extent."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    ns = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
    return [(int(e.get("cx")) / 36000, int(e.get("cy")) / 36000) for e in root.iterfind(".//wp:extent", ns)]


def _whole_lines(height_mm: float) -> float:
    """Return how many lines of the grid a picture's line takes (LibreOffice: the picture's height, no
    more, layout/text.FIGURE_EXTRA)."""
    return height_mm * S.TWIPS_PER_MM / S.LINE_PITCH


def test_the_wild_drafts_photo_is_kept_with_its_caption(tmp_path: Path) -> None:
    draft = WILD / "素材整理通知.docx"
    out, notes = _format(_copy(draft, tmp_path))
    with zipfile.ZipFile(draft) as source, zipfile.ZipFile(out) as made:
        assert made.read("word/media/image1.jpg") == source.read(
            "word/media/image1.jpg"
        )  # 22,517 bytes as drafted
        body = made.read("word/document.xml").decode()
    assert not [n for n in notes if "未保留" in n], notes
    ((width, height),) = _drawings(out)
    # the draft's 132.6 × 79.5 mm, set on 8 whole lines (4632 twips): 136.4 × 81.7 mm
    assert (round(width, 1), round(height, 1)) == (136.4, 81.7)
    assert abs(_whole_lines(height) - 8) < 0.01
    # the caption that stood above it (图1：…) is the next paragraph, centred
    after = body[body.index("</w:drawing>") :]
    caption = re.search(r"<w:p\b.*?</w:p>", after[after.index("</w:p>") :])
    assert caption is not None
    assert "图1：我的刀盾公开传播主图" in caption.group(0)
    assert 'w:jc w:val="center"' in caption.group(0)
    assert any("图片 image1.jpg 排为 136.4 × 81.7 mm" in n for n in notes), notes


def _copy(path: Path, folder: Path) -> Path:
    target = folder / path.name
    target.write_bytes(path.read_bytes())
    return target


def _page_of_picture(pdf_path: Path) -> tuple[list[dict[str, object]], dict[str, float]]:
    """Return the characters and the image of the one page with a picture."""
    with pdfplumber.open(pdf_path) as pdf:
        pages = [(page.chars, page.images[0]) for page in pdf.pages if page.images]
    assert len(pages) == 1, pages
    return pages[0]


def _lines(chars: list[dict[str, object]]) -> dict[float, str]:
    rows: dict[float, str] = {}
    for char in sorted(chars, key=lambda c: float(c["x0"])):  # type: ignore[arg-type]
        text = str(char["text"])
        if text.strip():
            key = round(float(char["bottom"]), 1)  # type: ignore[arg-type]
            rows[key] = rows.get(key, "") + text
    return rows


def _measure(pdf_path: Path, caption: str) -> None:
    """Assert the picture is centred in the type area, its caption the line right under it, and every
    line of text on the page on the same phase of the 22-line grid (the figure took whole lines)."""
    chars, image = _page_of_picture(pdf_path)
    left, width = image["x0"] / PT_PER_MM, image["width"] / PT_PER_MM
    assert width <= S.TYPE_AREA_WIDTH_MM + 0.2
    assert abs(left + width / 2 - (S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM / 2)) < 0.5
    rows = _lines(chars)
    bottom = image["bottom"]
    under = min(b for b in rows if b > bottom)
    assert rows[under] == caption, rows
    assert (under - bottom) / PT_PER_MM < S.LINE_PITCH / S.TWIPS_PER_MM  # within the line under it
    pitch = S.LINE_PITCH / 20
    text_rows = [b for b, text in rows.items() if len(text) > 3 and not re.fullmatch(r"[—\d\s]+", text)]
    # above and under the figure alike: within 0.01 of a line (the rows' 0.1 pt rounding; binned to
    # 0.01 they split where the phase is 0.755, a figure of 8 whole lines in LibreOffice)
    phases = [((b - S.MARGIN_TOP_MM * PT_PER_MM) / pitch) % 1 for b in text_rows]
    assert all(abs((p - phases[0] + 0.5) % 1 - 0.5) < 0.01 for p in phases), phases


def test_a_word_picture_is_fitted_and_set_through_both_engines(tmp_path: Path, pool: ConverterPool) -> None:
    # 170 mm wide in the draft, wider than the type area
    draft = _draft(tmp_path / "现场.docx", _png(1700, 900))
    out, notes = _format(draft)
    ((width, height),) = _drawings(out)
    assert width <= S.TYPE_AREA_WIDTH_MM + 0.01
    assert abs(width / height - 1700 / 900) < 0.01
    assert abs(_whole_lines(height) - round(_whole_lines(height))) < 0.01
    assert any("图片 image1.png" in n and "170.0 × 90.0 mm" in n for n in notes), notes
    (outcome,) = pool.convert([(out, out.with_suffix(".pdf"))])
    assert outcome.error is None, outcome.error
    _measure(out.with_suffix(".pdf"), "图2项目现场")
    done = format_draft(draft, RunResources(), letterhead="yichuan", dry_run=True)
    assert done.document is not None
    typst = tmp_path / "typst.pdf"
    typst.write_bytes(render_pdf(done.document).pdf)
    _measure(typst, "图2项目现场")


def test_a_tall_picture_is_no_taller_than_the_type_area(tmp_path: Path) -> None:
    draft = _draft(tmp_path / "长图.docx", _png(300, 1500), width_mm=100)  # 100 × 500 mm in the draft
    out, _notes = _format(draft)
    ((width, height),) = _drawings(out)
    # with its caption's line, one page: 21 lines of the grid
    assert abs(_whole_lines(height) - 21) < 0.01
    assert abs(width / height - 300 / 1500) < 0.01


def _anchored(path: Path) -> Path:
    """Turn the draft's inline picture into a floating one (wp:anchor, square wrapping), as Word
    writes a picture set 四周型环绕."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode()
    inline = re.search(r"<wp:inline([^>]*)>", xml)
    assert inline is not None
    namespaces = re.sub(r'\s(distT|distB|distL|distR)="[^"]*"', "", inline.group(1))
    anchor = (
        f'<wp:anchor{namespaces} distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="2" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    )
    xml = xml.replace(inline.group(0), anchor).replace("</wp:inline>", "</wp:anchor>")
    xml = xml.replace("<wp:docPr", '<wp:wrapSquare wrapText="bothSides"/><wp:docPr')
    parts["word/document.xml"] = xml.encode()
    target = path.with_name("浮动.docx")
    with zipfile.ZipFile(target, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return target


def test_a_floating_picture_is_set_inline_with_a_warning(tmp_path: Path) -> None:
    draft = _anchored(_draft(tmp_path / "现场.docx", _png(800, 600), width_mm=80))
    out, notes = _format(draft)
    assert len(_drawings(out)) == 1
    assert any("原为浮动图片" in n for n in notes), notes


def _with_part(path: Path, body: str, media: dict[str, bytes], rels: str) -> Path:
    """Return a copy of draft ``path`` with ``body`` put after its third paragraph, ``media`` parts and
    ``rels`` relationships added."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode()
    third = [m.end() for m in re.finditer("</w:p>", xml)][2]
    parts["word/document.xml"] = (xml[:third] + body + xml[third:]).encode()
    relations = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = relations.replace(
        "</Relationships>", rels + "</Relationships>"
    ).encode()
    parts.update(media)
    types = parts["[Content_Types].xml"].decode()
    for extension in {name.rsplit(".", 1)[1] for name in media}:
        types = types.replace(
            "<Override", f'<Default Extension="{extension}" ContentType="image/x-{extension}"/><Override', 1
        )
    parts["[Content_Types].xml"] = types.encode()
    target = path.with_name(path.stem + "-改.docx")
    with zipfile.ZipFile(target, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return target


_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = '<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"{mode}/>'


def _drawing_paragraph(attribute: str) -> str:
    return (
        f'<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:extent cx="3600000" cy="1800000"/><wp:docPr id="9" name="图片 9"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
        '<pic:cNvPr id="9" name="p"/><pic:cNvPicPr/></pic:nvPicPr>'
        f"<pic:blipFill><a:blip {_R} {attribute}/></pic:blipFill><pic:spPr/></pic:pic>"
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("ole", "嵌入对象（OLE）"),
        ("linked", "链接到草稿以外的文件"),
        ("emf", "不是 docgen 能排入的图片"),
        ("huge", "超过 40 百万"),
    ],
)
def test_what_is_not_a_picture_or_too_large_is_left_out_by_name(
    tmp_path: Path, case: str, expected: str
) -> None:
    draft = _draft(tmp_path / "草稿.docx")
    if case == "ole":
        body = (
            '<w:p><w:r><w:object xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
            '<v:shape style="width:300pt;height:200pt"/>'
            f'<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" {_R} r:id="rIdOle"/>'
            "</w:object></w:r></w:p>"
        )
        media = {"word/embeddings/sheet.xlsx": b"PK\x05\x06" + b"\0" * 18}
        rels = _REL.format(id="rIdOle", kind="package", target="embeddings/sheet.xlsx", mode="")
        name = "Excel.Sheet.12"
    elif case == "linked":
        body = _drawing_paragraph('r:link="rIdLink"')
        media = {}
        rels = _REL.format(
            id="rIdLink", kind="image", target="file:///C:/照片/现场.jpg", mode=' TargetMode="External"'
        )
        name = "file:///C:/照片/现场.jpg"
    elif case == "emf":
        body = _drawing_paragraph('r:embed="rIdEmf"')
        media = {"word/media/image9.emf": b"\x01\x00\x00\x00" + b"\0" * 100}
        rels = _REL.format(id="rIdEmf", kind="image", target="media/image9.emf", mode="")
        name = "image9.emf"
    else:
        body = _drawing_paragraph('r:embed="rIdHuge"')
        buffer = io.BytesIO()
        Image.new("L", (8000, 6000), 255).save(buffer, "PNG")  # 48 megapixels, 50 KB
        media = {"word/media/image9.png": buffer.getvalue()}
        rels = _REL.format(id="rIdHuge", kind="image", target="media/image9.png", mode="")
        name = "image9.png"
    out, notes = _format(_with_part(draft, body, media, rels))
    assert _drawings(out) == []
    (said,) = [n for n in notes if "未保留" in n]
    assert f"草稿第 4 段的图片 {name} 未保留" in said, said
    assert expected in said, said


def test_pictures_outside_the_body_are_left_out_by_where_they_stood(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run().add_picture(io.BytesIO(_png(400, 80, (200, 0, 0))), width=Mm(150))
    document.add_paragraph("关于报送重点项目现场情况的通知")
    document.add_paragraph(TEXT)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run().add_picture(io.BytesIO(_png(100, 100)), width=Mm(20))
    table.cell(0, 1).text = "现场照片"
    document.add_paragraph("伊川县重点项目建设领导小组办公室")
    document.add_paragraph("2025年3月6日").add_run().add_picture(
        io.BytesIO(_png(200, 200, (220, 0, 0))), width=Mm(40)
    )
    draft = tmp_path / "外.docx"
    document.save(str(draft))
    out, notes = _format(draft)
    assert _drawings(out) == []
    said = "\n".join(n for n in notes if "未保留" in n)
    assert "草稿第 1 段的图片 image1.png 未保留：在标题之上" in said, said
    assert "在表格的单元格中" in said, said
    assert "在署名或日期处（印章？）" in said, said


def test_a_picture_needs_png_or_jpeg() -> None:
    with pytest.raises(Exception, match="PNG 或 JPEG"):
        Picture(b"GIF89a", 10, 10)


def test_the_outline_shows_each_picture(tmp_path: Path) -> None:
    draft = _draft(tmp_path / "现场.docx", _png(800, 400), width_mm=120)
    done = format_draft(draft, RunResources(), letterhead="yichuan", dry_run=True)
    (part,) = [p for p in done.outline if p.role is Role.PICTURE]
    assert part.text == "图2 项目现场"
    assert "image1.png，草稿中 120 × 60 mm，图题“图2 项目现场”" in part.shown()


# ---- wild9 #6: a title typed into the first paragraph


def _one_paragraph(path: Path, first: str, soft_break_after: str = "") -> Path:
    """Write a Word draft whose first paragraph is ``first`` (a line break after ``soft_break_after``)."""
    document = docx.Document()
    paragraph = document.add_paragraph(soft_break_after or first)
    if soft_break_after:
        paragraph.add_run().add_break()
        paragraph.add_run(first)
    document.add_paragraph("伊川县重点项目建设领导小组办公室")
    document.add_paragraph("2025年3月6日")
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("first", "soft", "said"),
    [
        (
            "关于开展重点项目现场检查的通知。" + TEXT,
            "",
            "「关于开展重点项目现场检查的通知」后面是「。」，取作标题",
        ),
        (TEXT, "关于开展重点项目现场检查的通知", "草稿的标题和第一段正文在同一段中，已在换行处分开"),
        ("项目现场检查工作指引项目现场检查是指" + TEXT, "", "「项目现场检查工作指引」以文种结尾"),
    ],
)
def test_a_title_run_into_the_text_is_split_and_said(
    tmp_path: Path, first: str, soft: str, said: str
) -> None:
    draft = _one_paragraph(tmp_path / "连.docx", first, soft)
    out, notes = _format(draft)
    assert any(said in n for n in notes), notes
    texts = [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    title = next(
        i for i, t in enumerate(texts) if t in ("关于开展重点项目现场检查的通知", "项目现场检查工作指引")
    )
    assert texts[title + 1] in (TEXT, "项目现场检查是指" + TEXT)


def test_a_paragraph_without_a_sign_of_its_title_is_not_split(tmp_path: Path) -> None:
    # 「…的通知」 goes on in the sentence: no 「。」 after it, nothing repeated: refused as before
    draft = _one_paragraph(tmp_path / "无.docx", "关于开展重点项目现场检查的通知要求，" + TEXT * 4)
    with pytest.raises(Exception, match="草稿没有标题：第一段"):
        _format(draft)


def test_a_legacy_vml_picture_and_a_cmyk_jpeg_are_kept(tmp_path: Path) -> None:
    # older Word and WPS write a picture as w:pict/v:shape/v:imagedata, sized by the shape's style
    vml = (
        '<w:p><w:r><w:pict xmlns:v="urn:schemas-microsoft-com:vml">'
        '<v:shape style="width:283.5pt;height:141.75pt"><v:imagedata '
        f'{_R} r:id="rIdVml"/></v:shape></w:pict></w:r></w:p>'
    )
    cmyk = io.BytesIO()
    Image.new("CMYK", (400, 200), (0, 80, 80, 0)).save(cmyk, "JPEG")
    draft = _with_part(
        _draft(tmp_path / "旧.docx"),
        vml + _drawing_paragraph('r:embed="rIdCmyk"'),
        {"word/media/image8.png": _png(400, 200), "word/media/image9.jpeg": cmyk.getvalue()},
        _REL.format(id="rIdVml", kind="image", target="media/image8.png", mode="")
        + _REL.format(id="rIdCmyk", kind="image", target="media/image9.jpeg", mode=""),
    )
    out, notes = _format(draft)
    sizes = _drawings(out)
    assert len(sizes) == 2, notes
    # the VML shape's 100 × 50 mm, set on whole lines: 5 lines
    assert abs(_whole_lines(sizes[0][1]) - 5) < 0.01
    with zipfile.ZipFile(out) as package:
        media = sorted(n for n in package.namelist() if n.startswith("word/media/"))
        assert media == ["word/media/image1.png", "word/media/image2.png"]  # the CMYK JPEG set as an RGB PNG
        assert Image.open(io.BytesIO(package.read(media[1]))).mode == "RGB"
