"""Table columns aligned by one rule (issue 14, Build 4; layout/tables.column_alignments): numbers
right, short entries — a date, a 文号, a code, a phone number, a name of up to six 字 — centred, text
left, the same whether a cell wraps or not.  A date of 7 字 (「2025年10月20日」) was taken for text:
the 计划开工 and 计划竣工 columns of a 12-column 基本情况表 came out left-aligned and ragged."""

from __future__ import annotations

from docgen.layout.columns import count_lines, units
from docgen.layout.placed import Align
from docgen.layout.tables import column_alignments, table_block, table_layout, text_rooms
from docgen.model import Table

ROWS = (
    ("序号", "项目名称", "总投资（万元）", "计划开工", "文号", "督办编号", "联系电话", "责任单位"),
    ("1", "长子县人民医院门诊综合楼建设项目", "1763105", "2025年9月10日", "长重点督〔2025〕1号",
     "DB-2025-001", "0355-88628789", "县城市管理局"),
    ("2", "长子县城乡供水一体化及配套基础设施项目", "39218.39", "2025年12月21日", "伊重点项目办〔2025〕71号",
     "DB-2024-013", "13909389927", "县行政审批服务局"),
    ("3", "长子县乡村振兴示范区项目", "140909", "2026年6月3日", "长政办发〔2024〕3号",
     "DB-2025-101", "0371-69697554", "慈林镇人民政府"),
)


def test_dates_codes_and_phones_are_centred_numbers_right_text_left() -> None:
    table = Table(rows=ROWS, header_rows=1)
    aligns = column_alignments(table)
    assert aligns == [
        Align.RIGHT,  # 序号
        Align.LEFT,  # 项目名称
        Align.RIGHT,  # 总投资
        Align.CENTER,  # 计划开工: dates of 6.7–7.4 字, was LEFT
        Align.CENTER,  # 文号, was LEFT
        Align.CENTER,  # 督办编号
        Align.CENTER,  # 联系电话: a phone with an area code and a mobile number, was LEFT
        Align.LEFT,  # 责任单位: 县行政审批服务局 is 8 字
    ]


def test_a_wrapped_cell_keeps_its_columns_alignment() -> None:
    table = Table(rows=ROWS, header_rows=1)
    layout = table_layout(table)
    block, _heights = table_block(table, layout)
    aligns = column_alignments(table)
    rooms = text_rooms(layout)
    wrapped = 0
    for texts, row in zip(table.rows[1:], block.rows[1:], strict=True):
        for text, room, cell, align in zip(texts, rooms, row.cells, aligns, strict=True):
            (paragraph,) = cell.paragraphs
            assert paragraph.align == align, text
            wrapped += count_lines(units(text), room) > 1
    assert wrapped >= 3  # the 项目名称 wrap, and stay LEFT as a one-line cell of the column would
