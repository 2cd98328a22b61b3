"""Issue 18: the 排名通报's chart — bars coloured by the table's 亮灯, labels that never cover a bar.

Overlap is measured on matplotlib's drawn text extents (window extents of the real figure).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ROOT
from matplotlib import pyplot as plt
from matplotlib.colors import to_hex

from docgen.chart import LIGHT_COLOURS, completion_figure, label_overlaps, trim
from docgen.load.projects import load_projects
from docgen.load.rules import load_rules
from docgen.ranking import rank
from docgen.templating import pp_text_filter

SAMPLES = ROOT / "samples" / "ranking"


def _sample() -> tuple[list[str], list[Decimal | None], list[str], Decimal]:
    rules = load_rules(SAMPLES / "rules.yaml")
    projects, _problems = load_projects(SAMPLES / "项目台账-2025-05.xlsx", 2025, 5)
    ranking = rank(projects, rules, 2025, 5)
    units = [r for r in ranking.units() if r.figures.count]
    assert ranking.overall is not None
    return (
        [r.figures.unit for r in units],
        [r.figures.completion_rate for r in units],
        [r.light for r in units],
        ranking.overall.schedule,
    )


def _texts(figure):  # type: ignore[no-untyped-def]
    axes = figure.axes[0]
    legend = axes.get_legend()
    return [*axes.texts, legend, *legend.get_texts(), *axes.get_xticklabels(), *axes.get_yticklabels()]


def test_sample_bars_take_the_colour_of_their_light() -> None:
    units, rates, lights, schedule = _sample()
    assert {"绿", "黄", "红"} <= set(lights)
    assert lights[units.index("色头镇")] == "黄"  # the case: 黄 in the table, red in the old chart
    figure = completion_figure(units, rates, lights, schedule)
    bars = figure.axes[0].patches
    assert [to_hex(bar.get_facecolor()) for bar in bars] == [LIGHT_COLOURS[light] for light in lights]
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == [f"序时进度 {trim(float(schedule * 100))}%", "绿灯", "黄灯", "红灯"]
    plt.close(figure)


def test_sample_labels_do_not_cover_bars() -> None:
    units, rates, lights, schedule = _sample()
    figure = completion_figure(units, rates, lights, schedule)
    bars = figure.axes[0].patches
    assert label_overlaps(figure, _texts(figure), bars) == []
    plt.close(figure)


def test_the_old_placement_is_caught_by_the_measure() -> None:
    """The measure is real: the old in-plot 序时进度 label at the right end covered the last tall bar."""
    units, rates, lights, schedule = _sample()
    figure = completion_figure(units, rates, lights, schedule)
    axes = figure.axes[0]
    font = axes.get_legend().get_texts()[0].get_fontproperties()
    old = axes.text(
        len(units) - 0.5, float(schedule * 100), "序时进度 41.7%", ha="right", va="bottom", fontproperties=font
    )
    assert label_overlaps(figure, [old], axes.patches) != []
    plt.close(figure)


@pytest.mark.parametrize("count", [3, 13, 24, 40])
def test_crowded_charts_keep_labels_off_bars(count: int) -> None:
    """Many units, values at the schedule line and at 100 %: labels shrink or stand up, never cover."""
    units = [f"第{i}开发区管理委员会" for i in range(count)]
    cycle = [Decimal("1.0"), Decimal("0.05"), Decimal("0.4167"), Decimal("0.99"), None, Decimal("0.4")]
    rates = [cycle[i % len(cycle)] for i in range(count)]
    lights = ["绿" if r is not None and r >= Decimal("0.4167") else "—" if r is None else "红" for r in rates]
    figure = completion_figure(units, rates, lights, Decimal("0.4167"))
    assert label_overlaps(figure, _texts(figure), figure.axes[0].patches) == []
    names = figure.axes[0].get_xticklabels()
    assert all(not label_overlaps(figure, [a], [b]) for a, b in zip(names, names[1:], strict=False))
    plt.close(figure)


def test_percentage_points_in_text_have_the_decimals_they_need() -> None:
    assert [pp_text_filter(Decimal(v)) for v in ("20.00", "-20", "3.50", "3.456", "-0.001")] == [
        "20",
        "-20",
        "3.5",
        "3.46",
        "0",
    ]
    assert [trim(v) for v in (32.0, 41.66, 100.0)] == ["32", "41.7", "100"]
