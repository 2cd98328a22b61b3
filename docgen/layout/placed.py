"""The placed document: what layout decided, as typed values an emitter turns into a file format.

Layout (``docgen.layout``) makes these from the document model; an emitter (``docgen.emit.docx``)
writes them and decides nothing about where anything goes.  Nothing here knows a file format.

Units: every length is in twips (1/20 pt; 1 mm = 56.69 twips), as ints, unless a name says
otherwise (``size_pt`` in points, ``width_eighths`` in eighths of a point as standard.py keeps
rule widths, ``space_pt`` in points, picture sizes in mm).  An emitter for another
format (Typst) converts.

Text in a run may hold ``\\t`` (go to the next tab stop) and ``\\n`` (a line break in the same
paragraph, e.g. a title broken where its writer asked).

A picture is an ``InlinePicture`` run in a paragraph of its own rather than a block type: where it
stands (centred, off the line grid) is that paragraph's formatting, set by layout like any other.
The 版记 is a ``TableBlock`` (role TAIL, anchored at the bottom of the type area) in the last
section's blocks; ``PlacedDocument.placement`` says which ``Placement`` put it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from docgen.office_template import OfficeTemplate

# --- paragraphs and runs ---------------------------------------------------------------------


class Role(Enum):
    """What a paragraph is; an emitter gives each role its style (the template's named styles)."""

    PLAIN = auto()  # no role: an empty paragraph that only ends a section
    HEAD_ITEM = auto()  # 7.2.1-7.2.3 份号, 密级, 紧急程度
    MARK = auto()  # 7.2.4 发文机关标志 (a bulletin's name)
    NUMBER = auto()  # 7.2.5 发文字号 and 7.2.6 签发人 (a bulletin's 期号 and its editor line)
    TITLE = auto()  # 7.3.1
    ADDRESSEE = auto()  # 7.3.2 主送机关
    BODY = auto()  # 7.3.3 正文, indented two characters (also a blank line of the body)
    BODY_FLUSH = auto()  # a body paragraph set 顶格 (no first-line indent)
    HEADING_1 = auto()  # 7.3.3 一、
    HEADING_2 = auto()  # （一）
    HEADING_3 = auto()  # 1.
    HEADING_4 = auto()  # （1）
    ATTACHMENT_NOTE = auto()  # 7.3.4 附件说明
    SIGNATURE = auto()  # 7.3.5 署名 and 成文日期
    NOTE = auto()  # 7.3.6 附注
    ATTACHMENT_LABEL = auto()  # 7.3.7 附件 label
    ATTACHMENT_TITLE = auto()  # 7.3.7 attachment title
    TABLE_TEXT = auto()  # table cells (and the empty paragraph ending a section of tables)
    TABLE_HEAD = auto()  # table header cells
    IMPRINT = auto()  # 7.4 版记 lines (a bulletin's 报尾)

    @staticmethod
    def heading(level: int) -> Role:
        """Return the role of a heading of ``level`` (1-4)."""
        return (Role.HEADING_1, Role.HEADING_2, Role.HEADING_3, Role.HEADING_4)[level - 1]


class RunRole(Enum):
    """What a run inside a paragraph is, where it differs from its paragraph."""

    EMPHASIS = auto()  # 7.2.2 / 7.2.3 密级 and 紧急程度 in 黑体
    RUN_IN = auto()  # 7.3.3 the text after a heading, in the body's face
    SIGNER_NAME = auto()  # 7.2.6 签发人 names in 楷体


class Align(Enum):
    """Horizontal alignment of a paragraph."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    BOTH = "both"  # justified
    DISTRIBUTE = "distribute"  # justified, the characters spread over the whole line


class TabKind(Enum):
    """How text aligns at a tab stop."""

    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


@dataclass(frozen=True)
class Tab:
    """A tab stop ``pos`` twips from the paragraph's left indent origin."""

    pos: int
    kind: TabKind = TabKind.LEFT


@dataclass(frozen=True)
class Rule:
    """A line along a paragraph or a table cell: width in eighths of a point, gap in points; width 0 = none."""

    width_eighths: int
    color: str = "000000"
    space_pt: int = 0


NO_RULE = Rule(0)


class LineRule(Enum):
    """How a paragraph's line height is given."""

    EXACT = auto()  # the value is the line height in twips
    AUTO = auto()  # the value is a multiple of the font's line in 240ths (a picture's own height)


@dataclass(frozen=True)
class Line:
    """A paragraph's line height."""

    value: int
    rule: LineRule = LineRule.EXACT


@dataclass(frozen=True)
class Run:
    """Text in a paragraph; None leaves the paragraph role's value."""

    text: str
    role: RunRole | None = None
    color: str | None = None  # RRGGBB
    scale: int | None = None  # horizontal scale in percent (a long organ name squeezed to fit)
    size_pt: float | None = None
    raise_pt: float = 0.0  # raised (+) or lowered (-) from the line's baseline
    whole: bool = False  # a date, number, 文号 or code held together (layout/breaks.py): typeset
    # by the Unicode line-breaking rules, which honour its word joiners
    spacing: int = 0  # twips added to the role's character spacing: a justified line's slack taken
    # by its 汉字 where LibreOffice would put it unevenly (layout/estimate_spacing.py)


@dataclass(frozen=True)
class InlinePicture:
    """A picture standing in a paragraph's line (PNG data, shown ``width_mm`` × ``height_mm``)."""

    data: bytes
    width_mm: float
    height_mm: float
    description: str


@dataclass(frozen=True)
class PageLine:
    """A horizontal line drawn on the page, outside the flow of the text (a 信函's double lines,
    10.1): from ``x`` to ``x + length`` with its centre at ``y`` — twips from the paper's top-left
    corner — ``width_eighths`` thick."""

    x: int
    y: int
    length: int
    width_eighths: int
    color: str = "000000"


@dataclass(frozen=True)
class PageText:
    """A paragraph placed on the page outside the flow of the text (a 信函's mark, 10.1): in a box
    ``width`` × ``height`` whose top-left corner is ``x``, ``y`` twips from the paper's corner."""

    x: int
    y: int
    width: int
    height: int
    paragraph: ParagraphBlock


@dataclass(frozen=True)
class ParagraphBlock:
    """A paragraph: its role and runs, and the formatting layout set on it (None: the role's own)."""

    role: Role
    runs: tuple[Run | InlinePicture, ...] = ()
    align: Align | None = None
    space_before: int | None = None
    line: Line | None = None
    left: int | None = None
    right: int | None = None
    first_line: int | None = None
    hanging: int | None = None
    tabs: tuple[Tab, ...] = ()
    keep_with_next: bool = False
    page_break_before: bool = False
    bottom_rule: Rule | None = None
    on_grid: bool | None = None  # whether lines snap to the page's line grid
    drawings: tuple[PageLine | PageText, ...] = ()  # placed on this paragraph's page, outside the flow
    centre_vertically: bool = False  # text and pictures of a line centred on each other (a 令's 签名章)
    # the runs with word joiners only on the groups a line end would cut where the lines break as
    # LibreOffice breaks them (a content table's cell, layout/celllines.py): for a file whose text
    # holds the marks a reader copies; a typesetter that boxes the held runs takes ``runs``.  None: ``runs``
    line_end_runs: tuple[Run, ...] | None = None


# --- tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Borders:
    """The rules of a table or of one cell, by side; None leaves a side as it is."""

    top: Rule | None = None
    left: Rule | None = None
    bottom: Rule | None = None
    right: Rule | None = None
    inside_h: Rule | None = None
    inside_v: Rule | None = None

    @staticmethod
    def all(rule: Rule) -> Borders:
        """Return the same rule on every side and between all cells."""
        return Borders(rule, rule, rule, rule, rule, rule)


@dataclass(frozen=True)
class Cell:
    """A table cell ``width`` twips wide holding paragraphs, vertically centred unless told."""

    width: int
    paragraphs: tuple[ParagraphBlock, ...]
    borders: Borders | None = None
    v_center: bool = True
    columns: int = 1  # grid columns it spans (``width`` is theirs together)
    rows: int = 1  # rows it spans down (on its first row)
    merged: bool = False  # a row's place under a cell spanning down from above (no text of its own)


@dataclass(frozen=True)
class Row:
    """A table row: header rows repeat on every page; rows do not split unless told; height at least ``min_height``."""

    cells: tuple[Cell, ...]
    header: bool = False
    cant_split: bool = True
    min_height: int = 0


class TableRole(Enum):
    """What a table is: a table of the text, or a device of the format."""

    CONTENT = auto()  # a table in the body or an attachment
    MARK = auto()  # 7.2.4 联合行文's mark: the organs stacked, 文件 beside them
    TAIL = auto()  # 7.4 版记 or a bulletin's 报尾


@dataclass(frozen=True)
class AtBottom:
    """Anchor a table at the bottom of the type area, ``x_from_page`` twips from the paper's left edge (7.4.1)."""

    x_from_page: int


@dataclass(frozen=True)
class TableBlock:
    """A fixed-layout table: column widths (they add up to the width), rows; inline tables are centred."""

    role: TableRole
    widths: tuple[int, ...]
    rows: tuple[Row, ...]
    borders: Borders | None = None
    cell_margin: int = 57  # left and right, in twips
    anchor: AtBottom | None = None  # None: in the flow of the text
    size_pt: float | None = None  # the text size chosen for a content table (4号, 小四 or 五号)


Block = ParagraphBlock | TableBlock


# --- pages and sections ----------------------------------------------------------------------


class Orientation(Enum):
    """Which way the paper stands."""

    PORTRAIT = auto()
    LANDSCAPE = auto()


class PageNumbers(Enum):
    """Whether the pages of a section carry numbers."""

    NUMBERED = auto()
    UNNUMBERED = auto()  # 7.5: the blank page before the 版记 and the 版记's page
    FIRST_UNNUMBERED = auto()  # 10.1: a 信函's first page has none, the others are numbered


class PageNumberStyle(Enum):
    """How page numbers look."""

    GBT9704 = auto()  # 7.5 "— N —" in 4号 宋体, odd pages 右空一字, even pages 左空一字


@dataclass(frozen=True)
class PageSetup:
    """A section's paper and type area: size and margins in twips, the line grid's pitch."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    line_pitch: int
    orientation: Orientation = Orientation.PORTRAIT


@dataclass(frozen=True)
class Section:
    """A run of pages with one setup, starting on a new page.

    Every section but the last ends with a paragraph (layout adds an empty one where the last block
    is a table), since a file format may need a paragraph to carry the section's end.
    """

    page: PageSetup
    numbers: PageNumbers
    blocks: tuple[Block, ...]


class Placement(Enum):
    """Where the 版记 (or 报尾) goes (7.4.1, 7.5)."""

    BOTTOM = "bottom"  # at the bottom of the body's last page
    NEW_PAGE = "new_page"  # at the bottom of the page after it
    BLANK_PAGE = "blank_page"  # after an unnumbered blank page, on an unnumbered page

    def alternatives(self) -> tuple[Placement, ...]:
        """Return the placements to try, in order, when this one put the 版记 on an odd page: the one
        that takes the fewest pages first (the last page's bottom, then a new page, then after a
        blank page), so that no blank page is added where the 版记 fits on the page before."""
        order = (Placement.BOTTOM, Placement.NEW_PAGE, Placement.BLANK_PAGE)
        return tuple(p for p in order if p is not self)


@dataclass(frozen=True)
class Metadata:
    """What the file says about itself: title, subject (the number), creator (the organs), date (ISO)."""

    title: str
    subject: str
    creator: str
    date: str


@dataclass(frozen=True)
class OfficeHead:
    """The office's own 版头 to copy in place of the one laid out (issue 19 c), and the 发文字号 it takes."""

    template: OfficeTemplate
    number: str


@dataclass(frozen=True)
class PlacedDocument:
    """A document laid out: its sections in order, page numbers, metadata, the estimate's page count.

    ``placement`` is where the 版记 went (BOTTOM when there is none); ``pages`` the estimated page count;
    ``even_pages`` whether the 版记 (or 报尾) must end on an even page: printed double-sided (7.5).
    """

    sections: tuple[Section, ...]
    metadata: Metadata
    placement: Placement
    pages: int
    page_number_style: PageNumberStyle = PageNumberStyle.GBT9704
    even_pages: bool = False
    notes: tuple[str, ...] = ()  # what the layout had to give up, for the summary (a date broken in a table)
    office_head: OfficeHead | None = None  # the office's own 版头 replaces the laid-out one in the .docx

    def blocks(self) -> tuple[Block, ...]:
        """Return every block of every section, in order."""
        return tuple(block for section in self.sections for block in section.blocks)
