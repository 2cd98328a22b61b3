"""No silent overwrite: every file a command writes goes through a ``WriteGuard``.

- A command never writes over one of its own inputs (same resolved path, or the same file by
  device and inode: a hard link or a symlink to it).
- An existing file is written over only with ``--overwrite``, or when docgen wrote it earlier and
  it is unchanged since (its hash is in the folder's record, ``.docgen-folder.json``).
- A file recorded as issued (an issued notice's .docx and PDF, a 通报 under its number) is never
  written over, with or without ``--overwrite``; writing the very same bytes again is allowed.
- A file issued under a number carries the number in the record (kind and text, ``NUMBER_KEYS``),
  sealed or not (a 简报's files are amended under their 期号), so the folder shows what was issued.
- A folder remembers the register that issued into it (the register's id): a second register is
  refused there, so two registers cannot both issue 1号 into one folder.

The folder's record is updated under an exclusive ``flock`` on the folder itself (released by the
kernel if the process dies) and written atomically, before the file it names: a ``kill -9`` between
the two leaves a file the record knows (the new bytes, or the ones they were replacing), so the
next run still takes it for docgen's and the re-run of an interrupted ``issue`` can finish.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import OutputError, os_error_text
from docgen.i18n import _
from docgen.output import file_identity, interrupts_held, write_atomic, write_atomic_many
from docgen.publish.naming import name_problem

RECORD_NAME = ".docgen-folder.json"
# what a folder's record keeps of the number a file was issued under: its kind and its text
NUMBER_KEYS = ("kind", "number")
# the number a file was written under before it is recorded (a run killed then leaves it so): what
# ``register release`` finds the run's files by, whatever their name (publish/leftovers.py).  Not a
# NUMBER_KEYS entry: a failed run's file it replaced stays, and must not show the number as issued
TAKEN_KEY = "taken"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def _folder_record(folder: Path, then: Callable[[], None] | None = None) -> Iterator[dict[str, Any]]:
    """Yield the folder's record for update under its lock; it is written back if it changed.

    ``then`` runs after that, still under the lock (the file the record now names is written).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise OutputError(
            _("cannot write {path}: {error}").format(path=folder, error=os_error_text(error))
        ) from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = read_record(folder)
        before = json.dumps(record, sort_keys=True)
        yield record
        after = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1)
        if json.dumps(record, sort_keys=True) != before:
            write_atomic(folder / RECORD_NAME, after.encode())
        if then is not None:
            then()
    finally:
        os.close(lock)


def writable_folder(folder: Path) -> None:
    """Raise OutputError at once if files cannot be written in ``folder`` (or, when it is missing, made
    in its nearest existing parent).  The folder itself is made only when its first file is written, so
    a batch that writes nothing (--strict, every item invalid) leaves no empty folder behind.

    A batch checks its folder first, so a read-only folder gives one message rather than one per item.
    """
    try:
        existing = folder
        while not existing.exists() and existing.parent != existing:
            existing = existing.parent
        if not existing.is_dir():
            # what mkdir would say: the folder itself is a file, or one of the folders above it is
            code = errno.EEXIST if existing == folder else errno.ENOTDIR
            raise OSError(code, os.strerror(code), str(existing))
        if not os.access(existing, os.W_OK | os.X_OK):  # also false on a read-only mount (EROFS)
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(existing))
    except OSError as error:
        raise OutputError(
            _("cannot write {path}: {error}").format(path=folder, error=os_error_text(error))
        ) from None


def _known(entry: dict[str, Any]) -> tuple[str, ...]:
    """The hashes of the bytes docgen wrote (or was writing) to a file of the folder's record."""
    return tuple(entry[key] for key in ("sha256", "previous") if isinstance(entry.get(key), str))


def read_record(folder: Path) -> dict[str, Any]:
    """Return a folder's record of the files docgen wrote there (empty if there is none)."""
    try:
        record = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"files": {}}
    if not isinstance(record, dict) or not isinstance(record.get("files"), dict):
        return {"files": {}}
    return record


def _check_name(path: Path) -> None:
    """Raise OutputError naming the file if its name is no file name the system takes (too long:
    ENAMETOOLONG ended as 内部错误 before, hostile8 #4)."""
    problem = name_problem(path.name)
    if problem is not None:
        raise OutputError(_("cannot write the file “{name}”: {problem}").format(name=path.name, problem=problem))


