"""outsider14: a new clerk runs the 谋划储备 round of seed 001 (forms out, forms back as units fill them,
targets, the weekly 通报) and the 联席会议 of seed 004 §17–20, from the README only.

Inputs: tests/fixtures/outsider14/make14.py (seeded; the blank forms are docgen's own, filled by each
unit the way units do).  Each test names the defect it pins.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT
from docx import Document as load_docx
from openpyxl import load_workbook

from docgen.cli import main_group
from docgen.load.row_kinds import total_kind

HERE = ROOT / "tests" / "fixtures" / "outsider14"


def _run(*args: str) -> Result:
    return CliRunner().invoke(main_group, list(args))


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """``collect merge`` of the eight units' returned forms, as the README runs it."""
    out = tmp_path_factory.mktemp("merge")
    result = _run("collect", "merge", str(HERE / "回收"), "--units", str(HERE / "单位.yaml"), "-o", str(out / "汇总.xlsx"))
    return out, result


def _lines(result: Result, name: str) -> list[str]:
    return [line for line in result.output.splitlines() if name in line]


def test_month_typed_as_a_number_is_not_read_as_1905(merged: tuple[Path, Result]) -> None:
    """Defect 1: 渑池县 typed 2021.10 in the 计划开工时间 column; Excel keeps the number 2021.1, which the
    column's date format shows as 1905-07-13 — merged as 1905-07-13 without a word.  The form's own
    validation allows 2000–2099 only: the cell is refused, naming the number."""
    _out, result = merged
    lines = _lines(result, "渑池县.xlsx")
    assert any("第 9 行" in line and "1905-07-13" in line and "2021.1" in line for line in lines), result.output
    assert "渑池县（1）" in result.output  # sent back, not merged with a 1905 start


def test_second_form_of_a_unit_asks_to_combine_not_to_drop_one(merged: tuple[Path, Result]) -> None:
    """Defect 2: 陕州区 sent its form and a 补报 with two more projects; “请只保留一份” told the unit to
    throw away projects.  The message asks for both in one form."""
    _out, result = merged
    lines = _lines(result, "陕州区")
    assert any("第二份表" in line and "合为一份表" in line for line in lines), result.output
    assert not any("请只保留一份" in line for line in lines)


def test_own_table_without_a_yes_no_column_is_warned(merged: tuple[Path, Result]) -> None:
    """Defect 3: 湖滨区 retyped the form without 战略性新兴产业 (“另行报送”); every project was merged as 否
    and the 通报 said its share was 0.00% (未达到) without a word.  Now a warning names the column."""
    _out, result = merged
    lines = _lines(result, "湖滨区.xlsx")
    assert any(line.startswith("警告") and "战略性新兴产业" in line for line in lines), result.output
    assert not any("建设地点" in line or "备注" in line for line in lines)  # text columns read blank, no word


def test_breakdown_row_under_the_total_is_not_a_project(merged: tuple[Path, Result]) -> None:
    """Defect 4: 灵宝市 wrote “其中：亿元以上项目” under its 合计 row, as offices do; it was read as a
    project (five “为空，但必须填写” errors, the whole form sent back) and counted into the 合计 check."""
    _out, result = merged
    assert not _lines(result, "灵宝市谋划储备项目表"), result.output
    assert total_kind(["其中：亿元以上项目"], [0]) == "小计"
    assert total_kind(["其中:20亿元以上项目（3个）"], [0]) == "小计"
    assert total_kind(["其他配套项目"], [0]) is None


def test_unit_note_contradicting_the_header_is_warned(merged: tuple[Path, Result]) -> None:
    """Defect 5: 示范区 wrote 单位：亿元 over the form's 单位：万元 and its amounts in 亿元 under
    总投资（万元）: a 45亿元 project was merged as 45万元 without a word.  The header still wins (a
    column's own unit is the usual override), and a warning says the note applies to nothing."""
    _out, result = merged
    lines = _lines(result, "示范区")
    assert any(line.startswith("警告") and "单位：亿元" in line and "万元" in line for line in lines), result.output


def test_targets_groups_may_be_a_mapping_and_a_misspelt_key_is_named(merged: tuple[Path, Result], tmp_path: Path) -> None:
    """Defect 6: 组: written as a mapping from each group's name to its 单位 and 目标 (a natural YAML
    shape) was refused with “目标任务文件应在“组:”下列出各组” — under 组: it was.  It is read now; and
    分组: is named as an unknown key with its line, not reported as missing groups.
    Defect 7: the group line printed the targets of seed 001 as “3,000.00亿元”; now “3000亿元”."""
    out, result = merged
    assert result.exit_code == 1  # three units sent back; the rest is merged
    report = _run(
        "--register", str(tmp_path / "r.sqlite"), "progress", str(out / "汇总.xlsx"),
        "--targets", str(HERE / "目标.yaml"), "--as-of", "2020-10-16", "--letterhead", "sanmenxia",
        "-o", str(tmp_path / "周通报.docx"),
    )
    assert report.exit_code == 0, report.output
    heads = [p.text.replace("\u200b", "").replace("\u2060", "") for p in load_docx(str(tmp_path / "周通报.docx")).paragraphs if "（目标：" in p.text]
    assert len(heads) == 2
    assert "入库项目总投资500亿元" in heads[0]
    assert "亿元以上项目总投资3000亿元（陕州区2700亿元）" in heads[0]
    assert "卢氏县2700亿元" in heads[1]
    assert ".00亿元" not in "".join(heads)
    misspelt = tmp_path / "目标-分组.yaml"
    misspelt.write_text((HERE / "目标.yaml").read_text(encoding="utf-8").replace("\n组:", "\n分组:"), encoding="utf-8")
    wrong = _run("progress", str(out / "汇总.xlsx"), "--targets", str(misspelt), "--as-of", "2020-10-16",
                 "--letterhead", "sanmenxia", "-o", str(tmp_path / "x.docx"))
    assert wrong.exit_code == 1
    assert "第 7 行：未知的键“分组”" in wrong.output, wrong.output
    assert "组、节点" in wrong.output


