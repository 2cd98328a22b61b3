"""The corpus's table.balance measure on real PDFs (LibreOffice): it finds a name column squeezed
beside date columns with room to spare, and not the same table sized from its content (issue 14)."""

from __future__ import annotations

from pathlib import Path

from helpers import libreoffice_pdf, with_table
from test_corpus import measure_notice

from docgen.convert.pool import ConverterPool
from docgen.model import Table

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


def _balance(tmp_path: Path, pool: ConverterPool, table: Table, name: str) -> list[str]:
    folder = tmp_path / name
    folder.mkdir()
    pdf = libreoffice_pdf(with_table(folder, table), pool, folder / f"{name}.pdf")
    measured = measure_notice(name, str(pdf), False)
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
