"""The 附件说明, 署名 and 成文日期 kept with the body's last line on a full page (7.3.5.5).

The closing (附件说明, 署名, 成文日期) stays on the page of the body's last line: keep-with-next
chains it to the last paragraph.  When it does not fit under that line, LibreOffice moves the
whole last paragraph with it and the page before ends lines short.  7.3.5.5 lets the typesetter
adjust 行距 (line spacing) and 字距 instead; docgen adjusts only 行距 (字距 would make lines
shorter or longer than the 28-字 grid), in this order:

1. squeeze the closing: its blank lines (附件说明 下空一行 7.3.4, 署名 上空一/二行 7.3.5.1/7.3.5.2)
   halved, its lines off the grid, so that it fits under the last line of the body;
2. stretch the body's page: the paragraphs that start on that page get a little space between
   them (at most ``MAX_GAP`` each; lines inside a paragraph keep the grid's pitch), so that the
   body's last line goes over to the next page and the closing follows it there; the page
   stays full to its last line;
3. compress the body's page: the lines of the paragraphs that start on that page get a smaller
   pitch (at most ``MAX_SHRINK`` less each, the same on every line of the page) so that the
   squeezed closing fits under the body's last line on that page;
4. break the 附件说明 (two names or more) between its names, the body's last line kept with the
   first name and the last name with the 署名 (7.3.4; ``closing_names``): the page stays full.  A
   closing higher than a page with two body lines breaks so before 2 and 3 (outsider7 #4);
5. carry: the last paragraph is made two where its last line begins (``CARRIED``); that line goes
   to the next page with the closing, kept with it, the rest stays (the page ends a line short;
   an office takes that rather than a page 1 without 正文, 7.3.2, or a 署名 alone, 7.3.5.5);
6. else (a last paragraph of one line) the closing takes it along, and the heading kept with it,
   and the page they leave is spaced down to its bottom as in 2 ("filled"), when that takes at
   most ``MAX_GAP`` a paragraph, or else by a larger 行距 on every line of those paragraphs (at
   most ``MAX_GAP`` a line: a page of a table and two paragraphs, n202-024); else it ends short
   ("kept").

LibreOffice never splits a paragraph that has keep-with-next (sw/source/core/text/widorp.cxx,
SwTextFrameBreak: m_bKeep = !split || keep): no remedy relies on that.  It did seem to refuse to
leave the first line of a paragraph alone at a page's bottom (n14-056): that was the converter's
late style change laid out incrementally (convert/uno_worker.paginate_afresh now lays the pages
out afresh); the first-line split below stays, harmless.

The page positions are the grid estimate's (``estimate.py``), which knows the blocks' lines.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from docgen import standard as S
from docgen.layout.closing_names import breakable, released, too_long
from docgen.layout.estimate import Break, break_lines
from docgen.layout.flow import LINE, PAGE, Flow
from docgen.layout.placed import Align, InlinePicture, Line, LineRule, ParagraphBlock, Role, Run

# The most space a stretched page adds between two paragraphs: half a line (14.5 pt).
MAX_GAP = LINE // 2

# Height a stretched page leaves free at its bottom: LibreOffice moved the last line of a page
# whose lines left it 9 twips of the type area (measured on 三门峡 page 5: 9 over its grid body, PAGE);
# 3 pt of the type area (42 twips of PAGE) is not seen.
STRETCH_SPARE = 60 - (S.TYPE_AREA_HEIGHT - PAGE)

# The most a compressed page takes off each of its lines' pitch (standard.py).
MAX_SHRINK = S.CLOSING_MAX_SHRINK

# Height a compressed page keeps free under its closing, against LibreOffice's rounding.
COMPRESS_SPARE = 40

# Lines of the last paragraph that go with a closing fitting no other way (7.3.5.5): the page ends a
# line short rather than hold no body at all or lose the whole paragraph (joint.md: page 1 kept no
# 正文, 7.3.2), and the 署名 never stands alone on its page (7.3.5.5: 不得出现成文日期单独一页).
CARRIED = 1

# Text paragraphs that may be spaced apart: body text and headings on the line grid.
STRETCHABLE = frozenset(
    {Role.BODY, Role.BODY_FLUSH, Role.HEADING_1, Role.HEADING_2, Role.HEADING_3, Role.HEADING_4}
)


@dataclass(frozen=True)
class Piece:
    """A paragraph of the closing: its lines' heights (the first with the space above) and its keep."""

    block: ParagraphBlock
    heights: tuple[int, ...]
    keep_next: bool = False

    @property
    def height(self) -> int:
        """Return the height the paragraph takes."""
        return sum(self.heights)

    def squeezed(self) -> Piece:
        """Return the paragraph with its space above halved and its lines off the grid (7.3.5.5); a
        line as high as its picture (a 令's 签名章) keeps its height."""
        before = (self.block.space_before or 0) // 2
        own = self.block.line
        if own is not None and own.rule is LineRule.AUTO:
            block = dataclasses.replace(self.block, space_before=before)
            first = self.heights[0] - (self.block.space_before or 0)
            return Piece(block, (before + first, *self.heights[1:]), self.keep_next)
        block = dataclasses.replace(self.block, space_before=before, on_grid=False, line=Line(LINE))
        heights = (before + LINE,) + (LINE,) * (len(self.heights) - 1)
        return Piece(block, heights, self.keep_next)


