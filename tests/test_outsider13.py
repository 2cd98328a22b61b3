"""outsider13: real documents a new clerk makes from the README and the seeds (DEFECTS.md there)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from openpyxl import load_workbook

from docgen.check.docx_read import load
from docgen.cli import main_group
from docgen.layout.breaks import plain

HERE = ROOT / "tests" / "fixtures" / "outsider13"
RULES = ROOT / "samples" / "ranking" / "rules.yaml"  # groups 13 units; the office's ledger has 岚水乡 too


@pytest.fixture(scope="module")
def ranked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The May 排名通报 of the office-style ledgers (24 projects, 8 towns, one not in the rules)."""
    folder = tmp_path_factory.mktemp("rank13")
    args = ["--register", str(folder / "r.sqlite"), "rank", str(HERE / "项目台账-2025-05.xlsx")]
    args += ["--month", "2025-05", "--previous", str(HERE / "项目台账-2025-04.xlsx"), "--rules", str(RULES)]
    args += ["--letterhead", "zhangzi-zdxmb", "-o", str(folder / "r.docx"), "--xlsx", str(folder / "r.xlsx")]
    result = CliRunner().invoke(main_group, [*args, "--date", "2025-06-05"])
    assert result.exit_code == 0, result.output
    return folder, result.output


def _tables(path: Path) -> list[list[list[str]]]:
    doc = load(path.read_bytes())
    return [[[plain(c.text) for c in row.cells] for row in t.rows] for t in doc.tables]


