"""Commands on single documents: render, preview, check, issue."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen.cli.app import (
    N_,
    OVERWRITE_OPTION,
    Context,
    end_batch,
    end_interrupted,
    help_text,
    main_group,
    pass_context,
    strict_summary,
)
from docgen.errors import UsageError
from docgen.i18n import _, ngettext
from docgen.remarks import Remark, RemarkKind

ALLOW_OUTSIDE_OPTION = click.option(
    "--allow-outside",
    is_flag=True,
    help=N_("Let notices take attachment files from outside their folder (absolute paths, ../, symlinks)."),
)


def remark_line(source: Path, remark: Remark) -> str:
    """Return the line a remark on a source is printed as: “说明：” for what docgen did, “警告：” for
    what the writer should look at."""
    if remark.kind is RemarkKind.NOTE:
        return _("Note: {source}: {note}").format(source=source, note=remark.text)
    return _("Warning: {source}: {warning}").format(source=source, warning=remark.text)


def _render_jobs(sources: Sequence[Path], output: Path | None, allow_outside: bool) -> list[tuple[Path, Path]]:
    from docgen.notices import notice_sources

    files: list[Path] = []
    for source in sources:
        files.extend(notice_sources(source, allow_outside=allow_outside) if source.is_dir() else [source])
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
    help=help_text(
        N_("Render notice sources (.md: front matter and body) to .docx."),
        N_(
            """\b
  docgen render notice.md -o notice.docx
  docgen render notices/ -o out/          one .docx per .md, same name
  docgen render a.md b.md -o out/ --strict   nothing is written if one is invalid
"""
        ),
    )
)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=N_("The .docx to write (one source) or a folder (several)."),
)
@click.option("--strict", is_flag=True, help=N_("Write nothing when any source is invalid."))
@ALLOW_OUTSIDE_OPTION
@OVERWRITE_OPTION
@pass_context
def render(
    ctx: Context,
    sources: tuple[Path, ...],
    output: Path | None,
    strict: bool,
    allow_outside: bool,
    overwrite: bool,
) -> None:
    from docgen.notices import render_notices

    jobs = _render_jobs(sources, output, allow_outside)
    resources = ctx.resources_for(allow_outside=allow_outside)
    report = render_notices(jobs, resources, strict=strict, overwrite=overwrite)
    for source, out, pages in report.written:
        click.echo(_("{source} -> {output} ({pages} pages)").format(source=source, output=out, pages=pages))
    for source, remark in report.notes:
        click.echo(remark_line(source, remark), err=True)
    if report.interrupted is not None:
        stopped = ngettext(
            "Interrupted: {done} document written, {left} not made.",
            "Interrupted: {done} documents written, {left} not made.",
            len(report.written),
        ).format(done=len(report.written), left=report.left)
        end_interrupted(ctx, [error for _source, error in report.failed], stopped, report.interrupted)
    summary = ngettext(
        "{done} document written, {failed} failed.",
        "{done} documents written, {failed} failed.",
        len(report.written),
    ).format(done=len(report.written), failed=len(report.failed))
    if report.held_back:
        summary = strict_summary(report.held_back, len(report.failed))
    end_batch(ctx, [error for _source, error in report.failed], summary, show=len(jobs) > 1)


def _preview_jobs(sources: Sequence[Path], output: Path | None, allow_outside: bool) -> list[tuple[Path, Path]]:
    from docgen.notices import notice_sources

    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files.extend(notice_sources(source, (".md", ".docx"), allow_outside=allow_outside))
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


WORKERS_OPTION = click.option(
    "--workers",
    type=click.IntRange(1, 64),
    envvar="DOCGEN_WORKERS",
    help=N_("LibreOffice workers (default: one per core); Typst compiles on every core."),
)
def made_by_line(pdf: Path, engine: str) -> str:
    """Return the line naming a PDF and what made it (Typst or LibreOffice)."""
    return _("{pdf} (made by {engine})").format(pdf=pdf, engine=engine)


F = TypeVar("F", bound=Callable[..., Any])


def _engine_option(help_text: str) -> Callable[[F], F]:
    """Return the ``--engine`` option with its help (the default differs by command: README, 默认引擎)."""
    return click.option("--engine", type=click.Choice(["libreoffice", "typst"]), default=None, help=help_text)


ENGINE_OPTION = _engine_option(
    N_(
        "What makes the PDF: LibreOffice from the .docx, or Typst from the same layout, in process "
        "(a .docx given as input always goes through LibreOffice). Default: [pdf] engine of the "
        "config file, else libreoffice."
    )
)
BULLETIN_ENGINE_OPTION = _engine_option(
    N_(
        "What makes the PDFs: Typst from the layout, in process, or LibreOffice from each .docx. "
        "Default: [pdf] engine of the config file, else typst (a bulletin is distributed as PDF)."
    )
)


@main_group.command(
    help=help_text(
        N_(
            "Make PDF previews, watermarked 样稿 until issued: by LibreOffice from the .docx, or by "
            "Typst (--engine typst)."
        ),
        N_(
            """\b
  docgen preview notice.md                  notice.pdf beside it
  docgen preview notice.md -o draft.pdf --png   also draft-1.png, draft-2.png …
  docgen preview out/ -o pdf/               every .docx and .md in a folder
  docgen preview final.docx --no-watermark
  docgen preview notice.md --engine typst   no LibreOffice: Typst typesets the same layout
