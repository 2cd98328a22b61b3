"""Rows of a ledger that are no record: totals (合计, 丹朱镇小计, 全县合计), group headings (一、续建项目（6个）,
（一）产业项目), notes under the table (注：1.… and its numbered lines, 填报单位：… 审核人：…)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docgen.load.header import Header, canonical, unit_note

# a total row's label: 合计, 合计（12个）, or a place or group before it (丹朱镇小计, 全县合计, 续建项目小计) —
# ledgers11 #1; not any text ending in 合计 (a 存在问题 “资金缺口合计…” is no total)
_TOTAL = re.compile(
    r"((?:[^\d（()）:：]{0,12}?(?:镇|乡|县|市|区|街道|办事处|局|委|中心|项目|类|园|组|片区))?|全部|总体)"
    r"(合计|总计|小计)([（(：:].*)?"
)
GRAND_TOTAL = ("合计", "总计")
# a breakdown under the total (其中：亿元以上项目, 其中:续建项目): a part of the total, read as a subtotal
_BREAKDOWN = re.compile(r"其中[:：]?.{0,24}")
# a place before 合计 that makes it the whole ledger's total; any other place makes it a subtotal
_WHOLE = re.compile(r"(全|总|本)[县市区省镇乡旗]?|全部|总体")
# a row under the table whose every cell is one of these labels is a note, not a record
_NOTE = re.compile(
    r"(填表人|填报人|审核人|审核|联系人|联系电话|电话|负责人|单位负责人|主要负责人|分管领导|填表日期|填报日期"
    r"|报送日期|制表日期|制表人|制表单位|填报单位|填表单位|报送单位|注|说明|备注|填表说明)\s*[:：]"
)
_NOTE_START = re.compile(r"(注|说明|备注|填表说明)\s*[:：]")
# a note's further numbered lines: 2.累计完成投资…, （2）…, ②…
_NOTE_LINE = re.compile(r"(\d{1,2}\s*[.．、]|[（(]\d{1,2}[）)]|[②③④⑤⑥⑦⑧⑨⑩])")
# a group heading's number: 一、 （一） 第一部分 — ledgers11 #4
_HEADING = re.compile(
    r"[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}[部分类批组]"
)


def texts(row: Sequence[Any]) -> list[str]:
    """Return the row's filled text cells, stripped."""
    return [cell.strip() for cell in row if isinstance(cell, str) and cell.strip()]


def note_row(row: Sequence[Any]) -> bool:
    """Is the row a note under the table (填表人：张三  联系电话：…, 注：…), not a record?

    Every filled cell is a note; the first that is not (a record's name, a number) decides."""
    for cell in row:
        if cell is None:
            continue
        if not isinstance(cell, str):
            return False
        text = cell.strip()
        if text and not _NOTE.match(text):
            return False
    return True


def opens_notes(row: Sequence[Any]) -> bool:
    """Does the row start the notes under the table (注：1.…)?"""
    found = texts(row)
    return bool(found) and _NOTE_START.match(found[0]) is not None


def note_line(row: Sequence[Any]) -> bool:
    """Is the row a further numbered line of a note (2.…) — one text, nothing else?  Only asked after 注：."""
    if any(cell is not None and not isinstance(cell, str) for cell in row):
        return False
    found = set(texts(row))
    return len(found) == 1 and _NOTE_LINE.match(next(iter(found))) is not None


def total_kind(row: Sequence[Any], text_positions: Sequence[int]) -> str | None:
    """Return 合计, 总计 or 小计 when the row is a total row (named in a text column or the first).

    A place before the label (丹朱镇小计, 丹朱镇合计) makes a subtotal, unless it is the whole (全县合计);
    so does a breakdown of the total written under it (其中：亿元以上项目)."""
    for position in text_positions:
        if position < len(row):
            value = row[position]
            if isinstance(value, str) and _BREAKDOWN.fullmatch(re.sub(r"\s", "", value)):
                return "小计"
            if isinstance(value, str) and "计" in value:
                match = _TOTAL.fullmatch(re.sub(r"\s", "", value))
                if match:
                    place, kind = match.group(1), match.group(2)
                    if place and kind in GRAND_TOTAL and not _WHOLE.fullmatch(place):
                        return "小计"
                    return kind
    return None


def heading_row(row: Sequence[Any], text_positions: Sequence[int]) -> bool:
    """Is the row a group heading (一、续建项目（6个）merged across, （一）产业项目 alone in 项目名称)?

    Its one text, numbered like a heading, is in a text column and no other text is in the row (a
    merged heading fills every cell with itself); figures beside it (the group's sums) are allowed."""
    found = set(texts(row))
    if len(found) != 1:
        return False
    text = next(iter(found))
    if not _HEADING.match(text):
        return False
    return any(
        position < len(row) and isinstance(row[position], str) and row[position].strip() == text
        for position in text_positions
    )


def repeated_headers(rows: Sequence[Sequence[Any]], header: Header, positions: Sequence[int]) -> dict[int, int]:
    """Return the rows of a second table on the sheet (ledgers11 #12): each row under the header that
    repeats it (two or more of the ledger's columns named again), and the title and 单位 rows just above
    it (one text each), mapped to the repeated header's row."""
    found: dict[int, int] = {}
    for index in range(header.last + 1, len(rows)):
        row = rows[index]
        named = sum(
            1
            for p in positions
            if p < len(row) and isinstance(row[p], str) and canonical(row[p])[0] in header.lookups[p]
        )
        if named < 2:
            continue
        found[index] = index
        above = index - 1
        while above > header.last and index - above <= 3 and _title_like(rows[above]):
            found[above] = index
            above -= 1
    return found


def _title_like(row: Sequence[Any]) -> bool:
    """Is the row blank or one text alone (a table's title, its 单位：万元)?"""
    if any(cell is not None and not isinstance(cell, str) for cell in row):
        return False
    return len(set(texts(row))) <= 1


def second_unit(rows: Sequence[Sequence[Any]], repeats: dict[int, int], units: dict[str, str]) -> tuple[int, str] | None:
    """Return the row and unit of a 单位 note above a second table that differs from the units the
    first table's amounts were read in, else None."""
    for index in sorted(repeats):
        unit = unit_note([rows[index]])
        if unit is not None and any(u != unit for u in units.values()):
            return index, unit
    return None

