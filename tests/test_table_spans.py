"""Merged header cells (outsider DEFECTS.md item 4): an attachment's header merged over two rows — a
group name across its columns (投资情况（万元） over 总投资 | 年度计划 | 1-11月完成), column names
down both rows (序号, 项目名称) — is kept from the .xlsx's merged ranges or a .csv's empty cells,
measured across its columns, written as w:gridSpan/w:vMerge and Typst colspan/rowspan, repeated
(both rows) on every page of a split table, and read back by ``docgen check``'s cell finder."""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from helpers import load_script
from lxml import etree
from openpyxl import Workbook

from docgen import standard as S
from docgen.check.pdf_cells import Cell, cells
from docgen.check.pdf_read import measure
from docgen.check.rules import Status
from docgen.check.run import check_files
from docgen.cli import main_group
from docgen.compose.notice import compose_blocks
from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import render_docx
from docgen.emit.typst.compile import missing_fonts, render_pdf
from docgen.errors import DataError
from docgen.layout.columns import grid, row_lines
from docgen.layout.flow import Flow
from docgen.layout.tables import (
    CELL_PADDING,
    ROW_RULE,
    TableLayout,
    column_widths,
    table_block,
    table_height,
    table_layout,
)
from docgen.load.attachment_table import header_spans, office_table
from docgen.load.notice_body import parse_body
from docgen.load.tables import read_table_merged
from docgen.model import Span, Table
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_corpus import measure_notice  # noqa: E402
from test_render import TCPR_ORDER, _assert_order  # noqa: E402

SAMPLE = ROOT / "samples" / "tables"
HEADER = (
    ("序号", "项目名称", "投资情况（万元）", "", "", "备注"),
    ("", "", "总投资", "年度计划", "1-11月完成", ""),
)
SPANS = (Span(0, 0, rows=2), Span(0, 1, rows=2), Span(0, 2, columns=3), Span(0, 5, rows=2))


def _table(rows: int = 3) -> Table:
    body = tuple((str(i), f"某某镇重点项目{i}", "1000", "300", "200", "") for i in range(1, rows + 1))
    return Table((*HEADER, *body), header_rows=2, spans=SPANS)


# --- the model ------------------------------------------------------------------------------------


def test_a_table_without_spans_is_as_before() -> None:
    table = Table((("序号", "名称"), ("1", "甲")))
    assert table.spans == ()
    assert not table.covered(0, 1)
    assert table.span_at(0, 0) is None


@pytest.mark.parametrize(
    "span",
    [
        Span(0, 0, rows=3),  # into the body
        Span(0, 4, columns=3),  # past the last column
        Span(0, 0, rows=10**9, columns=10**9),  # huge
        Span(-1, 0, rows=2),  # outside
        Span(0, 0),  # one cell
        Span(0, 2, columns=2),  # overlaps 投资情况's span
        Span(1, 2, columns=2),  # covers 年度计划's text
    ],
)
def test_a_span_outside_the_header_overlapping_or_covering_text_is_refused(span: Span) -> None:
    spans = (*SPANS, span) if span.row != 1 else (span,)
    with pytest.raises(DataError) as caught:
        Table((*HEADER, ("1", "甲", "1", "1", "1", "")), header_rows=2, spans=spans)
    assert "merged header cell" in str(caught.value.args[0]) or "合并" in str(caught.value)


# --- reading ----------------------------------------------------------------------------------------


def test_a_csv_header_names_its_group_in_the_first_cell_of_the_range() -> None:
    assert header_spans(HEADER, 2) == (Span(0, 0, 2), Span(0, 1, 2), Span(0, 2, 1, 3), Span(0, 5, 2))
    assert header_spans(HEADER, 1) == ()
    read = office_table((*HEADER, ("1", "甲", "1", "1", "1", "")))
    assert read.header_rows == 2
    assert read.spans == header_spans(HEADER, 2)