def test_blank_form_sent_beside_the_filled_one_is_set_aside(merged: tuple[Path, Result]) -> None:
    """Defect 8: 湖滨区 attached the blank form docgen sent beside its own filled table; both were
    read, the blank one failed (“没有填项目”) and the filled one was sent back as “第二份表” — the
    unit listed as 退回修改 with nothing wrong in its table.  The blank form is set aside, with a warning."""
    out, result = merged
    lines = _lines(result, "湖滨区")
    assert any(line.startswith("警告") and "空表" in line and "湖滨区.xlsx" in line for line in lines), result.output
    assert not any(line.startswith("错误") for line in lines), result.output
    status = {r[0]: r[1] for r in load_workbook(out / "汇总.xlsx")["报送情况"].iter_rows(values_only=True)}
    assert status["湖滨区"] == "已报送"


def test_minutes_time_limit_at_a_month_end_is_read(tmp_path: Path) -> None:
    """Defect 9: 时限 “11月底前”, “年底前”, “2025年11月底” — how 纪要 set most deadlines — were refused
    (“时限应为日期……”); they are the month's last day (11月底前 of a 10月 meeting: 2025年11月30日前)."""
    result = _run("minutes", str(HERE / "议定事项.xlsx"), "--meeting", str(HERE / "会议.yaml"), "--draft",
                  "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    (docx,) = tmp_path.glob("*.docx")
    text = "".join(p.text for p in load_docx(str(docx)).paragraphs).replace("\u200b", "").replace("\u2060", "")
    assert "完成县城集中供热管网改造项目规划许可（责任单位：县自然资源局；责任人：冯军；完成时限：2025年11月30日前）" in text


def test_minutes_says_every_bad_time_limit_at_once(tmp_path: Path) -> None:
    """Defect 10: a decisions sheet with three bad 时限 said only the first (the clerk ran it three
    times); every bad cell is said, with a line saying no 纪要 was made."""
    book = load_workbook(HERE / "议定事项.xlsx")
    sheet = book.active
    sheet["E3"], sheet["E5"], sheet["E6"] = "下月", "2026年1月", "2025-10-01"
    book.save(tmp_path / "议定事项.xlsx")
    result = _run("minutes", str(tmp_path / "议定事项.xlsx"), "--meeting", str(HERE / "会议.yaml"), "--draft")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("错误")]
    assert [e.split("第 ")[1].split(" 行")[0] for e in errors] == ["3", "5", "6"], result.output
    assert "未生成纪要：议定事项表中有 3 处问题" in result.output
    assert not list(tmp_path.glob("*.docx"))


def test_last_weeks_form_sent_again_is_sent_back(tmp_path: Path) -> None:
    """Defect 11: in the week of 10月23日 灵宝市 sent its form of the week before again (its 填表说明
    still says 请于2020年10月16日前报送; the file name “（10月16日）” has no 截至): merged as this week's
    figures without a word.  A form sent out for another week is sent back, like one whose title says so."""
    import datetime as dt
    import io
    import shutil

    from docgen.collect.forms import FORMS, blank_form

    back = tmp_path / "回收"
    back.mkdir()
    for unit in ("湖滨区", "示范区", "开发区"):
        book = load_workbook(io.BytesIO(blank_form(FORMS["基本情况表"], unit, deadline=dt.date(2020, 10, 23))))
        book.active.append([f"{unit}物流园项目", f"{unit}城投公司", unit, "新建", "现代服务业", "建设仓储",
                            120000, 30000, dt.date(2021, 3, 1), None, "已备案", "否", "否", None, None])
        book.save(back / f"{unit}.xlsx")
    shutil.copy(HERE / "回收" / "灵宝市谋划储备项目表（10月16日）.xlsx", back)
    result = _run("collect", "merge", str(back), "--units", str(HERE / "单位.yaml"))
    assert result.exit_code == 1
    (error,) = [line for line in result.output.splitlines() if line.startswith("错误")]
    assert "灵宝市谋划储备项目表" in error, result.output
    assert "2020年第42周（报送截止10月16日）" in error
    assert "2020年第43周（报送截止10月23日）" in error
    assert "退回修改：灵宝市（1）" in result.output


def test_chart_values_round_half_up_as_the_tables_do() -> None:
    """Defect 12: the 通报's chart labelled a 2.25% completion “2.2” (the float's half-even rounding),
    while docgen rounds everything ROUND_HALF_UP (README: 不用银行家舍入) — the table beside it says 2.25,
    a reader rounding it gets 2.3."""
    from decimal import Decimal

    from matplotlib import pyplot as plt

    from docgen.chart import completion_figure

    figure = completion_figure(["义马市", "湖滨区", "示范区"], [Decimal("0.0225"), Decimal("0.0375"), None],
                               ["红", "红", "—"], Decimal("0.8"), line="节点要求")
    assert [t.get_text() for t in figure.axes[0].texts] == ["2.3", "3.8", "—"]
    plt.close(figure)
