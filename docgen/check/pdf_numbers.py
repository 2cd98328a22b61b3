"""Page numbers measured on a PDF (7.5): “— N —” in 4号, 7 mm below the type area, odd pages right
and even pages left, one 字 in; none on a blank page before the 版记 nor on the 版记's page."""

from __future__ import annotations

import re

from docgen import standard as S
from docgen.check.pdf_pages import PAGE_NUMBER, find_imprint, is_blank, is_page_number, on_pages
from docgen.check.pdf_read import Line, Page
from docgen.check.rules import Judge
from docgen.i18n import _

TYPE_LEFT = S.MARGIN_LEFT_MM
TYPE_RIGHT = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM
TYPE_BOTTOM = S.MARGIN_TOP_MM + S.TYPE_AREA_HEIGHT_MM
ONE_CHAR_14 = S.PAGE_NUMBER_PT * 25.4 / 72
# a page number in words or as a fraction, as office templates print it: 第 1 页 / 共 2 页, 第1页，1/2
WORDED_NUMBER = re.compile(r"^(第\s*\d{1,4}\s*页\s*[/／,，、]?\s*(共\s*\d{1,4}\s*页)?|\d{1,4}\s*[/／]\s*\d{1,4})$")


def worded_numbers(pages: list[Page]) -> list[tuple[int, str]]:
    """Return (page, text) of the page numbers printed in another form below the type area."""
    return [
        (page.number, line.text.strip())
        for page in pages
        for line in page.lines
        if line.em_top > TYPE_BOTTOM - 1 and WORDED_NUMBER.match(line.text.strip())
    ]


def page_number_lines(page: Page) -> list[Line]:
    """Return the page's page number lines (below the type area)."""
    return [line for line in page.lines if is_page_number(line) and line.em_top > TYPE_BOTTOM - 5]


def _side(number: int, line: Line, *, odd: bool) -> list[str]:
    """Return what is wrong with the side of page ``number``'s number ``line``: odd pages end one 字
    (14 pt) in from the right edge of the type area, even pages start one 字 in from its left edge.
    A number on its side but not one 字 in is said so, with where it should be (gigu003's “- 1 -”
    flush right at 184.0 mm, outsider8 #9)."""
    centre = (line.x0 + line.x1) / 2
    if odd:
        expected = TYPE_RIGHT - ONE_CHAR_14
        if abs(line.x1 - expected) <= 1:
            return []
        if centre > (TYPE_LEFT + TYPE_RIGHT) / 2:
            return [
                _("p{n} right, one 字 in (should end at {expected:.1f} mm): measured {x:.1f} mm").format(
                    n=number, expected=expected, x=line.x1
                )
            ]
        return [_("p{n} ends at x {x:.1f} mm, not at the right").format(n=number, x=line.x1)]
    expected = TYPE_LEFT + ONE_CHAR_14
    if abs(line.x0 - expected) <= 1:
        return []
    if centre < (TYPE_LEFT + TYPE_RIGHT) / 2:
        return [
            _("p{n} left, one 字 in (should start at {expected:.1f} mm): measured {x:.1f} mm").format(
                n=number, expected=expected, x=line.x0
            )
        ]
    return [_("p{n} starts at x {x:.1f} mm, not at the left").format(n=number, x=line.x0)]


def _blank_and_imprint(pages: list[Page]) -> list[Page]:
    """Return the blank page before the 版记 and the 版记's page, if the 版记 follows a blank page."""
    imprint = find_imprint(pages)
    if imprint is None:
        return []
    index = next(i for i, p in enumerate(pages) if p.number == imprint.page.number)
    return pages[index - 1 : index + 1] if index >= 1 and is_blank(pages[index - 1]) else []


def check_page_numbers(pages: list[Page], judge: Judge) -> None:
    expected_top = TYPE_BOTTOM + S.PAGE_NUMBER_BELOW_TYPE_AREA_MM
    problems: list[str] = []
    wrong: list[int] = []
    forms: list[str] = []  # page numbers not “— N —” in 4号 (14 pt)
    form_pages: list[int] = []
    found = 0
    for page in pages:
        numbers = page_number_lines(page)
        if page.landscape or not numbers:  # landscape pages: page_numbers.landscape.pdf
            continue
        found += 1
        line = numbers[0]
        if not PAGE_NUMBER.match(line.text.strip()) or abs(line.size - S.PAGE_NUMBER_PT) > 0.5:
            forms.append(_("p{n} 「{text}」 {size:.1f} pt").format(n=page.number, text=line.text.strip(), size=line.size))
            form_pages.append(page.number)
        before = len(problems)
        if abs(line.em_top - expected_top) > 1:
            problems.append(
                _("p{n} 「{text}」 at {top:.1f} mm").format(
                    n=page.number, text=line.text.strip(), top=line.em_top
                )
            )
        problems += _side(page.number, line, odd=bool(int(re.sub(r"\D", "", line.text)) % 2))
        if len(problems) > before:
            wrong.append(page.number)
    for page in _blank_and_imprint(pages):
        for line in page_number_lines(page):  # 7.5: a blank page before the 版记 and the 版记's page: none
            problems.append(
                _("p{n} 「{text}」: the blank page before the imprint and the imprint's page carry no number").format(
                    n=page.number, text=line.text.strip()
                )
            )
            wrong.append(page.number)
    worded = worded_numbers(pages) if not found else []
    if worded:  # a number the reader sees, in the wrong form: not “no page numbers” (wild10 #7)
        measured = _("page numbers in another form: {forms}").format(
            forms=_("; ").join(_("p{n} 「{text}」").format(n=n, text=text) for n, text in worded[:3])
        )
        expected = _("4号 half-width 宋体 Arabic numerals with a 一字线 on each side: — N — (7.5)")
        where = on_pages(n for n, _text in worded)
        judge.record("page_numbers.position.pdf", False, measured, expected, where)
        judge.record("page_numbers.format.pdf", False, measured, expected, where)
        return
    if not found:
        judge.record("page_numbers.position.pdf", False, _("no page numbers"), _("— N — below the type area"))
        judge.not_applicable("page_numbers.format.pdf", _("no page numbers"))
        return
    # a PDF from any tool (Typst templates print “- 1 -” in 8 pt): only the .docx rule read the form
    judge.record(
        "page_numbers.format.pdf",
        not forms,
        _("; ").join(forms[:3]) or _("{found} pages as expected").format(found=found),
        _("— N — (一字线 each side), 14 pt"),
        on_pages(form_pages),
    )
    judge.record(
        "page_numbers.position.pdf",
        not problems,
        _("; ").join(problems[:3]) or _("{found} pages as expected").format(found=found),
        _(
            "top {top:.0f} mm ±1; odd pages right, even pages left, one character in; "
            "none on a blank page before the imprint and on the imprint's page"
        ).format(top=expected_top),
        on_pages(wrong),
    )
