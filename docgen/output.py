"""The only module that writes files: atomically (temporary file, then rename), never one path twice."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from docgen.errors import OutputError, os_error_text
from docgen.i18n import _
from docgen.scratch import process_alive


def _mode_for(path: Path) -> int:
    """Return the mode a new file gets: an existing file's own, else 0666 less the umask (mkstemp's is 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        pass
    mask = os.umask(0o022)  # the only way to read the umask is to set it: set it back at once
    os.umask(mask)
    return 0o666 & ~mask


def _remove_stale_parts(folder: Path, name: str, parts: Sequence[str] | None = None) -> None:
    """Remove the temporary files a killed writer of ``name`` left (``.NAME.PID.*.part``), among
    ``parts`` (the folder's ``.part`` files, listed once for a batch) or the folder's."""
    if parts is None:
        parts = _part_names(folder)
    prefix = f".{name}."
    for part in parts:
        if not part.startswith(prefix):
            continue
        pid = part[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            (folder / part).unlink(missing_ok=True)


def _part_names(folder: Path) -> list[str]:
    """Return the names of the temporary ``.part`` files in ``folder`` (none if it cannot be read).

    One listing for a whole batch: a glob per file read the folder again for each of them
    (100 bulletins: 200 listings of a growing folder, 0.1 s)."""
    try:
        with os.scandir(folder) as entries:
            return [e.name for e in entries if e.name.startswith(".") and e.name.endswith(".part")]
    except OSError:
        return []


_Handler = Callable[[int, FrameType | None], Any] | int | None  # what signal.signal returns
HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)  # the two a run is stopped by (cli/app.py: SIGTERM raised as on Ctrl-C)
_holding: list[bool] = []  # the main thread's hold, while one is on (only the outermost swaps the handlers)


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Run the block with a Ctrl-C (SIGINT) or SIGTERM that arrives meanwhile handled only once it has ended.

    A KeyboardInterrupt raised between ``mkstemp`` and the bookkeeping of its name (or inside the
    clean-up) left a ``.part`` file behind: seen once in a clean-clone run of test_outsider4's
    Ctrl-C test (``..docgen-folder.json.15207.….part``).  One raised when a file had landed but
    before its writer noted it made a stopped preview say "已写入 2 份" with 3 PDFs on disk (a
    clean-clone run of test_batch_interrupt at load 6): callers hold the signal over the write and
    its bookkeeping (``publish.pipeline._write``); a nested hold leaves it to the outermost.  The
    same stop twice is handed on at once (a write waiting forever on another docgen's folder lock
    can still be stopped).
    Python runs signal handlers only in the main thread, so there each handler is swapped for one
    that notes the signal, and the first noted signal is handed to its previous handler after the
    block (milliseconds later).  A signal mask would not do: another thread may take the signal
    and Python still raises in the main thread."""
    if threading.current_thread() is not threading.main_thread() or _holding:
        yield  # no KeyboardInterrupt is raised outside the main thread; a nested hold: the outer hands on
        return
    noted: list[tuple[int, FrameType | None]] = []
    previous: dict[signal.Signals, _Handler] = {}

    def note(number: int, frame: FrameType | None) -> None:
        if any(got == number for got, _frame in noted):  # the same stop again: the user means it now
            _hand_on(previous, number, frame)  # (a write waiting on another docgen's folder lock)
        noted.append((number, frame))

    for number in HELD_SIGNALS:
        if signal.getsignal(number) is not None:  # a handler set outside Python: left alone
            previous[number] = signal.signal(number, note)
    _holding.append(True)
    try:
        yield
    finally:
        _holding.pop()
        for number, handler in previous.items():
            signal.signal(number, handler)
    for got, frame in noted:  # the block has ended: the first stop not ignored (SIG_IGN: a background job)
        if _hand_on(previous, got, frame):
            break


def _hand_on(previous: dict[signal.Signals, _Handler], number: int, frame: FrameType | None) -> bool:
    """Give a noted signal to the handler it would have had; return whether that handler acts on it."""
    held = previous[signal.Signals(number)]
    if callable(held):
        held(number, frame)
        return True
    if held == signal.SIG_DFL:
        os.kill(os.getpid(), number)
        return True
    return False


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    A crash or Ctrl-C leaves either the old file or the new one, never half of one; the temporary
    file a ``kill -9`` leaves (named with the writer's process id) is removed by the next write of
    the same file.
    """
    write_atomic_many([(path, data)])


