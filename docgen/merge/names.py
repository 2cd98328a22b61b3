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


def unique_name(stem: str, taken: set[str]) -> str:
    """Return ``stem``, or 回执（2）, 回执（3）… if taken (case aside, as Windows and macOS compare); take it."""
    name, n = stem, 1
    while name.casefold() in taken:
        n += 1
        name = f"{stem}（{n}）"
    taken.add(name.casefold())
    return name
