"""Write the sample forms of samples/merge/: Word forms an office designs itself and fills from a ledger.

SYNTHETIC TEXT: the forms are made up for the samples; they fit samples/supervision/督办台账.xlsx.

- 回执.docx: 督办事项办理情况回执, one per 责任单位 (``docgen merge --per 责任单位``): the unit and its
  包抓领导 at the top, a table with one row per open item (a ``{%tr for r in rows … %}`` row loop,
  as docxtpl writes it), blank lines the unit fills in by hand.  Like a form typed in Word, one
  placeholder is split over two runs of different formatting.
- 通知.docx: a 通知 to each 责任单位 typed on the office's own paper: how many items it has, one
  paragraph per item (a ``{%p for r in rows %}`` paragraph loop), the office's signature.

    .venv/bin/python samples/merge/make_forms.py [FOLDER]
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


def _run(paragraph: Paragraph, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _page(doc: DocxDocument) -> None:
    """A4 with the margins of GB/T 9704 (天头 37 mm, 订口 28 mm), as an office sets its forms up."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def _line(doc: DocxDocument, *pieces: str, align: str = "", size: float = 16, font: str = BODY_FONT) -> Paragraph:
    paragraph = doc.add_paragraph()
    paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(align)
    for piece in pieces:
        _run(paragraph, piece, font=font, size=size)
    return paragraph


def _table(doc: DocxDocument, rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
    table = doc.add_table(rows=len(rows), cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.width = Mm(widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else None
            _run(paragraph, text, size=12, bold=r == 0)


def receipt() -> DocxDocument:
    """督办事项办理情况回执, per 责任单位."""
    doc = Document()
    _page(doc)
    _line(doc, "督办事项办理情况回执", align="center", size=22, font=TITLE_FONT)
    _line(doc)
    unit = _line(doc, "责任单位：")
    _run(unit, "{{ 责任", bold=True)  # Word splits a placeholder typed in two goes into two runs
    _run(unit, "单位 }}")
    _run(unit, "（盖章）")
    _line(doc, "包抓领导：{{ 责任领导 }}")
    _table(
        doc,
        [
            ("序号", "督办编号", "项目名称", "存在问题", "办理时限", "办理情况"),
            ("{%tr for r in rows if r.状态 is open %}", "", "", "", "", ""),  # 已完成, 办结 … as supervise reads
            (
                "{{ loop.index }}",
                "{{ r.督办编号 }}",
                "{{ r.项目名称 }}",
                "{{ r.存在问题 }}",
                "{{ r.交办日期|date }}交办，{{ r.办理时限|limit }}",  # 15 → 15个工作日; 15天 → 15日
                "",
            ),
            ("{%tr endfor %}", "", "", "", "", ""),
        ],
        (10, 30, 30, 36, 22, 28),  # the code on one line; room to write 办理情况 by hand
    )
    _line(doc)
    _line(doc, "联系人：　　　　　　　　联系电话：")
    _line(doc, "单位负责人（签字）：")
    _line(doc, "年　　月　　日", align="right")
    _line(doc, "请于收到本回执之日起3个工作日内报县重点项目办。", size=12)
    return doc


def notice() -> DocxDocument:
    """关于报送督办事项办理情况的通知, per 责任单位."""
    doc = Document()
    _page(doc)
    _line(doc, "关于报送督办事项办理情况的通知", align="center", size=22, font=TITLE_FONT)
    _line(doc)
    _line(doc, "{{ 责任单位 }}：")
    _line(
        doc,
        "　　根据县重点项目挂牌督办工作安排，你单位共有挂牌督办事项{{ rows|length }}项，"
        '其中尚未办结{{ rows|selectattr("状态", "open")|list|length }}项：',
    )
    _line(doc, "{%p for r in rows %}")
    _line(doc, "　　{{ loop.index }}. {{ r.项目名称 }}（{{ r.督办编号 }}，{{ r.状态 }}）：{{ r.存在问题 }}。")
    _line(doc, "{%p endfor %}")
    _line(doc, "　　请{{ 责任领导 }}同志牵头，于本通知下发之日起5个工作日内将办理情况书面报送县重点项目办。")
    _line(doc)
    _line(doc, "长子县重点项目建设领导小组办公室", align="right")
    _line(doc, "2025年10月20日", align="right")
    return doc


def main(argv: Sequence[str]) -> None:
    """Write the sample forms into FOLDER (default: beside this script)."""
    folder = Path(argv[0]) if argv else HERE
    folder.mkdir(parents=True, exist_ok=True)
    receipt().save(folder / "回执.docx")
    notice().save(folder / "通知.docx")


if __name__ == "__main__":
    main(sys.argv[1:])
