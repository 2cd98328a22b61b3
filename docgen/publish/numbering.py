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
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import DocgenError, OutputError
from docgen.i18n import _
from docgen.model import Document
from docgen.number_text import NUMBER_TEXT
from docgen.publish.guard import NUMBER_KEYS, WriteGuard, read_record
from docgen.publish.seam import reached
from docgen.register import (
    KIND_BULLETIN,
    KIND_DOCUMENT,
    KIND_MINUTES,
    KIND_SUPERVISION,
    Allocation,
    NumberRow,
    Register,
    RegisterError,
    number_text,
    sha256_file,
)
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
        register, allocation, dataclasses.replace(guard or WriteGuard(), register_id=register.register_id)
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


def same_as_recorded(ticket: Ticket, output: Path, data: bytes) -> bool:
    """Return True when ``data`` is exactly the file recorded for ``output`` under the ticket's number
    and that file is still there unchanged (a re-run that makes the very same document)."""
    import hashlib

    recorded = {Path(o["path"]): o["sha256"] for o in ticket.previous().outputs}
    expected = recorded.get(output.resolve())
    return (
        expected == hashlib.sha256(data).hexdigest() and output.is_file() and sha256_file(output) == expected
    )


# a file named as a 文号 or 督办 number, alone (issue: 长重点〔2025〕3号.docx) or before the subject
# (supervise: 长重点督〔2025〕3号 甲项目.docx)
_NUMBER_FILE = re.compile(rf"^{NUMBER_TEXT}(?=\s|$)")
# a file named as a 纪要 (or 简报) 期号: 长子县重点项目建设联席会议纪要2025年第3期.docx
_ISSUE_FILE = re.compile(r"^(?P<code>\S+?)(?P<year>\d{4})年第(?P<seq>\d{1,6})期$")
# the kinds of number each way of naming a file writes, the first the one assumed when no row tells
_FORMS = ((_NUMBER_FILE, (KIND_DOCUMENT, KIND_SUPERVISION)), (_ISSUE_FILE, (KIND_MINUTES, KIND_BULLETIN)))


@dataclass(frozen=True)
class Unheld:
    """An issued file of an output folder named as a number the register does not hold."""

    path: Path
    name: str  # the series (代字, or a 纪要's mark)
    year: int
    seq: int
    kind: str = KIND_DOCUMENT  # the series' kind the register would give it again in

    @property
    def text(self) -> str:
        return number_text(self.kind, self.name, self.year, self.seq)


def _named_number(name: str) -> tuple[re.Match[str], tuple[str, ...]] | None:
    """Return how a file's name writes a number (the match and the kinds it may be), or None."""
    for pattern, kinds in _FORMS:
        match = pattern.match(Path(name).stem)
        if match is not None and match["seq"] is not None:
            return match, kinds
    return None


@dataclass(frozen=True)
class _Shown:
    """A number a folder's record shows a file issued under."""

    code: str
    year: int
    seq: int
    kinds: tuple[str, ...]  # the kinds it may be, the first the one assumed when no row tells
    recorded: bool  # the record names the number (else it is read from the file's name)


def _shown(name: str, entry: object) -> _Shown | None:
    """Return the number the folder's record shows the file ``name`` issued under, or None.

    Since the record keeps the number (guard.NUMBER_KEYS) every numbered file shows it, a 简报's
    unsealed ones too; before, only a sealed file named as its number did (and still does)."""
    if not isinstance(entry, dict):
        return None
    kind, text = (entry.get(key) for key in NUMBER_KEYS)
    if isinstance(text, str):
        named = _named_number(text)
        if named is not None:
            match, kinds = named
            kinds = (kind,) if kind in kinds else kinds
            return _Shown(match["code"], int(match["year"]), int(match["seq"]), kinds, True)
    named = _named_number(name) if entry.get("issued") else None
    if named is None:
        return None
    match, kinds = named
    return _Shown(match["code"], int(match["year"]), int(match["seq"]), kinds, False)


def _shown_files(folder: Path, series: tuple[str, str, int] | None) -> Iterator[tuple[Path, _Shown]]:
    """Yield the folder's files its record shows issued under a number (of ``series``, if given)."""
    for name, entry in sorted(read_record(folder)["files"].items()):
        shown = _shown(name, entry)
        if shown is not None and (
            series is None or (series[1:] == (shown.code, shown.year) and series[0] in shown.kinds)
        ):
            yield folder / name, shown


