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


@pytest.mark.xfail(strict=True, reason="outsider6 #2")
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


@pytest.mark.xfail(strict=True, reason="outsider6 #3")
def test_check_does_not_call_a_minutes_a_bulletin(office: Path) -> None:
    """`check` of a 纪要 made by Typst: the 发文字号 rule is not applicable because it is a 纪要
    (10.3), not because it is a 简报; its red rule is measured from the 印发单位 line, not a 发文字号."""
    done = docgen(office, "preview", "纪要-调度会.md", "-o", "pdf", "--engine", "typst", "--no-watermark")
    assert done.returncode == 0, done.stderr
    checked = rules(docgen(office, "check", "pdf/纪要-调度会.pdf", "--json").stdout)
    assert "简报" not in str(checked["number.format"]["measured"]), checked["number.format"]
    assert "发文字号" not in str(checked["rule.position.pdf"]["measured"]), checked["rule.position.pdf"]


@pytest.mark.xfail(strict=True, reason="outsider6 #4")
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


@pytest.mark.xfail(strict=True, reason="outsider6 #5")
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
    assert "会议2.yaml" in warning, warning
    assert "议定事项.xlsx" not in warning, warning


@pytest.mark.xfail(strict=True, reason="outsider6 #6")
def test_issue_number_refused_names_file_field_and_the_way_on(office: Path) -> None:
    """A 纪要 typed with `期号: 9` (eight were issued this year before docgen): the error names the file,
    the line and the field 期号, and says how to continue the series from 9 (`register start`)."""
    done = docgen(office, "minutes", "纪要-调度会.md", "--out", "out")
    assert done.returncode != 0
    error = done.stderr.strip().splitlines()[0]
    assert "纪要-调度会.md" in error, error
    assert "期号" in error, error
    assert "register start" in error, error
