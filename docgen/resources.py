"""Where the built-in templates and letterheads are, and the search paths that override them."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def builtin_dir(name: str) -> Path:
    """Return the built-in folder ``name`` (templates or letterheads) of this installation."""
    in_source = _SOURCE_ROOT / name
    if (_SOURCE_ROOT / "setup.cfg").is_file() and in_source.is_dir():
        return in_source  # a source checkout or an editable install
    return Path(sys.prefix) / "share" / "docgen" / name


def user_config_dir() -> Path:
    """Return the user's docgen configuration folder (XDG_CONFIG_HOME/docgen)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "docgen"


def search_path(name: str, extra: Sequence[Path] = (), env_var: str | None = None) -> list[Path]:
    """Return the folders searched for ``name``, first match wins.

    Order: folders given on the command line, then the environment variable (os.pathsep
    separated), then ``./name`` in the working folder, the user's config folder, the built-in one.
    """
    folders: list[Path] = list(extra)
    if env_var and os.environ.get(env_var):
        folders += [Path(p) for p in os.environ[env_var].split(os.pathsep) if p]
    folders += [Path.cwd() / name, user_config_dir() / name, builtin_dir(name)]
    unique: list[Path] = []
    for folder in folders:
        resolved = folder.resolve()
        if resolved not in unique:
            unique.append(resolved)
    return unique
