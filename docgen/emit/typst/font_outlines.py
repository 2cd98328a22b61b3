"""CFF faces converted once to TrueType (glyf) outlines: Typst embeds them in each PDF at less cost.

Typst subsets a CFF face by taking every glyph used out of the face's subroutines, reading all of
the face's subroutines on every compile (Noto CJK: 46–57 thousand); a glyf face's glyphs are
copied as they are.  Measured (issue 17, callgrind, 20 notices of 2–4 pages, warm compiler):
167.5 → 125.8 M instructions a compile (−25 %), the PDFs 6 % smaller, every character's origin
the same.  The conversion (fontTools' cu2qu, at most 1/1000 em off the cubic outline: 0.006 mm at
16 pt) takes 40–75 s CPU and 0.9 GB a Noto CJK face, so it is never made on the way to a PDF:
``scripts/setup.sh`` runs it (``python -m docgen.emit.typst.font_outlines``) and
``fonts.font_folder`` uses a converted face when one is in the cache, the CFF face otherwise.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

from docgen.scratch import user_cache_dir

# Part of each converted file's name: a change to the conversion makes the faces again.
VERSION = "glyf-1"
MAX_ERROR = 1.0  # font units (1/1000 em): how far a quadratic outline may be from the cubic one


def outlines_dir() -> Path:
    """Return the cache folder of the converted faces."""
    return user_cache_dir() / "typst-outlines"


def stamp(path: str) -> str:
    """Return a line naming a font file with its size and time of change."""
    seen = os.stat(path)
    return f"{seen.st_size}\t{seen.st_mtime_ns}\t{path}"


def converted_name(path: str, index: int) -> str:
    """Return the file name of face ``index`` of ``path`` converted, for the font file as it is now
    (a font package updated gives another name: the old conversion is not used)."""
    key = hashlib.sha256(f"{VERSION}\t{index}\t{stamp(path)}".encode()).hexdigest()[:12]
    return f"{Path(path).stem}-{index}-{key}.ttf"


def converted(path: str, index: int) -> Path | None:
    """Return face ``index`` of font file ``path`` converted to TrueType outlines, if it has been."""
    target = outlines_dir() / converted_name(path, index)
    return target if target.is_file() else None


def is_cff(path: str, index: int) -> bool:
    """Return whether face ``index`` of ``path`` has CFF outlines (the only ones converted)."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        return "CFF " in font and "fvar" not in font
    finally:
        font.close()


def to_truetype(path: str, index: int, target: Path) -> None:
    """Write face ``index`` of ``path`` (CFF outlines) to ``target`` with TrueType outlines, its other
    tables as they were (fontTools' otf2ttf recipe; the glyph names dropped, as post format 3)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    # the source's time stamp kept: the same font gives the same file, and the same PDFs
    font = TTFont(path, fontNumber=index, recalcTimestamp=False)
    order = font.getGlyphOrder()
    cubic = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        cubic[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:  # CFF's vertical origins: not used by a glyf face
        del font["VORG"]
    glyf.compile(font)
    metrics = font["hmtx"]
    for name, glyph in glyphs.items():  # a glyf face's left side bearing is its outline's left edge
        if hasattr(glyph, "xMin"):
            metrics[name] = (metrics[name][0], glyph.xMin)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs"):
        setattr(maxp, field, 0)
    for field in ("maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.compile(font)
    font["post"].formatType = 3.0
    font.sfntVersion = "\000\001\000\000"
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    font.save(partial)
    partial.rename(target)


def _convert(path: str, index: int, target: Path) -> tuple[str, float]:
    """Convert one face (``to_truetype``); return its name and the CPU seconds it took."""
    start = time.process_time()
    to_truetype(path, index, target)
    return f"{Path(path).name} #{index}", time.process_time() - start


def convert_mapped_faces(report: bool = False) -> list[Path]:
    """Convert every CFF face of the font mapping's families not converted yet, one per core at a
    time (0.9 GB each), and drop the cache's conversions of font files since changed; return the
    converted faces."""
    from concurrent.futures import ProcessPoolExecutor

    from docgen.emit.typst.fonts import mapped_files, wanted_families

    files = mapped_files(wanted_families())
    if files is None:  # fontconfig cannot tell: nothing converted, nothing dropped
        return []
    folder = outlines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    faces = {folder / converted_name(path, index): (path, index) for path in sorted(files) for index in sorted(files[path])}
    todo = [(*face, target) for target, face in faces.items() if not target.is_file() and is_cff(*face)]
    if todo:
        with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
            for face, seconds in pool.map(_convert, *zip(*todo, strict=True)):
                if report:
                    from docgen.i18n import _

                    print(_("{face}: TrueType outlines made in {seconds:.0f} s").format(face=face, seconds=seconds), flush=True)
    made = [target for target in faces if target.is_file()]
    for stale in set(folder.iterdir()) - set(made):
        stale.unlink()
    return made


def main() -> int:
    """Convert the mapping's CFF faces (``scripts/setup.sh``); a failure (too little memory, a face
    fontTools cannot read) leaves the CFF faces in use and the installation done: return 0."""
    try:
        convert_mapped_faces(report=True)
    except Exception as error:  # noqa: BLE001 - an optional speed-up: any failure keeps the CFF faces
        from docgen.i18n import _

        print(
            _("The fonts' outlines could not be converted ({error}): Typst embeds the CFF faces, more slowly.").format(
                error=f"{type(error).__name__}: {error}"
            ),
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
