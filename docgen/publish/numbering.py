"""The register protocol every numbered document goes through: allocate → produce → record, or give back.

``numbered`` takes the number (idempotent per item: the same item gets the same number on a
re-run, so a run killed after allocating finishes the job the next time), hands the caller a
``Ticket`` to write its files through, and then either records the files and their hashes
(the number becomes ``issued``) or, on any failure — an error, Ctrl-C, a converter killed —
removes the files this run created and releases the number (or voids it with the reason when
numbers were taken after it).  A kill leaves the number ``allocated`` with the command that took
it, which ``register check`` lists and which running that command again resolves.  From taking the
number to recording it ``numbered`` holds the item's lock (register/locks.py): a second run on the
same item at the same time (two clerks, one 排名通报) waits, then finds the item made before.

The year of a number is the year of the document's 成文日期 (``NumberRequest.year``), never the
clock's: the callers pass the document's date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import DocgenError, OutputError
from docgen.i18n import _
from docgen.model import Document
from docgen.publish.behind import behind_folder as behind_folder  # the folder checks (split off)
from docgen.publish.behind import folder_problems as folder_problems
from docgen.publish.behind import refuse_a_register_behind as refuse_a_register_behind
from docgen.publish.guard import WriteGuard
from docgen.publish.seam import reached
from docgen.register import (
    Allocation,
    NumberRow,
    Register,
    RegisterError,
    sha256_file,
)
from docgen.register.folders import note_folder
from docgen.register.locks import holding_item


@dataclass(frozen=True)
class NumberRequest:
    """Which number a document needs: its series (kind, 代字 or name, year) and the item it is for."""

    kind: str
    series: str
    year: int
    item_key: str
    sequence: int | None = None  # a number written out in the source (claimed, not allocated)


@dataclass(frozen=True)
class Record:
    """What the register keeps of a document made under a number."""

    title: str
    doc_date: dt.date
    addressees: str = ""
    signer: str = ""
    input_hash: str = ""
    forced: str = ""  # why it was issued with --force (for the audit); "" when it was not
    source: str = ""  # the source file it was made from, resolved ("" when there is none)

    @classmethod
    def of(
        cls, doc: Document, *, signer: str = "", input_hash: str = "", forced: str = "", source: str = ""
    ) -> Record:
        """Return the record of a general-format document: its title, 成文日期 and 主送 (wherever it went)."""
        addressees = doc.addressees.rstrip("：:") or (doc.imprint.addressees if doc.imprint else "")
        title = doc.title.replace("\n", "")
        return cls(title, doc.signature.date, addressees, signer, input_hash, forced, source)


@dataclass
class Ticket:
    """A number taken for one document (or one batch of files): write through it, then record."""

    register: Register
    allocation: Allocation
    guard: WriteGuard = WriteGuard()
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    record: Record | None = None

    @property
    def text(self) -> str:
        """The number as written: 代字〔2020〕13号, or 名称2025年第5期."""
        return self.allocation.text

    @property
    def issued_before(self) -> bool:
        """True when an earlier run recorded this item already (its files are in the register)."""
        return self.allocation.status == "issued"

    def previous(self) -> NumberRow:
        """Return the register's row of this number (with the files recorded)."""
        return self.register.get(self.allocation.number_id)

    def write(self, path: Path, data: bytes) -> Path:
        """Write a file of this document (atomically, by the guard's rules) and keep it for the record."""
        self.write_many([(path, data)])
        return path

    def write_many(self, files: Sequence[tuple[Path, bytes]]) -> None:
        """Write files of this document into one folder (one record update, one disk sync) and keep them."""
        if files:  # listed beside the register before its first file goes in (register/folders.py)
            note_folder(self.register.path, files[0][0].parent)
        existed = {path for path, _data in files if path.exists()}
        self.guard.write_many(files)
        # sets to look up in: a batch's lists grow to hundreds of paths (comparing Paths is slow)
        created, kept = set(self.created), set(self.kept)
        for path, _data in files:
            if path not in existed and path not in created:
                self.created.append(path)
                created.add(path)
            if path not in kept:
                self.kept.append(path)
                kept.add(path)

    def keep(self, paths: Sequence[Path]) -> None:
        """Record these files too (written earlier and unchanged, e.g. skipped by a resumed batch)."""
        kept = set(self.kept)
        for path in paths:
            if path not in kept:
                self.kept.append(path)
                kept.add(path)

    def done(self, record: Record) -> None:
        """Say the document is made: the files kept so far are recorded under the number."""
        self.record = record

    def discard(self) -> None:
        """Remove the files this run created (never a file that was there before it)."""
        for path in self.created:
            path.unlink(missing_ok=True)
        self.created.clear()
        self.kept.clear()


def _reason(error: BaseException) -> str:
    if isinstance(error, DocgenError):
        return str(error)
    if isinstance(error, KeyboardInterrupt):
        return _("interrupted")
    return f"{type(error).__name__}: {error}"


@contextmanager
def numbered(
    register: Register, request: NumberRequest, guard: WriteGuard | None = None, *, seal: bool = True
) -> Iterator[Ticket]:
    """Take the request's number for the ``with`` block; record what the block made, or give it back.

    The block writes its files with ``ticket.write`` (through ``guard``: no input, no issued file and
    no file docgen did not write is written over; the folder remembers this register) and ends with
    ``ticket.done(record)``.  A block that ends without ``done`` made nothing: the number is given
    back (unless it was issued before).  With ``seal`` the recorded files are never written over
    again; without it (a bulletin issue, amended as units are made) they may be while unchanged.
    """
    key = f"{request.kind}|{request.series}|{request.year}|{request.item_key}"
    with holding_item(register, key), _numbered(register, request, guard, seal) as ticket:
        yield ticket


