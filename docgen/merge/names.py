"""File names of merged documents: from the user's pattern, with what no file system takes removed."""

from __future__ import annotations

import re

MAX_NAME = 100  # characters before the suffix: well under every file system's 255 bytes in UTF-8 (3 a 字)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
# names Windows gives to devices: a file called CON.docx cannot be opened there
_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))})


def safe_file_name(text: str, fallback: str) -> str:
    """Return ``text`` as a file name stem: no path separators or characters Windows refuses, no
    leading dot, runs of white space made one space, at most MAX_NAME characters; ``fallback`` if
    nothing is left.
    """
    name = _UNSAFE.sub("", text)
    name = _SPACES.sub(" ", name).strip(" .")
    if name.lower().endswith(".docx"):
        name = name[: -len(".docx")].rstrip(" .")
    name = name[:MAX_NAME].rstrip(" .")
    if not name:
        return fallback
    if name.split(".")[0].upper() in _DEVICES:
        return "_" + name
    return name


def unique_names(stems: list[str]) -> list[str]:
    """Return the stems made unique (case aside, as Windows and macOS compare): the second 回执 is 回执（2）."""
    seen: set[str] = set()
    result: list[str] = []
    for stem in stems:
        name, n = stem, 1
        while name.casefold() in seen:
            n += 1
            name = f"{stem}（{n}）"
        seen.add(name.casefold())
        result.append(name)
    return result
