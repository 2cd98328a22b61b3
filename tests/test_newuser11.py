"""New user 11: a county 重点项目办 clerk who has only README.md walks every section with inputs of their own
(notice with a table attachment, 督办 and project ledgers kept in Excel, 纪要/函/令, the 储备 forms cycle,
the register, an own red-header template).  Every command is a real process of this checkout (real
LibreOffice, real .xlsx, real SQLite); each test asserts what the clerk expects.  The defects are listed
in tests/fixtures/newuser11/DEFECTS.md."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "newuser11"


def run(cwd: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run this checkout's docgen in ``cwd`` with a register of its own there (Chinese unless ``lang``)."""
    env = dict(os.environ, DOCGEN_REGISTER=str(cwd / "登记簿.sqlite"), PYTHONPATH=str(ROOT))
    for var in ("LC_ALL", "LANGUAGE", "LANG"):
        env.pop(var, None)
    if lang:
        env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


def docx_text(path: Path) -> str:
    """All paragraph and table-cell text of a .docx, one paragraph a line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("|".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _progress(tmp_path: Path, *extra: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    for name in ("项目库-2025-10-24.xlsx", "目标.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return run(
        tmp_path,
        "progress",
        "项目库-2025-10-24.xlsx",
        "--targets",
        "目标.yaml",
        "--as-of",
        "2025-10-24",
        "--letterhead",
        "zhangzi-zdxmb",
        "-o",
        "周通报.docx",
        "--xlsx",
        "进展.xlsx",
        *extra,
        lang=lang,
    )


def test_progress_before_the_first_milestone_judges_nothing(tmp_path: Path) -> None:
    """README: 还没有到第一个节点时不判断.  On 10-24 (first 节点 10-31) no unit's count or money is 达到."""
    done = _progress(tmp_path)
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(tmp_path / "进展.xlsx").active
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) for name in ("指标", "节点应完成", "状态")}
    judged = [
        (row[1], row[col["指标"]], row[col["状态"]])
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[col["节点应完成"]] is None
        and row[col["指标"]] in ("入库项目个数", "入库项目总投资", "亿元以上项目个数")
    ]
    assert judged
    assert all(state == "—" for *_, state in judged), judged
    text = docx_text(tmp_path / "周通报.docx")
    rows = [line.split("|") for line in text.splitlines() if line.startswith("石哲镇|")]
    # 石哲镇 sent nothing: 0 projects of 5, and 10-24 is before the first node — not 达到
    assert rows
    assert rows[0][-1] != "达到", rows
    # the 节点 share in the prose keeps only the decimals it needs (80%, not 80.00%)
    assert "应完成80%" in text, text


def test_release_of_an_issued_number_names_its_state_in_chinese(tmp_path: Path) -> None:
    """`register release` of a number already 作废 says so in Chinese, not “的状态为 void”."""
    assert run(tmp_path, "register", "next", "--series", "长重点", "--year", "2025").returncode == 0
    assert run(tmp_path, "register", "void", "长重点〔2025〕1号", "--reason", "编号错误").returncode == 0
    done = run(tmp_path, "register", "release", "长重点〔2025〕1号", "--reason", "运行被中断")
    assert done.returncode != 0
    assert "作废" in done.stderr, done.stderr
    assert not re.search(r"[a-z]{4,}", done.stderr.split("：")[1]), done.stderr


def test_progress_refusal_reads_as_english(tmp_path: Path) -> None:
    """A second 通报 for the same date and targets with other data is refused in plain English."""
    assert _progress(tmp_path).returncode == 0
    book = openpyxl.load_workbook(tmp_path / "项目库-2025-10-24.xlsx")
    sheet = book["汇总"]
    header = [c.value for c in sheet[1]]
    total = header.index(next(h for h in header if str(h).startswith("总投资"))) + 1
    sheet.cell(2, total).value = 99999
    book.save(tmp_path / "项目库-2025-10-24.xlsx")
    done = run(
        tmp_path,
        "progress",
        "项目库-2025-10-24.xlsx",
        "--targets",
        "目标.yaml",
        "--as-of",
        "2025-10-24",
        "--letterhead",
        "zhangzi-zdxmb",
        "-o",
        "周通报.docx",
        lang="en_US.UTF-8",
    )
    assert done.returncode != 0
    assert "was made before" in done.stderr, done.stderr
    assert "otherwise;" not in done.stderr, done.stderr