def add_closing(flow: Flow, pieces: Sequence[Piece]) -> str:
    """Add the closing after the body, kept with the body's last line; return the remedy taken.

    The result is "fits", "split" (the last paragraph goes over a page end, its last lines carry the
    closing), "squeezed", "stretched", "compressed", "broken" (the 附件说明 breaks between names),
    "carried" (the last paragraph made two, its
    last line goes with the closing), "filled" (the whole last paragraph moves, with a heading kept
    with it, and the page it leaves is spaced to its bottom) or "kept" (as filled, the page short).
    """
    long = too_long(pieces)  # asked once: _choose needs it too
    remedy = _choose(flow, pieces, long)
    if remedy in ("squeezed", "compressed"):
        pieces = [piece.squeezed() for piece in pieces]
        long = too_long(pieces)  # the squeezed closing is another one
    if remedy == "broken" or long:
        pieces = released(flow, pieces)
    for piece in pieces:
        flow.add(piece.block, piece.heights, keep_next=piece.keep_next)
    return remedy


def _choose(flow: Flow, pieces: Sequence[Piece], long: bool) -> str:
    """Return the remedy for the closing (see the module), stretching the last page if that is it;
    ``long``: the closing is ``too_long``."""
    if not flow.blocks or not flow.spans or flow.spans[-1][1] == 0:
        return "fits"
    positions = flow.positions()
    first, count = flow.spans[-1]
    last = first + count - 1
    page, top = positions[last]
    room = PAGE - top - flow.chunks[last].height
    if sum(piece.height for piece in pieces) <= room:
        # a stretch sends up to two more lines over: not when the closing then overfills that page
        over = sum(1 for c in range(first, last + 1) if positions[c][0] == page) + 2
        stretch = sum(piece.height for piece in pieces) + over * LINE <= PAGE
        return _under(flow, positions, first, last, page, stretch=stretch)
    if sum(piece.squeezed().height for piece in pieces) <= room:
        return "squeezed"
    breaks = breakable(pieces) and pieces[0].height <= room
    if breaks and long:
        # the closing is longer than a page: kept with the body's last line, it would take the body
        # along and break anyway (outsider7 #4: page 2 kept 8 of 22 lines); it breaks here instead
        _under(flow, positions, first, last, page)
        return "broken"
    if _stretch(flow, positions, page, last):
        return "stretched"
    squeezed = sum(piece.squeezed().height for piece in pieces)
    text_lines = _lines_on(flow, positions, page) + sum(len(piece.heights) for piece in pieces)
    # a compressed page holds no more than the grid's 22 lines of text (7.3.3; check: grid.lines)
    if text_lines <= S.LINES_PER_PAGE and _compress(flow, positions, page, squeezed - room + COMPRESS_SPARE):
        return "compressed"
    if breaks:
        # rather than carry body text and leave the page short, the 附件说明 breaks between two
        # names (7.3.4; closing_names)
        _under(flow, positions, first, last, page)
        return "broken"
    if _split_lines(flow, len(flow.blocks) - 1, flow.spans[-1][1] - CARRIED):
        return "carried"
    if _fill(flow, positions):
        return "filled"
    return "kept"


