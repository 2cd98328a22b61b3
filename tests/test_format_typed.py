"""Documents typed into Word drafts the way people type them (tests/typist.py: hand numbering in any
style, skipped numbers, spaces or full-width spaces for indentation, lines broken by hand with Enter
or Shift+Enter, dates as 2020.10.12 or 二〇二〇年十月十二日, 宋体 or 微软雅黑 everywhere) come back from
``format`` as the document that was typed: title, 主送, every heading renumbered, paragraph and
table, 署名, date, 附件说明, attachments, 附注, 抄送."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_corpus import COUNT, corpus_sources, facts, generate
from typist import Typist

from docgen.check.run import check_files
from docgen.draft.compose import Options, compose_draft
from docgen.draft.run import format_draft, outline_of
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Return the sample notices and a generated corpus."""
    return corpus_sources(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("seed", ["a", "b"])
def test_typed_drafts_come_back_as_the_typed_document(sources: list[Path], tmp_path: Path, seed: str) -> None:
    resources = RunResources()
    differing = {}
    for source in sources:
        expected = compose_notice_file(source, resources)
        draft = Typist(f"{seed}:{source.stem}").type(expected, tmp_path / f"{source.stem}.docx")
        back = compose_draft(outline_of(draft), Options(letterhead=resources.letterhead("yichuan")))
        want, got = facts(expected), facts(back)
        for key in ("number", "organs", "signers"):  # the 版头 is not typed: it comes from the letterhead
            del want[key], got[key]
        if want != got:
            differing[source.name] = {key: (want[key], got[key]) for key in want if want[key] != got[key]}
    assert len(sources) > COUNT
    assert differing == {}


@pytest.mark.usefixtures("pool")
def test_libreoffice_lays_the_document_out_so_its_imprint_ends_an_even_page(tmp_path: Path) -> None:
    """Corpus notice n31-013 typed as a draft: laid out by the estimate alone its 版记 ended page 5
    while the estimate broke lines by rounded widths; since it breaks them as LibreOffice does
    (layout/metrics.py) the quick path ends on an even page too, and through LibreOffice (the
    default) check passes it."""
    assert generate(["--seed", "31", "--count", "14", "--out", str(tmp_path / "corpus")]) == 0
    resources = RunResources()
    source = tmp_path / "corpus" / "n31-013.md"
    draft = Typist("z:n31-013").type(compose_notice_file(source, resources), tmp_path / "draft.docx")
    quick = format_draft(draft, resources, letterhead="yichuan", output=tmp_path / "quick.docx", render=False)
    laid = format_draft(
        draft, resources, letterhead="yichuan", output=tmp_path / "laid.docx", pdf=tmp_path / "laid.pdf"
    )
    (quick_checked, even) = check_files([tmp_path / "quick.docx", tmp_path / "laid.docx"])
    assert "pages.even.pdf" not in {f.rule.id for f in quick_checked.failed}
    assert "pages.even.pdf" not in {f.rule.id for f in even.failed}
    assert laid.pages % 2 == 0
    assert (tmp_path / "laid.pdf").exists()
    assert quick.output is not None
