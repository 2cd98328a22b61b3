"""The ``docgen`` command: parses arguments, calls the library, prints.  Nothing else lives here."""

from __future__ import annotations

import gettext
import os
import shlex
import sys
import traceback
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, NoReturn

import click

from docgen import __version__
from docgen.config import Settings, load_settings
from docgen.errors import DocgenError, UsageError
from docgen.i18n import DOMAIN, LOCALE_DIR, _, ngettext, wanted_language


def _use_language_for_click() -> None:
    """Let click's own messages (Usage:, Options, Error:) come from our catalog in the same language."""
    if wanted_language() != "en" and not os.environ.get("LANGUAGE"):
        os.environ["LANGUAGE"] = wanted_language()
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)


class Context:
    """What every command shares: the debug flag, the user's search folders, the register file."""

    def __init__(
        self,
        debug: bool,
        letterheads: Sequence[Path],
        templates: Sequence[Path],
        register: Path | None = None,
    ) -> None:
        self.debug = debug
        self.register = register
        self._letterheads = tuple(letterheads)
        self._templates = tuple(templates)

    @cached_property
    def settings(self) -> Settings:
        """Return the settings: flags first, then the config file (read on first use)."""
        return _run(self, lambda: load_settings(self._letterheads, self._templates))  # type: ignore[no-any-return]


pass_context = click.make_pass_decorator(Context)


class _Group(click.Group):
    """The docgen group: click's own messages follow the user's language too."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _use_language_for_click()
        return super().main(*args, **kwargs)


_EXAMPLES = _(
    """Examples:

\b
  docgen render notice.md -o notice.docx        one notice
  docgen render samples/notices -o out/         every notice in a folder
  docgen letterheads                            the issuing offices known
"""
)


@click.group(
    cls=_Group,
    help=_("Make Chinese official documents laid out per GB/T 9704-2012.") + "\n\n" + _EXAMPLES,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(
    __version__, "-V", "--version", prog_name="docgen", help=_("Show the version and exit.")
)
@click.option("--debug", is_flag=True, help=_("Show the full traceback of an error."))
@click.option(
    "--letterheads",
    "letterhead_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    envvar="DOCGEN_LETTERHEADS",
    help=_("A folder of your own letterheads, searched first (repeatable)."),
)
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    envvar="DOCGEN_TEMPLATES",
    help=_("A folder of your own templates, searched first (repeatable)."),
)
@click.option(
    "--register",
    "register_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="DOCGEN_REGISTER",
    help=_("The register file (default: the config file's, else ~/.local/share/docgen/register.sqlite)."),
)
@click.pass_context
def main_group(
    ctx: click.Context,
    debug: bool,
    letterhead_dirs: tuple[Path, ...],
    template_dirs: tuple[Path, ...],
    register_file: Path | None,
) -> None:
    ctx.obj = Context(debug, letterhead_dirs, template_dirs, register_file)


def _fail(error: DocgenError, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exc()
    click.echo(_("Error: {message}").format(message=error), err=True)
    sys.exit(error.exit_code)


def _run(ctx: Context, action: Callable[[], Any]) -> Any:
    try:
        return action()
    except DocgenError as error:
        _fail(error, ctx.debug)
    except Exception as error:  # a bug of ours: still no traceback unless asked for
        if ctx.debug:
            raise
        click.echo(
            _("Internal error: {error!r}. Run again with --debug and report what it shows.").format(
                error=error
            ),
            err=True,
        )
        sys.exit(70)


def _end_batch(ctx: Context, errors: Sequence[DocgenError], summary: str, *, show: bool) -> None:
    """Print every error of a batch and its summary line; exit with the worst error's code."""
    for error in errors:
        if ctx.debug:
            traceback.print_exception(error)
        click.echo(_("Error: {message}").format(message=error), err=True)
    if show or errors:
        click.echo(summary, err=bool(errors))
    if errors:
        sys.exit(max(error.exit_code for error in errors))


