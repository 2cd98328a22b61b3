"""The default PDF engine rule (README, 默认引擎): a PDF that is the document itself (简报, distributed
as PDF) is typeset by Typst; a PDF previewing a .docx that Word/WPS will print is made by LibreOffice
from it. ``--engine`` beats ``[pdf] engine`` of docgen.toml, which beats the command's own default.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from test_check import needs_lo

from docgen.cli import main_group
from docgen.config import Settings, resolve_settings

ROOT = Path(__file__).parent.parent
LEDGER = ROOT / "samples" / "ranking" / "项目台账-2025-04.xlsx"
MINUTES = ROOT / "samples" / "minutes" / "联席会议纪要-2025-4.md"


def _producer(pdf: Path) -> str:
    return str(PdfReader(pdf).metadata.get("/Producer", ""))  # type: ignore[union-attr]


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with no docgen.toml and no user config: every command on its own default."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCGEN_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    monkeypatch.setenv("DOCGEN_REGISTER", str(tmp_path / "登记簿.sqlite"))
    assert resolve_settings(environ={"XDG_CONFIG_HOME": str(tmp_path / "no-config")}, cwd=tmp_path).engine is None
    return tmp_path


@pytest.mark.parametrize(
    ("asked", "configured", "distributed", "used"),
    [
        (None, None, True, "typst"),  # 简报: the PDF is the document
        (None, None, False, "libreoffice"),  # a .docx to be printed from Word/WPS: its LibreOffice PDF
        (None, "libreoffice", True, "libreoffice"),  # docgen.toml beats the command's default
        (None, "typst", False, "typst"),
        ("libreoffice", "typst", True, "libreoffice"),  # --engine beats docgen.toml
        ("typst", "libreoffice", False, "typst"),
    ],
)
def test_engine_precedence(asked: str | None, configured: str | None, distributed: bool, used: str) -> None:
    assert Settings(engine=configured).pdf_engine(asked, distributed=distributed) == used


def test_a_config_file_without_an_engine_leaves_each_command_its_default(tmp_path: Path) -> None:
    (tmp_path / "docgen.toml").write_text('[register]\npath = "登记簿.sqlite"\n', encoding="utf-8")
    settings = resolve_settings(environ={"XDG_CONFIG_HOME": str(tmp_path / "no-config")}, cwd=tmp_path)
    assert (settings.pdf_engine(None, distributed=True), settings.pdf_engine(None)) == ("typst", "libreoffice")


def test_bulletins_are_typeset_by_typst_unless_told(office: Path) -> None:
    shutil.copy(LEDGER, office)
    args = ["bulletin", LEDGER.name, "--month", "2025-04", "--letterhead", "zhangzi-zdxmb", "--date", "2025-05-06"]
    result = CliRunner().invoke(main_group, [*args, "--out", "简报", "--merge", "--per", "leader"])
    assert result.exit_code == 0, result.output
    assert "PDF 由 Typst 排版。" in result.output
    pdfs = sorted((office / "简报").glob("*.pdf"))
    assert len(pdfs) == 7  # six leaders' bulletins and the 合订本
    assert all(_producer(pdf) == "docgen (Typst)" for pdf in pdfs if not pdf.name.startswith("合订"))


@needs_lo
def test_a_document_printed_from_its_docx_gets_its_pdf_from_libreoffice_unless_told(office: Path) -> None:
    for source in (MINUTES, MINUTES.with_name("会议.yaml")):
        shutil.copy(source, office)
    result = CliRunner().invoke(main_group, ["minutes", MINUTES.name, "--pdf", "--draft", "--out", "纪要"])
    assert result.exit_code == 0, result.output
    (pdf,) = (office / "纪要").glob("*.pdf")
    assert "（LibreOffice 排版）" in result.stdout
    assert "LibreOffice" in _producer(pdf)
