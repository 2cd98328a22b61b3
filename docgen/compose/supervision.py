"""挂牌督办通知书, 催办通知 and the 督查通报 of overdue items, from supervision ledger items.

Dates are counted in Chinese working days (docgen/workdays.py); wording comes from the prose
templates in templates/supervision/ (an office may edit them); the 版头, 版记 and the reply form
are built here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from jinja2 import Environment

from docgen.compose.notice import compose_blocks
from docgen.errors import DataError
from docgen.load.notice_body import parse_body
from docgen.model import (
    Attachment,
    Block,
    Document,
    DocumentNumber,
    Imprint,
    Letterhead,
    Signature,
    Table,
)
from docgen.records import CardColour, SupervisionItem
from docgen.templating import render_text
from docgen.workdays import Calendar, past_the_calendar

DEFAULT_REPLY_DAYS = 3  # seed 004 §13: 收到后三个工作日内复函

# the prose templates (an office's --templates copy replaces them): every item of a run uses the same one
NOTICE_TEMPLATE = "supervision/notice.md.j2"
URGE_TEMPLATE = "supervision/urge.md.j2"
BULLETIN_TEMPLATE = "supervision/bulletin.md.j2"


@dataclass(frozen=True)
class Deadlines:
    """An item's two deadlines: the reply (复函) and the completion (办结)."""

    reply: dt.date
    due: dt.date


def deadlines(item: SupervisionItem, reply_days: int, calendar: Calendar) -> Deadlines:
    """Return the reply and completion deadlines: completion the date given (a 纪要's 时限), else counted
    from the 交办日期 in working days (a 办理时限 written 15天/15日: in calendar days), the reply from
    the day the notice is made."""
    try:
        if item.due_date is not None:
            due = item.due_date
        elif item.calendar_days:
            due = item.assigned + dt.timedelta(days=item.limit_days)
        else:
            due = calendar.add_workdays(item.assigned, item.limit_days)
        return Deadlines(calendar.add_workdays(item.dated, reply_days), due)
    except OverflowError:  # 交办日期 9999-12-25 and 15天 ended as 内部错误 (hostile12)
        raise DataError(past_the_calendar(item.assigned)) from None


def card(item: SupervisionItem, dates: Deadlines, as_of: dt.date) -> CardColour | None:
    """Return the item's card on ``as_of``: 红 past the deadline, 黄 with the reply late, else 蓝; None when closed."""
    if not item.status.is_open:
        return None
    if as_of > dates.due:
        return CardColour.RED
    if item.feedback is None and as_of > dates.reply:
        return CardColour.YELLOW
    return CardColour.BLUE


def is_overdue(item: SupervisionItem, dates: Deadlines, as_of: dt.date) -> bool:
    """Open with no 反馈日期 after the reply deadline, or open after the completion deadline."""
    return card(item, dates, as_of) in (CardColour.YELLOW, CardColour.RED)


def split_problems(text: str) -> list[str]:
    """Split the 存在问题 cell into problems: by line, by ；, or by typed numbers like 1. 2、."""
    parts = [p.strip() for p in re.split(r"[\r\n]+|；|;", text) if p.strip()]
    if len(parts) == 1:
        numbered = [p.strip() for p in re.split(r"(?:^|\s)\d+[.、．]\s*", parts[0]) if p.strip()]
        parts = numbered or parts
    return [re.sub(r"^\d+[.、．]\s*", "", p).rstrip("。") + "。" for p in parts]


def supervision_code(letterhead: Letterhead) -> str:
    """Return the 代字 of the letterhead's 督办 series (configured, else 代字 + 督)."""
    return letterhead.supervision_code or f"{letterhead.code}督"


def _imprint(letterhead: Letterhead, date: dt.date, cc: tuple[str, ...] = ()) -> Imprint:
    return Imprint(printed_by=letterhead.imprint_organ, printed_date=date, cc=cc)


def _body(env: Environment, template: str, **context: object) -> tuple[Block, ...]:
    text = render_text(env, template, **context)
    return compose_blocks(parse_body(text, f"templates/{template}"), frozenset({3}))


