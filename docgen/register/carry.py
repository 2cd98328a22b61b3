"""What a restore keeps of the register it replaces: every number the backup does not hold.

A backup is older than the register it goes back to; the numbers taken after it (issued, voided
or still taken) name documents that are out in the world.  Dropping them would let the series hand
them out again, so ``register restore`` copies each one the backup lacks — with its document, its
files and its audit entries — into the restored file before it is put in place.  A number both
hold keeps the backup's state (that is what the restore is for: a void or an import made by mistake
is undone).  A register that cannot be read (damaged: the usual reason to restore) gives nothing.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import library_error_text
from docgen.i18n import _
from docgen.register.rows import now, number_text

FOREIGN = "foreign"  # carry_over's answer for a file of another register


@dataclass(frozen=True)
class Carried:
    """A number the backup lacked, carried over from the register it replaced."""

    text: str
    status: str
    title: str
    files: tuple[str, ...]
    back_to: str = ""  # not carried: both hold it, and the backup's state (this) replaces ``status``


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in db.execute(f"PRAGMA table_info({table})")]


def _shared_columns(old: sqlite3.Connection, new: sqlite3.Connection, table: str, keys: tuple[str, ...]) -> list[str]:
    """Return the columns of ``table`` both files have, but its ``keys`` (ids, given anew)."""
    theirs = set(_columns(new, table))
    return [c for c in _columns(old, table) if c in theirs and c not in keys]


def _start(series: sqlite3.Row) -> int:
    """The first number of a series (registers before schema 3 started every series at 1)."""
    # sqlite3.Row: "in" looks at the values, keys() at the column names
    return int(series["start_seq"]) if "start_seq" in series.keys() else 1  # noqa: SIM118


def _series_id(restored: sqlite3.Connection, series: sqlite3.Row) -> int:
    """Return the restored file's id of ``series`` (made with the old file's start if it is new)."""
    restored.execute(
        "INSERT OR IGNORE INTO series (kind, name, year, next_seq, start_seq) VALUES (?, ?, ?, ?, ?)",
        (series["kind"], series["name"], series["year"], _start(series), _start(series)),
    )
    row = restored.execute(
        "SELECT id FROM series WHERE kind=? AND name=? AND year=?", (series["kind"], series["name"], series["year"])
    ).fetchone()
    return int(row[0])


def carry_over(replaced: Path, restored: sqlite3.Connection) -> tuple[list[Carried], str]:
    """Copy into ``restored`` (in the caller's transaction) every number of ``replaced`` it lacks.

    Returns the numbers carried over, and why ``replaced`` could not be read ("" when it was).
    ``restored`` has the current schema; ``replaced`` is only read, by the columns both have.  A file
    of another register (another id: a register started afresh) is not merged: its number 1 is
    not the backup's; ``FOREIGN`` says so.
    """
    try:
        # read only, yet not opened read-only: the last connection to close takes the WAL file away
        # (one opened with mode=ro leaves -wal and -shm beside the file, to be moved with it)
        old = sqlite3.connect(replaced)
    except sqlite3.Error as error:
        return [], library_error_text(error)
    old.row_factory = sqlite3.Row
    try:
        if old.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return [], _("SQLite integrity check failed")
        ids = [db.execute("SELECT value FROM meta WHERE key='register_id'").fetchone() for db in (old, restored)]
        if ids[0] is not None and ids[1] is not None and ids[0][0] != ids[1][0]:
            return [], FOREIGN
        return _carry(old, restored), ""
    except sqlite3.DatabaseError as error:
        return [], library_error_text(error)
    finally:
        old.close()


def _carry(old: sqlite3.Connection, restored: sqlite3.Connection) -> list[Carried]:
    number_cols = _shared_columns(old, restored, "numbers", ("id", "series_id"))
    document_cols = _shared_columns(old, restored, "documents", ("id", "number_id"))
    restored_audit = {tuple(r) for r in restored.execute("SELECT at, action, number_text, detail FROM audit")}
    carried: list[Carried] = []
    for series in old.execute("SELECT * FROM series ORDER BY kind, name, year").fetchall():
        target = _series_id(restored, series)
        held = {
            int(r[0]): str(r[1]) for r in restored.execute("SELECT seq, status FROM numbers WHERE series_id=?", (target,))
        }
        numbers = old.execute(
            f"SELECT id, {', '.join(number_cols)} FROM numbers WHERE series_id=? ORDER BY seq", (series["id"],)
        ).fetchall()
        for number in numbers:
            text = number_text(series["kind"], series["name"], series["year"], number["seq"])
            if number["seq"] in held:  # the backup's record of this number stands; said when it differs
                if held[number["seq"]] != number["status"]:
                    carried.append(Carried(text, str(number["status"]), "", (), back_to=held[number["seq"]]))
                continue
            values = {c: number[c] for c in number_cols}
            key = values.get("item_key")
            if key is not None and restored.execute(
                "SELECT 1 FROM numbers WHERE series_id=? AND item_key=?", (target, key)
            ).fetchone():
                values["item_key"] = f"{key}#restored{number['id']}"  # the backup gave the item another number
            cursor = restored.execute(
                f"INSERT INTO numbers (series_id, {', '.join(values)}) VALUES (?{', ?' * len(values)})",
                (target, *values.values()),
            )
            document = old.execute(
                f"SELECT {', '.join(document_cols)} FROM documents WHERE number_id=?", (number["id"],)
            ).fetchone()
            if document is not None:
                restored.execute(
                    f"INSERT INTO documents (number_id, {', '.join(document_cols)}) "
                    f"VALUES (?{', ?' * len(document_cols)})",
                    (cursor.lastrowid, *(document[c] for c in document_cols)),
                )
            for entry in old.execute(
                "SELECT at, action, number_text, detail FROM audit WHERE number_text=? ORDER BY id", (text,)
            ).fetchall():
                if tuple(entry) not in restored_audit:
                    restored.execute(
                        "INSERT INTO audit (at, action, number_text, detail) VALUES (?, ?, ?, ?)", tuple(entry)
                    )
            files = json.loads(document["outputs"]) if document is not None and document["outputs"] else []
            title = str(document["title"]) if document is not None else str(number["reason"] or "")
            carried.append(Carried(text, str(number["status"]), title, tuple(str(f["path"]) for f in files)))
            held[int(number["seq"])] = str(number["status"])
        if held:
            restored.execute("UPDATE series SET next_seq=MAX(next_seq, ?) WHERE id=?", (max(held) + 1, target))
        else:  # a series moved on by ``register start`` with no number taken yet keeps its place
            restored.execute(
                "UPDATE series SET next_seq=?, start_seq=? WHERE id=? AND next_seq<?",
                (series["next_seq"], _start(series), target, series["next_seq"]),
            )
    return carried


def carry_into(partial: Path, replaced: Path | None, backup: Path) -> tuple[list[Carried], str]:
    """Bring the copy of ``backup`` at ``partial`` to the current schema, carry over what ``replaced``
    (the register it is to replace, if there is one) holds and it lacks, and note the restore in its
    audit.  Returns what ``carry_over`` returns."""
    from docgen.register.connection import RegisterFile  # here: connection imports safety, which calls this

    register = RegisterFile.connect_without_backup(partial)
    try:
        with register.write() as db:
            carried, unread = carry_over(replaced, db) if replaced is not None else ([], "")
            detail = f"from {backup}" + (f"; {len(carried)} carried over from {replaced}" if carried else "")
            db.execute("INSERT INTO audit (at, action, detail) VALUES (?, 'restore', ?)", (now(), detail))
    finally:
        register.close()
    return carried, unread


@dataclass(frozen=True)
class Behind:
    """A number issued in an older file of this register (one a restore replaced) that it lacks,
    or holds for another document (``here``: that document's title)."""

    kind: str
    name: str
    year: int
    seq: int
    title: str
    replaced: Path
    here: str | None = None

    @property
    def text(self) -> str:
        return number_text(self.kind, self.name, self.year, self.seq)


def replaced_files(path: Path) -> list[Path]:
    """Return the files restores replaced beside the register at ``path``, oldest first."""
    found = path.parent.glob(f"{path.name}.replaced-*")
    return sorted(p for p in found if p.is_file() and not p.name.endswith(("-wal", "-shm", "-journal")))


def behind_replaced(path: Path, db: sqlite3.Connection) -> list[Behind]:
    """Return the numbers issued in a file a restore replaced beside the register (same register id)
    that the register ``db`` does not hold: numbers a restore dropped (docgen before carry-over, or a
    copy put in place by hand).  A file that cannot be read is passed over."""
    own = db.execute("SELECT value FROM meta WHERE key='register_id'").fetchone()
    found: list[Behind] = []
    reported: set[str] = set()  # the texts of ``found``
    for replaced in replaced_files(path):
        try:
            old = sqlite3.connect(replaced)  # read only; see carry_over for why not mode=ro
        except sqlite3.Error:
            continue
        try:
            other = old.execute("SELECT value FROM meta WHERE key='register_id'").fetchone()
            if own is None or other is None or other[0] != own[0]:
                continue  # another register's file
            rows = old.execute(
                "SELECT s.kind, s.name, s.year, n.seq, d.title FROM numbers n JOIN series s ON s.id=n.series_id "
                "LEFT JOIN documents d ON d.number_id=n.id WHERE n.status='issued' "
                "ORDER BY s.kind, s.name, s.year, n.seq"
            ).fetchall()
        except sqlite3.Error:
            continue
        finally:
            old.close()
        for kind, name, year, seq, title in rows:
            held = db.execute(
                "SELECT d.title FROM numbers n JOIN series s ON s.id=n.series_id "
                "LEFT JOIN documents d ON d.number_id=n.id WHERE s.kind=? AND s.name=? AND s.year=? AND n.seq=?",
                (kind, name, year, seq),
            ).fetchone()
            text = number_text(kind, name, year, seq)
            if text in reported:
                continue
            if held is None:
                found.append(Behind(kind, name, year, seq, str(title or ""), replaced))
                reported.add(text)
            elif held[0] is not None and title and "".join(str(held[0]).split()) != "".join(str(title).split()):
                found.append(Behind(kind, name, year, seq, str(title), replaced, str(held[0])))
                reported.add(text)
    return found
