"""``docgen minutes``: a 纪要 (GB/T 9704 10.3) from its source (.md), or from a decisions sheet and
its meeting (.yaml); and, with ``--overdue``, the 挂牌督办通知书 of each decision not done by its 时限.

The 期号 comes from the register: series 纪要, named by the mark (会议名称 + 纪要), numbered per
year of the meeting's date, idempotent per meeting (date and 届次), taken only once the register is
known not to be behind the output folder (``refuse_a_register_behind``): a re-run finds the 纪要 made
and unchanged and writes nothing; changed input under an issued 期号 is refused (void it first).
A draft takes no number (第　　期, the 样稿 watermark).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.compose import minutes as compose
from docgen.compose.supervision import DEFAULT_REPLY_DAYS
from docgen.errors import DataError, DataErrors, Location, OutputError
from docgen.i18n import _
from docgen.load.minutes import MinutesSource, load_decisions, load_minutes
from docgen.minutes_model import Decision, Minutes
from docgen.publish.guard import WriteGuard
from docgen.publish.naming import file_in
from docgen.publish.numbering import (
    NumberRequest,
    Record,
    numbered,
    refuse_a_register_behind,
    unchanged_files,
)
from docgen.publish.pipeline import Engine, Publication, publish_one
from docgen.register import KIND_MINUTES, Register, number_text
from docgen.remarks import Remark
from docgen.run_resources import RunResources
from docgen.supervise import SuperviseReport, supervision_notices


@dataclass
class MinutesResult:
    """What a run made: the 纪要's number and files (``unchanged``: made before, not written again)."""

    number: str  # as written in the register; a draft: words saying it has none
    docx: Path
    pdf: Path | None
    pages: int = 0
    unchanged: bool = False
    made_by: str = ""  # what made the PDF: "Typst" or "LibreOffice" ("" without a PDF)
    notes: tuple[Remark, ...] = ()  # warnings on the source (load/minutes.py)
    notes_source: Path | None = None  # the file they are on: the .md, or the meeting .yaml beside a sheet


class DecisionErrors(DataErrors):
    """Every bad cell of a decisions sheet: no 纪要 is made until all are put right, and all are said
    at once (one message each, as every problem of a source: docgen/errors.py DataErrors)."""

    def __init__(self, problems: Sequence[DataError]) -> None:
        super().__init__(problems)


@dataclass(frozen=True)
class MinutesInput:
    """A 纪要's input read: the meeting (and body), the decisions when a sheet was given, the files."""

    source: MinutesSource
    decisions: tuple[Decision, ...]
    files: tuple[Path, ...]
    problems: tuple[DataError, ...] = ()
    sheet_path: Path | None = None


def read_input(
    path: Path, resources: RunResources, meeting: Path | None = None, sheet: str | None = None
) -> MinutesInput:
    """Read a 纪要 source (.md), or a decisions sheet (.xlsx) with its meeting (.yaml)."""
    if path.suffix.lower() in (".xlsx", ".xlsm", ".csv"):
        if meeting is None:
            raise DataError(
                _("a decisions sheet needs its meeting: --meeting 会议.yaml"), Location(file=path)
            )
        source = load_minutes(meeting)
        decisions, problems = load_decisions(path, source.front.date, resources.calendar, sheet)
        return MinutesInput(source, tuple(decisions), (path, meeting), tuple(problems), path)
    if meeting is not None:
        raise DataError(
            _("--meeting goes with a decisions sheet (.xlsx), not a 纪要 source"), Location(file=path)
        )
    return MinutesInput(load_minutes(path), (), (path,))


def compose_input(data: MinutesInput, resources: RunResources, sequence: int | None) -> Minutes:
    """Return the 纪要 of the input numbered 第``sequence``期 (None: a draft)."""
    if data.sheet_path is None:
        return compose.compose_minutes(data.source, sequence)
    body = compose.decisions_body(resources.env, data.source.front, data.decisions)
    return compose.compose_minutes(data.source, sequence, body)


