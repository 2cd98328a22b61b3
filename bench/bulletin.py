"""Benchmark: 100 bulletins (.docx and PDF) end to end, the batch way against one by one.

- batch: ``make_bulletins`` with --pdf: .docx in parallel on all cores, PDFs through the
  LibreOffice pool, its start-up included;
- one by one: each bulletin rendered, then converted by a fresh ``soffice --convert-to pdf``.

Prints wall time, time per bulletin, peak memory (largest process) and the ratio.

    .venv/bin/python bench/bulletin.py [--count 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.bulletins import Job, _compose, make_bulletins  # noqa: E402
from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME  # noqa: E402
from docgen.convert.oneshot import conversion_environment, soffice_path  # noqa: E402
from docgen.emit.docx.emit import render_docx  # noqa: E402
from docgen.load.projects import load_projects  # noqa: E402
from docgen.register import Register  # noqa: E402
from docgen.run_resources import RunResources  # noqa: E402
from docgen.scoring import COMPLETION_ONLY  # noqa: E402


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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    rules = COMPLETION_ONLY
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as folder:
        root = Path(folder)
        ledger(root / "ledger.xlsx", args.count)
        start = time.perf_counter()
        with Register.open(root / "r.sqlite") as reg:
            report = make_bulletins(
                root / "ledger.xlsx",
                "2025-05",
                "zhangzi-zdxmb",
                root / "batch",
                RunResources(),
                reg,
                pdf=True,
                merge=True,
                date=dt.date(2025, 6, 5),
            )
        batch = time.perf_counter() - start
        batch_peak = peak_mib()
        assert len(report.entries) == args.count, len(report.entries)
        assert not report.failed, report.failed[:3]

        projects, _errors = load_projects(root / "ledger.xlsx", 2025, 5)
        units: dict[str, list] = {}  # type: ignore[type-arg]
        for project in projects:
            units.setdefault(project.unit, []).append(project)
        template = RunResources().template
        profile = root / "profile"
        soffice = soffice_path() or "soffice"
        (root / "single").mkdir()
        start = time.perf_counter()
        for subject, items in units.items():
            job = Job(
                subject,
                tuple(items),
                rules,
                2025,
                5,
                "第1期",
                "长子县重点项目办公室",
                dt.date(2025, 6, 5),
                DEFAULT_NAME,
                DEFAULT_DISTRIBUTION,
                0,
                (),
            )
            docx = root / "single" / f"{subject}.docx"
            docx.write_bytes(render_docx(_compose(job), template).data)
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(root / "single"),
                    str(docx),
                ],
                check=True,
                capture_output=True,
                env=conversion_environment(),
            )
        single = time.perf_counter() - start
    print(f"{args.count} bulletins (.docx and PDF), 2 cores")
    print(
        f"batch (parallel .docx, LibreOffice pool, start-up included, merged PDF): {batch:.1f} s, "
        f"{batch / args.count:.2f} s per bulletin, peak {batch_peak:.0f} MiB"
    )
    print(
        f"one by one (fresh soffice per file): {single:.1f} s, {single / args.count:.2f} s per bulletin, "
        f"peak {peak_mib():.0f} MiB"
    )
    print(f"ratio: {single / batch:.1f}x faster in a batch")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
