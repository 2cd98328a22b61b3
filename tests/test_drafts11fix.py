"""drafts11's fixes (tests/fixtures/drafts11/DEFECTS.md): the rules behind them, on numbering.xml and
documents made for the purpose, read by docgen's own readers (no LibreOffice)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from docgen.check.docx_lists import ListNumbers
from docgen.draft.read import Line, read_draft

W = nsdecls("w")


def _numbering(levels: str, nums: str) -> ListNumbers:
    return ListNumbers(
        parse_xml(
            f'<w:numbering {W}><w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>{nums}</w:numbering>'
        )
    )


def _lvl(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/></w:lvl>'
    )


def test_counters_advance_and_deeper_levels_restart_as_in_word() -> None:
    """一、（一）（二）二、（一）: a level restarts after a higher one; 十一、 after 十、."""
    numbers = _numbering(
        _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）"),
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    )
    seen = [numbers.label("1", level).text for level in ("0", "1", "1", "0", "1")]
    assert seen == ["一、", "（一）", "（二）", "二、", "（一）"]
    for _ in range(9):
        numbers.label("1", "0")
    assert numbers.label("1", "0").text == "十二、"


def test_a_level_that_never_restarts_keeps_counting() -> None:
    """w:lvlRestart 0: the second level counts on across the first (附件 1 2 3 under several parts)."""
    numbers = _numbering(
        _lvl(0, "decimal", "%1.") + _lvl(1, "decimal", "(%2)", '<w:lvlRestart w:val="0"/>'),
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    )
    seen = [numbers.label("1", level).text for level in ("0", "1", "0", "1")]
    assert seen == ["1.", "(1)", "2.", "(2)"]


def test_nums_of_one_list_continue_unless_one_restarts() -> None:
    """Two w:num of one abstract list continue each other; one with w:startOverride starts again."""
    numbers = _numbering(
        _lvl(0, "decimal", "%1."),
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
    )
    seen = [numbers.label(num, "0").text for num in ("1", "2", "3", "3")]
    assert seen == ["1.", "2.", "1.", "2."]


def test_symbol_bullets_are_dropped_and_typed_bullets_kept() -> None:
    numbers = _numbering(
        _lvl(0, "bullet", "\uf0b7") + _lvl(1, "bullet", "•"),
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    )
    first, second = numbers.label("1", "0"), numbers.label("1", "1")
    assert (first.text, first.bullet) == ("", True)
    assert (second.text, second.bullet) == ("•", True)


def test_hidden_text_by_a_paragraph_style_is_not_read(tmp_path: Path) -> None:
    """w:vanish in the paragraph style hides a whole paragraph; a run may show itself again (w:vanish 0)."""
    doc = Document()
    doc.styles.element.append(
        parse_xml(
            f'<w:style {W} w:type="paragraph" w:styleId="hide"><w:name w:val="hide"/>'
            "<w:rPr><w:vanish/></w:rPr></w:style>"
        )
    )
    doc.add_paragraph("看得见的一段。")
    hidden = doc.add_paragraph("藏起来的一段。")
    hidden.style = doc.styles["hide"]
    shown = hidden.add_run("这几个字显示。")
    shown._element.get_or_add_rPr().append(parse_xml(f'<w:vanish {W} w:val="0"/>'))
    path = tmp_path / "hidden.docx"
    doc.save(str(path))
    texts = [item.text for item in read_draft(path) if isinstance(item, Line)]
    assert texts == ["看得见的一段。", "这几个字显示。"]
