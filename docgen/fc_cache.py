"""fontconfig's answers kept on disk, valid while fontconfig would still give them.

A cold ``docgen preview`` asked ``fc-match`` twice (the body's and the heading's face: two
processes, each loading fontconfig's configuration and caches; 20–40 ms of the preview's second).
The answers are kept in the user's cache folder (``docgen.scratch.user_cache_dir``), one file per
configuration file asked with, together with what they depend on:

- the configuration: every file and folder fontconfig reads, found by following ``<include>``
  from the configuration file (size and time of change; a folder's list of files by its time of
  change), the ``fc-match`` program itself, and the environment variables fontconfig reads;
- the fonts: the time of change and the files' names of every folder under each font folder
  (``<dir>``): a font added, removed or renamed changes them, as fontconfig itself checks its
  caches by the folders' times; and each
  answer's font file (size and time of change), so a font replaced in place is seen too.

Anything changed: the answers are dropped and fontconfig asked again.  Nothing is written
anywhere else, nothing is fetched; the file is written atomically (a temporary file renamed) and one
that cannot be read, or was made by another version, is simply made again.

Hand-written because no library answers "would fontconfig still say this" without asking it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

FORMAT = 1
PREFIX = "fc-match-"
# what fontconfig reads from the environment (fcinit.c, fccfg.c, fcxml.c)
ENVIRONMENT = (
    "FONTCONFIG_PATH",
    "FONTCONFIG_SYSROOT",
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
)
SYSTEM_CONFIG = Path("/etc/fonts")


def cache_file(conf: Path, folder: Path) -> Path:
    """Return the cache file of the answers given under the configuration file ``conf``."""
    return folder / f"{PREFIX}{hashlib.sha256(str(conf).encode()).hexdigest()[:16]}.json"


def _stamp(path: str) -> str:
    """Return a line naming ``path`` with its size and time of change ("-" if it is not there)."""
    try:
        seen = os.stat(path)
    except OSError:
        return f"{path}\t-"
    return f"{path}\t{seen.st_size}\t{seen.st_mtime_ns}"


def _folder_stamps(root: str) -> Iterator[str]:
    """Yield a line for ``root`` and every folder under it (fontconfig scans font folders
    recursively): its time of change and a digest of its files' names (a time of change can lag
    behind a quick change, the names cannot)."""
    if not os.path.isdir(root):
        yield _stamp(root)
        return
    for parent, folders, files in os.walk(root, onerror=lambda _error: None):
        folders.sort()
        names = hashlib.sha256("\0".join(sorted(files)).encode()).hexdigest()[:16]
        yield f"{_stamp(parent)}\t{names}"


def state(program: str, configs: Iterable[str], dirs: Iterable[str]) -> list[str]:
    """Return what fontconfig's answers depend on, as lines: the environment, ``fc-match``, the
    configuration files and folders, every font folder.  Not fontconfig's own cache files: they are
    made from the same fonts, and any program using fontconfig rewrites them now and then."""
    lines = [f"{name}={os.environ.get(name, '')}" for name in ENVIRONMENT]
    lines.append(_stamp(program))
    lines += (_stamp(path) for path in configs)
    lines += (line for root in dirs for line in _folder_stamps(root))
    return lines


def _home() -> str:
    return os.environ.get("HOME") or str(Path.home())


def _resolve(text: str, prefix: str | None, kind: str, base: Path) -> str:
    """Return the path an ``<include>`` or ``<dir>`` element names (fcxml.c's rules:
    ``prefix="xdg"`` under the XDG folder of its kind, ``~`` the home folder, else relative to the
    file that names it)."""
    text = text.strip()
    if prefix == "xdg":
        variable, default = (
            ("XDG_CONFIG_HOME", ".config") if kind == "include" else ("XDG_DATA_HOME", ".local/share")
        )
        return os.path.join(os.environ.get(variable) or os.path.join(_home(), default), text)
    if text.startswith("~"):
        return os.path.join(_home(), text[1:].lstrip("/"))
    return os.path.normpath(os.path.join(base, text))


def read_configuration(conf: Path) -> tuple[list[str], list[str]]:
    """Return the configuration files and folders fontconfig reads from ``conf`` (following
    ``<include>``; the system's folder always) and its font folders."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    configs: list[str] = [str(SYSTEM_CONFIG)]
    dirs: list[str] = []
    pending = [str(conf)]
    while pending:
        path = pending.pop(0)
        if path in configs[1:]:
            continue
        configs.append(path)
        if os.path.isdir(path):
            with contextlib.suppress(OSError):
                pending += sorted(os.path.join(path, n) for n in os.listdir(path) if n.endswith(".conf"))
            continue
        try:
            root = etree.parse(path, parser).getroot()
        except (OSError, etree.XMLSyntaxError):
            continue
        base = Path(path).parent
        for element in root.iter("include", "dir"):
            if element.text:
                found = _resolve(element.text, element.get("prefix"), str(element.tag), base)
                (pending if element.tag == "include" else dirs).append(found)
    return configs, sorted(set(dirs))


class Answers:
    """The answers kept for one configuration file: read once, written back when one is added."""

    def __init__(self, conf: Path, program: str, folder: Path) -> None:
        self._path = cache_file(conf, folder)
        self._conf, self._program = conf, program
        self._kept: dict[str, Any] = {}
        self._answers: dict[str, list[Any]] = {}
        try:
            kept = json.loads(self._path.read_bytes())
        except (OSError, ValueError):
            kept = None
        if (
            isinstance(kept, dict)
            and kept.get("format") == FORMAT
            and kept.get("program") == program
            and isinstance(kept.get("answers"), dict)
            and all(isinstance(kept.get(k), list) for k in ("configs", "dirs", "state"))
            and kept["state"] == state(program, kept["configs"], kept["dirs"])
        ):
            self._kept, self._answers = kept, kept["answers"]

    def get(self, key: str) -> tuple[str, int] | None:
        """Return the answer kept for ``key`` if its font file is as it was then, else None."""
        answer = self._answers.get(key)
        if not (isinstance(answer, list) and len(answer) == 3):
            return None
        file, index, stamp = answer
        if not (isinstance(file, str) and isinstance(index, int) and stamp == _stamp(file)):
            return None
        return file, index

    def before_asking(self) -> None:
        """Note what the answers depend on, before fontconfig is asked (a font added while it
        answers then makes the next run ask again), unless it was noted since it last changed."""
        if not self._kept:
            configs, dirs = read_configuration(self._conf)
            self._kept = {
                "format": FORMAT,
                "program": self._program,
                "configs": configs,
                "dirs": dirs,
                "state": state(self._program, configs, dirs),
                "answers": {},
            }
            self._answers = self._kept["answers"]

    def put(self, key: str, file: str, index: int) -> None:
        """Keep fontconfig's answer for ``key`` and write the cache file (a failure costs only time)."""
        self.before_asking()
        self._answers[key] = [file, index, _stamp(file)]
        data = json.dumps(self._kept, ensure_ascii=False).encode()
        temporary = self._path.with_name(f"{self._path.name}.{os.getpid()}.tmp")
        try:  # no disk sync: a cache torn by a power cut is not valid JSON, and is made again
            self._path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            os.replace(temporary, self._path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()
