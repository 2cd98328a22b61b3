"""Documents a county clerk wrote from the README alone (tests/fixtures/outsider/), each reproducing a
defect found by using docgen as a new user: rendered, converted by LibreOffice, checked."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import outsider_ledgers
import pypdf
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT

from docgen.check.rules import Status
from docgen.check.run import Report, check_files
from docgen.cli import main_group
from docgen.compose.supervision import deadlines
from docgen.convert.pool import ConverterPool
from docgen.errors import DataError
from docgen.issue import issue_notice
from docgen.layout.breaks import plain
from docgen.load.office_template import read_office_header
from docgen.load.supervision import load_supervision
from docgen.model import Heading, Paragraph, Table
from docgen.notices import compose_notice_file, render_notice_file
from docgen.records import SupervisionStatus
from docgen.register import KIND_DOCUMENT, Register
from docgen.run_resources import RunResources

INPUTS = ROOT / "tests" / "fixtures" / "outsider"


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory, pool: ConverterPool) -> dict[str, tuple[Report, Report]]:
    """Render, convert and check the long-抄送 notice, the 函 and the joint notice: .docx and PDF reports."""
    folder = tmp_path_factory.mktemp("outsider")
    docx = []
    for name in ("notice-cc", "letter", "joint"):
        target = folder / f"{name}.docx"
        target.write_bytes(render_notice_file(INPUTS / f"{name}.md", RunResources()).data)
        docx.append(target)
    outcomes = pool.convert([(d, folder / f"{d.stem}.pdf") for d in docx])
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    rendered = {d: o.target for d, o in zip(docx, outcomes, strict=True)}
    reports = check_files([*docx, *rendered.values()], rendered=rendered)
    by_path = {r.path: r for r in reports}
    return {d.stem: (by_path[d], by_path[rendered[d]]) for d in docx}


def _status(report: Report, rule_id: str) -> Status:
    (finding,) = [f for f in report.findings if f.rule.id == rule_id]
    return finding.status


@pytest.mark.parametrize("name", ["notice-cc", "letter"])
def test_a_long_cc_list_wrapping_to_many_lines_is_the_imprint_not_small_body_text(
    checked: dict[str, tuple[Report, Report]], name: str
) -> None:
    # 17 抄送机关 wrap to 5 lines (6 in the 函): every one is 版记 text at 4号 (7.4), not body text (7.3.3)
    for report in checked[name]:
        assert _status(report, "body.size.pdf") is Status.PASS, [
            (f.rule.id, f.measured) for f in report.failed
        ]
        assert report.failed == [], [(f.rule.id, f.measured) for f in report.failed]


def test_a_title_line_ending_in_yinfa_is_not_the_imprint(checked: dict[str, tuple[Report, Report]]) -> None:
    # the title's second line ends “……关于印发”: imprint.page.pdf said the 版记 was on pages 1 and 2
    for report in checked["joint"]:
        assert _status(report, "imprint.page.pdf") is Status.PASS
        assert report.failed == [], [(f.rule.id, f.measured) for f in report.failed]


def test_a_letters_number_under_the_double_line_is_found_and_judged(
    checked: dict[str, tuple[Report, Report]],
) -> None:
    docx, pdf = checked["letter"]
    for report in (docx, pdf):  # was: 不适用 on the .docx, 不符合 “-” on the PDF
        (finding,) = [f for f in report.findings if f.rule.id == "number.format"]
        assert finding.status is Status.PASS
        assert "长重点函〔2025〕" in finding.measured


def test_a_written_number_ahead_of_the_series_names_the_file_line_and_the_way_to_continue(
    tmp_path: Path,
) -> None:
    # an office at 30 writes 发文字号: 长重点〔2025〕31号 on its first docgen 请示 (was: a bare register
    # message without file, line or field, and no word of register start)
    source = tmp_path / "request-signer.md"
    source.write_text((INPUTS / "request-signer.md").read_text(encoding="utf-8"), encoding="utf-8")
    with Register.open(tmp_path / "r.sqlite") as reg:
        with pytest.raises(DataError) as caught:
            issue_notice(source, "王建华", RunResources(), reg, pdf=False)
        message = str(caught.value)
        assert message.startswith(f"{source}，第 4 行，字段“发文字号”：长重点〔2025〕31号 ")
        assert "长重点〔2025〕1号" in message
        assert "docgen register start --series 长重点 --year 2025 --next 31" in message
        assert reg.next_free(KIND_DOCUMENT, "长重点", 2025) == 1  # nothing taken
        reg.start(KIND_DOCUMENT, "长重点", 2025, 31)  # what the message says to do
        assert issue_notice(source, "王建华", RunResources(), reg, pdf=False).number == "长重点〔2025〕31号"


def test_python_dash_m_docgen_runs_the_command(tmp_path: Path) -> None:
    # `python -m docgen ...` was "No module named docgen.__main__"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "zh_CN.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "render", str(INPUTS / "order.md"), "-o", str(tmp_path / "令.docx")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "令.docx").stat().st_size > 5_000
    wrong = subprocess.run(
        [sys.executable, "-m", "docgen", "nosuch"], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )
    assert wrong.returncode == 2
    assert "用法： docgen " in wrong.stderr


RULES = """\
title: 重点项目建设进展情况排名
groups:
  乡镇: [丹朱镇, 鲍店镇, 石哲镇, 大堡头镇, 慈林镇]
  功能区: [长子经济技术开发区]
