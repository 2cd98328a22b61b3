"""The 纪要 model (GB/T 9704 10.3): typed, frozen, validated, no I/O.

Kept beside ``docgen.model`` (the general format and the 简报), which is at its size limit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.model import Block, Imprint, check_text
from docgen.records import TimeLimit

ATTENDANCE_LABELS = ("出席", "请假", "列席")  # 10.3: each starts a line, in this order


@dataclass(frozen=True)
class Attendance:
    """One line of the list after the body (10.3): 出席, 请假 or 列席 and the names."""

    label: str
    names: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.label not in ATTENDANCE_LABELS:
            raise DataError(
                _("the list after a 纪要 is 出席, 请假 or 列席, not {label!r}").format(label=self.label),
                Location(field="attendance"),
            )
        for name in self.names:
            check_text(name, self.label)

    @property
    def text(self) -> str:
        """Return the names as printed, joined with 、."""
        return "、".join(name.strip() for name in self.names if name.strip())


@dataclass(frozen=True)
class Decision:
    """One 议定事项 as the decisions sheet has it: what, who, by when, and whether it is done.

    ``due`` is the 完成时限 as a date; ``limit_days`` the days it was given in (0: a date), working
    days unless ``calendar_days`` (written 15天, 15日: counted as supervise counts a 办理时限);
    a standing decision (长期坚持) has no date: ``due`` is None, ``standing`` the words it was given in.
    """

    row: int
    text: str
    units: str
    due: dt.date | None
    person: str = ""
    limit_days: int = 0
    progress: str = ""  # 完成情况
    done_on: dt.date | None = None  # 完成日期
    standing: str = ""  # 长期坚持, 持续推进: a decision with no 时限 date, never overdue
    calendar_days: bool = False  # 时限 written 15天/15日: calendar days, not working days

    @property
    def limit(self) -> TimeLimit:
        """Return the 时限 as the sheet gave it in days: 15个工作日, or 15日 (calendar days)."""
        return TimeLimit(self.limit_days, self.calendar_days)

    @property
    def done(self) -> bool:
        """Whether the decision is done (a 完成日期, or 完成情况 saying 已完成/完成)."""
        return self.done_on is not None or self.progress.strip() in ("已完成", "完成", "已办结", "办结")


@dataclass(frozen=True)
class Minutes:
    """A 纪要 (10.3): the mark "XX纪要", its 期号, office and date over a red rule, the body, 出席/请假/列席, 版记."""

    name: str  # the meeting, e.g. 长子县重点项目建设联席会议 (the mark adds 纪要)
    issue: str  # 第5期 (a draft: 第　　期)
    office: str  # who drafts and issues it, e.g. the 联席会议办公室
    date: dt.date
    body: tuple[Block, ...]
    attendance: tuple[Attendance, ...] = ()
    imprint: Imprint | None = None
    color: str = "FF0000"
    mark_size_pt: float | None = None
    double_sided: bool = True

    def __post_init__(self) -> None:
        for value, field_name in ((self.name, "name"), (self.issue, "issue"), (self.office, "office")):
            if not value.strip():
                raise DataError(_("must not be empty"), Location(field=field_name))
            check_text(value, field_name)
        if not self.body:
            raise DataError(_("the body is empty: 首页必须显示正文 (7.3.3)"), Location(field="body"))

    @property
    def mark(self) -> str:
        """Return the 纪要标志 (10.3): the meeting's name and 纪要."""
        name = self.name.strip()
        return name if name.endswith("纪要") else f"{name}纪要"
