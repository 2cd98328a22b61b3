"""Commands on ledgers: supervise, rank, bulletin, and empty ledger templates."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

import click

from docgen.cli.app import (
    MONTH_SHEET_OPTION,
    N_,
    OVERWRITE_OPTION,
    SHEET_OPTION,
    Context,
    end_batch,
    help_text,
    main_group,
    pass_context,
    step,
    strict_summary,
)
from docgen.cli.documents import BULLETIN_ENGINE_OPTION, ENGINE_OPTION, made_by_line
from docgen.cli.values import letterhead_option, line_option
from docgen.errors import DataWarning, DocgenError
from docgen.i18n import _, ngettext

LETTERHEAD_HELP = N_("The issuing office (a letterhead name).")
MONTH_HELP = N_("The month ranked, like 2025-05.")
UNIT_OPTION = click.option(
    "--unit",
    type=click.Choice(["元", "万元", "亿元"]),
    help=N_("The unit of amounts whose header and notes do not say it (单位：万元 above the header)."),
)
PDF_OPTION = click.option(
    "--pdf", is_flag=True, help=N_("Also make the PDF (by the engine --engine chooses).")
)  # beside the .docx of -o
DRAFT_OPTION = click.option(
    "--draft",
    is_flag=True,
    help=N_(
        "A draft: no 文号 taken from the register, 样稿 on the PDF; written as NAME-样稿.docx "
        "(and .pdf) beside -o."
    ),
)  # as minutes --draft: a late form re-sent costs no number (draft14)
REPORT_OUTPUT_OPTION = click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("The .docx of the 通报 to write."),
)


def report_pdf(pdf: Path | None, made_by: str, why: str) -> None:
    """Print a 通报's PDF and what made it, and why not the engine asked for (if so)."""
    if why:  # the engine asked for could not make it (an office's own 版头: LibreOffice)
        click.echo(_("Note: {note}").format(note=why))
    if pdf is not None:
        click.echo(made_by_line(pdf, made_by))


