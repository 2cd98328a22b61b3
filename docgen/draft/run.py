"""``docgen format``: a draft file in, its outline and a conformant .docx out, through the publish pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.draft.compose import Options, compose_draft
from docgen.draft.outline import Part, Role
from docgen.draft.read import read_draft
from docgen.draft.recognise import recognise
from docgen.errors import DataError, DocgenError
from docgen.i18n import _
from docgen.model import Document, DocumentNumber
from docgen.publish.guard import WriteGuard
from docgen.publish.pipeline import Publication, publish
from docgen.run_resources import RunResources


@dataclass(frozen=True)
class Formatted:
    """What ``format_draft`` made: the outline, the model, and the .docx written (None: dry run).

    On a dry run whose draft cannot become a document yet (no 发文字号 and no letterhead), the
    document is None and the notes say why.
    """

    outline: list[Part]
    document: Document | None
    output: Path | None
    pages: int
    notes: tuple[str, ...] = ()

    @property
    def unplaced(self) -> list[Part]:
        """The parts kept as body text because no element fitted them."""
        return [part for part in self.outline if part.unplaced]


def default_output(draft: Path) -> Path:
    """Return where the formatted document goes by default: beside the draft, named …-排版.docx."""
    return draft.with_name(f"{draft.stem}-排版.docx")


def outline_of(draft: Path) -> list[Part]:
    """Return the recognised outline of a draft file."""
    return recognise(read_draft(draft))


def format_draft(
    draft: Path,
    resources: RunResources,
    *,
    output: Path | None = None,
    letterhead: str | None = None,
    number: str | None = None,
    dry_run: bool = False,
    overwrite: bool = False,
    today: date | None = None,
) -> Formatted:
    """Read, recognise and lay out a draft; write its .docx (never over the draft) unless ``dry_run``."""
    target = output or default_output(draft)
    guard = WriteGuard.of([draft], overwrite=overwrite)
    if not dry_run:
        guard.check(target)
    outline = outline_of(draft)
    try:
        options = Options(
            letterhead=resources.letterhead(letterhead) if letterhead else None,
            number=DocumentNumber.parse(number) if number else None,
            today=today,
        )
        document = compose_draft(outline, options)
    except DataError as error:
        if dry_run:  # the outline is what a dry run is for: say what is missing, do not stop
            return Formatted(outline, None, None, 0, (error.reason,))
        raise error.at(file=draft) from None
    notes = _added(outline, document)
    if dry_run:
        return Formatted(outline, document, None, 0, notes)
    (result,) = publish([Publication(document, target, None)], resources.template, None, write=guard.write)
    if result.error is not None:
        failure: DocgenError = result.error
        raise failure.at(file=draft) if isinstance(failure, DataError) else failure
    assert result.placed is not None
    return Formatted(outline, document, target, result.placed.pages, notes + tuple(result.placed.notes))


def _added(outline: list[Part], document: Document) -> tuple[str, ...]:
    """Return what the document has that the draft did not say: a date, an organ's name."""
    roles = {part.role for part in outline}
    notes = []
    if Role.DATE not in roles:
        notes.append(
            _("the draft has no date under its text; {date} is used").format(
                date=document.signature.date_text
            )
        )
    typed = [part.text.removesuffix("文件") for part in outline if part.role is Role.ORGAN]
    if typed and tuple(typed) != document.header.organs:
        notes.append(
            _("the draft's 发文机关标志 {typed} is replaced by the letterhead's {mark}").format(
                typed="、".join(typed), mark="、".join(document.header.organs)
            )
        )
    if Role.SIGNATURE not in roles:
        notes.append(
            _("the draft has no 署名; {organs} is used").format(organs="、".join(document.signature.organs))
        )
    return tuple(notes)
