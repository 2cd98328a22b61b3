"""Outsider session 6: the formats and engines less travelled (函, 令, 纪要, landscape tables, Typst,
docgen.toml, English).  Inputs come from tests/fixtures/outsider6/make_inputs.py; every command is a
real process of this checkout (real LibreOffice, real Typst); each test asserts what a secretary
expects and fails today (tests/fixtures/outsider6/DEFECTS.md gives the numbers)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import load_script

FIXTURES = ROOT / "tests" / "fixtures" / "outsider6"


def docgen(cwd: Path, *args: str, lang: str = "zh_CN.UTF-8") -> subprocess.CompletedProcess[str]:
    """Run this checkout's docgen in ``cwd`` (its docgen.toml applies) with a register of its own."""
    env = dict(os.environ, DOCGEN_REGISTER=str(cwd / "登记簿.sqlite"), LANG=lang, PYTHONPATH=str(ROOT))
    env.pop("LC_ALL", None)
    env.pop("LANGUAGE", None)
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """Return a folder holding the generated sources (src/) of outsider6."""
    script = tmp_path / "make_inputs.py"
    shutil.copy(FIXTURES / "make_inputs.py", script)
    load_script(script)  # writes tmp_path/src
    return tmp_path / "src"


def rules(output: str) -> dict[str, dict[str, object]]:
    """Return check's rules by id from its --json output (one file)."""
    report = json.loads(output[output.index("[") :])
    return {str(rule["id"]): rule for rule in report[0]["rules"]}


def test_rendered_notice_with_a_landscape_table_prints_on_even_pages(office: Path) -> None:
    """`render` of a notice with a 40-row 17-column attachment: LibreOffice prints its .docx on an even
    number of pages (the 版记 on the back of a sheet), as `preview` of the same source does."""
    done = docgen(office, "render", "通知-宽表.md", "-o", "out")
    assert done.returncode == 0, done.stderr
    checked = docgen(office, "check", "out/通知-宽表.docx", "--json")
    even = rules(checked.stdout)["pages.even.pdf"]
    assert even["status"] == "PASS", even


def test_misspelled_config_keys_are_named(tmp_path: Path) -> None:
    """docgen.toml with `letterhead` for `letterheads` and `engin` for `engine`: the secretary is told
    which key in which file is not known, instead of her letterhead folder being silently ignored."""
    folder = tmp_path / "我的版头"
    folder.mkdir()
    shutil.copy(ROOT / "letterheads" / "zhangzi-zdxmb.yaml", folder / "my-office.yaml")
    (tmp_path / "docgen.toml").write_text(
        '[paths]\nletterhead = ["我的版头"]\n[pdf]\nengin = "typst"\n', encoding="utf-8"
    )
    (tmp_path / "n.md").write_text(
        "---\n发文机关: my-office\n发文字号: 长重点〔2025〕31号\n标题: 关于报送重点项目进展情况的通知\n"
        "主送: 各乡镇人民政府\n成文日期: 2025-10-09\n---\n请于2025年10月15日前报送。\n",
        encoding="utf-8",
    )
    done = docgen(tmp_path, "render", "n.md", "-o", "n.docx")
    said = done.stdout + done.stderr
    assert "docgen.toml" in said, said
    assert re.search(r"letterhead(?!s)", said), said
    assert re.search(r"engin(?!e)", said), said


def test_check_does_not_call_a_minutes_a_bulletin(office: Path) -> None:
    """`check` of a 纪要 made by Typst: the 发文字号 rule is not applicable because it is a 纪要
    (10.3), not because it is a 简报; its red rule is measured from the 印发单位 line, not a 发文字号."""
    done = docgen(office, "preview", "纪要-调度会.md", "-o", "pdf", "--engine", "typst", "--no-watermark")
    assert done.returncode == 0, done.stderr
    checked = rules(docgen(office, "check", "pdf/纪要-调度会.pdf", "--json").stdout)
    assert "简报" not in str(checked["number.format"]["measured"]), checked["number.format"]
    assert "发文字号" not in str(checked["rule.position.pdf"]["measured"]), checked["rule.position.pdf"]
    assert checked["number.format"]["measured"] == "纪要没有发文字号（10.3）", checked["number.format"]
    rule = checked["rule.position.pdf"]
    assert "距印发单位和日期一行 4." in str(rule["measured"]), rule
    docx = docgen(office, "render", "纪要-调度会.md", "-o", "out")
    assert docx.returncode == 0, docx.stderr
    checked = rules(docgen(office, "check", "out/纪要-调度会.docx", "--json").stdout)
    assert "简报" not in str(checked["number.format"]), checked["number.format"]


def test_minutes_summary_is_english_under_an_english_locale(office: Path) -> None:
    """LANG=en_US.UTF-8, `minutes 议定事项.xlsx --meeting 会议.yaml --draft`: the summary line says in
    English that the draft has no issue number, instead of the Chinese placeholder “第　　期”."""
    done = docgen(
        office,
        "minutes",
        "议定事项.xlsx",
        "--meeting",
        "会议.yaml",
        "--draft",
        "--out",
        "out",
        lang="en_US.UTF-8",
    )
    assert done.returncode == 0, done.stderr
    summary = [line.split("\t")[0] for line in done.stdout.splitlines() if line.strip()]
    assert not any("第" in line or "期" in line for line in summary), done.stdout
    assert summary[0] == "draft (no issue number)", done.stdout


