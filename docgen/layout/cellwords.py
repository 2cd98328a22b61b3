"""Words held together in table cells (issue 14, Build 4): a cell's text wraps only between words.

A cell's words are ``docgen.words``'s segmentation (jieba with docgen's domain words, offline) of
its whole text.  A cell is cut into groups no line breaks inside: a word of two or more characters
with a 汉字 (with a date, number, 文号 or code it overlaps: 「18日前」), a date, number, 文号 or code
(``breaks.table_runs``), and the marks no line starts or ends with (避头尾) glued to their
neighbours.  A group is held as ``breaks.py`` holds a date: word joiners (U+2060) between its
parts, in a run tagged ``w:lang w:eastAsia="zxx"``.  Measured on LibreOffice PDFs (a 7-column
table of project names, 8 rows): with no marks 61 of 112 cell line ends fell inside a word
(「长子县农产品冷|链物流项目」); U+2060 in zxx runs 0 of 139; U+2060 without a language 61 of 112
(LibreOffice's zh-CN breaking ignores it between two 汉字); zxx alone 61; U+FEFF in zxx 0 (as
U+2060, but deprecated for this use); U+202F is drawn as a space.  A held word followed by a
「，」 outside its run broke inside (「设备安|装，」, corpus n47-019): the mark is held with it.  Typst
honours U+2060 (its emitter boxes a joined run).  No mark reaches the PDF's text layer (pdftotext).
The layout holds every group; the .docx keeps the marks only on the groups a LibreOffice line end
would cut (``celllines.py``: a cell on one line carries none).

A group holding a word wider than its column (with its marks) is not held: it breaks between its
characters (the layout says so).  After a full-width mark before a digit a break is offered
(U+200B, as ``breaks.body_text`` does in running text): LibreOffice finds none in 「，|2024年」 and
broke the word before the mark instead (「设备|安|装，2024年」, n47-019).  Written here because no library breaks Chinese text by words in WordprocessingML.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from docgen.layout.breaks import (
    BREAK,
    JOIN,
    MARKS_BEFORE_LATIN,
    UNBREAKABLE,
    file_extensions,
    joint_starts,
    table_runs,
)
from docgen.layout.breaks import plain as without_marks
from docgen.layout.estimate import NO_LINE_END, NO_LINE_START, is_han, latin_em, text_width
from docgen.words import code_spans, compound_joints, words

_EPS = 0.01  # 字, as columns.py compares widths


@cache  # a few thousand distinct characters; asked for every character of every cell measured
def char_width(ch: str) -> float:
    """Return ``ch``'s advance in 字 as LibreOffice sets a table (full-width 1, digits 0.55 …)."""
    return 1.0 if text_width(ch) >= 1 else latin_em(ch)


@lru_cache(maxsize=65536)  # a cell's groups, parts and pieces measured again by the solver's units and the cell's runs
def run_width(run: str) -> float:
    """Return the width of ``run`` in 字."""
    return sum(map(char_width, run))


@dataclass(frozen=True)
class Group:
    """A piece of a cell no line breaks inside while its words fit the line: its parts as typeset (a
    date or code with its own marks, or one character), and for each joint between two parts the
    word it lies inside (None: a mark glued, 避头尾)."""

    parts: tuple[str, ...]
    tokens: tuple[bool, ...]  # each part a date, number, 文号 or code of breaks.py
    inside: tuple[str | None, ...]  # one fewer than the parts
    text: str  # the parts without marks
    soft: tuple[bool, ...] = ()  # each joint: between the words a compound is made of (技术|开发区)

    @property
    def width(self) -> float:
        """Return the group's width in 字."""
        return run_width(self.text)

    @property
    def word(self) -> float:
        """Return the group's width (字) if it holds a word, else 0 (a date or code: always held)."""
        return self.width if any(self.inside) else 0.0

    @property
    def pieces(self) -> tuple[str, ...]:
        """Return the group's text cut at its compounds' joints (the whole text when it has none)."""
        if not any(self.soft):
            return (self.text,)
        cuts = [0] + [len(without_marks("".join(self.parts[: i + 1]))) for i, soft in enumerate(self.soft) if soft]
        cuts.append(len(self.text))
        return tuple(self.text[a:b] for a, b in zip(cuts, cuts[1:], strict=False))

    @property
    def hard(self) -> float:
        """Return the width (字) of the widest piece between its compounds' joints if it holds a word."""
        return max(run_width(piece) for piece in self.pieces) if any(self.inside) else 0.0

    def held(self, room: float) -> bool:
        """Return whether the group stays whole in a line ``room`` 字 wide: it holds no word, or it
        fits (a word with the 「，」 after it: no line starts with the mark)."""
        return self.word <= room + _EPS


