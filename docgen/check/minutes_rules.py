"""``docgen check`` on a 纪要 (GB/T 9704 10.3): found by its mark ("……纪要" in red over 第N期), then
judged by its own format.

The general rules run first (docx_rules, pdf_rules); for a 纪要 this module then judges the mark
(10.3: red 小标宋, centred, 35 mm below the type area), says that the title rule does not apply (a
纪要 has none), judges the body without the 出席/请假/列席 lines and the 版记 that the 简报 reading
missed, and adds the rule of the 出席/请假/列席 lines.  Kept apart from the general rules so that a
format's rules live in one module.
"""

from __future__ import annotations

import dataclasses

from docx.document import Document as DocxDocument

from docgen import standard as S
from docgen.check.docx_elements import FANGSONG, HEITI, Elements, _imprint_line, find_elements, font_is
from docgen.check.docx_imprint import judge_imprint
from docgen.check.docx_rules import _body
from docgen.check.own_format import judged, mark_format, mark_position, not_applicable, replace_findings
from docgen.check.pdf_read import Line, Page, is_red_rgb
from docgen.check.pdf_rules import _separator
from docgen.check.rules import Finding, Judge, Rule, Status
from docgen.i18n import _

LABELS = ("出席：", "请假：", "列席：")
CLAUSE = "10.3"
MM_PER_TWIP = 25.4 / 1440
CHAR_MM = S.CHAR * MM_PER_TWIP  # one 3号 字 of the grid


def attendance_rule() -> Rule:
    """The rule of the lines after a 纪要's body (10.3), measured on the .docx."""
    return Rule(
        "minutes.attendance", CLAUSE, _("出席/请假/列席: label 黑体, names 仿宋, names hang after the colon")
    )


def attendance_pdf_rule() -> Rule:
    """The same rule measured on the PDF."""
    return Rule(
        "minutes.attendance.pdf",
        CLAUSE,
        _("出席/请假/列席 2 字 from the left, wrapped names start after the colon (measured)"),
    )


# --- .docx ---------------------------------------------------------------------------------------


def _minutes_elements(doc: DocxDocument) -> tuple[Elements, list[int]] | None:
    """Return a 纪要's elements (the 简报 reading corrected) and its 出席/请假/列席 lines; None for others."""
    el = find_elements(doc)
    mark = "".join(el.looks[i].text.strip() for i in el.mark)
    if not el.bulletin or not mark.endswith("纪要"):
        return None
    texts = [look.text.strip() for look in el.looks]
    attendance = [i for i, text in enumerate(texts) if text.startswith(LABELS) and not el.looks[i].in_table]
    imprint = [i for i, text in enumerate(texts) if _imprint_line(text)]
    body = [i for i in el.body if i not in attendance and i not in imprint]
    return dataclasses.replace(el, body=body, imprint=imprint), attendance


def judge_minutes_docx(doc: DocxDocument, findings: list[Finding]) -> bool:
    """Judge ``doc`` by the 纪要 format if it is one (its findings replace the general ones); return whether it was."""
    found = _minutes_elements(doc)
    if found is None:
        return False
    el, attendance = found
    new = [mark_format([el.looks[i] for i in el.mark], CLAUSE, ("center", "distribute"))]
    judge = Judge(new)
    _body(el, judge)
    judge_imprint(doc, el, judge)
    judge.not_applicable("title.format", _("a 纪要 has no title (10.3)"))
    new += _no_number(findings)
    replace_findings(findings, new)
    findings.append(_attendance_docx(el, attendance))
    return True


def _no_number(findings: list[Finding]) -> list[Finding]:
    """Return number.format found not to apply to a 纪要 (it has no 发文字号), if the general rules judged it."""
    if not any(finding.rule.id == "number.format" for finding in findings):
        return []  # check without its text rules: nothing to correct
    return [not_applicable("number.format", _("a 纪要 has no 发文字号 (10.3)"), CLAUSE)]


