"""headings.kept.pdf, measured on a PDF: no heading stands alone at the foot of a page.

Issue 14 Build 1: keep-with-next ties a heading to what follows it up to and including the first
line of body text, so a page never ends with a heading whose text starts on the next page.  A
heading directly followed by one of its own level or higher (an empty section: 一、 then 二、) keeps
with nothing and may end a page.  Only a line that is a heading and nothing else is judged: one
set wholly in a face the running text does not use (a 一、 in 黑体, a （一） in 楷体 with no text run
in after it); a 1. or （1） item in the body's face carries its own text on its line.
"""

from __future__ import annotations

from collections import Counter

from docgen import standard as S
from docgen.check.docx_elements import label_level
from docgen.check.pdf_chars import LEFT
from docgen.check.pdf_pages import find_imprint, record_failures, text_lines, type_area
from docgen.check.pdf_read import Line, Page
from docgen.check.rules import Judge
from docgen.i18n import _


def _body_fonts(pages: list[Page]) -> frozenset[str]:
    """Return the faces of the running text: those of most lines of body size at the left edge
    (lines going on from the line before, which are never headings)."""
    counts = Counter(
        line.fonts
        for page in pages
        for line in text_lines(page)
        if abs(line.size - S.BODY_PT) < 0.3
        and abs(line.x0 - LEFT) < 1.0
        and label_level(line.text.strip()) is None
    )
    return counts.most_common(1)[0][0] if counts else frozenset()


def _alone(line: Line, body: frozenset[str]) -> int | None:
    """Return the level of ``line`` when it is a heading and nothing else, else None."""
    level = label_level(line.text.strip())
    if level is None or abs(line.size - S.BODY_PT) > 0.3 or not body or not line.fonts.isdisjoint(body):
        return None
    return level


def check_kept_headings(pages: list[Page], judge: Judge) -> None:
    """Judge headings.kept.pdf: no page of running text ends with a heading alone whose text
    starts on the next page."""
    body = _body_fonts(pages)
    imprint = find_imprint(pages)
    alone: list[str] = []
    numbers: list[int] = []
    judged = 0
    for page, after in zip(pages, pages[1:], strict=False):
        if page.landscape or (imprint is not None and page.number >= imprint.page.number):
            continue
        lines = [line for line in text_lines(page) if line.em_top < type_area(page).bottom]
        following = text_lines(after)
        if not lines or not following:
            continue
        judged += 1
        level = _alone(lines[-1], body)
        if level is None:
            continue
        next_level = label_level(following[0].text.strip())
        if next_level is not None and next_level <= level:
            continue  # an empty section: the heading keeps with nothing
        numbers.append(page.number)
        alone.append(
            _("page {n}: 「{heading}」 at its foot, its text on page {next}").format(
                n=page.number, heading=lines[-1].text.strip(), next=after.number
            )
        )
    if not judged:
        judge.not_applicable("headings.kept.pdf", _("no page followed by another"))
        return
    record_failures(
        judge,
        "headings.kept.pdf",
        alone,
        _("no heading alone at a page's foot"),
        _("a heading on the page of its text's first line"),
        numbers[:5],
    )
