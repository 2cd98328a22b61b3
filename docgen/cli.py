"""The ``docgen`` command: parses arguments, calls the library, prints.  Nothing else lives here."""

from __future__ import annotations

import gettext
import os
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
    """What every command shares: the debug flag and the user's search folders."""

    def __init__(self, debug: bool, letterheads: Sequence[Path], templates: Sequence[Path]) -> None:
        self.debug = debug
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
@click.pass_context
def main_group(
    ctx: click.Context, debug: bool, letterhead_dirs: tuple[Path, ...], template_dirs: tuple[Path, ...]
) -> None:
    ctx.obj = Context(debug, letterhead_dirs, template_dirs)


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
    for _source, error in report.failed:
        if ctx.debug:
            traceback.print_exception(error)
        click.echo(_("Error: {message}").format(message=error), err=True)
    if len(jobs) > 1 or report.failed:
        click.echo(
            ngettext(
                "{done} document written, {failed} failed.",
                "{done} documents written, {failed} failed.",
                len(report.written),
            ).format(done=len(report.written), failed=len(report.failed)),
            err=bool(report.failed),
        )
    if report.failed:
        sys.exit(max(error.exit_code for _source, error in report.failed))


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
    for _source, error in report.failed:
        click.echo(_("Error: {message}").format(message=error), err=True)
    if len(jobs) > 1 or report.failed:
        click.echo(
            ngettext(
                "{done} PDF written, {failed} failed.",
                "{done} PDFs written, {failed} failed.",
                len(report.results),
            ).format(done=len(report.results), failed=len(report.failed)),
            err=bool(report.failed),
        )
    if report.failed:
        sys.exit(max(error.exit_code for _source, error in report.failed))


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