def _render_jobs(sources: Sequence[Path], output: Path | None) -> list[tuple[Path, Path]]:
    from docgen.notices import notice_sources

    files: list[Path] = []
    for source in sources:
        files.extend(notice_sources(source) if source.is_dir() else [source])
    if not files:
        raise UsageError(
            _("no notice sources (*.md) found in {paths}").format(paths=", ".join(map(str, sources)))
        )
    single = len(sources) == 1 and not sources[0].is_dir()
    if output is not None and single and output.suffix.lower() == ".docx":
        return [(files[0], output)]
    if output is not None and output.suffix.lower() == ".docx":
        raise UsageError(_("several sources need a folder for -o, not a .docx file"))
    folder = output
    return [(f, (folder or f.parent) / f.with_suffix(".docx").name) for f in files]


@main_group.command(
    help=_("Render notice sources (.md: front matter and body) to .docx.")
    + "\n\n"
    + _(
        """\b
  docgen render notice.md -o notice.docx
  docgen render notices/ -o out/          one .docx per .md, same name
  docgen render a.md b.md -o out/ --strict   nothing is written if one is invalid
"""
    )
)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=_("The .docx to write (one source) or a folder (several)."),
)
@click.option("--strict", is_flag=True, help=_("Write nothing when any source is invalid."))
@pass_context
def render(ctx: Context, sources: tuple[Path, ...], output: Path | None, strict: bool) -> None:
    from docgen.notices import render_notices

    jobs = _run(ctx, lambda: _render_jobs(sources, output))
    report = _run(ctx, lambda: render_notices(jobs, ctx.settings, strict=strict))
    for source, out, pages in report.written:
        click.echo(_("{source} -> {output} ({pages} pages)").format(source=source, output=out, pages=pages))
    summary = ngettext(
        "{done} document written, {failed} failed.",
        "{done} documents written, {failed} failed.",
        len(report.written),
    ).format(done=len(report.written), failed=len(report.failed))
    _end_batch(ctx, [error for _source, error in report.failed], summary, show=len(jobs) > 1)


def _step(bar: Any, total: int) -> None:
    """Advance a progress bar whose length becomes known with the first item (so it can show an ETA)."""
    if not bar.length:
        bar.length = total
    bar.update(1)


def _preview_jobs(sources: Sequence[Path], output: Path | None) -> list[tuple[Path, Path]]:
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files.extend(
                sorted(p for p in source.iterdir() if p.suffix.lower() in (".md", ".docx") and p.is_file())
            )
        else:
            files.append(source)
    if not files:
        raise UsageError(
            _("no notices (*.md) or documents (*.docx) found in {paths}").format(
                paths=", ".join(map(str, sources))
            )
        )
    single = len(sources) == 1 and not sources[0].is_dir()
    if output is not None and output.suffix.lower() == ".pdf":
        if not single:
            raise UsageError(_("several sources need a folder for -o, not a .pdf file"))
        return [(files[0], output)]
    return [(f, (output or f.parent) / f.with_suffix(".pdf").name) for f in files]


