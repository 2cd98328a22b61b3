"""Where the built-in templates and letterheads are, and the folders searched before them.

The user's folders arrive as values (``Settings``, resolved at the edge by ``docgen.config``);
nothing here reads the environment or the working folder.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def builtin_dir(name: str) -> Path:
    """Return the built-in folder ``name`` (templates or letterheads) of this installation."""
    in_source = _SOURCE_ROOT / name
    if (_SOURCE_ROOT / "setup.cfg").is_file() and in_source.is_dir():
        return in_source  # a source checkout or an editable install
    return Path(sys.prefix) / "share" / "docgen" / name


def user_config_dir(environ: Mapping[str, str]) -> Path:
    """Return the user's docgen configuration folder (XDG_CONFIG_HOME/docgen, else ~/.config/docgen).

    Only the edge calls it, with its environment (docgen/config.py).
    """
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "docgen"


def search_path(name: str, folders: Sequence[Path] = ()) -> list[Path]:
    """Return the folders searched for ``name``, first match wins: ``folders``, then the built-in one."""
    unique: list[Path] = []
    for folder in (*folders, builtin_dir(name)):
        resolved = folder.resolve()
        if resolved not in unique:
            unique.append(resolved)
    return unique
