"""The hidden rows and columns of a worksheet in an .xlsx package.

An office keeps working notes in columns it hides before printing (内部备注, 联系人手机); Excel and
WPS leave them off the printed sheet, so an attachment made from that sheet leaves them off too.
python-calamine reads every cell and exposes no hidden flags, so the sheet's XML is scanned here
(ECMA-376 Part 1, 18.3.1.13 ``<col min="3" max="3" hidden="1"/>`` and 18.3.1.73
``<row r="5" hidden="1">``).  The package has passed docgen/load/limits.py's checks before.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from docgen.load.error_cells import sheet_part

_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'\b(\w+)="([^"]*)"')
_TRUE = (b"1", b"true")


@dataclass(frozen=True)
class Hidden:
    """The hidden rows and columns of a sheet, 0-based (row 0 is the sheet's row 1, column 0 is A)."""

    rows: frozenset[int] = field(default_factory=frozenset)
    columns: frozenset[int] = field(default_factory=frozenset)


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    return dict(_ATTRIBUTE.findall(raw))


def hidden_cells(data: bytes, title: str | None) -> Hidden:
    """Return the rows and columns hidden in worksheet ``title`` of the package ``data``."""
    if title is None:
        return Hidden()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            part = sheet_part(package, title)
            xml = package.read(part) if part else b""
    except (KeyError, zipfile.BadZipFile, ValueError, SyntaxError):
        return Hidden()  # the reader has read the sheet: a package this odd hides nothing docgen can see
    if b"hidden=" not in xml:
        return Hidden()
    columns: set[int] = set()
    for match in _COL.finditer(xml):
        attributes = _attributes(match.group(1))
        if attributes.get(b"hidden") in _TRUE and attributes.get(b"min", b"").isdigit():
            low, written = int(attributes[b"min"]), attributes.get(b"max", b"")
            high = int(written) if written.isdigit() else low
            columns.update(range(low - 1, min(high, 16384)))  # 16384 columns at most (XFD)
    rows = {
        int(attributes[b"r"]) - 1
        for attributes in map(_attributes, (m.group(1) for m in _ROW.finditer(xml)))
        if attributes.get(b"hidden") in _TRUE and attributes.get(b"r", b"").isdigit()
    }
    return Hidden(frozenset(rows), frozenset(columns))
