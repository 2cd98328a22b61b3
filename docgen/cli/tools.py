"""Setting up: which fonts previews use, which letterheads are known."""

from __future__ import annotations

import sys

import click

from docgen.cli.app import N_, Context, help_text, main_group, pass_context
from docgen.i18n import _


@main_group.command(
    help=help_text(
        N_("Show which installed face each of the standard's font names is previewed with."),
        N_("""\b
  docgen fonts
"""),
    )
)
@pass_context
def fonts(ctx: Context) -> None:
    from docgen.convert.fonts import font_report

    ctx.settings  # noqa: B018 - a broken docgen.toml is reported here too, as every command does (README)

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
    help=help_text(
        N_("List the letterheads (issuing offices) that can be used, and where each comes from."),
        N_("""\b
  docgen letterheads
  docgen --letterheads 我的版头 letterheads
"""),
    )
)
@pass_context
def letterheads(ctx: Context) -> None:
    from docgen.errors import DataError, each_problem
    from docgen.load.letterheads import all_letterheads, letterhead_folders

    broken: list[DataError] = []  # a broken file is listed as such; the good ones are still listed
    for lh in all_letterheads(ctx.settings.letterhead_dirs, broken=broken):
        click.echo(f"{lh.key}\t{lh.name}\t{lh.code}")
    folders = letterhead_folders(ctx.settings.letterhead_dirs)
    click.echo(_("Searched: {folders}").format(folders=", ".join(map(str, folders))), err=True)
    for problem in (one for error in broken for one in each_problem(error)):
        click.echo(_("Error: {message}").format(message=problem), err=True)
    if broken:
        sys.exit(1)
