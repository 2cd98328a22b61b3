"""outsider26: a county office's own ledgers and pasted seed notices, run through the README's commands
(tests/fixtures/outsider26/DEFECTS.md; the files are made by make26.py there)."""

from __future__ import annotations

import csv
import json
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from openpyxl import Workbook, load_workbook

from docgen.check.pdf_read import measure
from docgen.check.rules import Status
from docgen.check.run import check_files
from docgen.cli import main_group
from docgen.errors import DataError
from docgen.load.notice_lines import body_lines
from docgen.load.pasted import set_pasted
from docgen.load.projects import load_month

HERE = ROOT / "tests" / "fixtures" / "outsider26"
LEDGER = HERE / "沁县重点项目进展统计表-2025.xlsx"
SUPERVISION = HERE / "沁县挂牌督办台账.xlsx"


def _projects() -> list[dict]:
    """Return the projects make26.py wrote (the figures each test computes its own totals from)."""
    sys.path.insert(0, str(HERE))
    try:
        import make26
    finally:
        sys.path.remove(str(HERE))
    return make26.make_projects(random.Random(make26.SEED))


def _run(*args: str | Path) -> str:
    result = CliRunner().invoke(main_group, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def _pdf_text(pdf: Path) -> str:
    return "".join(line.text for page in measure(pdf) for line in page.lines)


def _failed(pdf: Path) -> list[str]:
    (report,) = check_files([pdf])
    return [f.rule.id for f in report.findings if f.status is Status.FAIL]


@pytest.mark.parametrize(("sheet", "month", "key"), [("5月", 5, "may"), ("4月", 4, "april")])
def test_group_header_over_plan_done_and_rate_is_read(sheet: str, month: int, key: str) -> None:
    """Defect 1: 年度计划投资 merged over 计划 / 1—5月完成 / 完成率 was refused (缺少列 年度计划投资、累计完成投资);
    the 40 projects are read (合计, 其中, 小计, group rows and the 注 left out), with the ledger's figures."""
    read = load_month(LEDGER, 2025, month, sheet)
    assert not [p for p in read.problems if isinstance(p, DataError)], read.problems
    wanted = _projects()
    assert len(read.projects) == len(wanted) == 40
    by_name = {p.name: p for p in read.projects}
    for project in wanted:
        row = by_name[project["name"]]
        assert (row.annual_plan, row.completed, row.total) == (project["plan"], project[key], project["total"])
        assert row.leader == project["leader"]  # 包联领导 (defect 4)


def test_a_missing_column_message_is_one_line() -> None:
    """Defect 2: header cells typed with a line break (具体⏎责任人) broke the one-line error."""
    with pytest.raises(DataError) as caught:
        load_month(SUPERVISION, 2025, 5)
    message = str(caught.value)
    assert "\n" not in message
    assert "具体责任人" in message


@pytest.fixture(scope="module")
def bulletins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The May bulletins of the office's ledger, default engine (Typst), with the merged PDF."""
    folder = tmp_path_factory.mktemp("bulletin26")
    _run("--register", folder / "r.sqlite", "bulletin", LEDGER, "--month", "2025-05", "--letterhead", "zhangzi-zdxmb",
         "--out", folder / "out", "--pdf", "--merge", "--final", "--date", "2025-06-05")
    return folder / "out"


def test_bulletin_figures_are_the_ledgers(bulletins: Path) -> None:
    """The 总体情况 of every unit's bulletin says the sums of its rows in the ledger (computed here)."""
    units: dict[str, list[dict]] = {}
    for project in _projects():
        units.setdefault(project["unit"], []).append(project)
    for unit, rows in units.items():
        plan = sum((p["plan"] for p in rows), Decimal(0))
        done = sum((p["may"] for p in rows), Decimal(0))
        yi = Decimal("0.01")
        text = _pdf_text(bulletins / f"{unit}-2025年第1期.pdf")
        assert f"年度计划投资{(plan / 10000).quantize(yi, ROUND_HALF_UP)}亿元" in text, unit
        assert f"累计完成投资{(done / 10000).quantize(yi, ROUND_HALF_UP)}亿元" in text, unit
        assert f"{(done / plan * 100).quantize(yi, ROUND_HALF_UP)}%" in text, unit


def test_bulletin_cell_with_line_breaks_has_no_doubled_mark(bulletins: Path) -> None:
    """Defect 3: 存在问题 “1.用地组卷报批未完成；⏎2.资金到位率偏低” was printed “未完成；；2.资金”."""
    text = _pdf_text(bulletins / "定昌镇-2025年第1期.pdf")
    assert "用地组卷报批未完成；2.资金到位率偏低。" in text
    assert "；；" not in text
    assert "。。" not in text


def test_bulletin_merged_pdf_passes_check(bulletins: Path) -> None:
    """Every part of the merged bulletin passes docgen check."""
    reports = check_files([bulletins / "合订-2025年第1期.pdf"])
    assert len(reports) == 10
    assert all(f.status is not Status.FAIL for r in reports for f in r.findings)


def test_bulletin_per_leader_reads_baolian_lingdao(tmp_path: Path) -> None:
    """Defect 4: the ledger's 包联领导 column was not read: --per leader said “这个项目没有填包抓领导” 40 times;
    a ledger with no such column is told so once."""
    output = _run("--register", tmp_path / "r.sqlite", "bulletin", LEDGER, "--month", "2025-05",
                  "--letterhead", "zhangzi-zdxmb", "--out", tmp_path / "out", "--per", "leader", "--date", "2025-06-05")
    assert "6 份简报已就绪" in output
    sheet = Workbook()
    sheet.active.append(["项目名称", "责任单位", "总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）"])
    sheet.active.append(["沁县定昌光伏发电项目", "定昌镇", 1000, 500, 200])
    sheet.save(tmp_path / "no-leader.xlsx")
    result = CliRunner().invoke(main_group, ["--register", str(tmp_path / "r.sqlite"), "bulletin",
                                             str(tmp_path / "no-leader.xlsx"), "--month", "2025-05",
                                             "--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "o2"),
                                             "--per", "leader", "--date", "2025-06-05"])
    assert result.exit_code == 1, result.output
    (line,) = [line for line in result.output.splitlines() if "包抓领导" in line]
    assert "no-leader.xlsx" in line
    assert "包联领导" in line
    assert "没有填" not in result.output


def test_supervision_ledger_with_jiaoban_shijian(tmp_path: Path) -> None:
    """Defect 5: 交办时间 / 反馈时间 (not …日期) were refused; defect 6: the file name cut inside a bracket
    (“…（项目代码：2315-140430-75-01.docx”)."""
    output = _run("--register", tmp_path / "r.sqlite", "supervise", SUPERVISION, "--letterhead", "zhangzi-zdxmb",
                  "--out", tmp_path / "out")
    assert "已生成 9 份文件，0 处问题，跳过已办结事项 3 项" in output
    names = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert len(names) == 9
    for name in names:
        stem = name.removesuffix(".docx")
        assert stem.count("（") == stem.count("）"), name
    assert "长重点督〔2025〕1号 沁县南里文旅康养综合体项目（二期）.docx" in names


@pytest.mark.parametrize("engine", ["libreoffice", "typst"])
def test_wide_attachment_label_goes_with_its_table(tmp_path: Path, engine: str) -> None:
    """Defect 7: the 15-column 包联责任分解表 (单位：万元 above it) went on landscape pages while “附件”,
    its title and 单位：万元 were left alone on a portrait page; docgen check did not see it."""
    _run("preview", HERE / "五项制度通知.md", "-o", tmp_path, "--engine", engine)
    pdf = tmp_path / "五项制度通知.pdf"
    pages = measure(pdf)
    label = next(page for page in pages if page.lines and page.lines[0].text.strip() == "附件")
    assert label.landscape
    assert any("包联" in line.text for line in label.lines)
    assert not _failed(pdf)


def test_check_sees_a_label_alone_above_the_unit_line() -> None:
    """Defect 8: attachments.together.pdf counted 单位：万元 as the attachment's content (the PDF made
    before the fix of defect 7, kept as a fixture)."""
    assert "attachments.together.pdf" in _failed(HERE / "label-alone-before-fix.pdf")


def test_pasted_seed_lines_broken_across_blank_lines_are_joined() -> None:
    """Defect 9: text pasted from seed 001 (a blank line between paragraphs) broken at a page's end —
    “……指示精神，” / blank / “围绕河南省……”, “建立完善“市” / blank / “级统筹……” — printed as two paragraphs."""
    text = (HERE / "百日攻坚通知.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    lines, joined = body_lines(text, 12)
    assert [(j.first, j.last) for j in joined] == [(16, 18), (64, 66)]
    texts = [t for _n, t in lines]
    assert any("指示精神，围绕河南省" in t for t in texts)
    assert any("建立完善“市级统筹谋划" in t for t in texts)
    # a heading after a comma-ended line across a blank line still starts its own paragraph
    assert body_lines("各单位要做好以下工作，\n\n一、加强领导\n", 1)[1] == []


def test_pasted_spaces_beside_numbers_go() -> None:
    """Defect 10: “总投资 2400 亿”“9 月底前”“占比 30% ；” kept their pasted spaces; a telephone keeps its."""
    assert set_pasted("（4）开发区谋划储备 200 个亿元以上项目，总投资 1600 亿。")[0] == (
        "（4）开发区谋划储备200个亿元以上项目，总投资1600亿。"
    )
    assert set_pasted("各县（市、区）9 月底前要完成任务的 80%；")[0] == "各县（市、区）9月底前要完成任务的80%；"
    kept = "联系人：王磊 13912345678，电话 0355-8221234"
    assert set_pasted(kept) == (kept, set_pasted("")[1])


def test_pasted_markdown_bold_stars_go() -> None:
    """Defect 12: seed 001's “1. **澠池县、灵宝市、陕州区：**谋划入库……” printed its asterisks."""
    text, changes = set_pasted("1. **澠池县、灵宝市、陕州区：**谋划入库项目个数 100 个；")
    assert text == "1. 澠池县、灵宝市、陕州区：谋划入库项目个数100个；"
    assert changes.stars == 1
    assert set_pasted("a**b**c 2**3")[0] == "a**b**c 2**3"  # no 汉字 inside: not bold


def test_pasted_title_without_spaces(tmp_path: Path) -> None:
    """Defect 11: the title copied from seed 004 (“……等五项 制度的通知”) printed its space."""
    _run("preview", HERE / "五项制度通知.md", "-o", tmp_path, "--engine", "typst")
    first = measure(tmp_path / "五项制度通知.pdf")[0]
    title = "".join(line.text for line in first.lines if line.size > 20)
    assert "五项制度的通知" in title


def test_bulletin_issue_stays_in_its_folder_and_keeps_its_files(tmp_path: Path) -> None:
    """Defect 13: the same month made again into another folder (--engine libreoffice to compare) took
    the same 期号 and replaced the issue's record with the new folder's files; per leader into the
    same folder dropped the units' bulletins from the record: register check 两份不同的文件用了同一个号."""
    register = tmp_path / "r.sqlite"
    common = ["--month", "2025-05", "--letterhead", "zhangzi-zdxmb", "--date", "2025-06-05"]
    _run("--register", register, "bulletin", LEDGER, *common, "--out", tmp_path / "A", "--pdf", "--merge")
    result = CliRunner().invoke(main_group, ["--register", str(register), "bulletin", str(LEDGER), *common,
                                             "--out", str(tmp_path / "B"), "--engine", "libreoffice", "--pdf"])
    assert result.exit_code == 1, result.output
    assert str(tmp_path / "A") in result.output
    assert not (tmp_path / "B").exists()
    units_merged = (tmp_path / "A" / "合订-2025年第1期.pdf").read_bytes()
    listed_before = {e["subject"] for e in json.loads((tmp_path / "A" / "manifest.json").read_text("utf-8"))["bulletins"]}
    _run("--register", register, "bulletin", LEDGER, *common, "--out", tmp_path / "A", "--per", "leader", "--merge")
    assert "一致" in _run("--register", register, "register", "check")
    shown = _run("--register", register, "register", "show", "重点项目建设简报2025年第1期")
    assert "定昌镇-2025年第1期.pdf" in shown
    assert "李卫国-2025年第1期.docx" in shown
    # review26: the leaders' 合订本 beside the units' (it replaced it), the manifest lists both sets
    assert (tmp_path / "A" / "合订-2025年第1期.pdf").read_bytes() == units_merged
    assert (tmp_path / "A" / "合订-2025年第1期-按领导.pdf").is_file()
    listed = {e["subject"] for e in json.loads((tmp_path / "A" / "manifest.json").read_text("utf-8"))["bulletins"]}
    assert listed_before < listed
    assert "李卫国" in listed


def test_numbers_running_on_across_sections_are_one_warning(tmp_path: Path) -> None:
    """Defect 14: seed 004's items typed 1、–20、 over five sections gave 16 warnings, one a heading; one
    names 连续编号: [3], and with it written the numbers are printed as typed, no warning."""
    output = _run("preview", HERE / "五项制度通知.md", "-o", tmp_path, "--engine", "typst")
    warned = [line for line in output.splitlines() if "编号" in line and line.startswith("警告")]
    assert len(warned) == 1, warned
    assert "第 30–76 行" in warned[0]
    assert "连续编号: [3]" in warned[0]
    source = (HERE / "五项制度通知.md").read_text(encoding="utf-8").replace("发文字号: auto\n", "发文字号: auto\n连续编号: [3]\n")
    (tmp_path / "n.md").write_text(source, encoding="utf-8")
    (tmp_path / "attachments").symlink_to(HERE / "attachments")
    output = _run("preview", tmp_path / "n.md", "-o", tmp_path / "o", "--engine", "typst", "--allow-outside")
    assert not [line for line in output.splitlines() if "编号" in line and line.startswith("警告")]
    assert "20.联席会议下设办公室" in _pdf_text(tmp_path / "o" / "n.pdf")


def test_the_ledger_saved_as_csv_reads_the_same(tmp_path: Path) -> None:
    """Defect 15: the same 统计表 saved as CSV (GB18030, Excel's 另存为) lost its merged cells, and the
    blank cells after 年度计划投资 over 计划 / 1—5月完成 / 完成率 were not read as a two-row header:
    缺少列 累计完成投资.  The group name spreads over the blank cells whose lower cells are named."""
    sheet = load_workbook(LEDGER)["5月"]
    with (tmp_path / "5月.csv").open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerows([["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)])
    read = load_month(tmp_path / "5月.csv", 2025, 5)
    assert not [p for p in read.problems if isinstance(p, DataError)], read.problems
    book = load_month(LEDGER, 2025, 5, "5月")
    figures = {(p.name, p.unit, p.leader, p.total, p.annual_plan, p.completed) for p in book.projects}
    assert {(p.name, p.unit, p.leader, p.total, p.annual_plan, p.completed) for p in read.projects} == figures
    assert len(figures) == 40


@pytest.mark.parametrize("engine", ["libreoffice", "typst"])
def test_a_landscape_attachments_title_has_the_pages_width(tmp_path: Path, engine: str) -> None:
    """Defect 16: the 22-字 title of the 13-column attachment was broken after 各县（市、区） on its
    landscape page, where 28 字 of 2号 fit: it was broken for a portrait line of 20."""
    _run("preview", HERE / "百日攻坚通知.md", "-o", tmp_path, "--engine", engine)
    pdf = tmp_path / "百日攻坚通知.pdf"
    page = next(p for p in measure(pdf) if p.lines and p.lines[0].text.strip() == "附件")
    assert page.landscape
    titles = [line.text for line in page.lines if 21 < line.size < 23]
    assert titles == ["各县（市、区）重大项目谋划储备目标任务分解表"]
    assert not _failed(pdf)


def test_group_header_with_its_unit_and_lei_ji(tmp_path: Path) -> None:
    """Defect 1, as another county writes it: “2025年度计划投资（万元）” over “计划 / 1-5月累计完成 / 完成率”,
    no 单位 line (the unit in the group's bracket)."""
    book = load_workbook(LEDGER)
    sheet = book["5月"]
    sheet["G3"], sheet["H4"], sheet["M2"], sheet["F3"] = "2025年度计划投资（万元）", "1-5月累计完成", None, "总投资（万元）"
    book.save(tmp_path / "v.xlsx")
    read = load_month(tmp_path / "v.xlsx", 2025, 5)
    assert not [p for p in read.problems if isinstance(p, DataError)], read.problems
    wanted = {p["name"]: (p["plan"], p["may"]) for p in _projects()}
    assert {p.name: (p.annual_plan, p.completed) for p in read.projects} == wanted


def test_an_unmerged_two_row_header_under_a_merged_title_reads_the_same(tmp_path: Path) -> None:
    """review26: the blank-cell two-row header (年度计划投资,, over 计划,1—5月完成,完成率) was read only on a
    sheet with no merged cell at all; the office's merged title row (A1:O1) turned it off."""
    book = load_workbook(LEDGER)
    sheet = book["5月"]
    for merged in [str(r) for r in sheet.merged_cells.ranges if str(r) != "A1:O1"]:
        sheet.unmerge_cells(merged)  # the header's cells only left blank, the title still merged
    sheet.merge_cells("C5:C6")  # and 责任单位 merged down over two projects, as offices do
    path = tmp_path / "台账.xlsx"
    book.save(path)
    read = load_month(path, 2025, 5, "5月")
    assert not [p for p in read.problems if isinstance(p, DataError)], read.problems
    assert len(read.projects) == 40
    assert {p.completed for p in read.projects} == {p.completed for p in load_month(LEDGER, 2025, 5, "5月").projects}
