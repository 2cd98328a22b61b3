"""The register's file: made whole under a name of its own, opened in WAL mode with its schema brought
up to date, every write in a ``BEGIN IMMEDIATE`` transaction after the day's backup.

Python's sqlite3 module opens deferred transactions by default; the register runs in autocommit
mode and opens every write transaction itself (``RegisterFile._write``).
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import Self, TypeVar
from urllib.parse import quote

from docgen.errors import library_error_text
from docgen.i18n import _
from docgen.output import file_identity
from docgen.register.reading import RegisterReader
from docgen.register.rows import RegisterError, now
from docgen.register.safety import daily_backup, inspect_file, quick_check, sqlite_failure
from docgen.register.schema import MIGRATIONS, SCHEMA, SCHEMA_VERSION, run_script

T = TypeVar("T")

BUSY_TIMEOUT_MS = 60_000
# SQLite answers "database is locked" at once, without its busy handler, in a few cases its docs
# name (where waiting "could result in a deadlock", a WAL file being set up or removed by another
# connection at that instant): seen on CI as two runs opening one new register.  Those moments
# pass in milliseconds, so the first statements of a connection and BEGIN IMMEDIATE are tried
# again for this long before the user is told the register is busy.
BUSY_RETRY_S = 20.0


def _busy(error: sqlite3.Error) -> bool:
    """Return True for SQLite's "database is locked" / "busy" answers."""
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _while_busy(step: Callable[[], T], may_retry: Callable[[], bool] = lambda: True) -> T:
    """Return ``step()``, run again while SQLite answers "locked" (and ``may_retry()``) for up to
    BUSY_RETRY_S, waiting a little longer at each attempt (5 ms … 200 ms); other errors, and the
    last "locked", are raised."""
    deadline = time.monotonic() + BUSY_RETRY_S
    attempt = 0
    while True:
        try:
            return step()
        except sqlite3.Error as error:
            if not (_busy(error) and time.monotonic() < deadline and may_retry()):
                raise
        time.sleep(min(0.2, 0.005 * 2**attempt))
        attempt += 1


def _unchanging(path: Path) -> str:
    """Return "&immutable=1" when no run has a read-only register open (no -wal, no -shm): read as the
    file is, without making a -shm (measured: SQLite cannot in a read-only folder, and in a writable one
    it leaves -wal and -shm owned by the reader, 0644, which the clerks who write could not open)."""
    if any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm")):
        return ""
    return "&immutable=1"


