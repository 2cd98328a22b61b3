"""CFF faces converted to TrueType outlines (emit/typst/font_outlines): Typst embeds the glyf face,
every character where the CFF face put it; the font folder links a converted face in its
collection's place, and is made again when the conversions change."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
import typst
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTCollection, TTFont

from docgen.emit.typst.font_outlines import (
    MAX_ERROR,
    convert_mapped_faces,
    converted_name,
    outlines_dir,
    to_truetype,
)
from docgen.emit.typst.fonts import font_folder, mapped_files, wanted_families

FAMILY = "Docgen Outline Test"
ROOT = Path(__file__).resolve().parent.parent
MM_PER_PT = 25.4 / 72


def _cff_font(path: Path) -> None:
    """Write a small CFF font: 永, 一 and A drawn with cubic curves and lines."""
    strings = {}
    for name, (width, bulge) in {".notdef": (500, 0), "A": (600, 120), "uni4E00": (1000, 40), "uni6C38": (1000, 300)}.items():
        pen = T2CharStringPen(width, None)
        if bulge:
            pen.moveTo((60, -80))
            pen.curveTo((60 + bulge, 700), (width - 60 - bulge, 820), (width - 60, 40))
            pen.lineTo((width // 2, 300))
            pen.closePath()
        strings[name] = pen.getCharString()
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(list(strings))
    builder.setupCharacterMap({ord("A"): "A", 0x4E00: "uni4E00", 0x6C38: "uni6C38"})
    builder.setupCFF("DocgenOutlineTest", {"FullName": FAMILY}, strings, {})
    bounds = {}
    for name, charstring in strings.items():
        pen = BoundsPen(None)
        charstring.draw(pen)
        bounds[name] = pen.bounds
    builder.setupHorizontalMetrics(
        {name: (s.width, bounds[name][0] if bounds[name] else 0) for name, s in strings.items()}
    )
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable(
        {"familyName": FAMILY, "styleName": "Regular", "fullName": FAMILY, "psName": "DocgenOutlineTest"}
    )
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))


def _origins(pdf: bytes) -> list[tuple[str, float, float]]:
    """Return each character of the PDF's first page with its origin, mm (not PDFium's spaces)."""
    document = pdfium.PdfDocument(pdf)
    textpage = document[0].get_textpage()
    found = []
    for index in range(textpage.count_chars()):
        if textpage.get_text_range(index, 1).isspace():
            continue
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_raw.FPDFText_GetCharOrigin(textpage, index, x, y)
        found.append((textpage.get_text_range(index, 1), x.value * MM_PER_PT, y.value * MM_PER_PT))
    return found


def _compile(folder: Path) -> bytes:
    source = f'#set text(font: "{FAMILY}", fallback: false, size: 16pt)\n' + "永一A永\n\n一永永A一\n"
    compiler = typst.Compiler(font_paths=typst.Fonts(include_system_fonts=False, font_paths=[str(folder)]))
    pdf = compiler.compile(input=source.encode("utf-8"), format="pdf", pdf_tags=False)
    assert isinstance(pdf, bytes)
    return pdf


def test_a_converted_face_is_embedded_as_truetype_with_every_character_in_place(tmp_path: Path) -> None:
    (tmp_path / "cff").mkdir()
    (tmp_path / "glyf").mkdir()
    _cff_font(tmp_path / "cff" / "test.otf")
    to_truetype(str(tmp_path / "cff" / "test.otf"), 0, tmp_path / "glyf" / "test.ttf")
    cff, glyf = TTFont(tmp_path / "cff" / "test.otf"), TTFont(tmp_path / "glyf" / "test.ttf")
    assert "glyf" in glyf
    assert "CFF " not in glyf
    for name in cff.getGlyphOrder():  # the same outline within the conversion's error
        before, after = BoundsPen(None), BoundsPen(None)
        cff.getGlyphSet()[name].draw(before)
        glyf.getGlyphSet()[name].draw(after)
        assert (before.bounds is None) == (after.bounds is None)
        if before.bounds:
            assert max(abs(a - b) for a, b in zip(before.bounds, after.bounds, strict=True)) <= MAX_ERROR + 0.5
        assert cff["hmtx"][name][0] == glyf["hmtx"][name][0]
    cff.close()
    glyf.close()
    cff_pdf, glyf_pdf = _compile(tmp_path / "cff"), _compile(tmp_path / "glyf")
    assert b"/FontFile3" in cff_pdf
    assert b"/FontFile2" not in cff_pdf
    assert b"/FontFile2" in glyf_pdf
    assert b"/FontFile3" not in glyf_pdf
    before, after = _origins(cff_pdf), _origins(glyf_pdf)
    assert "".join(c for c, _x, _y in after) == "".join(c for c, _x, _y in before)
    assert "".join(c for c, _x, _y in after) == "永一A永一永永A一"
    assert all(abs(xa - xb) <= 0.01 and abs(ya - yb) <= 0.01 for (_c, xa, ya), (_d, xb, yb) in zip(before, after, strict=True))


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
def test_the_folder_links_a_converted_face_in_its_collections_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    files = mapped_files(wanted_families())
    assert files is not None
    serif = next((f for f in files if Path(f).name == "NotoSerifCJK-Regular.ttc"), None)
    if serif is None:
        pytest.skip("Noto Serif CJK (fonts-noto-cjk) is not installed")
    (index,) = files[serif]
    before = font_folder()
    assert before is not None
    assert (before / "03-NotoSerifCJK-Regular.ttc").is_file()
    # a conversion appears (its content does not matter to the folder: a stand-in, not a font)
    outlines_dir().mkdir(parents=True)
    made = outlines_dir() / converted_name(serif, index)
    made.write_bytes(b"glyf")
    folder = font_folder()
    assert folder == before
    names = sorted(p.name for p in folder.glob("03*"))
    assert names == ["03a-NotoSerifCJK-Regular.ttc", f"03b-NotoSerifCJK-Regular-{index}.ttf"]
    assert (folder / names[1]).resolve() == made
    faces = _face_names(folder / names[0])
    assert faces
    assert not any(" SC" in face for face in faces)
    assert (folder / "02-NotoSerifCJK-Bold.ttc").is_file()  # not converted: as before
    made.unlink()  # the conversion gone (a font package updated): the CFF face again
    assert sorted(p.name for p in font_folder().glob("03*")) == ["03-NotoSerifCJK-Regular.ttc"]  # type: ignore[union-attr]


def _face_names(path: Path) -> list[str]:
    """Return the full names of a collection's faces."""
    collection = TTCollection(str(path), lazy=True)
    try:
        return [str(face["name"].getDebugName(4)) for face in collection.fonts]
    finally:
        collection.close()


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
def test_faces_converted_already_are_kept_and_stale_ones_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    files = mapped_files(wanted_families())
    assert files is not None
    cff = [(path, index) for path, faces in files.items() for index in faces if path.endswith((".ttc", ".otf"))]
    cff = [(path, index) for path, index in cff if "Noto" in path]
    if not cff:
        pytest.skip("no Noto CJK (fonts-noto-cjk) installed")
    outlines_dir().mkdir(parents=True)
    ready = [outlines_dir() / converted_name(path, index) for path, index in cff]
    for target in ready:  # stand-ins: the conversion itself takes minutes (the first test converts)
        target.write_bytes(b"glyf")
    stale = outlines_dir() / "NotoSerifCJK-Regular-2-000000000000.ttf"  # of a font file since changed
    stale.write_bytes(b"glyf")
    assert sorted(convert_mapped_faces()) == sorted(ready)
    assert not stale.exists()


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
def test_a_conversion_that_fails_leaves_the_installation_done(tmp_path: Path) -> None:
    # scripts/setup.sh's step: the cache cannot be written (a file where its folder should be)
    (tmp_path / "docgen").write_text("")
    run = subprocess.run(
        [sys.executable, "-m", "docgen.emit.typst.font_outlines"],
        cwd=ROOT,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0
    assert "未能转换为 TrueType 轮廓" in run.stderr  # messages in Chinese by default
    assert "原来的字形" in run.stderr  # the original (CFF) faces stay
