"""Session folder9: a register behind any folder it numbered into takes no number; two files of one
number are named by ``register check`` (tests/fixtures/lost9/DEFECTS.md #1, #2, #4).

Real processes of this checkout (real SQLite, real Typst, the sample 项目库), as in tests/test_lost9.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT
from test_lost9 import docgen, issue, notice, numbered_files

PROGRESS = ROOT / "samples" / "progress"


def put_back(register: Path, old: Path) -> None:
    """The shared folder's sync puts an older copy of the register back."""
    for extra in ("-wal", "-shm"):
        Path(f"{register}{extra}").unlink(missing_ok=True)
    shutil.copyfile(old, register)


def progress(register: Path, as_of: str, previous: str, out: Path) -> tuple[int, str]:
    result = docgen(
        register,
        "progress",
        str(PROGRESS / f"项目库-{as_of}.xlsx"),
        "--targets",
        str(PROGRESS / "目标.yaml"),
        "--as-of",
        as_of,
        "--previous",
        str(PROGRESS / f"项目库-{previous}.xlsx"),
        "--letterhead",
        "sanmenxia",
        "-o",
        str(out),
    )
    return result.returncode, result.stdout + result.stderr


def test_progress_with_a_register_copied_back_does_not_issue_a_number_again_in_the_same_folder(
    tmp_path: Path,
) -> None:
    """lost9 #2 for progress: its 通报 is named by the clerk (一周一份); the folder's record keeps the
    number the file was issued under, so a register put back from before it takes no number there."""
    register, out = tmp_path / "登记簿.sqlite", tmp_path / "通报"
    out.mkdir()
    assert docgen(register, "register", "init").returncode == 0
    old = tmp_path / "上周.sqlite"
    assert docgen(register, "register", "backup", str(old)).returncode == 0
    code, said = progress(register, "2020-10-16", "2020-10-09", out / "10月16日.docx")
    assert code == 0, said
    assert "三政重点办〔2020〕1号" in said, said
    put_back(register, old)

    code, said = progress(register, "2020-10-09", "2020-09-30", out / "10月9日.docx")
    assert code == 1, said
    assert "登记簿落后于文件夹" in said, said
    assert "10月16日.docx" in said, said
    assert "三政重点办〔2020〕1号" in said, said
    assert not (out / "10月9日.docx").exists()
    record = json.loads((out / ".docgen-folder.json").read_text(encoding="utf-8"))
    assert sorted(record["files"]) == ["10月16日.docx"]


def test_register_next_is_refused_when_a_folder_the_register_knows_shows_the_number(tmp_path: Path) -> None:
    """lost9 #1 without a folder of its own: ``register next`` reads the folders the register knows."""
    register, src, march = tmp_path / "登记簿.sqlite", tmp_path / "src", tmp_path / "发文-3月"
    assert issue(register, notice(src, 1), march).returncode == 0
    old = tmp_path / "上周.sqlite"
    assert docgen(register, "register", "backup", str(old)).returncode == 0
    assert issue(register, notice(src, 2), march).returncode == 0
    put_back(register, old)

    result = docgen(register, "register", "next", "--series", "长子政办发", "--year", "2026")
    assert result.returncode == 1, result.stdout
    assert "登记簿落后于文件夹" in result.stderr, result.stderr
    assert "长子政办发〔2026〕2号" in result.stderr, result.stderr
    assert "发文-3月" in result.stderr
    # the way on the message gives: the series goes on after the folder's numbers
    start = ("register", "start", "--series", "长子政办发", "--year", "2026", "--next", "3")
    assert docgen(register, *start).returncode == 0
    result = issue(register, notice(src, 3), tmp_path / "发文-4月")
    assert result.returncode == 0, result.stdout + result.stderr
    assert numbered_files(tmp_path / "发文-4月") == {3}


def test_register_check_names_two_different_files_that_bear_one_number(tmp_path: Path) -> None:
    """lost9 #4: 发文-3月 was out of reach (a share not connected) when 2号 was issued again into
    发文-4月; back, it holds another 2号: ``register check`` says so, naming both, and exits 1."""
    register, src = tmp_path / "登记簿.sqlite", tmp_path / "src"
    march, april = tmp_path / "发文-3月", tmp_path / "发文-4月"
    assert issue(register, notice(src, 1), march).returncode == 0
    old = tmp_path / "上周.sqlite"
    assert docgen(register, "register", "backup", str(old)).returncode == 0
    assert issue(register, notice(src, 2), march).returncode == 0
    assert docgen(register, "register", "check").returncode == 0
    put_back(register, old)
    away = march.rename(tmp_path / "离线")
    assert issue(register, notice(src, 3), april).returncode == 0  # 发文-3月 cannot be read: 2号 again
    away.rename(march)
    assert numbered_files(march) == {1, 2}
    assert numbered_files(april) == {2}

    result = docgen(register, "register", "check")
    assert result.returncode == 1, result.stdout
    lines = [line for line in result.stdout.splitlines() if "另有一份已印发的" in line]
    assert len(lines) == 1, result.stdout
    line = lines[0]
    assert line.startswith("✗ 长子政办发〔2026〕2号：文件夹"), line
    assert f"{march.resolve()} 中另有一份已印发的" in line, line  # the folder, then the files there
    for name in ("长子政办发〔2026〕2号.docx", "长子政办发〔2026〕2号.pdf"):
        assert f"{march / name}" not in line, line  # named by their name, in the folder named before
        assert name in line, line
        assert str(april.resolve() / name) in line, line  # the recorded file of 2号
    assert "哈希不同" in line, line
    assert "1号" not in line, line
