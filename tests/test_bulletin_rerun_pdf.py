"""A bulletin re-run makes the PDFs again when it asks for them made otherwise (review26): a 样稿 run
then a --final one said “13 份未变” and kept the watermarked PDFs; a run with the other engine kept the
first engine's.  A final PDF stands for a later 样稿 run (it is never made a draft again)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader
from test_check import needs_lo

from docgen.cli import main_group

ROOT = Path(__file__).parent.parent
LEDGER = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"


def _run(tmp_path: Path, *extra: str) -> str:
    args = ["--register", str(tmp_path / "r.sqlite"), "bulletin", str(LEDGER), "--month", "2025-05"]
    args += ["--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "out"), "--per", "leader", "--merge"]
    result = CliRunner().invoke(main_group, [*args, "--date", "2025-06-05", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def _drafts(tmp_path: Path) -> list[bool]:
    """Return, for each PDF in the folder (the 合订本 too), whether its first page carries 样稿."""
    return ["样稿" in PdfReader(pdf).pages[0].extract_text() for pdf in sorted((tmp_path / "out").glob("*.pdf"))]


def test_a_final_run_after_drafts_makes_final_pdfs_and_a_draft_run_keeps_them(tmp_path: Path) -> None:
    _run(tmp_path)
    assert _drafts(tmp_path) == [True] * 7  # six leaders and the 合订本
    final = _run(tmp_path, "--final")
    assert "（0 份未变）" in final
    assert _drafts(tmp_path) == [False] * 7
    again = _run(tmp_path)
    assert "（6 份未变）" in again
    assert _drafts(tmp_path) == [False] * 7


@needs_lo
def test_a_run_with_the_other_engine_makes_the_pdfs_again(tmp_path: Path) -> None:
    _run(tmp_path, "--final")
    assert "（0 份未变）" in _run(tmp_path, "--final", "--engine", "libreoffice")
    bulletins = (tmp_path / "out").glob("*-2025年第1期.pdf")
    assert {str((PdfReader(p).metadata or {}).get("/Producer")) for p in bulletins} == {"docgen (LibreOffice, pypdf)"}