def behind_folder(register: Register, folder: Path, series: tuple[str, str, int] | None = None) -> list[Unheld]:
    """Return the files the folder's record (``.docgen-folder.json``) shows issued with this register
    under a number (文号, 督办 number, 纪要 or 简报 期号) the register does not hold and would give again
    (at or after its series' next number): it is behind the folder (restored from an older backup, or
    replaced by hand).  ``series`` (kind, name, year) keeps one series.  A number below the next one is
    the gap check's (``register check``)."""
    if read_record(folder).get("register") not in (None, register.register_id):
        return []  # another register's folder: ``other_register_files``
    found = []
    held: dict[tuple[str, int], list[NumberRow]] = {}  # the register's rows of each series met
    for path, shown in _shown_files(folder, series):
        code, year, seq, forms = shown.code, shown.year, shown.seq, shown.kinds
        # 代字〔year〕N号 writes a 文号 and a 督办 number alike (名称2025年第N期 a 纪要 and a 简报):
        # either kind's row holds it
        if (code, year) not in held:
            held[code, year] = register.rows(code, year)
        rows = [row for row in held[code, year] if row.kind in forms]
        if seq in {row.seq for row in rows}:
            continue
        if series is None and not rows and not shown.recorded and forms[0] == KIND_MINUTES:
            continue  # a name 名称2025年第N期 of no series known (an older 简报's 丹朱镇-2025年第1期.docx)
        kinds = [series[0]] if series is not None else sorted({row.kind for row in rows}, key=forms.index)
        kinds = kinds or [forms[0]]
        if all(seq >= register.next_free(kind, code, year) for kind in kinds):
            found.append(Unheld(path, code, year, seq, kinds[0]))
    return found


def other_register_files(register: Register, folder: Path, series: tuple[str, str, int]) -> list[Unheld]:
    """Return the files of ``series`` the folder shows issued with another register (its record names
    another register id): numbering into it with this one could give their numbers again."""
    if read_record(folder).get("register") in (None, register.register_id):
        return []
    return [Unheld(path, s.code, s.year, s.seq, series[0]) for path, s in _shown_files(folder, series)]


def _named_files(unheld: Sequence[Unheld]) -> str:
    """Return the files' names for a message: all of a few numbers' .docx and PDF; of more (a 简报's
    dozens) one file of each number, three at most, then how many more."""
    names = [u.path.name for u in unheld]
    if len(names) <= 8:
        return _(", ").join(names)
    shown = list({u.text: u.path.name for u in reversed(unheld)}.values())[::-1][:3]
    return _("{names} and {count} other files").format(names=_(", ").join(shown), count=len(names) - len(shown))


def behind_message(register: Register, folder: Path, unheld: Sequence[Unheld]) -> str:
    """Say that the register is behind ``folder`` and the two ways on (restore, or start after them)."""
    last = max(unheld, key=lambda u: u.seq)
    command = f"docgen register start --series {last.name} --year {last.year} --next {last.seq + 1}"
    if last.kind != KIND_DOCUMENT:  # start's --kind is 文号 unless told
        command += f" --kind {last.kind}"
    return _(
        "the register is behind the folder {folder}: {files} issued there as {numbers}, which the register does "
        "not hold (was it restored from an older backup?); bring them back with docgen register restore FILE "
        "(a register that holds them, such as a {register}.replaced-… file beside it: the numbers taken since "
        "are carried over), or continue the series after them: {command}"
    ).format(
        folder=folder.resolve(),  # "." or "发文" names no folder once the command is over
        files=_named_files(unheld),
        numbers=_(", ").join(dict.fromkeys(u.text for u in unheld)),  # a .docx and its PDF: one number
        register=register.path.name,
        command=command,
    )


def refuse_a_register_behind(
    register: Register, requests: Sequence[NumberRequest], folder: Path | None
) -> None:
    """Refuse, before any number is taken, to number ``requests`` into ``folder`` when the register is
    behind: the folder shows files of their series issued under numbers it does not hold (文号, 督办
    numbers, 纪要 and 简报 期号: the folder's record keeps them), or issued with another register, or a
    register a restore replaced beside it issued numbers of their series that it lacks.  The next number
    could be one of them.  A request the register holds (a re-run of an item made before) takes no number
    and is passed.  Without a ``folder`` (``register next``: the document is made elsewhere) only the
    replaced register is read."""
    series = dict.fromkeys(
        (r.kind, r.series, r.year) for r in requests if not register.lookup(r.kind, r.series, r.year, r.item_key)
    )
    for one in series:
        if folder is None:
            continue
        unheld = behind_folder(register, folder, one)
        if unheld:
            raise RegisterError(behind_message(register, folder, unheld))
        others = other_register_files(register, folder, one)
        if others:
            raise RegisterError(
                _(
                    "{folder} holds documents issued with another register ({other}): {files}, issued as "
                    "{numbers}; numbering into it with this one would give those numbers again: use that "
                    "register, or another folder"
                ).format(
                    folder=folder.resolve(),
                    other=read_record(folder).get("register"),
                    files=_named_files(others),
                    numbers=_(", ").join(dict.fromkeys(u.text for u in others)),
                )
            )
    lacking = [n for n in register.behind_replaced() if (n.kind, n.name, n.year) in series and n.here is None]
    if lacking:
        raise RegisterError(
            _(
                "the register lacks {numbers}, issued in {file}, the register a restore replaced: the next number "
                "could be one of them; bring them back with docgen register restore {file} (the numbers taken "
                "since are carried over)"
            ).format(numbers=_(", ").join(n.text for n in lacking), file=lacking[0].replaced)
        )


def folder_problems(register: Register) -> list[str]:
    """Return, for ``register check``, the register's output folders it is behind (see ``behind_folder``)."""
    folders = sorted({Path(output["path"]).parent for row in register.rows() for output in row.outputs})
    problems = []
    for folder in folders:
        unheld = behind_folder(register, folder)
        if unheld:
            problems.append(behind_message(register, folder, unheld))
    return problems