def test_a_markdown_table_with_a_second_header_row_is_merged_alike() -> None:
    body = (
        "| 序号 | 项目名称 | 投资情况（万元） | | | 备注 |\n|---|---|---|---|---|---|\n"
        "| | | 总投资 | 年度计划 | 1-11月完成 | |\n| 1 | 甲项目 | 10 | 5 | 3 | |\n"
    )
    (block,) = parse_body(body, "n.md")
    assert block.header_rows == 2
    assert block.spans == SPANS
    plain = "| 序号 | 项目名称 |\n|---|---|\n| 1 | |\n| | 乙 |\n"  # blanks under a full header: data
    (block,) = parse_body(plain, "n.md")
    assert (block.header_rows, block.spans) == (1, ())


@pytest.mark.parametrize(
    "body", ["| a | b | c |\n|---|---|---|\n| | x |\n| 1 | 2 | 3 |\n", "| a | |\n|---|---|\n| | x | y |\n| 1 | 2 |\n"]
)
def test_a_ragged_markdown_table_is_refused_at_its_line(body: str) -> None:
    with pytest.raises(DataError) as caught:
        compose_blocks(parse_body(body, "n.md"))
    assert caught.value.location.line == 3


@pytest.fixture(scope="module")
def sample() -> Path:
    return SAMPLE / "投资计划通知.md"


def test_the_sample_is_what_its_maker_writes(tmp_path: Path) -> None:
    load_script(SAMPLE / "make_sheet.py").main(tmp_path)
    assert (tmp_path / "投资计划表.csv").read_bytes() == (SAMPLE / "投资计划表.csv").read_bytes()
    made = office_table(*read_table_merged(tmp_path / "投资计划表.xlsx"))
    committed = office_table(*read_table_merged(SAMPLE / "投资计划表.xlsx"))
    assert made == committed  # the same cells and merged ranges (the package's timestamps differ)


def test_the_sheets_merged_ranges_become_the_headers_spans(sample: Path) -> None:
    doc = compose_notice_file(sample, RunResources())
    note, table = doc.attachments[0].blocks
    assert isinstance(table, Table)
    assert table.header_rows == 2
    assert set(table.spans) == {
        Span(0, 0, 2),
        Span(0, 1, 2),
        Span(0, 2, 2),
        Span(0, 3, 2),
        Span(0, 4, 1, 3),
        Span(0, 7, 2),
    }
    assert table.rows[0][4] == "投资情况（万元）"
    assert table.rows[1][4:7] == ("总投资", "年度计划", "1-11月完成")
    # its CSV export reads to the same table
    csv_table = office_table(tuple(tuple(r) for r in _csv(SAMPLE / "投资计划表.csv")))
    assert set(csv_table.spans) == set(table.spans)
    assert csv_table.rows == table.rows


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines()))


def _sheet(tmp_path: Path, merge: str, hidden: str | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "投资情况", None, "备注"])
    sheet.append([None, "总投资", "年度计划", None])
    sheet.append([1, 10, 5, "甲"])
    sheet.merge_cells("A1:A2")
    if hidden:
        sheet["C1"].value = hidden
    path = tmp_path / "表.xlsx"
    book.save(path)
    _merge_in_xml(path, merge)  # openpyxl clears a merged range: a crafted file keeps text under it
    (tmp_path / "n.md").write_text(
        "---\n发文机关: zhangzi-zdxmb\n标题: 关于报送投资情况的通知\n主送: 各乡镇人民政府\n"
        "成文日期: 2025-12-01\n附件:\n  - 标题: 投资情况表\n    文件: 表.xlsx\n---\n请按附件报送。\n",
        encoding="utf-8",
    )
    return tmp_path / "n.md"


def _merge_in_xml(path: Path, ref: str) -> None:
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(
        b'<mergeCells count="1"><mergeCell ref="A1:A2"/>',
        b'<mergeCells count="2"><mergeCell ref="A1:A2"/><mergeCell ref="' + ref.encode() + b'"/>',
    )
    assert ref.encode() in parts[sheet]
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)


