"""Typst's PDF counted and finished without pypdf: its pages (``pages``) and what every docgen PDF
has (/Lang zh-CN, the window showing the document's title, docgen named as /Producer, by which
``docgen check`` knows its own documents), appended as an incremental update (ISO 32000-1 7.5.6).

Written by hand because only these needed a PDF library on Typst's path: a cold ``docgen preview
--engine typst`` imported pypdf (and the ``cryptography`` it imports) for them, 375 M of the
preview's 2 620 M instructions on its main thread (callgrind), and a batch imports PDFium.  Typst
writes one classic cross-reference table, its catalog as a plain dictionary and one page tree; a PDF
written otherwise (none known) goes through pypdf (``pdf_update.finish_typst``; pages: 0, the caller counts them),
which gives the same.
"""

from __future__ import annotations

import re

LANGUAGE = "zh-CN"  # every PDF docgen makes is Chinese (Typst writes it, LibreOffice says en-US)
PRODUCER = "docgen (Typst)"  # Typst names itself as /Creator only and writes no /Producer

_END = re.compile(rb"trailer\s*<<(.*)>>\s*startxref\s+(\d+)\s+%%EOF\s*$", re.S)
_ROOT = re.compile(rb"/Root\s+(\d+)\s+(\d+)\s+R")
_SIZE = re.compile(rb"/Size\s+(\d+)")
_INFO = re.compile(rb"/Info\s+(\d+)\s+(\d+)\s+R")
_PRODUCER = re.compile(rb"/Producer\s*\((?:[^()\\]|\\.)*\)")
_ID = re.compile(rb"/ID\s*\[[^\]]*\]")
_XREF = re.compile(rb"xref\s+0\s+(\d+)\s+")
_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\s*<<(.*?)>>\s*endobj", re.S)
# the viewer preferences as Typst writes them, a dictionary of names in the catalog
_PREFERENCES = re.compile(rb"/ViewerPreferences\s*<<((?:/\w+\s*/?\w+\s*)*)>>")
_LANG = re.compile(rb"/Lang\s*\([^()\\]*\)")
_PAGES = re.compile(rb"<</Type/Pages/Count (\d+)/Kids\[")


def pages(pdf: bytes) -> int:
    """Return the pages of Typst's ``pdf``: its page tree's count (the root's, the largest); 0 where
    it has none written so (then count them with a PDF library)."""
    return max((int(count) for count in _PAGES.findall(pdf)), default=0)


def _catalog(pdf: bytes, start: int, root: int, generation: int) -> bytes | None:
    """Return the dictionary entries (between ``<<`` and ``>>``) of object ``root`` (the catalog, the
    information dictionary), read where the cross-reference table at ``start`` says it is; None where
    it is not so written."""
    table = _XREF.match(pdf, start)
    if table is None or root >= int(table.group(1)):
        return None
    entry = pdf[table.end() + 20 * root : table.end() + 20 * root + 20]
    if len(entry) != 20 or entry[17:18] != b"n":
        return None
    found = _OBJECT.match(pdf, int(entry[:10]))
    if found is None or (int(found.group(1)), int(found.group(2))) != (root, generation):
        return None
    return found.group(3)


def _settings(entries: bytes) -> bytes | None:
    """Return the catalog's entries with /Lang zh-CN and /DisplayDocTitle true (None: not a catalog
    written as Typst writes it, with nested dictionaries other than its viewer preferences)."""
    lang = b"/Lang(" + LANGUAGE.encode() + b")"
    entries = _LANG.sub(lang, entries) if _LANG.search(entries) else entries + lang
    preferences = _PREFERENCES.search(entries)
    if preferences is None:
        if b"/ViewerPreferences" in entries:  # a reference, or what we do not read
            return None
        return entries + b"/ViewerPreferences<</DisplayDocTitle true>>"
    inner = re.sub(rb"/DisplayDocTitle\s*\w+", b"", preferences.group(1))
    return entries[: preferences.start()] + b"/ViewerPreferences<<" + inner + b"/DisplayDocTitle true>>" + entries[preferences.end() :]


def finish_typst(pdf: bytes) -> bytes:
    """Return Typst's ``pdf`` with the viewer settings and the /Producer every docgen PDF has, appended."""
    end = _END.search(pdf, max(0, len(pdf) - 1024))
    root = _ROOT.search(end.group(1)) if end else None
    size = _SIZE.search(end.group(1)) if end else None
    entries = (
        _catalog(pdf, int(end.group(2)), int(root.group(1)), int(root.group(2)))
        if end and root and size
        else None
    )
    changed = _settings(entries) if entries is not None else None
    info = _INFO.search(end.group(1)) if end else None
    info_entries = (
        _catalog(pdf, int(end.group(2)), int(info.group(1)), int(info.group(2))) if end and info else None
    )
    if end is None or root is None or size is None or changed is None or info is None or info_entries is None:
        from docgen.convert.pdf_update import finish_typst as with_pypdf

        return with_pypdf(pdf)
    producer = b"/Producer(" + PRODUCER.replace("(", "\\(").replace(")", "\\)").encode() + b")"
    updated = {
        (int(root.group(1)), int(root.group(2))): changed,
        (int(info.group(1)), int(info.group(2))): _PRODUCER.sub(b"", info_entries) + producer,
    }
    number, generation = int(root.group(1)), int(root.group(2))
    head = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    body = b""
    table = b"xref\n0 1\n0000000000 65535 f\r\n"
    for (each, each_generation), entries in sorted(updated.items()):
        table += b"%d 1\n%010d %05d n\r\n" % (each, len(head) + len(body), each_generation)
        body += b"%d %d obj\n<<%s>>\nendobj\n" % (each, each_generation, entries)
    xref = len(head) + len(body)
    trailer = b"/Size %d/Root %d %d R" % (int(size.group(1)), number, generation)
    for extra in (info, _ID.search(end.group(1))):
        if extra is not None:
            trailer += extra.group(0)
    trailer += b"/Prev %d" % int(end.group(2))
    return (
        head
        + body
        + table
        + b"trailer\n<<"
        + trailer
        + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    )
