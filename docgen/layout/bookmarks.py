"""The PDF bookmarks of a laid-out document, one rule for both engines (print9 #4): one per 一、 heading
and per （一） heading under it, its text the heading alone (no run-in text, no invisible characters,
no closing 。/：)."""

from __future__ import annotations

from docgen.layout.placed import ParagraphBlock, PlacedDocument, Role, Run, RunRole

BOOKMARKED = {Role.HEADING_1: 1, Role.HEADING_2: 2}  # 7.3.3 一、 and （一）; 1. and （1） are text

# what layout puts between characters to steer line breaks (hold_numbers, spacing): no text of its own
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\u00ad\ufeff"))


def bookmark(block: ParagraphBlock) -> tuple[int, str] | None:
    """Return a heading paragraph's bookmark: its level (1, 2) and text; None for any other paragraph."""
    level = BOOKMARKED.get(block.role)
    if level is None:
        return None
    head = "".join(r.text for r in block.runs if isinstance(r, Run) and r.role is not RunRole.RUN_IN)
    text = head.translate(_INVISIBLE).strip().rstrip("。：:；;，,")
    return (level, text) if text else None


def bookmarks(placed: PlacedDocument) -> tuple[tuple[int, str], ...]:
    """Return the document's bookmarks in order: (level, text)."""
    found = (bookmark(b) for b in placed.blocks() if isinstance(b, ParagraphBlock))
    return tuple(mark for mark in found if mark is not None)
