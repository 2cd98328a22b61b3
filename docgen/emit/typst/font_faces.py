"""A font collection (.ttc) cut down to the faces Typst can ever pick from it: the same PDFs, a smaller font index.

Typst indexes every face of every file it is given (its font book: each face's name, variant and
character coverage) in each process before the first compile.  The Noto CJK collections hold 5 or
10 faces each (JP, KR, SC, TC, HK, and the Mono ones) of which the mapping names only SC: of the 59
faces in the mapping's 8 files, 47 are never asked for.  Measured (issue 17): the index took 55 ms
CPU of a cold process, 15 ms with the trimmed collections; every PDF byte for byte the same.

A face not asked for is still a candidate when Typst looks for a fallback font for a character none
of the asked families has (``FontBook::select_fallback``: the best score by kind, name, variant;
the first face among equals).  So a face is left out only when an earlier face kept from the same
collection beats or ties it for every character and every asking family (``_dominates``): it
covers the same characters or more, has the same variant and kind, and a name at least as close to
each wanted family's and no longer.  Anything this cannot read (an unknown cmap format, no Windows
English family name, a variable face) keeps the collection whole.

Written by hand rather than with fontTools: it reads the few fields Typst scores on and copies the
tables' bytes as they are (fontTools decompiles and re-serializes: 1.1 to 2.4 s a Noto face,
measured; this takes about 0.1 s).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Typst's typographic_family trims these style words off a family name (typst-library
# text/font/info.rs): a name ending with one is left to Typst, its collection kept whole.
# fmt: off
_STYLE_SUFFIXES = (
    "normal", "italic", "oblique", "slanted", "thin", "th", "hairline", "light", "lt", "regular",
    "medium", "med", "md", "bold", "bd", "demi", "extb", "black", "blk", "bk", "heavy", "narrow",
    "condensed", "cond", "cn", "cd", "compressed", "expanded", "exp", "vf", "var", "variable",
)
# fmt: on


@dataclass(frozen=True)
class _Face:
    """What Typst scores a face on when it looks for a fallback, and where its tables are."""

    tables: tuple[tuple[bytes, int, int, int], ...]  # tag, checksum, offset, length
    family: str
    kind: bytes  # the variant and kind fields: OS/2 weight, width, panose, fsSelection; post's fixed pitch
    italic_words: tuple[bool, ...]
    coverage: frozenset[int] | None


def faces_to_keep(data: bytes, wanted_faces: set[int], wanted_families: Iterable[str]) -> list[int] | None:
    """Return the indices of the faces of collection ``data`` Typst can pick (the ``wanted_faces``
    and those no earlier kept face beats for every character), or None: keep the file as it is
    (not a collection, nothing left out, or something not understood)."""
    if data[:4] != b"ttcf":
        return None
    count = struct.unpack_from(">L", data, 8)[0]
    offsets = struct.unpack_from(f">{count}L", data, 12)
    try:
        faces = [_read_face(data, offset) for offset in offsets]
    except (struct.error, ValueError, UnicodeDecodeError):
        return None
    families = [f.lower() for f in wanted_families]
    kept: list[int] = []
    for index, face in enumerate(faces):
        if index in wanted_faces:
            kept.append(index)
            continue
        if face.coverage is None or not any(_dominates(faces[k], face, families) for k in kept if k < index):
            kept.append(index)
    if len(kept) == count or any(faces[i].coverage is None for i in kept):
        return None
    return kept


def _dominates(first: _Face, later: _Face, families: list[str]) -> bool:
    """Return whether ``first`` (earlier in the book) wins or ties every fallback ``later`` could win."""
    if first.coverage is None or later.coverage is None or not later.coverage <= first.coverage:
        return False
    if first.kind != later.kind or first.italic_words != later.italic_words:
        return False
    if len(first.family) > len(later.family):
        return False
    return all(_shared_words(first.family, w) >= _shared_words(later.family, w) for w in families)


def _shared_words(left: str, right: str) -> int:
    """Return how many leading words two family names share (Typst's shared_prefix_words)."""
    count = 0
    for a, b in zip(re.findall(r"\w+", left.lower()), re.findall(r"\w+", right.lower()), strict=False):
        if a != b:
            break
        count += 1
    return count


def _read_face(data: bytes, offset: int) -> _Face:
    """Return the face whose table directory is at ``offset`` of ``data``."""
    tables_count = struct.unpack_from(">H", data, offset + 4)[0]
    tables = tuple(struct.unpack_from(">4sLLL", data, offset + 12 + 16 * i) for i in range(tables_count))
    by_tag = {tag: data[start : start + length] for tag, _sum, start, length in tables}
    family = _family(by_tag.get(b"name", b""))
    os2, post = by_tag.get(b"OS/2", b""), by_tag.get(b"post", b"")
    usable = family is not None and len(os2) >= 64 and len(post) >= 16 and b"fvar" not in by_tag
    if not usable or family is None or family.lower().endswith(_STYLE_SUFFIXES):
        return _Face(tables, family or "", b"", (), None)
    kind = os2[4:8] + os2[32:42] + os2[62:64] + post[12:16]
    full = (_name(by_tag[b"name"], 4) or "").lower()
    italic_words = tuple(word in full for word in ("italic", "oblique", "slanted"))
    return _Face(tables, family, kind, italic_words, _coverage(by_tag.get(b"cmap", b"")))


def _name(table: bytes, name_id: int) -> str | None:
    """Return name ``name_id`` of a name table in Windows English (UTF-16), else None."""
    if len(table) < 6:
        return None
    count, strings = struct.unpack_from(">HH", table, 2)
    for i in range(count):
        platform, encoding, language, nid, length, start = struct.unpack_from(">6H", table, 6 + 12 * i)
        if (platform, encoding, language, nid) == (3, 1, 0x409, name_id):
            return table[strings + start : strings + start + length].decode("utf-16-be")
    return None


def _family(table: bytes) -> str | None:
    """Return the face's family name as Typst reads it (name 1), trimmed of spaces and leading dots."""
    family = _name(table, 1)
    return family.strip().lstrip(".") if family is not None else None


def _coverage(cmap: bytes) -> frozenset[int] | None:
    """Return the code points of the cmap's Unicode subtables as Typst counts them, or None for a
    format this does not read."""
    if len(cmap) < 4:
        return None
    points: set[int] = set()
    for i in range(struct.unpack_from(">H", cmap, 2)[0]):
        platform, encoding, start = struct.unpack_from(">HHL", cmap, 4 + 8 * i)
        if not (platform == 0 or (platform == 3 and encoding in (1, 10))):
            continue
        kind = struct.unpack_from(">H", cmap, start)[0]
        if kind == 4:
            segments = struct.unpack_from(">H", cmap, start + 6)[0] // 2
            ends = struct.unpack_from(f">{segments}H", cmap, start + 14)
            starts = struct.unpack_from(f">{segments}H", cmap, start + 16 + 2 * segments)
            for first, last in zip(starts, ends, strict=True):
                points.update(range(first, min(last, 0xFFFE) + 1))
        elif kind == 12:
            groups = struct.unpack_from(">L", cmap, start + 12)[0]
            for first, last, _glyph in struct.iter_unpack(">3L", cmap[start + 16 : start + 16 + 12 * groups]):
                points.update(range(first, last + 1))
        elif kind != 14:  # 14: variation sequences, no code points of their own
            return None
    return frozenset(points)


def write_collection(data: bytes, keep: list[int], target: Path) -> None:
    """Write a collection of the faces ``keep`` of collection ``data`` (in their order), each
    table's bytes copied once however many faces share it."""
    offsets = struct.unpack_from(f">{struct.unpack_from('>L', data, 8)[0]}L", data, 12)
    faces = [_read_face(data, offsets[i]).tables for i in keep]
    head = 12 + 4 * len(faces)
    directories = [head + sum(12 + 16 * len(t) for t in faces[:i]) for i in range(len(faces))]
    base = directories[-1] + 12 + 16 * len(faces[-1])  # where the tables begin: a multiple of 4
    placed: dict[tuple[int, int], int] = {}
    body = bytearray()
    for tables in faces:
        for _tag, _sum, start, length in tables:
            if (start, length) not in placed:
                body += bytes(-len(body) % 4)  # tables start on 4-byte boundaries
                placed[(start, length)] = base + len(body)
                body += data[start : start + length]
    out = bytearray(b"ttcf" + struct.pack(">HHL", 1, 0, len(faces)))
    out += struct.pack(f">{len(faces)}L", *directories)
    for index, tables in zip(keep, faces, strict=True):
        offset = offsets[index]
        out += data[offset : offset + 12]  # sfnt version and the search fields, as they were
        for tag, checksum, start, length in tables:
            out += struct.pack(">4sLLL", tag, checksum, placed[(start, length)], length)
    target.write_bytes(bytes(out + body))
