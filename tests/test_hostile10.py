"""hostile10: the most serious defects found by tests/fixtures/hostile10/attack.py, each run for real.

Every test states what docgen should do and is expected to fail until the defect is fixed
(tests/fixtures/hostile10/DEFECTS.md has the numbers)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import docgen_in

NOTICE = """---
发文机关: zhangzi
发文字号: auto
标题: 关于测试的通知
主送: 各乡镇人民政府
成文日期: 2020-10-20
---
正文一段。
"""


SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def ledger_with(tmp_path: Path, unit: str) -> None:
    """Write 督办台账.xlsx (县发展和改革局 renamed ``unit``) and 回执.docx into tmp_path."""
    wb = openpyxl.load_workbook(SAMPLES / "supervision" / "督办台账.xlsx")
    ws = wb.active
    assert ws is not None
    for row in range(3, ws.max_row + 1):
        if ws.cell(row, 3).value == "县发展和改革局":
            ws.cell(row, 3).value = unit
    wb.save(tmp_path / "督办台账.xlsx")
    shutil.copyfile(SAMPLES / "merge" / "回执.docx", tmp_path / "回执.docx")


def test_merge_per_writes_nothing_outside_out_whatever_the_group_value(tmp_path: Path) -> None:
    ledger_with(tmp_path, "../escaped/x")
    run = docgen_in("merge", "回执.docx", "督办台账.xlsx", "--per", "责任单位", "--out", "out", cwd=tmp_path)
    assert not (tmp_path / "escaped").exists(), run.stdout + run.stderr
    assert "Traceback" not in run.stderr


def _register(d: Path) -> Path:
    """Return a register at d holding 长政办发〔2020〕1号, imported from a .csv."""
    (d / "seed.csv").write_text(
        "文号,标题,日期\n长政办发〔2020〕1号,关于测试的通知,2020-01-02\n", encoding="utf-8"
    )
    reg = d / "reg.sqlite"
    run = docgen_in("--register", reg, "register", "import", d / "seed.csv", cwd=d)
    assert run.returncode == 0, run.stderr
    return reg


@pytest.mark.parametrize("signer", ["", "  ", "张\n签发时间: 1999-01-01", "张\x01三", "张\u202e三"])
def test_issue_refuses_a_signer_no_one_could_sign_as(tmp_path: Path, signer: str) -> None:
    (tmp_path / "通知.md").write_text(NOTICE, encoding="utf-8")
    run = docgen_in(
        "--register",
        tmp_path / "reg.sqlite",
        "issue",
        "通知.md",
        "--signer",
        signer,
        "-o",
        "out",
        "--no-pdf",
        cwd=tmp_path,
    )
    assert run.returncode != 0, run.stdout
    assert "签发人" in run.stderr or "--signer" in run.stderr
    assert "Traceback" not in run.stderr
    assert "内部错误" not in run.stderr
    assert not list(tmp_path.glob("out/*.docx"))


def test_void_refuses_a_control_character_in_its_reason(tmp_path: Path) -> None:
    reg = _register(tmp_path)
    run = docgen_in(
        "--register", reg, "register", "void", "长政办发〔2020〕1号", "--reason", "误\x01取", cwd=tmp_path
    )
    assert run.returncode != 0, run.stdout
    assert "U+0001" in run.stderr or "控制" in run.stderr


@pytest.mark.parametrize("series", ["长政办发\u202e", "../../x"])
def test_register_next_takes_no_number_of_a_series_that_cannot_be_a_代字(tmp_path: Path, series: str) -> None:
    reg = _register(tmp_path)
    run = docgen_in("--register", reg, "register", "next", "--series", series, "--year", "2020", cwd=tmp_path)
    assert run.returncode != 0, run.stdout
    assert repr(series) in run.stderr  # shown escaped: a bidi control printed raw would turn the message around


def test_check_does_not_pass_a_pdf_with_no_pages(tmp_path: Path) -> None:
    pdf = tmp_path / "空.pdf"
    pdf.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    run = docgen_in("check", pdf, cwd=tmp_path)
    assert run.returncode != 0, run.stdout
    assert "空.pdf" in run.stdout + run.stderr


def test_letterhead_import_writes_no_letterhead_that_every_command_refuses(tmp_path: Path) -> None:
    red = Path(__file__).resolve().parents[1] / "samples" / "office" / "套红-段落.docx"
    run = docgen_in(
        "letterhead-import", red, "--key", "k", "--out", tmp_path / "lh", "--name", "长\u202e子", cwd=tmp_path
    )
    assert run.returncode != 0, run.stdout
    assert not (tmp_path / "lh" / "k.yaml").exists()


def test_a_refused_letterhead_is_named_by_its_file(tmp_path: Path) -> None:
    (tmp_path / "lh").mkdir()
    (tmp_path / "lh" / "坏版头.yaml").write_text("全称: 长子\u202e县人民政府\n代字: 长政\n", encoding="utf-8")
    run = docgen_in("--letterheads", tmp_path / "lh", "letterheads", cwd=tmp_path)
    assert "坏版头.yaml" in run.stderr, run.stderr


def test_collect_forms_refuses_a_unit_named_by_a_path(tmp_path: Path) -> None:
    (tmp_path / "单位.yaml").write_text(
        "单位:\n  - 名称: ../../tmp/h10-unit\n  - 名称: 灵宝市\n", encoding="utf-8"
    )
    run = docgen_in("collect", "forms", "--units", "单位.yaml", "-o", "out", cwd=tmp_path)
    assert run.returncode != 0, run.stdout
    assert "../../tmp/h10-unit" in run.stderr


def test_render_of_a_folder_does_not_follow_a_symlink_out_of_it(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "src" / "a.md").write_text(NOTICE.replace("auto", "长政办发〔2020〕66号"), encoding="utf-8")
    (tmp_path / "outside" / "secret.md").write_text(
        NOTICE.replace("auto", "长政办发〔2020〕67号"), encoding="utf-8"
    )
    os.symlink(tmp_path / "outside" / "secret.md", tmp_path / "src" / "b.md")
    run = docgen_in("render", "src", "-o", "out", cwd=tmp_path)
    assert not (tmp_path / "out" / "b.docx").exists(), run.stdout
    assert "b.md" in run.stderr
