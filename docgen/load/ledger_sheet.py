"""Which worksheet of a workbook holds the ledger, when the command was not told: the one sheet whose
header names every required column (after a 填报说明 sheet, ledgers11 #8); a workbook where several
sheets do (a sheet per town or county) is refused, naming them, rather than read as its first sheet
(ledgers11 #2, #3: 2 of 12 projects ranked, silently)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from docgen.errors import DataError, Location
from docgen.i18n import _, joined
from docgen.load.grid import Engine, Grid, read_grids
from docgen.load.header import canonical, find_header

_SUMMARY = re.compile(r"汇总|总表|全县|全市|全区")


class _Column(Protocol):
    @property
    def headers(self) -> tuple[str, ...]: ...

    @property
    def required(self) -> bool: ...


def holds_ledger(grid: Grid, columns: Sequence[_Column]) -> bool:
    """Does the sheet have a header naming every required column (by a name or a synonym)?"""
    known = {canonical(h)[0] for c in columns for h in c.headers}
    header = find_header(grid.filled(), known)
    if header is None:
        return False
    named = {name for lookups in header.lookups for name in lookups}
    return all(any(canonical(h)[0] in named for h in c.headers) for c in columns if c.required)


def ledger_grid(path: Path, columns: Sequence[_Column], sheet: str | None, engine: Engine, prefer: Sequence[str]) -> Grid:
    """Return the worksheet to read: ``sheet``, else a preferred one (a month's), else the one sheet
    holding the ledger; several sheets holding one are refused, naming them (--sheet names the one to read)."""
    sheets = read_grids(path, sheet, engine, prefer)  # one opening of the workbook for all its sheets
    grid = sheets[0]
    if sheet is not None or not grid.others or grid.sheet in prefer:
        return grid
    found = [g for g in sheets if holds_ledger(g, columns)]
    if not found:
        return grid  # refused later, naming what the first sheet's header lacks
    summaries = [g for g in found if _SUMMARY.search(g.sheet or "")]
    if len(found) > 1 and len(summaries) == 1:  # 汇总 beside a sheet per town: the 汇总 is the ledger
        found = summaries
    if len(found) > 1:
        raise DataError(
            _(
                "{count} sheets of this workbook each hold a ledger: {names}; docgen reads one sheet: "
                "say which with --sheet NAME, or hide the sheets not to be read (or put all the rows on "
                "one sheet, a 汇总 sheet)"
            ).format(count=len(found), names=joined(g.sheet or "" for g in found)),
            Location(file=path),
        )
    return replace(found[0], others=grid.others)

