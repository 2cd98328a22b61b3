"""The register of numbers: allocate, list, show, void, release, check, start, import, back up, restore."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from docgen.cli.app import N_, SHEET_OPTION, Context, end_batch, help_text, main_group, pass_context
from docgen.cli.values import one_line, series_name
from docgen.i18n import _, ngettext

SERIES_HELP = N_("The series: a 代字 such as 伊重点项目办, or a series name.")
KIND_HELP = N_("The kind of series: 文号, 督办, 简报, 纪要 or 令.")
YEAR_HELP = N_("The year of the series (for 令: the term, 届, such as 17).")
# every kind of series the register keeps (docgen.register.rows); --kind takes no other
KINDS = ("文号", "督办", "简报", "纪要", "令")


@main_group.group(
    help=N_("The register of numbers: allocate, list, show, void, release, check, start, import, back up.")
)
def register() -> None:
    pass


def _status(status: str) -> str:
    return {"allocated": _("allocated"), "issued": _("issued"), "void": _("void")}.get(status, status)


@register.command(
    "next",
    help=help_text(
        N_("Allocate the next number of a series and print it."),
        N_("""\b
  docgen register next --series 伊重点项目办 --year 2020
"""),
    ),
)
@click.option("--series", required=True, help=SERIES_HELP)
@click.option("--year", required=True, type=click.IntRange(1, 2999), help=YEAR_HELP)
@click.option("--kind", default="文号", show_default=True, type=click.Choice(KINDS), help=KIND_HELP)
@click.option("--item", help=N_("An item key: asking again for the same item returns the same number."))
@click.option("--new", "new_series", is_flag=True, help=N_("The series is new, though its name is close to a known one."))
@pass_context
def register_next(ctx: Context, series: str, year: int, kind: str, item: str | None, new_series: bool) -> None:
    _check_year(kind, year)
    series = series_name("--series", series)  # it names files: no path, no bidi control (hostile10 #3)
    # recorded as written here (whatever the process's argv): register check and import know it by it
    command = ["docgen", "register", "next", "--series", series, "--year", str(year), "--kind", kind]
    from docgen.publish.numbering import NumberRequest, refuse_a_register_behind

    with ctx.open_register() as reg:
        # a register put back from an older copy would give a number issued before again
        refuse_a_register_behind(reg, [NumberRequest(kind, series, year, item or "")], None)
        warning, close = _unknown_series(ctx, kind, series, reg.series_names(kind))
        if close and not new_series:  # a typo would start a series no command takes numbers from
            from docgen.errors import UsageError

            raise UsageError(_("{message}; if it is a new series, pass --new").format(message=warning))
        if warning and not new_series:  # the user said it is new: nothing to warn of
            click.echo(_("Warning: {message}").format(message=warning), err=True)
        allocation = reg.allocate(
            kind, series, year, item, command=shlex.join(command + (["--item", item] if item else []))
        )
    click.echo(allocation.text)


@register.command(
    "list",
    help=help_text(
        N_("List the numbers of the register."),
        N_("""\b
  docgen register list
  docgen register list --series 伊重点项目办 --year 2020
"""),
    ),
)
@click.option("--series", help=N_("Only this series."))
@click.option("--year", type=int, help=N_("Only this year."))
@click.option("--kind", help=N_("Only this kind."))
@pass_context
def register_list(ctx: Context, series: str | None, year: int | None, kind: str | None) -> None:
    with ctx.open_register(reading=True) as reg:
        for row in reg.rows(series, year, kind):
            click.echo(
                f"{row.text}\t{_status(row.status)}\t{row.title or row.reason or ''}\t{row.signer or ''}"
            )


@register.command(
    "show",
    help=help_text(
        N_("Show one number: its document, files and audit entries."),
        N_("""\b
  docgen register show 伊重点项目办〔2020〕13号
"""),
    ),
)
@click.argument("number")
@pass_context
def register_show(ctx: Context, number: str) -> None:
    with ctx.open_register(reading=True) as reg:
        row = reg.find(number)
        click.echo(f"{row.text}\t{_status(row.status)}")
        for label, value in (
            (_("title"), row.title),
            (_("signer"), row.signer),
            (_("signed at"), row.signed_at),
            (_("allocated at"), row.allocated_at),
            (_("reason"), row.reason),
            (_("input hash"), row.input_hash),
            (_("source file"), row.source),
        ):
            if value:
                click.echo(f"  {label}: {value}")
        for output in row.outputs:
            click.echo(f"  {output['path']}  sha256 {output['sha256']}")
        for at, action, _number, detail in reg.audit(row.text):
            click.echo(f"  {at} {action} {detail}")


def _reason(number: str, reason: str) -> str:
    """Return a --reason that is one line of text; refuse it naming the number, the option and the value."""
    from docgen.errors import UsageError

    try:
        return one_line("--reason", reason)
    except UsageError as error:
        raise UsageError(_("{where}: {message}").format(where=number, message=error)) from None


@register.command(
    "void",
    help=help_text(
        N_("Void a number, with the reason (kept in the audit)."),
        N_("""\b
  docgen register void 伊重点项目办〔2020〕13号 --reason 标题有误
