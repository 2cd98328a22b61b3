"""The 信函 (10.1) and the 令 (10.2) typeset by Typst: the letter's page-anchored mark and double
lines drawn by Typst and measured on its PDF as tests/test_letter.py measures LibreOffice's; the
令's mark, 令号 and 签发人's lines judged by docgen check on Typst's PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_letter import SAMPLE, _mark, _red_rules, _variant
from test_order import SAMPLE as ORDER_SAMPLE
from test_order import _order, _png

from docgen import standard as S
from docgen.check.formats import judge_format_pdf
from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Finding, Judge, Status
from docgen.emit.typst.compile import render_pdf
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

MM_PER_PT = 25.4 / 72


def _typeset(source: Path, folder: Path) -> list[Page]:
    pdf = folder / f"{source.stem}.pdf"
    pdf.write_bytes(render_pdf(compose_notice_file(source, RunResources())).pdf)
    return measure(pdf)


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Page]]:
    folder = tmp_path_factory.mktemp("typst-letters")
    sources = {
        "sample": SAMPLE,
        "head-items": _variant(
            folder, "head-items", "份号: 000012\n密级: 秘密★1年\n紧急程度: 特急\n发文字号: 7\n", 3
        ),
        "three-pages": _variant(folder, "three-pages", "发文字号: 8\n抄送: 长子县人民政府办公室\n", 36),
    }
    return {name: _typeset(source, folder) for name, source in sources.items()}


def test_typst_sets_the_letter_mark_30_mm_from_the_paper_top(letters: dict[str, list[Page]]) -> None:
    """10.1: the mark's top 30 mm ±1 from the paper top, red, centred (Typst's PDF)."""
    for name, pages in letters.items():
        mark = _mark(pages[0])
        assert mark.text == "长子县重点项目办公室", name
        assert mark.em_top == pytest.approx(S.LETTER_MARK_TOP_MM, abs=1), name
        assert mark.colors == {(1.0, 0.0, 0.0)}, name
        centre = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM / 2
        assert (mark.x0 + mark.x1) / 2 == pytest.approx(centre, abs=1), name


def test_typst_draws_the_two_double_lines_on_the_first_page_only(letters: dict[str, list[Page]]) -> None:
    """10.1: 170 mm ±1 long and centred, 上粗下细 4 mm ±1 below the mark, 上细下粗 20 mm ±1 above
    the paper bottom; the 发文字号 7/8 字 (4.9 mm ±1) below the upper line (Typst's PDF)."""
    for name, pages in letters.items():
        rules = _red_rules(pages[0])
        assert len(rules) == 4, name
        for rule in rules:
            assert rule.length == pytest.approx(S.LETTER_LINE_LENGTH_MM, abs=1), name
            assert (rule.x0 + rule.x1) / 2 == pytest.approx(S.PAGE_WIDTH_MM / 2, abs=1), name
        upper, lower = rules[:2], rules[2:]
        assert upper[0].width_pt > upper[1].width_pt, name
        assert lower[0].width_pt < lower[1].width_pt, name
        top_edge = upper[0].top - upper[0].width_pt * MM_PER_PT / 2
        assert top_edge - _mark(pages[0]).em_bottom == pytest.approx(S.LETTER_LINE_BELOW_MARK_MM, abs=1), name
        bottom_edge = lower[1].top + lower[1].width_pt * MM_PER_PT / 2
        assert S.PAGE_HEIGHT_MM - bottom_edge == pytest.approx(S.LETTER_LINE_ABOVE_BOTTOM_MM, abs=1), name
        thin_bottom = upper[1].top + upper[1].width_pt * MM_PER_PT / 2
        below = sorted((ln for ln in pages[0].lines if ln.em_top > upper[1].top), key=lambda ln: ln.em_top)
        assert "号" in below[0].text, name
        assert below[0].em_top - thin_bottom == pytest.approx(S.LETTER_TEXT_GAP_PT * MM_PER_PT, abs=1), name
        for page in pages[1:]:
            assert _red_rules(page) == [], (name, page.number)


def test_typst_numbers_no_first_page_of_a_letter(letters: dict[str, list[Page]]) -> None:
    """10.1: 首页不显示页码; the pages after it are numbered as 7.5 says."""
    pages = letters["three-pages"]
    assert len(pages) >= 3
    numbers = [[line.text for line in page.lines if "—" in line.text] for page in pages]
    assert numbers[0] == []
    assert numbers[1] == ["— 2 —"]
    assert numbers[2] == ["— 3 —"]


def _judged(pages: list[Page]) -> dict[str, Finding]:
    """Return the PDF's findings as docgen check gives them for a .docx it renders (the number's text
    is the .docx's to judge: these are drafts)."""
    findings: list[Finding] = []
    check_pdf(pages, Judge(findings), text_rules=False)
    judge_format_pdf(pages, findings, text_rules=False)
    return {f.rule.id: f for f in findings}


def test_check_passes_a_letter_typeset_by_typst(letters: dict[str, list[Page]]) -> None:
    """docgen check judges Typst's 信函 by its format: mark, double lines and every other rule pass
    (a one-page letter without a page number too; the head items' variant is left out: check reads
    its 份号 and 密级 lines as body lines in LibreOffice's PDF as well)."""
    for name in ("sample", "three-pages"):
        judged = _judged(letters[name])
        assert judged["rule.position.pdf"].status is Status.PASS, name
        assert judged["mark.position.pdf"].status is Status.PASS, name
        failed = [(i, f.measured) for i, f in judged.items() if f.status is Status.FAIL]
        assert failed == [], name
    one_page = letters["head-items"]
    assert len(one_page) == 1
    assert _judged(one_page)["page_numbers.position.pdf"].status is Status.PASS


def test_an_order_typeset_by_typst_passes_its_format(tmp_path: Path) -> None:
    """10.2 on Typst's PDF: mark at 57 mm ±1, 令号 and body two lines apart, 签发人's lines per
    7.3.5.3 — with the space for the 签名章 and with a stamp picture centred on the 职务."""
    (tmp_path / "stamp.png").write_bytes(_png(320, 120))
    stamped = _order(tmp_path, "stamp", "签名章: stamp.png\n")
    for source in (ORDER_SAMPLE, stamped):
        judged = _judged(_typeset(source, tmp_path))
        for rule_id in ("mark.position.pdf", "order.number.pdf", "order.signer.pdf"):
            assert judged[rule_id].status is Status.PASS, (source.name, rule_id, judged[rule_id].measured)
        assert judged["rule.position.pdf"].status is Status.NOT_APPLICABLE
