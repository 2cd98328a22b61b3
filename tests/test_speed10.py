"""Typst's font folder holds the Noto CJK collections cut down to the faces Typst can pick
(emit/typst/font_faces.py): the font index is smaller, the PDFs are byte for byte the same, the
fallback a 楷体 Hangul character takes (a Noto JP face) included."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import sample_paths
from fontTools.ttLib import TTCollection

from docgen.emit.typst.emit import emit_typst
from docgen.emit.typst.font_faces import faces_to_keep, write_collection
from docgen.emit.typst.fonts import SOURCES, families, font_folder
from docgen.layout import Placement, lay_out
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

NOTO_SANS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")
needs_fonts = pytest.mark.skipif(
    shutil.which("fc-list") is None or not NOTO_SANS.is_file() or not UKAI.is_file(),
    reason="fontconfig, Noto CJK and AR PL UKai are needed",
)

# characters no face of their family has: Typst looks for a fallback among every face of the book
FALLBACKS = """#set document(date: datetime(year: 2024, month: 1, day: 2))
#set text(lang: "zh", region: "cn")
#let kai = ("AR PL UKai", "HanaMinA", "HanaMinB", "Symbola")
#let serif = ("Noto Serif CJK SC", "HanaMinA", "HanaMinB", "Symbola")
#let sans = ("Noto Sans CJK SC", "HanaMinA", "HanaMinB", "Symbola")
#text(font: kai, "楷体：가각〪〭ㄯ㋿鿫鿬𰜩 ∰ 𠀀 ")
#text(font: kai, weight: "bold", "가각鿫")
#text(font: serif, "宋体：鿫鿬鿭鿮鿯𰜩 가")
#text(font: sans, "黑体：鿫𰜩가 ")
#text(font: serif, weight: "bold", "鿫鿬가")
"""


def _pdfs(folder: Path, sources: list[str]) -> list[bytes]:
    """Return the PDFs Typst makes of ``sources`` with the fonts of ``folder`` only, in a child process
    (Typst's threads are kept out of the test session's process: conftest.typst_pdf)."""
    code = (
        "import sys, json, typst\n"
        "fonts = typst.Fonts(include_system_fonts=False, font_paths=[sys.argv[1]])\n"
        "compiler = typst.Compiler(font_paths=fonts)\n"
        "for i, source in enumerate(json.load(sys.stdin)):\n"
        "    data = compiler.compile(input=source.encode(), format='pdf', pdf_tags=False)\n"
        "    open(f'{sys.argv[2]}/{i}.pdf', 'wb').write(data)\n"
    )
    out = folder.parent / f"{folder.name}-pdfs"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(out)],
        input=json.dumps(sources),
        text=True,
        capture_output=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    return [(out / f"{i}.pdf").read_bytes() for i in range(len(sources))]


@needs_fonts
def test_a_collection_keeps_the_asked_faces_and_those_that_win_a_fallback() -> None:
    # Noto Sans CJK: JP (0) before SC (2) covers the same characters: a fallback takes JP, kept;
    # KR, TC, HK, the Mono faces never win over JP
    assert faces_to_keep(NOTO_SANS.read_bytes(), {2}, families()) == [0, 2]
    # ukai: HK and TW cover characters CN lacks: the collection stays whole
    assert faces_to_keep(UKAI.read_bytes(), {0}, families()) is None
    # not a collection
    assert faces_to_keep(b"\x00\x01\x00\x00" + bytes(20), set(), families()) is None


@needs_fonts
def test_a_cut_collection_holds_its_faces_tables_byte_for_byte(tmp_path: Path) -> None:
    target = tmp_path / "cut.ttc"
    write_collection(NOTO_SANS.read_bytes(), [0, 2], target)
    assert target.stat().st_size < NOTO_SANS.stat().st_size
    whole = TTCollection(io.BytesIO(NOTO_SANS.read_bytes()), lazy=True)
    cut = TTCollection(io.BytesIO(target.read_bytes()), lazy=True)
    assert len(cut.fonts) == 2
    for index, face in zip([0, 2], cut.fonts, strict=True):
        original = whole.fonts[index]
        assert sorted(face.keys()) == sorted(original.keys())
        for tag in sorted(original.keys()):
            if tag != "GlyphOrder":
                assert face.reader[tag] == original.reader[tag], (index, tag)


@needs_fonts
def test_the_cut_folder_makes_the_same_pdfs_as_the_whole_collections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = font_folder()
    assert folder is not None
    cut = [f for f in folder.glob("??-*") if not f.is_symlink()]
    assert {f.name.split("-", 1)[1] for f in cut} >= {"NotoSansCJK-Regular.ttc", "NotoSerifCJK-Regular.ttc"}
    assert len((folder / SOURCES).read_text().splitlines()) == len(cut)
    whole = tmp_path / "whole"
    whole.mkdir()
    for listed in (folder / SOURCES).read_text().splitlines():
        source = listed.split("\t")[-1]
        name = next(f.name for f in cut if f.name.split("-", 1)[1] == Path(source).name)
        (whole / name).symlink_to(source)
    for link in folder.glob("??-*"):
        if link.is_symlink():
            (whole / link.name).symlink_to(os.readlink(link))
    resources = RunResources()
    sources = [FALLBACKS] + [
        emit_typst(lay_out(compose_notice_file(path, resources), Placement.BOTTOM))
        for path in sample_paths()[:3]
    ]
    from_cut, from_whole = _pdfs(folder, sources), _pdfs(whole, sources)
    assert b"NotoSansCJKjp" in from_cut[0]  # the 楷体 Hangul's fallback: a JP face the cut kept
    assert from_cut == from_whole


@needs_fonts
def test_a_changed_collection_makes_the_folder_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = font_folder()
    assert folder is not None
    listed = folder / SOURCES
    stamps = listed.read_text()
    size, changed, path = stamps.splitlines()[0].split("\t")
    listed.write_text(stamps.replace(f"{size}\t{changed}\t{path}", f"{size}\t{int(changed) + 1}\t{path}"))
    (folder / "00-stale-mark.txt").write_text("")
    assert font_folder() == folder
    assert listed.read_text() == stamps
    assert not (folder / "00-stale-mark.txt").exists()
