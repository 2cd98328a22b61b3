"""Rules judged on what a .docx declares: page setup, grid, fonts, sizes, colours, texts.

The elements are found by content and order (``docx_elements.py``), not by docgen's own style
names, so documents from other tools are judged too.
"""

from __future__ import annotations

import dataclasses
import re

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from docgen import standard as S
from docgen.check.docx_elements import (
    FANGSONG,
    HEITI,
    KAITI,
    NUMBER_LIKE,
    XIAOBIAOSONG,
    Elements,
    find_elements,
    font_is,
    is_black,
    is_red,
)
from docgen.check.docx_imprint import judge_imprint, judge_red_rule
from docgen.check.docx_notes import judge_attachment_note, judge_attachments, judge_date
from docgen.check.docx_page_numbers import judge_page_numbers
from docgen.check.docx_page_numbers import shown as _shown  # noqa: F401 (tests read it here)
from docgen.check.docx_read import ParagraphLook, style_line
from docgen.check.rules import PITCH_TOLERANCE_MM, Judge
from docgen.errors import DataError
from docgen.i18n import _
from docgen.model_header import DocumentNumber

TWIPS_PER_MM = S.TWIPS_PER_MM


def _mm(length: object) -> float:
    """Return a python-docx Length (EMU) in millimetres."""
    return float(getattr(length, "mm", 0.0) or 0.0)


def _approx(value: float, expected: float, tolerance: float) -> bool:
    return abs(value - expected) <= tolerance


def check_docx(doc: DocxDocument, judge: Judge) -> Elements:
    """Judge every declared rule on ``doc``; return the elements found."""
    el = find_elements(doc)
    looks = el.looks
    _page(doc, judge)
    _grid(doc, el, judge)
    _colours(el, judge)
    if not el.general_format:
        why = _("no organ mark and document number: not the general format")
        for rule_id in ("mark.format", "number.format", "number.font", "rule.red"):
            judge.not_applicable(rule_id, why)
    else:
        marks = [looks[i] for i in el.mark]
        fonts = {f for m in marks for f in m.fonts}
        colors = {c for m in marks for c in m.colors}
        centred = all(m.align in ("center", "distribute") or m.in_table for m in marks)
        judge.record(
            "mark.format",
            all(font_is(f, XIAOBIAOSONG) for f in fonts) and all(is_red(c) for c in colors) and centred,
            f"{'/'.join(sorted(map(str, fonts)))}, {'/'.join(sorted(colors))}, {'/'.join(str(m.align) for m in marks)}",
            _("小标宋, red, centred"),
        )
        number = looks[el.number] if el.number is not None else None
        assert number is not None
        number_text = NUMBER_LIKE.search(number.text.replace("\t", " ").strip())
        written = number_text.group(0) if number_text else number.text
        judge_number(judge, written)
        number_fonts = {r.east_asia_font for r in number.runs if "〔" in r.text or "号" in r.text}
        judge.record(
            "number.font",
            number.sizes <= {16.0}
            and all(font_is(f, FANGSONG) for f in number_fonts - {None})
            and None not in number_fonts,
            f"{'/'.join(sorted(map(str, number_fonts)))} {'/'.join(str(s) for s in number.sizes)} pt",
            _("仿宋 16 pt"),
        )
        judge_red_rule(doc, el, judge)
    _title(el, judge)
    _body(el, judge)
    judge_attachment_note(el, judge)
    judge_date(el, judge)
    judge_attachments(doc, el, judge)
    judge_imprint(doc, el, judge)
    el.imprint_place = unhonoured_imprint_place(el)
    judge_page_numbers(doc, judge)
    return el


def unhonoured_imprint_place(el: Elements) -> str | None:
    """Return why LibreOffice sets the 版记 elsewhere than the document declares, or None.

    A floating table at the type area's bottom (Word's 表格定位 垂直 底端 相对于 页边距:
    ``tblpYSpec="bottom"``) placed horizontally relative to the margin or the column is laid out by
    LibreOffice 7.4 where it stands, after the text above it (measured: the last rule at 145.9 mm
    of tests/fixtures/outsider4/word_by_hand.py; Word puts it at 262 mm); LibreOffice turns a
    floating table as wide as the type area into a frame only when it is placed relative to the
    page (``horzAnchor="page"``: the same table then ends at 261.8 mm).
    """
    tables = [el.looks[i].table for i in el.imprint if el.looks[i].table is not None]
    tblpr = tables[-1].find(qn("w:tblPr")) if tables else None
    floating = tblpr.find(qn("w:tblpPr")) if tblpr is not None else None
    if floating is None or floating.get(qn("w:tblpYSpec")) != "bottom":
        return None
    if floating.get(qn("w:horzAnchor")) == "page":
        return None
    return _(
        "the document declares the imprint at the type area's bottom (a floating table, "
        "tblpYSpec=\"bottom\"), which Word honours and LibreOffice does not: it sets a floating table as "
        "wide as the type area where it stands.  Printed from Word it is at the bottom; to have it there "
        "everywhere, set the table's horizontal position relative to the page (表格属性 → 定位 → 水平 "
        "相对于 页面, 28 mm)"
    )


