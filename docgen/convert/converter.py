"""Convert many documents, choosing per job between one soffice run and the worker pool."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from typing import Protocol

from docgen.convert.offline import offline_copy
from docgen.convert.oneshot import convert_to_pdf
from docgen.convert.pool import Conversion, ConverterPool, ProgressCallback
from docgen.errors import ConversionError
from docgen.i18n import _
from docgen.scratch import scratch_dir


class Convert(Protocol):
    """Converts (docx, pdf) pairs; ``each`` is told of every document as it is done (a worker's thread)."""

    def __call__(
        self, jobs: Sequence[tuple[Path, Path]], each: ProgressCallback | None = None
    ) -> list[Conversion]: ...


def _both(first: ProgressCallback | None, second: ProgressCallback | None) -> ProgressCallback | None:
    """Return a callback calling ``first`` then ``second`` (either may be None)."""
    if first is None or second is None:
        return first or second

    def both(outcome: Conversion) -> None:
        first(outcome)
        second(outcome)

    return both

# Every job goes through the pool's UNO workers, even a single document: only through UNO can
# LibreOffice's Chinese–Latin spacing be turned off where a .docx declares it off
# (uno_worker.no_asian_latin_spacing; its DOCX import ignores w:autoSpaceDE/DN).  Measured: one
# document 1.8 s through a pool of one, 1.2 s through a one-shot soffice; the one-shot run stays
# as the fallback when no pool can start.


def _note_outcome(notes: list[str], outcome: Conversion) -> None:
    """Add what the document's offline copy left out to ``notes``, once each."""
    notes.extend(note for note in outcome.notes if note not in notes)


def default_workers() -> int:
    """Return the number of LibreOffice workers when none is asked for: one per core.

    (``DOCGEN_WORKERS`` is read by the command line, as the default of ``--workers``.)
    """
    return os.cpu_count() or 1


def convert_one_shot(
    jobs: Sequence[tuple[Path, Path]], on_done: ProgressCallback | None = None
) -> list[Conversion]:
    """Convert with a single soffice run (all documents in one process)."""
    with scratch_dir("oneshot") as folder:
        staged: list[Path] = []
        notes: list[tuple[str, ...]] = []
        refused: dict[int, ConversionError] = {}
        for index, (source, _target) in enumerate(jobs):
            copy = Path(folder) / f"d{index:05d}{source.suffix if source.suffix.isascii() else ''}"
            try:  # LibreOffice gets an offline copy with an ASCII name, never the file (offline.py)
                notes.append(offline_copy(source, copy))
                staged.append(copy)
            except ConversionError as error:
                refused[index] = error
                notes.append(())
        try:
            pdfs = iter(convert_to_pdf(staged, Path(folder) / "out")) if staged else iter(())
        except ConversionError as error:
            results = [Conversion(source, target, error) for source, target in jobs]
        else:
            results = []
            for index, (source, target) in enumerate(jobs):
                if index in refused:
                    results.append(Conversion(source, target, refused[index]))
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(next(pdfs), target)
                results.append(Conversion(source, target, notes=notes[index]))
    if on_done:
        for result in results:
            on_done(result)
    return results


@contextmanager
def converter(
    count: int,
    workers: int | None = None,
    *,
    notes: list[str] | None = None,
    on_done: ProgressCallback | None = None,
    soon: bool = False,
    outcome_notes: bool = True,
) -> Iterator[Convert]:
    """Yield a converter for a job of ``count`` documents, alive until the ``with`` block ends.

    A pool of ``workers`` (default one per core, at most one per document).  If the pool cannot
    start, one soffice run per call instead, and a note says so (its PDFs keep LibreOffice's
    spacing between Chinese and Latin letters or digits).  ``soon``: yield at once while the
    pool starts (the caller lays out meanwhile); the first conversion waits for it.
    ``outcome_notes``: what a document's offline copy left out (a linked picture) joins ``notes``
    (else only each Conversion's ``notes`` say it).
    """
    size = max(1, min(workers or default_workers(), count))
    if outcome_notes and notes is not None:
        on_done = _both(on_done, partial(_note_outcome, notes))

    def one_shot(jobs: Sequence[tuple[Path, Path]], each: ProgressCallback | None = None) -> list[Conversion]:
        return convert_one_shot(jobs, _both(on_done, each))

    def fall_back(error: ConversionError) -> None:
        if notes is not None:
            notes.append(
                _(
                    "the LibreOffice pool could not start ({error}); converting in one soffice run "
                    "(digits and Latin letters keep a small gap from the Chinese around them)"
                ).format(error=error)
            )

    try:
        pool = ConverterPool(size)
        pool.start(wait=not soon)
    except ConversionError as error:
        fall_back(error)
        yield one_shot
        return
    failed: list[ConversionError] = []  # the pool started with ``soon`` could not start

    def pooled(jobs: Sequence[tuple[Path, Path]], each: ProgressCallback | None = None) -> list[Conversion]:
        if not failed:
            try:
                pool.started()
            except ConversionError as error:
                failed.append(error)
                fall_back(error)
        if failed:
            return one_shot(jobs, each)
        return pool.convert(jobs, _both(on_done, each))

    with ExitStack() as stack:
        stack.push(pool.__exit__)  # started above: left as a ``with`` leaves it (killed on Ctrl-C)
        yield pooled


def convert_documents(
    jobs: Sequence[tuple[Path, Path]],
    *,
    workers: int | None = None,
    on_done: ProgressCallback | None = None,
    notes: list[str] | None = None,
) -> list[Conversion]:
    """Convert (docx, pdf) pairs in one go with the converter ``converter`` chooses for them."""
    if not jobs:
        return []
    # the caller reads each outcome's notes: a check of many files says each under its own file
    with converter(len(jobs), workers, notes=notes, on_done=on_done, outcome_notes=False) as convert:
        return convert(jobs)