def _given_sequence(source: MinutesSource) -> int | None:
    """Return the 期号 the source writes out, or None for auto."""
    value = source.front.issue
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "auto", "自动")):
        return None
    text = str(value).strip().removeprefix("第").removesuffix("期")
    if not text.isdecimal() or text.startswith("0") or len(text) > 6 or int(text) < 1:  # 6: MAX_SEQUENCE
        raise DataError(
            _("期号 is a number like 5 (printed 第5期) or auto, not {value!r}").format(value=value),
            Location(file=source.path, line=source.line_of("期号") or source.line_of("issue"), field="期号"),
        )
    return int(text)


def _refuse_an_issue_out_of_turn(source: MinutesSource, register: Register, request: NumberRequest) -> None:
    """Refuse a 期号 written out in the source that is not the series' next one, naming the file, the line
    and the field, and the ``register start`` command that continues the series from it (an office
    that issued 纪要 of the year before docgen); the register's own refusal names neither."""
    seq = request.sequence
    if seq is None or register.lookup(request.kind, request.series, request.year, request.item_key):
        return
    following = register.next_free(request.kind, request.series, request.year)
    if seq == following:
        return
    written = number_text(request.kind, request.series, request.year, seq)
    then = number_text(request.kind, request.series, request.year, following)
    where = Location(file=source.path, line=source.line_of("期号") or source.line_of("issue"), field="期号")
    if seq < following:
        raise DataError(
            _("{written} is used already; write auto (the next is {next})").format(
                written=written, next=then
            ),
            where,
        )
    command = ["docgen", "register", "start", "--kind", request.kind, "--series", request.series]
    command += ["--year", str(request.year), "--next", str(seq)]
    raise DataError(
        _("{written} is not the next number of this series ({next}); write auto, or that number").format(
            written=written, next=then
        )
        + _("; to go on from the issues made before docgen: {command}").format(
            command=" ".join(map(_shell_word, command))
        ),
        where,
    )


# shlex.quote quotes every non-ASCII word ('纪要'): a word of Chinese alone is left as typed, a word
# the shell would split or expand is quoted.
_PLAIN_WORD = re.compile(r"[^\s'\"\\$`!*?;&|<>(){}\[\]#~]+")


def _shell_word(word: str) -> str:
    """Return ``word`` as the user would type it in a shell: quoted only when it must be."""
    return word if _PLAIN_WORD.fullmatch(word) else shlex.quote(word)


