"""What the parts of a 公文 look like when typed by hand: heading numbers, dates, 文号, 版记 lines.

Written by hand because no library knows the conventions of GB/T 9704 drafts; the checker's
patterns (docgen/check/docx_elements.py) judge finished documents and are stricter.

Here in load, not in docgen/draft: the notice loader (typed and pasted sources, issued sheets) reads
with them too, and draft builds on load, never the other way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from docgen.errors import DataError
from docgen.model import DocumentNumber
from docgen.number_text import NUMBER_TEXT
from docgen.numbering import heading_label
from docgen.words import ORG_SUFFIXES, PLACE_SUFFIXES

_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
CN_DIGITS = "一二三四五六七八九十百零〇"

# 7.3.3 heading numbers as typed: 一、 一. （一） (一) 1. 1、 １． （1） (1), spaces anywhere.
HEADING_LABELS = {
    1: re.compile(rf"^([{CN_DIGITS}]+)\s*[、，,.．]\s*"),
    2: re.compile(rf"^[（(]\s*([{CN_DIGITS}]+)\s*[）)]\s*[、.．]?\s*"),
    3: re.compile(
        r"^(\d{1,3})\s*(?:[.．](?!\d)|[.．](?=\d{4}年)|、)\s*"
    ),  # 1.2025年… is an item, 1.5亿 is not
    4: re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*[、.．]?\s*"),
}
TERMINAL = "。！？；…”’）)!?;"
CONTINUING = "，、“《（(,"
KINDS = (
    "通知|通报|请示|报告|意见|决定|批复|函|复函|方案|纪要|公告|通告|办法|规定|细则|要点|计划|总结|命令|议案"
)
_KIND_END = re.compile(rf"(?:{KINDS})$")
ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*[：:]\s*(.*)$")
ITEM_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*")  # 1. 2、: an attachment's place in the 附件说明
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*(\d*)\s*[：:]?$")
CC = re.compile(r"^抄\s*送\s*[：:]\s*(.*)$")
SIGNER = re.compile(r"^签\s*发\s*人\s*[：:]\s*(.+)$")
HEAD_ITEM = re.compile(r"^(\d{6}|(?:绝密|机密|秘密)(?:\s*[★☆*]\s*\S+)?|特急|加急)$")
NOTE = re.compile(r"^[（(](.+)[）)]$")
NUMBER = re.compile(rf"^{NUMBER_TEXT}$")
_DATE_BODY = (
    rf"(?P<y>\d{{4}}|[{CN_DIGITS}]{{4}})\s*(?:年|[.．\-/])\s*(?P<m>\d{{1,2}}|[{CN_DIGITS}]{{1,2}})\s*(?:月|[.．\-/])"
    rf"\s*(?P<d>\d{{1,2}}|[{CN_DIGITS}]{{1,3}})\s*日?"
)
DATE = re.compile(rf"^{_DATE_BODY}$")
PRINTED = re.compile(rf"^(?P<organ>.*?)\s*{_DATE_BODY}\s*印\s*发$")
# a 套红 template's place for the 成文日期: 20XX年XX月XX日, 二〇XX年X月X日 (X, Ｘ or × for a figure)
_SLOT_FIGURE = "0-9〇零一二三四五六七八九十XxＸ×"
DATE_SLOT = re.compile(rf"^\s*[{_SLOT_FIGURE}]{{2,4}}\s*年[{_SLOT_FIGURE}]{{1,3}}月[{_SLOT_FIGURE}]{{1,3}}日\s*$")


def date_slot(text: str) -> bool:
    """Return True for a line holding only a template's place for a date (some figure an X)."""
    return DATE_SLOT.match(text) is not None and re.search("[XxＸ×]", text) is not None


def is_ornament(text: str) -> bool:
    """Return whether a line holds no letter or digit: an ornament of the 版头 (the ★ above the mark)."""
    return not any(ch.isalnum() for ch in text)


def half_digits(text: str) -> str:
    """Return ``text`` with full-width digits as ASCII ones (１２ → 12)."""
    return text.translate(_FULL_DIGITS)


def heading_level(text: str) -> tuple[int, str] | None:
    """Return (level, text after the typed number) if ``text`` starts with a heading number."""
    plain = half_digits(text)
    for level in (2, 4, 1, 3):
        match = HEADING_LABELS[level].match(plain)
        if match and match.end() < len(plain):
            return level, plain[match.end() :].strip()
    return None


def typed_label(text: str) -> str:
    """Return the heading number as it was typed at the start of ``text`` (spaces dropped)."""
    plain = half_digits(text)
    for level in (2, 4, 1, 3):
        match = HEADING_LABELS[level].match(plain)
        if match:
            return re.sub(r"\s", "", match.group())
    return ""


def typed_value(label: str) -> tuple[int, int] | None:
    """Return (level, number) of a typed label (（三） → (2, 3)), or None."""
    found = heading_level(label + "x")
    digits = re.sub(rf"[^\d{CN_DIGITS}]", "", label)
    if not found or not digits:
        return None
    try:
        return found[0], numeral(digits)
    except (ValueError, KeyError):
        return None


def standard_label(label: str) -> str:
    """Return a typed label in the standard's form (7.3.3: (二) → （二）, 1、 → 1.), to tell a
    renumbering from a restyling."""
    value = typed_value(label)
    return heading_label(*value) if value else label


