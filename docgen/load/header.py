"""Finding a ledger's header as offices lay it out: title rows above it, a 单位 note, two-row headers.

- The header is the first of the top rows whose cells name at least two of the ledger's columns.
- A header merged over two rows (项目名称 down two rows, 2021年计划 across 投资 / 形象进度) is
  flattened into one name per column, "上级 下级" ("2021年计划 投资"); a column matches on the
  flattened name, else on the lower name alone ("投资情况 / 总投资（万元）" is 总投资).
- Names are compared without spaces, with full-width brackets, any 1-5月 / 1至5月 read as 1—N月,
  and a leading year read as 年度 (2021年计划投资 = 年度计划投资), or dropped before the months
  (2025年1-5月完成投资 = 1—N月完成投资).
- A note in brackets that a unit adds to a header (项目名称（全称）, 计划开工时间（年月）,
  审批（核准、备案）情况) is read past when the name without it is a known one; a unit in brackets
  stays: an amount's (总投资（万元）) is the column's unit, and 办理时限（天） (calendar days) is not
  办理时限 (working days).
- An amount's unit comes from its header (总投资（万元）), else from a note such as "单位：万元"
  in any cell above the header (a title row, a line of its own), else from ``--unit``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from docgen.errors import DataWarning, Location
from docgen.i18n import _, joined
from docgen.load.grid import Grid

HEADER_SCAN_ROWS = 10
UNITS = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}  # factor to 万元
_UNIT_IN_HEADER = re.compile(r"（(?:单位[:：])?(万元|亿元|元)）$")
_UNIT_NOTE = re.compile(r"单位\s*[:：]\s*(万元|亿元|元)")
_YEAR = re.compile(r"^\d{4}年度?")
_YEAR_BEFORE_MONTHS = re.compile(r"^\d{4}年度?(?=1—N月)")
_MONTHS = re.compile(r"1\s*[-—–~～至到]\s*(\d{1,2}|N)\s*月")
_NOTE = re.compile(r"[（(]([^）)]*)[）)]")
# units in brackets are not notes: an amount's unit converts it, and 办理时限（天） is not 办理时限 (working days)
# a lower header naming the group's own figure: 年度计划投资 over 计划 / 1—5月完成 / 完成率 (outsider26 #1)
_GROUP_OWN = frozenset({"计划", "计划数", "合计", "总计", "金额"})
_KEPT_UNIT = re.compile(r"^(?:单位[:：])?(?:元|万元|亿元|天|日|自然日|工作日)$")


def normalise_header(text: object) -> str:
    """Return a header without spaces, asterisks, line breaks, with full-width brackets."""
    value = re.sub(r"[\s*＊]", "", str(text or ""))
    return value.replace("(", "（").replace(")", "）")


def canonical(text: object) -> tuple[str, str | None]:
    """Return a header's name as columns are looked up, and the amount unit it declares (if any)."""
    name = normalise_header(text)
    unit = None
    match = _UNIT_IN_HEADER.search(name)
    if match:
        unit = match.group(1)
        name = name[: match.start()]
    name = _MONTHS.sub("1—N月", name)
    name = _YEAR.sub("年度", _YEAR_BEFORE_MONTHS.sub("", name))
    return name, unit


def months_of(text: object) -> int | None:
    """Return the N of a header's 1-N月 (1-11月完成投资 → 11), else None."""
    match = _MONTHS.search(normalise_header(text))
    return int(match.group(1)) if match and match.group(1).isdigit() else None


def without_note(text: object, known: AbstractSet[str]) -> object:
    """Return a header cell without the notes a unit adds in brackets when the name is then a known
    one (项目名称（全称） → 项目名称); units in brackets (（万元）, （天）) stay; any other cell as it is."""
    if not isinstance(text, str) or canonical(text)[0] in known:
        return text
    bare = _NOTE.sub(lambda m: m.group(0) if _KEPT_UNIT.match(m.group(1).strip()) else "", text)
    return bare if bare != text and canonical(bare)[0] in known else text


def unit_note(rows: Sequence[Sequence[Any]]) -> str | None:
    """Return the unit of a "单位：万元" note in any cell of ``rows`` (the rows above the header)."""
    for row in rows:
        for value in row:
            if isinstance(value, str):
                match = _UNIT_NOTE.search(value.replace(" ", ""))
                if match:
                    return match.group(1)
    return None


