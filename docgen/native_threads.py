"""The threads of this process that Python's ``threading`` did not start, and which of them came
after the ``typst`` package was loaded: the sign that Typst's compiler pool may be running."""

from __future__ import annotations

import os
import sys
import threading

# Native threads seen while ``typst`` was not loaded yet (e.g. OpenBLAS's, started by numpy, which
# openpyxl imports: 1 on 2 cores, measured): not Typst's, however long they live.
_seen_without_typst: set[int] = set()


def foreign_threads() -> set[int]:
    """Return the ids of this process's threads that Python's ``threading`` did not start (all but
    the main thread where /proc is missing: then assume one)."""
    try:
        running = {int(tid) for tid in os.listdir("/proc/self/task")}
    except OSError:
        return {0}
    return running - {t.native_id for t in threading.enumerate() if t.native_id is not None}


def note_before_typst() -> None:
    """Remember the native threads running now, if ``typst`` is not loaded yet: none is Typst's."""
    if "typst" not in sys.modules:
        _seen_without_typst.update(foreign_threads())


def started_since_typst() -> set[int]:
    """Return the native threads that were not seen before ``typst`` was loaded (all of them when
    nobody looked before: ``typst`` imported by someone else first)."""
    return foreign_threads() - _seen_without_typst
