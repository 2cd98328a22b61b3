"""Issuing a notice: allocate its number, render it, make the final PDF (no watermark), record it.

Order of work, so that no crash or kill leaves a number used but unrecorded (the register
protocol of docgen/publish/numbering.py):

1. read and validate the notice (nothing is taken yet); refuse an input issued before unless forced:
   the same bytes (the input's hash), or the same source file (its resolved path, as the register
   records it) edited since — a corrected notice is not issued under a second number unasked;
2. allocate the number under an item key made of the input's hash (a re-run after a crash gets
   the same number back and finishes the job);
3. write the .docx and the PDF next to each other (atomic writes);
4. record the document, its files and their hashes, and mark the number issued (one transaction).

If step 3 fails, the files written are removed and the number is released when nothing was
allocated after it, otherwise voided with the reason.  A kill during step 3 leaves the number
``allocated`` under the input's key: consistent, and taken up again by the next run.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from docgen.compose.notice import compose_notice
from docgen.convert.stand_ins import stand_in_warning
from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.docx_final import how_to_accept, markup_of, markup_text
from docgen.load.notice import NoticeSource, is_minutes_source, read_notice
from docgen.model import Document, DocumentNumber
from docgen.notices import addressee_notes
from docgen.order_model import Order
from docgen.publish.engine_choice import engine_for
from docgen.publish.guard import WriteGuard, writable_folder
from docgen.publish.naming import file_in
from docgen.publish.numbering import (
    NumberRequest,
    Record,
    exclusive,
    numbered,
    refuse_a_register_behind,
)
from docgen.publish.pipeline import Engine, Publication, publish_one
from docgen.register import KIND_DOCUMENT, KIND_ORDER, Register, RegisterError, now
from docgen.register.rows import NumberRow, number_text
from docgen.remarks import Remark, as_warnings, warning
from docgen.run_resources import RunResources


def input_hash(source: NoticeSource) -> str:
    """Return the SHA-256 of a notice's input: the source file and every attachment file."""
    digest = hashlib.sha256(source.path.read_bytes())
    for attachment in source.attachments:
        if attachment.source != source.path and attachment.source.is_file():
            digest.update(attachment.source.read_bytes())
    return digest.hexdigest()


def number_request(doc: Document, item_key: str) -> NumberRequest:
    """Return the number ``doc`` needs: a 令's 令号 within its term (10.2), else its 发文字号 (7.2.5)."""
    if isinstance(doc, Order):
        assert doc.order_number is not None
        order = doc.order_number
        return NumberRequest(KIND_ORDER, order.series, order.term, item_key, order.sequence)
    number = doc.header.number
    assert number is not None
    return NumberRequest(KIND_DOCUMENT, number.code, number.year, item_key, number.sequence)


def numbered_as(doc: Document, sequence: int) -> Document:
    """Return ``doc`` with the sequence number the register gave it."""
    if isinstance(doc, Order):
        assert doc.order_number is not None
        return dataclasses.replace(doc, order_number=dataclasses.replace(doc.order_number, sequence=sequence))
    number = doc.header.number
    assert number is not None
    numbered_header = dataclasses.replace(
        doc.header, number=DocumentNumber(number.code, number.year, sequence)
    )
    return dataclasses.replace(doc, header=numbered_header)


@dataclass(frozen=True)
class IssueResult:
    """An issued notice: its number and files."""

    number: str
    docx: Path
    pdf: Path | None
    pages: int
    why: str = ""  # why the PDF is not made by the engine asked for (docgen/publish/engine_choice.py)
    remarks: tuple[Remark, ...] = ()  # on the source's lines (notes, warnings) and what the layout gave up
    unchanged: bool = False  # a 纪要 made before under its 期号 and unchanged: nothing written
    made_by: str = ""  # what made the PDF: "Typst" or "LibreOffice" ("" without a PDF)


