"""``docgen progress``: the 进展通报 against targets at a date (and the figures as .xlsx).

The 通报 gets its number from the register (文号 series of the letterhead), idempotent per date and
targets file: a re-run for the same week gives the same number, and the same document or a refusal.
No number is taken while the register is behind the output folder (``refuse_a_register_behind``).
A draft (no register) takes no number: 〔YYYY〕　号, the 样稿 watermark, written as NAME-样稿 beside
the 通报 (``draft_file``), so a unit's late form costs no number and no gap in the register.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from docgen.compose.progress import progress_report
from docgen.errors import DataError, DataWarning, Location
from docgen.i18n import _, joined
from docgen.load.grid import read_grid
from docgen.load.pool import load_pool
from docgen.load.targets import load_targets
from docgen.model import DocumentNumber, addressee_line
from docgen.progress.compute import Progress, progress
from docgen.progress.targets import BY_KEY, PoolProject
from docgen.publish.draft import publish_draft
from docgen.publish.engine_choice import engine_for
from docgen.publish.guard import WriteGuard
from docgen.publish.numbering import (
    NumberRequest,
    Record,
    Ticket,
    keep_or_write_pdf,
    numbered,
    refuse_a_register_behind,
    same_as_recorded,
)
from docgen.publish.pipeline import Engine, Publication, publish_one
from docgen.ranking import round_half_up
from docgen.register import KIND_DOCUMENT, Register, RegisterError
from docgen.register.locks import holding_item
from docgen.run_resources import RunResources
from docgen.sheet_options import refuse_sheet_without_file
from docgen.xlsx_table import TableColumn, workbook_bytes, write_table


@dataclass(frozen=True)
class ProgressResult:
    """What ``progress`` wrote and found."""

    docx: Path
    xlsx: Path | None
    number: str
    progress: Progress
    problems: list[DataError]
    pdf: Path | None = None  # the 通报's PDF, beside the .docx (None: not asked for)
    made_by: str = ""  # what made the PDF: "Typst" or "LibreOffice" ("" without one)
    why: str = ""  # why not the engine asked for (docgen/publish/engine_choice.py)


def _cell(key: str, value: Decimal | None) -> Decimal | int | None:
    """Return a figure as the .xlsx holds it: counts whole, sums in 亿元 (0.00), shares as fractions (0.00%)."""
    if value is None:
        return None
    kind = BY_KEY[key].kind
    if kind == "count":
        return int(value)
    if kind == "money":
        return round_half_up(value / 10000, 2)
    return round_half_up(value, 4)


def progress_xlsx(result: Progress) -> bytes:
    """Return every unit's standing on every indicator as .xlsx: one row per unit and indicator."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = f"截至{result.as_of.month}月{result.as_of.day}日"
    columns = [
        TableColumn("组别"),
        TableColumn("单位"),
        TableColumn("指标"),
        TableColumn("计量单位"),
        TableColumn("目标", "number"),
        TableColumn("节点应完成", "number"),
        TableColumn("完成", "number"),
        TableColumn("完成率", "percent"),
        TableColumn(f"较上{result.period}", "number"),
        TableColumn("状态"),
    ]
    rows: list[list[Any]] = []
    for unit in result.units:
        for key, measure in unit.measures.items():
            kind = BY_KEY[key].kind
            measure_unit = {"count": "个", "money": "亿元", "share": "%"}[kind]
            rows.append(
                [
                    unit.group,
                    unit.unit,
                    BY_KEY[key].name,
                    measure_unit,
                    _cell(key, measure.target),
                    _cell(key, measure.due),
                    _cell(key, measure.actual),
                    round_half_up(measure.completion, 4) if measure.completion is not None else None,
                    _cell(key, measure.change) if measure.change is not None else None,
                    measure.state,
                ]
            )
    write_table(sheet, columns, rows)
    _formats(sheet, rows)
    return workbook_bytes(book)


_FORMATS = {"个": "0", "亿元": "0.00", "%": "0.00%"}


def _formats(sheet: Any, rows: list[list[Any]]) -> None:
    """Give each row's figures the format of its indicator: counts 0, 亿元 0.00, shares 0.00%."""
    for index, row in enumerate(rows, start=2):
        for column in (5, 6, 7, 9):
            cell = sheet.cell(row=index, column=column)
            if cell.value is not None:
                cell.number_format = _FORMATS[str(row[3])]


