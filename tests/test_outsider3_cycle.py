"""Outsider session 3b: the 谋划储备 cycle end to end as an office runs it (README “收集项目表”, seed 001).

``collect forms`` sends the blank forms to eight towns; the towns' answers are written by LibreOffice
Calc (tests/fixtures/outsider3/b/make_returned_B.py: .fods/.csv converted by soffice) in the shapes
offices return — title rows, merged headers, a 合计 row, a column inserted, rows deleted, a sheet
renamed, numbers as text “12,000.50” “1.2亿” “3500万”, dates 2027.3.1, a form returned twice, one from
a town not asked, one with formulas; ``collect merge`` checks and merges them; ``progress`` makes the
weekly 通报 against the targets.  Every run is a real process; messages are read as a clerk reads them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT

from docgen.convert.oneshot import soffice_path

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "outsider3" / "b"))
import make_returned_B as MAKER  # noqa: E402  (the fixture's maker, a script beside its data)

TOWNS = ["丹朱镇", "鲍店镇", "石哲镇", "大堡头镇", "慈林镇", "色头镇", "南漳镇", "宋村乡"]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
ENGLISH = "en_US.UTF-8"

pytestmark = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice writes the returned forms")


def docgen(folder: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run this checkout's docgen in ``folder`` (a register of its own), in Chinese or ``lang``."""
    env = dict(os.environ, DOCGEN_REGISTER=str(folder / "登记簿.sqlite"))
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        env.pop(var, None)
    if lang is not None:
        env.update(LANG=lang, LC_ALL=lang)
    return subprocess.run(
        [sys.executable, str(ROOT / "tests" / "kill_at.py"), "-", *args],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The office's folder: the units list, the targets, the blank forms sent, the forms returned."""
    folder = tmp_path_factory.mktemp("office")
    (folder / "乡镇.yaml").write_text(MAKER.UNITS_YAML, encoding="utf-8")
    (folder / "目标.yaml").write_text(MAKER.TARGETS_YAML, encoding="utf-8")
    sent = docgen(folder, "collect", "forms", "--units", "乡镇.yaml", "-o", "下发", "--deadline", "2026-12-10")
    assert sent.returncode == 0, sent.stderr
    MAKER.make(folder / "回收")
    return folder


EXPECTED_ERRORS = [
    "错误：回收/南漳镇-重点项目谋划储备基本情况表.xlsx，工作表 基本情况表，第 5 行，第 D（*建设性质） 列："
    "应为新建、续建、改扩建、迁建之一，而不是“新开工”",
    "错误：回收/南漳镇-重点项目谋划储备基本情况表.xlsx，工作表 基本情况表，第 5 行，第 I（*计划开工时间） 列："
    "不是日期：“2027.13.1”；请写成 2023-05-06、2023.5.6 或 2023年5月6日，或使用日期格式的单元格",
    "错误：回收/南漳镇-重点项目谋划储备基本情况表.xlsx，工作表 基本情况表，第 5 行，第 H（年度计划投资（万元）） 列："
    "年度计划投资 12000 大于总投资 9000",
    "错误：回收/南漳镇-重点项目谋划储备基本情况表.xlsx，工作表 基本情况表，第 6 行，第 G（*总投资（万元）） 列："
    "不是数字：“待定”；请写成 1234.5、1,234.5 或 1234.5万元",
    "错误：回收/南漳镇-重点项目谋划储备基本情况表.xlsx，工作表 基本情况表，第 6 行，第 K（*审批情况） 列："
    "应为已审批、已核准、已备案、办理中、未办理之一，而不是“已批”",
    # a town not asked: the row and cell of its 填报单位, and what to do (was: no row, no advice)
    "错误：回收/南陈乡-重点项目谋划储备基本情况表.xlsx，工作表 基本情况表，第 2 行，第 A 列，字段“填报单位”："
    "填报单位“南陈乡”不在单位名单中：如该单位应当报送，请把它加入单位名单；否则请把这份表移出回收文件夹",
    # returned twice: the second file, its 填报单位 row (was: the file only)
    "错误：回收/慈林镇-基本情况表（修改后）.xlsx，工作表 基本情况表，第 2 行，字段“填报单位”："
    "慈林镇报送了第二份表（第一份：慈林镇-基本情况表.xlsx）；请把两份表中的项目合为一份表重新报送（其中一份作废的，删去它）",
]


def test_merge_reports_every_problem_by_file_row_field_and_value_and_merges_the_rest(office: Path) -> None:
    merged = docgen(office, "collect", "merge", "回收", "--units", "乡镇.yaml", "-o", "汇总.xlsx", "--chase", "催报.xlsx")
    assert merged.returncode == 1, merged.stderr  # forms sent back
    lines = merged.stderr.splitlines()
    assert [line for line in lines if line.startswith("错误")] == EXPECTED_ERRORS
    assert "Traceback" not in merged.stderr
    assert lines[-5:] == [
        "应报单位 8 个，读取文件 10 个：已报送 5 个，零报送 1 个，退回修改 2 个，未报送 0 个。",
        "汇总项目 12 个，总投资 13.45 亿元。",
        "零报送：色头镇",
        "退回修改：慈林镇（1）、南漳镇（5）",
        # the parts of 总投资 the office keeps beside the form (P, Q) are not merged: said (collect12)
        "大堡头镇（大堡头镇基本情况表（含公式）.xlsx）：表中多出的列未汇总：第 P 列（无表头）、第 Q 列（无表头）",
    ]
    book = openpyxl.load_workbook(office / "汇总.xlsx")
    rows = list(book["汇总"].iter_rows(values_only=True))
    head = rows[0]
    projects = {r[head.index("项目名称")]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert len(projects) == 12
    total = "总投资（万元）"
    # numbers typed as text, with 亿/万 in the cell, and formulas (their value as Calc computed it)
    assert projects["丹朱镇新能源电池材料项目"][total] == 12000.5  # "12,000.50", a 序号 column inserted
    assert projects["鲍店镇高端装备制造产业园"][total] == 12000  # "1.2亿", merged two-row header
    assert projects["鲍店镇文旅康养综合体"][total] == 25000  # "2.5亿元"
    assert projects["石哲镇中药材加工项目"][total] == 3500  # "3500万"
    assert projects["大堡头镇煤层气综合利用项目"][total] == 20000  # =P5+Q5
    assert projects["宋村乡肉牛养殖基地"][total] == 18000  # "1.8亿", rows deleted, sheet renamed
    # dates typed 2027.3.1 / 2027年5月 / 2026.12.28
    start = "计划开工时间"
    assert projects["丹朱镇新能源电池材料项目"][start] == dt.datetime(2027, 3, 1)
    assert projects["丹朱镇污水处理厂提标改造"][start] == dt.datetime(2027, 5, 1)
    assert projects["石哲镇光伏发电项目"][start] == dt.datetime(2026, 12, 28)
    assert projects["宋村乡肉牛养殖基地"]["来源行"] == 3
    assert sum(Decimal(str(p[total])) for p in projects.values()) == Decimal("134500.5")
    states = {r[0]: r[1] for r in book["报送情况"].iter_rows(min_row=2, values_only=True)}
    assert states == {
        "丹朱镇": "已报送", "鲍店镇": "已报送", "石哲镇": "已报送", "大堡头镇": "已报送",
        "慈林镇": "退回修改", "色头镇": "零报送", "南漳镇": "退回修改", "宋村乡": "已报送",
    }  # fmt: skip
    chase = [r[:5] for r in openpyxl.load_workbook(office / "催报.xlsx").active.iter_rows(min_row=2, values_only=True)]
    assert chase == [("慈林镇", "退回修改", 1, "钱五", "0355-8221005"), ("南漳镇", "退回修改", 5, "周七", "0355-8221007")]


def test_the_weekly_bulletin_counts_the_merged_pool_against_the_targets(office: Path) -> None:
    pool = office / "汇总.xlsx"
    if not pool.exists():
        docgen(office, "collect", "merge", "回收", "--units", "乡镇.yaml", "-o", "汇总.xlsx")
    made = docgen(
        office, "progress", "汇总.xlsx", "--targets", "目标.yaml", "--as-of", "2026-12-04",
        "--letterhead", "zhangzi-zdxmb", "-o", "周通报.docx", "--xlsx", "进展.xlsx",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[0] == "长重点〔2026〕1号：周通报.docx"
    assert "8 个单位，8 个未达到要求：丹朱镇、鲍店镇、石哲镇、大堡头镇、慈林镇、色头镇、南漳镇、宋村乡" in made.stdout
    # the towns sent back count as none: said, not left for the 通报's reader to wonder (was: silent)
    assert (
        "警告：汇总.xlsx，工作表 报送情况：慈林镇、南漳镇：项目库的报送情况为退回修改或未报送，"
        "这些单位的项目不在项目库中，通报中按没有项目计"
    ) in made.stderr.splitlines()
    figures = {
        (r[1], r[2]): r for r in openpyxl.load_workbook(office / "进展.xlsx").active.iter_rows(min_row=2, values_only=True)
    }
    assert figures[("丹朱镇", "入库项目个数")][6] == 3
    assert figures[("丹朱镇", "入库项目总投资")][6] == pytest.approx(2.26)
    assert figures[("鲍店镇", "亿元以上项目个数")][6] == 2  # 1.2亿 and 2.5亿元
    assert figures[("大堡头镇", "入库项目总投资")][6] == pytest.approx(3.36)  # formulas' values
    assert figures[("慈林镇", "入库项目个数")][6] == 0  # sent back: not in the pool
    again = docgen(
        office, "progress", "汇总.xlsx", "--targets", "目标.yaml", "--as-of", "2026-12-04",
        "--letterhead", "zhangzi-zdxmb", "-o", "周通报.docx",
    )  # fmt: skip
    assert again.returncode == 0, again.stderr  # the same week again: the same number, the same 通报
    assert again.stdout.splitlines()[0] == "长重点〔2026〕1号：周通报.docx"
    other = docgen(
        office, "progress", "汇总.xlsx", "--targets", "目标.yaml", "--as-of", "2026-12-04",
        "--letterhead", "zhangzi-zdxmb", "-o", "周通报-改.docx", "--to", "各乡镇人民政府",
    )  # fmt: skip
    assert other.returncode == 1  # the same week made otherwise: refused, with the command to void it
    assert other.stderr.splitlines()[-1] == (
        f"错误：长重点〔2026〕1号 此前已按同一日期和目标任务生成（{office / '周通报.docx'}），与这次的不同，不会覆盖；"
        "如需重新生成，请先作废该文号：docgen register void 长重点〔2026〕1号 --reason 原因"
    )


def _chinese_sentences(text: str, content: list[str]) -> list[str]:
    """Return lines holding Chinese that is neither document content (file, unit, project names,
    values) nor a 公文 term beside English words (tests/test_catalog.py's rule for English)."""
    bad = []
    for line in text.splitlines():
        stripped = re.sub(r"长重点〔\d{4}〕\d+号", "", line)
        stripped = re.sub(r"“[^”]*”|'[^']*'|\"[^\"]*\"", "", stripped)
        for word in sorted(content, key=len, reverse=True):
            stripped = stripped.replace(word, "")
        if not CJK.search(stripped):
            continue
        if re.search(r"[\u4e00-\u9fff]{9,}", stripped) or not re.search(r"[A-Za-z]{2,}", stripped):
            bad.append(line)
    return bad


def test_the_cycle_speaks_english_under_an_english_locale(office: Path) -> None:
    """LANG and LC_ALL en_US.UTF-8: help, merge's problems and summary, progress's summary in English."""
    content = [*TOWNS, "南陈乡", "回收/", "汇总-en.xlsx", "周通报-en.docx", "乡镇.yaml", "目标.yaml", "催报-en.md"]
    content += ["催报-en-填报问题清单.csv"]
    content += [p.name for p in (office / "回收").iterdir()]
    merged = docgen(
        office, "collect", "merge", "回收", "--units", "乡镇.yaml", "-o", "汇总-en.xlsx", "--chase", "催报-en.md",
        "--letterhead", "zhangzi-zdxmb", "--deadline", "2026-12-10", "--date", "2026-12-07", lang=ENGLISH,
    )  # fmt: skip
    assert merged.returncode == 1
    # what is written goes to the towns: Chinese whatever the locale (was: the 问题清单 the 催报 notice
    # attaches in English — “choose one of …, not '新开工'” — beside Chinese locations)
    problems = (office / "催报-en-填报问题清单.csv").read_text(encoding="utf-8-sig")
    assert "应为新建、续建、改扩建、迁建之一，而不是“新开工”" in problems
    assert not re.search(r"[A-Za-z]{3,}", problems.replace(".xlsx", ""))
    assert "慈林镇\n- 南漳镇" in (office / "催报-en.md").read_text(encoding="utf-8")
    sheet = openpyxl.load_workbook(office / "汇总-en.xlsx")["问题清单"]
    assert sheet.cell(row=2, column=6).value == "应为新建、续建、改扩建、迁建之一，而不是“新开工”"
    assert "Sent back: 慈林镇 (1), 南漳镇 (5)" in merged.stderr  # was “慈林镇（1）、南漳镇（5）”
    assert "12 projects merged, total investment 1,345.01 million yuan." in merged.stderr  # was “总投资 13.45 亿元”
    assert "choose one of 新建, 续建, 改扩建, 迁建, not '新开工'" in merged.stderr
    made = docgen(
        office, "progress", "汇总-en.xlsx", "--targets", "目标.yaml", "--as-of", "2026-12-11",
        "--letterhead", "zhangzi-zdxmb", "-o", "周通报-en.docx", lang=ENGLISH,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "8 units, 8 behind: 丹朱镇, 鲍店镇, 石哲镇" in made.stdout
    helps = [
        docgen(office, *command, "--help", lang=ENGLISH).stdout
        for command in (("collect", "forms"), ("collect", "merge"), ("progress",))
    ]
    leftovers = [
        line for text in (merged.stderr, made.stdout + made.stderr, *helps) for line in _chinese_sentences(text, content)
    ]
    assert leftovers == [], "\n".join(leftovers)


def test_a_form_saved_as_ods_or_sent_packed_is_named_not_left_unanswered(office: Path) -> None:
    """A town on LibreOffice saves its form as .ods; another sends a .zip.  Before: both skipped without
    a word, the towns listed 未报送 and chased although they had answered."""
    folder = office / "回收-ods"
    folder.mkdir()
    soffice = soffice_path()
    assert soffice is not None
    subprocess.run(
        [str(soffice), f"-env:UserInstallation=file://{office / 'profile'}", "--headless", "--convert-to", "ods",
         "--outdir", str(folder), str(office / "回收" / "宋村乡.xlsx")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (folder / "丹朱镇补报.zip").write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip archive
    merged = docgen(office, "collect", "merge", "回收-ods", "--units", "乡镇.yaml", "-o", "汇总-ods.xlsx")
    assert merged.returncode == 1
    lines = merged.stderr.splitlines()
    assert "错误：回收-ods/宋村乡.ods：LibreOffice 自己格式的表格不能读取：请打开它，另存为 .xlsx" in lines
    assert "警告：回收-ods/丹朱镇补报.zip：这是压缩包，其中的表没有读取：请解压到这个文件夹中" in lines
    assert "退回修改：宋村乡（1）" in lines


def test_forms_sent_under_an_english_locale_are_chinese_forms(office: Path) -> None:
    """The blank forms go to the towns: their notes and the checks Excel pops up are Chinese whatever the
    sender's locale (was: “choose from the list”, “a number of 万元, not below 0” in the towns' forms)."""
    sent = docgen(office, "collect", "forms", "--units", "乡镇.yaml", "-o", "下发-en", lang=ENGLISH)
    assert sent.returncode == 0, sent.stderr
    assert sent.stderr.strip().splitlines()[-1] == "8 forms written."
    sheet = openpyxl.load_workbook(office / "下发-en" / "丹朱镇-重点项目谋划储备基本情况表.xlsx").active
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    texts += [c.comment.text for row in sheet.iter_rows() for c in row if c.comment]
    texts += [t for v in sheet.data_validations.dataValidation for t in (v.error, v.prompt) if t]
    assert "请从列表中选择" in texts
    assert [t for t in texts if re.search(r"[A-Za-z]{3,}", t)] == []


def test_a_form_behind_a_cover_sheet_is_found(office: Path) -> None:
    """鲍店镇 puts a sheet 填报说明 before the form (now on Sheet2).  Before: “工作表 填报说明：前 10 行中没有
    找到表头”, the form sent back; now the sheet holding the form's header is read."""
    folder = office / "封面"
    folder.mkdir()
    width = len(MAKER.HEADER)
    form = [*MAKER._preamble("鲍店镇", width), MAKER.HEADER]
    form.append(MAKER._row("鲍店镇智能制造产业园", "鲍店镇投资公司", "新建", "1.2亿", 3000, "2027.2.20", "已核准"))
    cover = [["本表由鲍店镇经济发展办公室填报"], ["联系人：李二"]]
    source = folder / "鲍店镇.fods"
    source.write_text(MAKER.fods([("填报说明", cover), ("Sheet2", form)]), encoding="utf-8")
    soffice = soffice_path()
    assert soffice is not None
    subprocess.run(
        [str(soffice), f"-env:UserInstallation=file://{office / 'profile'}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    source.unlink()
    merged = docgen(office, "collect", "merge", "封面", "--units", "乡镇.yaml", "-o", "汇总-封面.xlsx")
    assert "错误" not in merged.stderr, merged.stderr
    assert "汇总项目 1 个，总投资 1.20 亿元。" in (merged.stdout + merged.stderr).splitlines()
    rows = list(openpyxl.load_workbook(office / "汇总-封面.xlsx")["汇总"].iter_rows(values_only=True))
    assert rows[1][1:3] == ("鲍店镇", "鲍店镇智能制造产业园")


def test_the_same_form_saved_twice_is_read_once(office: Path) -> None:
    """丹朱镇.xlsx and 丹朱镇(1).xlsx (a download saved twice): one warning, the form read once.  Before: an
    error, 丹朱镇 sent back and chased; two different forms (慈林镇) are still refused."""
    import shutil

    folder = office / "两次"
    folder.mkdir()
    first = office / "回收" / "丹朱镇-重点项目谋划储备基本情况表.xlsx"
    shutil.copy(first, folder / first.name)
    shutil.copy(first, folder / "丹朱镇-重点项目谋划储备基本情况表(1).xlsx")
    for name in ("慈林镇-基本情况表.xlsx", "慈林镇-基本情况表（修改后）.xlsx"):
        shutil.copy(office / "回收" / name, folder / name)
    merged = docgen(office, "collect", "merge", "两次", "--units", "乡镇.yaml")
    lines = (merged.stdout + merged.stderr).splitlines()
    assert (
        "警告：两次/丹朱镇-重点项目谋划储备基本情况表.xlsx：丹朱镇把同一份表报送了两次"
        "（第一份：丹朱镇-重点项目谋划储备基本情况表(1).xlsx），只读取一次"
    ) in lines
    assert "汇总项目 3 个，总投资 2.26 亿元。" in lines
    assert "退回修改：慈林镇（1）" in lines


def test_a_unit_named_otherwise_in_the_targets_is_pointed_out(office: Path) -> None:
    """The targets say 宋村, the forms 宋村乡: the 通报 counted 宋村 as having nothing and listed 宋村乡 apart,
    and the clerk was told nothing.  Now a warning names both."""
    pool = office / "汇总.xlsx"
    if not pool.exists():
        docgen(office, "collect", "merge", "回收", "--units", "乡镇.yaml", "-o", "汇总.xlsx")
    targets = MAKER.TARGETS_YAML.replace("南漳镇, 宋村乡]", "南漳镇, 宋村]")
    (office / "目标-宋村.yaml").write_text(targets, encoding="utf-8")
    made = docgen(
        office, "progress", "汇总.xlsx", "--targets", "目标-宋村.yaml", "--as-of", "2026-12-04",
        "--letterhead", "zhangzi-zdxmb", "-o", "周通报-宋村.docx",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (
        "警告：目标-宋村.yaml：宋村乡在项目库中有项目而没有目标任务，宋村有目标任务而没有项目：如果是同一个单位，"
        "请在两处写成同一个名称"
    ) in made.stderr.splitlines()


def test_a_town_listed_twice_in_the_units_file_is_named_once(tmp_path: Path) -> None:
    """Before: ““丹朱镇”同时是丹朱镇和丹朱镇的名称”."""
    (tmp_path / "乡镇.yaml").write_text("单位:\n  - 名称: 丹朱镇\n  - 名称: 丹朱镇\n", encoding="utf-8")
    sent = docgen(tmp_path, "collect", "forms", "--units", "乡镇.yaml", "-o", "下发")
    assert sent.returncode == 1
    assert sent.stderr.splitlines() == ["错误：乡镇.yaml，第 3 行：“丹朱镇”在名单中写了两次"]


def test_notes_in_brackets_in_the_header_are_read_past(office: Path) -> None:
    """Headers a town annotated: 项目名称（全称）, 计划开工时间（年月）, 审批（核准、备案）情况.  Before: “第 4 行：缺少列
    项目名称（也接受：项目）”, the form sent back; the amount unit in brackets (（亿元）) still counts."""
    folder = office / "表头"
    folder.mkdir()
    head = list(MAKER.HEADER)
    head[0], head[6], head[8], head[10] = "项目名称（全称）", "总投资（亿元）", "计划开工时间（年月）", "审批（核准、备案）情况"
    width = len(head)
    rows = [*MAKER._preamble("石哲镇", width), head, MAKER._row("石哲镇光伏储能项目", "某公司", "新建", 1.5, 0.3, "2027.3", "已备案")]
    source = folder / "石哲镇.fods"
    source.write_text(MAKER.fods([("基本情况表", rows)]), encoding="utf-8")
    soffice = soffice_path()
    assert soffice is not None
    subprocess.run(
        [str(soffice), f"-env:UserInstallation=file://{office / 'profile'}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    source.unlink()
    merged = docgen(office, "collect", "merge", "表头", "--units", "乡镇.yaml")
    lines = (merged.stdout + merged.stderr).splitlines()
    assert merged.returncode == 0, lines
    assert "汇总项目 1 个，总投资 1.50 亿元。" in lines
