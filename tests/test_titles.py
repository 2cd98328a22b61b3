"""Titles docgen breaks itself (7.3.1): between words, in a 梯形 or 菱形, within the type area at 2号."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from docgen import standard as S
from docgen.check.pdf_read import measure
from docgen.convert.pool import ConverterPool
from docgen.layout import lay_out
from docgen.layout.estimate import text_width
from docgen.layout.flow import LINE, Flow
from docgen.layout.placed import ParagraphBlock, Role
from docgen.layout.text import add_title
from docgen.layout.titles import (
    TITLE_LINE_CHARS,
    break_title,
    is_trapezoid_or_diamond,
    title_lines,
    title_width,
)
from docgen.load.supervision import load_supervision
from docgen.notices import render_notice_file
from docgen.run_resources import RunResources
from docgen.words import DOMAIN_WORDS, KINDS, name_bounds, place_names, words

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "samples" / "supervision" / "督办台账.xlsx"

SEED_TITLES = [
    "关于在全市开展重大项目谋划储备实施“百日攻坚”行动的通知",  # seed 001 (its own break after 实施)
    "关于开展全省重点项目建设促投资掀高潮活动的通知",  # seed 003
    "长子县人民政府办公室关于印发长子县重点项目谋划储备等五项制度的通知",  # seed 004
    "伊川县教育事业发展三年行动计划暨2023年重点项目集中开工仪式",  # seed 002's headline
    "4月河南将在光伏发电等领域再选列实施一批重大项目",  # seed 003's headline
]
SAMPLE_TITLES = [
    "关于协调解决部分重点项目建设用地和要素保障问题的请示",
    "关于开展2020年第四季度重点项目集中开工活动的通知",
    "关于2025年1—5月重点项目建设进展情况排名的通报",  # compose/ranking.py
    "长子经济技术开发区管委会重点项目建设情况（2025年1—10月）",  # compose/bulletin.py
    "关于商请协调解决鲍店镇供水工程用地指标的函",  # tests/fixtures/outsider2/函.md: not 鲍店|镇
]


def _ledger_titles() -> list[str]:
    """The supervision titles of compose/supervision.py, for projects of the sample ledger."""
    items, _errors = load_supervision(LEDGER)
    projects = sorted({item.project for item in items})
    notices = [f"关于{p}的挂牌督办通知书" for p in projects[::3]]
    urges = [f"关于{p}挂牌督办事项的催办通知" for p in projects[1::6]]
    return [*notices, *urges, "关于2025年10月挂牌督办事项逾期情况的通报"]


def _generated_titles(count: int, seed: int = 14) -> list[str]:
    """Titles in the style of the seeds: organ, 关于, a matter, a document kind."""
    rng = random.Random(seed)
    organs = ["", "", "三门峡市人民政府重点项目建设办公室", "长子县人民政府办公室", "河南省发展和改革委员会"]
    matters = [
        "印发《重点项目谋划储备管理办法（试行）》",
        "开展2021年度重点项目建设“四比四看”观摩评价活动",
        "加快推进黄河流域生态保护和高质量发展重大项目谋划储备工作",
        "进一步做好全市重点项目建设用地要素保障工作",
        "报送2020年第三季度重点项目建设进展情况",
        "建立重点项目挂牌督办和约谈问责制度",
        "调整三门峡市重点项目建设工作领导小组成员",
        "做好2025年度省市重点项目集中开工活动准备工作",
    ]
    kinds = ["的通知", "的实施意见", "的请示", "的函", "情况的通报", "的报告"]
    titles: list[str] = []
    while len(titles) < count:
        title = f"{rng.choice(organs)}关于{rng.choice(matters)}{rng.choice(kinds)}"
        if title_width(title) > TITLE_LINE_CHARS and title not in titles:
            titles.append(title)
    return titles


TITLES = [*SEED_TITLES, *SAMPLE_TITLES, *_ledger_titles()]
TITLES += _generated_titles(max(0, 36 - len(TITLES)))


def _breaks(lines: list[str]) -> list[int]:
    positions, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        positions.append(at)
    return positions


def test_thirty_long_titles() -> None:
    assert len(TITLES) >= 30
    for title in TITLES:
        assert title_width(title) > TITLE_LINE_CHARS, title  # each needs breaking
        lines = title_lines(title)
        assert "".join(lines) == title
        assert len(lines) >= 2, title
        widths = [title_width(line) for line in lines]
        # every line within the type area at 22 pt (20 字 of 22 pt in 156 mm), by the title face's
        # measure (digits 0.6 字) and by the body grid's (0.5)
        assert all(w * S.TITLE_PT * S.TWIPS_PER_PT <= S.TYPE_AREA_WIDTH for w in widths), lines
        assert all(text_width(line) <= TITLE_LINE_CHARS for line in lines), lines
        assert is_trapezoid_or_diamond(widths), lines
        # no break inside a word: of the segmenter (jieba + domain words), of the word list, of a kind
        bounds, at = set(), 0
        for word in words(title):
            at += len(word)
            bounds.add(at)
        for position in _breaks(lines):
            assert position in bounds | name_bounds(title), (lines, words(title))
            for word in (*DOMAIN_WORDS, *KINDS):
                start = title.find(word)
                while start >= 0:
                    assert not start < position < start + len(word), (lines, word)
                    start = title.find(word, start + 1)
            for begin, end in place_names(title):  # 鲍店 | 镇: read apart by jieba, one name
                assert not begin < position < end, (lines, title[begin:end])


def test_preferred_breaks() -> None:
    # organ | 关于……的 | kind, and 关于……的 | kind
    assert title_lines("关于长子县慈林污水处理厂提标改造工程的挂牌督办通知书") == [
        "关于长子县慈林污水处理厂提标改造工程的",
        "挂牌督办通知书",
    ]
    assert title_lines("关于长子县鲍店智慧物流园项目挂牌督办事项的催办通知") == [
        "关于长子县鲍店智慧物流园项目",
        "挂牌督办事项的催办通知",
    ]


def test_source_line_breaks_win_and_short_titles_stay() -> None:
    assert break_title("关于在全市开展重大项目谋划储备\n实施“百日攻坚”行动的通知") == (
        "关于在全市开展重大项目谋划储备\n实施“百日攻坚”行动的通知"
    )
    assert break_title("关于开展重点项目集中开工活动的通知") == "关于开展重点项目集中开工活动的通知"


def test_shapes() -> None:
    assert is_trapezoid_or_diamond([10, 16])  # 正梯形
    assert is_trapezoid_or_diamond([17, 11])  # 倒梯形
    assert is_trapezoid_or_diamond([8, 15, 18])
    assert is_trapezoid_or_diamond([10, 18, 8])  # 菱形
    assert not is_trapezoid_or_diamond([14, 14])  # 长方形
    assert not is_trapezoid_or_diamond([14, 14.4])
    assert is_trapezoid_or_diamond([14.4, 15])  # half a 字: allowed, at a cost
    assert not is_trapezoid_or_diamond([16, 9, 15])  # 沙漏形
    assert not is_trapezoid_or_diamond([10, 18, 8, 12])


def test_estimate_counts_the_broken_lines() -> None:
    for title in TITLES[:8]:
        flow = Flow()
        add_title(flow, title, before_lines=0)
        block = flow.blocks[-1]
        assert isinstance(block, ParagraphBlock)
        text = "".join(run.text for run in block.runs if hasattr(run, "text"))
        assert text == break_title(title)
        assert sum(chunk.height for chunk in flow.chunks) == LINE * len(title_lines(title))


def test_sample_supervision_title_keeps_its_words() -> None:
    from docgen.compose import supervision as compose
    from docgen.model import DocumentNumber
    from docgen.templating import make_env
    from docgen.workdays import load_calendar

    items, _errors = load_supervision(LEDGER)
    item = next(i for i in items if i.project == "长子县慈林污水处理厂提标改造工程")
    letterhead = RunResources().letterhead("zhangzi-zdxmb")
    number = DocumentNumber(compose.supervision_code(letterhead), 2025, 4)
    doc = compose.notice(make_env(), item, letterhead, number, dates=compose.deadlines(item, 3, load_calendar()))
    placed = lay_out(doc)
    title = next(b for b in placed.blocks() if isinstance(b, ParagraphBlock) and b.role is Role.TITLE)
    lines = "".join(run.text for run in title.runs if hasattr(run, "text")).split("\n")
    assert lines == ["关于长子县慈林污水处理厂提标改造工程的", "挂牌督办通知书"]


def test_segmenter_is_loaded_only_for_a_long_title() -> None:
    code = (
        "import sys\n"
        "from docgen.layout.titles import break_title\n"
        "assert break_title('关于测试的通知') == '关于测试的通知'\n"
        "assert 'jieba' not in sys.modules\n"
        "break_title('关于开展全省重点项目建设促投资掀高潮活动的通知')\n"
        "assert 'jieba' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


LONG_TITLE = "三门峡市人民政府重点项目建设办公室关于加快推进黄河流域生态保护和高质量发展重大项目谋划储备工作的实施意见"
ATTACHMENT_TITLE = "2021年度重点项目建设“四比四看”观摩评价活动评分细则及观摩点位安排表"
DIGITS_TITLE = "关于2025年10月挂牌督办事项逾期情况的通报"  # 20 字 by the body's count: LibreOffice wrapped 报


def _front(title: str, attachment: str = "") -> str:
    front = f"""
