"""Start-up: what a command imports before it runs (issue: ``docgen check`` loaded the whole layout).

Each test runs a fresh interpreter and reads its ``sys.modules``: the promise is on what is loaded,
the time it saves is measured in the commit messages (a timing would fail on a busy machine).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT, SAMPLES

# What ``docgen check`` never needs to judge a .docx without rendering it: layout, emitters and
# converters (a layer below or beside check), the register, and the PDF libraries (a PDF is read only
# when one is measured; both are imported where they are used).
_NOT_FOR_CHECK = (
    "docgen.layout",
    "docgen.emit",
    "docgen.convert",
    "docgen.compose",
    "docgen.publish",
    "docgen.register",
    "docgen.config",  # check takes no settings: the config file is not even parsed
    "tomllib",
    "pypdf",
    "pdfplumber",
    "jieba",
)


def _modules_after(code: str) -> set[str]:
    """Return the modules loaded once ``code`` has run in a fresh interpreter."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def _loaded(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == root or m.startswith(root + ".") for root in roots))


def test_check_of_a_docx_without_rendering_loads_no_layout_converter_or_pdf_library(tmp_path: Path) -> None:
    path = tmp_path / "notice.docx"
    made = subprocess.run(
        [sys.executable, "-m", "docgen", "render", str(SAMPLES / "henan-2020-4.md"), "-o", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert made.returncode == 0, made.stderr
    code = textwrap.dedent(
        f"""
        from docgen.cli import main
        try:
            main(["check", "--no-render", {str(path)!r}])
        except SystemExit as exit:
            assert not exit.code, exit.code  # every rule passes on docgen's own notice
        """
    )
    modules = _modules_after(code)
    assert "docgen.check.docx_rules" in modules  # the rules did run
    assert _loaded(modules, _NOT_FOR_CHECK) == []


def test_help_loads_no_register_and_reads_no_config() -> None:
    code = textwrap.dedent(
        """
        from docgen.cli import main
        try:
            main(["--help"])
        except SystemExit as exit:
            assert exit.code == 0, exit.code
        """
    )
    modules = _modules_after(code)
    assert "docgen.cli.registry" in modules  # the register's commands are listed
    assert _loaded(modules, ("docgen.register", "sqlite3", "docgen.config", "tomllib")) == []


def test_no_library_module_imports_click() -> None:
    """Every module of docgen but the command line can be imported without click (``import docgen``
    included): the library is usable from a server."""
    names = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "docgen").rglob("*.py")
    )
    library = [
        name
        for name in names
        if not name.startswith(("docgen.cli.", "docgen.__main__"))
        and name != "docgen.cli"
        and name != "docgen.convert.uno_worker"  # runs inside LibreOffice's Python (imports uno)
    ]
    assert len(library) > 150
    modules = _modules_after("\n".join(f"import {name}" for name in library))
    assert set(library) <= modules
    assert "click" not in modules
