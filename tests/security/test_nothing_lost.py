"""Issue 12 (a): no command writes over its input or an issued file; the register defends itself.

Each test reproduces one finding of the adversarial trial and asserts the new behaviour: the
message, the exit code, the files untouched and the register consistent.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.cli import main_group
from docgen.register import Register, RegisterError

ROOT = Path(__file__).resolve().parents[2]
MAY = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
APRIL = ROOT / "samples" / "ranking" / "项目台账-2025-04.xlsx"
RULES = ROOT / "samples" / "ranking" / "rules.yaml"
NOTICE = ROOT / "samples" / "notices" / "zhangzi-2020-66.md"


def _run(register: Path, *args: str) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _notice(folder: Path) -> Path:
    """Write a sample notice whose number the register allocates (发文字号: auto)."""
    path = folder / "notice.md"
    path.write_text(
        NOTICE.read_text(encoding="utf-8").replace("长子政办发〔2020〕66号", "auto"), encoding="utf-8"
    )
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rank(register: Path, ledger: Path, output: Path, *extra: str) -> Result:
    return _run(
        register, "rank", str(ledger), "--month", "2025-05", "--rules", str(RULES),
        "--letterhead", "zhangzi-zdxmb", "-o", str(output), "--date", "2025-06-05", *extra,
    )  # fmt: skip


def _assert_register_clean(register: Path) -> None:
    result = _run(register, "register", "check")
    assert result.exit_code == 0, result.output
    assert "已取号" not in result.output


@pytest.mark.parametrize("target", ["xlsx-ledger", "xlsx-previous", "output-ledger"])
def test_rank_never_writes_over_its_ledgers(tmp_path: Path, target: str) -> None:
    ledger, previous = tmp_path / "台账.xlsx", tmp_path / "上月台账.xlsx"
    shutil.copy(MAY, ledger)
    shutil.copy(APRIL, previous)
    before = {p: _sha(p) for p in (ledger, previous)}
    register = tmp_path / "r.sqlite"
    if target == "output-ledger":
        result = _rank(register, ledger, ledger, "--previous", str(previous))
    else:
        victim = ledger if target == "xlsx-ledger" else previous
        result = _rank(
            register, ledger, tmp_path / "r.docx", "--previous", str(previous), "--xlsx", str(victim)
        )
    assert result.exit_code == 1
    assert "是本命令的输入文件" in result.stderr
    assert "Traceback" not in result.output
    assert {p: _sha(p) for p in (ledger, previous)} == before
    _assert_register_clean(register)


def test_an_input_reached_through_a_symlink_is_still_an_input(tmp_path: Path) -> None:
    ledger = tmp_path / "台账.xlsx"
    shutil.copy(MAY, ledger)
    (tmp_path / "link.xlsx").symlink_to(ledger)
    before = _sha(ledger)
    result = _rank(tmp_path / "r.sqlite", ledger, tmp_path / "r.docx", "--xlsx", str(tmp_path / "link.xlsx"))
    assert result.exit_code == 1
    assert "是本命令的输入文件" in result.stderr
    assert _sha(ledger) == before


def test_ledger_template_keeps_a_filled_ledger(tmp_path: Path) -> None:
    filled = tmp_path / "filled.xlsx"
    shutil.copy(MAY, filled)
    before = _sha(filled)
    result = _run(tmp_path / "r.sqlite", "ledger", "template", "--kind", "projects", "-o", str(filled))
    assert result.exit_code == 1
    assert "--overwrite" in result.stderr
    assert _sha(filled) == before
    again = _run(
        tmp_path / "r.sqlite", "ledger", "template", "--kind", "projects", "-o", str(filled), "--overwrite"
    )
    assert again.exit_code == 0
    assert _sha(filled) != before
    # written by docgen and unchanged since: a second run may write it again without --overwrite
    assert (
        _run(tmp_path / "r.sqlite", "ledger", "template", "--kind", "projects", "-o", str(filled)).exit_code
        == 0
    )


def test_issued_files_are_never_written_over_by_render_or_preview(tmp_path: Path) -> None:
    source = _notice(tmp_path)
    register = tmp_path / "r.sqlite"
    issued = _run(register, "issue", str(source), "--signer", "王建国", "--no-pdf")
    assert issued.exit_code == 0, issued.output
    (docx,) = tmp_path.glob("*号.docx")
    before = _sha(docx)
    for args in (
        ["render", str(source), "-o", str(docx)],
        ["render", str(source), "-o", str(docx), "--overwrite"],
    ):
        result = _run(register, *args)
        assert result.exit_code == 1, result.output
        assert "已印发的文件" in result.stderr
    assert _sha(docx) == before
    _assert_register_clean(register)


def test_preview_of_an_issued_docx_keeps_the_official_pdf(tmp_path: Path) -> None:
    from docgen.publish.guard import WriteGuard

    folder = tmp_path / "发文"
    folder.mkdir()
    docx, pdf = folder / "甲〔2025〕1号.docx", folder / "甲〔2025〕1号.pdf"
    guard = WriteGuard()
    guard.write(docx, (ROOT / "templates" / "gbt9704.docx").read_bytes())
    guard.write(pdf, b"%PDF-1.7 the official one")
    guard.mark_issued([docx, pdf])
    result = _run(tmp_path / "r.sqlite", "preview", str(docx))
    assert result.exit_code == 1
    assert "已印发的文件" in result.stderr
    assert pdf.read_bytes() == b"%PDF-1.7 the official one"


def test_a_second_register_cannot_issue_into_the_same_folder(tmp_path: Path) -> None:
    source = _notice(tmp_path)
    out = tmp_path / "发文"
    first = _run(tmp_path / "a.sqlite", "issue", str(source), "--signer", "甲", "--no-pdf", "-o", str(out))
    assert first.exit_code == 0, first.output
    (docx,) = out.glob("*.docx")
    before = _sha(docx)
    second = _run(tmp_path / "b.sqlite", "issue", str(source), "--signer", "乙", "--no-pdf", "-o", str(out))
    assert second.exit_code == 1
    assert "另一本登记簿" in second.stderr
    assert _sha(docx) == before
    assert list(out.glob("*.docx")) == [docx]
    _assert_register_clean(tmp_path / "b.sqlite")


def test_an_emptied_register_is_refused_not_started_again(tmp_path: Path) -> None:
    register = tmp_path / "r.sqlite"
    for _ in range(3):
        assert _run(register, "register", "next", "--series", "甲", "--year", "2025").exit_code == 0
    register.write_bytes(b"")
    for args in (
        ["register", "check"],
        ["register", "list"],
        ["register", "next", "--series", "甲", "--year", "2025"],
    ):
        result = _run(register, *args)
        assert result.exit_code == 1, args
        assert "登记簿为空或已损坏" in result.stderr
        assert "register restore" in result.stderr
    assert register.stat().st_size == 0
    assert _run(register, "register", "init").exit_code == 0


def test_damaged_pages_give_a_message_and_restore_goes_back_to_the_backup(tmp_path: Path) -> None:
    register = tmp_path / "r.sqlite"
    for _ in range(40):
        assert _run(register, "register", "next", "--series", "甲", "--year", "2025").exit_code == 0
    backups = sorted((tmp_path / "r.sqlite.backups").glob("*.sqlite"))
    assert len(backups) == 1  # the day's first write made it
    with sqlite3.connect(register) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(register.read_bytes())
    page = 4096
    for offset in range(page, len(data), page):  # scribble over every page but the header's
        data[offset + 8 : offset + 200] = os.urandom(192)
    register.write_bytes(bytes(data))
    for args in (
        ["register", "check"],
        ["register", "list"],
        ["register", "next", "--series", "甲", "--year", "2025"],
    ):
        result = _run(register, *args)
        assert result.exit_code == 1, (args, result.output)
        assert "登记簿为空或已损坏" in result.stderr, result.stderr
        assert "Traceback" not in result.output
        assert "内部错误" not in result.stderr
    restored = _run(register, "register", "restore", str(backups[-1]))
    assert restored.exit_code == 0, restored.output
    assert _run(register, "register", "check").exit_code == 0


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    from docgen.output import write_atomic

    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "a.docx", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.docx").stat().st_mode & 0o777 == 0o640


def test_units_whose_file_names_collide_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from docgen.bulletins import make_bulletins
    from docgen.errors import DataError
    from docgen.run_resources import RunResources

    book = load_workbook(MAY)
    sheet = book.active
    assert sheet is not None
    header = next(
        i for i, row in enumerate(sheet.iter_rows(values_only=True), 1) if "责任单位" in [str(c) for c in row]
    )
    column = [str(c.value) for c in sheet[header]].index("责任单位") + 1
    sheet.cell(header + 1, column).value = "城关镇"
    sheet.cell(header + 2, column).value = "城关镇/"
    ledger = tmp_path / "台账.xlsx"
    book.save(ledger)
    with Register.open(tmp_path / "r.sqlite") as reg:
        with pytest.raises(DataError, match="同一个文件名"):
            make_bulletins(ledger, "2025-05", "zhangzi-zdxmb", tmp_path / "out", RunResources(), reg)
        assert reg.pending() == []
    assert not (tmp_path / "out").exists()


def test_two_runs_issuing_one_source_at_once_do_not_both_issue(tmp_path: Path) -> None:
    """The second run is refused while the first holds the source (a held lock, then a dead holder)."""
    from docgen.publish.numbering import exclusive

    register = tmp_path / "r.sqlite"
    with Register.open(register) as reg:
        holder = subprocess.Popen(  # noqa: S603 - this Python, a fixed script
            [sys.executable, "-c", (
                "import sys, time; from pathlib import Path; from docgen.register import Register;"
                "from docgen.publish.numbering import exclusive\n"
                "with Register.open(Path(sys.argv[1])) as reg, exclusive(reg, 'k', 'x'):\n"
                "    print('held', flush=True); time.sleep(60)"
            ), str(register)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "held"
            with (
                pytest.raises(RegisterError, match=f"另一个 docgen 任务.*{holder.pid}"),
                exclusive(reg, "k", "x"),
            ):
                pass
        finally:
            holder.kill()
            holder.communicate()
        with exclusive(reg, "k", "x"):  # killed: the kernel let the lock go
            pass


def test_the_next_run_cleans_what_a_killed_run_left(tmp_path: Path) -> None:
    """kill -9 during conversion leaves a profile folder and soffice; any next docgen run removes both."""
    import signal
    import time

    from docgen.convert.pool import wait_gone
    from docgen.scratch import processes_using

    temp = tmp_path / "tmp"
    temp.mkdir()
    sources = tmp_path / "src"
    sources.mkdir()
    for i in range(6):
        shutil.copy(_notice(tmp_path), sources / f"n{i}.md")
    env = {**os.environ, "TMPDIR": str(temp)}
    command = [sys.executable, str(ROOT / "cli.py"), "preview", str(sources), "-o", str(tmp_path / "out")]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 90
    left: list[Path] = []
    while time.monotonic() < deadline and not any(processes_using(p) for p in left):
        left = list(temp.glob(f"docgen-lo-{process.pid}-*"))
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert left, "LibreOffice never started"
    orphans = [pid for folder in left for pid in processes_using(folder)]
    assert orphans  # what the kill left: soffice on its profile
    after = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "cli.py"), "--register", str(tmp_path / "r.sqlite"), "register", "list"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert after.returncode == 0, after.stderr
    assert wait_gone(orphans, 10)
    assert not list(temp.glob("docgen-*"))


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    """kill -9 between the temporary file and the rename leaves ".NAME.PID.xxx.part": the next write removes it."""
    from docgen.output import write_atomic

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".a.docx.{dead.stdout.strip()}.x1y2.part"
    stale.write_bytes(b"half of a file")
    alive = tmp_path / f".a.docx.{os.getpid()}.z9.part"  # a writer still running: left alone
    alive.write_bytes(b"being written")
    write_atomic(tmp_path / "a.docx", b"whole")
    assert not stale.exists()
    assert alive.exists()
    assert (tmp_path / "a.docx").read_bytes() == b"whole"
