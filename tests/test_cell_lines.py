"""Word joiners only where a line end would cut a word (issue 14; layout/celllines.py): the .docx
holds a cell's group (a word, a date, a code with its marks) with U+2060 in a zxx run only when
LibreOffice's line would otherwise end inside it; a cell on one line carries no mark.  Checked in
the model (the lines end where they end with every group held) and on LibreOffice PDFs (no line
end inside a word, the docx far lighter than with every word held, no mark in the PDF's text)."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from docgen import standard as S
from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import render_docx
from docgen.layout import lay_out
from docgen.layout.breaks import BREAK, JOIN, plain
from docgen.layout.celllines import char_twips, held_at_line_ends, hold_at_line_ends
from docgen.layout.cellwords import cell_runs
from docgen.layout.estimate import _pieces
from docgen.layout.placed import ParagraphBlock, Role, Run, TableBlock
from docgen.model import Table
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

sys.path.insert(0, str(Path(__file__).resolve().parent))
from helpers import TABLE_NOTICE  # noqa: E402
from test_cell_words import NAMES, UNITS, _breaks_inside_words, _cells  # noqa: E402
from test_corpus import measure_notice  # noqa: E402


def _held(text: str, chars: float, size_pt: float = 14) -> list[tuple[str, bool]] | None:
    """Return the runs of ``text`` in a cell ``chars`` 字 wide for text, as the .docx holds them."""
    runs, _too_wide = cell_runs(text, chars)
    return held_at_line_ends(runs, round(chars * size_pt * S.TWIPS_PER_PT) + 30, size_pt)


def _shown(runs: list[tuple[str, bool]] | None) -> list[tuple[str, bool]]:
    assert runs is not None
    return [(t.replace(JOIN, "^").replace(BREAK, "|"), held) for t, held in runs]


def test_only_the_group_a_line_end_cuts_is_held() -> None:
    # 长子县农产品|冷链物流项目 in 6 字: only 冷链, which the first line's end would cut, is held
    assert _shown(_held("长子县农产品冷链物流项目", 6)) == [("长子县农产品", False), ("冷^链", True), ("物流项目", False)]
    # on one line: no mark, no zxx run
    assert _held("长子县农产品冷链物流项目", 12) == [("长子县农产品冷链物流项目", False)]
    # a date held where a line end would cut it, and the word after it when it wraps too
    assert _shown(_held("计划于2025年3月15日开工建设", 8)) == [
        ("计划于", False),
        ("2025^年^3^月^15^日", True),
        ("开^工", True),
        ("建设", False),
    ]
    # a closing mark stays with its word where the line ends (避头尾: 「（筹）」)
    assert _shown(_held("经济开发区（筹）", 5)) == [("经济开发区", False), ("（^筹^）", True)]


def test_the_break_before_a_year_stays_only_where_a_line_ends() -> None:
    # n47-019: LibreOffice finds no break in 「，|2024」: the zero-width space offers it where the line ends
    assert _shown(_held("设备安装，2024年全县", 5.2)) == [("设备安装，|", False), ("2024^年", True), ("全县", False)]
    assert _held("设备安装，2024年全县", 12) == [("设备安装，2024年全县", False)]


def test_a_line_end_close_to_the_room_with_digits_keeps_every_group_held() -> None:
    """Digits and Latin letters are measured in the face's advances, a few twips off at worst: a line
    end that close to the room is not trusted (the cell stays as cellwords holds it)."""
    text = "长子县50MW农光互补光伏发电工程"
    line = sum(char_twips("长子县50MW农光互补", 14))
    runs, _ = cell_runs(text, 20)
    assert held_at_line_ends(runs, round(line) + 5, 14) is None
    assert held_at_line_ends(runs, round(line) + 40, 14) is not None
    # 汉字 alone are exact: a line 1 twip wider than its text holds it, one as wide does not (measured)
    runs, _ = cell_runs("伊川县政府重点项目建设", 20)
    assert _shown(held_at_line_ends(runs, 5 * 280 + 1, 14)) == [
        ("伊川县政府", False),
        ("重^点^项^目", True),
        ("建^设", True),
    ]
    assert _shown(held_at_line_ends(runs, 5 * 280, 14))[:2] == [("伊川县", False), ("政^府", True)]


def _line_ends(runs: list[tuple[str, bool]], room: float) -> tuple[int, ...]:
    """Return where greedy lines ``room`` twips wide end (offsets into the plain text): a held run
    moves whole to the next line when it does not fit, other text breaks between its pieces."""
    text = plain("".join(t for t, _ in runs))
    widths = char_twips(text, 14)
    units = []
    for t, held in runs:
        units += [plain(t)] if held else [p for p in map(plain, _pieces(t)) if p]
    ends, used, at = [], 0.0, 0
    for unit in units:
        width = sum(widths[at : at + len(unit)])
        if used and used + width > room - 1:
            ends.append(at)
            used = 0.0
        used += width
        at += len(unit)
    return tuple(ends)


CASES = (
    *NAMES,
    *UNITS,
    "计划于2025年3月15日开工建设，2026年10月30日竣工投产",
    "已开工，加快5G基站、充电桩等新型基础设施建设，",
    "主体施工，要坚持有保有压，优化资源配置，从严控制高",
    "伊川县产业集聚区标准化厂房项目（一期）",
    "长发改投资〔2025〕118号批复，总投资12.5亿元",
    "长子县常张乡年产10万吨铝精深加工一期工程及附属配套设施工程",
)


@pytest.mark.parametrize("text", CASES)
def test_the_lines_end_where_they_end_with_every_group_held(text: str) -> None:
    """The rule is exact in its model: greedy lines end at the same places with only the cut groups
    held as with every group held, with fewer marks; a cell on one line carries none."""
    for room in range(560, 280 * len(text) + 600, 37):  # twips, 4号
        every, _ = cell_runs(text, (room - 30) / 280)
        if any(held and sum(char_twips(plain(t), 14)) > room - 1 for t, held in every):
            continue  # a date or code wider than its column: the columns never allow it
        found = held_at_line_ends(every, room, 14)
        if found is None:
            continue  # a line end with digits too close to the room to tell: every group held
        ends = _line_ends(found, room)
        assert ends == _line_ends(every, room), (text, room)
        assert plain("".join(t for t, _ in found)) == text
        assert sum(t.count(JOIN) for t, _ in found) <= sum(t.count(JOIN) for t, _ in every)
        if not ends:
            assert found == [(text, False)], (text, room)


def test_a_cell_formatted_by_runs_is_left_alone() -> None:
    paragraph = ParagraphBlock(Role.TABLE_TEXT, (Run("冷\u2060链", whole=True), Run("物流", color="FF0000")))
    assert hold_at_line_ends(paragraph, 600, 57) is paragraph
    single = ParagraphBlock(Role.TABLE_TEXT, (Run("冷\u2060链", whole=True), Run("物流")))
    assert hold_at_line_ends(single, 2000, 57).line_end_runs == (Run("冷链物流"),)


# ---- LibreOffice ---------------------------------------------------------------------------------

# the cells whose words the first version of this rule (the estimate's conservative room and half-width
# table) let LibreOffice cut, corpus seed 14: 「长子县50MW农光互|补」, 「优化资|源配置」, 「新型基础设|施」, 「总|投资」
HARD = (
    "长子县50MW农光互补光伏发电工程",
    "主体施工，要坚持有保有压，优化资源配置，从严控制高",
    "已开工，加快5G基站、充电桩等新型基础设施建设，",
    "已开工，2024年全县共安排重点项目46个，总投资",
    "长子县常张乡年产10万吨铝精深加工一期工程及附属配套设施工程",
    "伊川县政府重点项目建设",
)


def _document(folder: Path, tables: list[Table]):  # type: ignore[no-untyped-def]
    source = folder / "notice.md"
    source.write_text(TABLE_NOTICE, encoding="utf-8")
    doc = compose_notice_file(source, RunResources())
    return dataclasses.replace(doc, body=tuple(tables))


def _marks(docx: bytes) -> int:
    return zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode().count(JOIN)


def test_libreoffice_cuts_no_word_with_only_the_cut_groups_held(tmp_path: Path, pool: ConverterPool) -> None:
    # forms (widths given, 4号): 伊川县政府 in a line of 5 字 and 0–2 twips to spare, and the hard cells
    # in columns of 6–13 字 (as wide as their widest word and its marks); a table sized by the layout, as the corpus has them
    tables = [
        Table(rows=(("伊川县政府重点项目建设", "甲"),), widths=(1400 + 114 + d, S.TYPE_AREA_WIDTH - 1400 - 114 - d))
        for d in (0, 1, 2)
    ]
    for chars in (6, 7, 8, 9, 11, 13):
        width = chars * 280 + 114 + 7
        tables.append(Table(rows=tuple((text, "甲") for text in HARD), widths=(width, S.TYPE_AREA_WIDTH - width)))
    rows = (("序号", "项目名称", "进展情况", "计划开工", "批复文号", "联系电话"),) + tuple(
        (str(i), name, HARD[i % len(HARD)], "2025年3月15日", "长发改投资〔2025〕118号", "0355-88625121")
        for i, name in enumerate(NAMES + HARD, start=1)
    )
    tables.append(Table(rows=rows, header_rows=1))
    doc = _document(tmp_path, tables)
    data = render_docx(doc, RunResources().template).data
    docx = tmp_path / "cells.docx"
    docx.write_bytes(data)
    (outcome,) = pool.convert([(docx, tmp_path / "cells.pdf")])
    assert outcome.error is None, outcome.error
    cells = _cells(outcome.target)
    ends, inside = _breaks_inside_words(cells)
    assert ends >= 100
    assert inside == [], "\n".join(inside)
    measured = measure_notice("cells", str(outcome.target), False)
    assert [d for d in measured.defects if d.kind in ("tables.words.pdf", "tables.tokens.pdf")] == []
    text = subprocess.run(["pdftotext", str(outcome.target), "-"], capture_output=True, text=True, check=True).stdout
    assert JOIN not in text
    assert BREAK not in text
    # the layout holds every group (its runs, as the .docx had them before): several times the marks
    held = sum(
        run.text.count(JOIN)
        for section in lay_out(doc).sections
        for block in section.blocks
        if isinstance(block, TableBlock)
        for row in block.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if isinstance(run, Run)
    )
    assert _marks(data) * 3 < held


def test_no_cell_line_of_the_outsider_notice_starts_with_a_closing_mark(tmp_path: Path, pool: ConverterPool) -> None:
    """DEFECTS.md item 1 (tests/fixtures/outsider): notice-cc.md's 问题清单 set 「开发区（筹|）」 with 「）」 at
    a line start in a 3-字 column; the mark is held with its word where the line ends (「开发区|（筹）」)."""
    from docgen.layout.estimate import NO_LINE_START

    inputs = Path(__file__).resolve().parent / "fixtures" / "outsider"
    source = tmp_path / "notice-cc.md"
    source.write_text((inputs / "notice-cc.md").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(inputs / "attachments", tmp_path / "attachments")
    doc = compose_notice_file(source, RunResources())
    docx = tmp_path / "cc.docx"
    docx.write_bytes(render_docx(doc, RunResources().template).data)
    (outcome,) = pool.convert([(docx, tmp_path / "cc.pdf")])
    assert outcome.error is None, outcome.error
    cells = _cells(outcome.target)
    assert ["开发区", "（筹）"] in cells
    starts = [lines for lines in cells if any(line[:1] in NO_LINE_START for line in lines[1:])]
    assert starts == []
    measured = measure_notice("cc", str(outcome.target), False)
    assert [d for d in measured.defects if d.kind == "tables.words.pdf"] == []


def test_a_form_docgen_made_merges_although_a_placeholder_is_held(tmp_path: Path) -> None:
    """docgen merge reads a form's placeholders without docgen's marks: a form made with docgen whose
    「{{ 项目名称 }}」 wraps in its cell holds 项⁠目⁠名⁠称 (the line end cuts it); Jinja refused it
    (「占位符写得不完整」) before merge took the marks out of the placeholders."""
    import docx
    from click.testing import CliRunner

    from docgen.cli import main_group

    width = round(4.5 * 280) + 144  # 4.5 字 of text: 「{{ 」 and 项目名称 do not fit one line
    table = Table(rows=(("{{ 项目名称 }}", "项目"),), widths=(width, S.TYPE_AREA_WIDTH - width))
    form = tmp_path / "表单.docx"
    form.write_bytes(render_docx(_document(tmp_path, [table]), RunResources().template).data)
    xml = zipfile.ZipFile(form).read("word/document.xml").decode()
    assert "项\u2060目\u2060名\u2060称" in xml  # held: the line end falls inside it
    ledger = Path(__file__).resolve().parents[1] / "samples" / "supervision" / "督办台账.xlsx"
    out = tmp_path / "out"
    done = CliRunner().invoke(main_group, ["merge", str(form), str(ledger), "--out", str(out)])
    assert done.exit_code == 0, done.output
    filled = sorted(out.glob("*.docx"))
    assert len(filled) == 36
    cells = [cell.text for t in docx.Document(str(filled[0])).tables for row in t.rows for cell in row.cells]
    assert not any("{{" in text for text in cells)
    assert any(len(text) >= 4 and "\u2060" not in text and text != "项目" for text in cells)


def _placed_paragraphs(placed: object) -> list[ParagraphBlock]:
    """Return every paragraph of a placed document, the table cells' included, in order."""
    found: list[ParagraphBlock] = []
    for section in placed.sections:  # type: ignore[attr-defined]
        for block in section.blocks:
            if isinstance(block, TableBlock):
                found += [p for row in block.rows for cell in row.cells for p in cell.paragraphs]
            else:
                found.append(block)
    return found


