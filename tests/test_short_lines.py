"""A body line before a URL or e-mail address that does not fit on it is left short, not spread
(tests/fixtures/outsider2/DEFECTS.md item 3; layout/short_lines.py): a manual break and Word's
``w:doNotExpandShiftReturn``, measured in LibreOffice's PDF and compared with Typst's."""

from __future__ import annotations

import io
import shutil
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from docgen.check.pdf_read import measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.pdf_spread import check_spread, spread_lines
from docgen.check.rules import Judge, Status
from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import render_docx
from docgen.emit.typst.compile import render_pdf
from docgen.layout.estimate import break_lines
from docgen.layout.estimate_spacing import spaced_pieces
from docgen.layout.short_lines import short_before_run
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

FIXTURE = Path(__file__).parent / "fixtures" / "outsider2" / "观摩通知-粘贴.md"
URL = "https://www.zhangzi.gov.cn/zdxmb/2025/guanmo.html?id=7&t=2"
SHORT = "项目办网站"  # the line LibreOffice spread as 「项　　目　　办　　网　　站」
HEAD = "（二）观摩阶段（10月20日至24日）。"
RUN_IN = f"观摩路线详见县重点项目办网站 {URL}，请各单位提前对接。"


def test_a_url_is_kept_whole_over_its_slashes_and_broken_after_its_question_mark() -> None:
    lines = break_lines(HEAD + RUN_IN, 26, 28, head=(len(HEAD), "楷体"))
    assert [line.replace("\u200b", "").replace("\u2060", "") for line in lines] == [
        "（二）观摩阶段（10月20日至24日）。观摩路线详见县重点",
        "项目办网站 ",
        "https://www.zhangzi.gov.cn/zdxmb/2025/guanmo.html?",
        "id=7&t=2，请各单位提前对接。",
    ]


def test_the_line_before_the_url_ends_in_a_break_and_is_not_spaced() -> None:
    pieces = spaced_pieces(HEAD + RUN_IN, 26, head=(len(HEAD), "楷体"))
    assert "".join(p.text for p in pieces).replace("\u200b", "").replace("\u2060", "") == HEAD + RUN_IN
    broken = [p for p in pieces if p.break_after]
    assert len(broken) == 1
    assert broken[0].text.strip().endswith("网站")
    assert broken[0].extra == 0


def test_only_urls_addresses_and_latin_words_that_did_not_fit_leave_a_line_short() -> None:
    assert short_before_run("联系电话：0371-69697670，电子邮箱：", 2.5, "zdxmb2025@sx-changzhi.gov.cn。")
    assert short_before_run("项目办网站 ", 20.0, "https://www.zhangzi.gov.cn/")
    assert not short_before_run("截至5月底，全县纳入调度的重点项目160个，总投资", 3.0, "1234567.89万元")
    assert not short_before_run("项目办网站", 0.5, "https://www.zhangzi.gov.cn/")  # nothing to spread
    assert not short_before_run("推广", 3.0, "EPC总承包")  # a short Latin word fits a line's room
    assert not short_before_run(URL[:50], 3.0, URL[50:])  # a URL broken inside: no 汉字 to spread


def _line_pitches(pdf: Path, start: str) -> list[float]:
    """Return the distances between the characters of the line starting ``start``."""
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            rows: dict[int, list[dict]] = {}
            for char in page.chars:
                rows.setdefault(round(char["top"]), []).append(char)
            for row in rows.values():
                chars = sorted(row, key=lambda c: c["x0"])
                if "".join(c["text"] for c in chars).startswith(start):
                    xs = [c["x0"] for c in chars if c["text"].strip()]
                    return [b - a for a, b in zip(xs, xs[1:], strict=False)]
    raise AssertionError(f"no line starts {start!r} in {pdf}")


@pytest.fixture(scope="module")
def docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("short")
    shutil.copy(FIXTURE, folder / FIXTURE.name)
    resources = RunResources()
    target = folder / "notice.docx"
    target.write_bytes(
        render_docx(compose_notice_file(folder / FIXTURE.name, resources), resources.template).data
    )
    return target


def test_the_docx_has_the_break_and_the_setting(docx: Path) -> None:
    with zipfile.ZipFile(docx) as package:
        settings = package.read("word/settings.xml").decode()
        document = package.read("word/document.xml").decode()
    assert "<w:doNotExpandShiftReturn/>" in settings
    assert f"{SHORT} </w:t><w:br/>" in document
    # the title's line break, this one and the line before the phone number held whole (bodyhold.py)
    assert document.count("<w:br/>") == 3
    # the zero-width space before the number goes before the break (no empty line after it)
    assert "联系电话：\u200b</w:t><w:br/>" in document


