"""Positions measured in a PDF rendered by LibreOffice: text lines by baseline, and rules.

pdfplumber's ``top`` for LibreOffice's CJK subsets is size-based (their Descent is written as 0),
so the em top is taken from the baseline: baseline - 0.88 x size (gbt9704.md §1.7).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

MM_PER_PT = 25.4 / 72


def is_red_rgb(color: tuple[float, ...]) -> bool:
    """Return True for a red fill (RGB, 0-1): the 版头's mark and rule, a bulletin's 报头."""
    return len(color) >= 3 and color[0] >= 0.75 and color[1] <= 0.3 and color[2] <= 0.3


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
    advances: tuple[float, ...] = ()  # each character's advance width in ems of its size
    starts: tuple[float, ...] = ()  # each character's left edge, mm

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
    bottom: float = -1.0  # a rectangle's bottom edge; -1: a horizontal line at ``top``

    @property
    def length(self) -> float:
        return self.x1 - self.x0

    @property
    def lowest(self) -> float:
        return max(self.top, self.bottom)


@dataclass(frozen=True)
class Box:
    """A rectangle on the page (a picture), in millimetres: left, top, right, bottom."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class VerticalText:
    """A run of text turned by 90° (as a page number on a landscape page turned for binding).

    ``x0``/``x1`` are its extent across the page and ``top``/``bottom`` along it, in millimetres;
    ``upward`` is true when it reads from the bottom of the page to the top.
    """

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    upward: bool


@dataclass(frozen=True)
class Page:
    """The measured content of one page."""

    number: int
    lines: list[Line]
    rules: list[Rule]
    width: float = 210.0
    height: float = 297.0
    vertical: list[VerticalText] = field(default_factory=list)
    images: list[Box] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return self.width > self.height


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


def _per_character(chars: list[dict]) -> dict[str, tuple[float, ...]]:  # type: ignore[type-arg]
    """Return the advances (ems) and left edges (mm) of a line's characters, one of each per character
    of its text: a glyph standing for several (the Noto CJK faces set 「——」 as one glyph, its text two
    dashes) shares its width out evenly among them, so that the rules reading a line character by
    character (table cells, the grid) do not pass over the line as unreadable."""
    advances: list[float] = []
    starts: list[float] = []
    for c in chars:
        count = len(c["text"])
        width = (c["x1"] - c["x0"]) / max(count, 1)
        for k in range(count):
            advances.append(round(width / (c["size"] or 1), 3))
            starts.append(round((c["x0"] + k * width) * MM_PER_PT, 3))
    return {"advances": tuple(advances), "starts": tuple(starts)}


def measure(pdf_path: Path) -> list[Page]:
    """Return the lines and rules of every page of ``pdf_path``."""
    import pdfplumber  # on first use: ``check --no-render`` of a .docx never reads a PDF (0.1 s at start-up)

    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            # keyed by the baseline, and whether the characters are set askew: a diagonal 样稿
            # watermark glyph whose origin falls on a text line's baseline is not part of that line
            by_baseline: dict[tuple[float, bool], list[dict]] = defaultdict(list)  # type: ignore[type-arg]
            turned: dict[tuple[float, bool], list[dict]] = defaultdict(list)  # type: ignore[type-arg]
            for char in page.chars:
                a, b = char["matrix"][0], char["matrix"][1]
                if abs(a) < 0.1 and abs(b) > 0.5:  # turned by 90°: grouped by the baseline's x
                    turned[(round(char["matrix"][4] * 2) / 2, b > 0)].append(char)
                else:
                    by_baseline[(round(char["matrix"][5] * 2) / 2, abs(b) > 0.1)].append(char)
            lines = []
            for (baseline, _askew), chars in sorted(by_baseline.items(), reverse=True):
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
                        **_per_character(chars),
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
                        bottom=item["bottom"] * MM_PER_PT,
                    )
                )
            vertical = [_vertical(chars, upward) for (_x, upward), chars in sorted(turned.items())]
            images = [
                Box(i["x0"] * MM_PER_PT, i["top"] * MM_PER_PT, i["x1"] * MM_PER_PT, i["bottom"] * MM_PER_PT)
                for i in page.images
            ]
            pages.append(
                Page(number, lines, rules, page.width * MM_PER_PT, page.height * MM_PER_PT, vertical, images)
            )
    return pages


def _vertical(chars: list[dict], upward: bool) -> VerticalText:  # type: ignore[type-arg]
    """Return chars turned by 90° as one run, in reading order."""
    chars = sorted(chars, key=lambda c: c["top"], reverse=upward)
    return VerticalText(
        x0=min(c["x0"] for c in chars) * MM_PER_PT,
        x1=max(c["x1"] for c in chars) * MM_PER_PT,
        top=min(c["top"] for c in chars) * MM_PER_PT,
        bottom=max(c["bottom"] for c in chars) * MM_PER_PT,
        text="".join(c["text"] for c in chars),
        upward=upward,
    )
