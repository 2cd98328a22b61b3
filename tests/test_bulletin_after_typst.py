"""A bulletin batch in a process where Typst already ran, whoever called it (the closing note's
"A bulletin batch after a direct typst.compile can hang"): the workers that typeset are spawned,
not forked (a forked one waited forever on a futex of Typst's pool), and a SIGKILLed command
leaves none of them behind holding its pipes.  Each run is a fresh process: the poisoning compile
must not happen in the test session's own process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ROOT

DIRECT = "import typst\n_pdf = typst.compile(input=b'#set page(width: 5cm, height: 5cm)\\nHello', format='pdf')\n"

BATCH = """
import datetime as dt, sys, tempfile
from pathlib import Path
from docgen.bulletins import make_bulletins
from docgen.publish.pipeline import Engine
from docgen.register import Register
from docgen.run_resources import RunResources

def main():
    out = Path(tempfile.mkdtemp())
    with Register.open(out / "r.sqlite") as reg:
        report = make_bulletins(
            Path("samples/ranking/项目台账-2025-05.xlsx"), "2025-05", "zhangzi-zdxmb", out / "out",
            RunResources(), reg, date=dt.date(2025, 6, 5), pdf=True, merge=True, workers=2,
            engine=Engine.TYPST, on_progress=lambda subject, _n: print("made", subject, flush=True),
        )
    print(len(report.entries), "ok", len(report.failed), "failed", flush=True)

if __name__ == "__main__":  # spawned workers import this file again
    main()
"""


def _python(*args: str) -> list[str]:
    """Return the command running Python with ``args`` (``-c``: the worktree's docgen, from ``cwd``)."""
    return [sys.executable, *args]


def test_typst_run_by_anyone_is_seen_and_only_typesetting_workers_are_spawned() -> None:
    code = """
import threading
from docgen.bulletin_workers import _pool_context, typst_may_have_run
import typst
timer = threading.Timer(60, lambda: None)  # a thread Python started (kill_at.py's timer) is no sign
timer.start()
print(typst_may_have_run(), _pool_context(True).get_start_method())
typst.compile(input=b"Hello", format="pdf")
print(typst_may_have_run(), _pool_context(True).get_start_method(), _pool_context(False).get_start_method())
timer.cancel()
"""
    done = subprocess.run(_python("-c", code), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines() == ["False fork", "True spawn fork"], done.stderr


def test_native_threads_started_before_typst_are_not_taken_for_its_pool() -> None:
    """numpy (imported by openpyxl) starts OpenBLAS's thread before any compile: counting it spawned
    every Typst bulletin batch of the command line (4.6 s instead of 2.4 s for 100, measured)."""
    code = """
import numpy  # OpenBLAS's pool: a native thread, as openpyxl's import starts it
from docgen import native_threads
from docgen.bulletin_workers import _pool_context, typst_may_have_run
print(len(native_threads.foreign_threads()) > 0)
from docgen.emit.typst.compile import compiler
compiler()  # the font index: loads typst, starts no thread
print(typst_may_have_run(), _pool_context(True).get_start_method())
import typst
typst.compile(input=b"Hello", format="pdf")
print(typst_may_have_run(), _pool_context(True).get_start_method())
"""
    done = subprocess.run(
        _python("-c", code), cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "2"},  # one native thread even on one core
    )
    assert done.stdout.splitlines() == ["True", "False fork", "True spawn"], done.stderr


def test_a_typst_batch_after_a_direct_typst_compile_finishes() -> None:
    """Reproduced before the fix: the forked workers hung in their first compile (killed at 200 s)."""
    done = subprocess.run(_python("-c", DIRECT + BATCH), cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "13 ok 0 failed"


def test_a_sigkilled_batch_leaves_no_worker_holding_its_pipes() -> None:
    """Killed once its spawned workers have made a bulletin: the pipes close at once, no process of
    the run is left (a fork server and its workers kept them open past 60 s)."""
    run = subprocess.Popen(
        _python("-c", DIRECT + BATCH), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert run.stdout is not None
    # hung workers would never make one: the whole run is killed then, and the test fails below
    guard = threading.Timer(150, lambda: [os.kill(pid, signal.SIGKILL) for pid in _session(run.pid)])
    guard.start()
    try:
        first = run.stdout.readline()
    finally:
        guard.cancel()
    assert first.startswith(b"made "), run.communicate(timeout=60)[1].decode()
    os.kill(run.pid, signal.SIGKILL)
    killed = time.monotonic()
    try:
        run.communicate(timeout=30)  # EOF on both pipes: no process holds them
    finally:
        # a worker dying of PR_SET_PDEATHSIG may still be on its way out (state R, cmdline empty)
        deadline = time.monotonic() + 10
        while (left := _session(run.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        named = {pid: _command(pid) for pid in left}
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    assert time.monotonic() - killed < 30
    assert not left, named


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"


def _session(sid: int) -> list[int]:
    """Return the live (not zombie) processes of session ``sid``."""
    live = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] != "Z":  # fields: state, ppid, pgrp, session
            live.append(int(entry.name))
    return live
