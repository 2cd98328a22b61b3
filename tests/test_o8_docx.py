"""Outsider session 8 #1, #6, #8 on the generators' real files (tests/fixtures/outsider8): page numbers
in a WPS text box or an “outside” frame judged where they are, a declared “no hanging punctuation” not
blamed for LibreOffice's inverted reading of it, and `format` of a three-office 联合行文 draft."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from docgen.check.rules import Finding
from docgen.check.run import check_files
from docgen.draft.run import format_draft
from docgen.remarks import RemarkKind
from docgen.run_resources import RunResources

FIXTURES = ROOT / "tests" / "fixtures" / "outsider8"
sys.path.insert(0, str(FIXTURES))

import make_fodt  # noqa: E402
import make_wps  # noqa: E402


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("o8docx")


@pytest.fixture(scope="module")
def lo_notice(tmp: Path) -> Path:
    """lo-notice.docx as LibreOffice saved it from the hand-written .fodt (w:overflowPunct false)."""
    fodt = tmp / "lo-notice.fodt"
    fodt.write_text(make_fodt.build(make_fodt.VARIANTS["lo-notice"]), encoding="utf-8")
    make_fodt.convert(fodt, "docx")
    return tmp / "lo-notice.docx"


def edited(source: Path, target: Path, part: str, old: str, new: str, *more: tuple[str, str, str]) -> Path:
    """Write ``source`` to ``target`` with ``old`` replaced by ``new`` in ``part`` (all of them), and
    so for each further (part, old, new)."""
    edits = [(part, old, new), *more]
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            for name, before, after in edits:
                if item.filename == name:
                    text = data.decode("utf-8")
                    assert before in text, (name, before)
                    data = text.replace(before, after).encode("utf-8")
            dst.writestr(item, data)
    return target


def finding(path: Path, rule_id: str, **options: Any) -> Finding:
    """One rule's finding of check on ``path``."""
    (report,) = check_files([path], **options)
    return next(f for f in report.findings if f.rule.id == rule_id)


def test_a_number_in_a_text_box_is_read_in_the_box(tmp: Path) -> None:
    """WPS's text boxes at the right / left margin holding “— PAGE —” 宋体 14 pt: the box's paragraph
    and position are read, not the anchor paragraph (Footer style, 9 pt 仿宋, left)."""
    boxes = make_wps.build_boxes(tmp)
    right = finding(boxes, "page_numbers.format", render=False)
    assert right.status == "PASS", right.measured
    left = edited(boxes, tmp / "box-left.docx", "word/footer1.xml", "<wp:align>right</wp:align>", "<wp:align>left</wp:align>")
    wrong_side = finding(left, "page_numbers.format", render=False)
    assert wrong_side.status == "FAIL"
    assert "单页对齐方式为 left（文本框）" in wrong_side.measured
    small = edited(boxes, tmp / "box-9pt.docx", "word/footer2.xml", '<w:sz w:val="28"/>', '<w:sz w:val="18"/>')
    nine = finding(small, "page_numbers.format", render=False)
    assert nine.status == "FAIL"
    assert re.search(r"双页：\{'宋体'\} \{9\.0\} pt", nine.measured), nine.measured


def test_one_footer_with_an_outside_frame_serves_odd_and_even_pages(tmp: Path) -> None:
    """ST_XAlign “outside” is the right on odd pages and the left on even ones: one footer is enough;
    “inside” and “right” in one footer are not."""
    frame = make_wps.build(tmp, fill=4, grid="lines", name="wps-frame")
    outside = finding(frame, "page_numbers.format", render=False)
    assert outside.status == "PASS", outside.measured
    inside = edited(frame, tmp / "frame-inside.docx", "word/footer1.xml", 'w:xAlign="outside"', 'w:xAlign="inside"')
    found = finding(inside, "page_numbers.format", render=False)
    assert found.status == "FAIL"
    assert "单页对齐方式为 inside（图文框）" in found.measured
    right = edited(frame, tmp / "frame-right.docx", "word/footer1.xml", 'w:xAlign="outside"', 'w:xAlign="right"')
    shared = finding(right, "page_numbers.format", render=False)
    assert shared.status == "FAIL"
    assert shared.measured == "单双页使用同一页脚"
    placed = edited(frame, tmp / "frame-x.docx", "word/footer1.xml", 'w:xAlign="outside"', 'w:x="8000" w:w="800"')
    by_offset = finding(placed, "page_numbers.format", render=False)  # 28 + 148 mm: the right
    assert by_offset.measured == "单双页使用同一页脚"
    odd = edited(frame, tmp / "frame-odd.docx", "word/footer1.xml", 'w:xAlign="outside"', 'w:x="12pt" w:w="abc"')
    assert "单页对齐方式为 left（图文框）" in finding(odd, "page_numbers.format", render=False).measured


