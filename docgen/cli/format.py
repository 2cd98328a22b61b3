"""``docgen format``: 一键排版 of a Word, WPS, Markdown or text draft (parse, call, print)."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.app import N_, OVERWRITE_OPTION, Context, help_text, main_group, pass_context
from docgen.cli.values import letterhead_option
from docgen.errors import UsageError
from docgen.i18n import _, ngettext


@main_group.command(
    "format",
    help=help_text(
        N_(
            "Lay out a draft typed any way (.docx, .md, .txt) as a GB/T 9704 document: print the parts "
            "recognised, write the formatted .docx."
        ),
        N_(
            """\b
  docgen format 草稿.docx                       草稿-排版.docx beside it
  docgen format 草稿.docx -o 通知.docx --letterhead yichuan --number 伊重点项目办〔2020〕13号
  docgen format 草稿.txt --dry-run              print the outline only
A .doc, .wps, .et or .odt file has to be saved as .docx first.
"""
        ),
    ),
)
@click.argument("draft", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=N_("The .docx to write.")
)
@click.option("--letterhead", callback=letterhead_option, help=N_("The office's letterhead (its file name or mark) for the 版头."))
@click.option("--number", help=N_("The document number to print, like 伊重点项目办〔2020〕13号."))
@click.option("--dry-run", is_flag=True, help=N_("Print the recognised outline only; write nothing."))
@click.option(
    "--pdf", "with_pdf", is_flag=True, help=N_("Also write the PDF (watermarked 样稿) beside the .docx.")
)
@click.option(
    "--no-render",
    is_flag=True,
    help=N_(
        "Do not lay the document out in LibreOffice (faster; the 版记 may then end on an odd page, "
        "which check reports)."
    ),
)
@OVERWRITE_OPTION
@pass_context
def format_command(
    ctx: Context,
    draft: Path,
    output: Path | None,
    letterhead: str | None,
    number: str | None,
    dry_run: bool,
    with_pdf: bool,
    no_render: bool,
    overwrite: bool,
) -> None:
    from docgen.cli.documents import remark_line
    from docgen.draft.run import default_output, format_draft

    if with_pdf and no_render:
        raise UsageError(_("--pdf needs LibreOffice's rendering: leave out --no-render"))
    result = format_draft(
        draft,
        ctx.resources,
        output=output,
        letterhead=letterhead,
        number=number,
        dry_run=dry_run,
        overwrite=overwrite,
        render=not no_render,
        pdf=(output or default_output(draft)).with_suffix(".pdf") if with_pdf else None,
    )
    click.echo(_("{draft}: outline").format(draft=draft))
    for part in result.outline:
        click.echo(part.shown())
    unplaced = result.unplaced
    if unplaced:
        click.echo(
            ngettext(
                "{n} part not recognised, kept as body text:",
                "{n} parts not recognised, kept as body text:",
                len(unplaced),
            ).format(n=len(unplaced)),
            err=True,
        )
        for part in unplaced:
            click.echo(f"  {part.shown()}", err=True)
    for remark in result.notes:  # what format did: 说明; what the writer should look at: 警告
        click.echo(remark_line(draft, remark), err=True)
    if result.output is not None:
        click.echo(
            _("{source} -> {output} ({pages} pages)").format(
                source=draft, output=result.output, pages=result.pages
            )
        )
    if result.pdf is not None:
        click.echo(f"  {result.pdf}")
