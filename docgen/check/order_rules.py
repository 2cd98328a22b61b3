"""``docgen check`` on a 命令（令） (GB/T 9704 10.2): found by its mark (red, large, ending in 令 or
命令) over the 令号 (第N号), then judged by its own format.

The general rules run first; for a 令 this module judges the mark (red 小标宋, centred, 20 mm below
the type area top), says why the 版头's rule and the title rules do not apply (a 令 has neither),
judges the colours without the mark, and adds two rules of its own: the 令号 and the body two lines
apart (10.2), and the 签发人's 职务, 签名章 and date (7.3.5.3), measured on the PDF.
"""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument

from docgen import standard as S
from docgen.check.docx_elements import FANGSONG, font_is, is_black, is_red
from docgen.check.docx_read import ParagraphLook, all_looks
from docgen.check.own_format import (
    CENTRE,
    judged,
    mark_format,
    mark_position,
    not_applicable,
    replace_findings,
)
from docgen.check.pdf_pages import is_page_number
from docgen.check.pdf_read import Box, Line, Page
from docgen.check.pdf_rules import _black
from docgen.check.rules import Finding, Rule, Status, rules
from docgen.i18n import _

CLAUSE = "10.2"
NUMBER = re.compile(r"第\s*(\d+|[\u3000 ]+)\s*号")
LINE_MM = S.LINE_PITCH * 25.4 / 1440
CHAR_MM = S.CHAR * 25.4 / 1440
TEXT_TOP_IN_LINE_MM = 3.3  # a 3号 line of the grid has its em top 3.3 mm below the line's top
TYPE_RIGHT = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM


def number_rule() -> Rule:
    """The 令号 and the body two lines apart (10.2), measured."""
    return Rule(
        "order.number.pdf", CLAUSE, _("令号 centred two lines below the mark, the body two lines below it")
    )


def signer_rule() -> Rule:
    """The 签发人's lines (7.3.5.3), measured."""
    return Rule("order.signer.pdf", "7.3.5.3", _("签发人职务, 签名章 and date of a 令 (measured)"))


def _is_mark_text(text: str) -> bool:
    return text.replace(" ", "").replace("\u3000", "").endswith("令")


# --- .docx ---------------------------------------------------------------------------------------


def _order_head(looks: list[ParagraphLook]) -> tuple[int, int] | None:
    """Return the indices of a 令's mark and 令号, or None when the document is not a 令."""
    texts = [(i, look) for i, look in enumerate(looks) if look.text.strip() and not look.in_table]
    for (i, look), (j, following) in zip(texts, texts[1:], strict=False):
        big = any(s is not None and s >= 20 for s in look.sizes)
        if big and look.colors and all(is_red(c) for c in look.colors) and _is_mark_text(look.text):
            return (i, j) if NUMBER.fullmatch(following.text.strip()) else None
        if i > 5:
            return None
    return None


def judge_order_docx(doc: DocxDocument, findings: list[Finding]) -> bool:
    """Judge ``doc`` by the 命令 format if it is one (its findings replace the general ones); return whether it was."""
    looks = list(all_looks(doc))
    head = _order_head(looks)
    if head is None:
        return False
    mark, number = looks[head[0]], looks[head[1]]
    new = [
        # the mark is red (_order_head found it so): its face and alignment are judged
        mark_format([mark], CLAUSE, ("center", "distribute"), f", {mark.align}"),
        judged(
            "number.format",
            CLAUSE,
            number.align == "center",
            f"{number.text.strip()}, {number.align}",
            _("第N号, centred (10.2)"),
        ),
        judged(
            "number.font",
            CLAUSE,
            all(font_is(f, FANGSONG) for f in number.fonts) and number.sizes <= {S.BODY_PT},
            f"{'/'.join(sorted(map(str, number.fonts)))} {'/'.join(map(str, sorted(number.sizes, key=str)))} pt",
            _("仿宋 16 pt"),
        ),
    ]
    wrong = [
        look.text[:12]
        for i, look in enumerate(looks)
        if i != head[0] and look.text.strip() and not all(is_black(c) for c in look.colors)
    ]
    new += [
        judged(
            "colours", CLAUSE, not wrong, "、".join(wrong[:3]) or _("all black"), _("black, except the mark")
        ),
        not_applicable("rule.red", _("a 令 has no red rule under its 版头 (10.2)"), CLAUSE),
        not_applicable("title.format", _("a 令 has no title (10.2)"), CLAUSE),
    ]
    replace_findings(findings, new)
    return True


# --- PDF -----------------------------------------------------------------------------------------


def judge_order_pdf(pages: list[Page], findings: list[Finding]) -> bool:
    """Judge a rendered 令 (``pages`` without a watermark, at least one) by its format if it is one
    (its findings replace the general ones); return whether it was."""
    ordered = sorted((ln for ln in pages[0].lines if not is_page_number(ln)), key=lambda ln: ln.em_top)
    marks = [ln for ln in ordered[:3] if ln.size >= 20 and _is_mark_text(ln.text)]
    if not marks:
        return False
    mark = marks[0]
    after = [ln for ln in ordered if ln.em_top > mark.em_bottom]
    if not after or not NUMBER.fullmatch(after[0].text.strip()):
        return False
    number = after[0]
    body = after[1] if len(after) > 1 else None
    new = [
        mark_position([mark], CLAUSE, S.MARGIN_TOP_MM + S.ORDER_MARK_TOP_BELOW_TYPE_AREA_MM),
        not_applicable("rule.position.pdf", _("a 令 has no red rule under its 版头 (10.2)"), CLAUSE),
        not_applicable("title.size.pdf", _("a 令 has no title (10.2)")),
        not_applicable("title.words.pdf", _("a 令 has no title (10.2)")),
        _colours(pages, mark),
        _number(mark, number, body),
        _signer(pages),
    ]
    replace_findings(findings, new)
    return True


