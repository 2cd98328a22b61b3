"""Bulletins (简报) typeset by Typst: ``make_bulletins(engine=TYPST)`` and ``docgen bulletin --engine typst``.

Real Typst and the real sample ledger; every PDF judged by ``docgen check`` and compared with its
layout character for character; the command line runs with ``soffice`` off the PATH.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import no_soffice_path
from openpyxl import Workbook
from pypdf import PdfReader
from typst_helpers import text_difference

from docgen.bulletins import BulletinReport, Job, _compose, make_bulletins
from docgen.check.pdf_pages import find_imprint
from docgen.check.pdf_read import measure
from docgen.check.rules import Status
from docgen.check.run import check_files
from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME
from docgen.convert.pool import ConverterPool
from docgen.layout import Placement, lay_out
from docgen.layout.placed import TableBlock
from docgen.layout.tables import ROW_RULE
from docgen.load.projects import load_projects
from docgen.model import Bulletin
from docgen.publish.pipeline import Engine, Publication, publish
from docgen.records import ProjectRow
from docgen.register import Register
from docgen.run_resources import RunResources
from docgen.scoring import COMPLETION_ONLY

LEDGER = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
DATE = dt.date(2025, 6, 5)
MM_PER_TWIP = 25.4 / 1440


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BulletinReport]:
    folder = tmp_path_factory.mktemp("typst-bulletins")
    with Register.open(folder / "r.sqlite") as reg:
        report = make_bulletins(
            LEDGER,
            "2025-05",
            "zhangzi-zdxmb",
            folder / "out",
            RunResources(),
            reg,
            date=DATE,
            pdf=True,
            merge=True,
            final=True,
            engine=Engine.TYPST,
        )
    return folder / "out", report


def test_every_bulletin_and_the_merged_pdf(run: tuple[Path, BulletinReport]) -> None:
    """13 bulletins, each on an even number of pages with its 报尾 on the last; one bookmark each."""
    out, report = run
    assert len(report.entries) == 13
    assert not report.failed
    assert report.merged is not None
    merged = PdfReader(report.merged)
    outline = [(item.title, merged.get_destination_page_number(item)) for item in merged.outline]
    assert [title for title, _page in outline] == [e.subject for e in report.entries]
    start = 0
    for (title, page), entry in zip(outline, report.entries, strict=True):
        assert page == start, title
        pages = measure(out / entry.pdf)
        assert len(pages) == entry.pages
        assert entry.pages % 2 == 0
        imprint = find_imprint(pages)
        assert imprint is not None, title
        assert imprint.page.number == entry.pages
        start += entry.pages
    assert len(merged.pages) == start


def test_docgen_check_passes_every_bulletin(run: tuple[Path, BulletinReport]) -> None:
    """Every rule of ``docgen check``, the measured (.pdf) ones on Typst's PDF included, passes."""
    out, report = run
    for entry in report.entries:
        docx = out / entry.docx
        (checked,) = check_files([docx], rendered={docx: out / entry.pdf})
        failed = [f.rule.id for f in checked.findings if f.status is Status.FAIL]
        assert not failed, (entry.subject, failed)
        assert any(f.rule.id.endswith(".pdf") and f.status is Status.PASS for f in checked.findings)


def _bulletins(ledger: Path) -> dict[str, Bulletin]:
    """Return the bulletin of every unit of the ledger's 2025-05, composed as ``make_bulletins`` does."""
    resources = RunResources()
    projects, _problems = load_projects(ledger, 2025, 5)
    units: dict[str, list[ProjectRow]] = {}
    for project in projects:
        units.setdefault(project.unit, []).append(project)
    return {
        unit: _compose(
            Job(
                unit,
                tuple(rows),
                COMPLETION_ONLY,
                2025,
                5,
                "第1期",
                "长子县重点项目办公室",
                DATE,
                DEFAULT_NAME,
                DEFAULT_DISTRIBUTION,
                0,
            ),
            resources.env,
        )
        for unit, rows in units.items()
    }


def test_every_character_of_every_bulletin(run: tuple[Path, BulletinReport]) -> None:
    """The PDF holds the layout's characters one for one (repeated table headers aside)."""
    out, report = run
    bulletins = _bulletins(LEDGER)
    for entry in report.entries:
        placed = lay_out(bulletins[entry.subject], Placement.BOTTOM)
        missing, extra = text_difference(placed, measure(out / entry.pdf))
        assert not missing, (entry.subject, missing)
        assert not extra, (entry.subject, extra)


def test_bulletin_command_with_typst_needs_no_soffice(tmp_path: Path) -> None:
    """``docgen bulletin --engine typst --merge`` runs with soffice off the PATH."""
    command = [sys.executable, str(ROOT / "cli.py"), "--register", str(tmp_path / "r.sqlite"), "bulletin"]
    command += [
        str(LEDGER),
        "--month",
        "2025-05",
        "--letterhead",
        "zhangzi-zdxmb",
        "--out",
        str(tmp_path / "out"),
    ]
    command += ["--merge", "--engine", "typst", "--date", "2025-06-05"]
    env = dict(os.environ, PATH=no_soffice_path(tmp_path))
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    merged = tmp_path / "out" / "合订-2025年第1期.pdf"
    assert merged.read_bytes().startswith(b"%PDF")
    assert len(PdfReader(merged).pages) % 2 == 0


