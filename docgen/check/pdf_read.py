"""Positions measured in a PDF rendered by LibreOffice: text lines by baseline, and rules.

pdfplumber's ``top`` for LibreOffice's CJK subsets is size-based (their Descent is written as 0),
so the em top is taken from the baseline: baseline - 0.88 x size (gbt9704.md §1.7).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class Line:
    """One line of text on a page, in millimetres from the paper's top-left corner."""

    em_top: float
    size: float
    x0: float
    x1: float
    text: str
    fonts: frozenset[str]
    colors: frozenset[tuple[float, ...]] = frozenset()

    @property
    def em_bottom(self) -> float:
        return self.em_top + self.size * MM_PER_PT


@dataclass(frozen=True)
class Rule:
    """A drawn line (a border), in millimetres."""

    top: float
    x0: float
    x1: float
    color: tuple[float, ...]
    width_pt: float

    @property
    def length(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class Page:
    """The measured content of one page."""

    number: int
    lines: list[Line]
    rules: list[Rule]
    width: float = 210.0
    height: float = 297.0


def _color(value: object) -> tuple[float, ...]:
    """Return a colour as an RGB tuple (grey and CMYK converted), rounded."""
    if value is None:
        return (0.0, 0.0, 0.0)
    items = tuple(float(v) for v in value) if isinstance(value, (list, tuple)) else (float(value),)  # type: ignore[arg-type]
    if len(items) == 1:
        items = items * 3
    elif len(items) == 4:
        c, m, y, k = items
        items = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return tuple(round(v, 2) for v in items[:3])


def measure(pdf_path: Path) -> list[Page]:
    """Return the lines and rules of every page of ``pdf_path``."""
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            by_baseline: dict[float, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
            for char in page.chars:
                by_baseline[round(char["matrix"][5] * 2) / 2].append(char)
            lines = []
            for baseline, chars in sorted(by_baseline.items(), reverse=True):
                chars.sort(key=lambda c: c["x0"])
                size = max(c["size"] for c in chars)
                lines.append(
                    Line(
                        em_top=(page.height - baseline - 0.88 * size) * MM_PER_PT,
                        size=size,
                        x0=chars[0]["x0"] * MM_PER_PT,
                        x1=chars[-1]["x1"] * MM_PER_PT,
                        text="".join(c["text"] for c in chars),
                        fonts=frozenset(c["fontname"].split("+")[-1] for c in chars),
                        colors=frozenset(_color(c.get("non_stroking_color")) for c in chars),
                    )
                )
            rules = []
            for item in [*page.lines, *page.rects]:
                color = item.get("stroking_color") or item.get("non_stroking_color")
                rules.append(
                    Rule(
                        top=item["top"] * MM_PER_PT,
                        x0=item["x0"] * MM_PER_PT,
                        x1=item["x1"] * MM_PER_PT,
                        color=_color(color),
                        width_pt=float(item.get("linewidth") or 0),
                    )
                )
            pages.append(Page(number, lines, rules, page.width * MM_PER_PT, page.height * MM_PER_PT))
    return pages
