"""``docgen bulletin``: the month's bulletin for every unit (or leader), their PDFs and one merged PDF.

- One 期号 per series and month, from the register (the same on a re-run; numbered per year).
- The .docx files are made in parallel on all cores (``docgen.bulletin_workers``); the PDFs
  through the LibreOffice pool, or with Typst by the same workers (each bulletin laid out once),
  and merged as they come.
- Every file is written atomically, ``CHUNK`` bulletins at a time (one update of the folder's
  record and one disk sync per chunk, see ``WriteGuard.write_many``); a manifest (manifest.json,
  manifest.csv and manifest.xlsx) lists every bulletin with its status, pages and hashes, written at the end; each
  chunk is journaled as it is written (``docgen.bulletin_manifest``), so a re-run after a kill
  skips the bulletins whose inputs did not change and redoes the failed or missing ones.
- One failing unit never stops the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Container, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path

from docgen import __version__
from docgen.bulletin_manifest import MANIFEST, Entry, journal, load_manifest, manifest_files, write_manifest
from docgen.bulletin_rows import failed_subjects, names_apart, safe_name, unread_entry
from docgen.bulletin_workers import Job, Made, Pool, Typeset, _compose
from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME
from docgen.convert.converter import converter
from docgen.errors import DataError, DocgenError, Location
from docgen.i18n import _, joined
from docgen.issue_dates import issue_date as default_issue_date
from docgen.load.projects import LEADER_COLUMN, load_month
from docgen.load.rules import load_rules
from docgen.output import write_atomic
from docgen.publish.guard import WriteGuard
from docgen.publish.merge import MergedPdf
from docgen.publish.numbering import NumberRequest, Record, Ticket, numbered, refuse_a_register_behind
from docgen.publish.pipeline import Engine, Publication, Write, needs_converter, publish
from docgen.publish.seam import reached
from docgen.publish.stages import add, stage, take
from docgen.rank import parse_month, refuse_bad_rows
from docgen.records import ProjectRow
from docgen.register import KIND_BULLETIN, Register, sha256_file
from docgen.resources import builtin_dir
from docgen.run_resources import RunResources
from docgen.scoring import COMPLETION_ONLY, Rules

# bulletins written together: one folder-record update and one disk sync per chunk
CHUNK = 10


@dataclass
class BulletinReport:
    """What a run made: the manifest entries, the merged PDF, problems with ledger rows."""

    issue: str
    entries: list[Entry] = field(default_factory=list)
    merged: Path | None = None
    name: str = ""  # the 简报's name and 编印单位: the merged PDF's title and author
    editor: str = ""
    problems: list[DataError] = field(default_factory=list)
    skipped: int = 0
    notes: list[str] = field(default_factory=list)  # e.g. the 成文日期 defaulted to today for a past month
    stages: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage, workers' and this process's
    per: str = "unit"  # one bulletin per unit or per leader (the 合订本 of each is named apart)

    @property
    def failed(self) -> list[Entry]:
        return [e for e in self.entries if e.status != "ok"]


def input_hash(
    job: Job, template_dirs: Sequence[Path], wording: bytes | None = None, memo: dict[int, tuple[object, object]] | None = None
) -> str:
    """Return the hash of everything a bulletin is made from (rows, issue, wording, docgen version);
    a batch passes its ``wording`` (``bulletin_wording``) and a ``memo`` (the rules all its jobs share
    turned into data once)."""
    digest = hashlib.sha256()
    data = _plain(job, {} if memo is None else memo)
    digest.update(json.dumps(data, default=str, ensure_ascii=False, sort_keys=True).encode())
    digest.update(__version__.encode())
    digest.update(bulletin_wording(template_dirs) if wording is None else wording)
    return digest.hexdigest()


def bulletin_wording(template_dirs: Sequence[Path]) -> bytes:
    """Return the bulletin's text template as the run finds it (empty if there is none)."""
    for folder in (*template_dirs, builtin_dir("templates")):
        template = folder / "bulletin" / "body.md.j2"
        if template.is_file():
            return template.read_bytes()
    return b""


def _plain(value: object, memo: dict[int, tuple[object, object]]) -> object:
    """Return ``value`` as ``dataclasses.asdict`` gives it to JSON (dataclasses as dicts, tuples as
    lists), without the deep copy ``asdict`` makes of every value: 100 bulletins' jobs took 0.1 s.
    A dataclass seen before (``memo``, by identity; it holds the dataclass too, so that no other
    takes its id) is turned once."""
    if is_dataclass(value) and not isinstance(value, type):
        seen = memo.get(id(value))
        if seen is None:
            seen = value, {f.name: _plain(getattr(value, f.name), memo) for f in fields(value)}
            memo[id(value)] = seen
        return seen[1]
    if isinstance(value, (list, tuple)):
        return [_plain(item, memo) for item in value]
    if isinstance(value, dict):
        return {_plain(key, memo): _plain(item, memo) for key, item in value.items()}
    return value


