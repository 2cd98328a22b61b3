"""A draft's pictures put back into its outline, each after the part of the paragraph it stood in.

Recognition reads the text with each picture taken for a blank line (it is a boundary, as a table
is); each picture then follows the last part that begins at or before its paragraph.  In the body or
an attachment it is kept, with its caption: a short line right under it that names a figure
(图1 …) or is centred, or a 「图1 …」 line right above it (set under it, as figures are captioned).
Above the title it belongs to the draft's 版头, at the 署名 or date it is a seal, in the 附注 or
版记 it has no place: left out, with the reason.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from docgen.draft.outline import Part, Role
from docgen.draft.pictures import DraftPicture
from docgen.i18n import _
from docgen.load.patterns import width

_HEAD = frozenset({Role.HEAD_ITEM, Role.ORGAN, Role.NUMBER, Role.SIGNER})
_SEAL = frozenset({Role.SIGNATURE, Role.DATE})
_TEXT_ONLY = frozenset({Role.ATTACHMENT_NOTE, Role.NOTE, Role.CC, Role.PRINTED})
# 图1 图 2 图一 图１：a figure's number
_FIGURE = re.compile(r"^图\s*[0-9０-９一二三四五六七八九十]+")
_CAPTION_WIDTH = 40  # 字: a caption is a short line, not a paragraph


def with_pictures(parts: Sequence[Part], pictures: Sequence[DraftPicture], centred: set[int]) -> list[Part]:
    """Return the outline with each picture after the part of its paragraph, with its caption (``centred``:
    the draft's paragraphs set centred)."""
    out = list(parts)
    for picture in pictures:
        at = 0
        for index, part in enumerate(out):
            if part.lines and min(part.lines) <= picture.number:
                at = index + 1
        before = out[at - 1] if at else None
        problem = picture.problem or _misplaced(before)
        kept = picture.left_out(problem) if problem and not picture.problem else picture
        out.insert(
            at,
            Part(
                Role.PICTURE, "", (picture.number,), picture=kept, unplaced=bool(before and before.unplaced)
            ),
        )
    return _captioned(out, centred)


def _misplaced(before: Part | None) -> str:
    """Return why a picture after ``before`` cannot be kept, or "" if it stands in the body."""
    if before is None or before.role in _HEAD:
        return _("it stands above the title, in the draft's 版头, which docgen sets itself")
    if before.role in _SEAL:
        return _("it stands at the 署名 or date (a seal?); seal the printed document")
    if before.role in _TEXT_ONLY:
        return _("it stands in the 附件说明, 附注 or 版记, which hold text only (7.3.4, 7.3.6, 7.4)")
    return ""


def _caption(part: Part | None, centred: set[int], above: bool) -> bool:
    """Return whether ``part`` is a picture's caption: one short line of the draft, no sentence, naming a
    figure (图1 …) — or, under the picture, centred."""
    if part is None or part.role is not Role.PARAGRAPH or len(part.lines) != 1 or part.note:
        return False
    text = part.text
    if width(text) > _CAPTION_WIDTH or text.endswith(("。", "；", "：", ":", ";")):
        return False
    return bool(_FIGURE.match(text)) or (not above and part.lines[0] in centred)


def _captioned(parts: list[Part], centred: set[int]) -> list[Part]:
    """Return the outline with each kept picture's caption taken into it (under it, or moved from above)."""
    out: list[Part] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        index += 1
        picture = part.picture
        if part.role is not Role.PICTURE or picture is None or picture.problem:
            out.append(part)
            continue
        under = parts[index] if index < len(parts) else None
        above = out[-1] if out else None
        if _caption(under, centred, above=False) and under is not None:
            out.append(dataclasses.replace(part, text=under.text, lines=(*part.lines, *under.lines)))
            index += 1
        elif (
            _caption(above, centred, above=True)
            and above is not None
            and above.lines[0] in (picture.number - 1, picture.number)
        ):
            out[-1] = dataclasses.replace(
                part,
                text=above.text,
                lines=(*above.lines, *part.lines),
                note=_("caption moved from above the picture to under it"),
            )
        else:
            out.append(part)
    return out
