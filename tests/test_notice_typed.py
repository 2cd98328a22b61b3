"""A notice's body typed the Word way (load/notice_typed.py): a first line repeating the front
matter's 主送 is left out with a 说明 (outsider4 #7: it was printed twice, one under the other)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_FRONT
from docx import Document

from docgen.cli import main_group
from docgen.load.notice_body import SourceBlock
from docgen.load.notice_typed import typed_body
from docgen.load.patterns import names_units
from docgen.remarks import RemarkKind


def _render(source: Path, tmp_path: Path) -> tuple[list[str], str]:
    out = tmp_path / f"{source.stem}.docx"
    done = CliRunner().invoke(
        main_group, ["--register", str(tmp_path / "r"), "render", str(source), "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    return [p.text.strip() for p in Document(str(out)).paragraphs if p.text.strip()], done.output


def test_a_typed_line_repeating_the_addressee_is_printed_once_with_a_note(
    tmp_path: Path, write_notice
) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(MINIMAL_FRONT, "各乡镇人民政府：\n\n正文第一段。")
    texts, output = _render(source, tmp_path)
    assert texts.count("各乡镇人民政府：") == 1, texts
    assert "正文第一段。" in texts
    # front matter of 5 lines + 2 fences: the body starts on line 8
    assert (
        "说明："
        + str(source)
        + "：第 8 行手写的主送“各乡镇人民政府：”未排印：主送机关由文头信息的“主送”生成（7.3.2）"
        in output.splitlines()
    )


def test_several_addressees_typed_with_other_separators_are_the_same_line(
    tmp_path: Path, write_notice
) -> None:  # type: ignore[no-untyped-def]
    front = MINIMAL_FRONT.replace("主送: 各乡镇人民政府", "主送: [各县（市、区）人民政府, 示范区管理委员会]")
    source = write_notice(front, "各县（市、区）人民政府、示范区管理委员会:\n正文第一段。")
    texts, output = _render(source, tmp_path)
    assert not any(t.startswith("各县（市、区）人民政府、示范区") for t in texts), texts
    assert texts.count("各县（市、区）人民政府，示范区管理委员会：") == 1, texts
    assert "主送" in output


def test_a_first_line_naming_someone_else_is_kept(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(MINIMAL_FRONT, "县直各有关单位：\n正文第一段。")
    texts, output = _render(source, tmp_path)
    assert "县直各有关单位：" in texts
    assert "各乡镇人民政府：" in texts
    assert "7.3.2" not in output


def test_an_empty_section_is_warned_of_and_numbered_items_are_not(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    """outsider4 #14: a heading with nothing under it (“# 其他事项” at the end) was printed bare, no 警告."""
    body = "一、工作要求\n1.按时报送。\n2.加强领导。\n（一）高度重视。各单位要亲自部署。\n二、其他事项\n"
    source = write_notice(MINIMAL_FRONT, body)
    _texts, output = _render(source, tmp_path)
    warned = [line.split("：", 2)[2] for line in output.splitlines() if line.startswith("警告：")]
    # front matter of 5 lines + 2 fences: the body starts on line 8; 二、 is on line 12
    assert warned == ["第 12 行标题“其他事项”下没有内容：请补上内容或删去该标题"]


# --- twins13: the first line is read as a 主送 by load/patterns.names_units, the 主送 reader of format ---
# Before, load/notice_typed kept a list of its own; where the two disagreed on a line of the sources:

_LONG = "长治市自然资源和规划局，长治市生态环境局，长治市发展和改革委员会，长治市行政审批服务管理局，长治市住房和城乡建设局，长治市水利局"


@pytest.mark.parametrize(
    ("first", "warned"),
    [
        ("各科室、各部门：", True),  # wild10: names_units had no 室 (notice_typed's list was right)
        ("各科室：", True),  # wild12
        (f"{_LONG}：", True),  # 64 字: notice_typed stopped at 60 characters (names_units was right)
        ("分三个阶段进行：", False),  # a 行 read as a bank's (银行, 分行): names_units was wrong
        ("现将有关事项通知如下：", False),
    ],
)
def test_a_first_line_reads_as_a_list_of_offices_as_format_reads_a_typed_addressee(first: str, warned: bool) -> None:
    body = typed_body(
        [SourceBlock(line=8, text=first), SourceBlock(line=9, text="正文第一段。")],
        front_attachments=False,
        addressees=("各乡镇人民政府",),
    )
    assert [b.text for b in body.blocks][0] == first  # not the front matter's 主送: printed either way
    assert [r.kind is RemarkKind.WARNING for r in body.notes] == ([True] if warned else []), body.notes
    assert names_units(first[:-1], minimum=1) is warned
