"""Typst reads only the mapping's fonts (emit/typst/fonts.font_folder): the same PDFs as with the
system's fonts, the folder made again when a link breaks, the system's fonts without fontconfig."""

from __future__ import annotations

import shutil
import subprocess
import sys
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


# Run in a process of its own: builds a compiler on the font folder, then watches two font files
# (inotify) while the first compile of ``source`` loads the fonts it needs; prints the opens seen.
_WATCH = r"""
import ctypes, os, sys
import typst
folder, source, *watched = sys.argv[1:]
compiler = typst.Compiler(font_paths=typst.Fonts(include_system_fonts=False, font_paths=[folder]))
libc = ctypes.CDLL(None, use_errno=True)
events = libc.inotify_init1(os.O_NONBLOCK)
watches = {libc.inotify_add_watch(events, path.encode(), 0x20): path for path in watched}  # IN_OPEN
assert -1 not in watches, ctypes.get_errno()
compiler.compile(input=open(source, "rb").read(), format="pdf")
try:
    data = os.read(events, 65536)
except BlockingIOError:
    data = b""
seen, at = set(), 0
while at < len(data):  # struct inotify_event: wd, mask, cookie, len, name[len]
    wd, _mask, _cookie, length = [int.from_bytes(data[at + i : at + i + 4], "little") for i in (0, 4, 8, 12)]
    seen.add(watches[wd])
    at += 16 + length
print("\n".join(sorted(seen)))
"""


@needs_fontconfig
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
def test_typst_loads_no_font_the_document_does_not_print(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Text Typst shapes but never prints (the markup's spaces) is in the document's default face,
    # 仿宋 (pages.document); in Typst's own default, missing here, it fell back to 花园明朝A, which
    # every process then read and hashed at its first compile (22.8 MB) and never embedded.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = font_folder()
    assert folder is not None
    if not any(link.resolve().name == "HanaMinA.ttf" for link in folder.iterdir()):
        pytest.skip("花园明朝A (fonts-hanazono) is not installed")
    # the folder again, its 花园明朝A a copy: opened by this test's compile only, not by others
    own = tmp_path / "fonts"
    own.mkdir()
    for link in folder.glob("??-*"):
        if link.resolve().name == "HanaMinA.ttf":
            shutil.copyfile(link.resolve(), own / link.name)
            hana = str(own / link.name)
        else:
            (own / link.name).symlink_to(link.resolve())
    serif = str(next(folder.glob("??-NotoSerifCJK-Regular.ttc")).resolve())  # a cut, made for this test
    source = tmp_path / "notice.typ"
    (path,) = [p for p in sample_paths() if p.stem == "yichuan-2020-13-request"]  # 签发人 in 楷体
    source.write_text(emit_typst(lay_out(compose_notice_file(path, RunResources()), Placement.BOTTOM)), "utf-8")
    run = subprocess.run(
        [sys.executable, "-c", _WATCH, str(own), str(source), hana, serif],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.split() == [serif]  # the body's face read, the fallback not
