"""One register protocol for every command that takes numbers: allocate → produce → record, or give back.

Each command runs here with a user template that fails after the number is taken, and the
register must come out with no number taken but neither recorded nor released.  A killed run
leaves its number pending with the command that finishes it.  ``register start`` and
``register import`` continue an office's existing series.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT
from openpyxl import Workbook

from docgen.bulletins import BulletinReport, make_bulletins
from docgen.cli import main_group
from docgen.config import Settings
from docgen.convert.oneshot import soffice_path
from docgen.convert.pool import system_python
from docgen.publish.numbering import void_number
from docgen.publish.pipeline import Engine
from docgen.rank import make_ranking
from docgen.register import Register, RegisterError
from docgen.run_resources import RunResources
from docgen.supervise import supervise

SUPERVISION = ROOT / "samples" / "supervision" / "督办台账.xlsx"
PROJECTS = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
RULES = ROOT / "samples" / "ranking" / "rules.yaml"
LETTERHEAD = "zhangzi-zdxmb"
needs_lo = pytest.mark.skipif(
    soffice_path() is None or system_python() is None, reason="LibreOffice is not installed"
)


def _broken_templates(tmp_path: Path, name: str) -> RunResources:
    """Return settings whose templates folder has a copy of ``name`` naming an undefined value."""
    folder = tmp_path / "my-templates"
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    original = (ROOT / "templates" / name).read_text(encoding="utf-8")
    target.write_text(original + "\n{{ 没有这个字段 }}\n", encoding="utf-8")
    return RunResources(Settings(template_dirs=(folder,)))


def _bulletins(
    reg: Register, out: Path, settings: RunResources | None = None, **options: Any
) -> BulletinReport:
    """Make the May 2025 bulletins of the sample ledger into ``out``."""
    return make_bulletins(PROJECTS, "2025-05", LETTERHEAD, out, settings or RunResources(), reg, **options)


def _assert_clean(reg: Register) -> None:
    assert reg.check() == []
    assert [row.text for row in reg.pending()] == []


def test_supervise_gives_back_every_number_when_the_template_fails(tmp_path: Path) -> None:
    settings = _broken_templates(tmp_path, "supervision/notice.md.j2")
    with Register.open(tmp_path / "r.sqlite") as reg:
        report = supervise(SUPERVISION, LETTERHEAD, tmp_path / "out", settings, reg)
        assert report.written == []
        assert report.errors
        assert all("没有这个字段" in str(e) for e in report.errors)
        _assert_clean(reg)
        assert reg.rows(kind="督办") == []  # every number released: the series stepped back
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def test_rank_gives_back_its_number_when_the_template_fails(tmp_path: Path) -> None:
    settings = _broken_templates(tmp_path, "ranking/report.md.j2")
    with Register.open(tmp_path / "r.sqlite") as reg:
        taken = reg.allocate(
            "文号", "长重点", 2025, "another document"
        )  # released numbers must not leave gaps
        with pytest.raises(Exception, match="没有这个字段"):
            make_ranking(
                PROJECTS,
                "2025-05",
                RULES,
                LETTERHEAD,
                tmp_path / "r.docx",
                settings,
                reg,
                date=dt.date(2025, 6, 5),
            )
        assert not (tmp_path / "r.docx").exists()
        reg.release_or_void(taken, "test")
        _assert_clean(reg)


def test_bulletin_gives_back_its_issue_number_when_every_unit_fails(tmp_path: Path) -> None:
    settings = _broken_templates(tmp_path, "bulletin/body.md.j2")
    with Register.open(tmp_path / "r.sqlite") as reg:
        report = _bulletins(reg, tmp_path / "out", settings=settings, workers=1, date=dt.date(2025, 6, 5))
        assert report.entries
        assert not [e for e in report.entries if e.status == "ok"]
        _assert_clean(reg)
        assert reg.rows(kind="简报") == []


def test_a_bulletin_issue_records_every_file_it_made(tmp_path: Path) -> None:
    with Register.open(tmp_path / "r.sqlite") as reg:
        report = _bulletins(reg, tmp_path / "out", workers=1, date=dt.date(2025, 6, 5))
        (row,) = reg.rows(kind="简报")
        assert row.status == "issued"
        recorded = {Path(o["path"]).name for o in row.outputs}
        assert recorded == {e.docx for e in report.entries}
        _assert_clean(reg)


def test_the_year_of_a_number_is_the_year_of_the_document_date(tmp_path: Path) -> None:
    with Register.open(tmp_path / "r.sqlite") as reg:
        result = make_ranking(
            PROJECTS,
            "2025-05",
            RULES,
            LETTERHEAD,
            tmp_path / "r.docx",
            RunResources(),
            reg,
            date=dt.date(2026, 1, 5),
        )
        assert result.number == "长重点〔2026〕1号"
        bulletins = _bulletins(reg, tmp_path / "b", workers=1, date=dt.date(2026, 1, 6))
        assert bulletins.issue == "2026年第1期"
        _assert_clean(reg)


def test_a_rank_rerun_with_other_data_does_not_write_over_the_recorded_document(tmp_path: Path) -> None:
    with Register.open(tmp_path / "r.sqlite") as reg:
        args = (PROJECTS, "2025-05", RULES, LETTERHEAD, tmp_path / "r.docx", RunResources(), reg)
        first = make_ranking(*args, date=dt.date(2025, 6, 5))
        before = (tmp_path / "r.docx").read_bytes()
        again = make_ranking(*args, date=dt.date(2025, 6, 5))  # the same document: accepted as it is
        assert again.number == first.number
        with pytest.raises(RegisterError, match="register void"):
            make_ranking(*args, date=dt.date(2025, 6, 8))  # another date: another document
        assert (tmp_path / "r.docx").read_bytes() == before
        void_number(reg, first.number, "日期有误")
        third = make_ranking(*args, date=dt.date(2025, 6, 8))
        assert third.number == "长重点〔2025〕2号"
        _assert_clean(reg)


@needs_lo
def test_bulletins_with_the_converter_killed_mid_batch_leave_a_clean_register(tmp_path: Path) -> None:
    """soffice is killed (SIGKILL) twice while the PDFs are made: whatever fails, nothing dangles."""
    stop = threading.Event()
    kills: list[int] = []

    def killer() -> None:
        while not stop.is_set() and len(kills) < 2:
            found = subprocess.run(
                ["pgrep", "-f", f"soffice.*{tmp_path.name}|soffice.*docgen-lo"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.split()
            if found:
                time.sleep(1.5)
                for pid in found:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(int(pid), signal.SIGKILL)
                kills.append(len(found))
                time.sleep(2)
            time.sleep(0.1)

    thread = threading.Thread(target=killer)
    thread.start()
    try:
        with Register.open(tmp_path / "r.sqlite") as reg:
            report = _bulletins(
                reg, tmp_path / "out", workers=2, pdf=True, date=dt.date(2025, 6, 5), engine=Engine.LIBREOFFICE
            )
            _assert_clean(reg)
            rows = reg.rows(kind="简报")
            ok = [e for e in report.entries if e.status == "ok"]
            if ok:
                (row,) = rows
                assert {Path(o["path"]).name for o in row.outputs} >= {e.docx for e in ok}
            else:
                assert rows == []
    finally:
        stop.set()
        thread.join()
    assert kills, "the converter was never seen running"


def _docgen(tmp_path: Path, *args: str, point: str = "-") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DOCGEN_REGISTER=str(tmp_path / "r.sqlite"))
    return subprocess.run(
        [sys.executable, str(ROOT / "tests" / "kill_at.py"), point, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_killed_supervise_is_listed_by_check_and_finished_by_running_it_again(tmp_path: Path) -> None:
    args = ("supervise", str(SUPERVISION), "--letterhead", LETTERHEAD, "--out", str(tmp_path / "out"))
    killed = _docgen(tmp_path, *args, point="after-allocate")
    assert killed.returncode == -signal.SIGKILL
    check = _docgen(tmp_path, "register", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert re.search(r"长重点督〔20\d\d〕1号", check.stdout)
    assert "docgen supervise" in check.stdout
    rerun = _docgen(tmp_path, *args)
    assert rerun.returncode == 0, rerun.stderr
    with Register.open(tmp_path / "r.sqlite") as reg:
        _assert_clean(reg)
        assert reg.rows(kind="督办")[0].status == "issued"


def test_register_start_continues_a_series_and_never_goes_back(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    register = ["--register", str(tmp_path / "r.sqlite")]
    started = runner.invoke(
        main_group,
        [*register, "register", "start", "--series", "伊重点项目办", "--year", "2020", "--next", "13"],
    )
    assert started.exit_code == 0, started.output
    source = write_notice(
        "发文机关: yichuan\n发文字号: auto\n标题: 关于测试的通知\n主送: 各乡镇人民政府\n成文日期: 2020-10-12"
    )
    issued = runner.invoke(
        main_group,
        [*register, "issue", str(source), "--signer", "王建国", "-o", str(tmp_path / "out"), "--no-pdf"],
    )
    assert issued.exit_code == 0, issued.output
    assert (tmp_path / "out" / "伊重点项目办〔2020〕13号.docx").is_file()
    back = runner.invoke(
        main_group,
        [*register, "register", "start", "--series", "伊重点项目办", "--year", "2020", "--next", "13"],
    )
    assert back.exit_code != 0
    assert "伊重点项目办〔2020〕13号" in back.output
    forward = runner.invoke(
        main_group,
        [*register, "register", "start", "--series", "伊重点项目办", "--year", "2020", "--next", "16"],
    )
    assert forward.exit_code == 0, forward.output
    with Register.open(tmp_path / "r.sqlite") as reg:
        assert [(r.seq, r.status) for r in reg.rows()] == [(13, "issued"), (14, "void"), (15, "void")]
        assert reg.next_free("文号", "伊重点项目办", 2020) == 16
        _assert_clean(reg)


def test_register_import_reads_an_office_sheet(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["伊川县重点项目办 2020年发文登记"])
    sheet.append(["序号", "文号", "文件标题", "发文日期"])
    sheet.append([1, "伊重点项目办[2020]1号", "关于报送项目的通知", dt.datetime(2020, 1, 6)])
    sheet.append([2, "伊重点项目办〔2020〕第2号", "关于开工的通知", "2020.2.3"])
    sheet.append([3, "伊重点项目办（2020）03号", "关于检查的通知", "2020年3月9日"])
    sheet.append([4, "不是文号", "坏行", "2020-04-01"])
    path = tmp_path / "发文登记.xlsx"
    book.save(path)
    runner = CliRunner()
    register = ["--register", str(tmp_path / "r.sqlite")]
    result = runner.invoke(main_group, [*register, "register", "import", str(path)])
    assert result.exit_code == 1  # one bad row, reported with its row
    assert "第 6 行" in result.output
    assert "不是文号" in result.output
    assert "伊重点项目办〔2020〕4号" in result.output
    with Register.open(tmp_path / "r.sqlite") as reg:
        assert [(r.text, r.status, r.title) for r in reg.rows()] == [
            ("伊重点项目办〔2020〕1号", "issued", "关于报送项目的通知"),
            ("伊重点项目办〔2020〕2号", "issued", "关于开工的通知"),
            ("伊重点项目办〔2020〕3号", "issued", "关于检查的通知"),
        ]
        assert reg.allocate("文号", "伊重点项目办", 2020).seq == 4
    again = runner.invoke(main_group, [*register, "register", "import", str(path)])
    assert "0" in again.output  # nothing new the second time
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
