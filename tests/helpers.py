"""Helpers shared by tests: render a notice file to bytes and read it back."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument

from docgen.check.docx_read import load
from docgen.config import Settings
from docgen.model import Document
from docgen.notices import compose_notice_file, render_notice_file


def render(path: Path) -> bytes:
    """Return the .docx bytes of a notice source."""
    return render_notice_file(path, Settings()).data


def render_doc(path: Path) -> DocxDocument:
    """Return the rendered notice opened with python-docx."""
    return load(render(path))


def model(path: Path) -> Document:
    """Return the composed document model of a notice source."""
    return compose_notice_file(path, Settings())
