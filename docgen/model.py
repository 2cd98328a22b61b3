"""The GB/T 9704-2012 general-format document model: typed, frozen, validated, no I/O.

This module holds the document and its 版记; the 版头 (``model_header``), the body's blocks
(``model_blocks``), the text rules (``model_text``), the letterhead (``letterhead_model``) and the
简报 (``bulletin_model``) live in their own modules and are re-exported here, so
``from docgen.model import X`` stays the one import for every model name.

Rules of the standard that concern content (not position) are enforced when the model is
built: a malformed 发文字号, a zero-padded date, a 份号 that is not six digits, a secrecy level
that does not exist.  Each error names the field it concerns; loaders add file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from datetime import date

from docgen.bulletin_model import Bulletin
from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.letterhead_model import SUBORDINATES, Letterhead, addressee_line
from docgen.model_blocks import Attachment, Block, BlockKind, Heading, Paragraph, Picture, Span, Table
from docgen.model_header import DocumentNumber, Header, Secrecy, SecrecyLevel, Urgency
from docgen.model_text import check_text, format_date, joined, require_text


@dataclass(frozen=True)
class Signature:
    """7.3.5 发文机关署名 and 成文日期."""

    organs: tuple[str, ...]
    date: date
    sealed: bool = False

    def __post_init__(self) -> None:
        for organ in self.organs:
            require_text(organ, "signature")

    @property
    def date_text(self) -> str:
        return format_date(self.date)


@dataclass(frozen=True)
class Imprint:
    """7.4 版记: 主送 moved down, 抄送, 印发机关 and 印发日期."""

    printed_by: str
    printed_date: date
    cc: tuple[str, ...] = ()
    addressees: str = ""

    def __post_init__(self) -> None:
        require_text(self.printed_by, "printed_by")
        for organ in self.cc:
            require_text(organ, "cc")
        check_text(self.addressees, "to")

    @property
    def printed_text(self) -> str:
        return f"{format_date(self.printed_date)}印发"


@dataclass(frozen=True)
class Document:
    """A complete document in the general format (通用格式) of GB/T 9704-2012."""

    header: Header
    title: str
    signature: Signature
    addressees: str = ""
    body: tuple[Block, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    attachment_titles: tuple[str, ...] = ()
    note: str = ""
    imprint: Imprint | None = None
    double_sided: bool = True

    def __post_init__(self) -> None:
        require_text(self.title, "title")
        if re.search(r"[。，；：、.,;:]\s*$", self.title):  # 7.3.1: a title takes no closing punctuation
            raise DataError(
                _("no punctuation at the end of a title (7.3.1): {title!r}").format(title=self.title),
                Location(field="title"),
            )
        check_text(self.addressees, "to")
        check_text(self.note, "note")
        if not self.body:
            raise DataError(_("the body is empty: 首页必须显示正文 (7.3.3)"), Location(field="body"))
        titles = self.attachment_titles or tuple(a.title for a in self.attachments)
        object.__setattr__(self, "attachment_titles", titles)

    @property
    def note_text(self) -> str:
        """Return the 附注 in parentheses (7.3.6)."""
        note = self.note.strip()
        if not note:
            return ""
        if note.startswith(("（", "(")) and note.endswith(("）", ")")):
            note = note[1:-1]
        return f"（{note}）"

    def texts(self) -> Iterator[str]:
        """Yield every string of the document, for checks over all fields."""
        yield from _strings(self)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            yield from _strings(getattr(value, item.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)


__all__ = [
    "SUBORDINATES",
    "Attachment",
    "Block",
    "BlockKind",
    "Bulletin",
    "Document",
    "DocumentNumber",
    "Header",
    "Heading",
    "Imprint",
    "Letterhead",
    "Paragraph",
    "Picture",
    "Secrecy",
    "SecrecyLevel",
    "Signature",
    "Span",
    "Table",
    "Urgency",
    "addressee_line",
    "check_text",
    "format_date",
    "joined",
]
