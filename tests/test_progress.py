"""docgen progress: targets and milestones, each unit's completion at a date, the 通报 and its .xlsx;
and the whole cycle of seed 001: collect forms → filled → collect merge → progress."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT
from openpyxl import load_workbook

from docgen.check.docx_read import load
from docgen.cli import main_group
from docgen.collect.forms import HEADER_ROW, RESERVE, blank_form
from docgen.errors import DataError
from docgen.layout.breaks import plain
from docgen.load.targets import load_targets
from docgen.progress.compute import figures, progress
from docgen.progress.targets import PoolProject

SAMPLES = ROOT / "samples" / "progress"
TARGETS = """名称: 谋划储备攻坚
节点:
  2020-09-30: 80%
  2020-10-31: 90%
组:
  - 名称: 第一组
    单位: [甲县, 乙县]
    目标:
      入库项目个数: 5
      入库项目总投资: 10亿元
      亿元以上项目个数: 2
      亿元以上项目立项占比: 50%
      20亿元以上项目个数占比: 30%
  - 名称: 第二组
    单位: [丙区]
    目标:
      入库项目个数: 2
单位目标:
  乙县: {入库项目个数: 10}
"""
UNITS = "单位: [甲县, 乙县, 丙区, 丁区]\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main_group, list(args))


def targets_file(folder: Path, text: str = TARGETS) -> Path:
    path = folder / "目标.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def pp(unit: str, name: str, total: int, approval: str = "已备案", started: bool = False) -> PoolProject:
    return PoolProject(unit, name, Decimal(total), approval, False, started)


def test_completion_against_milestones_shares_and_last_week(tmp_path: Path) -> None:
    targets = load_targets(targets_file(tmp_path))
    now = [
        pp("甲县", "a", 30000),
        pp("甲县", "b", 250000, "办理中", started=True),
        pp("甲县", "c", 5000),
        pp("甲县", "d", 8000),
        pp("乙县", "e", 9000),
        pp("戊镇", "f", 1000),
    ]
    before = now[:2]
    result = progress(now, targets, dt.date(2020, 10, 16), before)
    assert (result.share_due, result.next_date, result.next_share) == (
        Decimal("0.8"),
        dt.date(2020, 10, 31),
        Decimal("0.9"),
    )
    jia = result.units[0].measures
    assert (jia["count"].target, jia["count"].due, jia["count"].actual) == (5, 4, 4)
    assert not jia["count"].behind
    assert jia["count"].completion == Decimal("0.8")
    assert jia["count"].change == 2
    assert (jia["total"].target, jia["total"].actual, jia["total"].due) == (100000, 293000, 80000)
    assert jia["yi_approved"].actual == Decimal("0.5")
    assert not jia["yi_approved"].behind
    assert jia["big_count"].actual == Decimal("0.5")  # among the 亿元以上 projects: 1 of 2
    yi = result.units[1].measures
    assert yi["count"].target == 10
    assert yi["count"].due == 8
    assert yi["count"].behind
    assert yi["yi_approved"].actual is None
    assert not yi["yi_approved"].behind
    assert result.units[1].behind == ["count", "total", "yi_count"]
    assert result.units[2].measures["count"].actual == 0
    assert result.units[2].behind == ["count"]
    assert result.outside == ["戊镇"]
    early = progress(now, targets, dt.date(2020, 9, 29))
    assert early.share_due is None
    assert early.units[1].behind == []
    assert figures([])["emerging"] is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TARGETS.replace("入库项目总投资: 10亿元", "入库项目投资: 10亿元"), "第 10 行"),
        (
            TARGETS.replace("立项占比: 50%", "立项占比: 50"),
            "“亿元以上项目立项占比”：占比应写成 70% 这样，而不是 50",
        ),
        (TARGETS.replace("单位: [丙区]", "单位: [甲县]"), "甲县同时在两个组中：第一组和第二组"),
        (TARGETS.replace("乙县: {入库", "戊镇: {入库"), "戊镇有目标任务，但不在任何组中"),
        (TARGETS.replace("2020-10-31: 90%", "2020-10-32: 90%"), "不是日期"),
    ],
)
def test_targets_file_problems_name_the_line_and_value(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataError) as error:
        load_targets(targets_file(tmp_path, text))
    assert message in str(error.value)


def _fill(path: Path, unit: str, rows: list[tuple[object, ...]], zero: str | None = None) -> None:
    book = load_workbook(io.BytesIO(blank_form(RESERVE, unit)))
    sheet = book.active
    if zero:
        sheet["F2"] = zero
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=HEADER_ROW + 1 + offset, column=column, value=value)
    book.save(path)


def project(name: str, total: str, approval: str = "已备案", emerging: str = "否") -> tuple[object, ...]:
    return (
        name,
        "某公司",
        None,
        "新建",
        None,
        "厂房",
        total,
        None,
        "2021-03-01",
        None,
        approval,
        emerging,
        "否",
    )


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed 001 cycle: forms out, filled by three units (丁区 silent, 丙区 零报送), merged, 通报."""
    folder = tmp_path_factory.mktemp("cycle")
    (folder / "单位.yaml").write_text(UNITS, encoding="utf-8")
    assert (
        run("collect", "forms", "--units", str(folder / "单位.yaml"), "-o", str(folder / "下发")).exit_code
        == 0
    )
    back = folder / "回收"
    back.mkdir()
    _fill(
        back / "甲县.xlsx",
        "甲县",
        [project("甲一", "3亿元"), project("甲二", "25亿元", "办理中", "是"), project("甲三", "500")],
    )
    _fill(back / "乙.xlsx", "乙县", [project("乙一", "12,000")])
    _fill(back / "丙区.xlsx", "丙区", [], zero="是")
    merged = run(
        "collect", "merge", str(back), "--units", str(folder / "单位.yaml"), "-o", str(folder / "汇总.xlsx")
    )
    assert merged.exit_code == 0, merged.output
    assert "零报送：丙区" in merged.output
    assert "未报送：丁区" in merged.output
    result = run(
        "--register",
        str(folder / "r.sqlite"),
        "progress",
        str(folder / "汇总.xlsx"),
        "--targets",
        str(targets_file(folder)),
        "--as-of",
        "2020-10-16",
        "--letterhead",
        "sanmenxia",
        "-o",
        str(folder / "周通报.docx"),
        "--xlsx",
        str(folder / "进展.xlsx"),
    )
    assert result.exit_code == 0, result.output
    assert "三政重点办〔2020〕1号" in result.output
    assert "3 个单位，3 个未达到要求：甲县、乙县、丙区" in result.output
    return folder


