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
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from docgen.emit.typst.font_faces import faces_to_keep, write_collection
from docgen.scratch import user_cache_dir

FONTS_CONF = Path(__file__).resolve().parents[2] / "convert" / "fonts.conf"
FALLBACK = ("Noto Serif CJK SC", "HanaMinA", "HanaMinB", "Symbola")
# Where Typst names a family otherwise than fontconfig: it folds ukai.ttc's faces (CN, HK, TW)
# into one family "AR PL UKai" whose first face is the CN one.
TYPST_NAMES = {"AR PL UKai CN": "AR PL UKai"}
# Part of the folder's name: a folder made by an older docgen (links only) is made again.
FOLDER_VERSION = "faces-2"
# The list, in the folder, of the collections cut down (size, time of change, path): a font package
# updated makes the folder again.  Not a font file's name: Typst reads only .ttf/.otf/.ttc/.otc.
SOURCES = "sources.txt"


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


def font_folder() -> Path | None:
    """Return a folder of the font files of the mapping's families only, for a Typst compiler that
    ignores the system's fonts (issue 17: it indexes 7 files, not every font on the machine: about
    40 ms less for each process that typesets).

    Made once in the user's cache from fontconfig's list: a link to every file of each family, so
    Typst chooses among the same faces as with the system's fonts (the PDFs are the same), except a
    collection holding faces Typst can never pick, written there without them (``font_faces``: the
    Noto CJK collections' JP, KR, TC, HK and Mono faces; the font index 50 → 22 ms CPU).  Made
    again when a link no longer leads to a file or a collection it was cut from changed
    (``SOURCES``).  None where fontconfig cannot tell or a family is missing: Typst then reads the
    system's fonts (and ``missing_fonts`` names what is missing).  A character none of these faces
    has is not looked for in other system fonts.
    """
    wanted = set(families()) | set(TYPST_NAMES)
    key = hashlib.sha256("\n".join([FOLDER_VERSION, *sorted(wanted)]).encode()).hexdigest()[:12]
    folder = user_cache_dir() / f"typst-fonts-{key}"
    try:
        links = list(folder.iterdir()) if folder.is_dir() else []
        if links and all(link.exists() for link in links) and _sources_unchanged(folder):
            return folder
        return _make_font_folder(folder, wanted)
    except OSError:
        return None


def _stamp(path: str) -> str:
    """Return a line naming a font file with its size and time of change."""
    seen = os.stat(path)
    return f"{seen.st_size}\t{seen.st_mtime_ns}\t{path}"


def _sources_unchanged(folder: Path) -> bool:
    """Return whether every collection the folder holds a cut of is as it was when cut."""
    listed = folder / SOURCES
    if not listed.is_file():
        return False
    for line in listed.read_text(encoding="utf-8").splitlines():
        path = line.split("\t", 2)[-1]
        if not os.path.exists(path) or _stamp(path) != line:
            return False
    return True


def _make_font_folder(folder: Path, wanted: set[str]) -> Path | None:
    """Make ``folder`` anew with each font file of the ``wanted`` families: a link, or a collection
    cut down to the faces Typst can pick (None: not all families found)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listing = subprocess.run(
        [fc_list, "--format", "%{family}\t%{file}\t%{index}\n"], capture_output=True, text=True, check=False
    ).stdout
    files: dict[str, set[int]] = {}  # each file, and the faces in it of the wanted families
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
    temporary = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    cut: list[str] = []
    for number, file in enumerate(sorted(files)):
        target = temporary / f"{number:02d}-{Path(file).name}"
        data = Path(file).read_bytes() if file.lower().endswith((".ttc", ".otc")) else b""
        keep = faces_to_keep(data, files[file], wanted) if data else None
        if keep is None:
            target.symlink_to(file)
        else:
            write_collection(data, keep, target)
            cut.append(_stamp(file))
    (temporary / SOURCES).write_text("".join(f"{line}\n" for line in cut), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        temporary.rename(folder)
    except OSError:  # another process made it meanwhile: theirs is as good
        shutil.rmtree(temporary, ignore_errors=True)
    return folder