def test_libreoffice_leaves_the_line_short_at_its_natural_pitch(docx: Path, pool: ConverterPool) -> None:
    [done] = pool.convert([(docx, docx.with_suffix(".pdf"))])
    assert done.error is None, done.error
    pitches = _line_pitches(done.target, SHORT)
    assert len(pitches) == 4
    assert all(15.5 < pitch < 16.1 for pitch in pitches), pitches  # 16 pt less the -0.25 pt spacing


# a URL wider than a line (issue 17's audit, tests/test_typst_audit17.py): it is broken between letters
LONG_URL = "https://www.example.gov.cn/" + "abcdefghij" * 20 + "?q=1&x=_y_*z*#frag"
LONG = f"""---
发文机关: henan
发文字号: 豫政重点办〔2020〕5号
标题: 关于网址的通知
主送: 各省辖市人民政府
成文日期: 2020-03-13
---
网址：{LONG_URL} 完毕。

本段$a+b$、*粗体*、_斜体_、`代码`、<标签>、@引用、[方括号]、\\反斜杠、~波浪、/斜杠、{{花括号}}。

特此通知。
"""


def test_libreoffice_opens_no_empty_line_before_a_url_wider_than_a_line(pool: ConverterPool, tmp_path: Path) -> None:
    """「网址：」 is left short, unspread, and the URL's lines follow it at the line pitch: the
    zero-width space before the URL is set before the line break (after it, LibreOffice broke the
    over-long URL there and left an empty line between 「网址：」 and the URL)."""
    source = tmp_path / "long.md"
    source.write_text(LONG, encoding="utf-8")
    resources = RunResources()
    docx = tmp_path / "long.docx"
    docx.write_bytes(render_docx(compose_notice_file(source, resources), resources.template).data)
    [done] = pool.convert([(docx, tmp_path / "long.pdf")])
    assert done.error is None, done.error
    pages = measure(done.target)
    lines = [line for page in pages for line in page.lines]
    start = next(i for i, line in enumerate(lines) if line.text.strip() == "网址：")
    url_lines = lines[start : start + 6]
    assert url_lines[1].text.strip().startswith("https://www.example.gov.cn/"), url_lines[1].text
    assert url_lines[-1].text.strip().endswith("完毕。"), [line.text for line in url_lines]
    tops = [line.em_top for line in url_lines]
    pitches = [b - a for a, b in zip(tops, tops[1:], strict=False)]
    assert all(abs(p - pitches[0]) < 0.05 * pitches[0] for p in pitches), pitches  # no line skipped
    judge = Judge([])
    check_spread(pages, judge, header_bottom=0.0)
    [finding] = judge.findings
    assert finding.status == Status.PASS, finding.measured
    # and the line before 「用、」, which did not fit its 1.94 字 of room, is short by 避头尾 (issue 17's
    # audit: grid.chars.pdf failed it, 26 字, not counting the room beside 「$」「*」「@」)
    judge = Judge([])
    check_pdf(pages, judge, text_rules=True, double_sided=False)
    [chars] = [f for f in judge.findings if f.rule.id == "grid.chars.pdf"]
    assert chars.status == Status.PASS, chars.measured
    assert "避头尾：“用”移至下一行" in chars.measured, chars.measured


def _without_the_setting(docx: Path) -> Path:
    """Return a copy of ``docx`` without w:doNotExpandShiftReturn: the line spread as before."""
    target = docx.with_name("spread.docx")
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/settings.xml":
                data = data.replace(b"<w:doNotExpandShiftReturn/>", b"")
            out.writestr(name, data)
    return target


def test_check_fails_the_spread_line_and_passes_the_short_one(docx: Path, pool: ConverterPool) -> None:
    spread = _without_the_setting(docx)
    done = pool.convert([(docx, docx.with_name("short.pdf")), (spread, spread.with_suffix(".pdf"))])
    assert all(d.error is None for d in done), done
    verdicts = {}
    for outcome in done:
        judge = Judge([])
        check_spread(measure(outcome.target), judge, header_bottom=0.0)
        [finding] = judge.findings
        verdicts[outcome.target.name] = finding
    assert verdicts["short.pdf"].status == Status.PASS
    assert verdicts["spread.pdf"].status == Status.FAIL
    assert "项目办网站" in verdicts["spread.pdf"].measured
    [(placed, gap)] = spread_lines(measure(spread.with_suffix(".pdf")))
    assert placed.line.text.strip() == SHORT
    assert gap > 50