"""),
    ),
)
@click.argument("number")
@click.option("--reason", required=True, help=N_("Why (kept in the audit)."))
@pass_context
def register_void(ctx: Context, number: str, reason: str) -> None:
    reason = _reason(number, reason)  # kept in the audit: `register show` prints it as one line
    from docgen.publish.numbering import void_number
    from docgen.register.locks import unless_held

    with ctx.open_register() as reg, unless_held(reg, reg.find(number), void=True):
        row, moved = void_number(reg, number, reason)
    click.echo(f"{row.text}\t{_status(row.status)}")
    for old, new in moved:  # the withdrawn files keep their place in the folder, marked 作废
        click.echo(_("  renamed {old} → {new}").format(old=old, new=new.name))
    for output in row.outputs:
        if not Path(output["path"]).exists():  # moved or deleted by hand: nothing to mark
            click.echo(_("  not renamed, not there: {path}").format(path=output["path"]))


@register.command(
    "check",
    help=help_text(
        N_("Check the register: no gaps without a void record, no duplicates, files unchanged."),
        N_("""\b
  docgen register check
"""),
    ),
)
@pass_context
def register_check(ctx: Context) -> None:
    from docgen.publish.numbering import folder_problems
    from docgen.register.rows import taken_by_hand  # here: every command's start-up would load the register

    with ctx.open_register(reading=True) as reg:
        reg.quick_check()
        problems = reg.check() + folder_problems(reg)
        pending = reg.pending()
        path = reg.path
    for problem in problems:
        click.echo(_("✗ {problem}").format(problem=problem))
    for row in pending:
        if taken_by_hand(row.command):  # running it again takes another number
            click.echo(
                _(
                    "{number} was taken with docgen register next and is not yet recorded: record its "
                    "document with docgen register import (文号, 标题, 日期)"
                ).format(number=row.text)
            )
            continue
        click.echo(
            _("{number} is taken and not yet recorded; run again to finish it: {command}").format(
                number=row.text, command=row.command or "—"
            )
        )
    if pending:
        click.echo(
            _("(or give such a number back: docgen register release NUMBER --reason ...)"),
        )
    if problems:
        count = len(problems)
        click.echo(
            ngettext("{path}: {n} problem", "{path}: {n} problems", count).format(path=path, n=count),
            err=True,
        )
        sys.exit(1)
    click.echo(_("{path}: consistent").format(path=path))


@register.command(
    "start",
    help=help_text(
        N_(
            "Continue a series at a number: an office that adopts docgen mid-year goes on where its "
            "own register stopped."
        ),
        N_("""\b
  docgen register start --series 伊重点项目办 --year 2020 --next 13
