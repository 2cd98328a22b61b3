"""More of a second clerk's defects (tests/fixtures/outsider2/DEFECTS.md items 5–8, 13, 14), each
reproduced with the real thing: real .xlsx ledgers, the register's SQLite, the CLI as typed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT

from docgen.cli import main_group
from docgen.load.minutes import load_decisions
from docgen.run_resources import RunResources

INPUTS = ROOT / "tests" / "fixtures" / "outsider2"


def _cli(*args: str, register: Path) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _errors(done: Result) -> list[str]:
    return [line for line in done.output.splitlines() if line.startswith("错误")]


def test_a_pdf_given_to_preview_is_told_how_a_pdf_is_checked(tmp_path: Path) -> None:
    """`docgen preview 通报.pdf` said “通报.pdf 是本命令的输入文件，不会被覆盖”."""
    pdf = tmp_path / "通报.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    done = _cli("preview", str(pdf), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert _errors(done) == [
        f"错误：{pdf}：只能预览通知源文件（.md）或 Word 文档（.docx），不能预览 PDF；检查 PDF 请用：docgen check {pdf}"
    ]
    assert pdf.read_bytes() == b"%PDF-1.7\n%%EOF\n"


def test_preview_into_a_folder_it_cannot_write_says_so_once(tmp_path: Path) -> None:
    """`preview mix/ -o ro/` gave one error per source, “mix/函.md: 无法写入 …” (half-width “: ”)."""
    mix = tmp_path / "mix"
    mix.mkdir()
    for name in ("函.md", "令.md", "纪要.md"):
        (mix / name).write_bytes((INPUTS / name).read_bytes())
    (tmp_path / "not-a-folder").write_text("x")
    out = tmp_path / "not-a-folder" / "ro"
    done = _cli("preview", str(mix), "-o", str(out), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert _errors(done) == [f"错误：无法写入 {out}：路径中的某一级不是文件夹"]


@pytest.mark.parametrize(
    ("typed", "meeting", "due"),
    [
        ("10月30日前", dt.date(2025, 10, 9), dt.date(2025, 10, 30)),
        ("10月30日之前", dt.date(2025, 10, 9), dt.date(2025, 10, 30)),
        ("１月１５日前", dt.date(2025, 12, 20), dt.date(2026, 1, 15)),  # the next year: before the meeting
        ("10月9日", dt.date(2025, 10, 9), dt.date(2025, 10, 9)),
    ],
)
def test_a_deadline_without_its_year_takes_the_meetings(
    tmp_path: Path, typed: str, meeting: dt.date, due: dt.date
) -> None:
    """纪要's 议定事项 时限 “10月30日前” was refused although the meeting's date (2025-10-09) gives the year."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["议定事项", "责任单位", "责任人", "时限", "完成情况", "完成日期"])
    sheet.append(["完成鲍店镇供水工程用地预审", "县自然资源局", "王某", typed, "", None])
    sheet.append(["办理施工许可", "县住建局", "李某", "2月30日前", "", None])  # no such day: still refused
    path = tmp_path / "议定事项.xlsx"
    book.save(path)
    decisions, errors = load_decisions(path, meeting, RunResources().calendar)
    assert [d.due for d in decisions] == [due]
    assert [(e.location.line, e.location.column) for e in errors] == [(3, "D（时限）")]
    assert "2月30日前" in str(errors[0])


