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
from docgen.convert.pool import ConverterPool
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


def _progress(register: Path, pool: Path, targets: Path, as_of: str) -> list[str]:
    """Return the first arguments of ``docgen --register REGISTER progress POOL --targets … --as-of …``."""
    return ["--register", str(register), "progress", str(pool), "--targets", str(targets), "--as-of", as_of]


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
        *_progress(folder / "r.sqlite", folder / "汇总.xlsx", targets_file(folder), "2020-10-16"),
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
    assert "目前应完成目标任务的80%。10月31日前应完成90%。" in text  # 节点 shares without needless decimals
    assert "乙县：入库项目个数、入库项目总投资、亿元以上项目个数、20亿元以上项目个数占比未达到要求。" in text
    assert "丙区：入库项目个数未达到要求。" in text
    assert "甲县：入库项目个数未达到要求。" in text
    tables = [[[plain(c.text) for c in row.cells] for row in t.rows] for t in doc.tables]
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
    # 乙县 has a target of its own (单位目标): named, not hidden under the group's 5 (outsider13 defect 4)
    assert "第一组（目标：入库项目个数5个（乙县10个）、入库项目总投资10亿元、亿元以上项目个数2个）：" in text


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
        *_progress(cycle / "r.sqlite", cycle / "汇总.xlsx", cycle / "目标.yaml", "2020-10-16"),
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
        *_progress(
            tmp_path / "r.sqlite", SAMPLES / "项目库-2020-10-16.xlsx", SAMPLES / "目标.yaml", "2020-10-16"
        ),
        "--previous",
        str(SAMPLES / "项目库-2020-10-09.xlsx"),
        "--baseline",
        str(SAMPLES / "项目库-2020-09-30.xlsx"),
        "--letterhead",
        "sanmenxia",
        "-o",
        str(tmp_path / "周通报.docx"),
    )
    assert result.exit_code == 0, result.output
    assert "--baseline" not in result.output
    text = "\n".join(p.text for p in load((tmp_path / "周通报.docx").read_bytes()).paragraphs)
    assert "全市入库项目554个" in text
    assert "新增完成转化（完成立项或开工）项目227个。" in text  # since 09-30
    assert "渑池县：新增完成转化项目个数未达到要求。" in text  # 30 of the 56 due (70 × 80%)
    assert "较上周新增入库项目45个" in text
    assert "灵宝市：入库项目个数" in text
    assert "示范区：入库项目个数" in text
    tables = [
        [[plain(c.text) for c in row.cells] for row in t.rows]
        for t in load((tmp_path / "周通报.docx").read_bytes()).tables
    ]
    assert "较上周新增" in tables[0][0]
    converted = tables[0][0].index("新增转化项目数")
    assert tables[0][1][0] == "渑池县"
    assert tables[0][1][converted : converted + 2] == ["30", "42.86"]
    monthly = run(
        *_progress(
            tmp_path / "r.sqlite", SAMPLES / "项目库-2020-10-16.xlsx", SAMPLES / "目标.yaml", "2020-10-31"
        ),
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
    assert "新增完成转化（完成立项或开工）项目" in text  # a monthly 通报 counts them from last month's pool
    assert "目前应完成目标任务的90%。11月30日前应完成100%。" in text
    assert "各单位每月初报送上月项目谋划储备进展" in text


def test_the_bulletin_passes_the_checker_and_the_forms_open_in_libreoffice(
    cycle: Path, tmp_path: Path, pool: ConverterPool
) -> None:
    """The 通报 rendered by LibreOffice as docgen converts it (the pool, which turns the Chinese–Latin
    spacing off as the .docx declares) meets every measured rule; the blank form and the merged
    ledger (protection, validation, merged cells) open in LibreOffice Calc (one soffice run)."""
    from pypdf import PdfReader

    from docgen.check.run import check_files
    from docgen.convert.converter import convert_one_shot

    form = next((cycle / "下发").glob("甲县-*.xlsx"))
    jobs = [(form, tmp_path / "form.pdf"), (cycle / "汇总.xlsx", tmp_path / "汇总.pdf")]
    for done in [*pool.convert([(cycle / "周通报.docx", tmp_path / "周通报.pdf")]), *convert_one_shot(jobs)]:
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


def _made_over(path: Path) -> None:
    """渑池县's own table, as units make them: a title, 填报单位 and 单位：亿元 above a two-row header
    whose merged 投资情况 spans 总投资 and 年度计划投资, amounts as text, a 合计 row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["渑池县2021年重点项目谋划储备基本情况表"])
    sheet.merge_cells("A1:L1")
    sheet.append(
        ["填报单位（盖章）：渑池县", None, None, None, None, None, None, None, None, None, "单位：亿元"]
    )
    sheet.append(
        ["序号", "项目名称", "建设单位", "建设性质", "建设规模及内容", "投资情况", None, "计划开工时间"]
        + ["审批情况", "战略性新兴产业", "是否开工", "备注"]
    )
    sheet.append([None, None, None, None, None, "总投资", "年度计划投资"])
    for column in "ABCDEHIJKL":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("F3:G3")
    sheet.append(
        [
            1,
            "渑池县铝基新材料产业园",
            "某公司",
            "新建",
            "厂房",
            "25",
            "3.5",
            "2021年3月",
            "已核准",
            "是",
            "是",
        ]
    )
    sheet.append(
        [2, "渑池县仰韶文化旅游区", "某公司", "续建", "景区", "３．５", "1", "2021.4", "办理中", "否", "否"]
    )
    sheet.append([None, "合  计", None, None, None, "28.5", "4.5"])
    book.save(path)


def test_sample_forms_round_trip_to_a_bulletin_against_the_sample_targets(tmp_path: Path) -> None:
    """The sample units' forms out (collect forms), back in as units fill them — numbers as text
    with thousands separators and a 合计 row in the form, a table made over with a merged two-row
    header, a 零报送, four silent units — merged (collect merge), and the 通报 against the sample
    targets (progress), all through the CLI."""
    units = ROOT / "samples" / "collect" / "单位.yaml"
    assert run("collect", "forms", "--units", str(units), "-o", str(tmp_path / "下发")).exit_code == 0
    back = tmp_path / "回收"
    back.mkdir()
    forms = {form.name.split("-")[0]: form for form in (tmp_path / "下发").glob("*.xlsx")}
    assert len(forms) == 8
    fills = {
        "灵宝市": [
            project("灵宝市黄金产业园", "350,000", emerging="是"),
            project("灵宝市冷链物流中心", "1,200,000.00", "办理中"),
            ("合计", None, None, None, None, None, "1,550,000"),
        ],
        "开发区": [project("开发区智能制造园", "15000", "已审批")],
    }
    for unit, rows in fills.items():
        book = load_workbook(forms[unit])
        for offset, row in enumerate(rows):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    book.active.cell(row=HEADER_ROW + 1 + offset, column=column, value=value)
        book.save(back / f"{unit}（最终版）.xlsx")
    book = load_workbook(forms["义马市"])
    book.active["F2"] = "是"
    book.save(back / "义马市.xlsx")
    _made_over(back / "附件1 基本情况表.xlsx")  # named by the unit inside only
    pool = tmp_path / "汇总.xlsx"
    merged = run("collect", "merge", str(back), "--units", str(units), "-o", str(pool))
    assert merged.exit_code == 0, merged.output
    assert (
        "应报单位 8 个，读取文件 4 个：已报送 3 个，零报送 1 个，退回修改 0 个，未报送 4 个。"
        in merged.output
    )
    assert "零报送：义马市" in merged.output
    assert "未报送：陕州区、卢氏县、湖滨区、示范区" in merged.output
    assert "汇总项目 5 个，总投资 185.00 亿元。" in merged.output
    sheet = load_workbook(pool)["汇总"]
    header = [c.value for c in sheet[1]]
    cells = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2)]
    rows = {row["项目名称"].value: row for row in cells}
    assert {name: row["总投资（万元）"].value for name, row in rows.items()} == {
        "灵宝市黄金产业园": 350000,
        "灵宝市冷链物流中心": 1200000,
        "开发区智能制造园": 15000,
        "渑池县铝基新材料产业园": 250000,
        "渑池县仰韶文化旅游区": 35000,
    }
    assert rows["渑池县仰韶文化旅游区"]["年度计划投资（万元）"].value == 10000
    assert rows["渑池县仰韶文化旅游区"]["计划开工时间"].value == dt.datetime(2021, 4, 1)
    result = run(
        *_progress(tmp_path / "r.sqlite", pool, SAMPLES / "目标.yaml", "2020-10-16"),
        "--letterhead",
        "sanmenxia",
        "-o",
        str(tmp_path / "周通报.docx"),
    )
    assert result.exit_code == 0, result.output
    assert "三政重点办〔2020〕1号" in result.output
    doc = load((tmp_path / "周通报.docx").read_bytes())
    text = plain("\n".join(p.text for p in doc.paragraphs))
    assert "全市入库项目5个，总投资185.00亿元；其中亿元以上项目5个，总投资185.00亿元。" in text
    assert "入库项目个数完成目标任务的0.71%" in text  # 5 of 3 × 100 + 5 × 80
    assert "目前应完成目标任务的80%。10月31日前应完成90%。" in text  # 节点 shares without needless decimals
    tables = [[[plain(c.text) for c in row.cells] for row in t.rows] for t in doc.tables]
    first = next(t for t in tables if t[0][0] == "单位" and any(r[0] == "灵宝市" for r in t))
    by_unit = {row[0]: row for row in first[1:]}
    assert by_unit["灵宝市"][1:5] == ["2", "2.00", "155.00", "31.00"]  # 155 亿元 of 500
    assert by_unit["渑池县"][1:5] == ["2", "2.00", "28.50", "5.70"]
    assert by_unit["陕州区"][1:3] == ["0", "0.00"]


def test_new_conversions_are_counted_against_the_baseline_pool(tmp_path: Path) -> None:
    """A conversion: 立项 done or started now, not so (or not in the pool) at the start."""
    targets = load_targets(
        targets_file(
            tmp_path, TARGETS.replace("入库项目个数: 5\n", "入库项目个数: 5\n      新增完成转化项目个数: 5\n")
        )
    )
    start = [pp("甲县", "a", 5000, "办理中"), pp("甲县", "b", 5000), pp("甲县", "c", 5000, "未办理")]
    now = [
        pp("甲县", "a", 5000, "已核准"),  # approved since: converted
        pp("甲县", "b", 5000),  # already approved at the start
        pp("甲县", "c", 5000, "未办理", started=True),  # started since
        pp("甲县", "d", 5000, "已审批"),  # new in the pool and approved
        pp("甲县", "e", 5000, "办理中"),  # new, not converted
        pp("乙县", "a", 5000, "已备案"),  # another unit's project of the same name
    ]
    counted = progress(now, targets, dt.date(2020, 10, 16), baseline=start)
    jia = counted.units[0].measures["converted"]
    assert (jia.target, jia.due, jia.actual) == (5, 4, 3)
    assert jia.behind
    assert counted.units[1].measures["converted"].actual == 1
    assert counted.overall["converted"] == 4
    unknown = progress(now, targets, dt.date(2020, 10, 16)).units[0].measures["converted"]
    assert unknown.actual is None
    assert not unknown.behind  # not judged without the pool to count from
    assert unknown.completion is None


def test_without_a_baseline_the_conversions_are_a_warning_and_a_dash(tmp_path: Path) -> None:
    result = run(
        *_progress(
            tmp_path / "r.sqlite", SAMPLES / "项目库-2020-10-16.xlsx", SAMPLES / "目标.yaml", "2020-10-16"
        ),
        "--letterhead",
        "sanmenxia",
        "-o",
        str(tmp_path / "周通报.docx"),
        "--xlsx",
        str(tmp_path / "进展.xlsx"),
    )
    assert result.exit_code == 0, result.output
    assert "字段“新增完成转化项目个数”" in result.output
    assert "--baseline" in result.output
    doc = load((tmp_path / "周通报.docx").read_bytes())
    table = [[plain(c.text) for c in row.cells] for row in doc.tables[0].rows]
    converted = table[0].index("新增转化项目数")
    assert table[1][converted : converted + 2] == ["—", "—"]
    assert "新增完成转化（" not in "\n".join(p.text for p in doc.paragraphs)
    sheet = load_workbook(tmp_path / "进展.xlsx").active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "新增完成转化项目个数")
    assert (row[4].value, row[6].value, row[9].value) == (70, None, "—")  # not counted, not judged