def make_progress(
    pool_path: Path,
    targets_path: Path,
    as_of: dt.date,
    letterhead_key: str,
    output: Path,
    resources: RunResources,
    register: Register | None,
    *,
    previous: Path | None = None,
    xlsx: Path | None = None,
    date: dt.date | None = None,
    addressees: str | None = None,
    overwrite: bool = False,
    unit: str | None = None,
    sheet: str | None = None,
    period: str = "周",
    baseline: Path | None = None,
    previous_sheet: str | None = None,
    baseline_sheet: str | None = None,
    pdf: bool = False,
    engine: Engine = Engine.LIBREOFFICE,
) -> ProgressResult:
    """Compute every unit's progress at ``as_of``, write the 通报 (and the .xlsx).

    ``baseline``: the pool the period started from, which the new conversions are counted from;
    a monthly 通报 without one counts them from ``previous`` (last month's pool).  ``sheet``,
    ``previous_sheet`` and ``baseline_sheet`` name the worksheets of the three pools to read; ``pdf``:
    also the 通报's PDF beside the .docx, made by ``engine``.  Without a ``register``, a draft: no
    number taken, written as NAME-样稿.docx (and .pdf, watermarked) beside ``output``."""
    refuse_sheet_without_file(
        {"--previous-sheet": (previous_sheet, previous), "--baseline-sheet": (baseline_sheet, baseline)}
    )
    targets = load_targets(targets_path)
    letterhead = resources.letterhead(letterhead_key)
    projects, problems = load_pool(pool_path, unit=unit, sheet=sheet)
    before = None
    if previous is not None:
        before, previous_problems = load_pool(previous, unit=unit, sheet=previous_sheet)
        problems += previous_problems
    if not projects and not targets.units():
        raise DataError(_("no valid projects in the ledger"), Location(file=pool_path))
    start = before if period == "月" else None
    if baseline is not None:
        start, baseline_problems = load_pool(baseline, unit=unit, sheet=baseline_sheet)
        problems += baseline_problems
    if start is None and any("converted" in targets.of(u) for u in targets.units()):
        problems.append(
            DataWarning(
                _(
                    "new conversions are counted against the pool the period started from: give it with --baseline"
                ),
                Location(file=targets_path, field=BY_KEY["converted"].name),
            )
        )
    listed = _not_pooled(pool_path)
    _refuse_pooled_answers(listed, projects, pool_path)
    answers = {u: state for u, (state, _row) in listed.items() if u in targets.units()}
    unpooled = list(answers)
    if unpooled:
        problems.append(
            DataWarning(
                _(
                    "{units}: the pool's 报送情况 says sent back or not answered; their projects are not in "
                    "the pool, and the 通报 counts them as none"
                ).format(units=joined(unpooled)),
                Location(file=pool_path, sheet=POOL_ANSWERS),
            )
        )
    result = progress(projects, targets, as_of, before, period, start)
    problems.extend(_outside_warnings(result, {p.unit for p in projects}, pool_path, targets_path))
    key = hashlib.sha256(f"{as_of.isoformat()}|{targets_path.read_bytes().hex()}".encode()).hexdigest()
    issue_date = date or as_of
    # by the office's level: a 市 sends the 通报 to the 县（市、区）重点项目办 (seed 001), a 县 to its units
    to = addressee_line(addressees, "各县（市、区）重点项目办" if letterhead.level == "市" else letterhead.subordinates)
    if register is None:
        guard = WriteGuard.of([pool_path, previous, baseline, targets_path], overwrite=overwrite)
        doc = progress_report(
            resources.env, result, letterhead, DocumentNumber(letterhead.code, issue_date.year), issue_date, to,
            answers=answers,
        )
        drafted = publish_draft(doc, output, pdf, engine, resources.template, guard)
        if xlsx is not None:
            guard.write(xlsx, progress_xlsx(result))
        return ProgressResult(drafted.docx, xlsx, _("draft (no 文号 taken)"), result, problems, *drafted.pdf_info)
    request = NumberRequest(KIND_DOCUMENT, letterhead.code, issue_date.year, f"progress:{key}")
    guard = WriteGuard.of([pool_path, previous, baseline, targets_path], overwrite=overwrite)
    guard.check_not_input(output)
    target = output.with_suffix(".pdf") if pdf else None
    if target is not None:
        guard.check_not_input(target)
    if xlsx is not None:
        guard.check(xlsx)
    refuse_a_register_behind(register, [request], output.parent)  # 通报 and 发文 share the 文号 series
    # a second run for the same week at the same time waits, then finds the 通报 made (or refuses)
    with (
        holding_item(register, f"{KIND_DOCUMENT}|{letterhead.code}|{issue_date.year}|{request.item_key}"),
        numbered(register, request, guard) as ticket,
    ):
        number = DocumentNumber(letterhead.code, issue_date.year, ticket.allocation.seq)
        doc = progress_report(resources.env, result, letterhead, number, issue_date, to, answers=answers)
        write = partial(_same_as_before, ticket) if ticket.issued_before else ticket.write
        chosen, why = engine_for(doc, engine) if pdf else (engine, "")
        item = Publication(doc, output, target, watermark=False, engine=chosen)
        published = publish_one(item, resources.template, write=write)
        if not ticket.issued_before:
            ticket.done(Record.of(doc))
    if xlsx is not None:  # a data export, not recorded under the number
        guard.write(xlsx, progress_xlsx(result))
    return ProgressResult(output, xlsx, ticket.text, result, problems, target, published.made_by, why)