def test_the_docx_writes_the_marks_the_layout_gave_it(tmp_path: Path) -> None:
    """The layout decides which groups keep their marks in the .docx (``line_end_runs``) and keeps
    every group held in the runs Typst boxes; the .docx emitter writes the marks it was given."""
    rows = (("序号", "项目名称", "进展情况"),) + tuple(
        (str(i), name, HARD[i % len(HARD)]) for i, name in enumerate(NAMES + HARD, start=1)
    )
    doc = _document(tmp_path, [Table(rows=rows, header_rows=1)])
    paragraphs = _placed_paragraphs(lay_out(doc))
    cells = [p for p in paragraphs if p.role in (Role.TABLE_TEXT, Role.TABLE_HEAD)]
    lean = [p for p in cells if p.line_end_runs is not None]
    assert lean  # some cells wrap: their marks only where a line end cuts a group
    for p in lean:
        assert plain("".join(r.text for r in p.line_end_runs or ())) == plain(
            "".join(r.text for r in p.runs if isinstance(r, Run))
        )
    every = sum(r.text.count(JOIN) for p in cells for r in p.runs if isinstance(r, Run))
    given = sum(r.text.count(JOIN) for p in paragraphs for r in (p.line_end_runs or p.runs) if isinstance(r, Run))
    assert given < every
    assert _marks(render_docx(doc, RunResources().template).data) == given
