"""Returned forms matched to units, validated together, merged into one pool of projects.

Every file is read and checked before anything is merged, and every problem is kept (file, sheet,
row, column, value), so one run tells each unit everything to mend.  A file with any problem is
sent back whole (退回修改): merging part of a unit's form would make its figures silently wrong.
A unit is known by the 填报单位 written in its form, so a renamed file still counts; when the form
names none, by a unit name in the file's name.  The same project sent by two units is a warning
naming both.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.collect.added import column_name, column_place
from docgen.collect.forms import FormSpec
from docgen.collect.period import deadline_week, merged_week, stated
from docgen.collect.returned import Returned, read_returned
from docgen.collect.units import Unit, folded
from docgen.errors import DataError, DataWarning, Location
from docgen.i18n import _, joined
from docgen.load.cells import shown

FORM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv")  # .xls, .et, .ods: refused, named
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z")  # a unit's forms sent packed: named, not opened
# a unit's answer sent as a document, not the form: named, not read (a .docx in the folder left its unit
# 未报送 without a word, hostile12)
DOCUMENT_SUFFIXES = (".docx", ".doc", ".wps", ".pdf", ".odt")


class State(enum.Enum):
    """Where a unit stands: reported, 零报送, sent back, not answered."""

    REPORTED = "已报送"
    ZERO = "零报送"
    FAILED = "退回修改"
    MISSING = "未报送"


@dataclass(frozen=True)
class Project:
    """A merged row: the unit that reported it, its fields, and the file and row it came from."""

    unit: str
    fields: dict[str, Any]
    path: Path
    row: int
    sheet: str | None = None


@dataclass
class UnitStatus:
    """A unit's answer: its state, the files it sent, its projects and their total (万元), its problems."""

    unit: Unit
    state: State = State.MISSING
    files: list[Path] = field(default_factory=list)
    projects: int = 0
    total: Decimal = Decimal(0)
    problems: int = 0
    added: list[str] = field(default_factory=list)  # columns of its own in the form merged, not merged
    source: Path | None = None  # the form merged


@dataclass
class Merged:
    """The merge of returned forms: projects of the files without problems, each unit's status, problems."""

    spec: FormSpec
    projects: list[Project] = field(default_factory=list)
    statuses: list[UnitStatus] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)
    warnings: list[DataWarning] = field(default_factory=list)
    files: int = 0

    def of(self, state: State) -> list[UnitStatus]:
        """Return the units in ``state``, in the units list's order."""
        return [s for s in self.statuses if s.state is state]


