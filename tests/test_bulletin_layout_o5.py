"""Outsider5 #14: the 简报's page 1 is full up to a table that cannot start on it, and the 周通报's
tables of one kind share one type size.

(a) Measured on LibreOffice's PDFs (the session's pool): a table whose header and first row fit
under 「各项目进展情况如下」 starts on page 1 (the estimate put the 报头 0.24 line too low and sent
it to page 2: 3 of the 13 sample 简报 ended page 1 with 21 mm free); 慈林镇's page 1 ends two lines
short only because its table's header and first row are taller than those two lines (on e74aa45,
where the outsider saw it, page 1 ended after 总体情况 with 93 mm free).
(b) The outsider's 周通报 through the real commands (collect forms, the towns' answers, collect
merge, progress): the 乡镇 and 功能区 tables, read from the .docx, are set in one size with the
same column widths (they were 4号 and 五号).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import subprocess
import sys
from pathlib import Path

import docx
from conftest import ROOT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from helpers import load_script

from docgen.bulletins import Job, _compose
from docgen.check.pdf_read import Page, measure
from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME
from docgen.convert.pool import ConverterPool
from docgen.layout.tables import shared_layouts, table_layout
from docgen.load.projects import load_projects
from docgen.model import Bulletin, Table
from docgen.publish.pipeline import Publication, publish
from docgen.records import ProjectRow
from docgen.run_resources import RunResources
from docgen.scoring import COMPLETION_ONLY

FIXTURES = ROOT / "tests" / "fixtures" / "outsider5"
LEDGER = load_script(FIXTURES / "make_ledger.py")
RETURNS = load_script(FIXTURES / "make_returns.py")
SAMPLE = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
AREA_TOP, AREA_BOTTOM = 37.0, 262.0  # mm: the type area (7.1: 37 mm from the top, 225 mm high)
LINE_MM = 225 / 22


def _bulletins(ledger: Path, year: int, month: int, units: set[str]) -> dict[str, Bulletin]:
    """Return the 简报 of ``units`` of the ledger's month, composed as ``docgen bulletin`` does."""
    resources = RunResources()
    projects, _problems = load_projects(ledger, year, month)
    rows: dict[str, list[ProjectRow]] = {}
    for project in projects:
        if project.unit in units:
            rows.setdefault(project.unit, []).append(project)
    date = dt.date(year, month, 28)
    return {
        unit: _compose(
            Job(
                unit,
                tuple(r),
                COMPLETION_ONLY,
                year,
                month,
                "第1期",
                "长子县重点项目办公室",
                date,
                DEFAULT_NAME,
                DEFAULT_DISTRIBUTION,
                0,
            ),
            resources.env,
        )
        for unit, r in rows.items()
    }


def _pdfs(bulletins: dict[str, Bulletin], folder: Path, pool: ConverterPool) -> dict[str, list[Page]]:
    """Return each bulletin's pages as LibreOffice sets them (the 报尾 on an even page), measured."""
    items = [
        Publication(doc, None, folder / f"{index}.pdf", watermark=False)
        for index, doc in enumerate(bulletins.values())
    ]
    results = publish(items, RunResources().template, pool.convert)
    assert all(result.error is None for result in results)
    return {unit: measure(item.pdf) for unit, item in zip(bulletins, items, strict=True) if item.pdf}


def _foot(page: Page) -> float:
    """Return the lowest text or rule of the page's type area (mm), its page number left out."""
    lows = [line.em_bottom for line in page.lines if line.em_top < AREA_BOTTOM]
    lows += [rule.lowest for rule in page.rules if rule.top < AREA_BOTTOM]
    return max(lows)


def _table_rules(page: Page) -> list[float]:
    """Return the tops (mm) of the table's horizontal rules on the page (0.5 pt, across the table)."""
    return sorted({round(r.top, 2) for r in page.rules if r.width_pt == 0.5 and r.length > 100})


