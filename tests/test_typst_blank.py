"""Typst and LibreOffice alike where GB/T 9704 leaves no choice (issue 14/17).

7.5: a blank page before the 版记 and the 版记's page carry no page number.  After a landscape
attachment the 版记 opens a portrait section of its own; on an odd page that page is the blank one
and the 版记 goes on the next.  Typst numbered both ("— 9 —", "— 10 —" on seed 14's n14-017;
n14-020, -028, -030, -041 and -046 too), LibreOffice neither; ``docgen check`` passed both.

7.3.4: the names of a 附件说明's attachments line up, a long one wrapping under its first character.
With ten or more, "10." (1.5 字) ran past the stop one 字 after 附件：: LibreOffice set attachment
10's name at its next default stop (65.1 mm, the others 61.4 mm), Typst right after "10." (63.2 mm;
62.7 mm for 11), and wrapped it under the number (55.8 mm).  The stop is now where the widest
number ends, in whole 字: 7 字 (66.9 mm) for 10 to 99 attachments.

A table's header repeated on the pages it continues on is as high as on its first page: a header
cell spanning both header rows (2025年计划投资（万元）, 3 lines) makes the second row 2 lines high;
LibreOffice set the repeated rows from their own cells, 10.2 mm, not 15.0, and cut 「（万元）」
(seed 14's n14-022).  Typst's was right (15.0 mm); the row now holds its height (w:trHeight), and
Typst's least row height counts its rules as LibreOffice's does: a form's row of 4 lines (88 pt) was
31.22 mm in Typst, 31.04 in LibreOffice; n14-022's second header row, held, 10.1 mm, LibreOffice's 9.9.

Real Typst, real LibreOffice, the seed-14 corpus notices.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pdfplumber
import pytest
from conftest import MINIMAL_FRONT, sample_paths

from docgen import standard as S
from docgen.check.pdf_pages import PAGE_NUMBER, is_blank
from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Judge, Status
from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import render_docx
from docgen.emit.typst.compile import compile_pdf, render_pdf
from docgen.emit.typst.emit import emit_typst
from docgen.emit.typst.markup import UNNUMBERED
from docgen.model import Attachment, Document, Table
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from generate import generate  # noqa: E402

# seed 14's notices ending with a landscape attachment on an even page: blank page, then the 版记
BLANK_AFTER_LANDSCAPE = (17, 30)
TWO_ROW_HEADER = 22  # a 2-row header, a cell spanning both, the table on two landscape pages


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    folder = tmp_path_factory.mktemp("typst-blank")
    generate(14, max(*BLANK_AFTER_LANDSCAPE, TWO_ROW_HEADER) + 1, folder)
    resources = RunResources()
    return {
        f"n14-{i:03d}": compose_notice_file(folder / f"n14-{i:03d}.md", resources)
        for i in (*BLANK_AFTER_LANDSCAPE, TWO_ROW_HEADER)
    }


def _numbers(pages: list[Page]) -> list[str | None]:
    """Return each page's printed number ("9" for "— 9 —", upright or turned), None where it has none."""
    found: list[str | None] = []
    for page in pages:
        texts = [line.text.strip() for line in [*page.lines, *page.vertical]]
        numbers = [re.sub(r"\D", "", t) for t in texts if PAGE_NUMBER.match(t)]
        found.append(numbers[0] if numbers else None)
    return found


def _position_rule(pages: list[Page]) -> Status:
    judge = Judge([])
    check_pdf(pages, judge, text_rules=False, double_sided=True)
    (finding,) = [f for f in judge.findings if f.rule.id == "page_numbers.position.pdf"]
    return finding.status


def test_blank_page_after_landscape_pages_and_the_imprint_page_unnumbered_as_in_libreoffice(
    corpus: dict[str, Document], tmp_path: Path, pool: ConverterPool
) -> None:
    jobs = []
    corpus = {name: corpus[name] for name in (f"n14-{i:03d}" for i in BLANK_AFTER_LANDSCAPE)}
    for name, doc in corpus.items():
        docx = tmp_path / f"{name}.docx"
        docx.write_bytes(render_docx(doc, RunResources().template).data)
        jobs.append((docx, tmp_path / f"{name}-office.pdf"))
    office = {Path(o.target).stem.removesuffix("-office"): o for o in pool.convert(jobs)}
    for name, doc in corpus.items():
        assert office[name].error is None, office[name].error
        typst = tmp_path / f"{name}-typst.pdf"
        typst.write_bytes(render_pdf(doc).pdf)
        pages = measure(typst)
        numbers = _numbers(pages)
        assert is_blank(pages[-2]), name
        assert numbers[-2:] == [None, None], (name, numbers)
        assert numbers[:-2] == [str(n) for n in range(1, len(pages) - 1)], (name, numbers)
        assert numbers == _numbers(measure(office[name].target)), name
        assert _position_rule(pages) is Status.PASS, name


