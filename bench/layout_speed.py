"""Benchmark: the layout stage alone (``lay_out``, the 版记 at the bottom, as a Typst batch lays a
notice out), per notice and per stage, in CPU time of the laying-out thread — this checkout against
an earlier one (``--before``: a checkout, e.g. ``git worktree add /tmp/old <commit>``), alternately,
each run in a process of its own.

The notices are the layout corpus (tests/corpus/generate.py, ``--seed``, ``--corpus`` notices,
2–16 pages, tables and attachments: what bench/notice_batch.py batches), its ``--short`` notices
of 2 to 4 pages (bench/notice_batch.py's short batch: issue 17's goal is per notice of a
three-page one) and the sample notices (each on its own).  Each process lays
one sample out first (fonts, jieba's dictionary), then every notice once, so what notices share
(the same 单位 in many tables, the same dates) is remembered as in a batch and nothing else is.
Stages (the outermost call timed; the rest is "other": titles, the 版记 and pages):
- table sizes: ``table_layout`` (each size tried, the column solver, every cell's words and steps);
- table cells: ``table_pieces`` (each cell's paragraph, its runs and its lines as LibreOffice sets them)
  and ``split_words``;
- body lines: ``hold_numbers`` (a paragraph broken into lines, numbers a line end cuts held) and
  ``_spaced_runs`` (the run spacing of its justified lines).
With ``--callgrind`` each checkout's layout of the corpus is counted in instructions too (valgrind,
only the layout: a count the other work on the machine does not change).

    .venv/bin/python bench/layout_speed.py [--before ../old] [--corpus 20] [--short 20] [--rounds 3] [--callgrind]

Measured (issue 17, layoutspeed14, against ec45bc6; ``--rounds 4 --callgrind``, load 6.0–6.8): the
corpus's layout 6706 → 5150 M instructions (335 → 258 M a notice, 0.768); CPU per corpus notice
34.1–46.6 ms against 50.0–56.1 (table sizes 12.6, table cells 8.1, body lines 11.0, other 2.4 in
the best round), per short notice 7.8–11.9 against 13.4–14.9.  The samples' layout (callgrind,
four sample notices): 297 → 272 M.  Every layout, Typst source and .docx part the same
(bench/same_output.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
STAGES = {
    "table_layout": "table sizes",
    "table_pieces": "table cells",
    "split_words": "table cells",
    "hold_numbers": "body lines",
    "_spaced_runs": "body lines",
}


def _timed(spent: dict[str, float], stage: str, function: Callable[..., Any], depth: list[int]) -> Callable[..., Any]:
    """Return ``function`` adding the thread's CPU time of its outermost calls to ``spent[stage]``."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return function(*args, **kwargs)
        depth[0] += 1
        start = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] = spent.get(stage, 0.0) + time.thread_time() - start
            depth[0] -= 1

    return timed


