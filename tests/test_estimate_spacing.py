"""A justified line's slack taken by its 汉字 as run spacing (layout/estimate_spacing.py, issue 14
Build 7): measured on LibreOffice's PDF, the room between a 汉字 and the digits or Latin letters
after it is the room between two 汉字 of its line (was up to 1.3 pt more: Writer draws each 汉字's
share of the slack cut to whole twips, and the shortfall opens before the digits), and every line
breaks where it did."""

from __future__ import annotations

import re
import statistics
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL_FRONT

from docgen import standard as S
from docgen.convert.pool import ConverterPool
from docgen.layout.bodyhold import held_text
from docgen.layout.breaks import JOIN, body_text, plain
from docgen.layout.estimate import break_lines, line_rooms
from docgen.layout.estimate_spacing import (
    LEFT,
    SAFE,
    Piece,
    _kern,
    _left,
    _line_pieces,
    _regions,
    spaced_pieces,
)

# Body paragraphs of the corpus (seed 14) whose justified lines had the widest gaps: long Chinese
# portions before a number, a heading's run-in text, a code, a number after a full-width mark
PARAGRAPHS = [
    "为认真贯彻落实县委县政府关于重点项目建设的决策部署，进一步强化项目为王理念，切实发挥重点项目对稳增长"
    "的支撑带动作用；县重点项目办将每周调度一次项目进展情况，每月19日前在全县通报；各乡镇各部门要高度重视，"
    "确保2025年底前全部完成建设任务，共计128个项目总投资356亿元，力争年内开工建设的项目达到45个以上。",
    "省级以上重点项目17个，完成投资204.75亿元，同比增长106.8%；督办事项编号为ZD-2024-874，请责任单位在3个"
    "工作日内书面回复办理情况；全面梳理重点项目用工需求清单，开展用工对接，确保项目及早上足人员，实现满负荷"
    "建设；推广EPC总承包和PPP模式，运用BIM技术加强施工管理；对工作推进不力、未完成目标任务的，一律严肃追责"
    "问责；对连续9次排名后5位的单位，由县政府分管领导进行约谈。",
    "截至2025年10月20日，全县挂牌督办事项中尚未办结29项，其中逾期23项（未按期复函5项，超过办理时限18项）。"
    "定期开展银企对接活动，全年组织对接会不少于3次；加快5G基站、充电桩等新型基础设施建设，全年新建5G基站"
    "152个；位，由县纪委监委进行约谈；督办事项编号为XM20250928，请责任单位在3个工作日内书面回复。",
]
# Paragraphs in which a line end would cut a code or a phone number: layout/bodyhold.py holds it
# whole (word joiners in a zxx run) at the start of the next line, a justified one with a 汉字→digit
# change (corpus n14-007: 0.52 pt before such lines were spaced; a phone number: digits as after a 汉字)
HELD = [
    "项目建设过程中遇到的困难和问题，要及时向县重点项目办反映；要坚持有保有压，优化资源配置，从严控制高耗能、"
    "高污染项目，为重点项目腾出资源环境空间；督办事项编号为DB-2025-618，请责任单位在3个工作日内书面回复办理"
    "情况；加快5G基站、充电桩等新型基础设施建设，全年新建5G基站112个。",
    "各乡镇各部门要高度重视，主要负责同志亲自抓，分管负责同志具体抓，确保各项任务落到实处；联系人张明，联系"
    "0355-8221234，请各单位在3个工作日内书面回复，资金共计12345678.9万元，逾期未回复的视为无异议，并按程序报"
    "县政府审定后印发实施。",
]
HEADING = "## 强化要素保障。截至5月底，全市25个重点项目累计完成投资112.11亿元，占年度计划的81.0%；" + (
    "项目单位要倒排工期、挂图作战，确保2025年10月18日前实现主体完工；各乡镇要高度重视。"
)
# 「1.」 headings whose text runs on after their 「：」 (corpus12 c12-024, c12-027): the heading's run and
# the run-in text are two runs of one face, and LibreOffice ends a text portion between them (5 twips:
# the 「：」 keeps its spacing).  The estimate did not count it, fitted 「12」 and 「行」 that LibreOffice
# moved to the next line, and the line's whole slack opened before the digits: 0.95 and 0.55 pt.
RUN_IN = [
    ("### 南漳镇：项目单位要倒排工期、挂图作战，确保2026年12月18日前实现主体完工。", "南漳镇："),
    ("### 石哲镇：对连续2次排名后2位的单位，由县纪委监委进行约谈。", "石哲镇："),
    # 0 twips of room with each advance as measured, 1 over with glyphs at whole twips as LibreOffice
    # places them: it moved 「行」 (seed 2618 n2618-030, 0.55 pt before 「2」)
    ("### 南陈镇：对连续5次排名后2位的单位，由县委督查室进行约谈。", "南陈镇："),
]
# A paragraph whose first line has 7 twips of room of its own, at most LEFT: it was left to
# LibreOffice's justification, whose share each of the 22 汉字 before 「14」 drew as nothing — 0.52 pt
# before the digits (corpus26: n2612-043, n2614-018, as n5-027).  Its long stretch now ends in a tail
# of 6 汉字 a twip narrower (``_tails_apart``, gaps14)
SHORT_ROOM = "县重点项目办将每周调度一次项目进展情况，每月14日前在全县通报。"
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z0-9]")
RIGHT_PT = (S.MARGIN_LEFT + S.TYPE_AREA_WIDTH) / S.TWIPS_PER_PT


