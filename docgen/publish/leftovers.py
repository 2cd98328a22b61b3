"""The files a killed run left under a number it never recorded (lost9 #8).

A run killed after writing 发文/长子政办发〔2026〕2号.docx and .pdf leaves the number ``allocated`` and the
files in the folder, listed in its record (``.docgen-folder.json``) as docgen's, not issued.  Giving
the number back (``register release``) must not leave them: 2号 would then go to another document while
these look issued.  ``leftover_files`` finds them in the folders the register knows and in the ``-o``
of the command that took the number; ``remove_leftovers`` removes those still as docgen wrote them (as
the run itself would have on a failure) and refuses, naming them, when one was changed since.
"""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path

from docgen.i18n import _
from docgen.publish.guard import WriteGuard, read_record
from docgen.register import NumberRow, Register, RegisterError

_OUTPUT_OPTIONS = ("-o", "--out", "--output")


def _command_folders(command: str | None) -> set[Path]:
    """Return the folders the command line's output option names (a file's folder, or the folder)."""
    try:
        words = shlex.split(command or "")
    except ValueError:
        return set()
    found = set()
    for option, value in zip(words, words[1:], strict=False):
        if option in _OUTPUT_OPTIONS:
            path = Path(value)
            found.add(path if path.suffix == "" else path.parent)
    for word in words:
        for option in _OUTPUT_OPTIONS[1:]:
            if word.startswith(option + "="):
                path = Path(word.split("=", 1)[1])
                found.add(path if path.suffix == "" else path.parent)
    return found


def _named_as(name: str, number: str) -> bool:
    """Return True for a file named as the number: 代字〔年〕N号.docx, or 代字〔年〕N号 事项.docx."""
    stem = Path(name).stem
    return stem == number or stem.startswith(number + " ")


def leftover_files(register: Register, row: NumberRow) -> list[Path]:
    """Return the files named as ``row``'s number that docgen wrote, unissued, into a folder of this
    register (its recorded outputs' folders, the number's command's ``-o``)."""
    folders = {Path(o["path"]).parent for other in register.rows() for o in other.outputs}
    folders |= {folder.resolve() for folder in _command_folders(row.command)}
    found = []
    for folder in sorted(folders):
        record = read_record(folder)
        if record.get("register") not in (None, register.register_id):
            continue
        for name, entry in sorted(record["files"].items()):
            unissued = isinstance(entry, dict) and not entry.get("issued")
            if unissued and _named_as(name, row.text) and (folder / name).is_file():
                found.append(folder / name)
    return found


def remove_leftovers(paths: list[Path]) -> None:
    """Remove a killed run's files (and their entries in the folder's record); refuse, removing none,
    when one is no longer as docgen wrote it."""
    changed = []
    for path in paths:
        entry = read_record(path.parent)["files"].get(path.name, {})
        if hashlib.sha256(path.read_bytes()).hexdigest() != entry.get("sha256"):
            changed.append(path)
    if changed:
        raise RegisterError(
            _(
                "{files}: written under this number by a run that ended before recording it, and changed since; "
                "the number is not given back: move or delete these files first"
            ).format(files="、".join(str(p) for p in changed))
        )
    for path in paths:
        path.unlink(missing_ok=True)
    WriteGuard().forget(paths)
