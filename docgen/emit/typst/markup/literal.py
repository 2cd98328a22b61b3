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
    return f"{pt(1.001 if width_pt == 1 else width_pt)} + {ink(color)}"


def ink(hex_color: str) -> str:
    """Return a colour for the print room: black as grey (one ink, K), others as RRGGBB.

    RGB black goes to the press as four-colour rich black (print9 #1); Typst writes luma as ICC grey.
    """
    return "luma(0)" if hex_color.upper() == "000000" else rgb(hex_color)


# a variable's name → the value ``definitions`` lets it hold: what a source would otherwise write
# out thousands of times (a face's families, the tracking after each unit, an empty box), parsed
# and evaluated once per document instead
_DEFINED: dict[str, str] = {"docgen_e": "box()"}
# an empty box, to end a piece of text (a mark at a box's end keeps its width, ``text.guard_marks``);
# the semicolon ends the expression whatever follows it
EMPTY_BOX = "#docgen_e;"


@lru_cache(maxsize=256)
def families(face: Face) -> str:
    """Return the name of a variable holding the face's families (``document`` defines it once):
    written out in every run and paragraph, the tuple of four strings was parsed and evaluated
    thousands of times per document."""
    listed = "(" + ", ".join(string(f) for f in face.families) + ",)"
    name = "docgen_f_" + hashlib.sha1(listed.encode()).hexdigest()[:10]
    _DEFINED[name] = listed
    return name


@lru_cache(maxsize=64)
def tracking(value_pt: float) -> str:
    """Return the space of ``value_pt`` written after each unit of a tracked run (``text``), as a
    variable (``definitions``): written out, the 30 000 ``#h(-0.25pt)`` of the samples, the corpus
    and 100 bulletins were a sixth of their compile's CPU (measured: 38.4 → 32.1 ms a document, the
    PDFs identical to the pixel).

    Typst leaves a run's last glyph untracked: the space gives it its tracking.  It is not weak: it
    stays at a line's end, where the paragraph is that much narrower (``blocks.paragraph``), so
    that a line ending after a unit fits as one ending inside a run, whose last glyph Typst fits
    tracked (and sets untracked): both as LibreOffice fits a line, its last character untracked
    (measured: 28 字 fit in 441.3 pt and not in 441.2, at a unit's end and inside a run alike)."""
    name = "docgen_t_" + hashlib.sha1(pt(value_pt).encode()).hexdigest()[:10]
    _DEFINED[name] = f"h({pt(value_pt)})"
    return f"#{name};"


@lru_cache(maxsize=64)
def portion_end(value_pt: float) -> str:
    """Return what follows a unit that ends one of LibreOffice's text portions, whose last character
    Writer leaves untracked (the estimate's ``_PORTION_END``): the tracking's space, as after any
    unit, and as much back in a weak space, which goes at a line's end (where the tracking's space
    stays, ``tracking``).  A variable (``definitions``)."""
    name = "docgen_p_" + hashlib.sha1(pt(value_pt).encode()).hexdigest()[:10]
    _DEFINED[name] = f"[#h({pt(value_pt)})#h({pt(-value_pt)}, weak: true)]"
    return f"#{name};"


def definitions(*parts: str) -> str:
    """Return the ``let`` of each variable the ``parts`` of a source use (``families``, ``tracking``,
    ``EMPTY_BOX``)."""
    used = sorted(name for name in _DEFINED if any(name in part for part in parts))
    return "".join(f"#let {name} = {_DEFINED[name]}\n" for name in used)
