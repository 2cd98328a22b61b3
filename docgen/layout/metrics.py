"""Glyph advances of the faces the previews set the standard's fonts in, read from the font files.

LibreOffice sets the body's 仿宋_GB2312 in the face fontconfig gives it with the project's fonts.conf
(Noto Serif CJK SC here, ``docgen fonts``); digits and Latin letters there are proportional (「1」
471/1000 em, 「0」 557/1000), not half a 字.  The estimate (``estimate.py``) breaks lines with these
advances so that its lines end where LibreOffice's do.  Read with fontTools (the font's ``hmtx``
through its ``cmap``), once per face and lazily, offline; when fontconfig or the face is missing the
advances are None and the estimate keeps its measured table.

A run held whole (``w:lang w:eastAsia="zxx"``, layout/bodyhold.py) is drawn in the same face with
the same advances (measured: 「0355-8221234」 held, 「1」 7.54 pt as in plain text).  Digits after a
Latin letter (「DB-2025」, held or not) are 549/1000 em: shaped as Latin script, the face's ``locl``
for the default language system (lookup 42 of Noto Serif CJK) swaps in tabular digits, which the
estimate takes as measured (``estimate._WESTERN_DIGIT``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from docgen.fontfiles import face_file
from docgen.scratch import user_cache_dir

BODY_FONT = "仿宋_GB2312"


@lru_cache(maxsize=8)
def advances(name: str) -> dict[int, float] | None:
    """Return the advance of every half-width code point the face for ``name`` maps, in em, or
    None when the face cannot be read (full-width ones are a 字 on the grid)."""
    found = _face_once(name)
    return None if found is None else found[0]


def advance_pt(ch: str, size_pt: float, name: str = BODY_FONT) -> float | None:
    """Return the advance of ``ch`` at ``size_pt`` in the face for ``name`` (no character spacing),
    or None when the face cannot be read or lacks ``ch``."""
    table = advances(name)
    if table is None:
        return None
    em = table.get(ord(ch))
    return None if em is None else em * size_pt


_ASCII = [chr(code) for code in range(0x21, 0x7F)]


@lru_cache(maxsize=8)
def kerning(name: str) -> dict[tuple[str, str], float]:
    """Return the pair kerning of the face for ``name`` between printable ASCII characters, in em
    (its GPOS ``kern`` feature, which LibreOffice applies: 「DB」 -28/1000), empty when unreadable."""
    found = _face_once(name)
    return {} if found is None else found[1]


Metrics = tuple[dict[int, float], dict[tuple[str, str], float]]


@lru_cache(maxsize=8)
def _face_once(name: str) -> Metrics | None:
    """Return ``_face(name)``, read once per process: advances and kerning both ask for it."""
    return _face(name)


def _face(name: str) -> Metrics | None:
    """Return the half-width advances and the ASCII kerning of the face for ``name``, from docgen's
    cache when it holds them for this very file (path, size, time), else read and cached."""
    found = face_file(name)
    if found is None:
        return None
    file, index = found
    stat = Path(file).stat()
    key = hashlib.sha256(f"{file}\0{index}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:24]
    cached = user_cache_dir() / f"metrics-{key}.json"
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
        data = json.loads(cached.read_text(encoding="utf-8"))
        widths = {int(code): float(em) for code, em in data["advances"].items()}
        pairs = {(str(a), str(b)): float(em) for a, b, em in data["kerning"]}
        return widths, pairs
    read = _read(file, index)
    if read is not None:
        data = {
            "advances": {str(c): em for c, em in read[0].items()},
            "kerning": [[a, b, em] for (a, b), em in read[1].items()],
        }
        with contextlib.suppress(OSError):  # a read-only cache: read again next time
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(data), encoding="utf-8")
            os.replace(temporary, cached)
    return read


def _read(file: str, index: int) -> Metrics | None:
    """Return the half-width advances and ASCII kerning read from the font file, or None."""
    from fontTools.ttLib import TTFont  # imported here: only the estimate needs it

    try:
        with TTFont(file, fontNumber=index, lazy=True) as font:
            per_em = font["head"].unitsPerEm
            metrics = font["hmtx"].metrics
            cmap = font.getBestCmap()
            widths = {
                code: metrics[glyph][0] / per_em
                for code, glyph in cmap.items()
                if glyph in metrics and unicodedata.east_asian_width(chr(code)) not in ("F", "W", "A")
            }
            pairs: dict[tuple[str, str], float] = {}
            glyphs = {ch: cmap[ord(ch)] for ch in _ASCII if ord(ch) in cmap}
            if "GPOS" in font:
                table = font["GPOS"].table
                lookups = {
                    i
                    for r in table.FeatureList.FeatureRecord
                    if r.FeatureTag == "kern"
                    for i in r.Feature.LookupListIndex
                }
                for number in sorted(lookups):
                    lookup = table.LookupList.Lookup[number]
                    for sub in lookup.SubTable:
                        sub = sub.ExtSubTable if lookup.LookupType == 9 else sub
                        if getattr(sub, "Format", None) in (1, 2) and hasattr(sub, "Coverage"):
                            _pair_values(sub, glyphs, per_em, pairs)
            return widths, pairs
    except Exception:  # a broken or unexpected face: the estimate falls back to its table
        return None


def _pair_values(sub: Any, glyphs: dict[str, str], per_em: int, pairs: dict[tuple[str, str], float]) -> None:
    """Add the x-advance adjustments of one PairPos subtable between ``glyphs`` to ``pairs``."""
    coverage = {glyph: i for i, glyph in enumerate(sub.Coverage.glyphs)}
    for first, first_glyph in glyphs.items():
        if first_glyph not in coverage:
            continue
        for second, second_glyph in glyphs.items():
            if (first, second) in pairs:
                continue  # the first lookup that gives a pair a value wins
            value = None
            if sub.Format == 1:
                for record in sub.PairSet[coverage[first_glyph]].PairValueRecord:
                    if record.SecondGlyph == second_glyph:
                        value = record.Value1
                        break
            else:
                class1 = sub.ClassDef1.classDefs.get(first_glyph, 0)
                class2 = sub.ClassDef2.classDefs.get(second_glyph, 0)
                value = sub.Class1Record[class1].Class2Record[class2].Value1
            advance = getattr(value, "XAdvance", 0) if value is not None else 0
            if advance:
                pairs[first, second] = advance / per_em