@contextmanager
def _numbered(register: Register, request: NumberRequest, guard: WriteGuard | None, seal: bool) -> Iterator[Ticket]:
    """``numbered`` once the item's lock is held."""
    if request.sequence is None:
        allocation = register.allocate(request.kind, request.series, request.year, request.item_key)
    else:
        allocation = register.claim(
            request.kind, request.series, request.year, request.sequence, request.item_key
        )
    reached("after-allocate")
    ticket = Ticket(
        register,
        allocation,
        dataclasses.replace(guard or WriteGuard(), register_id=register.register_id, taken=allocation.text),
    )
    try:
        yield ticket
        if ticket.record is None:
            _discard(ticket)
            if not ticket.issued_before:
                register.release_or_void(allocation, _("nothing was made under this number"))
            return
        _record(ticket)  # inside: a failed record (void, full disk, register gone) removes the files too
    except BaseException as error:
        _discard(ticket)
        if not ticket.issued_before:
            _give_back(register, allocation, error)
        raise
    reached("after-record")
    # the files show the number they were issued under (``behind_folder`` reads it); sealed or not
    ticket.guard.mark_issued(ticket.kept, number=(request.kind, ticket.text), seal=seal)


def _discard(ticket: Ticket) -> None:
    """Remove the files the ticket's run created, and their names from their folder's record."""
    created = list(ticket.created)
    ticket.discard()
    with suppress(OutputError):  # the record cannot be written (a full disk): a name without a file is harmless
        ticket.guard.forget(created)


def _record(ticket: Ticket) -> None:
    """Record the ticket's files under its number (the number becomes issued)."""
    record = ticket.record
    assert record is not None
    ticket.register.record_issue(
        ticket.allocation,
        title=record.title,
        addressees=record.addressees,
        doc_date=record.doc_date.isoformat(),
        input_hash=record.input_hash,
        outputs=ticket.kept,
        signer=record.signer,
        forced=record.forced,
        amend=ticket.issued_before,
        source=record.source,
    )


def _give_back(register: Register, allocation: Allocation, error: BaseException) -> None:
    """Release or void the number of a failed run; if the register cannot be written (full disk, gone)
    the number stays taken with its command, for ``register check``, and the run's own error is told."""
    try:
        register.release_or_void(allocation, _reason(error))
    except DocgenError:
        if not isinstance(error, DocgenError | KeyboardInterrupt):
            raise


@contextmanager
def exclusive(register: Register, key: str, what: str) -> Iterator[None]:
    """Hold the lock of ``key`` (e.g. one source being issued) for the block; refuse if another run has it.

    The lock is an ``flock`` on a file beside the register: the kernel releases it when the holding
    process ends, however it ends, so a kill never leaves it held.
    """
    import fcntl
    import hashlib
    import os

    folder = register.path.with_name(register.path.name + ".locks")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".lock")
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode(errors="replace").strip() or "?"
            raise RegisterError(
                _(
                    "{what} is being issued by another docgen run (process {pid}); wait for it to finish"
                ).format(what=what, pid=holder)
            ) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(handle)


def void_number(register: Register, text: str, reason: str) -> tuple[NumberRow, list[tuple[Path, Path]]]:
    """Void a number, its files renamed “…（作废）” (docgen/register/voided.py) and their old names let
    free: a withdrawn document is no longer issued.  Return the number and the files renamed."""
    from docgen.register.voided import put_back, withdraw

    paths = [Path(output["path"]) for output in register.find(text).outputs]
    moved = withdraw(paths)
    try:
        row = register.void(text, reason, moved)
    except BaseException:
        put_back(moved)  # the register still holds the number as it was: so do the files
        raise
    WriteGuard().unseal(paths)
    return row, moved


def unchanged_files(row: NumberRow) -> list[Path] | None:
    """Return the files recorded under a number if every one is there unchanged, else None."""
    paths = []
    for output in row.outputs:
        path = Path(output["path"])
        if not path.is_file() or sha256_file(path) != output["sha256"]:
            return None
        paths.append(path)
    return paths


def keep_or_write_pdf(ticket: Ticket, output: Path, data: bytes) -> None:
    """Write the PDF of a document a re-run made again exactly as recorded (its .docx written first,
    and accepted): the PDF recorded under the number, still there unchanged, is left as it is (a
    LibreOffice PDF differs from run to run in its /ID); a PDF not recorded (asked for only now, or
    removed since) is written through the guard, which never writes over an issued file."""
    recorded = {Path(o["path"]): o["sha256"] for o in ticket.previous().outputs}
    expected = recorded.get(output.resolve())
    if expected is not None and output.is_file() and sha256_file(output) == expected:
        return
    ticket.guard.write(output, data)


def same_as_recorded(ticket: Ticket, output: Path, data: bytes) -> bool:
    """Return True when ``data`` is exactly the file recorded for ``output`` under the ticket's number
    and that file is still there unchanged (a re-run that makes the very same document)."""
    import hashlib

    recorded = {Path(o["path"]): o["sha256"] for o in ticket.previous().outputs}
    expected = recorded.get(output.resolve())
    return (
        expected == hashlib.sha256(data).hexdigest() and output.is_file() and sha256_file(output) == expected
    )