def test_libreoffice_lays_an_outside_frame_left_and_check_says_so(tmp: Path, pool: Any) -> None:
    """LibreOffice prints the outside frame's “— 1 —” at the left (x 33.0–46.7 mm), and a text box aligned
    outside too (x 36.1–49.9 mm): the rendered rule fails as printed, and says the declaration is right
    and the reading LibreOffice's."""
    frame = make_wps.build(tmp, fill=4, grid="lines", name="wps-frame-lo")
    boxes = make_wps.build_boxes(tmp)
    outside = edited(  # one footer, its box aligned outside the margin
        boxes,
        tmp / "box-outside.docx",
        "word/footer1.xml",
        "<wp:align>right</wp:align>",
        "<wp:align>outside</wp:align>",
        ("word/settings.xml", "<w:evenAndOddHeaders/>", ""),
        ("word/document.xml", '<w:footerReference w:type="even" r:id="rIdFoot2"/>', ""),
    )
    pdfs = {path: tmp / f"{path.stem}-rendered.pdf" for path in (frame, boxes, outside)}
    outcomes = pool.convert(list(pdfs.items()))
    assert all(outcome.error is None for outcome in outcomes)
    position = finding(frame, "page_numbers.position.pdf", rendered=pdfs)
    assert position.status == "FAIL"
    assert re.search(r"第 1 页右端在 x 4\d\.\d mm", position.measured), position.measured
    assert "LibreOffice 不照此排：每页都排在左侧" in position.measured
    assert finding(outside, "page_numbers.format", rendered=pdfs).status == "PASS"
    in_box = finding(outside, "page_numbers.position.pdf", rendered=pdfs)
    assert re.search(r"第 1 页右端在 x 4\d\.\d mm", in_box.measured), in_box.measured
    assert "“外侧”对齐的文本框里（wp:positionH align=\"outside\"" in in_box.measured
    box = finding(boxes, "page_numbers.position.pdf", rendered=pdfs)  # the box is 3 mm short of 一字: its own fault
    assert box.status == "FAIL"
    assert "LibreOffice" not in box.measured


def test_declared_no_hanging_is_judged_by_the_declaration(tmp: Path, lo_notice: Path, pool: Any) -> None:
    """lo-notice.docx declares w:overflowPunct false; LibreOffice hangs “，” at 189.7 mm anyway.
    The same file declaring nothing hangs the same and still fails."""
    undeclared = edited(lo_notice, tmp / "lo-undeclared.docx", "word/styles.xml", '<w:overflowPunct w:val="false"/>', "")
    pdfs = {path: tmp / f"{path.stem}.pdf" for path in (lo_notice, undeclared)}
    assert all(outcome.error is None for outcome in pool.convert(list(pdfs.items())))
    declared = finding(lo_notice, "grid.hanging.pdf", rendered=pdfs)
    assert declared.status == "PASS"
    assert "LibreOffice 把该值读反，让标点悬挂：第 1 页第 5 行 「，」 189.7 mm" in declared.measured
    plain = finding(undeclared, "grid.hanging.pdf", rendered=pdfs)
    assert plain.status == "FAIL"
    assert plain.measured.startswith("第 1 页第 5 行 「，」 189.7 mm")


def test_a_joint_draft_keeps_its_offices_and_says_where_the_pages_come_from(tmp: Path) -> None:
    """lo-joint.docx types three offices, “文件” after the last: nothing is replaced (no 说明 saying
    so), “文件” is the mark's; laid out, the 版记 goes after a blank page and one 说明 says so."""
    fodt = tmp / "lo-joint.fodt"
    fodt.write_text(make_fodt.build(make_fodt.VARIANTS["lo-joint"]), encoding="utf-8")
    make_fodt.convert(fodt, "docx")
    draft = tmp / "lo-joint.docx"
    dry = format_draft(draft, RunResources(), dry_run=True)
    assert dry.document is not None
    assert dry.document.header.organs == ("灵宝市发展和改革局", "灵宝市财政局", "灵宝市自然资源局")
    assert dry.document.header.with_wenjian
    assert not [n.text for n in dry.notes if "已换成" in n.text]
    result = format_draft(draft, RunResources(), output=tmp / "joint.docx")
    notes = [n for n in result.notes if "版记须在偶数页" in n.text]
    assert result.pages == 4
    assert [(n.kind, n.text) for n in notes] == [
        (RemarkKind.NOTE, "版记须在偶数页（一张纸的背面，7.5）：第 3 页留空，版记单独排在第 4 页")
    ]
