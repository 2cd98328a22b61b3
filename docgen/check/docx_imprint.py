"""The declared rules on the 版头's red rule (7.2.7) and the 版记 (7.4), whatever builds them.

The red rule is any red horizontal rule between the 发文字号 (or its 签发人) and the title: a
border of the number's paragraph, of an empty paragraph or table around it, or a drawn line
anchored in the 版头.  The 版记's rules are every horizontal rule of its block: paragraph borders,
table, row or cell borders of a floating or inline table, or drawn lines anchored after the date.
Where a construction declares no place (an inline table pushed down by empty lines, paragraph
borders), the place is left to the measured rule (imprint.position.pdf).
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from docgen import standard as S
from docgen.check.docx_elements import Elements, is_black, is_red
from docgen.check.docx_lines import (
    HRule,
    drawn_rules,
    header_rules,
    paragraph_rules,
    paragraphs_rules,
    table_rules,
)
from docgen.check.docx_read import ParagraphLook
from docgen.check.rules import Judge
from docgen.i18n import _

OUTER_PT = (0.85, 1.15)  # 0.35 mm (7.4.1), drawn as 1 pt
INNER_PT = (0.6, 0.8)  # 0.25 mm, drawn as 0.75 pt


def _sections(doc: DocxDocument) -> dict[int, int]:
    """Return the section index of every top-level block of the body, by id of its element."""
    out: dict[int, int] = {}
    index = 0
    for child in doc.element.body.iterchildren():
        out[id(child)] = index
        if child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            index += 1
    return out


def _top_level(element: Any, body: Any) -> Any:
    while element is not None and element.getparent() is not body:
        element = element.getparent()
    return element


def section_of(doc: DocxDocument, look: ParagraphLook) -> Any:
    """Return the python-docx section holding ``look``."""
    index = _sections(doc).get(id(_top_level(look.element, doc.element.body)), 0)
    sections = doc.sections
    return sections[min(index, len(sections) - 1)]


def _line_width(section: Any) -> float:
    return float((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)) / 36000


def kind_name(kind: str) -> str:
    """Return how a rule was built, in the user's language."""
    names = {
        "paragraph border": _("paragraph border"),
        "table border": _("table border"),
        "row border": _("row border"),
        "cell border": _("cell border"),
        "drawn line": _("drawn line"),
    }
    return names.get(kind, kind)


def full_width(rule: HRule, line_width: float) -> bool:
    """Return True for a rule as wide as the type area: the section's (its margins are page.margins'
    to judge) or the standard's 156 mm."""
    return rule.length_mm is None or any(
        abs(rule.length_mm - width) <= 1 for width in (line_width, S.TYPE_AREA_WIDTH_MM)
    )


def _colour(rule: HRule) -> str:
    return rule.color if rule.color != "auto" else "000000"


def judge_red_rule(doc: DocxDocument, el: Elements, judge: Judge) -> None:
    """Judge rule.red: a red rule as wide as the type area between the 发文字号 and the title."""
    assert el.number is not None
    looks = el.looks
    end = el.title[0] if el.title else min(el.number + 6, len(looks) - 1)
    width = _line_width(section_of(doc, looks[el.number]))
    candidates: list[HRule] = []
    # borders: of the number's paragraph (or its table) down to the title's top border
    seen_tables: set[int] = set()
    for index in range(el.number, end + 1):
        look = looks[index]
        if look.table is not None:
            if id(look.table) not in seen_tables and index < end:
                seen_tables.add(id(look.table))
                candidates += table_rules(doc, look.table, width)
            continue
        top, bottom, _between = paragraph_rules(doc, look.element, width)
        candidates += [top] if top and index > el.number else []
        candidates += [bottom] if bottom and index < end else []
    for look in looks[: end + 1]:  # drawn lines may be anchored anywhere in the 版头
        candidates += drawn_rules(look.element)
    red = [r for r in candidates if is_red(_colour(r))]
    wide = [r for r in red if full_width(r, width)]
    if not wide:  # 套红 templates draw it in the first page's header, placed on the page (wps13)
        wide = [r for r in header_rules(doc) if is_red(_colour(r)) and full_width(r, width)]
    if wide:
        rule = wide[0]
        measured = _("{kind} {colour}, {length:.1f} mm").format(
            kind=kind_name(rule.kind), colour=rule.color, length=rule.length_mm or 0
        )
    elif red:
        measured = _("{kind} {colour}, {length:.1f} mm").format(
            kind=kind_name(red[0].kind), colour=red[0].color, length=red[0].length_mm or 0
        )
    else:
        shown = [f"{kind_name(r.kind)} {r.color}" for r in candidates[:3]]
        measured = _("no red rule ({found})").format(found="、".join(shown) or _("no rule"))
    judge.record("rule.red", bool(wide), measured, _("a red line as wide as the type area"))


def imprint_block(el: Elements) -> list[int]:
    """Return the looks of the 版记 block: its lines, the rest of their tables, and the empty
    paragraphs right around them (which may carry its rules)."""
    looks = el.looks
    first, last = el.imprint[0], el.imprint[-1]
    tables = {id(looks[i].table) for i in el.imprint if looks[i].table is not None}

    def part_of(look: ParagraphLook) -> bool:
        return (look.table is None and not look.text.strip()) or id(look.table) in tables

    while first > 0 and part_of(looks[first - 1]):
        first -= 1
    while last + 1 < len(looks) and part_of(looks[last + 1]):
        last += 1
    return list(range(first, last + 1))


