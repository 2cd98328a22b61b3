"""Monthly bulletins: one per unit, 期号 from the register, PDFs, merged PDF with bookmarks, manifest, resumption."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import MINIMAL_FRONT, ROOT
from helpers import interrupt_when_pool_runs
from pypdf import PdfReader

from docgen import bulletin_workers as bulletins_module
from docgen.bulletin_manifest import JOURNAL, load_manifest
from docgen.bulletins import CHUNK, BulletinReport, Entry, make_bulletins, merge_pdfs
from docgen.check.docx_read import load
from docgen.check.rules import Status
from docgen.check.run import check_files
from docgen.compose.bulletin import reported_problem
from docgen.convert.oneshot import soffice_path
from docgen.convert.pool import system_python
from docgen.errors import DocgenError
from docgen.preview import preview
from docgen.publish.guard import read_record
from docgen.publish.pipeline import Engine
from docgen.register import Register, sha256_file
from docgen.run_resources import RunResources

LEDGER = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
MAY_DATE = dt.date(2025, 6, 5)  # the 成文日期 of the May bulletins: its year is the 期号's year
needs_lo = pytest.mark.skipif(
    soffice_path() is None or system_python() is None, reason="LibreOffice is not installed"
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BulletinReport]:
    folder = tmp_path_factory.mktemp("bulletins")
    if soffice_path() is None or system_python() is None:
        pytest.skip("LibreOffice is not installed")
    with Register.open(folder / "r.sqlite") as reg:
        report = make_bulletins(
            LEDGER,
            "2025-05",
            "zhangzi-zdxmb",
            folder / "out",
            RunResources(),
            reg,
            date=MAY_DATE,
            pdf=True,
            merge=True,
            workers=2,
            engine=Engine.LIBREOFFICE,  # this file tests the LibreOffice path; test_typst_bulletins the default
        )
    return folder, report


def test_every_unit_gets_a_bulletin_and_the_merged_pdf_has_a_bookmark_each(
    run: tuple[Path, BulletinReport],
) -> None:
    folder, report = run
    units = {e.subject for e in report.entries}
    assert len(units) == 13
    assert not report.failed
    assert report.merged is not None
    merged = PdfReader(report.merged)
    outline = [(item.title, merged.get_destination_page_number(item)) for item in merged.outline]
    assert [title for title, _page in outline] == [e.subject for e in report.entries]
    page = 0
    for (title, start), entry in zip(outline, report.entries, strict=True):
        assert start == page, title  # printing order: each bulletin starts where the previous ended
        first = merged.pages[start].extract_text().replace(" ", "")
        assert f"{entry.subject}重点项目建设情况" in first
        page += entry.pages
    assert len(merged.pages) == page


def test_manifest_lists_every_output_with_hashes(run: tuple[Path, BulletinReport]) -> None:
    folder, report = run
    out = folder / "out"
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert data["issue"] == "2025年第1期"
    assert len(data["bulletins"]) == 13
    for item in data["bulletins"]:
        assert item["status"] == "ok"
        assert sha256_file(out / item["docx"]) == item["docx_sha256"]
        assert sha256_file(out / item["pdf"]) == item["pdf_sha256"]
        assert PdfReader(out / item["pdf"]).get_num_pages() == item["pages"]
        assert item["pages"] % 2 == 0
    csv_text = (out / "manifest.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].startswith("subject,docx,status")
    assert len(csv_text.splitlines()) == 14


def test_bulletins_pass_the_check_as_their_own_format(run: tuple[Path, BulletinReport]) -> None:
    folder, report = run
    paths = [folder / "out" / e.docx for e in report.entries[:3]]
    for checked in check_files(paths, render=False):
        assert not checked.general_format
        assert not [f.rule.id for f in checked.findings if f.status is Status.FAIL]


def test_every_bulletin_passes_the_corpus_measures(run: tuple[Path, BulletinReport]) -> None:
    """Issue 14 Done-when: all sample bulletins (LibreOffice) pass the notice corpus's checks — docgen
    check's measured rules, tables 156 mm wide, no Chinese→digit gap of 0.5 pt or more.  Two of them
    (现代农业产业示范区, 长子经济技术开发区) set 「年度计划投资|67.30」 0.88 pt apart on a line holding
    「1—5月」, whose spacing the layout left to LibreOffice's justification (estimate_spacing)."""
    from test_corpus import measure_notice

    folder, report = run
    for entry in report.entries:
        measured = measure_notice(entry.subject, str(folder / "out" / entry.pdf), True)
        assert measured.tables, entry.subject
        assert measured.gaps, entry.subject
        assert not measured.defects, (entry.subject, measured.defects)


