"""PDF previews before signing: sources (.md or .docx) to watermarked PDFs, with page images on request.

Validate every source first, then hand them all to the publish pipeline (docgen/publish/pipeline.py:
layout, .docx, one converter for the batch, the even-page check, the 样稿 watermark and metadata,
atomic writes), then report on each PDF: PNG pages, and a summary of pages, fonts and warnings.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.convert.fonts import read_coverage_soon, uncovered_characters
from docgen.convert.pdf import Metadata, PdfFacts, font_family, read_pdf, typst_fonts
from docgen.errors import DataError, DocgenError, Location, library_error_text, raise_problems
from docgen.i18n import _
from docgen.load.limits import read_docx_bytes
from docgen.load.old_office import not_docx
from docgen.model import Document
from docgen.output import OutputSet
from docgen.publish.engine_choice import engine_for
from docgen.publish.guard import WriteGuard, writable_folder
from docgen.publish.pipeline import Engine, Publication, Published, needs_converter, publish
from docgen.remarks import Remark, RemarkKind, as_warnings, warning
from docgen.run_resources import RunResources

if TYPE_CHECKING:
    from docgen.convert.pool import Conversion


@dataclass(frozen=True)
class Prepared:
    """A source ready to publish: what the pipeline makes of it, and all of its text."""

    source: Path
    publication: Publication
    text: str
    why: str = ""  # why the PDF is not made by the engine asked for (docgen/publish/engine_choice.py)
    notes: tuple[Remark, ...] = ()  # on the source itself (a heading typed without #)


@dataclass(frozen=True)
class PreviewResult:
    """One PDF made: where, how many pages, which fonts, page images, notes and warnings."""

    source: Path
    pdf: Path
    pages: int
    fonts: tuple[str, ...]
    images: tuple[Path, ...]
    remarks: tuple[Remark, ...]
    engine: str = "LibreOffice"  # what made the PDF: LibreOffice or Typst
    why: str = ""  # why not the engine asked for

    @property
    def warnings(self) -> tuple[str, ...]:
        """Return the warnings: what the writer should look at."""
        return tuple(r.text for r in self.remarks if r.kind is RemarkKind.WARNING)

    @property
    def notes(self) -> tuple[str, ...]:
        """Return the notes: what docgen did with the source."""
        return tuple(r.text for r in self.remarks if r.kind is RemarkKind.NOTE)


@dataclass
class PreviewReport:
    """What a preview run made and what failed; notes about the run itself."""

    results: list[PreviewResult] = field(default_factory=list)
    failed: list[tuple[Path, DocgenError]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    held_back: int = 0  # valid sources not made because --strict found an invalid one
    # a run stopped by Ctrl-C or SIGTERM: the PDFs written before it (source, PDF, pages), how many not
    interrupted: KeyboardInterrupt | None = None
    kept: list[tuple[Path, Path, int]] = field(default_factory=list)
    left: int = 0


def _document_text(doc: Document) -> str:
    return "\n".join(doc.texts())


def _docx_facts(path: Path) -> tuple[bytes, Metadata, str, tuple[Remark, ...]]:
    from docx import Document as open_docx

    from docgen.check.docx_rules import unreproducible_grid  # the case `check` knows (wild9 #10)
    from docgen.load.docx_final import accept, how_to_accept, markup_text  # lazy: lxml, only for a .docx

    # the package checked first: no zip or DTD bomb reaches python-docx; then its final text, as it
    # prints once the changes are accepted (LibreOffice would draw the markup and its bars)
    final = accept(read_docx_bytes(path))
    data = final.data
    try:
        opened = open_docx(io.BytesIO(data))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise DataError(
            _("not a Word document (.docx): {error}").format(error=library_error_text(error)),
            Location(file=path),
        ) from error
    core = opened.core_properties
    texts = [p.text for p in opened.paragraphs]
    texts += [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    notes: tuple[Remark, ...] = ()
    if final.markup.pending:
        notes = (
            warning(
                _(
                    "{markup}: the preview shows the document with every change accepted and without the "
                    "comments (the .docx is unchanged); before it is printed or sent, {how}"
                ).format(markup=markup_text(final.markup), how=how_to_accept())
            ),
        )
    if unreproducible_grid(opened) is not None:
        notes += (
            warning(
                _(
                    "the document sets Word's character grid (指定行和字符网格), which LibreOffice lays out "
                    "with fewer characters a line than Word: the lines and the page count may differ from Word's"
                )
            ),
        )
    return data, Metadata(core.title or "", core.subject or "", core.author or ""), "\n".join(texts), notes


def prepare(
    source: Path,
    target: Path,
    resources: RunResources,
    *,
    watermark: bool = True,
    engine: Engine = Engine.LIBREOFFICE,
) -> Prepared:
    """Return a source ready to publish: a notice or a 纪要 (.md) as its model, a .docx taken as it is.

    ``engine`` makes a notice's PDF; a .docx always goes through LibreOffice.
    """
    # here, not at the top: a LibreOffice batch starts its pool before the readers are imported
    # (0.8 s of imports, more under load, the pool's start overlaps)
    from docgen.load.notice import is_minutes_source
    from docgen.load.tables import read_text_file
    from docgen.notices import compose_with_notes

    previewable(source)
    suffix = source.suffix.lower()
    if suffix == ".md" and is_minutes_source(source):  # a 纪要: its draft, as `docgen minutes` makes it
        from docgen.minutes import _given_sequence as given_sequence
        from docgen.minutes import compose_input, read_input

        given = read_input(source, resources)
        raise_problems(given.problems)  # every bad decision at once
        # a 期号 written in the source is printed (as a notice's written 发文字号); auto: 第　　期 (forms10 #9)
        minutes = compose_input(given, resources, given_sequence(given.source))
        publication = Publication(minutes, None, target, watermark=watermark, engine=engine)
        return Prepared(source, publication, read_text_file(source), notes=given.source.notes)
    if suffix == ".md":
        doc, notes = compose_with_notes(source, resources)
        chosen, why = engine_for(doc, engine)
        publication = Publication(doc, None, target, watermark=watermark, engine=chosen)
        return Prepared(source, publication, _document_text(doc), why, tuple(notes))
    if suffix == ".docx":
        data, metadata, text, grid_notes = _docx_facts(source)
        why = (
            _("made by LibreOffice, not Typst: a Word document given as it is is converted by LibreOffice")
            if engine is Engine.TYPST
            else ""
        )
        return Prepared(
            source, Publication(None, None, target, metadata, watermark, data), text, why, grid_notes
        )
    raise AssertionError(source)  # previewable() let only .md and .docx through


def previewable(source: Path) -> None:
    """Raise DataError unless ``source`` is one preview reads: a notice or 纪要 (.md), a Word document
    (.docx); a PDF is told how it is checked (it is a result, not a source)."""
    suffix = source.suffix.lower()
    if suffix in (".md", ".docx"):
        return
    if suffix == ".pdf":
        raise DataError(
            _(
                "a preview is made from a notice (.md) or a Word document (.docx), not from a PDF; "
                "to check a PDF: docgen check {path}"
            ).format(path=source),
            Location(file=source),
        )
    raise DataError(
        not_docx(_("a preview is made of a notice (.md) or a Word document (.docx)"), source), Location(file=source)
    )


def _converter(*args: Any, **kwargs: Any) -> Any:
    """Return ``docgen.convert.converter.converter(...)``: LibreOffice's pool imported only when a run
    needs it (issue 17: a Typst preview does not)."""
    from docgen.convert.converter import converter as make

    return make(*args, **kwargs)


def preview(
    jobs: Sequence[tuple[Path, Path]],
    resources: RunResources,
    *,
    watermark: bool = True,
    images: bool = False,
    workers: int | None = None,
    strict: bool = False,
    on_done: Callable[[Conversion], None] | None = None,
    overwrite: bool = False,
    engine: Engine = Engine.LIBREOFFICE,
) -> PreviewReport:
    """Make a PDF for each (source, target.pdf): validate all, publish together, report on each.

    ``engine``: what makes the notices' PDFs (a .docx given is always converted by LibreOffice).
    """
    report = PreviewReport()
    for folder in sorted({target.parent for _source, target in jobs}):
        writable_folder(folder)  # one message for a folder it cannot write, before any work
    read_coverage_soon()  # the summary's question, read meanwhile (fc-list: 50–110 ms)
    guard = WriteGuard.of([source for source, _target in jobs], overwrite=overwrite)
    prepared: list[Prepared] = []
    written: list[Published] = []  # each PDF as it is written (kept should the run be stopped)
    # with LibreOffice making every PDF, its pool starts while the sources are read and laid out
    # (measured: 7 s to start two workers at load 12, 3.2 s to read and lay out 12 sources)
    early = engine is Engine.LIBREOFFICE
    try:
        with (
            _converter(len(jobs), workers, notes=report.notes, on_done=on_done, soon=True)
            if early
            else nullcontext() as started
        ):
            prepared = _prepared(jobs, resources, guard, report, watermark=watermark, engine=engine)
            if strict and report.failed:
                report.held_back = len(prepared)
                return report
            publications = [item.publication for item in prepared]
            count = 0 if early else needs_converter(publications)  # none for Typst's PDFs
            later = _converter(count, workers, notes=report.notes, on_done=on_done) if count else None
            with nullcontext(started) if later is None else later as convert:
                # the template is loaded only if a .docx is made (not for PDFs typeset by Typst)
                published = publish(
                    publications,
                    lambda: resources.template,
                    convert,
                    write=guard.write,
                    on_written=written.append,
                )
    except KeyboardInterrupt as stop:  # the pool is killed on the way out; the PDFs written stay
        _stopped(report, stop, len(jobs), prepared, written)
        return report
    for item, result in zip(prepared, published, strict=True):
        if result.error is not None:
            report.failed.append((item.source, _at_source(result.error, item.source)))
            continue
        try:
            notes = result.placed.notes if result.placed is not None else ()
            made_by = "Typst" if result.typeset else "LibreOffice"
            typst = (result.pdf_data, result.pages) if result.typeset and result.pdf_data else None
            report.results.append(_summary(item, images=images, notes=notes, engine=made_by, typst=typst))
        except DocgenError as error:
            report.failed.append((item.source, error))
    return report


def _prepared(
    jobs: Sequence[tuple[Path, Path]],
    resources: RunResources,
    guard: WriteGuard,
    report: PreviewReport,
    *,
    watermark: bool,
    engine: Engine,
) -> list[Prepared]:
    """Return the sources ready to publish; put the ones that cannot be in ``report.failed``."""
    claims = OutputSet()
    prepared: list[Prepared] = []
    for source, target in jobs:
        try:
            previewable(source)  # before the guard: X.pdf is not "an input written over"
            claims.claim(target, str(source))
            guard.check(target)
            prepared.append(prepare(source, target, resources, watermark=watermark, engine=engine))
        except DocgenError as error:
            report.failed.append((source, error))
    return prepared


def _stopped(
    report: PreviewReport,
    stop: KeyboardInterrupt,
    jobs: int,
    prepared: Sequence[Prepared],
    written: Sequence[Published],
) -> None:
    """Say in ``report`` that the run was stopped, which PDFs it wrote before (in the sources'
    order) and how many of the ``jobs`` it did not make (those that failed apart)."""
    made = {id(result.publication): result for result in written}
    report.interrupted = stop
    for item in prepared:
        result = made.get(id(item.publication))
        if result is not None and item.publication.pdf is not None:
            report.kept.append((item.source, item.publication.pdf, result.pages))
    report.left = jobs - len(report.kept) - len(report.failed)


def _at_source(error: DocgenError, source: Path) -> DocgenError:
    if isinstance(error, DataError):
        return error.at(file=source)
    return error.__class__(_("{where}: {message}").format(where=source, message=error))


def _summary(
    item: Prepared,
    *,
    images: bool,
    notes: tuple[str, ...] = (),
    engine: str = "LibreOffice",
    typst: tuple[bytes, int] | None = None,
) -> PreviewResult:
    """Return what the summary tells of a PDF made (``typst``: the bytes and pages of Typst's PDF, its
    fonts read from them, not with pypdf: a cold Typst preview then never imports it)."""
    target = item.publication.pdf
    assert target is not None
    if typst is not None:
        facts = PdfFacts(typst[1], typst_fonts(typst[0]), "", Metadata())
    else:
        facts = read_pdf(target, text=False)  # the summary tells pages and fonts: no text extracted
    remarks = [*item.notes, *as_warnings(notes)]
    missing = uncovered_characters(item.text)
    if missing:
        remarks.append(warning(_("no font has a glyph for: {chars}").format(chars=" ".join(missing))))
    not_embedded = [name for name, embedded in facts.fonts if not embedded]
    if not_embedded:
        remarks.append(warning(_("fonts not embedded: {names}").format(names=", ".join(not_embedded))))
    pngs: tuple[Path, ...] = ()
    if images:
        from docgen.preview_images import write_page_images  # lazy: Pillow, only for --png (issue 17)

        pngs, refused = write_page_images(target, target.with_suffix(""))
        if refused:
            remarks.append(warning(refused))
    fonts = tuple(sorted({font_family(name) for name, _embedded in facts.fonts}))
    return PreviewResult(item.source, target, facts.pages, fonts, pngs, tuple(remarks), engine, item.why)
