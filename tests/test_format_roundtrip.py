"""docgen's own documents read back as drafts (issue 19 a): the sample notices and a generated corpus
(tests/corpus/generate.py), rendered to .docx and given to ``format``, come back as the same model —
title, 主送, every heading with its number, paragraph and table, 署名, date, attachments, 附注, 抄送."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from docgen.draft.compose import Options, compose_draft
from docgen.draft.run import outline_of
from docgen.model import Block, Document, Heading, Paragraph, Table
from docgen.notices import compose_notice_file, render_notice_file
from docgen.run_resources import RunResources

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tests" / "corpus"))
from generate import main as generate  # noqa: E402

COUNT = 20


def _blocks(blocks: tuple[Block, ...]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(("heading", block.level, block.label, block.text, block.run_in))
        elif isinstance(block, Paragraph):
            out.append(("paragraph", block.text))
        elif isinstance(block, Table):
            out.append(("table", block.rows))
        else:
            out.append((type(block).__name__,))
    return out


def _facts(doc: Document) -> dict[str, object]:
    return {
        "title": doc.title.replace("\n", ""),
        "addressees": doc.addressees,
        "number": doc.header.number,
        "organs": doc.header.organs,
        "signers": doc.header.signers,
        "body": _blocks(doc.body),
        "attachment_titles": doc.attachment_titles,
        "attachments": [(a.label, a.title, _blocks(a.blocks)) for a in doc.attachments],
        "signature": (doc.signature.organs, doc.signature.date),
        "note": doc.note_text,
        "cc": doc.imprint.cc if doc.imprint else (),
    }


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Return the sample notices and a generated corpus of COUNT notices (seed 19)."""
    folder = tmp_path_factory.mktemp("corpus")
    assert generate(["--seed", "19", "--count", str(COUNT), "--out", str(folder)]) == 0
    return sorted((ROOT / "samples" / "notices").glob("*.md")) + sorted(folder.glob("*.md"))


def test_docgens_own_documents_read_back_as_their_model(sources: list[Path], tmp_path: Path) -> None:
    resources = RunResources()
    differing = {}
    for source in sources:
        expected = compose_notice_file(source, resources)
        draft = tmp_path / f"{source.stem}.docx"
        draft.write_bytes(render_notice_file(source, resources).data)
        back = compose_draft(outline_of(draft), Options())
        want, got = _facts(expected), _facts(back)
        if want != got:
            differing[source.name] = {key: (want[key], got[key]) for key in want if want[key] != got[key]}
    assert len(sources) > COUNT
    assert differing == {}
