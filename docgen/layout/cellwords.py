"""Words held together in table cells (issue 14, Build 4): a cell's text wraps only between words.

A cell's words are ``docgen.words``'s segmentation (jieba with docgen's domain words, offline) of
its whole text; a word of two or more 汉字 outside the dates, numbers, 文号 and codes that
``breaks.py`` holds is held the same way: word joiners (U+2060) between its characters, in a run
tagged ``w:lang w:eastAsia="zxx"``.  Measured on LibreOffice PDFs (a 7-column table of project
names, 8 rows): with no marks 61 of 112 cell line ends fell inside a word (「长子县农产品冷|链物流项目」);
U+2060 in zxx runs 0 of 139; U+2060 without a language 61 of 112 (LibreOffice's zh-CN breaking
ignores it between two 汉字); zxx alone 61; U+FEFF in zxx 0 (as U+2060, but deprecated for
this use); U+202F is drawn as a space.  Typst honours U+2060 (its emitter boxes a joined run).
Neither mark reaches the PDF's text layer (pdftotext).

A word wider than its column is not held: it breaks between its characters (the layout says so).
Written here because no library offers line breaking by words for Chinese text in WordprocessingML.
"""

from __future__ import annotations

from functools import lru_cache

from docgen.layout.breaks import JOIN, UNBREAKABLE, plain, table_runs
from docgen.words import words

_EPS = 0.01  # 字, as columns.py compares widths


def is_han(ch: str) -> bool:
    """Return whether ``ch`` is a 汉字 (CJK unified ideographs and extension A)."""
    return "\u3400" <= ch <= "\u9fff"


@lru_cache(maxsize=8192)
def word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Return (start, end) of each word of two or more 汉字 in ``text`` (``docgen.words`` cuts the
    whole text) that overlaps no date, number, 文号 or code (``breaks.UNBREAKABLE``: held already)."""
    if sum(1 for ch in text if is_han(ch)) < 2:
        return ()
    held = {i for m in UNBREAKABLE.finditer(text) for i in range(m.start(), m.end())}
    spans = []
    begin = 0
    for word in words(text):
        end = begin + len(word)
        if len(word) > 1 and all(is_han(ch) for ch in word) and not held.intersection(range(begin, end)):
            spans.append((begin, end))
        begin = end
    return tuple(spans)


def cell_runs(text: str, room: float, *, joints: bool = False) -> tuple[list[tuple[str, bool]], list[str]]:
    """Return a cell's text as pieces (text, held) for a column ``room`` 字 wide — the dates,
    numbers, 文号 and codes of ``breaks.table_runs`` and each word of ``word_spans`` no wider than
    ``room`` held by word joiners — and the words wider than ``room`` (left to break inside)."""
    spans = word_spans(text)
    pieces: list[tuple[str, bool]] = []
    too_wide: list[str] = []
    at = 0  # position in ``text`` of the piece's first character
    for piece, whole in table_runs(text, joints=joints):
        length = len(plain(piece))
        if whole or not spans:
            pieces.append((piece, whole))
            at += length
            continue
        cut = at
        for begin, end in spans:
            if begin < at or end > at + length:
                continue
            word = text[begin:end]
            if len(word) > room + _EPS:  # a word of 汉字 is as many 字 wide as it has characters
                too_wide.append(word)
                continue
            if begin > cut:
                pieces.append((text[cut:begin], False))
            pieces.append((JOIN.join(word), True))
            cut = end
        if cut < at + length:
            pieces.append((text[cut : at + length], False))
        at += length
    return pieces, too_wide
