"""``docgen merge``: fill an office's Word form from a ledger, one document per row or per group.

A batch: the ledger and the form are read and every placeholder (the file name pattern's too) is
checked first; a placeholder the ledger lacks writes nothing.  Then every item is filled; an item
that cannot be (a bad cell of its rows, a filter given a value it cannot read, a column that
differs within a group) is an error naming it, and the others are written through the
WriteGuard (never over the form, the ledger or an issued file).  The report lists every problem.
A numbered merge takes no number while the register is behind the output folder (the folder shows
a 文号 issued that the register lacks: ``refuse_a_register_behind``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError

from docgen.convert.converter import convert_documents
from docgen.convert.pdf import finish_as_is
from docgen.errors import (
    DataError,
    DataWarning,
    DocgenError,
    Location,
    OutputError,
    library_error_text,
    os_error_text,
)
from docgen.i18n import _
from docgen.inert import csv_record
from docgen.load.cells import CellError, shown, to_date, to_decimal
from docgen.load.supervision import read_limit, read_status
from docgen.merge.check import DATE_NAMES, ITEM_NAMES, NUMBER_NAMES, check_form, check_uses, nearest
from docgen.merge.ledger import CellDate, Field, MergeLedger, MergeRow, read_merge_ledger
from docgen.merge.names import safe_file_name, unique_name
from docgen.merge.template import FormTemplate, Use, read_form, template_uses
from docgen.model_text import refuse_lookalike
from docgen.publish.guard import WriteGuard, writable_folder
from docgen.publish.numbering import (
    NumberRequest,
    Record,
    numbered,
    refuse_a_register_behind,
    unchanged_files,
)
from docgen.register import KIND_DOCUMENT, Register
from docgen.scratch import scratch_dir
from docgen.template_budget import TemplateBudgetError
from docgen.templating import date_filter, make_env, number_filter, refused_text


@dataclass
class Item:
    """One document to make: what it is called in messages, its file name stem and its values."""

    label: str  # a group's value (县水利局); empty for a row: the error's location names the row
    stem: str
    context: dict[str, Any]
    where: Location
    lines: tuple[int, ...] = ()  # the ledger rows it is made of
    problem: DataError | None = None


@dataclass(frozen=True)
class Numbering:
    """A numbered merge: each document takes the next 发文字号 of the office's series in the register."""

    register: Register
    code: str  # the letterhead's 代字
    date: dt.date  # the 成文日期: its year is the number's year (never the clock's)


@dataclass
class MergeReport:
    """What a merge did: the files written (or planned, on a dry run) and every problem met."""

    written: list[Path] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)
    items: int = 0
    pdfs: list[Path] = field(default_factory=list)
    manifest: list[dict[str, str]] = field(default_factory=list)  # one entry per item, as manifest.csv has it
    unchanged: list[Path] = field(default_factory=list)  # numbered by an earlier run, its files unchanged
    refused: int = 0  # placeholders of the form or the pattern this ledger cannot fill: nothing written
    notes: list[str] = field(default_factory=list)  # what LibreOffice was not given (a linked picture), once each


class _FormRefused(DataError):
    """The form itself cannot be filled (a placeholder the sandbox refuses, a bound of work passed):
    every row would fail the same way, so the merge stops at the first."""


class _UnreadCell(CellError):
    """A filter's CellError with the value it could not read: a group's document names that value's row."""

    def __init__(self, error: CellError, value: object) -> None:
        super().__init__(str(error))
        self.value = value


def _reading(read: Callable[..., Any]) -> Callable[..., Any]:
    """Return the filter ``read`` whose CellError keeps the value it was given."""

    def filter_(value: Any, *args: Any) -> Any:
        try:
            return read(value, *args)
        except _UnreadCell:
            raise
        except CellError as error:
            raise _UnreadCell(error, value) from None

    return filter_


def _row_of(item: Item, error: Exception) -> Location:
    """Return where an item's error is: the row of a group holding the value a filter could not read."""
    if isinstance(error, _UnreadCell) and item.label:
        rows = item.context.get("rows", [])
        for line, values in zip(item.lines, rows, strict=False):
            if any(v is error.value or (isinstance(v, str) and v == error.value) for v in values.values()):
                return replace(item.where, line=line)
    return item.where


