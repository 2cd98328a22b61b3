"""The grid measured on a PDF: its body lines, their pitch (a closing page set closer or a page spaced
down to the type area's bottom left out, 7.3.5.5) and the rule grid.lines.pdf."""

from __future__ import annotations

import statistics

from docgen import standard as S
from docgen.check.pdf_pages import is_page_number, lines_used, on_pages, text_lines
from docgen.check.pdf_read import Line, Page
from docgen.check.rules import PITCH_TOLERANCE_MM, Judge
from docgen.i18n import _

TYPE_TOP = S.MARGIN_TOP_MM
TYPE_BOTTOM = S.MARGIN_TOP_MM + S.TYPE_AREA_HEIGHT_MM
PITCH_MM = S.LINE_PITCH / S.TWIPS_PER_MM


def is_size(line: Line, size: float) -> bool:
    """Is ``line`` set at ``size`` pt (within 0.05 pt)?"""
    return abs(line.size - size) < 0.05


def body_lines(page: Page) -> list[Line]:
    """Return the page's lines of body text: 3号, inside the type area's height, no page number."""
    return [
        line
        for line in page.lines
        if is_size(line, S.BODY_PT) and TYPE_TOP - 1 < line.em_top < TYPE_BOTTOM and not is_page_number(line)
    ]


def _page_gaps(page: Page, own: bool = False) -> list[float]:
    """Return the gaps between the page's successive body lines (a blank line's double gap aside):
    those under 1.5 pitches of the grid's; ``own``: under 1.5 times the page's closest, on a page of
    at least three lines (``_own_gaps``)."""
    lines = body_lines(page)
    gaps = [b.em_top - a.em_top for a, b in zip(lines, lines[1:], strict=False)]
    if not own:
        return [gap for gap in gaps if gap < PITCH_MM * 1.5]
    closest = min(gaps, default=0.0)
    found = [gap for gap in gaps if gap < closest * 1.5]
    return found if len(found) >= 2 else []


def _own_gaps(pages: list[Page]) -> dict[int, list[float]]:
    """Return each page's gaps at the document's own pitch, when no page has two body lines at the
    grid's (``_page_gaps``): its lines all set wider apart (checkread12 n05: a declared grid of 28
    lines, on which LibreOffice sets each 3号 line on two 22.75 pt lines, 16.05 mm apart) have a
    pitch of their own to judge, not "no body lines"."""
    gaps = {page.number: _page_gaps(page, own=True) for page in pages}
    return {number: found for number, found in gaps.items() if found}


def grid_pitch(pages: list[Page]) -> float | None:
    """Return the grid's pitch in mm: the median gap between body lines on the pages of running
    text (at the document's own pitch when no gap is near the grid's, ``_own_gaps``), None without
    two body lines on a page or when the only such page is a closing page set
    closer (``squeezed_closing``).  One page whose own pitch is below the grid's by at
    most what a closing page may be compressed (layout/closing.py: the 署名 and date kept on the
    body's last page by smaller gaps, n101-062 p2 16 gaps of 9.17-9.35 mm) is left out when other
    pages hold lines: over the whole document such a page outweighed a page of running text."""
    gaps = {page.number: _page_gaps(page) for page in pages}
    gaps = {number: found for number, found in gaps.items() if found}
    if not gaps:
        wider = _own_gaps(pages)
        return statistics.median(gap for found in wider.values() for gap in found) if wider else None
    if _squeezed(pages, gaps) is not None:
        return None
    if len(gaps) > 1:
        own = {number: statistics.median(found) for number, found in gaps.items()}
        lowest = min(own, key=lambda number: own[number])
        floor = PITCH_MM - S.CLOSING_MAX_SHRINK / S.TWIPS_PER_MM - PITCH_TOLERANCE_MM
        if floor <= own[lowest] < PITCH_MM - PITCH_TOLERANCE_MM:
            del gaps[lowest]
    spaced = [page for page in pages if page.number in gaps and _spaced_down(page, gaps[page.number])]
    if len(spaced) == 1:  # the one page 7.3.5.5 lets differ: judged by its lines inside a paragraph
        if len(gaps) > 1:
            del gaps[spaced[0].number]
        else:
            return min(gaps[spaced[0].number])
    return statistics.median(gap for found in gaps.values() for gap in found)


