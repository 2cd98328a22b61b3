"""A word broken across the lines of a table cell although it fits its column, measured on a PDF
(issue 14 Build 4: a cell's content wraps only between words).

The words are the layout's (``layout/cellwords.py``): ``docgen.words.words`` — jieba with docgen's
domain words — of the cell's whole text, those of two or more characters with a 汉字.  A line that
wraps (``Cell.wrapped``) inside such a word is a fault when the word fits the column: the word with
what no reading may break off it (``docgen.words.unbreakable``: the marks no line starts or ends
with, 「施工，」; a number it is glued to, 「18日前」; the whole date, 文号, code or number it touches,
``pdf_breaks.TOKEN``, which no line breaks either), in the PDF's own advances, at most the
column's room for text less ``FIT_MM``.  The room is the cell's width less twice the narrowest gap
between its left border and any line of the column: never wider than the true room (a line starts
at the margin or right of it), so a word no producer could have kept whole is not a fault.  A word
wider than its column may break (docgen's summary names it, a table at its last resort).

A row continued on the next page (split at a page's foot) starts there in mid-text: the first cell
of each column under the repeated header is read both alone and after the same column's last cell
on the page before, and a break counts only when both readings split a word that fits.  Corpus
n14-037: 「县自」 on page 9, 「然资|源局」 on page 10 — alone it reads 资源 (it fits), in full
自然资源, wider than its 2-字 column (the layout breaks it and says so).  The row's start at the
page's foot is read so too, alone and before its rest (corpus26 n2615-040: 「市重|点项」 on page 5,
「目」 on page 6 — alone 市/重点/项, in full 市/重点项目, wider than its 2-字 column, as 「市重|点项|目」
in the same column on one page).

The promise is docgen's (issue 14), not GB/T 9704's, which lets a line break between any two 汉字
(Word, WPS and LibreOffice do so in every table; tests/fixtures/foreign's Word-built notices split
「投|资」, 「入|库」 in their headers): it is judged on documents docgen made (a .docx whose
docProps/app.xml names docgen as its application, a PDF whose producer is docgen) and, on others,
not applicable with what was found, for information.

Measured rule, not a layout: only positions and text are read.  Written here because check has no
other reading of words in cells; ``pdf_breaks`` judges dates and numbers the same way.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docgen.check.pdf_cells import Cell
from docgen.check.rules import Judge
from docgen.i18n import _, ngettext
from docgen.words import code_spans, is_han, unbreakable, words

FIT_MM = 0.1  # a word fits when this much narrower than the room (LibreOffice: 1 twip, 0.02 mm)
SHOWN = 4  # faults spelt out in the measured text; the count of all follows


def _text(cell: Cell) -> tuple[str, list[float], list[int]]:
    """Return a cell's text without spaces, each character's advance (mm), and where each wrapped
    line ends in it (a line ending its paragraph breaks nothing)."""
    text, widths, ends = "", [], []
    wrapped = cell.wrapped()
    for index, line in enumerate(cell.lines):
        sized = line.widths if len(line.widths) == len(line.text) else (0.0,) * len(line.text)
        for ch, width in zip(line.text, sized, strict=True):
            if not ch.isspace():
                text += ch
                widths.append(width)
        if index < len(wrapped) and wrapped[index]:
            ends.append(len(text))
    return text, widths, ends


def split_words(
    text: str, widths: Sequence[float], ends: Sequence[int], room: float
) -> dict[int, tuple[str, float]]:
    """Return, for each line end of ``ends`` (offsets into ``text``) that falls inside a word of two
    or more characters with a 汉字 or a short bracketed code (``words.code_spans``) that fits ``room`` mm with what may not break off it (in the
    characters' ``widths``), that word and that width."""
    spans, at = code_spans(text), 0  # a short bracketed code (（督01）) is a word here, as the layout holds it
    for word in words(text):
        if len(word) > 1 and any(is_han(ch) for ch in word):
            spans.append((at, at + len(word)))
        at += len(word)
    glued = unbreakable(text)
    # a date, 文号, code or number the word is glued to breaks in no line either (tables.tokens.pdf):
    # it counts with the word (n1501-003: 「2026年1月14日|前」 in 6.1 字, the date 6.9 字 with 前 wider)
    from docgen.check.pdf_breaks import TOKEN  # pdf_breaks calls this module's rule

    tokens = [m.span() for m in TOKEN.finditer(text)]
    found = {}
    for end in ends:
        for begin, stop in spans:
            if not begin < end < stop:
                continue
            first, last = begin, stop
            while first > 0 and first in glued:
                first -= 1
            while last < len(text) and last in glued:
                last += 1
            for start, after in tokens:
                if start < last and first < after:
                    first, last = min(first, start), max(last, after)
            width = sum(widths[first:last])
            if width + FIT_MM <= room:
                found[end] = (text[begin:stop], width)
    return found


def _key(cell: Cell) -> tuple[float, float]:
    """Return a column's edges (mm): cells with the same are one column, on any page."""
    return (round(cell.x0, 1), round(cell.x1, 1))


def _rooms(found: list[Cell]) -> dict[tuple[float, float], float]:
    """Return each column's room for text (mm), by its edges: its width less twice the narrowest
    gap between a line and the left border (at least the margins)."""
    gaps: dict[tuple[float, float], float] = {}
    for cell in found:
        for line in cell.lines:
            gap = max(0.0, line.x0 - cell.x0)
            gaps[_key(cell)] = min(gaps.get(_key(cell), gap), gap)
    return {key: key[1] - key[0] - 2 * gap for key, gap in gaps.items()}


def _continued(page_cells: list[Cell], before: list[Cell]) -> dict[int, Cell]:
    """Return, for each column of ``page_cells`` also on the page ``before``, its first cell under
    the header repeated (the cells equal to the top of the column before), keyed by id, with the
    column's last cell on the page before: where a row split at that page's foot goes on."""
    columns: dict[tuple[float, float], list[Cell]] = {}
    for cell in sorted(page_cells, key=lambda c: c.top):
        columns.setdefault(_key(cell), []).append(cell)
    earlier: dict[tuple[float, float], list[Cell]] = {}
    for cell in sorted(before, key=lambda c: c.top):
        earlier.setdefault(_key(cell), []).append(cell)
    found = {}
    for key, column in columns.items():
        above = earlier.get(key)
        if not above:
            continue
        header = 0
        while header < min(len(column), len(above)) - 1 and _same(column[header], above[header]):
            header += 1
        found[id(column[header])] = above[-1]
    return found


def _same(a: Cell, b: Cell) -> bool:
    return [line.text for line in a.lines] == [line.text for line in b.lines]


def docx_by_docgen(path: Path) -> bool:
    """Return whether a .docx names docgen as the application that wrote it (docProps/app.xml)."""
    try:
        with zipfile.ZipFile(path) as package:
            app = package.read("docProps/app.xml").decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return False
    return re.search(r"<Application>\s*docgen\s*</Application>", app) is not None


def pdf_by_docgen(path: Path) -> bool:
    """Return whether a PDF's producer is docgen (its /Info: docgen's LibreOffice and Typst PDFs)."""
    from pypdf import PdfReader  # on first use, as office_warnings reads a PDF's /Info
    from pypdf.errors import PdfReadError

    try:
        info = PdfReader(path).metadata  # the trailer's /Info only: no page is parsed
    except (PdfReadError, ValueError, KeyError, OSError):
        return False
    return info is not None and str(info.get("/Producer", "")).startswith("docgen")


def check_cell_words(by_page: list[list[Cell]], judge: Judge, *, by_docgen: bool = True) -> None:
    """Judge tables.words.pdf on the table cells of each page (``pdf_cells.cells``): no cell's line
    wraps inside a word that fits its column (on a document docgen made; on another, not
    applicable, saying what was found)."""
    every = [cell for found in by_page for cell in found]
    if not every:
        judge.not_applicable("tables.words.pdf", _("no table cells with text"))
        return
    rooms = _rooms(every)
    faults: list[tuple[Cell, str, str, float, float]] = []
    for index, found in enumerate(by_page):
        continued = _continued(found, by_page[index - 1]) if index else {}
        # the column's last cell here, where a row split at this page's foot goes on: id → its rest
        going_on = {}
        if index + 1 < len(by_page):
            following = {id(c): c for c in by_page[index + 1]}
            going_on = {id(last): following[key] for key, last in _continued(by_page[index + 1], found).items()}
        for cell in found:
            text, widths, ends = _text(cell)
            room = rooms[_key(cell)]
            split = split_words(text, widths, ends, room)
            before = continued.get(id(cell))
            if split and before is not None:
                head, head_widths, _ends = _text(before)
                whole = split_words(
                    head + text, [*head_widths, *widths], [len(head) + e for e in split], room
                )
                split = {end: hit for end, hit in split.items() if len(head) + end in whole}
            after = going_on.get(id(cell))
            if split and after is not None:
                rest, rest_widths, _ends = _text(after)
                whole = split_words(text + rest, [*widths, *rest_widths], list(split), room)
                split = {end: hit for end, hit in split.items() if end in whole}
            for end, (word, width) in split.items():
                faults.append(
                    (cell, f"{text[max(0, end - 6) : end]}|{text[end : end + 6]}", word, width, room)
                )
    shown = [
        _(
            "page {page}, row {row}, column {column}: 「{cut}」 splits 「{word}」, {width:.1f} mm in {room:.1f} mm"
        ).format(page=cell.page, row=cell.row, column=cell.column, cut=cut, word=word, width=width, room=room)
        for cell, cut, word, width, room in faults[:SHOWN]
    ]
    where: list[str] = []
    for cell, *_rest in faults:
        place = _("page {page}, row {row}, column {column}").format(
            page=cell.page, row=cell.row, column=cell.column
        )
        if place not in where:
            where.append(place)
    if faults and not by_docgen:
        judge.not_applicable(
            "tables.words.pdf",
            _(
                "not made by docgen: GB/T 9704 lets a table cell break between any two 汉字, as Word, WPS "
                "and LibreOffice do; docgen keeps the words whole: {faults}"
            ).format(
                faults="; ".join(shown)
                + (_("; {n} in all").format(n=len(faults)) if len(faults) > SHOWN else "")
            ),
        )
        return
    judge.record(
        "tables.words.pdf",
        not faults,
        "; ".join(shown) + (_("; {n} in all").format(n=len(faults)) if len(faults) > SHOWN else "")
        or ngettext(
            "{n} cell, no word that fits its column split across lines",
            "{n} cells, no word that fits its column split across lines",
            len(every),
        ).format(n=len(every)),
        _("a word of a table cell on one line when it fits the column (a wider one may break)"),
        "、".join(where[:6]),
    )
