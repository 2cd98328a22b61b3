"""The docgen group: the edge where settings and language become values, and errors become messages.

Everything read from the process (environment, working folder, locale) is read here, once per
run, and handed down as values: ``Context.settings`` (folders), the language (``use_language``),
the register file.  A ``DocgenError`` raised anywhere in a command is printed once, as one line,
by ``_Group.invoke``; any other exception is an internal error (exit 70).
"""

from __future__ import annotations

import gettext
import os
import shlex
import signal
import sys
import threading
import traceback
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from docgen import __version__
from docgen.errors import DataWarning, DocgenError, each_problem
from docgen.i18n import _, language_from_environ, ngettext, use_language

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from docgen.config import Settings
    from docgen.register import Register
    from docgen.run_resources import RunResources

INTERNAL_ERROR_EXIT = 70
INTERRUPTED_EXIT = 130  # 128 + SIGINT, as shells report an interrupted command
TERMINATED_EXIT = 143  # 128 + SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM (a shutdown, ``kill``), raised in the main thread: the run unwinds as on Ctrl-C —
    files whole, numbers given back, LibreOffice workers ended — where Python's default would end
    the process on the spot and leave the pool's LibreOffice running."""


def _terminate(_signum: int, _frame: object) -> NoReturn:
    raise Terminated()


def interrupted_exit(stop: KeyboardInterrupt) -> int:
    """Return the exit code of a run stopped by ``stop``: 130 for Ctrl-C, 143 for SIGTERM."""
    return TERMINATED_EXIT if isinstance(stop, Terminated) else INTERRUPTED_EXIT

# Help texts are English message ids, translated each run into the run's language (see _translate_help).
_HELP_PARTS: dict[str, tuple[str, ...]] = {}


def N_(message: str) -> str:
    """Mark a help text for extraction; it is translated when help is shown."""
    return message


def help_text(*parts: str) -> str:
    """Return a help text made of message ids (a description, examples), joined by a blank line."""
    joined = "\n\n".join(parts)
    _HELP_PARTS[joined] = parts
    return joined


class _Translated:
    """The English help texts of one command tree, kept to translate them again for each run."""

    def __init__(self) -> None:
        self.msgids: dict[int, str] = {}

    def text(self, owner: object, value: str | None) -> str | None:
        if value is None:
            return None
        msgid = self.msgids.setdefault(id(owner), value)
        return "\n\n".join(_(part) for part in _HELP_PARTS.get(msgid, (msgid,)))


_HELP = _Translated()
_SHORT_HELP = _Translated()


def _translate_help(command: click.Command) -> None:
    """Put the help texts of ``command`` and its subcommands and options in the current language."""
    command.help = _HELP.text(command, command.help)
    command.short_help = _SHORT_HELP.text(command, command.short_help)
    for param in command.params:
        if isinstance(param, click.Option):
            param.help = _HELP.text(param, param.help)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _translate_help(sub)


def _click_messages_follow_language() -> None:
    """Let click's own messages (Usage:, Options, Error:) come from our catalog in the current language."""
    import click._termui_impl
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.shell_completion
    import click.termui
    import click.types
    import click.utils

    for module in (
        click._termui_impl,
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.shell_completion,
        click.termui,
        click.types,
        click.utils,
    ):
        if getattr(module, "_", None) is gettext.gettext:
            module.__dict__["_"] = _
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.__dict__["ngettext"] = ngettext


