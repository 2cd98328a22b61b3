"""The end of a draft, read bottom-up: the 版记 (印发, 抄送), the 成文日期 with its 署名, the 附注
and the attachments; the body above them is read by the caller's ``body``.

Out of docgen/draft/recognise.py, which reads the top (版头, 标题, 主送) and hands the rest here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from docgen.draft.body import CONTACT, contact_note
from docgen.draft.line_kinds import (
    PLACEHOLDER,
    cc_part,
    date_placeholder,
    imprint_table,
    organ_placeholder,
    signature_like,
)
from docgen.draft.outline import Part, Role, ngettext_lines
from docgen.draft.read import Item, Line, TableRows
from docgen.i18n import _
from docgen.load.patterns import (
    ATTACHMENT_LABEL,
    ATTACHMENT_NOTE,
    CC,
    ITEM_NUMBER,
    NOTE,
    PRINTED,
    attachment_titles,
    ends_sentence,
    parse_date,
    width,
)
from docgen.model import format_date


@dataclass
class Lines:
    """A draft's items read by position, blank lines passed over: the top-down reader and the tail's."""

    items: list[Item]

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


@dataclass
class Tail(Lines):
    """The reader of a draft's end; ``body`` returns the body parts of the items between two indexes."""

    body: Callable[[int, int], list[Part]]

    def read(self, pos: int) -> list[Part]:
        """Return the parts from ``pos`` to the end: the body, then the end's parts in their order."""
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
        parts = self.body(pos, body_end)
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
            return self.body(pos, end + 1)
        note_start = self._attachment_note_start(pos, end)
        body_end, cc = self._cc_above(pos, note_start)
        parts = self.body(pos, body_end)
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
                    for p in self.body(index, index + 1)
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
            parts += self.body(title_index + 1, end)
        return parts
