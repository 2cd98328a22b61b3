"""Which engine makes a publication's PDF: the one asked for, unless the document needs LibreOffice.

Typst typesets only what docgen lays out itself (issue 17).  A document carrying an office's own
版头 (a letterhead's 模板, issue 19 c) has that 版头 only in its .docx — copied from the office's
Word file, pictures and all — so its PDF is made by LibreOffice from the .docx, and the summary
says so and why, rather than a Typst PDF silently without the office's header.
"""

from __future__ import annotations

from docgen.i18n import _
from docgen.model import Document
from docgen.publish.pipeline import Engine


def engine_for(doc: object, asked: Engine) -> tuple[Engine, str]:
    """Return the engine that makes ``doc``'s PDF and, when it is not the one asked for, why ("" else)."""
    if asked is Engine.TYPST and isinstance(doc, Document) and doc.header.office_template is not None:
        return Engine.LIBREOFFICE, _(
            "made by LibreOffice, not Typst: the office's own 版头 ({name}) is copied into the .docx "
            "and Typst typesets only what docgen lays out"
        ).format(name=doc.header.office_template.name)
    return asked, ""
