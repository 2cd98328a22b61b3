"""督办 notices (with their reply form), 催办, the 督查通报 and the 排名通报 typeset by Typst.

The documents are composed from the sample ledgers exactly as ``supervise`` and ``rank`` compose
them; each is typeset by Typst, judged by ``docgen check``'s measured rules and compared with its
layout character for character.  No LibreOffice.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT
from typst_helpers import text_difference

from docgen.check.pdf_read import measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Judge, Status
from docgen.compose import supervision as compose
from docgen.compose.ranking import ranking_report
from docgen.emit.typst.compile import render_pdf
from docgen.load.projects import load_projects
from docgen.load.rules import load_rules
from docgen.load.supervision import load_supervision
from docgen.model import Document, DocumentNumber
from docgen.ranking import rank
from docgen.run_resources import RunResources

SUPERVISION = ROOT / "samples" / "supervision" / "督办台账.xlsx"
LEDGER = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
RULES = ROOT / "samples" / "ranking" / "rules.yaml"
LATE = dt.date(2026, 3, 2)  # every item of the sample ledger is past its deadline by then


def _documents() -> dict[str, Document]:
    resources = RunResources()
    env, calendar = resources.env, resources.calendar
    letterhead = resources.letterhead("zhangzi-zdxmb")
    code = compose.supervision_code(letterhead)
    items, errors = load_supervision(SUPERVISION)
    assert not errors
    open_items = [i for i in items if i.status.is_open][:3]
    docs: dict[str, Document] = {}
    entries = []
    for seq, item in enumerate(open_items, start=1):
        dates = compose.deadlines(item, compose.DEFAULT_REPLY_DAYS, calendar)
        number = DocumentNumber(code, item.assigned.year, seq)
        docs[f"督办-{seq}"] = compose.notice(env, item, letterhead, number, dates=dates)
        colour = compose.card(item, dates, LATE)
        if colour is not None and compose.is_overdue(item, dates, LATE):
            original = number.text()
            docs[f"催办-{seq}"] = compose.urge(
                env,
                item,
                letterhead,
                DocumentNumber(code, LATE.year, 10 + seq),
                original=original,
                as_of=LATE,
                dates=dates,
            )
            entries.append(compose.OverdueEntry(item, original, dates.due, colour.value, "逾期"))
    assert entries, "the sample ledger has overdue items by LATE"
    docs["督查通报"] = compose.overdue_bulletin(
        env, entries, len(open_items), letterhead, DocumentNumber(code, LATE.year, 20), as_of=LATE
    )
    rules = load_rules(RULES)
    projects, _problems = load_projects(LEDGER, 2025, 5)
    ranking = rank(projects, rules, 2025, 5)
    number = DocumentNumber(letterhead.code, 2025, 30)
    docs["排名通报"] = ranking_report(
        env, ranking, rules, letterhead, number, dt.date(2025, 6, 5), "各乡镇人民政府，县直各有关单位："
    )
    return docs


@pytest.fixture(scope="module")
def typeset(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Document, object, list]]:  # type: ignore[type-arg]
    folder = tmp_path_factory.mktemp("typst-ledgers")
    made = {}
    for name, doc in _documents().items():
        result = render_pdf(doc)
        pdf = folder / f"{name}.pdf"
        pdf.write_bytes(result.pdf)
        made[name] = (doc, result.placed, measure(pdf))
    return made


def test_every_measured_rule_passes(typeset: dict[str, tuple[Document, object, list]]) -> None:  # type: ignore[type-arg]
    """``docgen check``'s measured rules pass on each."""
    for name, (doc, _placed, pages) in typeset.items():
        judge = Judge([])
        check_pdf(pages, judge, text_rules=True, double_sided=doc.double_sided)
        failed = [f.rule.id for f in judge.findings if f.status is Status.FAIL]
        assert not failed, (name, failed)
    ranked = typeset["排名通报"][2]
    # its 11-column table fits the portrait type area at 五号 (issue 14 Build 4): no landscape page;
    # Typst's turned page numbers are measured on the corpus (test_typst_pages)
    assert not any(page.landscape for page in ranked)


def test_every_character_is_on_the_pages(typeset: dict[str, tuple[Document, object, list]]) -> None:  # type: ignore[type-arg]
    for name, (_doc, placed, pages) in typeset.items():
        missing, extra = text_difference(placed, pages)  # type: ignore[arg-type]
        assert not missing, (name, missing)
        assert not extra, (name, extra)


def test_reply_form_rows_keep_their_lines(typeset: dict[str, tuple[Document, object, list]]) -> None:  # type: ignore[type-arg]
    """The 回执's 解决办法 row keeps its four lines of writing room (min_lines of the form)."""
    from docgen import standard as S

    pages = typeset["督办-1"][2]
    page = next(p for p in pages if any(line.text == "挂牌督办回执" for line in p.lines))
    label = next(line for line in page.lines if line.text.startswith("解决办法"))
    across = sorted({round(r.top, 1) for r in page.rules if r.length > 20 and r.bottom <= r.top + 0.5})
    above = max(t for t in across if t < label.em_top)
    below = min(t for t in across if t > label.em_bottom)
    assert below - above >= 4 * S.TABLE_LINE / S.TWIPS_PER_MM - 0.3
