"""The messages of a sheet's hidden and filtered rows: warned of where a ledger leaves them out or reads
them, refused where a sheet is read whole (ledgers12)."""

from __future__ import annotations

from docgen.errors import DataError, DataWarning, Location
from docgen.i18n import _, joined, ngettext


def hidden_rows_refusal(hidden: list[int], where: Location) -> DataError:
    """Return the refusal of hidden rows in a sheet read whole (a 纪要's decisions, targets, a 发文登记)."""
    return DataError(
        ngettext(
            "row {rows} is hidden, and this sheet is read whole: unhide it (取消隐藏), or delete it",
            "rows {rows} are hidden, and this sheet is read whole: unhide them (取消隐藏), or delete them",
            len(hidden),
        ).format(rows=row_list(hidden)),
        where,
    )


def hidden_row_warnings(hidden: list[int], filtered: list[int], where: Location) -> list[DataWarning]:
    """Warn of the hidden rows left out and of the rows a filter hides, which are read.

    A row hidden by hand is one the office took out of the list (a project 调出 kept for the record):
    the sheet as Excel and WPS show and print it is the ledger.  A filter (筛选) only chooses what is
    looked at, and one left on when the file was saved would make a county's 通报 one town's."""
    warnings: list[DataWarning] = []
    if hidden:
        warnings.append(
            DataWarning(
                ngettext(
                    "row {rows} is hidden, and is not read (the sheet as shown and printed is the ledger): "
                    "unhide it (取消隐藏) if it is one of the ledger's projects, or delete it",
                    "rows {rows} are hidden, and are not read (the sheet as shown and printed is the ledger): "
                    "unhide them (取消隐藏) if they are the ledger's projects, or delete them",
                    len(hidden),
                ).format(rows=row_list(hidden)),
                where,
            )
        )
    if filtered:
        warnings.append(
            DataWarning(
                ngettext(
                    "the sheet is filtered (筛选), and row {rows}, which the filter hides, is read too: a filter "
                    "only chooses what is shown; delete a row not to be read",
                    "the sheet is filtered (筛选), and rows {rows}, which the filter hides, are read too: a filter "
                    "only chooses what is shown; delete the rows not to be read",
                    len(filtered),
                ).format(rows=row_list(filtered)),
                where,
            )
        )
    return warnings


def row_list(numbers: list[int]) -> str:
    """Return row numbers as a message lists them: the first ten, then how many more."""
    shown_rows = joined(str(n) for n in numbers[:10])
    if len(numbers) <= 10:
        return shown_rows
    return _("{rows} and {n} more").format(rows=shown_rows, n=len(numbers) - 10)
