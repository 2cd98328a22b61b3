"""What a document format (通用格式, 简报, 纪要, 信函, 命令) gives the layout stage.

A format is a strategy object: its header (版头, 报头), its main part, its tail (版记, 报尾) and
its page-number rules.  ``docgen.layout.lay_out`` runs one and plans the pages; adding a format
means one strategy module here, one compose module, templates, and nothing in the emitter beyond
vocabulary (``placed.py``) it lacks.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from docgen.layout.flow import Flow
from docgen.layout.pages import Tail
from docgen.layout.placed import Metadata, PageNumberStyle

M = TypeVar("M")


class DocumentFormat(Protocol[M]):
    """A document format, laying out documents of the model type ``M``."""

    @property
    def page_numbers(self) -> PageNumberStyle:
        """How page numbers look; the blank page before the tail and the tail's page carry none (7.5)."""
        ...

    @property
    def first_page_number(self) -> bool:
        """Whether the first page carries a page number (a 信函's does not, 10.1)."""
        ...

    def prepare(self, doc: M) -> M:
        """Return the document as it will be laid out (e.g. a 主送 moved into the 版记)."""
        ...

    def header(self, flow: Flow, doc: M) -> None:
        """Add the header (版头, 报头)."""
        ...

    def main(self, flow: Flow, doc: M) -> None:
        """Add everything between the header and the tail: title, body, signature, attachments."""
        ...

    def tail(self, doc: M) -> Tail | None:
        """Return the tail (版记, 报尾) to place at the bottom of an even page, if any."""
        ...

    def double_sided(self, doc: M) -> bool:
        """Return whether the document is printed on both sides (the tail then goes on an even page)."""
        ...

    def metadata(self, doc: M) -> Metadata:
        """Return what the file says about itself."""
        ...
