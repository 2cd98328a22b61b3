"""CPU time spent per stage of making documents (layout, .docx, Typst markup, compile, merge, …).

Each process sums its own stages (``stage``); a bulletin worker hands its sums back with each
bulletin (``take``), so ``docgen bulletin``'s report, and bench/bulletin.py's breakdown, can say
where a batch's time goes.  CPU time of the process (``time.process_time``: every thread, Typst's
too) rather than wall time, so that other work on the machine does not inflate a stage.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

_spent: dict[str, float] = {}


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the CPU time the ``with`` block takes to stage ``name`` of this process."""
    start = time.process_time()
    try:
        yield
    finally:
        _spent[name] = _spent.get(name, 0.0) + time.process_time() - start


def spend(name: str, seconds: float) -> None:
    """Add ``seconds`` of CPU time measured by the caller to stage ``name`` of this process (stages
    that overlap in time, as markup made while other threads compile)."""
    _spent[name] = _spent.get(name, 0.0) + seconds


def take() -> dict[str, float]:
    """Return this process's CPU seconds per stage since the last ``take``, and start again from zero."""
    spent = dict(_spent)
    _spent.clear()
    return spent


def add(total: dict[str, float], more: Mapping[str, float]) -> None:
    """Add the seconds per stage of ``more`` to ``total``."""
    for name, seconds in more.items():
        total[name] = total.get(name, 0.0) + seconds
