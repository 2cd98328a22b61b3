"""The only module that writes files: atomically (temporary file, then rename), never one path twice."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docgen.errors import OutputError, os_error_text
from docgen.i18n import _
from docgen.scratch import process_alive


def _mode_for(path: Path) -> int:
    """Return the mode a new file gets: an existing file's own, else 0666 less the umask (mkstemp's is 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        pass
    mask = os.umask(0o022)  # the only way to read the umask is to set it: set it back at once
    os.umask(mask)
    return 0o666 & ~mask


def _remove_stale_parts(folder: Path, name: str) -> None:
    """Remove the temporary files a killed writer of ``name`` left (``.NAME.PID.*.part``)."""
    for part in folder.glob(f".{name}.*.part"):
        pid = part.name[len(name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            part.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    A crash or Ctrl-C leaves either the old file or the new one, never half of one; the temporary
    file a ``kill -9`` leaves (named with the writer's process id) is removed by the next write of
    the same file.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_parts(folder, path.name)
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=folder)
    except OSError as error:
        raise OutputError(_("cannot write {path}: {error}").format(path=path, error=os_error_text(error))) from None
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException as error:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(
                _("cannot write {path}: {error}").format(path=path, error=os_error_text(error))
            ) from None
        raise


class OutputSet:
    """Refuses to write one path twice in a run (two sources with the same name into one folder)."""

    def __init__(self) -> None:
        self._written: dict[Path, str] = {}

    def claim(self, path: Path, source: str) -> None:
        """Reserve ``path`` for ``source``; raise OutputError if another source has it already."""
        key = path.resolve()
        if key in self._written and self._written[key] != source:
            raise OutputError(
                _("{path} would be written twice: by {first} and by {second}").format(
                    path=path, first=self._written[key], second=source
                )
            )
        self._written[key] = source
