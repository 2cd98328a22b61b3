"""Where lines and pages break, measured on a PDF: a title inside a word, a date, number, 文号 or
code inside a table cell, an attachment's label apart from its content.

Only positions, sizes and text are read: the title is the 2号 lines below the red rule, the cells
come from the drawn borders (``pdf_cells``), an attachment starts where a page's first line is
附件 or 附件N.  Words are those the layout breaks titles by (``docgen/words.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docgen import standard as S
from docgen.check.pdf_cells import Cell, cells
from docgen.check.pdf_cellwords import check_cell_words
from docgen.check.pdf_grid import GridLines
from docgen.check.pdf_pages import ATTACHMENT_LABEL, text_lines, type_area
from docgen.check.pdf_read import Line, Page
from docgen.check.pdf_tablewidth import check_table_width
from docgen.check.rules import Judge
from docgen.i18n import _, ngettext
from docgen.words import broken_word

# Tokens that a line in a table cell may not break (issue 14 Build 4): a 文号 (its 代字 the CJK
# characters before 〔, at most 10), a date, a code of Latin capitals and digits, a number (a phone
# number, a decimal, a percentage).
DOCNO = r"[\u4e00-\u9fff]{1,10}〔\d{4}〕\d+号"
DATE = r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
CODE = r"[A-Z]{2,}(?:-?\d)+"
NUMBER = r"\d{3,4}-\d{7,8}|[-+]?\d[\d,]*(?:\.\d+)?%?"
TOKEN = re.compile(f"(?P<docno>{DOCNO})|(?P<date>{DATE})|(?P<code>{CODE})|(?P<number>{NUMBER})")
# The joints a date, 文号 or code may break at in a table on a landscape page: after 年, 月 or a
# hyphen, before 〔, after 〕 (as the layout does, docgen/layout/tables.py).  A landscape page is
# the standard's remedy for a table too wide for a portrait page (ch. 8); a table still too wide
# there may break at these joints and nowhere else (issue 14 Build 4: docgen does so only at 五号,
# other producers at the size they chose; 2025年|4月 in a 12 pt landscape table reads whole).
JOINT_BEFORE = "年月〕-"
JOINT_AFTER = "〔"
# a date written with dots or slashes (2025.|12.|28, 2025/|12/|28) breaks after its year and month
# there too, as 年|月|日 (docgen/layout/breaks.py ``DOTTED_DATE``); in a number (36,536.|08) no joint
DATE_JOINT_BEFORE = "./"


def token_kind(kind: str) -> str:
    """Return the name of a kind of token in the user's language."""
    return {
        "docno": _("document number"),
        "date": _("date"),
        "code": _("code"),
        "number": _("number"),
    }[kind]


def split_tokens(lines: Sequence[str], wrapped: Sequence[bool] | None = None) -> list[tuple[str, str, bool]]:
    """Return (kind, token with | at each break, broken only at joints) for every date, 文号, code
    or number that runs across two of ``lines`` (a cell's lines, top to bottom).  ``wrapped`` says
    which lines end by wrapping (all, when not given); a line that ends its paragraph ("100" above
    "200" in a cell of two values) breaks nothing."""
    joined = "".join(lines)
    ends: set[int] = set()
    at = 0
    for index, line in enumerate(lines[:-1]):
        at += len(line)
        if wrapped is None or wrapped[index]:
            ends.add(at)
    found = []
    for match in TOKEN.finditer(joined):
        cuts = sorted(end for end in ends if match.start() < end < match.end())
        if not cuts:
            continue
        before = JOINT_BEFORE + (DATE_JOINT_BEFORE if match.lastgroup == "date" else "")
        joints = all(joined[cut - 1] in before or joined[cut] in JOINT_AFTER for cut in cuts)
        points = [match.start(), *cuts, match.end()]
        token = "|".join(joined[a:b] for a, b in zip(points, points[1:], strict=False))
        found.append((match.lastgroup or "number", token, joints))
    return found


def check_breaks(
    pages: list[Page],
    title: list[Line] | None,
    judge: Judge,
    *,
    grid: GridLines | None = None,
    by_docgen: bool = True,
) -> None:
    """Judge title.words.pdf, tables.tokens.pdf, tables.words.pdf, tables.width.pdf and
    attachments.together.pdf (``grid``: the lines LibreOffice narrowed for a declared character grid: a title broken there is
    its layout; ``by_docgen``: the document is docgen's, which keeps a table cell's words whole)."""
    _title_words(title, judge, grid)
    by_page = [cells(page) for page in pages]  # found once for both cell rules
    _tokens(pages, by_page, judge)
    check_cell_words(by_page, judge, by_docgen=by_docgen)
    check_table_width(pages, by_page, judge, by_docgen=by_docgen)
    _together(pages, judge)


