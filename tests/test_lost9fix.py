"""lost9 fixes: what the office sees when a number is released, voided or lost under a running issue,
when the disk is full, and when the register is read-only (tests/fixtures/lost9/DEFECTS.md).

Real processes of this checkout, real SQLite and Typst; interference at a named point of the
publishing order through tests/fixtures/lost9/act_at.py (no timing race).
"""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from test_lost9 import _env, docgen, docgen_at, issue, listed, notice, numbered_files, shell_docgen


def _issue_at(register: Path, point: str, command: str, source: Path, out: Path):  # type: ignore[no-untyped-def]
    return docgen_at(
        register, point, command, "issue", str(source), "--signer", "甲", "-o", str(out), "--engine", "typst"
    )


def test_release_and_void_of_a_held_number_name_the_run_and_change_nothing(tmp_path: Path) -> None:
    """lost9 #5/#6: release and void of the number a live issue holds are refused in Chinese, naming
    the run's command; the issue then issues 2号 and nothing else is numbered."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    log = tmp_path / "log.txt"
    command = "; ".join(
        shell_docgen("register", verb, "长子政办发〔2026〕2号", "--reason", "以为中断了") + f" >> '{log}' 2>&1"
        for verb in ("release", "void")
    )
    result = _issue_at(register, "after-pdf", command, notice(src, 2), out)
    said = log.read_text(encoding="utf-8")
    assert said.count("正由另一次运行使用") == 2, said
    assert "docgen issue" in said, said
    assert "不能退还" in said, said
    assert "不能作废" in said, said
    assert result.returncode == 0, result.stderr
    assert listed(register) == {1: "已签发", 2: "已签发"}
    assert numbered_files(out) == {1, 2}


def test_a_number_given_back_under_a_run_ends_in_one_message_and_its_files_removed(tmp_path: Path) -> None:
    """lost9 #5: the number's row disappears before the record (a release by an older docgen, by hand):
    one Chinese message, exit 1, not 内部错误; the run's 2号 files are removed, 1号 kept."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    delete = "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute('DELETE FROM numbers WHERE seq=2'); d.commit()"
    command = f"'{sys.executable}' -c \"{delete}\" '{register}'"
    result = _issue_at(register, "after-pdf", command, notice(src, 2), out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "内部错误" not in result.stderr, result.stderr
    assert "被退还" in result.stderr, result.stderr
    assert numbered_files(out) == {1}


def test_a_full_disk_at_the_record_removes_the_files_and_says_so(tmp_path: Path) -> None:
    """lost9 #6/#9: the record step cannot write (a file size limit set on the run after its PDF):
    the 2号 files are removed, and the message names the disk, not a damaged register."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    result = _issue_at(register, "after-pdf", "prlimit --pid $PPID --fsize=4096", notice(src, 2), out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "磁盘已满" in result.stderr, result.stderr
    assert "无法读取" not in result.stderr, result.stderr
    assert numbered_files(out) == {1}
    assert listed(register).get(1) == "已签发"


def test_a_file_size_limit_is_called_so_not_a_damaged_register(tmp_path: Path) -> None:
    """lost9 #9: ``ulimit -f 10`` (EFBIG on the register's WAL): “磁盘已满或文件大小受限”, never “内容无法读取”
    (which sends the clerk to restore an older backup)."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    before = register.read_bytes()

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (10 * 1024, 10 * 1024))

    result = docgen(
        register, "issue", str(notice(src, 2)), "--signer", "甲", "-o", str(out), "--engine", "typst", preexec_fn=limit
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "文件大小受限" in result.stderr, result.stderr
    assert "无法读取" not in result.stderr, result.stderr
    assert numbered_files(out) == {1}
    assert register.read_bytes() == before


def test_a_register_deleted_mid_run_is_said_and_its_files_removed(tmp_path: Path) -> None:
    """lost9 #7: the register removed after the PDF: the run says so, exit 1, and removes 2号's files."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    command = f"rm -f '{register}' '{register}-wal' '{register}-shm'"
    result = _issue_at(register, "after-pdf", command, notice(src, 2), out)
    assert result.returncode == 1, result.stdout
    assert "被移走或删除" in result.stderr, result.stderr
    assert numbered_files(out) == {1}


def test_a_read_only_register_can_be_listed_shown_and_checked() -> None:
    """lost9 #10: a clerk with read access only (another user; the folder read-only too) can read the
    register; taking a number is still refused as read-only; no -wal/-shm is left by the reader."""
    shared = Path(tempfile.mkdtemp(prefix="lost9fix-"))  # pytest's tmp_path is 0700: nobody else enters
    try:
        shared.chmod(0o755)
        register, src, out = shared / "登记簿.sqlite", shared / "src", shared / "发文"
        assert issue(register, notice(src, 1), out).returncode == 0
        (shared / "home").mkdir(mode=0o777)
        register.chmod(0o444)

        def reader() -> None:
            if os.geteuid() == 0:  # root may write anything: read as nobody
                os.setgid(65534)
                os.setuid(65534)
            os.environ["HOME"] = str(shared / "home")

        def run(*args: str):  # type: ignore[no-untyped-def]
            return docgen(register, *args, preexec_fn=reader)

        listing = run("register", "list")
        assert listing.returncode == 0, listing.stderr
        assert "长子政办发〔2026〕1号\t已签发" in listing.stdout, listing.stderr
        assert run("register", "show", "长子政办发〔2026〕1号").returncode == 0
        check = run("register", "check")
        assert check.returncode == 0, check.stdout + check.stderr
        assert "一致" in check.stdout, check.stdout
        assert not any(shared.glob("*-wal"))
        assert not any(shared.glob("*-shm"))
        refused = run("register", "next", "--series", "长子政办发", "--year", "2026")
        assert refused.returncode == 1, refused.stderr
        assert "只读" in refused.stderr, refused.stderr
        with sqlite3.connect(f"file:{register}?mode=ro", uri=True) as db:
            assert db.execute("SELECT COUNT(*) FROM numbers").fetchone()[0] == 1
    finally:
        for path in sorted(shared.rglob("*"), reverse=True):
            path.chmod(0o700)
            path.rmdir() if path.is_dir() else path.unlink()
        shared.rmdir()


KILL_AT = Path(__file__).parent / "kill_at.py"


def test_release_after_a_killed_run_removes_its_unrecorded_files(tmp_path: Path) -> None:
    """lost9 #8: a run killed after its PDF leaves 2号.docx/.pdf; register release gives 2号 back and
    removes them (listing them), so the next notice's 2号 is the only 2号 in the folder."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    killed = subprocess.run(
        [sys.executable, str(KILL_AT), "after-pdf", "issue", str(notice(src, 2)), "--signer", "甲", "-o", str(out),
         "--engine", "typst"],
        env=_env(register), capture_output=True, text=True, timeout=300,
    )
    assert killed.returncode == -9, killed.stderr
    assert numbered_files(out) == {1, 2}
    released = docgen(register, "register", "release", "长子政办发〔2026〕2号", "--reason", "运行被中断")
    assert released.returncode == 0, released.stderr
    assert "已退还" in released.stdout, released.stdout
    assert "长子政办发〔2026〕2号.pdf" in released.stdout, released.stdout
    assert numbered_files(out) == {1}
    assert "长子政办发〔2026〕2号.docx" not in (out / ".docgen-folder.json").read_text(encoding="utf-8")
    assert issue(register, notice(src, 3), out).returncode == 0
    assert listed(register) == {1: "已签发", 2: "已签发"}
    check = docgen(register, "register", "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_release_refuses_while_a_killed_runs_file_was_changed(tmp_path: Path) -> None:
    """lost9 #8: a killed run's 2号.docx edited by hand since: release refuses, naming it, and keeps 2号."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    subprocess.run(
        [sys.executable, str(KILL_AT), "after-pdf", "issue", str(notice(src, 2)), "--signer", "甲", "-o", str(out),
         "--engine", "typst"],
        env=_env(register), capture_output=True, text=True, timeout=300,
    )
    edited = out / "长子政办发〔2026〕2号.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")
    released = docgen(register, "register", "release", "长子政办发〔2026〕2号", "--reason", "运行被中断")
    assert released.returncode == 1, released.stdout
    assert str(edited) in released.stderr, released.stderr
    assert numbered_files(out) == {1, 2}
    assert listed(register).get(2) == "已取号"


KILL_AFTER_FIRST_RENAME = """
import os, signal, sys
real = os.replace
def replace(old, new):
    real(old, new)
    if ".replaced-" in str(new) and not str(new).endswith(("-wal", "-shm")):
        os.kill(os.getpid(), signal.SIGKILL)  # between the restore's two renames
os.replace = replace
sys.argv = ["docgen", *sys.argv[1:]]
from docgen.cli import main
main()
"""


def test_a_restore_killed_between_its_renames_is_finished_by_the_next_command(tmp_path: Path) -> None:
    """lost9 #11: restore SIGKILLed after moving the register aside: the next command puts the whole
    restored copy in place (1号 and 2号 carried over), no .restored-/.restoring- file is left, and the
    backup read has no -wal/-shm beside it."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    backup = tmp_path / "上周.sqlite"
    assert docgen(register, "register", "backup", str(backup)).returncode == 0
    assert issue(register, notice(src, 2), out).returncode == 0
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FIRST_RENAME, "register", "restore", str(backup)],
        env=_env(register), capture_output=True, text=True, timeout=300,
    )
    assert killed.returncode == -9, killed.stderr
    assert not register.exists()
    assert listed(register) == {1: "已签发", 2: "已签发"}
    assert sorted(p.name for p in tmp_path.glob("登记簿.sqlite.restor*")) == []
    assert sorted(p.name for p in tmp_path.glob("上周.sqlite-*")) == []
    assert issue(register, notice(src, 3), out).returncode == 0
    assert listed(register)[3] == "已签发"


