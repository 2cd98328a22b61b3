"""The copy of a .docx LibreOffice renders for ``docgen check`` to measure: the document as Word
shows it without markup.

Word lays out the runs inside a tracked insertion, an inline content control (w:sdt), a hyperlink or
a smart tag as it lays out any run, and a document is judged with its tracked changes accepted (the
text rules read it so: ``docx_read.visible_text``).  LibreOffice 7.4 does not: it colours inserted
text and marks changed lines with bars in the margin, prints deleted text struck through, and sets a
line holding a hyperlink's or a content control's runs with a character less (measured on
tests/fixtures/checkread12: 27 characters where Word and the same runs unwrapped give 28, and the
版记 pushed onto a third page).  So LibreOffice is given a copy with the changes accepted and those
wrappers taken away, their runs kept in place; a document without any is rendered as it is.
Written by hand: no library accepts tracked changes or unwraps content controls in a .docx.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
# inline wrappers whose runs Word sets as any other: taken away, their content kept
_UNWRAPPED = {f"{{{W}}}{tag}" for tag in ("ins", "moveTo", "hyperlink", "smartTag")}
# tracked removals and the records of a change (the old formatting): taken away with their content
_REMOVED = {
    f"{{{W}}}{tag}"
    for tag in (
        "del",
        "moveFrom",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "numberingChange",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
    )
}
_CHANGES = (b"<w:ins ", b"<w:del ", b"<w:moveFrom", b"<w:moveTo")  # tracked changes, as a part's bytes
_MARKERS = (
    *_CHANGES,
    b"<w:hyperlink",
    b"<w:smartTag",
    b"<w:sdt>",
    b"Change ",
    b"Change>",
)
_PARTS = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml", "word/endnotes.xml")


def _flatten(root: etree._Element) -> None:
    """Accept the tracked changes in ``root`` and unwrap its inline wrappers (changed in place)."""
    for row in [r for r in root.iter(f"{{{W}}}tr") if r.find(f"{{{W}}}trPr/{{{W}}}del") is not None]:
        table = row.getparent()
        if table is not None:
            table.remove(row)  # a deleted table row
    for node in [n for n in root.iter() if n.tag in _REMOVED]:
        parent = node.getparent()
        if parent is not None:  # under rPr/trPr a w:del marks a deleted paragraph mark or row: the mark goes
            parent.remove(node)
    wrappers = [n for n in root.iter() if n.tag in _UNWRAPPED or _inline_sdt(n)]
    for node in reversed(wrappers):  # innermost first
        parent = node.getparent()
        if parent is None:
            continue
        if node.tag in (f"{{{W}}}ins",) and parent.tag in (f"{{{W}}}rPr", f"{{{W}}}trPr"):
            parent.remove(node)  # an inserted paragraph mark or row: only the marker goes
            continue
        content = node.find(f"{{{W}}}sdtContent") if node.tag == f"{{{W}}}sdt" else node
        at = parent.index(node)
        kids = [] if content is None else [k for k in content if not k.tag.endswith("}sdtPr")]
        parent.remove(node)
        for offset, kid in enumerate(kids):
            parent.insert(at + offset, kid)


def _inline_sdt(node: etree._Element) -> bool:
    """Return True for a content control inside a paragraph (one around paragraphs is laid out alike)."""
    parent = node.getparent()
    return (
        node.tag == f"{{{W}}}sdt"
        and parent is not None
        and parent.tag
        in (
            f"{{{W}}}p",
            f"{{{W}}}hyperlink",
            f"{{{W}}}ins",
            f"{{{W}}}smartTag",
            f"{{{W}}}fldSimple",
            f"{{{W}}}sdtContent",
        )
        and next(node.iter(f"{{{W}}}p"), None) is None
    )


def final_copy(source: Path, target: Path) -> bool:
    """Write at ``target`` the copy of ``source`` to render (the changes accepted, the wrappers taken
    away); return False, writing nothing, when ``source`` has none of them or cannot be read so (the
    caller renders it as it is)."""
    try:
        with zipfile.ZipFile(source) as package:
            replaced: dict[str, bytes] = {}
            for info in package.infolist():
                if not info.filename.startswith(_PARTS) or info.file_size > 64 * 1024 * 1024:
                    continue
                data = package.read(info)
                if not any(marker in data for marker in _MARKERS):
                    continue
                root = etree.fromstring(data, _PARSER)
                _flatten(root)
                replaced[info.filename] = etree.tostring(
                    root, xml_declaration=True, encoding="UTF-8", standalone=True
                )
            if not replaced:
                return False
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
                for info in package.infolist():
                    if info.filename in replaced:
                        copy.writestr(info.filename, replaced[info.filename])
                    else:
                        with package.open(info) as part, copy.open(info.filename, "w") as out:
                            shutil.copyfileobj(part, out, 1024 * 1024)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, KeyError, ValueError, RuntimeError):
        return False  # the converter's own reading says what is wrong with the file
    return True


def has_tracked_changes(source: Path) -> bool:
    """Return whether the document body holds tracked insertions or deletions not yet accepted."""
    try:
        with zipfile.ZipFile(source) as package:
            data = package.read("word/document.xml")
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return False
    return any(marker in data for marker in _CHANGES)