def _attendance_docx(el: Elements, attendance: list[int]) -> Finding:
    rule = attendance_rule()
    if not attendance:
        return Finding(rule, Status.NOT_APPLICABLE, _("no 出席/请假/列席 lines"))
    problems = []
    for index in attendance:
        look = el.looks[index]
        label = [r for r in look.runs if r.text.strip()][:1]
        names = [r for r in look.runs if r.text.strip()][1:]
        wrong_label = (
            not label
            or not label[0].text.strip().endswith("：")
            or not font_is(label[0].east_asia_font, HEITI)
        )
        wrong_names = not names or not all(font_is(r.east_asia_font, FANGSONG) for r in names)
        sizes = {r.size_pt for r in look.runs if r.text.strip()} - {16.0}
        first_start = ((look.left or 0) - (look.hanging or 0) + (look.first_line or 0)) / S.CHAR
        names_start = (look.left or 0) / S.CHAR
        if wrong_label or wrong_names or sizes or abs(first_start - 2) > 0.2 or abs(names_start - 5) > 0.2:
            problems.append(
                _(
                    "{text}: label {label}, names {names}, starts {first:.1f} 字, wraps at {left:.1f} 字"
                ).format(
                    text=look.text[:3],
                    label=label[0].east_asia_font if label else "-",
                    names="/".join(sorted({str(r.east_asia_font) for r in names})) or "-",
                    first=first_start,
                    left=names_start,
                )
            )
    return Finding(
        rule,
        Status.FAIL if problems else Status.PASS,
        "; ".join(problems) or _("{n} lines as expected").format(n=len(attendance)),
        _("label 3号黑体 2 字 from the left, names 3号仿宋, wrapped lines start after the colon"),
    )


# --- PDF -----------------------------------------------------------------------------------------


def judge_minutes_pdf(pages: list[Page], findings: list[Finding]) -> bool:
    """Judge a rendered 纪要 (``pages`` without a watermark, at least one) by its format if it is one
    (its findings replace the general ones); return whether it was."""
    first = pages[0]
    rule = _separator(first)
    if rule is None:
        return False
    above = [line for line in first.lines if line.em_bottom < rule.top]
    mark_lines = [line for line in above if line.size >= 20]
    if not mark_lines or not "".join(line.text for line in mark_lines).replace(" ", "").endswith("纪要"):
        return False
    office_lines = [line for line in above if line.size < 20]
    office = max(office_lines, key=lambda line: line.em_top) if office_lines else None
    gap = rule.top - office.em_bottom if office else float("nan")
    rule_ok = (
        abs(rule.length - S.TYPE_AREA_WIDTH_MM) <= 1
        and abs(gap - S.RULE_GAP_MM) <= 1
        and is_red_rgb(rule.color)
    )
    new = [
        mark_position(mark_lines, CLAUSE, S.MARGIN_TOP_MM + S.MARK_TOP_BELOW_TYPE_AREA_MM),
        judged(
            "rule.position.pdf",
            CLAUSE,
            rule_ok,
            _("{width:.1f} mm wide, {gap:.1f} mm below the 印发单位 and date line, {colour}").format(
                width=rule.length, gap=gap, colour=_("red") if is_red_rgb(rule.color) else _("not red")
            ),
            _("red, 156 mm ±1 wide, 4 mm ±1 below the 印发单位 and date line"),
            _("page 1, red rule"),
        ),
        not_applicable("title.size.pdf", _("a 纪要 has no title (10.3)")),
        *_no_number(findings),
    ]
    replace_findings(findings, new)
    findings.append(_attendance_pdf(pages))
    return True


def _attendance_pdf(pages: list[Page]) -> Finding:
    """Judge the 出席/请假/列席 lines: each label 2 字 from the type area's left, every wrapped line
    of names where the names start after the colon (the 版记 and page numbers are 4号: not read)."""
    rule = attendance_pdf_rule()
    left = S.MARGIN_LEFT_MM
    measured: list[str] = []
    problems: list[str] = []
    for page in pages:
        label: Line | None = None
        previous: Line | None = None
        for line in sorted((ln for ln in page.lines if 15 <= ln.size <= 17), key=lambda ln: ln.em_top):
            follows = (
                previous is not None and line.em_top - previous.em_top < 1.5 * S.LINE_PITCH * MM_PER_TWIP
            )
            previous = line
            if line.text[:3] in LABELS and len(line.starts) > 3:
                label = line
                start = line.starts[0] - left
                measured.append(f"{line.text[:2]} {start:.1f} mm")
                if abs(start - 2 * CHAR_MM) > 1:
                    problems.append(
                        _("{label} starts {n:.1f} mm from the left").format(label=line.text[:2], n=start)
                    )
                continue
            if label is None or not follows:
                label = None
                continue
            names_at = label.starts[3]
            if abs(line.x0 - names_at) > 1:
                problems.append(
                    _("{label}: a wrapped line starts at {x:.1f} mm, the names at {names:.1f} mm").format(
                        label=label.text[:2], x=line.x0, names=names_at
                    )
                )
    if not measured:
        return Finding(rule, Status.NOT_APPLICABLE, _("no 出席/请假/列席 lines"))
    return Finding(
        rule,
        Status.FAIL if problems else Status.PASS,
        "; ".join(problems) or ", ".join(measured),
        _("labels 2 字 (11.1 mm) from the left ±1 mm; wrapped names where the names start ±1 mm"),
    )
