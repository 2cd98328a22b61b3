"""A 纪要 (GB/T 9704 10.3) from its source, or from a meeting and its decisions sheet; and the
督办 items of the decisions not done by their 时限 (for ``docgen.supervise``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from jinja2 import Environment

from docgen.compose.notice import compose_blocks
from docgen.errors import DataError
from docgen.load.minutes import MeetingFront, MinutesSource
from docgen.load.notice_body import SourceBlock, parse_body
from docgen.minutes_model import Attendance, Decision, Minutes
from docgen.model import Imprint
from docgen.records import SupervisionItem, SupervisionStatus
from docgen.templating import render_text
from docgen.workdays import Calendar

DECISIONS_TEMPLATE = "minutes/decisions.md.j2"
DRAFT_ISSUE = "第\u3000\u3000期"  # a draft: the number is left blank until it is issued


def issue_text(sequence: int | None) -> str:
    """Return the 期号 as printed: 第5期, or 第　　期 for a draft."""
    return DRAFT_ISSUE if sequence is None else f"第{sequence}期"


def mark_of(front: MeetingFront) -> str:
    """Return the 纪要标志 of a meeting (the register's series name of its 期号)."""
    return front.name if front.name.endswith("纪要") else f"{front.name}纪要"


def decisions_body(
    env: Environment, front: MeetingFront, decisions: Sequence[Decision]
) -> tuple[SourceBlock, ...]:
    """Return the body made from the decisions sheet by the template (opening, numbered decisions, close)."""
    shown = [dataclasses.replace(d, text=d.text.strip().rstrip("。；;.")) for d in decisions]
    text = render_text(env, DECISIONS_TEMPLATE, meeting=front, decisions=shown)
    return parse_body(text, f"templates/{DECISIONS_TEMPLATE}")


def compose_minutes(
    source: MinutesSource, sequence: int | None, body: Sequence[SourceBlock] | None = None
) -> Minutes:
    """Return the 纪要 of ``source`` numbered 第``sequence``期 (None: a draft); ``body`` replaces the source's."""
    front = source.front
    blocks = source.body if body is None else tuple(body)
    attendance = tuple(
        Attendance(label, tuple(names))
        for label, names in (("出席", front.present), ("请假", front.absent), ("列席", front.attending))
        if names
    )
    try:
        return Minutes(
            name=front.name,
            issue=issue_text(sequence),
            office=front.office_name,
            date=front.date,
            body=compose_blocks(blocks),
            attendance=attendance,
            imprint=Imprint(
                printed_by=front.printed_by or front.office_name,
                printed_date=front.printed_date or front.date,
                cc=tuple(front.cc),
            ),
            double_sided=front.double_sided,
        )
    except DataError as error:
        field_name = error.location.field
        raise error.at(file=source.path, line=source.line_of(field_name) if field_name else None) from None


def overdue_decisions(decisions: Sequence[Decision], as_of: dt.date) -> list[Decision]:
    """Return the decisions not done by their 时限 and still not done on ``as_of``."""
    return [d for d in decisions if not d.done and d.due is not None and as_of > d.due]


def supervision_item(
    front: MeetingFront, decision: Decision, index: int, calendar: Calendar
) -> SupervisionItem:
    """Return the 督办 item of an overdue decision: 交办日期 the meeting's date, 办理时限 the days the
    sheet gave (working or calendar); a 时限 given as a date is the 办结期限 as written (on a Saturday
    too: the notice names the date the meeting set, not the working day before it)."""
    assert decision.due is not None  # a standing decision (长期坚持) is never overdue
    days = decision.limit_days or max(1, calendar.workdays_between(front.date, decision.due))
    session = f"{front.session}会议" if front.session else ""
    subject = f"{front.name.removesuffix('纪要')}{session}议定事项第{index}项"
    problem = decision.text.strip().rstrip("。；;.")
    late = f"该事项完成时限为{decision.due.year}年{decision.due.month}月{decision.due.day}日，逾期未完成"
    progress = f"，目前{decision.progress.strip().rstrip('。')}" if decision.progress.strip() else ""
    return SupervisionItem(
        row=decision.row,
        code="",
        project=subject,
        unit=decision.units,
        problems=f"{problem}（{late}{progress}）",
        assigned=front.date,
        limit_days=min(days, 365),
        calendar_days=decision.calendar_days,
        status=SupervisionStatus.NOT_DONE,
        person=decision.person,
        due_date=None if decision.limit_days else decision.due,
    )
