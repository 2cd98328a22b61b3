"""The blocks of a body (7.3.3): headings, paragraphs, tables with merged header cells, pictures, and the
attachments (7.3.7) that hold them; validated, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.model_text import check_text, require_text


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
    """A picture (a chart, a draft's photo) as PNG or JPEG bytes, centred, ``width_mm`` wide, with a
    description for screen readers and an optional caption set centred on the line under it."""

    data: bytes
    width_mm: float
    height_mm: float
    description: str = ""
    caption: str = ""
    fit: bool = False  # the size is its writer's (a draft's): layout fits it to the type area, on whole lines

    def __post_init__(self) -> None:
        if not self.data.startswith((b"\x89PNG", b"\xff\xd8\xff")):
            raise DataError(_("a picture must be a PNG or JPEG image"), Location(field="picture"))
        check_text(self.description, "picture")
        check_text(self.caption, "picture")

    @property
    def format(self) -> str:
        """Return the image's file extension: "png" or "jpg"."""
        return "png" if self.data.startswith(b"\x89PNG") else "jpg"

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
        require_text(self.title, "attachments")
        if re.search(r"[。，；：、.,;:]$", self.title):
            raise DataError(
                _("no punctuation after an attachment's name (7.3.4): {title!r}").format(title=self.title),
                Location(field="attachments"),
            )