def _title_words(title: list[Line] | None, judge: Judge, grid: GridLines | None = None) -> None:
    if title is None:
        judge.not_applicable(
            "title.words.pdf", _("no red rule with an organ mark above it: not the general format")
        )
        return
    texts = [re.sub(r"\s", "", line.text) for line in title]
    texts = [text for text in texts if text]
    if not texts:
        judge.not_applicable("title.words.pdf", _("no title below the rule"))
        return
    if len(texts) < 2:
        judge.not_applicable("title.words.pdf", _("the title is one line"))
        return
    joined = "".join(texts)
    faults = []
    at = 0
    for number, text in enumerate(texts[:-1], start=1):
        at += len(text)
        word = broken_word(joined, at)
        if word is not None:
            faults.append(
                _("line {n} ends 「{end}」, line {next} starts 「{start}」: 「{word}」 split").format(
                    n=number, end=text[-4:], next=number + 1, start=texts[number][:4], word=word
                )
            )
    if faults and grid is not None:
        # where the title breaks in lines narrowed to whole grid cells is LibreOffice's, not the
        # document's (WPS's grid: 「通知」 split at 153.4 mm, outsider8 #2)
        judge.not_applicable(
            "title.words.pdf",
            _("{faults}: lines LibreOffice narrowed, not the document's: {why}").format(
                faults="; ".join(faults), why=grid.why()
            ),
        )
        return
    judge.record(
        "title.words.pdf",
        not faults,
        "; ".join(faults) or " | ".join(texts),
        _("lines of the title break between words (词意完整)"),
        _("page 1, title") if faults else "",
    )


def _tokens(pages: list[Page], by_page: list[list[Cell]], judge: Judge) -> None:
    found: list[tuple[Cell, str, str, bool]] = []
    measured = 0
    for page, page_cells in zip(pages, by_page, strict=True):
        for cell in page_cells:
            measured += 1
            for kind, token, joints in split_tokens([line.text for line in cell.lines], cell.wrapped()):
                if joints and page.landscape:
                    continue  # a table on a landscape page: at its joints only
                found.append((cell, kind, token, joints))
    if not measured:
        judge.not_applicable("tables.tokens.pdf", _("no table cells with text"))
        return
    faults = [
        _("page {page}, row {row}, column {column}: {kind} 「{token}」, {size:g} pt{joint}").format(
            page=cell.page,
            row=cell.row,
            column=cell.column,
            kind=token_kind(kind),
            token=token,
            size=cell.size,
            joint=_(", at a joint") if joints else "",
        )
        for cell, kind, token, joints in found
    ]
    where = []
    for cell, *_rest in found:
        place = _("page {page}, row {row}, column {column}").format(
            page=cell.page, row=cell.row, column=cell.column
        )
        if place not in where:
            where.append(place)
    judge.record(
        "tables.tokens.pdf",
        not found,
        "; ".join(faults[:4]) + (_("; {n} in all").format(n=len(faults)) if len(faults) > 4 else "")
        or ngettext(
            "{n} cell, no date, number, document number or code split",
            "{n} cells, no date, number, document number or code split",
            measured,
        ).format(n=measured),
        _(
            "a date, number, document number or code on one line of its cell (on a landscape page it "
            "may break at 年/月/〔〕/-, a date after its year and month)"
        ),
        "、".join(where[:6]),
    )


_UNIT_NOTE = re.compile(r"单位\s*[:：]\s*(?:万元|亿元|元)\s*$")


def _title_lines(lines: list[Line], page: Page) -> int:
    """Return how many of ``lines`` (those after the label) are the attachment's title: the lines
    larger than the body text directly below the label (2号, as the document's title), or else one
    centred line at the body size (a paragraph's first line, indented two 字, may sit near the
    centre too: measured 1.4 mm off on a line of 24 字, so only one is taken)."""
    larger = 0
    for line in lines:
        if line.size <= S.BODY_PT + 0.5:
            break
        larger += 1
    if larger:
        return larger
    area = type_area(page)
    centre = (area.left + area.right) / 2
    centred = bool(lines) and abs((lines[0].x0 + lines[0].x1) / 2 - centre) <= 2
    return 1 if centred else 0


def _together(pages: list[Page], judge: Judge) -> None:
    labels = 0
    apart: list[tuple[Page, str, int | None]] = []
    for index, page in enumerate(pages):
        lines = text_lines(page)
        if not lines or not ATTACHMENT_LABEL.match(lines[0].text.strip()):
            continue
        labels += 1
        rest = lines[1:]
        content = rest[_title_lines(rest, page) :]
        # the 单位：万元 line of a table that starts on the next page is not content (outsider26 #7)
        content = content[1:] if content and _UNIT_NOTE.match(content[0].text.strip()) else content
        if content or page.rules or page.images:
            continue
        following = pages[index + 1].number if index + 1 < len(pages) else None
        apart.append((page, lines[0].text.strip(), following))
    if not labels:
        judge.not_applicable("attachments.together.pdf", _("no attachments"))
        return
    faults = [
        (
            _("{label} and its title alone on page {n} ({orientation}); its content starts on page {next}")
            if following is not None
            else _("{label} and its title alone on page {n} ({orientation}), the last page")
        ).format(
            label=label,
            n=page.number,
            next=following,
            orientation=_("landscape") if page.landscape else _("portrait"),
        )
        for page, label, following in apart
    ]
    judge.record(
        "attachments.together.pdf",
        not apart,
        "; ".join(faults)
        or ngettext(
            "{n} attachment, its label on the page of its content",
            "{n} attachments, each label on the page of its content",
            labels,
        ).format(n=labels),
        _("附件N and the attachment's title on the page where its table or text starts"),
        "、".join(_("page {n}").format(n=page.number) for page, _label, _next in apart),
    )
