"""A PDF bookmark at a heading paragraph, taking no room on the page (print9 #4)."""

from __future__ import annotations

from docgen.emit.typst.markup.literal import string


def bookmark(level: int, text: str) -> str:
    """Return an invisible heading of ``level`` reading ``text``: a bookmark in Typst's PDF outline.

    Placed (no room in the flow) and hidden (no ink), so the paragraph it stands before keeps its
    lines and positions; ``outlined: false`` keeps it from any ``outline()``.
    """
    return (
        f"#place(hide(heading(level: {level}, outlined: false, bookmarked: true, numbering: none, "
        f"text({string(text)}))))\n"
    )