def test_a_table_whose_header_and_first_row_fit_starts_on_page_one(
    pool: ConverterPool, tmp_path: Path
) -> None:
    """现代农业产业示范区, 大堡头镇 and 长子经济技术开发区 (sample ledger): their tables' header and first
    row (五号) fit under the lead-in on page 1's last two lines, and LibreOffice sets them there; page 1
    is full (its lowest rule within a line of the type area's foot), the header repeated on page 2,
    the 报尾 on an even page.  Before: page 1 ended after 「各项目进展情况如下」, 21 mm free."""
    units = {"现代农业产业示范区", "大堡头镇", "长子经济技术开发区"}
    bulletins = _bulletins(SAMPLE, 2025, 5, units)
    assert set(bulletins) == units
    for unit, pages in _pdfs(bulletins, tmp_path, pool).items():
        first = " ".join(line.text for line in pages[0].lines)
        assert "序号" in first, (unit, first[-80:])
        assert "项目名称" in first, (unit, first[-80:])
        assert len(_table_rules(pages[0])) >= 3, unit  # over the header, under it, under the first row
        assert AREA_BOTTOM - _foot(pages[0]) < LINE_MM, (unit, AREA_BOTTOM - _foot(pages[0]))
        assert "序号" in " ".join(line.text for line in pages[1].lines), unit
        assert len(pages) % 2 == 0, unit


def test_the_outsiders_cilin_page_one_ends_short_only_before_a_table_that_does_not_fit(
    pool: ConverterPool, tmp_path: Path
) -> None:
    """慈林镇's 简报 of the outsider's November ledger (合订 p.7): page 1 holds the 总体情况 and
    「各项目进展情况如下」 down to its 20th line; the one-row table (小四, a two-line header) starts
    page 2 because its header and first row, as LibreOffice sets them there, are taller than what
    page 1 leaves free (Build 1: a page may end early before a block that cannot split); the 报尾
    on page 2."""
    ledger = tmp_path / "台账.xlsx"
    LEDGER.write(ledger, LEDGER.NOV, 11, docgen_names=True)
    bulletins = _bulletins(ledger, 2025, 11, {"慈林镇"})
    pages = _pdfs(bulletins, tmp_path, pool)["慈林镇"]
    assert len(pages) == 2
    first = [line.text for line in pages[0].lines if line.em_top < AREA_BOTTOM]
    assert any("各项目进展情况如下" in text for text in first), first[-3:]
    # the grid line of page 1's last text line ends this far above the type area's foot
    last = max(line.em_top for line in pages[0].lines if line.em_top < AREA_BOTTOM)
    free = AREA_BOTTOM - (AREA_TOP + (math.floor((last - AREA_TOP) / LINE_MM) + 1) * LINE_MM)
    assert free < 2 * LINE_MM + 0.1, free  # two lines at most: e74aa45 left 93 mm
    rules = _table_rules(pages[1])
    assert len(rules) >= 3
    # what the table's header and first row take from the top of page 2's type area to the rule
    # under that row (LibreOffice sets a table 0.6 mm under the area's top, and further under text)
    header_and_row = rules[2] - AREA_TOP
    assert header_and_row > free, (header_and_row, free)


def _size(run: Run, paragraph: Paragraph) -> float:
    """Return a run's type size (pt): its own, else its paragraph style's or the style that one is based on."""
    if run.font.size is not None:
        return run.font.size.pt
    style = paragraph.style
    while style is not None and style.font.size is None:
        style = style.base_style
    assert style is not None, run.text
    return style.font.size.pt


