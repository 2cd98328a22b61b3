"""A notice whose body ends with a table (the 署名 right under its last row): every length lays out
without an internal error (layout/closing.py took the last block for a paragraph), and ``docgen check``
does not read the table's cells as the 署名 (check/docx_elements.py: they were judged as body text,
「序号 黑体 14.0 pt」)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.check.rules import Status
from docgen.check.run import check_files
from docgen.cli import main_group
from docgen.convert.oneshot import soffice_path

HEAD = """---
发文机关: henan
发文字号: 豫政重点办〔2020〕5号
标题: 关于报送重点项目进展情况的通知
主送: 各省辖市人民政府
成文日期: 2020-03-13
---
请各地报送以下项目进展情况：

| 序号 | 项目名称 | 报送时间 |
|---|---|---|
"""


def notice(rows: int) -> str:
    """Return a notice source whose body is one line and a table of ``rows`` rows."""
    lines = [
        f"| {i} | 某某县产业集聚区标准化厂房项目{i} | 2020年3月{i % 28 + 1}日 |" for i in range(1, rows + 1)
    ]
    return HEAD + "\n".join(lines) + "\n"


@pytest.mark.parametrize("rows", [6, 13, 21, 29])
def test_a_body_ending_with_a_table_renders_and_passes_check(rows: int, tmp_path: Path) -> None:
    if soffice_path() is None:
        pytest.skip("needs LibreOffice")
    source = tmp_path / "n.md"
    source.write_text(notice(rows), encoding="utf-8")
    out = tmp_path / "n.docx"
    result = CliRunner().invoke(main_group, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "内部错误" not in result.output
    assert "Internal error" not in result.output
    (checked,) = check_files([out])
    failed = {f.rule.id: f.measured for f in checked.findings if f.status is Status.FAIL}
    assert not failed, failed


@pytest.mark.parametrize("table", ["|", "| 序号 | 项目名称 |", "| 序号 | 项目名称 |\n|---|---|"])
def test_a_table_of_a_header_row_alone_renders(table: str, tmp_path: Path) -> None:
    """A table with no body row (hypothesis found 「|」 alone): the column widths have no body cell
    to measure (layout/columns.py took max() of one number) — written, no internal error."""
    source = tmp_path / "n.md"
    source.write_text(HEAD.split("| 序号")[0] + table + "\n", encoding="utf-8")
    result = CliRunner().invoke(main_group, ["render", str(source), "-o", str(tmp_path / "n.docx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "n.docx").is_file()
