"""Targets kept in an .xlsx, as offices keep them: one row per unit, one column per indicator.

Sheet 目标 (or the first): a title row or a "名称：……" note may stand above the header; columns
组别 (optional), 单位, then any of the indicators (docgen/progress/targets.py) — sums with their unit
in the header (入库项目总投资（亿元）) or a 单位：亿元 note, shares as percentages (a cell formatted
70% or the text 70%).  Sheet 节点 (optional): 日期 and 比例.  A target that every unit of a group
shares becomes the group's; the others stay the unit's own.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.errors import DataError, Location
from docgen.i18n import _, joined
from docgen.load.cells import CellError, shown, to_date, to_decimal, to_int, to_share, to_text
from docgen.load.grid import read_grid
from docgen.load.header import HEADER_SCAN_ROWS, canonical, find_header
from docgen.load.sheet import Column, SheetRows, ledger_from_grid
from docgen.progress.targets import INDICATORS, Group, Milestone, Targets

_TITLE = re.compile(r"^(?:名称|任务名称|行动名称)\s*[:：]\s*(.+)$")
DEFAULT_GROUP = "全部单位"


def _whole(value: object) -> Decimal:
    return Decimal(to_int(value))


def _amount(value: object) -> Decimal:
    amount = to_decimal(value)
    if amount < 0:
        raise CellError(_("a target is not below zero: {value}").format(value=shown(value)))
    return amount


TARGET_COLUMNS = (
    Column("group", ("组别", "分组", "组"), to_text, required=False, default=""),
    Column("unit", ("单位", "县（市、区）", "责任单位"), to_text),
    *(
        Column(
            i.key,
            (i.name,),
            {"count": _whole, "money": _amount, "share": to_share}[i.kind],
            required=False,
            money=i.kind == "money",
        )
        for i in INDICATORS
    ),
)
MILESTONE_COLUMNS = (
    Column("date", ("日期", "节点日期", "时间节点"), to_date),
    Column("share", ("比例", "完成比例", "进度要求"), to_share),
)


def _title(rows: list[list[Any]]) -> str | None:
    for row in rows[:HEADER_SCAN_ROWS]:
        for value in row:
            match = _TITLE.match(value.strip()) if isinstance(value, str) else None
            if match:
                return match.group(1).strip()
    return None


def _raise_first(rows: SheetRows) -> None:
    hidden = rows.hidden_error()  # a unit's targets hidden would be no targets, unsaid
    if hidden is not None:
        raise hidden
    if rows.errors:
        first = rows.errors[0]
        more = len(rows.errors) - 1
        raise DataError(first.reason + (_(" (and {n} more)").format(n=more) if more else ""), first.location)


def _milestones(path: Path) -> tuple[Milestone, ...]:
    grid = read_grid(path, None, prefer=("节点",))
    if grid.sheet != "节点":
        return ()
    rows = ledger_from_grid(grid, path, MILESTONE_COLUMNS)
    _raise_first(rows)
    return tuple(sorted((Milestone(r["date"], r["share"]) for _, r in rows.records), key=lambda m: m.date))


def load_targets_sheet(path: Path) -> Targets:
    """Return the targets of an .xlsx targets file (see the module docstring)."""
    grid = read_grid(path, None, prefer=("目标",))
    title = _title(grid.rows)
    known = {canonical(h)[0] for c in TARGET_COLUMNS for h in c.headers}
    if find_header(grid, known) is None:
        raise DataError(
            _("no header row with 单位 and indicators such as {names}").format(
                names=joined(i.name for i in INDICATORS[:3])
            ),
            Location(file=path, sheet=grid.sheet),
        )
    rows = ledger_from_grid(grid, path, TARGET_COLUMNS)
    _raise_first(rows)
    by_group: dict[str, list[tuple[str, dict[str, Decimal]]]] = {}
    seen: dict[str, int] = {}
    for line, record in rows.records:
        unit = record["unit"]
        if unit in seen:
            raise DataError(
                _("{unit} has two rows: {first} and {second}").format(
                    unit=unit, first=seen[unit], second=line
                ),
                Location(file=path, sheet=rows.sheet, line=line),
            )
        seen[unit] = line
        targets = {i.key: record[i.key] for i in INDICATORS if record.get(i.key) is not None}
        by_group.setdefault(record["group"] or DEFAULT_GROUP, []).append((unit, targets))
    groups: list[Group] = []
    own: dict[str, dict[str, Decimal]] = {}
    for name, members in by_group.items():
        shared = {k: v for k, v in members[0][1].items() if all(m[1].get(k) == v for m in members)}
        groups.append(Group(name, tuple(u for u, _t in members), shared))
        for unit, targets in members:
            rest = {k: v for k, v in targets.items() if k not in shared}
            if rest:
                own[unit] = rest
    if not groups:
        raise DataError(_("no unit has targets under the header"), Location(file=path, sheet=rows.sheet))
    return Targets(title or "重点项目谋划储备", _milestones(path), tuple(groups), own)
