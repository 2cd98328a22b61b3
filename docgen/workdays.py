"""Chinese working days: weekends, public holidays and 调休 make-up days, for deadlines.

The chinese-calendar library holds the State Council's arrangements (2004-2026 in 1.11); override
files (holidays.yaml: the settings' ``holiday_files`` — ./ and ~/.config/docgen/, found at the edge
— then the built-in one) add or replace years.  A :class:`Calendar` is a value handed down.  A date in a year that neither covers raises CalendarError: a deadline is never guessed.

Counting follows 民法典 第二百零一条: the start day is not counted; "3 working days from
2025-09-29" is the third working day after it, 2025-10-10 (National Day holiday in between).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _

BUILTIN_OVERRIDES = Path(__file__).parent / "data" / "holidays.yaml"


class CalendarError(DataError):
    """A date lies in a year whose holidays are not known."""


@dataclass(frozen=True)
class YearOverride:
    """One year's days off and make-up working days from an override file."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]


def _days(items: Iterable[object], source: Path, year: int) -> frozenset[dt.date]:
    days: set[dt.date] = set()
    for item in items or ():
        text = str(item)
        try:
            if ".." in text:
                first, last = (dt.date.fromisoformat(part.strip()) for part in text.split(".."))
                days.update(first + dt.timedelta(n) for n in range((last - first).days + 1))
            else:
                days.add(item if isinstance(item, dt.date) else dt.date.fromisoformat(text))
        except ValueError:
            raise DataError(
                _("not a date or a range like 2027-02-05..2027-02-13: {value}").format(value=text),
                Location(file=source, field=str(year)),
            ) from None
    return frozenset(days)


def _read_overrides(path: Path) -> dict[int, YearOverride]:
    from docgen.load.tables import read_text_file  # the loaders' limits (docgen/load/limits.py)
    from docgen.load.yamlsrc import parse_yaml

    data = parse_yaml(read_text_file(path), path)[0] or {}
    if not isinstance(data, dict):
        raise DataError(_("expected key: value pairs"), Location(file=path))
    years = {}
    for year, entry in data.items():
        entry = entry or {}
        years[int(year)] = YearOverride(
            _days(entry.get("holidays", ()), path, int(year)),
            _days(entry.get("workdays", ()), path, int(year)),
        )
    return years


@dataclass(frozen=True)
class Calendar:
    """Working days: the override files' years, else the chinese-calendar library's."""

    overrides: Mapping[int, YearOverride] = field(default_factory=dict)

    def is_workday(self, day: dt.date) -> bool:
        """Return True if ``day`` is a working day; raise CalendarError if its year is unknown."""
        override = self.overrides.get(day.year)
        if override is not None:
            if day in override.workdays:
                return True
            if day in override.holidays:
                return False
            return day.weekday() < 5
        import chinese_calendar

        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            raise CalendarError(
                _(
                    "the holidays of {year} are not known yet, and docgen does not guess a deadline: once the "
                    "State Council publishes them, write them in holidays.yaml in this folder or in "
                    "~/.config/docgen/ (the form: docgen/data/holidays.yaml)"
                ).format(year=day.year)
            ) from None

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """Return the ``count``-th working day after ``start`` (the start day itself is not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day, left = start, count
        while left:
            day += dt.timedelta(days=1)
            try:
                if self.is_workday(day):
                    left -= 1
            except CalendarError as error:
                if day.year == start.year:
                    raise
                # a 交办日期 of 2026-12-28 and “the holidays of 2027”: say why 2027 matters
                raise CalendarError(
                    _("{count} working days from {start} run into {year}: {reason}").format(
                        count=count, start=start, year=day.year, reason=error.reason
                    )
                ) from None
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Return how many working days lie after ``start`` up to and including ``end``."""
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_workday(start + dt.timedelta(days=n)))


def load_calendar(files: tuple[Path, ...] = ()) -> Calendar:
    """Return the calendar of the override ``files`` (first wins for a year), then the built-in file."""
    years: dict[int, YearOverride] = {}
    for path in reversed((*files, BUILTIN_OVERRIDES)):  # earlier files win
        years.update(_read_overrides(path))
    return Calendar(years)


def past_the_calendar(start: dt.date) -> str:
    """Return the message of a deadline counted from ``start`` that falls after 9999-12-31."""
    return _("counted from {date}, the deadline falls after the year 9999: the date is mistyped").format(date=start)


WEEKDAYS = "一二三四五六日"


def weekday_name(day: dt.date) -> str:
    """Return 星期一 … 星期日."""
    return f"星期{WEEKDAYS[day.weekday()]}"