def test_check_fails_a_numbered_blank_page_before_the_imprint(
    corpus: dict[str, Document], tmp_path: Path
) -> None:
    """``docgen check`` (page_numbers.position.pdf) fails a PDF numbering the blank page and the 版记's page."""
    source = emit_typst(render_pdf(corpus["n14-017"]).placed)
    unmarked = source.replace(f"[#metadata(none)<{UNNUMBERED}>]", "[]")
    assert unmarked != source
    pdf = tmp_path / "numbered.pdf"
    pdf.write_bytes(compile_pdf(unmarked))
    pages = measure(pdf)
    assert _numbers(pages)[-2:] == [str(len(pages) - 1), str(len(pages))]
    assert _position_rule(pages) is Status.FAIL


MM = 25.4 / 72
LONG = "长子县2025年重点项目建设进展情况及存在问题和下步工作打算汇总表"  # wraps after 21 字


def _name_starts(pdf_path: Path) -> list[tuple[str, float]]:
    """Return each 附件说明 line's text and where its name starts (mm from the page's left edge):
    the first character after the number, or the line's first on a wrapped line."""
    found = []
    with pdfplumber.open(pdf_path) as pdf:
        chars = [
            {**c, "row": (number, round(float(c["top"])))}
            for number, page in enumerate(pdf.pages)
            for c in page.chars
            if c["text"].strip()
        ]
    rows: dict[tuple[int, int], list[dict[str, object]]] = {}
    for char in chars:
        rows.setdefault(char["row"], []).append(char)  # type: ignore[arg-type]
    inside = False
    for _, row in sorted(rows.items()):
        row.sort(key=lambda c: float(c["x0"]))  # type: ignore[arg-type]
        text = "".join(str(c["text"]) for c in row)
        left = float(row[0]["x0"]) * MM  # type: ignore[arg-type]
        if re.fullmatch(r"[—-]\s*\d+\s*[—-]", text):
            continue  # a page number: the names may go on over the page end (layout/closing_names.py)
        # the items' numbers start 5 字 in, wrapped names 7 字; the 署名 further right
        inside = text.startswith("附件：") or (inside and 50 < left < 70)
        if inside:
            number = re.match(r"(附件：)?\d+\.", text)
            first = row[number.end()] if number else row[0]
            found.append((text, float(first["x0"]) * MM))  # type: ignore[arg-type]
    return found


def test_ten_attachments_names_aligned_at_one_stop_in_both_engines(
    tmp_path: Path, pool: ConverterPool
) -> None:
    """7.3.4: with 11 attachments every name, and a wrapped one's second line, starts 7 字 in, "10." and
    "11." as "1." to "9.", in LibreOffice and in Typst within 0.3 mm."""
    attachments = ""
    for index in range(11):
        title = LONG if index == 9 else f"重点项目进展情况统计表{index}"
        (tmp_path / f"a{index}.md").write_text(f"附件{index}的正文。\n", encoding="utf-8")
        attachments += f"  - 标题: {title}\n    文件: a{index}.md\n"
    source = tmp_path / "n.md"
    source.write_text(
        f"---\n{MINIMAL_FRONT.strip()}\n附件:\n{attachments}---\n请认真贯彻落实。\n", encoding="utf-8"
    )
    doc = compose_notice_file(source, RunResources())
    docx = tmp_path / "n.docx"
    docx.write_bytes(render_docx(doc, RunResources().template).data)
    (outcome,) = pool.convert([(docx, tmp_path / "office.pdf")])
    assert outcome.error is None, outcome.error
    typst = tmp_path / "typst.pdf"
    typst.write_bytes(render_pdf(doc).pdf)
    names_at = S.MARGIN_LEFT_MM + 7 * S.CHAR / S.TWIPS_PER_MM  # 66.9 mm
    office, typeset = _name_starts(outcome.target), _name_starts(typst)
    assert [t[:3] for t, _ in typeset] == [
        "附件：",
        *(f"{i}.重" for i in range(2, 10)),
        "10.",
        "题和下",
        "11.",
    ]
    assert [t for t, _ in office] == [t for t, _ in typeset]
    for (text, x), (_, y) in zip(office, typeset, strict=True):
        assert abs(x - names_at) < 0.3, ("LibreOffice", text, x)
        assert abs(y - names_at) < 0.3, ("Typst", text, y)
        assert abs(x - y) < 0.3, (text, x, y)


