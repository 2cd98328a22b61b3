"""The 信函 model (GB/T 9704 10.1): a 函 is a general-format document laid out in the letter format.

Kept beside ``docgen.model``, which is at its size limit.  Every field is the general model's;
the type alone selects the format (``docgen.layout.FORMATS``).
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model import Document, Letterhead


@dataclass(frozen=True)
class Letter(Document):
    """A 函 in the 信函 format (10.1): the mark without 文件, double lines, no 印发 in the 版记."""


def letter_code(letterhead: Letterhead) -> str:
    """Return the 代字 of the letterhead's 函 series: configured (函代字), else its 代字 with a final
    发 turned into 函 (长政办发 → 长政办函), else its 代字 with 函 added."""
    if letterhead.letter_code:
        return letterhead.letter_code
    code = letterhead.code
    return f"{code[:-1]}函" if code.endswith("发") else f"{code}函"
