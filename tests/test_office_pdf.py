"""A PDF checked alone knows its 版头 is the office's own (issue 19 c; tests/fixtures/outsider gap).

The .docx marks the copied office 版头 with a hidden bookmark; LibreOffice 7.4's default PDF export
keeps neither that bookmark (only with ExportBookmarksToPDFDestination) nor custom document
properties (measured), so docgen's publish step writes an entry of the PDF's document information
after conversion, and ``check`` on the PDF reads it: the office header's departures are warnings
there too, as on the .docx.  Before: mark.position.pdf and rule.position.pdf failed on the PDF alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import MINIMAL_FRONT, ROOT

from docgen.check.rules import Status
from docgen.check.run import check_files
from docgen.cli import main_group

OFFICE = ROOT / "samples" / "office"


def _cli(*args: str, register: Path) -> Result:
    return CliRunner().invoke(
        main_group, ["--letterheads", str(OFFICE / "版头"), "--register", str(register), *args]
    )


def test_a_pdf_of_a_notice_with_the_offices_header_is_checked_as_its_docx(tmp_path: Path) -> None:
    folder = tmp_path / "稿"
    folder.mkdir()
    shutil.copy(OFFICE / "通知.md", folder / "通知.md")
    register = tmp_path / "r.sqlite"
    rendered = _cli("render", str(folder / "通知.md"), "-o", str(folder / "本单位.docx"), register=register)
    assert rendered.exit_code == 0, rendered.output
    (folder / "自己的版头.md").write_text(f"---{MINIMAL_FRONT}---\n正文一段。\n", encoding="utf-8")
    out = tmp_path / "pdf"
    made = _cli("preview", str(folder), "-o", str(out), "--workers", "1", register=register)
    assert made.exit_code == 0, made.output
    # from the source (laid out with the office's 版头) and from its .docx taken as it is
    for name in ("通知.pdf", "本单位.pdf"):
        pdf = out / name
        [report] = check_files([pdf])
        assert report.office_header, name
        assert not report.failed, [(f.rule.id, f.measured) for f in report.failed]
        position = next(f for f in report.findings if f.rule.id == "mark.position.pdf")
        assert position.status is Status.NOT_APPLICABLE  # 81.4 mm, not 72: the office's, a warning
        assert any("7.2.4" in note and "警告" in note for note in report.notes), report.notes
        checked = CliRunner().invoke(main_group, ["check", str(pdf)])
        assert checked.exit_code == 0, checked.output
        assert "本单位版头不合标准（警告）" in checked.output
    # a notice under docgen's own 版头 says nothing of the kind: its 版头 is judged by the rules
    [own] = check_files([out / "自己的版头.pdf"])
    assert not own.office_header
    assert not own.failed, [(f.rule.id, f.measured) for f in own.failed]
