"""grid.spread.pdf: no line of running text spread wide (5.2.3; issue 14's counting rules).

A line of a paragraph that is not its last is justified: its slack is shared by its characters.
A line short by a whole run that did not fit on it (a URL, an e-mail address) is left short by
docgen (layout/short_lines.py); where a word processor spread it anyway (「项　　目　　办　　网　　站」)
its 汉字 stand far apart.  This judges the gap between neighbouring 汉字 beyond their advance on a
line before such a run: more than ``SPREAD_PT`` is a spread line.  A paragraph's last line is not justified; the closing's
distributed head (7.3.5.5, layout/closing.py) is lines that were justified as full lines, so their
汉字 keep their pitch and are not singled out.
"""

from __future__ import annotations

import statistics

from docgen import standard as S
from docgen.check.pdf_chars import LEFT, ZI, Placed, _at, _body, _continues, _sequence, running_size
from docgen.check.pdf_read import MM_PER_PT, Line, Page
from docgen.check.rules import Judge
from docgen.i18n import _
from docgen.words import is_han

SPREAD_PT = 1.5  # pt a 汉字 may stand from the next beyond its advance (and the style's spacing)


def spread_pt(line: Line) -> float:
    """Return the median gap, in pt, between neighbouring 汉字 of ``line`` beyond their advance (0
    when fewer than two stand together)."""
    gaps = [
        (line.starts[i + 1] - line.starts[i] - line.advances[i] * line.size * MM_PER_PT) / MM_PER_PT
        for i in range(min(len(line.text), len(line.starts), len(line.advances)) - 1)
        if is_han(line.text[i]) and is_han(line.text[i + 1])
    ]
    return statistics.median(gaps) if gaps else 0.0


def _before_words(line: Line, after: Line | None) -> bool:
    """Return True when ``line`` ends at a word boundary before ``after``'s run of Latin letters (a
    URL, an e-mail address, a Latin word: standard.SHORT_LINE_MIN_RUN or more ASCII characters, a letter
    among them).  A line before a number (「1234567.89万元」, a 文号) is justified on purpose, its
    slack taken by its 汉字 (layout/estimate_spacing.py): not judged here."""
    end = line.text.rstrip()[-1:]
    if after is None or not end or (end.isascii() and end.isalnum()):
        return False
    run = after.text.strip().split(" ")[0]
    run = run[: next((i for i, ch in enumerate(run) if not ch.isascii()), len(run))]
    return len(run) >= S.SHORT_LINE_MIN_RUN and any(ch.isascii() and ch.isalpha() for ch in run)


def spread_lines(pages: list[Page], header_bottom: float = 0.0) -> list[tuple[Placed, float]]:
    """Return the lines of running text, not a paragraph's last, whose 汉字 stand more than
    ``SPREAD_PT`` apart, each with its gap in pt."""
    lines = _sequence(pages, header_bottom)
    size = running_size(lines)
    found = []
    for index, placed in enumerate(lines):
        line = placed.line
        if not _body(line, size) or not (_at(line.x0, LEFT) or _at(line.x0, LEFT + 2 * ZI)):
            continue
        after = lines[index + 1] if index + 1 < len(lines) else None
        if not _continues(placed, after, size):
            continue  # a paragraph's last line
        gap = spread_pt(line)
        if gap > SPREAD_PT and _before_words(line, after.line if after else None):
            found.append((placed, gap))
    return found


def check_spread(pages: list[Page], judge: Judge, *, header_bottom: float) -> None:
    """Judge grid.spread.pdf."""
    found = spread_lines(pages, header_bottom)
    judge.record(
        "grid.spread.pdf",
        not found,
        "; ".join(
            _("{where} 「{text}」 {gap:.1f} pt apart").format(
                where=p.where, text=p.line.text.strip()[:10], gap=gap
            )
            for p, gap in found[:3]
        )
        or _("no line of running text spread"),
        _("汉字 of a justified line at most {limit:g} pt apart beyond their advance").format(limit=SPREAD_PT),
        "、".join(p.where for p, _gap in found[:5]),
    )
