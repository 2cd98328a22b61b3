"""Said once a run: ``merge --pdf``'s note on what the form's offline copy left out, and a user's
督办 template that fails (every item uses it: the run stops at the first, naming the template),
while the ledger's row errors are still all said.  Real commands in a child process."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT
from conftest import run_docgen as docgen
from test_h8_net import listener, no_crash, settle  # noqa: F401 (listener: a fixture)

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "hostile8"))
import make_hostile8  # noqa: E402

SUPERVISION = ROOT / "samples" / "supervision" / "督办台账.xlsx"


def _lines(said: str, lead: str) -> list[str]:
    return [line for line in said.splitlines() if line.startswith(lead)]


def test_merge_pdf_says_once_what_the_forms_offline_copy_left_out(
    tmp_path: Path, listener: tuple[str, list[str]]  # noqa: F811
) -> None:
    """Three rows, three PDFs of the one form: its linked picture is said once, under the form, and
    nothing is fetched."""
    url, hits = listener
    form = make_hostile8.linked_picture(tmp_path / "外链表单.docx", f"{url}/pixel.png", ["项目：{{ 项目名称 }}"])
    book = openpyxl.Workbook()
    book.active.append(["项目名称", "责任单位"])
    for n in range(3):
        book.active.append([f"项目{n}", "甲"])
    book.save(tmp_path / "台账.xlsx")
    out = tmp_path / "o"
    done = docgen(tmp_path, "merge", str(form), str(tmp_path / "台账.xlsx"), "--out", str(out), "--pdf", timeout=600)
    said = done.stdout + done.stderr
    no_crash(said)
    assert done.returncode == 0, said[-800:]
    assert len(list(out.glob("*.pdf"))) == 3
    notes = _lines(said, "说明：")
    assert len(notes) == 1, said[-800:]
    (note,) = notes
    assert "外链表单.docx" in note
    assert "pixel.png" in note
    assert "未载入" in note, note
    assert settle(hits) == [], f"docgen merge --pdf fetched {hits}"


def test_merge_pdf_of_a_form_with_nothing_left_out_says_no_note(tmp_path: Path) -> None:
    form = make_hostile8.word(tmp_path / "表单.docx", ["项目：{{ 项目名称 }}"])
    book = openpyxl.Workbook()
    book.active.append(["项目名称", "责任单位"])
    book.active.append(["项目", "甲"])
    book.save(tmp_path / "台账.xlsx")
    done = docgen(tmp_path, "merge", str(form), str(tmp_path / "台账.xlsx"), "--out", str(tmp_path / "o"), "--pdf")
    said = done.stdout + done.stderr
    no_crash(said)
    assert done.returncode == 0, said[-800:]
    assert not _lines(said, "说明："), said[-800:]


def _templates(tmp_path: Path, added: str) -> Path:
    """Return a --templates folder: the 督办 templates as shipped, notice.md.j2 with ``added`` at its end."""
    folder = tmp_path / "tpl" / "supervision"
    folder.mkdir(parents=True)
    for source in (ROOT / "templates" / "supervision").glob("*.j2"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    notice = folder / "notice.md.j2"
    notice.write_text(notice.read_text(encoding="utf-8") + added, encoding="utf-8")
    return tmp_path / "tpl"


def _supervise(tmp_path: Path, templates: Path, ledger: Path = SUPERVISION) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    done = docgen(
        tmp_path,
        "--templates",
        str(templates),
        "supervise",
        str(ledger),
        "--letterhead",
        "zhangzi-zdxmb",
        "--out",
        str(out),
        timeout=360,
    )
    said = done.stdout + done.stderr
    no_crash(said)
    return done.returncode, said, out


@pytest.mark.parametrize(
    ("added", "reason"),
    [
        ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n", "循环和调用超过上限"),
        ("{{ 1 // 0 }}\n", "ZeroDivisionError"),
    ],
)
def test_a_failing_user_template_is_said_once_naming_it_and_stops_the_run(
    tmp_path: Path, added: str, reason: str
) -> None:
    """29 open items, one template: one error naming the template file, no document, no number kept."""
    code, said, out = _supervise(tmp_path, _templates(tmp_path, added))
    assert code == 1, said[-800:]
    errors = _lines(said, "错误：")
    assert len(errors) == 1, errors[:3]
    (error,) = errors
    assert str(tmp_path / "tpl" / "supervision" / "notice.md.j2") in error, error
    assert reason in error, error
    assert "28" in error, error  # the items not attempted
    assert not list(out.glob("*.docx"))


def test_row_errors_are_all_said_besides_the_templates_one(tmp_path: Path) -> None:
    """Two rows with an unreadable 交办日期: both said, as without the template; the template's error once."""
    book = openpyxl.load_workbook(SUPERVISION)
    sheet = book.active
    header = [cell.value for cell in sheet[2]]
    column = header.index("交办日期") + 1
    sheet.cell(row=3, column=column, value="下个月")
    sheet.cell(row=5, column=column, value="2025年13月1日")
    book.save(tmp_path / "台账.xlsx")
    code, said, out = _supervise(tmp_path, _templates(tmp_path, "{{ 1 // 0 }}\n"), tmp_path / "台账.xlsx")
    assert code == 1, said[-800:]
    errors = _lines(said, "错误：")
    rows = [line for line in errors if "台账.xlsx" in line and "交办日期" in line]
    assert any("第3行" in line or "第 3 行" in line for line in rows), errors
    assert any("第5行" in line or "第 5 行" in line for line in rows), errors
    failed = [line for line in errors if "notice.md.j2" in line]
    assert len(failed) == 1, errors
    assert not list(out.glob("*.docx"))
