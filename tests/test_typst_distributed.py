"""A paragraph cut at a page's end (layout/closing.py: its head distributed to the right edge) set
by Typst as LibreOffice sets it: on the estimate's lines, every mark full width inside the type area.

The two corpus notices are the ones the Typst corpus run found (seed 14): n14-002 hung the 「：」
ending its contact line 2.8 mm past the type area (grid.hanging.pdf), n14-039 spilt the 「报」 of a
28-字 line with a URL to a line of its own (grid.chars.pdf).  Compiled by Typst, measured with
``docgen check``'s reader and rules.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from docgen import standard as S
from docgen.check.pdf_read import Line, measure
from docgen.check.pdf_rules import check_pdf, without_watermark
from docgen.check.rules import Finding, Judge, Status
from docgen.emit.typst.compile import render_pdf
from docgen.layout.breaks import plain
from docgen.layout.placed import Align, ParagraphBlock, Run
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from generate import write_notice  # noqa: E402

RIGHT = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM
ZI = S.TYPE_AREA_WIDTH_MM / S.CHARS_PER_LINE


def _typeset(index: int, folder: Path) -> tuple[list[str], list[Line], dict[str, Finding]]:
    """Return notice ``index`` of seed 14's distributed texts, its PDF's lines and check's findings."""
    write_notice(14, index, folder)
    rendered = render_pdf(compose_notice_file(folder / f"n14-{index:03}.md", RunResources()))
    heads = [
        plain("".join(run.text for run in block.runs if isinstance(run, Run)))
        for block in rendered.placed.blocks()
        if isinstance(block, ParagraphBlock) and block.align is Align.DISTRIBUTE
    ]
    pdf = folder / "n.pdf"
    pdf.write_bytes(rendered.pdf)
    pages = without_watermark(measure(pdf))
    findings: list[Finding] = []
    check_pdf(pages, Judge(findings), text_rules=True, double_sided=False)
    return heads, [line for page in pages for line in page.lines], {f.rule.id: f for f in findings}


@pytest.mark.parametrize(
    ("index", "head"),
    [
        (2, "联系人：胡建华，联系电话：0371-69697670，电子邮箱："),
        (39, "请登录http://fgw.ycx.gov.cn/zdxm/index.html下载填报"),
    ],
)
def test_a_distributed_head_is_one_full_line_inside_the_type_area(tmp_path: Path, index: int, head: str) -> None:
    heads, lines, findings = _typeset(index, tmp_path)
    assert any(h.endswith(head) for h in heads), heads  # the layout cut the paragraph there
    (line,) = [line for line in lines if line.text.replace(" ", "").endswith(head[-12:])]
    assert line.text.replace(" ", "").startswith(head[:3])  # one line: nothing spilt to the next
    assert RIGHT - 0.5 * ZI < line.x1 <= RIGHT + 0.3, line.x1  # to the right edge, the mark inside
    for rule in ("grid.hanging.pdf", "grid.chars.pdf"):
        assert findings[rule].status is not Status.FAIL, findings[rule].measured


def test_a_carried_head_of_two_lines_keeps_libreoffices_lines(tmp_path: Path) -> None:
    """tests/fixtures/outsider/joint.md: its closing carries the last line of its paragraph along
    (layout/closing.py "carried"), the head holding the estimate's (and LibreOffice's) first two
    lines spread to the right edge; Typst put 「县」 on line 2 and 「实施」 on a third."""
    from docgen.check.pdf_pages import text_lines, type_area

    source = Path(__file__).parent / "fixtures" / "outsider" / "joint.md"
    pdf = tmp_path / "joint.pdf"
    pdf.write_bytes(render_pdf(compose_notice_file(source, RunResources())).pdf)
    first, second = measure(pdf)[:2]
    lines = [line for line in text_lines(first) if line.em_top < type_area(first).bottom]
    assert [line.text for line in lines[-2:]] == [
        "为进一步加快重点项目建设，经县政府同意，现将《长子县",
        "重点项目建设“五项制度”》和《长子县重点项目挂牌督办实施",
    ]
    assert all(RIGHT - 0.5 * ZI < line.x1 <= RIGHT + 0.3 for line in lines[-2:])
    assert text_lines(second)[0].text == "细则》印发给你们，请认真贯彻执行。"
