"""Run docgen, killing the process (SIGKILL) when it reaches a named point of the publishing order.

    python tests/kill_at.py [--log FILE] [--delay SECONDS] POINT docgen-arguments...

POINT is a name passed to ``docgen.publish.seam.reached`` (after-allocate, after-docx, after-pdf,
after-record, bulletin-4 …), one of the marks this wrapper adds itself (``allocating``: the
register's allocation starts; ``converting`` / ``converted``: the PDF conversion starts / ends;
``writing .pdf`` / ``wrote .pdf``: the output guard starts / ends writing a .pdf, likewise .docx and
``.docgen-folder.json``), or ``-`` for none.  This is the test side of the one test-only seam: production code never reads
an environment variable to kill itself.

``--log FILE`` appends one line ``<monotonic ns> <point>`` for the start of this process and for
each point reached, written straight to the file (a SIGKILL right after a point still leaves its
line): a test reads the last line to tell which phase a kill hit.  ``--delay SECONDS`` kills that
long after POINT is reached instead of at once (from a timer thread, so the run goes on meanwhile).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MARKS = ("allocating", "converting", "converted", "writing SUFFIX", "wrote SUFFIX")  # added to docgen's


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _marking(
    function: Callable[..., Any], before: str, after: str | None, mark: Callable[[str], None]
) -> Any:
    def marked(*args: Any, **kwargs: Any) -> Any:
        mark(before)
        result = function(*args, **kwargs)
        if after is not None:
            mark(after)
        return result

    return marked


def main() -> None:
    args = sys.argv[1:]
    log: int | None = None
    delay: float | None = None
    while args and args[0] in ("--log", "--delay"):
        option, value, args = args[0], args[1], args[2:]
        if option == "--log":
            log = os.open(value, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        else:
            delay = float(value)
    point, args = args[0], args[1:]

    def reached(name: str) -> None:
        if log is not None:
            os.write(log, f"{time.monotonic_ns()} {name}\n".encode())
        if name != point:
            return
        if delay is None or delay <= 0:
            _die()
        sys.setswitchinterval(1e-4)  # let the timer thread take the GIL within a fraction of a ms
        timer = threading.Timer(delay, _die)
        timer.daemon = True
        timer.start()

    reached("start")
    # the docgen of this checkout (a script's folder, tests/, is what Python puts first on the path;
    # an editable install elsewhere would be imported otherwise)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from docgen.publish import guard, pipeline, seam
    from docgen.register import Register

    if point != "-" or log is not None:
        seam.install(reached)
        Register.allocate = _marking(Register.allocate, "allocating", None, reached)  # type: ignore[method-assign]
        pipeline._convert = _marking(pipeline._convert, "converting", "converted", reached)
        write_atomic_many = guard.write_atomic_many

        def marked_write(files: list[tuple[Path, bytes]]) -> None:
            kinds = [path.name if path.name == guard.RECORD_NAME else path.suffix for path, _data in files]
            for kind in kinds:
                reached(f"writing {kind}")
            write_atomic_many(files)
            for kind in kinds:
                reached(f"wrote {kind}")

        guard.write_atomic = lambda path, data: marked_write([(path, data)])
        guard.write_atomic_many = marked_write
    from docgen.cli import main as docgen_main

    sys.argv = ["docgen", *args]
    docgen_main()


if __name__ == "__main__":
    main()
