"""Read a draft (.docx, .md, .txt) into the lines, tables and pictures of its writer, nothing recognised yet.

A .docx is read with python-docx after the package checks of docgen/load/limits.py (zip bombs,
DTDs, size); each paragraph's effective alignment, size and colour come from the checker's
reader (docgen/check/docx_read.py), so a heading in bold 宋体 is a line like any other: what it
is is decided by its text.  A manual line break (Shift+Enter) starts a line marked ``soft``.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from docgen.check.docx_elements import is_red
from docgen.check.docx_lists import ListNumbers
from docgen.check.docx_read import (
    load,
    paragraph_look,
    paragraph_properties,
    text_boxes,
    visible_text,
)
from docgen.draft.pictures import DraftPicture, paragraph_pictures, table_pictures
from docgen.errors import DataError, Location, library_error_text
from docgen.i18n import _
from docgen.load.hand_breaks import INDENT
from docgen.load.limits import read_docx_bytes
from docgen.load.notice_lines import typed_lines
from docgen.load.old_office import docx_advice, renamed_docx
from docgen.load.tables import read_text_file

# Characters XML 1.0 cannot hold (a .txt may carry them); they are dropped, the rest kept as typed.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Lines a draft of a 公文 can have: more is not a draft but a book, refused before recognising.
MAX_DRAFT_LINES = 20_000
OLD_FORMATS = (".doc", ".wps", ".wpt", ".dot", ".et", ".xls", ".rtf", ".odt", ".ott", ".fodt")


@dataclass(frozen=True)
class Line:
    """One line of a draft as typed: its text (ends trimmed) and how it was set."""

    text: str
    number: int  # the paragraph (or text line) of the draft it comes from, from 1
    indented: bool = False  # begins with spaces or a first-line indent: a paragraph starts here
    centred: bool = False
    right: bool = False
    size: float | None = None  # the largest run size in points, when the file says
    red: bool = False
    soft: bool = False  # after a manual line break inside one paragraph
    outline: int = 0  # a heading by its form, not its text: Markdown's # depth, Word's outline level + 1
    listed: bool = False  # a list item by its form (Markdown's - item, its mark dropped): starts a paragraph
    numbered: bool = False  # Word's automatic numbering or bullet stands before it (a list item, never a 署名)
    footnotes: tuple[str, ...] = ()  # the texts of the footnotes and endnotes referred to in its paragraph

    @property
    def heading_mark(self) -> bool:
        """True for a line marked as a heading (# …, a Word heading style)."""
        return self.outline > 0

    @property
    def blank(self) -> bool:
        """True for an empty line (a paragraph boundary)."""
        return not self.text


@dataclass(frozen=True)
class TableRows:
    """A table of the draft: its rows of cell texts, rectangular."""

    rows: tuple[tuple[str, ...], ...]
    number: int


Item = Line | TableRows | DraftPicture


def refuse_old_format(path: Path) -> None:
    """Raise DataError for a .doc/.wps/.et file: it has to be saved as .docx first."""
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS and renamed_docx(path):  # a .docx renamed .wps: rename it back (wps13)
        raise DataError(docx_advice(path), Location(file=path))
    if suffix in OLD_FORMATS:
        raise DataError(
            _("{suffix} files cannot be read; open it in Word or WPS and save it as .docx").format(
                suffix=suffix
            ),
            Location(file=path),
        )


def read_draft(path: Path) -> list[Item]:
    """Return the lines and tables of a draft file, in order."""
    refuse_old_format(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _read_docx(path)
    if suffix in (".md", ".markdown", ".txt"):
        text = read_text_file(path)
        _refuse_long(text.count("\n") + 1, path)  # before a Line is made of each
        return _read_markdown(text) if suffix != ".txt" else _read_text(text)
    raise DataError(
        _("a draft is a Word document (.docx), Markdown (.md) or text (.txt), not {suffix}").format(
            suffix=suffix or "?"
        ),
        Location(file=path),
    )


def _refuse_long(count: int, path: Path) -> None:
    if count > MAX_DRAFT_LINES:
        raise DataError(
            _("the draft has {n} lines, more than the {limit} a document can have").format(
                n=count, limit=MAX_DRAFT_LINES
            ),
            Location(file=path),
        )


# Invisible break marks a typed draft should not carry over: zero-width space, word joiner, BOM
# (docgen's own .docx holds the first two, docgen/layout/breaks.py; pasted web text any of them),
# and bidi controls (the model refuses them, docgen/model_text.py; a draft's are dropped, made inert).
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff" + _BIDI_CONTROLS))


def clean(text: str) -> str:
    """Return text without the characters a document cannot hold or invisible break marks, tabs
    and odd spaces made plain."""
    return _ILLEGAL.sub("", text).translate(_INVISIBLE).replace("\t", " ").replace("\u00a0", " ")


# ---- .docx


def _read_docx(path: Path) -> list[Item]:
    data = read_docx_bytes(path)
    try:
        doc = load(data)
    except (ValueError, KeyError, zipfile.BadZipFile) as error:  # a relationship to ../../etc/passwd: a part
        # python-docx looks for in the zip and does not find (KeyError, 内部错误 before hostile12)
        raise DataError(
            _("not a Word document (.docx): {error}").format(error=library_error_text(error)), Location(file=path)
        ) from error
    _refuse_long(sum(1 for _p in doc.element.body.iter(qn("w:p"))), path)  # counted before each is read
    if next(doc.element.body.iter(qn("w:altChunk")), None) is not None:
        # text imported whole from another file (HTML, RTF, another .docx) that Word merges in only when
        # it opens the draft: its text was left out without a word (hostile12)
        raise DataError(
            _(
                "the draft holds text imported from another file (an alternative chunk) that docgen cannot "
                "read; open the draft in Word or WPS and save it again, which makes it ordinary text"
            ),
            Location(file=path),
        )
    items: list[Item] = []
    counter = [0]
    _read_container(_Reading(doc, ListNumbers.of(doc), _notes(doc)), doc.element.body, items, counter)
    return items


@dataclass(frozen=True)
class _Reading:
    """A .docx being read: the document, its lists' counters (advanced in reading order), the texts
    of its footnotes and endnotes by (reference tag, id)."""

    doc: Any
    numbers: ListNumbers
    notes: dict[tuple[str, str], str]


_NOTE_PARTS = {RT.FOOTNOTES: ("w:footnote", "w:footnoteReference"), RT.ENDNOTES: ("w:endnote", "w:endnoteReference")}


def _notes(doc: Any) -> dict[tuple[str, str], str]:
    """Return the text of each footnote and endnote of ``doc`` by (its reference's tag, its id)."""
    found: dict[tuple[str, str], str] = {}
    for rel in doc.part.rels.values():
        if rel.reltype not in _NOTE_PARTS or rel.is_external:
            continue
        tag, reference = _NOTE_PARTS[rel.reltype]
        root = parse_xml(rel.target_part.blob)
        for item in root.iterfind(qn(tag)):
            text = "".join(_typed_text(doc, p) for p in item.iter(qn("w:p")))
            found[(qn(reference), str(item.get(qn("w:id"))))] = " ".join(clean(text).split())
    return found


def _read_container(reading: _Reading, container: Any, items: list[Item], counter: list[int]) -> None:
    doc = reading.doc
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            counter[0] += 1
            items.extend(_paragraph_lines(reading, DocxParagraph(child, doc._body), counter[0]))
            items.extend(paragraph_pictures(doc.part, child, counter[0]))  # after the text of their paragraph
            for box in text_boxes(child):  # what is typed in a text box comes after its anchor
                _read_container(reading, box, items, counter)
        elif child.tag == qn("w:tbl"):
            counter[0] += 1
            rows = _table_rows(reading, DocxTable(child, doc._body))
            if rows:
                items.append(TableRows(rows, counter[0]))
            items.extend(table_pictures(child, counter[0]))
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):  # content controls, OA systems' tags
            content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
            if content is not None:
                _read_container(reading, content, items, counter)


def _typed_text(doc: Any, p: Any) -> str:
    """Return a paragraph's text with tracked insertions, without deletions, hidden text, text boxes
    or the fallback copies of drawings; tabs as spaces (the check rules' reader, ``visible_text``)."""
    return visible_text(doc, p, tab=" ")


def _paragraph_lines(reading: _Reading, paragraph: DocxParagraph, number: int) -> list[Line]:
    doc = reading.doc
    look = paragraph_look(doc, paragraph)
    sizes = [s for s in look.sizes if s is not None]
    centred = look.align in ("center", "distribute")
    right = look.align in ("right", "end")
    red = any(is_red(c) for c in look.colors)
    first_indent = (look.first_line or 0) > 0 or (look.left or 0) > 200
    level = next(
        (
            found.get(qn("w:val"))
            for c in paragraph_properties(doc, paragraph._p)
            if c is not None and (found := c.find(qn("w:outlineLvl"))) is not None
        ),
        None,
    )
    # a hostile draft's outline level is any text (² or 5000 nines ended as 内部错误, hostile12)
    outline = int(level) + 1 if level is not None and str(level) in tuple("012345678") else 0
    lines: list[Line] = []
    label = reading.numbers.paragraph(paragraph_properties(doc, paragraph._p))  # the number Word shows now
    footnotes = tuple(
        text
        for ref in paragraph._p.iter(qn("w:footnoteReference"), qn("w:endnoteReference"))
        if (text := reading.notes.get((ref.tag, str(ref.get(qn("w:id"))))))
    )
    text = label.text + _typed_text(doc, paragraph._p)
    for index, part in enumerate(clean(text).split("\n")):
        lines.append(
            Line(
                text=part.strip(" \u3000"),
                number=number,
                indented=bool(INDENT.match(part)) or (index == 0 and first_indent),
                centred=centred,
                right=right,
                size=max(sizes) if sizes else None,
                red=red,
                soft=index > 0,
                outline=outline,
                numbered=bool(label.text) or label.bullet,
                footnotes=footnotes if index == 0 else (),
            )
        )
    return lines


def _table_rows(reading: _Reading, table: DocxTable) -> tuple[tuple[str, ...], ...]:
    """Return a table's rows as a rectangle, each cell's paragraphs with the numbers Word's automatic
    numbering puts before them (a 序号 column); a merged cell keeps its text once (its first place)."""
    rows: list[tuple[str, ...]] = []
    seen: set[Any] = set()  # the w:tc elements themselves (held, so that their proxies stay the same)
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            if cell._tc in seen:
                cells.append("")
                continue
            text = " ".join(_cell_paragraph(reading, p) for p in cell._tc.iter(qn("w:p")))
            cells.append(" ".join(clean(text).split()))
            seen.add(cell._tc)
        rows.append(tuple(cells))
    width = max((len(r) for r in rows), default=0)
    rows = [r + ("",) * (width - len(r)) for r in rows if any(r)]
    return tuple(rows)


def _cell_paragraph(reading: _Reading, p: Any) -> str:
    """Return the text of a paragraph in a table cell with its list number, counted in reading order."""
    label = reading.numbers.paragraph(paragraph_properties(reading.doc, p))
    return label.text + _typed_text(reading.doc, p)


# ---- text and Markdown


def _read_text(text: str) -> list[Item]:
    """Return a text draft's lines split as ``render`` splits a pasted body (a U+2028 or U+000B line
    break is a soft one, inside the line an editor numbers)."""
    return [_text_line(line.raw, line.number, soft=line.soft) for line in typed_lines(text)]


def _text_line(raw: str, number: int, **how: Any) -> Line:
    raw = clean(raw).rstrip()
    return Line(text=raw.strip(" \u3000"), number=number, indented=bool(INDENT.match(raw)), **how)


_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_BULLET = re.compile(r"^(\s*)[-*+]\s+")


def _read_markdown(text: str) -> list[Item]:
    """Return a Markdown draft's lines: # headings marked, pipe tables as tables, ** dropped."""
    raw_lines = text.splitlines()
    items: list[Item] = []
    index = 0
    while index < len(raw_lines):
        raw = raw_lines[index]
        number = index + 1
        if (
            raw.strip().startswith("|")
            and index + 1 < len(raw_lines)
            and _MD_TABLE_RULE.match(raw_lines[index + 1].strip())
        ):
            rows = [_md_cells(raw)]
            index += 2
            while index < len(raw_lines) and raw_lines[index].strip().startswith("|"):
                rows.append(_md_cells(raw_lines[index]))
                index += 1
            width = max(len(r) for r in rows)
            items.append(TableRows(tuple(r + ("",) * (width - len(r)) for r in rows), number))
            continue
        heading = _MD_HEADING.match(raw)
        previous = items[-1] if items else None
        if heading:
            items.append(_text_line(_plain(heading.group(2)), number, outline=len(heading.group(1))))
        else:
            # a line right under a text line is the same Markdown paragraph, unless it is indented
            # (spaces or “　　”): then it starts one, as in a .txt (a Word text pasted into a .md); a
            # list item (- …) starts one too (hand_breaks.paragraphs: a list item's line of its own)
            listed = bool(_MD_BULLET.match(raw))
            line = _text_line(_plain(raw), number, listed=listed)
            soft = isinstance(previous, Line) and not previous.blank and not previous.heading_mark
            items.append(replace(line, soft=soft and not line.indented and not listed))
        index += 1
    return items


def _plain(text: str) -> str:
    """Return Markdown text as typed text: no emphasis marks, bullets or escapes."""
    return _MD_BULLET.sub(r"\1", _MD_EMPHASIS.sub(r"\2", text)).replace("\\", "")


def _md_cells(raw: str) -> tuple[str, ...]:
    inner = raw.strip().strip("|")
    return tuple(_plain(cell.strip()) for cell in inner.split("|"))
