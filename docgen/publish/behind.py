"""Whether the register is behind the folders it numbered into: read from each folder's record.

A folder's record (``.docgen-folder.json``, publish/guard.py) keeps every file docgen issued there and
the number it was issued under.  ``refuse_a_register_behind`` reads it, before a number is taken, in
the run's own folder and in every folder the register has written to or lists beside it
(register/folders.py: a register put back from an older copy, even one made before its first issue,
would give again a number issued into any of them); ``folder_problems`` (``register check``) reads
the same folders, and names a number two different files carry.  A number the register holds only as
taken is not made again into another folder where a folder shows it issued (``_refuse_a_second``).
Only the records are read; a file is hashed only to name one renamed since, in a refusal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.i18n import _
from docgen.number_text import NUMBER_TEXT
from docgen.publish.guard import NUMBER_KEYS, read_record
from docgen.publish.leftovers import renamed_to
from docgen.register import (
    KIND_BULLETIN,
    KIND_DOCUMENT,
    KIND_MINUTES,
    KIND_SUPERVISION,
    NumberRow,
    Register,
    RegisterError,
    number_text,
)
from docgen.register.folders import listed_folders

if TYPE_CHECKING:
    from docgen.publish.numbering import NumberRequest


# a file named as a 文号 or 督办 number, alone (issue: 长重点〔2025〕3号.docx) or before the subject
# (supervise: 长重点督〔2025〕3号 甲项目.docx)
_NUMBER_FILE = re.compile(rf"^{NUMBER_TEXT}(?=\s|$)")
# a file named as a 纪要 (or 简报) 期号: 长子县重点项目建设联席会议纪要2025年第3期.docx
_ISSUE_FILE = re.compile(r"^(?P<code>\S+?)(?P<year>\d{4})年第(?P<seq>\d{1,6})期$")
# the kinds of number each way of naming a file writes, the first the one assumed when no row tells
_FORMS = ((_NUMBER_FILE, (KIND_DOCUMENT, KIND_SUPERVISION)), (_ISSUE_FILE, (KIND_MINUTES, KIND_BULLETIN)))


@dataclass(frozen=True)
class Unheld:
    """An issued file of an output folder named as a number the register does not hold."""

    path: Path
    name: str  # the series (代字, or a 纪要's mark)
    year: int
    seq: int
    kind: str = KIND_DOCUMENT  # the series' kind the register would give it again in

    @property
    def text(self) -> str:
        return number_text(self.kind, self.name, self.year, self.seq)


def _named_number(name: str) -> tuple[re.Match[str], tuple[str, ...]] | None:
    """Return how a file's name writes a number (the match and the kinds it may be), or None."""
    for pattern, kinds in _FORMS:
        match = pattern.match(Path(name).stem)
        if match is not None and match["seq"] is not None:
            return match, kinds
    return None


@dataclass(frozen=True)
class _Shown:
    """A number a folder's record shows a file issued under."""

    code: str
    year: int
    seq: int
    kinds: tuple[str, ...]  # the kinds it may be, the first the one assumed when no row tells
    recorded: bool  # the record names the number (else it is read from the file's name)


def _shown(name: str, entry: object) -> _Shown | None:
    """Return the number the folder's record shows the file ``name`` issued under, or None.

    Since the record keeps the number (guard.NUMBER_KEYS) every numbered file shows it, a 简报's
    unsealed ones too; before, only a sealed file named as its number did (and still does)."""
    if not isinstance(entry, dict):
        return None
    kind, text = (entry.get(key) for key in NUMBER_KEYS)
    if isinstance(text, str):
        named = _named_number(text)
        if named is not None:
            match, kinds = named
            kinds = (kind,) if kind in kinds else kinds
            return _Shown(match["code"], int(match["year"]), int(match["seq"]), kinds, True)
    named = _named_number(name) if entry.get("issued") else None
    if named is None:
        return None
    match, kinds = named
    return _Shown(match["code"], int(match["year"]), int(match["seq"]), kinds, False)


