"""Outsider session 5: a 发改局 ledger clerk's own spreadsheets through rank, bulletin and collect merge.

The inputs are written by the generator scripts in tests/fixtures/outsider5/ (openpyxl, as Excel/WPS
save them: merged titles, two-row headers, 小计/合计 rows, hidden columns, text numbers); every
command is a real process of this checkout; each test asserts what a clerk expects and fails today
(tests/fixtures/outsider5/DEFECTS.md gives the numbers).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import ROOT
from helpers import load_script

FIXTURES = ROOT / "tests" / "fixtures" / "outsider5"
LEDGER = load_script(FIXTURES / "make_ledger.py")
RETURNS = load_script(FIXTURES / "make_returns.py")


def docgen(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run this checkout's docgen in Chinese with a register of its own in ``folder``."""
    env = dict(os.environ, DOCGEN_REGISTER=str(folder / "登记簿.sqlite"), LANG="zh_CN.UTF-8")
    env.pop("LC_ALL", None)
    env.pop("LANGUAGE", None)
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def docx_text(path: Path) -> str:
    """Return the paragraphs and table cells of a .docx, without docgen's invisible break marks."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts).replace("\u2060", "").replace("\u200b", "")


def rank(tmp_path: Path, ledger: Path) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """Rank November 2025 from ``ledger`` with the fixture's rules; return the run, .docx and .xlsx."""
    out, table = tmp_path / "排名通报.docx", tmp_path / "排名.xlsx"
    run = docgen(
        tmp_path,
        "rank",
        str(ledger),
        "--month",
        "2025-11",
        "--rules",
        str(FIXTURES / "rules.yaml"),
        "--letterhead",
        "zhangzi-zdxmb",
        "-o",
        str(out),
        "--xlsx",
        str(table),
        "--date",
        "2025-12-05",
    )
    return run, out, table


def test_november_is_not_ranked_on_the_hidden_1_10_column(tmp_path: Path) -> None:
    """A hidden “1-10月完成投资” left of “1-11月完成投资”: November is ranked on November's numbers
    (丹朱镇 2550/3000 = 85.00%), or refused naming both columns; never 1-10月's 73.33%."""
    ledger = tmp_path / "台账.xlsx"
    LEDGER.write(ledger, LEDGER.NOV, 11, docgen_names=True, old_first=True)
    run, _out, table = rank(tmp_path, ledger)
    if run.returncode != 0:
        assert "1-10月" in run.stderr, run.stderr
        assert "1-11月" in run.stderr, run.stderr
        return
    rates = {r[2]: r[6] for r in openpyxl.load_workbook(table).active.iter_rows(min_row=2, values_only=True)}
    assert rates["丹朱镇"] == pytest.approx(0.85), rates


def test_both_units_tied_first_are_named_advanced(tmp_path: Path) -> None:
    """丹朱镇 and 鲍店镇 both rank 1 (92.73) with ``advanced: 1``: the 通报 names both as 先进单位."""
    ledger = tmp_path / "台账.xlsx"
    LEDGER.write(ledger, LEDGER.NOV, 11, docgen_names=True)
    run, out, _table = rank(tmp_path, ledger)
    assert run.returncode == 0, run.stderr
    line = next(p for p in docx_text(out).splitlines() if p.startswith("先进单位"))
    assert "丹朱镇" in line, line
    assert "鲍店镇" in line, line


def test_problem_written_wu_is_not_a_problem(tmp_path: Path) -> None:
    """存在问题 “无” is no problem: the 简报 does not list “项目：无。” under 存在问题."""
    ledger = tmp_path / "台账.xlsx"
    rows = [list(r) for r in LEDGER.NOV]
    rows[0][9] = "无"
    LEDGER.write(ledger, [tuple(r) for r in rows], 11, docgen_names=True)
    run = docgen(
        tmp_path,
        "bulletin",
        str(ledger),
        "--month",
        "2025-11",
        "--letterhead",
        "zhangzi-zdxmb",
        "--out",
        str(tmp_path / "简报"),
        "--date",
        "2025-12-05",
    )
    assert run.returncode == 0, run.stderr
    text = docx_text(next((tmp_path / "简报").glob("丹朱镇*.docx")))
    assert "：无。" not in text, text


def test_bulletin_files_are_named_with_the_issue_year_of_their_header(tmp_path: Path) -> None:
    """A November 2025 ledger issued on 5 January 2026: the 报头 says 2026年第1期 and the files, the
    merged PDF and the summary say the same (outsider5 #8: the unit files said 2025年第1期)."""
    ledger = tmp_path / "台账.xlsx"
    LEDGER.write(ledger, LEDGER.NOV, 11, docgen_names=True)
    out = tmp_path / "简报"
    args = ["--month", "2025-11", "--letterhead", "zhangzi-zdxmb", "--out", str(out), "--date", "2026-01-05"]
    run = docgen(tmp_path, "bulletin", str(ledger), *args)
    assert run.returncode == 0, run.stderr
    assert "2026年第1期" in run.stdout, run.stdout
    names = sorted(p.name for p in out.glob("*.docx"))
    assert names, run.stdout
    assert all(name.endswith("-2026年第1期.docx") for name in names), names
    assert "第1期" in docx_text(out / names[0])


def merge(tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Send the forms, take back the towns' answers (make_returns.py) and merge them."""
    units = FIXTURES / "乡镇.yaml"
    forms, back, total = tmp_path / "下发", tmp_path / "回收", tmp_path / "汇总.xlsx"
    sent = docgen(
        tmp_path, "collect", "forms", "--units", str(units), "--deadline", "2025-11-07", "-o", str(forms)
    )
    assert sent.returncode == 0, sent.stderr
    RETURNS.main(forms, back)
    return docgen(tmp_path, "collect", "merge", str(back), "--units", str(units), "-o", str(total)), total


def test_merge_points_out_last_weeks_form(tmp_path: Path) -> None:
    """The 开发区's form titled “（2025年第44周，10月31日）” (file name 第44周) is pointed out, not merged
    silently into this week's pool."""
    run, _total = merge(tmp_path)
    said = run.stdout + run.stderr
    assert "第44周" in said, said


def test_merge_does_not_call_a_returned_form_unsent(tmp_path: Path) -> None:
    """鲍店镇's form says “填报单位：鲍店”: 鲍店镇 is not listed as 未报送 (its form is in the folder)."""
    _run, total = merge(tmp_path)
    status = {
        r[0]: r[1] for r in openpyxl.load_workbook(total)["报送情况"].iter_rows(min_row=2, values_only=True)
    }
    assert status["鲍店镇"] != "未报送", status


def test_weekly_report_announces_no_missing_table(tmp_path: Path) -> None:
    """Targets with no 占比 indicator: the weekly 通报 does not say “各单位占比指标完成情况如下：” and
    then show nothing (the next line is “三、未达到进度要求的单位”)."""
    run, total = merge(tmp_path)
    assert total.exists(), run.stderr
    out = tmp_path / "周通报.docx"
    made = docgen(
        tmp_path,
        "progress",
        str(total),
        "--targets",
        str(FIXTURES / "目标.yaml"),
        "--as-of",
        "2025-11-07",
        "--letterhead",
        "zhangzi-zdxmb",
        "-o",
        str(out),
    )
    assert made.returncode == 0, made.stderr
    assert "占比指标完成情况如下" not in docx_text(out)
