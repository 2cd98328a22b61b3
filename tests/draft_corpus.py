"""The documents the 一键排版 tests read back: the sample notices and a generated corpus, and the
facts of a document model they compare."""

from __future__ import annotations

import sys
from pathlib import Path

from docgen.model import Block, Document, Heading, Paragraph, Table

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tests" / "corpus"))
from generate import main as generate  # noqa: E402

COUNT = 20


def blocks(items: tuple[Block, ...]) -> list[tuple[object, ...]]:
    """Return the blocks as plain tuples: kind, then what the document prints of it."""
    out: list[tuple[object, ...]] = []
    for block in items:
        if isinstance(block, Heading):
            out.append(("heading", block.level, block.label, block.text, block.run_in))
        elif isinstance(block, Paragraph):
            out.append(("paragraph", block.text))
        elif isinstance(block, Table):
            out.append(("table", block.rows))
        else:
            out.append((type(block).__name__,))
    return out


def facts(doc: Document) -> dict[str, object]:
    """Return what a reader of the document sees, by element (the title's line breaks left out)."""
    return {
        "title": doc.title.replace("\n", ""),
        "addressees": doc.addressees,
        "number": doc.header.number,
        "organs": doc.header.organs,
        "signers": doc.header.signers,
        "body": blocks(doc.body),
        "attachment_titles": doc.attachment_titles,
        "attachments": [(a.label, a.title, blocks(a.blocks)) for a in doc.attachments],
        "signature": (doc.signature.organs, doc.signature.date),
        "note": doc.note_text,
        "cc": doc.imprint.cc if doc.imprint else (),
    }


def corpus_sources(folder: Path) -> list[Path]:
    """Return the sample notices and a corpus of COUNT notices (seed 19) generated into ``folder``."""
    assert generate(["--seed", "19", "--count", str(COUNT), "--out", str(folder)]) == 0
    return sorted((ROOT / "samples" / "notices").glob("*.md")) + sorted(folder.glob("*.md"))
