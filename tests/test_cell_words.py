"""Table cells wrap only between words (issue 14, Build 4; layout/cellwords.py): each word of 汉字
held by word joiners in a zxx run, as dates are; the column solver and the row heights count words
as unbreakable; a word wider than its column breaks inside and the layout says so.  Checked on real
LibreOffice and Typst PDFs: every line of a narrow 项目名称 column ends between two words, the PDF
text has no marks, and each cell takes the lines the layout counted."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest
from helpers import libreoffice_pdf, typst_pdf, with_table
from test_corpus import measure_notice

from docgen import standard as S
from docgen.convert.pool import ConverterPool
from docgen.layout.breaks import JOIN, plain
from docgen.layout.cellwords import cell_runs, word_spans
from docgen.layout.columns import count_lines, units
from docgen.layout.tables import CELL_PADDING, TableLayout, split_words, table_block, table_layout
from docgen.model import Table
from docgen.words import compound_joints, words

NAMES = (
    "长子县农产品冷链物流项目",
    "城乡一体化示范区污水处理厂提标改造工程",
    "伊川县人民医院新院区建设项目",
    "三门峡市生态修复综合治理项目",
    "灵宝市黄金产业园基础设施建设",
    "卢氏县旅游公路提升改造工程",
    "长子县石哲镇城区集中供热管网改造及智慧化运营管理平台建设项目",
    "渑池县仰韶文化遗址公园建设项目",
)
UNITS = ("县农业农村局", "县工业和信息化局", "碾张乡工业园区", "县住房和城乡建设局")
# a 项目名称 column squeezed by dates, 文号 and phone numbers (held whole): 小四 on a landscape page
ROWS = (
    ("序号", "项目名称", "责任单位", "计划开工", "计划竣工", "批复文号", "联系电话"),
    *(
        (str(i), name, UNITS[i % 4], "2025年3月15日", "2026年10月30日", "长发改投资〔2025〕118号", "0355-88625121")
        for i, name in enumerate(NAMES, start=1)
    ),
)
def _shown(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    return [(text.replace(JOIN, "^"), held) for text, held in pieces]


def test_the_words_of_a_cell_are_held_and_the_rest_left_alone() -> None:
    pieces, too_wide = cell_runs("长子县农产品冷链物流项目", 6)
    assert too_wide == []
    assert "".join(plain(text) for text, _held in pieces) == "长子县农产品冷链物流项目"
    held = [text for text, whole in _shown(pieces) if whole]
    assert "冷^链" in "".join(held)  # 冷链|物流 or 冷链物流: never 冷|链
    assert "物^流" in "".join(held)
    spans = word_spans("长子县农产品冷链物流项目")
    assert all(end - begin >= 2 for begin, end in spans)
    # a date stays held as breaks.py holds it; the words around it are held too
    pieces, _ = cell_runs("计划于2025年3月15日开工建设", 8)
    assert _shown(pieces) == [("计^划", True), ("于", False), ("2025^年^3^月^15^日", True), ("开^工", True), ("建^设", True)]
    assert "".join(plain(text) for text, _held in pieces) == "计划于2025年3月15日开工建设"


def test_marks_stay_with_their_word_and_a_break_is_offered_before_a_year() -> None:
    # corpus n47-019: 「设备安装，2024年」 in a column of 5.2 字 came out 「设备|安|装，2024年」 — LibreOffice
    # finds no break in 「，|2024」 and broke the word before the mark instead
    pieces, too_wide = cell_runs("设备安装，2024年全县", 5.2)
    assert too_wide == []
    shown = [(text.replace(JOIN, "^").replace("\u200b", "|"), held) for text, held in pieces]
    assert shown[:3] == [("设^备", True), ("安^装^，|", True), ("2024^年", True)]
    # a phone number needs no marks but is one piece of the line count (not eleven)
    assert [round(p.width, 2) for p in units("电话13595074138")] == [2.0, 6.08]
    # a word and its mark wider than the column are not held (n47-015: 「施工，」 in 2.1 字)
    pieces, too_wide = cell_runs("主体施工，为认真", 2.09)
    assert too_wide == ["施工，"]
    assert ("施工，为", False) in pieces


def test_a_word_wider_than_its_column_is_left_to_break_and_named() -> None:
    pieces, too_wide = cell_runs("县住房和城乡建设局", 1.5)
    assert too_wide
    assert all(len(word) >= 2 for word in too_wide)
    assert not any(whole for _text, whole in pieces)
    # a form's given widths: a column one 字 wide breaks its words, and the layout names them
    table = Table(rows=(("甲", "乙"), ("基础设施", "一")), widths=(1, 60))
    assert split_words(table, table_layout(table)) == ["基础设施"]


def test_a_compound_too_wide_for_its_column_breaks_between_its_words() -> None:
    # the 排名通报's 单位 column (4.1 字) and 长子经济技术开发区: 技术|开发区, not 技术开|发区
    assert compound_joints("技术开发区") == (2,)
    assert compound_joints("管理委员会") == (2,)
    pieces, too_wide = cell_runs("长子经济技术开发区", 4.12)
    assert [(plain(text), held) for text, held in pieces] == [
        ("长子", True), ("经济", True), ("技术", True), ("开发区", True)
    ]
    assert too_wide == ["技术开发区"]
    assert count_lines(units("长子经济技术开发区"), 4.12) == 3  # 长子经济|技术|开发区
    pieces, too_wide = cell_runs("长子经济技术开发区", 6)
    assert too_wide == []
    assert ("技术开发区", True) in [(plain(text), held) for text, held in pieces]


def test_words_are_unbreakable_pieces_of_the_line_count() -> None:
    pieces = units("长子县农产品冷链物流项目")
    assert sum(p.width for p in pieces) == 12
    # as many lines as whole words fill greedily, not 12 / 5 rounded up
    lines, used = 1, 0
    for word in words("长子县农产品冷链物流项目"):
        if used + len(word) > 5:
            lines, used = lines + 1, 0
        used += len(word)
    assert count_lines(pieces, 5) == lines
    assert count_lines(pieces, 1) == 12  # narrower than every word: broken between characters


def _cells(pdf: Path) -> list[list[str]]:
    """Return every table cell of ``pdf`` as its lines of text, top to bottom."""
    found = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for table in page.find_tables():
                for row in table.rows:
                    for cell in row.cells:
                        if cell is None:
                            continue
                        chars = [
                            c
                            for c in page.chars
                            if cell[0] <= (c["x0"] + c["x1"]) / 2 <= cell[2]
                            and cell[1] <= (c["top"] + c["bottom"]) / 2 <= cell[3]
                        ]
                        lines: dict[int, list[dict]] = {}  # type: ignore[type-arg]
                        for char in chars:
                            lines.setdefault(round(char["top"]), []).append(char)
                        found.append(
                            ["".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])) for _, line in sorted(lines.items())]
                        )
    return found


def _breaks_inside_words(cells: list[list[str]]) -> tuple[int, list[str]]:
    """Return the line ends of ``cells`` and those inside a word of docgen.words's segmentation."""
    ends, inside = 0, []
    for lines in cells:
        text = "".join(lines)
        bounds, at = set(), 0
        for word in words(text):
            at += len(word)
            bounds.add(at)
        at = 0
        for line in lines[:-1]:
            at += len(line)
            ends += 1
            if at not in bounds:
                inside.append(f"{text[:at]}|{text[at:]}")
    return ends, inside


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("cellwords")
    table = Table(rows=ROWS, header_rows=1)
    return folder, with_table(folder, table), table


