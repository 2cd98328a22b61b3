"""Body lines left short before an unbreakable Latin run (a URL, an e-mail address, a number held whole).

Issue 14's counting rules let a line be short before an unbreakable Latin or number run that does
not fit on it.  LibreOffice justifies such a line over the whole width (「项　　目　　办　　网　　站」);
Typst leaves it short.  docgen ends such a line with a manual line break (w:br) and sets Word's
``w:doNotExpandShiftReturn`` (LibreOffice: DoNotJustifyLinesWithManualBreak), so both word
processors leave it ragged as Typst does.  The lines are the estimate's (``estimate.line_rooms``).
"""

from __future__ import annotations

import dataclasses

from docgen import standard as S
from docgen.layout.breaks import BREAK, MARKS
from docgen.layout.flow import Flow
from docgen.layout.placed import ParagraphBlock, Run

MIN_ROOM = 1.0  # 字 of room a line must have left for its spreading to show
MIN_RUN = S.SHORT_LINE_MIN_RUN  # ASCII characters (a letter among them) a leading run must hold


def _leading_run(line: str) -> str:
    """Return the run of ASCII non-space characters ``line`` starts with (marks and spaces before it skipped)."""
    text = "".join(ch for ch in line if ch not in MARKS).lstrip(" \u00a0")
    run = ""
    for ch in text:
        if not ch.isascii() or ch.isspace():
            break
        run += ch
    return run


def _held(line: str) -> bool:
    """Return True when ``line`` starts with a run held whole by word joiners (layout/bodyhold.py:
    a phone number, a date or a code moved whole to this line)."""
    for ch in line.lstrip(" \u00a0\u200b"):
        if ch == "\u2060":
            return True
        if not ch.isascii() or ch.isspace():
            return False
    return False


def short_before_run(line: str, room: float, next_line: str) -> bool:
    """Return True when ``line``, with ``room`` 字 left, ends before ``next_line``'s unbreakable
    Latin run (a URL, an e-mail address, a long Latin word) that did not fit on it: a line to be
    left short rather than justified."""
    end = "".join(ch for ch in line if ch not in MARKS)[-1:]
    if room < MIN_ROOM or (end.isascii() and not end.isspace()):
        return (
            False  # nothing to spread, or the run broken inside (「…guanmo.html?|id=7」): no 汉字 to spread
        )
    run = _leading_run(next_line)
    if _held(next_line):
        return True  # a number held whole where the line would have ended inside it (bodyhold.py)
    if len(run) < MIN_RUN and "@" not in run and "://" not in run:
        return False
    # the estimate breaks greedily: a run starting the next line did not fit in the room left; a
    # number (「1234567.89万元」) is left to the justification (estimate_spacing.py)
    return any(ch.isascii() and ch.isalpha() for ch in run)


def drop_trailing_breaks(flow: Flow, start: int = 0) -> None:
    """Drop a line break ending a paragraph of ``flow`` from block ``start`` on: where the closing
    (layout/closing.py, 7.3.5.5) splits a paragraph after a line left short, that line ends the
    distributed head, and a break there would open an empty line; the zero-width space before the
    break goes with it (a character of the distributed line, and nothing to break at)."""
    for index in range(start, len(flow.blocks)):
        block = flow.blocks[index]
        if not isinstance(block, ParagraphBlock) or not block.runs:
            continue
        last = block.runs[-1]
        if isinstance(last, Run) and last.text.endswith("\n"):
            runs = (*block.runs[:-1], dataclasses.replace(last, text=last.text[:-1].rstrip(BREAK)))
            flow.blocks[index] = dataclasses.replace(
                block, runs=tuple(r for r in runs if not isinstance(r, Run) or r.text)
            )
