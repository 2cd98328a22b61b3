"""Which of the standard's faces a PDF is set in a stand-in for (print9 #7): Debian has no 仿宋, 楷体
or 方正小标宋, and both engines take the faces fonts.conf maps them to (README §字体)."""

from __future__ import annotations

from docgen.convert.fonts import font_report
from docgen.i18n import _

# 5.2.2, 7.2.4, 7.3.3: the faces the standard names for the 正文, the 标志 and the 标题, and for （一）
STANDARD_FACES = ("仿宋_GB2312", "楷体_GB2312", "方正小标宋简体")


def stand_ins() -> tuple[tuple[str, str], ...]:
    """Return (the standard's face, the family set in its place) for each one not installed."""
    found = []
    for mapping in font_report():
        if mapping.name in STANDARD_FACES and mapping.substitute and mapping.family:
            style = "" if mapping.style in ("", "Regular", "Book") else f" {mapping.style}"
            found.append((mapping.name, f"{mapping.family}{style}"))
    return tuple(found)


def stand_in_warning() -> str:
    """Return one line saying which stand-ins a PDF made here is set in ("" when the standard's faces are installed)."""
    pairs = stand_ins()
    if not pairs:
        return ""
    faces = _(", ").join(f"{name} → {family}" for name, family in pairs)
    return _(
        "the PDF is set in stand-in faces, the standard's are not installed: {faces}; "
        "the .docx names the standard's faces"
    ).format(faces=faces)