def word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Return (start, end) of each word of ``text`` (``docgen.words`` cuts the whole text) of two
    or more characters with a 汉字 in it."""
    if sum(1 for ch in text if is_han(ch)) < 2:
        return ()
    spans = []
    begin = 0
    for word in words(text):
        end = begin + len(word)
        if len(word) > 1 and any(is_han(ch) for ch in word):
            spans.append((begin, end))
        begin = end
    return tuple(spans)


@lru_cache(maxsize=16384)
def groups(text: str, joints: bool = False) -> tuple[Group, ...]:
    """Return ``text`` cut into groups (cached): atoms — each date, number, 文号 or code of
    ``breaks.table_runs`` (with ``joints``: each piece between its joints), each other character —
    joined where no line may break: inside a word, after an opening mark, before a closing one."""
    atoms: list[tuple[str, str, bool]] = []  # (as typeset, plain text, a held token)
    for piece, whole in table_runs(text, joints=joints):
        if whole:
            atoms += [(part, part.replace(JOIN, ""), True) for part in piece.split(BREAK) if part]
        else:
            atoms += [(ch, ch, False) for ch in piece]
    starts, at = [], 0
    for _typeset, plain, _token in atoms:
        starts.append(at)
        at += len(plain)
    inside: dict[int, str] = {}  # a position no line breaks at → the word around it
    soft: set[int] = set()  # where a compound too wide for its column may break
    for begin, end in word_spans(text):
        inside.update(dict.fromkeys(range(begin + 1, end), text[begin:end]))
        soft.update(begin + joint for joint in compound_joints(text[begin:end]))
    # inside a number or code that needs no marks (digits, Latin letters): no line breaks there either
    natural = {i for m in UNBREAKABLE.finditer(text) for i in range(m.start() + 1, m.end())}
    # inside a short bracketed code (（督01）): held as a date is, whatever its width (UAX #14 breaks 督|01)
    coded = {i for begin, end in code_spans(text) for i in range(begin + 1, end)}
    if joints:
        natural -= joint_starts(text)
    extensions = file_extensions(text)
    # each group as lists, made a Group at the end, not again at each part (the 4416 distinct cells of
    # 60 corpus notices cut both ways: 322 → 224 ms)
    found: list[tuple[list[str], list[bool], list[str | None], list[str], list[bool]]] = []
    for index, (typeset, plain, token) in enumerate(atoms):
        if index and not plain.isspace() and not atoms[index - 1][1].isspace():
            at = starts[index]
            parts, tokens, within, texts, softs = found[-1]
            if at in natural and at not in inside and not token and not tokens[-1]:
                parts[-1] += typeset
                texts.append(plain)
                continue
            if at in inside or at in natural or at in coded or (plain[0] in NO_LINE_START and at not in extensions) or atoms[index - 1][1][-1] in NO_LINE_END:
                parts.append(typeset)
                tokens.append(token)
                within.append(inside.get(at))
                texts.append(plain)
                softs.append(at in soft)
                continue
        found.append(([typeset], [token], [], [plain], []))
    return tuple(
        Group(tuple(parts), tuple(tokens), tuple(within), "".join(texts), tuple(softs))
        for parts, tokens, within, texts, softs in found
    )


def _joint_cuts(text: str) -> frozenset[int]:
    """Return where ``breaks.table_runs`` lets a last-resort cell break (its joints), as offsets
    into ``text``: there the .docx needs a zero-width space, since LibreOffice breaks neither
    〔2025〕|150号 nor 2025年|7月 between two held runs on its own (corpus n101-044: 「〔|2025〕150|号」)."""
    found: set[int] = set()
    at = 0
    for piece, _whole in table_runs(text, joints=True):
        for ch in piece:
            if ch == BREAK:
                found.add(at)
            elif ch != JOIN:
                at += 1
    return frozenset(found)


def _break_after(runs: list[tuple[str, bool]]) -> None:
    """End the last run with a zero-width space (a break LibreOffice may take), unless it has one."""
    if not runs[-1][0].endswith(BREAK):
        runs[-1] = (runs[-1][0] + BREAK, runs[-1][1])


def cell_runs(text: str, room: float, *, joints: bool = False) -> tuple[list[tuple[str, bool]], list[str]]:
    """Return a cell's text as runs (text, held) for a column ``room`` 字 wide — each group of
    ``groups`` of more than one part, and each date or code, joined by word joiners and held,
    unless it holds a word and is wider than ``room``; a break offered after a full-width mark
    before a digit or Latin letter, as in running text — and the groups left to break inside."""
    runs: list[tuple[str, bool]] = []
    too_wide: list[str] = []
    cuts = _joint_cuts(text) if joints else frozenset()
    # before a file name's extension: UAX #14 breaks before no 「.」 (LB13), LibreOffice and Typst neither
    extensions = file_extensions(text) if "." in text else set()
    at = 0  # where the group starts in ``text``
    for group in groups(text, joints):
        start, at = at, at + len(group.text)
        if runs and runs[-1][0][-1] in MARKS_BEFORE_LATIN and group.text[0].isascii() and group.text[0].isalnum():
            _break_after(runs)  # LibreOffice breaks no 「，|2024年」 itself
        elif runs and start in cuts:
            _break_after(runs)  # a joint between two held runs: 〔2025〕|150号
        elif runs and start in extensions:
            _break_after(runs)  # 情况表|.xlsx
        if group.held(room) and (len(group.parts) > 1 or group.tokens[0]):
            runs.append((JOIN.join(group.parts), True))
            continue
        if any(group.soft) and group.text not in too_wide:
            too_wide.append(group.text)  # a compound broken between its words
        offsets = [0]  # where each part starts in the group's text
        for part in group.parts[:-1]:
            offsets.append(offsets[-1] + len(without_marks(part)))
        chunks = [[0]]  # the group's parts in runs: cut at its compounds' joints, then inside what is still too wide
        for joint, soft in enumerate(group.soft, start=1):
            if soft:
                chunks.append([joint])
            else:
                chunks[-1].append(joint)
        for chunk in chunks:
            text_of = without_marks("".join(group.parts[i] for i in chunk))
            if (len(chunk) > 1 or group.tokens[chunk[0]]) and run_width(text_of) <= room + _EPS:
                runs.append((JOIN.join(group.parts[i] for i in chunk), True))
                continue
            if len(chunk) > 1 and text_of not in too_wide:
                too_wide.append(text_of)
            for i in chunk:
                if group.tokens[i]:
                    if runs and start + offsets[i] in cuts:
                        _break_after(runs)
                    runs.append((group.parts[i], True))
                elif runs and not runs[-1][1]:
                    runs[-1] = (runs[-1][0] + group.parts[i], False)
                else:
                    runs.append((group.parts[i], False))
    return runs, too_wide