"""
        ),
    )
)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=N_("The PDF to write (one source) or a folder (several)."),
)
@click.option("--png", "images", is_flag=True, help=N_("Also write a PNG image of every page."))
@click.option("--no-watermark", is_flag=True, help=N_("Leave out the 样稿 watermark."))
@WORKERS_OPTION
@ENGINE_OPTION
@click.option("--strict", is_flag=True, help=N_("Write nothing when any source is invalid."))
@ALLOW_OUTSIDE_OPTION
@OVERWRITE_OPTION
@pass_context
def preview(
    ctx: Context,
    sources: tuple[Path, ...],
    output: Path | None,
    images: bool,
    no_watermark: bool,
    workers: int | None,
    engine: str | None,
    strict: bool,
    allow_outside: bool,
    overwrite: bool,
) -> None:
    from docgen.preview import PreviewResult
    from docgen.preview import preview as make_previews
    from docgen.publish.pipeline import Engine

    jobs = _preview_jobs(sources, output, allow_outside)
    chosen = Engine(ctx.settings.pdf_engine(engine))
    label = _("Typesetting") if chosen is Engine.TYPST else _("Converting")  # Typst converts nothing
    with click.progressbar(length=len(jobs), label=label, file=sys.stderr, show_eta=True, show_pos=True) as bar:

        def done(_outcome: object) -> None:
            bar.update(1)

        report = make_previews(
            jobs,
            ctx.resources_for(allow_outside=allow_outside),
            watermark=not no_watermark,
            images=images,
            workers=workers,
            strict=strict,
            on_done=done,
            overwrite=overwrite,
            engine=chosen,
        )
    for note in report.notes:
        click.echo(_("Note: {note}").format(note=note), err=True)
    if report.interrupted is not None:  # the PDFs written before Ctrl-C stay: say which, and how many not
        for source, pdf, pages in report.kept:
            line = _("{source} -> {output} ({pages} pages)").format(source=source, output=pdf, pages=pages)
            click.echo(line)
        stopped = ngettext(
            "Interrupted: {done} PDF written, {left} not made.",
            "Interrupted: {done} PDFs written, {left} not made.",
            len(report.kept),
        ).format(done=len(report.kept), left=report.left)
        end_interrupted(ctx, [error for _source, error in report.failed], stopped, report.interrupted)
    result: PreviewResult
    for result in report.results:
        line = _("{source} -> {pdf} ({pages} pages, made by {engine}; fonts: {fonts})").format(
            source=result.source,
            pdf=result.pdf,
            pages=result.pages,
            engine=result.engine,
            fonts=", ".join(result.fonts),
        )
        click.echo(line)
        if result.why:  # the engine asked for could not make it (an office's own 版头: LibreOffice)
            click.echo(_("Note: {note}").format(note=result.why))
        for remark in result.remarks:
            click.echo(remark_line(result.source, remark), err=True)
    summary = ngettext(
        "{done} PDF written, {failed} failed.", "{done} PDFs written, {failed} failed.", len(report.results)
    ).format(done=len(report.results), failed=len(report.failed))
    if report.held_back:
        summary = strict_summary(report.held_back, len(report.failed))
    end_batch(ctx, [error for _source, error in report.failed], summary, show=len(jobs) > 1)


@main_group.command(
    help=help_text(
        N_("Check .docx and PDF files against GB/T 9704-2012, rule by rule."),
        N_(
            """\b
  docgen check notice.docx                 declared formatting, and positions measured in LibreOffice's rendering
  docgen check notice.docx --no-render     declared formatting only
  docgen check scan.pdf --json             positions measured in a PDF, as JSON
  docgen check notice.pdf --single-sided   printed on one side: no even page count asked
