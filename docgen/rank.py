"""``docgen rank``: the month's 排名通报 (and the ranking as .xlsx) from the project ledger.

The 通报 gets its number from the register (文号 series of the letterhead, idempotent per month
and rules file): a re-run for the same month gives the same number.  A draft (no register) takes
no number: 〔YYYY〕　号, the 样稿 watermark, written as NAME-样稿 beside the 通报 (docgen/publish/draft.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Container, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path

from docgen.compose.ranking import column_titles, ranking_report
from docgen.errors import DataError, DataWarning, Location
from docgen.i18n import _, ngettext
from docgen.issue_dates import issue_date as default_issue_date
from docgen.load.projects import load_month, load_projects
from docgen.load.rules import load_rules
from docgen.model import DocumentNumber, addressee_line
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
from docgen.ranking import Ranking, UnitFigures, compare, fallen, rank, round_half_up, ungrouped
from docgen.records import ProjectRow
from docgen.register import KIND_DOCUMENT, Register, RegisterError
from docgen.run_resources import RunResources
from docgen.scoring import Rules
from docgen.sheet_options import refuse_sheet_without_file
from docgen.xlsx_table import TableColumn, workbook_bytes, write_table


@dataclass(frozen=True)
class RankResult:
    """What ``rank`` wrote and found."""

    docx: Path
    xlsx: Path | None
    number: str
    ranking: Ranking
    problems: list[DataError]
    notes: list[str]  # e.g. the 成文日期 defaulted to today for a past month
    pdf: Path | None = None  # the 通报's PDF, beside the .docx (None: not asked for)
    made_by: str = ""  # what made the PDF: "Typst" or "LibreOffice" ("" without one)
    why: str = ""  # why not the engine asked for (docgen/publish/engine_choice.py)


def parse_month(text: str) -> tuple[int, int]:
    """Parse 2023-05 / 2023.5 / 2023年5月 into (year, month)."""
    import re

    match = re.fullmatch(r"\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?\s*", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DataError(
            _("a month is written like 2023-05, not {text!r}").format(text=text), Location(field="month")
        )
    return int(match.group(1)), int(match.group(2))


MONEY_KEYS = {"total", "annual_plan", "completed"}
RATE_KEYS = {"completion_rate", "start_rate", "approvals_rate"}


def _xlsx_columns(rules: Rules) -> list[TableColumn]:
    """Return the .xlsx ranking's columns: 组别, then the table's (money in 亿元, rates as %)."""
    titles = column_titles(rules)
    kinds: list[TableColumn] = [TableColumn("组别"), TableColumn(titles[0], "int"), TableColumn(titles[1])]
    for key, title in zip(rules.columns, titles[2:], strict=False):
        if key in MONEY_KEYS or key == "gap_pp":
            kinds.append(TableColumn(title, "number", 2))
        elif key in RATE_KEYS:
            kinds.append(TableColumn(title, "percent", 2))
        else:
            kinds.append(TableColumn(title, "int"))
    kinds += [TableColumn("得分", "number", rules.decimals), TableColumn("较上月"), TableColumn("亮灯")]
    return kinds


def _xlsx_value(key: str, figures: UnitFigures) -> Decimal | int | str:
    """Return one indicator as the .xlsx holds it: the number the 通报 shows, rounded 四舍五入."""
    value = figures.value(key)
    if value is None:
        return "—"
    if key in MONEY_KEYS:
        return round_half_up(value / 10000, 2)  # 亿元, as the table shows them
    if key in RATE_KEYS:
        return round_half_up(value, 4)  # 0.00% shows the fraction to four places
    if key == "gap_pp":
        return round_half_up(value, 2)
    return int(value)


def ranking_xlsx(ranking: Ranking, rules: Rules) -> bytes:
    """Return the ranking table as an .xlsx (组别, then the table's columns: 排名, 单位 … 得分), with
    real numbers and their formats (docgen/xlsx_table.py)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = f"{ranking.year}年1—{ranking.month}月排名"
    rows = [
        [
            group,
            member.rank if member.figures.count else "—",  # as the 通报's table: listed, not ranked
            member.figures.unit,
            *[_xlsx_value(key, member.figures) for key in rules.columns],
            round_half_up(member.score, rules.decimals),
            member.change,
            member.light,
        ]
        for group, members in ranking.groups.items()
        for member in members
    ]
    write_table(sheet, _xlsx_columns(rules), rows)
    return workbook_bytes(book)


def make_ranking(
    ledger: Path,
    month: str,
    rules_path: Path,
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
    previous_sheet: str | None = None,
    pdf: bool = False,
    engine: Engine = Engine.LIBREOFFICE,
) -> RankResult:
    """Rank the month, write the 通报 (and the .xlsx); invalid rows are reported and left out of the figures.

    ``sheet`` and ``previous_sheet`` name the worksheets of ``ledger`` and ``previous`` to read;
    ``pdf``: also the 通报's PDF beside the .docx, made by ``engine``.  Without a ``register``, a
    draft: no number taken, written as NAME-样稿.docx (and .pdf, watermarked) beside ``output``."""
    refuse_sheet_without_file({"--previous-sheet": (previous_sheet, previous)})
    year, number_month = parse_month(month)
    rules = load_rules(rules_path)
    letterhead = resources.letterhead(letterhead_key)
    read = load_month(ledger, year, number_month, sheet, unit=unit)
    projects, problems = read.projects, read.problems
    refuse_bad_rows(ledger, problems, read.repeats)  # before a number is taken: a typo costs no number
    if not projects:
        raise DataError(_("no valid projects in the ledger"), Location(file=ledger))
    current = rank(projects, rules, year, number_month)
    problems += rules_warnings(rules_path, ledger, rules, projects, read.fields)
    before = None
    if previous is not None:
        prev_year, prev_month = (year, number_month - 1) if number_month > 1 else (year - 1, 12)
        previous_projects, previous_problems = load_projects(
            previous, prev_year, prev_month, previous_sheet, unit=unit
        )
        problems += previous_problems
        before = rank(previous_projects, rules, prev_year, prev_month)
        if prev_year == year:  # 1-12月 to 1-1月: the sum starts again in January
            problems += fallen_warnings(ledger, previous, projects, previous_projects, number_month)
    current = compare(current, before)
    key = hashlib.sha256(f"{year}-{number_month}|{rules_path.read_bytes().hex()}".encode()).hexdigest()
    issue_date, date_note = default_issue_date(year, number_month, date, dt.date.today())
    to = addressee_line(addressees, letterhead.subordinates)  # by the office's level: 县 → 各乡镇……
    notes = [date_note] if date_note else []
    if register is None:
        guard = WriteGuard.of([ledger, previous, rules_path], overwrite=overwrite)
        number = DocumentNumber(letterhead.code, issue_date.year)  # 〔YYYY〕　号: no number taken
        doc = ranking_report(resources.env, current, rules, letterhead, number, issue_date, to)
        drafted = publish_draft(doc, output, pdf, engine, resources.template, guard)
        if xlsx is not None:
            guard.write(xlsx, ranking_xlsx(current, rules))
        draft = _("draft (no 文号 taken)")
        return RankResult(drafted.docx, xlsx, draft, current, problems, notes, *drafted.pdf_info)
    request = NumberRequest(KIND_DOCUMENT, letterhead.code, issue_date.year, f"ranking:{key}")
    guard = WriteGuard.of([ledger, previous, rules_path], overwrite=overwrite)
    guard.check_not_input(output)  # before a number is taken (a re-run meets its own 通报: see below)
    target = output.with_suffix(".pdf") if pdf else None
    if target is not None:
        guard.check_not_input(target)
    if xlsx is not None:
        guard.check(xlsx)
    refuse_a_register_behind(register, [request], output.parent)  # 通报 and 发文 share the 文号 series
    with numbered(register, request, guard) as ticket:
        number = DocumentNumber(letterhead.code, issue_date.year, ticket.allocation.seq)
        doc = ranking_report(resources.env, current, rules, letterhead, number, issue_date, to)
        write = partial(_same_as_before, ticket) if ticket.issued_before else ticket.write
        chosen, why = engine_for(doc, engine) if pdf else (engine, "")
        item = Publication(doc, output, target, watermark=False, engine=chosen)
        made = publish_one(item, resources.template, write=write)
        if not ticket.issued_before:
            ticket.done(Record.of(doc))
    if xlsx is not None:  # a data export, not part of the document: not recorded under the number
        guard.write(xlsx, ranking_xlsx(current, rules))
    if ticket.issued_before:  # a re-run, or a second run that waited for the first (the item's lock)
        notes.append(_("{number} was made before and is unchanged: not written again.").format(number=ticket.text))
    return RankResult(output, xlsx, ticket.text, current, problems, notes, target, made.made_by, why)


# the columns an indicator is computed from, when the ledger may lack them
INDICATOR_COLUMNS = {"start_rate": ("new_start", "计划新开工"), "approvals_rate": ("approvals_done", "手续办结")}


def rules_warnings(
    rules_path: Path, ledger: Path, rules: Rules, projects: Sequence[ProjectRow], fields: frozenset[str]
) -> list[DataError]:
    """Return a warning for units no group of the rules names (ranked apart under 其他, named neither
    先进 nor 后进) and one for each scored indicator whose column the ledger lacks (every unit gets
    the points of a 0% rate, which the 通报's table does not show)."""
    warnings: list[DataError] = []
    apart = ungrouped(rules, projects)
    if rules.groups and apart:
        warnings.append(
            DataWarning(
                _(
                    "{units}: in the ledger but in no group of the ranking rules; ranked apart under "
                    "“其他” and named neither advanced nor lagging: add them to the rules' groups"
                ).format(units="、".join(apart)),
                Location(file=rules_path, field="groups"),
            )
        )
    for rule in rules.indicators:
        needed = INDICATOR_COLUMNS.get(rule.key)
        if needed is not None and needed[0] not in fields:
            warnings.append(
                DataWarning(
                    _(
                        "the rules score {indicator} ({weight} points) but the ledger has no column {column}: "
                        "every unit is scored as if that column said 否 on every row"
                    ).format(indicator=rule.label, weight=_plain(rule.weight), column=needed[1]),
                    Location(file=ledger, field=needed[1]),
                )
            )
    return warnings


def fallen_warnings(
    ledger: Path,
    previous: Path,
    projects: Sequence[ProjectRow],
    previous_projects: Sequence[ProjectRow],
    month: int,
) -> list[DataError]:
    """Return a warning for each project whose 1-N月 completed investment is less than last month's
    1-(N-1)月 in ``previous``: one of the two ledgers is wrong, and the ranking ranks it as written."""
    return [
        DataWarning(
            _(
                "{name}: 1-{month}月 completed investment {now} 万元 is less than the 1-{before_month}月 "
                "{before} 万元 of {previous} (row {row}); a cumulative figure cannot fall: check both ledgers"
            ).format(
                name=now.name,
                month=month,
                now=_plain(now.completed),
                before_month=month - 1,
                before=_plain(before.completed),
                previous=previous.name,
                row=before.row,
            ),
            Location(file=ledger, line=now.row, field="累计完成投资"),
        )
        for now, before in fallen(projects, previous_projects)
    ]


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")  # 400, not 400.0 or 4E+2


def refuse_bad_rows(ledger: Path, problems: Sequence[DataError], repeats: Container[int] = ()) -> None:
    """Raise DataError naming every row of the month that cannot be read (row, column, value), and
    apart from them every row repeating the project of an earlier one (a line of ``repeats``: its
    message names both rows), if any.

    A 通报 made without a row would be numbered and issued with wrong figures, and the corrected
    one refused until that number is voided (outsider 2 defect 5): nothing is numbered until the
    month reads whole.  A 合计 row that is not the sum (a warning) stops nothing.
    """
    errors = [problem for problem in problems if not isinstance(problem, DataWarning)]
    repeated = [error for error in errors if (error.location.line or 0) in repeats]
    unread = [error for error in errors if not any(error is r for r in repeated)]
    if not errors:
        return
    if not repeated:
        raise DataError(
            ngettext(
                "{n} row of the month cannot be read; no number was taken and nothing written: "
                "correct it and run again:\n{rows}",
                "{n} rows of the month cannot be read; no number was taken and nothing written: "
                "correct them and run again:\n{rows}",
                len(errors),
            ).format(n=len(errors), rows=_listed(errors)),
            Location(file=ledger),
        )
    said = ngettext(
        "{n} row of the month cannot be used; no number was taken and nothing written: correct it and run again:",
        "{n} rows of the month cannot be used; no number was taken and nothing written: correct them and run again:",
        len(errors),
    ).format(n=len(errors))
    if unread:
        said += "\n" + _("cannot be read:") + "\n" + _listed(unread)
    said += "\n" + _(
        "the same project as an earlier row (the same 项目名称 and 责任单位): merge the two rows, or tell the "
        "projects apart:"
    ) + "\n" + _listed(repeated)
    raise DataError(said, Location(file=ledger))


def _listed(errors: Sequence[DataError]) -> str:
    return "\n".join(f"  {error}" for error in errors)


def _same_as_before(ticket: Ticket, output: Path, data: bytes) -> None:  # publish's write on a re-run
    """Accept a re-run that makes exactly the 通报 recorded under the number; refuse any other.

    A 通报 recorded under its number is never written over: one made from changed data needs
    the old number voided first (then it gets a new one).  Its PDF follows the .docx (written first).
    """
    if output.suffix.lower() == ".pdf":
        keep_or_write_pdf(ticket, output, data)
        return
    if not same_as_recorded(ticket, output, data):
        recorded = [Path(o["path"]) for o in ticket.previous().outputs]
        raise RegisterError(
            _(
                "{number} was made before for this month and these rules ({files}); it is not "
                "written over: to make it again, void it first (docgen register void)"
            ).format(number=ticket.text, files=", ".join(str(p) for p in recorded))
        )
