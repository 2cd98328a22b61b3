"""A new clerk's walk through 纪要 (10.3), 函 (10.1), 令 (10.2), the weekly 通报 and the collected
基本情况表 (formats12): each defect found, on the clerk's own inputs in tests/fixtures/formats12/."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen import standard as S
from docgen.check.pdf_read import Line, measure
from docgen.check.pdf_rules import without_watermark
from docgen.preview import Engine, preview
from docgen.run_resources import RunResources

HERE = Path(__file__).resolve().parent / "fixtures" / "formats12"
ONE_CHAR_MM = 16 * 25.4 / 72  # 一字: one 3号 character


def _libreoffice() -> None:
    from docgen.convert.oneshot import soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh)")


def _first_page_lines(source: str, tmp_path: Path, engine: Engine) -> list[Line]:
    """Return the text lines of page 1 of the PDF ``engine`` makes of the fixture ``source``."""
    pdf = tmp_path / f"{engine.value}-{Path(source).stem}.pdf"
    report = preview([(HERE / source, pdf)], RunResources(), watermark=False, workers=1, engine=engine)
    assert not report.failed, report.failed
    return without_watermark(measure(pdf))[0].lines


@pytest.mark.parametrize("engine", [Engine.TYPST, Engine.LIBREOFFICE])
def test_minutes_office_and_date_stand_one_char_in_from_each_edge(tmp_path: Path, engine: Engine) -> None:
    """纪要-第6次.md: the 印发单位 and the 会议日期 over the red rule, 空一字 from the type area's left
    and right edges in both engines (Typst put the office at the very edge, 28.0 mm, while
    LibreOffice had it at 33.6 mm: the left tab stop before a right one was dropped)."""
    if engine is Engine.LIBREOFFICE:
        _libreoffice()
    lines = _first_page_lines("纪要-第6次.md", tmp_path, engine)
    (row,) = [ln for ln in lines if ln.text.startswith("长子县重点项目建设联席会议办公室")]
    assert row.text.endswith("2025年6月9日")
    left_edge, right_edge = S.MARGIN_LEFT_MM, S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM
    assert row.x0 - left_edge == pytest.approx(ONE_CHAR_MM, abs=0.5)
    assert right_edge - row.x1 == pytest.approx(ONE_CHAR_MM, abs=0.5)
