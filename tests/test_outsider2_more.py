"""More of a second clerk's defects (tests/fixtures/outsider2/DEFECTS.md items 5–8, 13, 14), each
reproduced with the real thing: real .xlsx ledgers, the register's SQLite, the CLI as typed."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from conftest import ROOT

from docgen.cli import main_group

INPUTS = ROOT / "tests" / "fixtures" / "outsider2"


def _cli(*args: str, register: Path) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _errors(done: Result) -> list[str]:
    return [line for line in done.output.splitlines() if line.startswith("错误")]


def test_a_pdf_given_to_preview_is_told_how_a_pdf_is_checked(tmp_path: Path) -> None:
    """`docgen preview 通报.pdf` said “通报.pdf 是本命令的输入文件，不会被覆盖”."""
    pdf = tmp_path / "通报.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    done = _cli("preview", str(pdf), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert _errors(done) == [
        f"错误：{pdf}：只能预览通知源文件（.md）或 Word 文档（.docx），不能预览 PDF；检查 PDF 请用：docgen check {pdf}"
    ]
    assert pdf.read_bytes() == b"%PDF-1.7\n%%EOF\n"


def test_preview_into_a_folder_it_cannot_write_says_so_once(tmp_path: Path) -> None:
    """`preview mix/ -o ro/` gave one error per source, “mix/函.md: 无法写入 …” (half-width “: ”)."""
    mix = tmp_path / "mix"
    mix.mkdir()
    for name in ("函.md", "令.md", "纪要.md"):
        (mix / name).write_bytes((INPUTS / name).read_bytes())
    (tmp_path / "not-a-folder").write_text("x")
    out = tmp_path / "not-a-folder" / "ro"
    done = _cli("preview", str(mix), "-o", str(out), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert _errors(done) == [f"错误：无法写入 {out}：路径中的某一级不是文件夹"]