@main_group.command(
    help=help_text(
        N_(
            "挂牌督办通知书 for every open item of a supervision ledger, or 催办 and a 督查通报 for overdue ones."
        ),
        N_(
            """\b
  docgen supervise 督办台账.xlsx --letterhead zhangzi-zdxmb --out 督办/
  docgen supervise 督办台账.xlsx --letterhead zhangzi-zdxmb --out 督办/ --item DB-2025-007
  docgen supervise 督办台账.xlsx --letterhead zhangzi-zdxmb --out 催办/ --overdue --as-of 2025-10-20
  docgen supervise 督办台账.xlsx --letterhead zhangzi-zdxmb --out 督办/ --pdf --engine typst
"""
        ),
    )
)
@click.argument("ledger", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--letterhead", callback=letterhead_option, required=True, help=LETTERHEAD_HELP)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("The folder for the notices (督办通知书, 催办通知, 督查通报)."),
)
@click.option("--item", "item_code", help=N_("Only the item with this 督办编号."))
@click.option("--overdue", is_flag=True, help=N_("催办 for each overdue item and one 督查通报 listing them."))
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help=N_("The day overdue items are judged on."),
)
@click.option(
    "--reply-days",
    default=3,
    show_default=True,
    type=click.IntRange(1, 30),
    help=N_("Working days for the reply."),
)
@SHEET_OPTION
@click.option("--strict", is_flag=True, help=N_("Write nothing when any row is invalid."))
@click.option("--pdf", is_flag=True, help=N_("Also make the PDFs (by the engine --engine chooses)."))
@ENGINE_OPTION
@OVERWRITE_OPTION
@pass_context
def supervise(
    ctx: Context,
    ledger: Path,
    letterhead: str,
    out_dir: Path,
    item_code: str | None,
    overdue: bool,
    as_of: datetime | None,
    reply_days: int,
    sheet: str | None,
    strict: bool,
    pdf: bool,
    engine: str | None,
    overwrite: bool,
) -> None:
    from docgen.publish.pipeline import Engine
    from docgen.supervise import supervise as run_supervise

    if overdue and as_of is None:
        raise click.UsageError(_("--overdue needs --as-of DATE"))
    with (
        ctx.open_register() as reg,
        click.progressbar(length=0, label=_("Writing"), file=sys.stderr) as bar,
    ):

        def progress(_number: str) -> None:
            bar.update(1)

        report = run_supervise(
            ledger,
            letterhead,
            out_dir,
            ctx.resources,
            reg,
            item_code=item_code,
            overdue=overdue,
            as_of=as_of.date() if as_of else None,
            reply_days=reply_days,
            strict=strict,
            sheet=sheet,
            on_progress=progress,
            overwrite=overwrite,
            pdf=pdf,
            engine=Engine(ctx.settings.pdf_engine(engine)),
        )
    for number, path in report.written:
        click.echo(f"{number}\t{path}")
    if report.why:  # the engine asked for could not make them (an office's own 版头: LibreOffice)
        click.echo(_("Note: {note}").format(note=report.why))
    if report.unchanged:
        click.echo(
            _("{count} made by an earlier run and unchanged (see the register): not written again.").format(
                count=len(report.unchanged)
            )
        )
        if report.pdfs_added:  # issued by a run without --pdf: their PDFs made now, recorded with them
            count = len(report.pdfs_added)
            click.echo(
                ngettext(
                    "The PDF of {count} of them made now and recorded under its number.",
                    "The PDFs of {count} of them made now and recorded under their numbers.",
                    count,
                ).format(count=count)
            )
        elsewhere = sorted({str(p.parent) for _n, p in report.unchanged if p.parent.resolve() != out_dir.resolve()})
        if elsewhere:  # a re-run into a new folder writes nothing there: say where the documents are
            click.echo(
                _("They are in {folders}, not in {out}.").format(folders=_(", ").join(elsewhere), out=out_dir)
            )
    # warnings (hidden rows left out, ledgers12) are said, not counted as problems (review12)
    failed = sum(1 for error in report.errors if not isinstance(error, DataWarning))
    done, closed = len(report.written), report.skipped_closed
    summary = _("{written}, {problems}, {closed}.").format(
        written=ngettext("{n} document written", "{n} documents written", done).format(n=done),
        problems=ngettext("{n} problem", "{n} problems", failed).format(n=failed),
        closed=ngettext("{n} closed item skipped", "{n} closed items skipped", closed).format(n=closed),
    )
    if report.held_back:
        summary = strict_summary(report.held_back, failed)
    for made_by in sorted({made_by for _pdf, made_by in report.pdfs}):  # one engine, or LibreOffice for a 模板
        summary += " " + _("PDFs made by {engine}.").format(engine=made_by)
    end_batch(ctx, [*report.letterhead, *report.errors], summary, show=True)


@main_group.group(help=N_("Ledgers: empty templates to fill in."))
def ledger() -> None:
    pass


@ledger.command(
    "template",
    help=help_text(
        N_("Write an empty ledger with a note on every column and drop-down lists."),
        N_("""\b
  docgen ledger template --kind supervision -o 督办台账.xlsx
  docgen ledger template --kind projects -o 项目台账.xlsx
"""),
    ),
)
@click.option(
    "--kind",
    type=click.Choice(["supervision", "projects"]),
    required=True,
    help=N_("supervision: the 督办台账; projects: the monthly 项目台账."),
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("The .xlsx to write."),
)
@OVERWRITE_OPTION
def ledger_template(kind: str, output: Path, overwrite: bool) -> None:
    from docgen.ledger_template import projects_template, supervision_template
    from docgen.publish.guard import WriteGuard

    make = supervision_template if kind == "supervision" else projects_template
    WriteGuard(overwrite=overwrite).write(output, make())
    click.echo(str(output))


