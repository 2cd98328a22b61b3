"""A batch stopped by Ctrl-C or SIGTERM keeps what it finished (outsider4 #5), and render / issue
refuse a folder they cannot write once, before any work (outsider4 #6).

Real processes and real signals: docgen run as a command, LibreOffice's pool converting, the
signal sent while it converts; the files left are read back (pypdf, the folder's record) and the
register checked by ``docgen register check``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_FRONT, ROOT
from helpers import interrupt_when_pool_runs
from pypdf import PdfReader

from docgen.cli import main_group
from docgen.convert.oneshot import soffice_path
from docgen.convert.pool import wait_gone
from docgen.publish.guard import RECORD_NAME
from docgen.register import Register
from docgen.scratch import processes_using

INPUTS = ROOT / "tests" / "fixtures" / "outsider4"
NEEDS_LIBREOFFICE = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
AUTO_FRONT = MINIMAL_FRONT.replace("伊重点项目办〔2020〕13号", "auto")
STOPPED = re.compile(r"已中止：已写入 (\d+) 份 ?(PDF|文档)，(\d+) 份未生成。")


def _docgen(tmp_path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "docgen", "--register", str(tmp_path / "r.sqlite"), *args]


def _batch(tmp_path: Path) -> Path:
    """Return a folder of 12 sources: the outsider's 函, 令 and 纪要, four of each."""
    batch = tmp_path / "batch"
    batch.mkdir()
    for index in range(4):
        for name in ("函-附件九.md", "令-长标题.md", "纪要-调度会.md"):
            shutil.copy(INPUTS / name, batch / f"{Path(name).stem}-{index}.md")
    return batch


def _numbers_taken(register: Path) -> list[int]:
    """Return the sequence numbers a register holds (none if it was never made)."""
    if not register.exists():
        return []
    with Register.open(register) as opened:
        return [row.seq for row in opened.rows()]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@NEEDS_LIBREOFFICE