def judge_number(judge: Judge, written: str) -> None:
    """Judge a written 发文字号 (7.2.5); a draft with the sequence left blank passes as a draft."""
    draft = re.fullmatch(r"(\S+〔\d{4}〕)[\s\u3000]+号", written.strip())
    if draft:
        judge.record(
            "number.format",
            True,
            _("draft: {text}, sequence to be allocated").format(text=written.strip()),
            "代字〔2020〕13号",
        )
        return
    try:
        DocumentNumber.parse(written.strip())
        judge.record("number.format", True, written.strip(), "代字〔2020〕13号")
    except DataError as error:
        judge.record("number.format", False, written.strip(), error.reason)


def _page(doc: DocxDocument, judge: Judge) -> None:
    sizes = []
    margins_ok = True
    measured_margins = ""
    for index, section in enumerate(doc.sections):
        width, height = _mm(section.page_width), _mm(section.page_height)
        sizes.append(f"{width:.0f}×{height:.0f}")
        portrait = width < height
        if portrait:
            top, bottom = _mm(section.top_margin), _mm(section.bottom_margin)
            left, right = _mm(section.left_margin), _mm(section.right_margin)
            area_w, area_h = width - left - right, height - top - bottom
            ok = (
                _approx(top, S.MARGIN_TOP_MM, 1)
                and _approx(left, S.MARGIN_LEFT_MM, 1)
                and _approx(area_w, S.TYPE_AREA_WIDTH_MM, 1)
                and _approx(area_h, S.TYPE_AREA_HEIGHT_MM, 1)
            )
            if index == 0 or not ok:
                measured_margins = _("top {top:.1f}, left {left:.1f}, type area {w:.1f}×{h:.1f} mm").format(
                    top=top, left=left, w=area_w, h=area_h
                )
            margins_ok = margins_ok and ok
    a4 = all(s in ("210×297", "297×210") for s in sizes)
    judge.record("page.size", a4, ", ".join(sorted(set(sizes))), "210×297 mm")
    judge.record(
        "page.margins",
        margins_ok,
        measured_margins,
        _("top 37, left 28, type area 156×225 mm (±1)"),
    )


def _body_looks(el: Elements) -> list[ParagraphLook]:
    return [el.looks[i] for i in el.body]