class Context:
    """What every command shares: the debug flag, the settings of this run, the register file."""

    def __init__(
        self,
        debug: bool,
        letterheads: Sequence[Path],
        templates: Sequence[Path],
        register: Path | None,
        *,
        environ: Mapping[str, str],
        cwd: Path,
    ) -> None:
        self.debug = debug
        self._letterheads = tuple(letterheads)
        self._templates = tuple(templates)
        self._register = register
        self._environ = environ
        self._cwd = cwd

    @cached_property
    def settings(self) -> Settings:
        """Return the settings of this run, resolved on first use (a broken config file is an error)."""
        from docgen.config import resolve_settings  # here: check and --help read no config file (tomllib)

        return resolve_settings(self._letterheads, self._templates, environ=self._environ, cwd=self._cwd)

    @cached_property
    def resources(self) -> RunResources:
        """Return what this run loads from its settings' folders (template, letterheads), once."""
        from docgen.run_resources import RunResources

        return RunResources(self.settings)

    def resources_for(self, *, allow_outside: bool) -> RunResources:
        """Return this run's resources; with ``allow_outside``, attachments may come from anywhere."""
        from docgen.run_resources import RunResources

        return RunResources(self.settings, allow_outside=True) if allow_outside else self.resources

    @cached_property
    def register_file(self) -> Path:
        """Return the register file: the flag or DOCGEN_REGISTER, the config file's, else the default."""
        from docgen.config import config_file, configured_register
        from docgen.register import register_path

        if self._register is not None:
            return self._register
        path = config_file(self._environ, self._cwd)
        return register_path(configured_register(path) if path is not None else None)

    def open_register(self, *, init: bool = False, reading: bool = False) -> Register:
        """Open the register, recording the command line that uses it (``init``: accept an empty file;
        ``reading``: a command that only reads, which a read-only register allows)."""
        from docgen.register import Register

        return Register.open(self.register_file, shlex.join(["docgen", *sys.argv[1:]]), init=init, reading=reading)


pass_context = click.make_pass_decorator(Context)

SHEET_OPTION = click.option("--sheet", help=N_("The worksheet to read (default: the sheet holding the ledger)."))
MONTH_SHEET_OPTION = click.option(
    "--sheet", help=N_("The worksheet to read (default: this month's sheet, else the sheet holding the ledger).")
)
OVERWRITE_OPTION = click.option(
    "--overwrite",
    is_flag=True,
    help=N_(
        "Write over existing files that docgen did not write (or that were changed since); an issued "
        "document and the command's own inputs are never written over."
    ),
)


