"""The 进展通报 (targets and progress): prose from the template, the tables, the chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from jinja2 import Environment

from docgen.chart import completion_chart
from docgen.compose.notice import compose_blocks
from docgen.load.notice_body import parse_body
from docgen.model import (
    Block,
    Document,
    DocumentNumber,
    Imprint,
    Letterhead,
    Paragraph,
    Picture,
    Signature,
)
from docgen.model import Table as TableBlock
from docgen.progress.compute import Progress, UnitProgress
from docgen.progress.targets import BY_KEY, INDICATORS
from docgen.templating import number_filter, percent_filter, pp_filter, render_text, yi_filter

TEMPLATE = "progress/report.md.j2"


def amount(key: str, value: Decimal | None) -> str:
    """Return a count as a whole number, a sum in 亿元, a share in %; — for none."""
    if value is None:
        return "—"
    kind = BY_KEY[key].kind
    if kind == "money":
        return yi_filter(value)
    if kind == "share":
        return percent_filter(value)
    return number_filter(value, 0)


def _keys(units: list[UnitProgress], kinds: tuple[str, ...]) -> list[str]:
    present = {k for u in units for k in u.measures}
    return [i.key for i in INDICATORS if i.key in present and i.kind in kinds]


# the 通报's table; every indicator is in the .xlsx
TABLE_KEYS = ("count", "total", "yi_count", "converted")


def _points(rate: Decimal | None) -> str:
    """Return a rate as the number of a 完成率（%） column: 0.8612 → 86.12 (四舍五入); None → —."""
    return "—" if rate is None else pp_filter(rate * 100)


def group_target(units: list[UnitProgress], key: str, written: Callable[[Decimal | None], str]) -> str:
    """Return a group's target of ``key`` as written by ``written``: the one target its units share,
    else the most units' target and the others by unit (seed 001: 第一组 80 个亿元以上项目 under the
    四比四看, 灵宝市 400 and 陕州区 350 under the “8262” plan): 400个（陕州区350个）."""
    targets = [(u.unit, u.measures[key].target) for u in units if key in u.measures]
    values = [t for _u, t in targets]
    common = max(values, key=values.count)  # the first of the most frequent: ledger order
    others = "，".join(f"{unit}{written(t)}" for unit, t in targets if t != common)
    return f"{written(common)}（{others}）" if others else written(common)


def targets_line(units: list[UnitProgress]) -> str:
    """Return the group's absolute targets as a line: 入库项目个数100个、入库项目总投资500亿元; a unit
    with a target of its own is named with it (亿元以上项目个数400个（陕州区350个））."""
    parts = []
    for key in _keys(units, ("count", "money")):
        unit = "亿元" if BY_KEY[key].kind == "money" else "个"
        parts.append(BY_KEY[key].name + group_target(units, key, partial(_with_unit, key, unit)))
    return "、".join(parts)


def _with_unit(key: str, unit: str, value: Decimal | None) -> str:
    """Return a target as the targets file sets it: 500亿元, 2700亿元, 12.5亿元 (not 2,700.00亿元)."""
    if value is None or BY_KEY[key].kind != "money":
        return f"{amount(key, value)}{unit}"
    return f"{(value / 10000).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP).normalize():f}{unit}"


def progress_table(units: list[UnitProgress], with_change: bool, period: str = "周") -> TableBlock:
    """Return the table of absolute targets: done and completion per indicator, change, milestone."""
    keys = [k for k in _keys(units, ("count", "money")) if k in TABLE_KEYS]
    header = ["单位"]
    for key in keys:
        header += [BY_KEY[key].short, "完成率（%）"]
    if with_change:
        header.append(f"较上{period}新增")
    header.append("节点进度")
    rows: list[tuple[str, ...]] = [tuple(header)]
    for unit in units:
        row = [unit.unit]
        for key in keys:
            measure = unit.measures.get(key)
            row += (
                [amount(key, measure.actual), _points(measure.completion)] if measure else ["—", "—"]
            )
        if with_change:
            count = unit.measures.get("count")
            row.append(amount("count", count.change) if count is not None else "—")
        absolute = [m for k, m in unit.measures.items() if BY_KEY[k].kind != "share"]
        row.append(
            "未达到" if any(m.behind for m in absolute) else "达到" if any(m.judged for m in absolute) else "—"
        )
        rows.append(tuple(row))
    return TableBlock(rows=tuple(rows))


def share_table(units: list[UnitProgress]) -> TableBlock | None:
    """Return the table of shares (占比, 开工率): each unit's value, the target in the header."""
    keys = _keys(units, ("share",))
    if not keys:
        return None
    header = (
        "单位",
        *(f"{BY_KEY[k].short}（目标{group_target(units, k, lambda t: percent_filter(t, 0))}）" for k in keys),
    )
    rows = [
        (u.unit, *(amount(k, u.measures[k].actual) if k in u.measures else "—" for k in keys)) for u in units
    ]
    return TableBlock(rows=(header, *rows))


def _chart(progress: Progress) -> Picture:
    units = [u for u in progress.units if "count" in u.measures]
    due = progress.share_due
    rates = [u.measures["count"].completion for u in units]
    data = completion_chart(
        [u.unit for u in units],
        rates,
        ["—" if rate is None else "未判断" if due is None else "绿" if rate >= due else "红" for rate in rates],
        due,
        line="节点要求",
        axis="入库项目个数完成率（%）",
    )
    return Picture(
        data, width_mm=150, height_mm=150 * 3.2 / 6.1, description="入库项目个数完成率与节点要求对比"
    )


def _grouped(
    progress: Progress, make: Callable[[list[UnitProgress]], TableBlock | None], targets: bool = False
) -> list[Block]:
    blocks: list[Block] = []
    groups = progress.groups()
    for name, units in groups.items():
        table = make(units)
        if table is None:
            continue
        line = targets_line(units) if targets else ""
        if len(groups) > 1 or line:
            blocks.append(Paragraph(f"{name}（目标：{line}）：" if line else f"{name}："))
        blocks.append(table)
    return blocks


def targets_total(progress: Progress) -> dict[str, Decimal]:
    """Return the sum of every unit's absolute targets, by indicator key."""
    totals: dict[str, Decimal] = {}
    for unit in progress.units:
        for key, measure in unit.measures.items():
            if BY_KEY[key].kind != "share":
                totals[key] = totals.get(key, Decimal(0)) + measure.target
    return totals


def progress_report(
    env: Environment,
    progress: Progress,
    letterhead: Letterhead,
    number: DocumentNumber,
    date: dt.date,
    addressees: str,
    cc: tuple[str, ...] = (),
    answers: dict[str, str] | None = None,
) -> Document:
    """Return the 进展通报 at ``progress.as_of``; ``answers``: the units whose forms are not in the
    pool, with why (未报送, or 退回修改: sent back), which the 通报 names under its table."""
    behind = {u.unit: [BY_KEY[k].name for k in u.behind] for u in progress.units if u.behind}
    answers = answers or {}
    indicators = {key for unit in progress.units for key in unit.measures}
    text = render_text(
        env,
        TEMPLATE,
        title=progress.title,
        as_of=progress.as_of,
        overall=progress.overall,
        overall_previous=progress.overall_previous,
        share_due=progress.share_due,
        next_date=progress.next_date,
        next_share=progress.next_share,
        behind=behind,
        outside=progress.outside,
        targets_total=targets_total(progress),
        period=progress.period,
        scope=letterhead.scope,
        level=letterhead.level,
        indicators=indicators,
        shares=any(BY_KEY[key].kind == "share" for key in indicators),
        not_reported=[unit for unit, answer in answers.items() if answer == "未报送"],
        sent_back=[unit for unit, answer in answers.items() if answer == "退回修改"],
        answers=answers,
    )
    with_change = progress.overall_previous is not None
    body: list[Block] = []
    for block in compose_blocks(parse_body(text, f"templates/{TEMPLATE}")):
        if isinstance(block, Paragraph) and block.text == "PROGRESS_TABLE":
            body += _grouped(
                progress, lambda units: progress_table(units, with_change, progress.period), targets=True
            )
        elif isinstance(block, Paragraph) and block.text == "SHARE_TABLE":
            body += _grouped(progress, share_table)
        elif isinstance(block, Paragraph) and block.text == "PROGRESS_CHART":
            body.append(_chart(progress))
        else:
            body.append(block)
    as_of = progress.as_of
    return Document(
        header=letterhead.header(number),
        title=f"关于截至{as_of.month}月{as_of.day}日{progress.title}进展情况的通报",
        addressees=addressees,
        body=tuple(body),
        signature=Signature(organs=(letterhead.name,), date=date),
        imprint=Imprint(printed_by=letterhead.imprint_organ, printed_date=date, cc=cc),
    )
