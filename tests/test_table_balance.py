"""The corpus's table.balance measure on real PDFs (LibreOffice): it finds a name column squeezed
beside date columns with room to spare, and not the same table sized from its content (issue 14)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import render_docx
from docgen.model import Table
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_corpus import measure_notice  # noqa: E402

NAMES = (
    "伊川县吕店镇新能源汽车零部件生产线及智慧化运营管理平台工程",
    "伊川县葛寨镇农村公路提质改造及智慧化运营管理平台工程",
    "伊川县平等乡高标准农田建设项目",
    "伊川县葛寨镇乡村振兴示范区及智慧化运营管理平台建设项目",
)
ROWS = (
    ("序号", "项目名称", "计划开工", "计划竣工"),
    *((str(i), name, "2024年4月12日", "2025年10月25日") for i, name in enumerate(NAMES, start=1)),
)
FRONT = """---
发文机关: yichuan
发文字号: 5
标题: 关于报送重点项目进展情况的通知
主送: 各乡镇人民政府
成文日期: 2024-01-19
双面印刷: false
---
请按下表报送。

| 甲 | 乙 |
|---|---|
| 1 | 2 |
"""


def _balance(tmp_path: Path, pool: ConverterPool, table: Table, name: str) -> list[str]:
    source = tmp_path / f"{name}.md"
    source.write_text(FRONT, encoding="utf-8")
    doc = compose_notice_file(source, RunResources())
    body = tuple(table if isinstance(block, Table) else block for block in doc.body)
    docx = tmp_path / f"{name}.docx"
    docx.write_bytes(render_docx(dataclasses.replace(doc, body=body), RunResources().template).data)
    (outcome,) = pool.convert([(docx, tmp_path / f"{name}.pdf")])
    assert outcome.error is None, outcome.error
    measured = measure_notice(name, str(outcome.target), False)
    assert measured.tables >= 1  # parts on one page or more
    return [f"{d.page} {d.measured}" for d in measured.defects if d.kind == "table.balance"]


def test_a_squeezed_name_column_is_found(tmp_path: Path, pool: ConverterPool) -> None:
    # widths given (as a form gives them): 项目名称 18.7 mm, each date column 62 mm for a 26 mm date
    squeezed = Table(rows=ROWS, widths=(1, 1.5, 5, 5))
    found = _balance(tmp_path, pool, squeezed, "squeezed")
    assert len(found) == 4, found  # every body row: its name wraps over 5–7 lines
    assert all("column 2" in where for where in found), found


def test_the_table_sized_from_its_content_is_balanced(tmp_path: Path, pool: ConverterPool) -> None:
    assert _balance(tmp_path, pool, Table(rows=ROWS), "sized") == []