def _under(
    flow: Flow, positions: list[tuple[int, int]], first: int, last: int, page: int, *, stretch: bool = True
) -> str:
    """Return the remedy for a closing (or its first piece) that fits under the body's last line
    (chunk ``last``, on ``page``; the last paragraph's first is ``first``): "fits", or "split" or
    ("stretched" when ``stretch``) when the last paragraph goes over a page end."""
    count = last - first + 1
    if positions[first][0] < page and positions[last - 1][0] == page:
        # the last paragraph goes over a page end already: its last lines carry the closing,
        # and kept with it LibreOffice would move the paragraph whole (the page before short).
        # Two lines over at least: with one, a line less in LibreOffice than in the estimate
        # would leave the 署名 alone on its page (measured on the 排名通报)
        _unkeep(flow, len(flow.blocks) - 1)
        return "split"
    if positions[first][0] < page:
        if stretch and _stretch(flow, positions, page - 1, last - 1):
            # one line over: the page before is spaced so that its lines of the paragraph go too
            return "stretched"
        if _split_lines(flow, len(flow.blocks) - 1, count - 1):
            # or made two where the page ends: LibreOffice moved the paragraph whole rather than
            # leave its first line at the page's foot, and its heading with it (a 催办通知's
            # 「二、有关要求」 and its two lines: page 1 ended two lines short)
            return "split"
    return "fits"


def _stretch(flow: Flow, positions: list[tuple[int, int]], page: int, last: int) -> bool:
    """Space the text paragraphs that start on ``page`` apart so that the last paragraph's last
    line there (chunk ``last``) goes to the next page and the page stays full; return whether it
    could.

    With two of its lines on the page, both go over if the page can be spaced that far:
    LibreOffice does not always leave a first line alone at a page's bottom (measured: such a
    paragraph moved whole, its page ended at 19–21 lines; other times it stayed).  When only its
    first line stays, the paragraph is made two (``_split_first_line``).
    """
    index = len(flow.blocks) - 1
    block = flow.blocks[index]
    if not isinstance(block, ParagraphBlock) or block.role not in STRETCHABLE:
        return False
    first = flow.spans[index][0]
    on_its_page = sum(1 for c in range(first, last + 1) if positions[c][0] == page)
    for moved in (2, 1) if on_its_page == 2 else (1,):
        gap = _gap(flow, positions, page, last, moved)
        if gap is not None:
            _space(flow, positions, page, last - moved, gap)
            if not (last - moved == first and _split_first_line(flow, index)):
                _unkeep(flow, index)
            return True
    return False


def _fill(flow: Flow, positions: list[tuple[int, int]]) -> bool:
    """Space the page that the last paragraph leaves, with the headings kept with it, down to its
    bottom (7.3.5.5: 行距 adjusted; 5.2.3: 撑满版心); return whether it could within ``MAX_GAP``.

    A last paragraph of one line cannot be made two: it goes to the next page with the closing, and
    a heading (or a chain 三、（一）) right above it goes too, since a heading stays with the first
    line of its text (issue 14, Build 1).  Without this the page before ended as many lines short
    (n47-006: 三、时间安排, the contact line and the closing went over, page 4 ended at 19 lines).
    """
    start = len(flow.blocks) - 1
    while start > 0:
        before = flow.blocks[start - 1]
        if not (isinstance(before, ParagraphBlock) and before.keep_with_next and flow.spans[start - 1][1] == 1):
            break
        start -= 1
    moved = flow.spans[start][0]
    page, top = positions[moved]
    spaced = _spaced(flow, positions, page, moved - 1)
    if top == 0 or not spaced:
        return False
    used = sum(flow.chunks[c].height for c in range(moved) if positions[c][0] == page)
    gap = (PAGE - STRETCH_SPARE - used) // len(spaced)
    if gap <= 0:
        return False
    if gap <= MAX_GAP:
        _space(flow, positions, page, moved - 1, gap)
        return True
    # from the moved block's top, which counts a table's header repeated on the page (``used`` not)
    return _grow(flow, spaced, PAGE - STRETCH_SPARE - top)


def _grow(flow: Flow, spaced: Sequence[int], free: int) -> bool:
    """Share ``free`` twips among every line of the paragraphs ``spaced`` (their 行距 made one larger
    pitch, their space above kept: 7.3.5.5 adjusts 行距), when too few paragraphs stand on the page
    for ``_space``; return whether it could within ``MAX_GAP`` a line (n202-024: 0.47 of a line).

    n202-024: a table and two paragraphs above 「二、」, its one-line text and the closing; spaced
    only between the two paragraphs the page ended 4 lines short (issue 14 Build 1: a page ends
    early only before an attachment, a landscape part, the 版记 or an unsplittable block).
    """
    count = sum(flow.spans[i][1] for i in spaced)
    grow = free // count if count else 0
    if not 0 < grow <= MAX_GAP:
        return False
    pitch = LINE + grow
    _set_pitch(flow, spaced, pitch)
    return True