"""),
    ),
)
@click.option("--series", required=True, help=SERIES_HELP)
@click.option("--year", required=True, type=click.IntRange(1, 2999), help=YEAR_HELP)
@click.option(
    "--next", "next_seq", required=True, type=click.IntRange(1, 999_999), help=N_("The next number to issue.")
)
@click.option("--kind", default="文号", show_default=True, type=click.Choice(KINDS), help=KIND_HELP)
@pass_context
def register_start(ctx: Context, series: str, year: int, next_seq: int, kind: str) -> None:
    from docgen.register import number_text

    _check_year(kind, year)
    series = series_name("--series", series)
    with ctx.open_register() as reg:
        warning, _close = _unknown_series(ctx, kind, series, reg.series_names(kind))
        if warning:
            click.echo(_("Warning: {message}").format(message=warning), err=True)
        reg.start(kind, series, year, next_seq)
    click.echo(_("next number: {number}").format(number=number_text(kind, series, year, next_seq)))


def _check_year(kind: str, year: int) -> None:
    """Refuse a year before 1949 except for a 令, whose series counts terms (届) there."""
    if kind != "令" and year < 1949:
        raise click.BadParameter(
            _("{year} is not a year; only a 令 series counts terms (届) here").format(year=year),
            param_hint="'--year'",
        )


def _unknown_series(ctx: Context, kind: str, series: str, known: list[str]) -> tuple[str, str]:
    """Return a warning when no document of ``kind`` would use the series ``series`` (a mistyped name
    makes a series no command ever takes numbers from), naming the known ones, and the known name it is
    close to; else ("", "")."""
    import difflib

    from docgen.errors import DataError
    from docgen.load.letterheads import all_letterheads

    if kind in ("文号", "督办"):  # these series are named by a letterhead's 代字 (函: its 函 代字)
        from docgen.compose.supervision import supervision_code
        from docgen.letter_model import letter_code

        try:
            heads = all_letterheads(ctx.settings.letterhead_dirs)
        except DataError:
            heads = []  # a broken letterhead file is reported by the commands that use it
        if kind == "文号":
            codes = [code for h in heads for code in (h.code, letter_code(h))]
        else:
            codes = [supervision_code(h) for h in heads]
        known = sorted({*known, *codes})
    ending = {"纪要": "纪要", "令": "令"}.get(kind)  # 10.3, 10.2: the series is named by the mark
    if ending is not None:
        if series.endswith(ending):
            return "", ""  # a new meeting or government: its name cannot be checked
        known = [name for name in known if name.endswith(ending)]
    elif series in known or not known:
        return "", ""  # known, or the first series of its kind: nothing to compare with
    close = difflib.get_close_matches(series, known, n=1, cutoff=0.6)
    if ending is not None:
        said = _(
            "a {kind} series is named by its mark, ending in {kind} (such as {name}): “{series}” is not one"
        ).format(kind=kind, name=close[0] if close else f"{series}{ending}", series=series)
    else:
        said = _("no {kind} series is named “{series}”; a new one is made").format(kind=kind, series=series)
    if known:
        said += _("; the known {kind} series: {names}").format(kind=kind, names=_(", ").join(known))
    return said + (_("; did you mean {key}?").format(key=close[0]) if close else ""), close[0] if close else ""


@register.command(
    "import",
    help=help_text(
        N_("Record the numbers of an office's own 发文登记 (.xlsx or .csv with 文号, 标题, 日期)."),
        N_("""\b
  docgen register import 发文登记.xlsx --sheet 2020年
"""),
    ),
)
@click.argument("sheet_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@SHEET_OPTION
@pass_context
def register_import(ctx: Context, sheet_file: Path, sheet: str | None) -> None:
    from docgen.errors import DataError, Location
    from docgen.load.issued_sheet import load_issued
    from docgen.register import KIND_DOCUMENT, number_text

    numbers, errors = load_issued(sheet_file, sheet)
    entries = [(n.code, n.year, n.seq, n.title, n.date.isoformat() if n.date else "") for n in numbers]
    with ctx.open_register() as reg:
        for position, number, title in reg.import_conflicts(KIND_DOCUMENT, entries):
            errors.append(
                DataError(
                    _(
                        "{number} is in the register already as “{title}”, not “{imported}”: one number used "
                        "twice; check it (docgen register show {number}) and correct the sheet or void the number"
                    ).format(number=number, title=title, imported=numbers[position].title),
                    Location(file=sheet_file, sheet=sheet, line=numbers[position].row, field="number"),
                )
            )
        added = reg.import_issued(KIND_DOCUMENT, entries)
        for code, year in sorted({(item.code, item.year) for item in numbers}):
            next_seq = reg.next_free(KIND_DOCUMENT, code, year)
            click.echo(
                _("next number: {number}").format(number=number_text(KIND_DOCUMENT, code, year, next_seq))
            )
    end_batch(
        ctx,
        errors,
        _("{added} numbers recorded, {known} already in the register, {failed} rows with errors.").format(
            added=added, known=len(numbers) - added, failed=len(errors)
        ),
        show=True,
    )


@register.command(
    "release",
    help=help_text(
        N_("Give back a number left taken by a run that was killed."),
        N_("""\b
  docgen register release 伊重点项目办〔2020〕14号 --reason 签发时断电