def test_check_passes_a_notice_on_an_imported_red_header(tmp_path: Path) -> None:
    """letterhead-import of the office's own template, render, check: docgen's own output passes."""
    subprocess.run(
        [sys.executable, str(FIXTURES / "make_template.py"), str(tmp_path / "套红模板.docx")], check=True
    )
    shutil.copy(FIXTURES / "发改通知.md", tmp_path / "发改通知.md")
    shutil.copytree(FIXTURES / "attachments", tmp_path / "attachments")
    done = run(tmp_path, "letterhead-import", "套红模板.docx", "--key", "zhangzi-fgj", "--out", "我的版头/")
    assert done.returncode == 0, done.stderr
    done = run(tmp_path, "--letterheads", "我的版头", "render", "发改通知.md")
    assert done.returncode == 0, done.stderr
    done = run(tmp_path, "check", "发改通知.docx", "--json")
    failed = [r for r in json.loads(done.stdout)[0]["rules"] if r["status"] == "FAIL"]
    assert not failed, failed


def test_minutes_overdue_notice_asks_for_no_reply_in_the_past(tmp_path: Path) -> None:
    """`minutes --overdue --as-of 2025-11-20`: the 挂牌督办通知书 made that day asks for the 复函 after it."""
    for name in ("会议.yaml", "议定事项.xlsx"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    done = run(
        tmp_path,
        "minutes",
        "议定事项.xlsx",
        "--meeting",
        "会议.yaml",
        "--overdue",
        "--as-of",
        "2025-11-20",
        "--out",
        "督办/",
    )
    assert done.returncode == 0, done.stderr
    notices = sorted((tmp_path / "督办").glob("*.docx"))
    assert notices
    for notice in notices:
        text = docx_text(notice)
        reply = re.search(r"之日起3个工作日内，即(\d{4})年(\d{1,2})月(\d{1,2})日", text)
        assert reply, text
        assert datetime.date(*map(int, reply.groups())) > datetime.date(2025, 11, 20), reply.group(0)


def test_readme_names_every_command_of_the_help() -> None:
    """README's 命令一览 sentence names every command `docgen --help` lists."""
    done = run(ROOT, "--help")
    commands = re.findall(r"^  ([a-z][a-z-]+)\s", done.stdout.split("命令:")[1], re.M)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("`docgen --help` 按办公室的工作顺序")
    sentence = readme[start : readme.index("\n\n", start)]
    named = set(re.findall(r"[a-z][a-z-]+", sentence.split("命令：", 1)[1]))
    assert set(commands) <= named, set(commands) - named


def test_import_records_numbers_start_skipped_as_used_outside(tmp_path: Path) -> None:
    """After 1号, `register start --next 20` voids 2–19 as 已在 docgen 之外使用; importing the office's 发文登记
    of those numbers then records them as issued with their titles (they were issued, outside docgen)."""
    assert run(tmp_path, "register", "next", "--series", "长重点", "--year", "2025").returncode == 0
    assert (
        run(tmp_path, "register", "start", "--series", "长重点", "--year", "2025", "--next", "20").returncode
        == 0
    )
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["文号", "标题", "日期"])
    sheet.append(["长重点（2025）第4号", "关于召开重点项目调度会的通知", "2025.8.1"])
    sheet.append(["长重点〔2025〕05号", "关于做好汛期项目安全生产工作的通知", "2025年8月15日"])
    book.save(tmp_path / "发文登记.xlsx")
    done = run(tmp_path, "register", "import", "发文登记.xlsx")
    assert done.returncode == 0, done.stderr
    listed = run(tmp_path, "register", "list").stdout
    assert "长重点〔2025〕4号\t已签发\t关于召开重点项目调度会的通知" in listed, listed
    assert "长重点〔2025〕5号\t已签发\t关于做好汛期项目安全生产工作的通知" in listed, listed


def test_rank_refuses_the_september_sheet_for_october(tmp_path: Path) -> None:
    """A workbook whose one sheet is “9月” (header 1-9月完成投资), ranked with --month 2025-10 by mistake:
    README — 不会拿别的月份充数.  No number is taken and no 通报 written on September's figures."""
    for name in ("项目台账-2025-09.xlsx", "排名规则.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    done = run(
        tmp_path, "rank", "项目台账-2025-09.xlsx", "--month", "2025-10", "--rules", "排名规则.yaml",
        "--letterhead", "zhangzi-zdxmb", "-o", "排名通报.docx", "--date", "2025-11-05",
    )
    assert done.returncode != 0, done.stdout + done.stderr
    for named in ("9月", "2025-10", "项目台账-2025-09.xlsx"):
        assert named in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "排名通报.docx").exists()