indicators:
  - {key: completion_rate, weight: 70, method: ratio, target: schedule, cap: 1.2}
  - {key: start_rate, weight: 30, method: steps, step: 0.05}
advanced: 2
lagging: 1
"""


def _opening(path: Path) -> list[str]:
    """Return the 主送 and the first paragraphs of a 通报's body."""
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    return paragraphs[3:7]


def _cli(*args: str, register: Path) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def test_a_county_office_reports_on_its_county_and_a_city_office_on_its_city(tmp_path: Path) -> None:
    # progress said 各县（市、区）重点项目办 and 全市 for the 长子县 office (rank said 全县 for 三门峡市);
    # the office ledger is kept as clerks do: one sheet a month, title, 单位：万元, merged header, 合计
    ledger = outsider_ledgers.projects(tmp_path / "项目台账-2025.xlsx")
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    register = tmp_path / "r.sqlite"
    pools = ROOT / "samples" / "progress"
    done = _cli(
        "rank", str(ledger), "--month", "2025-05", "--previous", str(ledger), "--rules", str(rules),
        "--letterhead", "sanmenxia", "-o", str(tmp_path / "市排名.docx"), "--date", "2025-06-05", register=register,
    )
    assert done.exit_code == 0, done.output
    to, opening, _heading, overall = _opening(tmp_path / "市排名.docx")
    assert to == "各县（市、区）人民政府，市直各有关单位："
    assert "全市" in opening
    assert overall.startswith("截至5月底，全市纳入调度的重点项目15个")
    for name, extra, expected in [
        ("县通报", [], "各乡镇人民政府，县直各有关单位："),
        ("县通报-主送", ["--to", "各乡镇人民政府，开发区管委会"], "各乡镇人民政府，开发区管委会："),
    ]:
        done = _cli(
            "progress", str(pools / "项目库-2020-10-16.xlsx"), "--targets", str(pools / "目标.yaml"),
            "--as-of", "2020-10-16" if not extra else "2020-10-09", "--letterhead", "zhangzi-zdxmb",
            "-o", str(tmp_path / f"{name}.docx"), *extra, register=register,
        )
        assert done.exit_code == 0, done.output
        to, _opening_line, _heading, overall = _opening(tmp_path / f"{name}.docx")
        assert to == expected
        assert "全县入库项目" in overall
        assert "全市" not in overall