def _shown_files(
    folder: Path, series: tuple[str, str, int] | None, record: dict[str, Any] | None = None
) -> Iterator[tuple[Path, _Shown]]:
    """Yield the folder's files its record shows issued under a number (of ``series``, if given)."""
    for name, entry in sorted((read_record(folder) if record is None else record)["files"].items()):
        shown = _shown(name, entry)
        if shown is not None and (
            series is None or (series[1:] == (shown.code, shown.year) and series[0] in shown.kinds)
        ):
            yield folder / name, shown


class Numbers:
    """The register's numbers, read once for a look at many folders: by series, and the folders
    their files were recorded in (50 folders of 40 files: one read, not one per folder)."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self._series: dict[tuple[str, int], list[NumberRow]] = {}
        folders: set[str] = set()  # strings: a Path per file made a third of the time
        for row in register.rows():
            self._series.setdefault((row.name, row.year), []).append(row)
            folders.update(os.path.dirname(output["path"]) for output in row.outputs)
        # and the folders listed beside it: a register put back from a copy made before it recorded
        # anything into them still reads them (register/folders.py)
        folders.update(str(folder) for folder in listed_folders(register.path))
        self.folders = sorted(Path(folder) for folder in folders)
        self._seqs: dict[tuple[str, int, tuple[str, ...]], dict[int, list[NumberRow]]] = {}

    def rows(self, code: str, year: int, kinds: tuple[str, ...]) -> list[NumberRow]:
        """Return the numbers of the series ``code``/``year`` of these kinds."""
        return [row for row in self._series.get((code, year), []) if row.kind in kinds]

    def held(self, code: str, year: int, kinds: tuple[str, ...]) -> Mapping[int, list[NumberRow]]:
        """Return the register's numbers in the series ``code``/``year`` of these kinds, by sequence number."""
        key = (code, year, kinds)
        if key not in self._seqs:
            by_seq: dict[int, list[NumberRow]] = {}
            for row in self.rows(code, year, kinds):
                by_seq.setdefault(row.seq, []).append(row)
            self._seqs[key] = by_seq
        return self._seqs[key]


def behind_folder(
    register: Register,
    folder: Path,
    series: tuple[str, str, int] | None = None,
    numbers: Numbers | None = None,
) -> list[Unheld]:
    """Return the files the folder's record (``.docgen-folder.json``) shows issued with this register
    under a number (文号, 督办 number, 纪要 or 简报 期号) the register does not hold and would give again
    (at or after its series' next number): it is behind the folder (restored from an older backup, or
    replaced by hand).  ``series`` (kind, name, year) keeps one series.  A number below the next one is
    the gap check's (``register check``).  ``numbers``: the register's numbers, read before."""
    record = read_record(folder)
    if record.get("register") not in (None, register.register_id):
        return []  # another register's folder: ``other_register_files``
    numbers = numbers or Numbers(register)
    found = []
    for path, shown in _shown_files(folder, series, record):
        code, year, seq, forms = shown.code, shown.year, shown.seq, shown.kinds
        # 代字〔year〕N号 writes a 文号 and a 督办 number alike (名称2025年第N期 a 纪要 and a 简报):
        # either kind's row holds it
        if seq in numbers.held(code, year, forms):
            continue
        rows = numbers.rows(code, year, forms)
        if series is None and not rows and not shown.recorded and forms[0] == KIND_MINUTES:
            continue  # a name 名称2025年第N期 of no series known (an older 简报's 丹朱镇-2025年第1期.docx)
        kinds = [series[0]] if series is not None else sorted({row.kind for row in rows}, key=forms.index)
        kinds = kinds or [forms[0]]
        if all(seq >= register.next_free(kind, code, year) for kind in kinds):
            found.append(Unheld(_named_now(path, record), code, year, seq, kinds[0]))
    return found


def _named_now(path: Path, record: dict[str, Any]) -> Path:
    """Return the file the record's ``path`` is now: itself, or the folder's file with its recorded
    hash (renamed by the clerk since: the message names what the clerk sees).  Hashes only then."""
    if path.exists():
        return path
    sha256 = record["files"].get(path.name, {}).get("sha256")
    now = renamed_to(path.parent, sha256, set(record["files"])) if isinstance(sha256, str) else None
    return path if now is None else now


