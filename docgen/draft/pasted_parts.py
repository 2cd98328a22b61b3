"""A draft's outline set as ``render`` sets a pasted source (docgen/load/pasted.py): full-width
digits half-width, ASCII quotes "…" as “…”, half-width marks next to 汉字 full-width — in the
title, 主送, headings, paragraphs, tables, 附件说明, attachment titles, 附注 and 抄送.  Typed, no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from docgen.draft.outline import Part, Role
from docgen.load.pasted import Changes, close_gaps, set_all, set_each, set_pasted
from docgen.numbering import split_run_in

# the parts whose text is the writer's prose; 发文字号, 署名, 成文日期, 印发 are read by their own
# readers and printed in their standard forms already
_PROSE = frozenset(
    {
        Role.TITLE,
        Role.ADDRESSEE,
        Role.HEADING,
        Role.PARAGRAPH,
        Role.TABLE,
        Role.PICTURE,
        Role.ATTACHMENT_NOTE,
        Role.NOTE,
        Role.ATTACHMENT,
        Role.CC,
    }
)
# the prose whose spaces between Chinese characters are pasted tabs: not tables, 抄送 or names,
# where a space may align 王　五 by hand
_CLOSED = frozenset({Role.TITLE, Role.ADDRESSEE, Role.HEADING, Role.PARAGRAPH, Role.NOTE})


def set_part(part: Part) -> tuple[Part, Changes]:
    """Return a part with its printed text set, and what was changed; a part that is not prose as it is."""
    if part.role not in _PROSE:
        return part, Changes()
    gaps = Changes()
    if part.role is Role.HEADING:
        # set the heading with its run-in text, then split again: 高度重视.各单位… runs in at 「。」
        closed, gaps = close_gaps(part.text + part.run_in)
        whole, changes = set_pasted(closed)
        text, run_in = split_run_in(whole)
        return dataclasses.replace(part, text=text, run_in=run_in), changes + gaps
    text = part.text
    if part.role in _CLOSED:
        text, gaps = close_gaps(text)
    text, changes = set_pasted(text)
    changes += gaps
    if part.items:  # the text is the items joined (抄送, 附件说明): counted once, by its items
        changes = Changes()
    rows, more = set_each(part.rows, set_all)
    changes += more
    items, more = set_all(part.items)
    changes += more
    if not changes:
        return part, changes
    return dataclasses.replace(part, text=text, rows=rows, items=items), changes


def set_outline(parts: Sequence[Part]) -> tuple[list[Part], Changes]:
    """Return the outline with every prose part set as 一键排版 sets pasted text, and the counts."""
    done, changes = set_each(parts, set_part)
    return list(done), changes
