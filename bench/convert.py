"""Benchmark: 40 three-page notices to PDF through the pool against one fresh soffice per file.

Both run in the same process, one after the other, on the same .docx files:
- pool: ConverterPool with one worker per core, its start-up included in the time;
- per file: ``soffice --headless --convert-to pdf`` started anew for every document (with one
  profile kept warm across them, which favours this side: a fresh profile costs ~0.3 s more).

    .venv/bin/python bench/convert.py [--count 40] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.convert.oneshot import conversion_environment, soffice_path  # noqa: E402
from docgen.convert.pool import ConverterPool  # noqa: E402
from docgen.notices import render_notice_file  # noqa: E402
from docgen.run_resources import RunResources  # noqa: E402

FRONT = """发文机关: yichuan
发文字号: 伊重点项目办〔2020〕{n}号
标题: 关于做好第{n}批重点项目建设调度工作的通知
主送: 各乡镇人民政府，县直各有关单位
成文日期: 2020-03-05
抄送: [县委办公室, 县政府办公室]
双面印刷: false
"""
PARAGRAPH = "按照县委、县政府工作安排，各责任单位要对照年度目标任务，逐项目梳理建设进度、存在问题和下步措施，确保按时完成。"


def make_notices(folder: Path, count: int) -> list[Path]:
    """Write ``count`` notices of exactly three pages as .docx files."""
    files = []
    for n in range(1, count + 1):
        for paragraphs in range(18, 60):
            body = "\n".join(
                f"# 第{i}项工作\n{PARAGRAPH}" if i % 4 == 0 else PARAGRAPH for i in range(paragraphs)
            )
            source = folder / f"n{n:03d}.md"
            source.write_text(f"---\n{FRONT.format(n=n)}---\n{body}\n", encoding="utf-8")
            result = render_notice_file(source, RunResources())
            if result.pages == 3:
                break
        target = folder / f"n{n:03d}.docx"
        target.write_bytes(result.data)
        files.append(target)
    return files


def per_file(files: list[Path], out: Path, profile: Path) -> float:
    """Convert each file with its own soffice process; return the wall time."""
    soffice = soffice_path()
    assert soffice is not None
    start = time.perf_counter()
    for docx in files:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(docx),
            ],
            check=True,
            capture_output=True,
            env=conversion_environment(),
        )
    return time.perf_counter() - start


def pooled(files: list[Path], out: Path, workers: int) -> tuple[float, float]:
    """Convert through a fresh pool (start-up included); return (wall time, start-up time)."""
    start = time.perf_counter()
    with ConverterPool(workers) as pool:
        ready = time.perf_counter() - start
        results = pool.convert([(f, out / f"{f.stem}.pdf") for f in files])
    assert all(r.error is None for r in results), [r.error for r in results]
    return time.perf_counter() - start, ready


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as folder:
        root = Path(folder)
        files = make_notices(root, args.count)
        profile = root / "profile"
        # warm the per-file side's profile once (first-run set-up is not counted)
        subprocess.run(
            [
                soffice_path() or "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(root / "warm"),
                str(files[0]),
            ],
            check=True,
            capture_output=True,
            env=conversion_environment(),
        )
        (root / "a").mkdir()
        (root / "b").mkdir()
        pool_time, startup = pooled(files, root / "a", args.workers)
        naive_time = per_file(files, root / "b", profile)
        assert len(list((root / "a").glob("*.pdf"))) == len(list((root / "b").glob("*.pdf"))) == args.count
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.count} three-page notices, {os.cpu_count()} cores")
    print(
        f"pool ({args.workers} workers): {pool_time:.1f} s wall, start-up {startup:.1f} s, "
        f"{pool_time / args.count:.2f} s per document"
    )
    print(f"fresh soffice per file:  {naive_time:.1f} s wall, {naive_time / args.count:.2f} s per document")
    print(
        f"ratio: {naive_time / pool_time:.1f}x faster through the pool (largest child process {peak:.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