def other_register_files(register: Register, folder: Path, series: tuple[str, str, int]) -> list[Unheld]:
    """Return the files of ``series`` the folder shows issued with another register (its record names
    another register id): numbering into it with this one could give their numbers again."""
    if read_record(folder).get("register") in (None, register.register_id):
        return []
    return [Unheld(path, s.code, s.year, s.seq, series[0]) for path, s in _shown_files(folder, series)]


def _named_files(unheld: Sequence[Unheld]) -> str:
    """Return the files' names for a message: all of a few numbers' .docx and PDF; of more (a 简报's
    dozens) one file of each number, three at most, then how many more."""
    names = [u.path.name for u in unheld]
    if len(names) <= 8:
        return _(", ").join(names)
    shown = list({u.text: u.path.name for u in reversed(unheld)}.values())[::-1][:3]
    return _("{names} and {count} other files").format(names=_(", ").join(shown), count=len(names) - len(shown))


def behind_message(register: Register, folder: Path, unheld: Sequence[Unheld]) -> str:
    """Say that the register is behind ``folder`` and the two ways on (restore, or start after them)."""
    last = max(unheld, key=lambda u: u.seq)
    command = f"docgen register start --series {last.name} --year {last.year} --next {last.seq + 1}"
    if last.kind != KIND_DOCUMENT:  # start's --kind is 文号 unless told
        command += f" --kind {last.kind}"
    return _(
        "the register is behind the folder {folder}: {files} issued there as {numbers}, which the register does "
        "not hold (was it restored from an older backup?); bring them back with docgen register restore FILE "
        "(a register that holds them, such as a {register}.replaced-… file beside it: the numbers taken since "
        "are carried over), or continue the series after them: {command}"
    ).format(
        folder=folder.resolve(),  # "." or "发文" names no folder once the command is over
        files=_named_files(unheld),
        numbers=_(", ").join(dict.fromkeys(u.text for u in unheld)),  # a .docx and its PDF: one number
        register=register.path.name,
        command=command,
    )


def _refuse_another_register(register: Register, folder: Path, one: tuple[str, str, int]) -> None:
    """Refuse to number ``one``'s series into a folder whose files of it were issued with another register."""
    others = other_register_files(register, folder, one)
    if others:
        raise RegisterError(
            _(
                "{folder} holds documents issued with another register ({other}): {files}, issued as "
                "{numbers}; numbering into it with this one would give those numbers again: use that "
                "register, or another folder"
            ).format(
                folder=folder.resolve(),
                other=read_record(folder).get("register"),
                files=_named_files(others),
                numbers=_(", ").join(dict.fromkeys(u.text for u in others)),
            )
        )


def refuse_a_register_behind(
    register: Register, requests: Sequence[NumberRequest], folder: Path | None
) -> None:
    """Refuse, before any number is taken, to number ``requests`` when the register is behind: the run's
    ``folder`` or any folder the register has written to shows files of their series issued under numbers
    it does not hold (文号, 督办 numbers, 纪要 and 简报 期号: each folder's record keeps them), or ``folder``
    shows them issued with another register, or a register a restore replaced beside it issued numbers
    of their series that it lacks.  The next number could be one of them.  A request the register holds
    (a re-run of an item made before) takes no number and is passed.  ``folder`` None: ``register next``
    (the document is made elsewhere)."""
    rows = {r: register.lookup(r.kind, r.series, r.year, r.item_key) for r in requests}
    taken = [row for row in rows.values() if row is not None and row.status == "allocated"]
    if taken and folder is not None:
        _refuse_a_second(register, taken, folder)
    series = dict.fromkeys((r.kind, r.series, r.year) for r, row in rows.items() if row is None)
    if not series:
        return
    numbers = Numbers(register)
    # the own folder first (its refusal names it), then a register a restore replaced (its refusal names
    # the file to restore), then the other folders the register knows (lost9 #1: a register put back from
    # last week gave 2号 again into a new month's folder); records only, no hashing
    here = None if folder is None else folder.resolve()
    for one in series:
        if folder is not None:
            _refuse_behind_folder(register, folder, one, numbers)
            _refuse_another_register(register, folder, one)
    lacking = [n for n in register.behind_replaced() if (n.kind, n.name, n.year) in series and n.here is None]
    if lacking:
        raise RegisterError(
            _(
                "the register lacks {numbers}, issued in {file}, the register a restore replaced: the next number "
                "could be one of them; bring them back with docgen register restore {file} (the numbers taken "
                "since are carried over)"
            ).format(numbers=_(", ").join(n.text for n in lacking), file=lacking[0].replaced)
        )
    for one in series:
        for each in numbers.folders:
            if each != here:
                _refuse_behind_folder(register, each, one, numbers)


