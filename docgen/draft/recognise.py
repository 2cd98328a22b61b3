"""Recognise the parts of a 公文 in a draft's lines, by their text and order, whatever their fonts.

The draft is read top-down for the 版头 (份号/密级/紧急, organ, 发文字号, 签发人), the title and the
主送, bottom-up for the 版记 (印发, 抄送), the 成文日期 with its 署名, 附注 and attachments
(docgen/draft/tail.py), and what lies between is the body: headings by their typed numbers
(renumbered in order), tables, paragraphs joined where the writer broke lines by hand.  Nothing is dropped: a line no element
fits stays body text, marked ``unplaced``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from docgen.draft.body import body_parts
from docgen.draft.figures import with_pictures
from docgen.draft.line_kinds import (
    MINUTES_MARK,
    ORDER_MARK,
    ORDER_NUMBER,
    PLACEHOLDER_NAMES,
    TITLE_END,
    number_placeholder,
    organ_table,
    prose,
    signature_like,
    title_complete,
)
from docgen.draft.outline import Part, Role, ngettext_lines
from docgen.draft.pictures import DraftPicture
from docgen.draft.read import Item, Line, TableRows
from docgen.draft.tail import Lines, Tail
from docgen.draft.titled import broken_title, run_in_title
from docgen.i18n import _
from docgen.load.patterns import (
    HEAD_ITEM,
    SIGNER,
    continues,
    ends_kind,
    ends_sentence,
    heading_level,
    is_ornament,
    names_units,
    parse_date,
    parse_number,
    width,
)


def recognise(items: Sequence[Item]) -> list[Part]:
    """Return the outline of a draft: every line and table placed in one part, in order."""
    # a picture is read as a blank line (a boundary, as a table is), then put back after its paragraph
    kept = [Line("", item.number) if isinstance(item, DraftPicture) else _blanked(item) for item in items]
    parts = _Reader(_signature_table_lines(kept)).run()
    # （此页无正文） left out: say so on the 署名 or date
    if any(_blanked(item) is not item for item in items):
        at = next((i for i, p in enumerate(parts) if p.role in (Role.SIGNATURE, Role.DATE)), None)
        if at is not None:
            old = parts[at]
            said = _("（此页无正文） left out: the 2012 standard fits the 署名 on the body's page (7.3.5)")
            parts[at] = replace(old, note=_("; ").join(n for n in (old.note, said) if n))
    pictures = [item for item in items if isinstance(item, DraftPicture)]
    centred = {item.number for item in items if isinstance(item, Line) and item.centred and not item.blank}
    return with_pictures(parts, pictures, centred) if pictures else parts


def _signature_table_lines(items: list[Item]) -> list[Item]:
    """Return ``items`` with a 署名 and 成文日期 laid out in a table (organs side by side, the date
    under them) read as the lines they are, right-aligned, in reading order (7.3.5).

    The table is one whose every cell is an organ's name or a date, the date its last cell, with no
    table and no other date after it."""
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        if isinstance(item, TableRows):
            cells = [cell for row in item.rows for cell in row if cell]
            after = items[index + 1 :]
            if (
                len(item.rows) <= 4
                and len(cells) >= 2
                and parse_date(cells[-1]) is not None
                and all(signature_like(cell) for cell in cells[:-1])
                and all(isinstance(x, Line) and parse_date(x.text) is None for x in after)
            ):
                lines = [Line(cell, item.number, right=True) for cell in cells]
                return [*items[:index], *lines, *after]
            return items
    return items


_NO_TEXT = re.compile(r"^[（(]\s*此\s*页\s*无\s*正\s*文\s*[）)]$")


def _blanked(item: Item) -> Item:
    """Return ``item``, or a blank line for a （此页无正文） line: a note of the old layout, not text."""
    if isinstance(item, Line) and _NO_TEXT.match(item.text.strip()):
        return Line("", item.number)
    return item


def left_out(outline: Sequence[Part]) -> list[str]:
    """Return the notes on lines of the draft left out (（此页无正文）)."""
    said = _("（此页无正文） left out: the 2012 standard fits the 署名 on the body's page (7.3.5)")
    return [said for part in outline if said in part.note]


@dataclass
class _Reader(Lines):
    parts: list[Part] = field(default_factory=list)

    def run(self) -> list[Part]:
        pos = self._head(0)
        pos = self._title(pos)
        pos = self._addressee(pos)
        tail = Tail(self.items, self._body).read(pos)
        return self.parts + tail

    # ---- 版头 (7.2)

    def _head(self, pos: int) -> int:
        while True:
            index = self.next(pos)
            item = self.items[index] if index < len(self.items) else None
            if isinstance(item, TableRows) and not self.parts and (organs := organ_table(item)):
                self.parts += organs  # a joint 发文机关标志 set in a table (7.2.4)
                pos = index + 1
                continue
            line = self.line(index)
            if line is None:
                return pos
            text = line.text
            signer = SIGNER.match(text)
            number_and_signer = re.match(r"^(.*号)\s*签\s*发\s*人\s*[：:]\s*(.+)$", text)
            if is_ornament(text):  # the ★ above the mark: the next line is the mark
                after_index = self.next(index + 1)
                after = self.line(after_index)
                if after is None or is_ornament(after.text):
                    return pos
                if not self._organ_like(after, after_index):
                    return pos
                self.parts.append(Part(Role.ORGAN, after.text, (line.number, after.number)))
                index = after_index
            elif HEAD_ITEM.match(text):
                self.parts.append(Part(Role.HEAD_ITEM, re.sub(r"\s", "", text), (line.number,)))
            elif signer:
                self._signer(signer.group(1), line.number)
            elif number_and_signer and parse_number(number_and_signer.group(1)):
                self._number(number_and_signer.group(1), line.number)
                self._signer(number_and_signer.group(2), line.number)
            elif parse_number(text):
                self._number(text, line.number)
            elif number_and_signer and number_placeholder(number_and_signer.group(1)):
                self._placeholder(number_and_signer.group(1), line.number)  # 〔2020〕号  签发人：□□□
                if not PLACEHOLDER_NAMES.fullmatch(number_and_signer.group(2)):
                    self._signer(number_and_signer.group(2), line.number)
            elif number_placeholder(text):
                self._placeholder(text, line.number)
            elif ORDER_NUMBER.fullmatch(text) and self.parts and ORDER_MARK.fullmatch(self.parts[-1].text):
                self._placeholder(text, line.number)  # a 令's 令号, not its title (wild12)
            elif self._organ_like(line, index):
                self.parts.append(Part(Role.ORGAN, text, (line.number,)))
            else:
                return pos
            pos = index + 1

    def _organ_like(self, line: Line, index: int) -> bool:
        text = line.text
        if not self.parts and MINUTES_MARK.fullmatch(text):  # a 纪要's mark, 会议纪要 (10.3)
            return True
        if text.startswith("关于") or width(text) > 30 or heading_level(text):
            return False
        after = self.line(self.next(index + 1))
        numbered = after is not None and (parse_number(after.text) is not None or number_placeholder(after.text))
        if ends_kind(text):  # ×××人民政府公告 in red over its 〔20XX〕第XX号 is the mark, not the title (wild12)
            return line.red and numbered
        if text.endswith("文件") or line.red:
            return True
        return numbered

    def _number(self, text: str, number: int) -> None:
        parsed = parse_number(text)
        assert parsed is not None
        shown = parsed.text()
        note = _("written {found}").format(found=text) if shown != text.strip() else ""
        self.parts.append(Part(Role.NUMBER, shown, (number,), note=note))

    def _placeholder(self, text: str, number: int) -> None:
        """The place a template leaves for the 发文字号 (XX发〔20XX〕XX号): the 版头's line, not the title;
        the number comes from --number or the letterhead."""
        self.parts.append(
            Part(Role.NUMBER, re.sub(r"\s", "", text), (number,), note=_("a placeholder, no number yet"))
        )

    def _signer(self, names: str, number: int) -> None:
        signers = tuple(n for n in re.split(r"[\s\u3000，,、]+", names) if n)
        self.parts.append(Part(Role.SIGNER, "　".join(signers), (number,), items=signers))

    # ---- 标题 and 主送 (7.3.1, 7.3.2)

    def _body_size(self) -> float | None:
        sizes = Counter(i.size for i in self.items if isinstance(i, Line) and not i.blank and i.size)
        return sizes.most_common(1)[0][0] if sizes else None

    def _title(self, pos: int) -> int:
        if any(p.role is Role.ORGAN and ORDER_MARK.fullmatch(p.text) for p in self.parts):
            return pos  # a 令 has no title (10.2): its body follows the 令号
        index = self.next(pos)
        first = self.line(index)
        typed_on = first is not None and (prose(first.text) or ends_sentence(first.text))
        split = run_in_title(first.text) if first is not None and typed_on else None
        if first is not None and split is not None:  # the title typed into the text (wild9 #6)
            title, rest, note = split
            self.parts.append(Part(Role.TITLE, title, (first.number,), note=note))
            self.items[index] = replace(first, text=rest, indented=True)
            return index
        if (
            first is None
            or heading_level(first.text)
            or first.text.endswith(("：", ":"))
            or prose(first.text)
        ):
            return pos
        lines = [first]
        body_size = self._body_size()
        big = first.size is not None and body_size is not None and first.size > body_size
        broken = ""
        while not first.heading_mark and len(lines) < 4:
            nxt = self.line(index + len(lines))
            if nxt is None or heading_level(nxt.text) or nxt.text.endswith(("：", ":")):
                break
            if nxt.soft:  # the same paragraph, broken by hand: the same title, unless text follows one
                sentence = prose(nxt.text) or ends_sentence(nxt.text) or "，" in nxt.text
                if title_complete("".join(x.text for x in lines).rstrip(TITLE_END)) and sentence:
                    broken = broken_title()  # (wild9 #6: a title typed into the text)
                    break
                lines.append(nxt)
                continue
            if title_complete("".join(x.text for x in lines).rstrip(TITLE_END)):
                break
            looks_same = (first.centred and nxt.centred) or (big and nxt.size == first.size)
            if not (looks_same or (ends_kind(nxt.text.rstrip(TITLE_END)) and width(nxt.text) <= 30)):
                break
            lines.append(nxt)
        typed = "".join(re.sub(r"\s+", "", x.text) for x in lines)
        text = typed.rstrip(TITLE_END)  # 7.3.1: a title takes no closing punctuation
        notes = [
            ngettext_lines(len(lines)),
            _("written {found}").format(found=typed) if text != typed else "",
            broken,
        ]
        note = _("; ").join(n for n in notes if n)
        self.parts.append(Part(Role.TITLE, text, tuple(x.number for x in lines), note=note))
        return index + len(lines)

    def _addressee(self, pos: int) -> int:
        index = self.next(pos)
        lines: list[Line] = []
        while len(lines) < 3:
            line = self.line(index + len(lines))
            if line is None or heading_level(line.text):
                return pos
            lines.append(line)
            text = "".join(x.text for x in lines)
            if text.endswith(("：", ":")):
                if (
                    "。" in text
                    or "如下" in text
                    or re.match(r"^(根据|为|按照|经|现)", text)
                    or (width(text) > 80 and not names_units(text[:-1]))  # 30 towns: a 主送 by its shape
                ):
                    return pos
                text = text[:-1] + "："
                self.parts.append(
                    Part(
                        Role.ADDRESSEE, text, tuple(x.number for x in lines), note=ngettext_lines(len(lines))
                    )
                )
                return index + len(lines)
            if not continues(line.text):
                return pos
        return pos

    # ---- the body (7.3.3)

    def _body(self, start: int, stop: int) -> list[Part]:
        title = next((p for p in self.parts if p.role is Role.TITLE), None)
        marked = [i for i in self.items if isinstance(i, Line) and title and i.number in title.lines]
        return body_parts(self.items[start:stop], marked[0].outline if marked else 0)
