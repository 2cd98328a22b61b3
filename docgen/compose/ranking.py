"""The 排名通报: prose from the template, the ranking tables, the chart, the lagging projects."""

from __future__ import annotations

import datetime as dt

from jinja2 import Environment

from docgen.chart import completion_chart
from docgen.compose.notice import compose_blocks
from docgen.load.notice_body import parse_body
from docgen.model import (
    Attachment,
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
from docgen.ranking import Ranked, Ranking, UnitFigures, named_units
from docgen.scoring import INDICATORS, Rules
from docgen.templating import number_filter, percent_filter, pp_filter, render_text, yi_filter

MONEY = {"total", "annual_plan", "completed"}
RATES = {"completion_rate", "start_rate", "approvals_rate"}


def cell(key: str, figures: UnitFigures) -> str:
    """Return one indicator as the table shows it (money in 亿元, rates in %, gap in points, — for none)."""
    value = figures.value(key)
    if value is None:
        return "—"
    if key in MONEY:
        return yi_filter(value)
    if key in RATES:
        return percent_filter(value)
    if key == "gap_pp":
        return pp_filter(value)
    return str(int(value))


def column_titles(rules: Rules) -> list[str]:
    """Return the ranking table's column titles."""
    titles = {
        "gap_pp": "与序时进度差（百分点）",
        **{k: f"{v}（亿元）" for k, v in INDICATORS.items() if k in MONEY},
    }
    return [
        "排名",
        "单位",
        *[titles.get(key, INDICATORS[key]) for key in rules.columns],
        "得分",
        "较上月",
        "亮灯",
    ]


def ranking_rows(members: list[Ranked], rules: Rules) -> list[tuple[str, ...]]:
    """Return the table rows of one group."""
    return [
        (
            str(r.rank) if r.figures.count else "—",  # a unit without projects is listed, not ranked
            r.figures.unit,
            *[cell(key, r.figures) for key in rules.columns],
            f"{r.score:.{rules.decimals}f}",
            r.change,
            r.light,
        )
        for r in members
    ]


def _ranking_blocks(ranking: Ranking, rules: Rules) -> list[Block]:
    blocks: list[Block] = []
    for group, members in ranking.groups.items():
        if len(ranking.groups) > 1:
            blocks.append(Paragraph(f"{group}："))
        blocks.append(TableBlock(rows=(tuple(column_titles(rules)), *ranking_rows(members, rules))))
    note = start_rate_note(ranking, rules)
    if note:
        blocks.append(Paragraph(note))
    return blocks


def start_rate_note(ranking: Ranking, rules: Rules) -> str:
    """Return the note under the table when 开工率 shows “—” (no project 计划新开工), else ""."""
    if "start_rate" not in rules.columns:
        return ""
    ranked = [r for r in ranking.units() if r.figures.count]
    dashes = [r for r in ranked if r.figures.start_rate is None]
    if not dashes:
        return ""
    if len(dashes) == len(ranked):
        return (
            "注：开工率为计划新开工项目中已开工的比例；台账中没有标为计划新开工的项目"
            "（没有“计划新开工”列，或该列均为“否”），开工率无从计算，表中为“—”。"
        )
    return "注：开工率为计划新开工项目中已开工的比例；表中为“—”的单位没有计划新开工项目。"


def _chart(ranking: Ranking) -> Picture:
    units = [r for r in ranking.units() if r.figures.count]
    assert ranking.overall is not None
    data = completion_chart(
        [r.figures.unit for r in units],
        [r.figures.completion_rate for r in units],
        [r.light for r in units],
        ranking.overall.schedule,
    )
    return Picture(data, width_mm=150, height_mm=150 * 3.2 / 6.1, description="投资完成率与序时进度对比")


def lagging_table(ranking: Ranking) -> TableBlock:
    """Return the attachment's table of projects behind the schedule."""
    rows = [
        (
            "序号",
            "项目名称",
            "责任单位",
            "年度计划投资（万元）",
            "累计完成投资（万元）",
            "投资完成率",
            "与序时进度差（百分点）",
        )
    ]
    for index, (project, gap) in enumerate(ranking.lagging_projects, start=1):
        rate = None if project.annual_plan == 0 else project.completed / project.annual_plan
        rows.append(
            (
                str(index),
                project.name,
                project.unit,
                number_filter(project.annual_plan, 2),
                number_filter(project.completed, 2),
                percent_filter(rate),
                pp_filter(gap),
            )
        )
    return TableBlock(rows=tuple(rows))


def ranking_report(
    env: Environment,
    ranking: Ranking,
    rules: Rules,
    letterhead: Letterhead,
    number: DocumentNumber,
    date: dt.date,
    addressees: str,
) -> Document:
    """Return the 排名通报 of a month."""
    advanced, lagging = named_units(ranking, rules)
    text = render_text(
        env,
        "ranking/report.md.j2",
        year=ranking.year,
        month=ranking.month,
        overall=ranking.overall,
        groups=ranking.groups,
        advanced=advanced,
        lagging=lagging,
        lagging_count=len(ranking.lagging_projects),
        rules=rules,
        scope=letterhead.scope,
    )
    body: list[Block] = []
    for block in compose_blocks(parse_body(text, "templates/ranking/report.md.j2")):
        if isinstance(block, Paragraph) and block.text == "RANKING_TABLE":
            body += _ranking_blocks(ranking, rules)
        elif isinstance(block, Paragraph) and block.text == "RANKING_CHART":
            body.append(_chart(ranking))
        else:
            body.append(block)
    attachments = (
        (Attachment("附件", "滞后项目清单", (lagging_table(ranking),)),) if ranking.lagging_projects else ()
    )
    return Document(
        header=letterhead.header(number),
        title=f"关于{ranking.year}年1—{ranking.month}月{rules.title}的通报",
        addressees=addressees,
        body=tuple(body),
        attachments=attachments,
        signature=Signature(organs=(letterhead.name,), date=date),
        imprint=Imprint(printed_by=letterhead.imprint_organ, printed_date=date, cc=tuple(rules.cc)),
    )
