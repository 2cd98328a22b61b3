"""Hanging punctuation as a .docx declares it (``w:overflowPunct``), which LibreOffice reads inverted."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from docgen.check.docx_elements import Elements
from docgen.check.docx_read import is_on, paragraph_properties
from docgen.i18n import _


def _declared(doc: DocxDocument, p: object) -> bool | None:
    """Return the ``w:overflowPunct`` that applies to paragraph ``p`` (its own, its styles', the
    defaults'), or None where nothing declares it."""
    for container in paragraph_properties(doc, p):
        node = container.find(qn("w:overflowPunct")) if container is not None else None
        if node is not None:
            return is_on(node)
    return None


def hanging_forbidden(doc: DocxDocument, el: Elements) -> bool:
    """Return whether every body paragraph declares no hanging punctuation (``w:overflowPunct`` off).

    ECMA-376 17.3.1.21: off, a closing mark may not run past the line's end, and Word keeps it
    inside.  LibreOffice 7.4 reads the value inverted (docgen/emit/docx/xml/parts.py): off, it hangs
    “，” to 189.7 mm (measured on tests/fixtures/outsider8's lo-notice.docx, which LibreOffice itself
    saved with ``overflowPunct false`` from a document without hanging); on, it keeps it inside.
    So a mark hanging in LibreOffice's rendering of such a file is LibreOffice's reading, and the
    declared value decides.  The other way round (on: Word may hang a mark, LibreOffice does not)
    cannot be measured here and is not judged: docgen itself declares on, for LibreOffice.
    Rendering a copy with the value flipped instead was not chosen: the copy would no longer be the
    file judged (every rendered rule would measure a document nobody wrote), and docgen's own files,
    which declare on so that LibreOffice keeps the marks inside, would then hang theirs (off hangs:
    measured on lo-notice.docx, and on it with the element removed).
    """
    looks = [el.looks[i] for i in el.body] or [look for look in el.looks if look.text.strip()]
    declared = [_declared(doc, look.element) for look in looks if look.element is not None]
    return bool(declared) and all(value is False for value in declared)


def libreoffice_hanging(measured: str) -> str:
    """Return grid.hanging.pdf's measured value when the hanging marks are LibreOffice's reading."""
    return _(
        "the document declares no hanging punctuation (w:overflowPunct off), which Word honours; "
        "LibreOffice reads the value inverted and hung {marks}: its reading, not a fault of the file"
    ).format(marks=measured)
