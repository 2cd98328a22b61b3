"""What the rules of the formats with their own clause share (纪要 10.3, 信函 10.1, 命令 10.2): a
general rule judged under the format's clause, the findings put in place of the general ones, and
the organ mark judged on the .docx (its face, colour and alignment) and on the PDF (its top)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from docgen import standard as S
from docgen.check.docx_elements import XIAOBIAOSONG, font_is, is_red
from docgen.check.docx_read import ParagraphLook
from docgen.check.pdf_read import Line, is_red_rgb
from docgen.check.rules import Finding, Rule, Status, rules
from docgen.i18n import _

CENTRE = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM / 2


def replace_findings(findings: list[Finding], new: Sequence[Finding]) -> None:
    """Put ``new`` in place of the findings of the same rule ids (appended when there were none)."""
    for finding in new:
        places = [i for i, old in enumerate(findings) if old.rule.id == finding.rule.id]
        if places:
            findings[places[0]] = finding
            for extra in reversed(places[1:]):
                del findings[extra]
        else:
            findings.append(finding)


def in_clause(rule_id: str, clause: str | None) -> Rule:
    """Return the general rule ``rule_id`` under the format's ``clause`` (unchanged when None)."""
    rule = rules()[rule_id]
    return rule if clause is None else dataclasses.replace(rule, clause=clause)


def judged(rule_id: str, clause: str, ok: bool, measured: str, expected: str, where: str = "") -> Finding:
    """Return the verdict on the general rule ``rule_id`` judged under ``clause``."""
    return Finding(in_clause(rule_id, clause), Status.PASS if ok else Status.FAIL, measured, expected, where)


def not_applicable(rule_id: str, why: str, clause: str | None = None) -> Finding:
    """Return the general rule ``rule_id`` found not to apply, saying ``why``."""
    return Finding(in_clause(rule_id, clause), Status.NOT_APPLICABLE, why)


def mark_format(
    marks: Sequence[ParagraphLook], clause: str, aligns: tuple[str, ...], aligned: str = ""
) -> Finding:
    """Return mark.format on the mark's paragraphs: 小标宋, red and aligned one of ``aligns``
    (``aligned``: the alignment as the measured value shows it, if it does)."""
    fonts = {f for m in marks for f in m.fonts}
    colors = {c for m in marks for c in m.colors}
    return judged(
        "mark.format",
        clause,
        all(font_is(f, XIAOBIAOSONG) for f in fonts)
        and bool(colors)
        and all(is_red(c) for c in colors)
        and all(m.align in aligns for m in marks),
        f"{'/'.join(sorted(map(str, fonts)))}, {'/'.join(sorted(colors))}{aligned}",
        _("小标宋, red, centred"),
    )


def mark_position(
    marks: Sequence[Line], clause: str, top: float, expected: str | None = None, *, centred: bool = True
) -> Finding:
    """Return mark.position.pdf on the mark's lines: its top ``top`` mm ±1, red and (``centred``)
    centred on the type area ±1.5 mm; ``expected`` says where, when not from the type area's top."""
    mark = min(marks, key=lambda line: line.em_top)
    red = all(is_red_rgb(c) for line in marks for c in line.colors)
    in_middle = not centred or abs((mark.x0 + mark.x1) / 2 - CENTRE) <= 1.5
    return judged(
        "mark.position.pdf",
        clause,
        abs(mark.em_top - top) <= 1 and red and in_middle,
        _("top {top:.1f} mm, {colour}").format(top=mark.em_top, colour=_("red") if red else _("not red")),
        expected or _("top {top:.0f} mm ±1, red").format(top=top),
        _("page 1, organ mark"),
    )
