"""``docgen rank``: the month's 排名通报 (and the ranking as .xlsx) from the project ledger.

The 通报 gets its number from the register (文号 series of the letterhead, idempotent per month
and rules file): a re-run for the same month gives the same number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from docgen.compose.ranking import column_titles, ranking_report, ranking_rows
from docgen.config import Settings
from docgen.emit.docx.emit import render_docx
from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.projects import load_projects
from docgen.load.rules import Rules, load_rules
from docgen.model import DocumentNumber
from docgen.notices import letterhead_lookup, load_template
from docgen.output import write_atomic
from docgen.publish.numbering import NumberRequest, Record, Ticket, numbered
from docgen.ranking import Ranking, compare, rank
from docgen.register import KIND_DOCUMENT, Register, RegisterError, sha256_file
from docgen.templating import make_env


@dataclass(frozen=True)
class RankResult:
    """What ``rank`` wrote and found."""

    docx: Path
    xlsx: Path | None
    number: str
    ranking: Ranking
    problems: list[DataError]


def parse_month(text: str) -> tuple[int, int]:
    """Parse 2023-05 / 2023.5 / 2023年5月 into (year, month)."""
    import re

    match = re.fullmatch(r"\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?\s*", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DataError(
            _("a month is written like 2023-05, not {text!r}").format(text=text), Location(field="month")
        )
    return int(match.group(1)), int(match.group(2))


def ranking_xlsx(ranking: Ranking, rules: Rules) -> bytes:
    """Return the ranking table as an .xlsx (组别, then the table's columns: 排名, 单位 … 得分)."""
    from openpyxl import Workbook

    from docgen.inert import xlsx_append

    book = Workbook()
    sheet = book.active
    sheet.title = f"{ranking.year}年1—{ranking.month}月排名"
    xlsx_append(sheet, ["组别", *column_titles(rules)])
    for group, members in ranking.groups.items():
        for row in ranking_rows(members, rules):
            xlsx_append(sheet, [group, int(row[0]), *row[1:]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_ranking(
    ledger: Path,
    month: str,
    rules_path: Path,
    letterhead_key: str,
    output: Path,
    settings: Settings,
    register: Register,
    *,
    previous: Path | None = None,
    xlsx: Path | None = None,
    date: dt.date | None = None,
    addressees: str = "各乡镇人民政府，县直各有关单位：",
) -> RankResult:
    """Rank the month, write the 通报 (and the .xlsx); invalid rows are reported and left out of the figures."""
    year, number_month = parse_month(month)
    rules = load_rules(rules_path)
    letterhead = letterhead_lookup(settings)(letterhead_key)
    projects, problems = load_projects(ledger, year, number_month)
    if not projects:
        raise DataError(_("no valid projects in the ledger"), Location(file=ledger))
    current = rank(projects, rules, year, number_month)
    before = None
    if previous is not None:
        prev_year, prev_month = (year, number_month - 1) if number_month > 1 else (year - 1, 12)
        previous_projects, previous_problems = load_projects(previous, prev_year, prev_month)
        problems += previous_problems
        before = rank(previous_projects, rules, prev_year, prev_month)
    current = compare(current, before)
    key = hashlib.sha256(f"{year}-{number_month}|{rules_path.read_bytes().hex()}".encode()).hexdigest()
    issue_date = date or dt.date.today()
    env = make_env(settings.template_dirs)
    template = load_template(settings)
    request = NumberRequest(KIND_DOCUMENT, letterhead.code, issue_date.year, f"ranking:{key}")
    with numbered(register, request) as ticket:
        number = DocumentNumber(letterhead.code, issue_date.year, ticket.allocation.seq)
        doc = ranking_report(env, current, rules, letterhead, number, issue_date, addressees)
        data = render_docx(doc, template).data
        if ticket.issued_before:
            _same_as_before(ticket, output, data)
        else:
            ticket.write(output, data)
            ticket.done(Record.of(doc))
    if xlsx is not None:  # a data export, not part of the document: not recorded under the number
        write_atomic(xlsx, ranking_xlsx(current, rules))
    return RankResult(output, xlsx, ticket.text, current, problems)


def _same_as_before(ticket: Ticket, output: Path, data: bytes) -> None:
    """Accept a re-run that makes exactly the 通报 recorded under the number; refuse any other.

    A 通报 recorded under its number is never written over: one made from changed data needs
    the old number voided first (then it gets a new one).
    """
    recorded = {Path(o["path"]): o["sha256"] for o in ticket.previous().outputs}
    expected = recorded.get(output.resolve())
    if (
        expected != hashlib.sha256(data).hexdigest()
        or not output.is_file()
        or sha256_file(output) != expected
    ):
        raise RegisterError(
            _(
                "{number} was made before for this month and these rules ({files}); it is not "
                "written over: to make it again, void it first (docgen register void)"
            ).format(number=ticket.text, files=", ".join(str(p) for p in recorded))
        )