def _report_internal_error(error: Exception, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exception(error)
    click.echo(
        _("Internal error: {error!r}. Run again with --debug and report what it shows.").format(error=error),
        err=True,
    )
    sys.exit(INTERNAL_ERROR_EXIT)


# `docgen --help` lists commands in the order of the office's work: write and check, issue,
# ledgers and batches, the register, then set-up helpers.  A command not listed comes last.
COMMAND_ORDER = (
    "render",
    "format",
    "preview",
    "check",
    "issue",
    "minutes",
    "supervise",
    "rank",
    "bulletin",
    "merge",
    "collect",
    "progress",
    "ledger",
    "register",
    "letterheads",
    "letterhead-import",
    "fonts",
)


class _Group(click.Group):
    """The docgen group: the run's language, help in that language, every error handled here once."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the commands in the order of the office's work (``COMMAND_ORDER``), then the rest."""
        known = {name: index for index, name in enumerate(COMMAND_ORDER)}
        return sorted(self.commands, key=lambda name: (known.get(name, len(known)), name))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _click_messages_follow_language()
        with use_language(language_from_environ(os.environ)):
            _translate_help(self)
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        main_thread = threading.current_thread() is threading.main_thread()  # where handlers may be set
        previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
        try:
            return super().invoke(ctx)
        except DocgenError as error:
            if ctx.params.get("debug"):
                traceback.print_exc()
            for problem in each_problem(error):  # every problem of a source at once, one line each
                click.echo(_("Error: {message}").format(message=problem), err=True)
            sys.exit(error.exit_code)
        except click.MissingParameter as error:  # click appends its "." outside the catalog's words
            raise click.UsageError(_missing_message(error), error.ctx) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: click.main prints them once
        except BrokenPipeError:
            raise  # the reader stopped reading (docgen … | head): click.main exits quietly on EPIPE
        except KeyboardInterrupt as stop:  # Ctrl-C: what was issued is recorded, what was not is given back
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(_("Interrupted."), err=True)
            sys.exit(interrupted_exit(stop))
        except Exception as error:  # a bug of ours: still no traceback unless asked for
            _report_internal_error(error, bool(ctx.params.get("debug")))
        finally:
            if main_thread:  # as it was (a handler set outside Python reads as None: the default)
                signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _missing_message(error: click.MissingParameter) -> str:
    """Return click's "Missing option '--month'." as one message of the catalog (no "." added outside it)."""
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    name = hint if isinstance(hint, str) else " / ".join(hint or ())
    kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
    if kind == "argument":
        message = _("Missing argument {name}.").format(name=name)
    elif kind == "option":
        message = _("Missing option {name}.").format(name=name)
    else:
        message = _("Missing parameter {name}.").format(name=name)
    if error.param is not None and error.ctx is not None:
        extra = error.param.type.get_missing_message(param=error.param, ctx=error.ctx)
        if extra:
            message += " " + extra
    return message


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Print "docgen 0.1.0" in the run's language (click's own is translated at import, in English)."""
    if value and not ctx.resilient_parsing:
        click.echo(_("{prog} version {version}").format(prog="docgen", version=__version__))
        ctx.exit()


def end_batch(ctx: Context, errors: Sequence[DocgenError], summary: str, *, show: bool) -> None:
    """Print every error of a batch and its summary line; exit with the worst error's code.

    The summary is shown when ``show`` or when something failed (then on stderr).
    """
    for error in errors:
        if ctx.debug:
            traceback.print_exception(error)
        template = _("Warning: {message}") if isinstance(error, DataWarning) else _("Error: {message}")
        for problem in each_problem(error):
            click.echo(template.format(message=problem), err=True)
    failed = [error for error in errors if not isinstance(error, DataWarning)]
    if show or failed:
        click.echo(summary, err=bool(failed))
    if failed:
        sys.exit(max(error.exit_code for error in failed))


def end_interrupted(
    ctx: Context, errors: Sequence[DocgenError], summary: str, stop: KeyboardInterrupt
) -> NoReturn:
    """Print the errors of a batch stopped by Ctrl-C or SIGTERM and its summary (what was written,
    what was not); exit 130 (Ctrl-C) or 143 (SIGTERM)."""
    for error in errors:
        template = _("Warning: {message}") if isinstance(error, DataWarning) else _("Error: {message}")
        for problem in each_problem(error):
            click.echo(template.format(message=problem), err=True)
    if ctx.debug:
        traceback.print_exception(stop)
    click.echo(summary, err=True)
    sys.exit(interrupted_exit(stop))


def strict_summary(held_back: int, failed: int) -> str:
    """Return the summary of a --strict batch that wrote nothing: what failed, what was held back."""
    return ngettext(
        "Nothing written (--strict): {failed} invalid, {held} valid one held back.",
        "Nothing written (--strict): {failed} invalid, {held} valid ones held back.",
        held_back,
    ).format(failed=failed, held=held_back)


def step(bar: ProgressBar[int], total: int) -> None:
    """Advance a progress bar whose length becomes known with the first item (so it can show an ETA)."""
    if not bar.length:
        bar.length = total
    bar.update(1)


_EXAMPLES = N_(
    """Examples:

\b
  docgen render notice.md -o notice.docx        one notice
  docgen render samples/notices -o out/         every notice in a folder
  docgen letterheads                            the issuing offices known
"""
)


@click.group(
    cls=_Group,
    help=help_text(N_("Make Chinese official documents laid out per GB/T 9704-2012."), _EXAMPLES),
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help=N_("Show the version and exit."),
)
@click.option("--debug", is_flag=True, help=N_("Show the full traceback of an error."))
@click.option(
    "--letterheads",
    "letterhead_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("A folder of your own letterheads, searched first (repeatable)."),
)
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("A folder of your own templates, searched first (repeatable)."),
)
@click.option(
    "--register",
    "register_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="DOCGEN_REGISTER",
    help=N_("The register file (default: the config file's, else ~/.local/share/docgen/register.sqlite)."),
)
@click.pass_context
def main_group(
    ctx: click.Context,
    debug: bool,
    letterhead_dirs: tuple[Path, ...],
    template_dirs: tuple[Path, ...],
    register_file: Path | None,
) -> None:
    from docgen.scratch import sweep

    sweep()  # what runs killed earlier left in the temporary directory (and their soffice)
    ctx.obj = Context(
        debug, letterhead_dirs, template_dirs, register_file, environ=dict(os.environ), cwd=Path.cwd()
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line (the ``docgen`` console script)."""
    main_group.main(args=list(argv) if argv is not None else None, prog_name="docgen")
