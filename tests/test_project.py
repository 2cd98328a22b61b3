"""Project-wide promises: layering, offline, message catalogs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from conftest import ROOT, SAMPLES

LOCALE = ROOT / "docgen" / "locale" / "zh_CN" / "LC_MESSAGES"


def test_importing_docgen_does_not_import_click() -> None:
    code = "import sys, docgen, docgen.notices, docgen.layout, docgen.emit.docx.emit; assert 'click' not in sys.modules, 'click'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_no_network_calls_at_run_time(tmp_path: Path) -> None:
    """The CLI renders every sample with every socket operation refused by an audit hook."""
    code = textwrap.dedent(
        f"""
        import sys
        def refuse(event, args):
            if event.startswith("socket.") and event != "socket.__new__":
                raise RuntimeError(f"network call: {{event}} {{args}}")
        sys.addaudithook(refuse)
        from docgen.cli import main
        main(["render", {str(SAMPLES)!r}, "-o", {str(tmp_path)!r}])
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("*.docx"))) == len(list(SAMPLES.glob("*.md")))
    # the hook does fire on a real attempt
    probe = "import sys,socket\nsys.addaudithook(lambda e,a: (_ for _ in ()).throw(RuntimeError(e)) if e=='socket.connect' else None)\nsocket.create_connection(('127.0.0.1', 9))"
    assert (
        "socket.connect"
        in subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stderr
    )


def _code_messages() -> set[str]:
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "NP_": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "docgen"), method_map=[("**.py", "python")], keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_has_a_chinese_translation() -> None:
    with open(LOCALE / "docgen.po", "rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and (m.string[0] if isinstance(m.string, tuple) else m.string) and not m.fuzzy
    }
    missing = _code_messages() - translated
    assert not missing, f"translate these in docgen.po and run scripts/i18n.sh: {sorted(missing)}"


def test_compiled_catalog_matches_the_po_file() -> None:
    def plain(value: object) -> object:
        return tuple(value) if isinstance(value, (list, tuple)) else value

    with open(LOCALE / "docgen.po", "rb") as handle:
        po = {plain(m.id): plain(m.string) for m in read_po(handle, locale="zh_CN") if m.id and not m.fuzzy}
    with open(LOCALE / "docgen.mo", "rb") as handle:
        mo = {plain(m.id): plain(m.string) for m in read_mo(handle) if m.id}
    assert po == mo, "run scripts/i18n.sh to compile the catalog"