@main_group.command(
    help=_("Make PDF previews through LibreOffice, watermarked 样稿 until issued.")
    + "\n\n"
    + _(
        """\b
  docgen preview notice.md                  notice.pdf beside it
  docgen preview notice.md -o draft.pdf --png   also draft-1.png, draft-2.png …
  docgen preview out/ -o pdf/               every .docx and .md in a folder
  docgen preview final.docx --no-watermark
"""
    )
)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=_("The PDF to write (one source) or a folder (several)."),
)
@click.option("--png", "images", is_flag=True, help=_("Also write a PNG image of every page."))
@click.option("--no-watermark", is_flag=True, help=_("Leave out the 样稿 watermark."))
@click.option("--workers", type=click.IntRange(1, 64), help=_("LibreOffice workers (default: one per core)."))
@click.option("--strict", is_flag=True, help=_("Write nothing when any source is invalid."))
@pass_context
def preview(
    ctx: Context,
    sources: tuple[Path, ...],
    output: Path | None,
    images: bool,
    no_watermark: bool,
    workers: int | None,
    strict: bool,
) -> None:
    from docgen.preview import preview as make_previews

    jobs = _run(ctx, lambda: _preview_jobs(sources, output))
    with click.progressbar(
        length=len(jobs), label=_("Converting"), file=sys.stderr, show_eta=True, show_pos=True
    ) as bar:
        report = _run(
            ctx,
            lambda: make_previews(
                jobs,
                ctx.settings,
                watermark=not no_watermark,
                images=images,
                workers=workers,
                strict=strict,
                on_done=lambda _outcome: bar.update(1),
            ),
        )
    for note in report.notes:
        click.echo(_("Note: {note}").format(note=note), err=True)
    for result in report.results:
        line = _("{source} -> {pdf} ({pages} pages; fonts: {fonts})").format(
            source=result.source, pdf=result.pdf, pages=result.pages, fonts=", ".join(result.fonts)
        )
        click.echo(line)
        for warning in result.warnings:
            click.echo(
                _("Warning: {source}: {warning}").format(source=result.source, warning=warning), err=True
            )
    summary = ngettext(
        "{done} PDF written, {failed} failed.", "{done} PDFs written, {failed} failed.", len(report.results)
    ).format(done=len(report.results), failed=len(report.failed))
    _end_batch(ctx, [error for _source, error in report.failed], summary, show=len(jobs) > 1)


@main_group.command(
    help=_("Check .docx and PDF files against GB/T 9704-2012, rule by rule.")
    + "\n\n"
    + _(
        """\b
  docgen check notice.docx                 declared formatting, and positions measured in LibreOffice's rendering
  docgen check notice.docx --no-render     declared formatting only
  docgen check scan.pdf --json             positions measured in a PDF, as JSON
Exit status: 0 all rules pass, 1 some rule fails, 2 a file cannot be read.
"""
    )
)
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--json", "as_json", is_flag=True, help=_("Print the report as JSON."))
@click.option(
    "--no-render", is_flag=True, help=_("Do not render .docx files with LibreOffice to measure positions.")
)
@pass_context
def check(ctx: Context, files: tuple[Path, ...], as_json: bool, no_render: bool) -> None:
    from docgen.check.report import as_json as report_json
    from docgen.check.report import human
    from docgen.check.run import check_files

    reports = _run(ctx, lambda: check_files(files, render=not no_render))
    click.echo(report_json(reports) if as_json else human(reports))
    if any(report.failed for report in reports):
        sys.exit(1)


def _open_register(ctx: Context) -> Any:
    from docgen.register import Register, register_path

    command = shlex.join(["docgen", *sys.argv[1:]])
    return _run(ctx, lambda: Register.open(register_path(ctx.register), command))


@main_group.command(
    help=_(
        "Issue a notice: allocate its number from the register, make the .docx and the final PDF, record them."
    )
    + "\n\n"
    + _(
        """\b
  docgen issue notice.md --signer 张三               number: auto gets the next number
  docgen issue notice.md --signer 张三 -o 发文/       files named 代字〔2020〕13号.docx/.pdf
  docgen issue notice.md --signer 张三 --force       issue an identical input again (audited)
"""
    )
)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--signer", required=True, help=_("Who signs the document (recorded with the time)."))
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path), help=_("The folder for the files.")
)
@click.option("--force", is_flag=True, help=_("Issue an input that was issued before (kept in the audit)."))
@click.option("--no-pdf", is_flag=True, help=_("Make the .docx only."))
@pass_context
def issue(ctx: Context, source: Path, signer: str, output: Path | None, force: bool, no_pdf: bool) -> None:
    from docgen.issue import issue_notice

    with _open_register(ctx) as register:
        result = _run(
            ctx,
            lambda: issue_notice(
                source, signer, ctx.settings, register, out_dir=output, force=force, pdf=not no_pdf
            ),
        )
    click.echo(_("{source}: issued as {number}").format(source=source, number=result.number))
    for path in (result.docx, result.pdf):
        if path is not None:
            click.echo(f"  {path}")


@main_group.group(
    help=_("The register of numbers: allocate, list, show, void, release, check, start, import, back up.")
)
def register() -> None:
    pass


