"""Runs: text with its formatting, page breaks, fields (w:r, w:rPr)."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.emit.docx.xml.base import XML_SPACE, Element, el, val


@dataclass(frozen=True)
class RunFormat:
    """Direct run formatting; None leaves the style's value."""

    style: str | None = None
    font: str | None = None
    color: str | None = None
    spacing: int | None = None
    scale: int | None = None
    size_half_points: int | None = None
    bold: bool = False
    position_half_points: int | None = None  # raised (+) or lowered (-) from the baseline
    # the run's East Asian language: "zxx" (no language) for a date, number, 文号 or code that
    # must not break — LibreOffice's zh-CN line breaking ignores U+2060 between a digit and 月
    # (「2025年7|月4日」) and U+200B after 年, its breaking without a language honours both (measured)
    east_asian_language: str | None = None


def fonts(name: str) -> Element:
    """Return ``w:rFonts`` naming ``name`` for every script, with the East Asian hint.

    No theme attributes: a ``w:asciiTheme`` would win over the name (黑体 turns into 等线).
    """
    return el("w:rFonts", {"ascii": name, "hAnsi": name, "eastAsia": name, "cs": name, "hint": "eastAsia"})


def run_properties(fmt: RunFormat) -> Element | None:
    """Return ``w:rPr`` for ``fmt`` in schema order, or None when there is nothing to say."""
    children: list[Element] = []
    if fmt.style:
        children.append(val("w:rStyle", fmt.style))
    if fmt.font:
        children.append(fonts(fmt.font))
    if fmt.bold:
        children += [el("w:b"), el("w:bCs")]
    if fmt.color:
        children.append(val("w:color", fmt.color))
    if fmt.spacing is not None:
        children.append(val("w:spacing", fmt.spacing))
    if fmt.scale is not None and fmt.scale != 100:
        children.append(val("w:w", fmt.scale))
    if fmt.position_half_points:
        children.append(val("w:position", fmt.position_half_points))
    if fmt.size_half_points is not None:
        children += [val("w:sz", fmt.size_half_points), val("w:szCs", fmt.size_half_points)]
    if fmt.east_asian_language:
        children.append(el("w:lang", {"w:eastAsia": fmt.east_asian_language}))
    return el("w:rPr", None, *children) if children else None


def text_run(text: str, fmt: RunFormat | None = None) -> Element:
    """Return a run holding ``text``; tabs and line breaks become ``w:tab`` and ``w:br``."""
    run = el("w:r", None, run_properties(fmt) if fmt else None)
    pieces = text.replace("\r\n", "\n").split("\n")
    for line_index, line in enumerate(pieces):
        if line_index:
            run.append(el("w:br"))
        for tab_index, part in enumerate(line.split("\t")):
            if tab_index:
                run.append(el("w:tab"))
            if part:
                t = el("w:t")
                t.text = part
                if part != part.strip():
                    t.set(XML_SPACE, "preserve")
                run.append(t)
    return run


def page_break_run() -> Element:
    """Return a run holding a page break."""
    return el("w:r", None, el("w:br", {"type": "page"}))


def field_runs(instruction: str, cached: str, fmt: RunFormat | None = None) -> list[Element]:
    """Return the runs of a complex field (e.g. PAGE) with a cached result, so Word shows no repair dialog."""

    def char(kind: str) -> Element:
        return el("w:r", None, run_properties(fmt) if fmt else None, el("w:fldChar", {"fldCharType": kind}))

    instr = el("w:instrText")
    instr.text = f" {instruction} "
    instr.set(XML_SPACE, "preserve")
    return [
        char("begin"),
        el("w:r", None, run_properties(fmt) if fmt else None, instr),
        char("separate"),
        text_run(cached, fmt),
        char("end"),
    ]


# --- paragraph properties --------------------------------------------------------------------