def _colours(pages: list[Page], mark: Line) -> Finding:
    coloured = [
        f"p{page.number} {line.text[:8]}"
        for page in pages
        for line in page.lines
        if line is not mark and not _black(line.colors)
    ]
    return Finding(
        rules()["colours.pdf"],
        Status.FAIL if coloured else Status.PASS,
        _("; ").join(coloured[:3]) or _("all black"),
        _("black, except the mark"),
    )


def _number(mark: Line, number: Line, body: Line | None) -> Finding:
    """Judge the 令号: centred, two empty lines below the mark; the body two empty lines below it."""
    below_mark = number.em_top - mark.em_bottom
    expected = 2 * LINE_MM + TEXT_TOP_IN_LINE_MM
    centred = abs((number.x0 + number.x1) / 2 - CENTRE) <= 1
    body_gap = body.em_top - number.em_top if body else float("nan")
    ok = abs(below_mark - expected) <= 1 and centred and abs(body_gap - 3 * LINE_MM) <= 1
    return Finding(
        number_rule(),
        Status.PASS if ok else Status.FAIL,
        _("{number}: {below:.1f} mm below the mark, centre {centre:.1f} mm; body {gap:.1f} mm below").format(
            number=number.text.strip(), below=below_mark, centre=(number.x0 + number.x1) / 2, gap=body_gap
        ),
        _("{below:.1f} mm ±1 below the mark, centre {centre:.0f} mm ±1; body {gap:.1f} mm ±1 below").format(
            below=expected, centre=CENTRE, gap=3 * LINE_MM
        ),
        _("page 1"),
    )


def _signer(pages: list[Page]) -> Finding:
    """Judge the 签发人's lines (7.3.5.3): the 职务 two empty lines below the text above it, the 签名章
    (its picture, or the space left for it) 右空四字 with the 职务 two 字 to its left and centred on it,
    the date one empty line below, 右空四字."""
    rule = signer_rule()
    for page in pages:
        body = sorted((ln for ln in page.lines if 15 <= ln.size <= 17), key=lambda ln: ln.em_top)
        dates = [
            i for i, ln in enumerate(body) if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", ln.text.strip())
        ]
        if not dates or dates[0] < 2:
            continue
        date, title, above = body[dates[0]], body[dates[0] - 1], body[dates[0] - 2]
        stamp = _stamp_near(page, title)
        stamp_right = stamp.x1 if stamp else TYPE_RIGHT - S.ORDER_RIGHT_CHARS * CHAR_MM
        stamp_left = stamp.x0 if stamp else stamp_right - S.ORDER_STAMP_WIDTH_MM
        title_gap = stamp_left - title.x1
        date_right = TYPE_RIGHT - date.x1
        title_centre = (title.em_top + title.em_bottom) / 2
        offset = (stamp.top + stamp.bottom) / 2 - title_centre if stamp else 0.0
        date_below = date.em_top - (max(title.em_bottom, stamp.bottom) if stamp else title.em_top)
        checks = [
            abs(title.em_top - above.em_top - 3 * LINE_MM) <= 1 or stamp is not None,
            abs(title_gap - S.ORDER_TITLE_GAP_CHARS * CHAR_MM) <= 1,
            abs(TYPE_RIGHT - stamp_right - S.ORDER_RIGHT_CHARS * CHAR_MM) <= 1,
            abs(offset) <= 1,
            abs(date_right - S.ORDER_RIGHT_CHARS * CHAR_MM) <= 1,
            date_below >= (LINE_MM if stamp is None else 2)
            and date.em_top - title.em_top <= 3 * LINE_MM + 10,
        ]
        measured = _(
            "{title} {gap:.1f} mm left of the 签名章 ({kind}), which ends {right:.1f} mm from the right, "
            "off centre {offset:.1f} mm; {above:.1f} mm below the text; date {date:.1f} mm from the right"
        ).format(
            title=title.text.strip(),
            gap=title_gap,
            kind=_("picture") if stamp else _("space"),
            right=TYPE_RIGHT - stamp_right,
            offset=offset,
            above=title.em_top - above.em_top,
            date=date_right,
        )
        return Finding(
            rule,
            Status.PASS if all(checks) else Status.FAIL,
            measured,
            _(
                "正文下空二行; 签名章 右空四字 (22.3 mm ±1), 职务 two 字 (11.1 mm ±1) left of it, centred on it; "
                "date 下空一行 右空四字"
            ),
            _("page {page}").format(page=page.number),
        )
    return Finding(rule, Status.FAIL, _("no 职务 and date found"), _("签发人职务, 签名章 and date (7.3.5.3)"))


def _stamp_near(page: Page, title: Line) -> Box | None:
    """Return the picture on the 职务's line, to its right (a 签名章 printed with the 令), if any."""
    for box in page.images:
        if box.x0 > title.x1 and box.top - 5 < title.em_bottom and box.bottom + 5 > title.em_top:
            return box
    return None