def _grid(doc: DocxDocument, el: Elements, judge: Judge) -> None:
    # no body paragraph (a body of only headings, corpus9 #10): the headings and the 主送 are set on
    # the body's grid; the first paragraph with text was the 发文机关标志 or the title (36 pt)
    body = (
        _body_looks(el)
        or [el.looks[i] for i, _level in el.headings]
        or [el.looks[i] for i in ([el.addressee] if el.addressee is not None else [])]
        or [look for look in el.looks if look.text.strip() and not look.in_table]
    )
    if not body:
        judge.not_applicable("grid.lines", _("no body text"))
        judge.not_applicable("grid.chars", _("no body text"))
        return
    section = doc.sections[0]
    type_height = (
        _mm(section.page_height) - _mm(section.top_margin) - _mm(section.bottom_margin)
    ) * TWIPS_PER_MM
    type_width = (
        _mm(section.page_width) - _mm(section.left_margin) - _mm(section.right_margin)
    ) * TWIPS_PER_MM
    grid = section._sectPr.find(qn("w:docGrid"))
    look = body[0]
    size = max((s for s in look.sizes if s), default=10.5)
    # the grid is the body style's: a page whose lines were set closer to keep the 署名 with the
    # body (7.3.5.5, layout/closing.py) holds its paragraphs' own pitch, the PDF rule counts its lines
    styled, styled_rule = style_line(doc, look.style_id)
    if styled_rule == "exact" and styled and look.line_rule == "exact" and look.line and look.line < styled:
        look = dataclasses.replace(look, line=styled)
    if look.line_rule == "exact" and look.line:
        pitch = look.line
        how = _("exact {pt:.2f} pt").format(pt=pitch / 20)
    elif (
        grid is not None
        and grid.get(qn("w:type")) in ("lines", "linesAndChars")
        and grid.get(qn("w:linePitch"))
    ):
        pitch = int(str(grid.get(qn("w:linePitch"))))
        how = _("grid {pt:.2f} pt").format(pt=pitch / 20)
    else:
        pitch = round(size * 1.3 * 20)  # single spacing of a CJK face, roughly
        how = _("single spacing, about {pt:.1f} pt").format(pt=pitch / 20)
    lines = int(type_height / pitch + 0.05) if pitch else 0
    measured = f"{lines} ({how})"
    # 22 lines must also fill the 版心 (并撑满版心), as grid.lines.pdf measures: 固定值 28 磅 gives 22
    # lines in 217 of 225 mm, and the rendered PDF failed where this rule passed
    fills = abs(pitch - S.LINE_PITCH) / TWIPS_PER_MM <= PITCH_TOLERANCE_MM
    if lines == S.LINES_PER_PAGE and not fills:
        measured += _("; {lines} lines take {used:.1f} of the type area's {height:.1f} mm").format(
            lines=lines, used=lines * pitch / TWIPS_PER_MM, height=type_height / TWIPS_PER_MM
        )
    judge.record("grid.lines", lines == S.LINES_PER_PAGE and fills, measured, S.LINES_PER_PAGE)
    spacing = _grid_spacing(look)
    advance = size * 20 + spacing
    if grid is not None and grid.get(qn("w:type")) == "linesAndChars" and grid.get(qn("w:charSpace")):
        advance = size * 20 + int(str(grid.get(qn("w:charSpace")))) / 4096 * 20
    if grid is not None and grid.get(qn("w:type")) == "linesAndChars" and grid.get(qn("w:charSpace")):
        chars = int(type_width / advance + 0.01) if advance else 0
    else:
        chars = run_spaced_chars(type_width, size * 20, spacing)
    judge.record(
        "grid.chars",
        chars == S.CHARS_PER_LINE,
        _("{chars} ({size} pt, spacing {spacing} pt)").format(chars=chars, size=size, spacing=spacing / 20),
        S.CHARS_PER_LINE,
    )


def run_spaced_chars(width: float, size: float, spacing: float) -> int:
    """Return how many full-width characters of ``size`` with run spacing ``spacing`` LibreOffice
    sets on a line ``width`` wide (all in twips): the last character's spacing is not counted.

    Measured with LibreOffice 7.4 on 16 pt 汉字 lines a twip apart: spacing -4 sets 28 from 8852
    twips (27 × 316 + 320) and 27 at 8851 and at the 8845 of the 版心, though 8845 / 316 = 27.99;
    -5 from 8825, -10 from 8690, 0 from 8960, +5 and +20 at 27 × advance + 320 or less.
    """
    advance = size + spacing
    if advance <= 0 or width < size:
        return 0
    return int((width - size) / advance + 1e-6) + 1  # 1e-6: the width is read back through mm


def _grid_spacing(look: ParagraphLook) -> int:
    """Return the character spacing a paragraph's lines are measured by (twentieths of a point): the
    tightest of its runs'.  A run may be spaced wider to justify its line (docgen spaces the 汉字 of a
    line with digits so, layout/estimate_spacing.py); the digits and Latin letters keep the grid's."""
    return min((r.spacing_twentieths for r in look.runs if r.spacing_twentieths is not None), default=0)


def unreproducible_grid(doc: DocxDocument) -> str | None:
    """Return why LibreOffice cannot lay out the document's declared character grid, or None.

    Word's 指定行和字符网格 (``w:docGrid w:type="linesAndChars"`` or ``snapToChars`` with a
    ``w:charSpace``) is laid out by LibreOffice 7.4 with about 14 characters a line (gbt9704.md
    §1.7), so characters per line measured on its rendering say nothing about the document.
    """
    for section in doc.sections:
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is not None and grid.get(qn("w:type")) in ("linesAndChars", "snapToChars"):
            return _(
                "a character grid (Word's 指定行和字符网格, docGrid {kind}) that LibreOffice does not lay out "
                "as Word does: judged on the declared grid (grid.chars)"
            ).format(kind=grid.get(qn("w:type")))
    return None