def _unchanged(entry: Entry | None, job_hash: str, out_dir: Path, pdf: str | None) -> bool:
    """Return whether a bulletin made before stands as it is: same input, files as written, and its
    PDF (``pdf``: how this run makes PDFs, None: none) made the same way — a 样稿 run then a --final
    one kept the watermarked PDFs (review26)."""
    if entry is None or entry.status != "ok" or entry.input_hash != job_hash:
        return False
    docx = out_dir / entry.docx
    if not docx.is_file() or sha256_file(docx) != entry.docx_sha256:
        return False
    if pdf is not None:
        return (
            entry.made in (pdf, pdf.replace(",draft", ",final"))  # a final PDF stands for a 样稿 run
            and bool(entry.pdf)
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
    sheet: str | None = None,
    engine: Engine = Engine.TYPST,  # the default rule: a 简报 is distributed as PDF (README, 默认引擎)
) -> BulletinReport:
    """Make every bulletin of the month; see the module docstring."""
    take()  # this process's stages from here on
    typeset = pdf and engine is Engine.TYPST
    with Pool(workers, typeset, resources.template, resources.settings.template_dirs) as pool:
        if typeset and not (out_dir / MANIFEST).exists():
            # a first run: the workers start (and load Typst's fonts) while the ledger is read; a
            # re-run may have nothing to make, and starts them only if it has (``_make_issue``)
            pool.start()
        year, number_month = parse_month(month)
        rules = load_rules(rules_path) if rules_path else COMPLETION_ONLY
        letterhead = resources.letterhead(letterhead_key)
        read = load_month(ledger, year, number_month, sheet, unit=unit)
        if per == "leader" and "leader" not in read.fields:  # not 40 rows “没有填”: the column is not there (outsider26 #4)
            raise DataError(
                _("--per leader needs a column {names}; the ledger has none").format(names=joined(LEADER_COLUMN.headers)),
                Location(file=ledger, sheet=sheet),
            )
        failed = failed_subjects(read, per)  # a unit with a row it cannot read: its bulletin is not made
        problems = [p for p in read.problems if not any(p is e for errors in failed.values() for e in errors)]
        projects = read.projects
        groups: dict[str, list[ProjectRow]] = {}
        for project in projects:
            key = project.unit if per == "unit" else project.leader
            if not key:
                problems.append(
                    DataError(_("no 包抓领导 for this project"), Location(file=ledger, line=project.row))
                )
                continue
            if key not in failed:
                groups.setdefault(key, []).append(project)
        if not groups:  # nothing to make: every row of every unit named, no number taken
            refuse_bad_rows(ledger, [*(e for errors in failed.values() for e in errors), *problems], read.repeats)
            raise DataError(_("no valid projects in the ledger"), Location(file=ledger))
        issue_date, date_note = default_issue_date(year, number_month, date, dt.date.today())
        request = NumberRequest(KIND_BULLETIN, name, issue_date.year, f"{year}-{number_month:02d}")
        names_apart(groups, ledger)
        guard = WriteGuard.of([ledger, rules_path], overwrite=overwrite)
        refuse_a_register_behind(register, [request], out_dir)
        _refuse_another_folder(register, request, out_dir)
        with numbered(register, request, guard, seal=False) as ticket:
            report = _make_issue(
                pool,
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
                on_progress=on_progress,
                engine=engine,
                failed=failed,
                repeats=read.repeats,
                per=per,
            )
            files = [out_dir / f for e in report.entries if e.status == "ok" for f in (e.docx, e.pdf) if f]
            ticket.keep([*files, *([report.merged] if report.merged else []), *_still_issued(ticket, out_dir)])
            if files:
                ticket.done(Record(title=f"{name}{report.issue}", doc_date=issue_date))
        if date_note:
            report.notes.append(date_note)
        return report


def _refuse_another_folder(register: Register, request: NumberRequest, out_dir: Path) -> None:
    """Refuse to make an issued issue again in another folder: its record would be replaced by the new
    folder's files, and the bulletins left in the first folder would be a second set under the same
    期号 (``register check``: 两份不同的文件用了同一个号; outsider26 #13)."""
    issued = register.lookup(request.kind, request.series, request.year, request.item_key)
    if issued is None or issued.status != "issued":
        return
    here = out_dir.resolve()
    folders = sorted({str(Path(o["path"]).parent) for o in issued.outputs if Path(o["path"]).exists()} - {str(here)})
    if folders:
        raise DataError(
            _(
                "{issue} is issued already, its bulletins are in {folders}: give that folder as --out "
                "(bulletins made later are added to the same issue); if they are drafts no longer "
                "needed, delete or move them and run again (only files still there count)"
            ).format(issue=issued.text, folders=_(", ").join(folders)),
            Location(file=out_dir),
        )