def _pages(bulletins: dict[str, Bulletin], folder: Path, engine: Engine, pool: ConverterPool | None) -> dict[str, int]:
    """Return each bulletin's pages as the publish pipeline makes its PDF with ``engine`` (the 报尾 on
    an even page: LibreOffice's copy laid out again until it is)."""
    items = [
        Publication(doc, None, folder / f"{index}-{engine.value}.pdf", engine=engine, watermark=False)
        for index, doc in enumerate(bulletins.values())
    ]
    results = publish(items, RunResources().template, None if pool is None else pool.convert)
    assert all(result.error is None for result in results)
    return {unit: result.pages for unit, result in zip(bulletins, results, strict=True)}


def test_every_sample_bulletin_has_the_same_pages_under_both_engines(
    run: tuple[Path, BulletinReport], pool: ConverterPool, tmp_path: Path
) -> None:
    """Typst's bulletins (``make_bulletins``) have as many pages as LibreOffice's of the same bulletins."""
    _out, report = run
    typst = {entry.subject: entry.pages for entry in report.entries}
    assert _pages(_bulletins(LEDGER), tmp_path, Engine.LIBREOFFICE, pool) == typst


# Two units of bench/bulletin.py's synthetic ledger whose bulletins came out 2 pages with Typst and
# 4 with LibreOffice (a blank page 3 and the 报尾 on page 4): 单位003's 报尾 fits under its 4-row
# table only with Typst's rows 0.5 pt short each (now as high as LibreOffice's: it does not fit,
# 4 pages); 单位046's fits (2 pages) but the estimate counted a copies line it does not print.
NEAR_A_PAGE_END = [
    ("单位003项目0", "单位003", 17592, 5864, 2021.05, "主体施工", None),
    ("单位003项目1", "单位003", 69030, 23010, 10070.72, "主体施工", None),
    ("单位003项目2", "单位003", 15891, 5297, 375.24, "主体施工", None),
    ("单位003项目3", "单位003", 68748, 22916, 2089.73, "主体施工", None),
    ("单位046项目0", "单位046", 26202, 8734, 1218.8, "主体施工", "资金到位率偏低"),
    ("单位046项目1", "单位046", 128409, 42803, 18363.04, "主体施工", "资金到位率偏低"),
    ("单位046项目2", "单位046", 124668, 41556, 6278.13, "主体施工", "资金到位率偏低"),
]


def test_a_bulletin_ending_near_its_page_end_has_the_same_pages_under_both_engines(
    pool: ConverterPool, tmp_path: Path
) -> None:
    """The 报尾 goes on the body's last page under both engines exactly when it fits there."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "2025-05"
    sheet.append(["项目名称", "责任单位", "总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）", "形象进度", "存在问题"])
    for row in NEAR_A_PAGE_END:
        sheet.append(list(row))
    book.save(tmp_path / "ledger.xlsx")
    bulletins = _bulletins(tmp_path / "ledger.xlsx")
    typst = _pages(bulletins, tmp_path, Engine.TYPST, None)
    assert typst == {"单位003": 4, "单位046": 2}
    assert _pages(bulletins, tmp_path, Engine.LIBREOFFICE, pool) == typst


def test_a_table_row_is_as_high_as_its_line_and_its_rule(run: tuple[Path, BulletinReport]) -> None:
    """A one-line row of a bulletin's table is its exact line and its 0.5 pt rule high, as LibreOffice
    sets it and the estimate counts it (layout.tables.ROW_RULE; 6.88 mm for 小四's 19 pt lines):
    Typst's rows took no room for their rules, 0.18 mm short each."""
    out, report = run
    bulletins = _bulletins(LEDGER)
    for entry in report.entries:
        placed = lay_out(bulletins[entry.subject], Placement.BOTTOM)
        (table,) = [b for b in placed.blocks() if isinstance(b, TableBlock) and b.anchor is None]
        line = table.rows[-1].cells[0].paragraphs[0].line
        assert line is not None
        row = (line.value + ROW_RULE) * MM_PER_TWIP
        pitches = []
        for page in measure(out / entry.pdf):
            tops = sorted({round(r.top, 2) for r in page.rules if r.width_pt == 0.5 and r.length > 5})
            pitches += [b - a for a, b in zip(tops, tops[1:], strict=False) if b - a < 1.5 * row]
        assert pitches, entry.subject
        # ±0.1 mm: a table's last rule is drawn on its edge, 0.09 mm (half the rule) under LibreOffice's
        assert all(p == pytest.approx(row, abs=0.1) for p in pitches), (entry.subject, pitches)
