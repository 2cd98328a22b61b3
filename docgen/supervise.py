"""``docgen supervise``: 挂牌督办通知书 for the open items of a ledger, or 催办 and 通报 for the overdue ones.

Every item is validated first (its cells, its deadlines in working days); then, once the register
is known not to be behind the output folder (``refuse_a_register_behind``: no number is taken
otherwise), each valid item gets its number from the register (the 督办 series, idempotent per
item: a re-run gives an item the number it already has) and its document, in isolation: one
failing item never stops the others.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from jinja2 import TemplateError

from docgen.compose import supervision as compose
from docgen.compose.letterhead_keys import missing_keys, template_keys
from docgen.convert.converter import Convert, converter
from docgen.errors import DataError, DataWarning, DocgenError, Location, OutputError
from docgen.i18n import N_, _, ngettext
from docgen.load.supervision import load_supervision
from docgen.model import Document, DocumentNumber, Letterhead
from docgen.output import OutputSet
from docgen.publish.engine_choice import engine_for
from docgen.publish.guard import WriteGuard, writable_folder
from docgen.publish.numbering import (
    NumberRequest,
    Record,
    Ticket,
    numbered,
    refuse_a_register_behind,
    unchanged_files,
)
from docgen.publish.pipeline import Engine, Publication, publish
from docgen.records import SupervisionItem
from docgen.register import KIND_SUPERVISION, Register
from docgen.register.locks import holding_item
from docgen.run_resources import RunResources
from docgen.templating import TemplateRenderError


@dataclass
class SuperviseReport:
    """What a run produced, and every problem found (rows of the ledger, items that failed)."""

    written: list[tuple[str, Path]] = field(default_factory=list)  # (number, file)
    pdfs: list[tuple[Path, str]] = field(default_factory=list)  # (PDF, what made it: Typst or LibreOffice)
    why: str = ""  # why the PDFs are not made by the engine asked for (docgen/publish/engine_choice.py)
    unchanged: list[tuple[str, Path]] = field(default_factory=list)  # made by an earlier run, as recorded
    pdfs_added: list[tuple[str, Path]] = field(default_factory=list)  # the PDF made now of an item issued before
    errors: list[DataError | DocgenError] = field(default_factory=list)
    # warnings on the letterhead file: optional keys its documents use that it leaves out (said, not problems)
    letterhead: list[DataError] = field(default_factory=list)
    skipped_closed: int = 0
    held_back: int = 0  # valid items not made because --strict found an invalid row


def _file_name(number: str, subject: str) -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "", subject)
    if len(safe) > 40:  # cut before a bracket the cut would leave open: not “（项目代码：2315-140430-75-01” (outsider26 #6)
        safe = safe[:40]
        opened = safe.rfind("（")
        if opened > 0 and "）" not in safe[opened:]:
            safe = safe[:opened]
    return f"{number} {safe}.docx"


def supervise(
    ledger: Path,
    letterhead_key: str,
    out_dir: Path,
    resources: RunResources,
    register: Register,
    *,
    item_code: str | None = None,
    overdue: bool = False,
    as_of: dt.date | None = None,
    reply_days: int = compose.DEFAULT_REPLY_DAYS,
    strict: bool = False,
    on_progress: Callable[[str], None] | None = None,
    sheet: str | None = None,
    overwrite: bool = False,
    pdf: bool = False,
    engine: Engine = Engine.LIBREOFFICE,
) -> SuperviseReport:
    """Make the documents of a supervision ledger into ``out_dir``; see the module docstring.

    ``pdf``: also each document's PDF beside its .docx, made by ``engine``."""
    report = SuperviseReport()
    letterhead = resources.letterhead(letterhead_key)
    items, errors = load_supervision(ledger, sheet)
    report.errors.extend(errors)
    if item_code is not None:
        items = [i for i in items if i.code == item_code]
        if not items:
            raise DataError(
                _("no item with 督办编号 {code} in the ledger").format(code=item_code), Location(file=ledger)
            )
    today = as_of or dt.date.today()
    dated: list[tuple[SupervisionItem, compose.Deadlines]] = []
    for item in items:
        try:
            dated.append((item, compose.deadlines(item, reply_days, resources.calendar)))
        except DataError as error:
            report.errors.append(error.at(file=ledger, line=item.row, field="交办日期"))
    if strict and any(not isinstance(error, DataWarning) for error in report.errors):
        report.held_back = len(dated)
        return report
    env = resources.env
    produce = _producer(
        report, register, resources, letterhead, ledger, out_dir, [ledger], overwrite, on_progress, pdf, engine
    )
    code = compose.supervision_code(letterhead)

    makes: list[_Make] = []
    if not overdue:
        for item, dates in dated:
            if not item.status.is_open:
                report.skipped_closed += 1
                continue
            makes.append(
                _Make(
                    f"notice:{item.key}",
                    item.assigned,
                    item.project,
                    partial(compose.notice, env, item, letterhead, dates=dates, reply_days=reply_days),
                    item.row,
                    compose.NOTICE_TEMPLATE,
                )
            )
        produce(makes)
        return report

    entries: list[compose.OverdueEntry] = []
    open_count = sum(1 for item, _d in dated if item.status.is_open)
    report.skipped_closed = len(dated) - open_count  # closed items are never overdue: said as in a first run
    for item, dates in dated:
        if not compose.is_overdue(item, dates, today):
            continue
        made = register.lookup(KIND_SUPERVISION, code, item.assigned.year, f"notice:{item.key}")
        original = made.text if made is not None else item.code or ""
        colour = compose.card(item, dates, today)
        assert colour is not None
        situation = _("past the deadline") if dates.due < today else _("reply late")
        entries.append(compose.OverdueEntry(item, original, dates.due, colour.value, situation))
        makes.append(
            _Make(
                f"urge:{item.key}:{today.isoformat()}",
                today,
                f"催办 {item.project}",
                partial(compose.urge, env, item, letterhead, original=original, as_of=today, dates=dates),
                item.row,
                compose.URGE_TEMPLATE,
            )
        )
    if entries:
        makes.append(
            _Make(
                f"bulletin:{today.isoformat()}",
                today,
                "督查通报",
                partial(compose.overdue_bulletin, env, entries, open_count, letterhead, as_of=today),
                None,
                compose.BULLETIN_TEMPLATE,
            )
        )
    produce(makes)
    return report


