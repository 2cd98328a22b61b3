"""Finding 8: attachments are read only from the notice's folder (or configured ones) unless allowed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile import assert_clean_error, docgen, snapshot

FRONT = """---
发文机关: yichuan
发文字号: 伊重点项目办〔2020〕13号
标题: 关于测试的通知
主送: 各乡镇人民政府
成文日期: 2020-03-05
附件:
  - 标题: 名单
    文件: {file}
---
正文第一段。
"""


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("机密内容\n", encoding="utf-8")
    return secret


def _notice(tmp_path: Path, file: str) -> Path:
    folder = tmp_path / "notices"
    folder.mkdir(exist_ok=True)
    path = folder / "notice.md"
    path.write_text(FRONT.format(file=file), encoding="utf-8")
    return path


def _refused(tmp_path: Path, notice: Path, *fragments: str) -> None:
    before = snapshot(tmp_path)
    result = docgen(["render", notice, "-o", tmp_path / "notices" / "out.docx"])
    assert_clean_error(result, "notice.md", "第 9 行", *fragments)
    assert snapshot(tmp_path) == before


def test_an_absolute_path_is_refused(tmp_path: Path, outside: Path) -> None:
    _refused(tmp_path, _notice(tmp_path, str(outside)), str(outside), "--allow-outside")


def test_dot_dot_is_refused(tmp_path: Path, outside: Path) -> None:
    _refused(tmp_path, _notice(tmp_path, "../elsewhere/secret.txt"), str(outside), "--allow-outside")


def test_a_symlink_out_is_refused(tmp_path: Path, outside: Path) -> None:
    notice = _notice(tmp_path, "link.txt")
    (notice.parent / "link.txt").symlink_to(outside)
    _refused(tmp_path, notice, "link.txt", str(outside))


def test_allow_outside_and_the_config_file_let_it_in(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notice = _notice(tmp_path, "../elsewhere/secret.txt")
    result = docgen(["render", notice, "-o", tmp_path / "a.docx", "--allow-outside"])
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCGEN_CONFIG", raising=False)
    (tmp_path / "docgen.toml").write_text('[paths]\nattachments = ["elsewhere"]\n', encoding="utf-8")
    result = docgen(["render", notice, "-o", tmp_path / "b.docx"])
    assert result.exit_code == 0, result.output


def test_a_file_inside_the_folder_is_read(tmp_path: Path) -> None:
    notice = _notice(tmp_path, "sub/名单.txt")
    (notice.parent / "sub").mkdir()
    (notice.parent / "sub" / "名单.txt").write_text("甲\n", encoding="utf-8")
    assert docgen(["render", notice, "-o", tmp_path / "a.docx"]).exit_code == 0


def test_a_symlink_loop(tmp_path: Path) -> None:
    notice = _notice(tmp_path, "loop.txt")
    (notice.parent / "loop.txt").symlink_to(notice.parent / "loop2.txt")
    (notice.parent / "loop2.txt").symlink_to(notice.parent / "loop.txt")
    _refused(tmp_path, notice, "loop.txt")


def test_a_name_over_255_bytes(tmp_path: Path) -> None:
    _refused(tmp_path, _notice(tmp_path, "名" * 90 + ".txt"), "255")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_only_regular_files_are_read(tmp_path: Path, kind: str) -> None:
    notice = _notice(tmp_path, "data.txt")
    if kind == "fifo":
        os.mkfifo(notice.parent / "data.txt")
        args: list[object] = []
    else:
        (notice.parent / "data.txt").symlink_to("/dev/zero")
        args = ["--allow-outside"]
    result = docgen(["render", notice, "-o", tmp_path / "a.docx", *args])
    assert_clean_error(result, "data.txt", "不是普通文件")
    assert not (tmp_path / "a.docx").exists()
