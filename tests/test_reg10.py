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
    ACT_AT,
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


def test_a_second_run_while_the_first_holds_its_number_takes_the_next_one(tmp_path: Path) -> None:
    """Two clerks at once on one register and one folder: while the first run holds 2号 (taken, its
    files not yet written) a second one runs whole; it takes 3号, both end, each number once, check 一致."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    second = shell_docgen("issue", str(notice(src, 3)), "--signer", "乙", "-o", str(out), "--engine", "typst")
    first = issue_at(register, "after-allocate", f"{second} > {tmp_path / 'second.txt'} 2>&1", notice(src, 2), out)
    assert first.returncode == 0, first.stdout + first.stderr
    said = (tmp_path / "second.txt").read_text(encoding="utf-8")
    assert "已签发为 长子政办发〔2026〕3号" in said, said
    assert "已签发为 长子政办发〔2026〕2号" in first.stdout, first.stdout
    assert numbered_files(out) == {1, 2, 3}
    assert listed(register) == {1: "已签发", 2: "已签发", 3: "已签发"}
    check = docgen(register, "register", "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_runs_started_together_give_each_number_once(tmp_path: Path) -> None:
    """Four issues started at the same instant (real processes, real timing) on one register and one
    folder: 1号–4号 once each, every file in the folder's record under its number, check 一致."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert docgen(register, "register", "init").returncode == 0
    sources = [notice(src, n) for n in range(1, 5)]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "docgen", "issue", str(s), "--signer", "甲", "-o", str(out), "--engine", "typst"],
            env=_env(register), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        for s in sources
    ]
    said = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, said
    numbers = sorted(int(text.split("〔2026〕")[1].split("号")[0]) for text, _err in said)
    assert numbers == [1, 2, 3, 4], said
    assert numbered_files(out) == {1, 2, 3, 4}
    record = json.loads((out / ".docgen-folder.json").read_text(encoding="utf-8"))["files"]
    assert {name: entry.get("number") for name, entry in record.items()} == {
        f"长子政办发〔2026〕{n}号{suffix}": f"长子政办发〔2026〕{n}号" for n in range(1, 5) for suffix in (".docx", ".pdf")
    }
    check = docgen(register, "register", "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_run_killed_while_another_works_leaves_the_register_consistent(tmp_path: Path) -> None:
    """The first run is killed (SIGKILL) holding 2号 while a second one works: the second takes 3号, 2号
    stays taken with its command (check says how to finish it), and running that command finishes it."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    second = shell_docgen("issue", str(notice(src, 3)), "--signer", "乙", "-o", str(out), "--engine", "typst")
    # the second run starts while the first holds 2号; the first is killed once the second has ended
    killed = subprocess.run(
        [sys.executable, str(ACT_AT), "after-allocate", f"{second} > {tmp_path / 'second.txt'} 2>&1; kill -9 $PPID",
         "issue", str(notice(src, 2)), "--signer", "甲", "-o", str(out), "--engine", "typst"],
        env=_env(register), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert killed.returncode == -9, killed.stdout + killed.stderr
    assert "已签发为 长子政办发〔2026〕3号" in (tmp_path / "second.txt").read_text(encoding="utf-8")
    assert listed(register) == {1: "已签发", 2: "已取号", 3: "已签发"}
    check = docgen(register, "register", "check")
    assert "长子政办发〔2026〕2号 已取号但尚未登记" in check.stdout, check.stdout
    assert issue(register, notice(src, 2), out).returncode == 0  # the command check names
    assert listed(register) == {1: "已签发", 2: "已签发", 3: "已签发"}
    assert numbered_files(out) == {1, 2, 3}
    check = docgen(register, "register", "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_line_of_the_folders_list_cut_short_by_a_kill_spoils_no_other(tmp_path: Path) -> None:
    """A kill mid-append leaves half a line (no newline): it is skipped, and the next folder listed
    starts a line of its own, so both the earlier and the later folders are read back."""
    from docgen.register.folders import folders_list, listed_folders, note_folder

    register = tmp_path / "登记簿.sqlite"
    note_folder(register, tmp_path / "发文-3月")
    with folders_list(register).open("ab") as handle:
        handle.write('"/半行'.encode())  # what a kill mid-write leaves
    note_folder(register, tmp_path / "发文-4月\n换行")  # a folder name may hold a newline
    assert listed_folders(register) == [tmp_path / "发文-3月", tmp_path / "发文-4月\n换行"]
