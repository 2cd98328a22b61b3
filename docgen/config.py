"""Settings: the user's own folders of letterheads and templates, resolved once at the edge.

The library searches exactly ``settings.letterhead_dirs`` (or ``template_dirs``) and then the
built-in folder; it never reads the environment or the working folder.  The edge (the command
line, a server) builds the settings with :func:`resolve_settings`, in this order:

1. folders given as flags (``--letterheads``, ``--templates``),
2. the environment (``DOCGEN_LETTERHEADS``, ``DOCGEN_TEMPLATES``; os.pathsep separated),
3. the config file's folders,
4. ``letterheads/`` of the working folder,
5. ``letterheads/`` and ``templates/`` of the user's config folder (``~/.config/docgen``).

Templates are code (Jinja, run sandboxed all the same), so a ``templates/`` folder in the working
folder is searched only when a flag, the environment or the config file names it: a folder
received from someone else must not change what a command does by being the working folder.

Holiday overrides (``holidays.yaml``) are taken from the working folder, then the user's config
folder, before the built-in file (docgen/workdays.py).

The config file is TOML, read from ``DOCGEN_CONFIG``, else ``./docgen.toml``, else
``~/.config/docgen/config.toml``; relative paths in it resolve against the file's folder::

    [paths]
    letterheads = ["我的版头"]
    templates = ["/srv/公文模板"]
    attachments = ["/srv/台账"]     # notices may take attachment files from here too

    [register]
    path = "发文登记.sqlite"

    [pdf]
    engine = "typst"                # what makes the PDFs: "libreoffice" (default) or "typst"
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DataError, Location, library_error_text
from docgen.i18n import N_, _, current_language
from docgen.resources import user_config_dir

LETTERHEADS_VAR = "DOCGEN_LETTERHEADS"
TEMPLATES_VAR = "DOCGEN_TEMPLATES"
CONFIG_VAR = "DOCGEN_CONFIG"
ENGINES = ("libreoffice", "typst")  # docgen.publish.pipeline.Engine's values


@dataclass(frozen=True)
class Settings:
    """Where to look for the user's letterheads and templates (before the built-in ones)."""

    letterhead_dirs: tuple[Path, ...] = ()
    template_dirs: tuple[Path, ...] = ()
    holiday_files: tuple[Path, ...] = ()  # holidays.yaml overrides, first wins (before the built-in one)
    attachment_dirs: tuple[Path, ...] = ()  # folders notices may take attachments from (docgen/load/paths.py)
    engine: str = "libreoffice"  # what makes PDFs when a command is not told (--engine): libreoffice or typst


def config_file(environ: Mapping[str, str], cwd: Path) -> Path | None:
    """Return the config file in force, if any."""
    if environ.get(CONFIG_VAR):
        return Path(environ[CONFIG_VAR])
    for candidate in (cwd / "docgen.toml", user_config_dir(environ) / "config.toml"):
        if candidate.is_file():
            return candidate
    return None


def _folders(data: dict[str, object], key: str, base: Path, path: Path) -> tuple[Path, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(_("a list of folders is expected"), Location(file=path, field=f"paths.{key}"))
    return tuple((base / v).resolve() for v in value)


def configured_register(path: Path | None = None) -> Path | None:
    """Return the register path of a config file's ``[register] path``, if one is set.

    Without ``path``, the config file in force for this process (``docgen.register.register_path``).
    """
    if path is None:
        path = config_file(os.environ, Path.cwd())
    if path is None:
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # resolve_settings reports a broken config file
    section = data.get("register", {})
    value = section.get("path") if isinstance(section, dict) else None
    return (path.parent / value).resolve() if isinstance(value, str) else None


def _read_config(path: Path) -> Settings:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(_("cannot read the file: {error}").format(error=library_error_text(error)), Location(file=path)
        ) from error
    except tomllib.TOMLDecodeError as error:
        problem, line, column = _toml_problem(error)
        raise DataError(
            _("not valid TOML: {problem}").format(problem=problem),
            Location(file=path, line=line, column=column),
        ) from error
    paths = data.get("paths", {})
    if not isinstance(paths, dict):
        raise DataError(_("expected key: value pairs"), Location(file=path, field="paths"))
    pdf = data.get("pdf", {})
    if not isinstance(pdf, dict):
        raise DataError(_("expected key: value pairs"), Location(file=path, field="pdf"))
    engine = pdf.get("engine", "libreoffice")
    if engine not in ENGINES:
        raise DataError(
            _("not a PDF engine: “{value}”; use one of: {choices}").format(
                value=engine, choices=", ".join(ENGINES)
            ),
            Location(file=path, field="pdf.engine"),
        )
    return Settings(
        _folders(paths, "letterheads", path.parent, path),
        _folders(paths, "templates", path.parent, path),
        attachment_dirs=_folders(paths, "attachments", path.parent, path),
        engine=engine,
    )


def _from_environ(environ: Mapping[str, str], var: str) -> tuple[Path, ...]:
    return tuple(Path(p) for p in environ.get(var, "").split(os.pathsep) if p)


def _unique(folders: Sequence[Path]) -> tuple[Path, ...]:
    unique: list[Path] = []
    for folder in folders:
        resolved = folder.resolve()
        if resolved not in unique:
            unique.append(resolved)
    return tuple(unique)


def resolve_settings(
    letterhead_dirs: Sequence[Path] = (),
    template_dirs: Sequence[Path] = (),
    *,
    environ: Mapping[str, str],
    cwd: Path,
) -> Settings:
    """Return the settings of one run: flags, environment, config file, working folder, user folder.

    Only the edge calls this (with ``os.environ`` and ``Path.cwd()``); the result is handed down.
    """
    path = config_file(environ, cwd)
    from_file = _read_config(path) if path is not None else Settings()
    user = user_config_dir(environ)
    return Settings(
        _unique(
            [
                *letterhead_dirs,
                *_from_environ(environ, LETTERHEADS_VAR),
                *from_file.letterhead_dirs,
                cwd / "letterheads",
                user / "letterheads",
            ]
        ),
        _unique(
            [
                *template_dirs,
                *_from_environ(environ, TEMPLATES_VAR),
                *from_file.template_dirs,
                user / "templates",
            ]
        ),
        holiday_files=tuple(p for p in (cwd / "holidays.yaml", user / "holidays.yaml") if p.is_file()),
        attachment_dirs=from_file.attachment_dirs,
        engine=from_file.engine,
    )


# tomllib's problems, said through the catalog (its texts are English and fixed in its parser).
_TOML_PROBLEMS = (
    ("Expected ']' at the end of a table declaration", N_("a [section] is not closed with ']'")),
    ("Expected '=' after a key", N_("no '=' after the key; write it like letterheads = [\"版头\"]")),
    ("Invalid value", N_("not a value: text goes in double quotes, a list in [ ]")),
    ("Unclosed array", N_("a list opened with '[' is not closed with ']'")),
    (r"Illegal character '\n'", N_("a quotation mark opened here is never closed")),
    ("Cannot overwrite a value", N_("the key is given twice")),
    ("Cannot declare", N_("the section is given twice")),
)


def _toml_problem(error: tomllib.TOMLDecodeError) -> tuple[str, int | None, str | None]:
    """Return tomllib's problem in the user's words, and its line and column."""
    text = str(error)
    place = re.search(r"\(at line (\d+), column (\d+)\)", text)
    line, column = (int(place.group(1)), place.group(2)) if place else (None, None)
    for start, message in _TOML_PROBLEMS:
        if text.startswith(start):
            return _(message), line, column
    if current_language() == "en":
        return text, line, column
    return _("the TOML syntax is broken here"), line, column