def test_the_cycle_ends_in_a_numbered_bulletin_with_the_figures(cycle: Path) -> None:
    doc = load((cycle / "周通报.docx").read_bytes())
    text = plain("\n".join(p.text for p in doc.paragraphs))
    assert "关于截至10月16日谋划储备攻坚进展情况的通报" in text.replace("\n", "")
    assert "全市入库项目4个，总投资29.25亿元；其中亿元以上项目3个，总投资29.20亿元。" in text
    assert "入库项目个数完成目标任务的23.53%" in text  # 4 of 5 + 10 + 2
    assert "目前应完成目标任务的80.00%。10月31日前应完成90.00%。" in text
    assert "乙县：入库项目个数、入库项目总投资、亿元以上项目个数、20亿元以上项目个数占比未达到要求。" in text
    assert "丙区：入库项目个数未达到要求。" in text
    assert "甲县：入库项目个数未达到要求。" in text
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    first = next(t for t in tables if t[0][0] == "单位" and t[1][0] == "甲县")
    assert first[0] == [
        "单位",
        "入库项目数",
        "完成率（%）",
        "总投资（亿元）",
        "完成率（%）",
        "亿元以上项目数",
        "完成率（%）",
        "节点进度",
    ]
    assert first[1] == ["甲县", "3", "60.00", "28.05", "280.50", "2", "100.00", "未达到"]
    assert first[2] == ["乙县", "1", "10.00", "1.20", "12.00", "1", "50.00", "未达到"]
    shares = next(t for t in tables if t[0][0] == "单位" and "立项占比（目标50%）" in t[0])
    assert shares[1] == [
        "甲县",
        "50.00%",
        "50.00%",
    ]  # 1 of the 2 亿元以上 projects approved, 1 of 2 above 20亿
    assert "第一组（目标：入库项目个数5个、入库项目总投资10.00亿元、亿元以上项目个数2个）：" in text


