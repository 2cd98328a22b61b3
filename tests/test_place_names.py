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
        source.replace(f"标题: {TITLE}", '标题: "关于商请协调解决鲍店\\n镇供水工程用地指标的函"'), encoding="utf-8"
    )
    good = tmp_path / "good.md"
    good.write_text(source, encoding="utf-8")
    runner = CliRunner()
    register = str(tmp_path / "r.sqlite")
    for name in ("broken", "good"):
        made = runner.invoke(
            main_group,
            ["--register", register, "preview", str(tmp_path / f"{name}.md"), "--engine", "typst",
             "-o", str(tmp_path / f"{name}.pdf")],
        )
        assert made.exit_code == 0, made.output
    checked = runner.invoke(main_group, ["check", str(tmp_path / "broken.pdf")])
    assert checked.exit_code == 1
    assert "第 1 行以「解决鲍店」结尾，第 2 行以「镇供水工」开头：「鲍店镇」被拆开" in checked.output
    checked = runner.invoke(main_group, ["check", str(tmp_path / "good.pdf")])
    assert "关于商请协调解决鲍店镇 | 供水工程用地指标的函" in checked.output
    assert "「鲍店镇」被拆开" not in checked.output
