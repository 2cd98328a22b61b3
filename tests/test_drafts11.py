"""Drafts built as Word and WPS users build them (tests/fixtures/drafts11/make11.py): the defects
``docgen format`` showed on them, numbered as in tests/fixtures/drafts11/DEFECTS.md.

Each test writes the drafts with the generator, runs ``python -m docgen format`` as a user does and
reads what it printed and the .docx it wrote (the text of every paragraph, tables included).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import docgen_in
from docx import Document
from docx.oxml.ns import qn
from helpers import load_script

# loaded by path: tests/fixtures/ledgers11 has a make11.py too (one module name, two files)
make = load_script(Path(__file__).parent / "fixtures" / "drafts11" / "make11.py").make

NUMBER = "伊重点项目办〔2024〕3号"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the drafts11 corpus (seed 11)."""
    folder = tmp_path_factory.mktemp("drafts11")
    make(folder)
    return folder


def _path(drafts: Path, name: str) -> Path:
    assert (drafts / name).is_file(), name
    return drafts / name


def _format(draft: Path, out: Path, *more: str) -> subprocess.CompletedProcess[str]:
    """Run ``docgen format`` (no LibreOffice layout) and assert it finished without an internal error."""
    run = docgen_in(
        "format", draft, "-o", out, "--letterhead", "yichuan", "--number", NUMBER, "--no-render", *more
    )
    assert "Traceback" not in run.stderr, run.stderr
    assert "内部错误" not in run.stderr, run.stderr
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def _dry(draft: Path) -> str:
    run = docgen_in("format", draft, "--dry-run", "--letterhead", "yichuan", "--number", NUMBER)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    return run.stdout + run.stderr


def _paragraphs(path: Path) -> list[str]:
    """Return the text of every paragraph of the .docx (tables' and text boxes' included), in order."""
    body = Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def _flat(path: Path) -> str:
    return re.sub(r"\s", "", "".join(_paragraphs(path)))


def test_text_moved_away_in_tracked_changes_is_not_printed(drafts: Path, tmp_path: Path) -> None:
    """04: “报送材料须经单位主要负责人签字。” is moved (w:moveFrom → w:moveTo) to the end of the next
    paragraph; Word shows it there only.  The 公文 printed it twice, at both places."""
    out = tmp_path / "f.docx"
    _format(_path(drafts, "04-修订未接受.docx"), out)
    flat = _flat(out)
    assert flat.count("报送材料须经单位主要负责人签字") == 1, _paragraphs(out)
    assert "报送方式为电子邮件" in flat, _paragraphs(out)
    assert "签字。报送方式" not in flat, _paragraphs(out)


def test_signature_and_date_laid_out_in_a_table_are_the_signature_and_date(
    drafts: Path, tmp_path: Path
) -> None:
    """10: the two organs and 2024年10月8日 in a borderless 2×2 table.  format printed the table in the
    body and added a 署名 of its own and today's date."""
    out = tmp_path / "f.docx"
    run = _format(_path(drafts, "10-署名表格.docx"), out)
    assert "没有成文日期" not in run.stdout + run.stderr, run.stdout + run.stderr
    assert "没有发文机关署名" not in run.stdout + run.stderr, run.stdout + run.stderr
    texts = _paragraphs(out)
    assert any(t.strip() == "2024年10月8日" for t in texts), texts
    assert not any("伊川县重点项目建设领导小组办公室" in t for t in texts[3:]), texts


def test_a_date_field_in_a_signature_table_is_the_date(drafts: Path, tmp_path: Path) -> None:
    """12: the 署名 and a DATE field (cached 2024年12月2日) in a one-column table under the body."""
    out = tmp_path / "f.docx"
    run = _format(_path(drafts, "12-混合.docx"), out)
    assert "没有成文日期" not in run.stdout + run.stderr, run.stdout + run.stderr
    texts = _paragraphs(out)
    assert any(t.strip() == "2024年12月2日" for t in texts), texts


