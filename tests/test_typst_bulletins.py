"""Bulletins (简报) typeset by Typst: ``make_bulletins(engine=TYPST)`` and ``docgen bulletin --engine typst``.

Real Typst and the real sample ledger; every PDF judged by ``docgen check`` and compared with its
layout character for character; the command line runs with ``soffice`` off the PATH.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from pypdf import PdfReader
from typst_helpers import text_difference

from docgen.bulletins import BulletinReport, Job, _compose, make_bulletins
from docgen.check.pdf_pages import find_imprint
from docgen.check.pdf_read import measure
from docgen.check.rules import Status
from docgen.check.run import check_files
from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME
from docgen.layout import Placement, lay_out
from docgen.load.projects import load_projects
from docgen.publish.pipeline import Engine
from docgen.register import Register
from docgen.run_resources import RunResources
from docgen.scoring import COMPLETION_ONLY

LEDGER = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
DATE = dt.date(2025, 6, 5)


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


def test_every_character_of_every_bulletin(run: tuple[Path, BulletinReport]) -> None:
    """The PDF holds the layout's characters one for one (repeated table headers aside)."""
    out, report = run
    resources = RunResources()
    projects, _problems = load_projects(LEDGER, 2025, 5)
    units: dict[str, list[object]] = {}
    for project in projects:
        units.setdefault(project.unit, []).append(project)
    for entry in report.entries:
        job = Job(
            entry.subject,
            tuple(units[entry.subject]),  # type: ignore[arg-type]
            COMPLETION_ONLY,
            2025,
            5,
            "第1期",
            "长子县重点项目办公室",
            DATE,
            DEFAULT_NAME,
            DEFAULT_DISTRIBUTION,
            0,
        )
        placed = lay_out(_compose(job, resources.env), Placement.BOTTOM)
        missing, extra = text_difference(placed, measure(out / entry.pdf))
        assert not missing, (entry.subject, missing)
        assert not extra, (entry.subject, extra)


def test_bulletin_command_with_typst_needs_no_soffice(tmp_path: Path) -> None:
    """``docgen bulletin --engine typst --merge`` runs with soffice off the PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("fc-match", "fc-list"):  # the 样稿 watermark asks fontconfig for a face
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
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
    env = dict(os.environ, PATH=str(bin_dir))
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    merged = tmp_path / "out" / "合订-2025年第1期.pdf"
    assert merged.read_bytes().startswith(b"%PDF")
    assert len(PdfReader(merged).pages) % 2 == 0