def test_typst_leaves_the_same_line_short_with_the_same_text(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / FIXTURE.name)
    resources = RunResources()
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(render_pdf(compose_notice_file(tmp_path / FIXTURE.name, resources)).pdf)
    pitches = _line_pitches(pdf, SHORT)
    assert len(pitches) == 4
    assert all(15.5 < pitch < 16.3 for pitch in pitches), pitches
    assert _line_pitches(pdf, URL[:20])
    assert _line_pitches(pdf, "id=7&t=2")


def test_a_short_line_ending_the_closings_distributed_head_opens_no_empty_line(tmp_path: Path) -> None:
    """Corpus notice n14-006: the closing (7.3.5.5) splits the contact paragraph after its line
    「联系人：……电子邮箱：」, left short before the address; the head ends without a break."""
    sys.path.insert(0, str(Path(__file__).parent / "corpus"))
    from generate import write_notice

    write_notice(14, 6, tmp_path)
    resources = RunResources()
    data = render_docx(compose_notice_file(tmp_path / "n14-006.md", resources), resources.template).data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = package.read("word/document.xml").decode()
    assert '<w:jc w:val="distribute"/>' in document
    assert "电子邮箱：</w:t></w:r></w:p>" in document
    assert "<w:br/></w:r></w:p>" not in document


def _rows(pdf: Path) -> list[str]:
    """Return the text of every line of ``pdf``, top to bottom, page by page."""
    out = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            rows: dict[int, list[dict]] = {}
            for char in page.chars:
                rows.setdefault(round(char["top"]), []).append(char)
            out += [
                "".join(c["text"] for c in sorted(rows[top], key=lambda c: c["x0"])) for top in sorted(rows)
            ]
    return out


def test_both_engines_set_the_paragraph_in_the_same_lines(
    docx: Path, pool: ConverterPool, tmp_path: Path
) -> None:
    [done] = pool.convert([(docx, tmp_path / "lo.pdf")])
    assert done.error is None, done.error
    resources = RunResources()
    typst = tmp_path / "typst.pdf"
    typst.write_bytes(render_pdf(compose_notice_file(docx.parent / FIXTURE.name, resources)).pdf)
    paragraphs = []
    for pdf in (done.target, typst):
        rows = [row.replace(" ", "") for row in _rows(pdf)]
        start = next(i for i, row in enumerate(rows) if row.startswith("（二）观摩阶段"))
        paragraphs.append(rows[start : start + 4])
    assert paragraphs[0] == paragraphs[1]
    assert paragraphs[0][1] == SHORT
    assert paragraphs[0][2] == URL[: URL.index("?") + 1]


def test_an_office_template_without_the_setting_gets_it_in_schema_order() -> None:
    from docgen.emit.docx import xml as x

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    office = (
        f"<w:settings {w}><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/>"
        "<w:adjustLineHeightInTable/></w:compat></w:settings>"
    ).encode()
    kept = x.with_short_lines_kept(office).decode()
    assert (
        "<w:balanceSingleByteDoubleByteWidth/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/>" in kept
    )
    assert x.with_short_lines_kept(kept.encode()).decode().count("doNotExpandShiftReturn") == 1


def test_a_line_before_a_number_held_whole_is_left_short() -> None:
    """A phone number moved whole to the next line (layout/bodyhold.py) leaves the line before it
    short, as a URL does; a number the line break did not have to move is left to justification."""
    from docgen.layout.bodyhold import hold_numbers
    from docgen.layout.breaks import body_text
    from docgen.layout.placed import Run

    text = body_text("各单位按照附件1的格式报送县重点项目办，电子版发送至县重点项目办公室综合科科长张三同志，联系电话：0355-8221234。")
    held = "".join(r.text for r in hold_numbers([Run(text)], 26, 28))
    assert "\u2060" in held
    pieces = spaced_pieces(held, 26)
    shorts = [p for p in pieces if p.break_after]
    assert len(shorts) == 1
    # the short line ends the text before the number, its zero-width space included (before the break)
    assert "".join(p.text for p in pieces).split("0355")[0].endswith(shorts[0].text)
    assert shorts[0].text.endswith("\u200b")
    assert short_before_run("联系电话：", 3.0, "0355-8221234。") is False  # not held: justified
