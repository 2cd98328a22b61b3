"""Benchmark: 100 bulletins (.docx, PDF and the merged PDF) end to end, LibreOffice against Typst.

Both columns run ``make_bulletins`` with --pdf --merge on the same synthetic ledger, in the same run:
- LibreOffice: .docx in parallel on all cores, PDFs through the LibreOffice pool, its start-up
  included;
- Typst: the same .docx, PDFs typeset by Typst in process (``engine=Engine.TYPST``; the first
  compile loads the font index and is included).
Each column starts from an empty folder and a new register.  Prints wall time, time per bulletin,
CPU time (this process and its
children: the workers, soffice), pages, peak memory of the largest child process and of this one, and the ratio.  ``--typst-only``
skips LibreOffice (no soffice needed).

    .venv/bin/python bench/bulletin.py [--count 100] [--typst-only]

Typst column, issue 17 (serial17: workers started before the ledger is read, each making a sample
bulletin first; the manifest made by an idle worker): alternating with the version before, 4 runs
each at load 4.2–4.6 (other sessions on the 2 cores), 3.08 / 3.71 / 5.80 / 3.80 s wall and
5.25 / 5.53 / 5.15 / 4.77 s CPU, before 3.56 / 7.43 / 2.76 / 2.52 s and 5.65 / 5.37 / 4.63 / 4.44 s:
within the noise; the stage "warm-up" now holds each worker's start (0.5 s in all), the first
bulletins no longer pay it.  The command's own phases: bench/bulletin_phases.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this checkout's docgen, and not bench/ (typst.py would shadow the package)

from docgen.bulletins import make_bulletins  # noqa: E402
from docgen.publish.pipeline import Engine  # noqa: E402
from docgen.register import Register  # noqa: E402
from docgen.run_resources import RunResources  # noqa: E402


def ledger(path: Path, units: int) -> None:
    """Write a synthetic month with ``units`` units of 3 to 8 projects each."""
    from openpyxl import Workbook

    rng = random.Random(7)
    book = Workbook()
    sheet = book.active
    sheet.title = "2025-05"
    sheet.append(
        [
            "项目名称",
            "责任单位",
            "总投资（万元）",
            "年度计划投资（万元）",
            "累计完成投资（万元）",
            "形象进度",
            "存在问题",
        ]
    )
    for u in range(units):
        for p in range(rng.randrange(3, 9)):
            plan = rng.randrange(500, 50000)
            sheet.append(
                [
                    f"单位{u:03d}项目{p}",
                    f"单位{u:03d}",
                    plan * 3,
                    plan,
                    round(plan * rng.random() * 0.6, 2),
                    "主体施工",
                    "" if rng.random() < 0.6 else "资金到位率偏低",
                ]
            )
    book.save(path)


def peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def cpu_seconds() -> float:
    """Return the CPU time (user + system) of this process and of its finished children."""
    return own_cpu_seconds() + children_cpu_seconds()


def own_cpu_seconds() -> float:
    """Return the CPU time (user + system) of this process: the command's own part of a column."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def children_cpu_seconds() -> float:
    """Return the CPU time (user + system) of this process's finished children (workers, soffice)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def run(root: Path, engine: Engine, name: str) -> tuple[float, int, int, float, dict[str, float]]:
    """Make every bulletin of the ledger with ``engine``; return (seconds, bulletins, pages, CPU seconds,
    CPU seconds per stage)."""
    start, cpu, own = time.perf_counter(), cpu_seconds(), own_cpu_seconds()
    with Register.open(root / f"{name}.sqlite") as reg:
        report = make_bulletins(
            root / "ledger.xlsx",
            "2025-05",
            "zhangzi-zdxmb",
            root / name,
            RunResources(),
            reg,
            pdf=True,
            merge=True,
            date=dt.date(2025, 6, 5),
            engine=engine,
        )
    seconds, cpu, own = time.perf_counter() - start, cpu_seconds() - cpu, own_cpu_seconds() - own
    print(f"{name}: the command's own process {own:.2f} s CPU, its workers {cpu - own:.2f} s")
    assert not report.failed, report.failed[:3]
    assert report.merged is not None
    return seconds, len(report.entries), sum(e.pages for e in report.entries), cpu, report.stages


def breakdown(name: str, stages: dict[str, float], cpu: float, made: int) -> None:
    """Print the CPU time per stage (workers' and the command's), in ms per bulletin and in % of the CPU."""
    print(f"{name}: CPU per stage, ms per bulletin (share of the column's CPU)")
    for stage, seconds in sorted(stages.items(), key=lambda item: -item[1]):
        print(f"  {stage:16} {seconds / made * 1000:7.2f}  ({seconds / cpu * 100:4.1f} %)")
    rest = cpu - sum(stages.values())
    print(f"  {'other':16} {rest / made * 1000:7.2f}  ({rest / cpu * 100:4.1f} %)  start-up, pool, imports, hashing")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--typst-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as folder:
        root = Path(folder)
        ledger(root / "ledger.xlsx", args.count)
        typst_s, made, typst_pages, typst_cpu, typst_stages = run(root, Engine.TYPST, "typst")
        assert made == args.count, made
        typst_peak = peak_mib()
        lo = None if args.typst_only else run(root, Engine.LIBREOFFICE, "libreoffice")
    cores = os.cpu_count()
    print(f"{args.count} bulletins (.docx, PDF, merged PDF), {cores} cores")
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} at the end (wall times grow with other work on the machine)")
    print(f"{'engine':12} {'wall s':>7} {'s/bulletin':>11} {'CPU s':>7} {'pages':>6}")
    print(f"{'Typst':12} {typst_s:7.2f} {typst_s / made:11.3f} {typst_cpu:7.2f} {typst_pages:6}")
    if lo is not None:
        lo_s, _made, lo_pages, lo_cpu, lo_stages = lo
        print(f"{'LibreOffice':12} {lo_s:7.2f} {lo_s / made:11.3f} {lo_cpu:7.2f} {lo_pages:6}")
        print(f"ratio: Typst {lo_s / typst_s:.1f}x faster (same run)")
    print(f"peak memory: {typst_peak:.0f} MiB after Typst, {peak_mib():.0f} MiB at the end")
    breakdown("Typst", typst_stages, typst_cpu, made)
    if lo is not None:
        breakdown("LibreOffice (soffice's own CPU in other)", lo[4], lo[3], made)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
