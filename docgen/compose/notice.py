"""A notice (通知) source into the GB/T 9704 document model."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from docgen.compose.order import compose_order, is_order, order_problems
from docgen.errors import DataError, Location, raise_problems
from docgen.i18n import _
from docgen.letter_model import Letter, letter_code
from docgen.load.notice import NoticeSource
from docgen.load.notice_body import SourceBlock
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
    Secrecy,
    Signature,
    Table,
    Urgency,
    joined,
)
from docgen.numbering import HeadingCounter, attachment_labels, split_run_in, strip_typed_label

LetterheadLookup = Callable[[str], Letterhead]


def compose_blocks(
    blocks: Sequence[SourceBlock], continuous: frozenset[int] = frozenset()
) -> tuple[Block, ...]:
    """Number the headings (一、 （一） 1. （1）) and turn source blocks into model blocks."""
    counter = HeadingCounter(continuous)
    result: list[Block] = []
    for block in blocks:
        try:
            if block.rows:
                if block.note:  # 单位：万元 above an attachment's table
                    result.append(Paragraph(block.note, indent=False))
                result.append(Table(block.rows, header_rows=block.header_rows, spans=block.spans))
                result += [Paragraph(text, indent=False) for text in block.below]  # 注：… under it
            elif block.level:
                text = strip_typed_label(block.level, block.text)
                heading, run_in = split_run_in(text)
                result.append(Heading(block.level, counter.next_label(block.level), heading, run_in))
            else:
                result.append(Paragraph(block.text))
        except DataError as error:
            raise error.at(line=block.line) from None
    return tuple(result)


def document_number(source: NoticeSource, letterhead: Letterhead) -> DocumentNumber:
    """Return the number the source asks for: written out, a bare sequence, or a draft (auto)."""
    value = source.front.number
    year = source.front.date.year
    if value is None or (isinstance(value, str) and value.strip().lower() in ("auto", "自动", "")):
        return DocumentNumber(letterhead.code, year, None)
    if isinstance(value, int) or value.strip().isdecimal():
        text = str(value).strip()
        if text.startswith("0") or len(text) > 6:  # 6: MAX_SEQUENCE; int() of 5000 digits raises (review12)
            return DocumentNumber.parse(f"{letterhead.code}〔{year}〕{text}号")  # raises: zero padding
        return DocumentNumber(letterhead.code, year, int(text))
    return DocumentNumber.parse(value)


def compose_notice(source: NoticeSource, lookup: LetterheadLookup) -> Document:
    """Return the document model of a notice (a 信函 or a 令 when its 种类 says so); errors name the
    source file and line."""
    front = source.front
    letterheads = _letterheads(source, lookup)
    primary = letterheads[0]
    order = is_order(source)  # 10.2: no 发文字号, no 签发人 in the 版头
    letter = front.kind in ("函", "信函") or (front.kind is None and primary.letter)
    if letter:  # 10.1: the 函 series of the letterhead; only the 主办机关's mark, without 文件
        primary = dataclasses.replace(primary, code=letter_code(primary))
        letterheads = [primary, *letterheads[1:]]
    try:
        header = Header(
            organs=tuple(lh.mark for lh in letterheads[: 1 if letter else None]),
            number=None if order else document_number(source, primary),
            with_wenjian=primary.with_wenjian and not letter,
            mark_color=primary.color,
            mark_size_pt=primary.mark_size_pt,
            copy_number=str(front.copy_number) if front.copy_number is not None else None,
            secrecy=Secrecy.parse(front.secrecy) if front.secrecy else None,
            urgency=_urgency(front.urgency),
            signers=() if order else tuple(front.signers),
            # the office's own 版头 serves a document it issues alone in the general format
            office_template=None if letter or order or len(letterheads) > 1 else primary.office_template,
        )
        addressees = joined(front.to)
        addressee_line = f"{addressees}：" if addressees else ""
        in_imprint = bool(front.to_in_imprint)
        imprint = Imprint(
            printed_by=front.printed_by or primary.imprint_organ,
            printed_date=front.printed_date or front.date,
            cc=tuple(front.cc),
            addressees=addressees if in_imprint else "",
        )
        attachments = tuple(
            Attachment(label, item.title, _attachment_blocks(item.blocks, item.source))
            for label, item in zip(
                attachment_labels(len(source.attachments)), source.attachments, strict=True
            )
        )
        doc = (Letter if letter else Document)(
            header=header,
            title=front.title,
            addressees="" if in_imprint else addressee_line,
            body=compose_blocks(source.body, frozenset(front.continuous_numbering)),
            attachments=tuple(a for a in attachments if a.blocks),
            attachment_titles=tuple(a.title for a in attachments),
            signature=Signature(
                organs=tuple(front.signature) or tuple(lh.name for lh in letterheads),
                date=front.date,
                sealed=front.seal,
            ),
            note=front.note,
            imprint=imprint,
            double_sided=front.double_sided,
        )
    except DataError as error:
        field_name = error.location.field
        line = source.line_of(field_name) if field_name else None
        raise error.at(file=source.path, line=line) from None
    return compose_order(source, doc, primary) if order else doc


def _letterheads(source: NoticeSource, lookup: LetterheadLookup) -> list[Letterhead]:
    """Return the source's letterheads; raise every problem of the source with those of its letterheads
    (each one not found or broken) and of its 发文字号 or a 令's fields, all at once (``source.problems``:
    docgen/load/notice.py)."""
    problems = [*source.problems, *(order_problems(source) if is_order(source) else ())]
    letterheads = []
    if "letterhead" not in source.stand_ins:  # a wrong 发文机关 field is among the problems already
        for key in source.front.letterhead:
            try:
                letterheads.append(lookup(key))
            except DataError as error:
                problems.append(
                    error.at(file=source.path, line=source.line_of("letterhead"), field="letterhead")
                )
    if letterheads and not is_order(source):
        try:  # a written 发文字号 that is malformed (a 令号 is checked by order_problems)
            document_number(source, letterheads[0])
        except DataError as error:
            problems.append(error.at(file=source.path, line=source.line_of("number")))
    raise_problems(sorted(problems, key=lambda problem: _place(problem, source.path)))
    return letterheads


def _place(problem: DataError, path: Path) -> tuple[int, int]:
    """Return where a problem is, to list a source's own problems in the order of its lines (an
    attachment's after them, as found)."""
    where = problem.location
    if where.file is None or Path(str(where.file)) != path:
        return (1, 0)
    return (0, where.line if where.line is not None else 1 << 30)  # a field not written: after the lines


def _attachment_blocks(blocks: Sequence[SourceBlock], path: Path) -> tuple[Block, ...]:
    try:
        return compose_blocks(blocks)
    except DataError as error:
        raise error.at(file=path) from None


def _urgency(value: str | None) -> Urgency | None:
    if not value:
        return None
    try:
        return Urgency(value.strip())
    except ValueError:
        raise DataError(
            _("urgency must be 特急 or 加急, not {value!r}").format(value=value), Location(field="urgency")
        ) from None