def _colours(el: Elements, judge: Judge) -> None:
    skip = set(el.mark)
    wrong = [
        look.text[:12]
        for i, look in enumerate(el.looks)
        if i not in skip and look.text.strip() and not all(is_black(c) for c in look.colors)
    ]
    judge.record(
        "colours", not wrong, "、".join(wrong[:3]) or _("all black"), _("black, except the organ mark")
    )


def _title(el: Elements, judge: Judge) -> None:
    if not el.title:
        judge.not_applicable("title.format", _("no title found"))
        return
    looks = [el.looks[i] for i in el.title]
    sizes = {s for look in looks for s in look.sizes}
    fonts = {f for look in looks for f in look.fonts}
    ok = (
        sizes == {22.0}
        and all(font_is(f, XIAOBIAOSONG) for f in fonts)
        and all(look.align == "center" for look in looks)
    )
    judge.record(
        "title.format",
        ok,
        f"{'/'.join(sorted(map(str, fonts)))} {'/'.join(str(s) for s in sizes)} pt {looks[0].align}",
        _("小标宋 22 pt, centred"),
    )


def typed_indent(text: str) -> int:
    """Return how many full-width spaces (U+3000) start ``text``: the 字 a clerk indents by typing
    “　　” at a paragraph's head instead of setting 首行缩进 (each as wide as one 汉字)."""
    return len(text) - len(text.lstrip("\u3000"))


def _body(el: Elements, judge: Judge) -> None:
    body = _body_looks(el)
    if not body:
        judge.not_applicable("body.format", _("no body text"))
    else:
        problems = []
        spaced = False
        for index, look in zip(el.body, body, strict=True):
            # a paragraph docgen split where a page ends goes on flush after a line distributed to
            # the right edge (layout/closing.py): the two read as one paragraph, indented once
            continued = index > 0 and el.looks[index - 1].align == "distribute" and not look.first_line
            char = 16 * 20 + _grid_spacing(look)
            typed = typed_indent(look.text)
            spaced = spaced or bool(typed)
            indent_chars = (look.first_line or 0) / char + typed if char else 0
            if look.sizes - {16.0}:
                problems.append(_("size {sizes}").format(sizes="/".join(str(s) for s in look.sizes)))
            if not all(font_is(f, FANGSONG) for f in look.fonts):
                problems.append(_("font {fonts}").format(fonts="/".join(map(str, look.fonts))))
            if not 1.8 <= indent_chars <= 2.2 and look.align not in ("center", "right") and not continued:
                problems.append(_("first-line indent {n:.1f} characters").format(n=indent_chars))
            if problems:
                problems.insert(0, look.text[:10])
                break
        # the 主送, 署名 and date are 3号仿宋 too (5.2.2), set as they are
        others = [el.addressee, *el.signature, el.date]
        for look in (el.looks[i] for i in others if i is not None):
            if problems:
                break
            if look.sizes - {16.0} or not all(font_is(f, FANGSONG) for f in look.fonts):
                problems += [
                    look.text[:10],
                    "/".join(map(str, look.fonts)),
                    "/".join(map(str, look.sizes)),
                    "pt",
                ]
        passed = _("as expected (indented by two full-width spaces)") if spaced else _("as expected")
        judge.record(
            "body.format",
            not problems,
            " ".join(problems) or passed,
            _("仿宋 16 pt, indented 2 characters"),
        )
    if not el.headings:
        judge.not_applicable("headings.format", _("no numbered headings"))
        return
    wanted = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}
    faces = {1: "黑体", 2: "楷体", 3: "仿宋", 4: "仿宋"}  # the faces' names, in every language
    labels = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}
    wrong = []
    for index, level in el.headings:
        look = el.looks[index]
        first = next((r for r in look.runs if r.text.strip()), None)
        if first is None:
            continue
        if not font_is(first.east_asia_font, wanted[level]) or first.size_pt != 16:
            # say the run is bold: 仿宋 made bold looks like 黑体 on screen, and is the usual mistake
            face = _("{font} bold").format(font=first.east_asia_font) if first.bold else first.east_asia_font
            wrong.append(
                _("{text}: {face} {size} pt; a 「{label}」 heading is {wanted}, 16 pt").format(
                    text=look.text.strip()[:8],
                    face=face,
                    size=first.size_pt,
                    label=labels[level],
                    wanted=faces[level],
                )
            )
    judge.record(
        "headings.format",
        not wrong,
        _("; ").join(wrong[:3]) or _("as expected"),
        _("一、黑体  （一）楷体  1. （1）仿宋, 16 pt"),
    )
