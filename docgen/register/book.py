"""The register: document numbers, 督办 numbers and bulletin issues, never lost and never issued twice.

One SQLite file (opened by ``docgen.register.connection``).  Series are keyed by kind (文号, 督办,
简报 …), name (the 代字 or a series name) and year.  Allocation runs in a ``BEGIN IMMEDIATE``
transaction with a busy timeout, so processes and threads queue for the write lock instead of
reading the same "next" number; it is idempotent per item key (a 督办 item, a unit and month, the
hash of a notice being issued): asking again returns the number the item already has.

States of a number: ``allocated`` (taken, no document recorded yet), ``issued`` (a document is
recorded with its files and their hashes), ``void`` (withdrawn, with a reason).  A number whose
document failed to render is released when nothing was allocated after it (the series steps
back: no gap), otherwise voided with the reason.  Every void, release and forced re-issue is kept
in the audit table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from docgen.i18n import _
from docgen.register.connection import RegisterFile
from docgen.register.rows import (
    Allocation,
    NumberRow,
    RegisterError,
    now,
    number_text,
    sha256_file,
    taken_by_hand,
)


def _status_word(status: str) -> str:
    """Return a number's status in the user's language (as ``register list`` shows it)."""
    return {"allocated": _("allocated"), "issued": _("issued"), "void": _("void")}.get(status, status)


def _free_item_key(db: sqlite3.Connection, number_id: int) -> None:
    """Detach a voided number from its item, so that the item can take a new number."""
    db.execute(
        "UPDATE numbers SET item_key = item_key || '#void' || id WHERE id=? AND item_key IS NOT NULL",
        (number_id,),
    )


class Register(RegisterFile):
    """A register file; open it with ``Register.open(path)`` and use it as a context manager."""

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
        except one taken by ``docgen register next`` and not yet recorded, or one ``register start``
        voided as used outside docgen: the sheet records its use (the office numbered a document made
        outside docgen with it), and it becomes issued under its title.
        """
        added = 0
        with self._write() as db:
            for code, year, seq, title, doc_date in entries:
                series = self._series(db, kind, code, year)
                taken = db.execute(
                    "SELECT id, status, command, item_key FROM numbers WHERE series_id=? AND seq=?",
                    (series["id"], seq),
                ).fetchone()
                by_hand = taken and taken["status"] == "allocated" and taken_by_hand(taken["command"])
                if by_hand or taken and self._skipped_by_start(db, taken):
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
    def _skipped_by_start(db: sqlite3.Connection, taken: sqlite3.Row) -> bool:
        """Was this number voided by ``register start`` (skipped as used outside docgen)?  Such a number
        has no item, no command and no document of its own."""
        if taken["status"] != "void" or taken["item_key"] is not None or taken["command"] is not None:
            return False
        return db.execute("SELECT 1 FROM documents WHERE number_id=?", (taken["id"],)).fetchone() is None

    @staticmethod
    def _record_imported(db: sqlite3.Connection, number_id: int | None, kind: str, text: str, title: str, doc_date: str) -> None:
        """Record a document of an imported 发文登记 under its number, which becomes issued."""
        db.execute(
            "INSERT INTO documents (number_id, kind, title, addressees, doc_date, input_hash, outputs, "
            "signer, signed_at) VALUES (?, ?, ?, '', ?, 'import', '[]', '', ?)",
            (number_id, kind, title, doc_date, now()),
        )
        db.execute("UPDATE numbers SET status='issued', reason=NULL WHERE id=?", (number_id,))
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

    def issued_from_source(self, source: str) -> NumberRow | None:
        """Return the latest issued number whose document was made from the source file ``source``
        (its resolved path as recorded; documents recorded before schema 4 have none), if any."""
        row = self._db.execute(
            "SELECT number_id FROM documents d JOIN numbers n ON n.id=d.number_id "
            "WHERE d.source=? AND d.source!='' AND n.status='issued' ORDER BY d.id DESC LIMIT 1",
            (source,),
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
        forced: str = "",
        amend: bool = False,
        source: str = "",
    ) -> None:
        """Record a document as issued under its number, with its files and their hashes.

        ``source`` is the source file it was made from (resolved path); ``forced`` says why it was
        issued with --force (kept in the audit).  With ``amend``, a number issued already gets its record replaced (a batch that made more
        of its files on a later run, such as the bulletins of one issue).
        """
        files = [{"path": str(p.resolve()), "sha256": sha256_file(p)} for p in outputs]
        with self._write() as db:
            found = db.execute("SELECT status FROM numbers WHERE id=?", (allocation.number_id,)).fetchone()
            if found is None:  # released under this run (lost9 #5): one message, never a TypeError
                raise RegisterError(
                    _("{number} was given back while this run was making it: it is not recorded").format(
                        number=allocation.text
                    )
                )
            status = found["status"]
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
                "signed_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    source,
                ),
            )
            db.execute("UPDATE numbers SET status='issued' WHERE id=?", (allocation.number_id,))
            if forced:
                db.execute(
                    "INSERT INTO audit (at, action, number_text, detail) VALUES (?, 'force', ?, ?)",
                    (now(), allocation.text, forced),
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

    def void(self, text: str, reason: str, moved: Sequence[tuple[Path, Path]] = ()) -> NumberRow:
        """Void a number (written like 伊重点项目办〔2020〕13号), keeping the reason in the audit; ``moved``:
        its files renamed (docgen/register/voided.py), recorded under their new names."""
        row = self.find(text)
        names = {str(old.resolve()): str(new.resolve()) for old, new in moved}
        with self._write() as db:
            db.execute("UPDATE numbers SET status='void', reason=? WHERE id=?", (reason, row.number_id))
            _free_item_key(db, row.number_id)
            db.execute(
                "INSERT INTO audit (at, action, number_text, detail) VALUES (?, 'void', ?, ?)",
                (now(), text, reason),
            )
            if names:
                outputs = [{**o, "path": names.get(o["path"], o["path"])} for o in row.outputs]
                db.execute(
                    "UPDATE documents SET outputs=? WHERE number_id=?",
                    (json.dumps(outputs, ensure_ascii=False), row.number_id),
                )
                for old, new in moved:
                    db.execute(
                        "INSERT INTO audit (at, action, number_text, detail) VALUES (?, 'rename', ?, ?)",
                        (now(), text, f"{old.name} → {new.name}"),
                    )
        return self.get(row.number_id)

    def release(self, text: str, reason: str) -> str:
        """Give back a number left taken (``allocated``): released if last in its series, else voided."""
        row = self.find(text)
        if row.status != "allocated":
            raise RegisterError(
                _("{number} is {status}: only a number taken and not recorded can be released").format(
                    number=row.text, status=_status_word(row.status)
                )
            )
        allocation = Allocation(row.number_id, row.kind, row.name, row.year, row.seq, row.status, False)
        return self.release_or_void(allocation, reason)
