"""``docgen check`` on a bulletin batch's 合订本: each bookmarked bulletin checked as a document.

tests/fixtures/outsider2/DEFECTS.md item 15: judged as one document, the merged PDF failed colours.pdf
and imprint.page.pdf on every bulletin's red 报头 and its 报尾.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from pypdf import PdfReader, PdfWriter

from docgen.check.merged import bound_parts
from docgen.check.pdf_read import measure
from docgen.cli import main_group
from docgen.publish.merge import MergedPdf

LEDGER = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample ledger's 13 bulletins and their 合订本, typeset by Typst."""
    folder = tmp_path_factory.mktemp("bound")
    done = CliRunner().invoke(
        main_group,
        ["--register", str(folder / "r.sqlite"), "bulletin", str(LEDGER), "--month", "2025-05", "--letterhead",
         "zhangzi-zdxmb", "--out", str(folder / "out"), "--merge", "--engine", "typst", "--date", "2025-06-05"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return folder / "out"


def _check(*paths: Path) -> list[dict]:  # type: ignore[type-arg]
    done = CliRunner().invoke(main_group, ["check", "--json", *map(str, paths)])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.output)  # type: ignore[no-any-return]


def test_each_bulletin_of_the_merged_pdf_is_checked_as_its_own_document(batch: Path) -> None:
    merged = batch / "合订-2025年第1期.pdf"
    outline = [item.title for item in PdfReader(merged).outline]
    assert len(outline) == 13
    reports = _check(merged)
    assert [r["part"] for r in reports] == [f"第 {4 * i + 1}–{4 * i + 4} 页：{t}" for i, t in enumerate(outline)]
    for report in reports:
        assert report["file"] == str(merged)
        assert report["failed"] == 0, report
        rules = {rule["id"]: rule["status"] for rule in report["rules"]}
        assert rules["colours.pdf"] == "PASS"  # each 报头 is its own bulletin's
        assert rules["imprint.page.pdf"] == "PASS"  # each 报尾 on its bulletin's last page
    # the same findings as the bulletin's own PDF
    (alone,) = _check(batch / f"{outline[7]}-2025年第1期.pdf")
    assert [r["status"] for r in reports[7]["rules"]] == [r["status"] for r in alone["rules"]]
    text = CliRunner().invoke(main_group, ["check", str(merged)]).output
    assert f"{merged}（第 1–4 页：{outline[0]}）：符合" in text
    assert "这是 13 份文件的合订本，每份一个书签：逐份作为单独的文件检查" in text


def test_a_fault_is_reported_on_the_bulletin_that_has_it(batch: Path, tmp_path: Path) -> None:
    """Two bulletins bound together, the second with its 报尾 page bound before its third: only it fails."""
    first, second = batch / "丹朱镇-2025年第1期.pdf", batch / "鲍店镇-2025年第1期.pdf"
    cut = PdfWriter()
    pages = PdfReader(second).pages
    for page in (pages[0], pages[1], pages[3], pages[2]):
        cut.add_page(page)
    buffer = io.BytesIO()
    cut.write(buffer)
    volume = MergedPdf()
    volume.add("丹朱镇", first)
    volume.add("鲍店镇", buffer.getvalue())
    bound = tmp_path / "合订.pdf"
    bound.write_bytes(volume.finish("合订"))
    done = CliRunner().invoke(main_group, ["check", str(bound)])
    assert done.exit_code == 1
    assert re.search(rf"{re.escape(str(bound))}（第 1–4 页：丹朱镇）：符合 \d+ 项、不符合 0 项", done.output)
    assert f"{bound}（第 5–8 页：鲍店镇）：" in done.output
    failed = [r for r in _check(bound) if r["failed"]]
    assert [r["part"] for r in failed] == ["第 5–8 页：鲍店镇"]
    assert "imprint.page.pdf" in {rule["id"] for rule in failed[0]["rules"] if rule["status"] == "FAIL"}


def test_bookmarks_at_pages_without_a_red_header_leave_the_pdf_one_document(batch: Path, tmp_path: Path) -> None:
    """A document whose bookmarks are its own headings (page 2 opens with no 报头) is not a 合订本."""
    source = batch / "丹朱镇-2025年第1期.pdf"
    writer = PdfWriter(clone_from=source)
    writer.add_outline_item(title="一、总体情况", page_number=0)
    writer.add_outline_item(title="二、项目进展", page_number=1)
    marked = tmp_path / "marked.pdf"
    writer.write(marked)
    assert bound_parts(marked, measure(marked)) is None
    (report,) = _check(marked)
    assert report["part"] is None
    assert report["failed"] == 0
