"""Benchmark: rank 10,000 projects for each of 12 months; loading the ledger is timed separately.

    .venv/bin/python bench/rank.py [--projects 10000]

Prints the time to read one month's 10,000-row .xlsx (openpyxl, read-only) and the time per month
of the ranking itself (indicators, scores, ranks, lagging projects, 较上月), the goal being under
one second per month.
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
    args = parser.parse_args()
    rules = load_rules(ROOT / "samples" / "ranking" / "rules.yaml")
    units = [u for members in rules.groups.values() for u in members]
    months = [month_of(args.projects, m, units) for m in range(1, 13)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        write_xlsx(path, months[4])
        start = time.perf_counter()
        loaded, errors = load_projects(path, 2025, 5)
        load_time = time.perf_counter() - start
        assert len(loaded) == args.projects
        assert not errors
    per_month = []
    previous = None
    for index, projects in enumerate(months, start=1):
        start = time.perf_counter()
        current = compare(rank(projects, rules, 2025, index), previous)
        per_month.append(time.perf_counter() - start)
        previous = current
    print(f"{args.projects} projects, {len(units)} units, 12 months")
    print(f"loading one month's .xlsx: {load_time:.2f} s")
    print(
        f"ranking per month: median {statistics.median(per_month):.3f} s, max {max(per_month):.3f} s "
        f"(goal < 1 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
