"""ledgers12: ledgers as offices keep them (tests/fixtures/ledgers12, made by make12.py, meant as its
truth.json says) read right or refused with one clear message; a workbook's sheets read from one opening;
a sheet named for --previous, --baseline and collect merge; .xls, encrypted and GB18030 files."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import docgen_in, rank_args
from helpers import load_script
from openpyxl import Workbook, load_workbook

import docgen.load.grid as grid_module
from docgen.collect.forms import HEADER_ROW, RESERVE, blank_form
from docgen.collect.returned import read_returned
from docgen.errors import DataError, DataWarning
from docgen.load.limits import sheet_extent
from docgen.load.projects import PROJECT_COLUMNS, load_month
from docgen.load.sheet import read_ledger
from docgen.load.supervision import load_supervision
from docgen.load.targets import load_targets

HERE = Path(__file__).resolve().parent / "fixtures" / "ledgers12"
FILES = HERE / "files"
make12 = load_script(HERE / "make12.py")
run12 = load_script(HERE / "run12.py")
make11 = load_script(Path(__file__).resolve().parent / "fixtures" / "ledgers11" / "make11.py")
TRUTH = json.loads((FILES / "truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_ledger_is_read_as_the_office_meant_it(name: str) -> None:
    """Each fixture: the projects, amounts (万元), units and dates of truth.json, or the refusal it names."""
    notes, right = run12.check(FILES, name, TRUTH[name])
    assert right, "\n".join(notes)


def test_the_fixtures_are_what_make12_makes(tmp_path: Path) -> None:
    """make12.py (seed 12, without LibreOffice) writes the ledgers and truth the tests read."""
    subprocess.run([sys.executable, str(HERE / "make12.py"), str(tmp_path), "--no-soffice"], check=True)
    made = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    kept = {name: t for name, t in TRUTH.items() if name in made}
    assert made == kept
    assert set(TRUTH) - set(made) == {"p05-合计在上-合并县区.xlsx", "p12-xls改名.xlsx"}  # made with LibreOffice


def test_hidden_rows_are_left_out_and_named() -> None:
    """p03: rows 6 and 11 hidden by hand (projects 调出) are not read; one warning names them."""
    read = load_month(FILES / "p03-隐藏行.xlsx", 2025, 5)
    assert len(read.projects) == 10
    assert [p.row for p in read.projects if p.row in (6, 11)] == []
    (warning,) = read.problems
    assert isinstance(warning, DataWarning)
    assert "第 6、11 行是隐藏的，不读取" in str(warning)


def test_rows_a_filter_hides_are_read_and_named() -> None:
    """p04: a filter on 丹朱镇 left on when saved: all 10 projects are read, the filter is said."""
    read = load_month(FILES / "p04-筛选未清除.xlsx", 2025, 5)
    assert len(read.projects) == 10
    (warning,) = read.problems
    assert "工作表处于筛选状态，被筛选隐藏的第 6、7、8、9、10、11、12、13 行也照样读取" in str(warning)


def test_a_sheet_formatted_to_its_last_row_is_read(tmp_path: Path) -> None:
    """Styled empty cells in every row down to 1048576: read as its 10 projects; the extent the check
    sees is the table's, the same with or without the empty tail."""
    path = FILES / "p07-格式到末行.xlsx"
    dense = tmp_path / "dense.xlsx"
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    head, _tail = xml.split('<row r="14">', 1)
    rows = "".join(f'<row r="{r}"><c r="F{r}" s="0"/></row>' for r in range(14, 1048577))
    parts["xl/worksheets/sheet1.xml"] = (head + rows + "</sheetData>" + xml.split("</sheetData>", 1)[1]).encode()
    with zipfile.ZipFile(dense, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    read = load_month(dense, 2025, 5)
    assert read.problems == []
    meant = TRUTH["p07-格式到末行.xlsx"]["projects"]
    assert [(p.name, str(p.total)) for p in read.projects] == [(m["name"], m["total"]) for m in meant]
    dense_xml = parts["xl/worksheets/sheet1.xml"]
    assert sheet_extent(dense_xml) == sheet_extent((head + "</sheetData>" + xml.split("</sheetData>", 1)[1]).encode())
    assert sheet_extent(dense_xml)[:2] == (13, 6)


def test_a_workbook_of_sheets_is_opened_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 填报说明 sheet and five towns' ledgers: the sheets are looked at from one reading of the package
    (it was one per sheet), and the towns are named in the refusal."""
    book = Workbook()
    book.active.title = "填报说明"
    for town in ["甲镇", "乙镇", "丙镇", "丁镇", "戊镇"]:
        sheet = book.create_sheet(town)
        sheet.append(["项目名称", "责任单位", "总投资（万元）", "年度计划投资（万元）", "1-5月完成投资（万元）"])
        sheet.append([f"{town}项目", town, 100, 50, 10])
    path = tmp_path / "各镇.xlsx"
    book.save(path)
    reads: list[Path] = []
    real = grid_module.read_workbook_bytes

    def counted(given: Path) -> bytes:
        reads.append(given)
        return real(given)

    monkeypatch.setattr(grid_module, "read_workbook_bytes", counted)
    with pytest.raises(DataError, match="甲镇、乙镇、丙镇、丁镇、戊镇"):
        read_ledger(path, PROJECT_COLUMNS)
    assert reads == [path]


def two_towns(path: Path) -> Path:
    """Write a ledger workbook with a sheet for 甲镇 and one for 乙镇, neither named after a month."""
    book = Workbook()
    for index, town in enumerate(["甲镇", "乙镇"]):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = town
        sheet.append(["序号", "项目名称", "责任单位", "总投资（万元）", "年度计划投资（万元）", "1-4月完成投资（万元）"])
        for n in range(3):
            sheet.append([n + 1, f"{town}项目{n}", f"{town}{'AB'[n % 2]}办", 10000, 4000, 800 + n])
    book.save(path)
    return path


def test_rank_reads_the_sheet_of_last_month_named(tmp_path: Path) -> None:
    """--previous on a workbook of two ledger sheets is refused naming them; --previous-sheet 乙镇 reads it;
    --previous-sheet without --previous is a usage error."""
    make11.p01_text_numbers(tmp_path, random.Random(11))
    ledger = next(tmp_path.glob("p01-*.xlsx"))
    previous = two_towns(tmp_path / "四月.xlsx")
    register = ("--register", tmp_path / "登记簿.sqlite")
    refused = docgen_in(*register, *rank_args(ledger, tmp_path / "a.docx", "--previous", previous), cwd=tmp_path)
    assert refused.returncode == 1, refused.stderr
    assert "甲镇、乙镇" in refused.stderr
    alone = docgen_in(*register, *rank_args(ledger, tmp_path / "a.docx", "--previous-sheet", "乙镇"), cwd=tmp_path)
    assert alone.returncode == 2, alone.stderr
    assert "--previous-sheet 指定的是 --previous 中的工作表，但没有给出 --previous" in alone.stderr
    named = docgen_in(
        *register,
        *rank_args(ledger, tmp_path / "b.docx", "--previous", previous, "--previous-sheet", "乙镇", "--date", "2025-06-05"),
        cwd=tmp_path,
    )
    assert named.returncode == 0, named.stderr
    assert "甲镇、乙镇" not in named.stderr


def test_progress_reads_the_sheets_named_for_previous_and_baseline(tmp_path: Path) -> None:
    """A pool with a sheet per county as --previous and --baseline: refused without a sheet named, read
    with --previous-sheet and --baseline-sheet."""
    make11.pool01_counties(tmp_path, random.Random(11))
    (counties,) = tmp_path.glob("pool01*.xlsx")
    pool = FILES / "pool01-项目库文本金额.xlsx"
    targets = FILES / "t01-目标文本与百分比.xlsx"
    base = ("progress", pool, "--targets", targets, "--as-of", "2025-10-16", "--letterhead", "sanmenxia")
    register = ("--register", tmp_path / "登记簿.sqlite")
    refused = docgen_in(*register, *base, "-o", tmp_path / "a.docx", "--baseline", counties, cwd=tmp_path)
    assert refused.returncode == 1, refused.stderr
    assert "渑池县、灵宝市、陕州区、义马市" in refused.stderr
    named = docgen_in(
        *register, *base, "-o", tmp_path / "b.docx", "--xlsx", tmp_path / "b.xlsx",
        "--previous", counties, "--previous-sheet", "灵宝市", "--baseline", counties, "--baseline-sheet", "渑池县",
        cwd=tmp_path,
    )
    assert named.returncode == 0, named.stderr
    assert (tmp_path / "b.xlsx").exists()


def test_collect_merge_reads_the_sheet_named(tmp_path: Path) -> None:
    """A returned form whose unit kept the blank form and filled a copy (修改后): --sheet 修改后 reads the copy."""
    book = load_workbook(io.BytesIO(blank_form(RESERVE, "甲县")))
    filled = book.copy_worksheet(book.active)
    filled.title = "修改后"
    names = [str(c.value or "").lstrip("*") for c in book.active[HEADER_ROW]]  # *项目名称: required
    row = {"项目名称": "甲县一号项目", "总投资（万元）": 12000}
    for column, name in enumerate(names, start=1):
        if name in row:
            filled.cell(HEADER_ROW + 1, column, row[name])
    path = tmp_path / "甲县.xlsx"
    book.save(path)
    form = read_returned(path, RESERVE, "修改后")
    assert form.sheet == "修改后"
    read = [record for _row, record in [*form.records, *form.rejected]]  # its empty required cells are errors
    assert [(r["name"], r["total"]) for r in read] == [("甲县一号项目", 12000)]
    blank = read_returned(path, RESERVE)  # without --sheet: the form's own sheet, blank, as before
    assert blank.sheet != "修改后"
    assert not blank.records
    assert not blank.rejected
    assert "--sheet" in docgen_in("collect", "merge", "--help").stdout


def test_old_and_encrypted_workbooks_are_named_for_what_they_are(tmp_path: Path) -> None:
    """An .xls renamed .xlsx and a workbook with a password to open: one message each, saying what to do;
    a .xls and a WPS .et by their names (the renamed one named a workbook, wps13)."""
    for name, words in (("p12-xls改名.xlsx", "旧格式的表格（Excel 的 .xls 或 WPS 表格的 .et）"), ("p10-打开密码.xlsx", "文件设有打开密码")):
        with pytest.raises(DataError) as caught:
            load_month(FILES / name, 2025, 5)
        assert words in str(caught.value)
        assert "另存为 .xlsx" in str(caught.value)
    for suffix in (".xls", ".et"):
        path = tmp_path / f"台账{suffix}"
        path.write_bytes((FILES / "p12-xls改名.xlsx").read_bytes())
        with pytest.raises(DataError, match=f"无法读取 \\{suffix} 文件；请用 Excel 或 WPS 打开后另存为 .xlsx"):
            load_month(path, 2025, 5)
    run = docgen_in("--register", tmp_path / "r.sqlite", *rank_args(FILES / "p10-打开密码.xlsx", tmp_path / "x.docx"), cwd=tmp_path)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "文件设有打开密码" in run.stderr


@pytest.mark.parametrize("bom", [b"", b"\x84\x31\x95\x33"])
def test_a_gbk_or_gb18030_csv_is_read_with_or_without_its_mark(tmp_path: Path, bom: bytes) -> None:
    """A CSV as Excel saves it on a Chinese Windows (GBK), or GB18030 with its BOM: 项目名称 is found."""
    text = "项目名称,责任单位,总投资（万元）,年度计划投资（万元）,1-5月完成投资（万元）\r\n甲项目,丹朱镇,\"1,234.50\",500,100\r\n"
    path = tmp_path / "台账.csv"
    path.write_bytes(bom + text.encode("gb18030"))
    read = load_month(path, 2025, 5)
    assert [(p.name, str(p.total)) for p in read.projects] == [("甲项目", "1234.50")]


def test_hidden_rows_of_sheets_read_whole_are_refused_and_of_a_supervision_ledger_said(tmp_path: Path) -> None:
    """A 目标 sheet with a unit's row hidden is refused naming the row (its targets would be lost unsaid);
    a 督办台账 with an item hidden makes the others and warns of it."""
    book = load_workbook(FILES / "t01-目标文本与百分比.xlsx")
    book["目标"].row_dimensions[5].hidden = True
    targets = tmp_path / "目标.xlsx"
    book.save(targets)
    with pytest.raises(DataError, match="第 5 行是隐藏的，而此表要整表读取"):
        load_targets(targets)
    book = load_workbook(FILES / "s01-督办日期文本.xlsx")
    book["督办台账"].row_dimensions[7].hidden = True
    ledger = tmp_path / "督办.xlsx"
    book.save(ledger)
    items, problems = load_supervision(ledger)
    assert [i.project for i in items] == ["督办项目1", "督办项目2", "督办项目3", "督办项目4"]
    (warning,) = problems
    assert isinstance(warning, DataWarning)
    assert "第 7 行是隐藏的，不读取" in str(warning)


def test_a_hidden_supervision_item_is_warned_of_not_counted_as_a_problem(tmp_path: Path) -> None:
    """supervise on a 督办台账 with an item hidden: the others are made, the warning is said, and the
    summary counts no problem (review12: the warning was counted, “4 份，1 处问题”)."""
    book = load_workbook(FILES / "s01-督办日期文本.xlsx")
    book["督办台账"].row_dimensions[7].hidden = True
    ledger = tmp_path / "督办.xlsx"
    book.save(ledger)
    args = ["--register", tmp_path / "r.sqlite", "supervise", ledger, "--letterhead", "zhangzi-zdxmb"]
    run = docgen_in(*args, "--out", tmp_path / "out", cwd=tmp_path)
    said = run.stdout + run.stderr
    assert run.returncode == 0, said
    assert "第 7 行是隐藏的，不读取" in said
    assert "0 处问题" in said, said
    assert len(list((tmp_path / "out").glob("*.docx"))) == 4