def test_english_leftovers_of_minutes_check_and_tables(office: Path) -> None:
    """Under an English locale: a spreadsheet's row is a row and its column “D (时限)”; a table's words
    are joined with “, ”; a file that is no PDF is said in words, not pdfminer's “No /Root object!”."""
    import openpyxl

    book = openpyxl.load_workbook(office / "议定事项.xlsx")
    book.active["D3"] = "someday"
    book.save(office / "坏.xlsx")
    args = ("minutes", "坏.xlsx", "--meeting", "会议.yaml", "--draft", "--out", "out")
    done = docgen(office, *args, lang="en_US.UTF-8")
    assert "坏.xlsx, sheet 议定事项, row 3, column D (时限): " in done.stderr, done.stderr
    chinese = docgen(office, *args)
    assert "坏.xlsx，工作表 议定事项，第 3 行，第 D（时限） 列：" in chinese.stderr, chinese.stderr
    (office / "假.pdf").write_text("not a pdf", encoding="utf-8")
    checked = docgen(office, "check", "假.pdf", lang="en_US.UTF-8")
    assert checked.returncode != 0
    assert "Root" not in checked.stderr, checked.stderr
    assert "cannot be read as a PDF: its contents cannot be read" in checked.stderr, checked.stderr
    rendered = docgen(office, "render", "通知-宽表.md", "-o", "out", lang="en_US.UTF-8")
    warning = next(line for line in rendered.stderr.splitlines() if "break inside" in line)
    assert "、" not in warning, warning
    assert "慈林镇, 石哲镇" in warning, warning


def test_attendance_warning_names_the_meeting_file(office: Path) -> None:
    """The same person in 出席 and 请假 of 会议.yaml: the warning names 会议.yaml and its line, not
    line 7 of the decisions sheet (which holds no names at all)."""
    meeting = office / "会议2.yaml"
    meeting.write_text(
        "会议名称: 联席会议\n日期: 2025-10-20\n地点: 三楼\n主持: 李四\n出席: 张三，王五\n列席: 赵六\n请假: 张三\n",
        encoding="utf-8",
    )
    done = docgen(office, "minutes", "议定事项.xlsx", "--meeting", meeting.name, "--draft", "--out", "out")
    warning = next(line for line in done.stdout.splitlines() + done.stderr.splitlines() if "请假" in line)
    assert "会议2.yaml：第 7 行：“张三”既在出席" in warning, warning
    assert "议定事项.xlsx" not in warning, warning


def test_issue_number_refused_names_file_field_and_the_way_on(office: Path) -> None:
    """A 纪要 typed with `期号: 9` (eight were issued this year before docgen): the error names the file,
    the line and the field 期号, and says how to continue the series from 9 (`register start`)."""
    done = docgen(office, "minutes", "纪要-调度会.md", "--out", "out")
    assert done.returncode != 0
    error = done.stderr.strip().splitlines()[0]
    assert "纪要-调度会.md" in error, error
    assert "期号" in error, error
    assert "register start" in error, error
    assert "纪要-调度会.md，第 11 行，字段“期号”" in error, error
    way_on = "docgen register start --kind 纪要 --series 长子县重点项目建设联席会议纪要 --year 2025 --next 9"
    assert error.endswith(way_on), error
    started = docgen(office, *way_on.split()[1:])
    assert started.returncode == 0, started.stderr
    assert "警告" not in started.stderr, started.stderr
    done = docgen(office, "minutes", "纪要-调度会.md", "--out", "out")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("长子县重点项目建设联席会议纪要2025年第9期\t"), done.stdout


def test_register_start_names_every_kind_and_warns_of_a_series_no_document_uses(office: Path) -> None:
    """`register start --help` lists 纪要 and 令 with the other kinds; a 纪要 series typed without 纪要
    (the mark the 纪要 takes its series from) is a warning naming the series known."""
    helped = docgen(office, "register", "start", "--help")
    assert all(kind in helped.stdout for kind in ("文号", "督办", "简报", "纪要", "令")), helped.stdout
    first = docgen(
        office,
        "register",
        "start",
        "--kind",
        "纪要",
        "--series",
        "甲会议纪要",
        "--year",
        "2025",
        "--next",
        "4",
    )
    assert first.returncode == 0, first.stderr
    assert first.stderr == "", first.stderr
    done = docgen(
        office, "register", "start", "--kind", "纪要", "--series", "甲会议", "--year", "2025", "--next", "9"
    )
    assert "警告：纪要的序列以其标志命名" in done.stderr, done.stderr
    assert "已有的纪要序列：甲会议纪要" in done.stderr, done.stderr
    wrong = docgen(
        office, "register", "start", "--kind", "纪", "--series", "甲会议纪要", "--year", "2025", "--next", "9"
    )
    assert wrong.returncode == 2, wrong.stderr
    assert "纪要" in wrong.stderr, wrong.stderr
    term = docgen(
        office,
        "register",
        "start",
        "--kind",
        "令",
        "--series",
        "长子县人民政府令",
        "--year",
        "17",
        "--next",
        "3",
    )
    assert term.returncode == 0, term.stderr
    assert "长子县人民政府令（第十七届）第3号" in term.stdout, term.stdout


def test_checks_clause_column_is_a_list_of_the_users_language() -> None:
    """The rule of an even page count cites two clauses: “7.4.1、7.5” in Chinese, “7.4.1, 7.5” in English."""
    from docgen.check.report import human
    from docgen.check.rules import Finding, Status, rules
    from docgen.check.run import Report
    from docgen.i18n import use_language

    rule = rules()["pages.even.pdf"]
    assert rule.clause == "7.4.1、7.5"
    report = Report(Path("x.pdf"), "pdf", [Finding(rule, Status.FAIL, "13", "even")])
    assert "✗ 7.4.1、7.5 " in human([report])
    with use_language("en"):
        said = human([report])
    assert "✗ 7.4.1, 7.5 " in said, said
    assert "7.4.1, 7.5" in said.splitlines()[-1], said
