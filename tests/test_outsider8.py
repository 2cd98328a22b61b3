"""Outsider session 8: 公文 nobody here wrote — saved by LibreOffice Writer from a hand-written .fodt,
written the way WPS writes a .docx, compiled by a Typst template — going into `docgen check`.
Inputs come from the generator scripts in tests/fixtures/outsider8/ (real soffice, real Typst); every
check is a real `python -m docgen check --json` of this checkout.  The xfail tests fail today for the
reason in tests/fixtures/outsider8/DEFECTS.md; the plain tests pin what is right."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "outsider8"
sys.path.insert(0, str(FIXTURES))

import make_fodt  # noqa: E402
import make_wps  # noqa: E402


def check(path: Path, *options: str) -> dict[str, Any]:
    """`docgen check --json` of this checkout on one file: its single result."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "check", str(path), "--json", *options],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    assert len(results) == 1
    return results[0]


def rule(result: dict[str, Any], rule_id: str) -> dict[str, Any]:
    """One rule's entry of a check result."""
    return next(r for r in result["rules"] if r["id"] == rule_id)


def failed(result: dict[str, Any]) -> list[str]:
    """The ids of the rules that failed."""
    return [r["id"] for r in result["rules"] if r["status"] == "FAIL"]


def lo_variant(tmp: Path, name: str, fmt: str) -> Path:
    """One make_fodt variant as .fodt converted by LibreOffice to `fmt`."""
    fodt = tmp / f"{name}.fodt"
    fodt.write_text(make_fodt.build(make_fodt.VARIANTS[name]), encoding="utf-8")
    make_fodt.convert(fodt, fmt)
    return tmp / f"{name}.{fmt}"


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("outsider8")


def test_libreoffice_notices_pass_on_their_pdf(tmp: Path) -> None:
    """A 2-page notice, a 上行文 (two 签发人, 印发 only, 附注), a three-office 联合行文 and a notice
    whose 附件 starts on page 2 that LibreOffice laid out to the standard pass every measured rule."""
    names = ("lo-notice", "lo-request", "lo-joint", "lo-attach-even")
    for name in names:
        (tmp / f"{name}.fodt").write_text(make_fodt.build(make_fodt.VARIANTS[name]), encoding="utf-8")
    make_fodt.convert(tmp / f"{names[0]}.fodt", "pdf", *(tmp / f"{name}.fodt" for name in names[1:]))
    for name in names:
        result = check(tmp / f"{name}.pdf")
        assert failed(result) == [], (name, failed(result))
        assert rule(result, "page_numbers.position.pdf")["status"] == "PASS"
        assert rule(result, "imprint.position.pdf")["status"] == "PASS"


def test_page_numbers_in_a_text_box_or_an_outside_frame(tmp: Path) -> None:
    """WPS's two ways: “— PAGE —” (宋体 14 pt) in a text box placed at the right/left margin, or one
    footer whose number is in a frame with w:xAlign="outside".  check reads the footer's anchor
    paragraph (9 pt, 仿宋, left) for the box and the paragraph's jc (left) for the frame."""
    boxes = check(make_wps.build_boxes(tmp), "--no-render")
    assert "9.0" not in rule(boxes, "page_numbers.format")["measured"], rule(boxes, "page_numbers.format")
    frame = check(make_wps.build(tmp, fill=4, grid="lines", name="wps-lines"), "--no-render")
    assert rule(frame, "page_numbers.format")["status"] == "PASS", rule(frame, "page_numbers.format")


def test_character_grid_does_not_shrink_the_rules(tmp: Path) -> None:
    """docGrid linesAndChars (WPS's default): LibreOffice narrows and centres the type area
    (153.4 mm); check blames the document's 156 mm red rule and 版记 rules for it."""
    docx = make_wps.build(tmp, fill=4, grid="linesAndChars", name="wps-grid")
    result = check(docx)
    assert rule(result, "grid.chars.pdf")["status"] == "NOT APPLICABLE"  # already so today
    assert rule(result, "rule.position.pdf")["status"] != "FAIL", rule(result, "rule.position.pdf")
    assert rule(result, "imprint.position.pdf")["status"] != "FAIL", rule(result, "imprint.position.pdf")


def test_compressed_opening_bracket_is_inside_the_type_area(tmp: Path) -> None:
    """Typst sets a line-initial “（” half-width: its box starts at 25.2 mm, its ink at 28.8 mm."""
    # in a child process: Typst's threads left in this one hung later forked bulletin workers
    subprocess.run([sys.executable, str(FIXTURES / "make_typst.py"), str(tmp)], check=True, timeout=300)
    result = check(tmp / "typst-notice.pdf")
    assert rule(result, "page.margins.pdf")["status"] == "PASS", rule(result, "page.margins.pdf")


def test_pdf_first_line_indent_of_two_and_a_half_zi_is_found(tmp: Path) -> None:
    """The .docx check reports “首行缩进 2.5 字”; the PDF of the same document passes everything."""
    docx = check(lo_variant(tmp, "lo-notice-faults", "docx"), "--no-render")
    assert "2.5" in rule(docx, "body.format")["measured"]  # the .docx side sees it today
    result = check(lo_variant(tmp, "lo-notice-faults", "pdf"))
    assert any(r.startswith("body") for r in failed(result)), failed(result)


def test_pdf_imprint_line_at_16pt_is_found(tmp: Path) -> None:
    """The 印发 line between the 版记 rules is 16 pt; body.size.pdf says 14.0/16.0 pt “符合”."""
    result = check(lo_variant(tmp, "lo-notice-faults", "pdf"))
    bad = [r for r in result["rules"] if r["status"] == "FAIL" and r["id"] in ("body.size.pdf", "imprint.position.pdf")]
    assert bad, rule(result, "body.size.pdf")


def test_declared_no_hanging_is_not_blamed_for_libreoffice(tmp: Path) -> None:
    """LibreOffice saved w:overflowPunct w:val="false" in docDefaults; opened again it hangs “，”
    at 189.7 mm anyway, and check fails the .docx for LibreOffice's reading of it."""
    docx = lo_variant(tmp, "lo-notice", "docx")
    result = check(docx)
    assert rule(result, "grid.hanging.pdf")["status"] != "FAIL", rule(result, "grid.hanging.pdf")
