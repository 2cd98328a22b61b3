"""``docgen check`` on a 信函 (GB/T 9704 10.1): found by its red lines wider than the type area
(170 mm, drawn on the first page), then judged by its own format.

The general rules run first; for a 信函 this module judges the mark (30 mm from the paper top),
the two double lines and the 7/8-字 gap under the upper one, no page number on page 1, and the
版记 without rules; it runs the general measured rules again on the pages without the letter's own
devices (the mark and the lines outside the type area, the 版记's lines, which a 信函 sets without
rules) so that those are not counted against the type area or the body size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from docgen import standard as S
from docgen.check.docx_elements import NUMBER_LIKE
from docgen.check.docx_read import paragraph_look, visible_text
from docgen.check.docx_rules import judge_number
from docgen.check.own_format import judged, mark_format, mark_position, not_applicable, replace_findings
from docgen.check.pdf_pages import PRINTED, is_page_number
from docgen.check.pdf_read import MM_PER_PT, Line, Page, Rule, is_red_rgb
from docgen.check.rules import Finding, Judge
from docgen.i18n import _

CLAUSE = "10.1"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EMU_PER_MM = 36000
REDONE = ("page.margins.pdf", "tables.area.pdf", "body.size.pdf")


def _wide_red_rules(page: Page) -> list[Rule]:
    """Return the red lines longer than the type area is wide, top to bottom."""
    return sorted(
        (r for r in page.rules if is_red_rgb(r.color) and r.length > S.TYPE_AREA_WIDTH_MM + 5),
        key=lambda r: r.top,
    )


def _edge(rule: Rule, side: int) -> float:
    """Return a line's upper (side -1) or lower (side 1) edge, mm."""
    return rule.top + side * rule.width_pt * MM_PER_PT / 2


def judge_letter_pdf(
    pages: list[Page],
    findings: list[Finding],
    general: Callable[[list[Page]], list[Finding]],
    *,
    text_rules: bool,
) -> bool:
    """Judge a rendered 信函 (``pages`` without a watermark, at least one) by its format if it is one
    (its findings replace the general ones; ``general`` judges the general measured rules on pages
    again); return whether it was."""
    first = pages[0]
    wide = _wide_red_rules(first)
    upper = [r for r in wide if r.top < S.MARGIN_TOP_MM + S.TYPE_AREA_HEIGHT_MM / 2]
    lower = [r for r in wide if r not in upper]
    if not upper:
        return False
    marks = [line for line in first.lines if line.em_bottom < upper[0].top and line.size >= 20]
    # the general measured rules again, without the letter's devices and its 版记's lines: every small
    # line from its first (抄送, 主送) down, for a long 抄送 list wraps to several lines (10.1, 7.4)
    last = pages[-1].number
    starts = [
        line.em_top for line in pages[-1].lines if line.size < 15 and line.text.startswith(("抄送", "主送"))
    ]
    imprint_top = min(starts) - 1 if starts else float("inf")
    stripped = [
        dataclasses.replace(
            page,
            lines=[
                line
                for line in page.lines
                if line not in marks
                and not (
                    page.number == last
                    and line.size < 15
                    and line.em_top >= imprint_top
                    and not is_page_number(line)
                )
            ],
            rules=[r for r in page.rules if r not in wide],
        )
        for page in pages
    ]
    new = [f for f in general(stripped) if f.rule.id in REDONE]
    new += _letter_head(first, marks, upper, lower)
    if text_rules:
        new += _letter_number(first, upper)
    imprint = [
        line for line in pages[-1].lines if line.size < 15 and line.text.startswith(("抄送", "主送", "印发"))
    ]
    printed = [line for line in pages[-1].lines if PRINTED.search(line.text.rstrip())]
    ruled = (
        [
            r
            for r in pages[-1].rules
            if not is_red_rgb(r.color) and r.length > 100 and r.top > imprint[0].em_top - 10
        ]
        if imprint
        else []
    )
    if imprint:
        new.append(
            judged(
                "imprint.position.pdf",
                CLAUSE,
                not printed and not ruled,
                _("{rules} rules, {printed} 印发 lines").format(rules=len(ruled), printed=len(printed)),
                _("no rules and no 印发机关 or 印发日期 (10.1)"),
                _("page {page}, imprint").format(page=last),
            )
        )
    else:
        new.append(not_applicable("imprint.position.pdf", _("no imprint (抄送)"), CLAUSE))
    numbered = [line.text for line in first.lines if is_page_number(line)]
    if numbered or len(pages) == 1:  # a one-page 信函 carries no page number at all (10.1)
        new.append(
            judged(
                "page_numbers.position.pdf",
                CLAUSE,
                not numbered,
                _("page 1 numbered {text}").format(text=numbered[0])
                if numbered
                else _("no page number on page 1"),
                _("no page number on page 1 (10.1)"),
            )
        )
    replace_findings(findings, new)
    return True