def test_every_bad_attachment_of_a_notice_is_named_at_once(tmp_path: Path) -> None:
    """附件 `文件: attachments` (a folder) said “表格必须是 .csv 或 .xlsx 文件” with no line or field; `旧.xls`
    named neither; only the first bad attachment was reported."""
    shutil.copytree(INPUTS / "attachments", tmp_path / "attachments")
    (tmp_path / "旧.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    notice = tmp_path / "附件通知.md"
    text = (INPUTS / "附件通知.md").read_text(encoding="utf-8")
    text = text.replace("文件: attachments/观摩项目推荐表.xlsx", "文件: attachments")
    text = text.replace("文件: attachments/联络员名单.csv", "文件: 旧.xls")
    notice.write_text(text, encoding="utf-8")
    done = _cli("render", str(notice), "-o", str(tmp_path / "通知.docx"), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    accepted = "附件应是文件：.csv 或 .xlsx（表格），.md 或 .txt（正文）"
    # one message a problem (mends14: every problem of a source is said at once, each on its own line)
    assert f"错误：{notice}，第 9 行，字段“附件第 1 项的文件”：“attachments”是文件夹；{accepted}" in done.output
    assert (
        f"错误：{notice}，第 11 行，字段“附件第 2 项的文件”：“旧.xls”是旧版 Excel 或 WPS 表格：请打开它另存为 .xlsx；{accepted}"
        in done.output
    )
    assert not (tmp_path / "通知.docx").exists()


def _june(path: Path, bad: dict[tuple[int, int], str]) -> Path:
    """A 项目台账 for 2025-06: 丹朱镇 two projects, 鲍店镇 three; ``bad`` typed over cells (row, column)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "6月"
    sheet.append(["项目名称", "责任单位", "总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）"])
    for name, unit, done in (
        ("丹朱镇冷链物流园", "丹朱镇", 300),
        ("丹朱镇农贸市场", "丹朱镇", 120),
        ("鲍店镇供水工程", "鲍店镇", 150),
        ("鲍店镇污水管网", "鲍店镇", 80),
        ("鲍店镇光伏发电", "鲍店镇", 500),
    ):
        sheet.append([name, unit, 32000, 1200, done])
    for (row, column), value in bad.items():
        sheet.cell(row, column, value)
    book.save(path)
    return path


def test_rank_refuses_a_month_with_bad_cells_before_taking_a_number(tmp_path: Path) -> None:
    """A 6月 row with 累计完成投资 “待统计”: the 通报 was numbered and issued without it; the corrected
    re-run was refused until the number was voided — a number lost for a typo."""
    ledger = _june(tmp_path / "项目台账.xlsx", {(5, 5): "待统计", (3, 4): "约1200"})
    register = tmp_path / "r.sqlite"
    rules = str(ROOT / "samples" / "ranking" / "rules.yaml")
    args = ["rank", str(ledger), "--month", "2025-06", "--letterhead", "zhangzi-zdxmb", "--date", "2025-07-03",
            "--rules", rules, "-o", str(tmp_path / "排名通报.docx")]  # fmt: skip
    done = _cli(*args, register=register)
    assert done.exit_code == 1
    assert f"错误：{ledger}：本月的台账有 2 行无法读取，未取文号，未写出任何文件；请改正后再运行：" in done.output
    assert f"  {ledger}，工作表 6月，第 3 行，第 D（年度计划投资（万元）） 列：" in done.output
    assert f"  {ledger}，工作表 6月，第 5 行，第 E（累计完成投资（万元）） 列：" in done.output
    assert "待统计" in done.output
    assert not (tmp_path / "排名通报.docx").exists()
    assert _cli("register", "list", register=register).output == ""
    _june(ledger, {})
    fixed = _cli(*args, register=register)
    assert fixed.exit_code == 0, fixed.output
    assert "长重点〔2025〕1号" in fixed.output


def test_a_bulletin_with_a_bad_cell_of_its_unit_fails_and_the_others_are_made(tmp_path: Path) -> None:
    """鲍店镇's bulletin was issued with 2 of its 3 projects (totals wrong) and the summary said 0 份失败."""
    ledger = _june(tmp_path / "项目台账.xlsx", {(5, 5): "待统计"})
    out = tmp_path / "简报"
    args = ["bulletin", str(ledger), "--month", "2025-06", "--letterhead", "zhangzi-zdxmb", "--date", "2025-07-03",
            "--out", str(out)]  # fmt: skip
    done = _cli(*args, register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert [p.name for p in out.glob("*.docx")] == ["丹朱镇-2025年第1期.docx"]
    assert _errors(done) == [
        f"错误：鲍店镇：简报未生成：该单位有 1 行无法读取：{ledger}，工作表 6月，第 5 行，第 E（累计完成投资（万元）） 列："
        + done.output.split("第 E（累计完成投资（万元）） 列：")[1].splitlines()[0]
    ]
    assert "待统计" in _errors(done)[0]
    assert "1 份简报已就绪（0 份未变），1 份失败" in done.output
    _june(ledger, {})
    again = _cli(*args, register=tmp_path / "r.sqlite")
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in out.glob("*.docx")) == ["丹朱镇-2025年第1期.docx", "鲍店镇-2025年第1期.docx"]
