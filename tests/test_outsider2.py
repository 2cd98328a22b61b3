"""A second county clerk's inputs (tests/fixtures/outsider2/, ledgers made here with openpyxl), each
reproducing a defect found by using docgen from the README alone; DEFECTS.md lists them all."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT

from docgen.cli import main_group
from docgen.layout.breaks import plain
from docgen.load.tables import read_table
from docgen.notices import render_notice_file
from docgen.run_resources import RunResources

INPUTS = ROOT / "tests" / "fixtures" / "outsider2"


def _cli(*args: str, register: Path) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _texts(data: bytes, folder: Path) -> str:
    """Return every paragraph and table cell of a .docx, without docgen's invisible break marks."""
    path = folder / "out.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return plain("\n".join([p.text for p in document.paragraphs] + cells))


def test_an_attachment_sheet_leaves_out_the_columns_and_rows_the_office_hid(tmp_path: Path) -> None:
    """观摩项目推荐表.xlsx hides column C (内部备注: “老王跟进”); Excel does not print it, nor does docgen."""
    text = _texts(render_notice_file(INPUTS / "附件通知.md", RunResources()).data, tmp_path)
    assert "鲍店镇光伏发电项目" in text
    assert "101700.5" in text
    assert "内部备注" not in text
    assert "老王跟进" not in text

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["项目名称", "手机（内部）", "总投资"], ["甲项目", "13800001111", 100], ["草稿行", "", 1], ["乙项目", "", 200]):
        sheet.append(row)
    sheet.column_dimensions["B"].hidden = True
    sheet.row_dimensions[3].hidden = True
    book.save(tmp_path / "表.xlsx")
    assert read_table(tmp_path / "表.xlsx") == (("项目名称", "总投资"), ("甲项目", "100"), ("乙项目", "200"))


