"""The worker processes of ``docgen bulletin``: each composes and lays out one bulletin, emits its
.docx and, with Typst, typesets its PDF too (laid out once, in parallel on all cores).

Workers write nothing: they return the bytes, and the command writes them through its register
ticket (``docgen.bulletins``).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from multiprocessing.context import BaseContext
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from jinja2 import Environment

from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME, bulletin
from docgen.emit.docx.emit import render_docx
from docgen.emit.docx.template import Template
from docgen.errors import DocgenError
from docgen.model import Bulletin
from docgen.publish.pdfium import load as load_pdfium
from docgen.publish.pipeline import Engine, Publication, publish
from docgen.publish.stages import stage, take
from docgen.records import ProjectRow
from docgen.scoring import COMPLETION_ONLY, Rules
from docgen.templating import make_env

T = TypeVar("T")


@dataclass(frozen=True)
class Job:
    """Everything one worker process needs to make one bulletin (picklable)."""

    subject: str
    projects: tuple[ProjectRow, ...]
    rules: Rules
    year: int
    month: int
    issue: str
    editor: str
    date: dt.date
    name: str
    distribution: tuple[tuple[str, str], ...]
    copies: int


def _compose(job: Job, env: Environment) -> Bulletin:
    return bulletin(
        env,
        job.subject,
        job.projects,
        job.rules,
        year=job.year,
        month=job.month,
        issue=job.issue,
        editor=job.editor,
        date=job.date,
        name=job.name,
        distribution=job.distribution,
        copies=job.copies,
    )


# What a worker process renders with: the run's template and text templates, handed in once at its start.
_worker: tuple[Template, Environment] | None = None


def _start_worker(template: Template, template_dirs: tuple[Path, ...], typeset: bool = False) -> None:
    """Set a worker process up: keep the run's template, build its text templates once, die with the
    parent; with Typst, make a sample bulletin (dropped), while the command still reads the ledger:
    what a worker's first bulletin loads is loaded then (the text template, Typst's fonts: 0.1 s
    of CPU).  Its CPU time goes to the worker's first bulletin's stages (``_render``)."""
    global _worker
    _die_with_parent()
    take()  # the command's stages, inherited by a fork: not this worker's
    _worker = template, make_env(template_dirs)
    if typeset:
        with stage("warm-up"):
            warm(typeset)  # done already when the command warmed before forking (``Pool.start``)
            _make((_sample_job(), Typeset("", watermark=True)))


def _sample_job() -> Job:
    """Return a bulletin of one project, as a ledger gives it, to make at a worker's start."""
    today = dt.date.today()
    project = ProjectRow(
        2, "示例项目", "示例单位", Decimal(3000), Decimal(1000), Decimal(400), progress="主体施工", problems="资金到位率偏低"
    )
    return Job(
        "示例单位", (project,), COMPLETION_ONLY, today.year, today.month, "第1期", "示例单位", today, DEFAULT_NAME,
        DEFAULT_DISTRIBUTION, 0,
    )  # fmt: skip


def _ready() -> None:
    """Nothing: handed to each worker so that it starts (``Pool.start``)."""


class Pool:
    """The worker processes of one batch, started (``start``) as early as the batch knows it will
    need them: with Typst each worker's first compile (its fonts, 0.1 s) then overlaps what the
    command does before it hands out bulletins (reading the ledger, numbering, hashing)."""

    def __init__(
        self, workers: int | None, typeset: bool, template: Template, template_dirs: tuple[Path, ...]
    ) -> None:
        self.typeset, self.workers = typeset, workers
        self.count = workers or os.cpu_count() or 1
        context = _pool_context(typeset)
        self.forked = context.get_start_method() == "fork"
        self.executor = ProcessPoolExecutor(
            max_workers=self.count,
            mp_context=context,
            initializer=_start_worker,
            initargs=(template, template_dirs, typeset),
        )
        self.started = False

    def __enter__(self) -> Pool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.executor.shutdown(wait=True, cancel_futures=error is not None)

    def start(self) -> None:
        """Warm this process (``warm``: what the forked workers then share) and start every worker."""
        if self.started:
            return
        with stage("warm-up"):  # loaded once here, before the workers fork, not once in each (no
            # compile runs here, so the workers still fork: see _pool_context)
            warm(self.typeset)
        # what this process holds is frozen out of the garbage collector while the workers fork
        # and start: a collection in a worker would otherwise touch (copy) every object it
        # inherited (measured: 0.1 s of CPU on each worker's first bulletin)
        gc.freeze()
        try:
            # forked workers all start at the first task; spawned ones one per task not taken yet
            for _worker_number in range(self.count):
                self.executor.submit(_ready)
        finally:
            gc.unfreeze()
        self.started = True

    def beside(self, function: Callable[..., T], *args: object) -> Callable[[], T]:
        """Return how to get ``function(*args)``: run now in a worker when they are started and forked
        (they are idle at a batch's end, while this process finishes the 合订本; a spawned one would
        import the function's modules first), else here when asked."""
        if not (self.started and self.forked):
            return lambda: function(*args)
        return self.executor.submit(function, *args).result

    def render(self, tasks: Sequence[tuple[Job, Typeset | None]]) -> Iterator[Made]:
        """Yield what the workers made of each task, in order (started first if they are not)."""
        self.start()
        return self.executor.map(_render, tasks)


