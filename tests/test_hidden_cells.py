"""The hidden rows and columns of a worksheet (docgen/load/hidden_cells.py), read from a real .xlsx package
with an XML parser: any namespace prefix or quoting a spreadsheet writes, and no entity resolved."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from docgen.load.hidden_cells import Hidden, hidden_cells

SHEET = "xl/worksheets/sheet1.xml"


def _package(sheet_xml: bytes | None = None) -> bytes:
    """Return an openpyxl workbook (columns B-C and row 3 hidden), its sheet part replaced if given."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "表"
    for row in range(4):
        sheet.append([f"{row}{column}" for column in "ABCD"])
    sheet.column_dimensions.group("B", "C", hidden=True)
    sheet.row_dimensions[3].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    if sheet_xml is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, sheet_xml if name == SHEET else source.read(name))
    return out.getvalue()


def test_the_rows_and_columns_excel_hides() -> None:
    assert hidden_cells(_package(), "表") == Hidden(frozenset({2}), frozenset({1, 2}))


def test_a_prefixed_strict_sheet_with_single_quotes() -> None:
    xml = (
        b"<x:worksheet xmlns:x='http://purl.oclc.org/ooxml/spreadsheetml/main'>"
        b"<x:cols><x:col min='4' max='5' hidden='true'/><x:col min='7' max='7'/></x:cols>"
        b"<x:sheetData><x:row r='2' hidden='1'/><x:row r='\xc2\xb2' hidden='1'/><x:row hidden='1'/>"
        b"</x:sheetData></x:worksheet>"
    )
    assert hidden_cells(_package(xml), "表") == Hidden(frozenset({1}), frozenset({3, 4}))


def test_an_entity_is_not_resolved() -> None:
    """``hidden="&yes;"`` would hide row 2 if the parser expanded the DTD's entity (libxml2 does in an
    attribute, whatever resolve_entities says): a sheet declaring a DOCTYPE hides nothing."""
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY yes "1">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="2" hidden="&yes;"/><row r="4" hidden="1"/></sheetData></worksheet>'
    )
    assert hidden_cells(_package(xml), "表") == Hidden()
