"""Recognise the parts of a 公文 in a draft's lines, by their text and order, whatever their fonts.

The draft is read top-down for the 版头 (份号/密级/紧急, organ, 发文字号, 签发人), the title and the
主送, bottom-up for the 版记 (印发, 抄送), the 成文日期 with its 署名, 附注 and attachments, and
what lies between is the body: headings by their typed numbers (renumbered in order), tables,
paragraphs joined where the writer broke lines by hand.  Nothing is dropped: a line no element
fits stays body text, marked ``unplaced``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from docgen.draft.body import CONTACT, body_parts, contact_note
from docgen.draft.figures import with_pictures
from docgen.draft.line_kinds import (
    MINUTES_MARK,
    ORDER_MARK,
    ORDER_NUMBER,
    PLACEHOLDER,
    PLACEHOLDER_NAMES,
    TITLE_END,
    cc_part,
    date_placeholder,
    imprint_table,
    number_placeholder,
    organ_placeholder,
    organ_table,
    prose,
    signature_like,
    title_complete,
)
from docgen.draft.outline import Part, Role
from docgen.draft.pictures import DraftPicture
from docgen.draft.read import Item, Line, TableRows
from docgen.draft.titled import broken_title, run_in_title
from docgen.i18n import _
from docgen.load.patterns import (
    ATTACHMENT_LABEL,
    ATTACHMENT_NOTE,
    CC,
    HEAD_ITEM,
    ITEM_NUMBER,
    NOTE,
    PRINTED,
    SIGNER,
    attachment_titles,
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
from docgen.model import format_date


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
class _Reader:
    items: list[Item]
    parts: list[Part] = field(default_factory=list)

    def next(self, pos: int) -> int:
        """Return the index of the first non-blank item at or after ``pos``."""
        while pos < len(self.items) and isinstance(self.items[pos], Line) and self.items[pos].blank:  # type: ignore[union-attr]
            pos += 1
        return pos

    def prev(self, pos: int, floor: int) -> int:
        """Return the index of the last non-blank item at or before ``pos`` (``floor`` - 1 if none)."""
        while pos >= floor and isinstance(self.items[pos], Line) and self.items[pos].blank:  # type: ignore[union-attr]
            pos -= 1
        return pos

    def line(self, index: int) -> Line | None:
        """Return the item at ``index`` if it is a non-blank line."""
        if 0 <= index < len(self.items):
            item = self.items[index]
            if isinstance(item, Line) and not item.blank:
                return item
        return None

    def run(self) -> list[Part]:
        pos = self._head(0)
        pos = self._title(pos)
        pos = self._addressee(pos)
        tail = self._tail(pos)
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

    # ---- from the end: 版记, date, 署名, 附注, attachments; the body between

    def _tail(self, pos: int) -> list[Part]:
        end = self.prev(len(self.items) - 1, pos)
        imprint: list[Part] = []
        last = self.items[end] if end >= pos else None
        if isinstance(last, TableRows) and imprint_table(last):
            imprint = imprint_table(last)
            end = self.prev(end - 1, pos)
        else:
            end, imprint = self._imprint_lines(pos, end)
        date_index = self._date(pos, end)
        if date_index is None:
            return self._undated_tail(pos, end) + imprint
        date_line = self.line(date_index)
        assert date_line is not None
        when = parse_date(date_line.text)
        start = self._signature_start(pos, date_index)
        note_start = self._attachment_note_start(pos, start)
        body_end, cc = self._cc_above(pos, note_start)
        parts = self._body(pos, body_end)
        if note_start < start:
            parts.append(self._attachment_note(note_start, start))
        organs = [line for i in range(start, date_index) if (line := self.line(i))]
        for organ in organs:
            if not organ_placeholder(organ.text):  # [发文单位]: docgen's own 署名 fills it (wild9 #7)
                parts.append(Part(Role.SIGNATURE, organ.text, (organ.number,)))
        if when is not None or not date_placeholder(date_line.text):  # [日期]: today's date fills it
            shown = format_date(when) if when else date_line.text
            note = _("written {found}").format(found=date_line.text) if shown != date_line.text else ""
            parts.append(Part(Role.DATE, shown, (date_line.number,), when=when, note=note))
        parts += self._after_date(date_index + 1, end + 1)
        return parts + cc + imprint

    def _cc_above(self, pos: int, stop: int) -> tuple[int, list[Part]]:
        """Return where the body ends and the 抄送 typed as its last line, above the 署名 (a clerk's
        “抄送：市财政局。” there belongs in the 版记, 7.4.2; it was set as body text, wild12)."""
        index = self.prev(stop - 1, pos)
        line = self.line(index)
        cc = cc_part(line.text, (line.number,)) if line is not None else None
        if line is None or cc is None or not cc.items:
            return stop, []
        note = _("typed above the 署名: moved to the 版记 (7.4.2)")
        return index, [replace(cc, note=note)]

    def _undated_tail(self, pos: int, end: int) -> list[Part]:
        """Return the body, 附件说明 and 署名 of a draft with no 成文日期: its last line a short organ's name
        under a finished sentence or the 附件说明 (“办公室” under “附件：1. 花名册模板”, wild12)."""
        last = self.line(end)
        above = self.line(self.prev(end - 1, pos))
        if (
            last is None
            or above is None
            or end <= pos
            or last.numbered
            or not signature_like(last.text)
            or width(last.text) > 20
            or not (ends_sentence(above.text) or ATTACHMENT_NOTE.match(above.text) or ITEM_NUMBER.match(above.text))
        ):
            return self._body(pos, end + 1)
        note_start = self._attachment_note_start(pos, end)
        body_end, cc = self._cc_above(pos, note_start)
        parts = self._body(pos, body_end)
        if note_start < end:
            parts.append(self._attachment_note(note_start, end))
        return parts + [Part(Role.SIGNATURE, last.text, (last.number,))] + cc

    def _imprint_lines(self, pos: int, end: int) -> tuple[int, list[Part]]:
        parts: list[Part] = []
        line = self.line(end)
        if line is not None and (printed := PRINTED.match(line.text)):
            when = parse_date(line.text, PRINTED)
            if when is not None:
                text = f"{printed.group('organ').strip()}　{format_date(when)}印发"
                parts.append(
                    Part(
                        Role.PRINTED, text, (line.number,), items=(printed.group("organ").strip(),), when=when
                    )
                )
                end = self.prev(end - 1, pos)
        for back in range(0, 3):
            line = self.line(end - back)
            if line is None:
                break
            if CC.match(line.text):
                lines = [x for i in range(end - back, end + 1) if (x := self.line(i))]
                cc = cc_part("".join(x.text for x in lines), tuple(x.number for x in lines))
                assert cc is not None
                parts.insert(0, cc)
                end = self.prev(end - back - 1, pos)
                break
        return end, parts

    def _date(self, pos: int, end: int) -> int | None:
        """Return the index of the 成文日期: a line that is only a date, followed by nothing but
        附注 and attachments."""
        for index in range(pos, end + 1):
            line = self.line(index)
            if line is None or (parse_date(line.text) is None and not date_placeholder(line.text)):
                continue
            after = self.line(self.next(index + 1))
            if (
                self.next(index + 1) > end
                or after is not None
                and (
                    NOTE.match(after.text) or CONTACT.match(after.text) or ATTACHMENT_LABEL.match(after.text)
                )
            ):
                return index
        return None

    def _signature_start(self, pos: int, date_index: int) -> int:
        """Return where the 署名 above the date begins: up to three short lines without punctuation."""
        start = date_index
        index = self.prev(date_index - 1, pos)
        while index >= pos and date_index - index <= 4:
            line = self.line(index)
            if line is None or line.numbered or not signature_like(line.text):
                break  # a list item Word numbers is not an organ's name
            if PLACEHOLDER.match(line.text) and not organ_placeholder(line.text):
                break  # [此处输入正文内容] holds the body's place, not an organ's (wild12: it was dropped)
            above = self.line(index - 1)
            if above is not None and not ends_sentence(above.text) and width(above.text) > 25:
                break  # the end of a sentence broken by hand, not a name
            start = index
            index = self.prev(index - 1, pos)
        return start

    def _attachment_note_start(self, pos: int, start: int) -> int:
        index = self.prev(start - 1, pos)
        while index >= pos:
            line = self.line(index)
            if line is None:
                return start
            if ATTACHMENT_NOTE.match(line.text):
                return index
            if not ITEM_NUMBER.match(line.text):
                return start
            index = self.prev(index - 1, pos)
        return start

    def _attachment_note(self, first: int, stop: int) -> Part:
        lines = [line for i in range(first, stop) if (line := self.line(i))]
        head = ATTACHMENT_NOTE.match(lines[0].text)
        assert head is not None
        titles = attachment_titles(head.group(1), [x.text for x in lines[1:]])
        return Part(Role.ATTACHMENT_NOTE, "；".join(titles), tuple(x.number for x in lines), items=titles)

    def _after_date(self, start: int, stop: int) -> list[Part]:
        parts: list[Part] = []
        index = self.next(start)
        while index < stop:
            line = self.line(index)
            if line is not None and ATTACHMENT_LABEL.match(line.text):
                return parts + self._attachments(index, stop)
            if line is not None and NOTE.match(line.text):
                parts.append(Part(Role.NOTE, line.text, (line.number,)))
            elif line is not None and CONTACT.match(line.text):
                last = index
                while (
                    (after := self.next(last + 1)) < stop
                    and (x := self.line(after))
                    and CONTACT.match(x.text)
                ):
                    last = after
                parts += self._contact_note(index, last + 1)
                index = last
            else:
                parts += [
                    Part(
                        p.role,
                        p.text,
                        p.lines,
                        p.level,
                        p.rows,
                        run_in=p.run_in,
                        label=p.label,
                        unplaced=True,
                    )
                    for p in self._body(index, index + 1)
                ]
            index = self.next(index + 1)
        return parts

    def _contact_note(self, start: int, stop: int) -> list[Part]:
        """Return the contact lines from ``start`` as one 附注 (7.3.6), or [] when there are none."""
        lines = [line for i in range(start, stop) if (line := self.line(i))]
        if not lines:
            return []
        text = contact_note([x.text for x in lines])
        return [Part(Role.NOTE, text, tuple(x.number for x in lines), note=ngettext_lines(len(lines)))]

    def _attachments(self, start: int, stop: int) -> list[Part]:
        """Return each attachment: its label and title, then its content (7.3.7)."""
        labels = [i for i in range(start, stop) if (x := self.line(i)) and ATTACHMENT_LABEL.match(x.text)]
        parts: list[Part] = []
        for n, label_index in enumerate(labels):
            end = labels[n + 1] if n + 1 < len(labels) else stop
            label = self.line(label_index)
            title_index = self.next(label_index + 1)
            title = self.line(title_index) if title_index < end else None
            assert label is not None
            label_text = re.sub(r"\s", "", label.text)
            if title is None:
                parts.append(Part(Role.PARAGRAPH, label_text, (label.number,), unplaced=True))
                continue
            parts.append(Part(Role.ATTACHMENT, title.text, (label.number, title.number), items=(label_text,)))
            parts += self._body(title_index + 1, end)
        return parts

    # ---- the body (7.3.3)

    def _body(self, start: int, stop: int) -> list[Part]:
        title = next((p for p in self.parts if p.role is Role.TITLE), None)
        marked = [i for i in self.items if isinstance(i, Line) and title and i.number in title.lines]
        return body_parts(self.items[start:stop], marked[0].outline if marked else 0)




def ngettext_lines(count: int) -> str:
    """Return the note for a part typed on several lines."""
    return _("{n} lines joined").format(n=count) if count > 1 else ""
