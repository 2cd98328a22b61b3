"""corpus12: notice shapes the older corpora lack, made by LibreOffice and Typst, checked and compared.

``tests/fixtures/corpus12/make12.py`` writes the sources (seed 12: 16 notices with a portrait text
attachment, a 12–16 column landscape ledger of 40–120 rows and short tables; one-row tables; cells of
dates, 文号, amounts, percents and codes; heading chains; 请示 with 2–3 签发人; 20 bodies ending
around line 22 of page 1, 3, 5, 7; 附注, 盖章, long 抄送 and 主送, 3-line titles, 双面印刷 both ways);
``run12.py`` makes each with both engines, measures both PDFs with ``docgen check``'s PDF rules and
the corpus's own measures (text of each PDF against the .docx's layout, character for character),
compares page counts, the 版记 (last page, portrait, even when double-sided, last rule at 262 ± 0.5
mm), the header row on every page a table runs onto, and checks the .docx (``docgen check
--no-render``).

By default a few small notices run (both engines); the whole corpus (66 notices, some 900 pages an
engine, ~25 minutes on 2 cores) when ``DOCGEN_CORPUS_COUNT`` asks for more than its default 60
(the size of tests/test_corpus.py's corpus: the suite's one corpus size option).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

from helpers import load_script  # noqa: E402
from test_corpus import KNOWN_DEFECTS  # noqa: E402

from docgen.check.pdf_pages import text_lines, type_area  # noqa: E402
from docgen.check.pdf_read import Page, measure  # noqa: E402
from docgen.check.pdf_rules import check_pdf  # noqa: E402
from docgen.check.rules import Judge, Status  # noqa: E402

# by path, under its own name: other fixture folders have a run12.py/make12.py too
run12 = load_script(ROOT / "tests" / "fixtures" / "corpus12" / "run12.py").run12

CASES = ROOT / "tests" / "fixtures" / "corpus12" / "cases"
FULL = int(os.environ.get("DOCGEN_CORPUS_COUNT", "60")) > 60
# one-row table; token cells (a justified line before 2026年); token cells with a body table and
# 四、 moved past it; a heading chain; a 请示 with 2–3 签发人; the body filling page 1 to its 22nd line
SUBSET = [16, 24, 27, 30, 38, 48]
# a warning the source earns (a heading with nothing under it, drawn on purpose in the chains), and the
# last resort's own (a table that fits no size: dates, 文号 and words broken, said): not defects
SOURCE_WARNINGS = ("下没有内容", "折行")


def _defects(folder: Path, only: list[int] | None) -> tuple[list, dict]:  # type: ignore[type-arg]
    """Return corpus12's defects (those above and the refusals README documents left out) and facts."""
    defects, facts = run12(folder, only=only)
    kept = []
    for defect in defects:
        if defect.kind == "preview.warning" and any(w in defect.measured for w in SOURCE_WARNINGS):
            continue
        # a ledger of 15–16 columns with 18-character codes, too wide even for 小五 on a landscape
        # page: refused in one line naming the attachment, its columns and what fits (README)
        if defect.kind == "rejected" and "横排也无法阅读" in defect.measured:
            continue
        kept.append(defect)
    return kept, facts


def _libreoffice() -> bool:
    from docgen.convert.oneshot import soffice_path

    return soffice_path() is not None


@pytest.fixture(scope="module")
def corpus12(tmp_path_factory: pytest.TempPathFactory) -> tuple[list, dict]:  # type: ignore[type-arg]
    if not _libreoffice():
        pytest.skip("LibreOffice is not installed (scripts/setup.sh)")
    return _defects(tmp_path_factory.mktemp("corpus12"), None if FULL else SUBSET)


def test_no_unknown_defects(corpus12: tuple[list, dict]) -> None:  # type: ignore[type-arg]
    """Both engines' PDFs of every notice pass docgen check's rules and corpus12's comparisons, but
    for the defect kinds tests/test_corpus.py lists as known (table.balance in 小五 landscape tables,
    gap.chinese-latin.justified)."""
    defects, _facts = corpus12
    for defect in defects:
        print(f"{defect.kind} {defect.notice} {defect.page}: {defect.measured[:200]}")
    assert [
        f"{d.kind} {d.notice} {d.page}: {d.measured[:200]}" for d in defects if d.kind not in KNOWN_DEFECTS
    ] == []


def test_engines_agree_on_pages(corpus12: tuple[list, dict]) -> None:  # type: ignore[type-arg]
    """LibreOffice and Typst make every notice in as many pages, and a sweep's body ends on the same line."""
    _defects_, facts = corpus12
    assert facts
    for name, fact in facts.items():
        assert fact.get("libreoffice") == fact.get("typst"), (name, fact)
        if "libreoffice end" in fact:
            assert fact["libreoffice end"] == fact["typst end"], (name, fact)


# ---- the page before a heading moved past a body table ------------------------------------------


def _failed(pages: list[Page]) -> dict[str, str]:
    judge = Judge([])
    check_pdf(pages, judge, text_rules=True, double_sided=False)
    return {f.rule.id: f.measured for f in judge.findings if f.status is Status.FAIL}


@pytest.mark.parametrize("engine", ["libreoffice", "typst"])
def test_page_before_a_heading_under_a_table_is_not_called_short(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """c12-027 (cases/table-foot.md): a body table leaves the text under it 2.7 mm off the grid;
    page 3 ends 20.6 mm above the type area's foot, where 「四、重点任务」 and its first line need
    20.5 mm and the last one's cell 2.1 mm more: both engines move them to page 4, and docgen check
    called page 3 short (pages.full.pdf, "21 lines": it counted the room from the characters, not
    from the last line's cell; fixed in check/pdf_pages._may_end_short)."""
    from docgen.emit.typst.compile import render_pdf
    from docgen.notices import compose_notice_file, render_notice_file
    from docgen.run_resources import RunResources

    source, pdf = CASES / "table-foot.md", tmp_path / "table-foot.pdf"
    if engine == "libreoffice":
        docx = tmp_path / "table-foot.docx"
        docx.write_bytes(render_notice_file(source, RunResources()).data)
        (outcome,) = request.getfixturevalue("pool").convert([(docx, pdf)])
        assert outcome.error is None
    else:
        pdf.write_bytes(render_pdf(compose_notice_file(source, RunResources())).pdf)
    pages = measure(pdf)
    third = [line.text for line in text_lines(pages[2]) if line.em_top < type_area(pages[2]).bottom]
    fourth = [line.text for line in text_lines(pages[3])]
    assert third[-1].startswith("推广EPC总承包")
    assert fourth[0] == "四、重点任务"
    assert "pages.full.pdf" not in _failed(pages)