def _still_issued(ticket: Ticket, out_dir: Path) -> list[Path]:
    """Return the files recorded under the issue by an earlier run that are still in ``out_dir`` as they
    were: the per-unit bulletins when the per-leader ones are made later into the same folder stay in
    the record (it is replaced by what is kept; outsider26 #13)."""
    if not ticket.issued_before:
        return []
    here = out_dir.resolve()
    paths = [Path(o["path"]) for o in ticket.previous().outputs if Path(o["path"]).parent == here]
    recorded = {Path(o["path"]): o["sha256"] for o in ticket.previous().outputs}
    return [p for p in paths if p.is_file() and sha256_file(p) == recorded[p]]


def _make_issue(  # noqa: C901 - the order of a batch, step by step
    pool: Pool,
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
    on_progress: Callable[[str, int], None] | None,
    engine: Engine = Engine.LIBREOFFICE,
    failed: dict[str, list[DataError]] | None = None,
    repeats: Container[int] = (),
    per: str = "unit",
) -> BulletinReport:
    """Make the bulletins of one issue (its number taken): .docx in parallel, PDFs, the merged PDF;
    ``failed``: the subjects not made for a row that cannot be read (or repeats the row ``repeats``
    maps it to), listed as failed."""
    issue = f"第{ticket.allocation.seq}期"
    report = BulletinReport(
        issue=f"{issue_date.year}年{issue}", name=name, editor=editor, problems=problems, per=per
    )
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
    pdf_made = f"{engine.value},{'final' if final else 'draft'}" if pdf else None
    wording, memo = bulletin_wording(resources.settings.template_dirs), dict[int, tuple[object, object]]()
    job_hash_of = {job.subject: input_hash(job, (), wording, memo) for job in jobs}
    for job in jobs:
        job_hash = job_hash_of[job.subject]
        old = previous.get(job.subject)
        if _unchanged(old, job_hash, out_dir, pdf_made):
            assert old is not None
            entries[job.subject] = old
            report.skipped += 1
        else:
            pending.append(job)

    typeset = Typeset(report.issue, not final) if pdf and engine is Engine.TYPST else None
    made = 0
    # with Typst every PDF comes from the workers: merged as they come, while the next are typeset
    merged = MergedPdf() if merge and typeset is not None else None
    order = iter(jobs)

    def merge_up_to(subject: str | None, data: bytes | None = None) -> None:
        """Add to ``merged`` the skipped bulletins before ``subject`` (all: None), then ``data``."""
        if merged is None:
            return
        for job in order:
            entry = entries[job.subject]
            if job.subject == subject:
                if data is not None and entry.status == "ok":
                    merged.add(subject, data)
                return
            if entry.status == "ok" and entry.pdf:
                merged.add(job.subject, out_dir / entry.pdf)

    def write_chunk(chunk: Sequence[Made]) -> None:
        """Write a chunk of bulletins (one record update, one sync), journal them, report progress."""
        nonlocal made
        files = {m.subject: _files(out_dir, m, report.issue) for m in chunk if m.docx is not None}
        with stage("write"):
            try:
                ticket.write_many([f for pair in files.values() for f in pair])
            except DocgenError:  # one bulletin refused (e.g. changed by hand since: kept): the others go alone
                for m in chunk:
                    try:
                        ticket.write_many(files.get(m.subject, []))
                    except DocgenError as refused:
                        m.docx, m.pdf, m.error = None, None, str(refused)
        with stage("journal"):
            for m in chunk:
                entries[m.subject] = _entry(m, job_hash_of[m.subject], report.issue, pdf_made)
                add(report.stages, m.stages)
            journal(out_dir, [entries[m.subject] for m in chunk])
        for m in chunk:
            with stage("merge"):
                merge_up_to(m.subject, m.pdf)
            made += 1
            reached(f"bulletin-{made}")
            if on_progress:
                on_progress(m.subject, len(pending))

    chunk: list[Made] = []
    for made_one in pool.render([(job, typeset) for job in pending]) if pending else ():
        chunk.append(made_one)
        if len(chunk) == CHUNK:
            write_chunk(chunk)
            chunk = []
    write_chunk(chunk)
    with stage("merge"):
        merge_up_to(None)
    if pdf and _pdfs(out_dir, jobs, entries, final, report, pool.workers, resources, ticket.write, engine):
        merged = None  # PDFs made after the workers' (a skipped bulletin's lost PDF): merged from the files
    report.entries = [entries[j.subject] for j in jobs]
    report.entries += [unread_entry(subject, errors, repeats) for subject, errors in (failed or {}).items()]
    # the manifest made by a worker while this process finishes the 合订本 (the batch's last steps); it
    # keeps listing the bulletins of the issue an earlier run made here for other subjects (the units'
    # when the leaders' are made into the same folder: still there and in the register; review26)
    made_here = {entry.subject for entry in report.entries}
    listed = [*report.entries, *(e for s, e in previous.items() if s not in made_here and (out_dir / e.docx).is_file())]
    manifest = pool.beside(manifest_files, out_dir, report.issue, listed)
    with stage("merge"):
        finished = _finish_merged(report, merged) if merged is not None else None
    with stage("manifest"):
        write_manifest(out_dir, report.issue, listed, ticket.guard.write_many, manifest())
    with stage("merge"):
        if finished is not None:
            report.merged = ticket.write(_merged_path(out_dir, report), finished)
        elif merge and pdf:
            report.merged = merge_pdfs(out_dir, report, ticket.write)
    add(report.stages, take())
    return report


