"""openpyxl imported without numpy: 0.09 s of CPU and a native thread less for every command that
reads or writes a workbook (a bulletin batch pays it before its workers start).

openpyxl imports numpy when it is installed, only to take numpy's numbers as cell values
(``openpyxl.compat.numbers``); docgen never puts one in a cell, and nothing else docgen loads
imports numpy.  ``install`` puts a finder first on ``sys.meta_path`` that, when openpyxl is
imported and numpy is not loaded yet, runs openpyxl's package with numpy out of reach (as if it
were not installed: openpyxl's own fallback); numpy stays importable for anyone after that.

Hand-written: a finder that wraps one package's loader, the documented hook (importlib) for it.
"""

from __future__ import annotations

import sys
from importlib.machinery import PathFinder
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # ``import docgen`` loads nothing more than this module needs to run
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Any

PACKAGE = "openpyxl"
KEPT_OUT = "numpy"


class _Loader:
    """openpyxl's own loader, run with numpy out of reach; anything else asked of it is its own."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        kept_out = KEPT_OUT not in sys.modules
        if kept_out:
            sys.modules[KEPT_OUT] = None  # type: ignore[assignment]  # ``import numpy`` raises ImportError
        try:
            self._loader.exec_module(module)
        finally:
            if kept_out and sys.modules.get(KEPT_OUT, ...) is None:
                del sys.modules[KEPT_OUT]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)


class _Finder:
    """Finds openpyxl as Python would, its loader wrapped (``_Loader``) while numpy is not loaded."""

    def find_spec(self, name: str, path: Any = None, target: ModuleType | None = None) -> ModuleSpec | None:
        if name != PACKAGE or KEPT_OUT in sys.modules:
            return None
        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Loader(spec.loader)  # type: ignore[assignment]
        return spec


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