def merge_env() -> Environment:
    """Return the sandbox of docgen/templating.py for forms: date, number and limit filters that read text
    cells, and the test ``open`` (an item's 状态 as supervise reads it).

    ``safe`` is taken away: nothing a form does can make a ledger value markup.  A form loads no
    template (``{% include %}``, ``{% import %}``: docgen's own templates are not a form's).
    """
    env = make_env(loads=False)
    env.filters["date"] = _reading(lambda value: date_filter(value if isinstance(value, dt.date) else to_date(value)))
    env.filters["number"] = _reading(
        lambda value, places=2: number_filter(value if isinstance(value, (int, float)) else to_decimal(value), places)
    )
    # 办理时限 and 状态 read as supervise reads them: 15 → 15个工作日, 15天 → 15日; 已完成 is not open
    env.filters["limit"] = _reading(lambda value: str(read_limit(value)))
    env.tests["open"] = _reading(lambda value: read_status(value).is_open)
    del env.filters["safe"]
    return env


def _values(row: MergeRow, fields: Sequence[Field]) -> dict[str, Any]:
    """Return a row's values under every name of its fields (header and alias)."""
    return {name: row.values.get(f.header, "") for f in fields for name in f.names}


def _pattern_uses(env: Environment, pattern: str) -> list[Use]:
    where = _("the file name pattern")
    try:
        found = template_uses(env, pattern)
    except TemplateSyntaxError as error:
        raise DataError(
            _("the file name pattern {pattern!r} is not well formed: {error}").format(
                pattern=pattern, error=error.message
            )
        ) from None
    return [Use(name, top, written, where) for name, top, written in found]


def _by_row(ledger: MergeLedger, stem: str) -> list[Item]:
    items = []
    for index, row in enumerate(ledger.rows, start=1):
        values = _values(row, ledger.fields)
        context = {**values, "row": values, "index": index, "count": len(ledger.rows)}
        where = Location(file=ledger.path, sheet=ledger.sheet, line=row.line)
        items.append(Item("", f"{stem}-{row.line}", context, where, (row.line,)))
    return items


def _group_field(ledger: MergeLedger, per: str) -> Field:
    found = ledger.field_for(per)
    if found is None:
        close = nearest(per, ledger) or [f.header for f in ledger.fields[:8]]
        raise DataError(
            _("--per {name}: the ledger has no such column; nearest: {names}").format(
                name=per, names="、".join(close)
            ),
            Location(file=ledger.path, sheet=ledger.sheet),
        )
    return found


def _by_group(ledger: MergeLedger, per: str, stem: str, top: set[str]) -> list[Item]:
    """Return one item per value of the ``per`` column, in the order of first appearance."""
    key = _group_field(ledger, per)
    groups: dict[str, list[MergeRow]] = {}
    rejected = {id(row) for row in ledger.rejected}
    failed: set[str] = set()
    for row in sorted([*ledger.rows, *ledger.rejected], key=lambda r: r.line):
        value = str(row.values.get(key.header, ""))
        groups.setdefault(value, []).append(row)
        if id(row) in rejected:
            failed.add(value)
    items = []
    for index, (value, rows) in enumerate(groups.items(), start=1):
        label = value or _("(empty {column})").format(column=key.header)
        where = Location(file=ledger.path, sheet=ledger.sheet, line=rows[0].line)
        context: dict[str, Any] = {"rows": [_values(r, ledger.fields) for r in rows]}
        context |= {"index": index, "count": len(groups)}
        # the value names a file, as a --name pattern does: made safe the same way (a path stays in --out)
        safe = safe_file_name(value, "")
        stem_of = safe_file_name(f"{safe}-{stem}", stem) if value else f"{stem}-{index}"
        item = Item(label, stem_of, context, where, tuple(r.line for r in rows))
        items.append(item)
        if not value:
            item.problem = DataError(
                _("{column} is empty in {n} rows: they belong to no group").format(column=key.header, n=len(rows)),
                where,
            )
            continue
        if not safe:
            item.problem = DataError(
                _("{value!r} cannot be used as a file name: nothing is left of it once the characters no file "
                  "system takes are removed").format(value=shown(value)),
                replace(where, column=key.header),
            )
            continue
        try:  # 县水\u200d利局 would be a group and a file of its own beside 县水利局 (hostile12)
            refuse_lookalike(value, key.header)
        except DataError as error:
            item.problem = DataError(error.reason, replace(where, column=key.header))
            continue
        if value in failed:
            item.problem = DataError(
                _("a row of {group} has an error (see above): its document is not made").format(group=value),
                where,
            )
            continue
        for f in ledger.fields:
            found = {str(r.values.get(f.header, "")) for r in rows}
            if len(found) == 1:
                context |= dict.fromkeys(f.names, rows[0].values.get(f.header, ""))
            elif top & set(f.names) and item.problem is None:
                item.problem = DataError(
                    _(
                        "{column} differs between the rows of {group} ({values}): inside the rows loop "
                        "use r.{column}"
                    ).format(
                        column=f.alias or f.header,
                        group=value,
                        values="、".join(str(shown(v, 20)) for v in sorted(found)[:3]),
                    ),
                    where,
                )
    return items


