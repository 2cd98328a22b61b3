"""The 纪要 sources: a meeting's front matter (in a .md 纪要 source or a .yaml beside a decisions
sheet) and the decisions sheet (议定事项) itself.

    ---
    会议名称: 长子县重点项目建设联席会议     # the mark is 会议名称 + 纪要
    届次: 2025年第5次                        # the meeting of the series
    日期: 2025-05-12
    地点: 县政府三楼会议室
    主持: 县长 王某某
    出席: [县政府办公室, 县发改局, 县自然资源局]
    请假: 县统计局
    列席: [县纪委监委]
    记录: 李某某
    期号: auto                               # or a number: 第N期 of the year (register series 纪要)
    发文机关: zhangzi-zdxmb                  # the letterhead of the 督办 made from overdue decisions
    ---
    body (as a notice's: # headings, paragraphs, | tables |)

Also: 印发单位 (the office on the 期号 line; default 会议名称 + 办公室), 印发机关, 印发日期,
抄送, 议题 (the topics, for the opening paragraph), 双面印刷.  English keys work too.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from docgen.errors import DataError, Location, raise_problems
from docgen.fieldnames import field_label
from docgen.i18n import _
from docgen.load.cells import CellError, is_blank, to_date, to_text
from docgen.load.notice import _alias, _alias_default, parse_date, split_front_matter
from docgen.load.notice_body import SourceBlock, parse_body
from docgen.load.notice_typed import empty_sections
from docgen.load.sheet import Column, read_ledger
from docgen.load.supervision import read_limit
from docgen.load.tables import read_text_file
from docgen.load.yamlsrc import KeyPath, parse_yaml, validate
from docgen.minutes_model import Decision
from docgen.model_text import check_naming
from docgen.records import TimeLimit
from docgen.remarks import Remark, note, warning
from docgen.workdays import Calendar, CalendarError, past_the_calendar

_SEPARATORS = re.compile(r"[、，,；;]")


def _names(value: Any) -> Any:
    """Accept a list, or one string of names separated by 、 ， or ,."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in _SEPARATORS.split(value.strip().rstrip("。")) if part.strip()]
    return value


# What a clerk writes for nobody (请假: 无): an office prints no 请假 line then, as for no key at all
NOBODY = frozenset({"无", "无人", "没有", "暂无", "空", "-", "—", "——", "/", "／", "none", "None", "N/A"})


