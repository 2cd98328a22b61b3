"""The commands' rule on sheet options: a worksheet named (--previous-sheet, --baseline-sheet) needs the
workbook it is a sheet of.  Here, in the commands layer, because the message names command-line options
(the loaders know files and sheets, not options)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from docgen.errors import UsageError
from docgen.i18n import _


def refuse_sheet_without_file(options: Mapping[str, tuple[str | None, Path | None]]) -> None:
    """Raise UsageError for a sheet option (--previous-sheet) given without the workbook it names a sheet of."""
    for option, (sheet, path) in options.items():
        if sheet is not None and path is None:
            raise UsageError(
                _("{option} names a worksheet of {workbook}, which was not given").format(
                    option=option, workbook=option.removesuffix("-sheet")
                )
            )
