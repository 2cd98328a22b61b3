"""What each role of the placed document looks like in the Typst engine: face, size, alignment, indents.

The same values as the .docx template's styles (``docgen/emit/docx/template.py``), read from
``docgen/standard.py``; here as plain data, since Typst has no named paragraph styles that a user
edits.  No Typst syntax here (``markup.py`` holds all of it).
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen import standard as S
from docgen.layout.placed import Align, Role, RunRole

BODY_TRACKING_PT = S.BODY_CHAR_SPACING / S.TWIPS_PER_PT  # -0.25 pt: 28 characters on 156 mm


@dataclass(frozen=True)
class RoleStyle:
    """A paragraph role's defaults; lengths in points."""

    font: str = S.FONT_FANGSONG  # the standard's font name (mapped to an open face by fonts.py)
    size_pt: float = S.BODY_PT
    align: Align = Align.BOTH
    tracking_pt: float = BODY_TRACKING_PT
    first_line_pt: float = 0.0
    left_pt: float = 0.0
    right_pt: float = 0.0
    line_pt: float = S.LINE_PITCH / S.TWIPS_PER_PT
    color: str | None = None
    page_break_before: bool = False


_BODY_INDENT_PT = S.BODY_FIRST_LINE_CHARS * S.CHAR / S.TWIPS_PER_PT
_BODY = RoleStyle(first_line_pt=_BODY_INDENT_PT)
_TITLE = RoleStyle(font=S.FONT_XIAOBIAOSONG, size_pt=S.TITLE_PT, align=Align.CENTER, tracking_pt=0.0)
_TABLE = RoleStyle(
    size_pt=S.TABLE_PT, align=Align.CENTER, tracking_pt=0.0, line_pt=S.TABLE_LINE / S.TWIPS_PER_PT
)

ROLE_STYLES: dict[Role, RoleStyle] = {
    Role.PLAIN: RoleStyle(),
    Role.HEAD_ITEM: RoleStyle(align=Align.LEFT),
    Role.MARK: RoleStyle(
        font=S.FONT_XIAOBIAOSONG, size_pt=S.MARK_DEFAULT_PT, align=Align.CENTER, tracking_pt=0.0, color=S.RED
    ),
    Role.NUMBER: RoleStyle(align=Align.CENTER),
    Role.TITLE: _TITLE,
    Role.ADDRESSEE: RoleStyle(),
    Role.BODY: _BODY,
    Role.BODY_FLUSH: RoleStyle(),
    Role.HEADING_1: RoleStyle(font=S.FONT_HEITI, first_line_pt=_BODY_INDENT_PT),
    Role.HEADING_2: RoleStyle(font=S.FONT_KAITI, first_line_pt=_BODY_INDENT_PT),
    Role.HEADING_3: _BODY,
    Role.HEADING_4: _BODY,
    Role.ATTACHMENT_NOTE: RoleStyle(),
    Role.SIGNATURE: RoleStyle(align=Align.RIGHT),
    Role.NOTE: _BODY,
    Role.ATTACHMENT_LABEL: RoleStyle(font=S.FONT_HEITI, align=Align.LEFT, page_break_before=True),
    Role.ATTACHMENT_TITLE: _TITLE,
    Role.TABLE_TEXT: _TABLE,
    Role.TABLE_HEAD: RoleStyle(
        font=S.FONT_HEITI,
        size_pt=S.TABLE_PT,
        align=Align.CENTER,
        tracking_pt=0.0,
        line_pt=S.TABLE_LINE / S.TWIPS_PER_PT,
    ),
    Role.IMPRINT: RoleStyle(
        size_pt=S.NOTE_PT,
        align=Align.LEFT,
        tracking_pt=0.0,
        left_pt=S.IMPRINT_SIDE_INDENT / S.TWIPS_PER_PT,
        right_pt=S.IMPRINT_SIDE_INDENT / S.TWIPS_PER_PT,
    ),
}

# The face of a run whose role differs from its paragraph's.
RUN_FONTS: dict[RunRole, str] = {
    RunRole.EMPHASIS: S.FONT_HEITI,
    RunRole.RUN_IN: S.FONT_FANGSONG,
    RunRole.SIGNER_NAME: S.FONT_KAITI,
}

# 7.5 page numbers: 4号半角宋体.
PAGE_NUMBER_FONT = S.FONT_SONGTI
PAGE_NUMBER_PT = S.PAGE_NUMBER_PT
