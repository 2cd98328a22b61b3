"""Typst source to PDF bytes, in process: no subprocess, no network, fonts from the system's folders.

Compilers are kept per process (``compiler()`` the first): the first compile loads the font index
(about 0.1 s with the mapping's fonts only) and the fonts it uses; the following ones reuse them, so
a batch pays for them once.  A compiler typesets one document at a time; ``compile_pdf`` called
from several threads at once takes another (``_borrow``), made on the same fonts (``_fonts``: the
index and the fonts' data loaded once for all), and Typst compiles with the interpreter lock
released, so a batch's documents are typeset on all cores (``compile_each``).  Typst packages from
the internet (``@preview/...``) are never used: everything the source needs is in it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import typst

from docgen.emit.typst.emit import emit_typst
from docgen.emit.typst.fonts import font_folder
from docgen.errors import ConversionError
from docgen.i18n import _
from docgen.layout import PlacedDocument, Placement, lay_out
from docgen.model import Bulletin, Document

_LOCK = threading.Lock()  # guards the free compilers
_free: list[typst.Compiler] = []  # compilers not compiling now (``_borrow``)
_compiled: list[bool] = []  # holds True once this process has compiled (``has_compiled``)


@lru_cache(maxsize=1)
def _fonts() -> typst.Fonts:
    """Return the fonts every compiler of the process reads: the mapping's only (``fonts.font_folder``),
    else the system's; each font file is loaded once, by the first compile that needs it."""
    folder = font_folder()
    if folder is None:
        return typst.Fonts()
    return typst.Fonts(include_system_fonts=False, font_paths=[str(folder)])


@lru_cache(maxsize=1)
def compiler() -> typst.Compiler:
    """Return the process's first Typst compiler, kept warm across documents (``_fonts``)."""
    made = typst.Compiler(font_paths=_fonts())
    with _LOCK:
        _free.append(made)
    return made


def has_compiled() -> bool:
    """Return whether this process has compiled: Typst's threads then exist, and a process forked
    from it may hang (``bulletin_workers._pool_context``).  Building the compiler (its font index)
    starts no thread: measured, the process has one thread after it, and forked children compile."""
    return bool(_compiled)


@contextmanager
def _borrow() -> Iterator[typst.Compiler]:
    """Lend a compiler that no other thread is using (a new one, on the same fonts, if all are busy)."""
    compiler()
    with _LOCK:
        _compiled[:] = [True]
        lent = _free.pop() if _free else None
    if lent is None:
        lent = typst.Compiler(font_paths=_fonts())
    try:
        yield lent
    finally:
        with _LOCK:
            _free.append(lent)


def compile_pdf(source: str) -> bytes:
    """Return the PDF Typst makes of ``source``; a compile error is a ConversionError.

    Safe to call from several threads at once: each compile has a compiler of its own.
    """
    with _borrow() as lent:
        try:
            # untagged, as LibreOffice's PDFs are (its export's default): the tags' structure tree
            # cost 3 % of the compile (callgrind, 10 bulletins) and 20 % of the PDF's bytes
            data = lent.compile(input=source.encode("utf-8"), format="pdf", pdf_tags=False)
        except RuntimeError as error:  # typst reports source errors as RuntimeError subclasses
            raise ConversionError(
                _("Typst could not typeset the document: {error}").format(error=error)
            ) from None
    assert isinstance(data, bytes)
    return data


def threads(count: int) -> int:
    """Return how many documents of a batch of ``count`` to typeset at once: one per core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(count, cores))


def compile_each(
    sources: Iterable[str], count: int, *, at_once: int | None = None
) -> Iterator[bytes | ConversionError]:
    """Yield the PDF (or the compile error) of each of ``count`` sources, in their order, typeset
    ``at_once`` (default ``threads(count)``) at a time: a source is made (the iterable advanced, in
    this thread) while the ones before it compile.  One at a time, in this thread, when there is one
    core or one source."""
    at_once = at_once or threads(count)
    if at_once == 1:
        for source in sources:
            try:
                yield compile_pdf(source)
            except ConversionError as error:
                yield error
        return
    compiler()  # the fonts' index built once, here, not by two threads at once
    with ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="typst") as pool:
        pending: list[Future[bytes]] = [pool.submit(compile_pdf, source) for source in sources]
        for future in pending:
            try:
                yield future.result()
            except ConversionError as error:
                yield error


def missing_fonts() -> list[str]:
    """Return the families of the font mapping that Typst cannot find on this system."""
    from docgen.emit.typst import markup as m
    from docgen.emit.typst.fonts import families

    missing = []
    for family in families():
        probe = f'#text(font: {m.string(family)}, fallback: false, "永")'
        with _borrow() as lent:
            _data, warnings = lent.compile_with_warnings(input=probe.encode("utf-8"), format="pdf")
        if any("unknown font family" in str(w) for w in warnings or ()):
            missing.append(family)
    return missing


@dataclass(frozen=True)
class TypstRendered:
    """A document typeset by Typst: the PDF, its layout, where its 版记 went."""

    pdf: bytes
    placed: PlacedDocument

    @property
    def placement(self) -> Placement:
        return self.placed.placement


def render_pdf(doc: Document | Bulletin, placement: Placement = Placement.BOTTOM) -> TypstRendered:
    """Return ``doc`` laid out (as for the .docx) and typeset by Typst.

    With the 版记 laid out at the bottom (the default), Typst puts it on the right page itself.
    """
    placed = lay_out(doc, placement)
    return TypstRendered(compile_pdf(emit_typst(placed)), placed)
