"""A short bracketed code in a table cell stays whole (issue 14 Build 4, audit14 leftover 1).

ledgers11's 督查通报 set 「长子县光伏发电项目（督|01）」: UAX #14 breaks between a 汉字 and a digit, and the
layout held 「（督」 and 「01）」 apart.  Now a short bracketed code (``docgen.words.code_spans``:
（督01）, （A-3）, 〔2025〕) is one group of the cell's line breaking (``layout/cellwords.py``), held by
word joiners on both engines, and ``docgen check``'s tables.words.pdf reads it as a word (and the
line before it as wrapped: no line starts with 「）」, so 「03）」 is what did not fit).

Real renders: a 7-column table whose 项目名称 column wraps three names right before their code, by
LibreOffice and by Typst; the same .docx without the word joiner between 督 and its digits reproduces the break.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from helpers import libreoffice_pdf, typst_pdf, with_table

from docgen.check.pdf_cells import cells
from docgen.check.pdf_read import measure
from docgen.check.pdf_rules import check_pdf, without_watermark
from docgen.check.rules import Finding, Judge, Status
from docgen.convert.pool import ConverterPool
from docgen.layout.breaks import JOIN
from docgen.layout.cellwords import cell_runs, groups
from docgen.model import Document, Table
from docgen.words import code_spans

KINDS = (
    "光伏发电",
    "农产品冷链物流",
    "污水处理厂提标改造",
    "集中供热管网改造",
    "旅游公路提升改造",
    "黄金产业园基础设施",
    "人民医院新院区",
    "生态修复综合治理",
)
ROWS = (
    ("序号", "项目名称", "责任单位", "计划开工", "计划竣工", "批复文号", "联系电话"),
    *(
        (str(i), f"长子县{kind}项目（督{i:02d}）", "县发展和改革局", "2025年3月15日", "2026年10月30日",
         "长发改投资〔2025〕118号", "0355-88625121")
        for i, kind in enumerate(KINDS, start=1)
    ),
)
CODES = {f"（督{i:02d}）" for i in range(1, len(KINDS) + 1)}


def test_code_spans_are_short_bracketed_codes() -> None:
    assert code_spans("长子县光伏发电项目（督01）") == [(9, 14)]
    assert code_spans("项目（A-3）") == [(2, 7)]
    assert code_spans("关于〔2025〕的") == [(2, 8)]
    assert code_spans("（督办01号）") == [(0, 7)]
    assert code_spans("（含5个乡镇）") == []  # words, not a code
    assert code_spans("县发展和改革局") == []


def test_the_layout_holds_the_code_as_one_group() -> None:
    (*_words, last) = groups("长子县光伏发电项目（督01）")
    assert last.text == "（督01）"
    runs, too_wide = cell_runs("长子县光伏发电项目（督01）", 4.5)
    assert too_wide == []
    assert runs[-1] == (JOIN.join(("（", "督", "01", "）")), True)
    # always held, as a date is: even in a column narrower than it (no word to break between)
    runs, _too_wide = cell_runs("项目（督01）", 3.0)
    assert runs[-1] == (JOIN.join(("（", "督", "01", "）")), True)


def _findings(pdf: Path) -> dict[str, Finding]:
    found: list[Finding] = []
    check_pdf(without_watermark(measure(pdf)), Judge(found), text_rules=True, double_sided=False)
    return {f.rule.id: f for f in found}


def _name_lines(pdf: Path) -> list[list[str]]:
    """Return the lines of each 项目名称 cell holding a code."""
    return [
        [line.text.replace(" ", "") for line in cell.lines]
        for page in without_watermark(measure(pdf))
        for cell in cells(page)
        if "".join(line.text for line in cell.lines).replace(" ", "")[-5:] in CODES
    ]


def _assert_codes_whole(pdf: Path) -> None:
    names = _name_lines(pdf)
    assert len(names) == len(KINDS)
    # three names wrap right before their code (the layout moved the code whole to the next line)
    assert sum(lines[-1] in CODES for lines in names) >= 2, names
    assert not [lines for lines in names if not any(code in line for code in CODES for line in lines)], names
    finding = _findings(pdf)["tables.words.pdf"]
    assert finding.status is Status.PASS, finding.measured


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Document]:
    folder = tmp_path_factory.mktemp("codes")
    return folder, with_table(folder, Table(rows=ROWS, header_rows=1))


def test_libreoffice_keeps_the_codes_whole(document: tuple[Path, Document], pool: ConverterPool) -> None:
    folder, doc = document
    _assert_codes_whole(libreoffice_pdf(doc, pool, folder / "lo.pdf"))


def test_typst_keeps_the_codes_whole(document: tuple[Path, Document]) -> None:
    folder, doc = document
    _assert_codes_whole(typst_pdf(doc, folder / "typst.pdf"))


def test_check_names_a_code_broken_on_purpose(document: tuple[Path, Document], pool: ConverterPool) -> None:
    """The .docx without the word joiner between 督 and its digits: LibreOffice breaks 「（督|03）」 as
    it did in ledgers11, and tables.words.pdf names the code."""
    folder, doc = document
    made = libreoffice_pdf(doc, pool, folder / "held.pdf").with_suffix(".docx")
    bare = folder / "bare.docx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = re.sub(f"督{JOIN}(?=\\d)", "督", data.decode("utf-8")).encode("utf-8")
            out.writestr(item, data)
    (outcome,) = pool.convert([(bare, folder / "bare.pdf")])
    assert outcome.error is None, outcome.error
    names = _name_lines(outcome.target)
    assert any(line.endswith("（督") for lines in names for line in lines), names
    finding = _findings(outcome.target)["tables.words.pdf"]
    assert finding.status is Status.FAIL
    assert "「（督03）」" in finding.measured or "「（督06）」" in finding.measured, finding.measured
