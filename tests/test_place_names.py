"""A place name and its suffix stay on one title line (7.3.1 词意完整): 鲍店镇, which jieba reads 鲍店 / 镇.

tests/fixtures/outsider2/DEFECTS.md item 4: the 函's title broke 「……解决鲍店|镇供水工程……」 in both
engines and ``docgen check`` passed it, reading the words as the breaker did.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from docgen.cli import main_group
from docgen.layout.titles import title_lines
from docgen.words import broken_word, place_names, words

LETTER = ROOT / "tests" / "fixtures" / "outsider2" / "函.md"
TITLE = "关于商请协调解决鲍店镇供水工程用地指标的函"


def test_the_segmenter_reads_the_town_apart_and_the_place_names_join_it() -> None:
    assert words("鲍店镇供水") == ["鲍店", "镇", "供水"]  # the blind spot both shared
    named = ["丹朱镇南漳村石哲乡城区街道慈林社区", "长子经济技术开发区管委会重点项目", TITLE]
    assert [[text[a:b] for a, b in place_names(text)] for text in named] == [
        ["丹朱镇", "南漳村", "石哲乡", "城区街道", "慈林社区"],
        ["经济技术开发区管委会"],
        ["鲍店镇"],
    ]
    # jieba reads 丹 / 朱镇 / 南漳 / 村石 / 哲乡: a line may end between two names, not inside one
    assert words("丹朱镇南漳村石哲乡")[2:] == ["南漳", "村石", "哲乡"]
    towns = named[0]
    assert broken_word(towns, towns.index("石")) is None
    assert broken_word(towns, towns.index("哲")) == "石哲乡"
    assert broken_word(towns, towns.index("朱")) == "丹朱镇"
    # words that begin with a suffix character are no place names; nor a suffix after 各, 全, 的
    assert place_names("城乡市场开发区域村民县委") == []
    assert place_names("各县（市、区）人民政府和全市各乡镇的县直单位") == []


def test_the_title_breaks_after_the_town() -> None:
    lines = title_lines(TITLE)
    assert lines == ["关于商请协调解决鲍店镇", "供水工程用地指标的函"]
    assert broken_word(TITLE, len(lines[0])) is None
    assert broken_word(TITLE, TITLE.index("镇")) == "鲍店镇"
    assert broken_word(TITLE, TITLE.index("镇") + 1) is None


def test_check_fails_a_pdf_whose_title_breaks_before_the_town(tmp_path: Path) -> None:
    """The 函 typeset (Typst) with the outsider's break written into its title, and as docgen breaks it."""
    source = LETTER.read_text(encoding="utf-8")
    broken = tmp_path / "broken.md"
    broken.write_text(
        source.replace(f"标题: {TITLE}", '标题: "关于商请协调解决鲍店\\n镇供水工程用地指标的函"'),
        encoding="utf-8",
    )
    good = tmp_path / "good.md"
    good.write_text(source, encoding="utf-8")
    runner = CliRunner()
    register = str(tmp_path / "r.sqlite")
    for name in ("broken", "good"):
        made = runner.invoke(
            main_group,
            [
                "--register",
                register,
                "preview",
                str(tmp_path / f"{name}.md"),
                "--engine",
                "typst",
                "-o",
                str(tmp_path / f"{name}.pdf"),
            ],
        )
        assert made.exit_code == 0, made.output
    checked = runner.invoke(main_group, ["check", str(tmp_path / "broken.pdf")])
    assert checked.exit_code == 1
    assert "第 1 行以「解决鲍店」结尾，第 2 行以「镇供水工」开头：「鲍店镇」被拆开" in checked.output
    checked = runner.invoke(main_group, ["check", str(tmp_path / "good.pdf")])
    assert "关于商请协调解决鲍店镇 | 供水工程用地指标的函" in checked.output
    assert "「鲍店镇」被拆开" not in checked.output


# --- an organisation's name (outsider4 #8) ---------------------------------------------------------

OUTSIDER4 = ROOT / "tests" / "fixtures" / "outsider4" / "函-六十字标题.md"
LONG_TITLE = "关于商请长治市发展和改革委员会支持长子县ＬＮＧ调峰储气设施及城乡供水一体化工程等重点项目申报2026年中央预算内投资的函"


def test_an_organisations_name_is_one_word_with_its_suffix() -> None:
    """jieba reads 发展 / 和 / 改革 / 委员会: a title broke “发展和改革 | 委员会”; the name before 委员会 /
    领导小组 / 办公室 / 局, two words joined by 和 included, is one name."""
    assert words("发展和改革委员会") == ["发展", "和", "改革", "委员会"]
    named = {
        "长治市发展和改革委员会支持": ["发展和改革委员会"],
        "长治市自然资源和规划局": ["自然资源和规划局"],
        "县住房和城乡建设局": ["住房和城乡建设局"],
        "长子县工业和信息化局": ["工业和信息化局"],
        "长子县重点项目建设领导小组": ["建设领导小组"],
        "县人民政府办公室": ["人民政府办公室"],
    }
    for text, names in named.items():
        assert [text[a:b] for a, b in place_names(text)] == names, text
    assert broken_word(LONG_TITLE, LONG_TITLE.index("委员会")) == "发展和改革委员会"
    assert broken_word(LONG_TITLE, LONG_TITLE.index("改革")) == "发展和改革委员会"
    assert broken_word(LONG_TITLE, LONG_TITLE.index("发展")) is None  # 长治市 | 发展和改革委员会
    # not a name: 委员会 after a function word, a 管理委员会 that names itself
    assert place_names("各委员会") == []
    assert [TITLE[a:b] for a, b in place_names(TITLE)] == ["鲍店镇"]


def test_the_long_title_keeps_the_commission_and_ＬＮＧ_whole() -> None:
    lines = title_lines(LONG_TITLE)
    assert "".join(lines) == LONG_TITLE
    assert any("发展和改革委员会" in line for line in lines), lines
    assert any("ＬＮＧ" in line for line in lines), lines  # full-width Latin: no break inside


def test_check_fails_a_pdf_whose_title_breaks_inside_the_commission(tmp_path: Path) -> None:
    """The outsider's 函 typeset (Typst) with the break docgen made before written into its title."""
    source = OUTSIDER4.read_text(encoding="utf-8")
    broken = tmp_path / "broken.md"
    head, tail = LONG_TITLE.split("委员会支持", 1)
    broken.write_text(
        source.replace(f"标题: {LONG_TITLE}", f'标题: "{head}\\n委员会支持{tail}"'), encoding="utf-8"
    )
    runner = CliRunner()
    made = runner.invoke(
        main_group,
        ["--register", str(tmp_path / "r.sqlite"), "preview", str(broken), "--engine", "typst",
         "-o", str(tmp_path / "broken.pdf")],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    checked = runner.invoke(main_group, ["check", str(tmp_path / "broken.pdf")])
    assert checked.exit_code == 1
    assert "「发展和改革委员会」被拆开" in checked.output
