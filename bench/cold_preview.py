"""Benchmark: a cold one-notice preview with Typst — a fresh ``docgen preview x.md --engine typst``
process each time, imports, jieba's dictionary and Typst's fonts included.

One run before the timed ones writes docgen's bytecode (to a folder of this run), as an installed
docgen has it; ``--no-bytecode`` times every run compiling docgen's modules from source instead.

Prints, per sample notice, the median wall time and CPU time (user + system of the process) over
``--rounds`` runs, and the load average (wall times grow with other work on the machine).

    .venv/bin/python bench/cold_preview.py [--rounds 3] [--checkout DIR]

``--checkout`` runs another checkout's ``cli.py`` (e.g. an older commit, for before/after).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="compile docgen's modules from source in every run (as with PYTHONDONTWRITEBYTECODE=1)",
    )
    args = parser.parse_args()
    samples = sorted((ROOT / "samples" / "notices").glob("*.md"))
    bytecode = "from source every run" if args.no_bytecode else "bytecode compiled once, as pip installs it"
    print(f"cold preview, Typst ({args.checkout}), median of {args.rounds}; docgen's modules: {bytecode}")
    print(f"{'notice':28} {'wall s':>7} {'CPU s':>6}")
    with tempfile.TemporaryDirectory(prefix="docgen-cold-") as folder:
        work = Path(folder)
        shutil.copytree(ROOT / "samples" / "notices", work, dirs_exist_ok=True)
        # An installed docgen has its bytecode (pip compiles it); a checkout gets it on its first run,
        # unless PYTHONDONTWRITEBYTECODE is set (then every run compiles ~80 modules, about 0.2 s).
        # The bytecode goes to a folder of this run (PYTHONPYCACHEPREFIX), never into the checkout.
        # (The prefix holds every module's bytecode, the standard library's too, so --no-bytecode
        # leaves it unset: then only docgen's modules, which have none, are compiled.)
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        warm = [sys.executable, str(args.checkout / "cli.py"), "preview", str(work / samples[0].name)]
        subprocess.run([*warm, "--engine", "typst"], check=True, capture_output=True, cwd=args.checkout, env=env)
        for sample in samples:
            walls, cpus = [], []
            for _round in range(args.rounds):
                target = work / f"{sample.stem}.pdf"
                target.unlink(missing_ok=True)
                (work / ".docgen-folder.json").unlink(missing_ok=True)
                command = [sys.executable, str(args.checkout / "cli.py"), "preview", str(work / sample.name)]
                before, start = cpu(), time.perf_counter()
                subprocess.run(
                    [*command, "--engine", "typst"], check=True, capture_output=True, cwd=args.checkout, env=env
                )
                walls.append(time.perf_counter() - start)
                cpus.append(cpu() - before)
            print(f"{sample.stem:28} {statistics.median(walls):7.2f} {statistics.median(cpus):6.2f}")
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
