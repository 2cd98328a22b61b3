"""An offline copy of a document for LibreOffice: nothing in it reaches outside the file.

A .docx (or .xlsx) can make LibreOffice fetch from the network or the disk while it opens it: a
picture linked to a URL (``r:link``, a relationship with ``TargetMode="External"``), an attached
template, a subdocument, a linked OLE object, a frame, an alternative chunk (an HTML part whose
pictures are fetched), a field that fetches (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE, IMPORT) and
VML's ``o:href``/``src``.  Documents may be classified and docgen works offline (hostile8 #2: a
tracking pixel was requested twice by ``check``, 72 times by ``merge --pdf``), so LibreOffice is
only ever given the copy written here: every such link removed (a hyperlink stays: it is followed
only when clicked), each one described for the user.  The copy has an ASCII name of the caller's
choosing, so a locale that cannot spell the user's file name does not matter (hostile8 #11).

Reviewers' comments (批注) are taken out of the copy too, silently (the caller counts them:
load/docx_final.py): the PDF is the page as it prints, and LibreOffice 7.4 as Debian's -nogui
packages install it dies on any comment.  Its Writer view builds a margin window for each comment
(SwAnnotationWin, from modules/swriter/ui/annotation.ui) in an event handled once a UNO call has
returned; those packages ship no .ui file, the builder throws NoSuchElementException, nothing
catches it and soffice aborts (SIGABRT: "Binary URP bridge disposed" in the worker).  Turning the
comments' display off in the profile (Writer/Content/Display/Note) does not stop it, and a
``soffice --convert-to`` run survives only because it closes the document before handling events.

A document with nothing to remove (every document docgen writes) is copied byte for byte.
"""

from __future__ import annotations

import re
import shutil
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from docgen.errors import ConversionError, os_error_text
from docgen.i18n import _

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# a comment's marks in the text: taken away (their runs stay), with the comments' parts' relationships
COMMENT_MARKS = {f"{{{W_NS}}}{tag}" for tag in ("commentRangeStart", "commentRangeEnd", "commentReference")}
COMMENT_PARTS = {"comments", "commentsExtended", "commentsIds", "commentsExtensible"}
# relationships dropped even inside the package: an alternative chunk is an HTML/RTF/MHT part
# LibreOffice imports with its own filter, which fetches the pictures the chunk links to
ALWAYS_DROPPED = {"aFChunk"}
FETCHING_FIELD = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|DDE|DDEAUTO|LINK|IMPORT)\b", re.IGNORECASE)
# a target outside the package: a URL (http:, file:, smb:, vnd.sun.star.webdav:, C:\ too) or a UNC path
OUTSIDE = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|[\\/]{2})")
LINK_ATTRIBUTES = {"href", "src"}  # VML's o:href / src on v:imagedata, v:fill …: a picture by URL
# parts read whole to be cleaned: every XML part of a real document is far smaller (document.xml
# of a 372-page table: 9 MiB); LibreOffice is not given a larger one it could not be checked in
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_COPY_BYTES = 1024 * 1024 * 1024  # a copy rewritten unpacked: pictures of a long report, not a zip bomb
# a part is parsed only if it holds one of these: a substring test costs nothing (a regular
# expression over the 800 KB of XML in python-docx's template took 33 ms)
_CANDIDATES = (b"instr", b"href", b"src", b"comment")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _described(kind: str, target: str) -> str:
    """Return what was not loaded, e.g. ``a linked picture (http://…/pixel.png)``."""
    labels = {
        "image": _("a linked picture"),
        "attachedTemplate": _("an attached template"),
        "subDocument": _("a subdocument"),
        "oleObject": _("a linked OLE object"),
        "frame": _("a frame"),
        "aFChunk": _("an alternative chunk"),
    }
    what = labels.get(kind) or _("a linked {kind} part").format(kind=kind)
    return _("{what} ({target})").format(what=what, target=target[:120]) if target else what


def _clean_rels(data: bytes) -> tuple[bytes | None, list[str]]:
    """Return the .rels part without relationships reaching outside (None: unchanged), and what went."""
    root = etree.fromstring(data, _PARSER)
    gone: list[str] = []
    changed = False
    for rel in list(root.iter(f"{{{REL_NS}}}Relationship")):
        kind = rel.get("Type", "")
        target = rel.get("Target", "")
        outside = rel.get("TargetMode", "").lower() == "external" or OUTSIDE.match(target) is not None
        short = kind.rsplit("/", 1)[-1]
        if (outside and kind != HYPERLINK) or short in ALWAYS_DROPPED:
            root.remove(rel)
            gone.append(_described(short, target if outside else ""))
            changed = True
        elif short in COMMENT_PARTS:  # the comments themselves: not printed, no note (module docstring)
            root.remove(rel)
            changed = True
    if not changed:
        return None, gone
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), gone


def _field_instructions(root: etree._Element) -> list[tuple[str, list[etree._Element]]]:
    """Return each complex field's instruction text and its w:instrText elements (nested fields apart)."""
    char, instr, kind_of = f"{{{W_NS}}}fldChar", f"{{{W_NS}}}instrText", f"{{{W_NS}}}fldCharType"
    fields: list[tuple[str, list[etree._Element]]] = []
    stack: list[list[etree._Element] | None] = []  # each open field's instruction; None once separated
    for node in root.iter(char, instr):
        if node.tag == instr:
            if stack and stack[-1] is not None:
                stack[-1].append(node)
            continue
        kind = node.get(kind_of)
        if kind == "begin":
            stack.append([])
        elif kind in ("separate", "end") and stack:
            texts = stack.pop()
            if texts is not None:
                fields.append(("".join(t.text or "" for t in texts), texts))
            if kind == "separate":
                stack.append(None)
    return fields