Build = Callable[[DocumentNumber], Document]


@dataclass(frozen=True)
class _Make:
    """A document of the 督办 series to make: its item key, date (its number's year), subject, how it is
    built once numbered, its ledger row (None: the run's 督查通报) and the prose template it is worded by."""

    key: str
    date: dt.date
    subject: str
    build: Build
    row: int | None
    template: str


Produce = Callable[[Sequence[_Make]], None]


_DOCUMENTS = {
    compose.NOTICE_TEMPLATE: N_("the 挂牌督办通知书"),
    compose.URGE_TEMPLATE: N_("the 催办通知"),
    compose.BULLETIN_TEMPLATE: N_("the 督查通报"),
}


def _letterhead_gaps(
    resources: RunResources, letterhead: Letterhead, makes: Sequence[_Make]
) -> list[DataError]:
    """Return a warning for each optional key the letterhead file leaves out that these documents use
    (its template reads it, or the 督办代字 numbering them): docgen/compose/letterhead_keys.py."""
    needs: dict[str, list[str]] = {}
    for template in dict.fromkeys(make.template for make in makes):
        document = _(_DOCUMENTS.get(template, N_("the 督办 documents")))
        try:
            keys = template_keys(resources.env, template)
        except TemplateError:  # a template that cannot be read fails its items, said there
            keys = frozenset()
        for key in (*sorted(keys), "supervision_code"):
            needs.setdefault(key, []).append(document)
    defaults = {"supervision_code": compose.supervision_code(letterhead), "short_name": letterhead.name}
    return list(missing_keys(letterhead, needs, defaults))


