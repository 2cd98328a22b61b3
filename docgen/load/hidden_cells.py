"""The hidden rows and columns of a worksheet in an .xlsx package.

An office keeps working notes in columns it hides before printing (内部备注, 联系人手机); Excel and
WPS leave them off the printed sheet, so an attachment made from that sheet leaves them off too.
python-calamine reads every cell and exposes no hidden flags, so the sheet's XML is read here
(ECMA-376 Part 1, 18.3.1.13 ``<col min="3" max="3" hidden="1"/>`` and 18.3.1.73
``<row r="5" hidden="1">``; 18.3.1.2 ``<autoFilter ref="A3:F13">``, under which hidden rows are
filtered: a ledger still reads them, as a filter left on deletes nothing) with lxml's iterparse,
only the ``col``, ``row`` and ``autoFilter`` elements handed up and each let go once read, so a large sheet is never held as a tree.  The package has passed
docgen/load/limits.py's checks before (a member's size, the compression ratio, no DTD); the parser
itself loads no DTD, opens no network, keeps libxml2's limits (no huge_tree) and reads nothing of a sheet
that declares a DOCTYPE.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from docgen.load.error_cells import sheet_xml

# any namespace: the transitional and the strict SpreadsheetML name these elements alike
_TAGS = ("{*}col", "{*}row", "{*}autoFilter")
_TRUE = ("1", "true")
_MAX_COLUMNS = 16384  # XFD, the last column of a sheet
_ROWS_OF_RANGE = re.compile(r"\$?[A-Z]{1,3}\$?([0-9]{1,7}):\$?[A-Z]{1,3}\$?([0-9]{1,7})")


@dataclass(frozen=True)
class Hidden:
    """The hidden rows and columns of a sheet, 0-based (row 0 is the sheet's row 1, column 0 is A)."""

    rows: frozenset[int] = field(default_factory=frozenset)
    columns: frozenset[int] = field(default_factory=frozenset)
    # the rows a filter hides (筛选 left on): of ``rows``, those under an autofilter's header
    filtered: frozenset[int] = field(default_factory=frozenset)


def _hidden_elements(xml: bytes) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield the local name and attributes of each hidden ``col`` and ``row`` element of the sheet."""
    events = etree.iterparse(
        io.BytesIO(xml),
        events=("end",),
        tag=_TAGS,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
    )
    for number, (_event, element) in enumerate(events):
        if number == 0 and element.getroottree().docinfo.doctype:
            # libxml2 puts an entity's text into an attribute even with resolve_entities off, so a
            # sheet with a DOCTYPE (limits.py refuses one before) is not read: nothing hidden
            return
        name = etree.QName(element).localname
        if element.get("hidden") in _TRUE or name == "autoFilter":  # rows under a filter's arrows: filtered
            yield name, dict(element.attrib)
        element.clear()  # a row's cells are read: let them go, and the rows before it
        while element.getprevious() is not None:
            del element.getparent()[0]


def _number(text: str | None) -> int | None:
    """Return the number written in ASCII digits, else None (a text is not a column or row number)."""
    return int(text) if text and text.isascii() and text.isdigit() else None


def hidden_cells(data: bytes, title: str | None, *, xml: bytes | None = None) -> Hidden:
    """Return the rows and columns hidden in worksheet ``title`` of the package ``data``."""
    if title is None:
        return Hidden()
    xml = xml if xml is not None else sheet_xml(data, title)
    if xml is None:
        return Hidden()  # the reader has read the sheet: a package this odd hides nothing docgen can see
    if b"hidden=" not in xml:
        return Hidden()
    columns: set[int] = set()
    rows: set[int] = set()
    ranges: list[tuple[int, int]] = []  # the rows of each autofilter's range, 0-based
    try:
        for name, attributes in _hidden_elements(xml):
            low, high = _number(attributes.get("min")), _number(attributes.get("max"))
            if name == "col" and low is not None:
                columns.update(range(low - 1, min(low if high is None else high, _MAX_COLUMNS)))
            elif name == "row" and (row := _number(attributes.get("r"))) is not None:
                rows.add(row - 1)
            elif name == "autoFilter":
                span = _ROWS_OF_RANGE.fullmatch(attributes.get("ref", ""))
                if span:
                    ranges.append((int(span.group(1)) - 1, int(span.group(2)) - 1))
    except etree.XMLSyntaxError:
        return Hidden()  # as above: calamine read the sheet, so this is not XML docgen can judge
    filtered = {row for row in rows if any(top < row <= bottom for top, bottom in ranges)}  # top: its header
    return Hidden(frozenset(rows), frozenset(columns), frozenset(filtered))
