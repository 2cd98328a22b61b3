"""Issue 14 Build 2: when no placement of the 版记 gives an even page count, the summary says which
document and why — the corpus once kept a 13-page notice (n14-037, under load) with no word."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from conftest import ROOT

from docgen.emit.docx.template import load_template
from docgen.notices import compose_notice_file
from docgen.publish.pipeline import Publication, Published, _docx_of, _even_pages
from docgen.run_resources import RunResources

SAMPLE = ROOT / "samples" / "notices" / "sanmenxia-2020-15.md"


def _published(tmp_path: Path) -> Published:
    doc = compose_notice_file(SAMPLE, RunResources())
    item = Publication(doc, None, tmp_path / "n.pdf")
    result = Published(item)
    result.docx_data, result.placed, _bottom = _docx_of(item, load_template())
    assert result.placed is not None
    result.placed = dataclasses.replace(result.placed, even_pages=True)  # printed double-sided
    return result


def test_a_document_odd_under_every_placement_is_named_with_its_pages(tmp_path: Path) -> None:
    result = _published(tmp_path)
    result.pages = 3
    tried: list[object] = []

    def odd_always(trials: Sequence[Published]) -> None:  # a converter whose every PDF has 5 pages
        for trial in trials:
            assert trial.placed is not None
            tried.append(trial.placed.placement)
            trial.pages = 5

    _even_pages([result], load_template(), odd_always)
    assert len(tried) >= 1  # every other placement was laid out and made
    assert len(set(tried)) == len(tried)
    assert result.placed is not None
    assert any("偶数页" in note and "3 页" in note for note in result.placed.notes), result.placed.notes


def test_a_placement_that_gives_even_pages_is_taken_without_a_note(tmp_path: Path) -> None:
    result = _published(tmp_path)
    result.pages = 3

    def even(trials: Sequence[Published]) -> None:
        for trial in trials:
            trial.pages, trial.pdf_data = 4, b"%PDF-even"

    _even_pages([result], load_template(), even)
    assert result.pages == 4
    assert result.pdf_data == b"%PDF-even"
    assert result.placed is not None
    assert not any("偶数页" in note for note in result.placed.notes)