def test_the_progress_xlsx_has_numbers_with_formats(cycle: Path) -> None:
    sheet = load_workbook(cycle / "进展.xlsx").active
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])
    rows = {(r[1].value, r[2].value): r for r in sheet.iter_rows(min_row=2)}
    count = rows[("甲县", "入库项目个数")]
    assert [c.value for c in count[4:8]] == [5, 4, 3, 0.6]
    assert [c.number_format for c in count[4:8]] == ["0", "0", "0", "0.00%"]
    money = rows[("甲县", "入库项目总投资")]
    assert [c.value for c in money[4:7]] == [10, 8, 28.05]
    assert money[6].number_format == "0.00"
    share = rows[("甲县", "亿元以上项目立项占比")]
    assert share[4].value == 0.5
    assert share[4].number_format == "0.00%"
    assert share[9].value == "达到"
    assert rows[("丙区", "入库项目个数")][9].value == "未达到"


def test_a_rerun_gives_the_same_number_and_changed_figures_are_refused(cycle: Path, tmp_path: Path) -> None:
    args = [
        "--register",
        str(cycle / "r.sqlite"),
        "progress",
        str(cycle / "汇总.xlsx"),
        "--targets",
        str(cycle / "目标.yaml"),
        "--as-of",
        "2020-10-16",
        "--letterhead",
        "sanmenxia",
        "-o",
        str(cycle / "周通报.docx"),
    ]
    again = run(*args)
    assert again.exit_code == 0, again.output
    assert "三政重点办〔2020〕1号" in again.output
    book = load_workbook(cycle / "汇总.xlsx")
    book["汇总"].cell(row=2, column=9, value=99999)
    changed = tmp_path / "汇总.xlsx"
    book.save(changed)
    args[3] = str(changed)
    refused = run(*args)
    assert refused.exit_code != 0
    assert "三政重点办〔2020〕1号" in refused.output
    assert "register void" in refused.output


def test_the_samples_two_weeks(tmp_path: Path) -> None:
    result = run(
        "--register",
        str(tmp_path / "r.sqlite"),
        "progress",
        str(SAMPLES / "项目库-2020-10-16.xlsx"),
        "--targets",
        str(SAMPLES / "目标.yaml"),
        "--as-of",
        "2020-10-16",
        "--previous",
        str(SAMPLES / "项目库-2020-10-09.xlsx"),
        "--letterhead",
        "sanmenxia",
        "-o",
        str(tmp_path / "周通报.docx"),
    )
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in load((tmp_path / "周通报.docx").read_bytes()).paragraphs)
    assert "全市入库项目554个" in text
    assert "较上周新增入库项目45个" in text
    assert "灵宝市：入库项目个数" in text
    assert "示范区：入库项目个数" in text
    tables = [
        [[c.text for c in row.cells] for row in t.rows]
        for t in load((tmp_path / "周通报.docx").read_bytes()).tables
    ]
    assert "较上周新增" in tables[0][0]
    monthly = run(
        "--register",
        str(tmp_path / "r.sqlite"),
        "progress",
        str(SAMPLES / "项目库-2020-10-16.xlsx"),
        "--targets",
        str(SAMPLES / "目标.yaml"),
        "--as-of",
        "2020-10-31",
        "--period",
        "月",
        "--previous",
        str(SAMPLES / "项目库-2020-10-09.xlsx"),
        "--letterhead",
        "sanmenxia",
        "-o",
        str(tmp_path / "月通报.docx"),
    )
    assert monthly.exit_code == 0, monthly.output
    assert "三政重点办〔2020〕2号" in monthly.output
    text = plain("\n".join(p.text for p in load((tmp_path / "月通报.docx").read_bytes()).paragraphs))
    assert "较上月新增入库项目45个" in text
    assert "目前应完成目标任务的90.00%。11月30日前应完成100.00%。" in text
    assert "各单位每月初报送上月项目谋划储备进展" in text


def test_the_bulletin_passes_the_checker_and_the_forms_open_in_libreoffice(
    cycle: Path, tmp_path: Path
) -> None:
    """The 通报 rendered by LibreOffice meets every measured rule; the blank form and the merged
    ledger (protection, validation, merged cells) open in LibreOffice Calc."""
    from pypdf import PdfReader

    from docgen.check.run import check_files
    from docgen.convert.converter import convert_one_shot
    from docgen.convert.oneshot import soffice_path

    if soffice_path() is None:
        pytest.skip("needs LibreOffice")
    form = next((cycle / "下发").glob("甲县-*.xlsx"))
    jobs = [
        (cycle / "周通报.docx", tmp_path / "周通报.pdf"),
        (form, tmp_path / "form.pdf"),
        (cycle / "汇总.xlsx", tmp_path / "汇总.pdf"),
    ]
    for done in convert_one_shot(jobs):
        assert done.error is None, done.error
    (report,) = check_files(
        [cycle / "周通报.docx"], rendered={cycle / "周通报.docx": tmp_path / "周通报.pdf"}
    )
    assert [(f.rule.id, f.measured) for f in report.failed] == []
    assert "填报单位：甲县" in PdfReader(tmp_path / "form.pdf").pages[0].extract_text()
    assert "甲二" in PdfReader(tmp_path / "汇总.pdf").pages[0].extract_text()


