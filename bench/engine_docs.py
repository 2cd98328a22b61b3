"""The documents bench/engines.py typesets with both engines: every kind docgen lays out from its samples.

Each builder returns ``{name: model}`` made through docgen's library API, with fixed dates and
numbers (no register): the sample notices (a 请示 among them), the 信函 and the 令, the 纪要 (its
source and its decisions sheet), every 挂牌督办通知书 of the sample ledger, a 催办 per overdue item and
the 督查通报 (as of 2025-10-20, as scripts/demo.sh), the 排名通报 and the 进展通报.  Bulletins go
through ``make_bulletins`` itself (bench/engines.py), not through here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docgen.minutes_model import Minutes
from docgen.model import Document, DocumentNumber
from docgen.run_resources import RunResources

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
LETTERHEAD = "zhangzi-zdxmb"
AS_OF = dt.date(2025, 10, 20)  # the 催办 and 督查通报's date (scripts/demo.sh: --overdue --as-of 2025-10-20)
ISSUED = dt.date(2025, 6, 5)  # the 排名通报's and the bulletins' date
PROGRESS_AS_OF = dt.date(2020, 10, 16)  # the 进展通报's (scripts/demo.sh)

Model = Document | Minutes


def sources(resources: RunResources) -> dict[str, Model]:
    """Return the notices, 信函, 令 and 纪要 written as sources (.md), by kind and file name."""
    from docgen.notices import compose_source

    found = {
        "notice": sorted((SAMPLES / "notices").glob("*.md")),
        "letter": sorted((SAMPLES / "letters").glob("*.md")),
        "order": sorted((SAMPLES / "orders").glob("*.md")),
        "minutes": sorted((SAMPLES / "minutes").glob("*.md")),
    }
    return {f"{kind}:{path.stem}": compose_source(path, resources)[0] for kind, paths in found.items() for path in paths}


def minutes_from_sheet(resources: RunResources) -> dict[str, Model]:
    """Return the 纪要 of the decisions sheet and its meeting (``docgen minutes 议定事项.xlsx --meeting``)."""
    from docgen.minutes import compose_input, read_input

    folder = SAMPLES / "minutes"
    given = read_input(folder / "议定事项.xlsx", resources, meeting=folder / "会议.yaml")
    if given.problems:
        raise SystemExit(f"the decisions sheet has errors: {given.problems}")
    return {"minutes:议定事项": compose_input(given, resources, 4)}


def supervision(resources: RunResources) -> dict[str, Model]:
    """Return every open item's 挂牌督办通知书, a 催办 per overdue item and the 督查通报, numbered in
    ledger order as a fresh register numbers them."""
    from docgen.compose import supervision as compose
    from docgen.i18n import _
    from docgen.load.supervision import load_supervision

    letterhead = resources.letterhead(LETTERHEAD)
    code = compose.supervision_code(letterhead)
    items, errors = load_supervision(SAMPLES / "supervision" / "督办台账.xlsx")
    if errors:
        raise SystemExit(f"the supervision ledger has errors: {errors}")
    docs: dict[str, Model] = {}
    numbers: dict[str, DocumentNumber] = {}
    per_year: dict[int, int] = {}
    for item in items:
        if not item.status.is_open:
            continue
        per_year[item.assigned.year] = per_year.get(item.assigned.year, 0) + 1
        numbers[item.key] = DocumentNumber(code, item.assigned.year, per_year[item.assigned.year])
        dates = compose.deadlines(item, compose.DEFAULT_REPLY_DAYS, resources.calendar)
        docs[f"督办:{item.code}"] = compose.notice(resources.env, item, letterhead, numbers[item.key], dates=dates)
    entries = []
    sequence = 40
    for item in items:
        dates = compose.deadlines(item, compose.DEFAULT_REPLY_DAYS, resources.calendar)
        if item.key not in numbers or not compose.is_overdue(item, dates, AS_OF):
            continue
        colour = compose.card(item, dates, AS_OF)
        assert colour is not None
        original = numbers[item.key].text()
        situation = _("past the deadline") if dates.due < AS_OF else _("reply late")
        entries.append(compose.OverdueEntry(item, original, dates.due, colour.value, situation))
        number = DocumentNumber(code, AS_OF.year, sequence)
        sequence += 1
        docs[f"催办:{item.code}"] = compose.urge(
            resources.env, item, letterhead, number, original=original, as_of=AS_OF, dates=dates
        )
    open_count = sum(1 for item in items if item.status.is_open)
    number = DocumentNumber(code, AS_OF.year, sequence)
    docs["通报:督查"] = compose.overdue_bulletin(resources.env, entries, open_count, letterhead, number, as_of=AS_OF)
    return docs


def ranking(resources: RunResources) -> dict[str, Model]:
    """Return the 排名通报 of 2025-05 against 2025-04, as scripts/demo.sh makes it (长重点〔2025〕12号)."""
    from docgen.compose.ranking import ranking_report
    from docgen.load.projects import load_projects
    from docgen.load.rules import load_rules
    from docgen.ranking import compare, rank

    folder = SAMPLES / "ranking"
    rules = load_rules(folder / "rules.yaml")
    letterhead = resources.letterhead(LETTERHEAD)
    current, problems = load_projects(folder / "项目台账-2025-05.xlsx", 2025, 5)
    previous, previous_problems = load_projects(folder / "项目台账-2025-04.xlsx", 2025, 4)
    if problems or previous_problems:
        raise SystemExit(f"the project ledgers have errors: {problems + previous_problems}")
    ranked = compare(rank(current, rules, 2025, 5), rank(previous, rules, 2025, 4))
    number = DocumentNumber(letterhead.code, 2025, 12)
    to = "各乡镇人民政府，县直各有关单位："
    return {"通报:排名": ranking_report(resources.env, ranked, rules, letterhead, number, ISSUED, to)}


def progress(resources: RunResources) -> dict[str, Model]:
    """Return the 进展通报 of 2020-10-16 against the week before, from the 2020-09-30 baseline."""
    from docgen.compose.progress import progress_report
    from docgen.load.pool import load_pool
    from docgen.load.targets import load_targets
    from docgen.model import addressee_line
    from docgen.progress.compute import progress as compute

    folder = SAMPLES / "progress"
    letterhead = resources.letterhead("sanmenxia")
    projects, problems = load_pool(folder / "项目库-2020-10-16.xlsx")
    before, before_problems = load_pool(folder / "项目库-2020-10-09.xlsx")
    start, start_problems = load_pool(folder / "项目库-2020-09-30.xlsx")
    if problems or before_problems or start_problems:
        raise SystemExit(f"the project pools have errors: {problems + before_problems + start_problems}")
    result = compute(projects, load_targets(folder / "目标.yaml"), PROGRESS_AS_OF, before, "周", start)
    number = DocumentNumber(letterhead.code, PROGRESS_AS_OF.year, 30)
    to = addressee_line(None, "各县（市、区）重点项目办" if letterhead.level == "市" else letterhead.subordinates)
    return {"通报:进展": progress_report(resources.env, result, letterhead, number, PROGRESS_AS_OF, to)}


def documents(resources: RunResources) -> dict[str, Model]:
    """Return every document of every builder, in a fixed order (kind first in each name)."""
    return {
        **sources(resources),
        **minutes_from_sheet(resources),
        **supervision(resources),
        **ranking(resources),
        **progress(resources),
    }
