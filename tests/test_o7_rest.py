"""Outsider 7 #7 and #10 as the clerk meets them: `render` of a notice pasted from Word/WPS (a sentence
broken by a pasted line break, a tab, U+000B, U+2028), the 主送 moved to the 版记 said in the summary,
and what a void does with the withdrawn number's files.  Real commands (click runner), real .docx
read back with python-docx, real SQLite registers; the inputs come from
tests/fixtures/outsider7/make_notices.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT

from docgen.cli import main_group
from docgen.layout.breaks import plain

FIXTURES = ROOT / "tests" / "fixtures" / "outsider7"
HEAD = "---\n发文机关: zhangzi-zdxmb\n发文字号: auto\n标题: 关于报送重点项目进展情况的通知\n主送: 各乡镇人民政府\n成文日期: 2025-10-09\n---\n"


def _cli(tmp_path: Path, *args: str) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(tmp_path / "r.sqlite"), *args])


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pasted notice sources of make_notices.py."""
    folder = tmp_path_factory.mktemp("o7rest") / "src"
    subprocess.run([sys.executable, str(FIXTURES / "make_notices.py"), str(folder)], check=True, timeout=300)
    return folder


def _render(tmp_path: Path, source: Path) -> tuple[Result, list[str]]:
    """Render ``source``; return the result and the .docx's paragraphs (docgen's break marks taken out)."""
    done = _cli(tmp_path, "render", str(source), "-o", str(tmp_path / "out"))
    assert done.exit_code == 0, done.output
    made = tmp_path / "out" / f"{source.stem}.docx"
    return done, [plain(p.text) for p in docx.Document(str(made)).paragraphs]


# --- #7: a sentence broken by a paste -------------------------------------------------------------


@pytest.mark.parametrize("name", ["粘贴-UTF8.md", "粘贴-VT.md", "粘贴-GBK.md", "粘贴-UTF16.md"])
def test_render_joins_a_sentence_a_paste_broke_and_drops_the_pasted_tab(
    src: Path, tmp_path: Path, name: str
) -> None:
    """“…总投资5000万元以上，\\t年内完成投资不低于” / “计划的60%。” (a line end, or U+000B) was two paragraphs
    with a tab in the first."""
    done, paragraphs = _render(tmp_path, src / name)
    joined = [p for p in paragraphs if "年内完成投资不低于" in p]
    assert len(joined) == 1, joined
    assert joined[0].endswith("总投资5000万元以上，年内完成投资不低于计划的60%。"), joined
    assert "计划的60%。" not in paragraphs
    raw = [p.text for p in docx.Document(str(tmp_path / "out" / f"{Path(name).stem}.docx")).paragraphs]
    assert [
        p for p in raw if "\t" in p and "年内完成投资" in plain(p)
    ] == []  # python-docx reads <w:tab/> as \t
    said = [line for line in done.output.splitlines() if "行已合并" in line]
    where = "第 11 行" if name == "粘贴-VT.md" else "第 11–12 行"  # U+000B is no new line in an editor
    assert len(said) == 1, done.output
    assert f"{name}：{where}：" in said[0], said
    assert "（2 行已合并）" in said[0], said
    # the soft break U+2028 after “……报县重点项目办。” ends a sentence: the contact line stays its own paragraph
    assert "联系人：王五，联系电话：0355-8212345。" in paragraphs


def test_render_keeps_apart_the_lines_a_source_writes_one_paragraph_each(tmp_path: Path) -> None:
    """A source typed one paragraph a line, unindented, keeps its paragraphs: a short line (联系人), a typed
    heading, a line ending in “：” or “。”, an indented line, a 附件 line, the 署名 and its date."""
    lines = [
        "为做好全县重点项目调度工作，现将有关事项通知如下：",
        "一、充分认识开展重点项目百日攻坚观摩活动的重要意义",
        "各乡镇要把项目建设作为经济工作的重中之重，层层压实责任，确保年度目标任务全面完成",
        "　　请各单位高度重视，认真组织，按时报送。",
        "联系人：县重点项目办公室王磊",
        "联系电话：0355-8221234",
        "长治县重点项目建设办公室",
        "2025年10月9日",
    ]
    source = tmp_path / "通知.md"
    source.write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    done, paragraphs = _render(tmp_path, source)
    assert "行已合并" not in done.output
    for line in lines[2:]:
        assert line.strip("　") in paragraphs, (line, paragraphs)


def test_render_joins_a_broken_line_typed_in_a_source_and_an_indent_starts_a_paragraph(
    tmp_path: Path,
) -> None:
    """A line ending in “，” goes on; an indented line after it starts its own paragraph."""
    source = tmp_path / "通知.md"
    source.write_text(
        HEAD + "请各单位于10月20日前，\n将材料报县重点项目办，\n　　逾期不报的予以通报。\n", encoding="utf-8"
    )
    done, paragraphs = _render(tmp_path, source)
    assert "请各单位于10月20日前，将材料报县重点项目办，" in paragraphs
    assert "逾期不报的予以通报。" in paragraphs
    assert "通知.md：第 8–9 行：句中断开的行合为一段（2 行已合并）" in done.output