def _june(folder: Path) -> Path:
    """Return a copy of the May ledger as June's: its month sheet renamed (a May sheet is not read for June)."""
    book = openpyxl.load_workbook(LEDGER)
    for sheet in book.worksheets:
        if sheet.title == "2025年5月":
            sheet.title = "2025年6月"
    path = folder / "项目台账-2025-06.xlsx"
    book.save(path)
    return path


def test_the_issue_number_is_shared_kept_and_counts_on(tmp_path: Path) -> None:
    with Register.open(tmp_path / "r.sqlite") as reg:
        may = make_bulletins(
            LEDGER, "2025-05", "zhangzi-zdxmb", tmp_path / "a", RunResources(), reg, date=MAY_DATE
        )
        again = make_bulletins(
            LEDGER, "2025-05", "zhangzi-zdxmb", tmp_path / "a", RunResources(), reg, date=MAY_DATE
        )
        june = make_bulletins(
            _june(tmp_path), "2025-06", "zhangzi-zdxmb", tmp_path / "c", RunResources(), reg, date=MAY_DATE
        )
    assert (may.issue, again.issue, june.issue) == ("2025年第1期", "2025年第1期", "2025年第2期")
    docx = load((tmp_path / "a" / may.entries[0].docx).read_bytes())
    assert "第1期" in [p.text for p in docx.paragraphs]


def test_a_rerun_skips_unchanged_bulletins(tmp_path: Path) -> None:
    with Register.open(tmp_path / "r.sqlite") as reg:
        first = make_bulletins(LEDGER, "2025-05", "zhangzi-zdxmb", tmp_path / "out", RunResources(), reg)
        changed = tmp_path / "out" / first.entries[0].docx
        changed.write_bytes(b"changed by hand")
        second = make_bulletins(LEDGER, "2025-05", "zhangzi-zdxmb", tmp_path / "out", RunResources(), reg)
        assert second.skipped == len(first.entries) - 1
        assert changed.read_bytes() == b"changed by hand"  # a file changed since docgen wrote it is kept
        assert [e.subject for e in second.failed] == [first.entries[0].subject]
        assert "--overwrite" in (second.failed[0].error or "")
        third = make_bulletins(
            LEDGER, "2025-05", "zhangzi-zdxmb", tmp_path / "out", RunResources(), reg, overwrite=True
        )
    assert third.skipped == len(first.entries) - 1
    assert sha256_file(changed) == first.entries[0].docx_sha256


def test_one_failing_unit_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = bulletins_module.bulletin

    def failing(env, subject, *args, **kwargs):  # type: ignore[no-untyped-def]
        if subject == "丹朱镇":
            raise DocgenError("模板中的字段缺失")
        return real(env, subject, *args, **kwargs)

    monkeypatch.setattr(bulletins_module, "bulletin", failing)
    # the patch reaches the workers only if they fork; after Typst ran in this process (an earlier
    # test) they are spawned, but only when they typeset (not here)
    monkeypatch.setattr(
        bulletins_module, "_pool_context", lambda *_: multiprocessing.get_context("fork")
    )
    with Register.open(tmp_path / "r.sqlite") as reg:
        report = make_bulletins(
            LEDGER, "2025-05", "zhangzi-zdxmb", tmp_path / "out", RunResources(), reg, workers=2
        )
    assert [e.subject for e in report.failed] == ["丹朱镇"]
    assert report.failed[0].error == "模板中的字段缺失"
    assert len([e for e in report.entries if e.status == "ok"]) == 12
    assert not (tmp_path / "out" / report.failed[0].docx).exists()


def _bulletin_process(tmp_path: Path, fault: str | None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, DOCGEN_REGISTER=str(tmp_path / "r.sqlite"))
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "kill_at.py"),
            fault or "-",
            "bulletin",
            str(LEDGER),
            "--month",
            "2025-05",
            "--letterhead",
            "zhangzi-zdxmb",
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "1",
        ],
        env=env,
        capture_output=True,
        timeout=300,
    )


