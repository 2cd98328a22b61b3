"""Typst reads only the mapping's fonts (emit/typst/fonts.font_folder): the same PDFs as with the
system's fonts, the folder made again when a link breaks, the system's fonts without fontconfig."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import typst
from conftest import sample_paths

from docgen.emit.typst.emit import emit_typst
from docgen.emit.typst.fonts import font_folder
from docgen.layout import Placement, lay_out
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

needs_fontconfig = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")


@needs_fontconfig
def test_the_folder_holds_the_mapped_families_and_typst_makes_the_same_pdfs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = font_folder()
    assert folder is not None
    assert folder.parent == tmp_path / "docgen"
    names = sorted(link.name.split("-", 1)[1] for link in folder.glob("??-*"))
    assert "NotoSerifCJK-Regular.ttc" in names
    assert "ukai.ttc" in names
    # links, or collections cut down to the faces Typst can pick (tests/test_speed10.py)
    assert all(link.exists() for link in folder.iterdir())
    own = typst.Compiler(font_paths=[str(folder)], ignore_system_fonts=True)
    system = typst.Compiler()
    resources = RunResources()
    for path in sample_paths():
        source = emit_typst(lay_out(compose_notice_file(path, resources), Placement.BOTTOM), watermark="样稿")
        data = source.encode("utf-8")
        assert own.compile(input=data, format="pdf") == system.compile(input=data, format="pdf"), path.name


@needs_fontconfig
def test_a_broken_link_makes_the_folder_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = font_folder()
    assert folder is not None
    links = sorted(folder.iterdir())
    assert any(link.is_symlink() for link in links)
    (folder / "00-gone.ttf").symlink_to(tmp_path / "no-such-font.ttf")
    assert font_folder() == folder
    assert sorted(folder.iterdir()) == links


def test_without_fontconfig_typst_reads_the_system_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert font_folder() is None
    assert not (tmp_path / "docgen").exists()
