"""One run at a time per numbered item: a run waits while another makes the same item.

Two runs on one register may be asked for the same item at once (two clerks run ``supervise`` on one
ledger, or ``progress`` for the same week): the register gives both the item's one number, and
without a lock both would write its file and the slower one would fail to record it — and delete
the file it wrote, which may be the one the faster run just recorded.  Holding this lock from taking
the number to recording it, the second run finds the item made and reports it as made before.

The lock is an ``flock`` on a file beside the register (as ``publish.numbering.exclusive``): the
kernel releases it when the holding process ends, however it ends, so a ``kill -9`` never leaves it
held.  Unlike ``exclusive`` it waits: an item takes seconds, and waiting gives both runs a clean end.
``publish.numbering.numbered`` holds it for every numbered document; a caller may hold it around
``numbered`` too (supervise, progress): taken again by the thread that holds it, it is held already.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from docgen.errors import os_error_text
from docgen.i18n import _
from docgen.register.book import Register
from docgen.register.rows import NumberRow, RegisterError

# the lock files this thread holds: a second flock from the same process on a new descriptor would
# wait for the first for ever (flock locks belong to the open file, not to the process)
_held = threading.local()


def item_key(kind: str, series: str, year: int, item: str) -> str:
    """Return the lock key of a numbered item (as ``publish.numbering.numbered`` holds it)."""
    return f"{kind}|{series}|{year}|{item}"


def _lock_path(register: Register, key: str) -> str:
    folder = register.path.with_name(register.path.name + ".locks")
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / ("item-" + hashlib.sha256(key.encode()).hexdigest()[:32] + ".lock"))


@contextmanager
def unless_held(register: Register, row: NumberRow, *, void: bool = False) -> Iterator[None]:
    """Hold the lock of the item of ``row`` for the block (a release or void of its number); raise
    RegisterError at once, naming the run's command and since when, if a live run holds it (lost9 #5)."""
    if not row.item_key:
        yield
        return
    key = item_key(row.kind, row.name, row.year, row.item_key)
    try:
        handle = os.open(_lock_path(register, key), os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:  # a read-only folder: whether a run holds the number cannot be known
        raise RegisterError(
            _("cannot write {path}: {error}").format(
                path=register.path.with_name(register.path.name + ".locks"), error=os_error_text(error)
            )
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            text = (
                _("{number} is in use by another docgen run ({command}, since {since}): it cannot be voided now")
                if void
                else _("{number} is in use by another docgen run ({command}, since {since}): it cannot be released")
            )
            raise RegisterError(text.format(number=row.text, command=row.command or "?", since=row.allocated_at)) from None
        yield
    finally:
        os.close(handle)


@contextmanager
def holding_item(register: Register, key: str) -> Iterator[None]:
    """Hold the lock of item ``key`` on this register for the block, waiting while another run holds it."""
    path = _lock_path(register, key)
    held: set[str] = _held.__dict__.setdefault("paths", set())
    if path in held:  # this thread holds it already (a caller around numbered)
        yield
        return
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        held.add(path)
        try:
            yield
        finally:
            held.discard(path)
    finally:
        os.close(handle)  # closing the descriptor releases the lock
