"""The numbers Word's automatic numbering (numbering.xml, w:numPr) prints before paragraphs.

``ListNumbers`` counts the lists in document order as Word does, so that the paragraphs read one
after another get the numbers the writer saw (一、 二、, 1.1 1.2), not each counter's first value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from docgen.numbering import chinese_numeral

# Word's number formats that write 一 二 三 (the pattern, not the value, decides a heading's level)
CHINESE_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "ideographTraditional",
    "japaneseCounting",
    "ideographDigital",
    "chineseLegalSimplified",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# The private-use characters symbol fonts (Symbol, Wingdings) draw their bullets with: no glyph in a 公文's fonts
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_LEVEL_MARK = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class ListLabel:
    """What Word prints before a numbered paragraph: its number or bullet (one space after a number
    that ends in a letter or digit and is followed by a tab or space), and whether it is a bullet."""

    text: str
    bullet: bool = False


def _val(node: Any, tag: str) -> str | None:
    child = node.find(qn(tag)) if node is not None else None
    value = child.get(qn("w:val")) if child is not None else None
    return str(value) if value is not None else None


def _small_int(text: str | None) -> int | None:
    """Return the whole number of at most six digits (an optional ``-``) an attribute holds, else None.

    A hostile .docx writes anything there: ``²`` passed ``isdigit`` and failed ``int``, 5000 nines
    passed both limits of Python's int() (hostile12); no list counts past six digits.
    """
    if text is None:
        return None
    digits = text.removeprefix("-")
    if not digits.isdecimal() or len(digits) > 6:
        return None
    return int(text)


def _number(value: int, fmt: str) -> str:
    """Return ``value`` written in Word's number format ``fmt`` (decimal for one not known here)."""
    if fmt in CHINESE_FORMATS and value > 0:
        return chinese_numeral(value)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < value <= len(_CIRCLED):
        return _CIRCLED[value - 1]
    if fmt in ("upperLetter", "lowerLetter") and value > 0:
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalFullWidth":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero" and value < 10:
        return f"0{value}"
    return str(value)


def _roman(value: int) -> str:
    out = []
    for amount, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, value = divmod(value, amount)
        out.append(letters * count)
    return "".join(out)


class ListNumbers:
    """The counters of a document's lists, advanced paragraph by paragraph in document order."""

    def __init__(self, numbering: Any) -> None:
        self._numbering = numbering  # the w:numbering element, or None
        self._counts: dict[str, list[int | None]] = {}

    @classmethod
    def of(cls, doc: Any) -> ListNumbers:
        """Return the counters of python-docx document ``doc`` (none when it has no numbering part)."""
        try:
            return cls(doc.part.numbering_part.element)
        except (NotImplementedError, KeyError, AttributeError):
            return cls(None)

    def paragraph(self, ppr_chain: list[Any]) -> ListLabel:
        """Return the label of a paragraph whose properties (its own, then its styles') are ``ppr_chain``."""
        num_id = level = None
        for container in ppr_chain:
            num_pr = container.find(qn("w:numPr")) if container is not None else None
            if num_pr is None:
                continue
            num_id = num_id or _val(num_pr, "w:numId")
            level = level or _val(num_pr, "w:ilvl")
        return self.label(num_id, level or "0")

    def label(self, num_id: str | None, level: str | None) -> ListLabel:
        """Return the label of the next paragraph of list ``num_id`` at ``level`` (0-based) and count it."""
        if not num_id or num_id == "0" or self._numbering is None:
            return ListLabel("")
        num = self._numbering.find(f"{qn('w:num')}[@{qn('w:numId')}='{num_id}']")
        abstract_id = _val(num, "w:abstractNumId")
        abstract = self._numbering.find(
            f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{abstract_id}']"
        )
        if abstract is None:
            return ListLabel("")
        ilvl = level_number if (level_number := _small_int(level)) is not None and 0 <= level_number < 9 else 0
        levels = [abstract.find(f"{qn('w:lvl')}[@{qn('w:ilvl')}='{n}']") for n in range(9)]
        lvl = levels[ilvl]
        if lvl is None:
            return ListLabel("")
        fmt = _val(lvl, "w:numFmt") or "decimal"
        text = _val(lvl, "w:lvlText") or ""
        if fmt == "none":
            return ListLabel("")
        if fmt == "bullet":
            return ListLabel(_PRIVATE_USE.sub("", text), bullet=True)
        overrides = self._overrides(num)
        # nums of one abstract list continue one another (Word), unless the num restarts it
        key = f"num {num_id}" if overrides else f"abstract {abstract_id}"
        counts = self._counts.setdefault(key, [None] * 9)

        def start(n: int) -> int:
            if n in overrides:
                return overrides[n]
            value = _val(levels[n], "w:start")
            return number if (number := _small_int(value)) is not None else 1

        current = counts[ilvl]
        counts[ilvl] = start(ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = _val(levels[deeper], "w:lvlRestart")
            if restart is None or ilvl < (_small_int(restart) or 0):
                counts[deeper] = None
        legal = lvl.find(qn("w:isLgl")) is not None

        def written(match: re.Match[str]) -> str:
            n = int(match.group(1)) - 1
            value = counts[n] if counts[n] is not None else start(n)
            level_fmt = (_val(levels[n], "w:numFmt") or "decimal") if levels[n] is not None else "decimal"
            return _number(int(value or 0), "decimal" if legal else level_fmt)

        label = _LEVEL_MARK.sub(written, text)
        if label and label[-1].isalnum() and _val(lvl, "w:suff") != "nothing":
            label += " "  # Word's tab (or space) after the number
        return ListLabel(label)

    @staticmethod
    def _overrides(num: Any) -> dict[int, int]:
        out: dict[int, int] = {}
        for override in num.iterfind(qn("w:lvlOverride")) if num is not None else ():
            value = _val(override, "w:startOverride")
            level = override.get(qn("w:ilvl"))
            start, at = _small_int(value), _small_int(level)
            if start is not None and at is not None:
                out[at] = start
        return out
