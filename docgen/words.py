"""Where a line of Chinese text may break: between words, never inside one (GB/T 9704 7.3.1 词意完整).

Shared by the layout (``docgen/layout/titles.py`` breaks titles here) and by ``docgen check``
(``docgen/check/pdf_breaks.py`` judges the breaks of any document's title by the same words), so
both read the same segmentation: jieba with its bundled dictionary, loaded only on first use, plus
the field's ``DOMAIN_WORDS`` and the document kinds ``KINDS``; and the positions no line may end at
whatever the segmenter says (inside a domain word, a number or a Latin run, between a number and
its unit, before a closing mark or after an opening one).
"""

from __future__ import annotations

import re
import threading
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

# words of the field that a title never splits, whatever the segmenter's dictionary says
DOMAIN_WORDS: tuple[str, ...] = (
    "挂牌督办",
    "督办事项",
    "催办通知",
    "重点项目",
    "重大项目",
    "谋划储备",
    "四比四看",
    "项目建设",
    "百日攻坚",
    "提标改造",
    "集中开工",
    "逾期情况",
    "要素保障",
    "生态修复",
    "促投资",
    "掀高潮",
    "建设用地",
    "进展情况",
    "五项制度",
    "人民政府",
    "办公室",
    "管理委员会",
    "管委会",
)

# document kinds (文种), longest first: a break before the kind (or after the 的 before it) is preferred
KINDS: tuple[str, ...] = (
    "挂牌督办通知书",
    "督办通知书",
    "催办通知",
    "会议纪要",
    "实施意见",
    "指导意见",
    "实施方案",
    "工作方案",
    "实施细则",
    "管理办法",
    "暂行办法",
    "情况报告",
    "通知书",
    "通知",
    "通报",
    "意见",
    "请示",
    "报告",
    "复函",
    "纪要",
    "决定",
    "决议",
    "命令",
    "公报",
    "公告",
    "通告",
    "议案",
    "批复",
    "规定",
    "办法",
    "方案",
    "细则",
    "函",
)

# what ends a place or an administrative unit's name (长子县, 鲍店镇, 南漳村, 城区街道, 慈林社区,
# 长子经济技术开发区, 示范区管委会): the segmenter reads an unknown name and its suffix as two words
# (jieba: 鲍店 / 镇), but a line never ends between them (词意完整, 7.3.1)
PLACE_SUFFIXES: tuple[str, ...] = (
    "镇",
    "乡",
    "村",
    "县",
    "区",
    "市",
    "旗",
    "街道",
    "社区",
    "片区",
    "新区",
    "园区",
    "开发区",
    "示范区",
    "高新区",
    "集聚区",
    "产业园",
    "管委会",
    "办事处",
    "管理委员会",
)
_ONE_CHAR_SUFFIXES = {suffix for suffix in PLACE_SUFFIXES if len(suffix) == 1}
# what ends an organisation's name (发展和改革委员会, 重点项目建设领导小组, 人民政府办公室, 工业和信息化局):
# jieba reads 发展 / 和 / 改革 / 委员会, and a title broke “长治市发展和改革 | 委员会” (outsider4 #8); the
# name before the suffix is one word, or two joined by 和/与/及 (发展和改革, 住房和城乡建设)
ORG_SUFFIXES: tuple[str, ...] = ("委员会", "管理委员会", "领导小组", "办公室", "局")
_AND = ("和", "与", "及")
# a word ending with one of these is not a name a suffix belongs to (各县, 全市, 的区, 和镇)
_NOT_A_NAME_END = set("的和及与暨并或在对为向将把从于各全本该每我贵其此省个等")

CLOSING = set("，。、；：？！”’》）〕】］…—–～％%·,.;:?!)]}")
OPENING = set("“‘《（〔【［([{")

# a short bracketed code: a few 汉字 then Latin letters, digits and hyphens, or a year (（督01）, （A-3）,
# 〔2025〕, （督办01号）): one word to a table cell's line breaking and to check (issue 14 Build 4;
# ledgers11's 「长子县光伏发电项目（督|01）」 broke between its 汉字 and its digits, which UAX #14 allows)
BRACKETED_CODE = re.compile(
    r"[（(〔【［\[][\u3400-\u9fff]{0,3}[0-9A-Za-z](?:[0-9A-Za-z\-]{0,8}[0-9A-Za-z])?号?[）)〕】］\]]"
)

_lock = threading.RLock()  # jieba's tokenizer is not thread-safe