def test_a_merge_reaching_past_the_table_is_refused_with_its_file(tmp_path: Path) -> None:
    source = _sheet(tmp_path, "B1:XFD1")
    result = CliRunner().invoke(main_group, ["render", str(source), "-o", str(tmp_path / "n.docx")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "表.xlsx" in result.output
    assert "B1:XFD1" in result.output
    assert not (tmp_path / "n.docx").exists()


def test_text_hidden_under_a_merged_range_is_not_printed(tmp_path: Path) -> None:
    source = _sheet(tmp_path, "B1:C1", hidden="藏起来的字")
    doc = compose_notice_file(source, RunResources())
    (table,) = doc.attachments[0].blocks
    assert isinstance(table, Table)
    assert Span(0, 1, 1, 2) in table.spans
    assert all("藏起来的字" not in cell for row in table.rows for cell in row)


# --- layout and the .docx ---------------------------------------------------------------------------


def test_a_group_name_is_measured_across_its_columns() -> None:
    long_group = Table(
        (("序号", "二〇二五年度县级重点项目投资计划完成情况", ""), ("", "总投资", "完成"), ("1", "1", "1")),
        header_rows=2,
        spans=(Span(0, 0, 2), Span(0, 1, 1, 2)),
    )
    measured = grid(long_group)
    alone = grid(Table((("序号", "总投资", "完成"), ("1", "1", "1"))))
    # the group's 20 字 over three lines need ≈ 7 字 across its two columns, which alone need 3 each
    assert sum(measured.minimum[1:]) >= 6.6 > sum(alone.minimum[1:])
    assert measured.minimum[0] == alone.minimum[0]


def test_the_docx_merges_the_header_and_repeats_both_rows(sample: Path) -> None:
    table = _table()
    layout = table_layout(table)
    block, heights = table_block(table, layout)
    first, second = block.rows[0], block.rows[1]
    assert [c.columns for c in first.cells] == [1, 1, 3, 1]
    assert first.cells[2].width == sum(layout.widths[2:5])
    assert [c.merged for c in second.cells] == [True, True, False, False, False, True]
    assert [row.header for row in block.rows[:3]] == [True, True, False]
    assert len(heights) == len(table.rows) - 1  # the two header rows are one piece for the estimate
    doc = compose_notice_file(sample, RunResources())
    with zipfile.ZipFile(io.BytesIO(render_docx(doc, RunResources().template).data)) as package:
        xml = package.read("word/document.xml").decode()
    assert xml.count('<w:gridSpan w:val="3"/>') == 1
    assert xml.count('<w:vMerge w:val="restart"/>') == 5
    assert xml.count("<w:vMerge/>") == 5
    assert xml.count("<w:tblHeader/>") == 2
    _assert_order(etree.fromstring(xml.encode()), "tcPr", TCPR_ORDER)  # tcW, gridSpan, vMerge, …, vAlign


# --- real engines: the PDF's cells -----------------------------------------------------------------


def _header_cells(pdf: Path, page_number: int) -> list[Cell]:
    page = measure(pdf)[page_number - 1]
    found = cells(page)
    top = min(c.top for c in found)
    return [c for c in found if c.top <= top + 1]  # the cells that start at the table's top


def _check(pdf: Path) -> None:
    (report,) = check_files([pdf], render=False)
    failed = {f.rule.id: f.measured for f in report.findings if f.status is Status.FAIL}
    assert not failed, failed


def _assert_merged_header(pdf: Path) -> None:
    pages = measure(pdf)
    table_pages = [p.number for p in pages if any("年度计划" in line.text for line in p.lines)]
    assert len(table_pages) == 2  # the table splits, and both rows of its header repeat
    for number in table_pages:
        heads = {("".join(line.text for line in c.lines)): c for c in _header_cells(pdf, number)}
        group, serial, done = heads["投资情况（万元）"], heads["序号"], heads.get("总投资")
        assert done is None  # 总投资 stands under the group, not at the table's top
        below = [c for c in cells(pages[number - 1]) if "".join(line.text for line in c.lines) == "总投资"]
        assert below
        assert below[0].top >= group.bottom - 0.5
        # check's cell finder numbers them in the table's grid (tables.tokens.pdf names cells so)
        assert (group.row, group.column, serial.row, serial.column) == (1, 5, 1, 1)
        assert (below[0].row, below[0].column) == (2, 5)
        # the group cell spans its three columns; 序号 runs down both header rows
        assert group.x1 - group.x0 > 2.5 * (below[0].x1 - below[0].x0) * 0.8
        assert serial.bottom - serial.top >= (below[0].bottom - group.top) - 0.5
    width = max(c.x1 for c in cells(pages[table_pages[0] - 1])) - min(c.x0 for c in cells(pages[table_pages[0] - 1]))
    assert 150 <= width <= 157  # portrait: the type area's 156 mm
    _check(pdf)
    # the corpus's table measures (table.width, table.balance) and check's tables.*.pdf take the merged header
    measured = measure_notice("sample", str(pdf), False)
    assert measured.tables == 2
    assert measured.cells > 200  # 31 rows of 8 columns and the header on two pages, empty cells not counted
    assert [d for d in measured.defects if d.kind.startswith(("table.", "tables."))] == []


def test_libreoffice_prints_the_merged_header_on_every_page(sample: Path, pool: ConverterPool, tmp_path: Path) -> None:
    doc = compose_notice_file(sample, RunResources())
    docx = tmp_path / "n.docx"
    docx.write_bytes(render_docx(doc, RunResources().template).data)
    (outcome,) = pool.convert([(docx, tmp_path / "n.pdf")])
    assert outcome.error is None, outcome.error
    _assert_merged_header(outcome.target)
    _check(docx)


def test_typst_prints_the_merged_header_on_every_page(sample: Path, tmp_path: Path) -> None:
    if missing_fonts():
        pytest.skip("the fonts Typst maps are not installed")
    doc = compose_notice_file(sample, RunResources())
    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(render_pdf(doc).pdf)
    _assert_merged_header(pdf)


def test_the_estimate_repeats_the_header_rows_on_each_page_the_table_runs_on() -> None:
    table = _table(rows=60)
    layout = table_layout(table)
    block, heights = table_block(table, layout)
    flow = Flow()
    flow.add(block, heights, repeat=heights[0])
    places = flow.positions()
    turned = [i for i in range(1, len(places)) if places[i][0] > places[i - 1][0]]
    assert turned  # 60 rows run over a page
    for index in turned:  # the first row on a new page stands under the repeated header
        assert places[index][1] == heights[0]
    without = Flow()
    without.add(block, heights)
    assert without.positions()[turned[0]][1] == 0


def test_format_keeps_a_merged_header_of_a_docx_it_reads(sample: Path, tmp_path: Path) -> None:
    # python-docx gives a merged cell once (draft/read.py): the two header rows read as the convention
    draft = tmp_path / "草稿.docx"
    draft.write_bytes(render_docx(compose_notice_file(sample, RunResources()), RunResources().template).data)
    out = tmp_path / "排版.docx"
    result = CliRunner().invoke(main_group, ["format", str(draft), "-o", str(out), "--no-render"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as package:
        xml = package.read("word/document.xml").decode()
    assert xml.count('<w:gridSpan w:val="3"/>') == 1
    assert xml.count('<w:vMerge w:val="restart"/>') == 5
    assert xml.count("<w:tblHeader/>") == 2


def test_a_cell_merged_down_and_taller_than_its_rows_makes_the_last_taller() -> None:
    long_name = "年度目标任务完成情况及存在问题和下步工作打算说明"
    table = Table(
        (("序号", "投资情况", "", long_name), ("", "总投资", "完成", ""), ("1", "10", "5", "甲")),
        header_rows=2,
        spans=(Span(0, 0, 2), Span(0, 1, 1, 2), Span(0, 3, 2)),
    )
    measured = grid(table)
    least = measured.minimum[3]  # the long name over three lines, its two rows one line each
    assert least < 9
    assert row_lines(measured, [2.0, 3.0, 3.0, least]) == [1, 2, 1]
    assert row_lines(measured, [2.0, 3.0, 3.0, 30.0]) == [1, 1, 1]
    block, heights = table_block(table, table_layout(table))
    merged = [c for c in block.rows[1].cells if c.merged]
    assert [c.width for c in merged] == [block.rows[0].cells[0].width, block.rows[0].cells[2].width]


def test_the_size_choice_and_the_placed_table_count_a_merged_cell_alike() -> None:
    # table_height (which size fits) and table_block (the flow's heights) give a group name the same
    # room: its columns' text widths and the padding between them (10 字 in 3 × 3 字 and two paddings)
    table = Table(
        (("序号", "投资计划完成情况汇总", "", ""), ("", "总投资", "年度计划", "完成"), ("1", "1000", "300", "200")),
        header_rows=2,
        spans=(Span(0, 0, 2), Span(0, 1, 1, 3)),
    )
    size = 14.0
    column = round(3 * size * S.TWIPS_PER_PT + CELL_PADDING)
    widths = [S.TYPE_AREA_WIDTH - 3 * column, column, column, column]
    _block, heights = table_block(table, TableLayout(size, tuple(widths), False))
    line = round(size * S.TABLE_LINE_FACTOR)
    # the group on one line, 年度计划 on two; the rules under both rows and the one over the table
    assert heights[0] == 3 * line * S.TWIPS_PER_PT + 3 * ROW_RULE
    assert table_height(table, size, widths) * S.TWIPS_PER_PT == sum(heights) - ROW_RULE * (len(table.rows) + 1)


def test_a_merged_header_after_a_hidden_column_is_renumbered(tmp_path: Path) -> None:
    """A hidden column before a merged group: the group spans the same shown columns it spans in Excel."""
    import openpyxl

    from docgen.load.tables import read_table_merged

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "项目名称", "内部备注", "投资情况（万元）", None, None])
    sheet.append([None, None, None, "总投资", "年度计划", "1-11月完成"])
    sheet.append(["1", "县城污水处理厂", "老王跟进", "12000", "3000", "2500"])
    for ref in ("A1:A2", "B1:B2", "C1:C2", "D1:F1"):
        sheet.merge_cells(ref)
    sheet.column_dimensions["C"].hidden = True
    path = tmp_path / "表.xlsx"
    book.save(path)
    rows, merges = read_table_merged(path)
    assert rows[0][:3] == ("序号", "项目名称", "投资情况（万元）")
    assert "老王跟进" not in rows[2]
    assert (0, 2, 0, 4) in merges  # 投资情况 over the three shown columns after the hidden one
    assert (0, 0, 1, 0) in merges


def test_a_group_name_gets_room_from_a_column_that_has_it() -> None:
    """The solver's steps count a merged header cell (columns._best_step): at 小四 a group name of
    14 字 over two number columns went over two lines while 项目名称 kept 4 字 it did not use
    (11 lines; with the group widened: 10)."""
    header = (("序号", "项目名称", "省级以上资金补助情况（万元）", "", "备注"), ("", "", "已到位", "未到位", ""))
    spans = (Span(0, 0, rows=2), Span(0, 1, rows=2), Span(0, 2, columns=2), Span(0, 4, rows=2))
    body = tuple((str(i), f"某某镇产业园区基础设施建设项目{i}", "100", "30", "") for i in range(1, 9))
    table = Table((*header, *body), header_rows=2, spans=spans)
    twips, fits = column_widths(table, 12)
    assert fits
    char = 12 * S.TWIPS_PER_PT
    lines = row_lines(grid(table), [(w - CELL_PADDING) / char for w in twips], CELL_PADDING / char)
    assert lines[:2] == [1, 1]  # the group name on one line
    assert sum(lines) == len(table.rows)
