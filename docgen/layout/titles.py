"""Where a long title breaks into lines (7.3.1).

GB/T 9704-2012 7.3.1: "回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形。"

- **词意完整**: a line ends only between words: never inside a word of the segmenter (jieba with its
  bundled dictionary, loaded only when a title needs breaking) or of ``DOMAIN_WORDS`` (both in
  ``docgen/words.py``, which ``docgen check`` reads too), never inside a
  number or a Latin run, never between a number and what it counts ("2020|年"), never before a closing
  mark or after an opening one (避头尾).  Breaks before 关于 (after the issuing organ), after the
  关于……的 that precedes the document kind, or before the kind (通知, 通报, 挂牌督办通知书 …) are
  preferred; a line ending in 关于 or a preposition, or breaking a quotation, costs more.
- **梯形或菱形**: the standard names the shapes without an orientation.  A 梯形 (trapezoid) is read as
  either orientation: lines growing from top to bottom (正梯形, 上短下长) or shrinking (倒梯形, 上长下短);
  a 菱形 (diamond) grows to its longest line and shrinks after it.  Adjacent lines differ by one 字
  or more (by half a 字 only when nothing better qualifies), so neither a 长方形 (equal lines) nor a
  沙漏形 (middle line shortest) comes out; see ``is_trapezoid_or_diamond``.
- **长短适宜**: each line fits the type area at 2号 (20 字 of 22 pt in 156 mm); among the breaks that
  qualify, lines of similar length and no line of fewer than 4 字 are preferred, and the fewest lines.

A ``\\n`` in the source wins: such a title is left as it is.

**Cost**: the shaped break (``_best``) weighs every line count and width; its work grows with the
lines a title needs, and a title of 804 characters took minutes, one of 4 004 more than 7 GB
(hostile8 #3).  A title that needs more than ``SHAPED_LINES`` lines (80 字: longer than any 公文
title in practice) is cut greedily between words instead (``_greedy``: each line as full as it can
be), in time linear in its length.  It is not refused: GB/T 9704 sets no length, and a 转发 title
that quotes another title can be long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from docgen import standard as S
from docgen.layout.estimate import char_width
from docgen.layout.metrics import advance_pt
from docgen.words import CLOSING, KINDS, OPENING, name_bounds, protected, words

# 20 字 of 22 pt in the 156 mm type area
TITLE_LINE_CHARS: float = S.TYPE_AREA_WIDTH // (S.TITLE_PT * S.TWIPS_PER_PT)
# a landscape page's type area is 225 mm wide (ch. 8): the page turned, its height the line
LANDSCAPE_TITLE_CHARS: float = S.TYPE_AREA_HEIGHT // (S.TITLE_PT * S.TWIPS_PER_PT)

_PREPOSITIONS = set("在对为向将把从和及与暨或并")
_CONJUNCTIONS = set("和及与暨并或")
# nouns that close the phrase before them ("物流园项目", "开工活动"): a line does not start with one
_HEAD_NOUNS: tuple[str, ...] = ("项目", "工程", "工作", "活动", "问题", "情况", "制度", "行动", "事项")
# widths in tenths of a 字
_UNIT = 10
_MIN_STEP = 10  # adjacent lines differ by one 字 or more (by half a 字 at a cost)
_LEAST_STEP = 5
SHAPED_LINES = 4  # a title of more lines is cut greedily (module docstring: Cost)
_SHORT_LINE = 40  # a line under 4 字 is too short
_COMFORT = 180  # lines up to 18 字 leave some air at the sides
# Digits and Latin letters of the title face are wider than half a 字: 0.59 em in Noto Serif CJK SC
# Bold (the preview's 小标宋), measured in LibreOffice 7.4; "关于2025年10月……" at 20 字 by the
# body's count overflowed the line.  Titles count them at 0.6.
HALF_WIDTH_IN_TITLE: float = 0.6


@cache
def _title_char(ch: str) -> float:
    """Return the width of ``ch`` in the title face, in 字: a half-width one 0.6, or its own advance
    where that is wider (capitals: 「M」 1.0, 「W」 1.09, 「A」 0.75 em).  At 0.6 a title of capitals
    was cut into lines up to 45 mm wider than the type area: Typst set them past it, LibreOffice
    wrapped each again into a line and a stub (audit17, a 104-capital name in a title)."""
    width = char_width(ch)
    if width != 0.5:
        return width
    advance = advance_pt(ch, 1.0, S.FONT_XIAOBIAOSONG)
    return HALF_WIDTH_IN_TITLE if advance is None else max(HALF_WIDTH_IN_TITLE, advance)


def title_width(text: str) -> float:
    """Return the width of ``text`` set in the title face, in 字 (half-width characters 0.6 or wider)."""
    return sum(map(_title_char, text))


def _width(text: str) -> int:
    """Return the width of ``text`` in tenths of a 字."""
    return round(title_width(text.strip()) * _UNIT)


def is_trapezoid_or_diamond(widths: Sequence[float], min_step: float = _LEAST_STEP / _UNIT) -> bool:
    """Say whether lines of ``widths`` (字) form a 梯形 (either orientation) or a 菱形 (7.3.1).

    Lines grow (by ``min_step`` or more) up to the longest and shrink after it; a single line passes.
    """
    falling = False
    for previous, current in zip(widths, widths[1:], strict=False):
        if current - previous >= min_step and not falling:
            continue
        if previous - current >= min_step:
            falling = True
            continue
        return False
    return True


def _kind_start(title: str) -> int | None:
    """Return where the document kind at the end of ``title`` starts, if it ends with one."""
    for kind in KINDS:
        if title.endswith(kind) and len(title) > len(kind):
            return len(title) - len(kind)
    return None


def _break_costs(title: str) -> dict[int, float]:
    """Return the positions where ``title`` may break, each with its cost (lower is better)."""
    bounds: set[int] = set()
    at = 0
    for word in words(title):
        at += len(word)
        bounds.add(at)
    bounds |= name_bounds(title)  # 南漳村 | 石哲乡 where the segmenter read 村石
    banned = protected(title)
    kind = _kind_start(title)
    about = title.find("关于")
    depth = 0
    inside: set[int] = set()
    for i, ch in enumerate(title):
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING and depth:
            depth -= 1
        if depth:
            inside.add(i + 1)
    costs: dict[int, float] = {}
    for i in sorted(bounds - banned):
        if not 0 < i < len(title):
            continue
        a, b = title[i - 1], title[i]
        if kind is not None and i == kind:
            cost = 0.0  # 关于……的 | 通知
        elif kind is not None and i == kind - 1 and b == "的":
            cost = 2.0  # 关于…… | 的通知
        elif title.startswith("关于", i):
            cost = 0.0  # 发文机关 | 关于……
        elif title.endswith("关于", 0, i):
            cost = 12.0  # a line ending in 关于
        elif a in _PREPOSITIONS:
            cost = 6.0
        elif b == "的":
            cost = 5.0
        elif title.startswith(_HEAD_NOUNS, i):
            cost = 6.0
        elif title.endswith(_HEAD_NOUNS, 0, i):
            cost = 2.5  # after a noun phrase: 物流园项目 | 挂牌督办
        elif b in _CONJUNCTIONS or a == "的" or b in OPENING or a in CLOSING:
            cost = 2.0
        else:
            cost = 3.0
        if i in inside:
            cost += 6.0  # inside a quotation or brackets
        if a == "年" and i >= 2 and title[i - 2].isdigit() and not title.startswith(_HEAD_NOUNS, i):
            cost += 3.0  # a date stays whole: 2020年 | 第三季度
        if about >= 0 and about + 2 < i <= about + 4:
            cost += 4.0  # 关于 and one word at the end of a line: 关于印发 |
        costs[i] = cost
    return costs


@dataclass(frozen=True)
class _State:
    cost: float
    width: int
    falling: bool
    breaks: tuple[int, ...]


def _best(title: str, costs: dict[int, float], count: int, cap: int, min_step: int) -> _State | None:
    """Return the cheapest way to set ``title`` in ``count`` lines of at most ``cap`` tenths of a 字."""
    positions = [0, *sorted(costs), len(title)]
    mean = _width(title) / count
    # states[(index into positions, lines so far)] -> cheapest state per (last width, falling)
    states: dict[tuple[int, int], dict[tuple[int, bool], _State]] = {
        (0, 0): {(0, False): _State(0, 0, False, ())}
    }
    for start_index, start in enumerate(positions):
        for lines_so_far in range(count):
            here = states.get((start_index, lines_so_far))
            if not here:
                continue
            closing = lines_so_far + 1 == count
            for end_index in range(start_index + 1, len(positions)):
                end = positions[end_index]
                width = _width(title[start:end])
                if width > cap:
                    break
                last = end == len(title)
                if last != closing:
                    continue  # the last line, and only it, ends the title
                line_cost = 0.03 * ((width - mean) / _UNIT) ** 2
                line_cost += 6.0 if width < _SHORT_LINE else 0.0
                line_cost += max(0, width - _COMFORT) / _UNIT * 0.5
                line_cost += 0.0 if last else costs[end]
                for (previous, falling), state in here.items():
                    if lines_so_far == 0 or (width - previous >= min_step and not falling):
                        new_falling = False
                    elif previous - width >= min_step:
                        new_falling = True
                    else:
                        continue
                    step = 3.0 if lines_so_far and abs(width - previous) < _MIN_STEP else 0.0
                    key = (end_index, lines_so_far + 1)
                    cost = state.cost + line_cost + step
                    candidate = _State(cost, width, new_falling, (*state.breaks, end))
                    slot = states.setdefault(key, {})
                    old = slot.get((width, new_falling))
                    if old is None or candidate.cost < old.cost:
                        slot[(width, new_falling)] = candidate
    finals = states.get((len(positions) - 1, count), {})
    return min(finals.values(), key=lambda s: s.cost, default=None)


def title_lines(title: str, chars: float = TITLE_LINE_CHARS) -> list[str]:
    """Return the lines of ``title``: as written when it has a ``\\n`` or fits one line, else broken.

    The break follows 7.3.1 as described in this module's docstring: between words, preferring the
    organ | 关于 and 关于……的 | 文种 joints, lines of a 梯形 or 菱形 within ``chars`` 字 each.
    """
    if "\n" in title:
        return title.split("\n")
    cap = round(chars * _UNIT)
    if _width(title) <= cap:
        return [title]
    fewest = -(-_width(title) // cap)
    costs = _break_costs(title)
    if fewest > SHAPED_LINES:
        return _greedy(title, costs, cap)
    # relax step by step: the shape's step, then breaks anywhere but inside protected words, then anywhere
    inside = protected(title)  # once: in the comprehension's test it segmented the title once per character
    anywhere = {i: 10.0 for i in range(1, len(title)) if i not in inside}
    for candidates, min_step in (
        (costs, _LEAST_STEP),
        (costs, 1),
        ({**anywhere, **costs}, _LEAST_STEP),
        ({**anywhere, **costs}, 0),
    ):
        found: _State | None = None
        for count in range(fewest, fewest + 3):
            state = _best(title, candidates, count, cap, min_step)
            if state is not None:
                state = _State(state.cost + 4.0 * (count - fewest), state.width, state.falling, state.breaks)
                if found is None or state.cost < found.cost:
                    found = state
        if found is not None:
            starts = [0, *found.breaks[:-1]]
            return [title[a:b].strip() for a, b in zip(starts, found.breaks, strict=True)]
    return _by_width(title, cap)


def _greedy(title: str, costs: dict[int, float], cap: int) -> list[str]:
    """Return ``title`` cut at the last break of ``costs`` where each line is still within ``cap``
    (cut by width where a run between breaks is longer than a line)."""
    lines: list[str] = []
    start = 0
    breaks = sorted(costs)
    at = 0  # index into breaks of the first break after ``start``
    while len(title) - start > cap or _width(title[start:]) > cap:  # no character is 0.1 字 wide
        while at < len(breaks) and breaks[at] <= start:
            at += 1
        end = None
        look = at
        while look < len(breaks) and _width(title[start : breaks[look]]) <= cap:
            end = breaks[look]
            look += 1
        if end is None:  # no break within a line: cut where the line is full
            first, *_rest = _by_width(title[start:], cap)
            end = start + len(first)
        lines.append(title[start:end].strip())
        start = end
    return [*lines, title[start:].strip()]


def _by_width(title: str, cap: int) -> list[str]:
    """Return ``title`` cut wherever a line is full (the last resort: a title of one unbreakable run)."""
    result: list[str] = []
    line = ""
    for ch in title:
        if line and _width(line + ch) > cap:
            result.append(line)
            line = ""
        line += ch
    return [*result, line]


@lru_cache(maxsize=256)  # a title is broken twice as it is laid out (where the 主送 goes, then the title)
def break_title(title: str, chars: float = TITLE_LINE_CHARS) -> str:
    """Return ``title`` with ``\\n`` where its lines break (unchanged when it has one or fits one line)."""
    return "\n".join(title_lines(title, chars))