def test_pieces_are_the_text_and_leave_the_slack_they_say() -> None:
    spaced = 0
    for text in PARAGRAPHS:
        marked = body_text(text)
        assert "".join(p.text for p in spaced_pieces(marked, S.CHARS_PER_LINE - 2)) == marked
        for line, room in line_rooms(marked, S.CHARS_PER_LINE - 2, S.CHARS_PER_LINE)[:-1]:
            twips = round(room * S.CHAR)
            pieces = _line_pieces(line, twips)
            regions = _regions(line)
            if pieces is None or regions is None:
                continue
            spaced += 1
            assert "".join(p.text for p in pieces) == line
            left = _left(pieces, twips, _kern([Piece(line[s:e]) for s, e, _c in regions]))
            assert SAFE <= left <= LEFT, (line, left)
    assert spaced >= 8


def test_lines_without_digits_stay_as_they_are_and_a_latin_dash_is_western() -> None:
    assert _line_pieces("各乡镇各部门要高度重视，主要负责同志亲自抓，分管负责同志具", 20) is None
    assert _line_pieces("确保2025年底前全部完成", 3) is None  # nothing to take
    # 「—」 after a digit is in LibreOffice's Western portion, as the estimate sets it
    # (estimate.western_dash_em): the line is spaced, the dash in the digits' piece.  Left to
    # LibreOffice's justification, two sample bulletins set 「投资|67.30」 0.88 pt apart (issue 14)
    pieces = _line_pieces("截至1—5月累计完成投资298.51亿元，占年度计划的比例达到", 200)
    assert pieces is not None
    assert [p.text for p in pieces if not p.extra] == ["1—5", "298.51"]
    # a dash between 汉字 stays in the Chinese portion
    assert _regions("一—五月") == [(0, 4, True)]


def _lines(pdf: Path) -> list[list[dict]]:  # type: ignore[type-arg]
    import pdfplumber

    found = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            rows: dict[int, list[dict]] = {}  # type: ignore[type-arg]
            for ch in page.chars:
                if abs(ch["size"] - S.BODY_PT) < 0.3 and ch["text"].strip():
                    rows.setdefault(round(ch["top"]), []).append(ch)
            found += [sorted(rows[top], key=lambda c: c["x0"]) for top in sorted(rows)]
    return found


def _gaps(chars: list[dict]) -> list[float]:  # type: ignore[type-arg]
    """Return each 汉字→digit/Latin room of a justified line less its 汉字' own room (the corpus's measure)."""
    room = [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:], strict=False)]
    pairs = list(zip(chars, chars[1:], strict=False))
    chinese = [
        g for g, (a, b) in zip(room, pairs, strict=True) if CJK.match(a["text"]) and CJK.match(b["text"])
    ]
    expanded = max(0.0, statistics.median(chinese)) if chinese else 0.0
    return [
        g - expanded
        for g, (a, b) in zip(room, pairs, strict=True)
        if CJK.match(a["text"]) and LATIN.match(b["text"])
    ]