"""),
    ),
)
@click.argument("number")
@click.option("--reason", required=True, help=N_("Why the number is given back (kept in the audit)."))
@pass_context
def register_release(ctx: Context, number: str, reason: str) -> None:
    reason = _reason(number, reason)
    from docgen.publish.leftovers import leftover_files, remove_leftovers
    from docgen.register.locks import unless_held

    with ctx.open_register() as reg:
        row = reg.find(number)
        with unless_held(reg, row):
            # a killed run's files of this number go with it: 2号 must not stay on them (lost9 #8)
            leftovers = leftover_files(reg, row) if row.status == "allocated" else []
            remove_leftovers(leftovers)
            outcome = reg.release(number, reason)
    word = _status(outcome) if outcome == "void" else _("released")  # not in the f-string: Babel skips it
    click.echo(f"{number}\t{word}")
    for path in leftovers:
        click.echo(_("  removed, never recorded: {path}").format(path=path))


@register.command(
    "backup",
    help=help_text(
        N_("Copy the register to a file with SQLite's online backup."),
        N_("""\b
  docgen register backup 登记簿-备份.sqlite
"""),
    ),
)
@click.argument("target", type=click.Path(path_type=Path))
@pass_context
def register_backup(ctx: Context, target: Path) -> None:
    with ctx.open_register() as reg:
        reg.backup(target)
    click.echo(str(target))


@register.command(
    "init",
    help=help_text(
        N_(
            "Make a new, empty register at the register's path: only where there is no file or an empty one "
            "(a register emptied by accident is restored, not started again)."
        ),
        N_("""\b
  docgen --register 登记簿.sqlite register init
"""),
    ),
)
@pass_context
def register_init(ctx: Context) -> None:
    with ctx.open_register(init=True) as reg:
        path = reg.path
    click.echo(_("{path}: ready").format(path=path))


def _reseal(ctx: Context) -> None:
    """Mark again as issued, in their folders' records, the files of every number the restored register
    holds as issued (a void the backup undoes had unsealed them: docgen would let them be replaced)."""
    from docgen.publish.guard import WriteGuard

    with ctx.open_register() as reg:
        paths = [Path(o["path"]) for row in reg.rows() if row.status == "issued" for o in row.outputs]
    WriteGuard().mark_issued([path for path in paths if path.is_file()])


@register.command(
    "restore",
    help=help_text(
        N_(
            "Put a backup in place of the register (the automatic ones are in REGISTER.backups/); the "
            "numbers the register holds and the backup lacks (taken after it) are carried over, so none is "
            "given again; the file it replaces is kept beside it."
        ),
        N_("""\b
  docgen register restore 登记簿.sqlite.backups/register-2020-12-01.sqlite
"""),
    ),
)
@click.argument("backup", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@pass_context
def register_restore(ctx: Context, backup: Path) -> None:
    from docgen.register.carry import FOREIGN
    from docgen.register.safety import restore

    done = restore(ctx.register_file, backup)
    if done.kept is None:  # the register was missing (moved, deleted): nothing was replaced
        click.echo(
            _("{path} restored from {backup} (there was no register file to replace).").format(
                path=ctx.register_file, backup=backup
            )
        )
        return
    click.echo(
        _("{path} restored from {backup}; the file it replaced: {kept}").format(
            path=ctx.register_file, backup=backup, kept=done.kept
        )
    )
    carried = [number for number in done.carried if not number.back_to]
    if carried:
        count = len(carried)
        click.echo(
            ngettext(
                "{n} number taken after the backup is not in it: carried over from the file replaced, "
                "so that it is not given again:",
                "{n} numbers taken after the backup are not in it: carried over from the file replaced, "
                "so that they are not given again:",
                count,
            ).format(n=count)
        )
        for number in carried:
            files = _("; ").join(Path(name).name for name in number.files)
            click.echo(f"  {number.text}\t{_status(number.status)}\t{number.title}\t{files}".rstrip())
    back = [number for number in done.carried if number.back_to]
    if back:
        click.echo(_("As in the backup (the register replaced said otherwise):"))
        for number in back:
            click.echo(f"  {number.text}\t{_status(number.status)} → {_status(number.back_to)}")
        for new, old in done.renamed:  # a void undone: its files named as issued again
            click.echo(_("  renamed {old} → {new}").format(old=new, new=old.name))
        _reseal(ctx)
    if done.unread == FOREIGN:
        click.echo(
            _(
                "Warning: the file replaced is another register than the backup's (started afresh?): its numbers "
                "are not carried over; list them with docgen --register {kept} register list"
            ).format(kept=done.kept),
            err=True,
        )
    elif done.unread:
        click.echo(
            _(
                "Warning: the file replaced cannot be read ({why}): numbers taken after the backup are not "
                "carried over; docgen register check compares the register with the issued files of its folders"
            ).format(why=done.unread),
            err=True,
        )
