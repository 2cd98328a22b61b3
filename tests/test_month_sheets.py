"""Month sheets named as offices name them (verify11): “5月份”, “2025.5”, “五月” are this month's sheet,
read as “5月” is; a workbook whose only sheet is another month's (“4月份”) is refused for May."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from conftest import ROOT, docgen_in, rank_args

from docgen.load.grid import _MONTH_SHEET
from docgen.load.projects import month_sheet_names

FIXTURES = ROOT / "tests" / "fixtures" / "verify11"
MAY = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"


def _ranked(tmp_path: Path, ledger: Path, name: str) -> tuple[int, str, str]:
    """Return the exit code, the 通报's text and the messages of ``rank`` on ``ledger`` for 2025-05."""
    out = tmp_path / name
    out.mkdir()
    done = docgen_in(
        "--register", out / "登记簿.sqlite", *rank_args(ledger, out / "排名.docx", "--date", "2025-06-05"), cwd=out
    )
    text = "\n".join(p.text for p in docx.Document(str(out / "排名.docx")).paragraphs) if done.returncode == 0 else ""
    return done.returncode, text, done.stderr


@pytest.mark.parametrize("workbook", ["台账-5月份-4月份.xlsx", "台账-2025.5-2025.4.xlsx"])
def test_the_months_sheet_named_as_offices_name_it_is_read(tmp_path: Path, workbook: str) -> None:
    # refused since ledgers11 (“2 个工作表都是台账”); before, the first sheet was read by luck
    code, text, messages = _ranked(tmp_path, FIXTURES / workbook, "office")
    assert code == 0, messages
    sample_code, sample_text, sample_messages = _ranked(tmp_path, MAY, "sample")
    assert sample_code == 0, sample_messages
    assert text == sample_text  # May's figures, as from the May ledger itself


def test_a_workbook_of_another_months_sheet_is_refused(tmp_path: Path) -> None:
    code, _text, messages = _ranked(tmp_path, FIXTURES / "台账-单表-4月份.xlsx", "april")
    assert code != 0
    assert "4月份" in messages, messages
    assert "2025-05" in messages, messages
    assert "Traceback" not in messages


def test_every_name_of_a_month_is_a_month_sheet_and_ledger_names_are_not() -> None:
    for month in range(1, 13):
        for name in month_sheet_names(2025, month):
            assert _MONTH_SHEET.fullmatch(name), name
    assert "十一月份" in month_sheet_names(2025, 11)
    assert "五月" in month_sheet_names(2025, 5)
    for name in ("台账", "汇总", "1-5月", "2025年", "项目表2", "Sheet1"):
        assert not _MONTH_SHEET.fullmatch(name), name
