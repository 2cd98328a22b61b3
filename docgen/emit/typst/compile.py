"""Typst source to PDF bytes, in process: no subprocess, no network, fonts from the system's folders.

One compiler is kept per process (``compiler()``): the first compile loads the font index (about
0.1 s with the mapping's fonts only); the following ones reuse it, so a batch pays for it once.  Typst packages from the
internet (``@preview/...``) are never used: everything the source needs is in it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

import typst

from docgen.emit.typst.emit import emit_typst
from docgen.emit.typst.fonts import font_folder
from docgen.errors import ConversionError
from docgen.i18n import _
from docgen.layout import PlacedDocument, Placement, lay_out
from docgen.model import Bulletin, Document

_LOCK = threading.Lock()  # one compile at a time per compiler
_compiled: list[bool] = []  # holds True once this process has compiled (``has_compiled``)


@lru_cache(maxsize=1)
def compiler() -> typst.Compiler:
    """Return the process's Typst compiler, kept warm across documents: the mapping's fonts only
    (``fonts.font_folder``), else the system's."""
    folder = font_folder()
    if folder is None:
        return typst.Compiler()
    return typst.Compiler(font_paths=[str(folder)], ignore_system_fonts=True)


def has_compiled() -> bool:
    """Return whether this process has compiled: Typst's threads then exist, and a process forked
    from it may hang (``bulletin_workers._pool_context``).  Building the compiler (its font index)
    starts no thread: measured, the process has one thread after it, and forked children compile."""
    return bool(_compiled)


def compile_pdf(source: str) -> bytes:
    """Return the PDF Typst makes of ``source``; a compile error is a ConversionError."""
    with _LOCK:
        _compiled[:] = [True]
        try:
            data = compiler().compile(input=source.encode("utf-8"), format="pdf")
        except RuntimeError as error:  # typst reports source errors as RuntimeError subclasses
            raise ConversionError(
                _("Typst could not typeset the document: {error}").format(error=error)
            ) from None
    assert isinstance(data, bytes)
    return data


def missing_fonts() -> list[str]:
    """Return the families of the font mapping that Typst cannot find on this system."""
    from docgen.emit.typst import markup as m
    from docgen.emit.typst.fonts import families

    missing = []
    for family in families():
        probe = f'#text(font: {m.string(family)}, fallback: false, "永")'
        with _LOCK:
            _compiled[:] = [True]
            _data, warnings = compiler().compile_with_warnings(input=probe.encode("utf-8"), format="pdf")
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