def test_an_odt_draft_is_refused_with_the_way_to_read_it(tmp_path: Path) -> None:
    # LibreOffice's own format, as a clerk saves a draft there (was: "not .odt", with no way forward)
    done = _cli("format", str(INPUTS / "drafts" / "通知草稿.odt"), "--dry-run", register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert "通知草稿.odt：不能读取 .odt 文件；请用 Word 或 WPS 打开，另存为 .docx" in done.output
    # the same draft saved as .docx by LibreOffice is recognised: title, 主送, three headings, table
    done = _cli("format", str(INPUTS / "drafts" / "通知草稿.docx"), "--dry-run", register=tmp_path / "r.sqlite")
    assert "标题：关于开展2025年第四季度重点项目集中开工活动的通知" in done.output
    assert "表格：3 行 × 5 列" in done.output


def test_an_office_supervision_ledger_is_read_as_the_office_wrote_it(tmp_path: Path) -> None:
    # title row, 办理情况 over 状态/反馈日期, a merged 责任单位, a blank row, dates typed three ways;
    # 状态 as offices write it (正在办理, 已完成) and 办理时限 "10个工作日内" were refused
    items, problems = load_supervision(outsider_ledgers.supervision(tmp_path / "督办台账.xlsx"))
    assert problems == []
    by_code = {item.code: item for item in items}
    assert [item.project for item in items][:2] == ["长子县标准化厂房项目（二期）", "长子县农产品冷链仓储项目"]
    second = by_code["DB-2025-102"]
    assert (second.unit, second.limit_days, second.status) == ("丹朱镇", 10, SupervisionStatus.IN_PROGRESS)
    assert second.assigned == dt.date(2025, 10, 13)
    assert by_code["DB-2025-103"].status is SupervisionStatus.DONE
    assert by_code["DB-2025-101"].assigned == dt.date(2025, 10, 9)


def test_a_standing_decision_is_minuted_and_never_overdue(tmp_path: Path) -> None:
    # 时限 “长期坚持” (as the sample 纪要's own item 4 says) refused the whole sheet
    sheet = outsider_ledgers.decisions(tmp_path / "议定事项.xlsx")
    meeting = tmp_path / "会议.yaml"
    meeting.write_text(outsider_ledgers.MEETING, encoding="utf-8")
    register = tmp_path / "r.sqlite"
    done = _cli("minutes", str(sheet), "--meeting", str(meeting), "--out", str(tmp_path / "纪要"), register=register)
    assert done.exit_code == 0, done.output
    (written,) = (tmp_path / "纪要").glob("*.docx")
    text = plain("\n".join(p.text for p in docx.Document(str(written)).paragraphs))
    assert "4.联席会议办公室每周调度议定事项落实情况（责任单位：联席会议办公室；责任人：李晓明；完成时限：长期坚持）" in text
    assert "完成时限：2025年11月18日前，15个工作日）" in text
    done = _cli(
        "minutes", str(sheet), "--meeting", str(meeting), "--overdue", "--as-of", "2026-06-30",
        "--out", str(tmp_path / "督办"), register=register,
    )
    assert done.exit_code == 0, done.output
    # items 1 and 3 are late by then; 2 is done, 4 stands
    assert sorted(p.name.split("议定事项")[-1] for p in (tmp_path / "督办").glob("*.docx")) == [
        "第1项.docx",
        "第3项.docx",
    ]


def test_the_sample_receipt_form_fills_from_an_office_ledger_with_a_two_row_header(tmp_path: Path) -> None:
    # 状态 under a merged 办理情况: supervise reads it by its lower name; merge refused the sample form
    # (“占位符 r.状态 不是台账的列；最接近的：办理情况_状态”)
    ledger = outsider_ledgers.supervision(tmp_path / "督办台账.xlsx")
    done = CliRunner().invoke(main_group, ["merge", "--fields", str(ledger)])
    assert '{{ 状态 }}\t{{ row["办理情况 状态"] }}' in done.output
    out = tmp_path / "回执"
    form = ROOT / "samples" / "merge" / "回执.docx"
    done = _cli("merge", str(form), str(ledger), "--per", "责任单位", "--out", str(out), register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.glob("*.docx")) == ["丹朱镇-回执.docx", "县住建局-回执.docx", "鲍店镇-回执.docx"]
    rows = [[c.text for c in r.cells] for r in docx.Document(str(out / "丹朱镇-回执.docx")).tables[0].rows]
    assert [r[1] for r in rows[1:]] == ["DB-2025-101", "DB-2025-102"]  # the merged 责任单位 counts for both
    # 办理时限 “15个工作日” printed “15个工作日个工作日”; an item written 已完成 was listed as open
    assert [r[4] for r in rows[1:]] == ["2025年10月9日交办，15个工作日", "2025年10月13日交办，10个工作日"]
    rows = [[c.text for c in r.cells] for r in docx.Document(str(out / "县住建局-回执.docx")).tables[0].rows]
    assert rows == [["序号", "督办编号", "项目名称", "存在问题", "办理时限", "办理情况"]]  # DB-2025-103 已完成
    rows = [[c.text for c in r.cells] for r in docx.Document(str(out / "鲍店镇-回执.docx")).tables[0].rows]
    assert rows[1][4] == "2025年10月20日交办，15个工作日"  # a plain 15: working days
    notices = tmp_path / "通知"
    done = _cli("merge", str(ROOT / "samples" / "merge" / "通知.docx"), str(ledger), "--per", "责任单位",
                "--out", str(notices), register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    texts = [p.text for p in docx.Document(str(notices / "县住建局-通知.docx")).paragraphs]
    assert any("共有挂牌督办事项1项，其中尚未办结0项" in t for t in texts)
    # “15天” is 15 calendar days (the lead's decision): the form says 15日
    book = openpyxl.load_workbook(ledger)
    book.active["K9"] = "15天"  # 鲍店镇's item
    book.save(ledger)
    again = tmp_path / "回执2"
    done = _cli("merge", str(form), str(ledger), "--per", "责任单位", "--out", str(again), register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    rows = [[c.text for c in r.cells] for r in docx.Document(str(again / "鲍店镇-回执.docx")).tables[0].rows]
    assert rows[1][4] == "2025年10月20日交办，15日"


def test_importing_an_office_register_reports_a_number_used_twice(tmp_path: Path) -> None:
    # docgen issued 长重点〔2025〕1号; the office's own 发文登记 has another 1号: that was passed over as
    # “1 个已在登记簿中”, hiding a 重号
    source = tmp_path / "notice-cc.md"
    source.write_text((INPUTS / "notice-cc.md").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(INPUTS / "attachments", tmp_path / "attachments")
    register = tmp_path / "r.sqlite"
    with Register.open(register) as reg:
        assert issue_notice(source, "王建华", RunResources(), reg, pdf=False).number == "长重点〔2025〕1号"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["长子县重点项目办公室2025年发文登记簿"])
    sheet.append(["序号", "文号", "标题", "成文日期"])
    sheet.append([1, "长重点[2025]1号", "关于印发2025年重点项目计划的通知", "2025.1.10"])
    sheet.append([2, "长重点（2025）002号", "关于一季度重点项目观摩的通知", "2025年3月5日"])
    book.save(tmp_path / "发文登记.xlsx")
    done = _cli("register", "import", str(tmp_path / "发文登记.xlsx"), register=register)
    assert done.exit_code == 1
    assert (
        "发文登记.xlsx，第 3 行，字段“发文字号”：长重点〔2025〕1号 在登记簿中是“关于2025年10月份全县重点项目督查情况的通报”，"
        "而不是“关于印发2025年重点项目计划的通知”：同一个号用了两次" in done.output
    )
    with Register.open(register) as reg:
        assert reg.next_free(KIND_DOCUMENT, "长重点", 2025) == 3  # 2号 recorded all the same


def test_a_typst_preview_names_the_font_families_as_a_libreoffice_one_does(tmp_path: Path) -> None:
    # the summary said “NotoSansCJKsc-Regular-Identity-H” (the Type 0 font name with its CMap) for Typst
    target = tmp_path / "令.pdf"
    done = _cli("preview", str(INPUTS / "order.md"), "-o", str(target), "--engine", "typst", register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    assert "字体：AR PL UKai CN, Noto Sans CJK SC, Noto Serif CJK SC, Noto Serif CJK SC Bold）" in done.output
    assert "Identity" not in done.output


def test_an_office_sheet_attached_prints_as_a_table_under_its_title(tmp_path: Path) -> None:
    # the sheet's title row and 单位：万元 were printed as table rows under the 附件 title, the blank
    # row as an empty row, and only the upper row of the two-row header as the heading
    outsider_ledgers.start_list(tmp_path / "开工清单.xlsx")
    source = tmp_path / "通知.md"
    source.write_text(
        "---\n发文机关: zhangzi-zdxmb\n标题: 关于开展2025年第四季度重点项目集中开工活动的通知\n"
        "主送: 各乡镇人民政府，县直各有关单位\n成文日期: 2025-11-12\n"
        "附件:\n  - 标题: 2025年第四季度集中开工项目清单\n    文件: 开工清单.xlsx\n---\n"
        "经县政府同意，决定于11月20日开展第四季度重点项目集中开工活动，项目清单见附件。\n",
        encoding="utf-8",
    )
    doc = compose_notice_file(source, RunResources())
    (attachment,) = doc.attachments
    note, table = attachment.blocks
    assert note == Paragraph("单位：万元", indent=False)
    assert isinstance(table, Table)
    assert table.header_rows == 2
    assert table.rows[0] == ("序号", "项目名称", "责任单位", "总投资", "2025年计划", "", "开工日期", "备注")
    assert table.rows[1][4:6] == ("投资", "新开工")
    assert [row[0] for row in table.rows[2:]] == ["1", "2", "3", "合计"]  # no blank row; 合计 printed
    assert table.rows[2][6] == "2025年11月20日"
    assert render_notice_file(source, RunResources()).pages == 2


def test_a_clerks_typing_of_the_front_matter(tmp_path: Path) -> None:
    # 成文日期 二〇二五年十二月一日 was refused (format reads it); three 签发人 put their first line above
    # the number and the .docx check took it for the mark (mark.format 不符合)
    source = INPUTS / "quirks.md"
    doc = compose_notice_file(source, RunResources())
    assert doc.signature.date == dt.date(2025, 12, 1)
    target = tmp_path / "quirks.docx"
    target.write_bytes(render_notice_file(source, RunResources()).data)
    (report,) = check_files([target], render=False)
    assert _status(report, "mark.format") is Status.PASS
    assert _status(report, "number.format") is Status.PASS
    # a title typed with a closing 。 is refused at its line (7.3.1), as an attachment's name is (7.3.4)
    dotted = tmp_path / "dotted.md"
    dotted.write_text(
        source.read_text(encoding="utf-8").replace("考核工作的通知\n", "考核工作的通知。\n"), encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        compose_notice_file(dotted, RunResources())
    assert str(caught.value).startswith(f"{dotted}，第 5 行，字段“标题”：标题末尾不加标点符号（7.3.1）")


def test_a_draft_title_typed_on_two_lines_with_a_full_stop(tmp_path: Path) -> None:
    # the second line “考核工作的通知。” did not end with a kind of document (the 。 hid 通知): the title
    # was cut after its first line, and the 。 kept
    done = _cli("format", str(INPUTS / "drafts" / "标题带句号.txt"), "--letterhead", "zhangzi-zdxmb", "--dry-run",
                register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    assert "¶1-2  标题：关于做好重点项目考核工作的通知  〔2 行已合并；原写作 关于做好重点项目考核工作的通知。〕" in done.output


def test_headings_typed_without_a_hash_are_set_as_headings(tmp_path: Path) -> None:
    # “一、考核内容” typed as Word users do was set as a 仿宋 paragraph (headings.format 不符合 in
    # check), and a typed “附件：……” line printed the 附件说明 twice; decided: such a line is a heading
    # where `docgen format` would take it for one, and the front matter's 附件 win over a typed line
    done = _cli("render", str(INPUTS / "quirks.md"), "-o", str(tmp_path / "q.docx"), register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    notes = [line.split("：", 2)[2] for line in done.output.splitlines() if line.startswith("说明：")]
    assert notes == [
        "第 17 行按标题处理（手写编号“一、”，行首没有 #）",
        "第 18 行按标题处理（手写编号“（一）”，行首没有 #）",
        "第 19 行按标题处理（手写编号“(二)”，行首没有 #）",
        "第 20 行按标题处理（手写编号“1、”，行首没有 #）",
        "第 21 行按标题处理（手写编号“二、”，行首没有 #）",
        "第 23 行手写的附件说明未排印：附件说明由文头信息的“附件”生成（7.3.4）",
    ]
    doc = compose_notice_file(INPUTS / "quirks.md", RunResources())
    headings = [(b.level, b.label, b.text) for b in doc.body if isinstance(b, Heading)]
    assert headings == [
        (1, "一、", "考核内容"), (2, "（一）", "投资完成情况。"), (2, "（二）", "项目开工情况。"),
        (3, "1.", "前期手续办理。"), (1, "二、", "工作要求"),
    ]
    texts = [p.text for p in docx.Document(str(tmp_path / "q.docx")).paragraphs]
    assert [t for t in texts if t.startswith("附件：")] == ["附件：《2025年度重点项目建设考核细则》"]
    (report,) = check_files([tmp_path / "q.docx"], render=False)
    assert _status(report, "headings.format") is Status.PASS
    # without 附件 in the front matter the typed line is the 附件说明 (no attachment pages)
    bare = tmp_path / "bare.md"
    text = (INPUTS / "quirks.md").read_text(encoding="utf-8")
    bare.write_text(text[: text.index("附件:\n")] + text[text.index("---\n为做好") :], encoding="utf-8")
    doc = compose_notice_file(bare, RunResources())
    assert doc.attachment_titles == ("2025年度重点项目建设考核细则",)
    assert doc.attachments == ()
    done = _cli("render", str(bare), "-o", str(tmp_path / "b.docx"), register=tmp_path / "r")
    assert "附件说明" not in done.output
    texts = [p.text for p in docx.Document(str(tmp_path / "b.docx")).paragraphs]
    assert [t for t in texts if "考核细则" in t] == ["附件：2025年度重点项目建设考核细则"]
    # a source with # headings has nothing to say
    done = _cli("render", str(INPUTS / "request-signer.md"), "-o", str(tmp_path / "r.docx"), register=tmp_path / "r")
    assert "警告" not in done.output
    assert "说明" not in done.output


def test_a_folder_issued_from_another_register_is_named_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issuing into “.” from a second register said “错误：. 中有用另一本登记簿…”: the folder had no name
    source = tmp_path / "notice.md"
    sample = (ROOT / "samples" / "notices" / "zhangzi-2020-66.md").read_text(encoding="utf-8")
    source.write_text(sample.replace("长子政办发〔2020〕66号", "auto"), encoding="utf-8")
    out = tmp_path / "发文"
    out.mkdir()
    monkeypatch.chdir(out)
    first = _cli("issue", str(source), "--signer", "甲", "--no-pdf", "-o", ".", register=tmp_path / "a.sqlite")
    assert first.exit_code == 0, first.output
    second = _cli("issue", str(source), "--signer", "乙", "--no-pdf", "-o", ".", register=tmp_path / "b.sqlite")
    assert second.exit_code == 1
    assert f"{out.resolve()} 中有用另一本登记簿" in second.stderr
    assert "：. 中有" not in second.stderr


def test_a_time_limit_in_days_is_calendar_days(tmp_path: Path) -> None:
    # 办理时限 “15天” was read as 15 working days without a word; decided: 15天/15日 are 自然日,
    # a plain 15 and “15个工作日” stay working days
    ledger = outsider_ledgers.supervision(tmp_path / "督办台账.xlsx")
    book = openpyxl.load_workbook(ledger)
    book.active["K9"] = "15天"  # 鲍店镇, 交办 2025/10/20
    book.active["K8"] = "8日"  # 县住建局, 交办 2025年10月15日
    book.save(ledger)
    items, problems = load_supervision(ledger)
    assert problems == []
    by_unit = {item.unit: item for item in items if item.code != "DB-2025-102"}
    assert (by_unit["鲍店镇"].limit_days, str(by_unit["鲍店镇"].limit)) == (15, "15日")
    assert str(by_unit["县住建局"].limit) == "8日"
    assert str(by_unit["丹朱镇"].limit) == "15个工作日"
    calendar = RunResources().calendar
    assert deadlines(by_unit["鲍店镇"], 3, calendar).due == dt.date(2025, 11, 4)  # 10/20 + 15 days
    assert deadlines(by_unit["丹朱镇"], 3, calendar).due == dt.date(2025, 10, 29)  # 10/9 + 15 working days (10/11 works)
    done = _cli("supervise", str(ledger), "--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "督办"),
                register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    texts = {
        path.name: "".join(p.text for p in docx.Document(str(path)).paragraphs)
        for path in (tmp_path / "督办").glob("*.docx")
    }
    (baodian,) = [t for t in texts.values() if "鲍店镇：" in t]
    assert "2025年11月4日（星期二）前办结（办理时限15日）" in baodian
    assert "工作日）" not in baodian
    (danzhu,) = [t for t in texts.values() if "光伏" not in t and "丹朱镇：" in t and "标准化厂房" in t]
    assert "（办理时限15个工作日）" in danzhu


def test_a_header_with_a_number_typed_in_half_width_brackets_is_imported(tmp_path: Path) -> None:
    # letterhead-import said “版头中没有发文字号一行” for a LibreOffice draft holding 长重点[2025]032号
    # although `docgen format` reads that line as the 发文字号
    draft = INPUTS / "drafts" / "请示草稿.docx"
    done = _cli("letterhead-import", str(draft), "--key", "zhangzi-qs", "--out", str(tmp_path / "lh"),
                register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    written = (tmp_path / "lh" / "zhangzi-qs.yaml").read_text(encoding="utf-8")
    assert '代字: "长重点"' in written
    # the draft's 签发人 on that line would print in every document: said
    assert "警告：发文字号一行还有“签发人：王建华”" in done.output
    assert '标志: "长子县重点项目办公室文件"' in written
    header = read_office_header(draft)
    assert header.number_line is not None
    assert header.number_line.startswith("长重点[2025]032号")
    done = _cli("format", str(draft), "--letterhead", "zhangzi-zdxmb", "--dry-run", register=tmp_path / "r")
    assert "发文字号：长重点〔2025〕32号" in done.output  # the same reading


def test_a_preview_of_minutes_among_notices_makes_the_minutes_draft(tmp_path: Path) -> None:
    # `preview folder/` failed on a 纪要 .md among notices (“use docgen minutes”); decided: it is
    # previewed as `docgen minutes` makes its draft
    folder = tmp_path / "稿"
    folder.mkdir()
    for name in ("minutes.md", "request-signer.md"):
        shutil.copy(INPUTS / name, folder / name)
    done = _cli("preview", str(folder), "-o", str(tmp_path / "pdf"), register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    assert "已生成 2 份 PDF，0 份失败" in done.output
    drafted = _cli("minutes", str(folder / "minutes.md"), "--draft", "--pdf", "--out", str(tmp_path / "m"),
                   register=tmp_path / "r")
    assert drafted.exit_code == 0, drafted.output
    (made,) = (tmp_path / "m").glob("*.pdf")
    previewed = pypdf.PdfReader(tmp_path / "pdf" / "minutes.pdf")
    assert len(previewed.pages) == len(pypdf.PdfReader(made).pages) == 2
    text = previewed.pages[0].extract_text()
    assert "长子县重点项目建设联席会议纪要" in text
    assert "样" in text or "稿" in text  # the preview's watermark
    single = _cli("preview", str(folder / "minutes.md"), "-o", str(tmp_path / "one.pdf"), register=tmp_path / "r")
    assert single.exit_code == 0, single.output
    assert (tmp_path / "one.pdf").is_file()


def test_a_monthly_form_names_its_month(tmp_path: Path) -> None:
    # `collect forms --form 信息月报` named no month unless --title was given
    units = tmp_path / "乡镇.yaml"
    units.write_text("单位: [丹朱镇, 鲍店镇]\n", encoding="utf-8")
    done = _cli("collect", "forms", "--units", str(units), "--form", "信息月报", "--as-of", "2025-10-31",
                "-o", str(tmp_path / "下发"), register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    form = tmp_path / "下发" / "丹朱镇-2025年10月重点项目建设信息月报表.xlsx"
    assert openpyxl.load_workbook(form).active["A1"].value == "2025年10月重点项目建设信息月报表"
    done = _cli("collect", "forms", "--units", str(units), "--form", "信息月报", "--as-of", "2025-10-31",
                "--title", "十月调度表", "-o", str(tmp_path / "自定"), register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    assert (tmp_path / "自定" / "鲍店镇-十月调度表.xlsx").is_file()  # a title given is kept as written
    done = _cli("collect", "forms", "--units", str(units), "-o", str(tmp_path / "储备"), register=tmp_path / "r")
    assert (tmp_path / "储备" / "丹朱镇-重点项目谋划储备基本情况表.xlsx").is_file(), done.output  # not monthly