@main_group.command(
    help=help_text(
        N_("The month's 排名通报 from the project ledger: scores, ranks, chart, lagging projects."),
        N_(
            """\b
  docgen rank 项目台账-2025-05.xlsx --month 2025-05 --previous 项目台账-2025-04.xlsx \\
      --rules rules.yaml --letterhead zhangzi-zdxmb -o 排名通报.docx --xlsx 排名.xlsx --date 2025-06-05
  docgen rank 项目台账-2025-05.xlsx --month 2025-05 --rules rules.yaml --letterhead zhangzi-zdxmb \\
      -o 排名通报.docx --pdf --engine typst
  docgen rank 项目台账-2025-05.xlsx --month 2025-05 --rules rules.yaml --letterhead zhangzi-zdxmb \\
      -o 排名通报.docx --pdf --draft
"""
        ),
    )
)
@click.argument("ledger", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--month", required=True, help=MONTH_HELP)
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=N_("Last month's ledger, for 较上月."),
)
@click.option(
    "--previous-sheet",
    help=N_("The worksheet of --previous to read (default: last month's sheet, else the sheet holding the ledger)."),
)
@click.option(
    "--rules",
    "rules_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=N_("The rules file (排名规则, YAML): groups, indicators and weights."),
)
@click.option("--letterhead", callback=letterhead_option, required=True, help=LETTERHEAD_HELP)
@REPORT_OUTPUT_OPTION
@click.option(
    "--xlsx", type=click.Path(dir_okay=False, path_type=Path), help=N_("Also write the ranking as .xlsx.")
)
@click.option(
    "--date",
    "issue_date",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help=N_(
        "The 成文日期 of the 通报 (default: today, said in the summary for a past month); "
        "the 文号's year follows it."
    ),
)
@click.option(
    "--to",
    "addressees",
    callback=line_option,
    help=N_(
        "The 主送 of the 通报 (default by the level of the issuing office: 各乡镇…… for a 县, "
        "各县（市、区）人民政府…… for a 市)."
    ),
)
@MONTH_SHEET_OPTION
@UNIT_OPTION
@PDF_OPTION
@ENGINE_OPTION
@DRAFT_OPTION
@OVERWRITE_OPTION
@pass_context
def rank(
    ctx: Context,
    ledger: Path,
    month: str,
    previous: Path | None,
    previous_sheet: str | None,
    rules_path: Path,
    letterhead: str,
    output: Path,
    xlsx: Path | None,
    issue_date: datetime | None,
    addressees: str | None,
    sheet: str | None,
    unit: str | None,
    pdf: bool,
    engine: str | None,
    draft: bool,
    overwrite: bool,
) -> None:
    from docgen.publish.pipeline import Engine
    from docgen.rank import make_ranking

    with nullcontext(None) if draft else ctx.open_register() as reg:  # a draft does not open the register
        result = make_ranking(
            ledger,
            month,
            rules_path,
            letterhead,
            output,
            ctx.resources,
            reg,
            previous=previous,
            previous_sheet=previous_sheet,
            xlsx=xlsx,
            date=issue_date.date() if issue_date else None,
            addressees=addressees,
            overwrite=overwrite,
            unit=unit,
            sheet=sheet,
            pdf=pdf,
            engine=Engine(ctx.settings.pdf_engine(engine)),
        )
    click.echo(_("{number}: {output}").format(number=result.number, output=result.docx))
    report_pdf(result.pdf, result.made_by, result.why)
    if result.xlsx:
        click.echo(str(result.xlsx))
    for note in result.notes:
        click.echo(_("Note: {note}").format(note=note))
    left_out = [p for p in result.problems if not isinstance(p, DataWarning)]
    summary = ngettext(
        "{n} row was left out of the figures.", "{n} rows were left out of the figures.", len(left_out)
    ).format(n=len(left_out))
    end_batch(ctx, result.problems, summary, show=False)


