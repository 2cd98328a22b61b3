"""Pages and the document: sections, page numbers (7.5), what is placed on a page outside the flow
(the 版记, a 信函's drawings), the watermark, the document's settings."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.emit.typst.fonts import Face, face
from docgen.emit.typst.markup.literal import EM_ASCENT, definitions, families, mm, pt, string, stroke
from docgen.emit.typst.markup.text import TextStyle, text_args


def at_bottom(content: str, dx_pt: float, dy_pt: float = 0.0) -> str:
    """Return ``content`` placed at the bottom of the page's body, ``dx_pt`` from its left edge and
    ``dy_pt`` lower (down to the type area's bottom edge where the body ends above it, 7.4.1)."""
    return f"#place(bottom + left, dx: {pt(dx_pt)}, dy: {pt(dy_pt)}, float: true, clearance: 0pt, [{content}])\n"


UNNUMBERED = "docgen-unnumbered"  # the label of a page that carries no number (7.5)


def unnumbered_page() -> str:
    """Return the mark of a page that carries no number, put where the page's text starts (a 信函's
    first page, 10.1)."""
    return f"#metadata(none)<{UNNUMBERED}>\n"


def on_page(content: str, dx_pt: float, dy_pt: float) -> str:
    """Return ``content`` (an expression) placed ``dx_pt``, ``dy_pt`` from the type area's top-left
    corner (negative: into the margins), outside the flow of the text (a 信函's drawings, 10.1)."""
    return f"#place(top + left, dx: {pt(dx_pt)}, dy: {pt(dy_pt)}, {content})\n"


def page_line(length_pt: float, width_pt: float, color: str) -> str:
    """Return a horizontal line ``length_pt`` long, its stroke centred on where it is placed."""
    return f"line(length: {pt(length_pt)}, stroke: {stroke(width_pt, color)})"


def page_box(width_pt: float, height_pt: float, body: str) -> str:
    """Return a box of the given size holding ``body`` (markup), for ``on_page``."""
    return f"box(width: {pt(width_pt)}, height: {pt(height_pt)})[{body}]"


def tail(
    content: str,
    dx_pt: float,
    area_bottom_pt: float,
    *,
    spare_pt: float,
    double_sided: bool,
    fresh: bool = False,
    dy_pt: float = 0.0,
) -> str:
    """Return the 版记 at the bottom of the last page, that page even when printed double-sided (7.4.1, 7.5).

    Typst decides where the text ends, so no estimate is needed: where the flow ends (a label put
    there, since what this places moves the place it is asked from) there is room for the 版记 and
    ``spare_pt`` more or not, and the page is odd or even.  It goes on that page if it fits (and,
    double-sided, the page is even); else on the next page (an odd last page: that page is even); else — the last page even
    and full — after a blank page, and then neither the blank page nor the 版记's page is numbered.

    ``fresh``: the 版记 opens a section of its own (after landscape pages, ch. 8), on a page that
    holds nothing else: odd, that page is the blank page, and neither it nor the 版记's is numbered.
    ``area_bottom_pt``: where the page's body ends, from the paper's top; the 版记 is placed ``dy_pt``
    under it (``at_bottom``).
    """
    place = f"place(bottom + left, dx: {pt(dx_pt)}, dy: {pt(dy_pt)}, float: true, clearance: 0pt, tail)"
    unnumbered = f"[#metadata(none)<{UNNUMBERED}>]"
    if double_sided and fresh:
        decide = (
            f"if calc.even(at.page()) {{ {place} }} "
            f"else {{ {unnumbered}; pagebreak(); {unnumbered}; {place} }}"
        )
    elif double_sided:
        decide = (
            f"if fits and calc.even(at.page()) {{ {place} }} "
            f"else if calc.odd(at.page()) {{ pagebreak(); {place} }} "
            f"else {{ pagebreak(); {unnumbered}; pagebreak(); {unnumbered}; {place} }}"
        )
    else:
        decide = f"if fits {{ {place} }} else {{ pagebreak(); {place} }}"
    return (
        "#[#metadata(none)<docgen-tail-at>]\n"
        "#context {\n"
        f"let tail = [{content}]\n"
        "let at = locate(<docgen-tail-at>)\n"
        f"let fits = {pt(area_bottom_pt)} - at.position().y >= measure(tail).height + {pt(spare_pt)}\n"
        f"{decide}\n"
        "}\n"
    )


@dataclass(frozen=True)
class PageFormat:
    """A section's paper and margins in millimetres, and its page numbers (None: unnumbered)."""

    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    numbers: PageNumbers | None


@dataclass(frozen=True)
class PageNumbers:
    """7.5 "— N —": the em top ``top_mm`` from the paper's top, ``side_pt`` in from the type area's
    edge (odd pages right, even pages left).

    ``turned``: a landscape page (ch. 8) keeps the number where the portrait page has it once the
    sheet is turned back: turned to read downwards, left of the type area (its em top ``top_mm``
    from the paper's left edge), odd pages ``side_pt`` above the type area's bottom end, even
    pages ``side_pt`` below its top.
    """

    style: TextStyle
    top_mm: float
    side_pt: float
    turned: bool = False


_SKIP = f"if query(<{UNNUMBERED}>).any(m => m.location().page() == here().page()) {{ return }}\n"


def _page_number(page: PageFormat, numbers: PageNumbers) -> str:
    size = numbers.style.size_pt
    label = (
        f"#set text(top-edge: {pt(EM_ASCENT * size)}, bottom-edge: {pt((EM_ASCENT - 1) * size)})\n"
        f'#text({text_args(numbers.style)}, "— " + str(n) + " —")'
    )
    if numbers.turned:
        # turned clockwise, the em box's top faces the type area (reflow: the box turns with it)
        dx = f"{mm(numbers.top_mm)} - {pt(size)}"
        odd = f"place(bottom + left, dx: {dx}, dy: -{mm(page.bottom_mm)} - {pt(numbers.side_pt)}, label)"
        even = f"place(top + left, dx: {dx}, dy: {mm(page.top_mm)} + {pt(numbers.side_pt)}, label)"
        return (
            "context {\n"
            f"{_SKIP}"
            "let n = counter(page).get().first()\n"
            f"let label = rotate(90deg, reflow: true)[{label}]\n"
            f"if calc.odd(n) {{ {odd} }} else {{ {even} }}\n"
            "}"
        )
    odd_dx = f"-{mm(page.right_mm)} - {pt(numbers.side_pt)}"
    even_dx = f"{mm(page.left_mm)} + {pt(numbers.side_pt)}"
    return (
        "context {\n"
        f"{_SKIP}"
        "let n = counter(page).get().first()\n"
        "if calc.odd(n) {\n"
        f"place(top + right, dx: {odd_dx}, dy: {mm(numbers.top_mm)})[{label}]\n"
        "} else {\n"
        f"place(top + left, dx: {even_dx}, dy: {mm(numbers.top_mm)})[{label}]\n"
        "}\n}"
    )


def section(page: PageFormat, body: str) -> str:
    """Return a run of pages with one setup; it starts on a new page."""
    foreground = "none" if page.numbers is None else _page_number(page, page.numbers)
    margins = (
        f"(top: {mm(page.top_mm)}, bottom: {mm(page.bottom_mm)}, "
        f"left: {mm(page.left_mm)}, right: {mm(page.right_mm)})"
    )
    return (
        f"#page(width: {mm(page.width_mm)}, height: {mm(page.height_mm)}, margin: {margins}, "
        f"header: none, footer: none, foreground: {foreground})[\n{body}]\n"
    )


@dataclass(frozen=True)
class Watermark:
    """The 样稿 mark of a preview: its text and face, drawn diagonally across every page (as the
    LibreOffice path stamps it: 150 pt, grey 45 %, 22 % opaque, turned 45° anticlockwise)."""

    text: str
    face: Face


def _watermark(mark: Watermark) -> str:
    style = f"font: {families(mark.face)}, size: 150pt, fill: luma(45%).transparentize(78%)"
    return f"#set page(background: place(center + horizon, rotate(-45deg, text({style}, {string(mark.text)}))))\n"


def document(
    title: str,
    author: str,
    subject: str,
    date: tuple[int, int, int],
    body: str,
    *,
    watermark: Watermark | None = None,
) -> str:
    """Return the whole source: metadata (Title, Author, Subject), Chinese text settings, the sections."""
    year, month, day = date
    mark = _watermark(watermark) if watermark is not None else ""
    # GB/T 9704-2012 5.2.2: 仿宋 unless stated.  Every printed run names its face; this is for
    # what Typst shapes and never prints (the markup's spaces): with Typst's default font, missing
    # from the font folder, those fell back to 花园明朝A, loaded and hashed (22.8 MB, about 50 M
    # instructions) at each process's first compile.  The PDFs are the same byte for byte.
    default = f"#set text(font: {families(face('仿宋'))})\n"
    return (
        f"#set document(title: {string(title)}, author: {string(author)}, description: {string(subject)}, "
        f"keywords: ({string(subject)},), date: datetime(year: {year}, month: {month}, day: {day}))\n"
        # Chinese glyph forms; no added space between Chinese and Latin (as the .docx asks);
        # no punctuation hanging past the type area; first-fit line breaking and no widow or orphan
        # control, as the .docx asks Word and LibreOffice (the 22 lines of a page are filled).
        '#set text(lang: "zh", region: "cn", cjk-latin-spacing: none, overhang: false, hyphenate: false, costs: (widow: 0%, orphan: 0%))\n'
        '#set par(leading: 0pt, spacing: 0pt, linebreaks: "simple", justify: false)\n'
        # no space around any block (docgen's paragraphs, tables, rules)
        "#set block(above: 0pt, below: 0pt)\n"
        + definitions(body, mark, default)
        + default
        + mark
        + body
    )