def reply_form(item: SupervisionItem, number: str) -> Attachment:
    """Return the 回执 (reply form): the five items of seed 004 §13 to fill in, signature and seal."""
    rows = (
        ("督办编号", number),
        ("项目名称", item.project),
        ("存在问题", "；".join(p.rstrip("。") for p in split_problems(item.problems)) + "。"),
        ("解决办法", ""),
        ("责任单位", ""),
        ("责任领导", ""),
        ("责任人", ""),
        ("解决时限", ""),
        ("联系电话", ""),
        ("单位负责人（签字）", ""),
        ("单位（盖章）", "\n年\u3000\u3000月\u3000\u3000日"),
    )
    lines = (1, 1, 2, 4, 1, 1, 1, 1, 1, 2, 3)
    table = Table(rows=rows, header_rows=0, widths=(5, 11), min_lines=lines)
    return Attachment("附件", "挂牌督办回执", (table,))


def notice(
    env: Environment,
    item: SupervisionItem,
    letterhead: Letterhead,
    number: DocumentNumber,
    *,
    dates: Deadlines,
    reply_days: int = DEFAULT_REPLY_DAYS,
) -> Document:
    """Return the 挂牌督办通知书 of one item, addressed to its 责任单位 (``dates``: its deadlines)."""
    body = _body(
        env,
        NOTICE_TEMPLATE,
        item=item,
        number=number.text(),
        problems=[p for p in split_problems(item.problems)],
        reply_days=reply_days,
        reply_deadline=dates.reply,
        due=dates.due,
        due_passed=dates.due < item.dated,
        letterhead=letterhead,
    )
    form = reply_form(item, number.text())
    return Document(
        header=letterhead.header(number),
        title=f"关于{item.project}的挂牌督办通知书",
        addressees=f"{item.unit}：",
        body=body,
        attachments=(form,),
        signature=Signature(organs=(letterhead.name,), date=item.dated),
        imprint=_imprint(letterhead, item.dated),
    )


def urge(
    env: Environment,
    item: SupervisionItem,
    letterhead: Letterhead,
    number: DocumentNumber,
    *,
    original: str,
    as_of: dt.date,
    dates: Deadlines,
) -> Document:
    """Return the 催办通知 of an overdue item (``dates``: its deadlines)."""
    colour = card(item, dates, as_of)
    body = _body(
        env,
        URGE_TEMPLATE,
        item=item,
        number=original,
        original_date=item.assigned,
        reply_deadline=dates.reply,
        due=dates.due,
        as_of=as_of,
        due_passed=colour is CardColour.RED,
        reply_late=colour is CardColour.YELLOW,
        card=colour.value if colour else "",
        letterhead=letterhead,
    )
    return Document(
        header=letterhead.header(number),
        title=f"关于{item.project}挂牌督办事项的催办通知",
        addressees=f"{item.unit}：",
        body=body,
        signature=Signature(organs=(letterhead.name,), date=as_of),
        imprint=_imprint(letterhead, as_of),
    )


@dataclass(frozen=True)
class OverdueEntry:
    """An overdue item as the 督查通报 lists it."""

    item: SupervisionItem
    number: str
    due: dt.date
    card: str
    situation: str


def overdue_bulletin(
    env: Environment,
    entries: list[OverdueEntry],
    total_open: int,
    letterhead: Letterhead,
    number: DocumentNumber,
    *,
    as_of: dt.date,
) -> Document:
    """Return the 督查通报 listing every overdue item in a table, with counts per unit."""
    counts = Counter(entry.item.unit for entry in entries)
    units = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    body = _body(
        env,
        BULLETIN_TEMPLATE,
        as_of=as_of,
        items=entries,
        total_open=total_open,
        reply_late=sum(1 for e in entries if e.card == CardColour.YELLOW.value),
        due_passed=sum(1 for e in entries if e.card == CardColour.RED.value),
        units=units,
        letterhead=letterhead,
    )
    # 主送: the units in the body's order (most overdue first), peers joined by 顿号 as seed 003's
    # 主送 joins its 人民政府 (they were sorted by code point and joined by commas: 丹朱镇，大堡头镇，慈林镇，…)
    unit_list = [unit for unit, _count in units]
    return Document(
        header=letterhead.header(number),
        title=f"关于{as_of.year}年{as_of.month}月挂牌督办事项逾期情况的通报",
        addressees="各责任单位：" if len(unit_list) > 8 else "、".join(unit_list) + "：",
        body=body,
        signature=Signature(organs=(letterhead.name,), date=as_of),
        imprint=_imprint(letterhead, as_of),
    )
