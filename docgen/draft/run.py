"""``docgen format``: a draft file in, its outline and a conformant .docx out, through the publish pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.convert.converter import converter
from docgen.draft.compose import Options, compose_draft
from docgen.draft.outline import Part, Role
from docgen.draft.pasted_parts import set_outline
from docgen.draft.read import Item, Line, read_draft
from docgen.draft.recognise import left_out, recognise
from docgen.draft.titled import split_notes
from docgen.errors import DataError, DocgenError
from docgen.i18n import _
from docgen.layout.placed import Placement
from docgen.layout.text import fitted
from docgen.load.notice_pasted import pasted_note
from docgen.model import Document, DocumentNumber
from docgen.publish.guard import WriteGuard
from docgen.publish.pipeline import Publication, Published, publish
from docgen.remarks import Remark, as_warnings, note, warning
from docgen.run_resources import RunResources
from docgen.scratch import scratch_dir


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
    notes: tuple[Remark, ...] = ()  # what format did (说明), what the writer should look at (警告)
    pdf: Path | None = None

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
    render: bool = True,
    pdf: Path | None = None,
) -> Formatted:
    """Read, recognise and lay out a draft; write its .docx (never over the draft) unless ``dry_run``.

    ``render``: lay the document out in LibreOffice once, as ``issue`` does, so that a 版记 lands
    on an even page (7.4.1, 7.5; another placement is tried if not); the PDF is kept at ``pdf``
    (样稿 watermark) or thrown away.
    """
    target = output or default_output(draft)
    guard = WriteGuard.of([draft], overwrite=overwrite)
    if not dry_run:
        guard.check(target)
        if pdf is not None:
            guard.check(pdf)
    items = read_draft(draft)
    outline, changes = set_outline(recognise(items))  # pasted text set as render sets a source
    try:
        options = Options(
            letterhead=resources.letterhead(letterhead) if letterhead else None,
            number=DocumentNumber.parse(number) if number else None,
            today=today,
        )
        document = compose_draft(outline, options)
    except DataError as error:
        if dry_run:  # the outline is what a dry run is for: say what is missing, do not stop
            return Formatted(outline, None, None, 0, (*pasted_note(changes), warning(error.reason)))
        raise error.at(file=draft) from None
    notes = (*pasted_note(changes), *_added(outline, document), *_pictures(outline), *_footnotes(items))
    if dry_run:
        return Formatted(outline, document, None, 0, notes)
    result = _publish(document, target, pdf, resources, guard, render=render)
    if result.error is not None:
        failure: DocgenError = result.error
        raise failure.at(file=draft) if isinstance(failure, DataError) else failure
    assert result.placed is not None
    pages = result.pages or result.placed.pages  # LibreOffice's count when it laid the document out
    notes = (*notes, *_placement(result.placed.placement, pages))
    return Formatted(outline, document, target, pages, (*notes, *as_warnings(result.placed.notes)), pdf)


def _placement(placement: Placement, pages: int) -> tuple[Remark, ...]:
    """Return the note on pages the draft did not have: the 版记 alone on a page of its own, after a
    blank page or not, so that it ends an even page (7.5; a 2-page 联合行文 draft comes out as 4)."""
    if placement is Placement.BLANK_PAGE:
        text = _(
            "the 版记 must end an even page, the back of a sheet (7.5): page {blank} is left blank and the "
            "版记 stands alone on page {last}"
        ).format(blank=pages - 1, last=pages)
    elif placement is Placement.NEW_PAGE:
        text = _(
            "the 版记 must end an even page, the back of a sheet (7.5): it stands alone on page {last}"
        ).format(last=pages)
    else:
        return ()
    return (note(text),)


def _publish(
    document: Document,
    target: Path,
    pdf: Path | None,
    resources: RunResources,
    guard: WriteGuard,
    *,
    render: bool,
) -> Published:
    """Return the published document: .docx written, through LibreOffice when ``render``."""
    if not render:
        (result,) = publish(
            [Publication(document, target, None)], resources.template, None, write=guard.write
        )
        return result
    with scratch_dir("format") as folder, converter(1) as convert:
        kept = pdf or Path(folder) / "check.pdf"

        def write(path: Path, data: bytes) -> None:
            if pdf is not None or path != kept:  # the PDF made only for the page count is not kept
                guard.write(path, data)

        (result,) = publish([Publication(document, target, kept)], resources.template, convert, write=write)
    return result


def _added(outline: list[Part], document: Document) -> tuple[Remark, ...]:
    """Return notes on what the document has that the draft did not say: a date, an organ's name."""
    roles = {part.role for part in outline}
    notes: list[str] = []
    if Role.DATE not in roles:
        notes.append(
            _("the draft has no date under its text; {date} is used").format(
                date=document.signature.date_text
            )
        )
    typed = [part.text.removesuffix("文件") for part in outline if part.role is Role.ORGAN]
    if typed and tuple(typed) != tuple(organ.removesuffix("文件") for organ in document.header.organs):
        notes.append(
            _("the draft's 发文机关标志 {typed} is replaced by the letterhead's {mark}").format(
                typed="、".join(typed), mark="、".join(document.header.organs)
            )
        )
    if Role.SIGNATURE not in roles:
        notes.append(
            _("the draft has no 署名; {organs} is used").format(organs="、".join(document.signature.organs))
        )
    notes += left_out(outline)
    notes += split_notes(outline)
    return tuple(note(text) for text in notes)


def _footnotes(items: Sequence[Item]) -> tuple[Remark, ...]:
    """Return a warning for each footnote or endnote of the draft: a 公文 has none (GB/T 9704 has no
    such element), so its text is not printed and the writer has to place it (README: what is not
    kept is said)."""
    return tuple(
        warning(
            _(
                "the footnote or endnote of paragraph {n} is left out, a 公文 has none: “{text}”; write it "
                "into the text or as a 附注"
            ).format(n=item.number, text=text)
        )
        for item in items
        if isinstance(item, Line)
        for text in item.footnotes
    )


def _pictures(outline: list[Part]) -> tuple[Remark, ...]:
    """Return what became of each picture of the draft: a warning for one left out (README: what is
    not kept is said) or one that floated beside the text, a note for one set at another size."""
    remarks: list[Remark] = []
    for part in outline:
        picture = part.picture
        if picture is None:
            continue
        where = {"name": picture.name, "n": picture.number}
        if picture.problem:
            remarks.append(
                warning(
                    _("the draft's picture {name} (paragraph {n}) is left out: {reason}").format(
                        reason=picture.problem, **where
                    )
                )
            )
            continue
        if picture.floating:
            remarks.append(
                warning(
                    _(
                        "the draft's picture {name} (paragraph {n}) floated beside the text; it is set on a line "
                        "of its own under its paragraph"
                    ).format(**where)
                )
            )
        width, height = fitted(picture.width_mm, picture.height_mm, bool(part.text))
        remarks.append(
            note(
                _(
                    "the draft's picture {name} (paragraph {n}) is set {width} × {height} mm, centred (the draft's "
                    "{old_width} × {old_height} mm, fitted to the type area on whole lines of the grid)"
                ).format(
                    width=round(width, 1),
                    height=round(height, 1),
                    old_width=round(picture.width_mm, 1),
                    old_height=round(picture.height_mm, 1),
                    **where,
                )
            )
        )
    return tuple(remarks)
