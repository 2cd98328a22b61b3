"""The standard's font names mapped to the open faces Typst uses: the same mapping as LibreOffice's.

The mapping is read from ``docgen/convert/fonts.conf`` (the fontconfig file the LibreOffice
processes get), so both engines substitute the same faces: 仿宋 and 宋体 → Noto Serif CJK SC,
黑体 → Noto Sans CJK SC, 楷体 → AR PL UKai CN, 方正小标宋简体 → Noto Serif CJK SC Bold, each
followed by the faces that cover what it lacks (花园明朝 for CJK Extension A/B, Symbola).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import string
import struct
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from docgen.emit.typst.font_faces import faces_to_keep, write_collection
from docgen.emit.typst.font_outlines import converted, outlines_dir, stamp
from docgen.scratch import user_cache_dir

FONTS_CONF = Path(__file__).resolve().parents[2] / "convert" / "fonts.conf"
FALLBACK = ("Noto Serif CJK SC", "HanaMinA", "HanaMinB", "Symbola")
# Where Typst names a family otherwise than fontconfig: it folds ukai.ttc's faces (CN, HK, TW)
# into one family "AR PL UKai" whose first face is the CN one.
TYPST_NAMES = {"AR PL UKai CN": "AR PL UKai"}
# Part of the folder's name: a folder made by an older docgen (links only; no converted faces) is
# not shared with it.
FOLDER_VERSION = "faces-3"
# The list, in the folder, of the collections cut down (size, time of change, path): a font package
# updated makes the folder again.  Not a font file's name: Typst reads only .ttf/.otf/.ttc/.otc.
SOURCES = "sources.txt"
# The list, in the folder, of the converted faces in the cache when it was made (``font_outlines``).
OUTLINES = "outlines.txt"


@dataclass(frozen=True)
class Face:
    """The families to try in order, and whether to take their bold weight."""

    families: tuple[str, ...]
    bold: bool = False


@lru_cache(maxsize=1)
def faces() -> dict[str, Face]:
    """Return each standard font name's face, as fonts.conf maps it."""
    root = etree.parse(str(FONTS_CONF), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    mapping: dict[str, Face] = {}
    for alias in root.iter("alias"):
        name = alias.findtext("family")
        prefer = alias.find("prefer")
        if name and prefer is not None:
            mapping[name] = Face(
                tuple(TYPST_NAMES.get(f.text, f.text) for f in prefer.iter("family") if f.text)
            )
    for match in root.iter("match"):
        name = match.findtext("test/string")
        family = None
        bold = False
        for edit in match.iter("edit"):
            if edit.get("name") == "family":
                family = edit.findtext("string")
            elif edit.get("name") == "weight":
                bold = edit.findtext("const") == "bold"
        if name and family:
            base = mapping.get(family, Face((family,)))
            rest = tuple(f for f in FALLBACK if f != family)
            mapping[name] = Face((family, *(f for f in base.families[1:] or rest)), bold)
    return mapping


def face(name: str) -> Face:
    """Return the face for a standard font name (an unknown name gets the 仿宋 substitute)."""
    return faces().get(name, Face(FALLBACK))


def families() -> tuple[str, ...]:
    """Return every family the mapping uses (to check that each is installed)."""
    seen: dict[str, None] = {}
    for entry in faces().values():
        for family in entry.families:
            seen.setdefault(family)
    return tuple(seen)


def wanted_families() -> set[str]:
    """Return the family names the font folder holds the files of (fontconfig's and Typst's)."""
    return set(families()) | set(TYPST_NAMES)


def font_folder() -> Path | None:
    """Return a folder of the font files of the mapping's families only, for a Typst compiler that
    ignores the system's fonts (issue 17: it indexes 7 files, not every font on the machine: about
    40 ms less for each process that typesets).

    Made once in the user's cache from fontconfig's list: a link to every file of each family, so
    Typst chooses among the same faces as with the system's fonts (the PDFs are the same), except a
    collection holding faces Typst can never pick, written there without them (``font_faces``: the
    Noto CJK collections' JP, KR, TC, HK and Mono faces; the font index 50 → 22 ms CPU), and a face
    converted to TrueType outlines (``font_outlines``, by ``scripts/setup.sh``), linked in its
    collection's place (the compile 25 % cheaper).  Made again when a link no longer leads to a
    file, a collection it was cut from changed (``SOURCES``) or the converted faces are not those
    it was made with (``OUTLINES``).  None where fontconfig cannot tell or a family is missing:
    Typst then reads the system's fonts (and ``missing_fonts`` names what is missing).  A character
    none of these faces has is not looked for in other system fonts.
    """
    wanted = wanted_families()
    key = hashlib.sha256("\n".join([FOLDER_VERSION, *sorted(wanted)]).encode()).hexdigest()[:12]
    folder = user_cache_dir() / f"typst-fonts-{key}"
    try:
        links = list(folder.iterdir()) if folder.is_dir() else []
        if links and all(link.exists() for link in links) and _sources_unchanged(folder):
            return folder
        return _make_font_folder(folder, wanted)
    except OSError:
        return None


def _outlines() -> str:
    """Return the names of the converted faces in the cache, one a line."""
    found = sorted(p.name for p in outlines_dir().glob("*.ttf")) if outlines_dir().is_dir() else []
    return "".join(f"{name}\n" for name in found)


def _sources_unchanged(folder: Path) -> bool:
    """Return whether every collection the folder holds a cut of is as it was when cut, and the
    converted faces are those it was made with."""
    listed, outlines = folder / SOURCES, folder / OUTLINES
    if not listed.is_file() or not outlines.is_file() or outlines.read_text(encoding="utf-8") != _outlines():
        return False
    for line in listed.read_text(encoding="utf-8").splitlines():
        path = line.split("\t", 2)[-1]
        if not os.path.exists(path) or stamp(path) != line:
            return False
    return True


def mapped_files(wanted: set[str]) -> dict[str, set[int]] | None:
    """Return each font file of the ``wanted`` families (its real path) with the indices of their
    faces in it, as fontconfig lists them (None: no fontconfig, or not all families found)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listing = subprocess.run(
        [fc_list, "--format", "%{family}\t%{file}\t%{index}\n"], capture_output=True, text=True, check=False
    ).stdout
    files: dict[str, set[int]] = {}
    found: set[str] = set()
    for line in listing.splitlines():
        names, _tab, rest = line.partition("\t")
        file, _tab, index = rest.partition("\t")
        matched = wanted.intersection(names.split(","))
        if matched and file:
            found |= matched
            faces = files.setdefault(os.path.realpath(file), set())
            if index.isdigit():
                faces.add(int(index))
    if not files or not wanted <= found | set(TYPST_NAMES.values()):
        return None
    return files


def _place(file: str, faces: set[int], wanted: set[str], number: int, folder: Path) -> bool:
    """Put font file ``file`` into ``folder`` as Typst should read it: a link, a collection cut down to
    the faces Typst can pick, or (its ``faces`` converted to TrueType outlines) those faces linked
    each as a file of its own between the collection's other faces, in their order (Typst takes the
    first face among equals).  Return whether it was cut from ``file``."""
    name = Path(file).name
    data = Path(file).read_bytes() if name.lower().endswith((".ttc", ".otc")) else b""
    keep = faces_to_keep(data, faces, wanted) if data else None
    ready = {i: p for i in sorted(faces) if (p := converted(file, i)) is not None}
    if not ready:
        if keep is None:
            (folder / f"{number:02d}-{name}").symlink_to(file)
            return False
        write_collection(data, keep, folder / f"{number:02d}-{name}")
        return True
    if not data:  # a single face: its conversion instead
        (folder / f"{number:02d}-{Path(file).stem}.ttf").symlink_to(next(iter(ready.values())))
        return True
    runs: list[list[int]] = []  # the faces in their order, a converted one a run of its own
    for index in keep if keep is not None else range(struct.unpack_from(">L", data, 8)[0]):
        if index in ready or not runs or runs[-1][0] in ready:
            runs.append([index])
        else:
            runs[-1].append(index)
    for letter, run in zip(string.ascii_lowercase, runs, strict=False):
        if run[0] in ready:
            (folder / f"{number:02d}{letter}-{Path(file).stem}-{run[0]}.ttf").symlink_to(ready[run[0]])
        else:
            write_collection(data, run, folder / f"{number:02d}{letter}-{name}")
    return True


def _make_font_folder(folder: Path, wanted: set[str]) -> Path | None:
    """Make ``folder`` anew with each font file of the ``wanted`` families (``_place``; None: not
    all families found)."""
    files = mapped_files(wanted)
    if files is None:
        return None
    outlines = _outlines()  # read before the faces are placed: one converted meanwhile remakes it
    temporary = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    cut = [
        stamp(file)
        for number, file in enumerate(sorted(files))
        if _place(file, files[file], wanted, number, temporary)
    ]
    (temporary / SOURCES).write_text("".join(f"{line}\n" for line in cut), encoding="utf-8")
    (temporary / OUTLINES).write_text(outlines, encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        temporary.rename(folder)
    except OSError:  # another process made it meanwhile: theirs is as good
        shutil.rmtree(temporary, ignore_errors=True)
    return folder
