"""The 版头 of GB/T 9704-2012 (7.2): 密级, 紧急程度, 发文字号 and the header that holds them; validated, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.model_text import check_code, check_text, require_text
from docgen.office_template import OfficeTemplate


class SecrecyLevel(StrEnum):
    """7.2.2 密级."""

    TOP_SECRET = "绝密"
    SECRET = "机密"
    CONFIDENTIAL = "秘密"


class Urgency(StrEnum):
    """7.2.3 紧急程度."""

    EXTRA_URGENT = "特急"
    URGENT = "加急"


@dataclass(frozen=True)
class Secrecy:
    """7.2.2 密级和保密期限, printed like ``机密★1年``."""

    level: SecrecyLevel
    term: str | None = None

    def __post_init__(self) -> None:
        if self.term is not None:
            check_text(self.term, "secrecy")
            if not re.fullmatch(r"\d+(年|个月)|长期", self.term):
                raise DataError(
                    _("secrecy term must be like 1年, 6个月 or 长期, not {term!r}").format(term=self.term),
                    Location(field="secrecy"),
                )

    def text(self) -> str:
        """Return the printed form."""
        return f"{self.level.value}★{self.term}" if self.term else self.level.value

    @classmethod
    def parse(cls, text: str) -> Secrecy:
        """Parse ``机密``, ``机密★1年`` or ``机密 1年``."""
        match = re.fullmatch(r"\s*(绝密|机密|秘密)\s*(?:[★☆*]?\s*(\S+))?\s*", text)
        if not match:
            raise DataError(
                _(
                    "secrecy must be 绝密, 机密 or 秘密, optionally with a term like ★1年, not {text!r}"
                ).format(text=text),
                Location(field="secrecy"),
            )
        return cls(SecrecyLevel(match.group(1)), match.group(2))


MAX_SEQUENCE = 999_999  # six digits, as docgen reads a typed 发文字号 (docgen/number_text.py)


def check_sequence(sequence: int | None) -> None:
    """Raise the model's error when a number's sequence is below 1; None (a draft's) passes.

    Shared by the 发文字号 (7.2.5) and the 令号 (10.2, docgen/order_model.py), so both say the same.
    """
    if sequence is not None and not 1 <= sequence <= MAX_SEQUENCE:
        raise DataError(
            _("the sequence number must be 1 to {limit}, not {number}").format(
                limit=MAX_SEQUENCE, number=sequence
            ),
            Location(field="number"),
        )


def sequence_text(sequence: int | None) -> str:
    """Return a sequence as printed: its digits, or two blank 字 where a draft's is left open."""
    return "\u3000\u3000" if sequence is None else str(sequence)


_NUMBER = re.compile(
    r"(?P<code>[^〔〕\[\]［］()（）\s]+)\s*[〔\[［(（](?P<year>\d+)[〕\]］)）]\s*(?P<first>第)?(?P<seq>\d+)?\s*号?"
)


@dataclass(frozen=True)
class DocumentNumber:
    """7.2.5 发文字号: 代字〔YYYY〕N号 — 〔〕, full year, no 第, no zero padding.

    ``sequence`` None is a draft: the sequence is left blank until the document is issued.
    """

    code: str
    year: int
    sequence: int | None = None

    def __post_init__(self) -> None:
        check_code(require_text(self.code, "number"), "number")
        if re.search(r"[〔〕\s]", self.code):
            raise DataError(
                _("the 代字 must not contain brackets or spaces: {code!r}").format(code=self.code),
                Location(field="number"),
            )
        if not 1949 <= self.year <= 2999:
            # a four-digit year out of range mostly comes from a 成文日期 or --as-of of 9999 (hostile12 #13):
            # say where the year was taken from, not only that it is not written in full
            message = (
                _("the year must be written in full, like 2020, not {year}")
                if self.year < 1000
                else _(
                    "the year {year} is not one a document can be issued in (1949–2999); the 发文字号 takes "
                    "the year of the 成文日期 (or of --as-of) unless the number is written out"
                )
            )
            raise DataError(message.format(year=self.year), Location(field="number"))
        check_sequence(self.sequence)

    def text(self) -> str:
        """Return the printed number; a draft shows two blank characters for the sequence."""
        return f"{self.code}〔{self.year}〕{sequence_text(self.sequence)}号"

    @classmethod
    def parse(cls, text: str) -> DocumentNumber:
        """Parse a written number strictly: 〔〕 brackets, four-digit year, no 第, no leading zero."""
        check_text(text, "number")
        match = _NUMBER.fullmatch(text.strip())
        if not match:
            raise DataError(
                _("a document number looks like 伊重点项目办〔2020〕13号, not {text!r}").format(text=text),
                Location(field="number"),
            )
        raw_year, raw_seq = match.group("year"), match.group("seq")
        problems = []
        if "〔" not in text or "〕" not in text:
            problems.append(_("use the brackets 〔〕 around the year"))
        if len(raw_year) != 4:
            problems.append(_("write the year in full (four digits)"))
        if match.group("first"):
            problems.append(_("do not write 第 before the sequence number"))
        if raw_seq is None:
            problems.append(_("the sequence number is missing"))
        elif raw_seq.startswith("0"):
            problems.append(_("do not pad the sequence number with zeros"))
        elif len(raw_seq) > len(str(MAX_SEQUENCE)):  # 5000 digits: no int (Python's 4300-digit limit)
            problems.append(
                _("the sequence number has {count} digits, at most {limit}").format(
                    count=len(raw_seq), limit=len(str(MAX_SEQUENCE))
                )
            )
        if not text.strip().endswith("号"):
            problems.append(_("end the number with 号"))
        if problems:
            raise DataError(
                _("malformed document number {text!r}: {problems}").format(
                    text=text, problems=_("; ").join(problems)
                ),
                Location(field="number"),
            )
        return cls(match.group("code"), int(raw_year), int(raw_seq) if raw_seq else None)


@dataclass(frozen=True)
class Header:
    """7.2 版头: 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人."""

    organs: tuple[str, ...]
    number: DocumentNumber | None = None
    with_wenjian: bool = True
    mark_color: str = "FF0000"
    mark_size_pt: float | None = None
    copy_number: str | None = None
    secrecy: Secrecy | None = None
    urgency: Urgency | None = None
    signers: tuple[str, ...] = ()
    office_template: OfficeTemplate | None = None  # the office's own 版头, copied in (issue 19 c)

    def __post_init__(self) -> None:
        if not self.organs:
            raise DataError(_("at least one issuing organ is needed"), Location(field="letterhead"))
        for organ in self.organs:
            require_text(organ, "letterhead")
        if self.copy_number is not None and not re.fullmatch(r"\d{6}", self.copy_number):
            raise DataError(
                _("份号 must be six Arabic digits, like 000123 (7.2.1), not {value!r}").format(
                    value=self.copy_number
                ),
                Location(field="copy_number"),
            )
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", self.mark_color):
            raise DataError(
                _("a colour is six hexadecimal digits like FF0000, not {value!r}").format(
                    value=self.mark_color
                ),
                Location(field="color"),
            )
        for signer in self.signers:
            require_text(signer, "signers")

    @property
    def is_upward(self) -> bool:
        """True for a 上行文: the number goes left and the 签发人 right (7.2.6)."""
        return bool(self.signers)
