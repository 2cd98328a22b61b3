"""A table's lead-in goes with its header and first row (layout/aftertable.lead_in_start; the 周通报's
「二、各单位进展情况」, 「各单位……如下（……）：」 and 「第一组（目标：……）：」 over the group table,
tests/fixtures/outsider3/DEFECTS_B.md not fixed item 4).

Where the header and first row do not fit under the lead-in, the page break went between the lead-in
and the table (aftertable.table_on_next_page): 「第一组（目标：……）：」 ended page 1 and its table began
page 2.  Now the heading and the lead-ins begin page 2 with the table.  Where they fit, the table
splits there, its header repeated on the next page (nothing is kept with the table: LibreOffice
moved a kept paragraph and the whole table to the next page).  Both in LibreOffice and in Typst.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Finding, Judge, Status
from docgen.convert.pool import ConverterPool

UNITS = ["丹朱镇", "鲍店镇", "石哲镇", "大堡头镇", "慈林镇", "色头镇", "南漳镇", "宋村乡", "南陈乡", "碾张乡", "常隆镇", "岚水乡"]
HEADER = "| 单位 | 入库项目数 | 完成率（%） | 总投资（亿元） | 完成率（%） | 亿元以上项目数 | 完成率（%） | 节点进度 |\n"
TABLE = HEADER + "|---|---|---|---|---|---|---|---|\n" + "".join(
    f"| {u} | 3 | 50.00 | 2.26 | 22.60 | 1 | 33.33 | 未达到 |\n" for u in UNITS
)
GROUP = "第一组（目标：入库项目个数6个、入库项目总投资10.00亿元、亿元以上项目个数3个、亿元以上项目总投资8.00亿元）："


def _source(opening: bool) -> str:
    """Return the 周通报's first pages as a notice; ``opening``: with its two lines 「现将……通报如下：」
    (then page 1 has no room for the first group table's header and first row under its lead-ins)."""
    lines = [
        "---",
        "发文机关: zhangzi-zdxmb",
        "发文字号: 3",
        "标题: 关于截至12月4日重大项目谋划储备“百日攻坚”行动进展情况的通报",
        "主送: 各乡镇人民政府，县直各有关单位",
        "成文日期: 2026-12-04",
        "---",
    ]
    if opening:
        lines.append("现将截至12月4日重大项目谋划储备“百日攻坚”行动进展情况通报如下：")
    lines += ["# 各单位进展情况", "各单位谋划储备项目完成情况如下（完成率为完成数占目标数的比例）：", GROUP, "", TABLE]
    lines += [GROUP.replace("第一组", "第二组"), "", TABLE, "# 下步要求", "各单位要对照目标任务，逐项分析差距，确保按期完成。"]
    return "\n".join(lines) + "\n"


def _pdfs(tmp_path: Path, pool: ConverterPool, opening: bool) -> list[list[Page]]:
    """Return the notice's pages as LibreOffice and as Typst set them."""
    from docgen.emit.typst.compile import render_pdf
    from docgen.notices import compose_notice_file, render_notice_file
    from docgen.run_resources import RunResources

    source = tmp_path / "通报.md"
    source.write_text(_source(opening), encoding="utf-8")
    resources = RunResources()
    docx = tmp_path / "通报.docx"
    docx.write_bytes(render_notice_file(source, resources).data)
    (outcome,) = pool.convert([(docx, tmp_path / "lo.pdf")])
    assert outcome.error is None
    (tmp_path / "typst.pdf").write_bytes(render_pdf(compose_notice_file(source, resources)).pdf)
    return [measure(tmp_path / "lo.pdf"), measure(tmp_path / "typst.pdf")]


def _page_of(pages: list[Page], start: str) -> int:
    """Return the number of the first page with a line starting with ``start``."""
    return next(p.number for p in pages for line in p.lines if line.text.strip().startswith(start))


def _full(pages: list[Page]) -> Status:
    findings: list[Finding] = []
    check_pdf(pages, Judge(findings), text_rules=True)
    return {f.rule.id: f.status for f in findings}["pages.full.pdf"]


@pytest.mark.parametrize("engine", [0, 1], ids=["libreoffice", "typst"])
def test_lead_ins_go_with_a_table_whose_first_row_does_not_fit(
    tmp_path: Path, pool: ConverterPool, engine: int
) -> None:
    pages = _pdfs(tmp_path, pool, opening=True)[engine]
    first_row = _page_of(pages, "丹朱镇")
    assert first_row == 2
    # was: heading and lead-ins on page 1, the table alone on page 2
    assert _page_of(pages, "第一组") == first_row
    assert _page_of(pages, "一、各单位进展情况") == first_row
    assert _page_of(pages, "各单位谋划储备项目") == first_row
    assert _page_of(pages, "现将") == 1
    assert _full(pages) == Status.PASS  # page 1 ends before the lead-ins of a table (check: pdf_pages)


@pytest.mark.parametrize("engine", [0, 1], ids=["libreoffice", "typst"])
def test_a_table_under_its_lead_ins_splits_where_its_first_row_fits(
    tmp_path: Path, pool: ConverterPool, engine: int
) -> None:
    pages = _pdfs(tmp_path, pool, opening=False)[engine]
    assert _page_of(pages, "一、各单位进展情况") == 1
    assert _page_of(pages, "第一组") == 1
    assert _page_of(pages, "丹朱镇") == 1  # the header and the first row on page 1
    assert _page_of(pages, "岚水乡") == 2
    second = [line.text for line in pages[1].lines]
    assert any("单位" in text for text in second[:3]), second[:3]  # the header repeated
    assert _full(pages) == Status.PASS