def imprint_rules(doc: DocxDocument, el: Elements, width: float) -> list[HRule]:
    """Return the 版记's rules top to bottom, however they are built."""
    looks = el.looks
    block = imprint_block(el)
    rules: list[HRule] = []
    run: list[Any] = []
    seen_tables: set[int] = set()
    for index in block:
        look = looks[index]
        if look.table is None:
            run.append(look.element)
            continue
        rules += paragraphs_rules(doc, run, width)
        run = []
        if id(look.table) not in seen_tables:
            seen_tables.add(id(look.table))
            rules += table_rules(doc, look.table, width)
    rules += paragraphs_rules(doc, run, width)
    start = (el.date + 1) if el.date is not None else block[0]
    start = max([start, *(i + 1 for i in el.attachment_labels if i < block[0])])
    for look in looks[start:]:
        rules += [r for r in drawn_rules(look.element) if not is_red(_colour(r))]
    return rules


def judge_imprint(doc: DocxDocument, el: Elements, judge: Judge) -> None:
    """Judge imprint.format: 4号 text, rules 0.35/0.25 mm as wide as the type area, at the type area's
    bottom where the document declares a place, the last thing of the document, on a portrait page."""
    if not el.imprint:
        judge.not_applicable("imprint.format", _("no imprint (抄送, 印发)"))
        return
    looks = [el.looks[i] for i in el.imprint]
    section = section_of(doc, looks[-1])
    width = _line_width(section)
    problems = []
    if any(look.sizes - {14.0} for look in looks):
        problems.append(
            _("size {sizes}").format(sizes="/".join(sorted({str(s) for lk in looks for s in lk.sizes})))
        )
    rules = imprint_rules(doc, el, width)
    outer = [rules[0], rules[-1]] if len(rules) >= 2 else rules
    inner = rules[1:-1]
    if len(rules) < 2:
        problems.append(_("{n} rules: a first and a last rule are needed").format(n=len(rules)))
    if any(not OUTER_PT[0] <= r.width_pt <= OUTER_PT[1] for r in outer):
        problems.append(
            _("first and last rules {sizes} pt").format(sizes="/".join(f"{r.width_pt:g}" for r in outer))
        )
    if any(not INNER_PT[0] <= r.width_pt <= INNER_PT[1] for r in inner):
        problems.append(_("middle rules {sizes} pt").format(sizes="/".join(f"{r.width_pt:g}" for r in inner)))
    if any(not is_black(_colour(r)) for r in rules):
        problems.append(
            _("rules coloured {colours}").format(colours="/".join(sorted({r.color for r in rules})))
        )
    short = [r for r in rules if not full_width(r, width)]
    if short:
        problems.append(
            _("rules {lengths} mm long").format(lengths="/".join(f"{r.length_mm:.0f}" for r in short))
        )
    problems += _declared_place(el, rules, section)
    if float(section.page_width or 0) > float(section.page_height or 0):
        problems.append(_("on a landscape page"))
    after = [
        el.looks[i].text.strip()[:10]
        for i in range(imprint_block(el)[-1] + 1, len(el.looks))
        if el.looks[i].text.strip()
    ]
    if after:
        problems.append(_("followed by {text}").format(text="、".join(after[:2])))
    kinds = "、".join(sorted({kind_name(r.kind) for r in rules}))
    judge.record(
        "imprint.format",
        not problems,
        _("; ").join(problems) or _("as expected ({kinds})").format(kinds=kinds),
        _("4号 (14 pt); rules 0.35/0.25 mm; at the type area bottom"),
    )


def _declared_place(el: Elements, rules: list[HRule], section: Any) -> list[str]:
    """Return what is wrong with the 版记's declared place: a floating table anchored elsewhere than
    the type area's bottom, or drawn lines whose last one is not on it.  Other constructions declare
    no place: their place is measured (imprint.position.pdf)."""
    tables = [el.looks[i].table for i in el.imprint if el.looks[i].table is not None]
    if tables:
        tblpr = tables[-1].find(qn("w:tblPr"))
        floating = tblpr.find(qn("w:tblpPr")) if tblpr is not None else None
        if floating is not None and floating.get(qn("w:tblpYSpec")) is not None:
            anchor = floating.get(qn("w:vertAnchor")) or "margin"
            if floating.get(qn("w:tblpYSpec")) != "bottom" or anchor not in ("margin", "text"):
                return [
                    _("floating table placed {spec} of the {anchor}").format(
                        spec=floating.get(qn("w:tblpYSpec")), anchor=anchor
                    )
                ]
    drawn = [r for r in rules if r.kind == "drawn line" and r.top_mm is not None]
    if drawn and not tables:
        last = max(drawn, key=lambda r: r.top_mm or 0.0)
        top_margin = float(section.top_margin or 0) / 36000
        height = (
            float(section.page_height or 0) / 36000 - top_margin - float(section.bottom_margin or 0) / 36000
        )
        expected = {"page": top_margin + height, "margin": height, "top-margin-area": top_margin + height}
        where = expected.get(last.relative_to)
        if where is not None and abs((last.top_mm or 0) - where) > 1:
            return [
                _("last drawn rule at {top:.1f} mm from the {anchor}").format(
                    top=last.top_mm, anchor=last.relative_to
                )
            ]
    return []
