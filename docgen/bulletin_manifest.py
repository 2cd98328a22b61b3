"""A bulletin issue's manifest (manifest.json, .csv and .xlsx) and the journal that makes it recoverable.

The manifest lists every bulletin with its status, pages and hashes; a re-run skips the bulletins
whose inputs and files did not change.  It is written once, atomically, at the end of a run; while
the run goes on, each bulletin made is appended as one JSON line to the journal
(``.docgen-manifest.journal`` beside it), so a killed run's re-run still knows every bulletin
finished before the kill: ``load_manifest`` reads the manifest, then the journal's lines over it.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from docgen.errors import OutputError, os_error_text
from docgen.i18n import _
from docgen.inert import csv_record
from docgen.output import write_atomic_many

# writes files of one folder together (``WriteGuard.write_many``, ``output.write_atomic_many``)
WriteMany = Callable[[Sequence[tuple[Path, bytes]]], object]

MANIFEST = "manifest.json"
JOURNAL = ".docgen-manifest.journal"  # docgen's own, like the folder record: never a user's file


@dataclass
class Entry:
    """One bulletin in the manifest."""

    subject: str
    docx: str
    status: str  # ok, failed
    input_hash: str
    docx_sha256: str = ""
    pdf: str = ""
    pdf_sha256: str = ""
    pages: int = 0
    error: str = ""
    made: str = ""  # what made the PDF, final or 样稿 ("typst,final"): a re-run asking otherwise remakes it


def _entry(item: object) -> Entry | None:
    try:
        assert isinstance(item, dict)
        return Entry(**item)
    except (AssertionError, TypeError):
        return None


def load_manifest(out_dir: Path) -> dict[str, Entry]:
    """Return the previous run's entries by subject: the manifest's, then the journal's over them.

    A journal line cut short by a kill (or anything unreadable) is skipped: that bulletin is made again.
    """
    entries: dict[str, Entry] = {}
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        items = data["bulletins"] if isinstance(data, dict) else []
    except (OSError, ValueError, KeyError, TypeError):
        items = []
    try:
        lines = (out_dir / JOURNAL).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        try:
            items.append(json.loads(line))
        except ValueError:
            continue
    for item in items if isinstance(items, list) else []:
        entry = _entry(item)
        if entry is not None:
            entries[entry.subject] = entry
    return entries


def write_manifest(
    out_dir: Path,
    issue: str,
    entries: Sequence[Entry],
    write_many: WriteMany = write_atomic_many,
    files: Sequence[tuple[Path, bytes]] | None = None,
) -> None:
    """Write manifest.json, .csv and .xlsx atomically, together (``write_many``: one update of the
    folder's record and one disk sync for the three, at the end of a batch), then drop the journal
    they now hold; ``files``: ``manifest_files`` of the same, made already (by a worker process)."""
    write_many(manifest_files(out_dir, issue, entries) if files is None else files)
    (out_dir / JOURNAL).unlink(missing_ok=True)  # a kill before this: the journal repeats the manifest


def manifest_files(out_dir: Path, issue: str, entries: Sequence[Entry]) -> list[tuple[Path, bytes]]:
    """Return manifest.json, .csv and .xlsx of ``entries`` in ``out_dir``: their paths and bytes."""
    rows = [asdict(e) for e in entries]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(Entry.__dataclass_fields__))
    writer.writeheader()
    writer.writerows(csv_record(row) for row in rows)  # unit names from ledgers: inert text
    return [
        (
            out_dir / MANIFEST,
            json.dumps({"issue": issue, "bulletins": rows}, ensure_ascii=False, indent=2).encode("utf-8"),
        ),
        (out_dir / "manifest.csv", buffer.getvalue().encode("utf-8-sig")),
        (out_dir / "manifest.xlsx", manifest_workbook(issue, entries)),
    ]


_STATUS = {"ok": "已生成", "failed": "失败"}


def manifest_workbook(issue: str, entries: Sequence[Entry]) -> bytes:
    """Return the manifest as .xlsx bytes for the office: one row per bulletin, pages as numbers."""
    from openpyxl import Workbook

    from docgen.xlsx_table import TableColumn, workbook_bytes, write_table

    book = Workbook()
    sheet = book.active
    sheet.title = "简报清单"
    columns = [
        TableColumn("单位"),
        TableColumn("状态"),
        TableColumn("页数", "int"),
        TableColumn("简报文件"),
        TableColumn("PDF文件"),
        TableColumn("错误"),
        TableColumn("docx SHA-256"),
        TableColumn("PDF SHA-256"),
    ]
    rows = [
        [e.subject, _STATUS.get(e.status, e.status), e.pages or None, e.docx, e.pdf, e.error]
        + [e.docx_sha256, e.pdf_sha256]
        for e in entries
    ]
    write_table(sheet, columns, rows)
    return workbook_bytes(book)


def journal(out_dir: Path, entries: Sequence[Entry]) -> None:
    """Append ``entries`` to the journal, one JSON line each, in one write.

    No fsync: the journal is a shortcut for a re-run, not a record.  Lost to a power cut, its
    bulletins are made again (their files are in the folder's record, so docgen may replace them);
    a line cut short by a kill is skipped by ``load_manifest``.
    """
    if not entries:
        return
    text = "".join(json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in entries)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir / JOURNAL, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o666)
        try:
            os.write(fd, text.encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as error:
        raise OutputError(
            _("cannot write {path}: {error}").format(path=out_dir / JOURNAL, error=os_error_text(error))
        ) from None
