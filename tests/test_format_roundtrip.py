"""docgen's own documents read back as drafts (issue 19 a): the sample notices and a generated corpus
(tests/corpus/generate.py), rendered to .docx and given to ``format``, come back as the same model —
title, 主送, every heading with its number, paragraph and table, 署名, date, attachments, 附注, 抄送."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_corpus import COUNT, corpus_sources, facts

from docgen.draft.compose import Options, compose_draft
from docgen.draft.run import outline_of
from docgen.notices import compose_notice_file, render_notice_file
from docgen.run_resources import RunResources


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Return the sample notices and a generated corpus."""
    return corpus_sources(tmp_path_factory.mktemp("corpus"))


def test_docgens_own_documents_read_back_as_their_model(sources: list[Path], tmp_path: Path) -> None:
    resources = RunResources()
    differing = {}
    for source in sources:
        expected = compose_notice_file(source, resources)
        draft = tmp_path / f"{source.stem}.docx"
        draft.write_bytes(render_notice_file(source, resources).data)
        back = compose_draft(outline_of(draft), Options())
        want, got = facts(expected), facts(back)
        if want != got:
            differing[source.name] = {key: (want[key], got[key]) for key in want if want[key] != got[key]}
    assert len(sources) > COUNT
    assert differing == {}
