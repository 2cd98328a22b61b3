"""check's PDF rules on the documents of tests/fixtures/outsider8 (DEFECTS.md #2–#5, #7, #9): real
LibreOffice conversions of the generators' .fodt and WPS-style .docx, real Typst compiles, each
measured by check's own measurer and judged by its rules."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, typst_pdf

from docgen.check.pdf_chars import ink_left, squeezed_marks
from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Finding, Judge, Status
from docgen.check.run import Report, check_files

FIXTURES = ROOT / "tests" / "fixtures" / "outsider8"
sys.path.insert(0, str(FIXTURES))

import make_fodt  # noqa: E402
import make_typst  # noqa: E402
import make_wps  # noqa: E402


def soffice(out: Path, fmt: str, *files: Path) -> None:
    """Convert ``files`` to ``fmt`` in ``out`` with a LibreOffice profile of this module's own (another
    test converting the same generators at once must not share it) and docgen's font names."""
    env = dict(os.environ, FONTCONFIG_FILE=str(make_fodt.FONTS_CONF))
    profile = f"file:///tmp/o8pdf-lo-{os.getpid()}"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt, "--outdir", str(out),
         *map(str, files)],
        check=True, env=env, capture_output=True, timeout=300,
    )


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generators' files: lo-notice and lo-notice-faults (.fodt → PDF), the WPS notice with the
    character grid and with a line grid (.docx and LibreOffice's PDF), the Typst notice."""
    out = tmp_path_factory.mktemp("o8pdf")
    fodts = []
    for name in ("lo-notice", "lo-notice-faults"):
        fodt = out / f"{name}.fodt"
        fodt.write_text(make_fodt.build(make_fodt.VARIANTS[name]), encoding="utf-8")
        fodts.append(fodt)
    docs = [
        make_wps.build(out, fill=4, grid="linesAndChars", name="wps-grid"),
        make_wps.build(out, fill=4, grid="lines", name="wps-lines"),
    ]
    soffice(out, "pdf", *fodts, *docs)
    # in a child process, as typst_pdf: Typst's threads left here would hang later forked workers
    subprocess.run([sys.executable, str(FIXTURES / "make_typst.py"), str(out)], check=True, timeout=300)
    return out


def findings(pages: list[Page], declared_grid: str | None = None) -> dict[str, Finding]:
    """check's PDF findings on ``pages`` by rule id."""
    found: list[Finding] = []
    check_pdf(pages, Judge(found), text_rules=True, declared_grid=declared_grid)
    return {f.rule.id: f for f in found}


def by_id(report: Report) -> dict[str, Finding]:
    return {f.rule.id: f for f in report.findings}


def checked(docx: Path) -> dict[str, Finding]:
    """check of a .docx whose LibreOffice PDF lies beside it."""
    (report,) = check_files([docx], rendered={docx: docx.with_suffix(".pdf")})
    return by_id(report)


# --- #2: a declared character grid --------------------------------------------------------------------


def test_rules_spanning_libreoffices_grid_lines_pass_and_the_flow_is_not_judged(made: Path) -> None:
    """docGrid linesAndChars: LibreOffice lays 27 cells of 5.67 mm, lines, rules and borders 153.4 mm
    wide at x 29.3–182.7.  The red rule and the 版记's rules span those lines: the widths pass (said
    why); the 版记's height and the title's break follow LibreOffice's 27-字 lines, not the document's."""
    result = checked(made / "wps-grid.docx")
    assert result["grid.chars.pdf"].status is Status.NOT_APPLICABLE
    red = result["rule.position.pdf"]
    assert red.status is Status.PASS, red.measured
    assert "宽 153.4 mm" in red.measured
    assert "27 个整格" in red.measured
    assert "156 mm" in red.measured
    imprint = result["imprint.position.pdf"]
    assert imprint.status is Status.NOT_APPLICABLE, imprint.measured
    assert "252.8 mm" in imprint.measured
    assert "回行" in imprint.measured
    title = result["title.words.pdf"]
    assert title.status is Status.NOT_APPLICABLE
    assert "「通知」被拆开" in title.measured, title.measured


def test_without_a_character_grid_the_same_rules_are_judged_at_156_mm(made: Path) -> None:
    """docGrid lines: rules 156.0 mm at x 28.0, nothing said about a grid; the 版记 ending at 242.6 mm
    (four empty lines are too few) fails, as it should."""
    result = checked(made / "wps-lines.docx")
    red = result["rule.position.pdf"]
    assert red.status is Status.PASS
    assert "网格" not in red.measured, red.measured
    imprint = result["imprint.position.pdf"]
    assert imprint.status is Status.FAIL
    assert "242.6 mm" in imprint.measured, imprint.measured


def test_a_rule_short_of_the_grid_lines_still_fails(made: Path) -> None:
    """The grid excuses LibreOffice's narrowing only: a red rule 10 mm short of its lines fails."""
    pages = measure(made / "wps-grid.pdf")
    first = pages[0]
    short = [replace(r, x0=r.x0 + 5, x1=r.x1 - 5) if r.length > 100 else r for r in first.rules]
    pages[0] = replace(first, rules=short)
    result = findings(pages, declared_grid="docGrid linesAndChars")
    assert result["rule.position.pdf"].status is Status.FAIL, result["rule.position.pdf"].measured


def test_first_lines_under_the_grid_are_measured_from_its_lines_left_edge(made: Path) -> None:
    """WPS's grid in LibreOffice: lines from x 29.4 mm, first lines two cells in at 40.6 mm: 6
    paragraphs measured, all two 字 in; the same first lines half a 字 further in fail."""
    pages = measure(made / "wps-grid.pdf")
    grid = "docGrid linesAndChars"
    size = findings(pages, declared_grid=grid)["body.size.pdf"]
    assert size.status is Status.PASS
    assert "6 个段落首行左空二字" in size.measured, size.measured
    moved = [
        replace(page, lines=[
            replace(line, x0=line.x0 + 2.8, x1=line.x1 + 2.8) if 40 < line.x0 < 41 and line.size == 16 else line
            for line in page.lines
        ])
        for page in pages
    ]
    size = findings(moved, declared_grid=grid)["body.size.pdf"]
    assert size.status is Status.FAIL
    assert "首行缩进 2.5 字（43.4 mm）" in size.measured, size.measured


# --- #3, #7: Typst's punctuation compression -----------------------------------------------------------


def test_a_compressed_opening_bracket_is_inside_the_type_area(made: Path) -> None:
    """Typst sets the line-initial “（” of 「（市、区）、各有关单位…」 half-width: its glyph box starts at
    25.2 mm, its ink (the right half) at 28.0 mm and after."""
    pages = measure(made / "typst-notice.pdf")
    (line,) = [line for line in pages[0].lines if line.text.startswith("（市、区）")]
    assert line.x0 == pytest.approx(25.2, abs=0.1)
    assert ink_left(line) == pytest.approx(28.0, abs=0.2)
    result = findings(pages)
    assert result["page.margins.pdf"].status is Status.PASS, result["page.margins.pdf"].measured


def test_lines_of_29_and_30_characters_say_the_punctuation_was_compressed(made: Path) -> None:
    """5.2.3's 28 字 a line: Typst's 标点挤压 fits 29–30 characters in 156 mm; the failure names the
    compressed marks."""
    chars = findings(measure(made / "typst-notice.pdf"))["grid.chars.pdf"]
    assert chars.status is Status.FAIL
    assert "第 1 页第 5 行 29 字（标点挤压：「，确」「，」只占半字）" in chars.measured, chars.measured
    assert "30 字（标点挤压：" in chars.measured


def test_docgens_own_typst_pdfs_set_mark_pairs_full_width_and_hold_28(tmp_path: Path) -> None:
    """docgen's Typst PDFs of the samples set adjacent marks (「），」) at full width, as LibreOffice
    does (typst8: before it, Typst compressed them in 1 line of zhangzi-joint-draft and 3 of
    sanmenxia-2020-15), and hold 28 字 a line: grid.chars.pdf passes."""
    squeezed = 0
    for name in ("zhangzi-joint-draft", "sanmenxia-2020-15"):
        pdf = tmp_path / f"{name}.pdf"
        done = subprocess.run(
            [sys.executable, "-m", "docgen", "preview", str(ROOT / "samples" / "notices" / f"{name}.md"),
             "-o", str(pdf), "--engine", "typst", "--no-watermark"],
            cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 0, done.stderr
        pages = measure(pdf)
        squeezed += sum(1 for page in pages for line in page.lines if squeezed_marks(line))
        result = findings(pages)
        assert result["grid.chars.pdf"].status is Status.PASS, result["grid.chars.pdf"].measured
        assert not [f.rule.id for f in result.values() if f.status is Status.FAIL]
    assert squeezed == 0


# --- #4, #5: first-line indent and the 版记's size ------------------------------------------------------


def test_a_first_line_indent_of_two_and_a_half_zi_fails(made: Path) -> None:
    """lo-notice-faults sets every paragraph 40 pt in (2.5 字): its first lines start at 42.2 mm."""
    size = findings(measure(made / "lo-notice-faults.pdf"))["body.size.pdf"]
    assert size.status is Status.FAIL
    assert "首行缩进 2.5 字（42.2 mm）" in size.measured, size.measured


def test_a_16pt_line_between_the_imprint_rules_fails(made: Path) -> None:
    """The 印发 line of lo-notice-faults is 16 pt between the 版记's rules (the 抄送 line 14 pt)."""
    size = findings(measure(made / "lo-notice-faults.pdf"))["body.size.pdf"]
    assert size.status is Status.FAIL
    assert "版记中：p2 灵宝市重点项目建 16 pt" in size.measured, size.measured
    assert "抄送" not in size.measured


def test_conformant_indents_pass_on_libreoffice_and_typst(made: Path) -> None:
    """lo-notice (LibreOffice, 2 字 = 39.3 mm) and the Typst notice (「（一）」 compressed to 37.5–38.2 mm)
    pass, their paragraphs measured."""
    for name in ("lo-notice.pdf", "typst-notice.pdf"):
        size = findings(measure(made / name))["body.size.pdf"]
        assert size.status is Status.PASS, (name, size.measured)
        assert "个段落首行左空二字" in size.measured, (name, size.measured)


# --- #9: a page number on its side but not one 字 in ----------------------------------------------------

NUMBERS = """#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer-descent: 7mm,
  footer: context {
    let n = counter(page).get().first()
    set text(font: "Noto Serif CJK SC", size: 14pt)
    let number = "- " + str(n) + " -"
    if calc.odd(n) { align(right, number) } else { align(left, number) }
  })
#set text(font: "Noto Serif CJK SC", size: 16pt, lang: "zh")
正文。
#pagebreak()
正文。
"""


def test_a_number_flush_with_the_type_area_says_where_it_should_be(tmp_path: Path) -> None:
    """Odd numbers “- N -” (as gigu003's govdoc) flush right at 184 mm and even ones flush left at
    28.0 mm are on their sides, without the one 字 (14 pt, 4.9 mm) in: said so, with where they
    should be."""
    source = tmp_path / "numbers.typ"
    source.write_text(NUMBERS, encoding="utf-8")
    (tmp_path / "numbers.pdf").write_bytes(typst_pdf(source, make_typst.FONTS))
    position = findings(measure(tmp_path / "numbers.pdf"))["page_numbers.position.pdf"]
    assert position.status is Status.FAIL
    # pdfplumber's box of Noto's “-” runs 0.9 mm past Typst's advance: 184.9 measured here
    assert re.search(r"第 1 页右空一字（应在 179\.1 mm），实测 184\.\d mm", position.measured), position.measured
    assert "第 2 页左空一字（应在 32.9 mm），实测 28.0 mm" in position.measured, position.measured
    assert "不在" not in position.measured
