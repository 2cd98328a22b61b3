"""Outsider session 7: what a 发改局 综合股 clerk has on the disk — text pasted from Word/WPS, 20
attachments, a register that lives through void / re-issue / restore, a 40-town ledger.  Inputs come
from the generator scripts in tests/fixtures/outsider7/; every command is a real process of this
checkout (real LibreOffice, real SQLite, real .xlsx); each test asserts what the clerk expects and
fails today (tests/fixtures/outsider7/DEFECTS.md gives the numbers)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "outsider7"
BODY_BOTTOM_PT = (37 + 225) / 25.4 * 72  # 版心 bottom: top margin 37 mm + 225 mm (GB/T 9704 5.2.1)
LINE_PT = 225 / 22 / 25.4 * 72  # one line of the 22-line grid


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run this checkout's docgen in ``cwd`` with a register of its own there."""
    env = dict(os.environ, DOCGEN_REGISTER=str(cwd / "登记簿.sqlite"), PYTHONPATH=str(ROOT))
    for var in ("LC_ALL", "LANGUAGE", "LANG"):
        env.pop(var, None)
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


def make(script: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(FIXTURES / script), *args], check=True, capture_output=True, timeout=300
    )


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """The pasted notice sources of make_notices.py, in tmp_path/src."""
    make("make_notices.py", str(tmp_path / "src"))
    return tmp_path / "src"


def _notice(folder: Path, name: str, title: str, phone: str = "0355-8212345") -> Path:
    path = folder / name
    path.write_text(
        "---\n发文机关: zhangzi-zdxmb\n发文字号: auto\n"
        f"标题: {title}\n主送: 各乡镇人民政府\n成文日期: 2025-10-09\n---\n"
        f"请各单位于10月20日前报送。联系电话：{phone}。\n",
        encoding="utf-8",
    )
    return path


def test_a_source_edited_after_issue_is_not_issued_again_under_a_new_number(tmp_path: Path) -> None:
    """通知.md issued as 1号; the clerk corrects the phone number in it and runs `issue` again without
    voiding 1号.  Today: 2号 issued silently, 1号 and 2号 both 已签发 with the same title and the same
    source file, `register check` says 一致.  Expected: refused, naming 1号 and the way on (void, --force)."""
    notice = _notice(tmp_path, "通知.md", "关于报送重点项目进展情况的通知")
    first = run(tmp_path, "issue", "通知.md", "--signer", "王建国", "-o", "发文", "--no-pdf")
    assert first.returncode == 0, first.stderr
    assert "长重点〔2025〕1号" in first.stdout + first.stderr
    notice.write_text(notice.read_text(encoding="utf-8").replace("8212345", "8212346"), encoding="utf-8")
    again = run(tmp_path, "issue", "通知.md", "--signer", "王建国", "-o", "发文", "--no-pdf")
    listed = run(tmp_path, "register", "list").stdout
    assert again.returncode != 0, (again.stdout, listed)
    assert "1号" in again.stderr, again.stderr
    assert "2号" not in listed, listed


def test_restore_names_the_numbers_issued_after_the_backup(tmp_path: Path) -> None:
    """The day's automatic backup is taken before 1号; the clerk issues 1号, then restores that backup
    (`register restore` as the README explains).  Today restore says only which file it replaced,
    `register list` is empty, `register check` says 一致, and the next `issue` hands out 1号 again.
    Expected: restore (or check) names 长重点〔2025〕1号 as issued after the backup."""
    _notice(tmp_path, "甲.md", "关于报送甲类项目的通知")
    _notice(tmp_path, "乙.md", "关于报送乙类项目的通知")
    assert run(tmp_path, "issue", "甲.md", "--signer", "王建国", "-o", "发文", "--no-pdf").returncode == 0
    backups = sorted((tmp_path / "登记簿.sqlite.backups").glob("*.sqlite"))
    assert backups, "no automatic backup"
    restored = run(tmp_path, "register", "restore", str(backups[0]))
    assert restored.returncode == 0, restored.stderr
    checked = run(tmp_path, "register", "check")
    said = restored.stdout + restored.stderr + checked.stdout + checked.stderr
    second = run(tmp_path, "issue", "乙.md", "--signer", "王建国", "-o", "发文2", "--no-pdf")
    assert "1号" in said, said
    assert "长重点〔2025〕1号" not in second.stdout + second.stderr, second.stdout