def _producer(
    report: SuperviseReport,
    register: Register,
    resources: RunResources,
    letterhead: Letterhead,
    source: Path,
    out_dir: Path,
    inputs: Sequence[Path],
    overwrite: bool,
    on_progress: Callable[[str], None] | None,
    pdf: bool = False,
    engine: Engine = Engine.LIBREOFFICE,
) -> Produce:
    """Return the function making documents of the 督办 series, each under its own number (the register
    protocol: record it or give it back), once the register is known not to be behind ``out_dir`` (no
    number taken otherwise); their problems go to ``report``, located in ``source``.

    A prose template that fails (an office's --templates copy raising an error or passing the bound of
    work) is the same for every item worded by it: said once, naming it and the row it failed at, and
    the other items of that template are not attempted (their numbers not taken).  Errors of an item's
    own (its file, its number) are said for each, and the others are made.

    ``pdf``: each document's PDF too, beside its .docx, made by ``engine`` (LibreOffice: through one
    converter for the run, started only when a PDF is made by it).
    """
    template = resources.template
    code = compose.supervision_code(letterhead)
    writable_folder(out_dir)  # one message for a read-only folder, not one per item
    claims = OutputSet()
    guard = WriteGuard.of(list(inputs), overwrite=overwrite)

    def produce(makes: Sequence[_Make]) -> None:
        requests = [NumberRequest(KIND_SUPERVISION, code, make.date.year, make.key) for make in makes]
        refuse_a_register_behind(register, requests, out_dir)
        report.letterhead += _letterhead_gaps(resources, letterhead, makes)  # once a run
        failed: dict[str, tuple[TemplateRenderError, int | None]] = {}  # a template → its error, its row
        left: Counter[str] = Counter()  # a failed template → the items worded by it not attempted
        with _converter_for(pdf, engine, letterhead, len(makes)) as convert:
            for make in makes:
                if make.template in failed:
                    left[make.template] += 1
                    continue
                error = produce_one(make.key, make.date, make.subject, make.build, make.row, convert)
                if error is not None:
                    failed[make.template] = (error, make.row)
        for template, (error, row) in failed.items():
            report.errors.append(_template_failed(error, source, row, left[template]))

    def produce_one(
        key: str, date: dt.date, subject: str, build: Build, row: int | None, convert: Convert | None
    ) -> TemplateRenderError | None:
        """Make one document; return its prose template's error (said once by ``produce``), if any."""
        try:
            request = NumberRequest(KIND_SUPERVISION, code, date.year, key)
            # another run making this item at the same time (two clerks, one ledger) finishes it first
            with (
                holding_item(register, f"{KIND_SUPERVISION}|{code}|{date.year}|{key}"),
                numbered(register, request, guard) as ticket,
            ):
                if ticket.issued_before:
                    report.unchanged.append(_made_before(ticket))
                    if pdf:  # made by a run without --pdf: its PDF now, from what was issued
                        add_pdf(ticket, key, build(DocumentNumber(code, date.year, ticket.allocation.seq)), convert)
                    return None
                path = out_dir / _file_name(ticket.text, subject)
                claims.claim(path, key)
                target = path.with_suffix(".pdf") if pdf else None
                if target is not None:
                    claims.claim(target, key)
                doc = build(DocumentNumber(code, date.year, ticket.allocation.seq))
                chosen, report.why = engine_for(doc, engine) if pdf else (engine, "")
                item = Publication(doc, path, target, watermark=False, engine=chosen)
                (made,) = publish([item], template, convert, write=ticket.write)
                if made.error is not None:
                    raise made.error
                ticket.done(Record.of(doc))
        except TemplateRenderError as error:  # the number was given back as the ``with`` was left
            return error
        except DocgenError as error:
            report.errors.append(error if row is None else _at_row(error, source, row))
            return None
        report.written.append((ticket.text, path))
        if made.publication.pdf is not None:
            report.pdfs.append((made.publication.pdf, made.made_by))
        if on_progress:
            on_progress(ticket.text)
        return None

    def add_pdf(ticket: Ticket, key: str, doc: Document, convert: Convert | None) -> None:
        """Make the PDF of an item an earlier run issued without one, beside its issued .docx, and record
        it under the item's number with the files recorded before (one register transaction).

        No number is taken and no issued file written: the document is made again under its number and
        its .docx must be byte for byte the one issued (then the PDF is that document's, by either
        engine); a .docx that differs (the ledger row or the wording changed since) is said, not printed.
        The PDF is written atomically (a kill leaves none, or the whole one, which a re-run records)."""
        recorded = [Path(output["path"]) for output in ticket.previous().outputs]
        docx = next((path for path in recorded if path.suffix.lower() == ".docx"), None)
        if docx is None or any(path.suffix.lower() == ".pdf" for path in recorded):
            return
        target = docx.with_suffix(".pdf")
        claims.claim(target, key)
        issued = docx.read_bytes()
        differs: list[Path] = []

        def write(path: Path, data: bytes) -> Path:
            if path == docx:  # the issued .docx: never written, only compared
                if data != issued:
                    differs.append(path)
                    raise OutputError(str(path))
                return path
            return ticket.write(path, data)

        chosen, report.why = engine_for(doc, engine)
        ticket.keep(recorded)  # first: the .docx stays the number's first file
        (made,) = publish([Publication(doc, docx, target, watermark=False, engine=chosen)], template, convert, write=write)
        if differs:
            report.errors.append(
                DataWarning(
                    _(
                        "{number} was issued without a PDF, and the ledger or the wording now gives another "
                        "document than the issued .docx: no PDF made; for the issued one: docgen preview "
                        "{docx} --no-watermark"
                    ).format(number=ticket.text, docx=docx),
                    Location(file=docx),
                )
            )
            return
        if made.error is not None:
            raise made.error
        ticket.done(Record.of(doc))
        report.pdfs.append((target, made.made_by))
        report.pdfs_added.append((ticket.text, target))

    return produce


