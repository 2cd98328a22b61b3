"""draft14: ``progress --draft`` and ``rank --draft`` (a unit's re-sent form costs no 文号), run as
the clerk runs them (``python -m docgen``), on the samples' pools and ledger."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import ROOT, docgen_in
from pypdf import PdfReader

from docgen.check.docx_read import load

PROGRESS = ROOT / "samples" / "progress"
RANKING = ROOT / "samples" / "ranking"


def _dump(register: Path) -> list[str]:
    """Return every statement of the register (SQLite), to compare before and after a run."""
    with sqlite3.connect(register) as db:
        return list(db.iterdump())


def _progress(tmp_path: Path, output: str, *more: str) -> list[str | Path]:
    return [
        "--register", tmp_path / "r.sqlite", "progress", PROGRESS / "项目库-2020-10-16.xlsx",
        "--targets", PROGRESS / "目标.yaml", "--as-of", "2020-10-16",
        "--baseline", PROGRESS / "项目库-2020-09-30.xlsx", "--letterhead", "sanmenxia",
        "-o", tmp_path / output, "--pdf", "--engine", "typst", *more,
    ]  # fmt: skip


def _number_line(docx: Path) -> str:
    """Return the paragraph of the .docx holding the 发文字号 (三政重点办〔…〕…号)."""
    return next(p.text for p in load(docx.read_bytes()).paragraphs if "三政重点办〔" in p.text)


def test_a_progress_draft_takes_no_number_and_leaves_the_register_and_the_issued_files(tmp_path: Path) -> None:
    issued = docgen_in(*_progress(tmp_path, "周通报.docx"), cwd=tmp_path)
    assert issued.returncode == 0, issued.stderr
    assert "三政重点办〔2020〕1号" in issued.stdout
    before = _dump(tmp_path / "r.sqlite")
    files = {p: p.read_bytes() for p in (tmp_path / "周通报.docx", tmp_path / "周通报.pdf")}
    draft = docgen_in(*_progress(tmp_path, "周通报.docx", "--draft"), cwd=tmp_path)
    assert draft.returncode == 0, draft.stderr
    assert "样稿（未取文号）" in draft.stdout
    assert _dump(tmp_path / "r.sqlite") == before  # no number taken, nothing recorded
    assert {p: p.read_bytes() for p in files} == files  # the issued 通报 is not touched
    assert _number_line(tmp_path / "周通报-样稿.docx") == "三政重点办〔2020〕\u3000\u3000号"
    assert _number_line(tmp_path / "周通报.docx") == "三政重点办〔2020〕1号"
    pages = PdfReader(tmp_path / "周通报-样稿.pdf").pages
    assert all("样稿" in (page.extract_text() or "") for page in pages)
    assert not any("样稿" in (page.extract_text() or "") for page in PdfReader(tmp_path / "周通报.pdf").pages)
    # the next real run still gets 1号: the draft left no gap in the 文号 series
    again = docgen_in(*_progress(tmp_path, "周通报.docx"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "三政重点办〔2020〕1号" in again.stdout


def test_a_draft_needs_no_register_and_never_writes_over_an_issued_file(tmp_path: Path) -> None:
    draft = docgen_in(*_progress(tmp_path, "周通报.docx", "--draft"), cwd=tmp_path)
    assert draft.returncode == 0, draft.stderr
    assert not (tmp_path / "r.sqlite").exists()  # a draft does not open (nor make) the register
    # a 通报 issued under a name that ends in -样稿: the draft of that name is refused, not written over
    odd = tmp_path / "odd"
    odd.mkdir()
    issued = docgen_in(*_progress(odd, "周通报-样稿.docx"), cwd=odd)
    assert issued.returncode == 0, issued.stderr
    kept = (odd / "周通报-样稿.docx").read_bytes()
    refused = docgen_in(*_progress(odd, "周通报-样稿.docx", "--draft", "--overwrite"), cwd=odd)
    assert refused.returncode != 0
    assert "周通报-样稿.docx" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert (odd / "周通报-样稿.docx").read_bytes() == kept


def test_a_rank_draft_takes_no_number(tmp_path: Path) -> None:
    args: list[str | Path] = [
        "--register", tmp_path / "r.sqlite", "rank", RANKING / "项目台账-2025-05.xlsx", "--month", "2025-05",
        "--rules", RANKING / "rules.yaml", "--letterhead", "zhangzi-zdxmb", "-o", tmp_path / "排名通报.docx",
        "--date", "2025-06-05",
    ]  # fmt: skip
    assert docgen_in("--register", tmp_path / "r.sqlite", "register", "init", cwd=tmp_path).returncode == 0
    before = _dump(tmp_path / "r.sqlite")
    draft = docgen_in(*args, "--draft", cwd=tmp_path)
    assert draft.returncode == 0, draft.stderr
    assert "样稿（未取文号）" in draft.stdout
    assert _dump(tmp_path / "r.sqlite") == before
    assert not (tmp_path / "排名通报.docx").exists()
    number = next(p.text for p in load((tmp_path / "排名通报-样稿.docx").read_bytes()).paragraphs if "〔2025〕" in p.text)
    assert number.endswith("〔2025〕\u3000\u3000号"), number
    issued = docgen_in(*args, cwd=tmp_path)
    assert issued.returncode == 0, issued.stderr
    assert "〔2025〕1号" in issued.stdout