def issue_notice(
    path: Path,
    signer: str,
    resources: RunResources,
    register: Register,
    *,
    out_dir: Path | None = None,
    force: bool = False,
    pdf: bool = True,
    overwrite: bool = False,
    engine: Engine = Engine.LIBREOFFICE,
) -> IssueResult:
    """Issue the notice at ``path``; see the module docstring for the order of work.

    ``engine`` makes the PDF: LibreOffice from the .docx, or Typst from the same layout.  A 纪要's
    source takes its 期号 as ``docgen minutes`` does (its own series, one per meeting: ``issue_minutes``).
    """
    if path.suffix.lower() == ".docx":
        raise DataError(word_document_refusal(path), Location(file=path))
    writable_folder(out_dir or path.parent)  # one message naming the folder, before a number is taken
    if is_minutes_source(path):
        return issue_minutes(
            path,
            signer,
            resources,
            register,
            out_dir=out_dir,
            force=force,
            pdf=pdf,
            overwrite=overwrite,
            engine=engine,
        )
    source = read_notice(path, resources.attachments)
    doc = compose_notice(source, resources.letterhead)
    digest = input_hash(source)
    # one run at a time per input and per source file (an edit saved while the first run works)
    with (
        exclusive(register, f"issue:{digest}", str(path)),
        exclusive(register, f"issue-source:{path.resolve()}", str(path)),
    ):
        return _issue(
            source, doc, digest, signer, resources, register, out_dir, force, pdf, overwrite, engine
        )


def _issue(  # the steps of issue_notice, under its lock
    source: NoticeSource,
    doc: Document,
    digest: str,
    signer: str,
    resources: RunResources,
    register: Register,
    out_dir: Path | None,
    force: bool,
    pdf: bool,
    overwrite: bool,
    engine: Engine,
) -> IssueResult:
    path = source.path
    previous = register.issued_with_input(digest)
    forced = _issued_before(source, previous, register, force)
    item_key = digest if previous is None else f"{digest}:{now()}"
    request = number_request(doc, item_key)
    _refuse_a_number_out_of_turn(source, register, request)
    refuse_a_register_behind(register, [request], out_dir or path.parent)
    guard = WriteGuard.of([path, *(a.source for a in source.attachments)], overwrite=overwrite)
    with numbered(register, request, guard) as ticket:
        doc = numbered_as(doc, ticket.allocation.seq)
        folder = out_dir or path.parent
        docx_path = file_in(folder, f"{ticket.text}.docx")  # never outside -o (hostile8 #1)
        pdf_path = file_in(folder, f"{ticket.text}.pdf") if pdf else None
        engine, why = engine_for(doc, engine) if pdf else (engine, "")
        item = Publication(doc, docx_path, pdf_path, watermark=False, engine=engine)
        result = publish_one(item, resources.template, write=ticket.write)
        record = Record.of(doc, signer=signer, input_hash=digest, forced=forced, source=str(path.resolve()))
        ticket.done(record)
    assert result.placed is not None
    remarks = (*source.notes, *addressee_notes(doc), *as_warnings(result.placed.notes), *_stand_ins(pdf_path))
    return IssueResult(
        ticket.text,
        docx_path,
        pdf_path,
        result.pages or result.placed.pages,
        why,
        remarks,
        made_by=result.made_by,
    )


def word_document_refusal(path: Path) -> str:
    """Return why a Word document is not issued: ``issue`` numbers a notice source (.md), and one made in
    Word is numbered outside docgen (README 在 docgen 之外编号的公文) — once it holds only its final text."""
    markup = markup_of(path)
    message = _(
        "docgen issue makes and numbers a document from a notice source (.md); a document made in Word is "
        "numbered outside docgen: take its number with docgen register next, write it in, and record the "
        "document with docgen register import"
    )
    if markup.pending:
        message += _("; this one holds {markup}: before it is numbered, printed or sent, {how}").format(
            markup=markup_text(markup), how=how_to_accept()
        )
    return message