def _clean_part(data: bytes) -> tuple[bytes | None, list[str]]:
    """Return an XML part without fetching fields, VML links or comment marks (None: unchanged), and
    what went (the comments unsaid: module docstring)."""
    root = etree.fromstring(data, _PARSER)
    gone: list[str] = []
    marks = list(root.iter(*COMMENT_MARKS))
    for mark in marks:
        parent = mark.getparent()
        if parent is not None:
            parent.remove(mark)  # its tail goes too: whitespace between elements, not text
    for instruction, texts in _field_instructions(root):
        if FETCHING_FIELD.match(instruction):
            for text in texts:
                text.text = ""  # the field's result (what Word showed last) stays, as plain text
            gone.append(_("a {field} field").format(field=instruction.split()[0].upper()))
    for simple in list(root.iter(f"{{{W_NS}}}fldSimple")):
        instruction = simple.get(f"{{{W_NS}}}instr", "")
        if FETCHING_FIELD.match(instruction):
            simple.set(f"{{{W_NS}}}instr", "")
            gone.append(_("a {field} field").format(field=instruction.split()[0].upper()))
    for node in root.iter():
        for name, value in list(node.attrib.items()):
            if etree.QName(name).localname in LINK_ATTRIBUTES and OUTSIDE.match(value):
                del node.attrib[name]
                gone.append(_described("image", value))
    if not gone and not marks:
        return None, gone
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), gone


def _wide(head: bytes) -> bool:
    """Return True for XML in UTF-16 (a BOM, or a NUL beside the first "<"): no substring test then."""
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:2]


def _xml_inside(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Return True if a part whose name does not say XML holds XML: [Content_Types].xml may make
    ``word/body.dat`` the document, and LibreOffice reads it."""
    with package.open(info) as part:
        head = part.read(64)
    return _wide(head) or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _cleaned_parts(package: zipfile.ZipFile, source: Path) -> tuple[dict[str, bytes], list[str]]:
    """Return the parts to replace (name → new bytes) and what was removed."""
    replaced: dict[str, bytes] = {}
    gone: list[str] = []
    for info in package.infolist():
        name = info.filename
        if info.is_dir() or not (
            name.lower().endswith((".rels", ".xml", ".vml")) or _xml_inside(package, info)
        ):
            continue
        if info.file_size > MAX_PART_BYTES:
            raise ConversionError(
                _("{file}: the part {part} holds {size} bytes, more than the {limit} docgen checks").format(
                    file=source.name, part=name, size=info.file_size, limit=MAX_PART_BYTES
                )
            )
        data = package.read(info)
        if name.lower().endswith(".rels"):
            new, removed = _clean_rels(data)
        elif _wide(data[:4]) or any(word in data for word in _CANDIDATES):
            new, removed = _clean_part(data)
        else:
            continue
        if new is not None:
            replaced[name] = new
            gone.extend(removed)
    return replaced, gone


def offline_copy(source: Path, target: Path) -> tuple[str, ...]:
    """Write at ``target`` a copy of ``source`` LibreOffice can open offline; return one note per
    link removed, e.g. “链接的图片（http://…）未载入” (empty: nothing fetching was removed; comments go unsaid).

    Raise ConversionError for a file that is not a zip package or cannot be read.
    """
    try:
        with zipfile.ZipFile(source) as package:
            replaced, gone = _cleaned_parts(package, source)
            if not replaced:
                package.close()
                shutil.copyfile(source, target)
                return ()
            total = sum(info.file_size for info in package.infolist())
            if total > MAX_COPY_BYTES:  # declared sizes bind: zipfile inflates no member beyond its own
                raise ConversionError(
                    _("{file} unpacks to {size} bytes, more than the {limit} docgen copies").format(
                        file=source.name, size=total, limit=MAX_COPY_BYTES
                    )
                )
            with zipfile.ZipFile(target, "w") as copy:
                for info in package.infolist():
                    # stored, not deflated: the copy lives for one conversion (compressing took
                    # half the time of a copy)
                    stored = zipfile.ZipInfo(info.filename, info.date_time)
                    if info.filename in replaced:
                        copy.writestr(stored, replaced[info.filename])
                        continue
                    # streamed: a large picture is not held in memory
                    with package.open(info) as part, copy.open(stored, "w") as out:
                        shutil.copyfileobj(part, out, 1024 * 1024)
    # RuntimeError: an encrypted member; NotImplementedError: a compression zipfile lacks
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        etree.XMLSyntaxError,
        zlib.error,
        KeyError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ) as error:
        raise ConversionError(
            _("{file} cannot be read as a Word or spreadsheet package: {error}").format(
                file=source.name, error=error
            )
        ) from None
    except OSError as error:
        raise ConversionError(f"{source.name}: {os_error_text(error)}") from None
    # once each, in order; without the file's name: the caller knows it (``source`` may be a
    # scratch copy, as publish's d00000.docx is)
    return tuple(
        _("{what} was not loaded: docgen works offline").format(what=what) for what in dict.fromkeys(gone)
    )
