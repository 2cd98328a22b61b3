"""A LibreOffice conversion worker, run by Debian's system python3 (which has python3-uno).

It is a separate script, not part of the docgen package's import graph: the ``uno`` module only
imports in the interpreter LibreOffice was built against, not in docgen's virtual environment.
It uses nothing but the standard library and ``uno``.

It starts one soffice with its own profile, connects over a named pipe, then converts documents
one at a time.  Protocol, one JSON object a line:

    stdout  {"ready": true, "soffice_pid": 1234}                  once soffice answers
    stdin   {"in": "/abs/a.docx", "out": "/abs/a.pdf"}           a job
    stdout  {"ok": true, "ms": 212} | {"ok": false, "dead": false, "error": "..."}
            (dead: soffice died on it; the error is then what soffice said on stderr, if anything)
    stdin   {"quit": true}  (or end of input: the parent is gone)  soffice is closed, the worker exits

This is a thin alternative to unoserver: three UNO calls per document (load hidden, store as PDF,
close), no XML-RPC and no index refresh, ready in about a second instead of five
(reference/baseline.md measured it 1.5x faster per document).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    """Return a UNO PropertyValue."""
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def reply(message: dict[str, object]) -> None:
    """Write one JSON line to the parent."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def connect(pipe: str, process: subprocess.Popen[bytes], deadline: float) -> object:
    """Return LibreOffice's Desktop once soffice accepts connections on ``pipe``."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:
            if process.poll() is not None:
                raise RuntimeError(
                    f"soffice exited with {process.returncode} before accepting connections"
                ) from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


STYLES_LIMIT = 8 * 1024 * 1024  # bytes of word/styles.xml read to find the declaration
NO_SPACING = re.compile(rb'<w:autoSpaceD[EN]\s+w:val="(?:0|false|off)"')


def declares_no_asian_latin_spacing(source: str) -> bool:
    """Return True when the .docx at ``source`` turns off the space between Chinese and Latin
    letters or digits in its styles (w:autoSpaceDE/DN 0, as docgen's documents do).

    A document that does not (Word's default is on, as in most documents typed in Word or WPS) is
    rendered with LibreOffice's default spacing, as Word would set it: ``docgen check`` measures
    what the document asks for, not what docgen would have asked.
    """
    if not source.lower().endswith(".docx"):
        return False
    try:
        with zipfile.ZipFile(source) as package, package.open("word/styles.xml") as styles:
            return NO_SPACING.search(styles.read(STYLES_LIMIT)) is not None
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def no_asian_latin_spacing(document: object) -> None:
    """Turn off the extra space LibreOffice puts between Chinese and Latin letters or digits.

    The .docx says so (w:autoSpaceDE/DN 0, which Word obeys), but LibreOffice's DOCX import
    ignores both elements (writerfilter DomainMapper: "case LN_CT_PPrBase_autoSpaceDE: break;"),
    leaving its default "ParaIsCharacterDistance" on: about a quarter 字 (4.4 pt measured) on each
    side of "2021" in "安排2021年".  Set it off on every paragraph style; nothing sets it directly.
    Called only for a document that declares it (``declares_no_asian_latin_spacing``).
    """
    styles = document.getStyleFamilies().getByName("ParagraphStyles")  # type: ignore[attr-defined]
    for name in styles.getElementNames():
        style = styles.getByName(name)
        if style.getPropertySetInfo().hasPropertyByName("ParaIsCharacterDistance"):
            style.setPropertyValue("ParaIsCharacterDistance", False)


def load_hidden(desktop: object, path: str) -> Any:
    """Return the document at ``path``, loaded hidden and read-only."""
    document = desktop.loadComponentFromURL(  # type: ignore[attr-defined]
        uno.systemPathToFileUrl(path), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True))
    )
    if document is None:
        raise RuntimeError("LibreOffice could not open the document")
    return document


STATISTICS = re.compile(rb"<meta:document-statistic\b[^>]*/>")
# counts that make Writer begin no page early: over 10 pages, paragraph-count / page-count = 90
# paragraphs a page, more than a page of 22 lines holds; under 1000 paragraphs (at 1000 or more
# Writer also defers anchoring frames to the end of its first layout)
NO_EARLY_PAGES = b'<meta:document-statistic meta:page-count="11" meta:paragraph-count="999"/>'


def forget_statistics(odt: str) -> None:
    """Replace the document statistics in the .odt at ``odt``'s meta.xml, in place, by counts under
    which LibreOffice's first layout begins no page before the text fills one (``NO_EARLY_PAGES``).

    Writer's first layout of a loaded document starts a new page every "paragraphs per page"
    (sw/source/core/layout/laycache.cxx, SwLayHelper::CalcPageCount: over 10 pages and 100
    paragraphs paragraph-count / page-count, else 20 or more, estimated from the nodes when the
    file has no counts) and then fills each page by moving content back from the next, and forward
    into a page already holding text — moving a paragraph back only whole.  The copy
    paginate_afresh saves said 105 paragraphs on 15 pages: a page was begun every 7, and a page
    holding more ended a line short before a paragraph of two lines or more, which no keep asks
    (corpus9 #3, n303-028: 「（2）加快5G基站……」 moved whole to page 4, page 3 21 lines, 15 pages
    where Typst and docgen's layout have 14).  Without counts (20 a page) n14-032 page 9 ended 2
    lines short before 「二、有关事项」 and its paragraph of two lines, moved together; with 90 a
    page both split where the page ends.  No UNO property sets them for the file (the export writes
    the live counts), hence the rewrite with zipfile.
    """
    with zipfile.ZipFile(odt) as package:
        entries = [(item, package.read(item)) for item in package.infolist()]
    try:
        with zipfile.ZipFile(odt + ".tmp", "w") as package:
            for item, data in entries:  # mimetype stays first and stored: ODF requires it
                if item.filename == "meta.xml":
                    data = STATISTICS.sub(b"", data).replace(b"</office:meta>", NO_EARLY_PAGES + b"</office:meta>", 1)
                package.writestr(item, data)
        os.replace(odt + ".tmp", odt)
    finally:
        with contextlib.suppress(FileNotFoundError):  # gone when replaced
            os.unlink(odt + ".tmp")


def paginate_afresh(desktop: object, document: object, scratch: str) -> Any:
    """Turn the Chinese–Latin spacing off in ``document``, close it, and return it loaded again
    from its copy saved at ``scratch`` (.odt, deleted): laid out from its first line once, as a
    document that never had the spacing.

    LibreOffice lays a document out when it loads it; the styles changed afterwards
    (``no_asian_latin_spacing``: lines with digits or Latin letters get shorter, a paragraph a line
    fewer) are laid out again only where they changed, and a paragraph already pushed to the next
    page is moved back only whole, never split (corpus notice n14-056: 「将项目……」 of two lines
    left line 22 of page 1 empty).  Switching to web layout and back (this function until now)
    paginated again, but not always the same way: how far Writer's background (idle) layout had
    got between the UNO calls decided it, so under load the same .docx gave other pages now and
    then (n47-028: 1 conversion in 8 moved a line from page 2 and left page 5 at 21 lines; the
    督查通报 of the baseline 4 in 18 ended page 3 two lines early).  Locking the controllers
    around the switch and calling XRefreshable.refresh (a full CalcLayout) made it steady on the
    wrong pages (10 of 10 each).  Saved and loaded again, the document is laid out as one whose
    styles were always so: the same pages in 10 of 10 under a load of 14 on 2 cores, those of the
    majority before, the pages docgen's layout plans for.  No UNO call lays a Writer document out
    afresh on its own: hence the copy.  Every document takes it, landscape page numbers included
    (their text frames survive the copy: docgen/emit/docx/turned.py).  The copy is loaded without
    its own page and paragraph counts (``forget_statistics``): with them Writer began a page every
    "paragraphs per page" and ended fuller pages short before a paragraph of two lines or more.
    """
    with closing(document):
        no_asian_latin_spacing(document)
        document.storeToURL(  # type: ignore[attr-defined]
            uno.systemPathToFileUrl(scratch), (prop("FilterName", "writer8"),)
        )
    try:
        forget_statistics(scratch)
        return load_hidden(desktop, scratch)
    finally:
        os.unlink(scratch)


@contextlib.contextmanager
def closing(document: Any) -> Iterator[None]:
    """Close ``document`` when the block ends; after an error, quietly: a LibreOffice that died on
    the document answers close() with "illegal object given!", which would hide why it died."""
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            document.close(True)
        raise
    document.close(True)


LAST_WORDS = re.compile(r"terminate called after throwing an instance of '[^']+'|Fatal exception: Signal \d+")


def last_words(log: str) -> str:
    """Return why soffice died, from what it wrote on stderr (its log file at ``log``), or ""."""
    try:
        with open(log, encoding="utf-8", errors="replace") as text:
            found = LAST_WORDS.findall(text.read()[-65536:])
    except OSError:
        return ""
    return "; ".join(dict.fromkeys(found))


NONE = 0  # com.sun.star.text.HoriOrientation.NONE and VertOrientation.NONE: placed by an offset


def place_text_boxes(document: Any) -> None:
    """Move the text of every text box to the place its shape declares.

    LibreOffice 7.4 imports a DrawingML text box (wps:wsp with wps:txbx) as a shape with a text frame
    of its own that follows the shape (SwTextBoxHelper).  In a short document's footers with odd and
    even pages apart, page 1's frame did not follow: WPS's page number box, placed 130.3 mm from the
    margin and 2.5 mm below its paragraph (tests/fixtures/wps13 w03, w07), was printed at offset 0, 0
    (the margin's left, the footer's top), while the shape itself held the right offsets and pages 2
    on were right; the same box in a six-page copy, or as VML only, or with one footer for all pages,
    was right on page 1 too.  Setting a shape's offsets again (to the values it has) makes Writer
    move its frame there: page 1 then as in the six-page copy.  Aligned boxes (HoriOrient not NONE)
    keep their alignment: only an offset is set again.
    """
    if not document.supportsService("com.sun.star.text.TextDocument"):
        return
    shapes = document.getDrawPage()
    for index in range(shapes.getCount()):
        shape = shapes.getByIndex(index)
        info = shape.getPropertySetInfo()
        if not (info.hasPropertyByName("TextBox") and shape.getPropertyValue("TextBox")):
            continue
        for orient, position in (("HoriOrient", "HoriOrientPosition"), ("VertOrient", "VertOrientPosition")):
            if shape.getPropertyValue(orient) == NONE:
                shape.setPropertyValue(position, shape.getPropertyValue(position))


def pdf_filter(document: object) -> str:
    """Return the PDF export filter for the document: Calc's for a spreadsheet (an .xlsx docgen
    wrote), Writer's otherwise (writer_pdf_Export refuses a spreadsheet)."""
    if document.supportsService("com.sun.star.sheet.SpreadsheetDocument"):  # type: ignore[attr-defined]
        return "calc_pdf_Export"
    return "writer_pdf_Export"


def convert(desktop: object, source: str, target: str) -> None:
    """Convert one document to PDF."""
    document = load_hidden(desktop, source)
    if declares_no_asian_latin_spacing(source):
        document = paginate_afresh(desktop, document, target + ".odt")
    with closing(document):
        place_text_boxes(document)
        document.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", pdf_filter(document)),))


def soffice_alive(desktop: object) -> bool:
    """Return True if LibreOffice still answers (a failed document), False if it crashed."""
    try:
        desktop.getComponents()  # type: ignore[attr-defined]
        return True
    except Exception:
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--profile", required=True)
    parser.add_argument("--pipe", required=True)
    parser.add_argument("--start-timeout", type=float, default=60.0)
    args = parser.parse_args()
    command = [
        args.soffice,
        f"-env:UserInstallation=file://{args.profile}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        f"--accept=pipe,name={args.pipe};urp;StarOffice.ComponentContext",
    ]
    # soffice's stderr kept: when it dies on a document, it says why there (``last_words``)
    log = os.path.join(args.profile, "soffice-stderr.log")
    with open(log, "wb") as errors:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
    desktop = None
    try:
        desktop = connect(args.pipe, process, time.monotonic() + args.start_timeout)
        reply({"ready": True, "soffice_pid": process.pid, "worker_pid": os.getpid()})
        for line in sys.stdin:
            job = json.loads(line)
            if job.get("quit"):
                break
            start = time.monotonic()
            try:
                convert(desktop, job["in"], job["out"])
                reply({"ok": True, "ms": round((time.monotonic() - start) * 1000)})
            except Exception as error:  # report it, saying whether LibreOffice itself is still alive
                alive = soffice_alive(desktop)
                said = f"{type(error).__name__}: {error}"
                if not alive:
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        process.wait(timeout=5)  # its last words written
                    said = last_words(log) or said
                reply({"ok": False, "dead": not alive, "error": said})
                if not alive:
                    return 3
    except Exception as error:
        reply({"ready": False, "error": f"{type(error).__name__}: {error}"})
        return 2
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):  # LibreOffice may be gone already
                desktop.terminate()  # type: ignore[attr-defined]
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
