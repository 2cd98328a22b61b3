"""``docgen bulletin``: the month's bulletin for every unit (or leader), their PDFs and one merged PDF.

- One 期号 per series and month, from the register (the same on a re-run; numbered per year).
- The .docx files are made in parallel on all cores; the PDFs through the LibreOffice pool.
- Every file is written atomically; a manifest (manifest.json, .csv and .xlsx) lists every
  bulletin with its status, pages and hashes, and is rewritten after each one, so a re-run skips
  the bulletins whose inputs did not change and redoes the failed or missing ones.
- One failing unit never stops the others.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

from jinja2 import Environment

from docgen import __version__
from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME, bulletin
from docgen.convert.converter import converter
from docgen.convert.pdf import Metadata
from docgen.emit.docx.emit import render_docx
from docgen.emit.docx.template import Template
from docgen.errors import DataError, DocgenError, Location
from docgen.i18n import _
from docgen.inert import csv_record
from docgen.issue_dates import issue_date as default_issue_date
from docgen.load.projects import load_projects
from docgen.load.rules import load_rules
from docgen.model import Bulletin
from docgen.output import write_atomic
from docgen.publish.guard import WriteGuard
from docgen.publish.numbering import NumberRequest, Record, Ticket, numbered
from docgen.publish.pipeline import Engine, Publication, Write, needs_converter, publish
from docgen.publish.seam import reached
from docgen.rank import parse_month
from docgen.records import ProjectRow
from docgen.register import KIND_BULLETIN, Register, sha256_file
from docgen.resources import builtin_dir
from docgen.run_resources import RunResources
from docgen.scoring import COMPLETION_ONLY, Rules
from docgen.templating import make_env

MANIFEST = "manifest.json"


@dataclass
class Entry:
    """One bulletin in the manifest."""

    subject: str
    docx: str
    status: str  # ok, failed
    input_hash: str
    docx_sha256: str = ""
    pdf: str = ""
    pdf_sha256: str = ""
    pages: int = 0
    error: str = ""


@dataclass
class BulletinReport:
    """What a run made: the manifest entries, the merged PDF, problems with ledger rows."""

    issue: str
    entries: list[Entry] = field(default_factory=list)
    merged: Path | None = None
    problems: list[DataError] = field(default_factory=list)
    skipped: int = 0
    notes: list[str] = field(default_factory=list)  # e.g. the 成文日期 defaulted to today for a past month

    @property
    def failed(self) -> list[Entry]:
        return [e for e in self.entries if e.status != "ok"]


@dataclass(frozen=True)
class Job:
    """Everything one worker process needs to make one bulletin (picklable)."""

    subject: str
    projects: tuple[ProjectRow, ...]
    rules: Rules
    year: int
    month: int
    issue: str
    editor: str
    date: dt.date
    name: str
    distribution: tuple[tuple[str, str], ...]
    copies: int


def _compose(job: Job, env: Environment) -> Bulletin:
    return bulletin(
        env,
        job.subject,
        job.projects,
        job.rules,
        year=job.year,
        month=job.month,
        issue=job.issue,
        editor=job.editor,
        date=job.date,
        name=job.name,
        distribution=job.distribution,
        copies=job.copies,
    )


# What a worker process renders with: the run's template and text templates, handed in once at its start.
_worker: tuple[Template, Environment] | None = None


def _start_worker(template: Template, template_dirs: tuple[Path, ...]) -> None:
    """Set a worker process up: keep the run's template, build its text templates once, die with the parent."""
    global _worker
    _worker = template, make_env(template_dirs)
    _die_with_parent()


def _die_with_parent() -> None:
    """Make a worker process die when the command dies (even by SIGKILL): Linux's PR_SET_PDEATHSIG."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _render(job: Job) -> tuple[str, bytes | None, str]:
    """Make one bulletin's .docx (in a worker process); return (subject, data, error)."""
    assert _worker is not None, "a worker renders only after _start_worker"
    template, env = _worker
    try:
        return job.subject, render_docx(_compose(job, env), template).data, ""
    except DocgenError as error:
        return job.subject, None, str(error)
    except ValueError as error:  # a character lxml refuses in a cell
        return job.subject, None, str(error)


