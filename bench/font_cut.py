"""Experiment: does embedding a CJK face cost by the face's size or by the glyphs used? (issue 17)

Cuts copies of the Noto CJK SC faces the mapping uses down to a character set with fontTools'
subsetter (GB 2312: its 6763 汉字 and its other characters, plus ASCII, Latin-1, general and CJK
punctuation and the full-width forms; ``--chars FILE`` adds the 汉字 of a file instead, e.g. the
8105 of 通用规范汉字表), puts them in a font folder beside the mapping's other fonts, and counts
the instructions (valgrind's callgrind: repeatable on a loaded machine, unlike times) of one compile
of each document with a warm compiler, with docgen's font folder and with the cut one.  A compile is
counted alone by a dump marker around it (``os.getsid``, which Typst never calls).  The documents:
a three-page corpus notice, a sample notice, a bulletin; each PDF's text (pdftotext) and pages
(pdftoppm, 60 dpi) compared between the two folders.

    .venv/bin/python bench/font_cut.py [--chars FILE] [--subroutines] [--cut-dir DIR]

Measured (2026-12-03, typst 0.15.2, instructions of one compile; warm: 1 or 4 other documents):
                         docgen's folder   GB 2312 cut        GB 2312 cut, desubroutinized
  corpus notice, 3 pages   146.3–146.8 M    136.7 M (−6.6 %)   129.9–130.0 M (−11.2 %)
  bulletin                 102.4–113.7 M    104.0 M (−8.5 %)    91.4–98.4 M (−11 to −13.5 %)
  zhangzi-2020-66, 6 pages 188.6–189.2 M    177.0 M (−6.2 %)   170.7–171.2 M (−9.5 %)
通用规范汉字表's 8105 cut the same as GB 2312's (136.0, 104.4, 178.1 M).  Text and pages the same.
Where the difference is: the CFF subsetter (``subsetter::cff::subset``) reads every subroutine of
the face into vectors on every compile (global and the 18 FDs' local Subrs: Noto Serif CJK SC
57 216, Noto Sans CJK SC 46 452; about 96 instructions each, 15 + 15 M for the 3 CFF faces of the
notice); a cut face has fewer (fontTools drops unused ones), a desubroutinized one none.  The rest
of embedding scales with the glyphs used: decompiling them 11 M, deflating the subsets 26 M (zlib
set-up 0.44 M a stream, 15 streams), drawing each for the font's bounding box 13 M.  Cutting takes
fontTools 13–33 s a face (load 10); the first compile of a process (font data hashed) 744 → 525 M.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/typst.py would shadow the typst package

NOTO = ("NotoSerifCJK-Regular", "NotoSerifCJK-Bold", "NotoSansCJK-Regular", "NotoSansCJK-Bold")
DOCUMENTS = ("notice3", "zhangzi-2020-66", "bulletin")


def gb2312() -> set[int]:
    """Return the code points of GB 2312's characters (its 6763 汉字 and 682 others)."""
    points = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return points


def character_set(chars: Path | None) -> set[int]:
    """Return the characters to keep: GB 2312's others, ASCII, Latin-1, punctuation, full-width
    forms, and GB 2312's 汉字 or those of ``chars``."""
    gb = gb2312()
    kept = {c for c in gb if not 0x4E00 <= c <= 0x9FFF}
    kept |= set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)) | set(range(0x2000, 0x2070))
    kept |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    if chars is None:
        return kept | (gb - kept)
    return kept | {ord(c) for c in chars.read_text(encoding="utf-8") if "\u3400" <= c <= "\U0003134f"}


def cut_faces(points: set[int], target: Path, desubroutinize: bool) -> None:
    """Write each Noto CJK SC face cut to ``points`` into ``target`` (all layout features kept)."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    target.mkdir(parents=True, exist_ok=True)
    for name in NOTO:
        path = f"/usr/share/fonts/opentype/noto/{name}.ttc"
        (number,) = [
            i
            for i, f in enumerate(TTCollection(path, lazy=True).fonts)
            if f["name"].getDebugName(1).endswith(" SC")
        ]
        font = TTFont(path, fontNumber=number)
        options = subset.Options()
        options.layout_features = ["*"]
        options.layout_scripts = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.prune_unicode_ranges = options.prune_codepage_ranges = False
        options.recalc_bounds = options.recalc_timestamp = False
        options.drop_tables = []
        options.desubroutinize = desubroutinize
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=points)
        subsetter.subset(font)
        font.save(target / f"{name}-SC.otf")
        print(f"cut {name}: {font['maxp'].numGlyphs} glyphs", flush=True)


def cut_folder(faces: Path, docgen_folder: Path, target: Path) -> None:
    """Make ``target``: the cut faces, and links to the other fonts of docgen's folder."""
    target.mkdir()
    for face in faces.glob("*.otf"):
        (target / face.name).symlink_to(face)
    for entry in docgen_folder.iterdir():
        if entry.is_symlink():
            (target / entry.name).symlink_to(entry.resolve())