def ignored_unit_note(note: str, units: dict[str, str], where: Location) -> DataWarning:
    """Return the warning that the 单位：{note} above the header applies to no amount column (each
    header names another unit): a unit that retyped the form's amounts in 亿元 under 总投资（万元）."""
    read = joined(sorted(set(units.values())))
    return DataWarning(
        _(
            "the note above the header says 单位：{note}, but the amount columns' headers say {read}: "
            "the amounts are read in {read}; if they are in {note}, correct the header or the note"
        ).format(note=note, read=read),
        where,
    )


@dataclass(frozen=True)
class Header:
    """A ledger's header: its first and last row (0-based), and each position's name and unit."""

    first: int
    last: int
    names: list[str]  # as shown in messages: "上级 下级" for a two-row header
    lookups: list[tuple[str, ...]]  # the canonical names each position is matched on, best first
    units: list[str | None]


def _two_rows(grid: Grid, index: int) -> bool:
    """Is row ``index`` the upper row of a header merged over two rows?

    Yes when a merged cell starting in it goes down into the next row (项目名称 over two rows), or
    goes across columns under which the next row has at least two different texts (2021年计划
    over 投资 / 形象进度).
    """
    if index + 1 >= len(grid.rows):
        return False
    if _spread_upper(grid, index) is not None:
        return True
    lower = grid.rows[index + 1]
    for merge in grid.merges:
        if merge.top != index:
            continue
        if merge.bottom > index:
            return True
        below = {v.strip() for v in lower[merge.left : merge.right + 1] if isinstance(v, str) and v.strip()}
        if merge.right > merge.left and len(below) >= 2:
            return True
    return False


def two_row_header(upper: tuple[str, ...], lower: tuple[str, ...]) -> bool:
    """Is ``lower`` the second row of a header merged over two rows?  Every column is named in one of
    them; some names stand only in the lower row (under a name merged across, 2025年计划 / 投资), and
    some only in the upper (merged down, 项目名称), as a data row under a one-row header never has."""
    pairs = list(zip(upper, lower, strict=True))
    if any(not a.strip() and not b.strip() for a, b in pairs):
        return False
    below_only = any(not a.strip() and b.strip() for a, b in pairs)
    above_only = any(a.strip() and not b.strip() for a, b in pairs)
    return below_only and above_only


def _spread_upper(grid: Grid, index: int) -> list[str] | None:
    """Return the upper row of a two-row header written without merging (a .csv, an Excel sheet that only
    left the cells blank), each group's name spread over the blank cells after it whose lower cells are
    named (年度计划投资,, over 计划,1—5月完成,完成率: outsider26 #15); None when rows ``index`` and
    ``index + 1`` are not such a header.  A header with merged cells says its groups by them (merges
    elsewhere — a merged title row, 责任单位 merged down over its projects — do not count; review26).

    Such a header names every column in one of its rows, some only in the lower (under a group) and
    some only in the upper (项目名称 down both); its lower row is text, no number, as a data row is not."""
    if index + 1 >= len(grid.rows) or any(m.top <= index + 1 and m.bottom >= index for m in grid.merges):
        return None
    upper, lower = [_text(v) for v in grid.rows[index]], [_text(v) for v in grid.rows[index + 1]]
    width = max(len(upper), len(lower))
    upper, lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
    while width and not upper[width - 1] and not lower[width - 1]:
        width -= 1
    pairs = list(zip(upper[:width], lower[:width], strict=True))
    if not pairs or any(_FIGURE.fullmatch(b) for _a, b in pairs):
        return None
    if not two_row_header(tuple(upper[:width]), tuple(lower[:width])):  # as the attachment reader tests
        return None
    spread, group = [], ""
    for above, below in pairs:
        group = (above if below else "") if above else group
        spread.append(above or group)
    return spread if all(spread) else None


_FIGURE = re.compile(r"[-+]?[\d,.，]+%?|\d{4}[-./年]\d{1,2}.*")  # a number or a date: a data row's cell


def _text(value: object) -> str:
    """Return a header cell as messages show it: a line break typed in the cell (责任\\n单位) joined."""
    return "" if value is None else re.sub(r"\s*\n\s*", "", str(value).strip())