def test_a_town_with_a_repeated_project_row_gets_no_bulletin(tmp_path: Path) -> None:
    """The 40-town ledger (seed 7) lists 平林乡村振兴示范片区建设项目 twice for 平林镇 (rows 48 and 49,
    two sections of one programme with different amounts).  Today: “错误：…第 49 行…与第 48 行是同一项目”,
    and still 平林镇's bulletin is made with 5 of its 6 projects (row 49's 11300 万元 missing), manifest
    “ok”, summary “0 份失败”.  Expected (README, as for an unreadable cell): 平林镇's bulletin is not
    made and is counted failed."""
    make("make_ledger40.py", str(tmp_path / "台账.xlsx"), "7")
    done = run(
        tmp_path,
        "bulletin",
        "台账.xlsx",
        "--month",
        "2025-11",
        "--letterhead",
        "zhangzi-zdxmb",
        "--out",
        "简报",
        "--date",
        "2025-12-05",
    )
    assert "第 49 行" in done.stderr, done.stderr
    entries = json.loads((tmp_path / "简报" / "manifest.json").read_text(encoding="utf-8"))["bulletins"]
    status = {e["subject"]: e["status"] for e in entries}
    assert status["平林镇"] == "failed", status["平林镇"]
    assert not (tmp_path / "简报" / "平林镇-2025年第1期.docx").exists()


def test_twenty_attachment_names_do_not_empty_the_page_before(src: Path) -> None:
    """附件20.md: a long first paragraph, 一、(一) and 20 attachment names.  Today (both engines) page 2
    ends after the first paragraph at 335 pt — 14 of 22 lines empty — because 一、观摩范围 and its
    paragraph are carried with the 附件说明, which then breaks over pages 3–4 anyway.  Expected: page 2
    full to within two lines of the 版心 bottom."""
    done = run(src, "preview", "附件20.md", "-o", "pdf", "--no-watermark")
    assert done.returncode == 0, done.stderr
    layout = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-bbox-layout", str(src / "pdf" / "附件20.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bottoms = [
        float(y)
        for y in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)"', layout)
    ]
    body = [y for y in bottoms if y < BODY_BOTTOM_PT + 2]  # not the page number
    assert max(body) >= BODY_BOTTOM_PT - 2 * LINE_PT, (
        f"page 2 ends at {max(body):.1f} pt of {BODY_BOTTOM_PT:.1f}"
    )


def test_format_reads_a_long_typed_addressee_as_the_addressee(tmp_path: Path) -> None:
    """A Word draft whose 主送 names the county's 12 towns (one paragraph, 97 字, ending “：”, right under
    the title).  Today `format` reads it as the first 正文 paragraph (draft/recognise.py `_addressee`
    gives up above 80 字; 5–9 towns are recognised): the notice is typeset without a 主送 and with a
    3-line list of towns indented as body text, and nothing says so.  Expected: 主送机关 (or a 警告)."""
    make("make_word_long.py", str(tmp_path / "草稿.docx"), "12")
    done = run(tmp_path, "format", "草稿.docx", "--letterhead", "zhangzi-zdxmb", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "主送机关：丹朱镇人民政府" in done.stdout or "警告" in done.stdout + done.stderr, done.stdout[:600]


def test_format_of_a_markdown_draft_keeps_a_heading_apart_from_its_indented_paragraph(tmp_path: Path) -> None:
    """草稿.md (make_md_draft.py): “　　二、观摩安排” then “　　各单位按下表报送：” — a Word text pasted into a .md,
    each paragraph indented with “　　”.  Today `format` joins them as one Markdown paragraph: “一级标题：二、观摩安排
    各单位按下表报送：〔2 行已合并〕” (likewise 三、有关要求), so the 黑体 heading prints the next sentence; the same
    text saved as 草稿.txt is read right.  Expected: the indented line starts a paragraph (README's rule)."""
    make("make_md_draft.py", str(tmp_path))
    for name in ("草稿.txt", "草稿.md"):
        done = run(tmp_path, "format", name, "--letterhead", "zhangzi-zdxmb", "--dry-run")
        assert done.returncode == 0, done.stderr
        assert re.search(r"一级标题：二、观摩安排\s*$", done.stdout, re.M), (name, done.stdout)
