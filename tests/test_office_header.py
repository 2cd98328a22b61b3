"""Issue 19 (c), first slice: an office's own 套红 .docx read; a letterhead made from its mark."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import yaml
from click.testing import CliRunner
from conftest import MINIMAL_FRONT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from PIL import Image

from docgen.cli import main_group
from docgen.load.office_header import read_office_header


def _run(paragraph, text: str, font: str, size: float, red: bool) -> None:  # type: ignore[no-untyped-def]
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if red:
        run.font.color.rgb = RGBColor(0xFF, 0, 0)


def red_header(path: Path, *, standard: bool = True) -> Path:
    """Write a 套红 template as an office keeps it in Word: emblem, red mark, 文号 line, red rule."""
    document = docx.Document()
    section = document.sections[0]
    if standard:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    emblem = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 0, 0)).save(emblem, format="PNG")
    emblem.seek(0)
    document.add_paragraph().add_run().add_picture(emblem, width=Mm(15))
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER if standard else None
    _run(mark, "长子县人民政府文件", "方正小标宋简体" if standard else "宋体", 48, red=standard)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, "长政发〔　　〕　号", "仿宋_GB2312", 16, red=False)
    if standard:  # the red rule: the number paragraph's bottom border, as Word's 边框 dialog makes it
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "8"), ("w:color", "FF0000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        number._p.get_or_add_pPr().append(borders)
    document.add_paragraph("正文从这里开始。")
    document.save(path)
    return path


def test_reads_the_mark_the_number_line_the_rule_and_the_emblem(tmp_path: Path) -> None:
    header = read_office_header(red_header(tmp_path / "套红.docx"))
    assert header.mark == "长子县人民政府文件"
    assert header.color == "FF0000"
    assert header.size_pt == 48
    assert header.centred
    assert header.number_line == "长政发〔　　〕　号"
    assert header.rule is not None
    assert header.pictures == 1
    assert header.departures == ()


def test_departures_from_the_standard_are_named(tmp_path: Path) -> None:
    header = read_office_header(red_header(tmp_path / "套红.docx", standard=False))
    text = "\n".join(header.departures)
    assert "不是 A4" in text  # python-docx's default page is US Letter
    assert "5.2.1" in text
    assert "不是红色" in text
    assert "宋体" in text
    assert "没有居中" in text
    assert "红色分隔线" in text
    assert len(header.departures) == 6


def test_letterhead_import_then_render_with_the_office_mark(tmp_path: Path) -> None:
    source = red_header(tmp_path / "套红.docx")
    folder = tmp_path / "版头"
    result = CliRunner().invoke(
        main_group, ["letterhead-import", str(source), "--key", "zhangzi-zf", "--out", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert "1 个图片" in result.output  # the emblem: said, not copied yet
    data = yaml.safe_load((folder / "zhangzi-zf.yaml").read_text(encoding="utf-8"))
    assert data == {
        "全称": "长子县人民政府",
        "代字": "长政发",
        "标志": "长子县人民政府文件",
        "文件": True,
        "颜色": "FF0000",
        "标志字号": 48,
    }
    notice = tmp_path / "通知.md"
    front = MINIMAL_FRONT.replace("发文机关: yichuan", "发文机关: zhangzi-zf").replace("伊重点项目办", "长政发")
    notice.write_text(f"---\n{front.strip()}\n---\n正文第一段。\n", encoding="utf-8")
    result = CliRunner().invoke(
        main_group, ["--letterheads", str(folder), "render", str(notice), "-o", str(tmp_path / "通知.docx")]
    )
    assert result.exit_code == 0, result.output
    made = docx.Document(str(tmp_path / "通知.docx"))
    mark = next(p for p in made.paragraphs if "长子县人民政府" in p.text)
    assert mark.text.replace(" ", "") == "长子县人民政府文件"
    assert {run.font.size.pt for run in mark.runs if run.text.strip()} == {48}
    # a second import does not write over the letterhead made first unless asked
    source.write_bytes(red_header(tmp_path / "b.docx", standard=False).read_bytes())
    again = CliRunner().invoke(
        main_group, ["letterhead-import", str(source), "--key", "zhangzi-zf", "--out", str(folder)]
    )
    assert again.exit_code == 0  # docgen wrote it and it is unchanged: docgen may replace its own file
    assert yaml.safe_load((folder / "zhangzi-zf.yaml").read_text(encoding="utf-8"))["颜色"] == "000000"
