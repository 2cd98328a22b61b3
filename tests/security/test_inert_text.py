"""Finding 6: text from ledgers never becomes a live formula in the .xlsx and .csv files docgen writes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import rank_args
from hostile import PROJECT_HEADER, docgen, workbook
from openpyxl import load_workbook

from docgen.inert import csv_value, is_formula_like
from docgen.register import Register
from docgen.run_resources import RunResources

ROOT = Path(__file__).resolve().parents[2]
HYPERLINK = '=HYPERLINK("http://x.example","unit")'
HOSTILE = ["=1+2", "@SUM(A1)", "+1+cmd", "-2+3", "\tx=1", "\rx"]


@pytest.mark.parametrize("text", [HYPERLINK, *HOSTILE])
def test_formula_like_text_is_recognised(text: str) -> None:
    assert is_formula_like(text)
    assert csv_value(text) == "'" + text


@pytest.mark.parametrize("value", [-3.25, 12, "-3.25", "+12%", "城关镇", "—", "↑2", "", None])
def test_numbers_and_plain_text_stay_as_they_are(value: object) -> None:
    assert not is_formula_like(value)
    assert csv_value(value) == value


def _projects(path: Path, units: list[str]) -> Path:
    rows = [[f"项目{i}", unit, 1000 + i, 500, 200 + i, "张三"] for i, unit in enumerate(units)]
    return workbook(path, PROJECT_HEADER, rows, title="2025-05")


def test_rank_xlsx_keeps_a_hyperlink_formula_as_text(tmp_path: Path) -> None:
    register = tmp_path / "register.sqlite"
    ledger = _projects(tmp_path / "台账.xlsx", ["城关镇", HYPERLINK, "@SUM(A1)", "丹朱镇"])
    result = docgen(rank_args(ledger, tmp_path / "r.docx", "--xlsx", tmp_path / "r.xlsx", "--date", "2025-06-05"), register)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / "r.xlsx").active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    by_value = {cell.value: cell for cell in cells}
    for text in (HYPERLINK, "@SUM(A1)"):
        assert by_value[text].data_type == "s"
        assert by_value[text].quotePrefix
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert any(isinstance(cell.value, int) for cell in cells)  # ranks stay numbers


def test_bulletin_manifest_csv_prefixes_formula_like_unit_names(tmp_path: Path) -> None:
    register = tmp_path / "register.sqlite"
    from docgen.bulletins import make_bulletins

    units = ["城关镇", "=1+2", "@SUM(A1)", "+cmd", "-2+3"]
    ledger = _projects(tmp_path / "台账.xlsx", units)
    with Register.open(register) as reg:
        report = make_bulletins(ledger, "2025-05", "zhangzi-zdxmb", tmp_path / "out", RunResources(), reg)
    assert len(report.entries) == len(units)
    text = (tmp_path / "out" / "manifest.csv").read_text(encoding="utf-8-sig")
    subjects = [row["subject"] for row in csv.DictReader(io.StringIO(text))]
    assert sorted(subjects) == sorted(["城关镇", "'=1+2", "'@SUM(A1)", "'+cmd", "'-2+3"])
    assert all(
        not value.startswith(("=", "+", "-", "@")) for row in csv.reader(io.StringIO(text)) for value in row
    )


def test_ledger_templates_hold_no_formula(tmp_path: Path) -> None:
    for kind in ("projects", "supervision"):
        target = tmp_path / f"{kind}.xlsx"
        assert docgen(["ledger", "template", "--kind", kind, "-o", target]).exit_code == 0
        sheet = load_workbook(target).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