def _split_first_line(flow: Flow, index: int) -> bool:
    """Make the last paragraph (block ``index``) two where its first line ends (``_split_lines``);
    return whether it could.

    LibreOffice moves a paragraph of two lines or more whole rather than leave its first line alone
    at a page's bottom, on some pages and not on others (the module); a one-line paragraph there
    it always leaves (measured on n14-056: 「将项目建设情况……」 of two lines moved, cut to one line
    it stayed).
    """
    return _split_lines(flow, index, 1)


def _split_lines(flow: Flow, index: int, head_lines: int) -> bool:
    """Make the last paragraph (block ``index``) two where its line ``head_lines`` ends: those lines,
    justified to the right edge as they were (Align.DISTRIBUTE: the last one too), and the rest
    with no first-line indent, kept with the closing; return whether it could (at least a line
    each side).  The breaks are the estimate's, which breaks as LibreOffice does (count_lines).
    """
    block = flow.blocks[index]
    first, count = flow.spans[index]
    if head_lines < 1 or head_lines >= count:
        return False
    if not isinstance(block, ParagraphBlock) or block.role not in STRETCHABLE or block.left or block.right:
        return False
    if block.first_line is not None or not all(isinstance(run, Run) for run in block.runs):
        return False
    if flow.scale != 1 or first + count != len(flow.chunks) or flow.chunks[first].brk is not Break.NONE:
        return False
    indent = 0 if block.role is Role.BODY_FLUSH else S.BODY_FIRST_LINE_CHARS
    text = "".join(run.text for run in block.runs if isinstance(run, Run))
    broken = break_lines(text, S.CHARS_PER_LINE - indent, S.CHARS_PER_LINE)
    if len(broken) != count or "".join(broken) != text:
        return False
    length = sum(len(line) for line in broken[:head_lines])
    head, rest = _cut(block.runs, length)
    heights = [flow.chunks[c].height for c in range(first, first + count)]
    del flow.blocks[index], flow.spans[index], flow.chunks[first:]
    flow.add(
        dataclasses.replace(block, runs=head, align=Align.DISTRIBUTE, keep_with_next=False),
        heights[:head_lines],
    )
    rest_block = ParagraphBlock(block.role, rest, align=block.align, first_line=0, keep_with_next=True)
    flow.add(rest_block, heights[head_lines:], keep_next=True)
    return True


def _cut(runs: Sequence[Run | InlinePicture], length: int) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """Return ``runs`` (all of them Run) cut after ``length`` characters; a zero-width space that
    would begin the second part is dropped."""
    head: list[Run] = []
    rest: list[Run] = []
    left = length
    for run in runs:
        assert isinstance(run, Run)
        if left >= len(run.text):
            head.append(run)
            left -= len(run.text)
            continue
        if left > 0:
            head.append(dataclasses.replace(run, text=run.text[:left]))
            run = dataclasses.replace(run, text=run.text[left:])
            left = 0
        rest.append(run)
    if rest and rest[0].text.startswith("\u200b"):
        rest[0] = dataclasses.replace(rest[0], text=rest[0].text[1:])
    return tuple(head), tuple(r for r in rest if r.text)


def _lines_on(flow: Flow, positions: list[tuple[int, int]], page: int) -> int:
    """Return the number of lines of text paragraphs the estimate puts on ``page``."""
    return sum(
        1
        for i, block in enumerate(flow.blocks)
        if isinstance(block, ParagraphBlock) and block.runs
        for c in range(flow.spans[i][0], flow.spans[i][0] + flow.spans[i][1])
        if positions[c][0] == page
    )


