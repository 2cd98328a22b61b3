"""Numbers with a hyphen or a slash kept on one line in running text (issue 14's counting rules: an
unbreakable number run; the line before it may be short).

LibreOffice breaks a Latin or digit run after a hyphen or a slash (UAX #14 class HY/SY; measured
「联系电话：0355-|8221234」, tests/fixtures/outsider2/观摩通知-粘贴.md page 2), so a phone number, a
date 2025-10-09 or a project code 2025-130100-47-01-012345 was cut at a line end.  As table cells do
(layout/celllines.py), a run is held — word joiners (U+2060) around its hyphens, in a run the .docx
tags ``zxx`` (LibreOffice's zh-CN breaking ignores U+2060; without a language it honours it) and
Typst boxes — only where a line of the estimate (which breaks as LibreOffice does) would end inside
it; every other run is plain text.  Greedy and exact: holding a run changes no line before it.

The line before is left short, not spread: it ends with a line break that Word and LibreOffice
leave unjustified (layout/short_lines.py, ``w:doNotExpandShiftReturn``), as Typst leaves it.

Written here because no library breaks lines as LibreOffice does (estimate.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from docgen.layout.breaks import held
from docgen.layout.celllines import QUOTES
from docgen.layout.estimate import NO_LINE_END, NO_LINE_START, break_lines
from docgen.layout.placed import Run, RunRole

# digit groups joined by hyphens or slashes (0355-8221234, 2025-10-09, 2025/10/9, 2025-130100-47-01-012345,
# a letter or two in a group: A12-3, letters before the first hyphen: ZD-2026-148); not a piece of a URL, an e-mail address or a longer code
NUMBER_RUN = re.compile(
    r"(?<![0-9A-Za-z._/@%:\-])"
    r"(?:[A-Za-z]+-)?[0-9A-Za-z]*\d[0-9A-Za-z]*(?:[-/][0-9A-Za-z]*\d[0-9A-Za-z]*)+"
    r"(?![0-9A-Za-z_/@\-]|\.[0-9A-Za-z])"
)


def _line_ends(runs: Sequence[Run], first_line_chars: float, line_chars: float, head: str | None) -> set[int]:
    """Return the offsets into the runs' joined text where the estimate ends a line (the last not)."""
    text = "".join(r.text for r in runs)
    face = (len(runs[0].text), head) if head is not None and runs else None
    ends, at = set(), 0
    for line in break_lines(text, first_line_chars, line_chars, face)[:-1]:
        at += len(line)
        ends.add(at)
    return ends


def _first_cut(runs: Sequence[Run], ends: set[int], line_chars: float) -> tuple[int, int, int] | None:
    """Return the first number run a line end falls inside, as (run, start, end), if it fits a line."""
    at = 0
    for index, run in enumerate(runs):
        if not run.whole:
            for match in NUMBER_RUN.finditer(run.text):
                start, end = at + match.start(), at + match.end()
                # (whether it fits a line asked only of a run a line end cuts: most are not cut)
                if any(start < e < end for e in ends) and len(break_lines(held(match.group()), line_chars, line_chars)) == 1:
                    return index, match.start(), match.end()
        at += len(run.text)
    return None


def hold_numbers(
    runs: Sequence[Run], first_line_chars: float, line_chars: float, head: str | None = None
) -> tuple[Run, ...]:
    """Return a paragraph's runs with each number run a line end would cut held whole (a run of its
    own, ``whole``, word joiners around its hyphens); ``head``: the face of the first run when it is
    not the body's (a heading's label and text, broken in their own face)."""
    runs = list(runs)
    head_runs = 1  # the runs the heading's face covers (its first run, split by the holds)
    while True:
        joined = [Run("".join(r.text for r in runs[:head_runs])), *runs[head_runs:]]
        # the estimate sees the head as one run: its face covers exactly those characters
        ends = _line_ends(joined, first_line_chars, line_chars, head)
        found = _first_cut(runs, ends, line_chars)
        if found is None:
            return tuple(runs)
        index, start, end = found
        run = runs[index]
        # the marks that may not start or end a line go with it (「0355-8221234，」): Typst breaks
        # on either side of the box it makes of a held run; quotes stay out (UAX #14 QU in a zxx
        # run: LibreOffice breaks on neither side, layout/celllines.py)
        while end < len(run.text) and run.text[end] in NO_LINE_START and run.text[end] not in QUOTES:
            end += 1
        while start > 0 and run.text[start - 1] in NO_LINE_END and run.text[start - 1] not in QUOTES:
            start -= 1
        pieces = [
            dataclasses.replace(run, text=run.text[:start]),
            dataclasses.replace(run, text=held(run.text[start:end]), whole=True),
            dataclasses.replace(run, text=run.text[end:]),
        ]
        kept = [p for p in pieces if p.text]
        runs[index : index + 1] = kept
        if index < head_runs:
            head_runs += len(kept) - 1


def held_text(
    text: str, first_line_chars: float, line_chars: float, head: tuple[int, str] | None = None
) -> tuple[str, tuple[int, str] | None]:
    """Return a paragraph's text with its number runs held as ``hold_numbers`` holds them, and
    ``head`` (the length and face of a heading's own text) counted in that text."""
    if head is None:
        return "".join(r.text for r in hold_numbers([Run(text)], first_line_chars, line_chars)), None
    runs = hold_numbers(
        [Run(text[: head[0]]), Run(text[head[0] :], RunRole.RUN_IN)], first_line_chars, line_chars, head[1]
    )
    length = sum(len(r.text) for r in runs if r.role is not RunRole.RUN_IN)
    return "".join(r.text for r in runs), (length, head[1])
