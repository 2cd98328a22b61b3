"""The collect commands as library calls: write the blank forms, merge the returned ones."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from docgen.collect.forms import FORMS, FormSpec, blank_form
from docgen.collect.merge import Merged, merge_forms, packed_files, returned_files
from docgen.collect.report import (
    PROBLEMS_TITLE,
    attachment_csv,
    chase_notice,
    chase_problems,
    chase_text,
    chase_workbook,
    merged_workbook,
    problems_csv,
)
from docgen.collect.units import load_units
from docgen.errors import DataError, Location, OutputError, UsageError
from docgen.i18n import DEFAULT_LANGUAGE, _, current_language, joined, use_language
from docgen.model import check_text
from docgen.publish.guard import WriteGuard, read_record
from docgen.templating import make_env

_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f]")


def form_spec(key: str) -> FormSpec:
    """Return the form named ``key`` (基本情况表)."""
    if key not in FORMS:
        raise UsageError(_("no form {name!r}; known: {known}").format(name=key, known=joined(FORMS)))
    return FORMS[key]


def form_name(unit: str, title: str) -> str:
    """Return the file name of a unit's form: 灵宝市-重点项目谋划储备基本情况表.xlsx."""
    return _UNSAFE.sub("_", f"{unit}-{title}") + ".xlsx"


def write_forms(
    units_path: Path,
    spec: FormSpec,
    out_dir: Path,
    *,
    title: str | None = None,
    deadline: dt.date | None = None,
    as_of: dt.date | None = None,
    overwrite: bool = False,
) -> tuple[list[Path], list[DataError]]:
    """Write a blank form for every unit of the units file into ``out_dir``; return the files and
    the units whose form could not be written (a name too long for a file: the others are made).

    Without ``title`` a monthly form is titled with the month of ``as_of`` (default: today).
    """
    units = load_units(units_path)
    if title:  # a control character typed in --title cannot go into an .xlsx cell
        check_text(title, "--title")
    title = title or spec.title_for(as_of or dt.date.today())
    guard = WriteGuard.of([units_path], overwrite=overwrite)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    failed: list[DataError] = []
    for unit in units:
        path = out_dir / form_name(unit.name, title)
        with use_language(DEFAULT_LANGUAGE):  # the form goes to the unit: its notes and checks in Chinese
            data = blank_form(spec, unit.name, title, deadline)
        try:
            guard.write(path, data)
        except OutputError as error:  # this unit's form only (hostile8 #4)
            failed.append(DataError(error.message, Location(file=units_path, field="名称")))
            continue
        written.append(path)
    return written, failed


@dataclass
class MergeRun:
    """What a merge run wrote and found."""

    merged: Merged
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files in the folders that docgen wrote itself


def _ours(paths: Sequence[Path]) -> set[Path]:
    """Return the files of the given folders that docgen wrote there (a merged ledger, a 催报 list)."""
    ours: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for folder in {path, *(p for p in path.rglob("*") if p.is_dir())}:
                ours.update(folder / name for name in read_record(folder).get("files", {}))
    return ours


def merge_returned(
    paths: Sequence[Path],
    units_path: Path,
    spec: FormSpec,
    output: Path | None,
    *,
    chase: Path | None = None,
    attachment: Path | None = None,
    deadline: dt.date | None = None,
    env: Environment | None = None,
    letterhead: str | None = None,
    date: dt.date | None = None,
    overwrite: bool = False,
    sheet: str | None = None,
) -> MergeRun:
    """Merge the returned forms (files or folders) against the units file; write the ledger and the
    催报: a list (.xlsx), a notice source for ``docgen issue`` (.md, from ``letterhead``), or text."""
    if chase is not None and chase.suffix.lower() == ".md" and letterhead is None:
        raise UsageError(_("a 催报 notice (.md) needs --letterhead: the office that sends it"))
    dated = date or dt.date.today()
    if chase is not None and chase.suffix.lower() != ".xlsx" and deadline is not None and deadline < dated:
        raise UsageError(
            _(
                "--deadline {deadline} is before the 催报's date {date} (--date, or today): it would ask for "
                "the forms by a day already past; give a later --deadline, or none (the 催报 then says 尽快)"
            ).format(deadline=deadline.isoformat(), date=dated.isoformat())
        )
    units = load_units(units_path)
    ours = _ours(paths)
    problems_path = chase.with_name(f"{chase.stem}-{PROBLEMS_TITLE}.csv") if chase is not None else None
    skip = (output, chase, attachment, problems_path)
    returned = [p for p in returned_files(paths) if p not in ours]  # every form the folders hold: inputs
    files = [p for p in returned if p not in skip]
    run_language = current_language()
    run = MergeRun(merge_forms(files, units, spec, sheet), skipped=sorted(ours))
    run.merged.warnings.extend(packed_files(paths))
    # a form named as an output is still an input: never written over (lost9 #3), even if not read
    guard = WriteGuard.of([units_path, *returned], overwrite=overwrite)
    made: list[tuple[Path, bytes]] = []
    with use_language(DEFAULT_LANGUAGE):  # the files are sent to the units: in Chinese, whatever the locale
        documents = run.merged if run_language == DEFAULT_LANGUAGE else merge_forms(files, units, spec, sheet)
        if output is not None:
            made.append((output, merged_workbook(documents)))
        if attachment is not None:
            made.append((attachment, attachment_csv(documents)))
        if chase is not None:
            env = env or make_env()
            if chase.suffix.lower() == ".xlsx":
                data = chase_workbook(documents)
            elif chase.suffix.lower() == ".md":
                assert letterhead is not None  # checked above
                attached = None
                if problems_path is not None and chase_problems(documents):
                    made.append((problems_path, problems_csv(documents)))  # the notice's 附件: the problems cited
                    attached = problems_path.name
                data = chase_notice(env, documents, spec.title, deadline, letterhead, dated, attached).encode("utf-8")
            else:
                data = chase_text(env, documents, spec.title, deadline).encode("utf-8")
            made.append((chase, data))
    for path, data in made:  # every file checked before any is written: one refused, nothing written
        guard.check(path, data)
    for path, data in made:  # outside: a refusal to write over a file is told in the user's language
        guard.write(path, data)
        run.written.append(path)
    return run
