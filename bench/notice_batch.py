"""Benchmark: Typst's time per notice inside a batch — every notice a different one, the compiler warm.

"Per notice" is measured three ways, each notice made once (so no notice is served from Typst's
cache of an identical earlier compile; only what notices share, fonts and common glyphs, is warm,
as in a real batch):
- compile (latency): the Typst compile of one notice's source to PDF bytes (``compile_pdf``), in
  process, one notice after another;
- item (latency): the whole item as one notice is made — layout, Typst markup, compile, page count
  (no .docx: a batch's .docx is its own stage, see bench/bulletin.py);
- batch (throughput): the real batch path, ``publish`` of all the notices with Typst (as
  ``docgen preview a.md b.md … --engine typst`` makes them; nothing written): its wall time divided
  by the notices, on one core (the process pinned to it) and on all the cores it may use (the
  sources compiled on all cores, ``compile.compile_each``), alternately, ``--rounds`` times each;
  with the CPU time of the main thread's part (layout, markup, page count, one after another) and
  what idle cores would take at least ("idle ms/n": the larger of that part and the whole CPU time
  shared out over the cores), since other work on the machine makes the wall time say little.
The notices are the layout corpus (tests/corpus/generate.py, 2–16 pages each, 9 on average, tables
and attachments), the samples too for the latency; and the batch again with ``--short`` notices of
the same corpus (the same seed, the notices after the first ``--corpus``) that lay out on 2 to 4
pages: issue 17's goal is per notice of its reference notice, three pages (bench/convert.py).  Each measure runs in a process of its own (no
notice is served from an earlier run's cache), the compiler warmed there on one sample first.
Prints median, 90th percentile and mean wall time, CPU time (process: Typst's threads too), and
per page.

    .venv/bin/python bench/notice_batch.py [--corpus 20] [--short 20] [--seed 14] [--rounds 2]

Where a short notice's compile goes (callgrind, the 20 short notices' sources, warm compiler):
167 M instructions a compile with the CFF faces, 54 M of them on Typst's own worker threads (pages
laid out in parallel).  Embedding the fonts is 80 M (48 %): subsetting the CFF faces (each glyph used taken
out of its subroutines) 38 M, deflating the subsets 31 M, drawing every glyph kept for the font's
bounding box 14 M — per glyph, per PDF, nothing typst-py lets us set.  The rest: parsing the
markup 7.7 M, styles 8.8 M, text 9.4 M, hashing 11 M, malloc 17 M, comemo 5 M (typst-py evicts
its cache after each compile).  Tried, each measured:
- the font folder's collections cut to the faces Typst can pick (emit/typst/font_faces.py): the
  font index, built once per process, 50 → 22 ms CPU; each compile the same (kept: a cold
  preview and each spawned bulletin worker gain it; PDFs byte for byte the same);
- each face as a standalone .otf (fontTools): 24 MB against the 26 MB collection, so hashing the
  font data on first use (51 M instructions a face) hardly changes, and 1.1–2.4 s a face to make:
  dropped for the cut collection;
- a compiler per notice instead of one kept: already one per thread (compile.py); pdf_tags off
  already, no pdf_standards;
- RAYON_NUM_THREADS=1: CPU per compile 24.7–31.6 ms against 23.7–45.0 (one core, load 13, 4
  rounds): no difference seen, and on two cores it would put both compiles' page layout on one
  worker: not kept;
- glibc malloc kept from the system (M_TRIM/M_MMAP_THRESHOLD 256 MB, M_TOP_PAD 64 MB): 53 k → 43 k
  page faults over 58 compiles, CPU within the noise (22–35 against 24–45 ms, load 13); one arena:
  nothing seen either: not kept;
- layout: columns.least_width remembered (3298 calls, 1195 distinct on the 20 short notices):
  224 M instructions less for their layout (kept; layouts identical, bench/same_output.py).
Both kept, against c6bfdb4 (same load, bytecode in a prefix for both): a process laying out and
typesetting the 20 short notices on one core (imports, font index, warm-up included) 10 823 →
10 273 M instructions (callgrind); this bench's short batch (``--corpus 5``, load 3–4): one core
46.5–92.4 → 40.1–43.1 ms/notice, CPU 0.94–0.96 → 0.73–0.84 s; two cores 32.6–81.3 → 26.4–43.5
ms/notice, idle bound 25.6–28.2 → 20.3–22.2 ms/notice, main thread 0.34–0.42 → 0.28–0.33 s.
Then (issue 17, fontcost17):
- the Noto faces converted to TrueType (glyf) outlines (emit/typst/font_outlines.py, made once by
  scripts/setup.sh, fontTools cu2qu at most 1/1000 em off): kept.  Callgrind, the 20 short
  notices' sources (79 pages), warm compiler: 167.5 → 125.8 M instructions a compile (−25 %;
  42.4 → 31.8 M a page); of a first one (s00): the embedding (``CIDFont::serialize``) 75.8 → 37.0 M
  — subsetting 49.6 → 11.2 M (glyph records copied, no subroutines read), the bounding box 14.9 →
  8.2 M, deflating the same 30 M.  CPU (load 7.5–7.9, ``--measure`` of the short batch on one
  core, alternated, three each): compile part (CPU − main) 0.62–0.64 → 0.45–0.58 s for the 20.
  PDFs 6 % smaller (94 documents of bench/typst_same_pdf.py: 8208 → 7716 KB); every character's
  origin the same (PDFium, 120 594 characters: 0 mm), pdftotext the same, ``docgen check`` the
  same 2 636 results; pages at 150 dpi differ only in anti-aliasing (1–2 grey levels an inked pixel on
  average, none over 64).  The cost: a process's first compile hashes the larger glyf faces (83 MB
  against the cut collections' 66 MB): 474 → 568 M instructions for it (a cold preview
  ~0.03 s more, 0.5–0.7 s CPU either way); the conversion 40–75 s CPU and 0.9 GB a face (4 faces,
  101 MB in the user's cache), one per core, never on the way to a PDF (without it: CFF, as before);
- options of typst-py 0.15.2's ``compile``: ``ppi`` (PNG only), ``pdf_standards`` (more work, not
  less), ``timestamp``, ``pretty``: nothing sets the compression or the subsetting; the markup
  is no longer where the time is (parsing 7.7 M, the speed13 and typst12 notes in the README).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/typst.py would shadow the typst package
sys.path.insert(1, str(ROOT / "tests" / "corpus"))

from generate import generate, write_notice  # noqa: E402

from docgen.emit.typst.compile import compile_pdf  # noqa: E402
from docgen.emit.typst.emit import emit_typst  # noqa: E402
from docgen.layout import Placement, lay_out  # noqa: E402
from docgen.model import Document  # noqa: E402
from docgen.notices import compose_notice_file  # noqa: E402
from docgen.publish.pdfium import page_count  # noqa: E402
from docgen.publish.pipeline import Engine, Publication, publish  # noqa: E402
from docgen.publish.stages import take  # noqa: E402
from docgen.run_resources import RunResources  # noqa: E402


def threads(count: int) -> int:
    """Return how many notices the batch path typesets at once (1 in a checkout that had no
    ``compile.threads``: this bench measures an older one too, copied into it)."""
    from docgen.emit.typst import compile as typst_compile

    at_once = getattr(typst_compile, "threads", None)
    return at_once(count) if at_once is not None else 1


def _row(name: str, values: list[float], pages: int) -> str:
    ms = sorted(v * 1000 for v in values)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    mean = statistics.fmean(ms)
    return (
        f"{name:16} {statistics.median(ms):7.1f} {p90:7.1f} {mean:7.1f} {sum(ms) / pages:9.2f}"
    )


def latency(batch: list[Document]) -> None:
    """Print the compile and the whole item of each notice, made one after another."""
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
    print(f"latency: {len(batch)} different notices one after another, {pages} pages; ms per notice")
    print(f"{'':16} {'median':>7} {'p90':>7} {'mean':>7} {'per page':>9}")
    for stage in ("compile", "item"):
        print(_row(f"{stage} wall", walls[stage], pages))
        print(_row(f"{stage} CPU", cpus[stage], pages))


def _no_write(_path: Path, _data: bytes) -> None:
    """The bench writes nothing: the PDFs are counted, not kept."""


def _no_template() -> object:
    raise AssertionError("a Typst batch with no .docx needs no template")


def throughput(batch: list[Document], cores: set[int]) -> str:
    """Return a row: ``publish`` of every notice with Typst, the process allowed only ``cores``."""
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cores)
    try:
        items = [
            Publication(doc, None, Path(f"{i}.pdf"), watermark=False, engine=Engine.TYPST)
            for i, doc in enumerate(batch)
        ]
        take()
        start, cpu = time.perf_counter(), time.process_time()
        results = publish(items, _no_template, None, write=_no_write)  # type: ignore[arg-type]
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        spent = take()
        at_once = threads(len(items))
    finally:
        os.sched_setaffinity(0, allowed)
    assert all(r.error is None for r in results), [r.error for r in results if r.error]
    pages = sum(r.pages for r in results)
    count = len(results)
    # the main thread's part (layout, markup, page count: one after another) against all of it
    # (the compiles on the other threads): on idle cores the batch takes at least the larger of
    # the main thread's part and the CPU time shared out over the cores
    # (one core: all of it; several cores but one notice at a time: Typst's own threads, not known)
    main = sum(seconds for name, seconds in spent.items() if name != "compile")
    bound = cpu if len(cores) == 1 else max(main, cpu / len(cores)) if at_once > 1 else None
    idle = "–" if bound is None else f"{bound / count * 1000:.1f}"
    return (
        f"{len(cores):>5} {at_once:>7} {count:>7} {pages:>5} {wall:>7.2f} {wall / count * 1000:>9.1f} "
        f"{wall / pages * 1000:>7.2f} {cpu:>6.2f} {main:>6.2f} {idle:>9}"
    )


def _notices(folder: Path, resources: RunResources) -> list[Document]:
    return [compose_notice_file(source, resources) for source in sorted(folder.glob("*.md"))]


def measure(folder: Path, what: str) -> None:
    """Print one measure of the notices in ``folder`` (in a process of its own): ``latency``, or
    ``batch-N`` on N cores."""
    resources = RunResources()
    corpus = _notices(folder, resources)
    samples = _notices(ROOT / "samples" / "notices", resources)
    warm, samples = samples[-1], samples[:-1]
    compile_pdf(emit_typst(lay_out(warm, Placement.BOTTOM)))  # fonts loaded, outside the batch
    if what == "latency":
        latency(corpus + samples)
        return
    cores = sorted(os.sched_getaffinity(0))[: int(what.removeprefix("batch-"))]
    print(throughput(corpus, set(cores)) + f"   load {os.getloadavg()[0]:.1f}")


def short_notices(seed: int, first: int, count: int, folder: Path) -> tuple[int, int]:
    """Write into ``folder`` the first ``count`` notices of the corpus from index ``first`` on that
    lay out on 2 to 4 pages (about one in 27 does); return how many were drawn and their pages."""
    resources = RunResources()
    kept = pages = 0
    index = first
    drawn = folder / "drawn"
    while kept < count and index < first + 40 * count:
        knobs = write_notice(seed, index, drawn)
        source = drawn / f"n{seed}-{index:03}.md"
        # laid out only if it may be short (seed 14: every notice of 2–4 pages among the first 550
        # passes this, 115 of 533 do): the layout of every drawn notice took 45 s
        short = len(knobs.attachments) <= 2 and sum(a.rows for a in knobs.attachments) <= 34 and knobs.paragraphs <= 11
        laid = lay_out(compose_notice_file(source, resources), Placement.BOTTOM).pages if short else 0
        if 2 <= laid <= 4:
            source.rename(folder / source.name)
            kept, pages = kept + 1, pages + laid
        index += 1
    attachments = drawn / "attachments"
    if attachments.is_dir():
        attachments.rename(folder / "attachments")
    return index - first, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, default=20)
    parser.add_argument("--short", type=int, default=20, help="notices of 2 to 4 pages (0: none)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # a measure's own process: folder:what
    args = parser.parse_args()
    if args.measure:
        folder, _colon, what = args.measure.rpartition(":")
        measure(Path(folder), what)
        return 0
    with tempfile.TemporaryDirectory(prefix="docgen-notices-") as tmp:
        generate(args.seed, args.corpus, Path(tmp))
        short = Path(tmp) / "short"
        short.mkdir()
        drawn, short_pages = short_notices(args.seed, args.corpus, args.short, short) if args.short else (0, 0)

        def run(what: str, folder: Path = Path(tmp)) -> None:
            command = [sys.executable, __file__, "--measure", f"{folder}:{what}"]
            print(subprocess.run(command, check=True, capture_output=True, text=True).stdout, end="")

        print(f"load average {os.getloadavg()[0]:.1f} (wall times grow with other work on the machine)")
        run("latency")
        cores = len(os.sched_getaffinity(0))
        print(f"batch: publish with Typst, the same {args.corpus} notices each run, nothing written")
        print(
            f"{'cores':>5} {'at once':>7} {'notices':>7} {'pages':>5} {'wall s':>7} {'ms/notice':>9} "
            f"{'ms/page':>7} {'CPU s':>6} {'main s':>6} {'idle ms/n':>9}"
        )
        for _round in range(args.rounds):
            for count in sorted({1, cores}):
                run(f"batch-{count}")
        found = len(list(short.glob("*.md")))
        if found:
            print(
                f"batch of short notices: {found} notices of the same corpus that lay out on 2–4 pages "
                f"({short_pages / found:.1f} pages on average, {found} of the {drawn} drawn after the "
                f"first {args.corpus}); issue 17's reference notice has three pages"
            )
            for _round in range(args.rounds):
                for count in sorted({1, cores}):
                    run(f"batch-{count}", short)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