def test_targets_kept_in_an_xlsx_equal_the_yaml(tmp_path: Path) -> None:
    """One row per unit with a title row, 亿元 in the header, percent-formatted cells; milestones in 节点."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "目标"
    sheet.append(["名称：谋划储备攻坚"])
    header = [
        "组别",
        "单位",
        "入库项目个数",
        "入库项目总投资（亿元）",
        "亿元以上项目个数",
        "亿元以上项目立项占比",
        "20亿元以上项目个数占比",
    ]
    sheet.append(header)
    sheet.append(["第一组", "甲县", 5, 10, 2, 0.5, "30%"])
    sheet.append(["第一组", "乙县", 10, "10", 2, 0.5, 0.3])
    sheet.append(["第二组", "丙区", 2])
    for row in (3, 4):
        sheet.cell(row=row, column=6).number_format = "0%"
    milestones = book.create_sheet("节点")
    milestones.append(["日期", "比例"])
    milestones.append(["2020-10-31", "90%"])
    milestones.append([dt.date(2020, 9, 30), 0.8])
    path = tmp_path / "目标.xlsx"
    book.save(path)
    from_sheet = load_targets(path)
    from_yaml = load_targets(targets_file(tmp_path))
    assert from_sheet.title == from_yaml.title
    assert from_sheet.milestones == from_yaml.milestones
    assert [(g.name, g.units) for g in from_sheet.groups] == [(g.name, g.units) for g in from_yaml.groups]
    assert all(from_sheet.of(u) == from_yaml.of(u) for u in from_yaml.units())
    sheet.cell(row=5, column=6, value="七成")
    book.save(path)
    with pytest.raises(DataError) as error:
        load_targets(path)
    assert "目标，第 5 行，第 F（亿元以上项目立项占比） 列" in str(error.value)


def test_sample_forms_round_trip_to_a_bulletin_against_the_sample_targets(tmp_path: Path) -> None:
    """collect forms (the sample units) → filled here → collect merge → progress (the sample targets)."""
    units = ROOT / "samples" / "collect" / "单位.yaml"
    assert run("collect", "forms", "--units", str(units), "-o", str(tmp_path / "下发")).exit_code == 0
    back = tmp_path / "回收"
    back.mkdir()
    for form in (tmp_path / "下发").glob("*.xlsx"):
        unit = form.name.split("-")[0]
        book = load_workbook(form)
        sheet = book.active
        if unit == "义马市":
            sheet["F2"] = "是"
        elif unit in ("灵宝市", "渑池县", "开发区"):
            for offset in range(3):
                row = project(f"{unit}项目{offset + 1}", f"{(offset + 1) * 12}亿元", emerging="是")
                for column, value in enumerate(row, start=1):
                    if value is not None:
                        sheet.cell(row=HEADER_ROW + 1 + offset, column=column, value=value)
        else:
            continue  # 陕州区, 卢氏县, 湖滨区, 示范区 do not answer
        book.save(back / f"{unit}（已填）.xlsx")
    pool = tmp_path / "汇总.xlsx"
    merged = run("collect", "merge", str(back), "--units", str(units), "-o", str(pool))
    assert merged.exit_code == 0, merged.output
    assert "零报送：义马市" in merged.output
    assert "未报送：陕州区、卢氏县、湖滨区、示范区" in merged.output
    result = run(
        "--register",
        str(tmp_path / "r.sqlite"),
        "progress",
        str(pool),
        "--targets",
        str(SAMPLES / "目标.yaml"),
        "--as-of",
        "2020-10-16",
        "--letterhead",
        "sanmenxia",
        "-o",
        str(tmp_path / "周通报.docx"),
    )
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in load((tmp_path / "周通报.docx").read_bytes()).paragraphs)
    assert "全市入库项目9个，总投资216.00亿元；其中亿元以上项目9个，总投资216.00亿元。" in text
    assert "入库项目个数完成目标任务的1.29%" in text  # 9 of 3 × 100 + 5 × 80
