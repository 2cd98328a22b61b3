"""7.3.3 heading numbers 一、 （一） 1. （1）, numbered for the writer, and Chinese numerals."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """Return ``n`` in Chinese numerals as ordinals are written: 一, 十, 十一, 二十, 一百零一.

    Below 100 (every heading number in practice) written here: cn2an writes the same (a test
    compares 1–999), but importing it costs 0.2–0.4 s, a third of a cold preview's time.
    """
    if n < 1:
        raise ValueError(f"ordinals start at 1, not {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if units == 0 else _DIGITS[units])
    import cn2an  # lazy: see above

    text: str = cn2an.an2cn(n, "low")
    return text


def heading_label(level: int, n: int) -> str:
    """Return the label of the ``n``-th heading of ``level``: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading levels are 1 to 4, not {level}")


# A number the writer typed already, at the start of a heading: 一、 （一） (一) 1. 1、 1． （1） (1)
_TYPED_LABEL = {
    1: re.compile(r"^[一二三四五六七八九十百零〇]+[、.．]\s*"),
    2: re.compile(r"^[（(][一二三四五六七八九十百零〇]+[）)]\s*"),
    3: re.compile(r"^\d+\s*[.．、]\s*"),
    4: re.compile(r"^[（(]\d+[）)]\s*"),
}


def strip_typed_label(level: int, text: str) -> str:
    """Return ``text`` without a number of that level typed at its start (we number for the writer)."""
    return _TYPED_LABEL[level].sub("", text, count=1)


@dataclass
class HeadingCounter:
    """Counts headings level by level; a heading resets the levels below it.

    Levels listed in ``continuous`` are never reset, so items 1-20 can run on across
    sections as in seed 004 (长子县 五项制度).
    """

    continuous: frozenset[int] = frozenset()
    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])

    def next_label(self, level: int) -> str:
        """Count one heading of ``level`` and return its label."""
        self.counts[level] += 1
        for lower in range(level + 1, 5):
            if lower not in self.continuous:
                self.counts[lower] = 0
        return heading_label(level, self.counts[level])


# Run-in headings: the heading ends at its first sentence mark; what follows is body text.  Text pasted
# from Word often has a half-width full stop (高度重视.各单位……): one after a 汉字 ends the heading too
# (never one between digits, as in 3.5亿元).
_RUN_IN_END = re.compile(r"[。！？：:]|(?<=[\u4e00-\u9fff])\.")


def split_run_in(text: str) -> tuple[str, str]:
    """Split ``强化组织领导。市重点项目办…`` into the heading part and the run-in text."""
    match = _RUN_IN_END.search(text)
    if not match or match.end() == len(text):
        return text, ""
    return text[: match.end()], text[match.end() :]


def attachment_labels(count: int) -> list[str]:
    """Return the 7.3.7 labels: 附件 for a single attachment, 附件1 … 附件N for several."""
    if count == 1:
        return ["附件"]
    return [f"附件{i}" for i in range(1, count + 1)]


def numbered(items: Iterable[str]) -> list[str]:
    """Return ``1.XXX``, ``2.XXX`` for the 附件说明 of several attachments (7.3.4)."""
    return [f"{i}.{item}" for i, item in enumerate(items, start=1)]
