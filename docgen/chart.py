"""Charts for rankings, drawn with matplotlib in a Simplified Chinese face.

matplotlib ignores fontconfig aliases and, given a .ttc, takes its first face — Japanese in Noto
CJK — so the SC face is taken out of the collection once (fontTools) into the user's cache and
given to matplotlib by file.
"""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from docgen.errors import ConversionError
from docgen.i18n import _

SC_FACE = "Noto Sans CJK SC"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen" / "fonts"


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


def completion_chart(
    units: Sequence[str],
    rates: Sequence[Decimal | None],
    schedule: Decimal,
    *,
    line: str = "序时进度",
    axis: str = "投资完成率（%）",
) -> bytes:
    """Return a PNG bar chart of each unit's completion rate (%) against the 序时进度 line (or another
    line: a milestone's share)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font = font_manager.FontProperties(fname=str(chinese_font_file()), size=9)
    values = [float(r * 100) if r is not None else 0.0 for r in rates]
    figure, axes = plt.subplots(figsize=(6.1, 3.2), dpi=200)
    colours = ["#2e7d32" if r is not None and r >= schedule else "#c62828" for r in rates]
    bars = axes.bar(range(len(units)), values, color=colours, width=0.6)
    axes.axhline(float(schedule * 100), color="#333333", linestyle="--", linewidth=1)
    axes.text(
        len(units) - 0.5,
        float(schedule * 100),
        f"{line} {float(schedule * 100):.1f}%",
        fontproperties=font,
        ha="right",
        va="bottom",
    )
    for bar, value, rate in zip(bars, values, rates, strict=True):
        label = "—" if rate is None else f"{value:.1f}"
        axes.text(
            bar.get_x() + bar.get_width() / 2, value, label, ha="center", va="bottom", fontproperties=font
        )
    axes.set_xticks(range(len(units)))
    axes.set_xticklabels(units, fontproperties=font, rotation=30, ha="right")
    axes.set_ylabel(axis, fontproperties=font)
    for tick in axes.get_yticklabels():
        tick.set_fontproperties(font)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()
