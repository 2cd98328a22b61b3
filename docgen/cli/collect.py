"""Collecting forms from units: blank forms out (collect forms), returned forms merged (collect merge)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from docgen.cli.app import N_, OVERWRITE_OPTION, Context, end_batch, help_text, main_group, pass_context
from docgen.cli.values import letterhead_option
from docgen.i18n import _

UNITS_OPTION = click.option(
    "--units",
    "units_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=N_("The units file (YAML, .xlsx or .csv): the units the form goes to, with aliases and contacts."),
)
FORM_OPTION = click.option(
    "--form",
    "form_key",
    default="基本情况表",
    show_default=True,
    type=click.Choice(["基本情况表", "信息月报"]),
    help=N_(
        "The form: 基本情况表 (谋划储备: candidate projects) or 信息月报 (monthly progress of projects)."
    ),
)


@main_group.group(
    help=help_text(
        N_("Collect project forms from units: blank forms out, returned forms checked and merged."),
        N_(
            """\b
  docgen collect forms --units 单位.yaml -o 下发/
  docgen collect merge 回收/ --units 单位.yaml -o 汇总.xlsx --chase 催报.xlsx
  docgen collect merge 回收/ --units 单位.yaml --chase 催报通知.md --letterhead sanmenxia --deadline 2020-10-09
"""
        ),
    )
)
def collect() -> None:
    pass


@collect.command(
    "forms",
    help=help_text(
        N_("Write a blank form for every unit, its name filled in."),
        N_("""\b
  docgen collect forms --units 单位.yaml -o 下发/ --deadline 2020-10-09
  docgen collect forms --units 乡镇.yaml --form 信息月报 --as-of 2025-05-31 -o 下发/
"""),
    ),
)
@UNITS_OPTION
@FORM_OPTION
@click.option(
    "--title",
    help=N_("The form's title (default: the standard title of the kind of form; a 信息月报's names the month)."),
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("The folder for the forms (one .xlsx per unit)."),
)
@click.option(
    "--deadline",
    type=click.DateTime(["%Y-%m-%d"]),
    help=N_("The date the forms are due back by (in the instructions)."),
)
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help=N_("The date the report is as of: a 信息月报 is titled with its month (default: today)."),
)
@OVERWRITE_OPTION
@pass_context
def forms(
    ctx: Context,
    units_path: Path,
    form_key: str,
    title: str | None,
    out_dir: Path,
    deadline: datetime | None,
    as_of: datetime | None,
    overwrite: bool,
) -> None:
    from docgen.collect.commands import form_spec, write_forms

    due = deadline.date() if deadline else None
    written, failed = write_forms(
        units_path,
        form_spec(form_key),
        out_dir,
        title=title,
        deadline=due,
        as_of=as_of.date() if as_of else None,
        overwrite=overwrite,
    )
    for path in written:
        click.echo(str(path))
    if failed:
        end_batch(ctx, failed, _("{n} forms written.").format(n=len(written)), show=True)
    click.echo(_("{n} forms written.").format(n=len(written)), err=True)


@collect.command(
    "merge",
    help=help_text(
        N_(
            "Check every returned form, report every problem, list who sent nothing or 零报送, "
            "and merge the forms without problems into one ledger."
        ),
        N_("""\b
  docgen collect merge 回收/ --units 单位.yaml -o 汇总.xlsx --chase 催报.xlsx
"""),
    ),
)
@click.argument("returned", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@UNITS_OPTION
@FORM_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("The merged ledger (.xlsx) to write: projects, each unit's answer, problems."),
)
@click.option(
    "--attachment",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Also write the merged projects as a .csv a notice can attach (附件)."),
)
@click.option(
    "--chase",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_(
        "Also write the 催报: a list (.xlsx), a notice to issue (.md, with --letterhead) or text (.txt)."
    ),
)
@click.option(
    "--deadline", type=click.DateTime(["%Y-%m-%d"]), help=N_("The date the 催报 asks the forms by.")
)
@click.option("--letterhead", callback=letterhead_option, help=N_("The office sending the 催报 notice (.md), a letterhead name."))
@click.option(
    "--date",
    "issue_date",
    type=click.DateTime(["%Y-%m-%d"]),
    help=N_("The date of the 催报 notice (default: today)."),
)
@click.option(
    "--sheet",
    help=N_("The worksheet of every returned form to read (default: the form's sheet, else the sheet holding the form)."),
)
@OVERWRITE_OPTION
@pass_context
def merge(
    ctx: Context,
    returned: tuple[Path, ...],
    units_path: Path,
    form_key: str,
    output: Path | None,
    attachment: Path | None,
    chase: Path | None,
    deadline: datetime | None,
    letterhead: str | None,
    issue_date: datetime | None,
    sheet: str | None,
    overwrite: bool,
) -> None:
    from docgen.collect.commands import form_spec, merge_returned
    from docgen.collect.report import summary

    run = merge_returned(
        list(returned),
        units_path,
        form_spec(form_key),
        output,
        chase=chase,
        attachment=attachment,
        deadline=deadline.date() if deadline else None,
        env=ctx.resources.env,
        letterhead=letterhead,
        date=issue_date.date() if issue_date else None,
        overwrite=overwrite,
        sheet=sheet,
    )
    for path in run.written:
        click.echo(str(path))
    problems = [*run.merged.errors, *run.merged.warnings]
    end_batch(ctx, problems, "\n".join(summary(run.merged)), show=True)
