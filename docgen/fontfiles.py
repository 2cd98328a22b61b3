"""The font file that fontconfig gives a font name under the previews' mapping (docgen/convert/fonts.conf).

One lookup for every reader of font metrics (the layout's line widths, the office 版头's line heights):
fontconfig's answer is the face LibreOffice renders with, so metrics read from it match the PDF.
No library resolves a family name the way fontconfig does with a given configuration file, so this
calls ``fc-match`` (absent on machines without fontconfig: callers fall back to their own values);
its answers are kept on disk while fontconfig would still give them (``docgen.fc_cache``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from docgen.fc_cache import Answers
from docgen.scratch import user_cache_dir

# The project's fontconfig file, as the LibreOffice processes see it (docgen/convert/oneshot.py
# FONTS_CONF); named by path so that the layout imports nothing from the converter.
FONTS_CONF = Path(__file__).resolve().parent / "convert" / "fonts.conf"

# a name from a template is only a family name to fontconfig: no option, no pattern syntax
_FAMILY = re.compile(r"[^\W\d_-][\w .\-()（）]{0,79}")  # 方正小标宋简体, Times New Roman, 仿宋_GB2312
_FONT_FILES = (".ttf", ".otf", ".ttc", ".otc")


@lru_cache(maxsize=64)
def face_file(name: str | None, lang: str | None = "zh-cn") -> tuple[str, int] | None:
    """Return the file and face index fontconfig gives ``name`` in the previews (for text of ``lang``),
    or None (no fontconfig, a name that is not a plain family name, no font file)."""
    return match(name, lang, FONTS_CONF)


@lru_cache(maxsize=4)
def _answers(conf: Path, program: str) -> Answers:
    return Answers(conf, program, user_cache_dir())


def match(name: str | None, lang: str | None, conf: Path) -> tuple[str, int] | None:
    """Return the file and face index fontconfig gives ``name`` under the configuration file
    ``conf``: the answer kept on disk if still valid, else fc-match's (then kept)."""
    program = shutil.which("fc-match")
    if not name or not _FAMILY.fullmatch(name) or program is None:
        return None
    answers = _answers(conf, program)
    key = f"{name}\t{lang or ''}"
    found = answers.get(key)
    if found is not None and found[0].lower().endswith(_FONT_FILES):
        return found
    answers.before_asking()
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    try:
        result = subprocess.run(
            [program, "-f", "%{file}\t%{index}", "--", f"{name}:lang={lang}" if lang else name],
            capture_output=True, text=True, env=env, check=False, timeout=10,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    file, _tab, index = result.stdout.strip().partition("\t")
    if not file.lower().endswith(_FONT_FILES) or not Path(file).is_file() or not (index or "0").isdigit():
        return None
    answers.put(key, file, int(index or 0))
    return file, int(index or 0)
