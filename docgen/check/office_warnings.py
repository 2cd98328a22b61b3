"""Warnings for a document whose 版头 is the office's own (issue 19 c): ``docgen check`` registers these.

A document made with a letterhead's 模板 carries the office's 版头 as the office made it, marked by a
hidden bookmark (docgen/office_template.py).  The standard leaves the mark's size and look to the
office within limits (7.2.4), so where that 版头 departs from the standard — its mark, 发文字号 font,
red rule and their places — ``check`` says so as warnings; the body's rules decide the exit code.
A PDF made from such a .docx by docgen says it in its document information (``OFFICE_HEADER_PDF_KEY``,
written after conversion: LibreOffice 7.4 keeps neither the bookmark nor custom properties), so a PDF
checked alone is judged the same way.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from docgen.check.rules import Finding, Status
from docgen.i18n import _
from docgen.office_template import OFFICE_HEADER_BOOKMARK, OFFICE_HEADER_PDF_KEY

# The rules that judge the 版头 itself (7.2.4 mark, 7.2.5 number's font, 7.2.7 rule).
HEADER_RULES = frozenset({"mark.format", "number.font", "rule.red", "mark.position.pdf", "rule.position.pdf"})


def has_office_header(doc: DocxDocument) -> bool:
    """Return whether the document's 版头 is an office's own, copied in by docgen."""
    return any(
        node.get(qn("w:name")) == OFFICE_HEADER_BOOKMARK
        for node in doc.element.body.iter(qn("w:bookmarkStart"))
    )


def pdf_has_office_header(path: Path) -> bool:
    """Return whether a PDF says its 版头 is an office's own (docgen wrote it from such a .docx)."""
    from pypdf import PdfReader  # on first use: only a PDF checked alone is asked (0.1 s at start-up)
    from pypdf.errors import PdfReadError

    try:
        info = PdfReader(path).metadata  # the trailer's /Info only: no page is parsed
    except (PdfReadError, ValueError, KeyError, OSError):  # measured already: read as not saying so
        return False
    return info is not None and str(info.get(OFFICE_HEADER_PDF_KEY, "")) == "true"


def office_header_warnings(doc: DocxDocument, path: Path) -> list[str]:
    """Return where the office's 版头 in ``doc`` departs from the standard (7.2.4, 7.2.7)."""
    from docgen.load.office_header import analyse  # the reader of 套红 templates reads it here too

    return [
        _("the office's own 版头 departs from the standard (a warning): {message}").format(message=m)
        for m in analyse(doc, path, page=False).departures
    ]


def as_warnings(findings: list[Finding]) -> list[str]:
    """Turn the failed 版头 rules into warnings (changed in place); return the warnings' text.

    The 版头's rules, and pictures or rules outside the type area on page 1 only (an emblem in the
    office's page header); a table outside it on page 1 is taken for the office's too — a known gap.
    """
    warnings = []
    page_one = _("page {n}").format(n=1)
    for index, finding in enumerate(findings):
        # the office's emblem may stand above the type area (in its page header): a warning on page 1 only
        emblem = finding.rule.id == "tables.area.pdf" and finding.where == page_one
        if (finding.rule.id in HEADER_RULES or emblem) and finding.status is Status.FAIL:
            warnings.append(
                _(
                    "the office's own 版头 departs from the standard (a warning): {clause} {name}: measured {measured}; "
                    "the standard: {expected}"
                ).format(
                    clause=finding.rule.clause,
                    name=finding.rule.name,
                    measured=finding.measured,
                    expected=finding.expected,
                )
            )
            findings[index] = dataclasses.replace(
                finding,
                status=Status.NOT_APPLICABLE,
                measured=_("the office's own 版头, a warning: {measured}").format(measured=finding.measured),
            )
    return warnings