def _import_jieba() -> Any:
    """Return the jieba module, imported without setuptools' pkg_resources where nothing imported
    it yet: jieba only uses it to open its bundled files and falls back to ``open`` when the
    import fails (jieba/_compat.py); importing pkg_resources costs 0.13 s of every process that
    breaks a title (a preview, each bulletin batch)."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


@cache
def _segmenter() -> Any:
    """Return the jieba tokenizer with the domain words, built on first use.

    The prefix dictionary comes from docgen's cache in the user's cache folder (milliseconds; made
    once from jieba's dictionary, see ``docgen.segmenter_cache``): jieba's own cache file in the
    temporary folder is neither read nor written.
    """
    jieba = _import_jieba()  # lazy: only a title that needs breaking pays for the segmenter
    from docgen.segmenter_cache import prefix_dictionary

    tokenizer = jieba.Tokenizer()
    with _lock:
        with tokenizer.get_dict_file() as bundled:  # jieba's dict.txt: only its path is needed
            dict_file = Path(bundled.name)
        tokenizer.FREQ, tokenizer.total = prefix_dictionary(dict_file)
        tokenizer.initialized = True
        for word in (*DOMAIN_WORDS, *KINDS):
            if len(word) > 1:
                tokenizer.add_word(word)
    return tokenizer


def segmenter_in_memory() -> None:
    """Load the segmenter with each word of its dictionary as a Python string (``SortedFreq``): for
    a process about to fork workers that segment many texts, so that they share them."""
    _segmenter().FREQ.in_memory()


def words(text: str) -> list[str]:
    """Return ``text`` cut into words by the segmenter (jieba with ``DOMAIN_WORDS``)."""
    return list(_cut(text))


# A table's cells repeat (the same 单位, status or date in every row; a notice's texts measured
# again for each placement): jieba keeps no cache of its own, and cutting was 15 % of the layout.
@lru_cache(maxsize=65536)
def _cut(text: str) -> tuple[str, ...]:
    """Return ``text`` cut into words (a pure function: the segmenter's words are set once)."""
    with _lock:
        return tuple(_segmenter().lcut(text, HMM=True))


def code_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each short bracketed code of ``text`` (``BRACKETED_CODE``)."""
    if not any(ch in OPENING for ch in text):
        return []  # most cells: no bracket, no regex
    return [m.span() for m in BRACKETED_CODE.finditer(text)]


def word_bounds(text: str) -> set[int]:
    """Return the positions in ``text`` between two words of the segmenter (0 and the end included)."""
    bounds = {0}
    at = 0
    for word in words(text):
        at += len(word)
        bounds.add(at)
    return bounds


def unbreakable(text: str) -> set[int]:
    """Return the positions no reading of ``text`` may break at: inside a number or a Latin run,
    between a number and its unit, before a closing mark or after an opening one (避头尾)."""
    banned: set[int] = set()
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if _latin_or_digit(a) and _latin_or_digit(b):
            banned.add(i)  # inside a number or a Latin word (ＬＮＧ typed full-width too)
        if a.isdigit() or b in CLOSING or a in OPENING or a in "—–～-":
            banned.add(i)  # a number with its unit; 避头尾
    return banned


def is_han(ch: str) -> bool:
    """Return whether ``ch`` is a 汉字 (CJK unified ideographs and extension A)."""
    return "\u3400" <= ch <= "\u9fff"


def _latin_or_digit(ch: str) -> bool:
    """Say whether ``ch`` is a Latin letter or a digit, half- or full-width (Ａ-Ｚ ａ-ｚ ０-９)."""
    if ch.isascii():
        return ch.isalnum()
    return "\uff10" <= ch <= "\uff19" or "\uff21" <= ch <= "\uff3a" or "\uff41" <= ch <= "\uff5a"


def _name_like(word: str) -> bool:
    """Say whether ``word`` may be (the end of) a place name: Chinese characters, not a function word."""
    return bool(word) and all("\u4e00" <= ch <= "\u9fff" for ch in word) and word[-1] not in _NOT_A_NAME_END


def _organisation(tokens: list[str], index: int) -> int | None:
    """Return where the organisation's name ending with ``tokens[index]`` starts (the index of its first
    word), None when the token ends none: a suffix (委员会) takes the name-like word before it (改革委员会),
    and a name joined by 和/与/及 is taken whole — 发展 和 改革 委员会, 自然资源 和 规划局, 住房 和 城乡 建设局."""
    token = tokens[index]
    suffix = next((s for s in ORG_SUFFIXES if token.endswith(s)), None)
    if suffix is None:
        return None
    first = index if len(token) > len(suffix) else index - 1  # 建设局 names itself; 委员会 needs a name
    if first < 0 or (first < index and (not _name_like(tokens[first]) or tokens[first] in KINDS)):
        return None

    def name(at: int) -> bool:
        return at >= 0 and _name_like(tokens[at]) and tokens[at] not in KINDS

    if first >= 2 and tokens[first - 1] in _AND and name(first - 2):
        first -= 2
    elif first >= 3 and name(first - 1) and tokens[first - 2] in _AND and name(first - 3):
        first -= 3
    return first if first < index else None


def place_names(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each place or administrative name with its suffix in ``text``, and of
    each organisation's name with its suffix (``_organisation``: 发展和改革委员会, 建设领导小组).

    Read on the segmenter's words: a word of ``PLACE_SUFFIXES`` (or ending with a suffix of two
    characters or more, 技术开发区) joins the name-like word before it (鲍店 + 镇, 城区 + 街道 + 办事处
    chains); a word the segmenter guessed (not in its dictionary) that starts with a one-character
    suffix gives the suffix to the name before it (南漳 + 村石 → 南漳村) and its second character to a
    guessed word ending with a suffix after it (石 + 哲乡 → 石哲乡); one that ends with a suffix joins a
    single name character before it (丹 + 朱镇 → 丹朱镇).  Names that touch stay two (南漳村 | 石哲乡):
    a line may end between them, though the segmenter read 村石 as one word (``name_bounds``).
    """
    # Not jieba.posseg's place names (flag ns), measured on 21 titles of the seeds, samples and fixtures
    # and the names above: it tags the names its dictionary knows (长子县, which ``words`` keeps whole
    # anyway) but none of the unknown ones this is for (鲍店镇 is 鲍/nr 店/n 镇/n; 丹朱镇, 石哲乡, 城区街道,
    # 慈林社区, 经济技术开发区管委会 untagged), and tags 「各乡镇」; its first use costs about 4 s (import
    # 2.3 s, POS tables 2.0 s) against milliseconds here.  So the names are read off the words, by hand.
    tokens = words(text)
    known = _segmenter().FREQ
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    spans: list[tuple[int, int]] = []
    for index in range(1, len(tokens)):
        token, previous = tokens[index], tokens[index - 1]
        begin, end = starts[index - 1], starts[index + 1]
        organisation = _organisation(tokens, index)
        if organisation is not None:
            spans.append((starts[organisation], end))
            continue
        if not _name_like(previous) or previous in KINDS:
            continue
        guessed = not known.get(token)
        suffixed = token in PLACE_SUFFIXES or any(
            token.endswith(suffix) for suffix in PLACE_SUFFIXES if len(suffix) > 1
        )
        if suffixed:
            spans.append((begin, end))
        elif guessed and len(token) > 1 and token[0] in _ONE_CHAR_SUFFIXES:
            spans.append((begin, starts[index] + 1))  # 南漳 | 村石: the 村 ends 南漳村
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            guessed_name = _name_like(following) and not known.get(following)
            if len(token) == 2 and guessed_name and following[-1] in _ONE_CHAR_SUFFIXES:
                spans.append((starts[index] + 1, starts[index + 2]))  # 村石 | 哲乡: the 石 starts 石哲乡
        elif guessed and len(previous) == 1 and token[-1] in _ONE_CHAR_SUFFIXES:
            spans.append((begin, end))  # 丹 | 朱镇
    joined: list[tuple[int, int]] = []
    for begin, end in sorted(spans):  # 城区 + 街道 + 办事处: one name
        if joined and begin < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((begin, end))
    return joined


def name_bounds(text: str) -> set[int]:
    """Return the positions where a place name of ``text`` starts or ends (``place_names``): a line
    may end there even inside a word the segmenter guessed across two names (南漳村 | 石哲乡)."""
    return {edge for span in place_names(text) for edge in span}


def protected(text: str) -> set[int]:
    """Return the positions the layout never breaks a line at, whatever the segmenter says: inside
    any occurrence of a domain word (even one the segmenter reads otherwise), inside a place name
    with its suffix (``place_names``), and ``unbreakable``."""
    banned = unbreakable(text)
    for begin, end in place_names(text):
        banned.update(range(begin + 1, end))
    for word in DOMAIN_WORDS:
        start = text.find(word)
        while start >= 0:
            banned.update(range(start + 1, start + len(word)))
            start = text.find(word, start + 1)
    return banned


def broken_word(text: str, at: int) -> str | None:
    """Return what a line break at position ``at`` of ``text`` splits, or None when it falls between words.

    A judge reads ``text`` once, as the segmenter cuts it (jieba with the domain words, which settles
    overlapping ones: 「重点项目|建设|进展」 keeps 重点项目 and leaves 项目建设 unread), with the place
    names the layout keeps whole (``place_names``: 鲍店镇, which jieba reads 鲍店 / 镇): the answer is
    the name or word split, or the two characters that may not part (``unbreakable``).
    """
    if not 0 < at < len(text):
        return None
    names = place_names(text)
    for begin, end in names:
        if begin < at < end:
            return text[begin:end]  # 鲍店 | 镇: a name and its suffix, which the segmenter reads apart
    if at in {edge for span in names for edge in span} and at not in unbreakable(text):
        return None  # 南漳村 | 石哲乡, though the segmenter read 村石
    begin = 0
    for word in words(text):
        if begin < at < begin + len(word):
            return word
        begin += len(word)
    if at in unbreakable(text):
        return text[at - 1 : at + 1]
    return None


def compound_joints(word: str) -> tuple[int, ...]:
    """Return the positions inside ``word`` (five characters or more) between the words it is made
    of, as jieba's search mode reads them (技术开发区 → 技术|开发区, 管理委员会 → 管理|委员会): where a
    table cell too narrow for the whole word may break it, before breaking between any two characters."""
    if len(word) < 5:
        return ()
    with _lock:
        parts = list(_segmenter().cut_for_search(word, HMM=False))
    spans = [
        (start, start + len(part))
        for part in set(parts)
        if part != word
        for start in range(len(word) - len(part) + 1)
        if word.startswith(part, start)
    ]
    edges = {edge for span in spans for edge in span if 0 < edge < len(word)}
    return tuple(sorted(p for p in edges if not any(s < p < e for s, e in spans)))
