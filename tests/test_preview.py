"""``docgen preview``: PDFs whose text is the document's, fonts embedded, watermark, metadata, page images."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_FRONT, SAMPLES, sample_paths
from helpers import model, render
from pypdf import PdfReader

from docgen.check.docx_read import load
from docgen.cli import main_group
from docgen.convert.fonts import font_report, uncovered_characters
from docgen.convert.oneshot import soffice_path
from docgen.convert.pdf import read_pdf
from docgen.convert.pool import system_python
from docgen.layout.breaks import plain
from docgen.preview import preview
from docgen.run_resources import RunResources

pytestmark = pytest.mark.skipif(
    soffice_path() is None or system_python() is None, reason="LibreOffice with python3-uno is not installed"
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", plain(text))


@pytest.fixture(scope="module")
def previews(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("previews")
    jobs = [(p, out / f"{p.stem}.pdf") for p in sample_paths()]
    report = preview(jobs, RunResources(), images=True, workers=2)
    assert not report.failed, report.failed
    return report


def test_every_sample_previews_with_its_text_and_embedded_fonts(previews) -> None:  # type: ignore[no-untyped-def]
    for result in previews.results:
        facts = read_pdf(result.pdf)
        # the page numbers and the watermark interrupt paragraphs that run over a page
        text = re.sub(r"—\d+—|样稿", "", _norm(facts.text))
        docx = load(render(result.source))
        pieces = [p.text for p in docx.paragraphs]
        pieces += [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
        for piece in pieces:
            for line in piece.split("\n"):  # a table cell or a title may break lines
                assert _norm(line) in text, (result.source.name, line[:30])
        assert facts.fonts
        assert all(embedded for _name, embedded in facts.fonts), facts.fonts
        assert not result.warnings, result.warnings
        assert facts.pages == result.pages == len(result.images)


def test_the_summary_names_the_chinese_families_fontconfig_chose(previews) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: not NotoSerifCJKjp-Regular-VKana (read as a Japanese font) but Noto Serif CJK SC."""
    for result in previews.results:
        assert "Noto Serif CJK SC" in result.fonts, result.fonts
        assert not [f for f in result.fonts if "jp" in f.lower() or "+" in f or "VKana" in f], result.fonts
        assert set(result.fonts) <= {
            "Noto Serif CJK SC", "Noto Serif CJK SC Bold", "Noto Sans CJK SC", "AR PL UKai CN", "HanaMinA", "HanaMinB", "Symbola",
        }, result.fonts  # fmt: skip


def test_every_sample_passes_the_corpus_measures(previews) -> None:  # type: ignore[no-untyped-def]
    """Issue 14 Done-when: the sample notices pass the notice corpus's checks (docgen check's measured
    rules, tables 156/225 mm wide, no Chinese→digit gap of 0.5 pt or more)."""
    from test_corpus import measure_notice

    for result in previews.results:
        measured = measure_notice(result.source.stem, str(result.pdf), True)
        assert not measured.defects, (result.source.name, measured.defects)


def test_watermark_and_metadata(previews) -> None:  # type: ignore[no-untyped-def]
    for result in previews.results:
        doc = model(result.source)
        facts = read_pdf(result.pdf)
        assert facts.metadata.title == doc.title.replace("\n", "")
        assert facts.metadata.subject == (doc.header.number.text() if doc.header.number else "")
        assert facts.metadata.author == "、".join(doc.signature.organs)
        reader = PdfReader(result.pdf)
        assert all("样稿" in (page.extract_text() or "") for page in reader.pages)


def test_page_images_are_pngs(previews) -> None:  # type: ignore[no-untyped-def]
    for result in previews.results:
        assert all(image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for image in result.images)


def test_preview_cli_one_file_no_watermark(tmp_path: Path) -> None:
    source = SAMPLES / "henan-2020-4.md"
    out = tmp_path / "final.pdf"
    result = CliRunner().invoke(main_group, ["preview", str(source), "-o", str(out), "--no-watermark"])
    assert result.exit_code == 0, result.output
    assert "6 页" in result.stdout
    assert "字体" in result.stdout
    assert "样稿" not in "".join(page.extract_text() or "" for page in PdfReader(out).pages)


def test_preview_of_a_docx_and_a_bad_source(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    docx = tmp_path / "a.docx"
    assert (
        runner.invoke(
            main_group, ["render", str(SAMPLES / "zhangzi-joint-draft.md"), "-o", str(docx)]
        ).exit_code
        == 0
    )
    bad = write_notice(MINIMAL_FRONT.replace("yichuan", "nowhere"), name="bad.md")
    out = tmp_path / "pdf"
    result = runner.invoke(main_group, ["preview", str(docx), str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert (out / "a.pdf").is_file()
    assert not (out / "bad.pdf").exists()
    assert "未知的发文机关 'nowhere'" in result.stderr
    assert read_pdf(out / "a.pdf").metadata.title == "关于开展2020年第四季度重点项目集中开工活动的通知"


def test_rare_characters_and_emoji_have_glyphs_and_missing_ones_are_reported(
    tmp_path: Path, write_notice
) -> None:  # type: ignore[no-untyped-def]
    assert uncovered_characters("公文𠀾䶮😀") == []
    unassigned = "\U0003fffd"  # no font has a glyph for a noncharacter
    assert uncovered_characters(f"公文{unassigned}") == [unassigned]
    source = write_notice(MINIMAL_FRONT, f"生僻字𠀾䶮和表情😀。\n无字形{unassigned}。")
    report = preview([(source, tmp_path / "r.pdf")], RunResources())
    assert not report.failed
    (result,) = report.results
    assert any(unassigned in warning for warning in result.warnings)
    assert "𠀾" in read_pdf(result.pdf).text


def test_fonts_command_reports_the_mapping() -> None:
    result = CliRunner().invoke(main_group, ["fonts"])
    assert result.exit_code == 0
    lines = dict(line.split("\t", 1) for line in result.stdout.splitlines())
    for name in ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"):
        assert "替代字体" in lines[name]
        assert "Noto" in lines[name] or "UKai" in lines[name]
    assert all(mapping.chinese for mapping in font_report())


def test_an_imprint_on_an_odd_page_is_placed_again(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """7.5 on the real PDF: a 版记 forced onto page 1 (odd) is moved until the page count is even."""
    from docgen.convert.converter import converter
    from docgen.convert.pdf import Metadata
    from docgen.emit.docx.emit import render_docx
    from docgen.layout import Placement, lay_out
    from docgen.publish.pipeline import Publication, page_count, publish

    doc = model(write_notice(MINIMAL_FRONT))
    template = RunResources().template
    assert lay_out(doc).placement is Placement.NEW_PAGE  # body on page 1: the 版记 goes to page 2
    wrong = render_docx(doc, template, Placement.BOTTOM).data
    item = Publication(
        doc,
        tmp_path / "n.docx",
        tmp_path / "n.pdf",
        Metadata("t", "", ""),
        docx_data=wrong,
        docx_placement=Placement.BOTTOM,
    )
    with converter(1) as convert:
        (once,) = publish(
            [Publication(None, None, tmp_path / "w.pdf", Metadata("t", "", ""), docx_data=wrong)],
            template,
            convert,
        )
        assert once.pages == 1  # as made, the 版记 sits on page 1
        (made,) = publish([item], template, convert)
    assert made.error is None
    assert made.pages == 2
    assert page_count(tmp_path / "n.pdf") == 2
    assert made.placed is not None
    assert made.placed.placement is Placement.NEW_PAGE
    assert (tmp_path / "n.docx").read_bytes() == made.docx_data != wrong