@dataclass(frozen=True)
class WriteGuard:
    """The rules one command's writes follow: its inputs, ``--overwrite``, the register it issues with."""

    inputs: tuple[Path, ...] = ()
    overwrite: bool = False
    register_id: str | None = None
    taken: str | None = None  # the number the files are written under (TAKEN_KEY), None: not numbered

    @classmethod
    def of(
        cls, inputs: Sequence[Path | None], *, overwrite: bool = False, register_id: str | None = None
    ) -> WriteGuard:
        """Return the guard of a command reading ``inputs`` (None entries are skipped)."""
        return cls(tuple(p for p in inputs if p is not None), overwrite, register_id)

    def check(self, path: Path, data: bytes | None = None) -> None:
        """Raise OutputError if writing ``data`` to ``path`` would lose an input or an issued file."""
        _check_name(path)
        self.check_not_input(path)
        record = read_record(path.parent)
        self._same_register(path.parent, record)
        self._may_replace(path, data, record["files"].get(path.name))

    def write(self, path: Path, data: bytes, *, issued: bool = False) -> None:
        """Write ``data`` to ``path`` if the rules allow it, and remember it in the folder's record."""
        self.write_many([(path, data)], issued=issued)

    def write_many(self, files: Sequence[tuple[Path, bytes]], *, issued: bool = False) -> None:
        """Write files of one folder as ``write`` does, with one update of its record and one disk sync.

        Every file is checked first (one refused: nothing is written); the record naming all of
        them is written before any of them lands, as for one file, so a kill anywhere leaves files
        the record knows.
        """
        if not files:
            return
        folder = files[0][0].parent
        assert all(path.parent == folder for path, _data in files), "write_many writes into one folder"
        for path, _data in files:
            _check_name(path)
            self.check_not_input(path)
        # a stop arriving meanwhile is raised once the files and the record agree: raised out of the
        # write it made the record forget files that had landed (test_output_ctrl_c)
        with interrupts_held():
            try:
                self._write_many(folder, files, issued)
            except OutputError:
                with suppress(OutputError):  # a file that never landed leaves no name in the record (lost9 #12)
                    self.forget([path for path, _data in files])
                raise

    def _write_many(self, folder: Path, files: Sequence[tuple[Path, bytes]], issued: bool) -> None:
        """``write_many`` once the names are checked: the record updated, then the files written."""
        with _folder_record(folder, then=lambda: write_atomic_many(files)) as record:
            self._same_register(folder, record)
            for path, data in files:
                entry = record["files"].get(path.name)
                current = self._may_replace(path, data, entry)
                written = {"sha256": _sha256(data), "issued": issued or bool(entry and entry.get("issued"))}
                for key in NUMBER_KEYS:  # an unsealed file amended under its number (a 简报's) keeps it
                    if entry is not None and isinstance(entry.get(key), str):
                        written[key] = entry[key]
                if entry is not None and current not in (None, written["sha256"]) and current in _known(entry):
                    written["previous"] = current  # still docgen's should the new bytes never land
                if self.taken is not None and not written["issued"]:
                    written[TAKEN_KEY] = self.taken
                record["files"][path.name] = written
            if self.register_id and issued:
                record.setdefault("register", self.register_id)

    def mark_issued(
        self, paths: Sequence[Path], *, number: tuple[str, str] | None = None, seal: bool = True
    ) -> None:
        """Record these files (written through this guard) as issued under ``number`` (kind, text), so
        that the folder shows it (publish/numbering.behind_folder); sealed (``seal``): never to be
        written over; unsealed (a 简报's files, amended as units are made): only marked."""
        for folder in {p.parent for p in paths}:
            with _folder_record(folder) as record:
                for path in paths:
                    entry = record["files"].get(path.name)
                    if path.parent == folder and entry is not None:
                        entry["issued"] = entry.get("issued") is True or seal
                        if number is not None:
                            entry.update(zip(NUMBER_KEYS, number, strict=True))
                            entry.pop(TAKEN_KEY, None)  # recorded: the number is the issued one now
                if self.register_id:
                    record.setdefault("register", self.register_id)

    def unseal(self, paths: Sequence[Path]) -> None:
        """Record these files as no longer issued (their number was voided): docgen may replace them."""
        for folder in {p.parent for p in paths}:
            if not (folder / RECORD_NAME).is_file():
                continue
            with _folder_record(folder) as record:
                for path in paths:
                    entry = record["files"].get(path.name)
                    if path.parent == folder and entry is not None:
                        entry["issued"] = False

    def forget(self, paths: Sequence[Path]) -> None:
        """Drop these files (removed: a failed or killed run's, never issued ones) from their folder's record."""
        for folder in {p.parent for p in paths}:
            if not (folder / RECORD_NAME).is_file():
                continue
            with _folder_record(folder) as record:
                for path in paths:
                    entry = record["files"].get(path.name)
                    unissued = isinstance(entry, dict) and not entry.get("issued")
                    if path.parent == folder and unissued and not path.exists():
                        del record["files"][path.name]

    def check_not_input(self, path: Path) -> None:
        """Raise OutputError if ``path`` is one of the command's inputs."""
        target, same = path.resolve(), file_identity(path)
        for source in self.inputs:
            if source.resolve() == target or (same is not None and file_identity(source) == same):
                raise OutputError(
                    _(
                        "{path} is an input of this command: it is not written over; choose another output"
                    ).format(path=path)
                )

    def _same_register(self, folder: Path, record: dict[str, Any]) -> None:
        other = record.get("register")
        if self.register_id and other and other != self.register_id:
            raise OutputError(
                _(
                    "{folder} holds documents issued with another register ({other}); issuing into it "
                    "with this one could give a number twice: use that register or another folder"
                ).format(folder=folder.resolve(), other=other)  # "." names no folder: the absolute path
            )

    def _may_replace(self, path: Path, data: bytes | None, entry: dict[str, Any] | None) -> str | None:
        """Raise OutputError unless ``path`` may be written; return the hash of the file there now."""
        try:
            if not path.exists():
                return None
            if not path.is_file():
                raise OutputError(_("{path} exists and is not a file").format(path=path))
            current = _sha256(path.read_bytes())
        except OSError as error:
            raise OutputError(
                _("cannot read {path}: {error}").format(path=path, error=os_error_text(error))
            ) from None
        if data is not None and current == _sha256(data):
            return current  # the same bytes again: nothing is lost
        if entry is not None and entry.get("issued"):
            raise OutputError(
                _("{path} is an issued document: it is never written over; write to another file").format(
                    path=path
                )
            )
        if self.overwrite or (entry is not None and current in _known(entry)):
            return current
        raise OutputError(
            _(
                "{path} exists and was not written by docgen (or was changed since): it is kept; "
                "use --overwrite to replace it, or choose another output"
            ).format(path=path)
        )
