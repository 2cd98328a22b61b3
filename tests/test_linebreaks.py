"""The estimate breaks body lines where LibreOffice does (issue 14): advances read from the face
the previews use (layout/metrics.py), the type area's full width, 避头尾, runs kept whole."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from docgen import standard as S
from docgen.convert.pool import ConverterPool
from docgen.layout.bodyhold import held_text
from docgen.layout.breaks import body_text, plain
from docgen.layout.estimate import body_char_width, break_lines, count_lines
from docgen.layout.metrics import advance_pt, kerning

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from linebreaks import head, paragraphs  # noqa: E402

FIRST, REST = S.CHARS_PER_LINE - 2, S.CHARS_PER_LINE


def test_digits_and_latin_letters_take_the_face_s_own_advances() -> None:
    one, zero = advance_pt("1", 16), advance_pt("0", 16)
    if one is None or zero is None:
        pytest.skip("fontconfig does not give 仿宋_GB2312 a readable face (scripts/setup.sh)")
    assert one == pytest.approx(471 / 1000 * 16)  # Noto Serif CJK SC: 「1」 narrower than 「0」
    assert zero == pytest.approx(557 / 1000 * 16)
    assert body_char_width("1") == pytest.approx((one - 0.25) / 15.75)
    assert body_char_width("字") == 1.0
    assert body_char_width("\u200b") == body_char_width("\u2060") == 0.0


def test_a_line_holds_what_the_type_area_holds() -> None:
    if advance_pt("1", 16) is None:
        pytest.skip("no readable face for 仿宋_GB2312")
    # 24 字 and four 「1」 (4 x 7.29 pt) fill the first line's 410.75 pt; the old table (8.85 pt a
    # digit) carried the 「1111」 over
    text = "字" * 24 + "1111" + "字" * 10
    assert [len(line) for line in break_lines(text, FIRST, REST)] == [28, 10]
    # 28 字 a line; a closing mark goes with the 字 before it (避头尾)
    assert [len(line) for line in break_lines("字" * 26 + "字。" + "字" * 5, FIRST, REST)] == [26, 7]
    assert count_lines("字" * 26 + "，" + "字" * 27, FIRST, REST) == 3  # 「字，」 moves to line 2
    # a zero-width space lets the line end after 「，」 before a year
    text = "字" * 24 + "，2025年" + "字" * 4
    assert break_lines(body_text(text), FIRST, REST)[0] == "字" * 24 + "，"



def test_lines_libreoffice_ended_in_the_corpus_end_there() -> None:
    """Lines of seed 14's PDFs the first estimate broke a piece early: the face's kerning of
    「BI」 (-27/1000 em), the spacing kept once per portion (the line's last portion too), digits
    after Latin letters (Western, 549/1000 em)."""
    if not kerning("仿宋_GB2312"):
        pytest.skip("no readable face for 仿宋_GB2312")
    assert kerning("仿宋_GB2312")["D", "B"] == pytest.approx(-0.028)
    cases = (  # (line as LibreOffice set it, what followed it, 字 before it on the line)
        ("模式，运用BIM技术加强施工管理；将项目建设情况纳入年度目", "标责任考核", 0),  # n14-016 p2
        ("划投资11.0亿元；项目单位要倒排工期、挂图作战，确保2025年", "2月11日前", 0),  # n14-041 p4
        ("（2）督办事项编号为DB-2025-625，请责任单位在3个工作", "日内书面回复", 2),  # n14-000 p5
        ("1.水寨镇：2025年全县共安排重点项目137个，总投资51.25", "亿元，年度", 2),  # n14-018 p3
    )
    for line, after, indent in cases:
        assert break_lines(body_text(line + after), REST - indent, REST)[0].replace("\u200b", "") == line


def test_a_heading_is_measured_in_its_own_face() -> None:
    """A （一） heading in 楷体 (AR PL UKai: digits half a 字) takes one line where the body's face
    would need two (seed 14: six headings of n14-028 … n14-058)."""
    if advance_pt("2", 16, "楷体_GB2312") is None:
        pytest.skip("no readable face for 楷体_GB2312")
    text = "（二）准备部署阶段（2026年12月23日—2026年6月28日）"
    assert count_lines(text, FIRST, REST, head=(len(text), "楷体_GB2312")) == 1
    assert count_lines(text, FIRST, REST) == 2

MIXED = (
    "定期开展银企对接活动，全年组织对接会不少于3次；县重点项目办将每周调度一次项目进展情况，每月17日前在全县通报，"
    "省级以上重点项目142个，完成投资165.10亿元，同比增长101.7%；推广EPC总承包和PPP模式，运用BIM技术加强施工管理。",
    "项目单位要倒排工期、挂图作战，确保2025年10月26日前实现主体完工，截至9月底累计完成投资199.99亿元，"
    "今年共安排2021年度项目811个，联系地址B区811房间，联系电话0398-28129737，邮箱ycxzdxmb@163.com。",
    "各单位务必于11月11日前报送1111万元以上项目清单，其中11个项目（占11.11%）已于2021年11月开工，"
    "另有111个项目列入2022年计划，总投资1111.11亿元，较上年增长11.1个百分点。",
    # a dash after a digit or Latin letter is set at the face's 0.89 字 (「1—5月」: a bulletin's line
    # took 「年」 along that the estimate, at 1 字, carried over) and an en dash at 0.56
    "大堡头镇纳入调度的重点项目12个，总投资195.49亿元，年度计划投资65.49亿元。1—5月累计完成投资18.37亿元，"
    "占年度计划的28.05%，低于序时进度（41.67%）13.62个百分点，亮红灯；B区–C区道路1—3号标段已于3—5月完工。",
    "## 准备部署阶段（2026年12月23日—2026年6月28日）",
)


def test_libreoffice_breaks_body_lines_where_the_estimate_does(tmp_path: Path, pool: ConverterPool) -> None:
    """Paragraphs of 汉字 mixed with digits, Latin words, percentages, a phone number and an e-mail
    address: every line of LibreOffice's PDF ends where ``break_lines`` ends it."""
    from conftest import MINIMAL_FRONT

    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    source = tmp_path / "mixed.md"
    source.write_text(f"---\n{MINIMAL_FRONT}\n---\n" + "\n".join(MIXED) + "\n", encoding="utf-8")
    docx = tmp_path / "mixed.docx"
    docx.write_bytes(render_notice_file(source, RunResources()).data)
    (outcome,) = pool.convert([(docx, tmp_path / "mixed.pdf")])
    assert outcome.error is None, outcome.error
    found = paragraphs(outcome.target)
    assert len(found) == len(MIXED)
    texts = [*MIXED[:-1], "（一）" + MIXED[-1][3:]]  # the heading numbered by docgen
    for paragraph, text in zip(found, texts, strict=True):
        assert "".join(paragraph.lines) == text
        # the phone number 0398-28129737 held whole where a line would end after its hyphen (bodyhold.py)
        held, face = held_text(text, FIRST, REST, head(paragraph))
        estimated = [plain(line) for line in break_lines(held, FIRST, REST, face)]
        assert paragraph.lines == estimated
    assert head(found[-1]) == (len(texts[-1]), "楷体_GB2312")
    assert len(found[-1].lines) == 1


def test_the_face_s_metrics_are_cached_and_a_broken_cache_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """layout/metrics.py keeps what it read from a face in docgen's cache (one JSON per face file);
    a cache file that is not what it wrote is ignored and written again."""
    from docgen.layout import metrics

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    read = metrics._face("仿宋_GB2312")
    if read is None:
        pytest.skip("no readable face for 仿宋_GB2312")
    (cached,) = (tmp_path / "docgen").glob("metrics-*.json")
    assert metrics._face("仿宋_GB2312") == read
    for broken in ("not json", '{"advances": {"49": "x"}, "kerning": []}', '{"advances": 1}'):
        cached.write_text(broken, encoding="utf-8")
        assert metrics._face("仿宋_GB2312") == read
    assert read[0][ord("1")] == pytest.approx(0.471)
    assert ord("字") not in read[0]  # full-width: a 字 on the grid, not read
