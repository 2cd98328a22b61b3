"""信函 (GB/T 9704 10.1): the format selected by 种类: 函, its number from the letterhead's 函
series, and its geometry measured on the LibreOffice PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from docgen import standard as S
from docgen.check.pdf_read import Line, Page, Rule, measure
from docgen.convert.pool import ConverterPool
from docgen.issue import issue_notice
from docgen.letter_model import Letter, letter_code
from docgen.notices import compose_notice_file, render_notice_file
from docgen.register import Register
from docgen.run_resources import RunResources

SAMPLE = ROOT / "samples" / "letters" / "zhangzi-letter-land.md"
RED = (1.0, 0.0, 0.0)
PARAGRAPH = "为保障项目按期开工建设，恳请贵局对该项目建设用地审批给予支持，优先安排审查，加快办理审批手续。"


def _variant(folder: Path, name: str, front: str, paragraphs: int) -> Path:
    path = folder / f"{name}.md"
    path.write_text(
        "---\n种类: 函\n发文机关: zhangzi-zdxmb\n标题: 关于商请支持项目建设的函\n主送: 长治市自然资源和规划局\n"
        f"成文日期: 2025-05-20\n{front}---\n" + "\n".join([PARAGRAPH] * paragraphs) + "\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory, pool: ConverterPool) -> dict[str, list[Page]]:
    folder = tmp_path_factory.mktemp("letters")
    sources = {
        "sample": SAMPLE,
        "head-items": _variant(
            folder, "head-items", "份号: 000012\n密级: 秘密★1年\n紧急程度: 特急\n发文字号: 7\n", 3
        ),
        "three-pages": _variant(folder, "three-pages", "发文字号: 8\n抄送: 长子县人民政府办公室\n", 36),
    }
    docx = []
    for name, source in sources.items():
        target = folder / f"{name}.docx"
        target.write_bytes(render_notice_file(source, RunResources()).data)
        docx.append(target)
    outcomes = pool.convert([(d, folder / f"{d.stem}.pdf") for d in docx])
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    return {name: measure(o.target) for name, o in zip(sources, outcomes, strict=True)}


def _red_rules(page: Page) -> list[Rule]:
    return sorted((r for r in page.rules if r.color[:3] == RED), key=lambda r: r.top)


def _mark(page: Page) -> Line:
    return max(page.lines, key=lambda line: line.size)


def test_a_letter_is_selected_by_its_kind_and_numbered_in_the_letter_series() -> None:
    doc = compose_notice_file(SAMPLE, RunResources())
    assert isinstance(doc, Letter)
    assert doc.header.organs == ("长子县重点项目办公室",)
    assert not doc.header.with_wenjian
    assert doc.header.number is not None
    assert doc.header.number.code == "长重点函"
    letterhead = RunResources().letterhead("zhangzi")
    assert letter_code(letterhead) == "长子政办函"  # 长子政办发 → 长子政办函


def test_issuing_a_letter_takes_the_next_number_of_its_series(tmp_path: Path) -> None:
    source = tmp_path / SAMPLE.name
    source.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with Register.open(tmp_path / "r.sqlite") as reg:
        result = issue_notice(source, "张三", RunResources(), reg, pdf=False)
    assert result.number == "长重点函〔2025〕1号"


def test_the_mark_is_30_mm_from_the_paper_top(letters: dict[str, list[Page]]) -> None:
    """10.1: the mark's top 30 mm ±1 from the paper top (not the type area), red, centred, no 文件."""
    for name, pages in letters.items():
        mark = _mark(pages[0])
        assert mark.text == "长子县重点项目办公室", name
        assert mark.em_top == pytest.approx(S.LETTER_MARK_TOP_MM, abs=1), name
        assert mark.colors == {RED}, name
        centre = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM / 2
        assert (mark.x0 + mark.x1) / 2 == pytest.approx(centre, abs=1), name


def test_two_red_double_lines_170_mm_long_on_the_first_page_only(letters: dict[str, list[Page]]) -> None:
    """10.1: 4 mm ±1 below the mark 上粗下细, 20 mm ±1 above the paper bottom 上细下粗, 170 mm ±1 long, centred."""
    for name, pages in letters.items():
        rules = _red_rules(pages[0])
        assert len(rules) == 4, name
        for rule in rules:
            assert rule.length == pytest.approx(S.LETTER_LINE_LENGTH_MM, abs=1), name
            assert (rule.x0 + rule.x1) / 2 == pytest.approx(S.PAGE_WIDTH_MM / 2, abs=1), name
        upper, lower = rules[:2], rules[2:]
        assert upper[0].width_pt > upper[1].width_pt, name  # 上粗下细
        assert lower[0].width_pt < lower[1].width_pt, name  # 上细下粗
        top_edge = upper[0].top - upper[0].width_pt * 25.4 / 72 / 2
        assert top_edge - _mark(pages[0]).em_bottom == pytest.approx(S.LETTER_LINE_BELOW_MARK_MM, abs=1), name
        bottom_edge = lower[1].top + lower[1].width_pt * 25.4 / 72 / 2
        assert S.PAGE_HEIGHT_MM - bottom_edge == pytest.approx(S.LETTER_LINE_ABOVE_BOTTOM_MM, abs=1), name
        for page in pages[1:]:
            assert _red_rules(page) == [], (name, page.number)


