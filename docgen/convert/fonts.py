"""What the standard's font names resolve to when previews are made, and which characters no font covers.

Both questions are asked of fontconfig with the project's fonts.conf, exactly as the LibreOffice
conversion processes see it (FONTCONFIG_FILE is set for them only).
"""

from __future__ import annotations

import bisect
import os
import shutil
import subprocess
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from functools import lru_cache

from docgen.convert.oneshot import FONTS_CONF

# The standard's names and the usual Windows names a document may carry.
STANDARD_FONTS = (
    "方正小标宋简体",
    "仿宋_GB2312",
    "仿宋",
    "FangSong",
    "楷体_GB2312",
    "楷体",
    "KaiTi",
    "黑体",
    "SimHei",
    "宋体",
    "SimSun",
)
_CJK_PROBE = "公文仿宋楷黑体标题"


@dataclass(frozen=True)
class FontMapping:
    """One font name and the face fontconfig gives LibreOffice for it."""

    name: str
    family: str
    style: str
    file: str
    substitute: bool
    chinese: bool


def _fc(*args: str) -> str:
    if shutil.which("fc-match") is None:
        return ""
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))
    result = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    return result.stdout


@lru_cache(maxsize=1)
def font_report() -> tuple[FontMapping, ...]:
    """Return what each standard font name resolves to for previews."""
    mappings = []
    for name in STANDARD_FONTS:
        line = _fc("fc-match", "-f", "%{family[0]}\t%{style[0]}\t%{file}\t%{charset}\n", name).strip()
        if not line:
            mappings.append(FontMapping(name, "", "", "", True, False))
            continue
        family, style, file, charset = (line.split("\t") + ["", "", "", ""])[:4]
        ranges = _parse_charset(charset)
        chinese = all(_covered(ranges, ord(ch)) for ch in _CJK_PROBE)
        mappings.append(FontMapping(name, family, style, file, family != name, chinese))
    return tuple(mappings)


def _parse_charset(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for item in set(text.split()):  # fonts share most ranges: each read once (90,000 items → 8,000)
        first, _sep, last = item.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for low, high in ranges:
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _covered(ranges: list[tuple[int, int]], code: int) -> bool:
    index = bisect.bisect_right(ranges, (code, 0x10FFFF)) - 1
    return index >= 0 and ranges[index][0] <= code <= ranges[index][1]


@lru_cache(maxsize=1)
def _all_coverage() -> list[tuple[int, int]]:
    """Return the code points some installed font covers (the union of every font's charset)."""
    return _parse_charset(_fc("fc-list", "--format", "%{charset}\n").replace("\n", " "))


_soon: list[Future[list[tuple[int, int]]]] = []  # the coverage being read (``read_coverage_soon``)


def read_coverage_soon() -> None:
    """Start reading what the installed fonts cover (``uncovered_characters``) in a thread of its own.

    fc-list lists every font's character set (650 KB here), 50–110 ms of wall time, and parsing it
    about 55 ms: a preview asks it at its end, and while its sources are read, laid out and
    typeset (Typst releases the interpreter lock) the other core has the time.
    """
    if _soon:
        return
    future: Future[list[tuple[int, int]]] = Future()

    def read() -> None:
        try:
            future.set_result(_all_coverage())
        except BaseException as error:  # given to whoever asks, in its thread
            future.set_exception(error)

    _soon.append(future)
    threading.Thread(target=read, name="font-coverage", daemon=True).start()


def uncovered_characters(text: str) -> list[str]:
    """Return the characters of ``text`` that no installed font has a glyph for (they would print as boxes)."""
    coverage = _soon[0].result() if _soon else _all_coverage()
    if not coverage:
        return []
    missing = []
    for ch in sorted(set(text)):
        if ch.isspace() or ord(ch) < 0x20 or ch in "\u200b\u200c\u200d\ufe0f":
            continue
        if not _covered(coverage, ord(ch)):
            missing.append(ch)
    return missing
