"""The 附件说明 broken between its names when the closing cannot stay whole under the body (7.3.4).

Kept whole with the body's last line, a closing longer than what is left of the page takes body
text with it to the next page (outsider7 #4: page 2 of a notice with 20 names kept 8 of 22 lines;
11 names under a one-line body: page 1 kept 13).  GB/T 9704 ties the 署名 and 成文日期 to the text
above them (7.3.5.1: the seal within a line of 正文 or 附件说明; 7.3.5.5: no date alone on a page),
not the 附件说明 to the body: so its names may go over a page end, one by one, and only the last
name stays with the 署名 and the date.

When that last name and the 署名 do not fit under the names before it, they go over together and
the page before ends short; the 署名's blank lines are halved then (7.3.5.5: 行距 adjusted) when
that brings them back, else the names on that page are spaced apart down to its bottom, at most
``MAX_GAP`` each (as the body's paragraphs are in ``closing._stretch``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docgen.layout.estimate import Break, Chunk, place
from docgen.layout.flow import LINE, PAGE, Flow
from docgen.layout.placed import Line, Role

if TYPE_CHECKING:
    from docgen.layout.closing import Piece

# The most space the names' page adds above each name: half a line (closing.MAX_GAP).
MAX_GAP = LINE // 2

# Height a spaced page leaves free at its bottom, against LibreOffice's rounding (closing.STRETCH_SPARE).
SPARE = 60


def breakable(pieces: Sequence[Piece]) -> bool:
    """Return whether the closing has an 附件说明 of two names or more, which may break between them."""
    return sum(1 for piece in pieces if piece.block.role is Role.ATTACHMENT_NOTE) >= 2


def too_long(pieces: Sequence[Piece]) -> bool:
    """Return whether the closing, with the two lines of the body a stretched page sends over
    (closing._stretch), is higher than a page and has names to break between: kept whole,
    LibreOffice and Typst would break it anywhere (the date alone)."""
    return breakable(pieces) and sum(piece.height for piece in pieces) + 2 * LINE > PAGE


def released(flow: Flow, pieces: Sequence[Piece]) -> list[Piece]:
    """Return the closing with its names free to break (each kept with the next no more, but the
    last, kept with the 署名), the page its last name leaves filled (the module)."""
    notes = [i for i, piece in enumerate(pieces) if piece.block.role is Role.ATTACHMENT_NOTE]
    free = set(notes[:-1])
    result = [
        dataclasses.replace(piece, block=dataclasses.replace(piece.block, keep_with_next=False), keep_next=False)
        if i in free
        else piece
        for i, piece in enumerate(pieces)
    ]
    tail = notes[-1]
    short = _short_before(flow, result, tail)
    if short < LINE:
        return result
    squeezed = [*result[: tail + 1], *(piece.squeezed() for piece in result[tail + 1 :])]
    if _short_before(flow, squeezed, tail) < LINE:
        return squeezed
    return _spaced(flow, result, tail, short)


def _chunks(flow: Flow, pieces: Sequence[Piece]) -> list[Chunk]:
    """Return the flow's chunks with the closing's after them, as ``Flow.add`` would make them."""
    added = [
        Chunk(round(height * flow.scale), Break.NONE, keep_next=piece.keep_next and k == len(piece.heights) - 1)
        for piece in pieces
        for k, height in enumerate(piece.heights)
    ]
    return [*flow.chunks, *added]


def _first_chunks(flow: Flow, pieces: Sequence[Piece]) -> list[int]:
    """Return the index of each piece's first chunk once added to the flow."""
    starts = []
    index = len(flow.chunks)
    for piece in pieces:
        starts.append(index)
        index += len(piece.heights)
    return starts


def _short_before(flow: Flow, pieces: Sequence[Piece], tail: int) -> int:
    """Return how far above the type area's bottom the page before the last name ends when that
    name (piece ``tail``) starts a page; 0 when it follows the name before on its page."""
    chunks = _chunks(flow, pieces)
    positions = place(chunks, PAGE)
    start = _first_chunks(flow, pieces)[tail]
    page, top = positions[start]
    before_page, before_top = positions[start - 1]
    if page == before_page:
        return 0
    return PAGE - before_top - chunks[start - 1].height


def _spaced(flow: Flow, pieces: list[Piece], tail: int, short: int) -> list[Piece]:
    """Return the closing with the names on the page before the last one spaced apart down to its
    bottom (7.3.5.5: 行距), when that takes at most ``MAX_GAP`` a name; else as it is."""
    positions = place(_chunks(flow, pieces), PAGE)
    starts = _first_chunks(flow, pieces)
    page = positions[starts[tail] - 1][0]
    on_page = [
        i
        for i in range(tail)
        if pieces[i].block.role is Role.ATTACHMENT_NOTE
        and positions[starts[i]][0] == page
        and positions[starts[i]][1] > 0  # no space above a page's first line
    ]
    # the other lines at the grid's pitch (the body's, the names not spaced): when the spaced names
    # come near them in number, the page sets the document's measured pitch (check grid.lines: the
    # median gap) and is better left short before the 署名 it cannot hold.  Measured on 13 notices
    # (2–25 names, both engines): spaced/grid 18/32, 10/20, 4/26 passed; 15/14 to 17/22 failed
    grid = sum(1 for chunk in flow.chunks if chunk.height == LINE) + sum(
        1 for i in range(len(pieces)) if i not in on_page and pieces[i].block.role is Role.ATTACHMENT_NOTE
    )
    if not on_page or 3 * len(on_page) > 2 * grid:
        return pieces
    gap = (short - SPARE) // len(on_page)
    if not 0 < gap <= MAX_GAP:
        return pieces
    result = list(pieces)
    for i in on_page:
        piece = pieces[i]
        space = (piece.block.space_before or 0) + gap
        # off the grid: on it, LibreOffice would round the space up to a whole grid line
        block = dataclasses.replace(piece.block, space_before=space, on_grid=False, line=Line(LINE))
        result[i] = dataclasses.replace(piece, block=block, heights=(piece.heights[0] + gap, *piece.heights[1:]))
    return result
