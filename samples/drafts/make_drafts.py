"""Write the sample drafts of samples/drafts/: 公文 drafts typed the way people type them in Word.

SYNTHETIC TEXT: every project, unit, person and number below is made up for the samples.
Each draft is what ``docgen format`` starts from (README “一键排版”):

- 通知草稿.docx: hand-typed numbering (一. (一) 1、), spaces for indentation, 微软雅黑 小四 everywhere,
  lines broken with Enter inside sentences, the date written 2020.10.12;
- 请示草稿.docx: a red organ line, the 文号 typed with [ ] and a zero, 签发人 on its own line, 附注;
- 通报草稿.docx: a table in the body, an attachment note for two attachments, the attachments after
  the date (one a table), 抄送 and 印发 lines.

    .venv/bin/python samples/drafts/make_drafts.py [FOLDER]
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

HERE = Path(__file__).resolve().parent


class Draft:
    """A Word document typed with direct formatting only, in one font."""

    def __init__(self, font: str, size: float) -> None:
        self.doc: DocxDocument = Document()
        self.font, self.size = font, size

    def line(
        self, text: str = "", *, bold: bool = False, size: float | None = None, align: str = "", red: bool = False
    ) -> None:
        """Type one paragraph; "\\n" in ``text`` is Shift+Enter."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(align)
        for index, piece in enumerate(text.split("\n") if text else []):
            if index:
                paragraph.runs[-1].add_break()
            run = paragraph.add_run(piece)
            run.bold = bold
            run.font.size = Pt(size or self.size)
            run.font.name = self.font
            run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), self.font)
            if red:
                run.font.color.rgb = RGBColor(0xFF, 0, 0)

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        """Insert a table with a grid."""
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text

    def save(self, path: Path) -> Path:
        """Write the draft with fixed properties and return its path."""
        self.doc.core_properties.author = "办公室"
        self.doc.save(str(path))
        return path


def notice(folder: Path) -> Path:
    """The notice: hand-typed numbering that skips, spaces for indentation, a wrong font, 2020.10.12."""
    d = Draft("微软雅黑", 12)
    d.line("关于开展重点项目建设“百日攻坚”", bold=True, size=16, align="center")
    d.line("活动的通知", bold=True, size=16, align="center")
    d.line()
    d.line("各乡镇人民政府，县直各有关单位：")
    d.line("    为确保全年重点项目建设目标任务圆满完成，经县政府同意，决定自10月15日起在")
    d.line("全县开展重点项目建设“百日攻坚”活动。现将有关事项通知如下。")
    d.line("一. 活动目标", bold=True)
    d.line("    新开工项目15个以上，完成投资25亿元以上，确保年度投资完成率达到100%。")
    d.line("二. 主要任务", bold=True)
    d.line("(一)加快项目开工。", bold=True)
    d.line("    对未开工项目逐个制定开工计划，")
    d.line("明确开工时间和责任人。")
    d.line("(三)强化要素保障。", bold=True)
    d.line("1、用地保障。县自然资源局优先保障重点项目用地。")
    d.line("3、资金保障。县财政局统筹安排项目前期经费。")
    d.line("三. 工作要求", bold=True)
    d.line("    各单位要于每月5日前将活动进展情况报县重点项目办，联系电话：0379-68300000。")
    d.line()
    d.line("伊川县重点项目建设办公室", align="right")
    d.line("2020.10.12", align="right")
    return d.save(folder / "通知草稿.docx")


def request(folder: Path) -> Path:
    """The 请示: a red organ line, a 文号 typed loosely, 签发人 on its own line, a 附注."""
    d = Draft("宋体", 14)
    d.line("伊川县重点项目建设办公室文件", bold=True, size=26, align="center", red=True)
    d.line()
    d.line("伊重点项目办[2020]015号")
    d.line("签发人：王建设")
    d.line()
    d.line("关于申请安排重点项目前期工作经费的请示", bold=True, size=18, align="center")
    d.line("县人民政府：")
    d.line("    为做好2021年重点项目谋划储备工作，我办拟委托专业机构开展12个项目的前期工作，\n所需经费共计120万元。")
    d.line("    建议从县级重点项目前期工作专项资金中列支。")
    d.line("    妥否，请批示。")
    d.line()
    d.line("                              伊川县重点项目建设办公室")
    d.line("                                  2020年10月20日")
    d.line("（联系人：李明，电话：0379-68312345）")
    return d.save(folder / "请示草稿.docx")


def bulletin(folder: Path) -> Path:
    """The 通报: a table in the body, an attachment note, two attachments after the date, the 版记 lines."""
    d = Draft("宋体", 12)
    d.line("关于2020年第三季度重点项目建设情况的通报", bold=True, size=18, align="center")
    d.line("各乡镇人民政府，县直各有关单位：")
    d.line("    第三季度，全县重点项目完成投资31.2亿元。各单位完成情况如下：")
    d.table([("单位", "项目数", "完成投资（亿元）"), ("县水利局", "12", "8.6"), ("县交通运输局", "9", "11.4")])
    d.line("    请进度滞后的单位认真分析原因，加快推进。")
    d.line()
    d.line("附件：1.第三季度重点项目完成投资情况表")
    d.line("      2.进度滞后项目名单")
    d.line()
    d.line("伊川县重点项目建设办公室", align="right")
    d.line("2020年10月9日", align="right")
    d.line("附件1")
    d.line("第三季度重点项目完成投资情况表", align="center")
    d.table([("序号", "项目名称", "完成投资（万元）"), ("1", "伊河综合治理工程", "8600"), ("2", "县城道路改造工程", "11400")])
    d.line("附件2")
    d.line("进度滞后项目名单", align="center")
    d.line("    县城污水处理厂提标改造工程、产业集聚区标准化厂房项目。")
    d.line("抄送：县委办公室，县政府办公室。")
    d.line("伊川县重点项目建设办公室      2020年10月9日印发")
    return d.save(folder / "通报草稿.docx")


def make(folder: Path = HERE) -> list[Path]:
    """Write the three drafts into ``folder`` and return their paths."""
    return [notice(folder), request(folder), bulletin(folder)]


if __name__ == "__main__":
    for path in make(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