class RegisterFile(RegisterReader):
    """The register's SQLite connection: opened whole, its schema current, its writes serialised."""

    def __init__(self, path: Path, db: sqlite3.Connection, command: str | None = None) -> None:
        self.path = path
        self.command = command
        self._db = db
        self._backed_up = False  # today's backup made (or not needed) by this connection
        self._checked = False  # quick_check passed on this connection
        self._file: tuple[int, int] | None = None  # the register file opened (device, inode)

    @classmethod
    def open(cls, path: Path, command: str | None = None, *, init: bool = False, reading: bool = False) -> Self:
        """Open (creating or migrating as needed) the register at ``path``.

        ``command`` is the command line of this run: every number it takes remembers it.  A file
        that exists but is empty or not SQLite is refused (``init`` accepts an empty one).  With
        ``reading`` (list, show, check) a register this user may only read is opened read-only.
        """
        inspect_file(path, init=init)
        if not path.exists():
            cls._create(path)
        return cls._connect(path, command, read_only=reading and path.is_file() and not os.access(path, os.W_OK))

    @classmethod
    def _create(cls, path: Path) -> None:
        """Make a new register at ``path`` whole, or find the one another run made there first.

        Two runs starting on one new register at once would both create the file: the second saw
        an empty file (refused as damaged) or found the first one switching the journal and setting
        up the tables ("busy").  The register is built under a name of its own and linked into
        place, which fails when the path exists: nobody ever sees a half-made register.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise RegisterError(
                _("cannot open the register {path}: {error}").format(path=path, error=library_error_text(error))
            ) from None
        draft = path.with_name(f".{path.name}.{uuid.uuid4().hex}.new")
        try:
            cls._connect(draft).close()
            os.link(draft, path)
        except FileExistsError:
            pass  # another run made it first: open theirs
        except (OSError, RegisterError):
            pass  # a folder we may not write in, no hard links: made in place below, errors naming it
        finally:
            for leftover in (draft, draft.with_name(draft.name + "-wal"), draft.with_name(draft.name + "-shm")):
                with suppress(OSError):
                    leftover.unlink(missing_ok=True)
        if not path.exists():
            cls._connect(path).close()

    @classmethod
    def _connect(
        cls, path: Path, command: str | None = None, *, backups: bool = True, read_only: bool = False
    ) -> Self:
        """Connect to the register file at ``path``, bringing its schema up to date (``read_only``: as it is)."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # a register only readable for this user is opened read-only: list, show and check work,
            # a write is refused as read-only (lost9 #10)
            target = f"file:{quote(str(path.absolute()))}?mode=ro{_unchanging(path)}" if read_only else str(path)
            db = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, uri=read_only)
        except (OSError, sqlite3.Error) as error:
            raise RegisterError(
                _("cannot open the register {path}: {error}").format(path=path, error=library_error_text(error))
            ) from None
        db.row_factory = sqlite3.Row

        register = cls(path, db, command)
        register._backed_up = not backups

        def set_up() -> None:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not read_only:
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA synchronous = FULL")
            if read_only and not register._current():
                raise sqlite3.OperationalError("attempt to write a readonly database")  # to upgrade it
            register._ensure_schema()

        try:
            _while_busy(set_up, lambda: not db.in_transaction)
        except sqlite3.Error as error:
            db.close()
            raise sqlite_failure(error, path) from None
        except BaseException:
            db.close()
            raise
        register._file = file_identity(path)
        return register

    @classmethod
    def connect_without_backup(cls, path: Path) -> Self:
        """Connect to a register file being made (a restore's copy): no daily backup beside it."""
        return cls._connect(path, backups=False)

    def write(self) -> AbstractContextManager[sqlite3.Connection]:
        """A write transaction (see ``_write``), for the register's own modules."""
        return self._write()

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: object, error: BaseException | None, _trace: object) -> None:
        self.close()
        if isinstance(error, sqlite3.Error):  # the one place SQLite's errors become messages
            raise sqlite_failure(error, self.path) from None

    @property
    def register_id(self) -> str:
        """Return this register's id (a UUID kept in the file; output folders remember it)."""
        row = self._db.execute("SELECT value FROM meta WHERE key='register_id'").fetchone()
        return str(row["value"])

    def quick_check(self) -> None:
        """Raise RegisterError when SQLite finds the file damaged (once per connection)."""
        if not self._checked:
            quick_check(self._db, self.path)
            self._checked = True

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """Run a write transaction holding the database's write lock from its first statement.

        The day's first write is preceded by a backup of the file (docgen/register/safety.py).
        """
        if not self._backed_up:
            self._backed_up = True
            if self.schema_version():
                daily_backup(self._db, self.path)
        try:
            _while_busy(lambda: self._db.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as error:
            raise sqlite_failure(error, self.path) from None
        try:
            yield self._db
            self._still_in_place()  # before the commit: nothing is written into a removed file
        except BaseException as error:
            self._db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise sqlite_failure(error, self.path) from None
            raise
        else:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise sqlite_failure(error, self.path) from None
            self._still_in_place()  # removed during the commit: what was written is lost with it

    def _still_in_place(self) -> None:
        """Raise RegisterError if the register's path no longer names the file this connection opened
        (deleted, or moved and replaced, by another PC's sync or by hand: lost9 #7)."""
        if self._file is None:
            self._file = file_identity(self.path)
            return
        if file_identity(self.path) != self._file:
            raise RegisterError(
                _(
                    "the register {path} was moved or deleted while this run was using it: nothing was "
                    "recorded in it"
                ).format(path=self.path)
            )

    def schema_version(self) -> int:
        """Return the schema version recorded in the file (0 for a new file)."""
        exists = self._db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        if not exists:
            return 0
        row = self._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row["value"]) if row else 0

    def _current(self) -> bool:
        """Return True when the file has this docgen's schema and an id (nothing to write)."""
        if self.schema_version() != SCHEMA_VERSION:
            return False
        return self._db.execute("SELECT 1 FROM meta WHERE key='register_id'").fetchone() is not None

    def _ensure_schema(self) -> None:
        if self._current():  # a read-only register can still be read
            return
        self.quick_check()
        with self._write() as db:
            version = self.schema_version()
            if version == 0:
                run_script(db, SCHEMA)
                db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                db.execute("INSERT OR IGNORE INTO meta VALUES ('register_id', ?)", (str(uuid.uuid4()),))
                return
            if version > SCHEMA_VERSION:
                raise RegisterError(
                    _(
                        "the register {path} has schema version {version}; this docgen knows up to {known}"
                    ).format(path=self.path, version=version, known=SCHEMA_VERSION)
                )
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](db)
                version += 1
                db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(version),))
                db.execute(
                    "INSERT INTO audit (at, action, detail) VALUES (?, 'migrate', ?)",
                    (now(), f"schema {version}"),
                )
            db.execute("INSERT OR IGNORE INTO meta VALUES ('register_id', ?)", (str(uuid.uuid4()),))

    def backup(self, target: Path) -> None:
        """Copy the register to ``target`` with SQLite's online backup (safe while others write)."""
        if target.exists():
            raise RegisterError(_("{path} exists already").format(path=target))
        target.parent.mkdir(parents=True, exist_ok=True)
        destination = sqlite3.connect(target)
        try:
            self._db.backup(destination)
        finally:
            destination.close()