def _named(item: Item, message: str) -> str:
    """Return a message about an item, led by its group's name (a row's is in the error's location)."""
    return _("{where}: {message}").format(where=item.label, message=message) if item.label else message


def _fill(item: Item, form: FormTemplate, env: Environment, pattern: str | None) -> tuple[str, bytes]:
    """Return the item's file name stem and its filled .docx, or raise DataError naming it."""
    try:
        stem = item.stem
        if pattern is not None:
            text = env.from_string("{% autoescape false %}" + pattern + "{% endautoescape %}").render(item.context)
            stem = safe_file_name(text, item.stem)
        return stem, form.render(env, item.context)
    except Exception as error:  # noqa: BLE001 - docxtpl and lxml fail in many ways on a form's tags: one item's error
        # the form's fault, not the row's (templating.py, template_budget.py); a syntax error found only
        # when the form is compiled (25 nested loops, hostile12) too: said once, not once per row
        if isinstance(error, (SecurityError, TemplateSyntaxError)):
            said = error.message if isinstance(error, (TemplateBudgetError, TemplateSyntaxError)) else refused_text(error)
            reason = _("the form could not be filled: {error}").format(error=said)
            raise _FormRefused(reason, Location(file=form.path)) from None
        if isinstance(error, TemplateError) and error.message:
            reason = error.message
        else:  # a cell a filter cannot read says so and quotes it; anything else is said generally
            reason = str(error) if isinstance(error, CellError) else library_error_text(error)
        message = _("the form could not be filled: {error}").format(error=reason)
        raise DataError(_named(item, message), _row_of(item, error)) from None


def _file_in(out_dir: Path, stem: str, taken: set[str]) -> Path:
    """Return the item's .docx in ``out_dir``, its stem made safe again: no name from data leaves the folder."""
    return out_dir / f"{unique_name(safe_file_name(stem, 'docgen'), taken)}.docx"


def _pdfs(report: MergeReport, guard: WriteGuard) -> list[Path]:
    """Convert the written documents with LibreOffice; write each PDF beside its .docx."""
    done: list[Path] = []
    with scratch_dir("merge") as folder:
        jobs = [(path, Path(folder) / f"{n}.pdf") for n, path in enumerate(report.written)]
        for result in convert_documents(jobs):
            target = result.source.with_suffix(".pdf")
            # every document is the form filled: its offline copy leaves out the same links, said once a run
            report.notes.extend(note for note in result.notes if note not in report.notes)
            try:
                if result.error is not None:
                    raise result.error
                guard.write(target, finish_as_is(result.target.read_bytes()))  # /Lang zh-CN, one ink (print9)
            except (DocgenError, OSError) as error:
                text = str(error) if isinstance(error, DocgenError) else os_error_text(error)
                report.errors.append(DataError(text, Location(file=result.source)))
                continue
            done.append(target)
    return done


MANIFEST = "manifest.csv"


def _number_values(number: str, date: dt.date) -> dict[str, Any]:
    return dict.fromkeys(NUMBER_NAMES, number) | dict.fromkeys(DATE_NAMES, CellDate(date.year, date.month, date.day))


def _item_key(form: FormTemplate, item: Item) -> str:
    """Return what identifies an item in the register: the form, the item, its values (a re-run finds it)."""
    own = sorted((k, repr(v)) for k, v in item.context.items() if k not in ITEM_NAMES)  # not its place in the run
    values = hashlib.sha256(repr(own).encode()).hexdigest()
    return f"merge|{form.path.name}|{item.label or item.lines[0]}|{values[:16]}"


def _request(numbering: Numbering, form: FormTemplate, item: Item) -> NumberRequest:
    """Return the number an item asks the register for: the next 文号 of the office's series."""
    return NumberRequest(KIND_DOCUMENT, numbering.code, numbering.date.year, _item_key(form, item))


def _numbered(
    item: Item,
    form: FormTemplate,
    env: Environment,
    pattern: str | None,
    out_dir: Path,
    taken: set[str],
    numbering: Numbering,
    guard: WriteGuard,
    report: MergeReport,
) -> Path | None:
    """Fill an item under the next number of the register (allocate → write → record, or give it back).

    Return its file, or None when an earlier run made it and its files are unchanged.
    """
    with numbered(numbering.register, _request(numbering, form, item), guard) as ticket:
        if ticket.issued_before:
            files = unchanged_files(ticket.previous())
            if files is None:
                raise OutputError(
                    _(
                        "{number} was made before and its file is missing or changed; "
                        "void the number (docgen register void) to make the document again"
                    ).format(number=ticket.text)
                )
            report.unchanged += files
            return None
        item.context |= _number_values(ticket.text, numbering.date)
        stem, data = _fill(item, form, env, pattern)
        path = ticket.write(_file_in(out_dir, stem, taken), data)
        title = f"{form.path.stem}（{item.label or item.lines[0]}）"
        ticket.done(Record(title=title, doc_date=numbering.date, addressees=item.label))
    return path