def _sync(fds: Sequence[int]) -> None:
    """Put the data of these open files on disk: one ``syncfs`` for all, else one ``fsync`` each.

    Hand-written because no library offers syncfs(2): one call flushes a whole batch's files, where
    an fsync per file costs a journal commit each (about 1 ms; 900 of them for 100 bulletins).
    """
    if len(fds) > 1:
        try:
            import ctypes

            if ctypes.CDLL(None, use_errno=True).syncfs(fds[0]) == 0:
                return
        except (OSError, AttributeError):
            pass
    for fd in fds:
        os.fsync(fd)


def write_atomic_many(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write each ``(path, data)`` atomically, as ``write_atomic`` does, with one disk sync for all.

    Every file is written to its temporary file first, the data put on disk once (``_sync``), then
    each renamed over its path: a kill leaves each file whole (old or new), a power cut after the
    sync no file half-written.  A failure removes the temporary files not yet renamed.

    Why one sync for the batch is enough: a kill needs none (the kernel keeps what the process
    wrote); what a power cut needs is that no rename reaches the disk before its file's data, and
    every rename here comes after the one sync of all the batch's data.  The folder record naming
    the batch is written (and synced) before it, as for a single file.
    """
    with interrupts_held():
        _write_all(files)


def _write_all(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write ``files`` as ``write_atomic_many`` says (its body, run with Ctrl-C held)."""
    temps: list[tuple[int, str, Path]] = []
    renamed = 0
    listed: dict[Path, list[str]] = {}  # each folder's .part files, listed once
    try:
        for path, data in files:
            folder = path.parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
                if folder not in listed:
                    listed[folder] = _part_names(folder)
                _remove_stale_parts(folder, path.name, listed[folder])
                fd, temp_name = tempfile.mkstemp(
                    prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=folder
                )
            except OSError as error:
                raise OutputError(
                    _("cannot write {path}: {error}").format(path=path, error=os_error_text(error))
                ) from None
            temps.append((fd, temp_name, path))
            try:
                os.fchmod(fd, _mode_for(path))
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            except OSError as error:
                raise OutputError(
                    _("cannot write {path}: {error}").format(path=path, error=os_error_text(error))
                ) from None
        try:
            _sync([fd for fd, _name, _path in temps])
            for _fd, temp_name, path in temps:
                os.replace(temp_name, path)
                renamed += 1
        except OSError as error:
            path = temps[renamed][2]
            raise OutputError(
                _("cannot write {path}: {error}").format(path=path, error=os_error_text(error))
            ) from None
    finally:
        for index, (fd, temp_name, _path) in enumerate(temps):
            os.close(fd)
            if index >= renamed:
                Path(temp_name).unlink(missing_ok=True)


class OutputSet:
    """Refuses to write one path twice in a run (two sources with the same name into one folder)."""

    def __init__(self) -> None:
        self._written: dict[Path, str] = {}

    def claim(self, path: Path, source: str) -> None:
        """Reserve ``path`` for ``source``; raise OutputError if another source has it already."""
        key = path.resolve()
        if key in self._written and self._written[key] != source:
            raise OutputError(
                _("{path} would be written twice: by {first} and by {second}").format(
                    path=path, first=self._written[key], second=source
                )
            )
        self._written[key] = source


def file_identity(path: Path) -> tuple[int, int] | None:
    """Return the file's (device, inode), or None when nothing is there: the same file under two names,
    or a file replaced under one name, is told by it."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino
