"""Where a file named from user data (a 文号, a unit's name) goes: inside its folder, or nowhere.

The second line of defence of hostile8 #1 and #4: the model already refuses a 代字 holding a path
(docgen/model_text.py ``check_code``); whatever a name holds, ``file_in`` never returns a path
outside the folder, nor one the file system refuses for its length.
"""

from __future__ import annotations

import os
from pathlib import Path

from docgen.errors import OutputError
from docgen.i18n import _

# NAME_MAX of ext4, XFS, Btrfs and tmpfs (bytes of one name); NTFS and APFS count 255 characters,
# which 255 bytes never exceed.
MAX_NAME_BYTES = 255


def name_problem(name: str) -> str | None:
    """Return why ``name`` cannot be one file's name in a folder (a path, too long), else None."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        return _("it is not a file name (it holds a path)")
    size = len(os.fsencode(name))
    if size > MAX_NAME_BYTES:
        return _("it is {size} bytes long, longer than the {limit} bytes a file name can have").format(
            size=size, limit=MAX_NAME_BYTES
        )
    return None


def file_in(folder: Path, name: str) -> Path:
    """Return ``folder / name``: a file directly in ``folder``; raise OutputError naming the name if
    it would land elsewhere (a path, ``..``) or is too long for a file name.

    The name's own last component is not followed: the write replaces it (a rename), never writes
    through a symlink there."""
    problem = name_problem(name)
    path = folder / name
    if problem is None and Path(os.path.abspath(path)).parent.resolve() != folder.resolve():
        problem = _("it is not a file name (it holds a path)")
    if problem is not None:
        raise OutputError(
            _("cannot write the file “{name}” in {folder}: {problem}").format(
                name=name, folder=folder, problem=problem
            )
        )
    return path


DRAFT_SUFFIX = "-样稿"  # a draft's name: beside the issued file, never the issued file itself


def draft_file(output: Path) -> Path:
    """Return where the draft of ``output`` goes: ``NAME-样稿.docx`` beside it (``output`` if so named)."""
    if output.stem.endswith(DRAFT_SUFFIX):
        return output
    return file_in(output.parent, f"{output.stem}{DRAFT_SUFFIX}{output.suffix}")
