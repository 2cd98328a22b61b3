"""The files of a voided number, renamed so that nobody takes them for an issued document (outsider 7,
#10): 发文/长重点〔2025〕1号.docx → 发文/长重点〔2025〕1号（作废）.docx, in the same folder, the .pdf likewise.

A withdrawn document is part of the record: it is renamed, never deleted or written over; the register
records its new name (``Register.void``) and a restore of a register in which the number is still
issued gives the files their names back (``restore_names``).  The new name is no 文号 a folder's scan
reads as issued (docgen/publish/numbering.py reads a file name that is only 代字〔年〕N号).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from docgen.i18n import _
from docgen.register.rows import RegisterError, sha256_file

MARK = "（作废）"

Moved = tuple[Path, Path]  # (the name it had, the name it has)


def withdrawn_path(path: Path) -> Path:
    """Return the name a voided number's file takes: 长重点〔2025〕1号（作废）.docx beside 长重点〔2025〕1号.docx."""
    return path.with_name(f"{path.stem}{MARK}{path.suffix}")


def _move(old: Path, new: Path) -> None:
    """Give the file ``old`` the name ``new``, never writing over a file there.

    By hand, not ``os.rename``: rename(2) replaces a file at ``new`` silently.  A hard link fails
    when ``new`` exists, and the old name goes only once the new one holds the file (a kill between
    leaves both names on one file, which ``_move`` finishes next time).  Where the file system has no
    hard links (FAT, some network shares) the rename follows a check that ``new`` is free.
    """
    if new.exists() and old.exists() and os.path.samefile(old, new):
        old.unlink()  # a move a kill interrupted: both names hold the file
        return
    try:
        os.link(old, new)
    except FileExistsError:
        raise
    except OSError:  # no hard links here
        if new.exists() or new.is_symlink():
            raise FileExistsError(new) from None
        os.rename(old, new)
        return
    old.unlink()


def _move_all(pairs: Sequence[Moved]) -> list[Moved]:
    """Move each (old, new) pair; on a failure put back the ones moved and raise RegisterError."""
    done: list[Moved] = []
    try:
        for old, new in pairs:
            _move(old, new)
            done.append((old, new))
    except OSError as error:
        for old, new in reversed(done):
            _move(new, old)
        taken = isinstance(error, FileExistsError)
        raise RegisterError(
            _("{path} exists already: move it away and void again (no file was renamed)").format(path=new)
            if taken
            else _("cannot rename {path}: {error}").format(path=old, error=error.strerror or error)
        ) from None
    return done


def withdraw(paths: Iterable[Path]) -> list[Moved]:
    """Rename the files of a number being voided to their withdrawn names; return what was renamed.
    A file not there (moved by hand) or named so already is left as it is."""
    pairs = [(p, withdrawn_path(p)) for p in paths if p.is_file() and not p.stem.endswith(MARK)]
    return _move_all(pairs)


def put_back(moved: Sequence[Moved]) -> None:
    """Give renamed files their names back (the void they were renamed for did not happen)."""
    _move_all([(new, old) for old, new in reversed(moved)])


def restore_names(outputs: Iterable[dict[str, str]]) -> list[Moved]:
    """Give back their names to the files recorded as issued that are missing and stand under their
    withdrawn name, unchanged (a register restored from before the void); return what was renamed."""
    pairs = []
    for output in outputs:
        path = Path(output["path"])
        renamed = withdrawn_path(path)
        if not path.exists() and renamed.is_file() and sha256_file(renamed) == output["sha256"]:
            pairs.append((renamed, path))
    return _move_all(pairs)