def header_at(grid: Grid, index: int, known: AbstractSet[str] = frozenset()) -> Header:
    """Return the header starting at row ``index`` (one row, or two or three when merged cells span them),
    its cells matched without the bracketed notes that hide a ``known`` name; shown as written."""
    shown_upper: Sequence[Any] = grid.rows[index]
    upper: Sequence[object] = [without_note(v, known) for v in shown_upper]
    if not _two_rows(grid, index):
        canon = [canonical(v) for v in upper]
        return Header(
            index, index, [_text(v) for v in shown_upper], [(c[0],) for c in canon], [c[1] for c in canon]
        )
    last = index + 1
    if index + 2 < len(grid.rows) and _two_rows(grid, index + 1):  # 投资情况 / 2025年 / 年度计划投资 (ledgers11 #7)
        shown_upper, upper = _stacked(grid.rows[index], grid.rows[index + 1], known)
        last = index + 2
    spread = _spread_upper(grid, index)
    if spread is not None:  # a .csv's group names, spread over the columns they head
        shown_upper = upper = spread
    shown_lower = grid.rows[last]
    lower = [without_note(v, known) for v in shown_lower]
    width = max(len(upper), len(lower))
    names: list[str] = []
    lookups: list[tuple[str, ...]] = []
    units: list[str | None] = []
    for position in range(width):
        top = _text(upper[position]) if position < len(upper) else ""
        bottom = _text(lower[position]) if position < len(lower) else ""
        top_shown = _text(shown_upper[position]) if position < len(shown_upper) else ""
        bottom_shown = _text(shown_lower[position]) if position < len(shown_lower) else ""
        if not bottom or bottom == top:
            name, unit = canonical(top)
            names.append(top_shown)
            lookups.append((name,))
        elif not top:
            name, unit = canonical(bottom)
            names.append(bottom_shown)
            lookups.append((name,))
        else:
            name, unit = canonical(top + bottom)
            lower_name, lower_unit = canonical(bottom)
            unit = unit or lower_unit or canonical(top)[1] or _unit_within(top)
            names.append(f"{top_shown} {bottom_shown}")
            group = canonical(top)[0]  # its unit dropped: 年度计划投资（万元） over 1-5月完成 (outsider26 #1)
            own = (group,) if lower_name in _GROUP_OWN else ()
            lookups.append(tuple(dict.fromkeys((name, lower_name, group + lower_name, *own))))
        units.append(unit)
    return Header(index, last, names, lookups, units)


def _stacked(first: Sequence[Any], second: Sequence[Any], known: AbstractSet[str]) -> tuple[list[str], list[str]]:
    """Return the two upper rows of a three-row header as one (shown, matched): each column's texts
    top to bottom, a text merged down over both rows once (投资情况（万元） 2025年)."""
    shown: list[str] = []
    matched: list[str] = []
    for position in range(max(len(first), len(second))):
        texts = [_text(row[position]) if position < len(row) else "" for row in (first, second)]
        parts = [t for n, t in enumerate(texts) if t and (n == 0 or t != texts[0])]
        shown.append(" ".join(parts))
        matched.append("".join(_text(without_note(t, known)) for t in parts))
    return shown, matched


def _unit_within(text: str) -> str | None:
    """Return the unit of a header's bracket inside it (投资情况（万元）2025年 → 万元), else None."""
    match = re.search(r"[（(]\s*(?:单位\s*[:：]\s*)?(万元|亿元|元)\s*[）)]", text)
    return match.group(1) if match else None


def widest_row(rows: Sequence[Sequence[Any]]) -> int | None:
    """Return the first of the top rows with the most different texts (two or more), else None.

    The row an office reads as the header when none names the columns a command needs: a title
    (one text, even merged and filled across the sheet) is passed over.
    """
    best, best_count = None, 1
    for index in range(min(HEADER_SCAN_ROWS, len(rows))):
        count = len({cell.strip() for cell in rows[index] if isinstance(cell, str) and cell.strip()})
        if count > best_count:
            best, best_count = index, count
    return best


def find_header(grid: Grid, known: set[str]) -> Header | None:
    """Return the first header among the top rows naming at least two ``known`` columns.

    A two-row header counts when its upper row names a column itself (项目名称 merged down): a
    title row merged across the sheet above a one-row header is not the upper half of a header.
    """
    for index in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        found = sum(1 for cell in grid.rows[index] if canonical(without_note(cell, known))[0] in known)
        if found >= 2 or (
            found
            and _two_rows(grid, index)
            and sum(1 for names in header_at(grid, index, known).lookups if any(n in known for n in names)) >= 2
        ):
            return header_at(grid, index, known)
    return None
