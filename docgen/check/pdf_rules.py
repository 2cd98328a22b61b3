"""Rules judged on positions measured in a PDF (LibreOffice's rendering of a .docx, or any PDF)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from docgen import standard as S
from docgen.check.docx_elements import DATE_LIKE, ISSUE, NUMBER_LIKE, date_verdict
from docgen.check.docx_rules import judge_number
from docgen.check.pdf_breaks import check_breaks
from docgen.check.pdf_chars import ZI, check_chars, hangs, ink_left, ink_right, zi
from docgen.check.pdf_gaps import check_gaps
from docgen.check.pdf_grid import GridLines, grid_lines
from docgen.check.pdf_headings import check_kept_headings
from docgen.check.pdf_indent import indent_faults
from docgen.check.pdf_numbers import check_page_numbers
from docgen.check.pdf_page_rules import check_pages
from docgen.check.pdf_pages import Imprint, find_imprint, is_page_number, on_pages, text_lines, type_area
from docgen.check.pdf_pitch import TYPE_BOTTOM, TYPE_TOP, body_lines, check_grid, is_size
from docgen.check.pdf_read import Line, Page, Rule, is_red_rgb
from docgen.check.pdf_spread import check_spread
from docgen.check.rules import Judge
from docgen.i18n import _

TYPE_LEFT = S.MARGIN_LEFT_MM
TYPE_RIGHT = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM


def _black(colors: frozenset[tuple[float, ...]]) -> bool:
    return all(max(c[:3]) <= 0.2 for c in colors)


def without_watermark(pages: list[Page]) -> list[Page]:
    """Return the pages without the 样稿 watermark that previews carry."""
    return [
        replace(
            p,
            lines=[
                line
                for line in p.lines
                if not (set(line.text.strip()) <= set(S.WATERMARK_TEXT) and line.size > 60)
            ],
        )
        for p in pages
    ]


def check_pdf(
    pages: list[Page],
    judge: Judge,
    *,
    text_rules: bool,
    declared_grid: str | None = None,
    double_sided: bool = True,
    office_header: bool = False,
    imprint_place: str | None = None,
    paragraphs: Sequence[str] = (),
    section_ends: Collection[int] = (),
    by_docgen: bool = True,
) -> None:
    """Judge every measured rule on the pages of a PDF; ``text_rules`` adds number and date formats.

    ``office_header``: the 版头 is the office's own (issue 19 c), not whole grid lines tall.

    ``declared_grid`` says why the characters per line LibreOffice lays out are not the document's
    (a grid it cannot reproduce): grid.chars.pdf is then not applicable, and where LibreOffice
    narrowed the lines to whole grid cells (``pdf_grid``) the rules and the title are judged on
    them.  ``double_sided``: the document is printed on both sides (6.2), so its 版记 must end on an
    even page.  ``imprint_place`` says why LibreOffice did not put the 版记 where the .docx declares it.
    ``paragraphs``: the texts of the .docx's paragraphs, which say where each ends (grid.chars.pdf).
    ``section_ends``: the pages ending a section of the .docx (pages.full.pdf).  ``by_docgen``: the
    document is docgen's, which promises a table cell's words whole (tables.words.pdf), tables as
    wide as the type area (tables.width.pdf) and no space between Chinese and Latin (grid.latin_gap.pdf).
    """
    pages = without_watermark(pages)
    if not pages:
        for rule_id in ("page.size.pdf", "page.margins.pdf", "grid.lines.pdf", "grid.chars.pdf"):
            judge.not_applicable(rule_id, _("the PDF has no pages"))
        return
    sizes = {f"{p.width:.0f}×{p.height:.0f}" for p in pages}
    judge.record(
        "page.size.pdf",
        all(abs(min(p.width, p.height) - 210) <= 1 and abs(max(p.width, p.height) - 297) <= 1 for p in pages),
        ", ".join(sorted(sizes)),
        "210×297 mm",
        on_pages(
            p.number
            for p in pages
            if abs(min(p.width, p.height) - 210) > 1 or abs(max(p.width, p.height) - 297) > 1
        ),
    )
    portrait = [p for p in pages if p.width < p.height]
    outside = []
    outside_pages: list[int] = []
    for page in portrait:
        for line in page.lines:
            if is_page_number(line) or not line.text.strip():
                continue  # a space prints nothing: an empty header paragraph's is no text (wild9 #9)
            # a hanging mark is grid.hanging.pdf's; a full-width mark's empty half is no ink: a
            # closing mark's right half, an opening mark's left half (Typst sets a line-initial “（”
            # half-width: its box from 25.2 mm, its ink from 28.8, outsider8 #3)
            right = line.x1 - zi(line.text.rstrip()[-1]) * ZI if hangs(line) else ink_right(line)
            if (
                ink_left(line) < TYPE_LEFT - 1
                or right > TYPE_RIGHT + 1
                or line.em_top < TYPE_TOP - 1
                or line.em_bottom > TYPE_BOTTOM + 1
            ):
                outside_pages.append(page.number)
                outside.append(
                    f"p{page.number} {line.text[:8]} ({line.x0:.0f}–{line.x1:.0f}, {line.em_top:.0f} mm)"
                )
    judge.record(
        "page.margins.pdf",
        not outside,
        _("; ").join(outside[:3]) or _("all text inside"),
        _("text inside x 28–184 mm, y 37–262 mm"),
        on_pages(outside_pages),
    )
    check_grid(pages, judge)
    rule = _separator(pages[0])
    grid = grid_lines(pages, declared_grid)
    check_chars(
        pages, judge, header_bottom=rule.top if rule else 0.0, declared_grid=declared_grid, paragraphs=paragraphs
    )
    check_spread(pages, judge, header_bottom=rule.top if rule else 0.0)
    check_gaps(pages, judge, by_docgen=by_docgen)
    _header(pages, judge, text_rules=text_rules, grid=grid)
    _body(pages, judge, text_rules=text_rules, grid=grid)
    _attachments(pages, judge)
    check_pages(
        pages,
        judge,
        double_sided=double_sided,
        office_header=office_header,
        imprint_place=imprint_place,
        grid=grid,
        section_ends=section_ends,
    )
    check_kept_headings(pages, judge)
    check_breaks(pages, title_lines(pages[0]), judge, grid=grid, by_docgen=by_docgen)
    check_page_numbers(pages, judge)


def _separator(page: Page) -> Rule | None:
    """Return the 版头's separator: the topmost long thin rule with a large line (the organ mark)
    above it, the rule or that line red (a black separator under a red mark is still found)."""
    for rule in sorted(page.rules, key=lambda r: r.top):
        if rule.length <= 100 or rule.lowest - rule.top > 3:
            continue
        big = [line for line in page.lines if line.em_bottom < rule.top and line.size >= 20]
        if is_red_rgb(rule.color) or any(is_red_rgb(c) for line in big for c in line.colors):
            return rule
    return None


def _bare_mark_bottom(page: Page) -> float:
    """Return the bottom of a red mark opening the page with no rule under it (a 公告's ×××人民政府公告
    over its 〔2020〕第1号, wild12), 0 without one: the mark is red by 7.2.4 whatever follows it."""
    bottom = 0.0
    for line in sorted(page.lines, key=lambda x: x.em_top):
        if not line.text.strip():
            continue
        if line.size < 20 or not line.colors or not all(is_red_rgb(c) for c in line.colors):
            break
        bottom = line.em_bottom + 0.1
    return bottom


def title_lines(first: Page) -> list[Line] | None:
    """Return the title: the first block of 2号-sized lines below the red rule, top to bottom (an empty
    list when there are none); None without a red rule (not the general format)."""
    rule = _separator(first)
    if rule is None:
        return None
    big = sorted(
        (
            line
            for line in first.lines
            if line.em_top > rule.top and line.size >= 18 and not is_page_number(line)
        ),
        key=lambda line: line.em_top,
    )
    block = big[:1]
    for line in big[1:]:
        if line.em_top - block[-1].em_top > 2 * block[-1].size * 25.4 / 72:
            break  # a gap: the title has ended
        block.append(line)
    return block


def _header(pages: list[Page], judge: Judge, *, text_rules: bool, grid: GridLines | None) -> None:
    first = pages[0]
    rule = _separator(first)
    above = [line for line in first.lines if rule is not None and line.em_bottom < rule.top]
    mark_lines = [line for line in above if line.size >= 20]
    if rule is None or not mark_lines:
        why = _("no red rule with an organ mark above it: not the general format")
        for rule_id in ("mark.position.pdf", "rule.position.pdf"):
            judge.not_applicable(rule_id, why)
        if text_rules:
            judge.not_applicable("number.format", why)
        judge.not_applicable("title.size.pdf", why)
        return
    if any(ISSUE.fullmatch(line.text.strip()) for line in above):  # a 简报: a name and 第N期, no 发文字号
        why = _("a bulletin (简报): not the general format")
        judge.not_applicable("mark.position.pdf", why)
        if text_rules:
            judge.not_applicable("number.format", why)
        mark_lines = []
    if not mark_lines:
        return _title_and_rule(first, rule, judge)
    mark = min(mark_lines, key=lambda line: line.em_top)
    mark_red = all(is_red_rgb(c) for line in mark_lines for c in line.colors)
    expected_top = S.MARGIN_TOP_MM + S.MARK_TOP_BELOW_TYPE_AREA_MM
    judge.record(
        "mark.position.pdf",
        abs(mark.em_top - expected_top) <= 1 and mark_red,
        _("top {top:.1f} mm, {colour}").format(
            top=mark.em_top, colour=_("red") if mark_red else _("not red")
        ),
        _("top {top:.0f} mm ±1, red").format(top=expected_top),
        _("page 1, organ mark"),
    )
    number_lines = [line for line in above if line.size < 20]
    number = max(number_lines, key=lambda line: line.em_top) if number_lines else None
    gap = rule.top - number.em_bottom if number else float("nan")
    measured = (  # 7.2.7; with no line between the mark and the rule there is no distance to give
        _("{width:.1f} mm wide, {gap:.1f} mm below the number, {colour}")
        if number
        else _("{width:.1f} mm wide, no 发文字号 line between the mark and the rule, {colour}")
    ).format(width=rule.length, gap=gap, colour=_("red") if is_red_rgb(rule.color) else _("not red"))
    wide = abs(rule.length - S.TYPE_AREA_WIDTH_MM) <= 1
    if not wide and grid is not None and abs(rule.x0 - grid.left) <= 1 and abs(rule.x1 - grid.right) <= 1:
        wide = True  # as wide as LibreOffice's lines of the declared grid: the .docx's width is rule.red's
        measured += _("; ") + grid.why()
    judge.record(
        "rule.position.pdf",
        wide and number is not None and abs(gap - S.RULE_GAP_MM) <= 1 and is_red_rgb(rule.color),
        measured,
        _("red, 156 mm ±1 wide, 4 mm ±1 below the number"),
        _("page 1, red rule"),
    )
    if text_rules:
        written = NUMBER_LIKE.search(number.text.strip()) if number else None
        if written is None:
            judge.record("number.format", False, number.text if number else "-", "代字〔2020〕13号")
        else:
            judge_number(judge, written.group(0))
    _title_and_rule(first, rule, judge, judged_rule=True)


def _title_and_rule(first: Page, rule: Rule, judge: Judge, *, judged_rule: bool = False) -> None:
    if not judged_rule:
        judge.not_applicable("rule.position.pdf", _("a bulletin (简报): not the general format"))
    below = [line for line in first.lines if line.em_top > rule.top and not is_page_number(line)]
    title = [line for line in below if line.size >= 18]
    if not title:
        judge.record(
            "title.size.pdf", False, _("no title below the rule"), _("22 pt, centred"), _("page 1, title")
        )
        return
    centre = (TYPE_LEFT + TYPE_RIGHT) / 2
    ok = all(is_size(line, S.TITLE_PT) and abs((line.x0 + line.x1) / 2 - centre) <= 1.5 for line in title)
    judge.record(
        "title.size.pdf",
        ok,
        ", ".join(f"{line.size:.0f} pt @ {(line.x0 + line.x1) / 2:.1f}" for line in title[:3]),
        _("22 pt, centred at {centre:.0f} mm").format(centre=centre),
        _("page 1, title"),
    )


def _body(pages: list[Page], judge: Judge, *, text_rules: bool, grid: GridLines | None) -> None:
    rule = _separator(pages[0])
    skip_above = rule.top if rule else _bare_mark_bottom(pages[0])
    coloured = []
    coloured_pages: list[int] = []
    sizes: set[float] = set()
    size_pages: dict[float, int] = {}
    loose: list[str] = []  # smaller text outside tables and the 版记
    loose_pages: list[int] = []
    table_sizes: set[float] = set()  # text in tables smaller or larger than the body
    imprint_lines: list[str] = []  # lines between the 版记's rules not in 4号 (14 pt)
    imprint = find_imprint(pages, width=grid.width if grid else None)
    for page in pages:
        # 7.4: the 版记 runs from its first line (抄送, 主送) to the bottom of the type area, however many
        # lines a long 抄送 list wraps to (the ruled test alone takes only lines within 30 mm of a rule)
        imprint_top = (
            min(line.em_top for line in imprint.lines) - 1
            if imprint is not None and page.number == imprint.page.number
            else float("inf")
        )
        for line in page.lines:
            if page.number == 1 and line.em_bottom < skip_above:
                continue  # the 版头: red mark allowed
            if not line.text.strip():
                continue  # spaces print no ink (a 1 pt space opening a template's 版记 box, wild11 #4)
            if not _black(line.colors):
                coloured.append(f"p{page.number} {line.text[:8]}")
                coloured_pages.append(page.number)
            if TYPE_TOP < line.em_top < TYPE_BOTTOM and line.size < 18:
                # 7.4.2, 7.4.3: the lines between the 版记's first and last rules are 4号, whatever the
                # body's size (a 16 pt 印发 line was pooled with the body's 16 pt, outsider8 #5)
                between = imprint is not None and page.number == imprint.page.number and _between(imprint, line)
                if between and not is_size(line, S.NOTE_PT):
                    imprint_lines.append(f"p{page.number} {line.text.strip()[:8]} {line.size:g} pt")
                    loose_pages.append(page.number)
                in_imprint = between or (line.em_top >= imprint_top and line.size < S.BODY_PT)
                in_table = not in_imprint and ruled(page, line)
                if in_table and not is_size(line, S.BODY_PT):
                    table_sizes.add(round(line.size, 1))
                    continue
                sizes.add(round(line.size, 1))
                size_pages.setdefault(round(line.size, 1), page.number)
                if not is_size(line, S.BODY_PT) and not is_page_number(line) and not in_imprint:
                    loose.append(f"p{page.number} {line.text[:8]} {line.size:g} pt")
                    loose_pages.append(page.number)
    judge.record(
        "colours.pdf",
        not coloured,
        _("; ").join(coloured[:3]) or _("all black"),
        _("black, except the 版头"),
        on_pages(coloured_pages),
    )
    # GB/T 9704 gives no size for text in tables (5.2.2's 3号 is "一般", 7.3.3 and chapter 8 name
    # none): a table's own size is the writer's, judged by no rule (an Excel table pasted at 11 磅 is
    # said, with docgen's own choice, 4号 → 小四 → 五号, issue 14); outside tables and the 版记 the
    # text is the body's 3号, the 版记 and page numbers 4号.
    odd_sizes = sizes - {S.BODY_PT, S.NOTE_PT}
    measured = "/".join(str(s) for s in sorted(sizes)) + " pt"
    if table_sizes:
        measured += _("; ") + _(
            "in tables {sizes} pt (GB/T 9704 gives no size for tables; docgen sets its own in 4号, "
            "小四 or 五号: 14, 12 or 10.5 pt)"
        ).format(sizes="/".join(str(s) for s in sorted(table_sizes)))
    if loose:
        measured += _("; ") + _("outside tables and the imprint: {lines}").format(lines=_("; ").join(loose[:3]))
    if imprint_lines:
        measured += _("; ") + _("in the imprint: {lines}").format(lines=_("; ").join(imprint_lines[:3]))
    paragraphs, indents, indent_pages = indent_faults(pages, skip_above, ruled, grid)
    if indents:
        measured += _("; ") + _("first lines not 2 字 in: {lines}").format(lines=_("; ").join(indents[:3]))
    elif paragraphs:
        measured += _("; ") + _("first lines of {n} paragraphs 2 字 in").format(n=paragraphs)
    judge.record(
        "body.size.pdf",
        S.BODY_PT in sizes and not odd_sizes and not loose and not imprint_lines and not indents,
        measured,
        _("16 pt, a paragraph's first line 2 字 in (±¼ 字); the imprint 14 pt; tables any size"),
        on_pages([*(size_pages[size] for size in odd_sizes), *loose_pages, *indent_pages]),
    )
    if text_rules:
        dates = [
            line.text.strip() for page in pages for line in page.lines if DATE_LIKE.match(line.text.strip())
        ]
        if not dates:
            judge.not_applicable("date.format", _("no date found"))
        else:
            ok, measured = date_verdict(dates[0])
            judge.record("date.format", ok, measured, "2020年3月5日")


def _own_body_lines(page: Page) -> list[Line]:
    """Return a page's lines of body text inside its own type area: a landscape page's is turned
    (``type_area``; ``body_lines`` reads the portrait one, where a landscape attachment's 「附件1」,
    28 mm from the top, is above it: attachments.new_page.pdf said "no attachments")."""
    if not page.landscape:
        return body_lines(page)
    area = type_area(page)
    return [
        line
        for line in text_lines(page)
        if is_size(line, S.BODY_PT) and area.top - 1 < line.em_top < area.bottom
    ]


def _attachments(pages: list[Page], judge: Judge) -> None:
    labels = []
    for page in pages:
        for index, line in enumerate(_own_body_lines(page)):
            if re.fullmatch(r"附件\s*\d*", line.text.strip()):
                labels.append((page.number, index, line.text.strip()))
    if not labels:
        judge.not_applicable("attachments.new_page.pdf", _("no attachments"))
        return
    late = [f"{text} (p{number})" for number, index, text in labels if index != 0]
    judge.record(
        "attachments.new_page.pdf",
        not late,
        "、".join(late) or _("each first on its page"),
        _("each attachment label first on its page"),
        on_pages(number for number, index, _text in labels if index != 0),
    )


def _between(imprint: Imprint, line: Line) -> bool:
    """Return True when ``line`` stands between the 版记's first and last rules."""
    if len(imprint.rules) < 2:
        return False
    return min(r.top for r in imprint.rules) < line.em_top and line.em_bottom < max(r.lowest for r in imprint.rules) + 1


RULED_MM = 30.0  # a table row or a 版记 line has a rule above and below it within this


def ruled(page: Page, line: Line) -> bool:
    """Return True when ``line`` stands in a table or the 版记: between vertical rules spanning it,
    or between two horizontal rules across it, each within 30 mm."""
    upright = [
        r
        for r in page.rules
        if r.length < 10
        and r.lowest - r.top > 3
        and r.top <= line.em_top + 1
        and r.lowest >= line.em_bottom - 1
    ]
    if any(r.x0 <= line.x0 + 1 for r in upright) and any(r.x1 >= line.x1 - 1 for r in upright):
        return True
    centre = (line.x0 + line.x1) / 2
    across = [r for r in page.rules if r.x0 - 1 <= centre <= r.x1 + 1 and r.lowest - r.top < 3]
    above = any(0 <= line.em_top + 1 - r.lowest <= RULED_MM for r in across)
    below = any(0 <= r.top - line.em_bottom + 1 <= RULED_MM for r in across)
    return above and below
