"""A new clerk's walk through 纪要 (10.3), 函 (10.1), 令 (10.2), the weekly 通报 and the collected
基本情况表 (formats12): each defect found, on the clerk's own inputs in tests/fixtures/formats12/."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen import standard as S
from docgen.check.pdf_read import Line, Page, measure
from docgen.check.pdf_rules import without_watermark
from docgen.preview import Engine, preview
from docgen.run_resources import RunResources

HERE = Path(__file__).resolve().parent / "fixtures" / "formats12"
ONE_CHAR_MM = 16 * 25.4 / 72  # 一字: one 3号 character


def _libreoffice() -> None:
    from docgen.convert.oneshot import soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh)")


def _pages(source: Path, folder: Path, engine: Engine) -> list[Page]:
    """Return the pages of the PDF ``engine`` makes of ``source``, measured."""
    pdf = folder / f"{engine.value}-{source.stem}.pdf"
    report = preview([(source, pdf)], RunResources(), watermark=False, workers=1, engine=engine)
    assert not report.failed, report.failed
    return without_watermark(measure(pdf))


def _first_page_lines(source: str, tmp_path: Path, engine: Engine) -> list[Line]:
    """Return the text lines of page 1 of the PDF ``engine`` makes of the fixture ``source``."""
    return _pages(HERE / source, tmp_path, engine)[0].lines


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


@pytest.mark.parametrize("engine", [Engine.TYPST, Engine.LIBREOFFICE])
def test_a_note_breaks_before_an_e_mail_address_as_the_body_does(tmp_path: Path, engine: Engine) -> None:
    """函-用地指标.md: the 附注 “联系人：宋佳，联系电话：0355-8221234，电子邮箱：zzxzdxmb@163.com”.
    LibreOffice ended its first line after 「电子邮箱：」; Typst, given no break there (the 附注 was not
    marked as the body is), broke 「电子邮|箱」 and check failed grid.chars.pdf (25.5 字)."""
    if engine is Engine.LIBREOFFICE:
        _libreoffice()
    lines = [ln.text for page in _pages(HERE / "函-用地指标.md", tmp_path, engine) for ln in page.lines]
    (first,) = [t for t in lines if t.startswith("（联系人")]
    assert first.endswith("电子邮箱："), first
    assert lines[lines.index(first) + 1].startswith("zzxzdxmb@163.com）")


def _remarks_and_text(source: Path) -> tuple[list[str], str]:
    """Return the remarks on ``source`` and the text of the .docx made of it."""
    import io
    import zipfile

    from docgen.emit.docx.emit import emit_docx
    from docgen.layout import lay_out
    from docgen.notices import compose_source

    resources = RunResources()
    doc, remarks = compose_source(source, resources)
    xml = zipfile.ZipFile(io.BytesIO(emit_docx(lay_out(doc), resources.template))).read("word/document.xml")
    return [r.text for r in remarks], xml.decode("utf-8")


def test_a_first_line_naming_the_addressee_short_is_not_printed_twice() -> None:
    """函-用地指标.md begins its body “省自然资源厅：” under 主送: 山西省自然资源厅 (a Word habit): it was
    printed as the first paragraph under the 主送, the addressee twice; now left out with a 说明."""
    remarks, xml = _remarks_and_text(HERE / "函-用地指标.md")
    assert "省自然资源厅：</w:t>" not in xml.replace("山西省自然资源厅：</w:t>", "")
    assert any("省自然资源厅：" in r and "7.3.2" in r for r in remarks), remarks


def test_a_first_line_naming_other_offices_than_the_addressee_is_warned_of(tmp_path: Path) -> None:
    """A first line “自然资源厅、林业局：” under 主送: 山西省自然资源厅 reads as a 主送 but is another:
    printed as written, with a warning naming both."""
    source = tmp_path / "函.md"
    text = (HERE / "函-用地指标.md").read_text(encoding="utf-8")
    source.write_text(text.replace("\n省自然资源厅：\n", "\n自然资源厅、林业局：\n"), encoding="utf-8")
    (tmp_path / "项目清单.csv").write_bytes((HERE / "项目清单.csv").read_bytes())
    remarks, xml = _remarks_and_text(source)
    assert "自然资源厅、林业局：" in xml
    assert any("自然资源厅、林业局：" in r and "山西省自然资源厅" in r for r in remarks), remarks


def test_a_body_first_line_ending_with_a_colon_is_not_taken_for_an_addressee(tmp_path: Path) -> None:
    """“现将有关事项函告如下：” as the first line is body text: printed, no remark about a 主送."""
    source = tmp_path / "函.md"
    text = (HERE / "函-用地指标.md").read_text(encoding="utf-8")
    source.write_text(text.replace("\n省自然资源厅：\n", "\n现将有关事项函告如下：\n"), encoding="utf-8")
    (tmp_path / "项目清单.csv").write_bytes((HERE / "项目清单.csv").read_bytes())
    remarks, xml = _remarks_and_text(source)
    assert "现将有关事项函告如下：" in xml
    assert not any("主送" in r for r in remarks), remarks


def test_minutes_made_again_into_another_folder_says_where_the_files_are(tmp_path: Path) -> None:
    """纪要-第6次.md made into 一/, then (say, for a Typst PDF) into 二/: the second run wrote nothing
    and said only “…第1期 此前已生成且未改动，不再重写。”, not where the 纪要 is."""
    from conftest import run_docgen

    source = tmp_path / "纪要.md"
    source.write_bytes((HERE / "纪要-第6次.md").read_bytes())
    first = run_docgen(tmp_path, "minutes", str(source), "--out", "一", register=True)
    assert first.returncode == 0, first.stderr
    again = run_docgen(tmp_path, "minutes", str(source), "--out", "二", register=True)
    assert again.returncode == 0, again.stderr
    made = tmp_path / "一" / "长子县重点项目建设联席会议纪要2025年第1期.docx"
    assert made.is_file()
    assert "不再重写" in again.stdout, again.stdout
    assert str(made) in again.stdout, again.stdout
    assert not (tmp_path / "二").exists() or not any((tmp_path / "二").iterdir())
