"""mends10: forms10 #7 (a name's 间隔号 「·」 counted a whole 字 by the estimate) and #9 (a 期号 written in
a 纪要 source left blank in preview), both measured on the PDFs of both engines (tests/fixtures/forms10/
DEFECTS.md)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from docgen.check.formats import judge_format_pdf
from docgen.check.pdf_read import measure
from docgen.check.pdf_rules import check_pdf, without_watermark
from docgen.check.rules import Finding, Judge, Status
from docgen.layout.estimate import HALF_AMBIGUOUS_EM, break_lines, text_width
from docgen.notices import compose_source
from docgen.preview import Engine, preview
from docgen.run_resources import RunResources

# gen10 seed 11 minutes 25, cut to one page: its 出席 line 1 ends 「艾尔肯·」 in both engines
NAMES = [
    "邓志远", "王晓东", "高玉", "阿依古丽·买买提", "艾尔肯·吾斯曼", "曾红梅", "林晓", "张建国", "傅明亮",
    "朱建国", "彭志远", "冯海", "热合曼·阿不都",
]  # fmt: skip
SOURCE = """---
会议名称: 长子县重点项目建设联席会议
届次: 2025年第26次
日期: 2025-03-08
主持: 县长张建国
出席: [{names}]
期号: {issue}
发文机关: zhangzi-zdxmb
---
会议听取了重点项目建设情况汇报，研究解决项目推进中存在的困难和问题。现将会议议定事项纪要如下：
# 会议议定事项
1.县住建局牵头，每周调度议定事项落实情况，逾期未完成的列入挂牌督办。（责任单位：县住建局；完成时限：2025年11月30日前）
2.县自然资源局牵头，完成新能源装备产业园项目用地预审并上报土地组卷材料。（责任单位：县自然资源局；完成时限：2025年10月30日前）
3.县招商中心牵头，每周调度议定事项落实情况，逾期未完成的列入挂牌督办。（责任单位：县招商中心；完成时限：2025年10月30日前）
"""
BODY_PT = 16.0
ZI_PT = 15.75  # one 字 of the body grid: 3号 less the run spacing
NAMES_LEFT = 5  # 左空二字 and 「出席：」: the names' lines hold 23 字


def _source(tmp_path: Path, issue: str) -> Path:
    path = tmp_path / f"纪要-{issue}.md"
    path.write_text(SOURCE.format(names=", ".join(NAMES), issue=issue), encoding="utf-8")
    return path


def _pdf(source: Path, engine: Engine) -> Path:
    if engine is Engine.LIBREOFFICE:
        from docgen.convert.oneshot import soffice_path

        if soffice_path() is None:
            pytest.skip("LibreOffice is not installed (scripts/setup.sh)")
    pdf = source.with_name(f"{source.stem}-{engine.value}.pdf")
    report = preview([(source, pdf)], RunResources(), watermark=False, workers=1, engine=engine)
    assert not report.failed, report.failed
    return pdf


def _attendance(pdf: Path) -> list[list[dict[str, object]]]:
    """Return the characters of the 出席 lines, line by line (the first from 「出席：」 on)."""
    with pdfplumber.open(pdf) as document:
        rows: dict[tuple[int, int], list[dict[str, object]]] = {}
        for number, page in enumerate(document.pages):
            for ch in page.chars:
                rows.setdefault((number, round(float(ch["top"]))), []).append(ch)
    lines = [sorted(chars, key=lambda c: float(c["x0"])) for _key, chars in sorted(rows.items())]
    texts = ["".join(str(c["text"]) for c in line) for line in lines]
    first = next(i for i, text in enumerate(texts) if text.startswith("出席："))
    return lines[first : first + len(break_lines("、".join(NAMES), 23, 23))]


@pytest.mark.parametrize("engine", [Engine.LIBREOFFICE, Engine.TYPST])
def test_the_estimate_breaks_names_with_a_middle_dot_where_the_engines_do(tmp_path: Path, engine: Engine) -> None:
    """forms10 #7: the estimate counted 「·」 (U+00B7, East Asian width A) a whole 字; both engines set it
    a third of one (the body face's 327/1000 em), so the estimate's 出席 line ended 「艾尔肯」 a 字 early
    where the PDFs end 「艾尔肯·」.  Now its lines are the engines' and the full line counts 28 字 as
    issue 14 counts (a full-width character 1, a half-width one ½: 2 + 3 + 22 + 2 × ½)."""
    lines = _attendance(_pdf(_source(tmp_path, "11"), engine))
    texts = ["".join(str(c["text"]) for c in line) for line in lines]
    names = "、".join(NAMES)
    assert [texts[0].removeprefix("出席："), *texts[1:]] == break_lines(names, 23, 23)
    assert texts[0].endswith("艾尔肯·"), texts
    assert 2 + text_width(texts[0]) == 28  # 左空二字 + 出席： + 22 字 + two 「·」 at ½
    dots = [
        (float(line[i + 1]["x0"]) - float(line[i]["x0"])) / ZI_PT
        for line in lines
        for i in range(len(line) - 1)
        if line[i]["text"] == "·"
    ]
    assert dots
    for measured in dots:  # LibreOffice 5.20 pt, Typst 4.98 pt: the estimate's 5.23 pt within 0.02 字
        assert abs(measured - HALF_AMBIGUOUS_EM["·"] * BODY_PT / ZI_PT) < 0.02, dots


def test_a_line_of_names_with_a_middle_dot_passes_grid_chars(tmp_path: Path) -> None:
    pages = without_watermark(measure(_pdf(_source(tmp_path, "11"), Engine.TYPST)))
    findings: list[Finding] = []
    check_pdf(pages, Judge(findings), text_rules=True, double_sided=False)
    judge_format_pdf(pages, findings, text_rules=True, double_sided=False)
    failed = {f.rule.id: f.measured for f in findings if f.status is Status.FAIL}
    assert "grid.chars.pdf" not in failed, failed


@pytest.mark.parametrize("engine", [Engine.LIBREOFFICE, Engine.TYPST])
def test_a_preview_prints_the_issue_written_in_a_minutes_source(tmp_path: Path, engine: Engine) -> None:
    """forms10 #9: 「期号: 11」 was previewed 第　　期 while a notice's written 发文字号 is printed; a number
    the register gives at issue (期号: auto) is what stays blank."""
    written = _pdf(_source(tmp_path, "11"), engine)
    auto = _pdf(_source(tmp_path, "auto"), engine)
    with pdfplumber.open(written) as document:
        assert "第11期" in (document.pages[0].extract_text() or "")
    with pdfplumber.open(auto) as document:
        text = document.pages[0].extract_text() or ""
        assert "第11期" not in text
        assert "期" in text


def test_render_says_the_written_issue_is_printed(tmp_path: Path) -> None:
    """render (compose_source): the 纪要 carries 第11期 and the note says the register checks it at issue."""
    minutes, notes = compose_source(_source(tmp_path, "11"), RunResources())
    assert getattr(minutes, "issue", None) == "第11期"
    assert "第11期" in str(notes[0])
    assert "docgen minutes" in str(notes[0])
    draft, notes = compose_source(_source(tmp_path, "auto"), RunResources())
    assert getattr(draft, "issue", None) == "第\u3000\u3000期"
    assert "第\u3000\u3000期" in str(notes[0])


def test_a_bad_written_issue_is_one_message_in_preview(tmp_path: Path) -> None:
    """期号: 十一 is refused with the file, line and field, not a traceback and not a blank 期号."""
    report = preview(
        [(_source(tmp_path, "十一"), tmp_path / "x.pdf")], RunResources(), watermark=False, engine=Engine.TYPST
    )
    ((_path, error),) = report.failed
    assert "期号" in str(error)
    assert "十一" in str(error)


NOTICE = """---
发文机关: henan
发文字号: 豫政重点办〔2020〕4号
标题: 关于表扬重点项目建设先进个人的通知
主送: 各省辖市人民政府
成文日期: 2020-03-13
---
经研究，决定对阿依古丽·买买提、艾尔肯·吾斯曼、热合曼·阿不都、古丽娜尔·吐尔逊等同志予以通报表扬，希望受到表扬的同志珍惜荣誉，再接再厉；艾尔肯·吾斯曼同志在2020年重点项目建设中成绩突出，热合曼·阿不都同志协调解决用地问题12个，古丽娜尔·吐尔逊同志牵头推进项目15个，阿依古丽·买买提同志完成投资3.5亿元。各地要以先进为榜样，扎实推进重点项目建设，确保完成全年目标任务。

各地要认真学习阿依古丽·买买提同志的先进事迹，艾尔肯·吾斯曼同志的工作方法，结合实际抓好落实。
"""


@pytest.mark.parametrize("engine", [Engine.LIBREOFFICE, Engine.TYPST])
def test_no_body_line_starts_with_a_middle_dot(tmp_path: Path, engine: Engine) -> None:
    """The estimate, taking 「·」 for a whole 字, broke the body's second paragraph before it and both
    engines followed: a line began 「·吾斯曼」 (避头: check's NO_START has 「·」).  Now 「艾尔肯·」 ends the
    line above, as the 出席 line's does."""
    source = tmp_path / "表扬.md"
    source.write_text(NOTICE, encoding="utf-8")
    with pdfplumber.open(_pdf(source, engine)) as document:
        lines = [line["text"] for page in document.pages for line in page.extract_text_lines()]
    assert not [line for line in lines if line.startswith("·")], lines
    assert any(line.endswith("艾尔肯·") for line in lines), lines