def _pool_context(typesets: bool) -> BaseContext:
    """Return how worker processes start: forked (they share the loaded modules, no start-up cost),
    spawned when they typeset with Typst and Typst may have run in this process, or when the system
    cannot fork.

    Typst's compiler leaves its thread pool behind; a child forked from that process waits forever
    on a futex in its first compile (seen: a bulletin batch after a direct ``typst.compile``; a
    batch that only makes .docx files forks fine after it, measured).  Spawned, not from a fork
    server: a spawned worker's parent is the command, so it dies with it (``_die_with_parent``); a
    fork server outlived a SIGKILLed command with its workers, holding the run's pipes (measured:
    still open after 60 s; spawn's closed in 0.2 s).
    """
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    return multiprocessing.get_context("spawn" if typesets and typst_may_have_run() else "fork")


def typst_may_have_run() -> bool:
    """Return whether Typst may have compiled in this process, whoever called it: docgen's compile
    module says so, or the ``typst`` package is loaded and the process has native threads that were
    not there before it was loaded (Typst's pool: 2 on 2 cores after one ``typst.compile``,
    measured).  Threads running before (OpenBLAS's, started by numpy that openpyxl imports) are not
    counted: counting them spawned every Typst bulletin batch, 4.6 s instead of 2.4 s for 100.
    Without the package loaded, Typst never ran."""
    import sys

    from docgen import native_threads

    if "typst" not in sys.modules:
        native_threads.note_before_typst()
        return False
    own = sys.modules.get("docgen.emit.typst.compile")
    if own is not None and own.has_compiled():
        return True
    return bool(native_threads.started_since_typst())


def warm(typeset: bool) -> None:
    """Load, before the workers fork, what every worker would otherwise load for itself on its
    first bulletin: jieba's segmenter (titles, table cells: its words as strings), the faces' advances and kerning (the estimate:
    fc-match and the cached metrics), and with Typst the compiler and its font index (building it
    starts no thread, so the workers still fork).  Measured per worker: 0.2 s of layout and 0.05 s
    of compile on the first bulletin, paid once here instead of once in each worker."""
    from docgen import standard as S
    from docgen.layout import metrics
    from docgen.words import segmenter_in_memory, words

    words("重点项目建设进展情况")
    segmenter_in_memory()
    for face in (metrics.BODY_FONT, S.FONT_HEITI, S.FONT_KAITI):
        metrics.advances(face)
        metrics.kerning(face)
    if typeset:
        from docgen.emit.typst.compile import compiler

        compiler()


def _die_with_parent() -> None:
    """Make a worker process die when the command dies (even by SIGKILL): Linux's PR_SET_PDEATHSIG;
    a worker whose command died before it got here exits now (the signal would never come)."""
    try:
        import ctypes
        import multiprocessing
        import os
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
        parent = multiprocessing.parent_process()
        if parent is not None and os.getppid() != parent.pid:
            os._exit(1)
    except (OSError, AttributeError):
        pass


@dataclass(frozen=True)
class Typeset:
    """Typst's part of a worker's job: the bulletin's PDF is typeset where it is laid out."""

    issue: str  # the PDF's subject
    watermark: bool


@dataclass
class Made:
    """What a worker made of one bulletin: its .docx, its PDF when Typst typeset it, or the error;
    the worker's CPU seconds per stage for it (``docgen.publish.stages``)."""

    subject: str
    docx: bytes | None
    error: str = ""
    pdf: bytes | None = None
    pages: int = 0
    stages: dict[str, float] = field(default_factory=dict)


def _no_write(_path: Path, _data: bytes) -> None:
    """A worker writes nothing: the command writes what workers return, through its register ticket."""


def _render(task: tuple[Job, Typeset | None]) -> Made:
    """Make one bulletin's .docx, and with Typst its PDF too (in a worker process, laid out once); its
    stages: this bulletin's, and for a worker's first the worker's start (``_start_worker``)."""
    made = _make(task)
    made.stages = take()
    return made


def _make(task: tuple[Job, Typeset | None]) -> Made:
    assert _worker is not None, "a worker renders only after _start_worker"
    template, env = _worker
    job, typeset = task
    try:
        with stage("compose"):
            doc = _compose(job, env)
        if typeset is None:
            with stage("layout + docx"):
                return Made(job.subject, render_docx(doc, template).data)
        load_pdfium()  # a worker counts many PDFs' pages: with PDFium (docgen.publish.pdfium)
        item = Publication(
            doc,
            Path("bulletin.docx"),
            Path("bulletin.pdf"),
            None,  # the layout's: the bulletin's title, its 简报 and 期, the 编印单位 (print9 #2)
            watermark=typeset.watermark,
            engine=Engine.TYPST,
        )
        [result] = publish([item], template, None, write=_no_write)
        if result.error is not None:
            return Made(job.subject, None, str(result.error))
        return Made(job.subject, result.docx_data, pdf=result.pdf_data, pages=result.pages)
    except DocgenError as error:
        return Made(job.subject, None, str(error))
    except ValueError as error:  # a character lxml refuses in a cell
        return Made(job.subject, None, str(error))
