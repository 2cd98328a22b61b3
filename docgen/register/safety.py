"""The register defends itself: it never starts afresh over a damaged file, checks itself before it
hands out a number, and keeps a backup of each day's state before that day's first change.

- A file that exists but is empty, shorter than an SQLite header or not SQLite is an error naming
  it ("登记簿为空或已损坏") with the latest backup and ``docgen register restore``; only
  ``docgen register init`` makes a register there, and only on an empty file (a truncated one).
- ``PRAGMA quick_check`` runs before the first allocation of a run and in ``register check``.
- Before the first write of each day the register is copied with SQLite's online backup into
  ``<register>.backups/<stem>-YYYY-MM-DD.sqlite``; the last ``KEEP_BACKUPS`` are kept.
- SQLite's "read-only" and "locked" become messages naming the file, not tracebacks.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import library_error_text, os_error_text
from docgen.i18n import _
from docgen.register.rows import RegisterError

if TYPE_CHECKING:
    from docgen.register.carry import Carried

SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file
SQLITE_FULL = 13  # "database or disk is full" (ENOSPC)
# "disk I/O error" growing a file: writing the WAL, truncating, sizing the -shm (all three measured
# with ulimit -f: EFBIG), or a failing disk
SQLITE_IOERR_GROWING = (10 | 3 << 8, 10 | 6 << 8, 10 | 19 << 8)
KEEP_BACKUPS = 14  # two weeks of working days: enough to go back past a bad week, small on disk


def backup_folder(path: Path) -> Path:
    """Return the folder of a register's automatic backups."""
    return path.with_name(path.name + ".backups")


def backups(path: Path) -> list[Path]:
    """Return the register's automatic backups, oldest first."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{path.stem}-*.sqlite") if p.is_file())


def _damaged(path: Path, what: str) -> RegisterError:
    latest = backups(path)
    if latest:
        hint = _("latest backup: {backup}; to go back to it: docgen register restore {backup}").format(
            backup=latest[-1]
        )
    else:
        hint = _("no automatic backup was found beside it")
    return RegisterError(
        _("the register {path} is empty or damaged ({what}); nothing was changed. {hint}").format(
            path=path, what=what, hint=hint
        )
    )


def inspect_file(path: Path, *, init: bool = False) -> None:
    """Refuse a register file that exists but cannot be a register (``init`` accepts an empty one)."""
    if not path.exists():
        finish_restore(path)
    if not path.exists():
        latest = backups(path)
        if latest and not init:  # moved, deleted, or a restore killed half-way: never start again at 1
            raise RegisterError(
                _(
                    "the register {path} is missing, but its automatic backups are beside it: a new register "
                    "would give numbers already issued again. To go back to the latest backup: docgen register "
                    "restore {backup}; to start a new register there all the same: docgen register init"
                ).format(path=path, backup=latest[-1])
            )
        return
    if not path.is_file():
        raise RegisterError(_("the register {path} is not a regular file").format(path=path))
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise RegisterError(
            _("cannot read the register {path}: {error}").format(path=path, error=os_error_text(error))
        ) from None
    if not head:
        if init:
            return
        raise _damaged(path, _("the file is empty"))
    if head != SQLITE_HEADER:
        raise _damaged(path, _("not an SQLite database"))


def quick_check(db: sqlite3.Connection, path: Path) -> None:
    """Run SQLite's quick_check; a damaged database is an error naming the file and the backup."""
    try:
        rows = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as error:
        raise _damaged(path, library_error_text(error)) from None
    if rows != ["ok"]:
        raise _damaged(path, "; ".join(str(r) for r in rows[:3]))


