"""The folders a register issued into, listed beside it: ``登记簿.sqlite.folders``, one line each.

A register knows its output folders from the files it recorded; a copy made before its first issue
(right after ``register init``, or by a clerk before the first notice) knows none, and put back it
would give again a number issued into any of them.  So the folders are also listed outside the
.sqlite, in an append-only file beside it, a line written (and synced) before the first file goes
into a new folder: a copy of the .sqlite alone, put back, still finds every folder and reads its
record (``publish/behind.py``).  What remains: a restore of the whole folder (the .sqlite and this
list, both from before) forgets the folders issued into since; only the folders' own records and
the replaced register (``.replaced-…``) then tell.

A line is the folder's resolved path as a JSON string (a name may hold any character but "/" and
NUL, a newline too); a line cut short by a kill mid-append is skipped: its folder had no file yet.
The list names folders only: whose they are is each folder's record (the register id it holds),
so a list left from an older register at the same path refuses nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from docgen.errors import os_error_text
from docgen.i18n import _
from docgen.register.rows import RegisterError

# the folders this process has listed (or found listed), per list: a batch writes hundreds of files
# into one folder, and the list is read once
_seen: dict[str, set[str]] = {}


def folders_list(register: Path) -> Path:
    """Return the path of the list of folders the register at ``register`` issued into."""
    return register.with_name(register.name + ".folders")


def listed_folders(register: Path) -> list[Path]:
    """Return the folders listed beside the register (none when there is no list), each once."""
    try:
        text = folders_list(register).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found: dict[str, None] = {}
    for line in text.splitlines():
        try:
            folder = json.loads(line)
        except ValueError:
            continue  # cut short by a kill mid-append: nothing was written into its folder then
        if isinstance(folder, str) and folder.startswith("/"):
            found[folder] = None
    return [Path(folder) for folder in found]


def note_folder(register: Path, folder: Path) -> None:
    """List ``folder`` beside the register unless it is listed already; raise RegisterError naming
    the list when it cannot be written (then no file of the run goes into the folder)."""
    target = folders_list(register)
    seen = _seen.get(str(target))
    if seen is None:
        seen = _seen[str(target)] = {str(f) for f in listed_folders(register)}
    here = str(folder.resolve())
    if here in seen:
        return
    if here not in {str(f) for f in listed_folders(register)}:  # another run may have listed it since
        line = (json.dumps(here, ensure_ascii=False) + "\n").encode()
        try:
            # O_APPEND: two runs listing at once each add a whole line (one write of a short line)
            handle = os.open(target, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
            try:
                size = os.fstat(handle).st_size
                if size and os.pread(handle, 1, size - 1) != b"\n":
                    line = b"\n" + line  # after a line a kill cut short: this one stays whole
                os.write(handle, line)
                os.fsync(handle)  # on disk before the folder's first file is
            finally:
                os.close(handle)
        except OSError as error:
            raise RegisterError(
                _("cannot write {path}: {error}").format(path=target, error=os_error_text(error))
            ) from None
    seen.add(here)