def _outside_warnings(result: Progress, pooled: set[str], pool: Path, targets: Path) -> list[DataError]:
    """Return a warning for each unit of the pool without targets (not counted in the 通报), naming a
    unit with targets but no project whose name is part of it or holds it (宋村 / 宋村乡): the same unit?"""
    empty = [u.unit for u in result.units if u.unit not in pooled]
    warnings: list[DataError] = []
    for unit in result.outside:
        near = [name for name in empty if name in unit or unit in name]
        if near:
            message = _(
                "{unit} has projects in the pool but no targets, and {target} has targets but no project: "
                "if they are the same unit, write its name the same way in both"
            ).format(unit=unit, target=joined(near))
        else:
            message = _("{unit} has projects in the pool but no targets: the 通报 lists it, not counted").format(
                unit=unit
            )
        warnings.append(DataWarning(message, Location(file=pool if not near else targets)))
    return warnings


POOL_ANSWERS = "报送情况"  # the sheet of collect merge's ledger listing each unit's answer
_NOT_POOLED = ("退回修改", "未报送")


def _not_pooled(pool: Path) -> dict[str, tuple[str, int]]:
    """Return the units the pool (``collect merge``'s ledger) lists as sent back or not answered,
    with that answer (退回修改 or 未报送) and its row in the sheet."""
    if pool.suffix.lower() != ".xlsx":
        return {}
    try:
        rows = read_grid(pool, POOL_ANSWERS).rows
    except DataError:  # a pool made otherwise: no such sheet
        return {}
    if not rows or POOL_ANSWERS not in rows[0] or "单位" not in rows[0]:
        return {}
    unit, state = rows[0].index("单位"), rows[0].index(POOL_ANSWERS)
    return {
        str(row[unit]): (str(row[state]), line)
        for line, row in enumerate(rows[1:], start=2)
        if len(row) > state and row[state] in _NOT_POOLED
    }


def _refuse_pooled_answers(listed: dict[str, tuple[str, int]], projects: list[PoolProject], pool: Path) -> None:
    """Refuse a pool whose 报送情况 says a unit sent nothing usable while its 汇总 holds that unit's
    projects (rows added by hand): the 通报 would say they are counted as none and count them."""
    counts = Counter(p.unit for p in projects)
    for unit, (state, line) in listed.items():
        if counts[unit]:
            raise DataError(
                _(
                    "{unit} is listed as {state}, but the pool holds {count} of its projects: correct its "
                    "报送情况 or take its projects out of the pool"
                ).format(unit=unit, state=state, count=counts[unit]),
                Location(file=pool, sheet=POOL_ANSWERS, line=line, field=POOL_ANSWERS),
            )


def _same_as_before(ticket: Ticket, output: Path, data: bytes) -> None:  # publish's write on a re-run
    """Accept a re-run that makes exactly the 通报 recorded under the number; refuse any other.
    Its PDF follows the .docx (written first)."""
    if output.suffix.lower() == ".pdf":
        keep_or_write_pdf(ticket, output, data)
        return
    if not same_as_recorded(ticket, output, data):
        raise RegisterError(
            _(
                "{number} was made before for this date and these targets ({path}), and this run makes it "
                "differently; it is not written over: to make it again, void it first: "
                "docgen register void {number} --reason REASON"
            ).format(number=ticket.text, path=joined(o["path"] for o in ticket.previous().outputs) or output)
        )
