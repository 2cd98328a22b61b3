"""Text pasted from Word (tests/fixtures/outsider2/观摩通知-粘贴.md, DEFECTS.md items 1 and 2): the
发文字号 and the text are set on render as an office's 一键排版 sets them, with one note per source."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import ROOT

from docgen.cli import main_group
from docgen.layout.breaks import plain
from docgen.load.notice import load_notice
from docgen.load.pasted import Changes, set_pasted
from docgen.notices import render_notice_file
from docgen.remarks import RemarkKind
from docgen.run_resources import RunResources

PASTED = ROOT / "tests" / "fixtures" / "outsider2" / "观摩通知-粘贴.md"


def _paragraphs(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [plain(p.text) for p in document.paragraphs] + [plain(c) for c in cells]


def test_a_number_typed_with_square_brackets_and_a_full_width_digit_is_printed_in_the_standard_form(
    tmp_path: Path,
) -> None:
    """`长重点[2025]７号` was refused (“年份用六角括号〔〕括入”) although format and register import read it."""
    out = tmp_path / "观摩通知.docx"
    done = CliRunner().invoke(
        main_group, ["--register", str(tmp_path / "r.sqlite"), "render", str(PASTED), "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    assert "说明：" in done.output
    assert "发文字号“长重点[2025]７号”按标准写作“长重点〔2025〕7号”（7.2.5）" in done.output
    texts = _paragraphs(out.read_bytes())
    assert "长重点〔2025〕7号" in texts


def test_pasted_text_is_set_as_one_click_formatting_sets_it(tmp_path: Path) -> None:
    """Full-width digits, ASCII quotes and half-width marks after 汉字 were printed as pasted."""
    made = render_notice_file(PASTED, RunResources())
    texts = "\n".join(_paragraphs(made.data))
    assert (
        "关于做好2025年第四季度重点项目\n“四比四看”集中观摩活动准备工作的通知" in texts
    )  # the title's two lines
    assert "决定于2025年10月20日至24日开展" in texts
    assert "营造比学赶超的浓厚氛围，经县政府同意" in texts
    assert "（一）准备阶段（10月9日至15日）。" in texts
    assert "于10月15日下午5:00前" in texts  # a time is a number: left as typed
    # the e-mail untouched; a line left short before the phone number held whole ends in a break
    assert "电子版发送至 zdxmb_zz@163.com，联系电话：0355-8221234" in texts.replace("\n", "")
    assert "https://www.zhangzi.gov.cn/zdxmb/2025/guanmo.html?id=7&t=2，请各单位" in texts
    assert "确保“看得见、说得清、比得出”" in texts
    assert "联系人：王  磊" in texts
    assert "联系电话：0355-8221234" in texts
    assert "各乡镇人民政府，县直各有关单位：" in texts
    assert not any(c in texts for c in '０１２３４５６７８９"')
    notes = [r for r in load_notice(PASTED).notes if "一键排版" in r.text]
    assert [(r.kind, r.text) for r in notes] == [
        (
            RemarkKind.NOTE,
            "按一键排版的做法整理了粘贴的文字：29 个全角数字或数中符号改为半角（GB/T 15835）；"
            '3 对引号 "…" 改为 “…”；15 个紧挨汉字的半角标点改为全角',
        )
    ]


@pytest.mark.parametrize(
    ("typed", "set_as", "changes"),
    [
        ("总投资3.5亿元，10:30开会", "总投资3.5亿元，10:30开会", Changes()),
        ("总投资３.５亿元,上午１０：３０开会", "总投资3.5亿元，上午10:30开会", Changes(7, 0, 1)),
        ("详见 https://a.gov.cn/x?a=1,2&b=(3) 。", "详见 https://a.gov.cn/x?a=1,2&b=(3) 。", Changes()),
        ("发送至 a.b@c.cn;抄送", "发送至 a.b@c.cn；抄送", Changes(0, 0, 1)),
        ("运行`a,b:c`即可", "运行`a,b:c`即可", Changes()),
        ('开展"比学赶超"活动', "开展“比学赶超”活动", Changes(0, 1, 0)),
        ('He said "yes" twice', 'He said "yes" twice', Changes()),
        ("采用(PPP)模式", "采用（PPP）模式", Changes(0, 0, 2)),
        ("Python 3.5 (or later), ok.", "Python 3.5 (or later), ok.", Changes()),
        ("见附件.各单位", "见附件。各单位", Changes(0, 0, 1)),
        # outsider4 #12: full-width Latin made half-width as full-width digits are (ＰＰＰ beside EPC)
        ("其中ＰＰＰ项目1个、EPC项目3个", "其中PPP项目1个、EPC项目3个", Changes(letters=3)),
        ("ＬＮＧ调峰储气ｌｎｇ１２个", "LNG调峰储气lng12个", Changes(digits=2, letters=6)),
    ],
)
def test_the_setting_leaves_urls_mail_code_and_numbers_as_typed(
    typed: str, set_as: str, changes: Changes
) -> None:
    assert set_pasted(typed) == (set_as, changes)


@pytest.mark.parametrize(
    ("typed", "standard"),
    [
        ("长重点[2025]第013号", "长重点〔2025〕13号"),
        ("长重点（2025）7号", "长重点〔2025〕7号"),
        ("长重点〔2025〕07号", "长重点〔2025〕7号"),
    ],
)
def test_a_number_typed_as_offices_type_it_is_read_as_format_reads_it(
    tmp_path: Path, typed: str, standard: str
) -> None:
    """`render` refused what `format` and `register import` read; the note gives the standard form."""
    source = tmp_path / "通知.md"
    source.write_text(PASTED.read_text(encoding="utf-8").replace("长重点[2025]７号", typed), encoding="utf-8")
    notice = load_notice(source)
    assert notice.front.number == standard
    assert notice.notes[0].text == f"发文字号“{typed}”按标准写作“{standard}”（7.2.5）"


@pytest.mark.parametrize(
    "text",
    [
        "获奖名单：张**、李**、王**。",  # masked names: the stars are the text
        "身份证号 4101**********1234 的张**同志",  # a masked number keeps its stars and its spaces
        "带“**”的为省重点项目，带“**”的为市重点项目",  # quoted stars
        "见 `git log 2 次` 和 https://x.cn/a?q=**项目**b 说明",  # code and URLs as they are
        "图2 项目现场",  # a caption's number and its title (clean-clone CI: test_pictures10)
        "附件3 名单",
    ],
)
def test_stars_and_spaces_that_are_the_text_stay(text: str) -> None:
    """review26: the 一键排版 of bold stars and number spaces (outsider26 #10, #12) took masking stars
    (张**、李** printed 张、李), the spaces around a masked ID, and changed code spans and URLs."""
    assert set_pasted(text) == (text, Changes())


def test_bold_stars_go_where_bold_stands() -> None:
    assert set_pasted("要求：**务必按时报送**。")[0] == "要求：务必按时报送。"
    assert set_pasted("**一、总体要求**")[0] == "一、总体要求"
