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
from docgen.publish.guard import TAKEN_KEY, WriteGuard, read_record
from docgen.register import NumberRow, Register, RegisterError
from docgen.register.folders import listed_folders

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


def _written_under(name: str, entry: object, number: str) -> bool:
    """Return True for an unissued entry of the folder's record written under ``number``: by the number
    the record keeps (any name: rank's 5月排名通报.docx), or, in a record older than that, by its name."""
    if not isinstance(entry, dict) or entry.get("issued"):
        return False
    return entry.get(TAKEN_KEY) == number or _named_as(name, number)


def renamed_to(folder: Path, sha256: str, names: set[str]) -> Path | None:
    """Return the file of ``folder`` (not one of ``names``: the record's) whose bytes have this hash, or
    None: a file docgen wrote that the clerk renamed since.  Hashes only the folder's other files."""
    try:
        others = sorted(p for p in folder.iterdir() if p.name not in names and not p.name.startswith("."))
    except OSError:
        return None
    for path in others:
        try:
            if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256:
                return path
        except OSError:
            continue
    return None


def leftover_files(register: Register, row: NumberRow) -> list[Path]:
    """Return the files ``row``'s number was written under, unissued, by docgen into a folder of this
    register (its recorded outputs' folders, the folders listed beside it, the number's command's ``-o``),
    found through the folder's record: by the number it keeps, or the name.  A file gone from its name
    is looked for by its recorded hash: found renamed (the clerk's now), RegisterError names it."""
    folders = {Path(o["path"]).parent for other in register.rows() for o in other.outputs}
    folders |= set(listed_folders(register.path))
    folders |= {folder.resolve() for folder in _command_folders(row.command)}
    found: list[Path] = []
    renamed: list[tuple[Path, Path]] = []
    for folder in sorted(folders):
        record = read_record(folder)
        if record.get("register") not in (None, register.register_id):
            continue
        names = set(record["files"])
        for name, entry in sorted(record["files"].items()):
            if not _written_under(name, entry, row.text):
                continue
            if (folder / name).is_file():
                found.append(folder / name)
            elif isinstance(entry.get("sha256"), str):
                now = renamed_to(folder, entry["sha256"], names)
                if now is not None:
                    renamed.append((folder / name, now))
    if renamed:
        raise RegisterError(
            _(
                "{files}: written under this number by a run that ended before recording it, and renamed since; "
                "the number is not given back: move or delete these files first"
            ).format(files="、".join(_("{now} (was {name})").format(now=now, name=old.name) for old, now in renamed))
        )
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
