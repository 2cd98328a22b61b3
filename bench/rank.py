"""Benchmark: rank 10,000 projects for each of 12 months; loading the ledger is timed separately.

    .venv/bin/python bench/rank.py [--projects 10000] [--runs 5]

Loading one month's 10,000-row .xlsx through the ledger intake is timed both ways in the same
run, alternately: the old reader (openpyxl, read-only mode) and the new one (python-calamine,
after the same package checks); wall and CPU time (CPU time is the steadier figure on a busy
machine) and the ratios are printed.  Goals: loading under 0.5 s, ranking
(indicators, scores, ranks, lagging projects, 较上月) under 0.1 s per month.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.load.projects import load_projects  # noqa: E402
from docgen.load.rules import load_rules  # noqa: E402
from docgen.ranking import compare, rank  # noqa: E402
from docgen.records import ProjectRow  # noqa: E402


def month_of(projects: int, month: int, units: list[str]) -> list[ProjectRow]:
    """Return a synthetic month of ``projects`` rows over ``units``."""
    rng = random.Random(month)
    rows = []
    for n in range(projects):
        plan = Decimal(rng.randrange(100, 50000))
        rows.append(
            ProjectRow(
                row=n + 2,
                name=f"项目{n:05d}",
                unit=units[n % len(units)],
                total=plan * 3,
                annual_plan=plan,
                completed=(plan * Decimal(month) / 12 * Decimal(rng.randrange(20, 150)) / 100).quantize(
                    Decimal("0.01")
                ),
                new_start=n % 3 == 0,
                started=n % 3 == 0 and rng.random() < month / 12,
                approvals_done=rng.random() < 0.7,
            )
        )
    return rows


def write_xlsx(path: Path, rows: list[ProjectRow]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("2025-05")
    sheet.append(
        [
            "项目名称",
            "责任单位",
            "总投资（万元）",
            "年度计划投资（万元）",
            "累计完成投资（万元）",
            "计划新开工",
            "是否开工",
            "手续办结",
        ]
    )
    for r in rows:
        sheet.append(
            [
                r.name,
                r.unit,
                float(r.total),
                float(r.annual_plan),
                float(r.completed),
                "是" if r.new_start else "否",
                "是" if r.started else "否",
                "是" if r.approvals_done else "否",
            ]
        )
    book.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rules = load_rules(ROOT / "samples" / "ranking" / "rules.yaml")
    units = [u for members in rules.groups.values() for u in members]
    months = [month_of(args.projects, m, units) for m in range(1, 13)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        write_xlsx(path, months[4])
        times: dict[str, list[float]] = {"openpyxl": [], "calamine": []}
        cpu: dict[str, list[float]] = {"openpyxl": [], "calamine": []}
        results = {}
        for _run in range(args.runs):
            for engine in ("openpyxl", "calamine"):
                start, start_cpu = time.perf_counter(), time.process_time()
                loaded, errors = load_projects(path, 2025, 5, engine=engine)  # type: ignore[arg-type]
                times[engine].append(time.perf_counter() - start)
                cpu[engine].append(time.process_time() - start_cpu)
                assert len(loaded) == args.projects
                assert not errors
                results[engine] = loaded
        assert results["openpyxl"] == results["calamine"]  # the same records either way
    per_month = []
    per_month_cpu = []
    previous = None
    for index, projects in enumerate(months, start=1):
        start, start_cpu = time.perf_counter(), time.process_time()
        current = compare(rank(projects, rules, 2025, index), previous)
        per_month.append(time.perf_counter() - start)
        per_month_cpu.append(time.process_time() - start_cpu)
        previous = current
    print(f"{args.projects} projects, {len(units)} units, 12 months")
    for engine, label in (("openpyxl", "old (openpyxl read-only)"), ("calamine", "new (python-calamine)   ")):
        print(
            f"loading one month's .xlsx, {label}: wall median {statistics.median(times[engine]):.2f} s, "
            f"best {min(times[engine]):.2f} s; CPU median {statistics.median(cpu[engine]):.2f} s"
        )
    wall = statistics.median(times["openpyxl"]) / statistics.median(times["calamine"])
    spent = statistics.median(cpu["openpyxl"]) / statistics.median(cpu["calamine"])
    print(f"ratio old/new loading: {wall:.1f}x wall, {spent:.1f}x CPU (goal: new under 0.5 s)")
    print(
        f"ranking per month: wall median {statistics.median(per_month):.3f} s, max {max(per_month):.3f} s; "
        f"CPU median {statistics.median(per_month_cpu):.3f} s (goal < 0.1 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
