"""A monthly bulletin (月报/简报) for one unit or one leader, from their projects in the ledger."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from jinja2 import Environment

from docgen.compose.notice import compose_blocks
from docgen.load.notice_body import parse_body
from docgen.model import Block, Bulletin, Paragraph
from docgen.model import Table as TableBlock
from docgen.ranking import gap_points, light_of, ratio, schedule_of, unit_figures
from docgen.records import ProjectRow
from docgen.scoring import Rules
from docgen.templating import number_filter, percent_filter, pp_filter, render_text

DEFAULT_NAME = "重点项目建设简报"
# what a unit writes in 存在问题 when it has none: the same as leaving the cell blank
_NO_PROBLEM = re.compile(r"(?:无|暂无|没有|均无)(?:问题|困难|困难和问题|问题和困难)?|无|/|／|—+|-+")


def reported_problem(text: str | None) -> bool:
    """Return whether 存在问题 reports a problem: not blank, and not 无, 暂无, 无问题, 没有 and the like."""
    folded = "".join((text or "").split()).rstrip("。.；;，,")
    return bool(folded) and not _NO_PROBLEM.fullmatch(folded)


DEFAULT_DISTRIBUTION = (
    ("报", "县委、县政府主要领导，县委、县政府分管领导"),
    ("送", "县人大常委会、县政协主要领导"),
    ("发", "各乡镇人民政府，县直各有关单位"),
)


def project_table(projects: Sequence[ProjectRow], schedule_month: int, rules: Rules) -> TableBlock:
    """Return the progress table of the projects, with a light for each."""
    schedule = schedule_of(projects, schedule_month)
    rows = [("序号", "项目名称", "年度计划投资", "累计完成投资", "完成率", "与序时进度差（百分点）", "亮灯")]
    for index, project in enumerate(projects, start=1):
        rate = ratio(project.completed, project.annual_plan)
        gap = gap_points(rate, schedule)
        rows.append(
            (
                str(index),
                project.name,
                number_filter(project.annual_plan, 2),
                number_filter(project.completed, 2),
                percent_filter(rate),
                pp_filter(gap),
                light_of(gap, rules),
            )
        )
    return TableBlock(rows=tuple(rows))


def bulletin(
    env: Environment,
    subject: str,
    projects: Sequence[ProjectRow],
    rules: Rules,
    *,
    year: int,
    month: int,
    issue: str,
    editor: str,
    date: dt.date,
    name: str = DEFAULT_NAME,
    distribution: tuple[tuple[str, str], ...] = DEFAULT_DISTRIBUTION,
    copies: int = 0,
) -> Bulletin:
    """Return the bulletin of ``subject`` (a unit or a leader) for the month."""
    figures = unit_figures(subject, "", projects, month)
    text = render_text(
        env,
        "bulletin/body.md.j2",
        year=year,
        month=month,
        subject=subject,
        figures=figures,
        light=light_of(figures.gap_pp, rules),
        projects=projects,
        problems=[p for p in projects if reported_problem(p.problems)],
        progress=[p for p in projects if p.progress],
    )
    body: list[Block] = []
    for block in compose_blocks(parse_body(text, "templates/bulletin/body.md.j2")):
        if isinstance(block, Paragraph) and block.text == "PROJECT_TABLE":
            body.append(project_table(projects, month, rules))
        else:
            body.append(block)
    return Bulletin(
        name=name,
        issue=issue,
        editor=editor,
        date=date,
        title=f"{subject}重点项目建设情况（{year}年1—{month}月）",
        body=tuple(body),
        distribution=distribution,
        copies=copies,
    )
