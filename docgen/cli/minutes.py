"""``docgen minutes``: a 纪要 from its source or from a decisions sheet; 督办 for overdue decisions."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from docgen.cli.app import (
    N_,
    OVERWRITE_OPTION,
    SHEET_OPTION,
    Context,
    end_batch,
    help_text,
    main_group,
    pass_context,
)
from docgen.cli.documents import ENGINE_OPTION, made_by_line, remark_line
from docgen.cli.values import letterhead_option
from docgen.i18n import _, joined


@main_group.command(
    help=help_text(
        N_(
            "A 纪要 (GB/T 9704 10.3) from its source (.md), or from a decisions sheet and its meeting; "
            "with --overdue, a 挂牌督办通知书 for every decision not done by its 时限."
        ),
        N_(
            """\b
  docgen minutes 纪要.md --pdf
  docgen minutes 议定事项.xlsx --meeting 会议.yaml --out 纪要/ --pdf
  docgen minutes 议定事项.xlsx --meeting 会议.yaml --draft
  docgen minutes 议定事项.xlsx --meeting 会议.yaml --overdue --as-of 2025-07-10 --out 督办/
"""
        ),
    )
)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--meeting",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=N_(
        "The meeting (.yaml: 会议名称, 届次, 日期, 地点, 主持, 出席, 请假, 列席, 记录) of a decisions sheet."
    ),
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("The folder for the files (default: beside the source)."),
)
@click.option("--pdf", is_flag=True, help=N_("Also make the PDF (by the engine --engine chooses)."))
@ENGINE_OPTION
@click.option("--draft", is_flag=True, help=N_("A draft: no 期号 taken from the register, 样稿 on the PDF."))
@click.option(
    "--overdue",
    is_flag=True,
    help=N_("Instead of the 纪要: a 挂牌督办通知书 for each decision not done by its 时限."),
)
@click.option(
    "--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help=N_("The day overdue decisions are judged on.")
)
@click.option("--letterhead", callback=letterhead_option, help=N_("The office issuing the 督办 (default: 发文机关 of the meeting)."))
@SHEET_OPTION
@OVERWRITE_OPTION
@pass_context
def minutes(
    ctx: Context,
    source: Path,
    meeting: Path | None,
    out_dir: Path | None,
    pdf: bool,
    engine: str | None,
    draft: bool,
    overdue: bool,
    as_of: datetime | None,
    letterhead: str | None,
    sheet: str | None,
    overwrite: bool,
) -> None:
    from docgen.minutes import DecisionErrors, make_minutes, supervise_overdue
    from docgen.publish.pipeline import Engine

    if overdue:
        if as_of is None:
            raise click.UsageError(_("--overdue needs --as-of DATE"))
        if meeting is None:
            raise click.UsageError(_("--overdue needs the decisions sheet and --meeting"))
        with ctx.open_register() as reg:
            report = supervise_overdue(
                source,
                meeting,
                as_of.date(),
                ctx.resources,
                reg,
                letterhead=letterhead,
                out_dir=out_dir,
                sheet=sheet,
                overwrite=overwrite,
            )
        for number, path in report.written:
            click.echo(f"{number}\t{path}")
        summary = _("{done} 挂牌督办通知书 written, {same} unchanged, {failed} problems.").format(
            done=len(report.written), same=len(report.unchanged), failed=len(report.errors)
        )
        end_batch(ctx, [*report.letterhead, *report.errors], summary, show=True)
        return
    try:
        if draft:
            result = make_minutes(
                source,
                ctx.resources,
                None,
                meeting=meeting,
                sheet=sheet,
                out_dir=out_dir,
                pdf=pdf,
                overwrite=overwrite,
                engine=Engine(ctx.settings.pdf_engine(engine)),
            )
        else:
            with ctx.open_register() as reg:
                result = make_minutes(
                    source,
                    ctx.resources,
                    reg,
                    meeting=meeting,
                    sheet=sheet,
                    out_dir=out_dir,
                    pdf=pdf,
                    overwrite=overwrite,
                    engine=Engine(ctx.settings.pdf_engine(engine)),
                )
    except DecisionErrors as bad:  # every bad cell of the decisions sheet at once, not the first only
        summary = _("No 纪要 made: {count} problems in the decisions sheet; put them right and run again.")
        end_batch(ctx, bad.problems, summary.format(count=len(bad.problems)), show=True)
        return
    if result.unchanged:
        files = [str(f) for f in (result.docx, result.pdf) if f is not None]
        click.echo(
            _("{number} was made before and is unchanged: not written again ({files}).").format(
                number=result.number, files=joined(files)
            )
        )
    else:
        click.echo(f"{result.number}\t{result.docx}")
        if result.pdf is not None:
            click.echo(made_by_line(result.pdf, result.made_by))
        click.echo(_("{pages} pages.").format(pages=result.pages))
    for remark in result.notes:  # warnings on the source: printed whether or not it was written
        click.echo(remark_line(result.notes_source or source, remark), err=True)
