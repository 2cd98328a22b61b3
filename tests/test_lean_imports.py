"""openpyxl imported without numpy (docgen.lean_imports): a real workbook written and read the same,
numpy not loaded by the docgen command's modules (the finder is installed by docgen.cli only), still importable after, and openpyxl taking numpy's
numbers when numpy was loaded first (a program that uses both is unchanged).  Fresh interpreters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_batchs_modules_load_openpyxl_without_numpy_and_a_workbook_reads_the_same(tmp_path: Path) -> None:
    book = tmp_path / "ledger.xlsx"
    code = f"""
import sys, datetime as dt
import docgen.cli, docgen.bulletins, docgen.load.sheet
from openpyxl import Workbook, load_workbook
from openpyxl.compat.numbers import NUMPY
print("numpy" in sys.modules, NUMPY)
rows = [["项目名称", "总投资（万元）", "日期"], ["甲", 1234.5, dt.datetime(2025, 5, 1)], ["乙", 7, None]]
book = Workbook()
for row in rows:
    book.active.append(row)
book.save({str(book)!r})
print([tuple(r) for r in load_workbook({str(book)!r}).active.iter_rows(values_only=True)] == [tuple(r) for r in rows])
import numpy
print("numpy" in sys.modules)
"""
    assert _run(code) == ["False", "False", "True", "True"]


def test_numpy_loaded_first_is_still_taken_by_openpyxl() -> None:
    code = """
import numpy, docgen
from openpyxl.compat.numbers import NUMPY, NUMERIC_TYPES
print(NUMPY, numpy.float64 in NUMERIC_TYPES)
"""
    assert _run(code) == ["True", "True"]