def returned_files(paths: Iterable[Path]) -> list[Path]:
    """Return the form files given: files as they are, folders searched for spreadsheets (not hidden,
    not Office's ~$ lock files), sorted by name within each folder."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for child in sorted(path.rglob("*")):
            name = child.name
            if name.startswith((".", "~$")) or child.suffix.lower() not in FORM_SUFFIXES:
                continue
            if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                found.append(child)
    return found


def packed_files(paths: Iterable[Path]) -> list[DataWarning]:
    """Return a warning for each .zip, .rar and .7z file (and each Word or PDF document) in the folders
    given (not hidden): the forms in it are not read, and its unit would otherwise be listed 未报送
    without a word why."""
    packed = _("a packed file: the forms in it are not read; unpack them into the folder")
    document = _("a document, not the form: only the spreadsheet form (.xlsx) is read; ask the unit to fill it in")
    return [
        DataWarning(packed if child.suffix.lower() in ARCHIVE_SUFFIXES else document, Location(file=child))
        for path in paths
        if path.is_dir()
        for child in sorted(path.rglob("*"))
        if child.suffix.lower() in (*ARCHIVE_SUFFIXES, *DOCUMENT_SUFFIXES)
        and not child.name.startswith("~$")
        and child.is_file()
        and not any(part.startswith(".") for part in child.relative_to(path).parts)
    ]


def match_unit(written: str, path: Path, units: Sequence[Unit]) -> Unit | None:
    """Return the unit a form belongs to: the 填报单位 written in it, else a unit named in the file name.

    A written name matches a unit's name or alias, else the one unit whose name it contains
    (灵宝市发展和改革委员会 → 灵宝市).
    """
    if written:
        key = folded(written)
        exact = [u for u in units if key in u.keys]
        if exact:
            return exact[0]
        inside = [u for u in units if any(k in key for k in u.keys)]
        return inside[0] if len(inside) == 1 else None
    stem = folded(path.stem)
    named = [u for u in units if any(k in stem for k in u.keys)]
    longest = max((max(len(k) for k in u.keys if k in stem) for u in named), default=0)
    best = [u for u in named if any(len(k) == longest and k in stem for k in u.keys)]
    return best[0] if len(best) == 1 else None


_SUFFIXES = ("街道办事处", "街道", "镇", "乡", "县", "区", "市")


def short_unit(written: str, units: Sequence[Unit]) -> Unit | None:
    """Return the one unit whose name, without its 镇/乡/街道/县 suffix, is the name written (鲍店 → 鲍店镇).

    Offices write their short name on forms; two units sharing the short name match neither.
    """
    key = folded(written)
    if len(key) < 2:
        return None
    found = {
        u.name: u
        for u in units
        for k in u.keys
        for suffix in _SUFFIXES
        if k.endswith(suffix) and len(k) - len(suffix) >= 2 and k[: -len(suffix)] in key
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _amount(value: Decimal) -> str:
    return format(value.normalize(), "f")  # 200, not 200.0 (calamine gives numbers as floats)


def _where(form: Returned, row: int, field_name: str) -> Location:
    return Location(file=form.path, sheet=form.sheet, line=row, column=form.columns.get(field_name))


def _check_rows(form: Returned) -> list[DataError]:
    """Return the problems between fields of a row, and projects listed twice in one form (rows with
    bad cells too, as far as they were read: every problem is reported at once)."""
    errors: list[DataError] = []
    seen: dict[str, int] = {}
    for row, record in sorted([*form.records, *form.rejected], key=lambda item: item[0]):
        total, plan = record.get("total"), record.get("annual_plan")
        for key in ("annual_plan", "completed"):
            if record.get(key) is not None and record[key] < 0:
                errors.append(DataError(_("amounts must not be negative"), _where(form, row, key)))
        if total is not None and total <= 0:
            errors.append(
                DataError(
                    _("总投资 must be more than 0, not {value}").format(value=_amount(total)),
                    _where(form, row, "total"),
                )
            )
        if total is not None and plan is not None and plan > total:
            errors.append(
                DataError(
                    _("年度计划投资 {plan} is more than 总投资 {total}").format(
                        plan=_amount(plan), total=_amount(total)
                    ),
                    _where(form, row, "annual_plan"),
                )
            )
        start, finish = record.get("start"), record.get("finish")
        if start is not None and finish is not None and finish < start:
            errors.append(
                DataError(
                    _("计划竣工时间 {finish} is before 计划开工时间 {start}").format(
                        finish=finish, start=start
                    ),
                    _where(form, row, "finish"),
                )
            )
        key = folded(record.get("name"))
        if not key:
            continue
        if key in seen:
            errors.append(
                DataError(
                    _("the same project as row {other}").format(other=seen[key]), _where(form, row, "name")
                )
            )
        else:
            seen[key] = row
    return errors


def _read(path: Path, spec: FormSpec, units: Sequence[Unit], sheet: str | None) -> tuple[Returned, Unit | None]:
    try:
        if path.suffix.lower() == ".ods":  # LibreOffice's own format: the unit is told, not left 未报送
            raise DataError(
                _("a LibreOffice spreadsheet (.ods) cannot be read; open it and save it as .xlsx"), Location(file=path)
            )
        form = read_returned(path, spec, sheet)
    except DataError as error:
        form = Returned(path)
        form.errors.append(error if error.location.file is not None else error.at(file=path))
        return form, match_unit("", path, units)
    form.errors.extend(_check_rows(form))
    form.errors.sort(key=lambda error: error.location.line or 0)  # row by row, as the unit mends them
    unit = match_unit(form.written_unit, path, units)
    if unit is None and form.written_unit:
        unit = short_unit(form.written_unit, units)
        if unit is not None:  # taken, but told: the unit should write its full name next time
            line, column = form.unit_cell or (None, None)
            form.warnings.append(
                DataWarning(
                    _("填报单位 {written!r} is taken as {unit}, the only unit of that name without 镇/乡/街道/县").format(
                        written=shown(form.written_unit), unit=unit.name
                    ),
                    Location(file=path, sheet=form.sheet, line=line, column=column, field="填报单位"),
                )
            )
    named = match_unit("", path, units) if unit is not None else None
    if named is not None and unit is not None and named != unit:  # 渑池县's form sent as 灵宝市.xlsx: whose projects are these?
        line, column = form.unit_cell or (None, None)
        form.warnings.append(
            DataWarning(
                _(
                    "the file name names {named}, but the form's 填报单位 is {unit}: it is merged as {unit}'s; "
                    "if it is {named}'s, correct its 填报单位"
                ).format(named=named.name, unit=unit.name),
                Location(file=path, sheet=form.sheet, line=line, column=column, field="填报单位"),
            )
        )
    if unit is None:
        line, column = form.unit_cell or (None, None)
        where = Location(file=path, sheet=form.sheet, line=line, column=column, field="填报单位")
        if form.written_unit:
            message = _(
                "填报单位 {unit!r} is not in the units list: add it to the units file if it reports to you, "
                "or set this form aside"
            ).format(unit=shown(form.written_unit))
        else:
            message = _("the form names no 填报单位 and its file name names no unit of the list")
        form.errors.append(DataError(message, where))
        if form.written_unit:  # its unit did answer: sent back (退回修改), never listed 未报送
            unit = match_unit("", path, units)
    return form, unit


def merge_forms(paths: Sequence[Path], units: Sequence[Unit], spec: FormSpec, sheet: str | None = None) -> Merged:
    """Read every returned form (its worksheet ``sheet``, else the form's), match it to its unit, and
    merge the forms without problems."""
    merged = Merged(spec, statuses=[UnitStatus(u) for u in units])
    forms: list[tuple[Returned, Unit | None]] = [_read(p, spec, units, sheet) for p in returned_files(paths)]
    merged.files = len(forms)
    _check_periods([form for form, _unit in forms])
    by_unit: dict[str, list[Returned]] = {}
    for form, unit in forms:
        merged.errors.extend(form.errors)
        merged.warnings.extend(form.warnings)
        if unit is not None:
            by_unit.setdefault(unit.name, []).append(form)
    for unit_status in merged.statuses:  # in the units list's order
        name = unit_status.unit.name
        sent = by_unit.get(name)
        if not sent:
            continue
        unit_status.files = [f.path for f in sent]
        sent = _set_aside_blank(name, sent, merged)
        copies = [f for f in sent[1:] if _same_answer(f, sent[0])]
        for form in copies:  # the same file saved twice (丹朱镇.xlsx, 丹朱镇(1).xlsx): read once
            merged.warnings.append(
                DataWarning(
                    _("{unit} sent the same form twice (the first: {first}); it is read once").format(
                        unit=name, first=sent[0].path.name
                    ),
                    Location(file=form.path),
                )
            )
        sent = [f for f in sent if all(f is not c for c in copies)]
        if len(sent) > 1:
            for form in sent[1:]:
                merged.errors.append(
                    DataError(
                        _(
                            "{unit} sent a second form (the first: {first}); put the projects of both into one "
                            "form and send it again (or delete the one that is void)"
                        ).format(
                            unit=name, first=sent[0].path.name
                        ),
                        Location(file=form.path, sheet=form.sheet, line=_row_of(form), field="填报单位"),
                    )
                )
        problems = sum(len(f.errors) for f in sent) + (len(sent) - 1)
        unit_status.problems = problems
        if problems:
            unit_status.state = State.FAILED
            continue
        form = sent[0]
        if form.zero:
            unit_status.state = State.ZERO
            continue
        unit_status.state = State.REPORTED
        unit_status.source = form.path
        if form.added:  # its own columns are not in the merged ledger: said, once for the unit
            unit_status.added = [column_name(letter, header) for letter, header in form.added]
            merged.warnings.append(_added_warning(form))
        for row, record in form.records:
            fields = dict(record)
            fields["responsible"] = fields.get("responsible") or name
            merged.projects.append(Project(name, fields, form.path, row, form.sheet))
            unit_status.projects += 1
            unit_status.total += record.get("total") or Decimal(0)
    merged.warnings.extend(_across_units(merged.projects))
    return merged


def _set_aside_blank(unit: str, sent: list[Returned], merged: Merged) -> list[Returned]:
    """Return the unit's forms but the blank ones sent beside a filled one (both attached to the
    e-mail): each is set aside with a warning, its “no project” error withdrawn."""
    blank = [f for f in sent if f.empty and len(f.errors) == 1]
    filled = [f for f in sent if not f.empty]
    if not blank or not filled:
        return sent
    for form in blank:
        merged.errors = [e for e in merged.errors if e is not form.errors[0]]
        merged.warnings.append(
            DataWarning(
                _(
                    "{unit} also sent a blank form (no project, no 零报送 answer); it is set aside, "
                    "the form read is {filled}"
                ).format(unit=unit, filled=filled[0].path.name),
                Location(file=form.path, sheet=form.sheet),
            )
        )
    return filled


def _added_warning(form: Returned) -> DataWarning:
    """Return the warning naming the columns a unit added to its form, which the merge left out."""
    columns = joined(column_place(letter, header) for letter, header in form.added)
    return DataWarning(
        _(
            "columns added to the form are not merged: {columns}; the merged ledger takes the form's own "
            "columns only (their values are in this file)"
        ).format(columns=columns),
        Location(file=form.path, sheet=form.sheet, line=form.header_line),
    )


def _check_periods(forms: Sequence[Returned]) -> None:
    """Send back (an error on the form) each form whose title or file name states another week than
    the one being merged, or that is the form sent out for another week (its 请于…前报送): last week's
    form sent again would count old figures as this week's."""
    deadlines = [d for f in forms if (d := deadline_week(f.notes)) is not None]
    year = deadlines[0].year if deadlines else None
    said = {id(f): stated(f.title, f.path.stem, year) for f in forms}
    week = merged_week(deadlines, [p for p in said.values() if p is not None])
    if week is None:
        return
    for form in forms:
        period = said[id(form)]
        sent_for = deadline_week(form.notes)  # the round of forms it was sent out with
        if period is None and sent_for is not None and not sent_for.same(week):
            form.errors.insert(
                0,
                DataError(
                    _(
                        "the form is the one sent out for {stated} (its 填表说明 says so), but the forms being "
                        "merged are for {week}: send this period's form"
                    ).format(stated=sent_for.said, week=week.said),
                    Location(file=form.path, sheet=form.sheet),
                ),
            )
            continue
        if period is None or period.same(week):
            continue
        form.errors.insert(
            0,
            DataError(
                _(
                    "the form is for {stated} (its title or file name says so), but the forms being merged are "
                    "for {week}: send this period's form"
                ).format(stated=period.said, week=week.said),
                Location(file=form.path, sheet=form.sheet),
            ),
        )


def _same_answer(form: Returned, other: Returned) -> bool:
    """Return whether two forms say the same: both without problems, the same 零报送 and the same rows."""
    if form.errors or other.errors or form.zero != other.zero:
        return False
    return [record for _row, record in form.records] == [record for _row, record in other.records]


def _row_of(form: Returned) -> int | None:
    """Return the row the form writes its 填报单位 in, if it does."""
    return form.unit_cell[0] if form.unit_cell else None


def _across_units(projects: Sequence[Project]) -> list[DataWarning]:
    """Return a warning for each project sent by more than one unit, naming the first."""
    first: dict[str, Project] = {}
    warnings: list[DataWarning] = []
    for project in projects:
        key = folded(project.fields.get("name"))
        earlier = first.setdefault(key, project)
        if earlier is not project and earlier.unit != project.unit:
            warnings.append(
                DataWarning(
                    _("{name} was also sent by {unit} ({file}, row {row})").format(
                        name=project.fields.get("name"),
                        unit=earlier.unit,
                        file=earlier.path.name,
                        row=earlier.row,
                    ),
                    Location(file=project.path, sheet=project.sheet, line=project.row, field="项目名称"),
                )
            )
    return warnings
