"""Benchmark: the sample notices to PDF by Typst (in process) and by LibreOffice (warm pool), same run.

For each sample notice, both engines make its PDF from the same layout:
- Typst: emit the Typst source and compile it with a warm compiler (layout included), each round in
  a process of its own (a round in the same process would be served from Typst's cache of the
  identical compile before: about 10 ms for what takes 50);
- LibreOffice: emit the .docx and convert it through a ConverterPool of one worker, already started
  (the pool's start-up is timed and printed apart).
Each is repeated ``--rounds`` times, alternating; the median per document is printed, and the ratio.
The Typst compiler's first compile (font index) is timed apart too.

    .venv/bin/python bench/typst.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: this file would shadow the typst package

from docgen.convert.pool import ConverterPool  # noqa: E402
from docgen.emit.docx.emit import emit_docx  # noqa: E402
from docgen.emit.docx.template import load_template  # noqa: E402
from docgen.emit.typst.compile import compile_pdf  # noqa: E402
from docgen.emit.typst.emit import emit_typst  # noqa: E402
from docgen.layout import Placement, lay_out  # noqa: E402
from docgen.notices import compose_notice_file  # noqa: E402
from docgen.publish.pipeline import page_count  # noqa: E402
from docgen.run_resources import RunResources  # noqa: E402


def typst_round() -> dict[str, tuple[float, int]]:
    """Return each sample's Typst time (layout, markup, compile) and pages, in this process: the
    compiler warmed first on a notice of the corpus, so each sample's compile is its first."""
    sys.path.insert(1, str(ROOT / "tests" / "corpus"))
    from generate import generate

    resources = RunResources()
    with tempfile.TemporaryDirectory() as tmp:
        generate(14, 1, Path(tmp))
        (warm,) = [compose_notice_file(p, resources) for p in Path(tmp).glob("*.md")]
    compile_pdf(emit_typst(lay_out(warm, Placement.BOTTOM)))
    times = {}
    for path in sorted((ROOT / "samples/notices").glob("*.md")):
        doc = compose_notice_file(path, resources)
        start = time.perf_counter()
        pdf = compile_pdf(emit_typst(lay_out(doc, Placement.BOTTOM)))  # Typst places the 版记
        times[path.stem] = (time.perf_counter() - start, page_count(pdf))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--typst-round", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.typst_round:
        print(json.dumps(typst_round()))
        return 0
    resources = RunResources()
    template = load_template()
    docs = {
        p.stem: compose_notice_file(p, resources) for p in sorted((ROOT / "samples/notices").glob("*.md"))
    }

    start = time.perf_counter()
    compile_pdf(emit_typst(lay_out(next(iter(docs.values())), Placement.BOTTOM)))
    first = time.perf_counter() - start

    typst_times: dict[str, list[float]] = {name: [] for name in docs}
    lo_times: dict[str, list[float]] = {name: [] for name in docs}
    pages: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        with ConverterPool(1) as pool:
            startup = time.perf_counter() - start
            for _round in range(args.rounds):
                command = [sys.executable, __file__, "--typst-round"]
                made = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
                for name, doc in docs.items():
                    seconds, typst_pages = made[name]
                    typst_times[name].append(seconds)

                    start = time.perf_counter()
                    docx = folder / f"{name}.docx"
                    docx.write_bytes(emit_docx(lay_out(doc), template))
                    (outcome,) = pool.convert([(docx, folder / f"{name}.pdf")])
                    lo_times[name].append(time.perf_counter() - start)
                    assert outcome.error is None, outcome.error
                    pages[name] = (typst_pages, page_count(outcome.target))

    print(
        f"Typst first compile (font index, cold): {first:.3f} s; LibreOffice pool start-up: {startup:.2f} s"
    )
    print(f"{'notice':28} {'pages T/LO':>10} {'Typst':>9} {'LibreOffice':>12} {'ratio':>7}")
    total_t = total_lo = 0.0
    for name in docs:
        t, lo = statistics.median(typst_times[name]), statistics.median(lo_times[name])
        total_t, total_lo = total_t + t, total_lo + lo
        typst_pages, lo_pages = pages[name]
        print(
            f"{name:28} {typst_pages:>4}/{lo_pages:<5} {t * 1000:>7.1f} ms {lo * 1000:>9.1f} ms {lo / t:>6.1f}x"
        )
    count = len(docs)
    print(
        f"{'per document (median)':28} {'':>10} {total_t / count * 1000:>7.1f} ms "
        f"{total_lo / count * 1000:>9.1f} ms {total_lo / total_t:>6.1f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
