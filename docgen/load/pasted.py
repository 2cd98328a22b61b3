"""Text pasted from Word set as an office's 一键排版 sets it: full-width digits half-width (GB/T 15835:
Arabic numerals are written half-width), full-width Latin letters half-width (ＰＰＰ → PPP, beside the
half-width EPC typed in the same text), ASCII quotes "…" as “…”, and half-width , : ; ! ? ( ) .
next to 汉字 as the full-width marks of GB/T 15834.  A URL, an e-mail address, `code` and a number
(3.5亿元, 10:30, 1,000) are left as typed.  Typed, no I/O.

Written by hand: the rules are the office conventions of Chinese documents; no library sets them
(the converters of full-/half-width characters change every character, URLs and numbers included).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from docgen.load.patterns import half_digits

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# a mark after which or before which a half-width mark is Chinese punctuation: 汉字 and the
# full-width marks (“研究部署”,确 …)
_CHINESE = re.compile(rf"[{_HAN}\u3000-\u303f\uff01-\uff5e“”‘’…—]")
_HAS_HAN = re.compile(rf"[{_HAN}]")
_PROTECTED = re.compile(
    r"`[^`]*`"  # code
    r"|(?:https?|ftp)://[!-~]+|www\.[!-~]+"  # a URL: printable ASCII up to a space or a 汉字
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # an e-mail address
    r"|\d+(?:[.:,/]\d+)+"  # a number: 3.5, 10:30, 1,000, 2025/10/9
)
_URL_TAIL = ".,;:!?)'\""  # a mark typed after a URL ends the sentence, not the URL
# full-width marks between two digits as GB/T 15835 writes them: 3．5 → 3.5, 10：30, 0355－822
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[．：－／，](?=\d)")
_BETWEEN_DIGITS_MAP = str.maketrans("．：－／，", ".:-/,")
_MARKS = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_MARK = re.compile(r"[ \t]*([,:;!?])[ \t]*")
_STOP = re.compile(r"\.(?=[ \t]*$|[ \t]*[" + _HAN + r"])")  # 续建项目. → 续建项目。
_PARENS = re.compile(r"\(([^()]*)\)")
_FULL_DIGIT = re.compile("[０-９]")
_FULL_LETTER = re.compile("[Ａ-Ｚａ-ｚ]")
_HALF_LETTERS = {code: code - 0xFEE0 for code in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}


@dataclass(frozen=True)
class Changes:
    """How many characters of pasted text were set: digits, quote pairs, punctuation marks, Latin
    letters, and the spaces (a pasted tab) dropped between Chinese characters."""

    digits: int = 0
    quotes: int = 0
    marks: int = 0
    letters: int = 0
    spaces: int = 0
    stars: int = 0  # Markdown's **bold** pairs whose asterisks were dropped

    def __add__(self, other: Changes) -> Changes:
        """Return the sum of two counts."""
        return Changes(
            self.digits + other.digits,
            self.quotes + other.quotes,
            self.marks + other.marks,
            self.letters + other.letters,
            self.spaces + other.spaces,
            self.stars + other.stars,
        )

    def __bool__(self) -> bool:
        """Return whether anything was changed."""
        return bool(self.digits or self.quotes or self.marks or self.letters or self.spaces or self.stars)


# ASCII spaces and tabs between two Chinese characters: in Chinese prose a pasted artifact (a Word
# tab, a line's end), not words apart.  Two or more between two 汉字 are kept: 王  磊 is a name
# spaced out by hand to line up with three-character names; U+3000 is left as typed.
# Compiled on first use: only a Word draft's lines are closed so, never a notice source (issue 17:
# the two compiles cost a cold preview some milliseconds).
@cache
def _gap_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return the patterns of a gap between two Chinese characters and of a name spaced out by hand."""
    gap = re.compile(rf"(?<={_CHINESE.pattern})[ \t]+(?={_CHINESE.pattern})")
    return gap, re.compile(rf"[{_HAN}][ \t]{{2,}}[{_HAN}]")


def close_gaps(text: str) -> tuple[str, Changes]:
    """Return prose ``text`` without the spaces and tabs between Chinese characters (but a name spaced
    out between two 汉字), and how many gaps went."""
    count = 0
    cjk_gap, name_gap = _gap_patterns()

    def close(match: re.Match[str]) -> str:
        nonlocal count
        if name_gap.fullmatch(text, match.start() - 1, match.end() + 1):
            return match.group()
        count += 1
        return ""

    closed = cjk_gap.sub(close, text)
    return closed, Changes(spaces=count)


# a gap with a tab in it between two Chinese characters: Word's tab as pasted into a text file
_TAB_GAP = re.compile(rf"(?<={_CHINESE.pattern})[ \t]*\t[ \t]*(?={_CHINESE.pattern})")


def close_tabs(text: str) -> tuple[str, Changes]:
    """Return ``text`` without the tabs (and the spaces beside them) between Chinese characters, and how
    many gaps went; a space typed alone is kept (a notice source's writer may mean it: 办公室 王磊)."""
    closed, count = _TAB_GAP.subn("", text)
    return closed, Changes(spaces=count)


def _protected_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _PROTECTED.finditer(text):
        start, end = match.span()
        if not match.group().startswith("`"):
            while end > start and text[end - 1] in _URL_TAIL:
                end -= 1
        spans.append((start, end))
    return spans


def _chinese_at(text: str, index: int, step: int) -> bool:
    """Return whether the nearest character from ``index`` (going by ``step``) past spaces is Chinese."""
    while 0 <= index < len(text) and text[index] in " \t":
        index += step
    return 0 <= index < len(text) and bool(_CHINESE.match(text[index]))