Exit status: 0 all rules pass, 1 some rule fails, 2 a file cannot be read.
"""
        ),
    )
)
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print the report as JSON."))
@click.option(
    "--no-render", is_flag=True, help=N_("Do not render .docx files with LibreOffice to measure positions.")
)
@click.option(
    "--single-sided",
    "--单面",
    "single_sided",
    is_flag=True,
    help=N_("The documents are printed on one side (双面印刷: false): the 版记 need not end an even page."),
)
def check(files: tuple[Path, ...], as_json: bool, no_render: bool, single_sided: bool) -> None:
    from docgen.check.report import as_json as report_json
    from docgen.check.report import human
    from docgen.check.run import check_files

    reports = check_files(files, render=not no_render, double_sided=not single_sided)
    for report in reports:  # the rule assumes double-sided printing (6.2): say how to state otherwise
        if any(finding.rule.id == "pages.even.pdf" for finding in report.failed):
            report.notes.append(
                _("“pages.even.pdf” assumes double-sided printing; a document printed on one side "
                  "(双面印刷: false) is checked with --single-sided (--单面)")
            )
    click.echo(report_json(reports) if as_json else human(reports))
    if any(report.failed for report in reports):
        sys.exit(1)


@main_group.command(
    help=help_text(
        N_(
            "Issue a notice: allocate its number from the register, make the .docx and the final PDF, "
            "record them."
        ),
        N_(
            """\b
  docgen issue notice.md --signer 张三               number: auto gets the next number
  docgen issue notice.md --signer 张三 -o 发文/       files named 代字〔2020〕13号.docx/.pdf
  docgen issue notice.md --signer 张三 --force       issue an identical input again (audited)
  docgen issue 纪要.md --signer 张三                 a 纪要: its 期号 as docgen minutes takes it
"""
        ),
    )
)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--signer", required=True, help=N_("Who signs the document (recorded with the time)."))
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path), help=N_("The folder for the files.")
)
@click.option("--force", is_flag=True, help=N_("Issue an input that was issued before (kept in the audit)."))
@click.option("--no-pdf", is_flag=True, help=N_("Make the .docx only."))
@ENGINE_OPTION
@ALLOW_OUTSIDE_OPTION
@OVERWRITE_OPTION
@pass_context
def issue(
    ctx: Context,
    source: Path,
    signer: str,
    output: Path | None,
    force: bool,
    no_pdf: bool,
    engine: str | None,
    allow_outside: bool,
    overwrite: bool,
) -> None:
    from docgen.cli.values import one_line
    from docgen.issue import issue_notice
    from docgen.publish.pipeline import Engine

    signer = one_line(_("--signer (the signer)"), signer)  # recorded in the register: no blank name, no forged second line
    with ctx.open_register() as register:
        result = issue_notice(
            source,
            signer,
            ctx.resources_for(allow_outside=allow_outside),
            register,
            out_dir=output,
            force=force,
            pdf=not no_pdf,
            overwrite=overwrite,
            engine=Engine(ctx.settings.pdf_engine(engine)),
        )
    if result.unchanged:  # a 纪要 issued before under its 期号, unchanged
        click.echo(
            _("{number} was made before and is unchanged: not written again.").format(number=result.number)
        )
        return
    click.echo(_("{source}: issued as {number}").format(source=source, number=result.number))
    if result.why:  # the engine asked for could not make the PDF (an office's own 版头: LibreOffice)
        click.echo(_("Note: {note}").format(note=result.why))
    click.echo(f"  {result.docx}")
    if result.pdf is not None:
        click.echo("  " + made_by_line(result.pdf, result.made_by))
    for remark in result.remarks:
        click.echo(remark_line(source, remark), err=True)