def write_sources(folder: Path) -> None:
    """Write the Typst sources of the documents, and of the one that warms the compiler."""
    sys.path.insert(1, str(ROOT / "tests" / "corpus"))
    sys.path.append(str(ROOT / "bench"))
    from generate import write_notice
    from same_output import bulletins

    from docgen.emit.typst.emit import emit_typst
    from docgen.layout import Placement, lay_out
    from docgen.notices import compose_notice_file
    from docgen.run_resources import RunResources

    resources = RunResources()
    found: dict[str, str] = {}
    index = 20
    while len(found) < 2:
        write_notice(14, index, folder / "corpus")
        placed = lay_out(
            compose_notice_file(folder / "corpus" / f"n14-{index:03d}.md", resources), Placement.BOTTOM
        )
        name = "notice3" if placed.pages == 3 else "warm" if placed.pages in (2, 4) else ""
        if name:
            found.setdefault(name, emit_typst(placed))
        index += 1
    doc = compose_notice_file(ROOT / "samples" / "notices" / "zhangzi-2020-66.md", resources)
    found["zhangzi-2020-66"] = emit_typst(lay_out(doc, Placement.BOTTOM))
    for name, source in found.items():
        (folder / f"{name}.typ").write_text(source, encoding="utf-8")
    _subject, parts = next(iter(bulletins(1)))
    (folder / "bulletin.typ").write_bytes(parts["typst"])


def compile_marked(fonts: str, folder: Path) -> None:
    """Compile the warm source, then each document between two ``os.getsid`` markers; write the PDFs."""
    import typst

    compiler = typst.Compiler(font_paths=typst.Fonts(include_system_fonts=False, font_paths=[fonts]))
    compiler.compile(input=(folder / "warm.typ").read_bytes(), format="pdf", pdf_tags=False)
    for name in DOCUMENTS:
        os.getsid(0)
        pdf = compiler.compile(input=(folder / f"{name}.typ").read_bytes(), format="pdf", pdf_tags=False)
        os.getsid(0)
        assert isinstance(pdf, bytes)
        (folder / f"{name}-{Path(fonts).name}.pdf").write_bytes(pdf)


def count(fonts: Path, folder: Path) -> list[int]:
    """Return the instructions of each document's compile with the fonts of ``fonts`` (callgrind)."""
    out = folder / f"callgrind-{fonts.name}"
    command = ["valgrind", "--tool=callgrind", "--dump-before=getsid", f"--callgrind-out-file={out}.%p"]
    command += [sys.executable, __file__, "--compile", str(fonts), str(folder)]
    subprocess.run(command, check=True, capture_output=True)
    parts = sorted(folder.glob(f"callgrind-{fonts.name}.*.*"), key=lambda p: int(p.suffix[1:]))
    totals = [int(re.search(r"^summary: (\d+)", p.read_text(), re.M).group(1)) for p in parts]  # type: ignore[union-attr]
    return totals[1::2][: len(DOCUMENTS)]  # parts: before, compile, between, compile, …


def same_pages(first: Path, second: Path, folder: Path) -> bool:
    """Return whether two PDFs have the same text and the same pages at 60 dpi."""
    texts = [
        subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True, check=True).stdout
        for p in (first, second)
    ]
    images = []
    for pdf in (first, second):
        prefix = folder / pdf.stem
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(prefix)], check=True)
        images.append([p.read_bytes() for p in sorted(folder.glob(f"{pdf.stem}-*.png"))])
    return texts[0] == texts[1] and images[0] == images[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=Path, help="a file whose 汉字 to keep (default: GB 2312's)")
    parser.add_argument(
        "--subroutines", action="store_true", help="keep the CFF subroutines (fontTools' default)"
    )
    parser.add_argument("--cut-dir", type=Path, help="where the cut faces are, or are made (kept)")
    parser.add_argument("--compile", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compile:
        compile_marked(args.compile[0], Path(args.compile[1]))
        return 0
    from docgen.emit.typst.fonts import font_folder

    docgen_folder = font_folder()
    assert docgen_folder is not None, "fontconfig does not list the mapping's fonts"
    with tempfile.TemporaryDirectory(prefix="docgen-font-cut-") as tmp:
        folder = Path(tmp)
        faces = args.cut_dir or folder / "faces"
        if not list(faces.glob("*.otf")):
            cut_faces(character_set(args.chars), faces, not args.subroutines)
        cut = folder / "cut"
        cut_folder(faces, docgen_folder, cut)
        write_sources(folder)
        used = {ord(c) for name in DOCUMENTS for c in (folder / f"{name}.typ").read_text(encoding="utf-8")}
        outside = sorted(chr(c) for c in used - character_set(args.chars) if c >= 0x3400)
        print(f"characters of the documents outside the cut set: {''.join(outside) or 'none'}")
        full, smaller = count(docgen_folder, folder), count(cut, folder)
        print(f"{'document':18} {'docgen folder':>14} {'cut faces':>14} {'change':>8}  same text and pages")
        for name, before, after in zip(DOCUMENTS, full, smaller, strict=True):
            same = same_pages(folder / f"{name}-{docgen_folder.name}.pdf", folder / f"{name}-cut.pdf", folder)
            print(
                f"{name:18} {before / 1e6:12.1f} M {after / 1e6:12.1f} M {after / before - 1:+8.1%}  {same}"
            )
        shutil.rmtree(folder / "corpus", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
