"""The 进展通报 against targets (docgen progress)."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

import click

from docgen.cli.app import (
    N_,
    OVERWRITE_OPTION,
    Context,
    end_batch,
    help_text,
    main_group,
    pass_context,
)
from docgen.cli.documents import ENGINE_OPTION
from docgen.cli.ledgers import (
    DRAFT_OPTION,
    LETTERHEAD_HELP,
    PDF_OPTION,
    REPORT_OUTPUT_OPTION,
    UNIT_OPTION,
    report_pdf,
)
from docgen.cli.values import letterhead_option, line_option
from docgen.i18n import _, joined


@main_group.command(
    help=help_text(
        N_("The 进展通报 of the project pool against each unit's targets and milestones at a date."),
        N_(
            """\b
  docgen progress 汇总.xlsx --targets 目标.yaml --as-of 2020-10-16 --previous 上周汇总.xlsx \\
      --letterhead sanmenxia -o 周通报.docx --xlsx 进展.xlsx
  docgen progress 汇总.xlsx --targets 目标.yaml --as-of 2020-10-16 --letterhead sanmenxia \\
      -o 周通报.docx --pdf --engine typst
  docgen progress 汇总.xlsx --targets 目标.yaml --as-of 2020-10-16 --letterhead sanmenxia \\
      -o 周通报.docx --pdf --draft
"""
        ),
    )
)
@click.argument("pool", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--targets",
    "targets_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=N_("The targets file (YAML or .xlsx): milestones, groups of units and their targets."),
)
@click.option(
    "--as-of",
    "as_of",
    required=True,
    type=click.DateTime(["%Y-%m-%d"]),
    help=N_("The date progress is judged on."),
)
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=N_("Last week's pool, for the change since then."),
)
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=N_(
        "The pool at the start of the period (month or campaign), which the new conversions are "
        "counted from."
    ),
)
@click.option(
    "--previous-sheet",
    help=N_("The worksheet of --previous to read (default: the 汇总 sheet, else the sheet holding the pool)."),
)
@click.option(
    "--baseline-sheet",
    help=N_("The worksheet of --baseline to read (default: the 汇总 sheet, else the sheet holding the pool)."),
)
@click.option(
    "--period",
    type=click.Choice(["周", "月"]),
    default="周",
    show_default=True,
    help=N_("What --previous is: last week's pool (a weekly 通报) or last month's (monthly)."),
)
@click.option("--letterhead", callback=letterhead_option, required=True, help=LETTERHEAD_HELP)
@REPORT_OUTPUT_OPTION
@click.option(
    "--xlsx", type=click.Path(dir_okay=False, path_type=Path), help=N_("Also write the figures as .xlsx.")
)
@click.option(
    "--date",
    "issue_date",
    type=click.DateTime(["%Y-%m-%d"]),
    help=N_("The date of the 通报 (default: the --as-of date)."),
)
@click.option("--sheet", help=N_("The worksheet to read (default: the 汇总 sheet, else the sheet holding the pool)."))
@UNIT_OPTION
@click.option(
    "--to",
    "addressees",
    callback=line_option,
    help=N_(
        "The 主送 of the 通报 (default by the level of the issuing office: 各乡镇…… for a 县, "
        "各县（市、区）重点项目办 for a 市)."
    ),
)
@PDF_OPTION
@ENGINE_OPTION
@DRAFT_OPTION
@OVERWRITE_OPTION
@pass_context
def progress(
    ctx: Context,
    pool: Path,
    targets_path: Path,
    as_of: datetime,
    previous: Path | None,
    baseline: Path | None,
    previous_sheet: str | None,
    baseline_sheet: str | None,
    period: str,
    letterhead: str,
    output: Path,
    xlsx: Path | None,
    issue_date: datetime | None,
    sheet: str | None,
    unit: str | None,
    addressees: str | None,
    pdf: bool,
    engine: str | None,
    draft: bool,
    overwrite: bool,
) -> None:
    from docgen.progress.run import make_progress
    from docgen.publish.pipeline import Engine

    with nullcontext(None) if draft else ctx.open_register() as reg:  # a draft does not open the register
        result = make_progress(
            pool,
            targets_path,
            as_of.date(),
            letterhead,
            output,
            ctx.resources,
            reg,
            previous=previous,
            xlsx=xlsx,
            date=issue_date.date() if issue_date else None,
            overwrite=overwrite,
            unit=unit,
            sheet=sheet,
            period=period,
            baseline=baseline,
            previous_sheet=previous_sheet,
            baseline_sheet=baseline_sheet,
            addressees=addressees,
            pdf=pdf,
            engine=Engine(ctx.settings.pdf_engine(engine)),
        )
    click.echo(_("{number}: {output}").format(number=result.number, output=result.docx))
    report_pdf(result.pdf, result.made_by, result.why)
    if result.xlsx:
        click.echo(str(result.xlsx))
    behind = [u.unit for u in result.progress.units if u.behind]
    summary = _("{units} units, {behind} behind: {names}").format(
        units=len(result.progress.units), behind=len(behind), names=joined(behind) or "—"
    )
    end_batch(ctx, result.problems, summary, show=True)
