"""Notices end to end: a source file in, a .docx out (load -> compose -> render -> output)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from docgen.compose.notice import compose_notice
from docgen.config import Settings
from docgen.emit.docx.emit import Rendered, render_docx
from docgen.emit.docx.template import Template
from docgen.emit.docx.template import load_template as load_template_from
from docgen.errors import DataError, DocgenError
from docgen.load.letterheads import find_letterhead
from docgen.load.notice import load_notice
from docgen.model import Document, Letterhead
from docgen.output import OutputSet, write_atomic


def load_template(settings: Settings) -> Template:
    """Return the general-format template along the settings' search path (loaded once per file version)."""
    return load_template_from(settings.template_dirs)


def letterhead_lookup(settings: Settings) -> Callable[[str], Letterhead]:
    """Return a function finding letterheads by name along the settings' search path."""

    @lru_cache(maxsize=64)
    def lookup(key: str) -> Letterhead:
        return find_letterhead(key, settings.letterhead_dirs)

    return lookup


def compose_notice_file(source: Path, settings: Settings) -> Document:
    """Return the document model of a notice source file."""
    return compose_notice(load_notice(source), letterhead_lookup(settings))


def render_notice_file(source: Path, settings: Settings) -> Rendered:
    """Return the rendered .docx of a notice source file (nothing is written)."""
    return render_docx(compose_notice_file(source, settings), load_template(settings))


@dataclass
class BatchReport:
    """What a batch produced and what failed."""

    written: list[tuple[Path, Path, int]] = field(default_factory=list)  # source, output, pages
    failed: list[tuple[Path, DocgenError]] = field(default_factory=list)


def notice_sources(folder: Path) -> list[Path]:
    """Return the notice sources in a folder: *.md files, sorted by name."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".md" and p.is_file())


def render_notices(
    jobs: Sequence[tuple[Path, Path]],
    settings: Settings,
    *,
    strict: bool = False,
    on_progress: Callable[[Path], None] | None = None,
) -> BatchReport:
    """Render (source, output) pairs: validate all first, then write each valid one in isolation.

    With ``strict``, nothing is written when any source is invalid.
    """
    report = BatchReport()
    claims = OutputSet()
    documents: list[tuple[Path, Path, Document]] = []
    template = load_template(settings)
    for source, output in jobs:
        try:
            claims.claim(output, str(source))
            documents.append((source, output, compose_notice_file(source, settings)))
        except DocgenError as error:
            report.failed.append((source, error))
    if strict and report.failed:
        return report
    for source, output, doc in documents:
        try:
            result = render_docx(doc, template)
            write_atomic(output, result.data)
            report.written.append((source, output, result.pages))
        except DocgenError as error:
            report.failed.append((source, error))
        except ValueError as error:  # lxml refuses a character: report it like bad data
            report.failed.append((source, DataError(str(error)).at(file=source)))
        if on_progress:
            on_progress(source)
    return report