def _letter_number(first: Page, upper: list[Rule]) -> list[Finding]:
    """Judge the 发文字号, set at the right under the upper double line (10.1, its format 7.2.5)."""
    below = sorted(
        (line for line in first.lines if line.em_top > upper[-1].top and not is_page_number(line)),
        key=lambda line: line.em_top,
    )
    # the first lines under the double line: 份号, 密级, 紧急程度 at the left, the number at the right
    written = next((m for line in below[:4] if (m := NUMBER_LIKE.search(line.text.strip()))), None)
    found: list[Finding] = []
    if written is None:
        Judge(found).record(
            "number.format",
            False,
            below[0].text if below else "-",
            "代字〔2020〕13号",
            _("page 1, document number"),
        )
    else:
        judge_number(Judge(found), written.group(0))
    return found


def _letter_head(first: Page, marks: list[Line], upper: list[Rule], lower: list[Rule]) -> list[Finding]:
    """Judge the mark, the double lines and the gap under the upper one (10.1)."""
    out = []
    if marks:
        expected = _("top {top:.0f} mm from the paper top ±1, red").format(top=S.LETTER_MARK_TOP_MM)
        out.append(mark_position(marks, CLAUSE, S.LETTER_MARK_TOP_MM, expected, centred=False))
        mark_bottom = max(line.em_bottom for line in marks)
    else:
        mark_bottom = float("nan")
    lengths = "/".join(f"{r.length:.1f}" for r in [*upper, *lower])
    below_mark = _edge(upper[0], -1) - mark_bottom
    above_bottom = S.PAGE_HEIGHT_MM - _edge(lower[-1], 1) if lower else float("nan")
    text = [line for line in first.lines if line.em_top > upper[-1].top and not is_page_number(line)]
    gap = min(line.em_top for line in text) - _edge(upper[-1], 1) if text else float("nan")
    ok = (
        len(upper) == 2
        and len(lower) == 2
        and all(abs(r.length - S.LETTER_LINE_LENGTH_MM) <= 1 for r in [*upper, *lower])
        and upper[0].width_pt > upper[1].width_pt
        and lower[0].width_pt < lower[1].width_pt
        and abs(below_mark - S.LETTER_LINE_BELOW_MARK_MM) <= 1
        and abs(above_bottom - S.LETTER_LINE_ABOVE_BOTTOM_MM) <= 1
        and abs(gap - S.LETTER_TEXT_GAP_PT * MM_PER_PT) <= 1
    )
    out.append(
        judged(
            "rule.position.pdf",
            CLAUSE,
            ok,
            _(
                "{n} lines {lengths} mm, {below:.1f} mm below the mark, {above:.1f} mm above the paper bottom, text {gap:.1f} mm below"
            ).format(
                n=len(upper) + len(lower), lengths=lengths, below=below_mark, above=above_bottom, gap=gap
            ),
            _(
                "two double lines 170 mm ±1 (上粗下细 4 mm ±1 below the mark, 上细下粗 20 mm ±1 above the paper bottom), text 4.9 mm ±1 below"
            ),
            _("page 1, double lines"),
        )
    )
    return out


# --- .docx ---------------------------------------------------------------------------------------


def _anchored_wide_lines(doc: DocxDocument) -> int:
    """Return how many shapes anchored to the page are wider than the type area (a 信函's lines)."""
    count = 0
    for anchor in doc.element.body.iter(f"{WP}anchor"):
        extent = anchor.find(f"{WP}extent")
        if extent is not None and int(extent.get("cx", "0")) > (S.TYPE_AREA_WIDTH_MM + 5) * EMU_PER_MM:
            count += 1
    return count


def judge_letter_docx(doc: DocxDocument, findings: list[Finding]) -> bool:
    """Judge ``doc`` by the 信函 format if it is one: the mark in its text box (小标宋, red, centred) and
    the 版记 without rules; return whether it was."""
    if _anchored_wide_lines(doc) < 2:
        return False
    boxes = [
        paragraph_look(doc, Paragraph(p, doc.part))
        for box in doc.element.body.iter(f"{W}txbxContent")
        for p in box.iter(f"{W}p")
    ]
    marks = [look for look in boxes if look.text.strip() and any(s and s >= 20 for s in look.sizes)]
    new: list[Finding] = []
    if marks:
        aligns = ("center", "distribute")  # 分散对齐 in the box spreads the mark evenly: centred
        shown = (
            ""
            if all(m.align in aligns for m in marks)
            else ", " + "/".join(sorted({str(m.align) for m in marks}))
        )
        new.append(mark_format(marks, CLAUSE, aligns, shown))
    # the 发文字号 at the right under the double line, after 份号, 密级, 紧急程度 (10.1, its format 7.2.5)
    written = next(
        (
            m
            for paragraph in doc.paragraphs[:5]
            if (m := NUMBER_LIKE.search(visible_text(doc, paragraph._p).strip()))
        ),
        None,
    )
    if written is not None:
        judge_number(Judge(new), written.group(0))
    new.append(
        not_applicable("imprint.format", _("a 信函's 版记 has no rules and no 印发 line (10.1)"), CLAUSE)
    )
    # its mark, in a text box at the head, is read as a 版头's (docx_read.all_looks): the lines under it
    # are the letter's two, wider than the type area, not the 版头's red rule
    new.append(
        not_applicable(
            "rule.red",
            _("a 信函 has two lines across the page instead of the 版头's red rule (10.1): measured on the PDF"),
            CLAUSE,
        )
    )
    replace_findings(findings, new)
    return True
