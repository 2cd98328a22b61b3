"""The supervision ledger (督办台账): columns, synonyms and the typed items."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _, joined
from docgen.load.cells import CellError, to_date, to_int, to_text
from docgen.load.sheet import Column, SheetRows, read_ledger
from docgen.records import SupervisionItem, SupervisionStatus, TimeLimit

# What offices write in the 状态 column for the four states (an item is closed only by words that say
# so: 完成, 办结, 销号; anything else unknown is refused rather than guessed).
STATUS_WORDS = {
    "已完成": SupervisionStatus.DONE,
    "完成": SupervisionStatus.DONE,
    "办结": SupervisionStatus.DONE,
    "已销号": SupervisionStatus.DONE,
    "销号": SupervisionStatus.DONE,
    "正在办理": SupervisionStatus.IN_PROGRESS,
    "推进中": SupervisionStatus.IN_PROGRESS,
    "未完成": SupervisionStatus.NOT_DONE,
    "未办理": SupervisionStatus.NOT_DONE,
    "解除": SupervisionStatus.LIFTED,
}


def read_status(value: object) -> SupervisionStatus:
    """Return the state a 状态 cell says (an empty cell: 未办结); CellError for words not known."""
    text = to_text(value)
    if not text:
        return SupervisionStatus.NOT_DONE
    for status in SupervisionStatus:
        if text == status.value:
            return status
    if text in STATUS_WORDS:
        return STATUS_WORDS[text]
    raise CellError(
        _("unknown status {value!r}; use {choices}").format(
            value=text, choices=joined(s.value for s in SupervisionStatus)
        )
    )


_CALENDAR_DAYS = re.compile(r"\s*[0-9]+\s*(?:个)?(?:天|日|自然日)\s*")


def read_limit(value: object) -> TimeLimit:
    """Return the 办理时限 as offices phrase it: 15, 15个工作日(内) are working days; 15天, 15日, 15个自然日
    (以内) are calendar days (the lead's decision, README 督办)."""
    if isinstance(value, str):
        value = re.sub(r"(?:以内|内)\s*$", "", unicodedata.normalize("NFKC", value))
        calendar = bool(_CALENDAR_DAYS.fullmatch(value))
        value = re.sub(r"(?<=[0-9])\s*(?:个)?自然日\s*$", "日", value) if calendar else value
    else:
        calendar = False
    days = to_int(value)
    if not 1 <= days <= 365:
        raise CellError(_("a time limit of 1 to 365 working days, not {days}").format(days=days))
    return TimeLimit(days, calendar)


SUPERVISION_COLUMNS = (
    Column("code", ("督办编号", "编号", "督办号"), to_text, required=False, default=""),
    Column("project", ("项目名称", "项目", "项目名"), to_text),
    Column("unit", ("责任单位", "承办单位", "主办单位", "牵头单位"), to_text),
    Column("leader", ("责任领导", "包抓领导", "分包领导", "包联领导", "包保领导"), to_text, required=False, default=""),
    Column("person", ("责任人", "具体责任人"), to_text, required=False, default=""),
    Column("phone", ("联系电话", "电话"), to_text, required=False, default=""),
    Column("problems", ("存在问题", "问题", "问题描述"), to_text),
    Column("requirements", ("督办要求", "整改要求", "办理要求"), to_text, required=False, default=""),
    # …时间 as other counties head a date column (outsider26 #5)
    Column("assigned", ("交办日期", "督办日期", "下发日期", "交办时间", "督办时间", "下发时间"), to_date),
    Column("limit_days", ("办理时限（工作日）", "办理时限", "时限（工作日）", "时限"), read_limit),
    Column("status", ("状态", "办理状态"), read_status, required=False, default=SupervisionStatus.NOT_DONE),
    Column("feedback", ("反馈日期", "回复日期", "复函日期", "反馈时间", "回复时间", "复函时间"), to_date, required=False, default=None),
)


def load_supervision(path: Path, sheet: str | None = None) -> tuple[list[SupervisionItem], list[DataError]]:
    """Read the supervision ledger: the valid items, and an error for every bad cell or duplicated item.

    An item written on two rows is not made from either (which row is right is the office's to say:
    outsider 7 defect 3); the error on the later row names the earlier one."""
    rows: SheetRows = read_ledger(path, SUPERVISION_COLUMNS, sheet)
    items: dict[str, SupervisionItem] = {}
    repeated: set[str] = set()
    errors = [*rows.errors, *rows.warnings]  # warnings too: hidden rows left out are said (ledgers12 #1)
    seen: dict[str, int] = {}
    for row, record in rows.records:
        limit: TimeLimit = record.pop("limit_days")
        item = SupervisionItem(row=row, limit_days=limit.days, calendar_days=limit.calendar, **record)
        if item.key in seen:
            repeated.add(item.key)
            errors.append(
                DataError(
                    _(
                        "the same item as row {other} (督办编号 or project, unit, date and problem); neither "
                        "row is made until one is corrected or deleted"
                    ).format(other=seen[item.key]),
                    Location(
                        file=path, sheet=rows.sheet, line=row, field="督办编号" if item.code else "项目名称"
                    ),
                )
            )
            continue
        seen[item.key] = row
        items[item.key] = item
    errors.sort(key=lambda e: e.location.line or 0)
    return [item for key, item in items.items() if key not in repeated], errors