def _input_hash(files: tuple[Path, ...]) -> str:
    """Return the SHA-256 of a 纪要's input files, in order."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def make_minutes(
    path: Path,
    resources: RunResources,
    register: Register | None,
    *,
    meeting: Path | None = None,
    sheet: str | None = None,
    out_dir: Path | None = None,
    pdf: bool = False,
    overwrite: bool = False,
    signer: str = "",
    engine: Engine = Engine.LIBREOFFICE,
) -> MinutesResult:
    """Make the 纪要 of ``path`` into ``out_dir`` (default: beside it); without a register, a draft.

    ``signer`` is recorded with the 期号 (``docgen issue`` of a 纪要); ``engine`` makes the PDF.
    """
    data = read_input(path, resources, meeting, sheet)
    if data.problems:  # a 纪要 lists every decision: none is left out for a bad cell
        raise DecisionErrors(data.problems)
    front = data.source.front
    folder = out_dir or path.parent
    guard = WriteGuard.of(list(data.files), overwrite=overwrite)
    if register is None:
        doc = compose_input(data, resources, None)
        name = f"{compose.mark_of(front)}-{front.date.isoformat()}-样稿"
        docx, target = file_in(folder, f"{name}.docx"), file_in(folder, f"{name}.pdf") if pdf else None
        item = Publication(doc, docx, target, watermark=True, engine=engine)
        made = publish_one(item, resources.template, write=guard.write)
        assert made.placed is not None
        pages = made.pages or made.placed.pages
        return MinutesResult(
            _(
                "draft (no issue number)"
            ),  # not doc.issue: its 第　　期 is the page's, in Chinese whatever the language
            docx,
            target,
            pages,
            made_by=made.made_by,
            notes=data.source.notes,
            notes_source=data.source.path,
        )
    digest = _input_hash(data.files)
    request = NumberRequest(
        KIND_MINUTES,
        compose.mark_of(front),
        front.date.year,
        f"{front.date.isoformat()}|{front.session}",
        _given_sequence(data.source),
    )
    _refuse_an_issue_out_of_turn(data.source, register, request)
    refuse_a_register_behind(register, [request], folder)  # before the 期号: the folder may show it issued
    with numbered(register, request, guard) as ticket:
        docx = file_in(folder, f"{ticket.text}.docx")  # a name inside the folder, or refused (number released)
        target = file_in(folder, f"{ticket.text}.pdf") if pdf else None
        if ticket.issued_before:
            if ticket.previous().input_hash not in (None, "", digest):
                raise OutputError(
                    _(
                        "{number} was made from other input (the source or the sheet changed since); "
                        "void the number (docgen register void) to make it again"
                    ).format(number=ticket.text)
                )
            recorded = unchanged_files(ticket.previous())
            if recorded is None:
                raise OutputError(
                    _(
                        "{number} was made before and its file is missing or changed; "
                        "void the number (docgen register void) to make the document again"
                    ).format(number=ticket.text)
                )
            # the files as made, wherever --out points this time (formats12 #4: a run into another
            # folder wrote nothing there and did not say where the 纪要 is)
            docx = next((f for f in recorded if f.suffix.lower() == ".docx"), docx)
            target = next((f for f in recorded if f.suffix.lower() == ".pdf"), None)
            return MinutesResult(
                ticket.text,
                docx,
                target,
                unchanged=True,
                notes=data.source.notes,
                notes_source=data.source.path,
            )
        doc = compose_input(data, resources, ticket.allocation.seq)
        item = Publication(doc, docx, target, watermark=False, engine=engine)
        made = publish_one(item, resources.template, write=ticket.write)
        ticket.done(
            Record(title=f"{doc.mark}{doc.issue}", doc_date=doc.date, signer=signer, input_hash=digest)
        )
    assert made.placed is not None
    pages = made.pages or made.placed.pages
    return MinutesResult(
        ticket.text,
        docx,
        target,
        pages,
        made_by=made.made_by,
        notes=data.source.notes,
        notes_source=data.source.path,
    )



def supervise_overdue(
    sheet_path: Path,
    meeting: Path,
    as_of: dt.date,
    resources: RunResources,
    register: Register,
    *,
    letterhead: str | None = None,
    out_dir: Path | None = None,
    sheet: str | None = None,
    reply_days: int = DEFAULT_REPLY_DAYS,
    overwrite: bool = False,
) -> SuperviseReport:
    """Make a 挂牌督办通知书 for every decision of the sheet not done by its 时限 on ``as_of``: each
    becomes a 督办 item (交办日期 the meeting's date, the notice dated ``as_of``) made through
    ``docgen.supervise``."""
    data = read_input(sheet_path, resources, meeting, sheet)
    front = data.source.front
    key = letterhead or front.letterhead
    if not key:
        raise DataError(
            _("the 督办 needs the issuing office: 发文机关 in the meeting file, or --letterhead"),
            Location(file=meeting, field="发文机关"),
        )
    numbers = {decision.row: index for index, decision in enumerate(data.decisions, start=1)}
    items = [  # made on ``as_of``: the 复函 is asked from that day, not from the meeting's
        replace(compose.supervision_item(front, decision, numbers[decision.row], resources.calendar), notified=as_of)
        for decision in compose.overdue_decisions(data.decisions, as_of)
    ]
    report = supervision_notices(
        items,
        sheet_path,
        key,
        out_dir or sheet_path.parent,
        resources,
        register,
        inputs=[meeting],
        reply_days=reply_days,
        overwrite=overwrite,
    )
    report.errors[:0] = list(data.problems)
    return report


__all__ = ["DecisionErrors", "MinutesResult", "make_minutes", "read_input", "supervise_overdue"]