def test_automatic_numbers_are_printed_as_word_shows_them(drafts: Path, tmp_path: Path) -> None:
    """19: the list 1 / 1.1 / 1.2 made by numbering.xml (%1.%2).  The 公文 printed the second item as
    “1.1电子材料同时报送。”: every counter was read as its first value."""
    out = tmp_path / "f.docx"
    _format(_path(drafts, "19-项目符号-多级数字.docx"), out)
    flat = _flat(out)
    assert "1.2电子材料同时报送" in flat, _paragraphs(out)
    assert "1.1电子材料" not in flat, _paragraphs(out)


def test_automatic_numbers_in_sequence_are_not_reported_as_renumbered(drafts: Path) -> None:
    """01: 一、二、三、 and （一）（二） made by Word's numbering are in sequence; the outline said
    “〔原为 一、，已重新编号〕” for 二、 and 三、, numbers the writer never saw."""
    shown = _dry(_path(drafts, "01-自动编号-段落.docx"))
    assert "三、工作要求" in shown, shown
    assert "已重新编号" not in shown, shown


def test_bullets_of_symbol_fonts_are_not_printed_as_private_use_characters(
    drafts: Path, tmp_path: Path
) -> None:
    """19: Word's bullet list writes U+F0B7 (Symbol) and U+F0D8 (Wingdings); the 公文 printed them
    in 仿宋 (a box or nothing), before 年度项目建设计划表；."""
    out = tmp_path / "f.docx"
    _format(_path(drafts, "19-项目符号-多级数字.docx"), out)
    private = [t for t in _paragraphs(out) if re.search("[\ue000-\uf8ff]", t)]
    assert not private, private
    assert "年度项目建设计划表；" in _flat(out)


def test_a_numbered_list_item_is_not_the_signature(drafts: Path) -> None:
    """19: the last list item “2 联系方式” (numbering.xml) above the 署名 was taken for a 发文机关署名."""
    shown = _dry(_path(drafts, "19-项目符号-多级数字.docx"))
    signers = [line for line in shown.splitlines() if "发文机关署名" in line]
    assert len(signers) == 1, shown
    assert signers[0].endswith("：伊川县重点项目建设办公室"), shown


def test_a_footnote_is_not_dropped_silently(drafts: Path, tmp_path: Path) -> None:
    """08: the footnote “考核办法经县政府第12次常务会议研究通过。” vanished without a word."""
    out = tmp_path / "f.docx"
    run = _format(_path(drafts, "08-文本框标题-脚注.docx"), out)
    said = run.stdout + run.stderr
    kept = "考核办法经县政府第12次常务会议研究通过" in _flat(out)
    assert kept or ("脚注" in said and "考核办法经县政府第12次常务会议研究通过" in said), said


def test_hidden_text_is_not_printed(drafts: Path, tmp_path: Path) -> None:
    """20: notes to self in hidden text (w:vanish on a run, and by a character style); Word neither
    shows nor prints them.  The 公文 printed “（内部备注：此句待领导审定）”."""
    out = tmp_path / "f.docx"
    _format(_path(drafts, "20-隐藏文字.docx"), out)
    flat = _flat(out)
    assert "为规范项目档案管理，现就有关事项通知如下。" in flat, _paragraphs(out)
    assert "内部备注" not in flat, _paragraphs(out)
    assert "请档案局核实期限" not in flat, _paragraphs(out)


def test_automatic_numbers_in_a_table_column_are_kept(drafts: Path, tmp_path: Path) -> None:
    """21: the 序号 column numbered 1 2 3 by Word's automatic numbering came out empty."""
    out = tmp_path / "f.docx"
    _format(_path(drafts, "21-表格自动序号.docx"), out)
    table = Document(str(out)).tables[0]
    column = [row.cells[0].text.strip() for row in table.rows]
    assert column == ["序号", "1", "2", "3"], column


def test_paragraphs_in_block_custom_xml_are_read(drafts: Path, tmp_path: Path) -> None:
    """22: two body paragraphs inside (nested) block-level w:customXml were lost without a word."""
    out = tmp_path / "f.docx"
    _format(_path(drafts, "22-customXml.docx"), out)
    flat = _flat(out)
    first = flat.find("为加快项目前期工作，现就有关事项通知如下。")
    second = flat.find("各单位要倒排工期，按时完成前期手续。")
    assert 0 < first < second < flat.find("请于每月5日前报送进展情况。"), _paragraphs(out)
