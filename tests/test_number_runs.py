"""A number with hyphens in running text stays on one line (issue 14's counting rules: an unbreakable
number run, the line before it may be short): LibreOffice set 「联系电话：0355-」 | 「8221234」
(tests/fixtures/outsider2/观摩通知-粘贴.md page 2).  layout/bodyhold.py holds a run where a line
of the estimate would end inside it, and only there (word joiners in a zxx run; Typst boxes it)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import MINIMAL_FRONT

from docgen import standard as S
from docgen.check.pdf_read import measure
from docgen.cli import main_group
from docgen.convert.pool import ConverterPool
from docgen.layout.bodyhold import hold_numbers
from docgen.layout.breaks import JOIN, body_text, plain
from docgen.layout.estimate import NO_LINE_START, break_lines
from docgen.layout.placed import Run
from docgen.notices import render_notice_file
from docgen.run_resources import RunResources

NUMBERS = ("0355-8221234", "2025-10-09", "2025-130100-47-01-012345", "ZD-2026-148")
FIRST = S.CHARS_PER_LINE - 2  # a body paragraph's first line: 2 字 indented
FILLER = "各乡镇县直有关单位要按照要求认真做好项目推进工作请及时联系电话"


def _cut_inside(text: str, number: str) -> bool:
    """Return whether the estimate ends a line inside ``number`` (as LibreOffice broke it before)."""
    start = text.index(number)
    at = 0
    for line in break_lines(body_text(text), FIRST, S.CHARS_PER_LINE)[:-1]:
        at += len(line)
        if start < at < start + len(number):
            return True
    return False


def _paragraph(number: str) -> str:
    """Return a paragraph whose first line LibreOffice ended inside ``number`` (a hyphen at its end)."""
    for length in range(14, len(FILLER)):
        text = f"{FILLER[:length]}：{number}，其他事项另行通知。"
        if _cut_inside(text, number):
            return text
    raise AssertionError(f"no paragraph cuts {number}")


PARAGRAPHS = [_paragraph(n) for n in NUMBERS]


def test_the_estimate_holds_a_number_a_line_end_would_cut_and_only_that_one() -> None:
    for number, text in zip(NUMBERS, PARAGRAPHS, strict=True):
        whole = f"{text}另：电话0355-8221234。"  # a second number, on no line end: left as it is
        runs = hold_numbers([Run(body_text(whole))], FIRST, S.CHARS_PER_LINE)
        held = [r for r in runs if r.whole]
        assert [plain(r.text) for r in held] == [number + "，"]  # with the mark no line starts with
        assert JOIN in held[0].text
        assert all(JOIN not in r.text for r in runs if not r.whole)
        lines = [plain(x) for x in break_lines("".join(r.text for r in runs), FIRST, S.CHARS_PER_LINE)]
        assert lines[1].startswith(number), lines  # whole at the start of the next line
        assert lines[0].endswith("："), lines  # the line before ends short, at its mark


def test_a_url_an_e_mail_and_a_number_longer_than_a_line_are_not_held() -> None:
    for text in (
        FILLER[:20] + "：https://a.gov.cn/2025-10-09/x.html，详见网站。",
        FILLER[:20] + "：a2025-10@163.com，详见网站。",
        FILLER[:20] + "：" + "-".join(["2025130100"] * 8) + "，详见。",
    ):
        assert not any(r.whole for r in hold_numbers([Run(body_text(text))], FIRST, S.CHARS_PER_LINE))


def _lines_of(pdf: Path) -> list[str]:
    """Return the body's 3号 lines of every page, top to bottom."""
    found = []
    for page in measure(pdf):
        found += [
            x.text.replace(" ", "") for x in sorted(page.lines, key=lambda x: x.em_top) if x.size == S.BODY_PT
        ]
    return found


def _assert_whole(lines: list[str]) -> None:
    for number in NUMBERS:
        (index,) = [i for i, x in enumerate(lines) if number in x]
        assert lines[index].startswith(number), lines[index]
        before = lines[index - 1]
        assert before.endswith("："), before
        assert len(before) < FIRST, before  # the line before is short
    assert not [x for x in lines if x.endswith("-")], lines
    assert not [x for x in lines if x[:1] in NO_LINE_START], lines


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "numbers.md"
    source.write_text(f"---\n{MINIMAL_FRONT}\n---\n" + "\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    return source


def test_libreoffice_sets_each_number_whole_on_the_next_line(tmp_path: Path, pool: ConverterPool) -> None:
    """Before: 「…：0355-」 | 「8221234，…」, 「…：2025-」 | 「10-09，…」 and the code cut after a hyphen."""
    data = render_notice_file(_source(tmp_path), RunResources()).data
    document = docx.Document(io.BytesIO(data))
    zxx = [
        r.text
        for p in document.paragraphs
        for r in p.runs
        if r._r.rPr is not None and 'w:eastAsia="zxx"' in r._r.rPr.xml
    ]
    assert sorted(plain(t) for t in zxx) == sorted(n + "，" for n in NUMBERS)
    path = tmp_path / "numbers.docx"
    path.write_bytes(data)
    (outcome,) = pool.convert([(path, tmp_path / "numbers.pdf")])
    assert outcome.error is None, outcome.error
    _assert_whole(_lines_of(outcome.target))


def test_typst_sets_each_number_whole_on_the_next_line(tmp_path: Path) -> None:
    pdf = tmp_path / "numbers.pdf"
    done = CliRunner().invoke(
        main_group,
        ["--register", str(tmp_path / "r.sqlite"), "preview", str(_source(tmp_path)), "-o", str(pdf)]
        + ["--no-watermark", "--engine", "typst"],
    )
    assert done.exit_code == 0, done.output
    lines = _lines_of(pdf)
    for number in NUMBERS:
        assert any(number in x for x in lines), (number, lines)
    assert not [x for x in lines if x.endswith("-")], lines
    assert not [x for x in lines if x[:1] in NO_LINE_START], lines  # before: 「，其他事项」 after a box


@pytest.mark.parametrize("number", NUMBERS)
def test_without_the_hold_the_estimate_cuts_the_number_as_libreoffice_did(number: str) -> None:
    """The paragraphs above are the cases: LibreOffice breaks after a hyphen, and the estimate with it."""
    text = PARAGRAPHS[NUMBERS.index(number)]
    assert _cut_inside(text, number)
    assert break_lines(body_text(text), FIRST, S.CHARS_PER_LINE)[0].endswith("-")


def test_the_pasted_notice_s_phone_number_is_whole_on_libreoffice(
    tmp_path: Path, pool: ConverterPool
) -> None:
    """tests/fixtures/outsider2/观摩通知-粘贴.md page 2: 「联系电话：0355-」 | 「8221234。」 in a heading's
    run-in text (DEFECTS.md); now the number starts the next line."""
    fixture = Path(__file__).parent / "fixtures" / "outsider2" / "观摩通知-粘贴.md"
    source = tmp_path / "观摩通知.md"
    source.write_text(fixture.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "观摩通知.docx"
    path.write_bytes(render_notice_file(source, RunResources()).data)
    (outcome,) = pool.convert([(path, tmp_path / "观摩通知.pdf")])
    assert outcome.error is None, outcome.error
    lines = _lines_of(outcome.target)
    assert "0355-8221234。" in lines
    assert lines[lines.index("0355-8221234。") - 1].endswith("联系电话：")
    assert not [x for x in lines if x.endswith("-")], lines
