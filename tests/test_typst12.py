"""Typst breaks a body line where LibreOffice breaks it (typst12): the last 5 text-pagination
differences of the engine comparison (bench/engines.py, corpus seeds 303 and 404), one case each
cause, made by both engines from one source and compared line by line.

- a text portion's last character keeps the run spacing in LibreOffice (Writer takes -0.25 pt off
  every character of a run of full- or half-width characters but its last); Typst tracked every
  character alike, so a line of several digit runs was up to 0.1 字 narrower and Typst kept a
  character LibreOffice carried over (n404-008 「年度计划投资70.4」, n404-019 「全县107」, n404-039);
- Typst fits a line that ends inside a run with its last glyph tracked and sets it untracked,
  0.25 pt past the measure: 「…将项目」 in 156.08 mm of 156.02 (n404-027);
- a digit after a Latin letter is Western text in Writer, set with the face's 549/1000 em digits;
  Typst set the proportional ones of Chinese text, 「XM20250944」 0.07 字 wider (n303-004, after a
  heading's run-in 「（一）实行清单管理。」 in 楷体).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_FRONT

from docgen import standard as S
from docgen.check.pdf_read import measure
from docgen.cli import main_group
from docgen.convert.pool import ConverterPool
from docgen.notices import render_notice_file
from docgen.run_resources import RunResources

# a first line both engines fill with its 26 汉字 (2 字 indented): the case's text starts line 2
LEAD = "为认真贯彻落实县委县政府关于重点项目建设的决策部署和"
assert len(LEAD) == S.CHARS_PER_LINE - 2

CASES = {
    # the corpus's line, then its paragraph on; LibreOffice's break in the comment
    "portion-ends": LEAD + "县共安排重点项目95个，总投资184.25亿元，年度计划投资70.4亿元；各责任单位要于"
    "2025年4月17日前将观摩项目推荐表报送县重点项目办。",  # …年度计划投资 | 70.4亿元；
    "portion-ends-2": LEAD + "困难和问题，要及时向县重点项目办反映；截至1月底，全县107个重点项目累计完成投资"
    "181.59亿元，占年度计划的108.0%。",  # …全县 | 107个
    "inside-a-run": LEAD + "占年度计划的12.9%；各责任单位要于2026年11月18日前将项目进展情况表报送县重点项目办；"
    "按照“一个项目、一位领导、一套班子、一抓到底”的工作机制。",  # …前将项 | 目进展
}
# a heading run in (楷体), then the body face: 「XM20250944」 after Latin letters
HEADING = (
    "# 总体要求\n\n## 实行清单管理。督办事项编号为XM20250944，请责任单位在3个工作日内书面回复办理情况；"
    "严格落实安全生产责任制，确保工程质量和施工安全。"
)  # （一）实行清单管理。督办事项编号为XM20250944，请责 | 任单位


def _source(tmp_path: Path, body: str) -> Path:
    source = tmp_path / "case.md"
    source.write_text(f"---\n{MINIMAL_FRONT}\n---\n{body}\n", encoding="utf-8")
    return source


def _lines(pdf: Path) -> list[str]:
    """Return the 3号 lines of the body, every page, top to bottom, without spaces (LibreOffice's
    justified lines are split at their gaps)."""
    return [
        "".join(line.text.split())
        for page in measure(pdf)
        for line in sorted(page.lines, key=lambda x: x.em_top)
        if abs(line.size - S.BODY_PT) < 0.01  # Typst writes a line's size 15.99999… now and then
    ]


def _both(tmp_path: Path, body: str, pool: ConverterPool) -> tuple[list[str], list[str]]:
    """Return the body lines of the notice set by LibreOffice (from its .docx) and by Typst."""
    source = _source(tmp_path, body)
    path = tmp_path / "case.docx"
    path.write_bytes(render_notice_file(source, RunResources()).data)
    (outcome,) = pool.convert([(path, tmp_path / "lo.pdf")])
    assert outcome.error is None, outcome.error
    typst = tmp_path / "typst.pdf"
    done = CliRunner().invoke(
        main_group,
        ["--register", str(tmp_path / "r.sqlite"), "preview", str(source), "-o", str(typst)]
        + ["--no-watermark", "--engine", "typst"],
    )
    assert done.exit_code == 0, done.output
    return _lines(outcome.target), _lines(typst)


def _around(lines: list[str], text: str) -> list[str]:
    """Return the line holding the start of ``text`` and the two after it."""
    (at,) = [i for i, line in enumerate(lines) if text[:8] in line]
    return lines[at : at + 3]


@pytest.mark.parametrize("case", list(CASES))
def test_typst_breaks_a_near_full_line_of_digit_runs_as_libreoffice(
    case: str, tmp_path: Path, pool: ConverterPool
) -> None:
    text = CASES[case]
    lo, typst = _both(tmp_path, text, pool)
    line = text[len(LEAD) :]
    assert _around(lo, line)[0].startswith(line[:8])  # the case's text starts a line in LibreOffice
    assert _around(typst, line) == _around(lo, line)
    assert typst == lo


def test_typst_sets_digits_after_latin_letters_as_libreoffice(tmp_path: Path, pool: ConverterPool) -> None:
    lo, typst = _both(tmp_path, HEADING, pool)
    assert _around(typst, "（一）实行清单管理") == _around(lo, "（一）实行清单管理")
    assert typst == lo
