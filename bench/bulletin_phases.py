"""The command's own CPU time in the three phases of one Typst bulletin batch: before it hands out
the first bulletin (reading the ledger, numbering, hashing, warm-up, starting the workers), while
the workers run, and after the last bulletin came back (last chunk, manifest, 合订本, register);
with the wall time of each and the moment the first bulletin came back.  The head and the tail are
where a core may stand idle on two cores, so these are the numbers to compare across a change.

Run fresh processes, alternating two checkouts (``--root``: whose docgen is imported):

    for i in 1 2 3; do .venv/bin/python bench/bulletin_phases.py --root ../before; \
        .venv/bin/python bench/bulletin_phases.py; done

Measured (issue 17, serial17; 2 cores shared with other sessions, load 3–12, alternating 4–5
times each, medians): before the change head 209 / 266 ms CPU, tail 151 / 154 ms; after it head
279 / 292 ms (the workers fork earlier, so this process's later writes copy pages; the head now
overlaps the workers' warm-up), tail 122 / 115 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout whose docgen is imported")
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    sys.path[0] = str(args.root.resolve())  # that checkout's docgen, and not bench/ (typst.py)
    sys.path.append(str(HERE / "bench"))
    import concurrent.futures.process as process

    from bulletin import ledger

    from docgen.bulletins import make_bulletins
    from docgen.publish.pipeline import Engine
    from docgen.register import Register
    from docgen.run_resources import RunResources

    marks: dict[str, tuple[float, float]] = {}

    def mark(name: str) -> None:
        marks.setdefault(name, (time.perf_counter(), time.process_time()))

    real_map = process.ProcessPoolExecutor.map

    def timed_map(self: Any, function: Any, *iterables: Any, **kwargs: Any) -> Iterator[Any]:
        results = real_map(self, function, *iterables, **kwargs)
        if function.__name__ != "_render":
            return results
        mark("handed out")

        def each() -> Iterator[Any]:
            for result in results:
                mark("first back")
                yield result
            mark("last back")

        return each()

    process.ProcessPoolExecutor.map = timed_map  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory(prefix="docgen-phases-") as folder:
        root = Path(folder)
        ledger(root / "ledger.xlsx", args.count)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        mark("start")
        with Register.open(root / "r.sqlite") as reg:
            make_bulletins(
                root / "ledger.xlsx", "2025-05", "zhangzi-zdxmb", root / "out", RunResources(), reg,
                pdf=True, merge=True, date=dt.date(2025, 6, 5), engine=Engine.TYPST,
            )  # fmt: skip
        mark("end")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime

    def wall(a: str, b: str) -> float:
        return (marks[b][0] - marks[a][0]) * 1000

    def cpu(a: str, b: str) -> float:
        return (marks[b][1] - marks[a][1]) * 1000

    print(
        f"{args.root}: wall {wall('start', 'end'):.0f} ms; the command's CPU: head {cpu('start', 'handed out'):.0f} ms"
        f" (wall {wall('start', 'handed out'):.0f}), run {cpu('handed out', 'last back'):.0f},"
        f" tail {cpu('last back', 'end'):.0f} (wall {wall('last back', 'end'):.0f}); first bulletin back at"
        f" {wall('start', 'first back'):.0f} ms; workers' CPU {workers * 1000:.0f} ms; load {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
