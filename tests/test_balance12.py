"""Dates written with dots or slashes in a last-resort ledger (corpus12 DEFECTS #3, #5).

A table still too tight at 五号 landscape (``tables._table_layout``: no landscape size keeps every
date, 文号 and code whole without a sliver column, so 小五 with ``joints_broken``) breaks 2025.12.28
and 2025/11/20 after the year and month as it breaks 2025年|12月|28日; a table that fits keeps them
whole.  Both engines break there (a zero-width space in the .docx, a break between boxes in Typst),
docgen check takes such a break for a joint, and the summary says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import libreoffice_pdf, typst_pdf, with_table
from test_corpus import measure_notice

from docgen.check.pdf_breaks import split_tokens
from docgen.check.pdf_cells import cells
from docgen.check.pdf_read import measure
from docgen.layout import lay_out
from docgen.layout.breaks import joint_starts, plain, table_runs
from docgen.layout.columns import least_piece, units
from docgen.layout.tables import table_layout
from docgen.model import Table

NAMES = (
    "长子县农产品冷链物流项目",
    "城乡一体化示范区污水处理厂提标改造工程",
    "伊川县人民医院新院区建设项目",
    "三门峡市生态修复综合治理项目",
)
HEAD = (
    "序号", "项目名称", "批复文号", "联系电话", "计划开工", "计划竣工", "交办日期",
    "办结日期", "核查日期", "备案文号", "计划投资（万元）", "完成投资（万元）", "责任单位", "备注",
)  # fmt: skip
ROW = (
    "长发改投资〔2025〕118号", "0355-88625121", "2025.3.15", "2026.10.30", "2025.12.28", "2026.1.9",
    "2025/11/20", "伊重点〔2024〕121号", "12,345.67", "8,901.23", "县住房和城乡建设局", "按期推进",
)  # fmt: skip
DOTTED = re.compile(r"\d{4}[./]\d{1,2}[./]\d{1,2}")


def _table(columns: int) -> Table:
    rows = (HEAD[:columns], *((str(i), name, *ROW)[:columns] for i, name in enumerate(NAMES, start=1)))
    return Table(rows=rows, header_rows=1)


TIGHT = _table(14)  # 小五 landscape, dates and 文号 at their joints
EASY = _table(7)  # 五号 landscape, everything whole


def _split_dates(pdf: Path) -> list[tuple[str, bool]]:
    """Return (date with | at each break, broken only at joints) for each dotted date a line breaks."""
    found = []
    for page in measure(pdf):
        for cell in cells(page):
            for kind, token, joints in split_tokens([line.text for line in cell.lines], cell.wrapped()):
                if kind == "date" and DOTTED.fullmatch(token.replace("|", "")):
                    found.append((token, joints))
    return found


def test_a_dotted_date_has_joints_after_its_year_and_month_and_a_number_none() -> None:
    assert [plain(r) for r, _ in table_runs("2025.12.28", joints=True)] == ["2025.12.28"]
    assert "\u200b" in table_runs("2025.12.28", joints=True)[0][0]  # the break the .docx offers
    assert "\u200b" not in table_runs("2025.12.28")[0][0]
    assert sorted(joint_starts("2025.12.28")) == [5, 8]
    assert sorted(joint_starts("完成于2025/1/5前")) == [8, 10]
    for number in ("36,536.08", "12.5%", "1.2.3", "v1.2025.12.28", "2025.12.28.5"):
        assert joint_starts(number) == set(), number
    # whole unless the table is at its last resort
    assert least_piece(units("2025.12.28")) > 4.5
    assert least_piece(units("2025.12.28", joints=True)) < 2.6  # 「2025.」


def test_the_dates_of_a_tight_ledger_give_their_width_to_the_names() -> None:
    layout = table_layout(TIGHT)
    assert (layout.size_pt, layout.landscape, layout.joints_broken) == (9, True, True)
    assert table_layout(EASY).joints_broken is False
    # the columns of dates written whole are 5.1 字 without the joints (corpus12 #3): now ~2.6
    char = layout.size_pt * 20
    date_cols = [HEAD.index(h) for h in ("计划竣工", "交办日期", "核查日期")]
    assert all(layout.widths[c] / char < 3.5 for c in date_cols)


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("balance12-tight")
    return folder, with_table(folder, TIGHT)


@pytest.fixture(scope="module")
def easy(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("balance12-easy")
    return folder, with_table(folder, EASY)


def _tokens_rule(pdf: Path) -> list[object]:
    measured = measure_notice("balance12", str(pdf), False)
    return [d for d in measured.defects if d.kind == "tables.tokens.pdf"]


@pytest.mark.parametrize("engine", ["libreoffice", "typst"])
def test_both_engines_break_a_tight_ledgers_dotted_dates_at_their_joints(tight, engine, request) -> None:  # type: ignore[no-untyped-def]
    folder, doc = tight
    pdf = (
        libreoffice_pdf(doc, request.getfixturevalue("pool"), folder / "notice.pdf")
        if engine == "libreoffice"
        else typst_pdf(doc, folder / "typst.pdf")
    )
    split = _split_dates(pdf)
    assert all(joints for _token, joints in split), split
    # 2025.|12.28 (or 2025.|12.|28) and 2025/|11/20 in each of the four rows
    assert sum(token.startswith("2025.|12.") for token, _ in split) == 4, split
    assert sum(token.startswith("2025/|11/") for token, _ in split) == 4, split
    assert _tokens_rule(pdf) == []  # docgen check takes them for joints on a landscape page
    notes = lay_out(doc).notes
    assert any("2025.12.28" in note and "年、月之后折行" in note for note in notes), notes


@pytest.mark.parametrize("engine", ["libreoffice", "typst"])
def test_a_ledger_that_fits_keeps_its_dotted_dates_whole(easy, engine, request) -> None:  # type: ignore[no-untyped-def]
    folder, doc = easy
    pdf = (
        libreoffice_pdf(doc, request.getfixturevalue("pool"), folder / "notice.pdf")
        if engine == "libreoffice"
        else typst_pdf(doc, folder / "typst.pdf")
    )
    assert _split_dates(pdf) == []
    assert _tokens_rule(pdf) == []
    texts = {"".join(line.text for line in cell.lines) for page in measure(pdf) for cell in cells(page)}
    assert {"2025.3.15", "2026.10.30"} <= texts
    assert not any("折行" in note for note in lay_out(doc).notes)


def test_the_check_takes_a_dotted_date_broken_elsewhere_or_a_number_for_a_fault() -> None:
    assert split_tokens(["2025.", "12.28"]) == [("date", "2025.|12.28", True)]
    assert split_tokens(["2025.1", "2.28"]) == [("date", "2025.1|2.28", False)]
    assert split_tokens(["36,536.", "08"]) == [("number", "36,536.|08", False)]
