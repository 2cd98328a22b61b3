"""What a command says about a document beside making it: a note on what docgen did, or a warning.

A note (说明) tells what docgen did on the writer's behalf — a line read as a heading, a typed
附件说明 left out; a warning (警告) names something the writer should look at — a heading typed out
of order, a word broken inside a table cell, a character no font has.  Typed, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RemarkKind(StrEnum):
    """Whether a remark only tells what was done, or asks the writer to look."""

    NOTE = "note"
    WARNING = "warning"


@dataclass(frozen=True)
class Remark:
    """One remark on a document: its text (already translated) and its kind."""

    text: str
    kind: RemarkKind = RemarkKind.WARNING

    def __str__(self) -> str:
        """Return the remark's text."""
        return self.text


def note(text: str) -> Remark:
    """Return an informational remark: what docgen did."""
    return Remark(text, RemarkKind.NOTE)


def warning(text: str) -> Remark:
    """Return a warning: what the writer should look at."""
    return Remark(text, RemarkKind.WARNING)


def as_warnings(texts: tuple[str, ...] | list[str]) -> list[Remark]:
    """Return remarks that come without a kind (the layout's: what it had to give up) as warnings."""
    return [warning(text) for text in texts]
