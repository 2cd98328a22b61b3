"""What the 信函 (10.1) and 令 (10.2) rules share (check/own_format.py), on the samples as Typst
typesets them: the 样稿 watermark is taken off before any format is judged, a mark set too low
fails mark.position.pdf under the format's own clause, and a format's findings take the place of
the general ones once each."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_letter import SAMPLE as LETTER_SAMPLE
from test_order import SAMPLE as ORDER_SAMPLE

from docgen import standard as S
from docgen.check.formats import judge_format_pdf
from docgen.check.own_format import replace_findings
from docgen.check.pdf_read import Line, Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Finding, Judge, Status, rules
from docgen.emit.typst.compile import render_pdf
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

CLAUSES = {"letter": "10.1", "order": "10.2"}


@pytest.fixture(scope="module")
def typeset(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Page]]:
    folder = tmp_path_factory.mktemp("own-format")
    out = {}
    for name, source in (("letter", LETTER_SAMPLE), ("order", ORDER_SAMPLE)):
        pdf = folder / f"{name}.pdf"
        pdf.write_bytes(render_pdf(compose_notice_file(Path(source), RunResources())).pdf)
        out[name] = measure(pdf)
    return out


def _judged(pages: list[Page]) -> list[Finding]:
    findings: list[Finding] = []
    check_pdf(pages, Judge(findings), text_rules=True)
    judge_format_pdf(pages, findings, text_rules=True)
    return findings


def _mark(pages: list[Page]) -> Line:
    return min((ln for ln in pages[0].lines if ln.size >= 20), key=lambda ln: ln.em_top)


def _moved(pages: list[Page], line: Line, down: float) -> list[Page]:
    lowered = dataclasses.replace(line, em_top=line.em_top + down)
    first = dataclasses.replace(pages[0], lines=[lowered if ln is line else ln for ln in pages[0].lines])
    return [first, *pages[1:]]


def test_the_watermark_changes_no_finding_of_a_letter_or_an_order(typeset: dict[str, list[Page]]) -> None:
    """A preview's 样稿 (grey, 100 pt, across the page) is taken off before the formats are judged:
    every finding of the 信函 and the 令 is the same with it as without."""
    for name, pages in typeset.items():
        watermark = Line(
            em_top=120.0, size=100.0, x0=55.0, x1=155.0, text=S.WATERMARK_TEXT,
            fonts=frozenset({"AR PL UKai CN"}), colors=frozenset({(0.8, 0.8, 0.8)}),
        )  # fmt: skip
        marked = [dataclasses.replace(p, lines=[*p.lines, watermark]) for p in pages]
        clean = _judged(pages)
        assert [f.rule.id for f in clean].count("mark.position.pdf") == 1, name
        assert _judged(marked) == clean, name


def test_a_mark_set_too_low_fails_under_the_formats_clause(typeset: dict[str, list[Page]]) -> None:
    """mark.position.pdf: the sample's mark passes; 2 mm lower (±1 allowed) it fails, judged under
    10.1 or 10.2, once, with the top measured."""
    for name, pages in typeset.items():
        mark = _mark(pages)
        passed = [f for f in _judged(pages) if f.rule.id == "mark.position.pdf"]
        failed = [f for f in _judged(_moved(pages, mark, 2.0)) if f.rule.id == "mark.position.pdf"]
        assert [(f.status, f.rule.clause) for f in passed] == [(Status.PASS, CLAUSES[name])], name
        assert [(f.status, f.rule.clause) for f in failed] == [(Status.FAIL, CLAUSES[name])], name
        assert f"{mark.em_top + 2:.1f}" in failed[0].measured, name


def test_a_formats_findings_take_the_place_of_the_general_ones_once_each() -> None:
    """replace_findings: the first finding of a rule id is replaced where it stands, later ones of
    the same id are dropped, a finding of a new rule id is added at the end."""
    table = rules()
    general = [
        Finding(table["mark.position.pdf"], Status.FAIL, "a"),
        Finding(table["page.size.pdf"], Status.PASS, "b"),
        Finding(table["mark.position.pdf"], Status.FAIL, "c"),
    ]
    new = [
        Finding(table["mark.position.pdf"], Status.PASS, "d"),
        Finding(table["title.size.pdf"], Status.NOT_APPLICABLE, "e"),
    ]
    replace_findings(general, new)
    assert [(f.rule.id, f.measured) for f in general] == [
        ("mark.position.pdf", "d"),
        ("page.size.pdf", "b"),
        ("title.size.pdf", "e"),
    ]
