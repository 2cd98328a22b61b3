"""jieba's prefix dictionary, kept in the user's cache folder: loaded in milliseconds, not built each run.

jieba builds its prefix dictionary (about 500,000 words and word beginnings with their counts)
from its ``dict.txt`` on first use: 0.5 s of CPU on an idle machine, 1.5–2 s on a busy one, paid by
every process that breaks a title (a preview, each worker of a bulletin batch).  jieba's own cache
is a ``marshal`` file in the shared temporary folder, which docgen never reads (anyone can plant
one there, and loading it still takes 0.3 s).  This module keeps the same dictionary, sorted, in
the user's cache folder (``docgen.scratch.user_cache_dir``) as plain text, the
offset of each word and an array of counts: no code is ever loaded from it, a file that does not match the dictionary it was
made from (jieba's version, the size and time of its ``dict.txt``, a checksum of the content) is
made again, and a cache that cannot be written costs only the time.  Each dictionary file has a
cache file of its own (``file_name``: a hash of its path, size and time in the name), so two
installations on one machine (two checkouts' virtual environments, a CI clone beside the demo) do
not make each other's cache again in turn; a cache whose dictionary is gone is removed when another
is written.

Hand-written because jieba takes its dictionary only as a ``dict``; ``SortedFreq`` answers the
three questions jieba asks of it (``in``, ``[]``, ``get``) by binary search over the sorted words.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
import zlib
from array import array
from bisect import bisect_left
from pathlib import Path
from typing import Any

FORMAT = 2  # 2: the offset of each word stored (1: words split on reading)
# a cache file's name: this, a hash of its dictionary (``file_name``), ".bin"; with the format, so
# that two docgen versions sharing one jieba (two checkouts on one virtual environment) keep a
# file each instead of making each other's again on every run
PREFIX = f"jieba-prefix-{FORMAT}-"

# the fragments looked up at most remembered (``SortedFreq._seen``): a batch of notices asks for a few
# tens of thousands; past this the memory is let go and filled again
SEEN_LIMIT = 200_000


class SortedFreq:
    """jieba's prefix dictionary (word → count, 0 for a word's beginning) over sorted arrays.

    Read from the cache as it is stored: the words as one UTF-8 block with the offset of each (UTF-8
    sorts as the characters do), searched without making a Python string of each word — 500,000
    of them took 35–60 ms of every cold preview, which asks a few hundred words.  A process that
    asks many (a bulletin batch's layout) makes them after ``EAGER_AFTER`` questions, or at once
    (``in_memory``), and then searches them with ``bisect``.
    Words jieba adds later (``add_word``) go to a small dict consulted first.
    """

    EAGER_AFTER = 20000  # searched in the block, a question costs about 3 µs more than in the strings

    def __init__(self, block: bytes, starts: array[int], counts: array[int]) -> None:
        self._block, self._starts, self._counts = block, starts, counts
        self._words: list[str] | None = None
        self._asked = 0
        self._added: dict[str, int] = {}
        # jieba asks ``frag in FREQ``, then ``FREQ[frag]`` of each fragment of a text (get_DAG), and
        # ``FREQ.get`` of each word it may cut (calc): each fragment's count (-1: not a word nor a
        # beginning) is remembered, a dict look-up where a binary search over 500,000 words took 19
        # comparisons (cutting a table's cells was a tenth of the layout, about half of it these searches).
        # A dict: a reader in another thread sees a count or nothing, never half of one
        self._seen: dict[str, int] = {}

    def in_memory(self) -> None:
        """Make every word a Python string now (before a process forks workers that ask many)."""
        if self._words is None:
            self._words = self._block[:-1].decode("utf-8").split("\n") if len(self._counts) else []

    def _search(self, word: str) -> int:
        """Return the index of ``word`` in the block, or -1."""
        key = word.encode("utf-8")
        block, starts = self._block, self._starts
        low, high = 0, len(self._counts)
        while low < high:
            middle = (low + high) // 2
            if block[starts[middle] : starts[middle + 1] - 1] < key:
                low = middle + 1
            else:
                high = middle
        return low if low < len(self._counts) and block[starts[low] : starts[low + 1] - 1] == key else -1

    def _index(self, word: str) -> int:
        """Return the index of ``word`` among the sorted words, or -1."""
        words = self._words
        if words is None:
            self._asked += 1
            if self._asked > self.EAGER_AFTER:
                self.in_memory()
            return self._search(word)
        at = bisect_left(words, word)
        return at if at < len(words) and words[at] == word else -1

    def _count(self, word: str) -> int:
        """Return the count of ``word`` in the sorted arrays, -1 if it is not there."""
        found = self._seen.get(word)
        if found is None:
            at = self._index(word)
            found = self._counts[at] if at >= 0 else -1
            if len(self._seen) >= SEEN_LIMIT:
                self._seen = {}
            self._seen[word] = found
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (word in self._added or self._count(word) >= 0)

    def __getitem__(self, word: str) -> int:
        if word in self._added:
            return self._added[word]
        found = self._count(word)
        if found < 0:
            raise KeyError(word)
        return found

    def get(self, word: str, default: Any = None) -> Any:
        """Return the count of ``word`` (0 for a beginning of words), or ``default``."""
        if word in self._added:
            return self._added[word]
        found = self._count(word)
        return default if found < 0 else found

    def __setitem__(self, word: str, count: int) -> None:
        self._added[word] = count


def _key(dict_file: Path) -> dict[str, Any]:
    import jieba

    info = dict_file.stat()
    return {
        "format": FORMAT,
        "jieba": jieba.__version__,
        "dict": str(dict_file),
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "byteorder": sys.byteorder,
    }


def file_name(dict_file: Path) -> str:
    """Return the name of ``dict_file``'s cache file: one per path, size and time of the dictionary."""
    info = dict_file.stat()
    key = f"{dict_file}\0{info.st_size}\0{info.st_mtime_ns}".encode()
    return f"{PREFIX}{hashlib.sha256(key).hexdigest()[:16]}.bin"


def _remove_orphans(folder: Path, keep: Path) -> None:
    """Remove the cache files in ``folder`` (but ``keep``) whose dictionary file is gone or changed
    (read from their first line); one that cannot be read or removed is left."""
    for path in folder.glob(f"{PREFIX}*.bin"):
        if path == keep:
            continue
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            with path.open("rb") as handle:
                head = json.loads(handle.readline(4096))
            dict_file = Path(head["dict"])
            if not dict_file.is_file() or path.name != file_name(dict_file):
                path.unlink()


def _build(dict_file: Path) -> tuple[bytes, array[int], array[int], int]:
    import jieba

    with dict_file.open("rb") as handle:
        freq, total = jieba.Tokenizer.gen_pfdict(handle)
    words = sorted(freq)
    encoded = [w.encode("utf-8") for w in words]
    starts = array("I", [0])
    for word in encoded:
        starts.append(starts[-1] + len(word) + 1)  # each word and its "\n"
    return b"\n".join(encoded) + b"\n", starts, array("q", (freq[w] for w in words)), total


def _encode(key: dict[str, Any], block: bytes, starts: array[int], counts: array[int], total: int) -> bytes:
    payload = block + starts.tobytes() + counts.tobytes()
    head = dict(key, total=total, text=len(block), words=len(counts), crc=zlib.crc32(payload))
    return json.dumps(head).encode() + b"\n" + payload


def _decode(data: bytes, key: dict[str, Any]) -> tuple[bytes, array[int], array[int], int] | None:
    """Return the cached dictionary, or None if ``data`` is not one made from ``key``'s dictionary."""
    try:
        line, payload = data.split(b"\n", 1)
        head = json.loads(line)
        if not isinstance(head, dict) or any(head.get(k) != v for k, v in key.items()):
            return None
        if zlib.crc32(payload) != head["crc"]:
            return None
        text, count = head["text"], head["words"]
        starts, counts = array("I"), array("q")
        starts.frombytes(payload[text : text + (count + 1) * starts.itemsize])
        counts.frombytes(payload[text + (count + 1) * starts.itemsize :])
        block = payload[:text]
        total = head["total"]
    except (ValueError, KeyError, TypeError):
        return None
    if (
        len(counts) != count
        or len(starts) != count + 1
        or starts[-1] != len(block)
        or not isinstance(total, int)
    ):
        return None
    return block, starts, counts, total


def prefix_dictionary(dict_file: Path, folder: Path | None = None) -> tuple[SortedFreq, int]:
    """Return jieba's prefix dictionary of ``dict_file`` and its total count, from the cache if it is good.

    A missing or stale cache is made again (and written if the folder allows it).
    """
    from docgen.errors import DocgenError
    from docgen.output import write_atomic
    from docgen.scratch import user_cache_dir

    key = _key(dict_file)
    folder = folder or user_cache_dir()
    path = folder / file_name(dict_file)
    try:
        found = _decode(path.read_bytes(), key)
    except OSError:
        found = None
    if found is None:
        found = _build(dict_file)
        with contextlib.suppress(DocgenError):  # a cache that cannot be written costs only the time
            write_atomic(path, _encode(key, *found))
            _remove_orphans(folder, path)
    block, starts, counts, total = found
    return SortedFreq(block, starts, counts), total
