"""Settings: the user's own folders of letterheads and templates, from flags and a config file.

The config file is TOML, read from ``./docgen.toml`` or else ``~/.config/docgen/config.toml``
(or the path in ``DOCGEN_CONFIG``); relative paths in it resolve against the file's folder::

    [paths]
    letterheads = ["我的版头"]
    templates = ["/srv/公文模板"]

    [register]
    path = "发文登记.sqlite"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.resources import user_config_dir


@dataclass(frozen=True)
class Settings:
    """Where to look for the user's letterheads and templates (before the built-in ones)."""

    letterhead_dirs: tuple[Path, ...] = ()
    template_dirs: tuple[Path, ...] = ()


def config_file() -> Path | None:
    """Return the config file in force, if any."""
    if os.environ.get("DOCGEN_CONFIG"):
        return Path(os.environ["DOCGEN_CONFIG"])
    for candidate in (Path.cwd() / "docgen.toml", user_config_dir() / "config.toml"):
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


def configured_register() -> Path | None:
    """Return the register path of the config file's ``[register] path``, if one is set."""
    path = config_file()
    if path is None:
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # load_settings reports a broken config file
    section = data.get("register", {})
    value = section.get("path") if isinstance(section, dict) else None
    return (path.parent / value).resolve() if isinstance(value, str) else None


def load_settings(letterhead_dirs: Sequence[Path] = (), template_dirs: Sequence[Path] = ()) -> Settings:
    """Return the settings: folders from the command line first, then those of the config file."""
    path = config_file()
    from_file = Settings()
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise DataError(
                _("cannot read the file: {error}").format(error=error), Location(file=path)
            ) from None
        except tomllib.TOMLDecodeError as error:
            raise DataError(
                _("not valid TOML: {problem}").format(problem=error), Location(file=path)
            ) from None
        paths = data.get("paths", {})
        if not isinstance(paths, dict):
            raise DataError(_("expected key: value pairs"), Location(file=path, field="paths"))
        from_file = Settings(
            _folders(paths, "letterheads", path.parent, path), _folders(paths, "templates", path.parent, path)
        )
    return Settings(
        tuple(letterhead_dirs) + from_file.letterhead_dirs, tuple(template_dirs) + from_file.template_dirs
    )