def squeezed_closing(pages: list[Page]) -> float | None:
    """Return the pitch of the one page of body lines when its 行距 was made smaller to keep the 署名
    and date on it (7.3.5.5: 可以采取调整行距), else None: no grid's pitch (forms10 #3: a 函's 8.64 mm)."""
    gaps = {page.number: _page_gaps(page) for page in pages}
    return _squeezed(pages, {number: found for number, found in gaps.items() if found})


def _squeezed(pages: list[Page], gaps: dict[int, list[float]]) -> float | None:
    """Return the lone page's pitch when it is below the grid's by at most the closing's shrink
    (CLOSING_MAX_SHRINK a line) and its last line sits on the 22nd grid line, else None."""
    if len(gaps) != 1:
        return None
    ((number, found),) = gaps.items()
    page = next(page for page in pages if page.number == number)
    own = statistics.median(found)
    floor = PITCH_MM - S.CLOSING_MAX_SHRINK / S.TWIPS_PER_MM - PITCH_TOLERANCE_MM
    lines = text_lines(page)
    squeezed = floor <= own < PITCH_MM - PITCH_TOLERANCE_MM
    return own if squeezed and bool(lines) and lines_used(page, lines[-1]) == S.LINES_PER_PAGE else None


def _spaced_down(page: Page, gaps: list[float]) -> bool:
    """Is ``page`` spaced down to the type area's bottom by a larger 行距 (7.3.5.5; docgen's
    layout/closing.py fills the page a closing leaves so, at most half a line a gap): its own pitch
    above the grid's by at most that, its last line on the 22nd grid line?  (corpus9 #4: a one-page
    body so spaced was the fullest page, and grid.lines.pdf measured 14.11 mm.)"""
    most = PITCH_MM + S.LINE_PITCH / 2 / S.TWIPS_PER_MM + PITCH_TOLERANCE_MM
    lines = text_lines(page)
    return (
        PITCH_MM + PITCH_TOLERANCE_MM < statistics.median(gaps) <= most
        and bool(lines)
        and lines_used(page, lines[-1]) == S.LINES_PER_PAGE
    )


def check_grid(pages: list[Page], judge: Judge) -> None:
    """Judge grid.lines.pdf: 22 lines a page at the grid's pitch (a closing page set closer allowed)."""
    counts = [len(body_lines(p)) for p in pages]
    pitch = grid_pitch(pages)
    squeezed = squeezed_closing(pages) if pitch is None else None
    if squeezed is not None:
        judge.record(
            "grid.lines.pdf",
            max(counts) <= S.LINES_PER_PAGE,
            _(
                "{full} lines on the only page of body text, pitch {pitch:.2f} mm: set closer to keep the "
                "署名 and date on it (7.3.5.5)"
            ).format(full=max(counts), pitch=squeezed),
            _("22 lines, pitch {pitch:.2f} mm").format(pitch=PITCH_MM),
        )
    elif pitch is None:
        judge.not_applicable("grid.lines.pdf", _("no lines of body text"))
    else:
        full = max(counts)
        # a page that is not full (a short notice, a page ending before an attachment) has fewer
        # lines; the pitch shows the grid, and no page may hold more than 22 lines
        ok = abs(pitch - PITCH_MM) <= PITCH_TOLERANCE_MM and full <= S.LINES_PER_PAGE
        judge.record(
            "grid.lines.pdf",
            ok,
            _("{full} lines on the fullest page, pitch {pitch:.2f} mm").format(full=full, pitch=pitch),
            _("22 lines, pitch {pitch:.2f} mm").format(pitch=PITCH_MM),
            "" if ok else on_pages([pages[counts.index(full)].number]),
        )
