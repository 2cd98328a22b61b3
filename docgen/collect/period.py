"""The period a returned form says it is for: 第N周 or a date (截至10月31日) in its title or file name.

A unit that sends last week's form again (the title still says 第44周) would have its old figures
counted as this week's; merge compares each form's stated week with the week being merged, which
is the week of the deadline docgen wrote into the forms (请于…前报送), else the week most forms state.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

_WEEK = re.compile(r"(?:(\d{4})年)?第\s*(\d{1,2})\s*周")
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_DEADLINE = re.compile(r"请于(\d{4})年(\d{1,2})月(\d{1,2})日前报送")


@dataclass(frozen=True)
class Period:
    """A week a form is for: its ISO year and week number, and the words that said it."""

    year: int | None
    week: int
    said: str

    def same(self, other: Period) -> bool:
        """Return whether both name the same week (a year left out matches any year)."""
        years = {self.year, other.year} - {None}
        return self.week == other.week and len(years) <= 1


def _date(year: str | None, month: str, day: str, fallback: int | None) -> dt.date | None:
    try:
        return dt.date(int(year) if year else (fallback or dt.date.today().year), int(month), int(day))
    except ValueError:
        return None


def stated(title: str, file_name: str, year: int | None = None) -> Period | None:
    """Return the week a form's title (the text above its header) or file name states, if any.

    The deadline sentence docgen writes (请于…前报送) is not a statement of period and is skipped.
    """
    for text in (_DEADLINE.sub("", title), file_name):
        week = _WEEK.search(text)
        if week:
            return Period(int(week.group(1)) if week.group(1) else year, int(week.group(2)), week.group(0))
        for match in _DATE.finditer(text):
            if "截至" in text[max(0, match.start() - 3) : match.start()] or text is title:
                day = _date(match.group(1), match.group(2), match.group(3), year)
                if day is not None:
                    iso = day.isocalendar()
                    return Period(iso[0], iso[1], match.group(0))
    return None


def deadline_week(title: str) -> Period | None:
    """Return the week of the deadline docgen wrote into the form (请于2025年11月7日前报送), if any."""
    match = _DEADLINE.search(title)
    if not match:
        return None
    day = _date(match.group(1), match.group(2), match.group(3), None)
    if day is None:
        return None
    iso = day.isocalendar()
    return Period(iso[0], iso[1], f"{day.year}年第{iso[1]}周（报送截止{day.month}月{day.day}日）")


def merged_week(deadlines: list[Period], stated_weeks: list[Period]) -> Period | None:
    """Return the week being merged: the deadline week most forms carry, else the week most forms state."""
    for periods in (deadlines, stated_weeks):
        if periods:
            counts = Counter((p.year, p.week) for p in periods)
            (year, week), _n = counts.most_common(1)[0]
            return next(p for p in periods if (p.year, p.week) == (year, week))
    return None
