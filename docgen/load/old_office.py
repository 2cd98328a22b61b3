"""What an old Office file (a Compound File: .doc, .wps, .xls, .et, .ppt, .dps) given as a package is.

Word 97–2003 and WPS 文字 (.doc, .wps) keep a document in a stream named ``WordDocument``; Excel and
WPS 表格 (.xls, .et) a workbook in ``Workbook`` (``Book`` before Excel 97); PowerPoint and WPS 演示
(.ppt, .dps) a ``PowerPoint Document``.  The stream names are written in UTF-16 in the file's
directory, so finding them needs no parser.  A clerk who renamed a WPS 表格 file to .docx is told it is
a workbook, not asked to save a workbook as a document (wps13).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: .xls, .et, .doc, .wps, or an encrypted package
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream an open password puts the package in (MS-OFFCRYPTO)
_DOCUMENT = "WordDocument".encode("utf-16-le")
_WORKBOOKS = ("Workbook".encode("utf-16-le"), "Book\0".encode("utf-16-le"))
_PRESENTATION = "PowerPoint Document".encode("utf-16-le")


def old_kind(data: bytes) -> str:
    """Return what a Compound File holds: "document", "workbook", "presentation", or "" if unknown."""
    if _DOCUMENT in data:
        return "document"
    if any(name in data for name in _WORKBOOKS):
        return "workbook"
    if _PRESENTATION in data:
        return "presentation"
    return ""


def old_office(data: bytes, path: Path, kind: str) -> DataError:
    """Return the refusal of a Compound File given as an Office package (``kind``: .docx or .xlsx).

    A workbook with a password to open (its package is encrypted inside it); an old document or
    workbook saved under the new name, named for what it is, with the way to the format wanted (ledgers12 #4:
    both were “not a zip package”; wps13: a WPS 表格 file named .docx was told to be saved as .docx)."""
    if _ENCRYPTED in data:
        return DataError(
            _(
                "the file has a password to open (it is encrypted), and docgen does not open it: open it in "
                "Excel or WPS, remove the password (文件 → 信息 → 保护工作簿 / 文件加密) and save it as {kind}"
            ).format(kind=kind),
            Location(file=path),
        )
    name = path.suffix or path.name
    held = old_kind(data)
    wanted = "document" if kind == ".docx" else "workbook"
    if held == wanted == "document":
        message = _(
            "this is an old-format document (Word .doc or WPS 文字 .wps) named {name}: open it in WPS or Word "
            "and save it as .docx (文件 → 另存为)"
        )
    elif held == wanted == "workbook":
        message = _(
            "this is an old-format workbook (Excel .xls or WPS 表格 .et) named {name}: open it in Excel or WPS "
            "and save it as .xlsx (文件 → 另存为)"
        )
    elif held:
        what = {
            "document": _("a document (Word .doc or WPS 文字 .wps)"),
            "workbook": _("a workbook (Excel .xls or WPS 表格 .et)"),
            "presentation": _("a presentation (PowerPoint .ppt or WPS 演示 .dps)"),
        }[held]
        needed = _("a Word document (.docx)") if kind == ".docx" else _("a workbook (.xlsx)")
        message = _("this is {what} named {name}, not {needed}: give {needed} here").format(
            what=what, name="{name}", needed=needed
        )
    else:
        message = _(
            "this is an old Office file (.xls, .et, .doc or .wps) named {name}: open it in Excel or WPS and "
            "save it as {kind} (文件 → 另存为)"
        )
    return DataError(message.format(name=name, kind=kind), Location(file=path))


_ZIP = b"PK\x03\x04"
_DOCUMENT_SUFFIXES = (".doc", ".dot", ".wps", ".wpt", ".rtf", ".odt")  # Word, WPS 文字, their templates
_WORKBOOK_SUFFIXES = (".xls", ".xlsx", ".et", ".ett", ".csv")  # Excel, WPS 表格


def renamed_docx(path: Path) -> bool:
    """Return whether ``path``, named as a Word or WPS 文字 file of another format, is a zip package (a
    .docx renamed .wps or .doc)."""
    if path.suffix.lower() not in _DOCUMENT_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            if handle.read(len(_ZIP)) != _ZIP:
                return False
        # an .odt is a zip package too: only one holding a Word body is a .docx (the central directory
        # alone is read, nothing decompressed)
        with zipfile.ZipFile(path) as package:
            return "word/document.xml" in package.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def docx_advice(path: Path) -> str:
    """Return what to do with ``path``, given where a .docx is wanted under another name, or "".

    A .docx package renamed .wps (the zip signature) is to be renamed back; a WPS 文字 or Word file of
    another format (.wps, .doc, .rtf, .odt …) is to be saved as .docx; a workbook (.et, .xls) is not a
    document at all (wps13: check, letterhead-import, merge and preview only said “.docx only”)."""
    suffix = path.suffix.lower()
    if renamed_docx(path):
        return _("the file is a .docx package named {suffix}: change its extension to .docx").format(suffix=suffix)
    if suffix in _DOCUMENT_SUFFIXES:
        return _("open it in WPS or Word and save it as .docx (文件 → 另存为)")
    if suffix in _WORKBOOK_SUFFIXES:
        return _("it is a workbook ({suffix}), not a document: give a Word document (.docx)").format(suffix=suffix)
    return ""


def not_docx(message: str, path: Path) -> str:
    """Return ``message`` (a refusal of a file that is not .docx) with :func:`docx_advice` after it."""
    advice = docx_advice(path)
    return message + _("; ") + advice if advice else message
