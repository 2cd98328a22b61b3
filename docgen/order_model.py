"""The 命令 model (GB/T 9704 10.2): a 令 is a general-format document laid out in the 命令 format.

Kept beside ``docgen.model``, which is at its size limit.  A 令 has no 发文字号 of 7.2.5: its
令号 (第N号) counts within the government's term (届), a register series of its own keyed by the
term (``docgen.register.KIND_ORDER``).  Its closing is the 签发人's (7.3.5.3): 职务, 签名章, date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.model import Document
from docgen.model_header import check_sequence, sequence_text
from docgen.numbering import chinese_numeral

MAX_TERM = 999  # a government's terms (届) number a few dozen; the register keeps any int below 2**63
_TERM = re.compile(r"\s*第?\s*([0-9]+|[一二三四五六七八九十百零〇]+)\s*届?\s*")


def _shown(value: object) -> str:
    """Return ``value`` as a message shows it: at most 40 characters (a 5000-digit int has no str)."""
    if isinstance(value, int) and value.bit_length() > 128:
        return _("a number of more than 38 digits")
    text = str(value)
    return text if len(text) <= 40 else f"{text[:40]}…"


def parse_term(value: object) -> int:
    """Return the term (届) written as 17, "17", "第17届" or "第十七届": 1 to ``MAX_TERM``."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_TERM:
        return value
    match = _TERM.fullmatch(value) if isinstance(value, str) and len(value) <= 40 else None
    if match:
        digits = match.group(1)
        import cn2an  # lazy: a preview of any notice imports this module (cn2an costs 0.2–0.4 s)

        try:
            number = (
                int(digits) if digits.isdigit() else int(cn2an.cn2an(digits.replace("〇", "零"), "smart"))
            )
        except ValueError:  # not a numeral cn2an reads (十十)
            number = 0
        if 1 <= number <= MAX_TERM:
            return number
    raise DataError(
        _("届 is the government's term from 1 to {limit}, like 第十七届 or 17, not “{value}”").format(
            limit=MAX_TERM, value=_shown(value)
        ),
        Location(field="term"),
    )


def term_text(term: int) -> str:
    """Return a term as written: 第十七届."""
    return f"第{chinese_numeral(term)}届"


@dataclass(frozen=True)
class OrderNumber:
    """10.2 令号: 第N号, counted within the term of the government issuing it (None: a draft)."""

    series: str  # the mark: 长子县人民政府令
    term: int
    sequence: int | None = None

    def __post_init__(self) -> None:
        check_sequence(self.sequence)

    def text(self) -> str:
        """Return the printed 令号; a draft shows two blank characters for the sequence."""
        return f"第{sequence_text(self.sequence)}号"


@dataclass(frozen=True)
class Stamp:
    """The 签发人签名章 as a PNG, shown ``width_mm`` × ``height_mm`` (7.3.5.3)."""

    data: bytes
    width_mm: float
    height_mm: float

    def __post_init__(self) -> None:
        if not self.data.startswith(b"\x89PNG"):
            raise DataError(_("a picture must be a PNG image"), Location(field="stamp"))


@dataclass(frozen=True)
class Order(Document):
    """A 令 in the 命令 format (10.2): mark "XX令", 令号, body, 签发人职务 and 签名章, date; 版记 of 7.4.

    ``title`` is not printed (10.2 has none): it names the 令 in the register and the file's properties.
    """

    mark: str = ""
    order_number: OrderNumber | None = None
    signer_title: str = ""
    signer_name: str = ""
    stamp: Stamp | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.mark.strip():
            raise DataError(_("a 令 needs its mark"), Location(field="letterhead"))
        if not self.signer_title.strip():
            raise DataError(
                _("a 令 names its 签发人's office (签发人职务), like 县长 (7.3.5.3)"),
                Location(field="signer_title"),
            )
