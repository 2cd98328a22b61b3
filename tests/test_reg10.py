"""Session reg10: the register finds the folders it issued into even when put back from a copy made
before it knew them; a killed run's files are found through the folder's record, whatever their name;
two runs at once on one register give each number once.

Real processes of this checkout (real SQLite, real Typst), as in tests/test_lost9.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_folder9 import put_back
from test_lost9 import (
    RANK,
    _env,
    docgen,
    issue,
    issue_at,
    listed,
    notice,
    numbered_files,
    rank,
    shell_docgen,
)

KILL_AT = Path(__file__).parent / "kill_at.py"


def test_a_register_copied_before_its_first_issue_refuses_a_number_a_folder_shows(tmp_path: Path) -> None:
    """A copy made right after ``register init`` knows no folder; put back (the .sqlite alone), it
    still refuses 1号 again, naming the folder and the file: the folders it wrote to are listed beside it."""
    register, src = tmp_path / "登记簿.sqlite", tmp_path / "src"
    march, april = tmp_path / "发文-3月", tmp_path / "发文-4月"
    assert docgen(register, "register", "init").returncode == 0
    old = tmp_path / "初始.sqlite"
    assert docgen(register, "register", "backup", str(old)).returncode == 0
    assert issue(register, notice(src, 1), march).returncode == 0
    put_back(register, old)

    result = issue(register, notice(src, 2), april)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "登记簿落后于文件夹" in result.stderr, result.stderr
    assert str(march.resolve()) in result.stderr, result.stderr
    assert "长子政办发〔2026〕1号.docx" in result.stderr, result.stderr
    assert numbered_files(april) == set() if april.exists() else True
    check = docgen(register, "register", "check")
    assert check.returncode == 1, check.stdout
    assert "登记簿落后于文件夹" in check.stdout, check.stdout


def _killed(register: Path, point: str, *args: str) -> None:
    """Run docgen ``args``, killed (SIGKILL) when it reaches ``point``."""
    killed = subprocess.run(
        [sys.executable, str(KILL_AT), point, *args], env=_env(register), capture_output=True, text=True, timeout=300
    )
    assert killed.returncode == -9, killed.stdout + killed.stderr


def test_release_after_a_killed_rank_removes_its_file_named_by_the_clerk(tmp_path: Path) -> None:
    """lost9 #8's rest: a 通报 is named by the clerk (5月排名通报.docx), not by its number; the folder's
    record says which number it was written under, so release finds it and removes it."""
    register, out = tmp_path / "登记簿.sqlite", tmp_path / "通报"
    month, ledger = "2025-05", RANK / "项目台账-2025-05.xlsx"
    _killed(
        register, "wrote .docx", "rank", str(ledger), "--month", month, "--rules", str(RANK / "rules.yaml"),
        "--letterhead", "zhangzi-zdxmb", "--date", "2025-06-05", "-o", str(out / "5月排名通报.docx"),
    )  # fmt: skip
    assert (out / "5月排名通报.docx").is_file()
    entry = json.loads((out / ".docgen-folder.json").read_text(encoding="utf-8"))["files"]["5月排名通报.docx"]
    assert entry["taken"] == "长重点〔2025〕1号", entry
    released = docgen(register, "register", "release", "长重点〔2025〕1号", "--reason", "运行被中断")
    assert released.returncode == 0, released.stdout + released.stderr
    assert "5月排名通报.docx" in released.stdout, released.stdout
    assert not (out / "5月排名通报.docx").exists()
    assert rank(register, "2025-04", out / "4月排名通报.docx", "2025-06-06").returncode == 0
    check = docgen(register, "register", "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_release_refuses_while_a_killed_runs_file_was_renamed(tmp_path: Path) -> None:
    """A killed run's 2号.docx renamed 草稿.docx by the clerk: found through the record (its hash), release
    refuses naming both names, and 2号 stays taken: it would go to another notice while 草稿 bears it."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    _killed(register, "after-pdf", "issue", str(notice(src, 2)), "--signer", "甲", "-o", str(out), "--engine", "typst")
    (out / "长子政办发〔2026〕2号.docx").rename(out / "草稿.docx")
    released = docgen(register, "register", "release", "长子政办发〔2026〕2号", "--reason", "运行被中断")
    assert released.returncode == 1, released.stdout
    assert str(out / "草稿.docx") in released.stderr, released.stderr
    assert "长子政办发〔2026〕2号.docx" in released.stderr, released.stderr
    assert (out / "草稿.docx").is_file()
    assert (out / "长子政办发〔2026〕2号.pdf").is_file()  # none removed when one is refused
    assert listed(register).get(2) == "已取号"


def test_a_register_behind_names_an_issued_file_by_the_name_it_has_now(tmp_path: Path) -> None:
    """2号's files renamed by the clerk after the issue: the record still shows 2号 (under the old name);
    the refusal names the files by the names they have now, found by the recorded hash."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    old = tmp_path / "上周.sqlite"
    assert docgen(register, "register", "backup", str(old)).returncode == 0
    assert issue(register, notice(src, 2), out).returncode == 0
    for suffix in (".docx", ".pdf"):
        (out / f"长子政办发〔2026〕2号{suffix}").rename(out / f"关于第2号事项的通知{suffix}")
    put_back(register, old)

    result = issue(register, notice(src, 3), tmp_path / "发文-4月")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "关于第2号事项的通知.docx" in result.stderr, result.stderr
    assert "关于第2号事项的通知.pdf" in result.stderr, result.stderr
    assert "长子政办发〔2026〕2号" in result.stderr, result.stderr


def test_a_run_again_into_another_folder_does_not_issue_a_number_a_folder_shows_issued(tmp_path: Path) -> None:
    """A copy of the register made while 2号's run was working (2号 only taken) is put back; the run's
    command again with another -o would write a second 2号: refused before anything is written, naming
    the folder and its files; run into that folder, it records the files there and check says 一致."""
    register, src = tmp_path / "登记簿.sqlite", tmp_path / "src"
    march, april = tmp_path / "发文-3月", tmp_path / "发文-4月"
    assert issue(register, notice(src, 1), march).returncode == 0
    copy = tmp_path / "中途.sqlite"
    made = issue_at(register, "after-allocate", shell_docgen("register", "backup", str(copy)), notice(src, 2), march)
    assert made.returncode == 0, made.stdout + made.stderr
    put_back(register, copy)
    assert listed(register) == {1: "已签发", 2: "已取号"}

    again = issue(register, notice(src, 2), april)
    assert again.returncode == 1, again.stdout + again.stderr
    assert "长子政办发〔2026〕2号" in again.stderr, again.stderr
    assert f"已印发到文件夹 {march.resolve()}" in again.stderr, again.stderr
    assert "长子政办发〔2026〕2号.pdf" in again.stderr, again.stderr
    assert not april.exists() or numbered_files(april) == set()
    assert listed(register) == {1: "已签发", 2: "已取号"}  # nothing given back either

    finished = issue(register, notice(src, 2), march)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert listed(register) == {1: "已签发", 2: "已签发"}
    check = docgen(register, "register", "check")
    assert check.returncode == 0, check.stdout + check.stderr

