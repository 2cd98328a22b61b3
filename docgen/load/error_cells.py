"""The formula error cells (#DIV/0!, #N/A, #REF! …) of a worksheet in an .xlsx package.

python-calamine reads an error cell as empty; openpyxl, which read attachment tables before,
gave its text.  An error silently blanked would hide a broken figure in an issued document or a
ledger, so the readers put the error's text back: it shows like any other text in an attachment
table, and a ledger refuses it.  The text is an :class:`ErrorValue`, which says whether a formula
gave it, so the ledger can tell the clerk to mend the formula (or to type the number).  calamine
exposes no error cells, so the sheet's XML is scanned here (ECMA-376 Part 1, 18.3.1.4:
``<c r="H2" t="e"><f>…</f><v>#DIV/0!</v></c>``), and only when an error marker occurs in it at all.
The package has passed docgen/load/limits.py's checks before.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from defusedxml.ElementTree import fromstring

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_OPEN = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_CLOSE = re.compile(rb"</(?:\w+:)?c>")
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_TEXT_TYPE = re.compile(rb'\bt="str"')


class ErrorValue(str):
    """An error cell's text (#DIV/0!); ``formula`` is True when a formula gave it, False for a
    typed error value (Excel stores #N/A typed into a cell as an error too)."""

    formula: bool

    def __new__(cls, text: str, formula: bool) -> ErrorValue:
        value = super().__new__(cls, text)
        value.formula = formula
        return value


def sheet_part(package: zipfile.ZipFile, title: str) -> str | None:
    """Return the package member of the worksheet named ``title``."""
    book = fromstring(package.read("xl/workbook.xml"))
    rel_id = next((s.get(_REL_ID) for s in book.iter(f"{_MAIN}sheet") if s.get("name") == title), None)
    rels = fromstring(package.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter(f"{_RELS}Relationship") if r.get("Id") == rel_id), None)
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")


def sheet_xml(data: bytes, title: str) -> bytes | None:
    """Return the XML of worksheet ``title`` of the package ``data`` (empty when the workbook names no
    part for it), or None for a package too odd to read it from.  The readers below take it read once:
    a sheet formatted down to row 1048576 is 54 MB of XML, decompressed 0.13 s a time (ledgers12 #5)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            part = sheet_part(package, title)
            return package.read(part) if part else b""
    except (KeyError, zipfile.BadZipFile, ValueError, SyntaxError):
        return None


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


def error_cells(data: bytes, title: str, *, xml: bytes | None = None) -> dict[tuple[int, int], ErrorValue]:
    """Return the error cells of worksheet ``title``: (row, column) from 0 at A1 → the error's text
    (``xml``: the sheet's XML, when read already)."""
    xml = xml if xml is not None else sheet_xml(data, title)
    if xml is None:
        return {}  # the reader has read the sheet: a package this odd has no error cells to show
    if b't="e"' not in xml:
        return {}
    found: dict[tuple[int, int], ErrorValue] = {}
    for match in _OPEN.finditer(xml):
        attributes = match.group(1)
        if attributes.endswith(b"/") or b't="e"' not in attributes:
            continue  # an empty cell (<c r="A1"/>), or not an error
        close = _CLOSE.search(xml, match.end())
        ref = _REF.search(attributes)
        value = _VALUE.search(xml, match.end(), close.start()) if close else None
        if ref and value and close:
            text = value.group(1).decode("utf-8", "replace")
            formula = _FORMULA.search(xml, match.end(), close.start()) is not None
            found[(int(ref.group(2)) - 1, _column(ref.group(1)))] = ErrorValue(text, formula)
    return found


def uncomputed_cells(data: bytes, title: str, *, xml: bytes | None = None) -> frozenset[tuple[int, int]]:
    """Return the formula cells of worksheet ``title`` saved without a result, (row, column) from 0.

    A program that does not compute (a web export, a script) writes ``<c r="F2"><f>…</f><v></v></c>``
    or no ``<v>`` at all; calamine reads it as empty.  A text formula giving "" is ``t="str"`` with an
    empty ``<v>``: that one was computed, and is not returned."""
    xml = xml if xml is not None else sheet_xml(data, title)
    if xml is None:
        return frozenset()  # as error_cells: a package this odd has no formula cells to point out
    if not _FORMULA.search(xml):
        return frozenset()
    found: set[tuple[int, int]] = set()
    for formula in _FORMULA.finditer(xml):  # only the formula cells: a 120,000-cell sheet is not walked
        # <f> is a cell's first child (ECMA-376 18.3.1.4): the tag just before it opens the cell
        opening = _OPEN.match(xml, xml.rfind(b"<", 0, formula.start()))
        close = _CLOSE.search(xml, formula.end())
        ref = _REF.search(opening.group(1)) if opening else None
        if not (opening and ref and close):
            continue
        value = _VALUE.search(xml, formula.end(), close.start())
        if value is None or (not value.group(1) and not _TEXT_TYPE.search(opening.group(1))):
            found.add((int(ref.group(2)) - 1, _column(ref.group(1))))
    return frozenset(found)


_LINKED = re.compile(rb"<(?:\w+:)?f\b[^>]*>([^<]*\[[0-9]+\][^<]*)</(?:\w+:)?f>")


def linked_cells(data: bytes, title: str, *, xml: bytes | None = None) -> frozenset[tuple[int, int]]:
    """Return the cells of worksheet ``title`` whose formula reads another workbook, (row, column) from 0.

    Excel writes a reference to another file as ``[1]Sheet1!A1`` (the number names the package's
    xl/externalLinks/ part): the value saved with it was computed from a file docgen never sees and
    may be older than the form."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if not any(n.startswith("xl/externalLinks/") for n in package.namelist()):
                return frozenset()
    except (KeyError, zipfile.BadZipFile, ValueError, SyntaxError):
        return frozenset()
    xml = xml if xml is not None else sheet_xml(data, title)
    if xml is None:
        return frozenset()
    found: set[tuple[int, int]] = set()
    for formula in _LINKED.finditer(xml):
        opening = _OPEN.match(xml, xml.rfind(b"<", 0, formula.start()))  # <f> is the cell's first child
        ref = _REF.search(opening.group(1)) if opening else None
        if ref:
            found.add((int(ref.group(2)) - 1, _column(ref.group(1))))
    return frozenset(found)