def test_a_spreadsheet_given_as_a_notice_is_named_for_what_it_is(tmp_path: Path) -> None:
    """`docgen render 督办台账.xlsx` said the file was neither UTF-8 nor GB18030 text."""
    ledger = tmp_path / "督办台账.xlsx"
    openpyxl.Workbook().save(ledger)
    done = _cli("render", str(ledger), "-o", str(tmp_path / "out"), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert "Traceback" not in done.output
    assert f"错误：{ledger}：这是 Excel 或 Word 文件（.xlsx、.docx：zip 包），不是文本文件" in done.output
    assert "UTF-8" not in done.output


def _ledger(path: Path, items: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["项目名称", "责任单位", "存在问题", "交办日期", "办理时限（工作日）"])
    for n in range(items):
        sheet.append([f"长子县项目{n + 1}号", "县住建局", "用地手续未办结", dt.date(2025, 10, 9), 15])
    book.save(path)
    return path


def test_supervise_into_a_folder_it_cannot_write_says_so_once(tmp_path: Path) -> None:
    """A folder that cannot be made gave one error per item, each put on a ledger row."""
    ledger = _ledger(tmp_path / "督办台账.xlsx", 5)
    (tmp_path / "not-a-folder").write_text("x")
    out = tmp_path / "not-a-folder" / "督办"
    done = _cli("supervise", str(ledger), "--letterhead", "zhangzi-zdxmb", "--out", str(out), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    errors = [line for line in done.output.splitlines() if line.startswith("错误")]
    assert errors == [f"错误：无法写入 {out}：路径中的某一级不是文件夹"]
    listed = _cli("register", "list", register=tmp_path / "r.sqlite")
    assert "长重点督" not in listed.output  # no number taken


def test_a_file_problem_on_a_ledger_row_is_located_in_chinese_words(tmp_path: Path) -> None:
    """A file in the way was reported as “督办台账.xlsx, 第 2 行: …” (half-width comma and colon)."""
    ledger = _ledger(tmp_path / "督办台账.xlsx", 1)
    out = tmp_path / "督办"
    out.mkdir()
    (out / "长重点督〔2025〕1号 长子县项目1号.docx").write_text("本单位自己的文件")
    done = _cli("supervise", str(ledger), "--letterhead", "zhangzi-zdxmb", "--out", str(out), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert f"错误：{ledger}，第 2 行：" in done.output
    assert (out / "长重点督〔2025〕1号 长子县项目1号.docx").read_text() == "本单位自己的文件"


@pytest.mark.parametrize(("letterhead", "office"), [("zhangzi-zdxmb", "县重点项目办"), ("sanmenxia", "市重点项目办")])
def test_the_weekly_progress_report_names_the_office_of_its_level(tmp_path: Path, letterhead: str, office: str) -> None:
    """A 县 office's 周通报 said “市重点项目办每周一通报”."""
    pools = ROOT / "samples" / "progress"
    out = tmp_path / "周通报.docx"
    done = _cli(
        "progress", str(pools / "项目库-2020-10-16.xlsx"), "--targets", str(pools / "目标.yaml"),
        "--as-of", "2020-10-16", "--letterhead", letterhead, "-o", str(out), register=tmp_path / "r.sqlite",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    text = _texts(out.read_bytes(), tmp_path)
    assert f"各单位每周五前报送项目谋划储备进展，{office}每周一通报。" in text


def test_merge_names_the_row_whose_date_a_group_form_cannot_read(tmp_path: Path) -> None:
    """`merge 回执.docx --per 责任单位`: “待定” as 交办日期 on the group's third row was reported at its first row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["督办编号", "项目名称", "责任单位", "责任领导", "存在问题", "交办日期", "办理时限（工作日）", "状态"])
    sheet.append(["DB-1", "甲项目", "县住建局", "王县长", "用地", dt.date(2025, 10, 9), 15, "未办结"])
    sheet.append(["DB-2", "乙项目", "县住建局", "王县长", "环评", "2025.10.9", 15, "未办结"])
    sheet.append(["DB-3", "丙项目", "县住建局", "王县长", "施工许可", "待定", 15, "未办结"])
    book.save(tmp_path / "督办台账.xlsx")
    done = CliRunner().invoke(
        main_group,
        ["merge", str(ROOT / "samples" / "merge" / "回执.docx"), str(tmp_path / "督办台账.xlsx"), "--per", "责任单位",
         "--out", str(tmp_path / "回执")],
    )  # fmt: skip
    assert done.exit_code == 1
    assert "工作表 Sheet，第 4 行：县住建局：表单无法填写：不是日期：“待定”" in done.output


def test_a_number_taken_by_hand_is_recorded_by_importing_the_office_sheet(tmp_path: Path) -> None:
    """`register check` told to run `register next` again to finish 8号 (that takes 9号), and importing
    the 发文登记 that lists 8号 left it “taken, not recorded” for ever."""
    register = tmp_path / "r.sqlite"
    assert _cli("register", "next", "--series", "长重点", "--year", "2025", register=register).output == "长重点〔2025〕1号\n"
    checked = _cli("register", "check", register=register)
    assert "长重点〔2025〕1号 是用 docgen register next 取的号，尚未登记" in checked.output
    assert "再次运行" not in checked.output
    sheet = tmp_path / "发文登记.csv"
    sheet.write_text("文号,标题,日期\n长重点[2025]1号,关于观摩活动的通知,2025-10-09\n", encoding="utf-8")
    imported = _cli("register", "import", str(sheet), register=register)
    assert imported.exit_code == 0, imported.output
    assert "登记 1 个编号" in imported.output
    listed = _cli("register", "list", register=register).output
    assert "长重点〔2025〕1号\t已签发\t关于观摩活动的通知" in listed
    checked = _cli("register", "check", register=register)
    assert checked.exit_code == 0
    assert checked.output.endswith("：一致\n")
    assert _cli("register", "next", "--series", "长重点", "--year", "2025", register=register).output == "长重点〔2025〕2号\n"


def _monthly_book(path: Path) -> Path:
    """A 项目台账 with a sheet per month (2025年4月, 5月, 6月), as an office keeps one workbook a year."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, done in (("2025年4月", 100), ("5月", 200), ("6月", 300)):
        sheet = book.create_sheet(name)
        sheet.append(["项目名称", "责任单位", "总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）"])
        sheet.append(["丹朱镇冷链物流园", "丹朱镇", 32000, 1200, done])
        sheet.append(["鲍店镇供水工程", "鲍店镇", 6000, 600, done / 2])
    book.save(path)
    return path


@pytest.mark.parametrize("command", ["bulletin", "rank"])
def test_a_month_missing_from_a_sheet_per_month_workbook_is_refused(tmp_path: Path, command: str) -> None:
    """`bulletin --month 2025-07` took the first sheet (2025年4月) and issued 第1期 “1—7月” with April's figures."""
    book = _monthly_book(tmp_path / "项目台账-2025.xlsx")
    register = tmp_path / "r.sqlite"
    common = ["--month", "2025-07", "--letterhead", "zhangzi-zdxmb", "--date", "2025-08-03"]
    if command == "bulletin":
        args = ["bulletin", str(book), *common, "--out", str(tmp_path / "简报")]
    else:
        rules = str(ROOT / "samples" / "ranking" / "rules.yaml")
        args = ["rank", str(book), *common, "--rules", rules, "-o", str(tmp_path / "排名通报.docx")]
    done = _cli(*args, register=register)
    assert done.exit_code == 1
    assert f"错误：{book}：没有 2025-07 这个月的工作表：工作簿中每月一个工作表（2025年4月、5月、6月）" in done.output
    assert not list(tmp_path.glob("**/*.docx"))
    assert _cli("register", "list", register=register).output == ""
    june = _cli(*[a if a != "2025-07" else "2025-06" for a in args], register=register)
    assert june.exit_code == 0, june.output  # the month's own sheet is read


def test_a_pasted_heading_ending_in_a_half_width_full_stop_runs_into_its_text(tmp_path: Path) -> None:
    """观摩通知-粘贴.md: “## 高度重视.各单位主要负责同志……” printed the whole paragraph in 楷体 as the heading."""
    pasted = (INPUTS / "观摩通知-粘贴.md").read_text(encoding="utf-8").replace("长重点[2025]７号", "长重点〔2025〕7号")
    source = tmp_path / "观摩通知.md"
    source.write_text(pasted, encoding="utf-8")
    document = docx.Document(io.BytesIO(render_notice_file(source, RunResources()).data))
    (heading,) = [p for p in document.paragraphs if "高度重视" in plain(p.text)]
    assert plain(heading.runs[0].text) == "（一）高度重视。"  # the pasted “.” set as “。” (defect 2)
    assert plain("".join(r.text for r in heading.runs[1:])).startswith("各单位主要负责同志要亲自研究部署")
    assert heading.runs[1].style.style_id == "GwRunIn"  # the run-in text is body text (仿宋)


def test_a_date_typed_without_its_year_is_told_so(tmp_path: Path) -> None:
    """督办台账-300.xlsx: “10月9日” got the general “不是日期” with 2023 examples, not that the year is missing."""
    ledger = _ledger(tmp_path / "督办台账.xlsx", 2)
    book = openpyxl.load_workbook(ledger)
    book.active["D3"] = "10月9日"
    book.save(ledger)
    done = _cli("supervise", str(ledger), "--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "督办"), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert "第 3 行，第 D（交办日期） 列：日期“10月9日”没有年份：请写上年份，如 2025年10月9日" in done.output
    assert "已生成 1 份文件" in done.output  # the other item is made


def test_merge_into_a_folder_it_cannot_write_says_so_once(tmp_path: Path) -> None:
    """`merge 回执.docx 督办台账.xlsx --per 责任单位 --out ro/` gave one error per 责任单位, each on a ledger row."""
    (tmp_path / "not-a-folder").write_text("x")
    out = tmp_path / "not-a-folder" / "回执"
    done = CliRunner().invoke(
        main_group,
        ["merge", str(ROOT / "samples" / "merge" / "回执.docx"), str(ROOT / "samples" / "supervision" / "督办台账.xlsx"),
         "--per", "责任单位", "--out", str(out)],
    )  # fmt: skip
    assert done.exit_code == 1
    errors = [line for line in done.output.splitlines() if line.startswith("错误")]
    assert errors == [f"错误：无法写入 {out}：路径中的某一级不是文件夹"]


def test_a_supervise_rerun_into_a_new_folder_says_where_the_documents_are(tmp_path: Path) -> None:
    """A re-run with another --out wrote nothing and said only “此前已生成且文件未改动（见登记簿）”."""
    ledger = _ledger(tmp_path / "督办台账.xlsx", 2)
    register = tmp_path / "r.sqlite"
    first = _cli("supervise", str(ledger), "--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "督办"), register=register)
    assert first.exit_code == 0, first.output
    again = _cli("supervise", str(ledger), "--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "新"), register=register)
    assert again.exit_code == 0, again.output
    assert f"这些文件在 {tmp_path / '督办'} 中，不在 {tmp_path / '新'} 中。" in again.output
