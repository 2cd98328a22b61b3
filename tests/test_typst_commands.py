"""``supervise``, ``rank`` and ``progress`` with ``--pdf --engine typst``: the command lines run with
``soffice`` off the PATH; every PDF passes ``docgen check`` (with its .docx) and holds the .docx's
text character for character; a re-run keeps the PDF recorded under the number (LibreOffice's
differs from run to run, and the 通报 is never written over).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT
from docx import Document as read_docx
from helpers import no_soffice_path

from docgen.check.pdf_read import measure
from docgen.check.rules import Status
from docgen.check.run import check_files
from docgen.convert.oneshot import soffice_path

SUPERVISION = ROOT / "samples" / "supervision" / "督办台账.xlsx"
RANKING = ROOT / "samples" / "ranking"
PROGRESS = ROOT / "samples" / "progress"
ITEM = "DB-2024-002"  # open, and overdue by AS_OF: its notice, its 催办 and the 督查通报
AS_OF = "2025-10-20"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# every column of the ranking: the table is wider than the type area and goes to landscape pages (ch. 8)
WIDE = "columns: [count, total, annual_plan, completed, completion_rate, gap_pp, start_rate, approvals_rate, big_projects]"


def _run(tmp_path: Path, *args: str | Path, path: str | None = None) -> subprocess.CompletedProcess[str]:
    """Return the finished ``docgen ARGS`` (this tree, the register in tmp_path), PATH set to ``path``."""
    command = [sys.executable, str(ROOT / "cli.py"), "--register", str(tmp_path / "r.sqlite"), *map(str, args)]
    env = dict(os.environ, LANG="zh_CN.UTF-8", LANGUAGE="")
    if path is not None:
        env["PATH"] = path
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def _plain(text: str) -> str:
    return re.sub(r"[\s\u200b\u2060]", "", text)


def _docx_text(docx: Path) -> tuple[Counter[str], set[str]]:
    """Return the characters of a .docx's body, and those of its tables' repeated header rows."""
    body = read_docx(str(docx)).element.body
    header = "".join(
        t.text or "" for row in body.iter(f"{W}tr") if row.find(f"{W}trPr/{W}tblHeader") is not None
        for t in row.iter(f"{W}t")
    )
    return Counter(_plain("".join(t.text or "" for t in body.iter(f"{W}t")))), set(_plain(header))


def _judged(docx: Path, pdf: Path) -> None:
    """Assert ``docgen check`` passes the .docx with its PDF, and the PDF holds the .docx's text: no
    character missing, none more but repeated table headers and page numbers (— N —)."""
    (checked,) = check_files([docx], rendered={docx: pdf})
    failed = [f.rule.id for f in checked.findings if f.status is Status.FAIL]
    assert not failed, (pdf.name, failed)
    wanted, headers = _docx_text(docx)
    got = Counter(_plain("".join(line.text for page in measure(pdf) for line in page.lines)))
    assert not wanted - got, (pdf.name, wanted - got)
    assert set(got - wanted) <= headers | set("—0123456789"), (pdf.name, got - wanted)


def test_supervise_rank_and_progress_make_typst_pdfs_without_soffice(tmp_path: Path) -> None:
    """With soffice off the PATH, each command's --pdf --engine typst makes every PDF, says Typst made
    it, and each passes docgen check with its .docx and holds its text (the ranking's landscape pages
    with their page numbers as ch. 8 asks)."""
    path = no_soffice_path(tmp_path)
    letterhead = ("--letterhead", "zhangzi-zdxmb")
    typst = ("--pdf", "--engine", "typst")
    notices = _run(tmp_path, "supervise", SUPERVISION, *letterhead, "--out", tmp_path / "督办", "--item", ITEM, *typst, path=path)
    assert notices.returncode == 0, notices.stderr
    assert "PDF 由 Typst 排版" in notices.stdout
    urged = _run(
        tmp_path, "supervise", SUPERVISION, *letterhead, "--out", tmp_path / "催办", "--item", ITEM,
        "--overdue", "--as-of", AS_OF, *typst, path=path,
    )  # fmt: skip
    assert urged.returncode == 0, urged.stderr
    rules = tmp_path / "rules.yaml"
    text = (RANKING / "rules.yaml").read_text(encoding="utf-8")
    rules.write_text(re.sub(r"^columns: .*$", WIDE, text, flags=re.M), encoding="utf-8")
    ranked = _run(
        tmp_path, "rank", RANKING / "项目台账-2025-05.xlsx", "--month", "2025-05", "--rules", rules, *letterhead,
        "-o", tmp_path / "排名" / "排名通报.docx", "--date", "2025-06-05", *typst, path=path,
    )  # fmt: skip
    assert ranked.returncode == 0, ranked.stderr
    assert "排名通报.pdf（Typst 排版）" in ranked.stdout
    weekly = _run(
        tmp_path, "progress", PROGRESS / "项目库-2020-10-16.xlsx", "--targets", PROGRESS / "目标.yaml",
        "--as-of", "2020-10-16", "--previous", PROGRESS / "项目库-2020-10-09.xlsx",
        "--baseline", PROGRESS / "项目库-2020-09-30.xlsx", "--letterhead", "sanmenxia",
        "-o", tmp_path / "进展" / "周通报.docx", *typst, path=path,
    )  # fmt: skip
    assert weekly.returncode == 0, weekly.stderr
    assert "周通报.pdf（Typst 排版）" in weekly.stdout
    made = {folder: sorted((tmp_path / folder).glob("*.pdf")) for folder in ("督办", "催办", "排名", "进展")}
    assert [len(pdfs) for pdfs in made.values()] == [1, 2, 1, 1]  # the 催办 and the 督查通报
    for pdf in [p for pdfs in made.values() for p in pdfs]:
        assert pdf.with_suffix(".docx").is_file()
        _judged(pdf.with_suffix(".docx"), pdf)
    (checked,) = check_files([made["排名"][0]])
    landscape = [f for f in checked.findings if f.rule.id == "page_numbers.landscape.pdf"]
    assert [f.status for f in landscape] == [Status.PASS]  # the wide ranking is on landscape pages


def test_a_rerun_keeps_the_typst_pdf_and_makes_one_asked_for_later(tmp_path: Path) -> None:
    """A re-run of rank adds the PDF asked for only now (the .docx unchanged), and a third run, the same
    again, writes nothing over (the PDF recorded is left)."""
    args = [
        "rank", RANKING / "项目台账-2025-05.xlsx", "--month", "2025-05", "--rules", RANKING / "rules.yaml",
        "--letterhead", "zhangzi-zdxmb", "-o", tmp_path / "排名通报.docx", "--date", "2025-06-05",
    ]  # fmt: skip
    first = _run(tmp_path, *args)
    assert first.returncode == 0, first.stderr
    pdf = tmp_path / "排名通报.pdf"
    assert not pdf.exists()
    second = _run(tmp_path, *args, "--pdf", "--engine", "typst")
    assert second.returncode == 0, second.stderr
    assert "排名通报.pdf（Typst 排版）" in second.stdout
    _judged(tmp_path / "排名通报.docx", pdf)
    third = _run(tmp_path, *args, "--pdf", "--engine", "typst")
    assert third.returncode == 0, third.stderr
    assert "不再重写" in third.stdout


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_a_rerun_with_libreoffice_is_not_refused_for_its_pdf(tmp_path: Path) -> None:
    """LibreOffice's PDF of the same .docx differs from run to run: a re-run of progress --pdf finds the
    .docx as recorded and leaves the recorded PDF (byte for byte), rather than refusing the 通报."""
    args = [
        "progress", PROGRESS / "项目库-2020-10-16.xlsx", "--targets", PROGRESS / "目标.yaml", "--as-of", "2020-10-16",
        "--letterhead", "sanmenxia", "-o", tmp_path / "周通报.docx", "--pdf", "--engine", "libreoffice",
    ]  # fmt: skip
    first = _run(tmp_path, *args)
    assert first.returncode == 0, first.stderr
    assert "周通报.pdf（LibreOffice 排版）" in first.stdout
    made = (tmp_path / "周通报.pdf").read_bytes()
    again = _run(tmp_path, *args)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "周通报.pdf").read_bytes() == made


def test_a_reply_form_with_a_double_dash_is_read_and_passes(tmp_path: Path) -> None:
    """「——」 is one glyph of the Noto CJK faces, its text two dashes: check reads the cell line holding
    it character by character (it used to drop the line, and took 「超过30」 above and 「2025年」 below
    it for one number broken across lines: tables.tokens failed on both engines' PDFs)."""
    from openpyxl import load_workbook

    from docgen.publish.pipeline import Engine
    from docgen.register import Register
    from docgen.run_resources import RunResources
    from docgen.supervise import supervise

    book = load_workbook(SUPERVISION)
    sheet = book.active
    assert sheet is not None
    column = [cell.value for cell in sheet[2]].index("存在问题") + 1
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == ITEM)
    sheet.cell(row, column).value = (
        "项目单位与施工单位合同纠纷，停工已超过30天；“三同时”验收资料不全——需补充2025年10月监测报告；"
        "林地占用手续(林草局)办理中"
    )
    ledger = tmp_path / "督办台账.xlsx"
    book.save(ledger)
    with Register.open(tmp_path / "r.sqlite") as reg:
        report = supervise(
            ledger, "zhangzi-zdxmb", tmp_path / "out", RunResources(), reg, item_code=ITEM, pdf=True,
            engine=Engine.TYPST,
        )  # fmt: skip
    assert not report.errors
    assert [made_by for _pdf, made_by in report.pdfs] == ["Typst"]
    pdf = report.pdfs[0][0]
    dashed = [line for page in measure(pdf) for line in page.lines if "——" in line.text]
    assert len(dashed) == 2  # in the notice's 存在问题 and in the reply form's
    for line in dashed:
        assert len(line.starts) == len(line.advances) == len(line.text)
        dash = line.text.index("——")
        assert line.advances[dash] == line.advances[dash + 1] > 0.5  # the glyph's width shared out
    _judged(pdf.with_suffix(".docx"), pdf)
