"""Where a line may break, said in the text itself for the typesetter: word joiners (U+2060) hold a
date, a number, a 文号 or a code together, zero-width spaces (U+200B) offer a break the typesetter
would not find on its own.  Both are invisible and are not in the PDF's text (measured: LibreOffice
draws neither and writes neither to the PDF's text layer), so what a reader copies is unchanged.

Written here because LibreOffice's line breaking (ICU, with the Chinese–Latin spacing off) breaks
between a digit and the 月 after it and after a hyphen inside a code, but not between 年 and a digit
nor between a full-width ，/。 and a digit (issue 14: 「2025年7|月4日」, 「DB-|2025-357」, a line
ending two 字 short before 「持，2025年」); WordprocessingML has no element for either.
"""

from __future__ import annotations

import re

JOIN = "\u2060"  # WORD JOINER: no break on either side (UAX #14 class WJ)
BREAK = "\u200b"  # ZERO WIDTH SPACE: a break opportunity (UAX #14 class ZW)
MARKS = (JOIN, BREAK)

# Runs no line may break inside (as docgen/layout/tables.py sizes columns by): a 文号, a date, a
# number or a code
UNBREAKABLE = re.compile(
    r"[^\s〔]{0,8}〔\d{4}〕\d+号"
    r"|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日"
    r"|[0-9A-Za-z.,%‰+\-—_/:@]+"
)
# where a date, a 文号 or a phone number may break when nothing else fits: after 年, 月, 〕 or a
# hyphen, before 〔
JOINT = re.compile(r"(?<=[年月〕-])|(?=〔)")
# and a date written with dots or slashes (2025.12.28, 2025/12/28) after its year and its month, as
# 年|月|日 (corpus12 #3: 2025.12.28 held whole kept two date columns 5.1 字 wide in a last-resort
# ledger, 项目名称 4.3 字 over 8–14 lines); a number (36,536.08, 12.5%) is no date and keeps whole
DOTTED_DATE = re.compile(r"(?<![\d.,/])(\d{4})([./])(\d{1,2})\2\d{1,2}(?![\d.,/%])")
# a file name's extension after a name in 汉字 (情况表.xlsx, （10月23日）.xlsx): a file name is text, not a
# code; a line may start with the extension's dot, as between words (outsider14: the 催报通知's 问题清单
# held 「情况表.xlsx」 and 「（10月23日）.xlsx」 whole, its 文件 column took the room its 问题 column
# needed and the 3-row table went onto a landscape page, 4 pages for a 3-line notice)
EXTENSION = re.compile(r"(?<=[^\x00-\x7f])\.[A-Za-z][A-Za-z0-9]{0,4}(?![A-Za-z0-9.])")
# a full-width mark after which a line may end although a digit or a Latin letter follows (，2025年)
# full-width marks after which a line may break before a digit or Latin letter (LibreOffice finds none)
MARKS_BEFORE_LATIN = "，。；：、！？）”’」』】"
_MARK_THEN_LATIN = re.compile(rf"(?<=[{MARKS_BEFORE_LATIN}])(?=[0-9A-Za-z])")


# characters no line breaks between anyway (UAX #14: letters, digits and the marks inside a number)
_HELD = re.compile(r"[0-9A-Za-z.,%‰:_@]")


def joint_starts(text: str) -> set[int]:
    """Return where in ``text`` a date, 文号 or code may break when nothing else fits (the offsets
    of the characters a line may start with): ``JOINT``, and after a dotted date's year and month."""
    found = {m.start() for m in JOINT.finditer(text)}
    for m in DOTTED_DATE.finditer(text):
        found.update((m.end(2), m.end(3) + 1))
    return found


def file_extensions(text: str) -> set[int]:
    """Return the offsets in ``text`` of each file extension's dot that follows a name in 汉字 (``EXTENSION``)."""
    return {m.start() for m in EXTENSION.finditer(text)}


def _joined(run: str, joints: bool) -> str:
    """Return ``run`` with a word joiner wherever a line could break inside it but between two
    letters, digits or number marks (or after a sign: -0.84), and a zero-width space at its
    joints when ``joints``."""
    cuts = joint_starts(run) if joints else set()
    out = [run[0]]
    for index in range(1, len(run)):
        if index in cuts:
            out.append(BREAK)
        elif not (_HELD.match(run[index - 1]) or (index == 1 and run[0] in "+-")) or not _HELD.match(run[index]):
            out.append(JOIN)
        out.append(run[index])
    return "".join(out)


def held(run: str) -> str:
    """Return a date, number or code with word joiners wherever a line could break inside it."""
    return _joined(run, False)


def held_spans(text: str) -> list[tuple[int, int]]:
    """Return the stretches of ``text`` that ``held`` made, as (start, end): the characters its word
    joiners join, with the letters, digits and number marks around them (held() puts no joiner
    between those)."""
    spans: list[tuple[int, int]] = []
    for at, ch in enumerate(text):
        if ch != JOIN or not 0 < at < len(text) - 1:
            continue
        start, end = at - 1, at + 2
        if _HELD.match(text[start]):
            while start > 0 and _HELD.match(text[start - 1]):
                start -= 1
        if _HELD.match(text[end - 1]):
            while end < len(text) and _HELD.match(text[end]):
                end += 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def table_runs(text: str, *, joints: bool = False) -> list[tuple[str, bool]]:
    """Return a cell's text as pieces (text, whole): each date, 文号 and code that a line could
    break inside a piece of its own, held together by word joiners (with ``joints``: breaking at
    年|月|日, 2025.|12.|28, 〔…〕|N号 and after a hyphen, and there only); the rest as it is."""
    pieces: list[tuple[str, bool]] = []
    plain = ""  # text since the last held piece
    at = 0
    for match in UNBREAKABLE.finditer(text):
        joined = _joined(match.group(), joints)
        if joined == match.group():
            continue  # nothing a line could break inside: left in the text around it
        plain += text[at : match.start()]
        if plain:
            pieces.append((plain, False))
        pieces.append((joined, True))
        plain, at = "", match.end()
    plain += text[at:]
    if plain or not pieces:
        pieces.append((plain, False))
    return pieces


def body_text(text: str) -> str:
    """Return running text with a break allowed between a full-width mark and a digit or Latin
    letter after it (a line may end with 「持，」 before 「2025年」)."""
    return _MARK_THEN_LATIN.sub(BREAK, text)


def plain(text: str) -> str:
    """Return ``text`` without the marks this module adds (what a reader copies)."""
    return text.replace(JOIN, "").replace(BREAK, "")
