"""Domain records read from ledgers (台账): typed, validated, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class SupervisionStatus(StrEnum):
    """状态 of a 督办 item; the first two are open."""

    NOT_DONE = "未办结"
    IN_PROGRESS = "办理中"
    DONE = "已办结"
    LIFTED = "已解除"

    @property
    def is_open(self) -> bool:
        return self in (SupervisionStatus.NOT_DONE, SupervisionStatus.IN_PROGRESS)


class CardColour(StrEnum):
    """The card of a listed item: 蓝 when listed, 黄 when the reply is late, 红 when the deadline has passed."""

    BLUE = "蓝"
    YELLOW = "黄"
    RED = "红"


@dataclass(frozen=True)
class TimeLimit:
    """办理时限: working days (15, 15个工作日), or calendar days (自然日) when written 15天 or 15日."""

    days: int
    calendar: bool = False

    def __str__(self) -> str:
        """Return the limit as a document says it: 15个工作日, or 15日."""
        return f"{self.days}日" if self.calendar else f"{self.days}个工作日"


@dataclass(frozen=True)
class SupervisionItem:
    """One row of the supervision ledger (督办台账)."""

    row: int
    code: str
    project: str
    unit: str
    problems: str
    assigned: dt.date
    limit_days: int
    status: SupervisionStatus
    leader: str = ""
    person: str = ""
    phone: str = ""
    requirements: str = ""
    feedback: dt.date | None = None
    calendar_days: bool = False  # 办理时限 written 15天/15日: calendar days, not working days
    # the day the notice is made when later than the 交办日期 (a 纪要 decision found overdue on --as-of)
    notified: dt.date | None = None
    # the 办结期限 as a date, when given as one (a 纪要 decision's 时限 11月15日前): kept as written, not counted
    due_date: dt.date | None = None

    @property
    def dated(self) -> dt.date:
        """Return the notice's date: the day it is made, else the 交办日期."""
        return self.notified or self.assigned

    @property
    def limit(self) -> TimeLimit:
        """Return the 办理时限 as written: working or calendar days."""
        return TimeLimit(self.limit_days, self.calendar_days)

    @property
    def key(self) -> str:
        """Return the item's key in the register: its 督办编号, else the row's identifying cells."""
        return self.code or f"{self.project}|{self.unit}|{self.assigned.isoformat()}|{self.problems}"


@dataclass(frozen=True)
class ProjectRow:
    """One project of the monthly project ledger (重点项目台账); money in 万元 as Decimal."""

    row: int
    name: str
    unit: str
    total: Decimal
    annual_plan: Decimal
    completed: Decimal
    planned_to_date: Decimal | None = None  # 1–N月计划投资 (monthly plans); None: 序时 = N/12
    new_start: bool = False  # 计划新开工
    started: bool = False  # 已开工
    approvals_done: bool = False  # 前期手续办结
    level: str = ""
    nature: str = ""
    progress: str = ""  # 形象进度
    problems: str = ""
    leader: str = ""  # 包抓领导
