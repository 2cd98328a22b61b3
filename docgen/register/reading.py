"""Reading the register: its numbers with their documents, the audit, and the consistency check."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import DataError, Location, os_error_text
from docgen.i18n import _
from docgen.register.rows import NumberRow, number_text, sha256_file

if TYPE_CHECKING:
    from docgen.register.carry import Behind


class RegisterReader:
    """The read side of ``Register`` (which opens the connection and does every write)."""

    _db: sqlite3.Connection
    path: Path

    # --- reading ---------------------------------------------------------------------------------

    _SELECT = (
        "SELECT n.id, s.kind, s.name, s.year, n.seq, n.status, n.item_key, n.allocated_at, n.reason, "
        "d.title, d.signer, d.signed_at, d.outputs, d.input_hash, n.command, d.source "
        "FROM numbers n JOIN series s ON s.id=n.series_id LEFT JOIN documents d ON d.number_id=n.id"
    )

    @staticmethod
    def _row(row: sqlite3.Row) -> NumberRow:
        return NumberRow(
            row["id"],
            row["kind"],
            row["name"],
            row["year"],
            row["seq"],
            row["status"],
            row["item_key"],
            row["allocated_at"],
            row["reason"],
            row["title"],
            row["signer"],
            row["signed_at"],
            json.loads(row["outputs"]) if row["outputs"] else [],
            row["input_hash"],
            row["command"],
            row["source"],
        )

    def get(self, number_id: int) -> NumberRow:
        """Return one number by its row id."""
        return self._row(self._db.execute(self._SELECT + " WHERE n.id=?", (number_id,)).fetchone())

    def find(self, text: str) -> NumberRow:
        """Return the number written as ``text``; raise DataError if the register has no such number."""
        for row in self.rows():
            if row.text == text.strip():
                return row
        raise DataError(_("the register has no number {text}").format(text=text), Location(field="number"))

    def rows(
        self, name: str | None = None, year: int | None = None, kind: str | None = None
    ) -> list[NumberRow]:
        """Return the numbers, by series and sequence, optionally of one series name, year or kind."""
        clauses, params = [], []
        for column, value in (("s.name", name), ("s.year", year), ("s.kind", kind)):
            if value is not None:
                clauses.append(f"{column}=?")
                params.append(value)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self._db.execute(
            self._SELECT + where + " ORDER BY s.kind, s.name, s.year, n.seq", params
        ).fetchall()
        return [self._row(row) for row in rows]

    def audit(self, text: str | None = None) -> list[tuple[str, str, str, str]]:
        """Return audit entries (time, action, number, detail), of one number if given."""
        query = "SELECT at, action, COALESCE(number_text, ''), detail FROM audit"
        rows = (
            self._db.execute(query + " WHERE number_text=? ORDER BY id", (text,)).fetchall()
            if text
            else self._db.execute(query + " ORDER BY id").fetchall()
        )
        return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]

    @staticmethod
    def _same_file_in(folder: Path, sha256: str, hashes: dict[Path, dict[str, Path]]) -> Path | None:
        """Return a file of ``folder`` with this hash (an issued file renamed by hand), or None."""
        if folder not in hashes:
            found: dict[str, Path] = {}
            try:
                for path in sorted(folder.iterdir()):
                    if path.is_file() and not path.name.startswith("."):
                        found.setdefault(sha256_file(path), path)
            except OSError:
                pass
            hashes[folder] = found
        return hashes[folder].get(sha256)

    def check(self) -> list[str]:
        """Return every inconsistency: gaps without a void record, duplicates, missing or changed files."""
        problems: list[str] = []
        if self._db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append(_("SQLite integrity check failed"))
        for series in self._db.execute("SELECT * FROM series ORDER BY kind, name, year").fetchall():
            seqs = [
                r["seq"]
                for r in self._db.execute(
                    "SELECT seq FROM numbers WHERE series_id=? ORDER BY seq", (series["id"],)
                )
            ]
            expected = list(range(series["start_seq"], series["next_seq"]))
            missing = sorted(set(expected) - set(seqs))
            for seq in missing:
                problems.append(
                    _("{number} is missing: neither recorded nor voided").format(
                        number=number_text(series["kind"], series["name"], series["year"], seq)
                    )
                )
            extra = [s for s in seqs if s >= series["next_seq"]]
            for seq in extra:
                problems.append(
                    _("{number} lies beyond the series' next number").format(
                        number=number_text(series["kind"], series["name"], series["year"], seq)
                    )
                )
            if len(seqs) != len(set(seqs)):
                problems.append(_("duplicate numbers in {series}").format(series=series["name"]))
        hashes: dict[Path, dict[str, Path]] = {}  # a folder's files by sha256, read once when one is missing
        for row in self.rows():
            if row.status == "issued" and row.title is None:
                problems.append(_("{number} is issued but has no document record").format(number=row.text))
            if row.status == "allocated" and row.title is not None:
                problems.append(
                    _("{number} has a document but is {status}").format(number=row.text, status=row.status)
                )
            if row.status == "void":
                continue  # a withdrawn document keeps its record; its files are no longer protected
            for output in row.outputs:
                path = Path(output["path"])
                try:
                    present = path.is_file()
                except OSError as error:  # a folder this user may not enter: said, not a traceback
                    problems.append(
                        _("{number}: cannot read {path}: {error}").format(
                            number=row.text, path=path, error=os_error_text(error)
                        )
                    )
                    continue
                if not present:
                    renamed = self._same_file_in(path.parent, output["sha256"], hashes)
                    if renamed is not None:
                        problems.append(
                            _("{number}: file missing: {path}; the same file is in the folder as {name} (renamed?)").format(
                                number=row.text, path=path, name=renamed.name
                            )
                        )
                        continue
                    problems.append(_("{number}: file missing: {path}").format(number=row.text, path=path))
                elif sha256_file(path) != output["sha256"]:
                    problems.append(
                        _("{number}: file changed since issue: {path}").format(number=row.text, path=path)
                    )
        return problems + self._behind_replaced()

    def behind_replaced(self) -> list[Behind]:
        """Return the numbers issued in a file a restore replaced beside the register that this register
        lacks or holds for another document (docgen/register/carry.py)."""
        from docgen.register.carry import behind_replaced  # here: only check and issue read those files

        return behind_replaced(self.path, self._db)

    def _behind_replaced(self) -> list[str]:
        problems = []
        for number in self.behind_replaced():
            if number.here is None:
                problems.append(
                    _(
                        "{number} (“{title}”) is issued in {file}, the register a restore replaced, and is missing "
                        "here: it could be given again; docgen register restore {file} brings it back (the numbers "
                        "taken since are carried over)"
                    ).format(number=number.text, title=number.title, file=number.replaced)
                )
            else:
                problems.append(
                    _(
                        "{number} is issued as “{title}” in {file}, the register a restore replaced, and here as "
                        "“{here}”: one number given to two documents; sort it out by hand (docgen register show "
                        "{number})"
                    ).format(number=number.text, title=number.title, file=number.replaced, here=number.here)
                )
        return problems

    def pending(self) -> list[NumberRow]:
        """Return the numbers taken but neither recorded nor released (a run was killed or is running)."""
        return [row for row in self.rows() if row.status == "allocated"]