def _compress(flow: Flow, positions: list[tuple[int, int]], page: int, need: int) -> bool:
    """Take ``need`` twips off ``page`` by a smaller pitch on the lines of the text paragraphs that
    start there (7.3.5.5: 行距 adjusted); return whether it could within ``MAX_SHRINK`` a line."""
    index = len(flow.blocks) - 1
    compressible = [
        i
        for i in range(index + 1)
        if flow.spans[i][1]
        and positions[flow.spans[i][0]][0] == page
        and _stretchable(flow, flow.blocks[i], *flow.spans[i])
    ]
    count = sum(flow.spans[i][1] for i in compressible)
    if need <= 0 or not count:
        return False
    shrink = -(-need // count)
    if shrink > MAX_SHRINK:
        return False
    pitch = LINE - shrink
    _set_pitch(flow, compressible, pitch)
    return True


def _gap(flow: Flow, positions: list[tuple[int, int]], page: int, last: int, moved: int) -> int | None:
    """Return the space between paragraphs that sends the last ``moved`` lines up to chunk ``last``
    to the next page and fills ``page``, or None when it would be more than ``MAX_GAP``."""
    index = len(flow.blocks) - 1
    first = flow.spans[index][0]
    if last - moved < first and index > 0:
        # the last paragraph moves whole, and a heading kept with it would follow
        before = flow.blocks[index - 1]
        if isinstance(before, ParagraphBlock) and before.keep_with_next:
            return None
    on_page = [c for c in range(last - moved + 1) if positions[c][0] == page]
    spaced = _spaced(flow, positions, page, last - moved)
    if not on_page or not spaced:
        return None
    free = PAGE - STRETCH_SPARE - sum(flow.chunks[c].height for c in on_page)
    gap = free // len(spaced)
    return gap if 0 < gap <= MAX_GAP else None


def _spaced(flow: Flow, positions: list[tuple[int, int]], page: int, end: int) -> list[int]:
    """Return the blocks spaced apart on ``page``: text paragraphs starting there, up to chunk
    ``end``, but the page's first (no space above a page's first line)."""
    starts = [c for c in range(end + 1) if positions[c][0] == page]
    return [
        i
        for i, candidate in enumerate(flow.blocks)
        if flow.spans[i][1]
        and positions[flow.spans[i][0]][0] == page
        and starts
        and starts[0] < flow.spans[i][0] <= end
        and _stretchable(flow, candidate, *flow.spans[i])
    ]


def _space(flow: Flow, positions: list[tuple[int, int]], page: int, end: int, gap: int) -> None:
    """Put ``gap`` more space above each paragraph ``_spaced`` finds, off the grid (on it,
    LibreOffice would round the space up to a whole grid line)."""
    for i in _spaced(flow, positions, page, end):
        start, lines = flow.spans[i]
        paragraph = flow.blocks[i]
        assert isinstance(paragraph, ParagraphBlock)
        space = flow.chunks[start].height - LINE + gap
        flow.replace(
            i,
            dataclasses.replace(paragraph, on_grid=False, line=Line(LINE), space_before=space),
            [space + LINE] + [LINE] * (lines - 1),
        )


def _unkeep(flow: Flow, index: int) -> None:
    """Let the last paragraph (block ``index``) split over the page end: a paragraph kept with the
    next one LibreOffice moves whole (measured: 4 lines moved, the page before ended at 18 lines).
    A last block that is a table only loses the estimate's keep on its last row."""
    kept = flow.blocks[index]
    if isinstance(kept, ParagraphBlock):  # a body ending with a table: its rows split anyway
        flow.blocks[index] = dataclasses.replace(kept, keep_with_next=False)
    first, count = flow.spans[index]
    chunk = flow.chunks[first + count - 1]
    flow.chunks[first + count - 1] = dataclasses.replace(chunk, keep_next=False)  # its repeat kept


def _stretchable(flow: Flow, block: object, start: int, lines: int) -> bool:
    """Return whether ``block`` is a text paragraph on the grid whose lines are grid lines."""
    if not isinstance(block, ParagraphBlock) or block.role not in STRETCHABLE:
        return False
    if block.on_grid is False or block.line is not None:
        return False
    heights = [flow.chunks[c].height for c in range(start, start + lines)]
    return heights[0] >= LINE and all(h == LINE for h in heights[1:])


def _set_pitch(flow: Flow, paragraphs: Sequence[int], pitch: int) -> None:
    """Set these paragraphs off the grid at ``pitch`` (twips) a line, each keeping its space before."""
    for i in paragraphs:
        start, lines = flow.spans[i]
        paragraph = flow.blocks[i]
        assert isinstance(paragraph, ParagraphBlock)
        space = flow.chunks[start].height - LINE
        flow.replace(
            i,
            dataclasses.replace(
                paragraph, on_grid=False, line=Line(pitch), space_before=space or paragraph.space_before
            ),
            [space + pitch] + [pitch] * (lines - 1),
        )
