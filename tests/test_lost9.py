"""Session lost9: "nothing issued is lost or overwritten" on a real office PC and a shared folder.

Every command is a real process of this checkout (real SQLite, real Typst); interference from
another clerk or the system happens at a named point of the publishing order through
tests/fixtures/lost9/act_at.py (docgen waits for it: no timing race).  Each test asserts what the
office expects and fails today; tests/fixtures/lost9/DEFECTS.md gives the numbers.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT

ACT_AT = ROOT / "tests" / "fixtures" / "lost9" / "act_at.py"
NUMBER = re.compile(r"^长子政办发〔2026〕(\d+)号\.(docx|pdf)$")


def _env(register: Path) -> dict[str, str]:
    env = dict(os.environ, DOCGEN_REGISTER=str(register), PYTHONPATH=str(ROOT))
    for var in ("LC_ALL", "LANGUAGE", "LANG", "LC_MESSAGES"):
        env.pop(var, None)
    return env


def docgen(
    register: Path, *args: str, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run this checkout's docgen with ``register`` (``preexec_fn``: e.g. a file size limit)."""
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        env=_env(register),
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=preexec_fn,
    )


def docgen_at(register: Path, point: str, command: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run docgen; when it reaches ``point``, run the shell ``command`` (which may call docgen too)."""
    return subprocess.run(
        [sys.executable, str(ACT_AT), point, command, *args],
        env=_env(register),
        capture_output=True,
        text=True,
        timeout=300,
    )


def issue_at(register: Path, point: str, command: str, source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Issue ``source`` into ``out`` with Typst, signed 甲; at ``point`` run the shell ``command``."""
    return docgen_at(register, point, command, "issue", str(source), "--signer", "甲", "-o", str(out), "--engine", "typst")


def shell_docgen(*args: str) -> str:
    """A shell command line running this checkout's docgen (for act_at's command)."""
    return " ".join(f"'{a}'" for a in (sys.executable, "-m", "docgen", *args))


def notice(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"n{n}.md"
    path.write_text(
        f"---\n发文机关: zhangzi\n发文字号: auto\n标题: 关于第{n}号事项的通知\n主送: 各乡镇人民政府\n"
        f"成文日期: 2026-03-0{n}\n---\n为做好第{n}项工作，现通知如下：\n\n# 工作要求\n各单位要认真落实，确保按期完成。\n",
        encoding="utf-8",
    )
    return path


def issue(register: Path, source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return docgen(register, "issue", str(source), "--signer", "甲", "-o", str(out), "--engine", "typst")


def listed(register: Path) -> dict[int, str]:
    """The register's numbers of the series and their status (register list)."""
    result = docgen(register, "register", "list")
    assert result.returncode == 0, result.stderr
    rows = {}
    for line in result.stdout.splitlines():
        match = re.match(r"长子政办发〔2026〕(\d+)号\t(\S+)", line)
        if match:
            rows[int(match[1])] = match[2]
    return rows


def numbered_files(folder: Path) -> set[int]:
    return {int(m[1]) for p in folder.iterdir() if (m := NUMBER.match(p.name))} if folder.exists() else set()


def test_a_register_copied_back_from_last_week_does_not_issue_a_number_again_into_a_new_folder(
    tmp_path: Path,
) -> None:
    """lost9 #1: the register is behind (a copy from last week put back); a new month's folder."""
    register, src = tmp_path / "登记簿.sqlite", tmp_path / "src"
    assert issue(register, notice(src, 1), tmp_path / "发文-3月").returncode == 0
    lastweek = tmp_path / "上周的登记簿.sqlite"
    assert docgen(register, "register", "backup", str(lastweek)).returncode == 0
    assert issue(register, notice(src, 2), tmp_path / "发文-3月").returncode == 0  # 2号, in 发文-3月
    for extra in ("-wal", "-shm"):
        Path(f"{register}{extra}").unlink(missing_ok=True)
    shutil.copyfile(lastweek, register)  # the shared folder's sync puts last week's copy back

    result = issue(register, notice(src, 3), tmp_path / "发文-4月")
    assert 2 not in numbered_files(tmp_path / "发文-4月"), result.stdout  # 2号 twice: two documents
    assert result.returncode != 0


RANK = ROOT / "samples" / "ranking"


def rank(register: Path, month: str, out: Path, date: str) -> subprocess.CompletedProcess[str]:
    ledger = RANK / f"项目台账-{month}.xlsx"
    return docgen(
        register,
        "rank",
        str(ledger),
        "--month",
        month,
        "--rules",
        str(RANK / "rules.yaml"),
        "--letterhead",
        "zhangzi-zdxmb",
        "--date",
        date,
        "-o",
        str(out),
    )


def test_rank_with_a_register_copied_back_does_not_issue_a_number_again_in_the_same_folder(
    tmp_path: Path,
) -> None:
    """lost9 #2: rank's 通报 are named by the clerk, not by number: the folder's record knows
    5月排名通报.docx is issued but not as which number, so a register put back from before it gives
    长重点〔2025〕1号 again to April's 通报, in the same folder."""
    register, out = tmp_path / "登记簿.sqlite", tmp_path / "通报"
    out.mkdir()
    assert docgen(register, "register", "init").returncode == 0
    old = tmp_path / "上周.sqlite"
    assert docgen(register, "register", "backup", str(old)).returncode == 0
    may = rank(register, "2025-05", out / "5月排名通报.docx", "2025-06-05")
    assert "长重点〔2025〕1号" in may.stdout, may.stdout + may.stderr
    for extra in ("-wal", "-shm"):
        Path(f"{register}{extra}").unlink(missing_ok=True)
    shutil.copyfile(old, register)
    april = rank(register, "2025-04", out / "4月排名通报.docx", "2025-06-06")
    assert "长重点〔2025〕1号" not in april.stdout, april.stdout  # 1号 on two 通报
    assert april.returncode != 0


def test_collect_merge_never_writes_over_a_returned_form_it_reads(tmp_path: Path) -> None:
    """lost9 #3: the returned forms are collect merge's input (a folder); -o naming one of them with
    --overwrite replaces the town's form with the 汇总 (README: 本命令自己的输入文件始终不会被覆盖)."""
    returned = tmp_path / "回收"
    shutil.copytree(ROOT / "samples" / "collect" / "回收", returned)
    units = tmp_path / "单位.yaml"
    shutil.copyfile(ROOT / "samples" / "collect" / "单位.yaml", units)
    form = returned / "义马市零报送.xlsx"
    before = form.read_bytes()
    result = docgen(
        tmp_path / "登记簿.sqlite",
        "collect",
        "merge",
        str(returned),
        "--units",
        str(units),
        "-o",
        str(form),
        "--overwrite",
    )
    assert form.read_bytes() == before, result.stdout + result.stderr  # the town's form is gone
    assert "输入文件" in result.stderr, result.stderr


def test_register_release_refuses_a_number_a_running_issue_holds(tmp_path: Path) -> None:
    """lost9 #5: a colleague runs register release on the number an issue has just taken (it looks
    like a number an interrupted run left).  Today the release is taken, the issue ends as
    内部错误 (exit 70) and its 2号.docx/.pdf stay in the folder, recorded nowhere."""
    register, src = tmp_path / "登记簿.sqlite", tmp_path / "src"
    out = tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    log = tmp_path / "release.txt"
    command = (
        shell_docgen("register", "release", "长子政办发〔2026〕2号", "--reason", "以为中断了")
        + f" > '{log}' 2>&1; echo $? >> '{log}'"
    )
    result = issue_at(register, "after-allocate", command, notice(src, 2), out)
    released = log.read_text(encoding="utf-8")
    assert "内部错误" not in result.stderr, result.stderr
    # expected: the release is refused (a run that is alive holds the number), the issue ends
    assert released.strip().splitlines()[-1] != "0", released
    assert result.returncode == 0, result.stdout + result.stderr
    status = listed(register)
    assert {n for n in numbered_files(out) if status.get(n) != "已签发"} == set(), status


def test_a_void_during_issue_leaves_no_unrecorded_numbered_file(tmp_path: Path) -> None:
    """lost9 #6: register void of the number an issue is making; the issue fails at its record."""
    register, src = tmp_path / "登记簿.sqlite", tmp_path / "src"
    out = tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    command = shell_docgen("register", "void", "长子政办发〔2026〕2号", "--reason", "测试")
    result = issue_at(register, "after-pdf", command, notice(src, 2), out)
    status = listed(register)
    assert "Traceback" not in result.stderr
    # every 长子政办发〔2026〕N号.docx/.pdf in the folder is a number the register has issued
    # (a voided number's files are renamed “（作废）”); today 2号.docx and 2号.pdf stay, unrecorded
    assert {n for n in numbered_files(out) if status.get(n) != "已签发"} == set(), (status, result.stderr)


def test_a_register_deleted_before_the_record_is_not_reported_as_issued(tmp_path: Path) -> None:
    """lost9 #7: the register file is removed (another PC's sync) while an issue runs; the record goes
    into the deleted file and the run says 已签发, exit 0."""
    register, src = tmp_path / "登记簿.sqlite", tmp_path / "src"
    out = tmp_path / "发文"
    assert issue(register, notice(src, 1), out).returncode == 0
    command = f"rm -f '{register}' '{register}-wal' '{register}-shm'"
    result = issue_at(register, "after-pdf", command, notice(src, 2), out)
    recorded = register.exists() and listed(register).get(2) == "已签发"
    assert recorded or result.returncode != 0, result.stdout
