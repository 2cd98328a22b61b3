"""The pieces of Typst syntax everything else is written with: string literals (the one place user
text is escaped), lengths, colours, strokes, and the variables holding the faces' families."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from docgen.emit.typst.fonts import Face

# Where the em box's top sits above the baseline in the CJK faces, as a fraction of the size
# (the same factor docgen.check uses to measure PDFs; gbt9704.md §1.7).
EM_ASCENT = 0.88

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# every character a string literal escapes: the above, other control characters (C0, DEL, C1) and
# the line and paragraph separators as \u{…}; str.translate applies it in C (a third of the markup's
# time went to a loop over characters in Python)
_LITERAL = str.maketrans(
    {
        **{chr(c): f"\\u{{{c:x}}}" for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]},
        **_ESCAPES,
    }
)


def string(text: str) -> str:
    """Return ``text`` as a Typst string literal (shown exactly as it is, never read as markup)."""
    return '"' + text.translate(_LITERAL) + '"'


@lru_cache(maxsize=4096)
def pt(value: float) -> str:
    """Return a length in points."""
    return f"{round(value, 3):g}pt"


def mm(value: float) -> str:
    """Return a length in millimetres."""
    return f"{round(value, 3):g}mm"


def rgb(hex_color: str) -> str:
    """Return an RRGGBB colour."""
    return f'rgb("#{hex_color}")'


def stroke(width_pt: float, color: str) -> str:
    """Return a line's stroke.

    A width of exactly 1 pt is written 1.001 pt: Typst then leaves out the PDF's ``w`` operator
    (1 is its default), and pdfminer, which ``docgen check`` measures with, starts from 0.
    """
    return f"{pt(1.001 if width_pt == 1 else width_pt)} + {rgb(color)}"


_FAMILIES: dict[str, str] = {}  # a face's variable name → its families, as ``document`` defines them


@lru_cache(maxsize=256)
def families(face: Face) -> str:
    """Return the name of a variable holding the face's families (``document`` defines it once):
    written out in every run and paragraph, the tuple of four strings was parsed and evaluated
    thousands of times per document."""
    listed = "(" + ", ".join(string(f) for f in face.families) + ",)"
    name = "docgen_f_" + hashlib.sha1(listed.encode()).hexdigest()[:10]
    _FAMILIES[name] = listed
    return name


def definitions(*parts: str) -> str:
    """Return the ``let`` of each face variable the ``parts`` of a source use (``families``)."""
    used = sorted(name for name in _FAMILIES if any(name in part for part in parts))
    return "".join(f"#let {name} = {_FAMILIES[name]}\n" for name in used)