@register.command("next", help=_("Allocate the next number of a series and print it."))
@click.option("--series", required=True, help=_("The series: a 代字 such as 伊重点项目办, or a series name."))
@click.option("--year", required=True, type=click.IntRange(1949, 2999))
@click.option("--kind", default="文号", show_default=True, help=_("文号, 督办 or 简报."))
@click.option("--item", help=_("An item key: asking again for the same item returns the same number."))
@pass_context
def register_next(ctx: Context, series: str, year: int, kind: str, item: str | None) -> None:
    with _open_register(ctx) as reg:
        allocation = _run(ctx, lambda: reg.allocate(kind, series, year, item))
    click.echo(allocation.text)


@register.command("list", help=_("List the numbers of the register."))
@click.option("--series", help=_("Only this series."))
@click.option("--year", type=int, help=_("Only this year."))
@click.option("--kind", help=_("Only this kind."))
@pass_context
def register_list(ctx: Context, series: str | None, year: int | None, kind: str | None) -> None:
    from docgen.register import Register

    with _open_register(ctx) as reg:
        assert isinstance(reg, Register)
        for row in reg.rows(series, year, kind):
            click.echo(
                f"{row.text}\t{_status(row.status)}\t{row.title or row.reason or ''}\t{row.signer or ''}"
            )


def _status(status: str) -> str:
    return {"allocated": _("allocated"), "issued": _("issued"), "void": _("void")}.get(status, status)


@register.command("show", help=_("Show one number: its document, files and audit entries."))
@click.argument("number")
@pass_context
def register_show(ctx: Context, number: str) -> None:
    with _open_register(ctx) as reg:
        row = _run(ctx, lambda: reg.find(number))
        click.echo(f"{row.text}\t{_status(row.status)}")
        for label, value in (
            (_("title"), row.title),
            (_("signer"), row.signer),
            (_("signed at"), row.signed_at),
            (_("allocated at"), row.allocated_at),
            (_("reason"), row.reason),
            (_("input hash"), row.input_hash),
        ):
            if value:
                click.echo(f"  {label}: {value}")
        for output in row.outputs:
            click.echo(f"  {output['path']}  sha256 {output['sha256']}")
        for at, action, _number, detail in reg.audit(row.text):
            click.echo(f"  {at} {action} {detail}")


@register.command("void", help=_("Void a number, with the reason (kept in the audit)."))
@click.argument("number")
@click.option("--reason", required=True)
@pass_context
def register_void(ctx: Context, number: str, reason: str) -> None:
    with _open_register(ctx) as reg:
        row = _run(ctx, lambda: reg.void(number, reason))
    click.echo(f"{row.text}\t{_status(row.status)}")


@register.command(
    "check", help=_("Check the register: no gaps without a void record, no duplicates, files unchanged.")
)
@pass_context
def register_check(ctx: Context) -> None:
    with _open_register(ctx) as reg:
        problems = reg.check()
        pending = reg.pending()
        path = reg.path
    for problem in problems:
        click.echo(_("✗ {problem}").format(problem=problem))
    for row in pending:
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
        click.echo(_("{path}: {n} problems").format(path=path, n=len(problems)), err=True)
        sys.exit(1)
    click.echo(_("{path}: consistent").format(path=path))


@register.command(
    "start",
    help=_(
        "Continue a series at a number: an office that adopts docgen mid-year goes on where its "
        "own register stopped."
    )
    + "\n\n"
    + _("""\b
  docgen register start --series 伊重点项目办 --year 2020 --next 13
"""),
)
@click.option("--series", required=True, help=_("The series: a 代字 such as 伊重点项目办, or a series name."))
@click.option("--year", required=True, type=click.IntRange(1949, 2999), help=_("The year of the series."))
@click.option(
    "--next", "next_seq", required=True, type=click.IntRange(1, 999_999), help=_("The next number to issue.")
)
@click.option("--kind", default="文号", show_default=True, help=_("文号, 督办 or 简报."))
@pass_context
def register_start(ctx: Context, series: str, year: int, next_seq: int, kind: str) -> None:
    from docgen.register import number_text

    with _open_register(ctx) as reg:
        _run(ctx, lambda: reg.start(kind, series, year, next_seq))
    click.echo(_("next number: {number}").format(number=number_text(kind, series, year, next_seq)))


