"""A notice's body (or an attachment's, a 纪要's, a bulletin's) as written, read into blocks.

    # 指导思想                    -> a level-1 heading
    ## 强化组织领导。正文……       -> a level-2 heading, its run-in body text kept in the text
    ### / ####                    -> level-3 and level-4 headings
    Any other line is one paragraph; blank lines are ignored; <!-- comments --> are dropped.
    | 表头 | 表头 |                -> a table (the second line may be |---|---|)

Every block keeps its source line, for the messages that point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DataError, Location, raise_problems
from docgen.i18n import _
from docgen.load.attachment_table import header_spans
from docgen.load.header import two_row_header
from docgen.load.notice_lines import Joined, body_lines
from docgen.model import Span, check_text


@dataclass(frozen=True)
class SourceBlock:
    """One block of a body as written: a heading (level 1-4), a paragraph or a table, with its line."""

    line: int
    level: int = 0
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    header_rows: int = 1  # a table's heading rows (an attachment sheet's header may take two)
    note: str = ""  # a table's note printed above it (单位：万元)
    spans: tuple[Span, ...] = ()  # a table's merged header cells
    below: tuple[str, ...] = ()  # a table's notes printed under it (注：…)


_HEADING = re.compile(r"^(#{1,4})(?!#)\s*(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def parse_body(text: str, source: Path | str, first_line: int = 1) -> tuple[SourceBlock, ...]:
    """Parse a Markdown-like body into blocks, one paragraph a line; every block keeps its line number."""
    return _parse_lines(list(enumerate(text.splitlines(), start=first_line)), source)


def read_body(
    text: str, source: Path | str, first_line: int = 1
) -> tuple[tuple[SourceBlock, ...], list[Joined]]:
    """Parse a notice's body as typed or pasted into blocks, the lines of a sentence broken by a paste
    joined (docgen/load/notice_lines.py); return the blocks and the joins made."""
    lines, joined = body_lines(text, first_line)
    return _parse_lines(lines, source), joined


def _parse_lines(lines: list[tuple[int, str]], source: Path | str) -> tuple[SourceBlock, ...]:
    """Return the blocks of a body's (line number, text) lines; raise every wrong line's problem at once."""
    blocks: list[SourceBlock] = []
    problems: list[DataError] = []
    table: list[tuple[str, ...]] = []
    table_line = 0
    in_comment = False
    comment_line = 0

    def flush_table() -> None:
        if table:
            rows = tuple(table)
            same = len(rows) > 2 and len(rows[0]) == len(rows[1])  # a ragged row is refused below
            header_rows = 2 if same and two_row_header(rows[0], rows[1]) else 1
            spans = header_spans(rows, header_rows)
            blocks.append(SourceBlock(line=table_line, rows=rows, header_rows=header_rows, spans=spans))
            table.clear()

    for number, raw in lines:
        line = raw.strip()
        try:
            check_text(raw, "body")
        except DataError as error:
            problems.append(error.at(file=source, line=number))
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if line.startswith("<!--"):
            in_comment = "-->" not in line
            comment_line = number
            continue
        if line.startswith("|"):
            if not table:
                table_line = number
            if not _TABLE_RULE.match(line):
                table.append(tuple(cell.strip() for cell in line.strip("|").split("|")))
            continue
        flush_table()
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            level, content = len(heading.group(1)), heading.group(2).strip()
            if not content:
                problems.append(
                    DataError(_("a heading without text"), Location(file=source, line=number, field="body"))
                )
                continue
            blocks.append(SourceBlock(line=number, level=level, text=content))
        elif line.startswith("#"):
            problems.append(
                DataError(_("headings have 1 to 4 '#'"), Location(file=source, line=number, field="body"))
            )
        else:
            blocks.append(SourceBlock(line=number, text=line))
    flush_table()
    if in_comment:
        problems.append(
            DataError(
                _("this comment '<!--' is not closed by '-->'; the rest of the body would be lost"),
                Location(file=source, line=comment_line, field="body"),
            )
        )
    for block in blocks:
        if block.rows:
            width = len(block.rows[0])
            for index, row in enumerate(block.rows):
                if len(row) != width:
                    problems.append(
                        DataError(
                            _("this table row has {n} cells, its first row has {width}").format(
                                n=len(row), width=width
                            ),
                            Location(
                                file=source, line=block.line + index + (1 if index else 0), field="body"
                            ),
                        )
                    )
    raise_problems(problems)
    return tuple(blocks)
