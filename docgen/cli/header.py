"""``docgen letterhead-import``: a letterhead from an office's own 套红 .docx (parse, call, print)."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.app import N_, OVERWRITE_OPTION, Context, help_text, main_group, pass_context
from docgen.i18n import _, ngettext


@main_group.command(
    "letterhead-import",
    help=help_text(
        N_(
            "Make a letterhead from your office's own red-header .docx: its 发文机关标志's words, colour and "
            "size, and the .docx beside it, whose 版头 every document under the letterhead carries as it is; "
            "print where the header departs from the standard."
        ),
        N_(
            """\b
  docgen letterhead-import 套红模板.docx --key zhangzi-zfb --out 我的版头/
  docgen --letterheads 我的版头 render 通知.md       then use it as letterhead: zhangzi-zfb
"""
        ),
    ),
)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", required=True, help=N_("The letterhead's name, used as letterhead: KEY in a notice."))
@click.option(
    "--out",
    "folder",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("The folder of your own letterheads (give it to --letterheads)."),
)
@click.option("--code", help=N_("The 代字 of its numbers, if the header has no 发文字号 line to take it from."))
@click.option("--name", help=N_("The office's full name (default: the mark without 文件)."))
@OVERWRITE_OPTION
@pass_context
def letterhead_import(
    ctx: Context, source: Path, key: str, folder: Path, code: str | None, name: str | None, overwrite: bool
) -> None:
    from docgen.header_import import import_header

    header, target = import_header(source, key, folder, code=code, name=name, overwrite=overwrite)
    click.echo(_("{source}: the 发文机关标志 reads {mark}").format(source=source, mark=header.mark))
    for departure in header.departures:
        click.echo(_("Warning: {message}").format(message=departure), err=True)
    click.echo(
        ngettext(
            "its 版头 ({n} picture) is copied as it is into every document issued under {key}",
            "its 版头 ({n} pictures) is copied as it is into every document issued under {key}",
            header.pictures,
        ).format(n=header.pictures, key=key)
    )
    click.echo(_("{source} -> {output}").format(source=source, output=target))