@register.command(
    "import",
    help=_("Record the numbers of an office's own 发文登记 (.xlsx or .csv with 文号, 标题, 日期)."),
)
@click.argument("sheet_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sheet", help=_("The worksheet (default: the first)."))
@pass_context
def register_import(ctx: Context, sheet_file: Path, sheet: str | None) -> None:
    from docgen.load.issued_sheet import load_issued
    from docgen.register import KIND_DOCUMENT, number_text

    numbers, errors = _run(ctx, lambda: load_issued(sheet_file, sheet))
    entries = [(n.code, n.year, n.seq, n.title, n.date.isoformat() if n.date else "") for n in numbers]
    with _open_register(ctx) as reg:
        added = _run(ctx, lambda: reg.import_issued(KIND_DOCUMENT, entries))
        for code, year in sorted({(item.code, item.year) for item in numbers}):
            next_seq = reg.next_free(KIND_DOCUMENT, code, year)
            click.echo(
                _("next number: {number}").format(number=number_text(KIND_DOCUMENT, code, year, next_seq))
            )
    _end_batch(
        ctx,
        errors,
        _("{added} numbers recorded, {known} already in the register, {failed} rows with errors.").format(
            added=added, known=len(numbers) - added, failed=len(errors)
        ),
        show=True,
    )


@register.command("release", help=_("Give back a number left taken by a run that was killed."))
@click.argument("number")
@click.option("--reason", required=True, help=_("Why the number is given back (kept in the audit)."))
@pass_context
def register_release(ctx: Context, number: str, reason: str) -> None:
    with _open_register(ctx) as reg:
        outcome = _run(ctx, lambda: reg.release(number, reason))
    click.echo(f"{number}\t{_status(outcome) if outcome == 'void' else _('released')}")


@register.command("backup", help=_("Copy the register to a file with SQLite's online backup."))
@click.argument("target", type=click.Path(path_type=Path))
@pass_context
def register_backup(ctx: Context, target: Path) -> None:
    with _open_register(ctx) as reg:
        _run(ctx, lambda: reg.backup(target))
    click.echo(str(target))


@main_group.command(
    help=_(
        "挂牌督办通知书 for every open item of a supervision ledger, or 催办 and a 督查通报 for overdue ones."
    )
    + "\n\n"
    + _(
        """\b
  docgen supervise 督办台账.xlsx --letterhead zhangzi-zdxmb --out 督办/
  docgen supervise 督办台账.xlsx --letterhead zhangzi-zdxmb --out 督办/ --item DB-2025-007
  docgen supervise 督办台账.xlsx --letterhead zhangzi-zdxmb --out 催办/ --overdue --as-of 2025-10-20
"""
    )
)
@click.argument("ledger", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--letterhead", required=True, help=_("The issuing office (a letterhead name)."))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--item", "item_code", help=_("Only the item with this 督办编号."))
@click.option("--overdue", is_flag=True, help=_("催办 for each overdue item and one 督查通报 listing them."))
@click.option(
    "--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help=_("The day overdue items are judged on.")
)
@click.option(
    "--reply-days",
    default=3,
    show_default=True,
    type=click.IntRange(1, 30),
    help=_("Working days for the reply."),
)
@click.option("--sheet", help=_("The worksheet (default: the first)."))
@click.option("--strict", is_flag=True, help=_("Write nothing when any row is invalid."))
@pass_context
def supervise(
    ctx: Context,
    ledger: Path,
    letterhead: str,
    out_dir: Path,
    item_code: str | None,
    overdue: bool,
    as_of: Any,
    reply_days: int,
    sheet: str | None,
    strict: bool,
) -> None:
    from docgen.supervise import supervise as run_supervise

    if overdue and as_of is None:
        raise click.UsageError(_("--overdue needs --as-of DATE"))
    with _open_register(ctx) as reg, click.progressbar(length=0, label=_("Writing"), file=sys.stderr) as bar:
        report = _run(
            ctx,
            lambda: run_supervise(
                ledger,
                letterhead,
                out_dir,
                ctx.settings,
                reg,
                item_code=item_code,
                overdue=overdue,
                as_of=as_of.date() if as_of else None,
                reply_days=reply_days,
                strict=strict,
                sheet=sheet,
                on_progress=lambda _number: bar.update(1),
            ),
        )
    for number, path in report.written:
        click.echo(f"{number}\t{path}")
    for error in report.errors:
        click.echo(_("Error: {message}").format(message=error), err=True)
    if report.unchanged:
        click.echo(
            _("{count} made by an earlier run and unchanged (see the register): not written again.").format(
                count=len(report.unchanged)
            )
        )
    click.echo(
        _("{done} documents written, {failed} problems, {closed} closed items skipped.").format(
            done=len(report.written), failed=len(report.errors), closed=report.skipped_closed
        ),
        err=bool(report.errors),
    )
    if report.errors:
        sys.exit(1)


