"""Twins made one (twins13): the organ's name a letterhead's mark is made of is read by one function,
load/patterns.organ_of_mark, for letterhead-import's 全称 and for a 令's mark."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.cli import main_group
from docgen.load.patterns import organ_of_mark


@pytest.mark.parametrize(
    ("mark", "organ"),
    [
        ("XXXX人民政府令", "XXXX人民政府"),
        ("XXXX人民政府命令", "XXXX人民政府"),  # 命令 whole, not 令 off 命令
        ("XXXX人民政府公告", "XXXX人民政府"),
        ("XXXX人民政府通告", "XXXX人民政府"),
        ("长子县人民政府文件", "长子县人民政府"),
        ("长子县人民政府", "长子县人民政府"),
    ],
)
def test_the_organ_of_a_mark_is_the_mark_without_its_kind(mark: str, organ: str) -> None:
    assert organ_of_mark(mark) == organ
    assert organ_of_mark(mark, wenjian=False) == (mark if mark.endswith("文件") else organ)


def test_an_order_under_a_letterhead_marked_with_another_kind_names_the_organ_once(tmp_path: Path) -> None:
    """compose/order stripped only 令 and 命令 from the mark: a 令 under the letterhead of a 公告 template
    (标志 “XXXX人民政府公告”, as letterhead-import writes it) was headed “XXXX人民政府公告令”;
    letterhead-import's reading (the organ is the mark without 公告) was the right one."""
    heads = tmp_path / "版头"
    heads.mkdir()
    (heads / "xx.yaml").write_text("全称: XXXX人民政府\n代字: X政\n标志: XXXX人民政府公告\n", encoding="utf-8")
    source = tmp_path / "令.md"
    front = {"种类": "令", "发文机关": "xx", "届": "第十八届", "发文字号": "2", "标题": "公布《项目库管理规定》",
             "成文日期": "2025-08-01", "签发人职务": "县长", "签发人": "李明"}  # fmt: skip
    lines = [f"{key}: {value}" for key, value in front.items()]
    source.write_text("---\n" + "\n".join(lines) + "\n---\n《项目库管理规定》现予公布，自公布之日起施行。\n", encoding="utf-8")
    out = tmp_path / "令.docx"
    args = ["--register", str(tmp_path / "r"), "--letterheads", str(heads), "render", str(source), "-o", str(out)]
    done = CliRunner().invoke(main_group, args)
    assert done.exit_code == 0, done.output
    texts = [p.text for p in Document(str(out)).paragraphs if p.text.strip()]
    assert texts[0] == "XXXX人民政府令", texts
