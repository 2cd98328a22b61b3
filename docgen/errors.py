"""The one error root of docgen and its subclasses.

The library raises these; only the CLI turns them into a message and an exit code.
Every error that comes from a user's file names the file, the line or row, and the field.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from docgen.fieldnames import field_label
from docgen.i18n import N_, _, current_language


class DocgenError(Exception):
    """Root of every error docgen raises on purpose."""

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(DocgenError):
    """The command was called wrongly (exit code 2)."""

    exit_code: ClassVar[int] = 2


@dataclass(frozen=True)
class Location:
    """Where in a user's file a problem was found."""

    file: Path | str | None = None
    line: int | None = None
    field: str | None = None
    sheet: str | None = None
    column: str | None = None

    def describe(self) -> str:
        """Return e.g. ``notice.md, line 3, field 'date'``."""
        parts: list[str] = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.sheet is not None:
            parts.append(_("sheet {sheet}").format(sheet=self.sheet))
        if self.line is not None:
            parts.append((_("row {line}") if _is_sheet(self.file) else _("line {line}")).format(line=self.line))
        if self.column is not None:
            parts.append(_("column {column}").format(column=self.column))
        if self.field is not None:
            parts.append(_("field '{field}'").format(field=field_label(self.field)))
        return _(", ").join(parts)


def _is_sheet(file: Path | str | None) -> bool:
    """Say whether a file is a spreadsheet, whose lines are rows (the same words in Chinese: 第 3 行)."""
    return file is not None and Path(str(file)).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".csv")


class DataError(DocgenError):
    """A user's data is wrong: the message says where and what (exit code 1)."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.location = location or Location()
        where = self.location.describe()
        super().__init__(_("{where}: {message}").format(where=where, message=message) if where else message)
        self.reason = message

    def at(self, **where: Any) -> DataError:
        """Return the same error with the missing parts of its location filled in from ``where``."""
        missing = {key: value for key, value in where.items() if getattr(self.location, key) is None}
        return type(self)(self.reason, replace(self.location, **missing))


class DataErrors(DataError):
    """Several problems of one input, each located (file, line, field, value): reported together, so the
    writer fixes them in one go rather than one per run (the CLI prints one message per problem)."""

    def __init__(self, problems: Sequence[DataError]) -> None:
        flat = tuple(flatten_problems(problems))
        self.problems = flat
        super().__init__("\n".join(str(problem) for problem in flat))
        self.reason = self.message

    def at(self, **where: Any) -> DataError:
        """Return the same problems, each with the missing parts of its location filled in."""
        return DataErrors([problem.at(**where) for problem in self.problems])

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the problems it holds (a worker process sends it back whole, not as one text)."""
        return (type(self), (list(self.problems),))


def flatten_problems(problems: Iterable[DataError]) -> list[DataError]:
    """Return the single problems of ``problems`` (a DataErrors stands for the problems it holds)."""
    flat: list[DataError] = []
    for problem in problems:
        flat += list(problem.problems) if isinstance(problem, DataErrors) else [problem]
    return flat


def raise_problems(problems: Sequence[DataError]) -> None:
    """Raise nothing for no problem, the problem itself for one, a DataErrors holding them for more."""
    flat = flatten_problems(problems)
    if len(flat) == 1:
        raise flat[0]
    if flat:
        raise DataErrors(flat)


def each_problem(error: DocgenError) -> tuple[DocgenError, ...]:
    """Return the errors to print for ``error``: the problems a DataErrors holds, else the error itself."""
    return error.problems if isinstance(error, DataErrors) else (error,)


class DataWarning(DataError):
    """Data that looks wrong but stops nothing (a 合计 row that is not the sum of the rows): exit code 0."""

    exit_code: ClassVar[int] = 0


class LetterheadNotFoundError(DataError):
    """No letterhead of that name in any search folder."""


class TemplateNotFoundError(DocgenError):
    """No template of that name in any search folder."""


class OutputError(DocgenError):
    """An output file cannot be written."""


class ConversionError(DocgenError):
    """LibreOffice could not convert a document."""


@dataclass
class BatchFailure:
    """One input of a batch that failed, and why."""

    source: str
    error: DocgenError


class BatchError(DocgenError):
    """Some inputs of a batch failed; the others were produced (or none, under --strict)."""

    def __init__(self, failures: list[BatchFailure], message: str) -> None:
        super().__init__(message)
        self.failures = failures


# The system's words for an OSError (strerror) come in English whatever the user's language:
# the common ones are said in the catalog's words instead.
_ERRNO_TEXT = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EEXIST: N_("a file of that name exists already"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.ELOOP: N_("too many symbolic links"),
    errno.EBUSY: N_("the file is in use"),
    errno.ETXTBSY: N_("the file is in use"),
    errno.EIO: N_("the disk could not be read or written"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EFBIG: N_("the file is larger than the system allows (a file size limit)"),
}


def os_error_text(error: OSError) -> str:
    """Return what went wrong with a file, in the user's language (the system's words if unlisted)."""
    text = _ERRNO_TEXT.get(error.errno or 0)
    if text is not None:
        return _(text)
    return error.strerror or str(error) or type(error).__name__


# the PDF readers' own words (“No /Root object! - Is this really a PDF?”) mean nothing to a user
_PDF_LIBRARIES = ("pypdf", "pdfminer", "pdfplumber")


def library_error_text(error: BaseException) -> str:
    """Return a library's failure (zipfile, python-docx, openpyxl, pypdf) in the user's language.

    The libraries speak English; a Chinese message says what kind of failure it was and leaves
    the library's own words to ``--debug`` (in English they are shown as they are).
    """
    import zipfile

    if isinstance(error, OSError) and error.errno:
        return os_error_text(error)
    if isinstance(error, zipfile.BadZipFile) or type(error).__name__ == "PackageNotFoundError":
        return _("the file is not a zip package")
    if type(error).__module__ == "sqlite3":  # the register: SQLite's words, the common ones said again
        text = str(error).lower()
        if "unable to open" in text:
            return _("the file cannot be opened")
        if "not a database" in text or "malformed" in text:
            return _("not an SQLite database, or a damaged one")
        if "locked" in text or "busy" in text:
            return _("another program is using it")
        if "readonly" in text or "read-only" in text:
            return _("the disk is read-only")
    if isinstance(error, KeyError) and error.args:  # zipfile: "There is no item named 'x' in the archive"
        quoted = re.search(r"'([^']+)'", str(error.args[0]))
        name = quoted.group(1) if quoted else str(error.args[0])
        return _("a part of the package is missing: {name}").format(name=name)
    if current_language() == "en" and not type(error).__module__.startswith(_PDF_LIBRARIES):
        return str(error) or type(error).__name__
    return _("its contents cannot be read (run again with --debug to see the details)")
