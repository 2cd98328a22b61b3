"""The room between a Chinese character and a digit or Latin letter after it on one line
(grid.latin_gap.pdf): GB/T 9704 sets none, a word processor's automatic spacing or its justification
opens one.  The corpus test (tests/test_corpus.py) measures with the same functions."""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from docgen import standard as S
from docgen.check.pdf_cells import spanning, uprights
from docgen.check.pdf_pages import find_imprint, is_page_number, on_pages
from docgen.check.pdf_read import MM_PER_PT, Line, Page
from docgen.check.rules import Judge
from docgen.i18n import _

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z0-9]")
GAP_LIMIT_PT = 0.5
TITLE_PT = 18  # lines this large are the 版头 and the title, not body text
SHOWN = 3

Char = Mapping[str, Any]  # a character as pdfplumber gives it: its text, x0, x1 and size (pt)


def line_gaps(chars: Sequence[Char]) -> list[tuple[int, float]]:
    """Return, for each Chinese character followed by a digit or Latin letter in one line of
    ``chars``, the room between the two in pt, less what justification added to the line: the
    room between two Chinese characters of the line when it is positive (unjustified body text has
    −0.25 pt between them, its character spacing; a line justified by LibreOffice more).  A space
    or a full-width mark between them is text, not room: that pair is not measured."""
    gaps = [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:], strict=False)]
    changes = [
        i for i in range(len(gaps)) if CJK.match(chars[i]["text"]) and LATIN.match(chars[i + 1]["text"])
    ]
    if not changes:
        return []
    chinese = [
        g for i, g in enumerate(gaps) if CJK.match(chars[i]["text"]) and CJK.match(chars[i + 1]["text"])
    ]
    expanded = max(0.0, statistics.median(chinese)) if chinese else 0.0
    return [(i, gaps[i] - expanded) for i in changes]


def runs(chars: Sequence[Char]) -> list[list[Char]]:
    """Split one baseline's characters where they are more than 1.5 字 apart (table cells, tabs)."""
    found: list[list[Char]] = []
    for char in chars:
        if found and char["x0"] - found[-1][-1]["x1"] < 1.5 * char["size"]:
            found[-1].append(char)
        else:
            found.append([char])
    return found


@dataclass(frozen=True)
class Gap:
    """The room (pt) after a Chinese character before a digit or Latin letter: its page, the text
    around it (「…汉|3…」) and whether its line is justified (a portrait line reaching the type
    area's right edge, where LibreOffice shares out the line's slack)."""

    pt: float
    page: int
    text: str
    justified: bool


def _chars(line: Line) -> list[dict[str, Any]]:
    """Return a measured line's characters in pt, as pdfplumber gives them."""
    return [
        {
            "text": ch,
            "x0": start / MM_PER_PT,
            "x1": start / MM_PER_PT + advance * line.size,
            "size": line.size,
        }
        for ch, start, advance in zip(line.text, line.starts, line.advances, strict=True)
    ]


def _cut(chars: list[dict[str, Any]], xs: list[float]) -> list[list[dict[str, Any]]]:
    """Cut a line's characters at the vertical rules ``xs`` (mm): one piece a table cell."""
    pieces: list[list[dict[str, Any]]] = []
    for char in chars:
        if pieces and not any(pieces[-1][-1]["x1"] <= x / MM_PER_PT <= char["x0"] for x in xs):
            pieces[-1].append(char)
        else:
            pieces.append([char])
    return pieces


def gaps(pages: list[Page]) -> list[Gap]:
    """Return every measured gap of the body text and the table cells of ``pages`` (the 版头, the
    title, page numbers and the 版记 left out)."""
    imprint = find_imprint(pages)
    right = (S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM) / MM_PER_PT
    found: list[Gap] = []
    for page in pages:
        ruled = uprights(page)
        for line in page.lines:
            if line.size >= TITLE_PT or is_page_number(line) or len(line.starts) != len(line.text):
                continue
            if len(line.advances) != len(line.text):
                continue
            if imprint is not None and page.number == imprint.page.number and line.em_top >= imprint.top - 1:
                continue
            xs = spanning(ruled, line.em_top, line.em_bottom) if ruled else []
            for piece in _cut(_chars(line), xs):
                for run in runs(piece):
                    justified = not page.landscape and not xs and run[-1]["x1"] > right - 1 / MM_PER_PT
                    text = "".join(c["text"] for c in run)
                    for at, pt in line_gaps(run):
                        found.append(
                            Gap(
                                pt,
                                page.number,
                                f"{text[max(0, at - 5) : at + 1]}|{text[at + 1 : at + 6]}",
                                justified,
                            )
                        )
    return found


def check_gaps(pages: list[Page], judge: Judge, *, by_docgen: bool = True) -> None:
    """Judge grid.latin_gap.pdf: no Chinese character with 0.5 pt or more of room before the digit or
    Latin letter after it (a justified line's share of its slack between 汉字 not counted).  Judged on
    docgen's documents, which turn the spacing off; on another the spacing is its writer's setting
    (Word's and WPS's default is on, GB/T 9704 names none): not applicable, saying what was found."""
    found = gaps(pages)
    if not found:
        judge.not_applicable(
            "grid.latin_gap.pdf", _("no digit or Latin letter right after a Chinese character")
        )
        return
    wide = sorted((g for g in found if g.pt >= GAP_LIMIT_PT), key=lambda g: -g.pt)
    worst = max(found, key=lambda g: g.pt)
    shown = [
        _("page {page} 「{text}」 {pt:.2f} pt").format(page=g.page, text=g.text, pt=g.pt)
        + (_(" (a justified line)") if g.justified else "")
        for g in wide[:SHOWN]
    ]
    measured = _("; ").join(shown) + (
        _("; {n} in all").format(n=len(wide)) if len(wide) > SHOWN else ""
    ) or _("{n} measured, the widest {pt:.2f} pt").format(n=len(found), pt=worst.pt)
    if wide and not by_docgen:
        judge.not_applicable(
            "grid.latin_gap.pdf",
            _(
                "not made by docgen: the space Word and WPS put between Chinese and digits or Latin "
                "letters by default is the writer's setting; docgen turns it off: {gaps}"
            ).format(gaps=measured),
        )
        return
    judge.record(
        "grid.latin_gap.pdf",
        not wide,
        measured,
        _("under {limit} pt between a Chinese character and a digit or Latin letter after it").format(
            limit=GAP_LIMIT_PT
        ),
        on_pages(g.page for g in wide),
    )
