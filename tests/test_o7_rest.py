"""Outsider 7 #7 and #10 as the clerk meets them: `render` of a notice pasted from Word/WPS (a sentence
broken by a pasted line break, a tab, U+000B, U+2028), the 主送 moved to the 版记 said in the summary,
and what a void does with the withdrawn number's files.  Real commands (click runner), real .docx
read back with python-docx, real SQLite registers; the inputs come from
tests/fixtures/outsider7/make_notices.py."""

from __future__ import annotations

import json
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
    heading, a line ending in “：” or “。”, an indented line, a list without punctuation, the 署名 and its date."""
    lines = [
        "为做好全县重点项目调度工作，现将有关事项通知如下：",
        "一、充分认识开展重点项目百日攻坚观摩活动的重要意义",
        "各乡镇要把项目建设作为经济工作的重中之重，层层压实责任，确保年度目标任务全面完成",
        "　　请各单位高度重视，认真组织，按时报送。",
        "第一天：丹朱镇农产品冷链物流园区建设项目现场观摩",  # a list, one item a line, without punctuation
        "第二天：鲍店镇光伏发电项目和5G基站建设项目现场观摩",
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


def test_render_joins_a_sentence_a_paste_broke_in_a_text_attachment_and_names_the_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "观摩须知.txt").write_text(
        "请各观摩组于10月20日上午8时前在县政府广场集合，统一乘车前往观摩现场，途中不得\n擅自离队。\n备注：如遇雨天顺延。\n",
        encoding="utf-8",
    )
    source = tmp_path / "通知.md"
    source.write_text(
        HEAD.removesuffix("---\n")
        + "附件:\n  - 标题: 观摩须知\n    文件: 观摩须知.txt\n---\n请各单位做好观摩准备。\n",
        encoding="utf-8",
    )
    done, paragraphs = _render(tmp_path, source)
    assert (
        "请各观摩组于10月20日上午8时前在县政府广场集合，统一乘车前往观摩现场，途中不得擅自离队。"
        in paragraphs
    )
    assert "备注：如遇雨天顺延。" in paragraphs
    assert "说明：" in done.output
    assert "观摩须知.txt：第 1–2 行：句中断开的行合为一段（2 行已合并）" in done.output


# --- #10 (a): the 主送 moved to the 版记 is said -------------------------------------------------


def test_render_says_a_long_addressee_is_printed_in_the_imprint(src: Path, tmp_path: Path) -> None:
    """主送30.md: 30 units leave no room for the body on page 1; docgen moves them to the 版记 (7.3.2) and
    said nothing; the clerk found them on page 4."""
    done, paragraphs = _render(tmp_path, src / "主送30.md")
    said = [line for line in done.output.splitlines() if "主送机关" in line]
    assert said == [
        f"说明：{src / '主送30.md'}：主送机关（30 个）多到首页排不下正文，按 GB/T 9704 7.3.2 移至最后一页的版记中"
    ]
    assert not any(p.startswith("丹朱镇人民政府，") for p in paragraphs)  # not under the title
    short, _paragraphs = _render(tmp_path, src / "粘贴-UTF8.md")  # 主送 of two: on page 1, nothing said
    assert "主送机关" not in short.output


def test_issue_says_a_long_addressee_is_printed_in_the_imprint(src: Path, tmp_path: Path) -> None:
    source = tmp_path / "主送30-auto.md"
    text = (src / "主送30.md").read_text(encoding="utf-8").replace("长重点〔2025〕31号", "auto")
    source.write_text(text, encoding="utf-8")
    done = _cli(
        tmp_path, "issue", str(source), "--signer", "王建国", "-o", str(tmp_path / "发文"), "--no-pdf"
    )
    assert done.exit_code == 0, done.output
    assert "主送机关（30 个）多到首页排不下正文，按 GB/T 9704 7.3.2 移至最后一页的版记中" in done.output


# --- #10 (b): a void marks the number's files 作废 ------------------------------------------------


def _notice(tmp_path: Path, phone: str = "0355-8212345") -> Path:
    source = tmp_path / "通知A.md"
    source.write_text(HEAD + f"请各单位于10月20日前报送。联系电话：{phone}。\n", encoding="utf-8")
    return source


def _issue(tmp_path: Path, source: Path, *more: str) -> Result:
    return _cli(tmp_path, "issue", str(source), "--signer", "王建国", "-o", str(tmp_path / "发文"), *more)


def test_void_renames_the_numbers_files_and_the_next_issue_stands_beside_them(tmp_path: Path) -> None:
    """After `register void 1号` its .docx and .pdf stayed under their names beside 2号's: the voided
    files now say 作废 in their names, are kept byte for byte, and the register and its check follow."""
    source = _notice(tmp_path)
    assert _issue(tmp_path, source, "--engine", "typst").exit_code == 0
    folder = tmp_path / "发文"
    before = {p.name: p.read_bytes() for p in folder.glob("*号.*")}
    assert sorted(before) == ["长重点〔2025〕1号.docx", "长重点〔2025〕1号.pdf"]
    voided = _cli(tmp_path, "register", "void", "长重点〔2025〕1号", "--reason", "电话有误")
    assert voided.exit_code == 0, voided.output
    assert voided.output.splitlines() == [
        "长重点〔2025〕1号\t作废",
        f"  已改名：{folder.resolve() / '长重点〔2025〕1号.docx'} → 长重点〔2025〕1号（作废）.docx",
        f"  已改名：{folder.resolve() / '长重点〔2025〕1号.pdf'} → 长重点〔2025〕1号（作废）.pdf",
    ]
    for name, data in before.items():
        assert not (folder / name).exists()
        assert (folder / name.replace("1号", "1号（作废）")).read_bytes() == data
    shown = _cli(tmp_path, "register", "show", "长重点〔2025〕1号").output
    assert f"{folder.resolve() / '长重点〔2025〕1号（作废）.docx'}  sha256" in shown
    assert "rename 长重点〔2025〕1号.pdf → 长重点〔2025〕1号（作废）.pdf" in shown
    # the folder's scan reads no issued 1号 behind the register in the renamed files
    checked = _cli(tmp_path, "register", "check")
    assert checked.exit_code == 0, checked.output
    assert _cli(
        tmp_path, "register", "void", "长重点〔2025〕1号", "--reason", "再次"
    ).output.splitlines() == [
        "长重点〔2025〕1号\t作废"  # voided again: the files are marked already
    ]
    source.write_text(source.read_text(encoding="utf-8").replace("8212345", "8212346"), encoding="utf-8")
    again = _issue(tmp_path, source, "--no-pdf")
    assert again.exit_code == 0, again.output
    assert "长重点〔2025〕2号" in again.output
    assert sorted(p.name for p in folder.glob("*号*.*")) == [
        "长重点〔2025〕1号（作废）.docx",
        "长重点〔2025〕1号（作废）.pdf",
        "长重点〔2025〕2号.docx",
    ]
    assert _cli(tmp_path, "register", "check").exit_code == 0


def test_void_never_writes_over_a_file_of_the_withdrawn_name(tmp_path: Path) -> None:
    """A file the clerk already named “…1号（作废）.docx” is not written over: the void is refused, naming
    it; the number stays issued and its file keeps its name."""
    assert _issue(tmp_path, _notice(tmp_path), "--no-pdf").exit_code == 0
    folder = tmp_path / "发文"
    theirs = folder / "长重点〔2025〕1号（作废）.docx"
    theirs.write_bytes(b"the clerk's own file")
    voided = _cli(tmp_path, "register", "void", "长重点〔2025〕1号", "--reason", "电话有误")
    assert voided.exit_code != 0
    assert f"{theirs} 已经存在：请先把它移走，再作废一次（没有文件被改名）" in voided.output, voided.output
    assert "Traceback" not in voided.output
    assert theirs.read_bytes() == b"the clerk's own file"
    assert (folder / "长重点〔2025〕1号.docx").is_file()
    assert _cli(tmp_path, "register", "list").output.splitlines()[-1].startswith("长重点〔2025〕1号\t已签发")


def test_restoring_a_register_from_before_the_void_gives_the_files_their_names_back(tmp_path: Path) -> None:
    assert _issue(tmp_path, _notice(tmp_path), "--no-pdf").exit_code == 0
    assert _cli(tmp_path, "register", "backup", str(tmp_path / "b.sqlite")).exit_code == 0
    assert _cli(tmp_path, "register", "void", "长重点〔2025〕1号", "--reason", "误操作").exit_code == 0
    folder = tmp_path / "发文"
    assert not (folder / "长重点〔2025〕1号.docx").exists()
    restored = _cli(tmp_path, "register", "restore", str(tmp_path / "b.sqlite"))
    assert restored.exit_code == 0, restored.output
    renamed = folder.resolve() / "长重点〔2025〕1号（作废）.docx"
    assert f"  已改名：{renamed} → 长重点〔2025〕1号.docx" in restored.output.splitlines()
    assert (folder / "长重点〔2025〕1号.docx").is_file()
    assert not renamed.exists()
    checked = _cli(tmp_path, "register", "check")
    assert checked.exit_code == 0, checked.output


def test_a_renamed_file_recorded_as_issued_is_no_number_behind_the_register(tmp_path: Path) -> None:
    """The folder scan (register check, issue) reads a file name that is only 代字〔年〕N号: “…1号（作废）.docx”,
    even recorded as issued in .docgen-folder.json, is not an issued 1号 the register lacks."""
    assert _issue(tmp_path, _notice(tmp_path), "--no-pdf").exit_code == 0
    assert _cli(tmp_path, "register", "void", "长重点〔2025〕1号", "--reason", "电话有误").exit_code == 0
    record_path = tmp_path / "发文" / ".docgen-folder.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    record["files"]["长重点〔2025〕9号（作废）.docx"] = {
        "issued": True,
        "sha256": "0" * 64,
    }  # ahead of the series
    record_path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    checked = _cli(tmp_path, "register", "check")
    assert checked.exit_code == 0, checked.output
    issued = _issue(tmp_path, _notice(tmp_path, "0355-8212346"), "--no-pdf")
    assert issued.exit_code == 0, issued.output
    assert "长重点〔2025〕2号" in issued.output


def test_void_names_a_file_of_the_number_that_is_not_there(tmp_path: Path) -> None:
    assert _issue(tmp_path, _notice(tmp_path), "--no-pdf").exit_code == 0
    issued = tmp_path / "发文" / "长重点〔2025〕1号.docx"
    issued.rename(tmp_path / "已寄出.docx")  # the clerk moved it away by hand
    voided = _cli(tmp_path, "register", "void", "长重点〔2025〕1号", "--reason", "电话有误")
    assert voided.exit_code == 0, voided.output
    assert voided.output.splitlines() == ["长重点〔2025〕1号\t作废", f"  文件不在原处，未改名：{issued.resolve()}"]