@pytest.fixture(scope="module")
def pdf(pool: ConverterPool, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from docgen.cli import main_group

    folder = tmp_path_factory.mktemp("spacing")
    source = folder / "notice.md"
    source.write_text(
        f"---\n{MINIMAL_FRONT.strip()}\n---\n"
        + "\n".join([PARAGRAPHS[2], *PARAGRAPHS[:2], HEADING, *HELD, *(h for h, _t in RUN_IN), SHORT_ROOM])
        + "\n",
        encoding="utf-8",
    )
    docx = folder / "notice.docx"
    result = CliRunner().invoke(main_group, ["render", str(source), "-o", str(docx)])
    assert result.exit_code == 0, result.output
    [done] = pool.convert([(docx, folder / "notice.pdf")])
    assert done.error is None, done.error
    return done.target


def test_libreoffice_sets_the_digits_as_close_as_the_chinese(pdf: Path) -> None:
    justified = [line for line in _lines(pdf) if line[-1]["x1"] > RIGHT_PT - 1]
    gaps = [gap for line in justified for gap in _gaps(line)]
    assert len(gaps) > 20
    assert max(gaps) < 0.5, sorted(gaps)[-5:]


def _short_room_line() -> tuple[str, int]:
    [(line, room), _last] = line_rooms(body_text(SHORT_ROOM), S.CHARS_PER_LINE - 2, S.CHARS_PER_LINE)
    return line, round(room * S.CHAR)


def test_libreoffice_sets_a_short_room_line_s_digits_close(pdf: Path) -> None:
    """The line of 7 twips is LibreOffice's line, justified, 「每月|14」 under 0.5 pt (was 0.52)."""
    line, _twips = _short_room_line()
    [found] = [chars for chars in _lines(pdf) if "".join(c["text"] for c in chars) == plain(line)]
    assert found[-1]["x1"] > RIGHT_PT - 1
    [gap] = _gaps(found)
    assert gap < 0.5, gap


def test_libreoffice_breaks_the_lines_where_the_estimate_does(pdf: Path) -> None:
    text = ["".join(c["text"] for c in line) for line in _lines(pdf)]
    for paragraph in [*PARAGRAPHS, SHORT_ROOM]:
        for line in break_lines(body_text(paragraph), S.CHARS_PER_LINE - 2, S.CHARS_PER_LINE):
            assert line.replace("\u200b", "") in text, line


def test_libreoffice_breaks_a_run_in_heading_where_the_estimate_does(pdf: Path) -> None:
    """A 「1.」 heading and its run-in text: each line is LibreOffice's (its first line justified to the
    type area's right edge, the 汉字→digit rooms under 0.5 pt)."""
    found = {"".join(c["text"] for c in line): line for line in _lines(pdf)}
    for number, (source, head) in enumerate(RUN_IN, start=1):
        heading, run_in = body_text(f"{number}.{head}"), body_text(source.split("：", 1)[1])
        lines = line_rooms(
            heading + run_in, S.CHARS_PER_LINE - 2, S.CHARS_PER_LINE, (len(heading), S.FONT_FANGSONG)
        )
        assert len(lines) == 2
        for line, _room in lines:
            assert plain(line) in found, (line, [t for t in found if t.startswith(f"{number}.")])
        first = found[plain(lines[0][0])]
        assert first[-1]["x1"] > RIGHT_PT - 1
        assert max(_gaps(first)) < 0.5, _gaps(first)


def _held_lines(paragraph: str) -> list[tuple[str, float]]:
    """Return the paragraph's lines as the layout holds and breaks them (the estimate's lines)."""
    text, _head = held_text(body_text(paragraph), S.CHARS_PER_LINE - 2, S.CHARS_PER_LINE)
    return line_rooms(text, S.CHARS_PER_LINE - 2, S.CHARS_PER_LINE)


def test_a_line_holding_a_run_held_whole_is_spaced() -> None:
    """The estimate measures a held run as LibreOffice sets it (a portion ends at each word joiner
    and where the run ends): its line's 汉字 take the slack, leaving what they say."""
    for paragraph in HELD:
        lines = _held_lines(paragraph)
        [(line, room)] = [(line, room) for line, room in lines[:-1] if JOIN in line]
        assert line.startswith(("DB", "0355"))
        twips = round(room * S.CHAR)
        pieces = _line_pieces(line, twips)
        regions = _regions(line)
        assert pieces is not None, line
        assert regions is not None, line
        assert any(p.extra > 0 for p in pieces), pieces
        left = _left(pieces, twips, _kern([Piece(line[s:e]) for s, e, _c in regions]))
        assert SAFE <= left <= LEFT, (line, left)
        spaced = spaced_pieces("".join(text for text, _room in lines), S.CHARS_PER_LINE - 2)
        assert any(p.extra > 0 and "请" in p.text for p in spaced), spaced


def test_libreoffice_sets_a_held_line_where_the_estimate_does(pdf: Path) -> None:
    """Each line of a paragraph with a held run is LibreOffice's line; the held run's line reaches
    the type area's right edge, its 汉字→digit rooms those of its 汉字 (under 0.5 pt)."""
    found = {"".join(c["text"] for c in line): line for line in _lines(pdf)}
    for paragraph in HELD:
        lines = _held_lines(paragraph)
        for line, _room in lines:
            assert plain(line) in found, line
        [held] = [found[plain(line)] for line, _room in lines[:-1] if JOIN in line]
        assert held[-1]["x1"] > RIGHT_PT - 1
        gaps = _gaps(held)
        assert gaps
        assert max(gaps) < 0.5, gaps


def test_word_still_gets_no_automatic_spacing(pdf: Path) -> None:
    styles = zipfile.ZipFile(pdf.with_suffix(".docx")).read("word/styles.xml").decode()
    assert '<w:autoSpaceDE w:val="0"/>' in styles
    assert '<w:autoSpaceDN w:val="0"/>' in styles
    document = zipfile.ZipFile(pdf.with_suffix(".docx")).read("word/document.xml").decode()
    spacings = {int(v) for v in re.findall(r'<w:spacing w:val="(-?\d+)"/>', document)}
    assert spacings
    # a twip narrower: the tail of a long stretch on a line left to LibreOffice (``_tails_apart``)
    assert all(S.BODY_CHAR_SPACING - 1 <= v <= S.BODY_CHAR_SPACING + 160 for v in spacings)
    assert S.BODY_CHAR_SPACING not in spacings  # the style's own is not repeated on a run


def test_check_measures_the_grid_by_the_style_spacing_not_the_justified_runs(pdf: Path) -> None:
    """The body's first run is spaced to justify its line (「截至」 +22 twips): docgen check's grid and
    indent are still the style's 28 字 and 2 字 (they were read from the first run: 25 字)."""
    import docx

    from docgen.check.docx_rules import check_docx
    from docgen.check.rules import Judge, Status

    document = zipfile.ZipFile(pdf.with_suffix(".docx")).read("word/document.xml").decode()
    first = re.search(r"<w:body>.*?GwBody.*?<w:r>(.*?)</w:r>", document)
    assert first is not None
    assert re.search(r'<w:spacing w:val="(\d+)"/>', first.group(1))  # the first body run is spaced
    findings: list = []  # type: ignore[type-arg]
    check_docx(docx.Document(str(pdf.with_suffix(".docx"))), Judge(findings))
    verdicts = {f.rule.id: f for f in findings}
    assert verdicts["grid.chars"].status is Status.PASS, verdicts["grid.chars"].measured
    assert verdicts["body.format"].status is Status.PASS, verdicts["body.format"].measured


def test_positive_spacing_comes_in_short_portions_a_twip_apart() -> None:
    """Writer draws a positive spacing up to 0.41 twip a 汉字 short: no spaced portion before a
    digit is longer than CHUNK 汉字, neighbours differ by a twip, and the line leaves what it did."""
    from docgen.layout.estimate_spacing import CHUNK

    line, room = "期开展银企对接活动，全年组织对接会不少于3次；加快5G基", 366
    pieces = _line_pieces(line, room)
    assert pieces is not None
    assert "".join(p.text for p in pieces) == line
    chinese = [p for p in pieces[:-1] if p.extra]
    assert all(len(p.text) <= CHUNK for p in chinese)
    assert {abs(a.extra - b.extra) for a, b in zip(chinese, chinese[1:], strict=False)} <= {0, 1}
    assert min(p.extra for p in chinese) + S.BODY_CHAR_SPACING > 0
    regions = _regions(line)
    assert regions is not None
    assert SAFE <= _left(pieces, room, _kern([Piece(line[s:e]) for s, e, _c in regions])) <= LEFT


# corpus n5-027 (seed 5): a line with 7 twips of room, left to LibreOffice's justification, whose
# 22 汉字 before 「14」 opened 0.52 pt before the digits (grid.latin_gap.pdf failed the notice)
N5_027 = "县重点项目办将每周调度一次项目进展情况，每月14日前在全县通报。"


def test_a_line_left_to_libreoffice_ends_its_long_stretch_in_a_narrower_tail() -> None:
    """The stretch before the digits ends in a piece of its last 6 汉字 a twip narrower; the line's
    width is what it was (the new portion end drops a -5 twips spacing, the tail takes it back)."""
    marked = body_text(N5_027)
    (line, room), _rest = line_rooms(marked, S.CHARS_PER_LINE - 2, S.CHARS_PER_LINE)
    twips = round(room * S.CHAR)
    assert twips <= LEFT  # left to LibreOffice's justification: no spacing takes its slack
    pieces = _line_pieces(line, twips)
    assert pieces is not None
    assert "".join(p.text for p in pieces) == line
    assert [(plain(p.text), p.extra) for p in pieces] == [
        ("县重点项目办将每周调度一次项目进", 0),
        ("展情况，每月", -1),
        ("14", 0),
        ("日前在", 0),
    ]
    regions = _regions(line)
    assert regions is not None
    assert _kern(pieces) == _kern([Piece(line[s:e]) for s, e, _c in regions])
    assert _line_pieces("确保2025年底前全部完成", 3) is None  # 2 汉字 before the digits: nothing to end early


def test_libreoffice_sets_n5_027s_digits_close_to_their_chinese(pool: ConverterPool, tmp_path: Path) -> None:
    """On LibreOffice's PDF, measured by docgen check's own gaps (grid.latin_gap.pdf): 「每月|14」
    under 0.5 pt (was 0.52; measured 0.02), on the line the estimate made."""
    from click.testing import CliRunner

    from docgen.check.pdf_gaps import GAP_LIMIT_PT, gaps
    from docgen.check.pdf_read import measure
    from docgen.cli import main_group

    source = tmp_path / "n5-027.md"
    source.write_text(f"---\n{MINIMAL_FRONT.strip()}\n---\n{N5_027}\n", encoding="utf-8")
    docx = tmp_path / "n5-027.docx"
    result = CliRunner().invoke(main_group, ["render", str(source), "-o", str(docx)])
    assert result.exit_code == 0, result.output
    [done] = pool.convert([(docx, tmp_path / "n5-027.pdf")])
    assert done.error is None, done.error
    pages = measure(done.target)
    lines = [line.text.strip() for page in pages for line in page.lines]
    assert "县重点项目办将每周调度一次项目进展情况，每月14日前在" in lines
    [gap] = [g for g in gaps(pages) if g.text.endswith("每月|14日前在")]
    assert gap.justified
    assert gap.pt < GAP_LIMIT_PT, gap


def test_no_stretch_longer_than_a_chunk_ends_before_digits_at_any_room() -> None:
    """Whatever the room, a Chinese piece just before a Latin one holds at most CHUNK 汉字 (its
    shortfall, ≤ 0.41 twip a 汉字, is what opens before the digits), the pieces are the line, and
    the line leaves LibreOffice SAFE..LEFT twips, or its own width where it had at most LEFT.
    n47-039's line (seed 47: 22 汉字 at +6 twips that ``_chunked`` found no cut for, 0.47 pt before
    「2024」, -0.07 pt with a 3-汉字 tail) and n5-027's."""
    from docgen.layout.estimate import wide
    from docgen.layout.estimate_spacing import CHUNK

    for line in ("带动作用；项目单位要倒排工期、挂图作战，确保2024年12月", plain(body_text(N5_027))[:27]):
        regions = _regions(line)
        assert regions is not None
        base = _kern([Piece(line[s:e]) for s, e, _c in regions])
        for room in range(0, 500):
            pieces = _line_pieces(line, room)
            if pieces is None:
                continue
            assert "".join(p.text for p in pieces) == line
            for piece, after in zip(pieces, pieces[1:], strict=False):
                if wide(piece.text[0]) and not wide(after.text[0]):
                    assert len(plain(piece.text)) <= CHUNK, (room, pieces)
            if room <= LEFT:
                assert _kern(pieces) == base, room
            else:
                assert SAFE <= _left(pieces, room, base) <= LEFT, room
