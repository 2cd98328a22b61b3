"""The ``docgen`` command: parses arguments, calls the library, prints.  Nothing else lives here.

``app`` holds the group, the context object of a run (settings and language as values) and the
one place errors become messages; the other modules hold the commands by family.
"""

from __future__ import annotations

# the command's process only: ``import docgen`` as a library leaves the import system as it found it
from docgen.lean_imports import install as _lean_imports

_lean_imports()

from docgen.cli import collect, documents, format, header, ledgers, merge, minutes, progress, registry, tools  # noqa: E402
from docgen.cli.app import Context, main, main_group  # noqa: E402

__all__ = [
    "Context",
    "collect",
    "documents",
    "format",
    "header",
    "ledgers",
    "main",
    "main_group",
    "merge",
    "minutes",
    "progress",
    "registry",
    "tools",
]
