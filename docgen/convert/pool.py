"""A pool of persistent LibreOffice workers converting .docx to PDF.

Each worker is ``uno_worker.py`` run by Debian's system python3 (the only one with ``uno``),
in a process group of its own together with the soffice it starts, with its own profile folder.
A document that takes longer than the timeout, or whose worker dies, gets its worker's whole
process group killed (soffice is a wrapper around soffice.bin), the worker restarted and the
document tried once more; failing again, that document alone fails, saying what soffice said as it
died, and the worker is started afresh for the next one.  Workers are recycled after a number of documents: a long-running
LibreOffice grows from about 200 to 400 MiB over 400 conversions and slows down by 17 %
(reference/baseline.md).  Leaving the pool (normally, on an error, or on Ctrl-C) kills every
worker group, so no LibreOffice process outlives the command.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from docgen.convert.offline import offline_copy
from docgen.convert.oneshot import conversion_environment, seed_profile, soffice_path
from docgen.errors import ConversionError
from docgen.i18n import _
from docgen.scratch import make_scratch_dir

WORKER_SCRIPT = Path(__file__).with_name("uno_worker.py")
SYSTEM_PYTHON_CANDIDATES = ("/usr/bin/python3", "/usr/local/bin/python3")


def system_python() -> str | None:
    """Return an interpreter that can ``import uno`` (Debian's python3 with python3-uno), or None."""
    for candidate in (os.environ.get("DOCGEN_UNO_PYTHON"), *SYSTEM_PYTHON_CANDIDATES):
        if candidate and Path(candidate).is_file():
            check = subprocess.run([candidate, "-c", "import uno"], capture_output=True, check=False)
            if check.returncode == 0:
                return candidate
    return None


class WorkerFailed(Exception):
    """A worker hung, died or could not start (internal: the pool restarts it)."""


class Worker:
    """One uno_worker.py process and its soffice, in a process group of their own."""

    def __init__(self, index: int, python: str, soffice: str, root: Path, start_timeout: float) -> None:
        self.index = index
        self._python = python
        self._soffice = soffice
        self._root = root
        self._start_timeout = start_timeout
        self._process: subprocess.Popen[str] | None = None
        # start() and kill() may run in two threads (a pool left while a worker starts): the process
        # is set and taken under this lock, and a kill that finds none while a start is under way
        # has that start kill what it made — a Popen dropped while running left LibreOffice behind
        self._guard = threading.Lock()
        self._starting = False
        self._cancelled = False
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.generation = 0
        self.done = 0
        self.soffice_pid: int | None = None

    @property
    def profile(self) -> Path:
        return self._root / f"profile-{self.index}-{self.generation}"

    def start(self) -> None:
        """Start the worker and wait until its soffice accepts documents."""
        if self._process is not None:  # never drop a running worker: its LibreOffice would outlive us
            self.kill()
        with self._guard:
            self._starting, self._cancelled = True, False
        try:
            self._start()
        finally:
            with self._guard:
                self._starting = False

    def _start(self) -> None:
        self.generation += 1
        self.done = 0
        seed_profile(self.profile)
        pipe = f"docgen_{os.getpid()}_{self.index}_{self.generation}_{id(self)}"
        self._lines = queue.Queue()
        process = subprocess.Popen(
            [
                self._python,
                str(WORKER_SCRIPT),
                "--soffice",
                self._soffice,
                "--profile",
                str(self.profile),
                "--pipe",
                pipe,
                "--start-timeout",
                str(self._start_timeout),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
            env=conversion_environment(self._root),
            start_new_session=True,  # the worker leads a process group holding soffice too
        )
        with self._guard:
            self._process, cancelled = process, self._cancelled
        if cancelled:  # killed (the pool left) while this process was being made
            self.kill()
            raise WorkerFailed(_("the LibreOffice worker stopped"))
        assert process.stdout is not None
        threading.Thread(target=self._read, args=(process.stdout, self._lines), daemon=True).start()
        message = self._receive(self._start_timeout + 5)
        if not message.get("ready"):
            self.kill()
            raise WorkerFailed(str(message.get("error", "not ready")))
        self.soffice_pid = int(message["soffice_pid"])

    @staticmethod
    def _read(stream: IO[str], lines: queue.Queue[str | None]) -> None:
        try:
            for line in stream:
                lines.put(line)
        except (OSError, ValueError):  # closed under it as the worker is killed (a preview of a bad source
            pass  # stops the pool it started meanwhile): the thread printed a traceback as the run ended
        lines.put(None)

    def _receive(self, timeout: float) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise WorkerFailed(
                _("LibreOffice did not answer within {seconds} s").format(seconds=timeout)
            ) from None
        if line is None:
            raise WorkerFailed(_("the LibreOffice worker stopped"))
        message: dict[str, Any] = json.loads(line)
        return message

    def convert(self, source: Path, target: Path, timeout: float) -> None:
        """Convert one document; raise WorkerFailed if the worker hangs or dies, ConversionError if the document fails."""
        process = self._process  # once: a pool left meanwhile takes it (kill)
        if process is None or process.poll() is not None:
            raise WorkerFailed(_("the LibreOffice worker stopped"))
        assert process.stdin is not None
        # LibreOffice writes into the worker's own folder first: a crash mid-store leaves a lock
        # file (.~lock.NAME#) there, which goes with the worker, not beside the user's file.
        scratch = self.profile.parent / f"out-{self.index}-{self.generation}"
        scratch.mkdir(parents=True, exist_ok=True)
        written = scratch / f"{self.done}.pdf"
        written.unlink(missing_ok=True)
        try:
            process.stdin.write(json.dumps({"in": str(source), "out": str(written)}) + "\n")
            process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise WorkerFailed(_("the LibreOffice worker stopped")) from None
        message = self._receive(timeout)
        self.done += 1
        if not message.get("ok"):
            if message.get("dead"):
                raise WorkerFailed(str(message.get("error")))
            raise ConversionError(str(message.get("error")))
        if not written.is_file() or written.stat().st_size == 0:
            raise ConversionError(_("LibreOffice reported success but wrote no PDF"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(written, target)

    def group(self) -> list[int]:
        """Return the pids of the worker's process group (the worker, soffice, soffice.bin)."""
        if self._process is None:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except (OSError, IndexError):
                    continue
                if int(fields[2]) == self._process.pid:  # field 5 of stat: the process group
                    pids.append(int(entry.name))
        return pids

    def stop(self) -> None:
        """Ask the worker to close soffice and exit; kill its group if it does not within 10 s."""
        process = self._process
        if process is None:
            return
        try:
            if process.poll() is None and process.stdin is not None:
                process.stdin.write(json.dumps({"quit": True}) + "\n")
                process.stdin.flush()
            process.wait(timeout=10)
        except (BrokenPipeError, OSError, subprocess.TimeoutExpired):
            pass
        self.kill()

    def kill(self) -> None:
        """Kill the worker's whole process group (worker, soffice wrapper, soffice.bin)."""
        with self._guard:
            process, self._process = self._process, None
            if process is None:
                self._cancelled = self._starting  # a start under way kills what it makes
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        shutil.rmtree(self.profile, ignore_errors=True)
        shutil.rmtree(self.profile.parent / f"out-{self.index}-{self.generation}", ignore_errors=True)


@dataclass(frozen=True)
class Conversion:
    """The outcome of one document: its PDF, or the error that stopped it."""

    source: Path
    target: Path
    error: ConversionError | None = None
    retried: bool = False
    notes: tuple[str, ...] = ()  # what of the document LibreOffice was not given (a linked picture …)


ProgressCallback = Callable[[Conversion], None]


class ConverterPool:
    """Persistent LibreOffice workers fed from one queue; use it as a context manager."""

    def __init__(
        self,
        size: int | None = None,
        *,
        recycle_after: int = 100,
        timeout: float = 120.0,
        start_timeout: float = 60.0,
    ) -> None:
        python = system_python()
        soffice = soffice_path()
        if python is None:
            raise ConversionError(_("no python3 with the uno module (Debian package python3-uno) was found"))
        if soffice is None:
            raise ConversionError(_("LibreOffice (soffice) is not installed; run scripts/setup.sh"))
        self.size = size or os.cpu_count() or 1
        self.recycle_after = recycle_after
        self.timeout = timeout
        self._root = make_scratch_dir("lo")
        self.workers = [Worker(i, python, soffice, self._root, start_timeout) for i in range(self.size)]
        self._started = False
        self._launching: list[threading.Thread] = []
        self._errors: list[str] = []
        self._lock = threading.Lock()
        # set when the pool is left: its threads take no new document and restart no worker (a
        # restart racing Ctrl-C's kill would start a LibreOffice that outlives the command)
        self._closed = threading.Event()

    @property
    def root(self) -> Path:
        """The folder holding the workers' profiles (its name marks this pool's processes)."""
        return self._root

    def __enter__(self) -> ConverterPool:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is not None and not issubclass(kind, Exception):
            self.kill()  # Ctrl-C or SystemExit: no time for a polite stop
        else:
            self.close()

    def start(self, *, wait: bool = True) -> None:
        """Start every worker in parallel; raise ConversionError if none starts.

        ``wait=False`` returns at once: the workers start while the caller lays out its documents,
        and the first ``convert`` (or ``started``) waits for them and raises instead.
        """
        self._errors = []
        # daemon threads: a Ctrl-C while LibreOffice starts does not wait for it (the kill below,
        # or the launch seeing the pool left, ends what started)
        self._launching = [
            threading.Thread(target=self._launch, args=(w,), daemon=True) for w in self.workers
        ]
        for thread in self._launching:
            thread.start()
        if wait:
            try:
                self.started()
            except BaseException:  # Ctrl-C while starting: __exit__ is not called for a failed __enter__
                self.kill()
                raise

    def _launch(self, worker: Worker) -> None:
        try:
            worker.start()
        except WorkerFailed as failure:
            self._errors.append(str(failure))
            return
        except OSError as error:  # its profile folder: removed by kill() as the pool is left
            if not self._closed.is_set():
                self._errors.append(str(error))
            return
        if self._closed.is_set():  # the pool was left while this worker started
            worker.kill()

    def started(self) -> None:
        """Wait until every worker has started or failed; raise ConversionError if none started."""
        for thread in self._launching:
            while thread.is_alive():
                thread.join(0.2)  # short joins keep the main thread responsive to Ctrl-C
        if self._started:
            return
        self._started = True
        # killed as the pool was left (Ctrl-C) is no failure to start: convert() then makes nothing
        if len(self._errors) == len(self.workers) and not self._closed.is_set():
            self.kill()
            raise ConversionError(
                _("the LibreOffice pool could not start: {error}").format(error=self._errors[0])
            )

    def close(self) -> None:
        """Stop every worker politely, then make sure their groups are gone (a pool left while
        its workers still start is killed: they have nothing to finish)."""
        if any(thread.is_alive() for thread in self._launching):
            self.kill()
            return
        self._closed.set()
        threads = [threading.Thread(target=w.stop) for w in self.workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        shutil.rmtree(self._root, ignore_errors=True)

    def kill(self) -> None:
        """Kill every worker group at once."""
        self._closed.set()
        for worker in self.workers:
            worker.kill()
        shutil.rmtree(self._root, ignore_errors=True)

    def _convert_one(self, worker: Worker, source: Path, target: Path) -> Conversion:
        """Convert an offline copy of ``source`` (offline.py: LibreOffice never gets the file itself,
        and the copy's name is ASCII); return the outcome with what the copy left out."""
        staged = self._root / f"in-{worker.index}-{threading.get_ident()}"
        staged = staged.with_suffix(source.suffix if source.suffix.isascii() else "")
        try:
            notes = offline_copy(source, staged)
        except ConversionError as error:
            return Conversion(source, target, error)
        try:
            return replace(self._convert_staged(worker, staged, target), source=source, notes=notes)
        finally:
            staged.unlink(missing_ok=True)

    def _convert_staged(self, worker: Worker, source: Path, target: Path) -> Conversion:
        """Convert on ``worker``; after any failure, restart it (fresh LibreOffice) and try once more."""
        if worker.done >= self.recycle_after:
            worker.stop()
            try:
                worker.start()
            except WorkerFailed as failure:
                return Conversion(source, target, ConversionError(str(failure)))
        try:
            worker.convert(source, target, self.timeout)
            return Conversion(source, target)
        except (WorkerFailed, ConversionError) as failure:
            if self._closed.is_set():  # killed as the pool is left: no restart
                return Conversion(source, target, ConversionError(str(failure)))
        worker.kill()
        try:
            worker.start()
            if self._closed.is_set():  # the pool was left while this worker started
                worker.kill()
                raise WorkerFailed(_("the LibreOffice worker stopped"))
            worker.convert(source, target, self.timeout)
            return Conversion(source, target, None, retried=True)
        except WorkerFailed as failure:
            worker.kill()
            self._restart(worker)
            return Conversion(source, target, ConversionError(
                _("LibreOffice failed twice on this document ({error}); no PDF was made of it, "
                  "and LibreOffice was restarted for the other documents").format(error=failure)
            ), retried=True)
        except ConversionError as error:
            return Conversion(source, target, error, retried=True)

    def _restart(self, worker: Worker) -> None:
        """Start ``worker`` afresh after a document it died on, so the next document does not pay
        for it (one that fails to start is tried again by the next document)."""
        if self._closed.is_set():
            return
        try:
            worker.start()
        except (WorkerFailed, OSError):
            worker.kill()
            return
        if self._closed.is_set():  # the pool was left while it started
            worker.kill()

    def convert(
        self, jobs: Sequence[tuple[Path, Path]], on_done: ProgressCallback | None = None
    ) -> list[Conversion]:
        """Convert (source .docx, target .pdf) pairs on all workers; return outcomes in job order."""
        self.started()
        pending: queue.Queue[tuple[int, Path, Path]] = queue.Queue()
        for index, (source, target) in enumerate(jobs):
            pending.put((index, source.resolve(), target.resolve()))
        results: dict[int, Conversion] = {}
        callback_errors: list[BaseException] = []

        def run(worker: Worker) -> None:
            while not self._closed.is_set():
                try:
                    index, source, target = pending.get_nowait()
                except queue.Empty:
                    return
                outcome = self._convert_one(worker, source, target)
                with self._lock:
                    results[index] = outcome
                    if on_done and not callback_errors:
                        try:
                            on_done(outcome)
                        except Exception as error:  # raised again below, once every document is done
                            callback_errors.append(error)

        threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in self.workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)  # short joins keep the main thread responsive to Ctrl-C
        if callback_errors:
            raise callback_errors[0]
        stopped = ConversionError(_("the LibreOffice worker stopped"))  # the pool was left mid-batch
        return [results.get(i) or Conversion(*job, stopped) for i, job in enumerate(jobs)]


def wait_gone(pids: Sequence[int], seconds: float = 5.0) -> bool:
    """Return True once none of ``pids`` is alive (zombies count as gone)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
            except OSError:
                continue
            if state != "Z":
                alive.append(pid)
        if not alive:
            return True
        time.sleep(0.1)
    return False