def test_rank_units_without_projects_are_listed_not_ranked(ranked: tuple[Path, str]) -> None:
    """Defect 1: 城关镇 etc. (in the rules, no project either month) were ranked 8 and marked 新."""
    folder, _output = ranked
    rows = {r[1]: r for t in _tables(folder / "r.docx") for r in t[1:] if len(r) > 3}
    for unit in ("城关镇", "宋村镇", "长子经济技术开发区"):
        assert rows[unit][0] == "—", rows[unit]
        assert rows[unit][-2] == "—", rows[unit]  # 较上月: nothing is new
    assert rows["鲍店镇"][0] == "1"
    sheet = load_workbook(folder / "r.xlsx").active
    xlsx = {r[2]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert xlsx["城关镇"][1] == "—"
    assert xlsx["鲍店镇"][1] == 1


def test_rank_unit_missing_from_rules_is_named_and_not_advanced(ranked: tuple[Path, str]) -> None:
    """Defect 2: 岚水乡 (6th of the towns) was ranked alone under 其他, named 先进单位, no warning."""
    folder, output = ranked
    text = plain("\n".join(p.text for p in load((folder / "r.docx").read_bytes()).paragraphs))
    advanced = next(line for line in text.splitlines() if line.startswith("先进单位"))
    assert advanced == "先进单位：鲍店镇、慈林镇、丹朱镇。"
    warning = next(line for line in output.splitlines() if "岚水乡" in line)
    assert "rules.yaml" in warning
    assert "groups" in warning


def test_rank_scored_indicator_without_its_column_warns(ranked: tuple[Path, str]) -> None:
    """Defect 3: 手续办结率 (15 points) was scored from a column the ledger has not: 3 points each, silently."""
    _folder, output = ranked
    lines = [line for line in output.splitlines() if "手续办结" in line]
    assert len(lines) == 1
    assert "15" in lines[0]
    assert "项目台账-2025-05.xlsx" in lines[0]
    assert sum("计划新开工" in line for line in output.splitlines()) == 1


def test_progress_group_heading_names_units_own_targets(tmp_path: Path) -> None:
    """Defect 4: seed 001's “8262” targets differ by county (灵宝市 400, 陕州区 350 亿元以上项目); the
    group heading printed the first county's as the whole group's (第一组（目标：……400个……）)."""
    args = ["--register", str(tmp_path / "r.sqlite"), "progress", str(HERE / "项目库-2020-10-16.xlsx")]
    args += ["--targets", str(HERE / "目标.yaml"), "--as-of", "2020-10-16"]
    args += ["--previous", str(HERE / "项目库-2020-10-09.xlsx"), "--baseline", str(HERE / "项目库-2020-09-30.xlsx")]
    result = CliRunner().invoke(main_group, [*args, "--letterhead", "sanmenxia", "-o", str(tmp_path / "w.docx")])
    assert result.exit_code == 0, result.output
    doc = load((tmp_path / "w.docx").read_bytes())
    headings = [plain(p.text) for p in doc.paragraphs if "（目标：" in p.text]
    assert len(headings) == 2
    assert "亿元以上项目个数400个（陕州区350个）" in headings[0]
    assert "亿元以上项目总投资3000亿元（陕州区2700亿元）" in headings[0]
    assert "亿元以上项目个数300个（卢氏县350个，开发区200个）" in headings[1]
    assert "入库项目个数80个、" in headings[1]  # the group's own target, shared by all five
    # the table's completion rates use each county's own target: 陕州区 51 of 350, 卢氏县 34 of 350
    rows = {r[0]: r for t in _tables(tmp_path / "w.docx") if "完成率（%）" in t[0] for r in t[1:]}
    assert rows["陕州区"][6] == "14.57"
    assert rows["卢氏县"][6] == "9.71"


def test_notice_attachment_notes_under_the_table_are_text(tmp_path: Path) -> None:
    """Defect 6: the 参会回执 sheet's “注：请于9月30日……” under the blank form was read as a row: the
    note sat in the 序号 column, which took the table's width (单位、姓名、职务 a few mm each)."""
    args = ["--register", str(tmp_path / "r.sqlite"), "render", str(HERE / "联席会议通知.md")]
    result = CliRunner().invoke(main_group, [*args, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    docx = tmp_path / "联席会议通知.docx"
    (form,) = [t for t in _tables(docx) if t[0][0] == "序号"]
    assert form[0] == ["序号", "单位", "姓名", "职务", "联系电话", "备注"]
    assert [r[0] for r in form[1:]] == ["1", "2", "3", "4"]  # the blank form's rows stay
    assert all(set(r[1:]) == {""} for r in form[1:])
    text = [plain(p.text) for p in load(docx.read_bytes()).paragraphs]
    assert "注：请于9月30日下午5:00前报送县发改局。" in text
    doc = __import__("docx").Document(str(docx))
    table = next(t for t in doc.tables if t.cell(0, 0).text == "序号")
    widths = [column.w for column in table._tbl.tblGrid.gridCol_lst]
    assert widths[0] <= widths[1]  # 序号 no longer the widest column (it took ~90 of 156 mm)
    assert widths[0] < sum(widths) / 4


def test_office_table_keeps_notes_under_the_table_apart() -> None:
    """The reader itself: 注：1.… and its 2.… line and a 填报人 line come off; a one-column list stays."""
    from docgen.load.attachment_table import office_table

    rows = (
        ("表一", "", ""),
        ("序号", "项目", "金额"),
        ("1", "甲", "10"),
        ("2", "乙", "20"),
        ("注：1.金额为估算。", "", ""),
        ("2.以审计为准。", "", ""),
        ("填报人：张丽", "", "审核人：李建军"),
    )
    table = office_table(rows)
    assert table.rows == (("序号", "项目", "金额"), ("1", "甲", "10"), ("2", "乙", "20"))
    assert table.below == ("注：1.金额为估算。", "2.以审计为准。", "填报人：张丽　审核人：李建军")
    listing = office_table((("名单",), ("1.张三",), ("2.李四",)))
    assert listing.below == ()
    assert len(listing.rows) == 3


def test_supervise_deadline_into_an_unknown_year_says_why_and_where(tmp_path: Path) -> None:
    """Defect 7: 交办 2026-12-28 with 5 working days said only “还不知道 2027 年的节假日安排；请把它加入
    holidays.yaml（参见 docgen/data/holidays.yaml）”: not why 2027 (the clerk typed 2026), nor where the
    file goes (a clerk has no docgen/data).  The other items are still made."""
    import datetime as dt

    book = load_workbook(HERE / "督办台账.xlsx")
    book.active["I5"] = dt.date(2026, 12, 28)
    book.active["J5"] = 5
    book.save(tmp_path / "督办台账.xlsx")
    args = ["--register", str(tmp_path / "r.sqlite"), "supervise", str(tmp_path / "督办台账.xlsx")]
    result = CliRunner().invoke(main_group, [*args, "--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    (line,) = [x for x in result.output.splitlines() if "2027" in x]
    assert "第 5 行" in line
    assert "2026-12-28" in line
    assert "5 个工作日" in line
    assert "~/.config/docgen/" in line
    assert len(list((tmp_path / "o").glob("*.docx"))) == 2  # rows 6 and 7; row 8 is 已办结


def test_supervise_overdue_counts_the_closed_items_it_skips(tmp_path: Path) -> None:
    """Defect 8: ``--overdue`` on a ledger with one 已办结 item said “跳过已办结事项 0 项”."""
    args = ["--register", str(tmp_path / "r.sqlite"), "supervise", str(HERE / "督办台账.xlsx")]
    args += ["--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "o"), "--overdue", "--as-of", "2025-10-20"]
    result = CliRunner().invoke(main_group, args)
    assert result.exit_code == 0, result.output
    assert "已生成 4 份文件，0 处问题，跳过已办结事项 1 项。" in result.output
    assert len(list((tmp_path / "o").glob("*催办*.docx"))) == 3


def test_rules_without_groups_still_name_advanced_and_lagging() -> None:
    """Rules with no groups rank every unit in one group (其他): its first and last are still named."""
    from decimal import Decimal

    from docgen.ranking import named_units, rank
    from docgen.records import ProjectRow
    from docgen.scoring import IndicatorRule, Rules

    rules = Rules(
        indicators=(IndicatorRule("completion_rate", Decimal(100), "ratio", target="schedule"),),
        advanced=1,
        lagging=1,
    )
    projects = [
        ProjectRow(row=i, name=f"项目{i}", unit=u, total=Decimal(100), annual_plan=Decimal(100), completed=Decimal(c))
        for i, (u, c) in enumerate((("甲镇", 50), ("乙镇", 30), ("丙镇", 10)), start=3)
    ]
    assert named_units(rank(projects, rules, 2025, 5), rules) == (["甲镇"], ["丙镇"])
