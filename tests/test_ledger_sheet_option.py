"""--sheet on every ledger command: a workbook with two ledger sheets is refused naming both and
--sheet; with --sheet NAME the named sheet is read (rank, bulletin, progress's pool)."""

from __future__ import annotations

import random
from pathlib import Path

import docx
from conftest import docgen_in, rank_args
from helpers import load_script
from openpyxl import Workbook, load_workbook

from docgen.load.pool import load_pool

# loaded by path: tests/fixtures/drafts11 has a make11.py too (one module name, two files)
make11 = load_script(Path(__file__).resolve().parent / "fixtures" / "ledgers11" / "make11.py")


def two_towns(path: Path) -> Path:
    """Write a workbook with a ledger sheet for 甲镇 and one for 乙镇 (乙镇's 1-5月 figures 1123, 1124, 1125)."""
    book = Workbook()
    for index, town in enumerate(["甲镇", "乙镇"]):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = town
        sheet.append(["长子县2025年重点项目建设进展台账（1-5月）"])
        sheet.append([None, None, None, None, "单位：万元"])
        sheet.append(["序号", "项目名称", "责任单位", "总投资", "年度计划投资", "1-5月完成投资"])
        for n in range(3):
            unit = f"{town}{'AB'[n % 2]}办"
            sheet.append([n + 1, f"{town}项目{n}", unit, 10000 + n, 4000 + 7 * index, 1000 + 123 * index + n])
    book.save(path)
    return path


def test_two_ledger_sheets_are_refused_naming_both_and_sheet(tmp_path: Path) -> None:
    """rank and bulletin on two ledger sheets: one error naming 甲镇、乙镇 and --sheet 名称."""
    ledger = two_towns(tmp_path / "两镇.xlsx")
    register = ("--register", tmp_path / "登记簿.sqlite")
    runs = [
        docgen_in(*register, *rank_args(ledger, tmp_path / "排名.docx"), cwd=tmp_path),
        docgen_in(
            *register, "bulletin", ledger, "--month", "2025-05", "--letterhead", "zhangzi-zdxmb",
            "--out", tmp_path / "简报", cwd=tmp_path,
        ),
    ]
    for run in runs:
        assert run.returncode == 1, run.stdout + run.stderr
        assert "甲镇、乙镇" in run.stderr
        assert "--sheet 名称" in run.stderr
    assert not (tmp_path / "排名.docx").exists()


def test_rank_and_bulletin_read_the_sheet_named(tmp_path: Path) -> None:
    """--sheet 乙镇: the ranking lists 乙镇's units only, 乙镇A办's bulletin shows its 1,123.00."""
    ledger = two_towns(tmp_path / "两镇.xlsx")
    register = ("--register", tmp_path / "登记簿.sqlite")
    ranked = docgen_in(
        *register,
        *rank_args(ledger, tmp_path / "排名.docx", "--xlsx", tmp_path / "排名.xlsx", "--date", "2025-06-05", "--sheet", "乙镇"),
        cwd=tmp_path,
    )
    assert ranked.returncode == 0, ranked.stderr
    sheet = load_workbook(tmp_path / "排名.xlsx").active
    assert sheet is not None
    counted = {row[2]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True) if row[3]}
    assert counted == {"乙镇A办": 2, "乙镇B办": 1}
    made = docgen_in(
        *register, "bulletin", ledger, "--month", "2025-05", "--letterhead", "zhangzi-zdxmb",
        "--out", tmp_path / "简报", "--date", "2025-06-05", "--sheet", "乙镇", cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    bulletin = docx.Document(str(next((tmp_path / "简报").glob("乙镇A办-*.docx"))))
    cells = [cell.text for table in bulletin.tables for row in table.rows for cell in row.cells]
    assert "1,123.00" in cells
    assert "乙镇项目0" in cells
    assert not list((tmp_path / "简报").glob("甲镇*"))


def test_progress_reads_the_pool_sheet_named(tmp_path: Path) -> None:
    """A 项目库 with a sheet per county: --sheet 灵宝市 reads that county's three projects."""
    make11.pool01_counties(tmp_path, random.Random(11))
    (path,) = tmp_path.glob("*.xlsx")
    projects, problems = load_pool(path, sheet="灵宝市")
    assert problems == []
    assert [p.unit for p in projects] == ["灵宝市"] * 3
    assert "--sheet" in docgen_in("progress", "--help").stdout


def test_sheet_help_says_which_sheet_is_read_by_default(tmp_path: Path) -> None:
    """--help says what is read without --sheet: rank this month's sheet, merge the first one shown."""
    ranked = docgen_in("rank", "--help", cwd=tmp_path)
    assert ranked.returncode == 0, ranked.stderr
    flat = "".join(ranked.stdout.split())
    assert "要读的工作表（默认：本月的工作表，没有时为载有台账的那个工作表）。" in flat
    assert "默认第一个" not in flat
    merged = docgen_in("merge", "--help", cwd=tmp_path)
    assert "要读的工作表（默认：显示的第一个工作表" in "".join(merged.stdout.split())
