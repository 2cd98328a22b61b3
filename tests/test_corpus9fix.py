"""Fixes of corpus9's defects (tests/fixtures/corpus9/DEFECTS.md) measured on real output: notices
made through the real preview pipeline (Typst, and LibreOffice where said), real .xlsx files
(openpyxl), real PDFs read back (pdfplumber)."""

from __future__ import annotations

from pathlib import Path

import pytest

NAMES = [f"伊川县第{n}批重点项目名单核对" for n in "一二三四五六七八九十"] + ["伊川县城区供水管网改造工程", "伊川县高标准农田建设项目"]

NOTICE = """---
发文机关: yichuan
发文字号: 伊重点项目办〔2025〕9号
标题: 关于报送项目名单的通知
主送: 各乡镇人民政府，县直各有关单位
成文日期: 2025-06-05
双面印刷: false
附件:
  - 标题: 项目名单
    文件: {file}
---
请各单位核对附件所列项目名单，于6月10日前报县重点项目办。
"""


def _one_column(folder: Path, suffix: str) -> Path:
    """Write a one-column table (项目名称 and 12 names) as ``suffix`` and a notice attaching it."""
    rows = ["项目名称", *NAMES]
    table = folder / f"names{suffix}"
    if suffix == ".csv":
        table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        for row in rows:
            book.active.append([row])
        book.save(table)
    notice = folder / "notice.md"
    notice.write_text(NOTICE.format(file=table.name), encoding="utf-8")
    return notice