def daily_backup(db: sqlite3.Connection, path: Path, today: dt.date | None = None) -> Path | None:
    """Back the register up before the day's first write (once a day); keep the last KEEP_BACKUPS."""
    day = (today or dt.date.today()).isoformat()
    target = backup_folder(path) / f"{path.stem}-{day}.sqlite"
    if target.exists():
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.part")  # two runs may back up at once
        destination = sqlite3.connect(partial)
        try:
            db.backup(destination)
        finally:
            destination.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error):
        return None  # a backup that cannot be written must not stop the office's work
    for old in backups(path)[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


@dataclass(frozen=True)
class Restored:
    """What a restore did: where the file it replaced is kept, what it carried over from that file."""

    kept: Path | None  # None: there was no register file to replace
    carried: list[Carried]
    unread: str  # why the file replaced could not be read ("" when it was, or there was none)
    # files of numbers the backup holds as issued, given back their names a void had marked 作废
    renamed: tuple[tuple[Path, Path], ...] = ()


def restore(path: Path, backup: Path) -> Restored:
    """Put ``backup`` in place of the register, with every number the register holds and the backup
    lacks carried over (docgen/register/carry.py); the file replaced is kept beside it."""
    from docgen.register.carry import carry_into  # here: carry reaches the connection, which imports this

    inspect_file(backup)
    # immutable unless a run has it open: mode=ro alone leaves -wal and -shm beside the backup (lost9 #11)
    open_now = any(backup.with_name(backup.name + side).exists() for side in ("-wal", "-shm"))
    source = sqlite3.connect(f"file:{backup}?mode=ro{'' if open_now else '&immutable=1'}", uri=True)
    try:
        quick_check(source, backup)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = path.with_name(f"{path.name}.replaced-{stamp}")
        # the copy is made whole beside the register first: a kill leaves the old register or the
        # new one in place, at worst none for an instant (then inspect_file points to the backups)
        partial = path.with_name(f"{path.name}.restoring-{os.getpid()}")
        partial.unlink(missing_ok=True)
        try:
            destination = sqlite3.connect(partial)
            try:
                source.backup(destination)
            finally:
                destination.close()
            carried, unread = carry_into(partial, path if path.exists() else None, backup)
            with partial.open("rb") as handle:
                os.fsync(handle.fileno())
            ready = partial.with_name(f"{path.name}.restored-{os.getpid()}")
            os.replace(partial, ready)  # whole: a kill from here on is finished by the next run
            partial = ready
        except BaseException:
            for leftover in (
                partial,
                partial.with_name(partial.name + "-wal"),
                partial.with_name(partial.name + "-shm"),
            ):
                leftover.unlink(missing_ok=True)
            raise
        replaced = path.exists()
        if replaced:
            os.replace(path, kept)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
        os.replace(partial, path)
    except sqlite3.Error as error:
        raise RegisterError(
            _("cannot restore {backup}: {error}").format(backup=backup, error=library_error_text(error))
        ) from None
    finally:
        source.close()
    return Restored(kept if replaced else None, carried, unread, _issued_names_back(path))


def _alive(pid: int) -> bool:
    """Return True when a process ``pid`` runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def finish_restore(path: Path) -> None:
    """Finish a restore killed between its renames (lost9 #11): the register is missing and a whole copy
    ``<register>.restored-PID`` of a run that has ended is beside it: put it in place.  The old register's
    -wal/-shm, if the kill left them, go beside the file it was kept as (never applied to the copy)."""
    import glob

    def ended(pattern: str) -> list[Path]:
        found = sorted(path.parent.glob(glob.escape(path.name) + pattern))
        return [p for p in found if p.name.rsplit("-", 1)[1].isdigit() and not _alive(int(p.name.rsplit("-", 1)[1]))]

    for partial in ended(".restoring-*"):  # a copy a killed restore never finished: never used
        for leftover in (partial, partial.with_name(partial.name + "-wal"), partial.with_name(partial.name + "-shm")):
            leftover.unlink(missing_ok=True)
    ready = ended(".restored-*")
    if not ready or path.exists():
        return
    kept = sorted(path.parent.glob(glob.escape(path.name) + ".replaced-*"))
    kept = [p for p in kept if not p.name.endswith(("-wal", "-shm"))]
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            target = kept[-1] if kept else path.with_name(f"{path.name}.replaced-{os.getpid()}")
            os.replace(side, target.with_name(target.name + suffix))
    try:
        os.link(ready[-1], path)  # never over a register another run put there meanwhile
    except FileExistsError:
        return
    except OSError:
        if path.exists():
            return
        os.replace(ready[-1], path)
    ready[-1].unlink(missing_ok=True)


def _issued_names_back(path: Path) -> tuple[tuple[Path, Path], ...]:
    """Give the files of the numbers the restored register holds as issued their names back, where a
    void the restore undid had renamed them “…（作废）” (docgen/register/voided.py)."""
    import json

    from docgen.register.voided import restore_names

    # immutable: the file was just written whole and closed; a read-only connection to a WAL database
    # would leave -wal and -shm files beside it
    db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        rows = db.execute(
            "SELECT d.outputs FROM documents d JOIN numbers n ON n.id = d.number_id WHERE n.status = 'issued'"
        ).fetchall()
    except sqlite3.Error:
        return ()  # an old schema or a damaged file: register check says what is wrong
    finally:
        db.close()
    return tuple(restore_names(o for (outputs,) in rows if outputs for o in json.loads(outputs)))


def sqlite_failure(error: sqlite3.Error, path: Path) -> RegisterError:
    """Return the message for an SQLite error met while using the register."""
    text = str(error).lower()
    if "readonly" in text or "read-only" in text:
        return RegisterError(
            _("the register {path} is read-only for you: nothing can be numbered or recorded").format(
                path=path
            )
        )
    if "locked" in text or "busy" in text:
        return RegisterError(
            _("the register {path} is busy (another docgen run holds it); try again in a moment").format(
                path=path
            )
        )
    code = getattr(error, "sqlite_errorcode", None)
    if code == SQLITE_FULL or "disk is full" in text:
        return RegisterError(
            _("the register {path} could not be written: the disk is full; the register was not changed").format(
                path=path
            )
        )
    if code in SQLITE_IOERR_GROWING:  # EFBIG (a file size limit) comes as these, as does a failing disk
        return RegisterError(
            _(
                "the register {path} could not be written: the disk is full or a file size limit was reached "
                "(or the disk is failing); the register was not changed"
            ).format(path=path)
        )
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
        return _damaged(path, library_error_text(error))
    return RegisterError(_("the register {path}: {error}").format(path=path, error=library_error_text(error)))
