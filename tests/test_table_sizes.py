"""The widest tables (issue 14 c): 小五 on landscape pages before a date, 文号 or code may break."""

from __future__ import annotations

from docgen import standard as S
from docgen.layout.tables import _run_width, minimums_fit, table_layout
from docgen.model import Table


def _table(columns: list[str], rows: int) -> Table:
    head = [f"列{i}" for i in range(len(columns))]
    return Table(rows=[head, *([list(columns)] * rows)], header_rows=1)


def test_latin_runs_are_as_wide_as_libreoffice_sets_them() -> None:
    # measured in LibreOffice's PDF (Noto Serif CJK SC): X 0.70, M 0.98, digits 0.55 em — "XM2025004"
    # was taken for 4.95 字 and broke as 「XM2025004|3」 in a cell sized for it
    assert _run_width("XM20250043") > 6.0  # 97.6 pt / 16 measured; ½ + 0.05 a character gave 5.5
    assert _run_width("2025年11月14日") > 7.4


def test_a_table_too_wide_at_wuhao_goes_to_xiaowu_and_keeps_its_dates_whole() -> None:
    # 9 columns, 7 of dates: the minimums need 56.5 字; the landscape type area (225 mm) holds 60.2
    # at 小五 and 51.6 at 五号 (cell margins taken off)
    entries = ["2025年11月14日"] * 7 + ["甲", "乙"]
    table = _table(entries, 5)
    assert not minimums_fit(table, 10.5, S.TYPE_AREA_HEIGHT)
    layout = table_layout(table)
    assert layout.landscape
    assert layout.size_pt == S.TABLE_LANDSCAPE_LAST_PT == 9
    assert not layout.joints_broken
    assert sum(layout.widths) == S.TYPE_AREA_HEIGHT


def test_joints_break_only_when_even_xiaowu_cannot_hold_the_pieces() -> None:
    entries = ["伊自然资规〔2023〕120号", "2025年11月14日", "0398-28129737"] * 4 + ["甲", "乙"]
    table = _table(entries, 3)
    assert not minimums_fit(table, 9, S.TYPE_AREA_HEIGHT)
    layout = table_layout(table)
    assert (layout.size_pt, layout.landscape, layout.joints_broken) == (9, True, True)