发文机关: sanmenxia
发文字号: 三政重点办〔2020〕15号
标题: {title}
主送: 各县（市、区）人民政府
成文日期: 2020-09-18
"""
    if attachment:
        front += f"附件:\n  - 标题: {attachment}\n    内容: 观摩点位按县（市、区）排列。\n"
    return front


def test_titles_in_libreoffice(write_notice, pool: ConverterPool, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The lines LibreOffice sets are the lines docgen chose (document title and attachment title)."""
    sources = {
        "long": write_notice(_front(LONG_TITLE, ATTACHMENT_TITLE), name="long.md"),
        "digits": write_notice(_front(DIGITS_TITLE), name="digits.md"),
    }
    jobs = []
    for name, source in sources.items():
        docx = tmp_path / f"{name}.docx"
        docx.write_bytes(render_notice_file(source, RunResources()).data)
        jobs.append((docx, tmp_path / f"{name}.pdf"))
    outcomes = pool.convert(jobs)
    assert [o.error for o in outcomes] == [None, None]
    titles: dict[str, list[list[str]]] = {}
    for name, (_docx, pdf) in zip(sources, jobs, strict=True):
        pages = measure(pdf)
        titles[name] = [[line.text.replace(" ", "") for line in p.lines if abs(line.size - S.TITLE_PT) < 1] for p in pages]
        for page in pages:
            for line in page.lines:
                if abs(line.size - S.TITLE_PT) < 1:
                    assert line.x0 >= S.MARGIN_LEFT_MM - 0.5
                    assert line.x1 <= S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM + 0.5
    assert titles["long"][0] == title_lines(LONG_TITLE)
    assert len(title_lines(LONG_TITLE)) == 3
    assert next(lines for lines in titles["long"][1:] if lines) == title_lines(ATTACHMENT_TITLE)
    assert titles["digits"][0] == title_lines(DIGITS_TITLE)
    assert len(title_lines(DIGITS_TITLE)) == 2