def test_a_pdf_over_the_file_size_limit_is_said_in_chinese_and_leaves_no_name(tmp_path: Path) -> None:
    """lost9 #9/#12: ``ulimit -f 40`` lets the register (-shm 32 KiB) and the .docx through, not a long
    notice's PDF: the message is Chinese (not “File too large”), the number is given back, and the
    folder's record keeps no name of a file that never landed."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    big = src / "big.md"
    body = "\n\n".join(
        f"# 第{i}项要求\n" + "各单位要认真落实本项工作的各项要求，确保按期完成任务，及时报送进展情况。" * 6 for i in range(1, 40)
    )
    big.write_text(
        "---\n发文机关: zhangzi\n发文字号: auto\n标题: 关于大事项的通知\n主送: 各乡镇人民政府\n成文日期: 2026-03-05\n---\n"
        + body
        + "\n",
        encoding="utf-8",
    )

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (40 * 1024, 40 * 1024))

    result = docgen(
        register, "issue", str(big), "--signer", "甲", "-o", str(out), "--engine", "typst", preexec_fn=limit
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "2号.pdf" in result.stderr, result.stderr
    assert "文件大小受限" in result.stderr, result.stderr
    assert numbered_files(out) == {1}
    assert "2号" not in (out / ".docgen-folder.json").read_text(encoding="utf-8")
    assert listed(register) == {1: "已签发"}


def test_check_finds_an_issued_file_renamed_by_hand(tmp_path: Path) -> None:
    """lost9 #12: 1号.docx renamed 最终版.docx by hand: check still reports it, and names where it is."""
    register, src, out = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    (out / "长子政办发〔2026〕1号.docx").rename(out / "最终版.docx")
    check = docgen(register, "register", "check")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "最终版.docx" in check.stdout, check.stdout
    assert "缺少文件" in check.stdout, check.stdout