def _files(out_dir: Path, made: Made, issue: str) -> list[tuple[Path, bytes]]:
    """Return the files of a bulletin a worker made: its .docx, and its PDF if Typst made it.

    ``issue`` is the 期号 as the 报头 prints it (“2026年第1期”: the year of the 成文日期, in which the
    register numbers it), not the ledger's year: a November ledger issued in the next year is named
    as the merged PDF and the 报头 say (outsider5 #8)."""
    docx = out_dir / f"{safe_name(made.subject)}-{issue}.docx"
    assert made.docx is not None
    files = [(docx, made.docx)]
    if made.pdf is not None:
        files.append((docx.with_suffix(".pdf"), made.pdf))
    return files


def _entry(made: Made, job_hash: str, issue: str, pdf_made: str | None) -> Entry:
    """Return the manifest entry of a bulletin a worker made (written, or failed; named as ``_files``)."""
    docx_name = f"{safe_name(made.subject)}-{issue}.docx"
    if made.docx is None:
        return Entry(made.subject, docx_name, "failed", job_hash, error=made.error)
    entry = Entry(made.subject, docx_name, "ok", job_hash, _sha256(made.docx))
    if made.pdf is not None:
        entry.pdf, entry.pdf_sha256 = docx_name.removesuffix(".docx") + ".pdf", _sha256(made.pdf)
        entry.pages, entry.made = made.pages, pdf_made or ""
    return entry


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
) -> int:
    """Make the PDFs the manifest lacks through the publish pipeline (one converter, 7.5 checked);
    with Typst no LibreOffice is started.  Return how many were to make."""
    by_subject = {job.subject: job for job in jobs}
    todo = [
        e
        for e in (entries[j.subject] for j in jobs)
        if e.status == "ok"
        and not (e.pdf and (out_dir / e.pdf).is_file() and sha256_file(out_dir / e.pdf) == e.pdf_sha256)
    ]
    if not todo:
        return 0
    items = [
        Publication(
            _compose(by_subject[entry.subject], resources.env),
            out_dir / entry.docx,
            out_dir / (entry.docx.removesuffix(".docx") + ".pdf"),
            None,  # the layout's: the bulletin's title, its 简报 and 期, the 编印单位 (print9 #2)
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
        entry.pdf, entry.pages, entry.made = pdf.name, result.pages, f"{engine.value},{'final' if final else 'draft'}"
        entry.docx_sha256, entry.pdf_sha256 = sha256_file(out_dir / entry.docx), sha256_file(pdf)
    return len(todo)


def merge_pdfs(out_dir: Path, report: BulletinReport, write: Write = write_atomic) -> Path:
    """Merge the bulletins' PDFs in printing order into one PDF with a bookmark per bulletin."""
    merged = MergedPdf()
    for entry in report.entries:
        if entry.status == "ok" and entry.pdf:
            merged.add(entry.subject, out_dir / entry.pdf)
    return _write_merged(out_dir, report, merged, write)


def _write_merged(out_dir: Path, report: BulletinReport, merged: MergedPdf, write: Write) -> Path:
    target = _merged_path(out_dir, report)
    write(target, _finish_merged(report, merged))
    return target


def _merged_path(out_dir: Path, report: BulletinReport) -> Path:
    """Return the 合订本's path: 合订-2025年第1期.pdf, the leaders' 合订-2025年第1期-按领导.pdf beside it."""
    return out_dir / f"合订-{report.issue}{'-按领导' if report.per == 'leader' else ''}.pdf"


def _finish_merged(report: BulletinReport, merged: MergedPdf) -> bytes:
    """Return the 合订本's bytes, titled by the issue and its 编印单位."""
    return merged.finish(f"{report.name}{report.issue}", report.editor)