def nobody(value: Any) -> bool:
    """Say whether an attendance value says there is nobody (无, 无人, —; or a list of just that)."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return isinstance(value, str) and value.strip().rstrip("。.").strip() in NOBODY


def _as_typed(value: Any) -> Any:
    """Accept a list, or one string kept as typed (its 。 dropped): the clerk's “，” between groups and
    “、” within one say who holds which post (“副县长张红梅、刘志远，县政府办公室主任陈晓东”), which
    re-joining every name with “、” lost (outsider4 #13).  Nobody (``nobody``: 请假: 无) is no names."""
    if value is None or nobody(value):
        return []
    if isinstance(value, str):
        text = value.strip().rstrip("。").strip()
        return [text] if text else []
    return value


class MeetingFront(BaseModel):
    """The meeting of a 纪要; see the module docstring for the keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = _alias("name", "会议名称")
    session: str = _alias_default("", "session", "届次", "会次")
    date: dt.date = _alias("date", "日期", "会议日期")
    place: str = _alias_default("", "place", "地点", "会议地点")
    chair: str = _alias_default("", "chair", "主持", "主持人")
    present: list[str] = _alias_default([], "present", "出席")
    absent: list[str] = _alias_default([], "absent", "请假")
    attending: list[str] = _alias_default([], "attending", "列席")
    recorder: str = _alias_default("", "recorder", "记录", "记录人")
    office: str | None = _alias_default(None, "office", "印发单位", "编印单位")
    issue: str | int | None = _alias_default(None, "issue", "期号")
    letterhead: str | None = _alias_default(None, "letterhead", "发文机关")
    printed_by: str | None = _alias_default(None, "printed_by", "印发机关")
    printed_date: dt.date | None = _alias_default(None, "printed_date", "印发日期")
    cc: list[str] = _alias_default([], "cc", "抄送", "分送")
    topics: list[str] = _alias_default([], "topics", "议题")
    double_sided: bool = _alias_default(True, "double_sided", "双面印刷")

    @field_validator("cc", "topics", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return _names(value)

    @field_validator("present", "absent", "attending", mode="before")
    @classmethod
    def _attendance(cls, value: Any) -> Any:
        return _as_typed(value)

    @field_validator("date", "printed_date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return None if value is None else parse_date(value)

    @field_validator("name")
    @classmethod
    def _some_name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("must not be empty"))
        try:
            return check_naming(value.strip(), "name")  # 会议名称 names the 纪要's files (hostile8 #1)
        except DataError as error:
            raise ValueError(error.reason) from None

    @property
    def office_name(self) -> str:
        """Return the office on the 期号 line: given, else the meeting's 办公室."""
        return self.office or f"{self.name.removesuffix('纪要')}办公室"


@dataclass(frozen=True)
class MinutesSource:
    """A 纪要 source as read: the meeting, the body (empty for a .yaml meeting file), key lines."""

    path: Path
    front: MeetingFront
    body: tuple[SourceBlock, ...]
    lines: dict[KeyPath, int]
    notes: tuple[Remark, ...] = ()  # warnings on the source: a person both 出席 and 请假, an empty section

    def line_of(self, key: str) -> int | None:
        """Return the line of a top-level key (as written), if it was given."""
        return self.lines.get((key,))


def load_minutes(path: Path) -> MinutesSource:
    """Read a 纪要 source: YAML front matter and a body (.md), or a meeting alone (.yaml/.yml)."""
    text = read_text_file(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        data, lines = parse_yaml(text, path)
        meeting = validate(MeetingFront, data, path, lines)
        said = [*_nobody_lines(data, lines), *_recorder_line(data, lines), *_present_and_absent(meeting, lines)]
        return MinutesSource(path, meeting, (), lines, tuple(said))
    front_text, body_text, body_first_line = split_front_matter(text, path)
    data, lines = parse_yaml(front_text, path, first_line=2)
    problems: list[DataError] = []  # the meeting's fields and the body's lines, said at once
    try:
        front = validate(MeetingFront, data, path, lines)
    except DataError as error:
        problems.append(error)
    try:
        body = parse_body(body_text, path, body_first_line)
    except DataError as error:
        problems.append(error)
    raise_problems(problems)
    notes = [
        *_nobody_lines(data, lines),
        *_recorder_line(data, lines),
        *_present_and_absent(front, lines),
        *empty_sections(body),
    ]
    return MinutesSource(path, front, body, lines, tuple(notes))


_ATTENDANCE_KEYS = ("出席", "present", "请假", "absent", "列席", "attending")


def _shown(value: Any) -> str:
    """Return a one-item attendance value as typed (the item of a list)."""
    return str(value[0] if isinstance(value, list) and value else value).strip()


def _nobody_lines(data: Any, lines: dict[KeyPath, int]) -> list[Remark]:
    """Return a note for each attendance key written as nobody (请假: 无): the 纪要 leaves its line out."""
    if not isinstance(data, dict):
        return []
    return [
        note(
            _("line {line}: {key} “{value}”: nobody, so the 纪要 has no {key} line").format(
                line=lines.get((key,)), key=field_label(key), value=_shown(data[key])
            )
        )
        for key in _ATTENDANCE_KEYS
        if key in data and nobody(data[key])
    ]


_RECORDER_KEYS = ("记录", "记录人", "recorder")


def _recorder_line(data: Any, lines: dict[KeyPath, int]) -> list[Remark]:
    """Return a note when the 记录人 is given: GB/T 9704 10.3 lists 出席, 请假 and 列席 only and the
    seeds' 纪要 print no 记录 line, so it is kept in the source, not printed (outsider14: accepted
    and dropped without a word)."""
    if not isinstance(data, dict):
        return []
    return [
        note(
            _(
                "line {line}: {key} “{value}”: GB/T 9704 10.3 lists 出席, 请假 and 列席 only, so the 纪要 "
                "does not print the 记录人 (it stays in the source)"
            ).format(line=lines.get((key,)), key=field_label(key), value=_shown(data[key]))
        )
        for key in _RECORDER_KEYS
        if key in data and data[key] is not None and _shown(data[key])
    ]


def _people(names: list[str]) -> list[str]:
    """Return each name or post-and-name of an attendance line: its groups and items apart, a note in
    brackets dropped (“副县长刘志远（在省委党校学习）” → “副县长刘志远”)."""
    people = []
    for item in names:
        for part in _SEPARATORS.split(re.sub(r"[（(][^（）()]*[）)]", "", item)):
            if part.strip():
                people.append(part.strip())
    return people


def _same_person(a: str, b: str) -> bool:
    """Say whether two attendance items name one person: equal, or one is the other with its post
    before it (“副县长刘志远” and “刘志远”)."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 2 and long.endswith(short)


def _present_and_absent(front: MeetingFront, lines: dict[KeyPath, int]) -> list[Remark]:
    """Return a warning for each person listed both 出席 and 请假 (a 纪要 cannot say both)."""
    present = _people(front.present)
    found = []
    for person in _people(front.absent):
        also = next((p for p in present if _same_person(p, person)), None)
        if also is not None:
            line = lines.get(("请假",)) or lines.get(("absent",))
            text = _("line {line}: “{person}” is listed both 出席 (“{present}”) and 请假: remove one").format(
                line=line, person=person, present=also
            )
            found.append(warning(text))
    return found


# --- the decisions sheet (议定事项) ------------------------------------------------------------


# 时限 of a standing decision (seed 004 §17: the 联席会议's 议定事项 include standing work)
STANDING = ("长期坚持", "长期", "持续推进", "长期推进", "常态化推进", "常态化")


# a number of days as offices write it: 15, 15个工作日(内), 15天, 20日以内, 10个自然日
_DAYS = re.compile(r"\s*\d{1,3}\s*(?:个)?(?:工作日|自然日|天|日)?\s*(?:以内|内)?\s*")


# a 时限 typed without its year, as offices write it in the 议定事项: 10月30日前
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
# a month's end as 纪要 write it: 11月底前, 2025年11月底, 年底前 (the last day of that month)
_MONTH_END = re.compile(r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月|年)\s*底")


@dataclass(frozen=True)
class MonthDay:
    """A 时限 written as month and day (10月30日前): its year is the meeting's."""

    month: int
    day: int  # 0: the month's last day (11月底前)

    def after(self, meeting: dt.date) -> dt.date:
        """Return the first such day on or after the meeting: this year's, or the next year's if this
        year's has passed (a 12月 meeting's “1月15日前”)."""
        for year in range(meeting.year, meeting.year + 9):
            try:
                due = dt.date(year, self.month, self.day or monthrange(year, self.month)[1])
            except ValueError:  # 2月29日 of a common year
                continue
            if due >= meeting:
                return due
        raise AssertionError(self)  # a valid month and day falls on or after any date within 8 years


def _deadline(value: object) -> dt.date | TimeLimit | MonthDay | str:
    """Read 时限: a date (a date cell, 2025-06-30, 2025年6月30日前, 11月底前, 年底前), days read as supervise reads its
    办理时限 (15, 15个工作日: working days; 15天, 15日: calendar days) or a standing decision's words
    (长期坚持), returned as they are."""
    if isinstance(value, str) and value.strip() in STANDING:
        return value.strip()
    if isinstance(value, dt.date):
        return to_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 1000:
        return to_date(value)  # an Excel serial date
    text = unicodedata.normalize("NFKC", to_text(value))
    if isinstance(value, int | float) or _DAYS.fullmatch(text):
        return read_limit(text)
    plain = re.sub(r"(之前|以前|前)$", "", text.strip())
    month_end = _MONTH_END.fullmatch(plain)
    if month_end and 1 <= int(month_end.group(2) or 12) <= 12:
        month = int(month_end.group(2) or 12)
        if month_end.group(1):  # 2025年11月底: that month's last day
            year = int(month_end.group(1))
            return dt.date(year, month, monthrange(year, month)[1])
        return MonthDay(month, 0)
    month_day = _MONTH_DAY.fullmatch(plain)
    if month_day:
        month, day = int(month_day.group(1)), int(month_day.group(2))
        if 1 <= month <= 12 and 1 <= day <= monthrange(2000, month)[1]:  # 2000: a leap year
            return MonthDay(month, day)
    try:
        return to_date(plain)
    except CellError:
        raise CellError(
            _("时限 is a date like 2025-06-30 or 10月30日前, working days like 15, calendar days like 15天, or 长期坚持, not {value!r}").format(value=text)
        ) from None


def _optional_date(value: object) -> dt.date | None:
    return None if is_blank(value) else to_date(value)


DECISION_COLUMNS = (
    Column("text", ("议定事项", "事项", "会议议定事项", "议定内容"), to_text),
    Column("units", ("责任单位", "牵头单位", "承办单位"), to_text),
    Column("person", ("责任人", "具体责任人"), to_text, required=False, default=""),
    Column("deadline", ("时限", "完成时限", "办理时限"), _deadline),
    Column("progress", ("完成情况", "办理情况", "进展情况"), to_text, required=False, default=""),
    Column("done_on", ("完成日期", "办结日期"), _optional_date, required=False, default=None),
)


def load_decisions(
    path: Path, meeting_date: dt.date, calendar: Calendar, sheet: str | None = None
) -> tuple[list[Decision], list[DataError]]:
    """Read the decisions sheet: the valid decisions (a 时限 in working days counted from the
    meeting's date), and an error for every bad cell."""
    rows = read_ledger(path, DECISION_COLUMNS, sheet)
    decisions: list[Decision] = []
    errors = list(rows.errors)
    hidden = rows.hidden_error()  # a 纪要 lists every decision: a hidden one is not left out unsaid
    # the 时限 cell of a row, named as the sheet's other errors name theirs: file, sheet, row, column
    # (outsider14: "时限早于会议日期" named no sheet and no column)
    cell = partial(Location, path, sheet=rows.sheet, column=rows.columns["deadline"])
    if hidden is not None:
        errors.append(hidden)
    for row, record in rows.records:
        deadline = record.pop("deadline")
        if isinstance(deadline, str):
            decisions.append(Decision(row=row, due=None, standing=deadline, **record))
            continue
        if isinstance(deadline, TimeLimit):
            days = deadline.days
            try:
                due = (
                    meeting_date + dt.timedelta(days=days)
                    if deadline.calendar
                    else calendar.add_workdays(meeting_date, days)
                )
            except OverflowError:  # a 日期 of 9999-12-25 and a 时限 of 15日 (hostile12)
                errors.append(DataError(past_the_calendar(meeting_date), cell(line=row)))
                continue
            except CalendarError as error:  # a year without holidays: said at the row, not without a place
                errors.append(error.at(file=path, sheet=rows.sheet, line=row, column=rows.columns["deadline"]))
                continue
        elif isinstance(deadline, MonthDay):
            due, days = deadline.after(meeting_date), 0
        else:
            due, days = deadline, 0
        if due < meeting_date:
            errors.append(
                DataError(
                    _("the 时限 {due} is before the meeting ({date})").format(due=due, date=meeting_date),
                    cell(line=row),
                )
            )
            continue
        calendar_days = isinstance(deadline, TimeLimit) and deadline.calendar
        decisions.append(Decision(row=row, due=due, limit_days=days, calendar_days=calendar_days, **record))
    if not decisions and not errors:
        raise DataError(_("the decisions sheet has no 议定事项"), Location(file=path))
    return decisions, errors