def test_libreoffice_wraps_a_narrow_name_column_only_between_words(document, pool: ConverterPool) -> None:  # type: ignore[no-untyped-def]
    folder, doc, table = document
    layout = table_layout(table)
    assert not layout.joints_broken
    pdf = libreoffice_pdf(doc, pool, folder / "words.pdf")
    cells = _cells(pdf)
    ends, inside = _breaks_inside_words(cells)
    assert ends >= 15  # the names do wrap
    assert inside == []
    measured = measure_notice("words", str(pdf), False)
    assert [d for d in measured.defects if d.kind in ("tables.words.pdf", "tables.tokens.pdf")] == []
    # what a reader copies is the text: no joiner reaches the PDF's text layer
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert JOIN not in text
    assert set(NAMES) <= {"".join(lines) for lines in cells}  # each name's characters, nothing between
    # each cell takes the lines the layout counted (so its widths and row heights are right)
    expected = _expected_lines(table, layout)
    got = {"".join(lines): len(lines) for lines in cells}
    assert {t: n for t, n in expected.items() if t in got} == {t: got[t] for t in expected if t in got}
    assert len([t for t in expected if t in got]) >= 20


def _expected_lines(table: Table, layout: TableLayout) -> dict[str, int]:
    char = layout.size_pt * S.TWIPS_PER_PT
    return {
        text: count_lines(units(text), (width - CELL_PADDING) / char)
        for row in table.rows
        for text, width in zip(row, layout.widths, strict=True)
    }


def test_typst_wraps_the_same_column_only_between_words(document) -> None:  # type: ignore[no-untyped-def]
    folder, doc, _table = document
    ends, inside = _breaks_inside_words(_cells(typst_pdf(doc, folder / "typst.pdf")))
    assert ends >= 15
    assert inside == []


def test_the_placed_table_holds_words_in_zxx_runs() -> None:
    table = Table(rows=ROWS, header_rows=1)
    block, _heights = table_block(table, table_layout(table))
    runs = [run for row in block.rows for cell in row.cells for p in cell.paragraphs for run in p.runs]
    held = [run.text for run in runs if run.whole and JOIN in run.text]
    assert any(plain(text) in ("冷链", "物流", "冷链物流") for text in held)


def test_header_words_broken_are_not_reported() -> None:
    """Header cells may break their words (they may take three lines): the note names body words only."""
    from docgen.model import Table

    header = tuple(f"基础设施建设{i}" for i in range(14))
    table = Table(rows=(header, *(tuple("甲" for _ in range(14)) for _ in range(3))), header_rows=1)
    layout = table_layout(table)
    assert split_words(table, layout) == []
