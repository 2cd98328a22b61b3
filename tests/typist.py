"""Type a document model into a Word draft the way people do (for the 一键排版 tests).

Every choice is drawn from a seeded ``random.Random``: 宋体 or 微软雅黑 at 小四 everywhere, headings in
bold body font with their numbers typed by hand in any of the usual styles (一、 一. （一） (一) 1. 1、
１． （1） (1)) and now and then skipped (（一）（三）), paragraphs indented with spaces, full-width spaces
or a first-line indent, long paragraphs broken by hand with Enter or Shift+Enter every 30-40
characters, the date written 2020.10.12 or 2020-10-12 or in Chinese numerals, the 署名 pushed right
with spaces, 附件说明 on several lines, attachments after the date, 抄送 and 印发 as plain lines.
"""

from __future__ import annotations

import random
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from word_drafts import typed

from docgen.load.patterns import width
from docgen.model import Block, Document, Heading, Paragraph, Table

CN = "〇一二三四五六七八九"
TERMINAL = "。！？；：”）"


def _label(level: int, n: int, rng: random.Random) -> str:
    from docgen.numbering import chinese_numeral

    if level == 1:
        return chinese_numeral(n) + rng.choice(["、", "、", ".", "．"])
    if level == 2:
        return rng.choice(["（{}）", "({})"]).format(chinese_numeral(n))
    if level == 3:
        digits = (
            str(n)
            if rng.random() < 0.8
            else str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        )
        return digits + rng.choice([".", "、", "．"])
    return rng.choice(["（{}）", "({})"]).format(n)


def _date(when: object, rng: random.Random) -> str:
    y, m, d = when.year, when.month, when.day  # type: ignore[attr-defined]
    forms = [
        f"{y}年{m}月{d}日",
        f"{y}.{m}.{d}",
        f"{y}-{m:02d}-{d:02d}",
        f"{y}/{m}/{d}",
        f"{y}年{m:02d}月{d:02d}日",
        "".join(CN[int(c)] for c in str(y)) + f"年{_cn(m)}月{_cn(d)}日",
    ]
    return rng.choice(forms)


def _cn(n: int) -> str:
    from docgen.numbering import chinese_numeral

    return chinese_numeral(n)


class Typist:
    """Types one document into a .docx draft."""

    def __init__(self, seed: str) -> None:
        self.rng = random.Random(seed)
        self.font = self.rng.choice(["宋体", "微软雅黑"])
        self.doc: DocxDocument = new_docx()
        self.indent = self.rng.choice(["    ", "　　", "first-line", "  "])
        self.wrap = self.rng.choice([0, 0, 30, 35, 40])  # hand-broken lines every N characters (0: never)
        self.shift_enter = self.rng.random() < 0.3

    def line(self, text: str, *, bold: bool = False, size: float = 12, align: str = "") -> None:
        paragraph = self.doc.add_paragraph()
        if align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if text:
            typed(paragraph, text, bold=bold, size=size, font=self.font)

    def paragraph(self, text: str, *, bold_prefix: str = "") -> None:
        """Type a paragraph: indented, broken by hand where the typist does so."""
        chunks = [text]
        if self.wrap and len(text) > self.wrap + 5:
            chunks, rest = [], text
            while width(rest) > self.wrap:
                cut = 1
                while width(rest[: cut + 1]) <= self.wrap:  # the line is full where Word would wrap it
                    cut += 1
                while cut > 10 and (rest[cut - 1] in TERMINAL or _unbreakable(rest, cut)):
                    cut -= 1  # inside a sentence, not inside a number or a Latin word (Word wraps neither)
                chunks.append(rest[:cut])
                rest = rest[cut:]
            chunks.append(rest)
        lead = "" if self.indent == "first-line" else self.indent
        if self.shift_enter:
            paragraph = self.doc.add_paragraph()
            self._indent(paragraph)
            typed(paragraph, lead + "\n".join(chunks), font=self.font)
            return
        for index, chunk in enumerate(chunks):
            paragraph = self.doc.add_paragraph()
            if index == 0:
                self._indent(paragraph)
            typed(paragraph, (lead if index == 0 else "") + chunk, font=self.font)

    def _indent(self, paragraph: object) -> None:
        if self.indent == "first-line":
            paragraph.paragraph_format.first_line_indent = Pt(24)  # type: ignore[attr-defined]

    def blocks(self, blocks: tuple[Block, ...]) -> None:
        counts = [0] * 5
        skipped = False
        for block in blocks:
            if isinstance(block, Heading):
                counts[block.level] = int(_value(block.label))
                shown = counts[block.level]
                if not skipped and shown > 1 and self.rng.random() < 0.15:
                    shown, skipped = shown + 1, True  # a number skipped by hand: renumbered back
                label = _label(block.level, shown, self.rng)
                space = self.rng.choice(["", "", " "])
                if block.run_in:
                    self.line(f"{label}{space}{block.text}{block.run_in}", bold=False)
                else:
                    self.line(f"{label}{space}{block.text}", bold=self.rng.random() < 0.7)
            elif isinstance(block, Paragraph):
                self.paragraph(block.text)
            elif isinstance(block, Table):
                table = self.doc.add_table(rows=len(block.rows), cols=block.columns)
                for r, row in enumerate(block.rows):
                    for c, text in enumerate(row):
                        table.cell(r, c).text = text

    def type(self, doc: Document, path: Path) -> Path:
        """Type ``doc`` and save the draft at ``path``."""
        for part in _title_lines(doc.title.replace("\n", ""), self.rng):
            self.line(part, bold=True, size=18, align="center")
        self.line("")
        if doc.addressees:
            self.line(doc.addressees)
        self.blocks(doc.body)
        self.line("")
        titles = doc.attachment_titles
        if titles:
            if len(titles) == 1:
                self.line(f"附件：{titles[0]}")
            else:
                self.line(f"附件：1.{titles[0]}")
                for n, title in enumerate(titles[1:], start=2):
                    self.line(f"      {n}.{title}")
            self.line("")
        push = self.rng.choice(["", "right", "spaces"])
        for organ in doc.signature.organs:
            self.line(
                ("                        " if push == "spaces" else "") + organ,
                align=push if push == "right" else "",
            )
        self.line(
            ("                            " if push == "spaces" else "")
            + _date(doc.signature.date, self.rng),
            align=push if push == "right" else "",
        )
        if doc.note_text:
            self.line(doc.note_text)
        for attachment in doc.attachments:
            self.line(attachment.label)
            self.line(attachment.title, align="center")
            self.blocks(attachment.blocks)
        if doc.imprint is not None:
            if doc.imprint.cc:
                self.line("抄送：" + "，".join(doc.imprint.cc) + "。")
            self.line(f"{doc.imprint.printed_by}      {doc.imprint.printed_text}")
        self.doc.save(str(path))
        return path


def _unbreakable(text: str, cut: int) -> bool:
    """True if ``cut`` falls inside a run of Latin letters, digits and their marks (2025, EPC, a URL)."""
    return cut < len(text) and text[cut - 1].isascii() and text[cut].isascii() and not text[cut - 1].isspace()


def _value(label: str) -> int:
    from docgen.load.patterns import numeral

    digits = "".join(c for c in label if c.isdigit() or c in "一二三四五六七八九十百零〇")
    return numeral(digits)


def _title_lines(title: str, rng: random.Random) -> list[str]:
    if len(title) <= 18 or rng.random() < 0.4:
        return [title]
    cut = rng.randint(8, len(title) - 6)
    return [title[:cut], title[cut:]]
