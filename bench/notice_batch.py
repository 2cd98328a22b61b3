"""Benchmark: Typst's time per notice inside a batch — every notice a different one, the compiler warm.

"Per notice" is measured two ways, each notice of the batch made once (so no notice is served from
Typst's cache of an identical earlier compile; only what notices share, fonts and common
glyphs, is warm, as in a real batch):
- compile: the Typst compile of the notice's source to PDF bytes (``compile_pdf``), in process;
- item: the whole item as a batch worker makes it — layout, Typst markup, compile, page count
  (no .docx: a batch's .docx is its own stage, see bench/bulletin.py).
The notices are the layout corpus (tests/corpus/generate.py, 2–12 pages each, tables and
attachments) and the samples; the compiler is warmed on one notice outside the batch.  Prints
median, 90th percentile and mean wall time, CPU time (process: Typst's threads too), and per page.

    .venv/bin/python bench/notice_batch.py [--corpus 60] [--seed 14]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/typst.py would shadow the typst package
sys.path.insert(1, str(ROOT / "tests" / "corpus"))

from generate import generate  # noqa: E402

from docgen.emit.typst.compile import compile_pdf  # noqa: E402
from docgen.emit.typst.emit import emit_typst  # noqa: E402
from docgen.layout import Placement, lay_out  # noqa: E402
from docgen.notices import compose_notice_file  # noqa: E402
from docgen.publish.pdfium import page_count  # noqa: E402
from docgen.run_resources import RunResources  # noqa: E402


def _row(name: str, values: list[float], pages: int) -> str:
    ms = sorted(v * 1000 for v in values)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    mean = statistics.fmean(ms)
    return (
        f"{name:16} {statistics.median(ms):7.1f} {p90:7.1f} {mean:7.1f} {sum(ms) / pages:9.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, default=60)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    resources = RunResources()
    with tempfile.TemporaryDirectory(prefix="docgen-notices-") as tmp:
        generate(args.seed, args.corpus, Path(tmp))
        sources = sorted(Path(tmp).glob("*.md")) + sorted((ROOT / "samples" / "notices").glob("*.md"))
        docs = [compose_notice_file(source, resources) for source in sources]
    warm, batch = docs[-1], docs[:-1]
    compile_pdf(emit_typst(lay_out(warm, Placement.BOTTOM)))  # fonts loaded, outside the batch
    walls: dict[str, list[float]] = {"compile": [], "item": []}
    cpus: dict[str, list[float]] = {"compile": [], "item": []}
    pages = 0
    for doc in batch:
        start, cpu = time.perf_counter(), time.process_time()
        source = emit_typst(lay_out(doc, Placement.BOTTOM))
        compile_start, compile_cpu = time.perf_counter(), time.process_time()
        pdf = compile_pdf(source)
        end, end_cpu = time.perf_counter(), time.process_time()
        pages += page_count(pdf)
        walls["compile"].append(end - compile_start)
        cpus["compile"].append(end_cpu - compile_cpu)
        walls["item"].append(time.perf_counter() - start)
        cpus["item"].append(time.process_time() - cpu)
    print(f"{len(batch)} different notices, {pages} pages, Typst compiler warm; ms per notice")
    print(f"load average {os.getloadavg()[0]:.1f} (wall times grow with other work on the machine)")
    print(f"{'':16} {'median':>7} {'p90':>7} {'mean':>7} {'per page':>9}")
    for stage in ("compile", "item"):
        print(_row(f"{stage} wall", walls[stage], pages))
        print(_row(f"{stage} CPU", cpus[stage], pages))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