def _pdf_text(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return "".join("".join((page.extract_text() or "").split()) for page in document.pages)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("engine", ["typst", "libreoffice"])
def test_one_column_attachment_prints_every_row(tmp_path: Path, suffix: str, engine: str) -> None:
    """corpus9 #1: a 1-column × 13-row sheet (header + 12 names) prints every row, in both engines'
    PDF; before the fix only the last name was printed (each one-cell row taken for a title)."""
    from docgen.preview import Engine, preview
    from docgen.run_resources import RunResources

    if engine == "libreoffice":
        from docgen.convert.oneshot import soffice_path

        if soffice_path() is None:
            pytest.skip("LibreOffice is not installed (scripts/setup.sh)")
    pdf = tmp_path / "notice.pdf"
    report = preview(
        [(_one_column(tmp_path, suffix), pdf)], RunResources(), watermark=False, workers=1, engine=Engine(engine)
    )
    assert not report.failed, report.failed
    text = _pdf_text(pdf)
    assert [row for row in ["项目名称", *NAMES] if row not in text] == []


def test_check_single_sided_pdf(tmp_path: Path) -> None:
    """corpus9 #11: docgen's own 3-page single-sided PDF (双面印刷: false, 版记 on page 3) fails
    pages.even.pdf under ``docgen check`` (double-sided by default, 6.2) with a note saying how to
    state single-sided printing, and passes every rule with ``--single-sided`` (and ``--单面``)."""
    from click.testing import CliRunner

    from docgen.cli import main_group
    from docgen.preview import Engine, preview
    from docgen.run_resources import RunResources

    (tmp_path / "names.csv").write_text(
        "\n".join(["项目名称", *(f"伊川县第{n}号重点项目" for n in range(1, 46))]) + "\n", encoding="utf-8"
    )
    notice = tmp_path / "notice.md"
    notice.write_text(NOTICE.format(file="names.csv"), encoding="utf-8")
    pdf = tmp_path / "notice.pdf"
    report = preview([(notice, pdf)], RunResources(), watermark=False, workers=1, engine=Engine.TYPST)
    assert not report.failed, report.failed
    runner = CliRunner()
    default = runner.invoke(main_group, ["check", str(pdf)])
    assert default.exit_code == 1, default.output
    assert "pages.even.pdf" in default.output
    assert "--single-sided" in default.output  # the failure says how to state single-sided printing
    for flag in ("--single-sided", "--单面"):
        single = runner.invoke(main_group, ["check", str(pdf), flag])
        assert single.exit_code == 0, single.output


def test_docx_check_of_a_body_of_only_headings_judges_the_grid_on_the_headings(tmp_path: Path) -> None:
    """corpus9 #10: ``docgen check --no-render`` on the .docx of a notice whose body is only headings
    judged grid.lines / grid.chars on the first paragraph with text (36 pt: 「17」, 「12」); the
    headings are on the body's grid (22 lines of 28.95 pt, 28 字)."""
    from click.testing import CliRunner

    from docgen.check.run import check_files
    from docgen.cli import main_group

    notice = tmp_path / "heads.md"
    notice.write_text(
        NOTICE.split("附件:")[0]
        + "---\n# 总体要求\n## 加强组织领导\n## 强化资金保障\n# 工作安排\n## 压实工作责任\n",
        encoding="utf-8",
    )
    docx = tmp_path / "heads.docx"
    result = CliRunner().invoke(main_group, ["render", str(notice), "-o", str(docx)])
    assert result.exit_code == 0, result.output
    (report,) = check_files([docx], render=False)
    grid = {f.rule.id: (f.status.name, f.measured) for f in report.findings if f.rule.id.startswith("grid.")}
    assert grid["grid.lines"][0] == "PASS", grid
    assert grid["grid.chars"][0] == "PASS", grid


def test_line_width_counts_half_width_characters_by_their_advance() -> None:
    """corpus9 #5: 5.2.3 counts 字 by width: digits of ½ 字 make 「27 字 + 123」 28.5 (over), a 「.」
    of 0.27 字 counts 0.27, a full-width mark set narrower (标点挤压) still 1, a hanging mark 0."""
    from docgen.check.pdf_chars import _width

    assert _width("一" * 27 + "123", [1.0] * 27 + [0.5] * 3, False) == 28.5
    assert _width("一" * 26 + "1.11", [1.0] * 26 + [0.5, 0.27, 0.5, 0.5], False) == pytest.approx(27.77)
    assert _width("一" * 27 + "，", [1.0] * 27 + [0.5], False) == 28.0
    assert _width("一" * 28 + "。", [1.0] * 29, True) == 28.0


@pytest.mark.parametrize(
    "url",
    [
        "https://www.yichuan.gov.cn/zdxm/2025/projects/detail.html?id=1234567890&type=key&from=notice",
        "（https://www.yichuan.gov.cn/zdxm/2025/projects/notice-detail-2025-0612.html）",
    ],
)
def test_typst_fills_the_lines_of_a_long_url(tmp_path: Path, url: str) -> None:
    """corpus9 #6: a URL longer than a line, after its 「?」 or inside full-width brackets, fills its
    lines in Typst's PDF: no line of it holds fewer than 20 字 but the paragraph's last (the mark was
    boxed with the whole run, wider than a line, and 「html?」 stood alone: 3 字)."""
    import pdfplumber

    from docgen.check.pdf_chars import zi
    from docgen.preview import Engine, preview
    from docgen.run_resources import RunResources

    notice = tmp_path / "url.md"
    body = f"为做好全县重点项目信息报送工作，请各单位登录{url}填报项目信息，于6月10日前完成；逾期未报送的，视为无项目。"
    notice.write_text(NOTICE.split("附件:")[0] + "---\n" + body + "\n", encoding="utf-8")
    pdf = tmp_path / "url.pdf"
    report = preview([(notice, pdf)], RunResources(), watermark=False, workers=1, engine=Engine.TYPST)
    assert not report.failed, report.failed
    with pdfplumber.open(pdf) as document:
        lines = (document.pages[0].extract_text() or "").splitlines()
    start = next(i for i, line in enumerate(lines) if "登录" in line)
    paragraph = lines[start : next(i for i, line in enumerate(lines) if "无项目" in line) + 1]
    assert "".join(paragraph).replace(" ", "") == body
    assert [line for line in paragraph[:-1] if zi(line.strip()) < 20] == []


def test_libreoffice_fills_the_page_before_a_heading_and_the_closing(tmp_path: Path) -> None:
    """corpus9 #2 in LibreOffice too (test_corpus9 runs Typst): n202-024's page 3, left by 「二、」,
    its one-line text and the closing, is filled by a larger 行距 (22 lines; it was 18)."""
    from docgen.check.pdf_pages import lines_used, text_lines
    from docgen.check.pdf_read import measure
    from docgen.check.pdf_rules import without_watermark
    from docgen.convert.oneshot import soffice_path
    from docgen.preview import Engine, preview
    from docgen.run_resources import RunResources

    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh)")
    case = Path(__file__).parent / "fixtures" / "corpus9" / "cases" / "short-page.md"
    pdf = tmp_path / "short-page.pdf"
    report = preview([(case, pdf)], RunResources(), watermark=False, workers=1, engine=Engine.LIBREOFFICE)
    assert not report.failed, report.failed
    page = without_watermark(measure(pdf))[2]
    assert lines_used(page, text_lines(page)[-1]) == 22
