"""What the register holds and hands out: kinds of series, numbers as written, rows, the file's place."""

from __future__ import annotations

import hashlib
import itertools
import os
import shlex
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from docgen.errors import DocgenError
from docgen.numbering import chinese_numeral

KIND_DOCUMENT = "文号"
KIND_SUPERVISION = "督办"
KIND_BULLETIN = "简报"
KIND_MINUTES = "纪要"  # 10.3: 第N期 per year, a series per meeting
KIND_ORDER = "令"  # 10.2: 第N号 per term (届): the series' year column holds the term


class RegisterError(DocgenError):
    """The register cannot be opened, or refuses an operation."""


def now() -> str:
    """Return the current UTC time in ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def sha256_file(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def number_text(kind: str, name: str, year: int, seq: int) -> str:
    """Return how a number is written: 代字〔2020〕13号 (文号, 督办), 2020年第3期 (简报, 纪要) or
    名称（第十七届）第3号 (令: ``year`` is the term)."""
    if kind in (KIND_BULLETIN, KIND_MINUTES):
        return f"{name}{year}年第{seq}期"
    if kind == KIND_ORDER:
        return f"{name}（第{chinese_numeral(year)}届）第{seq}号"
    return f"{name}〔{year}〕{seq}号"


@dataclass(frozen=True)
class Allocation:
    """A number taken from a series (``new`` is False when the item had it already)."""

    number_id: int
    kind: str
    name: str
    year: int
    seq: int
    status: str
    new: bool

    @property
    def text(self) -> str:
        return number_text(self.kind, self.name, self.year, self.seq)


@dataclass(frozen=True)
class NumberRow:
    """One number of the register, with its document if one is recorded."""

    number_id: int
    kind: str
    name: str
    year: int
    seq: int
    status: str
    item_key: str | None
    allocated_at: str
    reason: str | None
    title: str | None
    signer: str | None
    signed_at: str | None
    outputs: list[dict[str, str]]
    input_hash: str | None
    command: str | None = None
    source: str | None = None  # the source file a document was issued from (resolved), '' if not known

    @property
    def text(self) -> str:
        return number_text(self.kind, self.name, self.year, self.seq)


def register_path(flag: Path | None = None) -> Path:
    """Return the register file: the flag, DOCGEN_REGISTER, the config file's [register] path, or the default."""
    if flag is not None:
        return flag
    if os.environ.get("DOCGEN_REGISTER"):
        return Path(os.environ["DOCGEN_REGISTER"])
    from docgen.config import configured_register

    configured = configured_register()
    if configured is not None:
        return configured
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "docgen" / "register.sqlite"


def taken_by_hand(command: str | None) -> bool:
    """Was a number taken with ``docgen register next``, for a document made outside docgen?

    Nothing in docgen records such a number; ``register import`` records its use from the office's sheet.
    The command is stored as ``shlex.join`` wrote it (docgen/cli), so it is read back with ``shlex.split``: a
    quoted value such as a series named "x register next" stays one word.  ``register next`` may follow
    global options (``docgen --register r.sqlite register next``: numbers taken before it wrote its own
    command line), so the two words are looked for anywhere.
    """
    try:
        words = shlex.split(command or "")
    except ValueError:  # not a command line shlex.join wrote: not one register next wrote either
        return False
    return any(a == "register" and b == "next" for a, b in itertools.pairwise(words))
