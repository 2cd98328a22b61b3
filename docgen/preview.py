"""PDF previews before signing: sources (.md or .docx) to watermarked PDFs, with page images on request.

Validate every source first, render the notices, convert everything through LibreOffice at once
(docgen/convert/converter.py), then finish each PDF on its own: the 样稿 watermark, metadata, an
atomic write, PNG pages, and a summary of pages, fonts and warnings.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from docgen.config import Settings
from docgen.convert.converter import convert_documents
from docgen.convert.evenpages import Odd, fix_odd, page_count
from docgen.convert.fonts import uncovered_characters
from docgen.convert.pdf import Metadata, base_font_name, finish_pdf, page_images, read_pdf
from docgen.convert.pool import Conversion
from docgen.emit.docx.emit import render_docx
from docgen.emit.docx.template import Template
from docgen.errors import DataError, DocgenError, Location
from docgen.i18n import _
from docgen.layout import Placement, lay_out
from docgen.model import Document
from docgen.notices import compose_notice_file, load_template
from docgen.output import OutputSet, write_atomic


@dataclass(frozen=True)
class Prepared:
    """A source ready to convert: its .docx bytes, PDF metadata and all of its text."""

    source: Path
    target: Path
    docx: bytes
    metadata: Metadata
    text: str
    doc: Document | None = None  # the model of a notice, so its 版记 can be placed again (7.5)


@dataclass(frozen=True)
class PreviewResult:
    """One PDF made: where, how many pages, which fonts, page images, warnings."""

    source: Path
    pdf: Path
    pages: int
    fonts: tuple[str, ...]
    images: tuple[Path, ...]
    warnings: tuple[str, ...]


@dataclass
class PreviewReport:
    """What a preview run made and what failed; notes about the run itself."""

    results: list[PreviewResult] = field(default_factory=list)
    failed: list[tuple[Path, DocgenError]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _document_text(doc: Document) -> str:
    return "\n".join(doc.texts())


def _docx_facts(path: Path) -> tuple[bytes, Metadata, str]:
    from docx import Document as open_docx

    try:
        data = path.read_bytes()
        opened = open_docx(str(path))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise DataError(
            _("not a Word document (.docx): {error}").format(error=error), Location(file=path)
        ) from None
    core = opened.core_properties
    texts = [p.text for p in opened.paragraphs]
    texts += [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    return data, Metadata(core.title or "", core.subject or "", core.author or ""), "\n".join(texts)


def prepare(source: Path, target: Path, settings: Settings) -> Prepared:
    """Return a source's .docx and facts: a notice (.md) is rendered, a .docx taken as it is."""
    suffix = source.suffix.lower()
    if suffix == ".md":
        doc = compose_notice_file(source, settings)
        number = doc.header.number.text() if doc.header.number else ""
        metadata = Metadata(doc.title.replace("\n", ""), number, "、".join(doc.signature.organs))
        return Prepared(
            source,
            target,
            render_docx(doc, load_template(settings)).data,
            metadata,
            _document_text(doc),
            doc,
        )
    if suffix == ".docx":
        data, metadata, text = _docx_facts(source)
        return Prepared(source, target, data, metadata, text)
    raise DataError(
        _("a preview is made of a notice (.md) or a Word document (.docx)"), Location(file=source)
    )


def preview(
    jobs: Sequence[tuple[Path, Path]],
    settings: Settings,
    *,
    watermark: bool = True,
    images: bool = False,
    workers: int | None = None,
    strict: bool = False,
    on_done: Callable[[Conversion], None] | None = None,
) -> PreviewReport:
    """Make a PDF for each (source, target.pdf): validate all, convert together, finish each alone."""
    report = PreviewReport()
    claims = OutputSet()
    prepared: list[Prepared] = []
    for source, target in jobs:
        try:
            claims.claim(target, str(source))
            prepared.append(prepare(source, target, settings))
        except DocgenError as error:
            report.failed.append((source, error))
        except ValueError as error:  # a character lxml refuses
            report.failed.append((source, DataError(str(error), Location(file=source))))
    if strict and report.failed:
        return report
    with tempfile.TemporaryDirectory(prefix="docgen-preview-") as folder:
        staged = []
        for index, item in enumerate(prepared):
            docx = Path(folder) / f"d{index:05d}.docx"
            docx.write_bytes(item.docx)
            staged.append((docx, Path(folder) / f"d{index:05d}.pdf"))
        outcomes = convert_documents(staged, workers=workers, on_done=on_done, notes=report.notes)
        _even_pages(prepared, outcomes, settings, workers)
        for item, outcome in zip(prepared, outcomes, strict=True):
            if outcome.error is not None:
                report.failed.append(
                    (item.source, outcome.error.__class__(f"{item.source}: {outcome.error}"))
                )
                continue
            try:
                report.results.append(_finish(item, outcome.target, watermark=watermark, images=images))
            except DocgenError as error:
                report.failed.append((item.source, error))
    return report


def _even_pages(
    prepared: list[Prepared], outcomes: list[Conversion], settings: Settings, workers: int | None
) -> None:
    """Where a notice's PDF has an odd page count (its 版记 not on an even page), place it again (7.5)."""
    template = load_template(settings)
    items = {
        index: Odd(partial(_render_placed, item.doc, template), lay_out(item.doc).placement)
        for index, (item, outcome) in enumerate(zip(prepared, outcomes, strict=True))
        if item.doc is not None
        and item.doc.double_sided
        and item.doc.imprint is not None
        and outcome.error is None
        and page_count(outcome.target) % 2
    }
    for index, made in fix_odd(items, lambda staged: convert_documents(staged, workers=workers)).items():
        outcomes[index].target.write_bytes(made.pdf)


def _render_placed(doc: Document, template: Template, placement: Placement) -> bytes:
    return render_docx(doc, template, placement).data


def _finish(item: Prepared, converted: Path, *, watermark: bool, images: bool) -> PreviewResult:
    write_atomic(item.target, finish_pdf(converted.read_bytes(), item.metadata, watermark=watermark))
    facts = read_pdf(item.target)
    warnings = []
    missing = uncovered_characters(item.text)
    if missing:
        warnings.append(_("no font has a glyph for: {chars}").format(chars=" ".join(missing)))
    not_embedded = [name for name, embedded in facts.fonts if not embedded]
    if not_embedded:
        warnings.append(_("fonts not embedded: {names}").format(names=", ".join(not_embedded)))
    pngs: tuple[Path, ...] = ()
    if images:
        stem = item.target.with_suffix("")
        for old in stem.parent.glob(f"{stem.name}-*.png"):
            old.unlink()
        pngs = tuple(page_images(item.target, stem))
    fonts = tuple(sorted({base_font_name(name) for name, _embedded in facts.fonts}))
    return PreviewResult(item.source, item.target, facts.pages, fonts, pngs, tuple(warnings))
