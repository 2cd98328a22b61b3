"""Hostile files for the limit tests: zip, XML and YAML bombs, built small and fast."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
ROW = b'<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c><c><v>2</v></c></row>'
MiB = 1024 * 1024


def package_members(source: Path | bytes) -> dict[str, bytes]:
    """Return every member of the zip package ``source`` (a file, or its bytes) by name."""
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as package:
        return {name: package.read(name) for name in package.namelist()}


def write_package(path: Path, members: dict[str, bytes]) -> Path:
    """Write ``members`` as the zip package ``path`` (deflated, in their order)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def workbook_members(header: Sequence[str] = ("项目名称", "责任单位")) -> dict[str, bytes]:
    """Return the members of a real workbook (openpyxl's) whose one row is ``header``."""
    book = Workbook()
    book.active.append(list(header))
    buffer = io.BytesIO()
    book.save(buffer)
    return package_members(buffer.getvalue())


def xlsx_with_sheet(path: Path, rows_bytes: int) -> Path:
    """A real workbook whose first sheet is ``rows_bytes`` of repeated rows (compresses ~1000x)."""
    members = workbook_members()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            if name != SHEET:
                package.writestr(name, data)
        with package.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            chunk = ROW * (MiB // len(ROW))
            for _ in range(rows_bytes // len(chunk)):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


def xlsx_with_members(path: Path, count: int) -> Path:
    """A real workbook with ``count`` extra tiny members."""
    padding = {f"xl/media/pad{index}.bin": b"" for index in range(count)}
    return write_package(path, {**workbook_members(), **padding})


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>\n"
)


def xlsx_with_entities(path: Path) -> Path:
    """A real workbook whose shared strings declare a billion-laughs entity bomb."""
    members = workbook_members()
    strings = (
        BILLION_LAUGHS
        + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        b"<si><t>&lol9;</t></si></sst>"
    )
    members["xl/sharedStrings.xml"] = strings
    return write_package(path, members)


def docx_padded(path: Path, source: bytes, pad_bytes: int) -> Path:
    """A real .docx whose document.xml is padded with ``pad_bytes`` of white space (compresses ~1000x)."""
    with (
        zipfile.ZipFile(io.BytesIO(source)) as original,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in original.infolist():
            data = original.read(info)
            if info.filename != "word/document.xml":
                out.writestr(info.filename, data)
                continue
            with out.open(info.filename, "w", force_zip64=True) as member:
                head, tail = data.split(b"<w:body>", 1)
                member.write(head + b"<w:body>")
                chunk = b"<w:p/>" * (MiB // 6)
                for _ in range(pad_bytes // len(chunk)):
                    member.write(chunk)
                member.write(tail)
    return path


def yaml_alias_bomb(levels: int = 9) -> str:
    """Nine levels of nine aliases: 9**9 (387 million) strings once expanded."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels + 1):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"