def _write_manifest(out_dir: Path, report: MergeReport, guard: WriteGuard) -> None:
    """Write manifest.csv: each item, its ledger rows, its .docx (and PDF), ok or the error."""
    pdfs = {p.with_suffix(".docx").name: p.name for p in report.pdfs}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["item", "rows", "docx", "pdf", "status", "error"])
    writer.writeheader()
    for entry in report.manifest:
        writer.writerow(csv_record({**entry, "pdf": pdfs.get(entry["docx"], "")}))  # ledger text: inert
    try:
        guard.write(out_dir / MANIFEST, buffer.getvalue().encode("utf-8-sig"))
    except DocgenError as error:
        report.errors.append(DataError(str(error)))


def merge(
    template: Path,
    ledger_path: Path,
    out_dir: Path,
    *,
    per: str | None = None,
    pattern: str | None = None,
    sheet: str | None = None,
    overwrite: bool = False,
    dry_run: bool = False,
    pdf: bool = False,
    numbering: Numbering | None = None,
) -> MergeReport:
    """Fill ``template`` once per row of the ledger (per group of ``per``) into ``out_dir`` (module doc)."""
    env = merge_env()
    ledger = read_merge_ledger(ledger_path, sheet)
    form = read_form(template, env)
    report = MergeReport(errors=[*ledger.warnings, *ledger.errors])
    uses = list(form.uses) + (_pattern_uses(env, pattern) if pattern is not None else [])
    # a placeholder refused outright is the one message: the ledger's columns are not its problem
    problems = check_form(form) or check_uses(uses, ledger, per, template, numbered=numbering is not None)
    if problems:
        report.errors += problems
        report.refused = len(problems)
        return report
    top = {u.name for u in uses if u.top}
    items = _by_group(ledger, per, template.stem, top) if per else _by_row(ledger, template.stem)
    report.items = len(items) + (0 if per else len(ledger.rejected))
    guard = WriteGuard.of([template, ledger_path], overwrite=overwrite)
    if not dry_run and items:
        writable_folder(out_dir)  # one message for a read-only folder, not one per document
    if numbering is not None and not dry_run:  # no number at all while the register is behind the folder
        requests = [_request(numbering, form, item) for item in items if item.problem is None]
        refuse_a_register_behind(numbering.register, requests, out_dir)
    taken: set[str] = set()
    for item in items:  # written one by one: a ledger of 10,000 rows is never held as 10,000 documents
        entry = {"item": item.label, "rows": " ".join(map(str, item.lines)), "docx": "", "status": "ok", "error": ""}
        report.manifest.append(entry)
        try:
            if item.problem is not None:
                raise item.problem
            if numbering is not None and not dry_run:
                path = _numbered(item, form, env, pattern, out_dir, taken, numbering, guard, report)
                if path is None:
                    entry.update(status="unchanged")
                    continue
            else:
                if numbering is not None:  # a dry run takes no number
                    item.context |= _number_values(f"{numbering.code}〔{numbering.date.year}〕", numbering.date)
                stem, data = _fill(item, form, env, pattern)
                path = _file_in(out_dir, stem, taken)
                guard.check(path, data) if dry_run else guard.write(path, data)
        except _FormRefused as error:
            report.errors.append(error)
            entry.update(status="failed", error=error.reason)
            break
        except DocgenError as error:
            failure = error if isinstance(error, DataError) else DataError(_named(item, str(error)), item.where)
            report.errors.append(failure)
            entry.update(status="failed", error=failure.reason)
            continue
        entry["docx"] = path.name
        report.written.append(path)
    if pdf and not dry_run and report.written:
        report.pdfs = _pdfs(report, guard)
    if not dry_run and items:
        if not per:  # a row the ledger refused is an item that failed
            for row in ledger.rejected:
                reason = next((e.reason for e in ledger.errors if e.location.line == row.line), "")
                report.manifest.append(
                    {"item": "", "rows": str(row.line), "docx": "", "status": "failed", "error": reason}
                )
            report.manifest.sort(key=lambda entry: int(entry["rows"].split()[0]) if entry["rows"] else 0)
        _write_manifest(out_dir, report, guard)
    report.errors.sort(key=lambda e: (not isinstance(e, DataWarning), e.location.line or 0))
    return report
