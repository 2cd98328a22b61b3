"""The worker processes of a Typst bulletin batch (``bulletin_workers.Pool``): started before the
ledger is read on a first run, not at all on a re-run with nothing to make, never left behind."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

import docgen.bulletins as bulletins
from docgen.bulletins import BulletinReport, make_bulletins
from docgen.errors import DataError
from docgen.publish.pipeline import Engine
from docgen.register import Register
from docgen.run_resources import RunResources

LEDGER = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"


def _run(
    folder: Path, monkeypatch: pytest.MonkeyPatch, month: str = "2025-05", alive: list[int] | None = None
) -> tuple[BulletinReport, list[int]]:
    """Make the month's Typst bulletins into ``folder``/out; return the report and how many worker
    processes were alive when the ledger was read (also added to ``alive``)."""
    alive = [] if alive is None else alive
    real = bulletins.load_month

    def counting(*args: Any, **kwargs: Any) -> Any:
        alive.append(len(multiprocessing.active_children()))
        return real(*args, **kwargs)

    monkeypatch.setattr(bulletins, "load_month", counting)
    with Register.open(folder / "r.sqlite") as reg:
        report = make_bulletins(
            LEDGER, month, "zhangzi-zdxmb", folder / "out", RunResources(), reg,
            date=dt.date(2025, 6, 5), pdf=True, merge=True, engine=Engine.TYPST, workers=2,
        )  # fmt: skip
    return report, alive


def test_a_first_run_starts_its_workers_before_reading_the_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report, alive = _run(tmp_path, monkeypatch)
    assert alive == [2]
    assert report.entries
    assert not report.failed
    assert report.stages["warm-up"] > 0  # the workers' start (their first compile) is counted
    assert multiprocessing.active_children() == []

    again, alive = _run(tmp_path, monkeypatch)  # nothing changed: nothing to make, no worker started
    assert alive == [0]
    assert again.skipped == len(report.entries)
    assert multiprocessing.active_children() == []


def test_a_refused_ledger_leaves_no_worker_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alive: list[int] = []
    with pytest.raises(DataError):
        _run(tmp_path, monkeypatch, month="2031-05", alive=alive)  # no row of that month
    assert alive == [2]  # started early, then stopped
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
