"""The 成文日期 of a month's 通报 or 简报 when none is given: today, said aloud if the month is past.

A bulletin for May made in December would otherwise carry December's date (and December's year
in its 文号/期号, which follows the 成文日期) with no word of it.
"""

from __future__ import annotations

import datetime as dt

from docgen.i18n import _


def issue_date(year: int, month: int, given: dt.date | None, today: dt.date) -> tuple[dt.date, str | None]:
    """Return the 成文日期 to use and, when it defaulted to ``today`` for a past month, a note saying so."""
    if given is not None:
        return given, None
    if (year, month) >= (today.year, today.month):
        return today, None
    following = dt.date(year + month // 12, month % 12 + 1, 5)  # e.g. the 5th of the next month
    note = _(
        "the 成文日期 is today, {today}, though the month is {year}-{month:02d}; the number's year follows it "
        "({number_year}). To date it then, give --date (e.g. --date {example})."
    ).format(
        today=today.isoformat(), year=year, month=month, number_year=today.year, example=following.isoformat()
    )
    return today, note
