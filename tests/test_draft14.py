"""draft14: ``progress --draft`` and ``rank --draft`` (a unit's re-sent form costs no 文号), run as
the clerk runs them (``python -m docgen``), on the samples' pools and ledger."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import ROOT, docgen_in
from openpyxl import load_workbook
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
    # a unit re-sends its form: the draft is made again over the last draft, no --overwrite needed
    first = (tmp_path / "周通报-样稿.docx").read_bytes()
    again = docgen_in(*_progress(tmp_path, "周通报.docx", "--draft", "--to", "各县（市、区）重点项目办，市直有关单位"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "周通报-样稿.docx").read_bytes() != first
    assert "市直有关单位" in "".join(p.text for p in load((tmp_path / "周通报-样稿.docx").read_bytes()).paragraphs)
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


OUTSIDER14 = ROOT / "tests" / "fixtures" / "outsider14"


def test_a_time_limit_before_the_meeting_names_the_file_sheet_row_column_and_value(tmp_path: Path) -> None:
    """outsider14: “时限早于会议日期” named no sheet and no column, unlike the sheet's other errors."""
    book = load_workbook(OUTSIDER14 / "议定事项.xlsx")
    book.active["E3"] = "2025.10.15"  # the meeting is on 2025年10月28日
    book.save(tmp_path / "议定事项.xlsx")
    run = docgen_in("minutes", tmp_path / "议定事项.xlsx", "--meeting", OUTSIDER14 / "会议.yaml", "--draft", cwd=tmp_path)
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("错误")]
    assert errors == [
        f"错误：{tmp_path / '议定事项.xlsx'}，工作表 10月联席会议，第 3 行，第 E（时限） 列："
        "时限 2025-10-15 早于会议日期（2025-10-28）"
    ], run.stderr
    assert "Traceback" not in run.stderr
    assert not list(tmp_path.glob("*.docx"))


def test_the_recorder_is_said_once_and_not_printed(tmp_path: Path) -> None:
    """outsider14: 记录: 刘洋 was accepted and dropped without a word.  GB/T 9704 10.3 lists 出席, 请假
    and 列席 only and the seeds' 纪要 have no 记录 line: not printed, said once as a 说明."""
    run = docgen_in(
        "minutes", OUTSIDER14 / "议定事项.xlsx", "--meeting", OUTSIDER14 / "会议.yaml", "--draft", "--out", tmp_path,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    said = [line for line in run.stderr.splitlines() if "记录人" in line]
    assert said == [
        f"说明：{OUTSIDER14 / '会议.yaml'}：第 10 行：记录“刘洋”：GB/T 9704 10.3 只列出席、请假、列席，"
        "纪要不印记录人（保留在源文件中）"
    ], run.stderr
    (docx,) = tmp_path.glob("*.docx")
    text = "".join(p.text for p in load(docx.read_bytes()).paragraphs)
    assert "请假" in text  # the attendance lines are there
    assert "刘洋" not in text  # the 记录人 is not
    # without 记录: no such line
    meeting = tmp_path / "会议.yaml"
    meeting.write_text(
        "\n".join(line for line in (OUTSIDER14 / "会议.yaml").read_text(encoding="utf-8").splitlines() if not line.startswith("记录")),
        encoding="utf-8",
    )
    bare = docgen_in("minutes", OUTSIDER14 / "议定事项.xlsx", "--meeting", meeting, "--draft", "--out", tmp_path / "b", cwd=tmp_path)
    assert bare.returncode == 0, bare.stderr
    assert "记录人" not in bare.stderr
