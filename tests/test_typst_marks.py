"""Full-width marks in a row keep their full width under Typst, as under LibreOffice and the 28-字 grid.

Typst sets a full-width mark half wide when another follows it (clreq 3.1.6.1, always on for
zh-CN): 「（2025年修订）》」 took 1.5 字 for its 「）》」, the line gained half a 字 and took the 「42」
that LibreOffice and the estimate carry to the next line (outsider6 #7: 「…第42|次…」 under Typst,
「…第|42次…」 under LibreOffice).  Compiled by Typst, read back with pdfplumber.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pdfplumber

from docgen import standard as S
from docgen.check.pdf_pages import text_lines
from docgen.check.pdf_read import measure
from docgen.emit.typst import markup as m
from docgen.emit.typst.compile import compile_pdf, render_pdf
from docgen.emit.typst.fonts import face
from docgen.emit.typst.styles import BODY_TRACKING_PT
from docgen.layout.estimate import NO_LINE_START, break_lines
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from generate import write_notice  # noqa: E402

# outsider6's 令-长标题.md: its one body paragraph
ORDER = (
    "《长子县政府投资重点项目建设全过程监督管理和考核问责暂行办法（2025年修订）》已经2025年9月28日"
    "县人民政府第42次常务会议审议通过，现予公布，自2025年11月1日起施行。"
)
MARKS = "，。、；：？！）】》〉」』〕”’（【《〈「『〔“‘"


def _rows(pdf: bytes) -> list[list[dict]]:
    """Return the PDF's lines of text, each its characters left to right."""
    rows: dict[tuple[int, int], list[dict]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        for page in opened.pages:
            for char in page.chars:
                rows.setdefault((page.page_number, round(char["top"])), []).append(char)
    return [sorted(row, key=lambda c: c["x0"]) for _key, row in sorted(rows.items())]


def test_every_pair_of_marks_keeps_both_full_width() -> None:
    """「字XY字」 for every pair of full-width marks, in a box as guard_marks makes it: the last 字
    three body advances after the first (16 pt less the -0.25 pt tracking each), in the body's
    tracked style and in an untracked one (a title's)."""
    pairs = [a + b for a in MARKS for b in MARKS]
    for tracking in (BODY_TRACKING_PT, 0.0):
        style = m.TextStyle(face(S.FONT_FANGSONG), S.BODY_PT, tracking_pt=tracking)
        fmt = m.ParagraphFormat(16, 20, align="left")
        lines = "".join(m.paragraph(m.text(f"字{pair}字", style), fmt) for pair in pairs)
        page = m.PageFormat(210, 297, 10, 10, 10, 10, None)
        rows = _rows(compile_pdf(m.document("t", "a", "k", (2025, 1, 1), m.section(page, lines))))
        assert ["".join(c["text"] for c in row) for row in rows] == [f"字{pair}字" for pair in pairs]
        advance = S.BODY_PT + tracking
        short = [
            f"{pair} {(row[-1]['x0'] - row[0]['x0']) / advance:.2f}"
            for pair, row in zip(pairs, rows, strict=True)
            if abs(row[-1]["x0"] - row[0]["x0"] - 3 * advance) > 0.05
        ]
        assert not short, (tracking, short[:10], len(short))


def test_a_line_of_the_order_breaks_where_libreoffice_breaks_it(tmp_path: Path) -> None:
    """outsider6 #7: the 令's paragraph is set on the estimate's lines (LibreOffice's: 「…人民政府第」
    then 「42次常务会议…」), 「》」 a whole 字 after 「）」."""
    source = tmp_path / "n.md"
    source.write_text(
        "---\n发文机关: zhangzi\n发文字号: 长子政办发〔2025〕3号\n标题: 关于公布办法的通知\n"
        f"主送: 各乡镇人民政府\n成文日期: 2025-10-09\n---\n{ORDER}\n",
        encoding="utf-8",
    )
    pdf = render_pdf(compose_notice_file(source, RunResources())).pdf
    rows = ["".join(c["text"] for c in row) for row in _rows(pdf)]
    wanted = break_lines(ORDER, S.CHARS_PER_LINE - S.BODY_FIRST_LINE_CHARS, S.CHARS_PER_LINE)
    assert wanted[1].endswith("人民政府第")  # the estimate's lines, LibreOffice's
    assert wanted[2].startswith("42次")
    start = rows.index(wanted[0])
    assert rows[start : start + len(wanted)] == wanted
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        chars = [c for c in opened.pages[0].chars if c["text"] in "）》"]
    close, angle = chars[0], chars[1]
    assert abs(angle["x0"] - close["x0"] - (S.BODY_PT + BODY_TRACKING_PT)) < 0.05


def _corpus_lines(index: int, folder: Path) -> list[str]:
    """Return the text lines (page numbers aside) of seed 14's notice ``index`` typeset by Typst."""
    write_notice(14, index, folder)
    pdf = folder / f"n14-{index:03}.pdf"
    pdf.write_bytes(render_pdf(compose_notice_file(folder / f"n14-{index:03}.md", RunResources())).pdf)
    return ["".join(line.text.split()) for page in measure(pdf) for line in text_lines(page)]


def test_no_line_starts_with_a_closing_mark_where_the_layout_cut_the_runs(tmp_path: Path) -> None:
    """The layout cuts a paragraph into runs (the spacing LibreOffice spreads a line's slack with);
    a closing mark that starts a run stays with the word before it, a 文号's 「〕」 with its number,
    as LibreOffice sets them (corpus seed 14: n14-000 「同比增长」 / 「118.1%；督办」, n14-007
    「…后3位的单」 / 「位，由县」, n14-006 「（伊政办」 / 「〔2024〕130号）」; Typst began lines with
    「；」 and 「，」 and ended one with 「〔2024〕」)."""
    lines = {index: _corpus_lines(index, tmp_path) for index in (0, 6, 7)}
    for index, texts in lines.items():
        assert not [t for t in texts if t[:1] in NO_LINE_START], index
        assert not [t for t in texts if t.endswith("〕")], index
    assert any(t.endswith("同比增长") for t in lines[0])
    assert any(t.startswith("118.1%；") for t in lines[0])
    assert any(t.endswith("（伊政办") for t in lines[6])
    assert any(t.startswith("〔2024〕130号）") for t in lines[6])
