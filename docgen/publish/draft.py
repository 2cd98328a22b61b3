"""A 通报's draft (样稿): its files beside the issued ones, watermarked, no number taken.

``rank --draft`` and ``progress --draft``: a unit's late form is put in and the 通报 looked at
again without voiding a number (draft14: every week's re-sent form left a gap in the register).
The draft is written as NAME-样稿.docx / .pdf (``draft_file``), through the caller's WriteGuard,
which never writes over an issued file whatever its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.model import Document
from docgen.publish.engine_choice import engine_for
from docgen.publish.guard import WriteGuard
from docgen.publish.naming import draft_file
from docgen.publish.pipeline import Engine, Publication, publish_one

if TYPE_CHECKING:
    from docgen.publish.pipeline import TemplateSource


@dataclass(frozen=True)
class DraftFiles:
    """Where a draft went: its .docx, its PDF (None: not asked for), what made the PDF and why."""

    docx: Path
    pdf: Path | None
    made_by: str
    why: str

    @property
    def pdf_info(self) -> tuple[Path | None, str, str]:
        """Return the PDF, what made it and why, as the 通报 results list them."""
        return self.pdf, self.made_by, self.why


def publish_draft(
    doc: Document, output: Path, pdf: bool, engine: Engine, template: TemplateSource, guard: WriteGuard
) -> DraftFiles:
    """Write ``doc`` (numbered 〔YYYY〕　号) as the draft of ``output``: NAME-样稿.docx, and its PDF
    with the 样稿 watermark when ``pdf``; the register is not touched."""
    docx = draft_file(output)
    target = docx.with_suffix(".pdf") if pdf else None
    for path in (docx, target):
        if path is not None:
            guard.check_not_input(path)
    chosen, why = engine_for(doc, engine) if pdf else (engine, "")
    made = publish_one(Publication(doc, docx, target, watermark=True, engine=chosen), template, write=guard.write)
    return DraftFiles(docx, target, made.made_by, why)
