"""Limits on everything docgen reads, each a named constant with its reason, and the checks applying them.

A hostile or broken file (a zip bomb named .xlsx, a YAML alias bomb, a ledger symlinked to
/dev/zero, a FIFO) must end in one clear message, never in unbounded memory or a hang.  Files are
read only if they are regular files, and only up to a size; .xlsx and .docx packages are checked
before openpyxl or python-docx parse them: member count, declared sizes (zipfile never inflates a
member beyond its declared size), compression ratio, and no DTD in any XML part.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from pathlib import Path
from typing import IO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from docgen.errors import DataError, Location, library_error_text, os_error_text
from docgen.i18n import _
from docgen.load.error_cells import sheet_part
from docgen.load.old_office import OLE, old_office

MiB = 1024 * 1024

# Text sources (notices, attachments, .csv ledgers, YAML rules and letterheads): the largest real
# ones are well under 1 MiB; 16 MiB leaves room for a 100,000-row .csv and refuses a runaway file.
MAX_TEXT_BYTES = 16 * MiB

# Characters of a notice's body: a page of the standard holds 22 x 28 = 616 字, so 500,000 are over
# 800 pages, far beyond any 公文; a 3,000,000-字 body took 22-27 s to lay out (hostile10 #10).
MAX_BODY_CHARS = 500_000

# An .xlsx ledger on disk: the 160-project sample is 18 KB, so 10,000 projects are about 1 MiB.
MAX_WORKBOOK_BYTES = 64 * MiB

# A .docx given to `docgen check`: documents with images rarely exceed 20 MiB.
MAX_DOCX_BYTES = 64 * MiB

# Members of an .xlsx/.docx package: an ordinary workbook has 10-20 parts, a few more per sheet;
# thousands of parts only make the parsers slow.
MAX_ZIP_MEMBERS = 2000

# One member's declared uncompressed size (a sheet's XML, document.xml): the 160-project sample
# sheet is 136 KB, so the 10,000-project bench sheet is about 9 MiB; the rows openpyxl returns
# cost several times their XML in Python objects, so 64 MiB of XML is already near a gigabyte.
MAX_MEMBER_BYTES = 64 * MiB

# All members together, uncompressed.
MAX_PACKAGE_BYTES = 256 * MiB

# Compression ratio of one member above RATIO_FLOOR_BYTES: the samples' sheets compress about 10x
# (200x leaves a wide margin for repetitive sheets); zip bombs compress 1000x and more.
MAX_COMPRESSION_RATIO = 200
RATIO_FLOOR_BYTES = 1 * MiB

# YAML nesting (front matter, rules, letterheads are at most 4 levels deep); deeper input would
# only exhaust the recursion of the composer and of validation.
MAX_YAML_DEPTH = 32

# Digits of a YAML integer: a longer one stays text (the field's validation reports it), since
# int() refuses more than 4300 digits and no setting needs more than a few.
MAX_YAML_INT_DIGITS = 30

# YAML nodes in one document: a rules file has a few hundred; this bounds the work of a large one.
MAX_YAML_NODES = 100_000

# Amounts (万元): no project reaches 10^12 万元 (10^16 元); larger values and more than
# MAX_AMOUNT_DIGITS significant digits cannot be computed exactly with Decimal's 28 digits.
MAX_AMOUNT_EXPONENT = 12
MAX_AMOUNT_DIGITS = 20

# Whole numbers in cells (办理时限 in working days): nine digits are more than any deadline, and
# keep int() far from Python's 4300-digit conversion limit.
MAX_WHOLE_DIGITS = 9

# Cells of a worksheet's rectangle (its highest row times its widest column): python-calamine
# allocates the whole rectangle before it returns a cell, and aborts the process (not an exception)
# when that fails, so one cell at XFD1048576 would kill docgen.  A 10,000-project ledger is
# 10,000 x 14; a million cells is 100,000 rows x 10 columns or 20,000 rows x 50.
MAX_SHEET_CELLS = 1_000_000

# Characters in a worksheet's cells once each shared string is put into every cell naming it: a
# 65 KB .xlsx whose 28,000 cells all name one string of 32,767 字 made python-calamine build 28,000
# copies (about 5 GB) and end in MemoryError and a Rust panic (hostile12).  A 10,000-project ledger
# holds about 3 million characters.
MAX_SHEET_TEXT = 20_000_000

# A file name component on Linux file systems (NAME_MAX, bytes).
MAX_NAME_BYTES = 255


def _size(count: int) -> str:
    return f"{count / MiB:.1f} MiB" if count >= MiB else f"{count} B"


def _open_regular(path: Path) -> IO[bytes]:
    """Open ``path`` for reading if it is a regular file (no device, FIFO or folder)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as error:
        raise DataError(
            _("cannot read the file: {error}").format(error=library_error_text(error)),
            Location(file=path),
        ) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise DataError(
            _("not a regular file (a device, pipe or folder cannot be read)"), Location(file=path)
        )
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_limited(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """Return the bytes of a regular file no larger than ``limit``; anything else is a DataError."""
    with _open_regular(path) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise DataError(
                _("cannot read the file: {error}").format(error=os_error_text(error)), Location(file=path)
            ) from None
    if len(data) > limit:
        raise DataError(
            _("the file is larger than {limit}; docgen reads files up to that size").format(
                limit=_size(limit)
            ),
            Location(file=path),
        )
    return data


def _refuse_dtd(package: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Parse an XML member's prolog up to its root element: a DTD (entity declarations) is refused."""
    try:
        with package.open(info) as member:
            for _event, _element in iterparse(member, events=("start",), forbid_dtd=True):
                return
    except DefusedXmlException:
        raise DataError(
            _("the part {member} declares a DTD or entities, which docgen does not read").format(
                member=info.filename
            ),
            Location(file=path),
        ) from None
    except Exception as error:  # noqa: BLE001 - a broken part of a hostile file: report it, do not crash
        raise DataError(
            _("the part {member} is not readable XML: {error}").format(
                member=info.filename, error=library_error_text(error)
            ),
            Location(file=path),
        ) from None


def _csv_text(data: bytes) -> bool:
    """Is ``data`` CSV text: no NUL byte, UTF-8 or GB18030, a comma or tab in its first line?

    Web systems save their exports as CSV under the name .xlsx; the clerk is told to rename it."""
    head = data[:4096]
    if not head or b"\0" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            # the 4 KiB may cut a character in two: decode what is whole
            try:
                text = head[: head.rfind(b"\n") + 1].decode(encoding)
            except UnicodeDecodeError:
                continue
        first = next((line for line in text.splitlines() if line.strip()), "")
        return "," in first or "\t" in first
    return False


def check_package(data: bytes, path: Path, required: str, kind: str) -> None:
    """Check an Office package (.xlsx, .docx) before a library parses it.

    ``required`` is a member every such package has (xl/workbook.xml, word/document.xml); ``kind``
    names the format in messages.
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        what = _("the file is empty") if not data else _("the file is not a zip package")
        if data.startswith(OLE):
            raise old_office(data, path, kind) from None
        if kind == ".xlsx" and _csv_text(data):
            raise DataError(
                _("this is a text (CSV) file: change its extension to .csv"), Location(file=path)
            ) from None
        raise DataError(
            _("not a {kind} file: {what}").format(kind=kind, what=what), Location(file=path)
        ) from None
    with package:
        members = package.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise DataError(
                _("the package has {n} parts, more than the {limit} docgen reads").format(
                    n=len(members), limit=MAX_ZIP_MEMBERS
                ),
                Location(file=path),
            )
        total = 0
        for info in members:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER_BYTES or (
                info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_COMPRESSION_RATIO
            ):
                raise DataError(
                    _(
                        "the part {member} unpacks to {size} ({ratio:.0f} times its packed size): "
                        "refused as a possible zip bomb"
                    ).format(member=info.filename, size=_size(info.file_size), ratio=ratio),
                    Location(file=path),
                )
        if total > MAX_PACKAGE_BYTES:
            raise DataError(
                _("the package unpacks to {size}, more than the {limit} docgen reads").format(
                    size=_size(total), limit=_size(MAX_PACKAGE_BYTES)
                ),
                Location(file=path),
            )
        names = {info.filename for info in members}
        if required not in names:
            raise DataError(
                _("not a {kind} file: a zip package without {member}").format(kind=kind, member=required),
                Location(file=path),
            )
        for info in members:
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                _refuse_dtd(package, info, path)


def read_package(path: Path, limit: int, required: str, kind: str) -> bytes:
    """Return the bytes of an Office package that passed :func:`check_package`."""
    data = read_limited(path, limit)
    check_package(data, path, required, kind)
    return data


def read_workbook_bytes(path: Path) -> bytes:
    """Return the bytes of an .xlsx file, checked before openpyxl parses it."""
    return read_package(path, MAX_WORKBOOK_BYTES, "xl/workbook.xml", ".xlsx")


def read_docx_bytes(path: Path) -> bytes:
    """Return the bytes of a .docx file, checked before python-docx parses it."""
    return read_package(path, MAX_DOCX_BYTES, "word/document.xml", ".docx")


_REFERENCE = b' r="'
_REFERENCE_ROWS = re.compile(rb' r="[A-Z]{0,3}(\d{1,7})"')
_REFERENCE_COLUMNS = re.compile(rb' r="([A-Z]{1,3})\d')
_UNUSUAL_REFERENCE = (b"r='", b"r =", b"r= ", b"\tr=", b"\nr=", b"\rr=")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


# A cell or row with nothing in it: WPS saves styled empty cells far to the right (<c r="XEA2" s="66"/>)
# and python-calamine skips them (measured: such a cell at XFD1048576 leaves a 16 × 37 sheet 16 × 37),
# so they stretch nothing docgen allocates.
_EMPTY_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?(?:/>|>\s*</(?:\w+:)?c>)")
_EMPTY_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?(?:/>|>\s*</(?:\w+:)?row>)")
_CELL_REFERENCE = re.compile(rb' r="([A-Z]{1,3})(\d{1,7})"')


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_CONTENT = (b"v>", b"is>", b"f>", b"<f ", b":f ", b"extLst")  # what a cell holds: <v>, <is>, <f>


def _without_empty_tail(xml: bytes) -> bytes:
    """Return ``xml`` without the rows after the last cell with content: rows formatted down to row
    1048576 (ledgers12 #5: 1,048,563 styled empty rows took 4.4 s of regular expressions here, the
    whole read 12 s).  The tail is found with ``rfind`` (C speed); it holds no cell content, so the
    cells and rows in it are the empty ones :func:`sheet_extent` drops anyway."""
    end = xml.rfind(b"sheetData>")
    if end < 0:
        return xml
    last = max(xml.rfind(marker, 0, end) for marker in _CONTENT)
    cut = xml.find(b"row>", max(last, 0), end)  # the </row> closing the row of that cell
    if last < 0 or cut < 0:
        return xml
    return xml[: cut + 4] + xml[xml.rfind(b"<", 0, end) :]


def sheet_extent(xml: bytes) -> tuple[int, int, str]:
    """Return (rows, columns, farthest cell) of the rectangle a worksheet's cells with content span.

    Cells and rows with nothing in them are left out first (styled empty cells are not data).  A
    cell or row without a reference follows the one before it, so the count of ``<c``/``<row``
    elements bounds what references leave out.  A reference in any but the usual form `` r="B7"``
    (other quotes or spaces, an entity, a lower-case letter) counts as unbounded: no spreadsheet
    program writes one, and the usual form can be scanned fast (a literal prefix).
    """
    xml = _EMPTY_ROW.sub(b"", _EMPTY_CELL.sub(b"", _without_empty_tail(xml)))
    rows_found = _REFERENCE_ROWS.findall(xml)
    if len(rows_found) != xml.count(_REFERENCE) or any(form in xml for form in _UNUSUAL_REFERENCE):
        return 2**31, 2**31, ""
    rows = max(map(int, set(rows_found)), default=0)
    rows = max(rows, xml.count(b"<row") + xml.count(b":row"))
    cells = {(_column_number(letters), int(row)) for letters, row in _CELL_REFERENCE.findall(xml)}
    widest = max(cells, default=(0, 0))
    columns = max(widest[0], xml.count(b"<c ") // max(rows, 1))
    farthest = f"{_column_letters(widest[0])}{widest[1]}" if widest[0] else ""
    return rows, max(columns, 1 if rows else 0), farthest


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SHARED_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bt="s"[^>]*>\s*<(?:\w+:)?v>\s*(\d{1,9})\s*<')


def _shared_lengths(package: zipfile.ZipFile) -> list[int]:
    """Return the length of each shared string of a workbook (none when it has no such part)."""
    rels = fromstring(package.read("xl/_rels/workbook.xml.rels"))
    target = next(
        (r.get("Target") for r in rels.iter(f"{_RELS_NS}Relationship") if (r.get("Type") or "").endswith("/sharedStrings")),
        None,
    )
    if not target:
        return []
    part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    lengths = []
    with package.open(part) as stream:
        for _event, element in iterparse(stream, events=("end",)):
            if element.tag == f"{_MAIN_NS}si":
                lengths.append(sum(len(t.text or "") for t in element.iter(f"{_MAIN_NS}t")))
                element.clear()
    return lengths


def sheet_text(package: zipfile.ZipFile, xml: bytes) -> int:
    """Return the characters the shared-string cells of a worksheet's ``xml`` hold, each string
    counted in every cell that names it."""
    indexes = _SHARED_CELL.findall(xml)
    if not indexes:
        return 0
    lengths = _shared_lengths(package)
    return sum(lengths[i] for i in map(int, indexes) if i < len(lengths))


def check_sheet_extent(data: bytes, path: Path, sheet: str, *, xml: bytes | None = None) -> None:
    """Refuse the worksheet ``sheet`` of an .xlsx if its cells with content span more than
    ``MAX_SHEET_CELLS`` cells, or hold more than ``MAX_SHEET_TEXT`` characters once its shared strings
    are filled in; other sheets are not read, so they are not judged (``xml``: the sheet's XML, when
    read already)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        try:
            if xml is None:
                part = sheet_part(package, sheet)
                xml = package.read(part) if part else b""
            text = sheet_text(package, xml)
        except (KeyError, SyntaxError, ValueError):
            return  # no such part: calamine reports the broken workbook, naming the sheet
    if text > MAX_SHEET_TEXT:
        raise DataError(
            _(
                "its cells hold {count} characters once the text they share is written into each of them, "
                "more than the {limit} docgen reads; a workbook whose cells repeat one long text thousands "
                "of times is not a ledger"
            ).format(count=f"{text:,}", limit=f"{MAX_SHEET_TEXT:,}"),
            Location(file=path, sheet=sheet),
        )
    rows, columns, farthest = sheet_extent(xml)
    if rows * columns > MAX_SHEET_CELLS:
        raise DataError(
            _(
                "its cells with content span {rows} rows by {columns} columns (to cell {cell}), more "
                "than the {limit} cells docgen reads; delete what lies beyond the table"
            ).format(rows=rows, columns=columns, cell=farthest or "?", limit=MAX_SHEET_CELLS),
            Location(file=path, sheet=sheet),
        )