@main_group.command(
    help=help_text(
        N_("The month's bulletin (简报) for every unit or leader, their PDFs, and one merged PDF to print."),
        N_(
            """\b
  docgen bulletin 项目台账-2025-05.xlsx --month 2025-05 --letterhead zhangzi-zdxmb --out 简报/ --pdf --merge \\
      --date 2025-06-05
  docgen bulletin 项目台账-2025-05.xlsx --month 2025-05 --letterhead zhangzi-zdxmb --out 简报/ --per leader
"""
        ),
    )
)
@click.argument("ledger", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--month", required=True, help=N_("The month the bulletins report on, like 2025-05."))
@click.option("--letterhead", callback=letterhead_option, required=True, help=LETTERHEAD_HELP)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("The folder for the bulletins (one .docx per unit, the manifest, the PDFs)."),
)
@click.option(
    "--per",
    type=click.Choice(["unit", "leader"]),
    default="unit",
    show_default=True,
    help=N_("One bulletin per 责任单位 (unit) or per 包抓领导 (leader)."),
)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=N_("Rules for the lights (default: green at or above the schedule)."),
)
@click.option("--pdf", is_flag=True, help=N_("Also make the PDFs (by the engine --engine chooses)."))
@click.option("--merge", is_flag=True, help=N_("Also one merged PDF with a bookmark per bulletin."))
@click.option("--final", is_flag=True, help=N_("No 样稿 watermark on the PDFs."))
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help=N_(
        "Worker processes (default: one per core): they make the .docx files and, with --engine typst, "
        "the PDFs; with libreoffice, as many LibreOffice converters."
    ),
)
@click.option(
    "--date",
    "issue_date",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help=N_(
        "The 成文日期 of the bulletins (default: today, said in the summary for a past month); "
        "the 期号's year follows it."
    ),
)
@click.option(
    "--copies", default=0, type=click.IntRange(0, 100000), help=N_("Copies printed (shown in the 报尾).")
)
@BULLETIN_ENGINE_OPTION
@MONTH_SHEET_OPTION
@UNIT_OPTION
@OVERWRITE_OPTION
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
    issue_date: datetime | None,
    copies: int,
    sheet: str | None,
    unit: str | None,
    overwrite: bool,
    engine: str | None,
) -> None:
    from docgen.bulletins import make_bulletins
    from docgen.publish.pipeline import Engine

    with (
        ctx.open_register() as reg,
        click.progressbar(length=0, label=_("Writing"), file=sys.stderr, show_eta=True) as bar,
    ):

        def progress(_subject: str, total: int) -> None:
            step(bar, total)

        report = make_bulletins(
            ledger,
            month,
            letterhead,
            out_dir,
            ctx.resources,
            reg,
            rules_path=rules_path,
            per=per,
            pdf=pdf or merge,
            merge=merge,
            final=final,
            workers=workers,
            date=issue_date.date() if issue_date else None,
            copies=copies,
            on_progress=progress,
            overwrite=overwrite,
            unit=unit,
            sheet=sheet,
            engine=Engine(ctx.settings.pdf_engine(engine, distributed=True)),
        )
    if report.merged:
        click.echo(str(report.merged))
    errors = [
        *report.problems,
        *(DocgenError(_("{where}: {message}").format(where=e.subject, message=e.error)) for e in report.failed),
    ]
    ready = len(report.entries) - len(report.failed)
    summary = ngettext(
        "{issue}: {ok} bulletin ready ({skipped} unchanged), {failed} failed.",
        "{issue}: {ok} bulletins ready ({skipped} unchanged), {failed} failed.",
        ready,
    ).format(issue=report.issue, ok=ready, skipped=report.skipped, failed=len(report.failed))
    if pdf or merge:  # bulletins have their own 报头: the engine asked for makes every PDF
        chosen = Engine(ctx.settings.pdf_engine(engine, distributed=True))
        summary += " " + _("PDFs made by {engine}.").format(
            engine="Typst" if chosen is Engine.TYPST else "LibreOffice"
        )
    for note in report.notes:
        summary += "\n" + _("Note: {note}").format(note=note)
    end_batch(ctx, errors, summary, show=True)
