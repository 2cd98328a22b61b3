"""Ledger files that are not what they seem: a .csv named .xlsx, formulas saved without their results."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.errors import DataError
from docgen.i18n import use_language
from docgen.load.projects import load_month

CSV = "项目名称,责任单位,总投资（万元）,年度计划投资（万元）,累计完成投资（万元）\n物流园,丹朱镇,3000,1000,850\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_named_xlsx_is_named_for_what_it_is(tmp_path: Path, encoding: str) -> None:
    """A web export saved as CSV under .xlsx: told to rename it .csv (outsider5 #12); renamed, it reads."""
    path = tmp_path / "其实是csv.xlsx"
    path.write_bytes(CSV.encode(encoding))
    with use_language("zh_CN"), pytest.raises(DataError) as caught:
        load_month(path, 2025, 11)
    assert "这是文本（CSV）文件，请把扩展名改为 .csv" in str(caught.value)
    renamed = path.rename(path.with_suffix(".csv"))
    assert [p.unit for p in load_month(renamed, 2025, 11).projects] == ["丹朱镇"]


def test_a_file_that_is_neither_zip_nor_csv_keeps_the_zip_message(tmp_path: Path) -> None:
    """A PDF named .xlsx is not called CSV."""
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    with use_language("zh_CN"), pytest.raises(DataError) as caught:
        load_month(path, 2025, 11)
    assert "CSV" not in str(caught.value)