def input_hash(job: Job, template_dirs: Sequence[Path]) -> str:
    """Return the hash of everything a bulletin is made from (rows, issue, wording, docgen version)."""
    digest = hashlib.sha256()
    digest.update(json.dumps(asdict(job), default=str, ensure_ascii=False, sort_keys=True).encode())
    digest.update(__version__.encode())
    for folder in (*template_dirs, builtin_dir("templates")):
        template = folder / "bulletin" / "body.md.j2"
        if template.is_file():
            digest.update(template.read_bytes())
            break
    return digest.hexdigest()


def _safe(name: str) -> str:
    return "".join(c for c in name if c not in '\\/:*?"<>|').strip() or "_"


def load_manifest(out_dir: Path) -> dict[str, Entry]:
    """Return the previous run's manifest entries by subject (none if there is no readable manifest)."""
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {item["subject"]: Entry(**item) for item in data["bulletins"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_manifest(out_dir: Path, issue: str, entries: Sequence[Entry], write: Write = write_atomic) -> None:
    """Write manifest.json, manifest.csv and manifest.xlsx atomically."""
    rows = [asdict(e) for e in entries]
    write(
        out_dir / MANIFEST,
        json.dumps({"issue": issue, "bulletins": rows}, ensure_ascii=False, indent=2).encode("utf-8"),
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(Entry.__dataclass_fields__))
    writer.writeheader()
    writer.writerows(csv_record(row) for row in rows)  # unit names from ledgers: inert text
    write(out_dir / "manifest.csv", buffer.getvalue().encode("utf-8-sig"))
    write(out_dir / "manifest.xlsx", manifest_workbook(issue, entries))


_STATUS = {"ok": "已生成", "failed": "失败"}


def manifest_workbook(issue: str, entries: Sequence[Entry]) -> bytes:
    """Return the manifest as .xlsx bytes for the office: one row per bulletin, pages as numbers."""
    from openpyxl import Workbook

    from docgen.xlsx_table import TableColumn, workbook_bytes, write_table

    book = Workbook()
    sheet = book.active
    sheet.title = "简报清单"
    columns = [
        TableColumn("单位"),
        TableColumn("状态"),
        TableColumn("页数", "int"),
        TableColumn("简报文件"),
        TableColumn("PDF文件"),
        TableColumn("错误"),
        TableColumn("docx SHA-256"),
        TableColumn("PDF SHA-256"),
    ]
    rows = [
        [e.subject, _STATUS.get(e.status, e.status), e.pages or None, e.docx, e.pdf, e.error]
        + [e.docx_sha256, e.pdf_sha256]
        for e in entries
    ]
    write_table(sheet, columns, rows)
    return workbook_bytes(book)


def _names_apart(groups: dict[str, list[ProjectRow]], ledger: Path) -> None:
    """Refuse, before anything is written, two units whose file names would be the same."""
    seen: dict[str, str] = {}
    for subject in groups:
        other = seen.setdefault(_safe(subject).casefold(), subject)
        if other != subject:
            raise DataError(
                _("{first} and {second} would be written to the same file name ({name}); rename one").format(
                    first=other, second=subject, name=_safe(subject)
                ),
                Location(file=ledger, field="责任单位"),
            )


def _unchanged(entry: Entry | None, job_hash: str, out_dir: Path, pdf: bool) -> bool:
    if entry is None or entry.status != "ok" or entry.input_hash != job_hash:
        return False
    docx = out_dir / entry.docx
    if not docx.is_file() or sha256_file(docx) != entry.docx_sha256:
        return False
    if pdf:
        return (
            bool(entry.pdf)
            and (out_dir / entry.pdf).is_file()
            and sha256_file(out_dir / entry.pdf) == entry.pdf_sha256
        )
    return True


def make_bulletins(
    ledger: Path,
    month: str,
    letterhead_key: str,
    out_dir: Path,
    resources: RunResources,
    register: Register,
    *,
    rules_path: Path | None = None,
    per: str = "unit",
    pdf: bool = False,
    merge: bool = False,
    final: bool = False,
    workers: int | None = None,
    date: dt.date | None = None,
    name: str = DEFAULT_NAME,
    copies: int = 0,
    on_progress: Callable[[str, int], None] | None = None,
    overwrite: bool = False,
    unit: str | None = None,
    engine: Engine = Engine.LIBREOFFICE,
) -> BulletinReport:
    """Make every bulletin of the month; see the module docstring."""
    year, number_month = parse_month(month)
    rules = load_rules(rules_path) if rules_path else COMPLETION_ONLY
    letterhead = resources.letterhead(letterhead_key)
    projects, problems = load_projects(ledger, year, number_month, unit=unit)
    groups: dict[str, list[ProjectRow]] = {}
    for project in projects:
        key = project.unit if per == "unit" else project.leader
        if not key:
            problems.append(
                DataError(_("no 包抓领导 for this project"), Location(file=ledger, line=project.row))
            )
            continue
        groups.setdefault(key, []).append(project)
    if not groups:
        raise DataError(_("no valid projects in the ledger"), Location(file=ledger))
    issue_date, date_note = default_issue_date(year, number_month, date, dt.date.today())
    request = NumberRequest(KIND_BULLETIN, name, issue_date.year, f"{year}-{number_month:02d}")
    _names_apart(groups, ledger)
    guard = WriteGuard.of([ledger, rules_path], overwrite=overwrite)
    with numbered(register, request, guard, seal=False) as ticket:
        report = _make_issue(
            ticket,
            groups,
            problems,
            out_dir,
            rules,
            letterhead.name,
            year,
            number_month,
            issue_date,
            name=name,
            copies=copies,
            resources=resources,
            pdf=pdf,
            merge=merge,
            final=final,
            workers=workers,
            on_progress=on_progress,
            engine=engine,
        )
        files = [out_dir / f for e in report.entries if e.status == "ok" for f in (e.docx, e.pdf) if f]
        ticket.keep([*files, *([report.merged] if report.merged else [])])
        if files:
            ticket.done(Record(title=f"{name}{report.issue}", doc_date=issue_date))
    if date_note:
        report.notes.append(date_note)
    return report


def _make_issue(  # noqa: C901 - the order of a batch, step by step
    ticket: Ticket,
    groups: dict[str, list[ProjectRow]],
    problems: list[DataError],
    out_dir: Path,
    rules: Rules,
    editor: str,
    year: int,
    number_month: int,
    issue_date: dt.date,
    *,
    name: str,
    copies: int,
    resources: RunResources,
    pdf: bool,
    merge: bool,
    final: bool,
    workers: int | None,
    on_progress: Callable[[str, int], None] | None,
    engine: Engine = Engine.LIBREOFFICE,
) -> BulletinReport:
    """Make the bulletins of one issue (its number taken): .docx in parallel, PDFs, the merged PDF."""
    issue = f"第{ticket.allocation.seq}期"
    report = BulletinReport(issue=f"{issue_date.year}年{issue}", problems=problems)
    previous = load_manifest(out_dir)
    jobs = [
        Job(
            subject,
            tuple(items),
            rules,
            year,
            number_month,
            issue,
            editor,
            issue_date,
            name,
            DEFAULT_DISTRIBUTION,
            copies,
        )
        for subject, items in groups.items()
    ]
    entries: dict[str, Entry] = {}
    pending: list[Job] = []
    job_hash_of = {job.subject: input_hash(job, resources.settings.template_dirs) for job in jobs}
    for job in jobs:
        job_hash = job_hash_of[job.subject]
        old = previous.get(job.subject)
        if _unchanged(old, job_hash, out_dir, pdf):
            assert old is not None
            entries[job.subject] = old
            report.skipped += 1
        else:
            pending.append(job)

    def save() -> None:
        entries_made = [entries[j.subject] for j in jobs if j.subject in entries]
        write_manifest(out_dir, report.issue, entries_made, ticket.guard.write)

    made = 0
    with ProcessPoolExecutor(
        max_workers=workers or os.cpu_count() or 1,
        initializer=_start_worker,
        initargs=(resources.template, resources.settings.template_dirs),
    ) as executor:
        for subject, data, error in executor.map(_render, pending):
            docx_name = f"{_safe(subject)}-{year}年{issue}.docx"
            if data is not None:
                try:
                    ticket.write(out_dir / docx_name, data)
                except DocgenError as refused:  # e.g. a bulletin changed by hand since: kept
                    data, error = None, str(refused)
            if data is None:
                entries[subject] = Entry(subject, docx_name, "failed", job_hash_of[subject], error=error)
            else:
                entries[subject] = Entry(
                    subject, docx_name, "ok", job_hash_of[subject], sha256_file(out_dir / docx_name)
                )
            save()
            made += 1
            reached(f"bulletin-{made}")
            if on_progress:
                on_progress(subject, len(pending))
    if pdf:
        _pdfs(out_dir, jobs, entries, final, report, workers, resources, ticket.write, engine)
        save()
    report.entries = [entries[j.subject] for j in jobs]
    if merge and pdf:
        report.merged = merge_pdfs(out_dir, report, ticket.write)
    return report


def _pdfs(
    out_dir: Path,
    jobs: Sequence[Job],
    entries: dict[str, Entry],
    final: bool,
    report: BulletinReport,
    workers: int | None,
    resources: RunResources,
    write: Write,
    engine: Engine = Engine.LIBREOFFICE,
) -> None:
    """Make the PDFs the manifest lacks through the publish pipeline (one converter, 7.5 checked);
    with Typst no LibreOffice is started."""
    by_subject = {job.subject: job for job in jobs}
    todo = [
        e
        for e in (entries[j.subject] for j in jobs)
        if e.status == "ok"
        and not (e.pdf and (out_dir / e.pdf).is_file() and sha256_file(out_dir / e.pdf) == e.pdf_sha256)
    ]
    if not todo:
        return
    items = [
        Publication(
            _compose(by_subject[entry.subject], resources.env),
            out_dir / entry.docx,
            out_dir / (entry.docx.removesuffix(".docx") + ".pdf"),
            Metadata(title=entry.subject, subject=report.issue, author=""),
            watermark=not final,
            docx_data=(out_dir / entry.docx).read_bytes(),
            engine=engine,
        )
        for entry in todo
    ]
    count = needs_converter(items)
    with converter(count, workers) if count else nullcontext() as convert:
        results = publish(items, resources.template, convert, write=write)
    for entry, result in zip(todo, results, strict=True):
        if result.error is not None:
            entry.status, entry.error = "failed", str(result.error)
            continue
        pdf = result.publication.pdf
        assert pdf is not None
        entry.pdf, entry.pages = pdf.name, result.pages
        entry.docx_sha256, entry.pdf_sha256 = sha256_file(out_dir / entry.docx), sha256_file(pdf)


def merge_pdfs(out_dir: Path, report: BulletinReport, write: Write = write_atomic) -> Path:
    """Merge the bulletins' PDFs in printing order into one PDF with a bookmark per bulletin.

    Bookmarks are added after appending, at each bulletin's first page: pypdf's ``append`` drops
    the outline entry of a one-page input (py-pdf/pypdf#2597).
    """
    from pypdf import PdfWriter

    writer = PdfWriter()
    starts = []
    for entry in report.entries:
        if entry.status != "ok" or not entry.pdf:
            continue
        starts.append((entry.subject, len(writer.pages)))
        writer.append(str(out_dir / entry.pdf), import_outline=False)
    for subject, page in starts:
        writer.add_outline_item(title=subject, page_number=page)
    writer.add_metadata({"/Title": report.issue})
    buffer = io.BytesIO()
    writer.write(buffer)
    target = out_dir / f"合订-{report.issue}.pdf"
    write(target, buffer.getvalue())
    return target
