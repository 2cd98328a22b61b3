"""``--engine`` and ``[pdf] engine`` as a user meets them on every command that makes PDFs (outsider
session 3a, tests/fixtures/outsider3/DEFECTS_A.md): ``minutes --pdf`` had no ``--engine`` and made
its PDF by LibreOffice whatever docgen.toml said; ``issue``, ``minutes`` and ``bulletin`` did not say
what made their PDFs; ``preview`` of a .docx under Typst did not say why LibreOffice made it; the
preview help said “through LibreOffice”.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from test_check import needs_lo

from docgen.cli import main_group

ROOT = Path(__file__).parent.parent
MINUTES = ROOT / "samples" / "minutes" / "联席会议纪要-2025-4.md"
LETTER = ROOT / "samples" / "letters" / "zhangzi-letter-land.md"


def _creator(pdf: Path) -> str:
    return str(PdfReader(pdf).metadata.get("/Creator", ""))  # type: ignore[union-attr]


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder whose docgen.toml asks for Typst, with a 纪要 and a 函 to make."""
    (tmp_path / "docgen.toml").write_text('[pdf]\nengine = "typst"\n\n[register]\npath = "登记簿.sqlite"\n')
    for source in (MINUTES, MINUTES.with_name("会议.yaml"), LETTER):
        shutil.copy(source, tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCGEN_CONFIG", raising=False)
    return tmp_path


@pytest.mark.parametrize("draft", [True, False])
def test_minutes_follows_the_config_files_engine_and_says_so(office: Path, draft: bool) -> None:
    args = ["minutes", MINUTES.name, "--pdf", "--out", "纪要", *(["--draft"] if draft else [])]
    result = CliRunner().invoke(main_group, args)
    assert result.exit_code == 0, result.output
    (pdf,) = (office / "纪要").glob("*.pdf")
    assert _creator(pdf).startswith("Typst")
    assert f"{pdf.relative_to(office)}（Typst 排版）" in result.stdout


@needs_lo
def test_minutes_engine_option_overrides_the_config_file(office: Path) -> None:
    args = ["minutes", MINUTES.name, "--pdf", "--draft", "--out", "纪要", "--engine", "libreoffice"]
    result = CliRunner().invoke(main_group, args)
    assert result.exit_code == 0, result.output
    (pdf,) = (office / "纪要").glob("*.pdf")
    assert not _creator(pdf).startswith("Typst")
    assert "（LibreOffice 排版）" in result.stdout


def test_issue_says_which_engine_made_the_pdf(office: Path) -> None:
    result = CliRunner().invoke(main_group, ["issue", LETTER.name, "--signer", "王建国", "-o", "发文"])
    assert result.exit_code == 0, result.output
    (pdf,) = (office / "发文").glob("*.pdf")
    assert _creator(pdf).startswith("Typst")
    assert f"  {pdf.relative_to(office)}（Typst 排版）" in result.stdout.splitlines()


def test_a_bulletin_run_says_which_engine_made_the_pdfs(office: Path) -> None:
    shutil.copy(ROOT / "samples" / "ranking" / "项目台账-2025-04.xlsx", office)
    args = ["bulletin", "项目台账-2025-04.xlsx", "--month", "2025-04", "--letterhead", "zhangzi-zdxmb"]
    result = CliRunner().invoke(main_group, [*args, "--out", "简报", "--pdf", "--per", "leader"])
    assert result.exit_code == 0, result.output
    assert "PDF 由 Typst 排版。" in result.output
    assert all(_creator(pdf).startswith("Typst") for pdf in (office / "简报").glob("*.pdf"))


@needs_lo
def test_a_word_document_previewed_under_typst_says_why_libreoffice_made_it(office: Path) -> None:
    done = CliRunner().invoke(
        main_group, ["issue", LETTER.name, "--signer", "王建国", "-o", "发文", "--no-pdf"]
    )
    assert done.exit_code == 0, done.output
    (docx,) = (office / "发文").glob("*.docx")
    result = CliRunner().invoke(main_group, ["preview", str(docx), "-o", "p.pdf"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    made = next(i for i, line in enumerate(lines) if "p.pdf" in line)
    assert "LibreOffice 排版" in lines[made]
    assert "给出的 Word 文档按原样由 LibreOffice 转换" in lines[made + 1]


def _help(command: str, lang: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env["LANG"] = lang
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), command, "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return " ".join(done.stdout.split())


@pytest.mark.parametrize("command", ["preview", "issue", "bulletin", "minutes"])
def test_every_command_making_pdfs_offers_the_engine_in_both_languages(command: str) -> None:
    english, chinese = _help(command, "en_US.UTF-8"), _help(command, "zh_CN.UTF-8")
    assert "--engine [libreoffice|typst]" in english
    assert "--engine [libreoffice|typst]" in chinese
    assert "config file" in english
    assert "docgen.toml" in chinese
    assert "the PDF (through LibreOffice)" not in english  # minutes --pdf said so, whatever the config said


def test_the_preview_help_names_both_engines() -> None:
    english, chinese = _help("preview", "en_US.UTF-8"), _help("preview", "zh_CN.UTF-8")
    assert "Make PDF previews through LibreOffice" not in english
    assert "Typst" in english.split("Options:")[0]
    assert "Typst" in chinese.split("选项")[0]


def test_a_typst_preview_is_not_called_converting(office: Path) -> None:
    result = CliRunner().invoke(main_group, ["preview", LETTER.name, "-o", "p.pdf"])
    assert result.exit_code == 0, result.output
    assert "正在排版" in result.stderr
    assert "正在转换" not in result.stderr
    assert "Typst 排版" in result.stdout


def test_the_workers_help_says_what_they_do_under_typst() -> None:
    assert "with --engine typst, the PDFs" in _help("bulletin", "en_US.UTF-8")
    assert "Typst compiles on every core" in _help("preview", "en_US.UTF-8")
