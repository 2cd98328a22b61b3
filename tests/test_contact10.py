"""contact10: contact lines (联系人：…, 联系电话：…) in a draft are never run into the line before, and
after the body's end they are the 附注 (GB/T 9704 7.3.6), asserted on real runs of ``docgen format``."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from conftest import docgen_in as _docgen


def _draft(path: Path, lines: list[str], soft: tuple[str, ...] = ()) -> Path:
    """Write a .docx draft, one paragraph a line; ``soft`` lines go after a soft break (⏎) in the one above."""
    document = docx.Document()
    for text in lines:
        if text in soft:
            run = document.paragraphs[-1].add_run()
            run.add_break()
            run.add_text(text)
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


_HEAD = ["关于开展档案整理工作的通知", "各科室：", "为做好年度档案整理工作，现将有关事项通知如下，请认真落实。"]


def test_contact_lines_after_the_date_are_the_note(tmp_path: Path) -> None:
    draft = _draft(
        tmp_path / "草稿.docx",
        [*_HEAD, "县档案局办公室", "2025年3月5日", "联系人：张三", "联系电话：0379-12345678"],
        soft=("联系电话：0379-12345678",),
    )
    run = _docgen("format", draft, "--dry-run")
    assert run.returncode == 0, run.stderr
    assert "附注：（联系人：张三，联系电话：0379-12345678）" in run.stdout
    assert "张三联系电话" not in run.stdout
    assert "日期：2025年3月5日" in run.stdout
    out = tmp_path / "通知.docx"
    run = _docgen("format", draft, "-o", out, "--number", "县档〔2025〕3号", "--no-render")
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(out) as package:
        # without the zero-width spaces the 附注 takes as the body does (a line may end after 「：」)
        body = package.read("word/document.xml").decode("utf-8").replace("\u200b", "")
    assert "（联系人：张三，联系电话：0379-12345678）" in body
    assert body.find("2025年3月5日") < body.find("联系人：张三")


def test_contact_lines_ending_a_draft_without_a_date_stay_apart(tmp_path: Path) -> None:
    """No date: the lines stay body (tests/test_format_foreign.py md-to-office), but each its own paragraph."""
    draft = _draft(tmp_path / "草稿.docx", [*_HEAD, "联系人：李四", "电子邮箱：dag@example.cn"])
    run = _docgen("format", draft, "--dry-run")
    assert run.returncode == 0, run.stderr
    assert "正文：联系人：李四\n" in run.stdout
    assert "正文：电子邮箱：dag@example.cn" in run.stdout
    assert "认真落实。联系人" not in run.stdout


def test_a_contact_line_is_not_joined_to_the_paragraph_above(tmp_path: Path) -> None:
    """Under a heading 三、联系方式 before the 署名 the lines stay body, each its own paragraph."""
    draft = _draft(
        tmp_path / "草稿.docx",
        [*_HEAD, "一、联系方式", "请各科室指定专人负责", "联系人：王五", "电话：12345", "县档案局办公室", "2025年3月5日"],
    )
    run = _docgen("format", draft, "--dry-run")
    assert run.returncode == 0, run.stderr
    assert "正文：联系人：王五\n" in run.stdout
    assert "正文：电话：12345\n" in run.stdout
    assert "负责联系人" not in run.stdout
    assert "附注" not in run.stdout
    assert "发文机关署名：县档案局办公室" in run.stdout
