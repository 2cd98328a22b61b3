"""Drafts typed the way Word users type them, built with python-docx: 宋体 everywhere, direct
formatting, headings in bold body font, numbers typed by hand, Enter and Shift+Enter inside
sentences, spaces for indentation, a table."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from docgen.layout.breaks import plain
from docgen.load.patterns import parse_date


def typed(
    paragraph: Paragraph, text: str, *, bold: bool = False, size: float = 12, font: str = "宋体"
) -> None:
    """Add ``text`` as a run with direct formatting; a "\\n" in it is a manual line break."""
    for index, piece in enumerate(text.split("\n")):
        if index:
            paragraph.runs[-1].add_break()  # Shift+Enter
        run = paragraph.add_run(piece)
        run.bold = bold
        run.font.size = Pt(size)
        run.font.name = font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def notice_draft(path: Path) -> Path:
    """Write a notice draft with hand-typed numbering that skips (一)(三), and return its path."""
    doc = Document()

    def line(text: str, *, bold: bool = False, size: float = 12, align: str = "") -> None:
        paragraph = doc.add_paragraph()
        if align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if text:
            typed(paragraph, text, bold=bold, size=size)

    line("关于做好2020年重点项目", bold=True, size=18, align="center")
    line("建设督导工作的通知", bold=True, size=18, align="center")
    line("")
    line("各乡镇人民政府，县直各有关单位：")
    line("    为加快推进全县重点项目建设，确保完成年度目标任务，经县政府同意，现就有关")
    line("事项通知如下。")
    line("一、总体要求", bold=True)
    line("    坚持问题导向，聚焦重点项目建设中的堵点难点，\n逐项明确责任单位和完成时限。")
    line("二、工作措施", bold=True)
    line("(一)建立台账制度。各单位要建立项目台账。", bold=True)
    line("(三)强化督导检查", bold=True)
    line("    县重点项目办每月开展一次督导检查，对进度滞后的项目{{ 7*7 }}下发督办通知。")
    line("1、每月5日前报送进度；")
    line("２．每季度末召开推进会。")
    table = doc.add_table(rows=3, cols=3)
    rows = [
        ("序号", "项目名称", "责任单位"),
        ("1", "伊河综合治理", "县水利局"),
        ("2", "产业集聚区道路", "县交通局"),
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    line("三、有关要求", bold=True)
    line("    各单位要高度重视，按时报送。{% if x %}照办{% endif %}")
    line("")
    line("附件：1.重点项目清单")
    line("      2.督导检查表")
    line("")
    line("伊川县重点项目建设办公室", align="right")
    line("2020.10.12", align="right")
    line("（此件公开发布）")
    line("抄送：县委办，县政府办。")
    line("伊川县重点项目建设办公室      2020年10月12日印发")
    doc.save(str(path))
    return path


NOTICE_OUTLINE = [
    ("title", "关于做好2020年重点项目建设督导工作的通知"),
    ("addressee", "各乡镇人民政府，县直各有关单位："),
    ("paragraph", "为加快推进全县重点项目建设，确保完成年度目标任务，经县政府同意，现就有关事项通知如下。"),
    ("heading", "一、总体要求"),
    ("paragraph", "坚持问题导向，聚焦重点项目建设中的堵点难点，逐项明确责任单位和完成时限。"),
    ("heading", "二、工作措施"),
    ("heading", "（一）建立台账制度。各单位要建立项目台账。"),
    ("heading", "（二）强化督导检查"),
    ("paragraph", "县重点项目办每月开展一次督导检查，对进度滞后的项目{{ 7*7 }}下发督办通知。"),
    ("heading", "1.每月5日前报送进度；"),
    ("heading", "2.每季度末召开推进会。"),
    ("table", ""),
    ("heading", "三、有关要求"),
    ("paragraph", "各单位要高度重视，按时报送。{% if x %}照办{% endif %}"),
    ("attachment-note", "重点项目清单；督导检查表"),
    ("signature", "伊川县重点项目建设办公室"),
    ("date", "2020年10月12日"),
    ("note", "（此件公开发布）"),
    ("cc", "县委办，县政府办"),
    ("printed", "伊川县重点项目建设办公室　2020年10月12日印发"),
]


def normalised(paragraphs: list[str]) -> str:
    """Return a document's text without whitespace, heading numbers, 文号 and date forms."""
    out = []
    for text in paragraphs:
        text = re.sub(r"\s", "", plain(text))  # docgen's break marks are not text (layout/breaks.py)
        text = re.sub(
            r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+(?:[.．](?!\d)|、)|[（(]\d+[）)])",
            "",
            text,
        )
        text = re.sub(r"^附件：\d+[.．]", "附件：", text)
        text = re.sub(r"[\[［(（〔](\d{4})[\]］)）〕]第?0*(\d+)号", r"〔\1〕\2号", text)
        when = parse_date(text)
        out.append(f"{when:%Y-%m-%d}" if when else text)
    return "".join(out)


def docx_texts(path: Path) -> list[str]:
    """Return the text of every body paragraph and table cell of a .docx, in order."""
    doc = Document(str(path))
    texts = []
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}p"):
            texts.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif block.tag.endswith("}tbl"):
            texts += [
                "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                for cell in block.iter()
                if cell.tag.endswith("}tc")
            ]
    return texts