def numeral(text: str) -> int:
    """Return a number written in Arabic or Chinese numerals (2020, 二〇二〇, 十二)."""
    if text.isdecimal():
        return int(text)
    if len(text) == 4 and all(c in "〇零一二三四五六七八九" for c in text):
        return int("".join(str("〇一二三四五六七八九".index(c.replace("零", "〇"))) for c in text))
    import cn2an  # lazy: 0.2 s, and only a date in Chinese numerals needs it

    value = cn2an.cn2an(text.replace("〇", "零"), "smart")
    return int(value)


def parse_date(text: str, pattern: re.Pattern[str] = DATE) -> date | None:
    """Return the date written as 2020年10月12日, 2020.10.12, 2020-10-12, 2020/10/12 or 二〇二〇年十月十二日."""
    match = pattern.match(half_digits(text).strip())
    if not match:
        return None
    try:
        return date(numeral(match.group("y")), numeral(match.group("m")), numeral(match.group("d")))
    except (ValueError, KeyError):
        return None


def parse_number(text: str) -> DocumentNumber | None:
    """Return the 发文字号 typed as 代字〔2020〕13号, 代字[2020]013号, 代字（2020）第13号, else None."""
    match = NUMBER.match(half_digits(text).strip())
    if not match:
        return None
    seq = match.group("seq")
    try:
        return DocumentNumber(
            match.group("code"), int(match.group("year")), int(seq) if seq and int(seq) else None
        )
    except DataError:  # 代字〔0020〕…: no number the standard can print; the line stays text
        return None


def width(text: str) -> float:
    """Return the width of ``text`` in 字: CJK characters 1, others ½."""
    return sum(1.0 if ord(c) >= 0x2E80 else 0.5 for c in text)


def join_lines(first: str, second: str) -> str:
    """Return two hand-broken lines as one: a space between two Latin words, none elsewhere (CJK
    text, or a number broken at the line's end)."""
    if (
        first
        and second
        and first[-1].isascii()
        and first[-1].isalpha()
        and second[0].isascii()
        and second[0].isalpha()
    ):
        return f"{first} {second}"
    return first + second


# A line cannot begin a paragraph with these: it goes on the line above (避头 marks, 7.3.3's text).
CLOSING_MARKS = "，。、；：！？）》”’」』】〕,.;:!?)%"


def ends_kind(text: str) -> bool:
    """True if ``text`` ends with the name of a kind of document (…的通知, …请示)."""
    return bool(_KIND_END.search(text))


def ends_sentence(text: str) -> bool:
    """True if ``text`` ends a sentence or clause (。！？；…)."""
    return bool(text) and text[-1] in TERMINAL


# how the name of an organ, a unit or a group of them ends: 人民政府, 发改局, 各有关单位, 县直各部门; the
# place and organ suffixes are the ones a title's line never ends before (docgen/words.py), these the rest
_UNIT_ONLY_ENDS = (
    "政府", "委", "办", "厅", "部", "院", "署", "司", "所", "处", "室", "科", "股", "站", "队", "中心", "公司", "集团",
    "单位", "部门", "机关", "机构", "学校", "大学", "学院", "医院", "银行", "分行", "支行", "社", "协会", "学会",
    "联合会", "会", "团", "组", "指挥部", "省",
)  # fmt: skip
_UNIT_END = re.compile(
    "(" + "|".join(re.escape(end) for end in dict.fromkeys((*PLACE_SUFFIXES, *ORG_SUFFIXES, *_UNIT_ONLY_ENDS))) + ")$"
)
_UNIT_BAD = re.compile(r"[。！？!?；;：:“”\d]|如下|以下|要求|通知|确保|做好|加强|按照|根据")


def names_units(text: str, *, minimum: int = 2) -> bool:
    """True if ``text`` (a 主送 without its “：”) is ``minimum`` or more names of organs or units joined
    by “，”“、”, each ending as such a name does (…人民政府, 县发改局, 各有关单位(部门)), whatever its length."""
    names = re.split(r"[，,、]", text)
    return len(names) >= minimum and all(
        0 < width(name) <= 30
        and not _UNIT_BAD.search(name)
        and _UNIT_END.search(re.sub(r"[（(][^（()）]*[）)]$", "", name.strip()))
        for name in names
    )


# what a 发文机关标志 adds to the organ's name: a 令's, 公告's, 通告's kind (10.2; longest first: 命令
# before 令), and 文件 (7.2.4)
_MARK_KINDS = ("命令", "令", "公告", "通告")


def organ_of_mark(mark: str, *, wenjian: bool = True) -> str:
    """Return the organ's name a 发文机关标志 is made of: ``mark`` without the kind it ends with
    (×××人民政府令, ×××人民政府公告 → ×××人民政府) and, with ``wenjian``, without 文件 (×××文件)."""
    for kind in (*_MARK_KINDS, "文件") if wenjian else _MARK_KINDS:
        if mark.endswith(kind):
            return mark.removesuffix(kind)
    return mark


def continues(text: str) -> bool:
    """True if ``text`` plainly goes on (ends with ， 、 or an opening mark)."""
    return bool(text) and text[-1] in CONTINUING


def attachment_titles(head: str, more: Sequence[str] = ()) -> tuple[str, ...]:
    """Return the attachments' names a typed 附件说明 gives (7.3.4): ``head`` is its first line after
    附件：, ``more`` its numbered lines below; numbers and closing punctuation dropped."""
    return tuple(ITEM_NUMBER.sub("", t).strip().rstrip("。；;，,.") for t in (head, *more) if t.strip())
