"""The one test-only seam: named points of the publishing order where a test may stop the process.

Production code only calls ``reached``; nothing here reads the environment.  Crash tests run
docgen through ``tests/kill_at.py``, which installs a hook that kills the process at the point
it names, to prove that the register stays consistent whatever moment a run dies.
"""

from __future__ import annotations

from collections.abc import Callable

_hook: Callable[[str], None] | None = None


def install(hook: Callable[[str], None] | None) -> None:
    """Call ``hook`` with each point's name from now on (None removes it)."""
    global _hook
    _hook = hook


def reached(point: str) -> None:
    """Mark a point of the publishing order: after-allocate, after-docx, after-pdf, after-record …"""
    if _hook is not None:
        _hook(point)
