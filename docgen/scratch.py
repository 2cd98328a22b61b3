"""Scratch folders that a killed run cannot leave behind for long.

Every temporary folder docgen makes is named ``docgen-<kind>-<pid>-<random>`` in the system's
temporary directory and removed in ``finally``.  A ``kill -9`` skips ``finally``: the next run's
:func:`sweep` finds folders whose process is gone, stops any LibreOffice still running on them
(its command line names the folder as its profile) and removes them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

_NAME = re.compile(r"docgen-[a-z]+-(\d+)-")


def scratch_dir(kind: str) -> tempfile.TemporaryDirectory[str]:
    """Return a temporary folder (a context manager) marked with this process's id."""
    # ignore_cleanup_errors: a LibreOffice still writing as Ctrl-C unwinds must not turn the
    # interrupt into an OSError ("directory not empty"); the next run's sweep removes the rest
    return tempfile.TemporaryDirectory(prefix=f"docgen-{kind}-{os.getpid()}-", ignore_cleanup_errors=True)


def make_scratch_dir(kind: str) -> Path:
    """Make a temporary folder marked with this process's id; the caller removes it."""
    return Path(tempfile.mkdtemp(prefix=f"docgen-{kind}-{os.getpid()}-"))


def process_alive(pid: int) -> bool:
    """Return True unless the process ``pid`` is gone (another user's process counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive, and not ours to clean
    return True


def processes_using(folder: Path) -> list[int]:
    """Return the live processes whose command line names ``folder`` (LibreOffice started on its profile)."""
    needle = str(folder).encode()
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if needle in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
    return found


def sweep(root: Path | None = None) -> int:
    """Remove what runs killed earlier left in ``root`` (default: the temporary directory); return how many."""
    base = root or Path(tempfile.gettempdir())
    removed = 0
    for folder in base.glob("docgen-*"):
        match = _NAME.match(folder.name)
        if not match or not folder.is_dir() or process_alive(int(match.group(1))):
            continue
        for pid in processes_using(folder):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        # a killed soffice is gone only a moment later and may write into its profile until then: wait
        # (at most 5 s) before removing, else the folder is left half removed (seen in CI under load)
        deadline = time.monotonic() + 5
        while processes_using(folder) and time.monotonic() < deadline:
            time.sleep(0.05)
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def user_cache_dir() -> Path:
    """Return docgen's folder in the user's cache (``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen``).

    Only caches live there (a font face, jieba's prefix dictionary): each is checked against what
    it was made from, so nothing found there changes a result.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen"
