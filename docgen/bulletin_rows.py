"""Which subjects of a month's ledger get a bulletin: a unit (or 包抓领导) with a row that cannot be
read, or that repeats another, gets none and is listed as failed; two whose file names would be the
same are refused before anything is written.  Checked before the issue's number is taken."""

from __future__ import annotations

from collections.abc import Container, Sequence
from pathlib import Path

from docgen.bulletin_manifest import Entry
from docgen.errors import DataError, DataWarning, Location
from docgen.i18n import _, ngettext
from docgen.load.projects import ProjectMonth
from docgen.records import ProjectRow


def safe_name(name: str) -> str:
    """Return ``name`` as a file name: without the characters Windows refuses in one."""
    return "".join(c for c in name if c not in '\\/:*?"<>|').strip() or "_"


def names_apart(groups: dict[str, list[ProjectRow]], ledger: Path) -> None:
    """Refuse, before anything is written, two units whose file names would be the same."""
    seen: dict[str, str] = {}
    for subject in groups:
        other = seen.setdefault(safe_name(subject).casefold(), subject)
        if other != subject:
            raise DataError(
                _("{first} and {second} would be written to the same file name ({name}); rename one").format(
                    first=other, second=subject, name=safe_name(subject)
                ),
                Location(file=ledger, field="责任单位"),
            )


def failed_subjects(read: ProjectMonth, per: str) -> dict[str, list[DataError]]:
    """Return the errors of the rows left out, by the unit (or 包抓领导) they belong to: a bulletin
    made without one of its rows would be issued with wrong totals (outsider 2 defect 6), and one
    made with one of two rows naming the same project too (outsider 7 defect 3: the repeat fails
    the subjects of both rows).  A row whose 责任单位 itself cannot be read stays a problem of the run."""
    key = "unit" if per == "unit" else "leader"
    earlier = {project.row: project for project in read.projects}
    found: dict[str, list[DataError]] = {}
    for error in read.problems:
        if isinstance(error, DataWarning):
            continue
        line = error.location.line or 0
        record = read.rejected.get(line) or {}
        subjects = [record.get(key)]
        if line in read.repeats and read.repeats[line] in earlier:
            subjects.append(getattr(earlier[read.repeats[line]], key))
        for subject in dict.fromkeys(subjects):
            if isinstance(subject, str) and subject.strip():
                found.setdefault(subject, []).append(error)
    return found


def unread_entry(subject: str, errors: Sequence[DataError], repeats: Container[int] = ()) -> Entry:
    """Return the manifest entry of a bulletin not made: a row of its own cannot be read, or repeats
    another (a line of ``repeats``); no input hash: a re-run makes it once the rows are corrected."""
    if any((error.location.line or 0) in repeats for error in errors):
        template = ngettext(
            "its bulletin is not made: {n} row of it has an error: {rows}",
            "its bulletin is not made: {n} rows of it have an error: {rows}",
            len(errors),
        )
    else:
        template = ngettext(
            "its bulletin is not made: {n} row of it cannot be read: {rows}",
            "its bulletin is not made: {n} rows of it cannot be read: {rows}",
            len(errors),
        )
    said = template.format(n=len(errors), rows=_("; ").join(str(error) for error in errors))
    return Entry(subject, "", "failed", "", error=said)
