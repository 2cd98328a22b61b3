"""Charts for rankings, drawn with matplotlib in a Simplified Chinese face.

matplotlib ignores fontconfig aliases and, given a .ttc, takes its first face — Japanese in Noto
CJK — so the SC face is taken out of the collection once (fontTools) into the user's cache and
given to matplotlib by file.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import ConversionError
from docgen.i18n import _
from docgen.scratch import user_cache_dir

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

SC_FACE = "Noto Sans CJK SC"


def _cache_dir() -> Path:
    return user_cache_dir() / "fonts"


@lru_cache(maxsize=1)
def chinese_font_file() -> Path:
    """Return a single-face font file of Noto Sans CJK SC (extracted from the .ttc once)."""
    result = subprocess.run(
        ["fc-match", "-f", "%{file}", SC_FACE], capture_output=True, text=True, check=False
    )
    source = Path(result.stdout.strip())
    if not source.is_file() or "CJK" not in source.name:
        raise ConversionError(
            _("no Simplified Chinese font for charts (fonts-noto-cjk); run scripts/setup.sh")
        )
    if source.suffix.lower() != ".ttc":
        return source
    target = _cache_dir() / f"{SC_FACE.replace(' ', '')}-{source.stem}.otf"
    if not target.is_file():
        from fontTools.ttLib import TTCollection

        collection = TTCollection(str(source), lazy=True)
        face = next((f for f in collection.fonts if f["name"].getDebugName(1) == SC_FACE), None)
        if face is None:
            raise ConversionError(_("{face} is not in {file}").format(face=SC_FACE, file=source))
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".part")
        face.save(str(temporary))
        temporary.replace(target)
    return target


# One colour per 亮灯, as the table shows it; a unit without a plan (—) is grey.
LIGHT_COLOURS = {"绿": "#2e7d32", "黄": "#f2a900", "红": "#c62828", "—": "#9e9e9e", "未判断": "#5b7fa6"}
LIGHT_NAMES = {"绿": "绿灯", "黄": "黄灯", "红": "红灯", "—": "无年度计划", "未判断": "未到节点"}
SCHEDULE_COLOUR = "#333333"


def trim(value: float | Decimal, places: int = 1) -> str:
    """Return ``value`` with at most ``places`` decimals and none it does not need, 四舍五入 as the tables
    round (ROUND_HALF_UP, not the float's half-even: 2.25 → 2.3): 32.0 → 32, 41.66 → 41.7."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    text = f"{exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def completion_figure(
    units: Sequence[str],
    rates: Sequence[Decimal | None],
    lights: Sequence[str],
    schedule: Decimal | None,
    *,
    line: str = "序时进度",
    axis: str = "投资完成率（%）",
) -> Figure:
    """Return the bar chart of each unit's completion rate (%), coloured by its 亮灯, with the 序时进度 line
    (none when ``schedule`` is None: nothing is due yet, and the bars are “未判断”).

    The 序时进度 and the colours are named in a legend above the plot, so no label can cover a bar;
    each bar's value sits just above it on a white ground (the dashed line passes behind it).
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    font = font_manager.FontProperties(fname=str(chinese_font_file()), size=9)
    values = [float(r * 100) if r is not None else 0.0 for r in rates]
    figure, axes = plt.subplots(figsize=(6.1, 3.2), dpi=200)
    colours = [LIGHT_COLOURS.get(light, LIGHT_COLOURS["—"]) for light in lights]
    bars = axes.bar(range(len(units)), values, color=colours, width=0.6, zorder=2)
    level = float(schedule * 100) if schedule is not None else 0.0
    if schedule is not None:
        axes.axhline(level, color=SCHEDULE_COLOUR, linestyle="--", linewidth=1, zorder=1)
    labels = [
        axes.annotate(
            "—" if rate is None else trim(rate * 100),
            (bar.get_x() + bar.get_width() / 2, value),
            xytext=(0, 1.5),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontproperties=font,
            zorder=3,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3},
        )
        for bar, value, rate in zip(bars, values, rates, strict=True)
    ]
    axes.set_ylim(0, max([*values, level]) * 1.12 or 1)
    axes.set_xticks(range(len(units)))
    axes.set_xticklabels(units, fontproperties=font, rotation=30, ha="right")
    axes.set_ylabel(axis, fontproperties=font)
    for tick in axes.get_yticklabels():
        tick.set_fontproperties(font)
    axes.spines[["top", "right"]].set_visible(False)
    shown = [light for light in LIGHT_COLOURS if light in lights]
    handles: list[Artist] = []
    names: list[str] = []
    if schedule is not None:
        handles.append(Line2D([], [], color=SCHEDULE_COLOUR, linestyle="--", linewidth=1))
        names.append(f"{line} {trim(level)}%")
    handles += [Patch(color=LIGHT_COLOURS[light]) for light in shown]
    names += [LIGHT_NAMES[light] for light in shown]
    axes.legend(
        handles,
        names,
        prop=font,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=len(handles),
        frameon=False,
        handlelength=1.6,
        borderaxespad=0.2,
    )
    figure.tight_layout()
    _stand_names_up_if_crowded(figure, axes.get_xticklabels())
    _keep_labels_off_bars(figure, labels, list(bars))
    return figure


def _stand_names_up_if_crowded(figure: Figure, names: Sequence[Text]) -> None:
    """Turn the unit names upright, then smaller, while neighbours run into each other (measured)."""
    for size, rotation in ((9.0, 30), (9.0, 90), (7.0, 90), (6.0, 90), (5.0, 90)):
        for name in names:
            name.set_fontsize(size)
            name.set_rotation(rotation)
            name.set_horizontalalignment("right" if rotation == 30 else "center")
        figure.tight_layout()
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        boxes = [name.get_window_extent(renderer) for name in names]
        if not any(_intersect(a, b) for a, b in zip(boxes, boxes[1:], strict=False)):
            return


def _keep_labels_off_bars(figure: Figure, labels: Sequence[Text], bars: Sequence[Rectangle]) -> None:
    """Make the value labels smaller, then upright, until none covers a bar (measured, not guessed).

    With many units a label is wider than its bar and the gap; matplotlib does not avoid
    overlaps itself, so the drawn extents are compared and the labels changed until they are clear.
    """
    for size, rotation in ((9.0, 0), (7.0, 0), (7.0, 90), (6.0, 90)):
        for label in labels:
            label.set_fontsize(size)
            label.set_rotation(rotation)
        figure.tight_layout()
        if not label_overlaps(figure, labels, bars):
            return


def label_overlaps(
    figure: Figure, texts: Sequence[Artist], bars: Sequence[Rectangle]
) -> list[tuple[int, int]]:
    """Return the (text, bar) index pairs whose drawn extents intersect."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [bar.get_window_extent(renderer) for bar in bars]
    found: list[tuple[int, int]] = []
    for t, text in enumerate(texts):
        extent = text.get_window_extent(renderer)
        patch = getattr(text, "get_bbox_patch", lambda: None)()
        if patch is not None:
            extent = extent.union([extent, patch.get_window_extent(renderer)])
        found += [(t, b) for b, box in enumerate(boxes) if _intersect(extent, box)]
    return found


def _intersect(a: Bbox, b: Bbox) -> bool:
    """Whether two boxes share area (touching edges do not count)."""
    return bool(a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)


def completion_chart(
    units: Sequence[str],
    rates: Sequence[Decimal | None],
    lights: Sequence[str],
    schedule: Decimal | None,
    *,
    line: str = "序时进度",
    axis: str = "投资完成率（%）",
) -> bytes:
    """Return the PNG of ``completion_figure`` (``line`` names the dashed level: 序时进度 or a milestone)."""
    from matplotlib import pyplot as plt

    figure = completion_figure(units, rates, lights, schedule, line=line, axis=axis)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()
