"""Timeline of one bulletin batch with Typst: what each process (the command, each worker) does when.

Runs ``make_bulletins`` (--pdf --merge, Typst) on bench/bulletin.py's synthetic ledger with the
batch's functions wrapped to log their wall-clock start and end per process (the wrapping is done
here, before the workers fork, so docgen itself is unchanged); then prints, per process, the time
spent in each step and the idle time between, the first and last moments of each worker, and a
coarse chart (one column per 50 ms: the letter of the step running then, ``.`` idle).

Read with it (issue 17, serial17; load 7–12, so wall times are stretched): a first Typst run starts
the workers before the ledger is read (``bulletin_workers.Pool``); each makes a sample bulletin at
its start ("Pool start", "P" in the chart), so its first real bulletin costs what the others do
(35–38 ms CPU, was 182 ms: Typst's fonts, the text template, first-use caches); the manifest is
made by an idle worker while the command finishes the 合订本.

    .venv/bin/python bench/bulletin_timeline.py [--count 100] [--workers N] [--spawn]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

T0 = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this checkout's docgen, and not bench/ (typst.py would shadow the package)

import docgen.bulletin_workers as workers_module  # noqa: E402
import docgen.bulletins as bulletins_module  # noqa: E402
import docgen.emit.docx.emit as docx_emit  # noqa: E402
import docgen.emit.typst.compile as typst_compile  # noqa: E402
import docgen.emit.typst.emit as typst_emit  # noqa: E402
import docgen.publish.merge as merge_module  # noqa: E402
import docgen.publish.numbering as numbering  # noqa: E402
import docgen.publish.pipeline as pipeline  # noqa: E402
from docgen.publish.pipeline import Engine  # noqa: E402
from docgen.register import Register  # noqa: E402
from docgen.run_resources import RunResources  # noqa: E402

IMPORTED = time.perf_counter()
LOG = Path(tempfile.mkdtemp(prefix="docgen-timeline-"))
_files: dict[int, object] = {}


def note(name: str, start: float, end: float, cpu: float = 0.0) -> None:
    """Append one step (wall-clock seconds since this script started) to this process's log."""
    pid = os.getpid()
    log = _files.get(pid)
    if log is None:
        log = _files[pid] = open(LOG / f"{pid}.log", "a", buffering=1)  # noqa: SIM115 - open for the run
    log.write(f"{name}\t{start - T0:.6f}\t{end - T0:.6f}\t{cpu:.6f}\n")  # type: ignore[attr-defined]


def timed(name: str, function):  # type: ignore[no-untyped-def]
    @functools.wraps(function)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            note(name, start, time.perf_counter(), time.process_time() - cpu)

    return wrapper


# step name → (module, attribute); names chosen so their first letters tell them apart in the chart
STEPS = {
    "Render (worker, whole bulletin)": (workers_module, "_render"),
    "lay out (worker)": (pipeline, "lay_out_each"),
    "docx emit (worker)": (docx_emit, "emit_docx"),
    "markup (worker)": (typst_emit, "emit_typst"),
    "Typst compile (worker)": (typst_compile, "compile_pdf"),
    "finish pdf (worker)": (pipeline, "finish_typst"),
    "Compose (worker)": (workers_module, "_compose"),
    "Up-front warm-up (command)": (workers_module, "warm"),
    "Load ledger (command)": (bulletins_module, "load_month"),
    "hash inputs (command)": (bulletins_module, "input_hash"),
    "Journal (command)": (bulletins_module, "journal"),
    "Manifest (command)": (bulletins_module, "write_manifest"),
    "Merged written (command)": (bulletins_module, "_write_merged"),
    "merge add (command)": (merge_module.MergedPdf, "add"),
    "Write chunk (command)": (numbering.Ticket, "write_many"),
    "Number (command)": (bulletins_module, "numbered"),
    "Pool start (worker: its warm-up and sample bulletin)": (workers_module, "_start_worker"),
}
for step, (owner, attribute) in STEPS.items():
    setattr(owner, attribute, timed(step, getattr(owner, attribute)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--chart", type=float, default=0.05, help="seconds per chart column")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from bulletin import ledger  # bench/bulletin.py's synthetic month

    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as folder:
        root = Path(folder)
        ledger(root / "ledger.xlsx", args.count)
        begun = time.perf_counter()
        cpu = time.process_time(), os.times()
        with Register.open(root / "register.sqlite") as reg:
            report = bulletins_module.make_bulletins(
                root / "ledger.xlsx", "2025-05", "zhangzi-zdxmb", root / "out", RunResources(), reg,
                pdf=True, merge=True, date=dt.date(2025, 6, 5), engine=Engine.TYPST, workers=args.workers,
            )  # fmt: skip
        ended = time.perf_counter()
        times = os.times()
    assert not report.failed
    assert report.merged is not None
    note("make_bulletins (command)", begun, ended)
    for log in _files.values():
        log.close()  # type: ignore[attr-defined]
    own = times.user + times.system - cpu[1].user - cpu[1].system
    children = times.children_user + times.children_system - cpu[1].children_user - cpu[1].children_system
    print(f"imports {IMPORTED - T0:.2f} s; make_bulletins {ended - begun:.2f} s wall, CPU: command {own:.2f} s,"
          f" workers {children:.2f} s; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print_timeline(begun - T0, ended - T0, args.chart)
    return 0


def print_timeline(begun: float, ended: float, column: float) -> None:
    """Print each process's steps: totals, idle time, first and last moment, and the chart."""
    for number, path in enumerate(sorted(LOG.iterdir(), key=lambda p: p.stat().st_mtime)):
        events = []
        for line in path.read_text().splitlines():
            name, start, end, cpu = line.split("\t")
            events.append((name, float(start), float(end), float(cpu)))
        events.sort(key=lambda e: e[1])
        totals: dict[str, float] = defaultdict(float)
        for name, start, end, _cpu in events:
            totals[name] += end - start
        first, last = min(e[1] for e in events), max(e[2] for e in events)
        print(
            f"\nprocess {number} (pid {path.stem}): first step at {first - begun:+.3f} s, last ends {last - begun:+.3f} s"
        )
        for name, seconds in sorted(totals.items(), key=lambda item: -item[1]):
            count = sum(1 for e in events if e[0] == name)
            print(f"  {name:34} {seconds:7.3f} s  ({count} times)")
        for step in ("Typst", "lay out", "docx", "Render"):
            walls = [round((e[2] - e[1]) * 1000) for e in events if e[0].startswith(step)]
            cpus = [round(e[3] * 1000) for e in events if e[0].startswith(step)]
            if walls:
                print(
                    f"  {step} in order, wall ms: {walls[:6]} … median {sorted(walls)[len(walls) // 2]};"
                    f" CPU ms: {cpus[:6]} … median {sorted(cpus)[len(cpus) // 2]}"
                )
        tops = [e for e in events if e[0].startswith("Render")]
        if tops:
            busy = sum(e[2] - e[1] for e in tops)
            print(f"  idle between bulletins: {last - first - busy:.3f} s of {last - first:.3f} s")
        chart = []
        width = int((ended - begun) / column) + 1
        for slot in range(width):
            at = begun + (slot + 0.5) * column
            running = [e for e in events if e[1] <= at < e[2] and not e[0].startswith("make_")]
            chart.append(min(running, key=lambda e: e[2] - e[1])[0][0] if running else ".")
        print("  " + "".join(chart))


if __name__ == "__main__":
    raise SystemExit(main())