@main_group.group(help=_("Ledgers: empty templates to fill in."))
def ledger() -> None:
    pass


@ledger.command("template", help=_("Write an empty ledger with a note on every column and drop-down lists."))
@click.option("--kind", type=click.Choice(["supervision", "projects"]), required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def ledger_template(ctx: Context, kind: str, output: Path) -> None:
    from docgen.ledger_template import projects_template, supervision_template
    from docgen.output import write_atomic

    make = supervision_template if kind == "supervision" else projects_template
    _run(ctx, lambda: write_atomic(output, make()))
    click.echo(str(output))


@main_group.command(
    help=_("The month's 排名通报 from the project ledger: scores, ranks, chart, lagging projects.")
    + "\n\n"
    + _(
        """\b
  docgen rank 项目台账-2025-05.xlsx --month 2025-05 --previous 项目台账-2025-04.xlsx \\
      --rules rules.yaml --letterhead zhangzi-zdxmb -o 排名通报.docx --xlsx 排名.xlsx
"""
    )
)
@click.argument("ledger", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--month", required=True, help=_("The month ranked, like 2025-05."))
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=_("Last month's ledger, for 较上月."),
)
@click.option(
    "--rules", "rules_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--letterhead", required=True, help=_("The issuing office (a letterhead name)."))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--xlsx", type=click.Path(dir_okay=False, path_type=Path), help=_("Also write the ranking as .xlsx.")
)
@click.option(
    "--date",
    "issue_date",
    type=click.DateTime(["%Y-%m-%d"]),
    help=_("The date of the 通报 (default: today)."),
)
@pass_context
def rank(
    ctx: Context,
    ledger: Path,
    month: str,
    previous: Path | None,
    rules_path: Path,
    letterhead: str,
    output: Path,
    xlsx: Path | None,
    issue_date: Any,
) -> None:
    from docgen.rank import make_ranking

    with _open_register(ctx) as reg:
        result = _run(
            ctx,
            lambda: make_ranking(
                ledger,
                month,
                rules_path,
                letterhead,
                output,
                ctx.settings,
                reg,
                previous=previous,
                xlsx=xlsx,
                date=issue_date.date() if issue_date else None,
            ),
        )
    for problem in result.problems:
        click.echo(_("Error: {message}").format(message=problem), err=True)
    click.echo(_("{number}: {output}").format(number=result.number, output=result.docx))
    if result.xlsx:
        click.echo(str(result.xlsx))
    if result.problems:
        click.echo(_("{n} rows were left out of the figures.").format(n=len(result.problems)), err=True)
        sys.exit(1)


