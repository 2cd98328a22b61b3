"""Issuing a notice: allocate its number, render it, make the final PDF (no watermark), record it.

Order of work, so that no crash or kill leaves a number used but unrecorded:

1. read and validate the notice (nothing is taken yet); refuse an input issued before unless forced;
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
import os
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docgen.compose.notice import compose_notice
from docgen.config import Settings
from docgen.convert.converter import convert_documents
from docgen.convert.evenpages import Odd, fix_odd, page_count
from docgen.convert.pdf import Metadata, finish_pdf
from docgen.emit.docx.emit import render_docx
from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.layout import lay_out
from docgen.load.notice import NoticeSource, load_notice
from docgen.model import Document, DocumentNumber
from docgen.notices import letterhead_lookup, load_template
from docgen.output import write_atomic
from docgen.register import KIND_DOCUMENT, Register, RegisterError, now


def fault_point(name: str) -> None:
    """Kill this process here if DOCGEN_FAULT names this point (crash tests of the issuing order)."""
    if os.environ.get("DOCGEN_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def input_hash(source: NoticeSource) -> str:
    """Return the SHA-256 of a notice's input: the source file and every attachment file."""
    digest = hashlib.sha256(source.path.read_bytes())
    for attachment in source.attachments:
        if attachment.source != source.path and attachment.source.is_file():
            digest.update(attachment.source.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class IssueResult:
    """An issued notice: its number and files."""

    number: str
    docx: Path
    pdf: Path | None
    pages: int


def issue_notice(
    path: Path,
    signer: str,
    settings: Settings,
    register: Register,
    *,
    out_dir: Path | None = None,
    force: bool = False,
    pdf: bool = True,
) -> IssueResult:
    """Issue the notice at ``path``; see the module docstring for the order of work."""
    source = load_notice(path)
    doc = compose_notice(source, letterhead_lookup(settings))
    header_number = doc.header.number
    assert header_number is not None
    digest = input_hash(source)
    previous = register.issued_with_input(digest)
    if previous is not None and not force:
        raise RegisterError(
            _(
                "{path} was issued already as {number} (signed by {signer} at {at}); use --force to issue it again"
            ).format(path=path, number=previous.text, signer=previous.signer, at=previous.signed_at)
        )
    item_key = digest if previous is None else f"{digest}:{now()}"
    if header_number.sequence is None:
        allocation = register.allocate(KIND_DOCUMENT, header_number.code, header_number.year, item_key)
    else:
        allocation = register.claim(
            KIND_DOCUMENT, header_number.code, header_number.year, header_number.sequence, item_key
        )
    fault_point("after-allocate")
    number = DocumentNumber(header_number.code, header_number.year, allocation.seq)
    doc = dataclasses.replace(doc, header=dataclasses.replace(doc.header, number=number))
    folder = out_dir or path.parent
    docx_path = folder / f"{allocation.text}.docx"
    pdf_path = folder / f"{allocation.text}.pdf" if pdf else None
    written: list[Path] = []
    try:
        result = render_docx(doc, load_template(settings))
        write_atomic(docx_path, result.data)
        written.append(docx_path)
        fault_point("after-docx")
        if pdf_path is not None:
            metadata = Metadata(doc.title.replace("\n", ""), number.text(), "、".join(doc.signature.organs))
            _final_pdf(doc, docx_path, pdf_path, metadata, settings)
            written.append(pdf_path)
        fault_point("after-pdf")
    except BaseException as error:
        for file in written:
            file.unlink(missing_ok=True)
        reason = str(error) if isinstance(error, DocgenError) else f"{type(error).__name__}: {error}"
        register.release_or_void(allocation, reason)
        raise
    register.record_issue(
        allocation,
        title=doc.title.replace("\n", ""),
        addressees=doc.addressees.rstrip("：:") or (doc.imprint.addressees if doc.imprint else ""),
        doc_date=doc.signature.date.isoformat(),
        input_hash=digest,
        outputs=written,
        signer=signer,
        forced=previous is not None,
    )
    fault_point("after-record")
    return IssueResult(allocation.text, docx_path, pdf_path, result.pages)


def _final_pdf(doc: Document, docx: Path, target: Path, metadata: Metadata, settings: Settings) -> None:
    """Convert the issued .docx; if its 版记 came out on an odd page, place it again (7.5) first."""
    with tempfile.TemporaryDirectory(prefix="docgen-issue-") as folder:
        converted = Path(folder) / "final.pdf"
        (outcome,) = convert_documents([(docx, converted)])
        if outcome.error is not None:
            raise outcome.error
        pdf = converted.read_bytes()
        if doc.double_sided and doc.imprint is not None and page_count(converted) % 2:
            template = load_template(settings)
            odd = Odd(
                lambda placement: render_docx(doc, template, placement).data, lay_out(doc).placement
            )
            made = fix_odd({0: odd}, lambda staged: convert_documents(staged)).get(0)
            if made is not None:
                write_atomic(docx, made.docx)
                pdf = made.pdf
        write_atomic(target, finish_pdf(pdf, metadata, watermark=False))
