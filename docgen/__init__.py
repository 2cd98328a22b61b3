"""docgen: Chinese official documents (公文) laid out per GB/T 9704-2012, from structured data.

Importing docgen never imports click: the library is usable without the command line.
"""

from __future__ import annotations

__version__ = "0.1.0"

from docgen.lean_imports import install as _lean_imports  # noqa: E402  # openpyxl without numpy

_lean_imports()