def measure(folder: Path, callgrind: bool) -> None:
    """Print the layout's CPU time per notice and per stage (or, under valgrind, lay the corpus out
    with instruction counting on around it alone)."""
    sys.path.insert(1, str(Path.cwd() / "tests" / "corpus"))
    from docgen.layout import Placement, lay_out
    from docgen.layout import text as layout_text
    from docgen.notices import compose_notice_file
    from docgen.run_resources import RunResources

    resources = RunResources()
    corpus = [compose_notice_file(source, resources) for source in sorted(folder.glob("*.md"))]
    short = [compose_notice_file(source, resources) for source in sorted((folder / "short").glob("*.md"))]
    names = sorted((Path.cwd() / "samples" / "notices").glob("*.md"))
    samples = [compose_notice_file(source, resources) for source in names]
    lay_out(samples[-1], Placement.BOTTOM)  # fonts, jieba's dictionary: loaded outside the measure
    if callgrind:
        toggle = ["callgrind_control", "-i"]
        subprocess.run([*toggle, "on", str(os.getpid())], check=True, capture_output=True)
        for doc in corpus:
            lay_out(doc, Placement.BOTTOM)
        subprocess.run([*toggle, "off", str(os.getpid())], check=True, capture_output=True)
        return
    spent: dict[str, float] = {}
    depth = [0]
    for name, stage in STAGES.items():
        setattr(layout_text, name, _timed(spent, stage, getattr(layout_text, name), depth))
    for kind, docs in (("corpus", corpus), ("short", short)):
        if not docs:
            continue
        spent.clear()
        pages, times = 0, []
        for doc in docs:
            start = time.thread_time()
            pages += lay_out(doc, Placement.BOTTOM).pages
            times.append(time.thread_time() - start)
        total = sum(times)
        stages = {stage: spent.get(stage, 0.0) for stage in dict.fromkeys(STAGES.values())}
        stages["other"] = total - sum(stages.values())
        shares = " ".join(f"{stage} {seconds / len(docs) * 1000:.1f}" for stage, seconds in stages.items())
        print(
            f"{kind} {len(docs)} notices {pages} pages: {total / len(docs) * 1000:.1f} ms/notice "
            f"(median {statistics.median(times) * 1000:.1f}) [{shares}]  load {os.getloadavg()[0]:.1f}"
        )
    for name, doc in zip(names[:-1], samples[:-1], strict=True):
        start = time.thread_time()
        placed = lay_out(doc, Placement.BOTTOM)
        print(f"  {name.stem} ({placed.pages} pages): {(time.thread_time() - start) * 1000:.1f} ms")


def _callgrind(root: Path, folder: Path) -> int:
    """Return the instructions the layout of the corpus takes in ``root`` (valgrind's callgrind)."""
    with tempfile.TemporaryDirectory(prefix="docgen-layout-cg-") as scratch:
        out = Path(scratch) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
            sys.executable, str(HERE / "bench" / "layout_speed.py"), "--measure", f"{folder}:callgrind",
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, cwd=root, env=dict(os.environ, PYTHONHASHSEED="0"))
        totals = [line for line in out.read_text().splitlines() if line.startswith("totals:")]
        return int(totals[0].split()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="an earlier checkout, measured alternately with this one")
    parser.add_argument("--corpus", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--short", type=int, default=20, help="notices of 2 to 4 pages too (0: none)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--callgrind", action="store_true", help="count the corpus's layout in instructions too")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # a measure's own process: folder:what
    args = parser.parse_args()
    if args.measure:
        sys.path[0] = str(Path.cwd())  # the checkout measured (its docgen), not bench/
        folder, _colon, what = args.measure.rpartition(":")
        measure(Path(folder), what == "callgrind")
        return 0
    sys.path[0] = str(HERE)  # not bench/: bench/typst.py would shadow the typst package
    roots = {"this": HERE} | ({"before": args.before.resolve()} if args.before else {})
    sys.path.insert(1, str(HERE / "tests" / "corpus"))
    from generate import generate

    with tempfile.TemporaryDirectory(prefix="docgen-layout-") as tmp:
        generate(args.seed, args.corpus, Path(tmp))
        if args.short:  # as bench/notice_batch.py draws them: the corpus's notices of 2 to 4 pages
            spec = importlib.util.spec_from_file_location("notice_batch", HERE / "bench" / "notice_batch.py")
            assert spec is not None
            assert spec.loader is not None
            notice_batch = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(notice_batch)
            (Path(tmp) / "short").mkdir()
            notice_batch.short_notices(args.seed, args.corpus, args.short, Path(tmp) / "short")
        for round_ in range(args.rounds):
            for name, root in (roots.items() if round_ % 2 == 0 else reversed(roots.items())):
                command = [sys.executable, str(HERE / "bench" / "layout_speed.py"), "--measure", f"{tmp}:time"]
                done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=root)
                print(f"{name:6} {done.stdout}", end="")
        if args.callgrind:
            counts = {name: _callgrind(root, Path(tmp)) for name, root in roots.items()}
            for name, count in counts.items():
                print(f"{name:6} callgrind: {count / 1e6:.0f} M instructions, {count / args.corpus / 1e6:.0f} M a notice")
            if "before" in counts:
                print(f"this/before: {counts['this'] / counts['before']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
