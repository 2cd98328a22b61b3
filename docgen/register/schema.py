"""The register's SQLite schema and its migrations, one function per version step.

A migration is frozen history: once released it is never edited, so it restates the columns
it adds even where the current schema has them too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = 4

# Version 3: a number remembers the command that took it (so ``register check`` can say how to
# finish a number left taken by a killed run), and a series may start above 1 (an office that
# adopts docgen in October continues at 13号: ``register start``).
# Version 4: a document remembers its source file (resolved path), so that a source edited after
# issue is known as the same document and not issued again under a second number unasked.
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE series (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    year INTEGER NOT NULL,
    next_seq INTEGER NOT NULL DEFAULT 1,
    start_seq INTEGER NOT NULL DEFAULT 1,
    UNIQUE (kind, name, year)
);
CREATE TABLE numbers (
    id INTEGER PRIMARY KEY,
    series_id INTEGER NOT NULL REFERENCES series(id),
    seq INTEGER NOT NULL,
    item_key TEXT,
    status TEXT NOT NULL CHECK (status IN ('allocated', 'issued', 'void')),
    allocated_at TEXT NOT NULL,
    reason TEXT,
    command TEXT,
    UNIQUE (series_id, seq),
    UNIQUE (series_id, item_key)
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    number_id INTEGER NOT NULL UNIQUE REFERENCES numbers(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    addressees TEXT NOT NULL DEFAULT '',
    doc_date TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    outputs TEXT NOT NULL,
    signer TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX documents_input ON documents(input_hash);
CREATE INDEX documents_source ON documents(source);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    number_text TEXT,
    detail TEXT NOT NULL DEFAULT ''
);
"""


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one inside the caller's transaction.

    (``executescript`` would commit the open transaction first, breaking atomic migrations.)
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _migrate_1_to_2(db: sqlite3.Connection) -> None:
    """Version 1 had numbers without item keys or reasons and no audit table."""
    run_script(
        db,
        """
        ALTER TABLE numbers ADD COLUMN item_key TEXT;
        ALTER TABLE numbers ADD COLUMN reason TEXT;
        CREATE UNIQUE INDEX numbers_item ON numbers(series_id, item_key);
        ALTER TABLE documents ADD COLUMN addressees TEXT NOT NULL DEFAULT '';
        CREATE INDEX documents_input ON documents(input_hash);
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            number_text TEXT,
            detail TEXT NOT NULL DEFAULT ''
        );
        """,
    )


def _migrate_2_to_3(db: sqlite3.Connection) -> None:
    """Version 2 had no command per number and every series started at 1."""
    run_script(
        db,
        """
        ALTER TABLE numbers ADD COLUMN command TEXT;
        ALTER TABLE series ADD COLUMN start_seq INTEGER NOT NULL DEFAULT 1;
        """,
    )


def _migrate_3_to_4(db: sqlite3.Connection) -> None:
    """Version 3 did not keep a document's source file (its documents keep '': known by hash only)."""
    run_script(
        db,
        """
        ALTER TABLE documents ADD COLUMN source TEXT NOT NULL DEFAULT '';
        CREATE INDEX documents_source ON documents(source);
        """,
    )


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
}
