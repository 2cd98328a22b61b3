"""hostile10fix: the fixes of tests/fixtures/hostile10/DEFECTS.md beyond test_hostile10.py, each run for real."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import docgen_in
from tests.test_hostile10 import NOTICE, SAMPLES
from tests.test_hostile10 import ledger_with as _ledger_with


def test_merge_per_names_a_group_by_its_value_made_safe(tmp_path: Path) -> None:
    _ledger_with(tmp_path, "../../../sub/x")
    run = docgen_in("merge", "回执.docx", "督办台账.xlsx", "--per", "责任单位", "--out", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    made = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert "subx-回执.docx" in made, made
    assert not [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    assert not (tmp_path / "sub").exists()


def test_merge_per_refuses_a_value_nothing_of_which_can_name_a_file(tmp_path: Path) -> None:
    _ledger_with(tmp_path, "//..//")
    run = docgen_in("merge", "回执.docx", "督办台账.xlsx", "--per", "责任单位", "--out", "out", cwd=tmp_path)
    assert run.returncode != 0, run.stdout
    line = next(t for t in run.stderr.splitlines() if "//..//" in t)
    for part in ("督办台账.xlsx", "第 3 行", "责任单位"):
        assert part in line, run.stderr
    assert "Traceback" not in run.stderr


def test_check_refuses_a_pdf_whose_page_count_lies(tmp_path: Path) -> None:
    pdf = tmp_path / "空.pdf"
    pdf.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Count 1000000/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    run = docgen_in("check", pdf, cwd=tmp_path)
    assert run.returncode == 2, run.stdout  # as any file check cannot read
    assert "空.pdf：PDF 没有页面" in run.stderr, run.stderr
    assert "符合 0 项" not in run.stdout


def test_letterheads_lists_the_good_ones_and_names_the_broken_one(tmp_path: Path) -> None:
    (tmp_path / "lh").mkdir()
    (tmp_path / "lh" / "坏版头.yaml").write_text("全称: 长子\u202e县人民政府\n代字: 长政\n", encoding="utf-8")
    run = docgen_in("--letterheads", tmp_path / "lh", "letterheads", cwd=tmp_path)
    assert run.returncode == 1, run.stdout
    assert "zhangzi\t" in run.stdout  # the built-in letterheads are still listed
    assert "坏版头.yaml，第 1 行，字段“全称”" in run.stderr, run.stderr


def test_preview_of_a_folder_refuses_a_link_out_of_it_and_allow_outside_reads_it(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "src" / "b.md").symlink_to(tmp_path / "outside" / "secret.md")
    refused = docgen_in("preview", "src", "-o", "out", "--engine", "typst", cwd=tmp_path)
    assert refused.returncode == 1, refused.stdout
    assert "src/b.md 是指向" in refused.stderr, refused.stderr
    assert not (tmp_path / "out" / "b.pdf").exists()
    allowed = docgen_in("render", "src", "-o", "out", "--allow-outside", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    assert (tmp_path / "out" / "b.docx").exists()


def test_a_letterhead_option_that_is_a_path_is_refused_naming_option_and_value(tmp_path: Path) -> None:
    shutil.copyfile(SAMPLES / "merge" / "回执.docx", tmp_path / "草稿.docx")
    for args in (
        ["format", "草稿.docx", "--letterhead", "../../../etc/passwd"],
        ["collect", "merge", "--chase", "催报.md", "--letterhead", "../../etc/passwd"],
    ):
        run = docgen_in(*args, cwd=tmp_path)
        assert run.returncode == 2, run.stdout
        assert "'--letterhead'" in run.stderr, run.stderr
        assert repr(args[-1]) in run.stderr, run.stderr
    assert not (tmp_path / "催报.md").exists()


def test_fonts_reports_a_broken_config_file_as_every_command_does(tmp_path: Path) -> None:
    (tmp_path / "docgen.toml").write_text("[paths\n", encoding="utf-8")
    run = docgen_in("fonts", cwd=tmp_path)
    assert run.returncode == 1, run.stdout
    assert "docgen.toml，第 1 行" in run.stderr, run.stderr


def test_register_next_refuses_a_series_close_to_a_known_one_unless_new(tmp_path: Path) -> None:
    reg = tmp_path / "reg.sqlite"
    typo = docgen_in("--register", reg, "register", "next", "--series", "长子政办X", "--year", "2020", cwd=tmp_path)
    assert typo.returncode == 2, typo.stdout
    assert "长子政办X" in typo.stderr, typo.stderr
    assert "长子政办发" in typo.stderr, typo.stderr
    assert "--new" in typo.stderr, typo.stderr
    new = docgen_in(
        "--register", reg, "register", "next", "--series", "长子政办X", "--year", "2020", "--new", cwd=tmp_path
    )
    assert new.returncode == 0, new.stderr
    assert new.stdout.strip() == "长子政办X〔2020〕1号"


def test_render_refuses_a_body_longer_than_any_document_at_once(tmp_path: Path) -> None:
    (tmp_path / "长.md").write_text(NOTICE + "字" * 600_000 + "\n", encoding="utf-8")
    run = docgen_in("render", "长.md", "-o", "out", cwd=tmp_path)
    assert run.returncode == 1, run.stdout
    assert "长.md，第 8 行" in run.stderr, run.stderr
    assert "最多的 500,000 个" in run.stderr, run.stderr


def test_rank_to_with_a_bidi_control_is_refused_naming_the_option(tmp_path: Path) -> None:
    ledger = SAMPLES / "supervision" / "督办台账.xlsx"
    run = docgen_in("rank", ledger, "--letterhead", "zhangzi", "--to", "各乡镇\u202e", "-o", "r.md", cwd=tmp_path)
    assert run.returncode == 2, run.stdout
    assert "--to '各乡镇\\u202e'：第 4 个字符" in run.stderr, run.stderr
    assert not (tmp_path / "r.md").exists()
