"""The GB/T 9704-2012 general-format document model: typed, frozen, validated, no I/O.

Rules of the standard that concern content (not position) are enforced when the model is
built: a malformed 发文字号, a zero-padded date, a 份号 that is not six digits, a secrecy level
that does not exist.  Each error names the field it concerns; loaders add file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from enum import StrEnum

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.office_template import OfficeTemplate

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
# (A lone surrogate reaches here from a YAML escape like "\ud800"; it cannot be written as UTF-8.)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_text(value: str, field_name: str) -> str:
    """Return ``value`` if it can go into a .docx; raise a DataError naming the field otherwise."""
    bad = _XML_ILLEGAL.search(value)
    if bad and "\ud800" <= bad.group() <= "\udfff":
        raise DataError(
            _("a lone surrogate U+{code:04X} at position {pos} is not a character").format(
                code=ord(bad.group()), pos=bad.start() + 1
            ),
            Location(field=field_name),
        )
    if bad:
        raise DataError(
            _("control character U+{code:04X} at position {pos} cannot appear in a document").format(
                code=ord(bad.group()), pos=bad.start() + 1
            ),
            Location(field=field_name),
        )
    return value


def _require(value: str, field_name: str) -> str:
    if not value.strip():
        raise DataError(_("must not be empty"), Location(field=field_name))
    return check_text(value, field_name)


def format_date(value: date) -> str:
    """Return a date as the standard writes it (7.3.5.4): Arabic numerals, no zero padding."""
    return f"{value.year}年{value.month}月{value.day}日"


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
        _require(self.code, "number")
        if re.search(r"[〔〕\s]", self.code):
            raise DataError(
                _("the 代字 must not contain brackets or spaces: {code!r}").format(code=self.code),
                Location(field="number"),
            )
        if not 1949 <= self.year <= 2999:
            raise DataError(
                _("the year must be written in full, like 2020, not {year}").format(year=self.year),
                Location(field="number"),
            )
        if self.sequence is not None and self.sequence < 1:
            raise DataError(
                _("the sequence number must be 1 or more, not {number}").format(number=self.sequence),
                Location(field="number"),
            )

    def text(self) -> str:
        """Return the printed number; a draft shows two blank characters for the sequence."""
        sequence = "\u3000\u3000" if self.sequence is None else str(self.sequence)
        return f"{self.code}〔{self.year}〕{sequence}号"

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


class BlockKind(StrEnum):
    """What a block of the body is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    TABLE = "table"
    PICTURE = "picture"


@dataclass(frozen=True)
class Heading:
    """7.3.3 a numbered heading of level 1-4 (一、 （一） 1. （1））, with optional run-in text."""

    level: int
    label: str
    text: str
    run_in: str = ""

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3, 4):
            raise DataError(
                _("heading levels are 1 to 4, not {level}").format(level=self.level), Location(field="body")
            )
        check_text(self.text, "body")
        check_text(self.run_in, "body")

    @property
    def kind(self) -> BlockKind:
        return BlockKind.HEADING


@dataclass(frozen=True)
class Paragraph:
    """7.3.3 a body paragraph: 左空二字, wraps 顶格."""

    text: str
    indent: bool = True

    def __post_init__(self) -> None:
        check_text(self.text, "body")

    @property
    def kind(self) -> BlockKind:
        return BlockKind.PARAGRAPH


@dataclass(frozen=True)
class Span:
    """A header cell merged over ``rows`` rows and ``columns`` columns from row ``row``, column
    ``column`` (0-based): its text is the top-left cell's, the cells it covers are empty."""

    row: int
    column: int
    rows: int = 1
    columns: int = 1

    def covers(self, row: int, column: int) -> bool:
        """Return whether the cell at ``row``, ``column`` lies inside the span."""
        return self.row <= row < self.row + self.rows and self.column <= column < self.column + self.columns


