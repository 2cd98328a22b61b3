"""Run docgen, killing the process (SIGKILL) when it reaches a named point of the publishing order.

    python tests/kill_at.py POINT docgen-arguments...

POINT is a name passed to ``docgen.publish.seam.reached`` (after-allocate, after-docx, after-pdf,
after-record, bulletin-4 …) or ``-`` for none.  This is the test side of the one test-only seam:
production code never reads an environment variable to kill itself.
"""

from __future__ import annotations

import os
import signal
import sys


def main() -> None:
    point, args = sys.argv[1], sys.argv[2:]
    from docgen.publish import seam

    def kill(reached: str) -> None:
        if reached == point:
            os.kill(os.getpid(), signal.SIGKILL)

    if point != "-":
        seam.install(kill)
    from docgen.cli import main as docgen_main

    sys.argv = ["docgen", *args]
    docgen_main()


if __name__ == "__main__":
    main()