def _refuse_behind_folder(register: Register, folder: Path, one: tuple[str, str, int], numbers: Numbers) -> None:
    """Refuse to number ``one``'s series when ``folder`` shows numbers of it the register does not hold."""
    unheld = behind_folder(register, folder, one, numbers)
    if unheld:
        raise RegisterError(behind_message(register, folder, unheld))


def _refuse_a_second(register: Register, taken: Sequence[NumberRow], folder: Path) -> None:
    """Refuse to make again, into ``folder``, an item whose number the register holds only as taken while
    another folder it knows shows the number issued (reg10 #2: a copy of the register made while that
    run was working, put back; the run's command again with another ``-o`` wrote a second 2号 that only
    ``register check`` found afterwards).  Into the folder that shows it the run may go on: the guard
    records the files there when they come out the same, and never writes over them otherwise."""
    here = folder.resolve()
    for each in Numbers(register).folders:
        if each == here:
            continue
        record = read_record(each)
        if record.get("register") not in (None, register.register_id):
            continue
        for row in taken:
            issued = [
                _named_now(path, record)
                for path, shown in _shown_files(each, (row.kind, row.name, row.year), record)
                if shown.seq == row.seq and record["files"][path.name].get("issued") is True
            ]
            if issued:
                raise RegisterError(
                    _(
                        "{number} was issued already into the folder {folder} ({files}), but the register holds it "
                        "only as taken (was it put back from a copy made while that run was working?): this run "
                        "would issue a second {number}; run it again with -o {folder} to record those files, or "
                        "bring back a register that holds them with docgen register restore FILE"
                    ).format(
                        number=row.text, folder=each, files=_(", ").join(p.name for p in issued)
                    )
                )


def two_files_of_one_number(register: Register, folder: Path, numbers: Numbers | None = None) -> list[str]:
    """Return, for ``register check``, the numbers the register holds as issued that a file of ``folder``
    also carries while it is none of the number's recorded files and its recorded hash is none of
    theirs: two different documents bear one number (lost9 #4).  Reads the folder's record, not the files."""
    record = read_record(folder)
    if record.get("register") not in (None, register.register_id):
        return []
    numbers = numbers or Numbers(register)
    here = str(folder.resolve())  # once: a resolve per file made register check 4 times slower
    found: dict[str, tuple[NumberRow, list[Path]]] = {}
    for path, shown in _shown_files(folder, None, record):
        for row in numbers.held(shown.code, shown.year, shown.kinds).get(shown.seq, []):  # none: behind_folder's
            if row.status != "issued" or not row.outputs:
                continue
            entry = record["files"].get(path.name, {})
            paths = {output["path"] for output in row.outputs}
            hashes = {output["sha256"] for output in row.outputs}
            if os.path.join(here, path.name) in paths or entry.get("sha256") in hashes or not path.is_file():
                continue  # the recorded file itself, a copy of it, or gone
            found.setdefault(row.text, (row, []))[1].append(path)
    return [
        _(
            "{number}: the folder {folder} holds another issued {number} ({files}), different from the "
            "recorded {recorded} (another hash): two documents bear one number"
        ).format(
            number=text,
            folder=here,
            files=_(", ").join(p.name for p in paths),
            recorded=_(", ").join(output["path"] for output in row.outputs),
        )
        for text, (row, paths) in found.items()
    ]


def folder_problems(register: Register) -> list[str]:
    """Return, for ``register check``, the register's output folders it is behind (see ``behind_folder``)
    and the numbers a file of one of them carries besides the recorded files (``two_files_of_one_number``)."""
    problems = []
    numbers = Numbers(register)
    for folder in numbers.folders:
        unheld = behind_folder(register, folder, None, numbers)
        if unheld:
            problems.append(behind_message(register, folder, unheld))
        problems.extend(two_files_of_one_number(register, folder, numbers))
    return problems