def _digit_at(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isascii() and text[index].isdigit()


def _set_plain(text: str, before: str, after: str) -> tuple[str, int]:
    """Return a stretch with no URL, e-mail, code or number in it set; its quote pairs and marks changed.
    ``before``/``after``: the characters around the stretch (for its marks at either end)."""
    marks = 0
    whole = before + text + after

    def mark(match: re.Match[str]) -> str:
        nonlocal marks
        start, end = match.start(1) + len(before), match.end(1) + len(before)
        if _digit_at(whole, start - 1) and _digit_at(whole, end):
            return match.group()
        if _chinese_at(whole, start - 1, -1) or _chinese_at(whole, end, 1):
            marks += 1
            return _MARKS[match.group(1)]
        return match.group()

    def stop(match: re.Match[str]) -> str:
        nonlocal marks
        if match.start() > 0 and _HAS_HAN.match(text[match.start() - 1]):
            marks += 1
            return "。"
        return match.group()

    def parens(match: re.Match[str]) -> str:
        nonlocal marks
        start, end = match.start() + len(before), match.end() + len(before)
        inner = match.group(1)
        if _HAS_HAN.search(inner) or _chinese_at(whole, start - 1, -1) or _chinese_at(whole, end, 1):
            marks += 2
            return f"（{inner}）"
        return match.group()

    text = _PARENS.sub(parens, text)
    text = _STOP.sub(stop, text)
    whole = before + text + after
    text = _MARK.sub(mark, text)
    return text, marks


# a space typed or pasted between a 汉字 and a number (总投资 2400 亿, 9 月底前: web text spaced out):
# GB/T 9704 text has none.  A number of 7 digits or more (a telephone), one joined to - . / : (a date,
# a code, 0355-8221234), a letter or a masking 「*」 (4101**********1234) keeps its space, and so does a
# caption's or a label's number (图2 项目现场, 表1 汇总, 附件3 名单) (outsider26 #10).
_SPACE_BEFORE_NUMBER = re.compile(rf"(?<=[{_HAN}]) +(?=\d{{1,6}}(?:\.\d+)?%?(?![\d\-./:,@A-Za-z*]))")
_SPACE_AFTER_NUMBER = re.compile(rf"(?<![\d\-./:,@A-Za-z*图表件])(\d{{1,6}}(?:\.\d+)?%?) +(?=[{_HAN}；，。、])")


# **…** around Chinese text, as web pages converted to Markdown write bold (seed 001: “**澠池县、灵宝市、
# 陕州区：**谋划入库……”): a notice prints no bold and no asterisks (outsider26 #12).  Only where bold
# stands: opening a line or after a space, 「：」「。」「；」「！」「？」, and not touching a digit or
# another 「*」 — stars masking a name or a number (张**、李**, 4101**********1234) or quoted (带“**”的)
# are the text itself (review26)
_STARRED = re.compile(
    rf"(?<![^\s：:。；;！？])\*\*(?=[^\s*\d])([^*\n]*[{_HAN}][^*\n]*?)(?<=[^\s*\d])\*\*(?![*\d])"
)


def _number_gaps(text: str) -> tuple[str, int]:
    """Return ``text`` without the spaces between a 汉字 and a number, and how many went."""
    text, before = _SPACE_BEFORE_NUMBER.subn("", text)
    text, after = _SPACE_AFTER_NUMBER.subn(r"\1", text)
    return text, before + after


def set_pasted(text: str) -> tuple[str, Changes]:
    """Return ``text`` as 一键排版 sets it, and what was changed."""
    if not text:
        return text, Changes()
    digits = len(_FULL_DIGIT.findall(text))
    letters = len(_FULL_LETTER.findall(text))
    text = half_digits(text).translate(_HALF_LETTERS)
    between = len(_BETWEEN_DIGITS.findall(text))
    text = _BETWEEN_DIGITS.sub(lambda m: m.group().translate(_BETWEEN_DIGITS_MAP), text)
    spans = _protected_spans(text)
    quotes = 0
    # quote pairs: only when every ASCII double quote outside URLs and code has its partner
    outside = [i for i, c in enumerate(text) if c == '"' and not any(a <= i < b for a, b in spans)]
    if outside and len(outside) % 2 == 0:
        chars = list(text)
        for opening, closing in zip(outside[::2], outside[1::2], strict=True):
            if _HAS_HAN.search(text[max(opening - 1, 0) : closing + 2]):
                chars[opening], chars[closing] = "“", "”"
                quotes += 1
        text = "".join(chars)
    pieces: list[str] = []
    marks = gaps = stars = 0
    last = 0
    for start, end in [*spans, (len(text), len(text))]:
        # URLs and `code` as they are (README): spaces and stars dropped only between them
        plain, gapped = _number_gaps(text[last:start])
        plain, starred = _STARRED.subn(r"\1", plain)
        plain, count = _set_plain(plain, text[last - 1 : last] if last else "", text[start : start + 1])
        pieces += [plain, text[start:end]]
        marks, gaps, stars = marks + count, gaps + gapped, stars + starred
        last = end
    return "".join(pieces), Changes(digits + between, quotes, marks, letters, gaps, stars)


_Item = TypeVar("_Item")


def set_each(
    items: Iterable[_Item], setter: Callable[[_Item], tuple[_Item, Changes]]
) -> tuple[tuple[_Item, ...], Changes]:
    """Return each of ``items`` set by ``setter`` (a text, a table row, a block, a draft's part), and
    what was changed in all."""
    done: list[_Item] = []
    changes = Changes()
    for item in items:
        value, more = setter(item)
        done.append(value)
        changes += more
    return tuple(done), changes


def set_all(texts: Iterable[str]) -> tuple[tuple[str, ...], Changes]:
    """Return each of ``texts`` set as ``set_pasted`` sets it, and what was changed in all."""
    return set_each(texts, set_pasted)