def _header_heights(pdf_path: Path) -> list[tuple[float, str]]:
    """Return, for each page a table starts or goes on, its header's height (mm: from the table's top
    rule to the third rule from the top, under two header rows) and the header's text."""
    found = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            tops = sorted(
                [float(line["top"]) for line in page.lines if abs(line["top"] - line["bottom"]) < 1]
                + [(float(r["top"]) + float(r["bottom"])) / 2 for r in page.rects if r["height"] < 1.5]
            )
            rules: list[float] = []
            for top in tops:
                if not rules or top - rules[-1] > 0.5:
                    rules.append(top)
            if len(rules) < 4:
                continue
            head = page.crop((0, rules[0], page.width, rules[2])).extract_text()
            found.append(((rules[2] - rules[0]) * MM, re.sub(r"\s", "", head)))
    return found


def test_a_repeated_two_row_header_as_high_as_on_its_first_page_in_both_engines(
    corpus: dict[str, Document], tmp_path: Path, pool: ConverterPool
) -> None:
    """The 2-row header of n14-022's table (a cell spanning both rows) is 15.0 mm high on both its
    pages in LibreOffice and Typst, within 0.3 mm, and holds all its text on both."""
    doc = corpus[f"n14-{TWO_ROW_HEADER:03d}"]
    docx = tmp_path / "n.docx"
    docx.write_bytes(render_docx(doc, RunResources().template).data)
    (outcome,) = pool.convert([(docx, tmp_path / "office.pdf")])
    assert outcome.error is None, outcome.error
    typst = tmp_path / "typst.pdf"
    typst.write_bytes(render_pdf(doc).pdf)
    office, typeset = _header_heights(outcome.target), _header_heights(typst)
    assert len(office) == len(typeset) == 2, (office, typeset)
    first = office[0][0]
    assert first == pytest.approx(15.0, abs=0.3)
    for (height, text), (typst_height, typst_text) in zip(office, typeset, strict=True):
        assert abs(height - first) < 0.3, office
        assert abs(typst_height - height) < 0.3, (office, typeset)
        for words in ("序号", "计划时间", "开工", "2025年", "计划投资", "（万元）", "建设规模", "及内容"):
            assert words in text, ("LibreOffice", words, text)
            assert words in typst_text, ("Typst", words, typst_text)


def test_a_forms_least_row_height_the_same_in_both_engines(tmp_path: Path, pool: ConverterPool) -> None:
    """A form's row held at 4 lines (88 pt, 31.04 mm: w:trHeight, rules included) is as high in Typst
    as in LibreOffice, within 0.1 mm (Typst added its rules' room to the strut: 31.22 mm)."""
    doc = compose_notice_file(sample_paths()[0], RunResources())
    form = Table(
        rows=(("督办编号", "1"), ("解决办法", ""), ("责任人", "")),
        header_rows=0,
        widths=(5, 11),
        min_lines=(1, 4, 1),
    )
    doc = dataclasses.replace(doc, attachments=(Attachment("附件", "挂牌督办回执", (form,)),))
    docx = tmp_path / "n.docx"
    docx.write_bytes(render_docx(doc, RunResources().template).data)
    (outcome,) = pool.convert([(docx, tmp_path / "office.pdf")])
    assert outcome.error is None, outcome.error
    typst = tmp_path / "typst.pdf"
    typst.write_bytes(render_pdf(doc).pdf)
    held = []
    for pdf_path in (outcome.target, typst):
        with pdfplumber.open(pdf_path) as pdf:
            page = next(p for p in pdf.pages if "解决办法" in (p.extract_text() or ""))
            rules = sorted(
                {round(float(line["top"]), 1) for line in page.lines if abs(line["top"] - line["bottom"]) < 1}
                | {
                    round((float(r["top"]) + float(r["bottom"])) / 2, 1)
                    for r in page.rects
                    if r["height"] < 1.5
                }
            )
        held.append((rules[2] - rules[1]) * MM)
    office, typeset = held
    assert office == pytest.approx(88 * 25.4 / 72, abs=0.1)
    assert typeset == pytest.approx(office, abs=0.1)
