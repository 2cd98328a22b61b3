"""The document model of a recognised draft: its outline into the GB/T 9704 general format."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from docgen.draft.line_kinds import MINUTES_MARK, ORDER_MARK
from docgen.draft.outline import Part, Role
from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.attachment_table import header_spans
from docgen.load.header import two_row_header
from docgen.load.patterns import parse_number
from docgen.model import (
    Attachment,
    Block,
    Document,
    DocumentNumber,
    Header,
    Heading,
    Imprint,
    Letterhead,
    Paragraph,
    Picture,
    Secrecy,
    Signature,
    Table,
    Urgency,
)
from docgen.numbering import HeadingCounter, attachment_labels


@dataclass(frozen=True)
class Options:
    """What the user adds to a draft: an office's letterhead, a number, the date when none is found."""

    letterhead: Letterhead | None = None
    number: DocumentNumber | None = None
    today: date | None = None


def compose_draft(parts: Sequence[Part], options: Options) -> Document:
    """Return the document model of an outline; DataError names the part that cannot be used."""
    by_role = _first_of(parts)
    when = by_role[Role.DATE].when if Role.DATE in by_role else None
    when = when or options.today or date.today()
    signature_organs = tuple(p.text for p in parts if p.role is Role.SIGNATURE)
    letterhead = options.letterhead
    organ_parts = [p.text for p in parts if p.role is Role.ORGAN]
    minutes = next((o for o in organ_parts if MINUTES_MARK.fullmatch(o)), None)
    if minutes is not None:  # 10.3: a 纪要 has its own 版头 and no 主送, 署名 or 发文字号 as a 通知 has
        raise DataError(
            _(
                "the draft is a 纪要 (its mark “{mark}”): 纪要 have their own format (GB/T 9704 10.3), "
                "which `format` does not make; make it with docgen minutes (a 纪要 source .md or a table "
                "of decisions)"
            ).format(mark=minutes)
        )
    order = next((o for o in organ_parts if ORDER_MARK.fullmatch(o)), None)
    if order is not None:  # 10.2: a 令 has its own 版头 (标志 and 令号 第N号), no title and no 发文字号
        raise DataError(
            _(
                "the draft is a 令 (its mark “{mark}”): 命令 (令) have their own format (GB/T 9704 10.2), "
                "which `format` does not make; write a source .md with 种类: 令 and make it with docgen "
                "render or docgen issue"
            ).format(mark=order)
        )
    organs: tuple[str, ...]
    if letterhead is not None:  # the office named on the command line wins over the draft's mark
        organs, with_wenjian = (letterhead.mark,), letterhead.with_wenjian
    elif organ_parts:
        # a 联合行文's draft types “文件” once, after the last office (make_fodt.py's lo-joint): it is
        # the mark's, set to the offices' right (7.2.4), not part of the last office's name
        with_wenjian = organ_parts[-1].endswith("文件")
        organs = tuple(o.removesuffix("文件") if with_wenjian else o for o in organ_parts)
    elif signature_organs:
        organs, with_wenjian = signature_organs, False
    else:
        raise DataError(
            _("the draft names no issuing organ (no 版头 and no 署名); name the office with --letterhead"),
            Location(field="letterhead"),
        )
    number = options.number
    if number is None and Role.NUMBER in by_role:
        number = parse_number(by_role[Role.NUMBER].text.replace("\u3000", ""))
    if number is None and letterhead is not None:
        number = DocumentNumber(letterhead.code, when.year, None)
    if number is None:
        raise DataError(
            _(
                "the draft has no 发文字号 (7.2.5); give --letterhead (its 代字 makes the number, the "
                "sequence left blank) or --number"
            ),
            Location(field="number"),
        )
    heads = [p.text for p in parts if p.role is Role.HEAD_ITEM]
    header = Header(
        organs=organs,
        number=number,
        with_wenjian=with_wenjian,
        mark_color=letterhead.color if letterhead else "FF0000",
        mark_size_pt=letterhead.mark_size_pt if letterhead else None,
        copy_number=next((h for h in heads if h.isdigit()), None),
        secrecy=next((Secrecy.parse(h) for h in heads if h[:2] in ("绝密", "机密", "秘密")), None),
        urgency=next((Urgency(h) for h in heads if h in ("特急", "加急")), None),
        signers=by_role[Role.SIGNER].items if Role.SIGNER in by_role else (),
    )
    body, attachments = _blocks(parts)
    note_titles = by_role[Role.ATTACHMENT_NOTE].items if Role.ATTACHMENT_NOTE in by_role else ()
    titles = note_titles or tuple(a.title for a in attachments)
    if Role.TITLE not in by_role:
        first = next((p for p in parts if p.role is Role.PARAGRAPH), None)
        if first is not None and len(first.text) > 120:  # a title run into its body (wild9 #6)
            raise DataError(
                _(
                    "the draft has no title: its first paragraph ({n} 字, beginning “{start}…”) is body "
                    "text; type the title on a line of its own above it"
                ).format(n=len(first.text), start=first.text[:12]),
                Location(field="title"),
            )
        raise DataError(
            _("the draft has no title: its first line should be the title"), Location(field="title")
        )
    return Document(
        header=header,
        title=by_role[Role.TITLE].text,
        addressees=by_role[Role.ADDRESSEE].text if Role.ADDRESSEE in by_role else "",
        body=body,
        attachments=attachments,
        attachment_titles=titles,
        signature=Signature(
            organs=signature_organs or ((letterhead.name,) if letterhead else organs), date=when
        ),
        note=" ".join(p.text for p in parts if p.role is Role.NOTE),
        imprint=_imprint(by_role, letterhead, organs, when),
    )