def test_head_items_left_and_the_number_right_7_8_of_a_character_below_the_line(
    letters: dict[str, list[Page]],
) -> None:
    """10.1: 份号/密级/紧急 顶格 at the left, 发文字号 at the right, 7/8 字 (4.9 mm ±1) below the upper line."""
    gap = S.LETTER_TEXT_GAP_PT * 25.4 / 72
    for name, pages in letters.items():
        first = pages[0]
        thin = _red_rules(first)[1]
        below = sorted((line for line in first.lines if line.em_top > thin.top), key=lambda line: line.em_top)
        number_line = below[0]
        assert number_line.em_top - (thin.top + thin.width_pt * 25.4 / 72 / 2) == pytest.approx(gap, abs=1), (
            name
        )
        assert "号" in number_line.text, name
        assert number_line.x1 == pytest.approx(S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM, abs=1), name
    head = letters["head-items"][0]
    below = sorted((line for line in head.lines if 45 < line.em_top < 80), key=lambda line: line.em_top)
    assert below[0].text.startswith("000012")
    assert below[0].text.endswith("长重点函〔2025〕7号")
    assert below[0].x0 == pytest.approx(S.MARGIN_LEFT_MM, abs=1)
    assert [line.text for line in below[1:3]] == ["秘密★1年", "特急"]


def test_no_page_number_on_the_first_page(letters: dict[str, list[Page]]) -> None:
    """10.1: 首页不显示页码; the others are numbered as 7.5 says."""
    pages = letters["three-pages"]
    assert len(pages) >= 3
    numbers = [[line.text for line in page.lines if "—" in line.text] for page in pages]
    assert numbers[0] == []
    assert numbers[1] == ["— 2 —"]
    assert numbers[2] == ["— 3 —"]


def test_the_imprint_has_no_printing_line_and_no_rules(letters: dict[str, list[Page]]) -> None:
    """10.1: 版记 without 印发机关 and 印发日期, and without rules."""
    last = letters["three-pages"][-1]
    texts = [line.text for line in last.lines]
    assert any(text.startswith("抄送：长子县人民政府办公室") for text in texts)
    assert not any(text.endswith("印发") for text in texts)
    assert [r for r in last.rules if r.length > 100] == []


def test_check_judges_a_letter_by_its_format(tmp_path: Path, pool: ConverterPool) -> None:
    """A made 信函 passes every rule (mark 30 mm, double lines, 版记 without rules; nothing outside the
    type area counted against it); with its upper lines moved 10 mm down it fails rule.position.pdf alone."""
    import zipfile

    from docgen.check.run import check_files

    good = tmp_path / "good.docx"
    good.write_bytes(render_notice_file(SAMPLE, RunResources()).data)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                text = data.decode()
                for old in sorted(set(_positions(text)))[1:3]:  # the upper pair (the mark's box is first)
                    text = text.replace(
                        f"<wp:posOffset>{old}</wp:posOffset>", f"<wp:posOffset>{old + 360000}</wp:posOffset>"
                    )
                data = text.encode()
            target.writestr(item, data)
    outcomes = pool.convert([(good, tmp_path / "good.pdf"), (broken, tmp_path / "broken.pdf")])
    reports = check_files([good, broken], rendered={good: outcomes[0].target, broken: outcomes[1].target})
    verdicts = [{f.rule.id: (f.status.value, f.rule.clause) for f in report.findings} for report in reports]
    assert reports[0].failed == [], [(f.rule.id, f.measured) for f in reports[0].failed]
    assert verdicts[0]["mark.position.pdf"] == ("PASS", "10.1")
    assert verdicts[0]["rule.position.pdf"] == ("PASS", "10.1")
    assert verdicts[0]["page.margins.pdf"][0] == "PASS"
    assert [f.rule.id for f in reports[1].failed] == ["rule.position.pdf"]


def _positions(document_xml: str) -> list[int]:
    """Return the vertical offsets of the page-anchored shapes, in document order."""
    import re

    return [
        int(v) for v in re.findall(r'<wp:positionV relativeFrom="page"><wp:posOffset>(\d+)<', document_xml)
    ]


def test_a_letter_letterhead_selects_the_letter_format(tmp_path: Path) -> None:
    """A letterhead marked 信函: true makes its documents 信函 unless the source says another 种类."""
    from docgen.config import Settings

    folder = tmp_path / "letterheads"
    folder.mkdir()
    (folder / "fgj-letter.yaml").write_text(
        "全称: 长子县发展和改革局\n代字: 长发改\n函代字: 长发改函\n信函: true\n", encoding="utf-8"
    )
    source = tmp_path / "letter.md"
    front = "发文机关: fgj-letter\n标题: 关于商请支持的函\n主送: 市发展改革委\n成文日期: 2025-05-20\n"
    source.write_text(f"---\n{front}---\n正文。\n", encoding="utf-8")
    resources = RunResources(Settings(letterhead_dirs=(folder,)))
    doc = compose_notice_file(source, resources)
    assert isinstance(doc, Letter)
    assert doc.header.number is not None
    assert doc.header.number.code == "长发改函"
    source.write_text(f"---\n{front}种类: 通知\n---\n正文。\n", encoding="utf-8")
    assert type(compose_notice_file(source, resources)) is not Letter
