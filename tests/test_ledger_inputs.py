"""Ledger files that are not what they seem: a .csv named .xlsx, formulas saved without their results."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from docgen.errors import DataError, DataWarning
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


HEAD = ["项目名称", "责任单位", "总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）", "形象进度"]


def formula_ledger(path: Path, completed: str, progress: str) -> Path:
    """Write a ledger as a tool that does not compute saves it: formulas with no result (openpyxl)."""
    book = Workbook()
    book.active.append(HEAD)
    book.active.append(["物流园", "丹朱镇", 3000, 1000, completed, progress])
    book.save(path)
    return path


def with_results(path: Path, results: dict[bytes, bytes]) -> None:
    """Rewrite the sheet as Excel saves it: each formula cell's ``<v>`` holds its result."""
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    for old, new in results.items():
        assert old in parts["xl/worksheets/sheet1.xml"]
        parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def test_a_formula_without_its_result_is_pointed_out(tmp_path: Path) -> None:
    """形象进度 =HYPERLINK(…) saved uncomputed: a warning naming F2, not a silent blank (outsider5 #11);
    累计完成投资 =C2*0.3 uncomputed: the row is refused at E2 with the same reason, not “为空”."""
    path = formula_ledger(tmp_path / "公式.xlsx", "=C2*0.3", '=HYPERLINK("http://example.org","看")')
    with use_language("zh_CN"):
        read = load_month(path, 2025, 11)
        messages = [str(p) for p in read.problems]
    assert read.projects == []
    assert len(messages) == 2, messages
    assert all("公式没有保存计算结果" in m for m in messages), messages
    assert any(
        "第 F（形象进度） 列" in m and "按空白读取" in m and isinstance(p, DataWarning)
        for m, p in zip(messages, read.problems, strict=True)
    ), messages
    assert any(
        "第 E（累计完成投资（万元）） 列" in m and not isinstance(p, DataWarning)
        for m, p in zip(messages, read.problems, strict=True)
    ), messages


def test_a_formula_saved_with_its_result_is_read_without_a_word(tmp_path: Path) -> None:
    """Excel's file: the results are saved (900, and "" from a text formula): read, nothing said."""
    path = formula_ledger(tmp_path / "公式.xlsx", "=C2*0.3", '=IF(C2>0,"","x")')
    with_results(
        path,
        {
            b"<f>C2*0.3</f><v></v>": b"<f>C2*0.3</f><v>900</v>",
            b'<c r="F2"><f>': b'<c r="F2" t="str"><f>',
        },
    )
    read = load_month(path, 2025, 11)
    assert read.problems == []
    assert [(p.completed, p.progress) for p in read.projects] == [(Decimal(900), "")]