@main_group.command(
    help=_("The month's bulletin (简报) for every unit or leader, their PDFs, and one merged PDF to print.")
    + "\n\n"
    + _(
        """\b
  docgen bulletin 项目台账-2025-05.xlsx --month 2025-05 --letterhead zhangzi-zdxmb --out 简报/ --pdf --merge
  docgen bulletin 项目台账-2025-05.xlsx --month 2025-05 --letterhead zhangzi-zdxmb --out 简报/ --per leader
"""
    )
)
@click.argument("ledger", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--month", required=True, help=_("The month ranked, like 2025-05."))
@click.option("--letterhead", required=True, help=_("The issuing office (a letterhead name)."))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--per", type=click.Choice(["unit", "leader"]), default="unit", show_default=True)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=_("Rules for the lights (default: green at or above the schedule)."),
)
@click.option("--pdf", is_flag=True, help=_("Also make the PDFs (through LibreOffice)."))
@click.option("--merge", is_flag=True, help=_("Also one merged PDF with a bookmark per bulletin."))
@click.option("--final", is_flag=True, help=_("No 样稿 watermark on the PDFs."))
@click.option("--workers", type=click.IntRange(1, 64))
@click.option("--date", "issue_date", type=click.DateTime(["%Y-%m-%d"]))
@click.option(
    "--copies", default=0, type=click.IntRange(0, 100000), help=_("Copies printed (shown in the 报尾).")
)
@pass_context
def bulletin(
    ctx: Context,
    ledger: Path,
    month: str,
    letterhead: str,
    out_dir: Path,
    per: str,
    rules_path: Path | None,
    pdf: bool,
    merge: bool,
    final: bool,
    workers: int | None,
    issue_date: Any,
    copies: int,
) -> None:
    from docgen.bulletins import make_bulletins

    if merge and not pdf:
        pdf = True
    with (
        _open_register(ctx) as reg,
        click.progressbar(length=0, label=_("Writing"), file=sys.stderr, show_eta=True) as bar,
    ):
        report = _run(
            ctx,
            lambda: make_bulletins(
                ledger,
                month,
                letterhead,
                out_dir,
                ctx.settings,
                reg,
                rules_path=rules_path,
                per=per,
                pdf=pdf,
                merge=merge,
                final=final,
                workers=workers,
                date=issue_date.date() if issue_date else None,
                copies=copies,
                on_progress=lambda _subject, total: _step(bar, total),
            ),
        )
    for problem in report.problems:
        click.echo(_("Error: {message}").format(message=problem), err=True)
    for entry in report.failed:
        click.echo(_("Error: {message}").format(message=f"{entry.subject}: {entry.error}"), err=True)
    if report.merged:
        click.echo(str(report.merged))
    click.echo(
        _("{issue}: {ok} bulletins ready ({skipped} unchanged), {failed} failed.").format(
            issue=report.issue,
            ok=len(report.entries) - len(report.failed),
            skipped=report.skipped,
            failed=len(report.failed),
        ),
        err=bool(report.failed or report.problems),
    )
    if report.failed or report.problems:
        sys.exit(1)


@main_group.command(help=_("Show which installed face each of the standard's font names is previewed with."))
def fonts() -> None:
    from docgen.convert.fonts import font_report

    for mapping in font_report():
        if not mapping.family:
            status = _("not found")
        elif not mapping.chinese:
            status = _("WARNING: not a Chinese face")
        elif mapping.substitute:
            status = _("substitute")
        else:
            status = _("installed")
        click.echo(f"{mapping.name}\t-> {mapping.family} {mapping.style}\t{status}\t{mapping.file}")


@main_group.command(
    help=_("List the letterheads (issuing offices) that can be used, and where each comes from.")
)
@pass_context
def letterheads(ctx: Context) -> None:
    from docgen.load.letterheads import all_letterheads, letterhead_folders

    found = _run(ctx, lambda: all_letterheads(ctx.settings.letterhead_dirs))
    for lh in found:
        click.echo(f"{lh.key}\t{lh.name}\t{lh.code}")
    click.echo(
        _("Searched: {folders}").format(
            folders=", ".join(map(str, letterhead_folders(ctx.settings.letterhead_dirs)))
        ),
        err=True,
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line (the ``docgen`` console script)."""
    main_group.main(args=list(argv) if argv is not None else None, prog_name="docgen")
