"""The 简报 (bulletin) model; validated, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.model_blocks import Block
from docgen.model_text import require_text


@dataclass(frozen=True)
class Bulletin:
    """A 简报 (bulletin): 报头 (red name, 第N期, 编印单位 and date over a red rule), an article, 报尾.

    Not the general format of GB/T 9704 (there is no 发文字号 or 版记); page, margins, grid and
    page numbers are the general format's.
    """

    name: str
    issue: str
    editor: str
    date: date
    title: str
    body: tuple[Block, ...]
    distribution: tuple[tuple[str, str], ...] = ()  # (报/送/发, whom)
    copies: int = 0
    color: str = "FF0000"
    double_sided: bool = True

    def __post_init__(self) -> None:
        for value, name in (
            (self.name, "name"),
            (self.issue, "issue"),
            (self.editor, "editor"),
            (self.title, "title"),
        ):
            require_text(value, name)
        if not self.body:
            raise DataError(_("the body is empty: 首页必须显示正文 (7.3.3)"), Location(field="body"))
