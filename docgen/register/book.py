"""The register: document numbers, 督办 numbers and bulletin issues, never lost and never issued twice.

One SQLite file.  Series are keyed by kind (文号, 督办, 简报 …), name (the 代字 or a series name)
and year.  Allocation runs in a ``BEGIN IMMEDIATE`` transaction with a busy timeout, so processes
and threads queue for the write lock instead of reading the same "next" number; it is idempotent
per item key (a 督办 item, a unit and month, the hash of a notice being issued): asking again
returns the number the item already has.

States of a number: ``allocated`` (taken, no document recorded yet), ``issued`` (a document is
recorded with its files and their hashes), ``void`` (withdrawn, with a reason).  A number whose
document failed to render is released when nothing was allocated after it (the series steps
back: no gap), otherwise voided with the reason.  Every void, release and forced re-issue is kept
in the audit table.  Python's sqlite3 module opens deferred transactions by default; this module
runs in autocommit mode and opens every write transaction itself.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from docgen.errors import library_error_text
from docgen.i18n import _
from docgen.register.reading import RegisterReader
from docgen.register.rows import (
    Allocation,
    NumberRow,
    RegisterError,
    now,
    number_text,
    sha256_file,
    taken_by_hand,
)
from docgen.register.safety import daily_backup, inspect_file, quick_check, sqlite_failure
from docgen.register.schema import MIGRATIONS, SCHEMA, SCHEMA_VERSION, run_script

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


def _pause(attempt: int) -> None:
    """Wait a little longer at each attempt (5 ms … 200 ms)."""
    time.sleep(min(0.2, 0.005 * 2**attempt))


def _status_word(status: str) -> str:
    """Return a number's status in the user's language (as ``register list`` shows it)."""
    return {"allocated": _("allocated"), "issued": _("issued"), "void": _("void")}.get(status, status)


def _free_item_key(db: sqlite3.Connection, number_id: int) -> None:
    """Detach a voided number from its item, so that the item can take a new number."""
    db.execute(
        "UPDATE numbers SET item_key = item_key || '#void' || id WHERE id=? AND item_key IS NOT NULL",
        (number_id,),
    )


class Register(RegisterReader):
    """A register file; open it with ``Register.open(path)`` and use it as a context manager."""

    def __init__(self, path: Path, db: sqlite3.Connection, command: str | None = None) -> None:
        self.path = path
        self.command = command
        self._db = db
        self._backed_up = False  # today's backup made (or not needed) by this connection
        self._checked = False  # quick_check passed on this connection

    @classmethod
    def open(cls, path: Path, command: str | None = None, *, init: bool = False) -> Register:
        """Open (creating or migrating as needed) the register at ``path``.

        ``command`` is the command line of this run: every number it takes remembers it.  A file
        that exists but is empty or not SQLite is refused (``init`` accepts an empty one).
        """
        inspect_file(path, init=init)
        if not path.exists():
            cls._create(path)
        return cls._connect(path, command)

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
    def _connect(cls, path: Path, command: str | None = None) -> Register:
        """Connect to the register file at ``path``, bringing its schema up to date."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise RegisterError(
                _("cannot open the register {path}: {error}").format(path=path, error=library_error_text(error))
            ) from None
        db.row_factory = sqlite3.Row
        deadline = time.monotonic() + BUSY_RETRY_S
        attempt = 0
        while True:
            try:
                db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA foreign_keys = ON")
                db.execute("PRAGMA synchronous = FULL")
                register = cls(path, db, command)
                register._ensure_schema()
            except sqlite3.Error as error:
                if _busy(error) and time.monotonic() < deadline and not db.in_transaction:
                    _pause(attempt)
                    attempt += 1
                    continue
                db.close()
                raise sqlite_failure(error, path) from None
            except BaseException:
                db.close()
                raise
            return register

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Register:
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
        deadline = time.monotonic() + BUSY_RETRY_S
        attempt = 0
        while True:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.Error as error:
                if not (_busy(error) and time.monotonic() < deadline):
                    raise sqlite_failure(error, self.path) from None
                _pause(attempt)
                attempt += 1
        try:
            yield self._db
        except BaseException as error:
            self._db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise sqlite_failure(error, self.path) from None
            raise
        else:
            self._db.execute("COMMIT")

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

    # --- allocation ------------------------------------------------------------------------------

    def allocate(
        self, kind: str, name: str, year: int, item_key: str | None = None, *, command: str | None = None
    ) -> Allocation:
        """Take the next number of a series; an item that has a number already gets it back.

        ``command`` is the command line that takes the number: ``register check`` shows it for a
        number left taken by a killed run (running it again finishes the job).
        """
        self.quick_check()
        with self._write() as db:
            return self._allocate(db, kind, name, year, item_key, command or self.command)

    def _series(self, db: sqlite3.Connection, kind: str, name: str, year: int) -> sqlite3.Row:
        db.execute("INSERT OR IGNORE INTO series (kind, name, year) VALUES (?, ?, ?)", (kind, name, year))
        row: sqlite3.Row = db.execute(
            "SELECT * FROM series WHERE kind=? AND name=? AND year=?", (kind, name, year)
        ).fetchone()
        return row

    def _allocate(
        self,
        db: sqlite3.Connection,
        kind: str,
        name: str,
        year: int,
        item_key: str | None,
        command: str | None = None,
    ) -> Allocation:
        series = self._series(db, kind, name, year)
        if item_key is not None:
            row = db.execute(
                "SELECT id, seq, status FROM numbers WHERE series_id=? AND item_key=?",
                (series["id"], item_key),
            ).fetchone()
            if row is not None and row["status"] != "void":
                return Allocation(row["id"], kind, name, year, row["seq"], row["status"], False)
            if row is not None:  # a voided number frees its item: the item gets a new number
                _free_item_key(db, row["id"])
        seq = series["next_seq"]
        cursor = db.execute(
            "INSERT INTO numbers (series_id, seq, item_key, status, allocated_at, command) "
            "VALUES (?, ?, ?, 'allocated', ?, ?)",
            (series["id"], seq, item_key, now(), command),
        )
        db.execute("UPDATE series SET next_seq=? WHERE id=?", (seq + 1, series["id"]))
        return Allocation(int(cursor.lastrowid or 0), kind, name, year, seq, "allocated", True)

    def start(self, kind: str, name: str, year: int, next_seq: int) -> int:
        """Continue a series at ``next_seq`` (an office adopting docgen mid-year); return the old next.

        A new series simply starts there (the numbers below were issued before docgen).  A series
        with numbers may only move forward: the numbers skipped are voided with the reason.
        """
        if next_seq < 1:
            raise RegisterError(_("the next number must be 1 or more, not {value}").format(value=next_seq))
        with self._write() as db:
            series = self._series(db, kind, name, year)
            current = int(series["next_seq"])
            used = db.execute("SELECT MAX(seq) FROM numbers WHERE series_id=?", (series["id"],)).fetchone()[0]
            if used is None:
                db.execute(
                    "UPDATE series SET next_seq=?, start_seq=? WHERE id=?", (next_seq, next_seq, series["id"])
                )
            elif next_seq < current:
                raise RegisterError(
                    _(
                        "{number} is taken already: a series cannot go back (its next number is {next})"
                    ).format(
                        number=number_text(kind, name, year, next_seq),
                        next=number_text(kind, name, year, current),
                    )
                )
            else:
                reason = _("used outside docgen (register start)")
                for seq in range(current, next_seq):
                    db.execute(
                        "INSERT INTO numbers (series_id, seq, status, allocated_at, reason) "
                        "VALUES (?, ?, 'void', ?, ?)",
                        (series["id"], seq, now(), reason),
                    )
                db.execute("UPDATE series SET next_seq=? WHERE id=?", (next_seq, series["id"]))
            db.execute(
                "INSERT INTO audit (at, action, number_text, detail) VALUES (?, 'start', ?, ?)",
                (now(), number_text(kind, name, year, next_seq), f"next {current} -> {next_seq}"),
            )
            return current

    def import_conflicts(
        self, kind: str, entries: Sequence[tuple[str, int, int, str, str]]
    ) -> list[tuple[int, str, str]]:
        """Return the entries (code, year, seq, title, date) whose number the register holds for another
        document: (position, the number, the register's title) — one number used twice, to be sorted out
        by hand rather than passed over as known."""
        def same(title: str) -> str:
            return "".join(title.split())

        found = []
        for position, (code, year, seq, title, _date) in enumerate(entries):
            row = self._db.execute(
                "SELECT d.title FROM numbers n JOIN series s ON s.id=n.series_id "
                "JOIN documents d ON d.number_id=n.id "
                "WHERE s.kind=? AND s.name=? AND s.year=? AND n.seq=? AND n.status!='void'",
                (kind, code, year, seq),
            ).fetchone()
            if row is not None and row["title"] and title and same(row["title"]) != same(title):
                found.append((position, number_text(kind, code, year, seq), str(row["title"])))
        return found

    def import_issued(self, kind: str, entries: Sequence[tuple[str, int, int, str, str]]) -> int:
        """Record numbers issued before docgen (code, year, seq, title, date); return how many were new.

        All in one transaction.  A series continues after the highest number imported; a series
        new to the register starts at its lowest, so ``register check`` does not count the numbers
        before the office's sheet as gaps.  Numbers the register has already are left as they are,
        except one taken by ``docgen register next`` and not yet recorded: the sheet records its use
        (the office numbered a document made outside docgen with it).
        """
        added = 0
        with self._write() as db:
            for code, year, seq, title, doc_date in entries:
                series = self._series(db, kind, code, year)
                taken = db.execute(
                    "SELECT id, status, command FROM numbers WHERE series_id=? AND seq=?", (series["id"], seq)
                ).fetchone()
                if taken and taken["status"] == "allocated" and taken_by_hand(taken["command"]):
                    self._record_imported(db, taken["id"], kind, number_text(kind, code, year, seq), title, doc_date)
                    added += 1
                    continue
                if taken:
                    continue
                empty = (
                    db.execute("SELECT COUNT(*) FROM numbers WHERE series_id=?", (series["id"],)).fetchone()[
                        0
                    ]
                    == 0
                )
                if empty and series["next_seq"] == series["start_seq"] or seq < series["start_seq"]:
                    db.execute("UPDATE series SET start_seq=? WHERE id=?", (seq, series["id"]))
                cursor = db.execute(
                    "INSERT INTO numbers (series_id, seq, item_key, status, allocated_at, command) "
                    "VALUES (?, ?, ?, 'allocated', ?, 'docgen register import')",
                    (series["id"], seq, f"import:{seq}", now()),
                )
                db.execute("UPDATE series SET next_seq=MAX(next_seq, ?) WHERE id=?", (seq + 1, series["id"]))
                self._record_imported(db, cursor.lastrowid, kind, number_text(kind, code, year, seq), title, doc_date)
                added += 1
        return added

    @staticmethod
    def _record_imported(db: sqlite3.Connection, number_id: int | None, kind: str, text: str, title: str, doc_date: str) -> None:
        """Record a document of an imported 发文登记 under its number, which becomes issued."""
        db.execute(
            "INSERT INTO documents (number_id, kind, title, addressees, doc_date, input_hash, outputs, "
            "signer, signed_at) VALUES (?, ?, ?, '', ?, 'import', '[]', '', ?)",
            (number_id, kind, title, doc_date, now()),
        )
        db.execute("UPDATE numbers SET status='issued' WHERE id=?", (number_id,))
        db.execute(
            "INSERT INTO audit (at, action, number_text, detail) VALUES (?, 'import', ?, ?)", (now(), text, title)
        )

    def claim(self, kind: str, name: str, year: int, seq: int, item_key: str) -> Allocation:
        """Take a number written out in a source: it must be the item's own or the series' next one."""
        self.quick_check()
        with self._write() as db:
            series = self._series(db, kind, name, year)
            row = db.execute(
                "SELECT * FROM numbers WHERE series_id=? AND seq=?", (series["id"], seq)
            ).fetchone()
            if row is not None:
                if row["item_key"] == item_key:
                    return Allocation(row["id"], kind, name, year, seq, row["status"], False)
                raise RegisterError(
                    _("{number} is taken already ({status})").format(
                        number=number_text(kind, name, year, seq), status=row["status"]
                    )
                )
            if seq != series["next_seq"]:
                raise RegisterError(
                    _("the next number of this series is {next}; write auto, or that number").format(
                        next=number_text(kind, name, year, series["next_seq"])
                    )
                )
            return self._allocate(db, kind, name, year, item_key, self.command)

    def lookup(self, kind: str, name: str, year: int, item_key: str) -> NumberRow | None:
        """Return the number an item holds (taken or issued, not void), without taking one."""
        row = self._db.execute(
            "SELECT n.id FROM numbers n JOIN series s ON s.id=n.series_id "
            "WHERE s.kind=? AND s.name=? AND s.year=? AND n.item_key=? AND n.status!='void'",
            (kind, name, year, item_key),
        ).fetchone()
        return self.get(row["id"]) if row else None

    def series_names(self, kind: str) -> list[str]:
        """Return the names of the register's series of ``kind`` (any year), sorted."""
        rows = self._db.execute("SELECT DISTINCT name FROM series WHERE kind=? ORDER BY name", (kind,))
        return [str(row["name"]) for row in rows.fetchall()]

    def next_free(self, kind: str, name: str, year: int) -> int:
        """Return the sequence the next allocation would get (nothing is taken)."""
        row = self._db.execute(
            "SELECT next_seq FROM series WHERE kind=? AND name=? AND year=?", (kind, name, year)
        ).fetchone()
        return int(row["next_seq"]) if row else 1

    # --- documents -------------------------------------------------------------------------------

    def issued_with_input(self, input_hash: str) -> NumberRow | None:
        """Return the issued number whose document had this input, if any."""
        row = self._db.execute(
            "SELECT number_id FROM documents d JOIN numbers n ON n.id=d.number_id "
            "WHERE d.input_hash=? AND n.status='issued' ORDER BY d.id DESC LIMIT 1",
            (input_hash,),
        ).fetchone()
        return self.get(row["number_id"]) if row else None

    def record_issue(
        self,
        allocation: Allocation,
        *,
        title: str,
        addressees: str,
        doc_date: str,
        input_hash: str,
        outputs: Sequence[Path],
        signer: str,
        forced: bool = False,
        amend: bool = False,
    ) -> None:
        """Record a document as issued under its number, with its files and their hashes.

        With ``amend``, a number issued already gets its record replaced (a batch that made more
        of its files on a later run, such as the bulletins of one issue).
        """
        files = [{"path": str(p.resolve()), "sha256": sha256_file(p)} for p in outputs]
        with self._write() as db:
            status = db.execute("SELECT status FROM numbers WHERE id=?", (allocation.number_id,)).fetchone()[
                "status"
            ]
            if amend and status == "issued":
                db.execute("DELETE FROM documents WHERE number_id=?", (allocation.number_id,))
                db.execute("UPDATE numbers SET status='allocated' WHERE id=?", (allocation.number_id,))
                db.execute(
                    "INSERT INTO audit (at, action, number_text, detail) VALUES (?, 'amend', ?, ?)",
                    (now(), allocation.text, ", ".join(Path(f["path"]).name for f in files)),
                )
                status = "allocated"
            if status != "allocated":
                raise RegisterError(
                    _("{number} is {status}, it cannot be issued").format(
                        number=allocation.text, status=_status_word(status)
                    )
                )
            db.execute(
                "INSERT INTO documents (number_id, kind, title, addressees, doc_date, input_hash, outputs, signer, "
                "signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    allocation.number_id,
                    allocation.kind,
                    title,
                    addressees,
                    doc_date,
                    input_hash,
                    json.dumps(files, ensure_ascii=False),
                    signer,
                    now(),
                ),
            )
            db.execute("UPDATE numbers SET status='issued' WHERE id=?", (allocation.number_id,))
            if forced:
                db.execute(
                    "INSERT INTO audit (at, action, number_text, detail) VALUES (?, 'force', ?, ?)",
                    (now(), allocation.text, _("issued again with --force (same input)")),
                )

    def release_or_void(self, allocation: Allocation, reason: str) -> str:
        """Give back a number whose document failed: released if it is the last one, else voided.

        Returns ``"released"`` or ``"void"``.
        """
        with self._write() as db:
            row = db.execute(
                "SELECT n.seq, n.status, s.id AS sid, s.next_seq FROM numbers n JOIN series s ON s.id=n.series_id "
                "WHERE n.id=?",
                (allocation.number_id,),
            ).fetchone()
            if row is None or row["status"] != "allocated":
                return str(row["status"]) if row else "released"
            if row["seq"] == row["next_seq"] - 1:
                db.execute("DELETE FROM numbers WHERE id=?", (allocation.number_id,))
                db.execute("UPDATE series SET next_seq=? WHERE id=?", (row["seq"], row["sid"]))
                db.execute(
                    "INSERT INTO audit (at, action, number_text, detail) VALUES (?, 'release', ?, ?)",
                    (now(), allocation.text, reason),
                )
                return "released"
            db.execute(
                "UPDATE numbers SET status='void', reason=? WHERE id=?", (reason, allocation.number_id)
            )
            _free_item_key(db, allocation.number_id)
            db.execute(
                "INSERT INTO audit (at, action, number_text, detail) VALUES (?, 'void', ?, ?)",
                (now(), allocation.text, reason),
            )
            return "void"

    def void(self, text: str, reason: str) -> NumberRow:
        """Void a number (written like 伊重点项目办〔2020〕13号), keeping the reason in the audit."""
        row = self.find(text)
        with self._write() as db:
            db.execute("UPDATE numbers SET status='void', reason=? WHERE id=?", (reason, row.number_id))
            _free_item_key(db, row.number_id)
            db.execute(
                "INSERT INTO audit (at, action, number_text, detail) VALUES (?, 'void', ?, ?)",
                (now(), text, reason),
            )
        return self.get(row.number_id)

    def release(self, text: str, reason: str) -> str:
        """Give back a number left taken (``allocated``): released if last in its series, else voided."""
        row = self.find(text)
        if row.status != "allocated":
            raise RegisterError(
                _("{number} is {status}: only a number taken and not recorded can be released").format(
                    number=row.text, status=row.status
                )
            )
        allocation = Allocation(row.number_id, row.kind, row.name, row.year, row.seq, row.status, False)
        return self.release_or_void(allocation, reason)

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
