"""Paragraphs into Typst source: runs and their styles, tab stops as columns, the paragraph's
format (``markup.paragraph``) and the rule below it.  Lengths: twips in, points out."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from docgen import standard as S
from docgen.emit.typst import markup as m
from docgen.emit.typst.fonts import face
from docgen.emit.typst.styles import ROLE_STYLES, RUN_FONTS, RoleStyle
from docgen.layout.bookmarks import bookmark
from docgen.layout.breaks import JOIN, MARKS
from docgen.layout.estimate import body_char_width
from docgen.layout.placed import (
    Align,
    InlinePicture,
    LineRule,
    ParagraphBlock,
    Role,
    Run,
    RunRole,
    Tab,
    TabKind,
)

# The calibration docgen.standard adds to the space above the organ mark for LibreOffice, whose
# em box stands that much above the top of the mark's exact line box.  Typst keeps the layout's
# space and raises the mark's em box as much inside its line: the em top is at 72 mm and the
# line box, so the 发文字号 and everything after it, where LibreOffice has them (measured: the
# body 1.2 mm higher otherwise, and a page-1 line check counted as missing).
MARK_CALIBRATION = S.MARK_SPACE_BEFORE - S.mm(S.MARK_TOP_BELOW_TYPE_AREA_MM)


def points(twips: int | float) -> float:
    """Return ``twips`` in points."""
    return twips / S.TWIPS_PER_PT


def _style(run: Run, role: RoleStyle) -> m.TextStyle:
    return _style_of(run.role, run.size_pt, run.color, run.scale, role)


@lru_cache(maxsize=256)
def _style_of(
    run_role: RunRole | None, size_pt: float | None, color: str | None, scale: int | None, role: RoleStyle
) -> m.TextStyle:
    """Return the style of a run (its own face, size, colour, scale; else its paragraph role's)."""
    font = RUN_FONTS[run_role] if run_role is not None else role.font
    return m.TextStyle(
        face=face(font),
        size_pt=size_pt if size_pt is not None else role.size_pt,
        tracking_pt=role.tracking_pt,
        color=color if color is not None else role.color,
        scale=scale if scale is not None else 100,
    )


def _runs(
    runs: tuple[Run | InlinePicture, ...],
    role: RoleStyle,
    spread: bool,
    centred: bool = False,
    inherited: m.TextStyle | None = None,
) -> str:
    out = []
    listed = list(runs) if spread else _joined(runs, role)
    for index, run in enumerate(listed):
        following = listed[index + 1] if index + 1 < len(listed) else None
        if isinstance(run, InlinePicture):
            out.append(m.picture(run.data, run.width_mm, run.height_mm, run.description, centred=centred))
        else:
            after = _after(run, following, role)
            out.append(m.text(run.text, _style(run, role), spread=spread, inherited=inherited, after=after))
    return (m.SPREAD if spread else "").join(out)  # spread: between runs as between characters


def _after(run: Run, following: Run | InlinePicture | None, role: RoleStyle) -> str:
    """Return the first character of the run after ``run`` if it is set in the same face and
    character style, else "" (a text portion of LibreOffice's ends with ``run``: ``markup.text``;
    a heading's run and its run-in text are two, in one face too: estimate._widths)."""
    if not isinstance(following, Run) or _style(following, role).face != _style(run, role).face:
        return ""
    if following.role is not run.role:
        return ""
    return next((ch for ch in following.text if ch not in MARKS), "")


def _joined(runs: tuple[Run | InlinePicture, ...], role: RoleStyle) -> list[Run | InlinePicture]:
    """Return the runs with the closing marks that start a run moved to the end of the run before
    it, and the opening marks that end a run to the start of the run after it, where the two look
    alike: a mark is boxed with its word only within a run (``markup.guard_marks``).

    The layout cuts a paragraph into runs that differ only in what Typst does not use (the
    spacing LibreOffice spreads a line's slack with, estimate_spacing.py): a closing mark starting
    a run was boxed alone and Typst ended a line before it (corpus n14-000 「同比增长118.1%」, then
    「；督办事项」 on the next line; LibreOffice and the estimate carry 「118.1%；」 together).  Only
    the marks move: a whole run joined to a 汉字 before it would be shaped as Han text and lose the
    Latin kerning it has alone (「5G」 0.09 mm wider, measured).  A held run (word joiners) is boxed
    whole and keeps its marks.
    """
    out: list[Run | InlinePicture] = []
    for run in runs:
        last = out[-1] if out else None
        if (
            isinstance(run, Run)
            and isinstance(last, Run)
            and JOIN not in run.text + last.text
            and _style(run, role) == _style(last, role)
        ):
            head = len(run.text) - len(run.text.lstrip(_CLOSING))
            if head:
                last = out[-1] = dataclasses.replace(last, text=last.text + run.text[:head])
                run = dataclasses.replace(run, text=run.text[head:])
                if not run.text:
                    continue
            tail = len(last.text) - len(last.text.rstrip(_OPENING))
            if tail:
                run = dataclasses.replace(run, text=last.text[-tail:] + run.text)
                if tail < len(last.text):
                    out[-1] = dataclasses.replace(last, text=last.text[:-tail])
                else:
                    out.pop()
        out.append(run)
    return out


_CLOSING = "".join(m.CLOSERS)
_OPENING = "".join(m.OPENERS)


def _shared_style(runs: tuple[Run | InlinePicture, ...], role: RoleStyle) -> m.TextStyle | None:
    """Return the style every run of a paragraph has, set once for the paragraph; None if they
    differ, if one is scaled, or if it holds a picture (whose place is measured in the size of the
    text around the paragraph)."""
    styles = {_style(run, role) for run in runs if isinstance(run, Run)}
    if len(styles) != 1 or any(isinstance(run, InlinePicture) for run in runs):
        return None
    (style,) = styles
    return style if style.scale == 100 else None


def _split_at_tabs(runs: tuple[Run | InlinePicture, ...]) -> list[list[Run | InlinePicture]]:
    """Return the runs between tabs: segment k starts at the k-th tab stop."""
    segments: list[list[Run | InlinePicture]] = [[]]
    for run in runs:
        if isinstance(run, InlinePicture):
            segments[-1].append(run)
            continue
        for index, part in enumerate(run.text.split("\t")):
            if index:
                segments.append([])
            if part:
                segments[-1].append(Run(part, run.role, run.color, run.scale, run.size_pt))
    return segments


def _left_columns(
    segments: list[list[Run | InlinePicture]], texts: list[str], stops: list[Tab], x0: int
) -> tuple[list[float | None], list[str]]:
    """Return the column widths (points; None = the rest) and texts of segments at left tab stops.

    A tab goes to the first stop past the text before it (as Word does), the text measured as
    LibreOffice sets it: on the grid, "附件：1." reached the names' stop exactly (half a 字 for "1"
    and ".", 0.78 字 set) and the names followed "1." 1.1 mm left of LibreOffice's (outsider6 #8).
    """
    if not segments:
        return [], []
    edges = [x0]
    for segment in segments[:-1]:
        width = sum(body_char_width(ch) for run in segment if isinstance(run, Run) for ch in run.text)
        end = edges[-1] + round(width * S.CHAR)
        stop = next((tab.pos for tab in stops if tab.pos > end), None)
        if stop is None:
            break
        edges.append(stop)
    widths: list[float | None] = [points(b - a) for a, b in zip(edges, edges[1:], strict=False)]
    widths.append(None)
    return widths, texts[: len(widths) - 1] + ["".join(texts[len(widths) - 1 :])]


def _tabbed(
    block: ParagraphBlock, role: RoleStyle, x0: int, x1: int, inherited: m.TextStyle | None = None
) -> str:
    """Return a paragraph's runs with each segment at its tab stop, as columns from ``x0`` to ``x1``.

    Tab stops are measured from the type area's left edge; the line starts at ``x0`` and ends at
    ``x1`` (twips from the same edge).  Left stops: a segment starts at the first stop past the
    end of the one before it; the last segment takes the rest of the line and wraps within it (an
    attachment's name wraps aligned with its first character, 7.3.4).  A right stop: the segment
    after it ends there.
    """
    segments = _split_at_tabs(block.runs)
    texts = [_runs(tuple(s), role, False, block.centre_vertically, inherited) for s in segments]
    stops = sorted(block.tabs, key=lambda tab: tab.pos)
    right = next((tab for tab in stops if tab.kind is TabKind.RIGHT), None)
    if right is not None:
        # the segments before the right stop keep their left stops: a 纪要's office "\t办公室\t日期"
        # started at the type area's edge, not 空一字 as in LibreOffice (formats12 #2)
        lead = [tab for tab in stops if tab.kind is not TabKind.RIGHT and tab.pos < right.pos]
        widths, cells = _left_columns(segments[:-1], texts[:-1], lead, x0)
        body = m.columns(
            [*cells, texts[-1]], [*widths, None], ["left"] * len(cells) + ["right"], last_auto=True
        )
        return m.padded(body, right_pt=points(max(0, x1 - right.pos)))
    widths, cells = _left_columns(segments, texts, stops, x0)
    # a line centred on a picture (a 令's 职务 beside its 签名章): every column on the row's middle
    aligns = ["left + horizon" if block.centre_vertically else "left"] * len(widths)
    return m.columns(cells, widths, aligns)


_ALIGN = {
    Align.LEFT: "left",
    Align.CENTER: "center",
    Align.RIGHT: "right",
    Align.BOTH: "justify",
    Align.DISTRIBUTE: "justify",
}


def _align(align: Align) -> str:
    return _ALIGN[align]


def paragraph(
    block: ParagraphBlock,
    *,
    first_in_section: bool,
    last_in_section: bool,
    lower: float = 0.0,
    alone: bool = False,
) -> str:
    """Return a paragraph: space and page break before it, the paragraph, the rule below it
    (``lower``: its text this many twips lower in its lines; ``alone``: all its container holds,
    ``markup.paragraph``'s ``bare``)."""
    role = ROLE_STYLES[block.role]
    out = []
    if (block.page_break_before or role.page_break_before) and not first_in_section:
        out.append(m.page_break())
    if block.space_before:
        out.append(m.space(points(block.space_before)))
    line: float | None = role.line_pt
    if block.line is not None:
        line = points(block.line.value) if block.line.rule is LineRule.EXACT else None
    sizes = [r.size_pt for r in block.runs if isinstance(r, Run) and r.size_pt is not None]
    size = max(sizes, default=role.size_pt)
    if not block.runs:
        if block.role is not Role.PLAIN and line:
            # an empty paragraph is an empty line; one that only ends a section takes no room at a page end
            out.append(m.empty_line(line, weak=last_in_section))
    else:
        left = block.left if block.left is not None else round(role.left_pt * S.TWIPS_PER_PT)
        right = block.right if block.right is not None else round(role.right_pt * S.TWIPS_PER_PT)
        hanging = block.hanging or 0
        first_line = block.first_line if block.first_line is not None else round(role.first_line_pt * 20)
        align = block.align if block.align is not None else role.align
        # a spread paragraph keeps each character's own style: set once, the characters of two
        # runs meeting with no space between would be one text and tracked between them
        shared = None if align is Align.DISTRIBUTE else _shared_style(block.runs, role)
        if block.tabs:
            # the columns carry the indents: the block starts where the first line does
            left = left - hanging if hanging else left + first_line
            hanging = first_line = 0
            body = _tabbed(block, role, left, S.TYPE_AREA_WIDTH - right, shared)
        else:
            body = _runs(block.runs, role, align is Align.DISTRIBUTE, inherited=shared)
        fmt = m.ParagraphFormat(
            size_pt=size,
            line_pt=line,
            align=_align(align),
            left_pt=points(left),
            right_pt=points(right),
            first_line_pt=points(first_line),
            hanging_pt=points(hanging),
            sticky=block.keep_with_next,
            raise_pt=points(MARK_CALIBRATION) if block.role is Role.MARK else -points(lower),
            style=shared,
            before=m.bookmark(*mark) if (mark := bookmark(block)) else "",  # 一、/（一）: print9 #4
            tracking_pt=role.tracking_pt,
        )
        ruled = block.bottom_rule is not None and block.bottom_rule.width_eighths > 0
        out.append(m.paragraph(body, fmt, columns=bool(block.tabs), bare=alone and not out and not ruled))
    if block.bottom_rule is not None and block.bottom_rule.width_eighths:
        rule = block.bottom_rule
        out.append(m.rule_below(rule.space_pt, rule.width_eighths / 8, rule.color))
    return "".join(out)