def _issued_before(source: NoticeSource, same: NumberRow | None, register: Register, force: bool) -> str:
    """Refuse a source issued before (``same``: the number issued from the same input; or the same file
    edited since) unless ``force``; return what the audit says of a forced issue ("" when it is new)."""
    path = source.path
    if same is not None:
        if not force:
            raise RegisterError(
                _(
                    "{path} was issued already as {number} (signed by {signer} at {at}); use --force to issue "
                    "it again"
                ).format(path=path, number=same.text, signer=same.signer, at=same.signed_at)
            )
        return _("issued again with --force (same input)")
    edited = register.issued_from_source(str(path.resolve()))
    if edited is None:
        return ""
    if not force:
        raise RegisterError(
            _(
                "{path} was issued already as {number} (signed by {signer} at {at}) and has been changed since; "
                "to issue the corrected notice, first void {number} (docgen register void {number} --reason "
                "...) and issue it again, or issue it under a new number with --force ({number} stays issued)"
            ).format(path=path, number=edited.text, signer=edited.signer, at=edited.signed_at)
        )
    return _("issued with --force from {path}, changed since it was issued as {number}").format(
        path=path, number=edited.text
    )


def _refuse_a_number_out_of_turn(source: NoticeSource, register: Register, request: NumberRequest) -> None:
    """Refuse a 发文字号 written out in the source that is not the series' next one, naming the file, the
    line and the number found, and, for a number ahead of the series (an office starting mid-year with
    docgen), the ``register start`` command that continues the series from it."""
    seq = request.sequence
    if seq is None or register.lookup(request.kind, request.series, request.year, request.item_key):
        return
    following = register.next_free(request.kind, request.series, request.year)
    if seq <= following:
        return  # the series' next one, or one taken already: the register says which
    written = number_text(request.kind, request.series, request.year, seq)
    message = _(
        "{written} is not the next number of this series ({next}); write auto, or that number"
    ).format(written=written, next=number_text(request.kind, request.series, request.year, following))
    if request.kind == KIND_DOCUMENT:
        message += _(
            "; if the numbers before it were used outside docgen, continue the series from it with "
            "docgen register start --series {series} --year {year} --next {seq}"
        ).format(series=request.series, year=request.year, seq=seq)
    raise DataError(message, Location(file=source.path, line=source.line_of("number"), field="number"))


def issue_minutes(
    path: Path,
    signer: str,
    resources: RunResources,
    register: Register,
    *,
    out_dir: Path | None = None,
    force: bool = False,
    pdf: bool = True,
    overwrite: bool = False,
    engine: Engine = Engine.LIBREOFFICE,
) -> IssueResult:
    """Issue a 纪要's source: its 期号 from the register's 纪要 series, as ``docgen minutes`` takes it.

    The number is one per meeting (date and 届次): issued again unchanged, nothing is written
    (``unchanged``); ``force`` does not apply — a changed 纪要 needs its 期号 voided first.
    """
    from docgen.minutes import make_minutes  # lazy: most sources are notices

    if force:
        raise RegisterError(
            _(
                "{path} is a 纪要: its 期号 is one per meeting and is not issued again with --force; "
                "void the number (docgen register void) to make it again"
            ).format(path=path)
        )
    made = make_minutes(
        path, resources, register, out_dir=out_dir, pdf=pdf, overwrite=overwrite, signer=signer, engine=engine
    )
    return IssueResult(
        made.number, made.docx, made.pdf, made.pages, remarks=_stand_ins(made.pdf), unchanged=made.unchanged,
        made_by=made.made_by,
    )  # fmt: skip


def _stand_ins(pdf: Path | None) -> tuple[Remark, ...]:
    """Return the warning that the issued PDF is set in stand-ins for the standard's faces (print9 #7)."""
    line = stand_in_warning() if pdf is not None else ""
    return (warning(line),) if line else ()
