"""``docgen merge``: an office's own Word form filled from a ledger (parse, call, print)."""

from __future__ import annotations

from contextlib import ExitStack
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
from docgen.cli.values import letterhead_option
from docgen.errors import UsageError
from docgen.i18n import _, ngettext


def _print_fields(ledger: Path, sheet: str | None) -> None:
    from docgen.merge.ledger import read_merge_ledger

    read = read_merge_ledger(ledger, sheet)
    click.echo(_("{ledger}: {n} rows; its columns as a form names them:").format(ledger=ledger, n=len(read.rows)))
    for f in read.fields:
        if f.lower:
            click.echo(f"  {{{{ {f.lower} }}}}\t{{{{ row[\"{f.header}\"] }}}}\t{f.column}")
        elif f.alias:
            click.echo(f"  {{{{ {f.alias} }}}}\t{{{{ row[\"{f.header}\"] }}}}\t{f.column}")
        elif f.header.isidentifier():
            click.echo(f"  {{{{ {f.header} }}}}\t\t{f.column}")
        else:
            click.echo(f"  {{{{ row[\"{f.header}\"] }}}}\t\t{f.column}")


@main_group.command(
    "merge",
    help=help_text(
        N_(
            "Fill your own Word form (回执, 基本情况表, a 通知 per unit) from a ledger: one .docx per row, "
            "or per group with --per."
        ),
        N_(
            """\b
  docgen merge 回执.docx 督办台账.xlsx --per 责任单位 --out 回执/
  docgen merge 基本情况表.docx 项目台账.xlsx --out 表/ --name "{{ 项目名称 }}-基本情况表"
  docgen merge --fields 督办台账.xlsx           the columns and the names a form uses for them
Placeholders as docxtpl writes them: {{ 项目名称 }}, {{ row["办理时限（工作日）"] }}, a table row
{%tr for r in rows %} … {%tr endfor %} with --per; filters date, number, yi, percent.
"""
        ),
    ),
)
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("The folder for the filled documents."),
)
@click.option("--per", help=N_("One document per value of this column (rows as a table loop), not per row."))
@click.option(
    "--name",
    "pattern",
    help=N_('The file name of each document, with placeholders: "{{ 项目名称 }}-回执".'),
)
@click.option("--sheet", help=N_("The worksheet to read (default: the first sheet shown; a hidden one only by name)."))
@click.option(
    "--letterhead",
    callback=letterhead_option,
    help=N_("Number each document: the next 发文字号 of this office's series in the register ({{ 发文字号 }})."),
)
@click.option(
    "--date",
    "doc_date",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help=N_("The 成文日期 of numbered documents ({{ 成文日期 }}); the number's year is its year."),
)
@click.option("--pdf", "with_pdf", is_flag=True, help=N_("Also write each document's PDF (LibreOffice)."))
@click.option("--dry-run", is_flag=True, help=N_("Check the form and the ledger and list the files; write nothing."))
@click.option("--fields", "list_fields", is_flag=True, help=N_("List the ledger's columns and the names a form uses."))
@OVERWRITE_OPTION
@pass_context
def merge_command(
    ctx: Context,
    files: tuple[Path, ...],
    out_dir: Path | None,
    per: str | None,
    pattern: str | None,
    sheet: str | None,
    with_pdf: bool,
    dry_run: bool,
    list_fields: bool,
    letterhead: str | None,
    doc_date: datetime | None,
    overwrite: bool,
) -> None:
    from docgen.merge.run import MANIFEST, Numbering, merge

    if list_fields:
        if not files:
            raise UsageError(_("--fields needs the ledger: docgen merge --fields LEDGER.xlsx"))
        _print_fields(files[-1], sheet)
        return
    if len(files) != 2:
        raise UsageError(_("give the form and the ledger: docgen merge FORM.docx LEDGER.xlsx --out FOLDER"))
    if out_dir is None:
        raise UsageError(_("--out FOLDER is needed: the folder for the filled documents"))
    if (letterhead is None) != (doc_date is None):
        raise UsageError(_("--letterhead and --date go together: the office's series and the 成文日期"))
    form, ledger = files
    with ExitStack() as stack:
        numbering = None
        if letterhead is not None and doc_date is not None:
            register = stack.enter_context(ctx.open_register())
            numbering = Numbering(register, ctx.resources.letterhead(letterhead).code, doc_date.date())
        report = merge(
            form,
            ledger,
            out_dir,
            per=per,
            pattern=pattern,
            sheet=sheet,
            overwrite=overwrite,
            dry_run=dry_run,
            pdf=with_pdf,
            numbering=numbering,
        )
    for path in report.written:
        click.echo(str(path))
    for path in report.pdfs:
        click.echo(f"  {path}")
    if report.unchanged:
        click.echo(
            _("{count} made by an earlier run and unchanged (see the register): not written again.").format(
                count=len(report.unchanged)
            )
        )
    if report.manifest and not dry_run:
        click.echo(str(out_dir / MANIFEST))
    problems = sum(1 for e in report.errors if e.exit_code)
    if report.refused:
        summary = ngettext(
            "Nothing written: {n} placeholder of the form cannot be filled from this ledger.",
            "Nothing written: {n} placeholders of the form cannot be filled from this ledger.",
            report.refused,
        ).format(n=report.refused)
    elif dry_run:
        summary = _("Dry run: {done} of {items} documents would be written, {failed} problems.").format(
            done=len(report.written), items=report.items, failed=problems
        )
    else:
        summary = _("{done} of {items} documents written into {out}, {failed} problems.").format(
            done=len(report.written), items=report.items, out=out_dir, failed=problems
        )
    for note in report.notes:  # the form's, whichever of its documents LibreOffice converted
        summary += "\n" + _("Note: {source}: {note}").format(source=form, note=note)
    end_batch(ctx, report.errors, summary, show=True)