def _weekly_tables(tmp_path: Path) -> list[tuple[set[float], list[int]]]:
    """Make the outsider's 周通报 with the real commands; return each group table's type sizes (pt,
    its cells' runs or their styles) and column widths (twips) from the .docx."""
    env = dict(os.environ, DOCGEN_REGISTER=str(tmp_path / "登记簿.sqlite"), LANG="zh_CN.UTF-8")
    env.pop("LC_ALL", None)

    def docgen(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "docgen", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr

    units = str(FIXTURES / "乡镇.yaml")
    docgen("collect", "forms", "--units", units, "--deadline", "2025-11-07", "-o", str(tmp_path / "下发"))
    RETURNS.main(tmp_path / "下发", tmp_path / "回收")
    # the two forms sent back make collect merge exit 1 and still write the pool
    subprocess.run(
        [sys.executable, "-m", "docgen", "collect", "merge", str(tmp_path / "回收"), "--units", units,
         "-o", str(tmp_path / "汇总.xlsx")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    out = tmp_path / "周通报.docx"
    docgen(
        "progress", str(tmp_path / "汇总.xlsx"), "--targets", str(FIXTURES / "目标.yaml"), "--as-of", "2025-11-07",
        "--letterhead", "zhangzi-zdxmb", "-o", str(out),
    )  # fmt: skip
    found = []
    for table in docx.Document(str(out)).tables:
        if "单位" not in table.rows[0].cells[0].text:  # the 版记
            continue
        sizes = {
            _size(run, paragraph)
            for row in table.rows
            for cell in row.cells
            for paragraph in cell.paragraphs
            for run in paragraph.runs
        }
        grid = table._tbl.tblGrid
        widths = [int(col.get(qn("w:w"))) for col in grid.findall(qn("w:gridCol"))]
        found.append((sizes, widths))
    return found


def test_the_weekly_reports_town_and_zone_tables_share_one_size(tmp_path: Path) -> None:
    """The outsider's 周通报 page 2: the 乡镇 table (4 rows) and the 功能区 table under it (one row,
    the same header) in one size and the same column widths (were 4号 and 五号)."""
    tables = _weekly_tables(tmp_path)
    assert len(tables) == 2, tables
    (towns, town_widths), (zones, zone_widths) = tables
    assert len(towns) == 1, towns
    assert towns == zones
    assert town_widths == zone_widths


HEADER = (
    "单位",
    "入库项目数",
    "完成率（%）",
    "总投资（亿元）",
    "完成率（%）",
    "亿元以上项目数",
    "完成率（%）",
    "节点进度",
)
TOWNS = Table(
    rows=(
        HEADER,
        ("丹朱镇", "3", "60.00", "2.50", "50.00", "1", "50.00", "未达到"),
        ("鲍店镇", "1", "20.00", "3.00", "60.00", "1", "50.00", "未达到"),
        ("石哲镇", "1", "20.00", "2.00", "40.00", "1", "50.00", "未达到"),
        ("慈林镇", "0", "0.00", "0.00", "0.00", "0", "0.00", "未达到"),
    )
)
ZONE = Table(rows=(HEADER, ("长子县经济技术开发区", "0", "0.00", "0.00", "0.00", "0", "0.00", "未达到")))


def test_tables_of_one_kind_are_sized_as_one_table() -> None:
    """Alone the 乡镇 table is 4号 and the 功能区 table 五号; together both are 小四 (the rule for one
    table on their rows: 152 pt against 112 in 五号, within 1.5 times), one set of widths and
    alignments; a table with another header, and a form (widths given), keep their own layouts."""
    assert (table_layout(TOWNS).size_pt, table_layout(ZONE).size_pt) == (14, 10.5)
    other = Table(rows=(("单位", "备注"), ("丹朱镇", "无")))
    form = Table(rows=ZONE.rows, widths=(3, 1, 1, 1, 1, 1, 1, 1))
    shared = shared_layouts([TOWNS, other, ZONE, form])
    assert set(shared) == {0, 2}
    assert shared[0] == shared[2]
    assert shared[0].size_pt == 12
    assert not shared[0].landscape
    assert len(shared[0].aligns) == len(HEADER)


def test_one_table_of_a_kind_keeps_its_own_layout() -> None:
    """A lone table (the 简报's) is laid out as before: nothing is shared."""
    assert shared_layouts([TOWNS]) == {}
    assert shared_layouts([]) == {}


def test_tables_going_to_landscape_pages_keep_their_own_layouts() -> None:
    """Tables of one kind of which one goes to landscape pages alone keep their own layouts."""
    wide = tuple(f"列{i}" for i in range(14))
    narrow = Table(rows=(wide, tuple("1" for _ in wide)))
    dates = Table(rows=(wide, tuple("2025年11月14日" for _ in wide)))
    assert table_layout(dates).landscape
    assert not table_layout(narrow).landscape
    assert shared_layouts([narrow, dates]) == {}
