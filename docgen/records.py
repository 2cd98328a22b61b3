"""Domain records read from ledgers (台账): typed, validated, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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

    @property
    def key(self) -> str:
        """Return the item's key in the register: its 督办编号, else the row's identifying cells."""
        return self.code or f"{self.project}|{self.unit}|{self.assigned.isoformat()}|{self.problems}"
