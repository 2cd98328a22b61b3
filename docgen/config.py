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
    engine = "typst"                # what makes the PDFs: "libreoffice" or "typst" (default: by command)
"""

from __future__ import annotations

import difflib
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
    engine: str | None = None  # what makes PDFs when a command is not told (--engine); None: the command's own

    def pdf_engine(self, asked: str | None, *, distributed: bool = False) -> str:
        """Return the engine a command uses: --engine, else [pdf] engine, else the command's own default.

        The default rule (README, 默认引擎): a PDF that is the document itself, distributed as PDF
        (``distributed``: 简报), is typeset by Typst; a PDF previewing a .docx that Word/WPS will
        print is made by LibreOffice from that .docx.
        """
        return asked or self.engine or ("typst" if distributed else "libreoffice")


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
        line = _line_of(path.read_text(encoding="utf-8"), "paths", key)
        raise DataError(
            _('a list of folders is expected, like {key} = ["版头"]: “{value}”').format(
                key=key, value=_as_written(value)
            ),
            Location(file=path, line=line, field=f"paths.{key}"),
        )
    folders = tuple((base / v).resolve() for v in value)
    for folder, written in zip(folders, value, strict=True):
        if folder.exists() and not folder.is_dir():  # /etc/passwd: searched in vain, never said (hostile8 #9)
            raise DataError(
                _("a folder is expected, but {path} is a file: “{value}”").format(path=folder, value=written),
                Location(
                    file=path, line=_line_of(path.read_text(encoding="utf-8"), "paths", key), field=f"paths.{key}"
                ),
            )
    return folders


# Every setting docgen.toml may hold, by section: the one place the known keys are listed.
KNOWN_KEYS: dict[str, tuple[str, ...]] = {
    "paths": ("letterheads", "templates", "attachments"),
    "register": ("path",),
    "pdf": ("engine",),
}


def configured_register(path: Path | None = None) -> Path | None:
    """Return the register path of a config file's ``[register] path``, if one is set.

    Without ``path``, the config file in force for this process (``docgen.register.register_path``).
    A config file with a mistyped key is an error here too: a register command must not quietly
    use the default register because ``[register] paht`` was not recognised.
    """
    if path is None:
        path = config_file(os.environ, Path.cwd())
    if path is None:
        return None
    data = _load(path)
    section = data.get("register", {})
    value = section.get("path") if isinstance(section, dict) else None
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():  # `path = 5`: never the default register instead
        raise DataError(
            _('a file path is expected, like path = "发文登记.sqlite", not {value}').format(
                value=_as_written(value)
            ),
            Location(
                file=path,
                line=_line_of(path.read_text(encoding="utf-8"), "register", "path"),
                field="register.path",
            ),
        )
    return (path.parent / value).resolve()


def _load(path: Path) -> dict[str, object]:
    """Return the config file's tables, every section and key a known one (else a DataError)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(
            _("cannot read the file: {error}").format(error=library_error_text(error)), Location(file=path)
        ) from error
    except tomllib.TOMLDecodeError as error:
        problem, line, column = _toml_problem(error)
        raise DataError(
            _("not valid TOML: {problem}").format(problem=problem),
            Location(file=path, line=line, column=column),
        ) from error
    _check_keys(data, text, path)
    return data


def _check_keys(data: dict[str, object], text: str, path: Path) -> None:
    """Raise one DataError naming every unknown section or key, its line and the nearest known one."""
    problems = [_key_problem(text, section, table) for section, table in data.items()]
    found = [problem for problem in problems if problem is not None]
    if len(found) == 1:
        line, said = found[0]
        raise DataError(said, Location(file=path, line=line))
    if found:
        where = [
            _("line {line}: {problem}").format(line=line, problem=said) if line else said
            for line, said in found
        ]
        raise DataError("".join("\n  " + problem for problem in where), Location(file=path))


def _key_problem(text: str, section: str, table: object) -> tuple[int | None, str] | None:
    """Return the line and the words for an unknown section (or its first unknown key), or None."""
    line = _line_of(text, None, section)
    if not isinstance(table, dict):
        homes = [f"[{name}]" for name, keys in KNOWN_KEYS.items() if section in keys]
        if section in KNOWN_KEYS:
            said = _(
                "“{section}” is a section: write [{section}] on a line of its own, its settings below it"
            )
        elif homes:
            said = _("the setting “{section}” goes below the line {home}")
        else:
            said = _("unknown setting “{section}” outside any section; the sections are {known}")
        return line, said.format(section=section, home=_(", ").join(homes), known=_sections())
    if section not in KNOWN_KEYS:
        said = _("unknown section “[{section}]”; the sections are {known}").format(
            section=section, known=_sections()
        )
        return line, said + _nearest(section, list(KNOWN_KEYS))
    for key in table:
        if key not in KNOWN_KEYS[section]:
            known = list(KNOWN_KEYS[section])
            said = _("unknown setting “{key}” in [{section}]; it takes {known}").format(
                key=key, section=section, known=_(", ").join(known)
            )
            return _line_of(text, section, key), said + _nearest(key, known)
    return None


def _sections() -> str:
    """Return the known sections as written in the file: [paths], [register], [pdf]."""
    return _(", ").join(f"[{name}]" for name in KNOWN_KEYS)


def _nearest(key: str, known: list[str]) -> str:
    """Return "; did you mean letterheads?" for the closest known key, or nothing."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
    return _("; did you mean {key}?").format(key=close[0]) if close else ""


_HEADER = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]")


def _line_of(text: str, section: str | None, key: str) -> int | None:
    """Return the line of ``key`` in ``section`` (None: the ``[key]`` header or a top-level key), if found.

    tomllib keeps no positions, so the line is found in the text (quoted keys included).
    """
    current: str | None = None
    assignment = re.compile(r"""^\s*["']?""" + re.escape(key) + r"""["']?\s*[=.]""")
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = header.group(1).strip("\"'")
            if section is None and current == key:
                return number
            continue
        if current == section and assignment.match(line):
            return number
    return None


def _as_written(value: object) -> str:
    """Return a TOML value as the file spells it (``true``, not Python's ``True``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' if isinstance(v, str) else _as_written(v) for v in value) + "]"
    return str(value)


def _read_config(path: Path) -> Settings:
    data = _load(path)
    paths = data.get("paths", {})
    pdf = data.get("pdf", {})
    assert isinstance(paths, dict)  # _check_keys: every known section is a table
    assert isinstance(pdf, dict)
    engine = pdf.get("engine")
    if engine is not None and engine not in ENGINES:
        raise DataError(
            _("not a PDF engine: “{value}”; use one of: {choices}").format(
                value=_as_written(engine), choices=", ".join(ENGINES)
            ),
            Location(
                file=path,
                line=_line_of(path.read_text(encoding="utf-8"), "pdf", "engine"),
                field="pdf.engine",
            ),
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