@contextmanager
def _converter_for(pdf: bool, engine: Engine, letterhead: Letterhead, count: int) -> Iterator[Convert | None]:
    """Yield the LibreOffice converter of a run making ``count`` documents, or None when LibreOffice
    makes none of their PDFs (no PDF asked for, or Typst makes them: no soffice is started)."""
    office = letterhead.office_template is not None  # its 版头 is in the .docx alone: LibreOffice
    if not pdf or count == 0 or (engine is Engine.TYPST and not office):
        yield None
        return
    with converter(count) as convert:
        yield convert


def supervision_notices(
    items: Sequence[SupervisionItem],
    source: Path,
    letterhead_key: str,
    out_dir: Path,
    resources: RunResources,
    register: Register,
    *,
    inputs: Sequence[Path] = (),
    reply_days: int = compose.DEFAULT_REPLY_DAYS,
    overwrite: bool = False,
    on_progress: Callable[[str], None] | None = None,
) -> SuperviseReport:
    """Make the 挂牌督办通知书 of ``items`` (read from ``source``, made from ``inputs``) into ``out_dir``,
    each under its 督办 number, as ``supervise`` makes a ledger's (a re-run skips the unchanged)."""
    report = SuperviseReport()
    letterhead = resources.letterhead(letterhead_key)
    produce = _producer(
        report, register, resources, letterhead, source, out_dir, [source, *inputs], overwrite, on_progress
    )
    makes = []
    for item in items:
        try:
            dates = compose.deadlines(item, reply_days, resources.calendar)
        except DataError as error:
            report.errors.append(error.at(file=source, line=item.row, field="交办日期"))
            continue
        makes.append(
            _Make(
                f"notice:{item.key}",
                item.dated,
                item.project,
                partial(compose.notice, resources.env, item, letterhead, dates=dates, reply_days=reply_days),
                item.row,
                compose.NOTICE_TEMPLATE,
            )
        )
    produce(makes)
    return report


def _made_before(ticket: Ticket) -> tuple[str, Path]:
    """Return an item made by an earlier run (number, file); raise if its recorded file was lost or changed."""
    previous = ticket.previous()
    files = unchanged_files(previous)
    if files is None:
        raise OutputError(
            _(
                "{number} was made before and its file is missing or changed; "
                "void the number (docgen register void) to make the document again"
            ).format(number=ticket.text)
        )
    return ticket.text, files[0] if files else Path()


def _template_failed(error: TemplateRenderError, ledger: Path, row: int | None, left: int) -> DocgenError:
    """Return a prose template's error, said once for the run: the row it failed at, the items not attempted."""
    if row is None:  # the run's one 督查通报
        return error
    message = ngettext(
        "{error} (every item is worded by this template: stopped at {where}, {n} other item not attempted)",
        "{error} (every item is worded by this template: stopped at {where}, {n} other items not attempted)",
        left,
    ).format(error=error, where=Location(file=ledger, line=row).describe(), n=left)
    return TemplateRenderError(message)


def _at_row(error: DocgenError, ledger: Path, row: int) -> DocgenError:
    """Return the error located at the ledger's row, in the same words as a DataError's location."""
    if isinstance(error, DataError):
        return error.at(file=ledger, line=row)
    where = Location(file=ledger, line=row).describe()
    return type(error)(_("{where}: {message}").format(where=where, message=error))
