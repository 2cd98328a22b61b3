"""Today's output, recorded before the renderer refactor: the same documents must come out the same.

The documents and the recording are in tests/fixtures/baseline/make_baseline.py (run it to record
anew, deliberately); this test builds the same documents with the current code and compares
``word/document.xml`` (normalised) exactly, and the PDF's page count and text per page.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from helpers import load_script

from docgen.convert.pool import ConverterPool

BASELINE = Path(__file__).parent / "fixtures" / "baseline"
DIFF_LINES = 60


def _load_recorder() -> ModuleType:
    return load_script(BASELINE / "make_baseline.py")


recorder = _load_recorder()
RECORDED: dict[str, dict[str, Any]] = json.loads((BASELINE / recorder.PDF_TEXT).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every baseline document rendered by the current code, by name (no user folders or language)."""
    with pytest.MonkeyPatch.context() as patch:
        for var in recorder.ISOLATED_VARIABLES:
            patch.delenv(var, raising=False)
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        documents = recorder.build_documents()
        return {name: recorder.render_docx(model) for name, (_kind, model) in documents.items()}


@pytest.fixture(scope="module")
def pdf_text(
    rendered: dict[str, bytes], pool: ConverterPool, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str] | str]:
    """Each document's PDF text per page (or the conversion error), all converted in one call."""
    folder = tmp_path_factory.mktemp("baseline")
    jobs = []
    for index, data in enumerate(rendered.values()):
        source = folder / f"d{index:03d}.docx"
        source.write_bytes(data)
        jobs.append((source, folder / f"d{index:03d}.pdf"))
    outcomes = pool.convert(jobs)
    results: dict[str, list[str] | str] = {}
    for name, outcome in zip(rendered, outcomes, strict=True):
        results[name] = (
            str(outcome.error) if outcome.error is not None else recorder.pdf_pages(outcome.target)
        )
    return results


def first_differences(expected: list[str], actual: list[str], fromfile: str, tofile: str) -> str:
    """Return the unified diff up to its first DIFF_LINES changed lines."""
    shown: list[str] = []
    changed = 0
    for line in difflib.unified_diff(expected, actual, fromfile, tofile, lineterm="", n=2):
        if line[:1] in "+-" and not line.startswith(("+++", "---")):
            changed += 1
            if changed > DIFF_LINES:
                shown.append(f"... (more differences after the first {DIFF_LINES} lines)")
                break
        shown.append(line)
    return "\n".join(shown)


def test_the_same_documents_are_built(rendered: dict[str, bytes]) -> None:
    assert sorted(rendered) == sorted(RECORDED)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_document_xml(name: str, rendered: dict[str, bytes]) -> None:
    assert name in rendered, f"{name} is no longer built"
    recorded = (BASELINE / f"{name}.document.xml").read_text(encoding="utf-8")
    actual = recorder.normalise_xml(recorder.document_xml(rendered[name]))
    if actual != recorded:
        diff = first_differences(
            recorded.splitlines(), actual.splitlines(), f"baseline/{name}.document.xml", "now"
        )
        pytest.fail(f"word/document.xml of {name} differs from the baseline:\n{diff}", pytrace=False)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_pdf_text(name: str, pdf_text: dict[str, list[str] | str]) -> None:
    assert name in pdf_text, f"{name} is no longer built"
    pages = pdf_text[name]
    assert not isinstance(pages, str), f"{name} did not convert: {pages}"
    expected = RECORDED[name]
    assert len(pages) == expected["pages"], (
        f"{name}: {len(pages)} pages, the baseline has {expected['pages']}"
    )
    for number, (want, got) in enumerate(zip(expected["text"], pages, strict=True), start=1):
        if got != want:  # one line a page: diff the words (runs between spaces) instead
            diff = first_differences(want.split(" "), got.split(" "), "baseline", "now")
            pytest.fail(f"{name}, page {number}: the text differs from the baseline:\n{diff}", pytrace=False)
