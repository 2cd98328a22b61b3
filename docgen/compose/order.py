"""A notice source with ``种类: 令`` (or 命令) into the 命令 model (GB/T 9704 10.2)."""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Callable

from docgen import standard as S
from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.notice import NoticeSource
from docgen.load.patterns import half_digits, organ_of_mark
from docgen.model import Document, Letterhead
from docgen.order_model import Order, OrderNumber, Stamp, parse_term

ORDER_KINDS = ("令", "命令")


def is_order(source: NoticeSource) -> bool:
    """Return whether the source asks for the 命令 format."""
    return source.front.kind in ORDER_KINDS


def order_sequence(source: NoticeSource) -> int | None:
    """Return the 令号 the source writes out (5, "5", "第5号"), or None for auto."""
    value = source.front.number
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "auto", "自动")):
        return None
    text = str(value).strip().removeprefix("第").removesuffix("号")
    if not text.isdecimal() or text.startswith("0") or len(text) > 6 or int(text) < 1:  # 6: MAX_SEQUENCE
        raise DataError(
            _("a 令号 is a number like 5 (printed 第5号) or auto, not {value!r}").format(value=value),
            Location(file=source.path, line=source.line_of("number"), field="number"),
        )
    return int(text)


def stamp_of(data: bytes) -> Stamp:
    """Return the 签名章 shown 15 mm high, its width by the picture's proportions (at most 60 mm).

    The size is read from the PNG's IHDR chunk (bytes 16–24, fixed by the PNG specification):
    docgen depends on no image library, and two integers need none.
    """
    if not data.startswith(b"\x89PNG") or len(data) < 24:
        raise DataError(_("a picture must be a PNG image"), Location(field="stamp"))
    width, height = struct.unpack(">II", data[16:24])
    if not width or not height:
        raise DataError(_("a picture must be a PNG image"), Location(field="stamp"))
    shown = min(S.ORDER_STAMP_HEIGHT_MM * width / height, S.ORDER_STAMP_MAX_WIDTH_MM)
    return Stamp(data, round(shown, 1), round(shown * height / width, 1))


def order_problems(source: NoticeSource) -> list[DataError]:
    """Return every problem of a 令's own fields (届, 令号, 签发人职务, 签名章), to be said with the
    source's other problems at once (compose_order raises the first)."""
    front = source.front

    def at(field_name: str) -> Location:
        return Location(file=source.path, line=source.line_of(field_name), field=field_name)

    problems: list[DataError] = []
    if front.term is None:
        problems.append(DataError(_("a 令 needs its government's term: 届: 第十七届 (10.2)"), at("term")))

    def term() -> object:
        return parse_term(half_digits(front.term) if isinstance(front.term, str) else front.term)

    def stamp() -> object:
        return stamp_of(source.stamp) if source.stamp is not None else None

    checks: list[Callable[[], object]] = [term, lambda: order_sequence(source), stamp]
    for check in checks[0 if front.term is not None else 1 :]:
        try:
            check()
        except DataError as error:
            problems.append(error.at(file=source.path, line=source.line_of(error.location.field or "")))
    if not (front.signer_title or "").strip():
        problems.append(
            DataError(
                _("a 令 names its 签发人's office (签发人职务), like 县长 (7.3.5.3)"), at("signer_title")
            )
        )
    return problems


def compose_order(source: NoticeSource, general: Document, primary: Letterhead) -> Order:
    """Return the 令 of ``source``: the general model composed from it, with the mark (the organ's
    full name + 令 or 命令), the 令号 within the term (届), and the 签发人's 职务, name and 签名章."""
    front = source.front

    def at(field_name: str) -> Location:
        return Location(file=source.path, line=source.line_of(field_name), field=field_name)

    if front.term is None:
        raise DataError(_("a 令 needs its government's term: 届: 第十七届 (10.2)"), at("term"))
    try:
        # 届: １７ typed full-width, as full-width digits are read in dates, 文号 and text (outsider4 #14)
        term = parse_term(half_digits(front.term) if isinstance(front.term, str) else front.term)
        stamp = stamp_of(source.stamp) if source.stamp is not None else None
    except DataError as error:
        raise error.at(file=source.path, line=source.line_of(error.location.field or "")) from None
    # an office's 令 template gives the letterhead the mark ×××人民政府令 itself (letterhead-import): the
    # kind is added once (it printed ×××人民政府令令, wild12); a mark ending 文件 is kept as it is
    organ = organ_of_mark(primary.mark, wenjian=False)
    mark = f"{organ}{front.kind}"
    signer = front.signers[0] if front.signers else ""
    header = dataclasses.replace(general.header, number=None, signers=(), with_wenjian=False)
    fields = {f.name: getattr(general, f.name) for f in dataclasses.fields(general)}
    fields["header"] = header
    if general.addressees and general.imprint is not None:  # a 令 prints no 主送: it goes to the 版记
        addressees = general.addressees.rstrip("：:")
        fields["imprint"] = dataclasses.replace(general.imprint, addressees=addressees)
        fields["addressees"] = ""
    try:
        return Order(
            **fields,
            mark=mark,
            # one 令号 series per government and term whether the mark says 令 or 命令: 命令（令） is one
            # 文种 (GB/T 9704 10.2), and two 第1号 of one 届 could not be told apart (outsider4 #15)
            order_number=OrderNumber(f"{primary.mark}令", term, order_sequence(source)),
            signer_title=front.signer_title or "",
            signer_name=signer,
            stamp=stamp,
        )
    except DataError as error:
        raise error.at(file=source.path, line=source.line_of(error.location.field or "")) from None