@pytest.mark.parametrize(
    ("stop", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"]
)
def test_a_stopped_preview_keeps_every_pdf_it_finished(
    tmp_path: Path, stop: signal.Signals, code: int
) -> None:
    """Stopped once two of 12 PDFs are on disk: those stay whole and recorded, the summary counts
    them and the ones not made, no temporary file and no LibreOffice process is left, and the
    re-run (no --overwrite) makes all 12 over them."""
    batch, out = _batch(tmp_path), tmp_path / "批量 预览"
    command = _docgen(
        tmp_path, "preview", str(batch), "-o", str(out), "--engine", "libreoffice", "--workers", "2"
    )
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    pool: set[int] = set()
    deadline = time.monotonic() + 300
    while run.poll() is None and time.monotonic() < deadline:
        for folder in Path(tempfile.gettempdir()).glob(f"docgen-lo-{run.pid}-*"):
            pool.update(processes_using(folder))
        if out.is_dir() and len(list(out.glob("*.pdf"))) >= 2:
            break
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it could be stopped"
    run.send_signal(stop)
    stdout, stderr = (stream.decode() for stream in run.communicate(timeout=60))
    assert run.returncode == code, stderr
    assert "Traceback" not in stderr
    found = STOPPED.search(stderr)
    assert found is not None, stderr
    written, left = int(found.group(1)), int(found.group(3))
    pdfs = sorted(out.glob("*.pdf"))
    assert written == len(pdfs) >= 2
    assert left == 12 - written >= 1
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    record = json.loads((out / RECORD_NAME).read_text(encoding="utf-8"))["files"]
    for pdf in pdfs:
        pages = len(PdfReader(pdf).pages)  # whole: pypdf reads every page
        assert f"{pdf.name}（{pages} 页）" in stdout, stdout
        assert record[pdf.name]["sha256"] == _sha256(pdf)
    assert pool, "the pool was never seen running"
    assert wait_gone(sorted(pool), 10), "LibreOffice outlived the command"
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert len(list(out.glob("*.pdf"))) == 12


def test_a_stopped_render_says_how_many_it_wrote(tmp_path: Path) -> None:
    """Ctrl-C once the first .docx of 40 is written: the .docx written stay, the summary counts them."""
    sources = tmp_path / "源"
    sources.mkdir()
    for index in range(40):
        front = AUTO_FRONT.replace("关于测试的通知", f"关于第{index + 1}批项目的通知")
        body = "\n\n".join(["重点项目建设要坚持问题导向，逐项落实责任，确保按期完成年度目标任务。"] * 30)
        (sources / f"n{index:02d}.md").write_text(f"---\n{front.strip()}\n---\n{body}\n", encoding="utf-8")
    out = tmp_path / "发文"
    run = subprocess.Popen(
        _docgen(tmp_path, "render", str(sources), "-o", str(out)), cwd=ROOT, stderr=subprocess.PIPE
    )
    while run.poll() is None and not (out.is_dir() and list(out.glob("*.docx"))):
        time.sleep(0.02)
    assert run.poll() is None, "the run ended before it could be stopped"
    run.send_signal(signal.SIGINT)
    _out, err = run.communicate(timeout=60)
    assert run.returncode == 130, err.decode()
    found = STOPPED.search(err.decode())
    assert found is not None, err.decode()
    docx = list(out.glob("*.docx"))
    written, left = int(found.group(1)), int(found.group(3))
    # a Ctrl-C between a file's rename and its count leaves it whole and uncounted
    assert written <= len(docx) <= written + 1
    assert left == 40 - written >= 1
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


@NEEDS_LIBREOFFICE
@pytest.mark.parametrize(
    ("stop", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"]
)
def test_a_stopped_issue_gives_its_number_back(tmp_path: Path, stop: signal.Signals, code: int) -> None:
    """Stopped while LibreOffice converts: the number taken is given back (register check
    consistent), no file is left, and the re-run issues the same number."""
    source = tmp_path / "n.md"
    source.write_text(f"---\n{AUTO_FRONT.strip()}\n---\n正文第一段。\n", encoding="utf-8")
    issue = (
        "issue",
        str(source),
        "--signer",
        "王建国",
        "-o",
        str(tmp_path / "发文"),
        "--engine",
        "libreoffice",
    )
    run = subprocess.Popen(
        _docgen(tmp_path, *issue), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    if stop is signal.SIGINT:
        interrupt_when_pool_runs(run, wait=120)  # asserts 已中止, exit 130, no LibreOffice left
    else:
        while run.poll() is None and not list(Path(tempfile.gettempdir()).glob(f"docgen-lo-{run.pid}-*")):
            time.sleep(0.05)
        run.send_signal(stop)
        _out, err = run.communicate(timeout=60)
        assert run.returncode == code, err.decode()
        assert "已中止" in err.decode()
    with Register.open(tmp_path / "r.sqlite") as register:
        assert register.rows() == []  # released: nothing was taken after it
        assert register.audit()[-1][1] == "release"
    check = subprocess.run(
        _docgen(tmp_path, "register", "check"), cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert not list((tmp_path / "发文").glob("*.docx")) + list((tmp_path / "发文").glob("*.pdf"))
    again = subprocess.run(_docgen(tmp_path, *issue), cwd=ROOT, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert "伊重点项目办〔2020〕1号" in again.stdout


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("错误")]


def test_issue_into_a_path_through_a_file_says_so_once_and_takes_no_number(tmp_path: Path) -> None:
    source = tmp_path / "n.md"
    source.write_text(f"---\n{AUTO_FRONT.strip()}\n---\n正文第一段。\n", encoding="utf-8")
    (tmp_path / "not-a-folder").write_text("x")
    out = tmp_path / "not-a-folder" / "发文"
    done = CliRunner().invoke(
        main_group,
        [
            "--register",
            str(tmp_path / "r.sqlite"),
            "issue",
            str(source),
            "--signer",
            "王建国",
            "-o",
            str(out),
        ],
    )
    assert done.exit_code == 1
    assert _errors(done.output) == [f"错误：无法写入 {out}：路径中的某一级不是文件夹"]
    assert _numbers_taken(tmp_path / "r.sqlite") == []


def _as_another_user() -> list[str]:
    """Return the prefix that runs a command as a user who cannot write a folder of root's with
    mode 555 (root writes it anyway): nobody, through setpriv; none when not root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("run as root without setpriv: root writes a read-only folder, no other user to run as")
    return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]


@pytest.mark.parametrize("command", ["render", "issue"])
def test_a_folder_it_cannot_write_is_named_once_before_any_work(command: str) -> None:
    """A read-only output folder (a real one: mode 555, the run as a user who is not its owner's
    root): one error naming the folder, not its hidden .docgen-folder.json; no number taken."""
    prefix = _as_another_user()
    work = Path(tempfile.mkdtemp(prefix="docgen-test-ro-"))  # not under pytest's 700 folder: nobody reads it
    try:
        work.chmod(0o777)
        sources = work / "源 文件"
        sources.mkdir()
        for name in ("函-附件九.md", "令-长标题.md"):
            shutil.copy(INPUTS / name, sources / name)
        for path in (sources, *sources.iterdir()):
            path.chmod(0o777 if path.is_dir() else 0o666)
        readonly = work / "ro-out"
        readonly.mkdir(mode=0o555)
        readonly.chmod(0o555)
        if command == "render":
            args = ["render", str(sources), "-o", str(readonly)]
        else:
            args = [
                "issue",
                str(sources / "函-附件九.md"),
                "--signer",
                "王建国",
                "-o",
                str(readonly),
                "--no-pdf",
            ]
        env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), HOME=str(work))
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "docgen", "--register", str(work / "r.sqlite"), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 1, done.stdout + done.stderr
        assert _errors(done.stderr) == [f"错误：无法写入 {readonly}：没有权限"], done.stderr
        assert "说明" not in done.stderr  # nothing was laid out to say anything about
        assert _numbers_taken(work / "r.sqlite") == []
    finally:
        shutil.rmtree(work, ignore_errors=True)


@NEEDS_LIBREOFFICE
def test_ctrl_c_while_the_pool_still_starts_leaves_no_libreoffice(tmp_path: Path) -> None:
    """The pool starts while the sources are read (preview --engine libreoffice): a Ctrl-C once the
    conversion waits for it ends every worker and falls back to nothing (a worker killed by the
    Ctrl-C is no “pool could not start”, which started a one-shot soffice that outlived the run)."""
    batch, log = _batch(tmp_path), tmp_path / "points.log"
    command = [sys.executable, str(ROOT / "tests" / "kill_at.py"), "--log", str(log), "-"]
    command += _docgen(tmp_path, "preview", str(batch), "-o", str(tmp_path / "out"), "--workers", "2")[3:]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen: set[int] = set()
    while run.poll() is None and not (log.exists() and " converting" in log.read_text()):
        for folder in Path(tempfile.gettempdir()).glob(f"docgen-lo-{run.pid}-*"):
            seen.update(processes_using(folder))
        time.sleep(0.02)
    run.send_signal(signal.SIGINT)
    _out, err = run.communicate(timeout=60)
    assert run.returncode == 130, err.decode()
    assert "无法启动" not in err.decode()  # no fall-back to one soffice run
    for folder in Path(tempfile.gettempdir()).glob(f"docgen-lo-{run.pid}-*"):
        seen.update(processes_using(folder))
    assert seen, "the pool was never seen starting"
    assert wait_gone(sorted(seen), 10), "LibreOffice outlived the command"
