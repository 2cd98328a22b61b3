"""The outline of a draft: each part recognised, in the draft's order, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from docgen.draft.pictures import DraftPicture
from docgen.i18n import _


class Role(StrEnum):
    """What a part of a draft is (the elements of GB/T 9704 chapter 7)."""

    HEAD_ITEM = "head-item"  # 7.2.1-7.2.3 份号, 密级, 紧急程度
    ORGAN = "organ"  # 7.2.4 发文机关标志
    NUMBER = "number"  # 7.2.5 发文字号
    SIGNER = "signer"  # 7.2.6 签发人
    TITLE = "title"  # 7.3.1
    ADDRESSEE = "addressee"  # 7.3.2 主送机关
    HEADING = "heading"  # 7.3.3
    PARAGRAPH = "paragraph"
    TABLE = "table"
    PICTURE = "picture"  # a picture of the draft, with its caption (图1 …) as its text
    ATTACHMENT_NOTE = "attachment-note"  # 7.3.4 附件说明
    SIGNATURE = "signature"  # 7.3.5 署名
    DATE = "date"  # 7.3.5 成文日期
    NOTE = "note"  # 7.3.6 附注
    ATTACHMENT = "attachment"  # 7.3.7 附件 (its label and title)
    CC = "cc"  # 7.4.2 抄送机关
    PRINTED = "printed"  # 7.4.3 印发机关和印发日期


def role_name(role: Role, level: int = 0) -> str:
    """Return the name of a role as the standard calls it, in the user's language."""
    if role is Role.HEADING:
        return {1: _("heading 1"), 2: _("heading 2"), 3: _("heading 3"), 4: _("heading 4")}[level]
    names = {
        Role.HEAD_ITEM: _("copy number, secrecy or urgency"),
        Role.ORGAN: _("issuing organ"),
        Role.NUMBER: _("document number"),
        Role.SIGNER: _("signer"),
        Role.TITLE: _("title"),
        Role.ADDRESSEE: _("addressee"),
        Role.PARAGRAPH: _("body"),
        Role.TABLE: _("table"),
        Role.PICTURE: _("picture"),
        Role.ATTACHMENT_NOTE: _("attachment note"),
        Role.SIGNATURE: _("signature"),
        Role.DATE: _("date"),
        Role.NOTE: _("note"),
        Role.ATTACHMENT: _("attachment"),
        Role.CC: _("copied to"),
        Role.PRINTED: _("printed by"),
    }
    return names[role]


@dataclass(frozen=True)
class Part:
    """One recognised part: its role, its text as it will be printed, where it was in the draft.

    ``lines`` are the draft's paragraph (or text line) numbers; ``note`` says what was changed
    (a heading renumbered, lines joined, a date normalised); ``unplaced`` marks text kept as body
    because no element fitted it.
    """

    role: Role
    text: str
    lines: tuple[int, ...]
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    items: tuple[str, ...] = ()  # attachment titles, signature organs, cc organs, signers
    when: date | None = None
    note: str = ""
    unplaced: bool = False
    run_in: str = ""
    label: str = ""  # a heading's number as it will be printed (一、 （一） 1. （1）)
    picture: DraftPicture | None = None  # a picture's bytes and size (its text: its caption)

    @property
    def printed(self) -> str:
        """Return the part's text as the document prints it (a heading with its number and run-in text)."""
        return f"{self.label}{self.text}{self.run_in}"

    def shown(self) -> str:
        """Return the part as one outline line: role, text, and what was changed."""
        where = _lines(self.lines)
        text = self.printed
        if self.role is Role.TABLE:
            text = _("{rows} rows × {columns} columns").format(rows=len(self.rows), columns=len(self.rows[0]))
        elif self.picture is not None:
            text = _picture(self.picture, self.text)
        elif len(text) > 60:
            text = text[:58] + "…"
        indent = "  " * max(self.level - 1, 0)
        line = f"{where:>8}  {indent}{role_name(self.role, self.level)}：{text}"
        if self.note:
            line += f"  〔{self.note}〕"
        if self.unplaced:
            line += "  " + _("[not recognised, kept as body text]")
        return line


def _lines(numbers: tuple[int, ...]) -> str:
    if not numbers:
        return "—"
    first, last = min(numbers), max(numbers)
    return f"¶{first}" if first == last else f"¶{first}-{last}"


def _picture(picture: DraftPicture, caption: str) -> str:
    """Return a picture as the outline shows it: its name and size in the draft, its caption, or why it is left out."""
    if picture.problem:
        return _("{name}, left out: {reason}").format(name=picture.name, reason=picture.problem)
    shown = _("{name}, {width} × {height} mm in the draft").format(
        name=picture.name, width=round(picture.width_mm), height=round(picture.height_mm)
    )
    return _("{picture}, caption “{caption}”").format(picture=shown, caption=caption) if caption else shown


def ngettext_lines(count: int) -> str:
    """Return the note for a part typed on several lines."""
    return _("{n} lines joined").format(n=count) if count > 1 else ""