@dataclass(frozen=True)
class Table:
    """A simple table: the first ``header_rows`` rows are headings (repeated on each page); header
    cells may be merged across columns and down the header rows (``spans``)."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 1
    caption: str = ""
    widths: tuple[float, ...] = ()  # relative column widths; empty: from the content
    min_lines: tuple[int, ...] = ()  # lines of writing space per row (forms); empty: as the text needs
    spans: tuple[Span, ...] = ()  # merged header cells; empty: every cell on its own

    def __post_init__(self) -> None:
        if not self.rows:
            raise DataError(_("a table needs at least one row"), Location(field="table"))
        width = len(self.rows[0])
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise DataError(
                    _("row {row} has {n} cells, the first row has {width}").format(
                        row=number, n=len(row), width=width
                    ),
                    Location(field="table"),
                )
            for cell in row:
                check_text(cell, "table")
        self._check_spans()

    def _check_spans(self) -> None:
        """Refuse a span outside the header rows or the columns, of one cell, overlapping another,
        or covering a cell with text of its own."""
        taken: set[tuple[int, int]] = set()
        for span in self.spans:
            inside = (
                span.row >= 0
                and span.column >= 0
                and span.rows >= 1
                and span.columns >= 1
                and span.row + span.rows <= self.header_rows
                and span.column + span.columns <= self.columns
            )
            rows = range(span.row, span.row + span.rows) if inside else range(0)
            cells = {(r, c) for r in rows for c in range(span.column, span.column + span.columns)}
            covered_text = any(self.rows[r][c].strip() for r, c in cells - {(span.row, span.column)})
            if not inside or len(cells) < 2 or cells & taken or covered_text:
                raise DataError(
                    _(
                        "a merged header cell at row {row}, column {column} over {rows} rows and {columns} "
                        "columns does not fit the table's {header} header rows and {width} columns, "
                        "overlaps another or covers a cell with text"
                    ).format(
                        row=span.row + 1,
                        column=span.column + 1,
                        rows=span.rows,
                        columns=span.columns,
                        header=self.header_rows,
                        width=self.columns,
                    ),
                    Location(field="table"),
                )
            taken |= cells

    def span_at(self, row: int, column: int) -> Span | None:
        """Return the span whose top-left cell is at ``row``, ``column``; None if none starts there."""
        return next((s for s in self.spans if s.row == row and s.column == column), None)

    def covered(self, row: int, column: int) -> bool:
        """Return whether the cell at ``row``, ``column`` is covered by a span it does not start."""
        return any(s.covers(row, column) and (s.row, s.column) != (row, column) for s in self.spans)

    @property
    def kind(self) -> BlockKind:
        return BlockKind.TABLE

    @property
    def columns(self) -> int:
        return len(self.rows[0])


@dataclass(frozen=True)
class Picture:
    """A picture (a chart) as PNG bytes, centred, ``width_mm`` wide, with a description for screen readers."""

    data: bytes
    width_mm: float
    height_mm: float
    description: str = ""

    def __post_init__(self) -> None:
        if not self.data.startswith(b"\x89PNG"):
            raise DataError(_("a picture must be a PNG image"), Location(field="picture"))
        check_text(self.description, "picture")

    @property
    def kind(self) -> BlockKind:
        return BlockKind.PICTURE


Block = Heading | Paragraph | Table | Picture


@dataclass(frozen=True)
class Attachment:
    """7.3.7 an attachment: a new page with its label (附件 / 附件2), title and content."""

    label: str
    title: str
    blocks: tuple[Block, ...] = ()

    def __post_init__(self) -> None:
        _require(self.title, "attachments")
        if re.search(r"[。，；：、.,;:]$", self.title):
            raise DataError(
                _("no punctuation after an attachment's name (7.3.4): {title!r}").format(title=self.title),
                Location(field="attachments"),
            )


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
            _require(organ, "letterhead")
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
            _require(signer, "signers")

    @property
    def is_upward(self) -> bool:
        """True for a 上行文: the number goes left and the 签发人 right (7.2.6)."""
        return bool(self.signers)


@dataclass(frozen=True)
class Signature:
    """7.3.5 发文机关署名 and 成文日期."""

    organs: tuple[str, ...]
    date: date
    sealed: bool = False

    def __post_init__(self) -> None:
        for organ in self.organs:
            _require(organ, "signature")

    @property
    def date_text(self) -> str:
        return format_date(self.date)


@dataclass(frozen=True)
class Imprint:
    """7.4 版记: 主送 moved down, 抄送, 印发机关 and 印发日期."""

    printed_by: str
    printed_date: date
    cc: tuple[str, ...] = ()
    addressees: str = ""

    def __post_init__(self) -> None:
        _require(self.printed_by, "printed_by")
        for organ in self.cc:
            _require(organ, "cc")
        check_text(self.addressees, "to")

    @property
    def printed_text(self) -> str:
        return f"{format_date(self.printed_date)}印发"


@dataclass(frozen=True)
class Document:
    """A complete document in the general format (通用格式) of GB/T 9704-2012."""

    header: Header
    title: str
    signature: Signature
    addressees: str = ""
    body: tuple[Block, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    attachment_titles: tuple[str, ...] = ()
    note: str = ""
    imprint: Imprint | None = None
    double_sided: bool = True

    def __post_init__(self) -> None:
        _require(self.title, "title")
        if re.search(r"[。，；：、.,;:]\s*$", self.title):  # 7.3.1: a title takes no closing punctuation
            raise DataError(
                _("no punctuation at the end of a title (7.3.1): {title!r}").format(title=self.title),
                Location(field="title"),
            )
        check_text(self.addressees, "to")
        check_text(self.note, "note")
        if not self.body:
            raise DataError(_("the body is empty: 首页必须显示正文 (7.3.3)"), Location(field="body"))
        titles = self.attachment_titles or tuple(a.title for a in self.attachments)
        object.__setattr__(self, "attachment_titles", titles)

    @property
    def note_text(self) -> str:
        """Return the 附注 in parentheses (7.3.6)."""
        note = self.note.strip()
        if not note:
            return ""
        if note.startswith(("（", "(")) and note.endswith(("）", ")")):
            note = note[1:-1]
        return f"（{note}）"

    def texts(self) -> Iterator[str]:
        """Yield every string of the document, for checks over all fields."""
        yield from _strings(self)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            yield from _strings(getattr(value, item.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)


def joined(items: Iterable[str], separator: str = "，") -> str:
    """Return items joined with the Chinese enumeration comma used in 主送 and 抄送."""
    return separator.join(item.strip() for item in items if item.strip())


__all__ = [
    "Attachment",
    "Block",
    "BlockKind",
    "DocumentNumber",
    "Document",
    "Header",
    "Heading",
    "Imprint",
    "Paragraph",
    "Secrecy",
    "SecrecyLevel",
    "Signature",
    "Table",
    "Urgency",
    "check_text",
    "format_date",
    "joined",
]


_LEVEL = re.compile(r"[^省市县区]*?([省市县区])")
# the units a 通报 of an office at each level goes to (seed 001: a 市 to its 县（市、区）; seed 004: a 县 to
# its 乡镇 and 县直 units)
SUBORDINATES = {
    "省": "各省辖市人民政府，省直各有关单位",
    "市": "各县（市、区）人民政府，市直各有关单位",
    "县": "各乡镇人民政府，县直各有关单位",
    "区": "各乡镇人民政府、街道办事处，区直各有关单位",
}


def addressee_line(written: str | None, default: str) -> str:
    """Return the 主送 line of a 通报 (7.3.2): what the user wrote, else ``default``, ending with "："."""
    text = (written or "").strip() or default
    return text.rstrip("：:") + "："


@dataclass(frozen=True)
class Letterhead:
    """An issuing office: its names, 文号代字, mark and defaults (one YAML file in letterheads/)."""

    key: str
    name: str
    short_name: str
    code: str
    mark: str
    with_wenjian: bool = True
    color: str = "FF0000"
    mark_size_pt: float | None = None
    printed_by: str = ""
    contact: str = ""
    supervision_code: str = ""
    letter_code: str = ""  # 10.1: the 函 series' 代字 (default: the 代字 with 发 turned into 函)
    letter: bool = False  # a 信函 letterhead: its documents take the 信函 format (10.1)
    office_template: OfficeTemplate | None = None  # the office's own 套红 .docx (模板)

    @property
    def imprint_organ(self) -> str:
        """Return the default 印发机关 (7.4.3): the letterhead's own, else the full name."""
        return self.printed_by or self.name

    @property
    def level(self) -> str:
        """Return the office's level, 省, 市, 县 or 区: the first of them in its full name (县 if none)."""
        found = _LEVEL.match(self.name)
        return found.group(1) if found else "县"

    @property
    def scope(self) -> str:
        """Return the area its reports speak of: 全县 (长子县……), 全市 (三门峡市……), 全区 or 全省."""
        return f"全{self.level}"

    @property
    def subordinates(self) -> str:
        """Return the default 主送 of its 通报 to the units under it, by its level."""
        return SUBORDINATES[self.level]

    def header(self, number: DocumentNumber | None) -> Header:
        """Return the 版头 of a document this office issues alone under ``number``."""
        return Header(
            organs=(self.mark,),
            number=number,
            with_wenjian=self.with_wenjian,
            mark_color=self.color,
            mark_size_pt=self.mark_size_pt,
            office_template=self.office_template,
        )


@dataclass(frozen=True)
class Bulletin:
    """A 简报 (bulletin): 报头 (red name, 第N期, 编印单位 and date over a red rule), an article, 报尾.

    Not the general format of GB/T 9704 (there is no 发文字号 or 版记); page, margins, grid and
    page numbers are the general format's.
    """

    name: str
    issue: str
    editor: str
    date: date
    title: str
    body: tuple[Block, ...]
    distribution: tuple[tuple[str, str], ...] = ()  # (报/送/发, whom)
    copies: int = 0
    color: str = "FF0000"
    double_sided: bool = True

    def __post_init__(self) -> None:
        for value, name in (
            (self.name, "name"),
            (self.issue, "issue"),
            (self.editor, "editor"),
            (self.title, "title"),
        ):
            _require(value, name)
        if not self.body:
            raise DataError(_("the body is empty: 首页必须显示正文 (7.3.3)"), Location(field="body"))
