"""一键排版 of a Word draft sets pasted text as ``render`` sets a pasted source (docgen/load/pasted.py):
full-width digits half-width, "…" as “…”, half-width marks next to 汉字 full-width — URLs, e-mail,
numbers left as typed — with one 说明 giving the counts."""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner

from docgen.cli import main_group
from docgen.draft.run import format_draft
from docgen.model import Heading, Paragraph
from docgen.remarks import RemarkKind
from docgen.run_resources import RunResources

# tests/fixtures/outsider2/观摩通知-粘贴.md as an office pastes it into Word
PASTED = [
    '关于做好２０２５年第四季度重点项目"四比四看"集中观摩活动准备工作的通知',
    "",
    "各乡镇人民政府,县直各有关单位:",
    '为全面贯彻落实县委、县政府关于"项目为王"的决策部署，进一步营造比学赶超的浓厚氛围,'
    "经县政府同意，决定于２０２５年１０月２０日至２４日开展第四季度重点项目集中观摩活动。现将有关事项通知如下：",
    "一、观摩范围",
    "各乡镇、县直各有关单位牵头推进的省、市、县重点项目，重点观摩总投资１亿元以上的新开工项目和"
    "投资完成率达到７５%以上的续建项目.",
    "二、时间安排",
    "(一)准备阶段(10月9日至15日)。各单位按照附件1的格式,于10月15日下午5:00前将观摩项目推荐表报送"
    "县重点项目办,电子版发送至 zdxmb_zz@163.com ,联系电话:0355-8221234。",
    "(二)观摩阶段（10月20日至24日）。观摩路线详见县重点项目办网站 "
    "https://www.zhangzi.gov.cn/zdxmb/2025/guanmo.html?id=7&t=2 ,请各单位提前对接。",
    "三、工作要求",
    '(一)高度重视.各单位主要负责同志要亲自研究部署,确保"看得见、说得清、比得出"。',
    "(二)严肃纪律。严格落实中央八项规定及其实施细则精神,轻车简从,不得层层陪同,总投资3.5亿元。",
    "",
    "长子县重点项目建设办公室",
    "２０２５年１０月９日",
    "（联系人:王  磊　　　联系电话:０３５５－８２２１２３４）",
]


def _draft(path: Path, lines: list[str]) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def test_a_pasted_word_draft_is_set_as_render_sets_a_pasted_source(tmp_path: Path) -> None:
    """Before: format printed ２０２５, "四比四看", 氛围,经, 高度重视.各单位 (one heading) as pasted."""
    result = format_draft(
        _draft(tmp_path / "粘贴.docx", PASTED), RunResources(), number="长重点〔2025〕7号", dry_run=True
    )
    document = result.document
    assert document is not None
    assert document.title == "关于做好2025年第四季度重点项目“四比四看”集中观摩活动准备工作的通知"
    assert document.addressees == "各乡镇人民政府，县直各有关单位："
    paragraphs = [b.text for b in document.body if isinstance(b, Paragraph)]
    assert paragraphs[0].startswith(
        "为全面贯彻落实县委、县政府关于“项目为王”的决策部署，进一步营造比学赶超的浓厚氛围，经县政府"
    )
    assert "决定于2025年10月20日至24日开展" in paragraphs[0]
    assert paragraphs[1].endswith("总投资1亿元以上的新开工项目和投资完成率达到75%以上的续建项目。")
    headings = {b.text: b.run_in for b in document.body if isinstance(b, Heading)}
    prepare = headings["准备阶段（10月9日至15日）。"]
    assert "于10月15日下午5:00前" in prepare  # a time is a number: as typed
    assert "电子版发送至 zdxmb_zz@163.com，联系电话：0355-8221234。" in prepare  # the e-mail as typed
    visit = headings["观摩阶段（10月20日至24日）。"]
    assert "https://www.zhangzi.gov.cn/zdxmb/2025/guanmo.html?id=7&t=2，请各单位提前对接。" in visit
    assert headings["高度重视。"] == "各单位主要负责同志要亲自研究部署，确保“看得见、说得清、比得出”。"
    assert headings["严肃纪律。"].endswith("轻车简从，不得层层陪同，总投资3.5亿元。")
    assert document.note == "（联系人：王  磊　　　联系电话：0355-8221234）"
    assert document.signature.date_text == "2025年10月9日"
    said = [(r.kind, r.text) for r in result.notes if "一键排版" in r.text]
    assert said == [
        (
            RemarkKind.NOTE,
            "按一键排版的做法整理了粘贴的文字：29 个全角数字或数中符号改为半角（GB/T 15835）；"
            '3 对引号 "…" 改为 “…”；17 个紧挨汉字的半角标点改为全角',
        )
    ]
    shown = [part.printed for part in result.outline]
    assert "（一）高度重视。各单位主要负责同志要亲自研究部署，确保“看得见、说得清、比得出”。" in shown


def test_a_draft_typed_as_the_standard_writes_it_gets_no_note(tmp_path: Path) -> None:
    """Text already set (or set by docgen) is left as it is, and nothing is said."""
    lines = [
        "关于做好重点项目“四比四看”观摩工作的通知",
        "各乡镇人民政府：",
        "总投资3.5亿元，10:30开会，详见 https://a.gov.cn/x?a=1,2 。",
        "长子县重点项目建设办公室",
        "2025年10月9日",
    ]
    result = format_draft(
        _draft(tmp_path / "d.docx", lines), RunResources(), number="长重点〔2025〕7号", dry_run=True
    )
    assert result.document is not None
    assert [b.text for b in result.document.body] == [
        "总投资3.5亿元，10:30开会，详见 https://a.gov.cn/x?a=1,2 。"
    ]
    assert not [r for r in result.notes if "一键排版" in r.text]


def test_the_format_command_prints_the_note(tmp_path: Path) -> None:
    draft = _draft(tmp_path / "粘贴.docx", PASTED)
    done = CliRunner().invoke(
        main_group, ["format", str(draft), "--dry-run", "--number", "长重点〔2025〕7号"]
    )
    assert done.exit_code == 0, done.output
    assert f"说明：{draft}：按一键排版的做法整理了粘贴的文字：29 个全角数字" in done.output
    assert "一级标题：一、观摩范围" in done.output


def test_full_width_latin_letters_are_made_half_width_as_digits_are(tmp_path: Path) -> None:
    """outsider4 #12: “ＰＰＰ项目” and “ＬＮＧ” printed full-width beside a half-width “EPC”, while the
    full-width digits of the same text were converted (一键排版 converts both)."""
    lines = [
        "关于长子县ＬＮＧ调峰储气设施项目的通知",
        "各乡镇人民政府：",
        "９个项目中ＰＰＰ项目1个、EPC项目3个。",
        "长子县重点项目建设办公室",
        "2025年10月9日",
    ]
    result = format_draft(
        _draft(tmp_path / "d.docx", lines), RunResources(), number="长重点〔2025〕7号", dry_run=True
    )
    assert result.document is not None
    assert result.document.title == "关于长子县LNG调峰储气设施项目的通知"
    assert [b.text for b in result.document.body] == ["9个项目中PPP项目1个、EPC项目3个。"]
    said = [r.text for r in result.notes if "一键排版" in r.text]
    assert said == [
        "按一键排版的做法整理了粘贴的文字：1 个全角数字或数中符号改为半角（GB/T 15835）；"
        "6 个全角西文字母改为半角（如“ＰＰＰ”改为“PPP”）"
    ]