def _first_of(parts: Sequence[Part]) -> dict[Role, Part]:
    found: dict[Role, Part] = {}
    for part in parts:
        found.setdefault(part.role, part)
    return found


def _blocks(parts: Sequence[Part]) -> tuple[tuple[Block, ...], tuple[Attachment, ...]]:
    """Return the body's blocks and the attachments with theirs, headings numbered afresh (7.3.3)."""
    body: list[Block] = []
    late: list[Block] = []  # body text found after the date: kept, at the end of the body
    attachments: list[tuple[str, list[Block]]] = []
    counter = HeadingCounter()
    for part in parts:
        if part.role is Role.ATTACHMENT:
            attachments.append((part.text, []))
            counter = HeadingCounter()
            continue
        block = _block(part, counter)
        if block is None:
            continue
        if attachments:
            attachments[-1][1].append(block)
        elif part.unplaced:
            late.append(block)
        else:
            body.append(block)
    labels = attachment_labels(len(attachments))
    made = tuple(
        Attachment(label, re.sub(r"[。，；：、.,;:]+$", "", title), tuple(blocks))
        for label, (title, blocks) in zip(labels, attachments, strict=True)
    )
    return tuple(body + late), made


def _block(part: Part, counter: HeadingCounter) -> Block | None:
    if part.role is Role.HEADING:
        label = counter.next_label(
            part.level
        )  # the outline's, numbered as the body reads (continuous or not)
        return Heading(part.level, part.label or label, part.text, part.run_in)
    if part.role is Role.PARAGRAPH:
        return Paragraph(part.text)
    if part.role is Role.TABLE:  # a header merged over two rows kept (the attachment sheets' reading)
        rows = part.rows
        header_rows = 2 if len(rows) > 2 and two_row_header(rows[0], rows[1]) else 1
        return Table(rows, header_rows=header_rows, spans=header_spans(rows, header_rows))
    if part.role is Role.PICTURE and part.picture is not None and part.picture.data:
        picture = part.picture  # its size the writer's: layout fits it to the type area (Picture.fit)
        description = part.text or picture.description or picture.name
        return Picture(
            picture.data, picture.width_mm, picture.height_mm, description, caption=part.text, fit=True
        )
    return None


def _imprint(
    by_role: dict[Role, Part], letterhead: Letterhead | None, organs: tuple[str, ...], when: date
) -> Imprint | None:
    """Return the 版记 (7.4) when the draft has one (抄送 or 印发), else None."""
    cc = by_role.get(Role.CC)
    printed = by_role.get(Role.PRINTED)
    if cc is None and printed is None:
        return None
    organ = printed.items[0] if printed and printed.items and printed.items[0] else ""
    organ = organ or (letterhead.imprint_organ if letterhead else organs[0])
    return Imprint(
        printed_by=organ,
        printed_date=printed.when if printed and printed.when else when,
        cc=cc.items if cc else (),
    )