def test_resumption_after_a_crash(tmp_path: Path) -> None:
    """Killed after the 4th bulletin: the bulletins written so far (the first chunk, in one write)
    are in the journal, not yet in a manifest; the re-run keeps them and makes the rest."""
    crashed = _bulletin_process(tmp_path, "bulletin-4")
    assert crashed.returncode == -signal.SIGKILL
    out = tmp_path / "out"
    assert not (out / "manifest.json").exists()
    assert (out / JOURNAL).is_file()
    done = load_manifest(out)
    assert len(done) == CHUNK
    for entry in done.values():  # each journaled bulletin is on disk, whole, as the folder record says
        assert sha256_file(out / entry.docx) == entry.docx_sha256
        assert read_record(out)["files"][entry.docx]["sha256"] == entry.docx_sha256
    assert not list(out.glob("*.part"))
    resumed = _bulletin_process(tmp_path, None)
    assert resumed.returncode == 0, resumed.stderr.decode()
    said = resumed.stdout.decode() + resumed.stderr.decode()
    assert f"13 份简报已就绪（{CHUNK} 份未变），0 份失败" in said
    assert not (out / JOURNAL).exists()  # in the manifest now
    final = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["bulletins"]
    assert len(final) == 13
    assert {e["status"] for e in final} == {"ok"}


@needs_lo
def test_merging_keeps_the_bookmark_of_a_one_page_pdf(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    one = write_notice(MINIMAL_FRONT + "双面印刷: false\n", name="one.md")
    two = write_notice(MINIMAL_FRONT, name="two.md")
    made = preview([(one, tmp_path / "one.pdf"), (two, tmp_path / "two.pdf")], RunResources())
    pages = {r.pdf.name: r.pages for r in made.results}
    assert pages["one.pdf"] == 1
    report = BulletinReport(
        issue="2025年第9期",
        entries=[
            Entry("甲", "one.docx", "ok", "", pdf="one.pdf", pages=1),
            Entry("乙", "two.docx", "ok", "", pdf="two.pdf", pages=pages["two.pdf"]),
            Entry("丙", "one.docx", "ok", "", pdf="one.pdf", pages=1),
        ],
    )
    merged = PdfReader(merge_pdfs(tmp_path, report))
    assert [(i.title, merged.get_destination_page_number(i)) for i in merged.outline] == [
        ("甲", 0),
        ("乙", 1),
        ("丙", 1 + pages["two.pdf"]),
    ]


@needs_lo
def test_ctrl_c_leaves_no_half_written_file_and_no_libreoffice(tmp_path: Path) -> None:
    env = dict(os.environ, DOCGEN_REGISTER=str(tmp_path / "r.sqlite"))
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "cli.py"),
            "bulletin",
            str(LEDGER),
            "--month",
            "2025-05",
            "--letterhead",
            "zhangzi-zdxmb",
            "--out",
            str(tmp_path / "out"),
            "--pdf",
            "--engine",
            "libreoffice",  # the LibreOffice pool under Ctrl-C (Typst is the bulletins' default)
            "--workers",
            "2",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    interrupt_when_pool_runs(process, wait=120)
    assert not list((tmp_path / "out").glob(".*.part"))


def test_bulletins_per_leader(tmp_path: Path) -> None:
    with Register.open(tmp_path / "r.sqlite") as reg:
        report = make_bulletins(
            LEDGER, "2025-05", "zhangzi-zdxmb", tmp_path / "out", RunResources(), reg, per="leader"
        )
    leaders = {e.subject for e in report.entries}
    assert leaders == {"王志强", "赵建华", "刘海波", "陈国栋", "杨振华", "黄卫东"}
    text = "\n".join(
        p.text for p in load((tmp_path / "out" / report.entries[0].docx).read_bytes()).paragraphs
    )
    assert f"{report.entries[0].subject}重点项目建设情况（2025年1—5月）" in text


@pytest.mark.parametrize(
    ("written", "reported"),
    [
        ("无", False),
        ("暂无", False),
        ("无问题", False),
        ("没有", False),
        (" 暂无问题。", False),
        ("／", False),
        (None, False),
        ("无法按期开工", True),
        ("没有落实建设用地", True),
        ("资金缺口较大", True),
    ],
)
def test_a_problem_written_as_none_is_no_problem(written: str | None, reported: bool) -> None:
    """存在问题 “无/暂无/无问题/没有” is as blank; “无法按期开工” is a problem."""
    assert reported_problem(written) is reported
