"""Helpers shared by tests: render a notice file to bytes and read it back."""

from __future__ import annotations

import signal
import subprocess
import tempfile
import time
from pathlib import Path

from docx.document import Document as DocxDocument

from docgen.check.docx_read import load
from docgen.convert.pool import pool_processes, wait_gone
from docgen.model import Document
from docgen.notices import compose_notice_file, render_notice_file
from docgen.run_resources import RunResources


def render(path: Path) -> bytes:
    """Return the .docx bytes of a notice source."""
    return render_notice_file(path, RunResources()).data


def render_doc(path: Path) -> DocxDocument:
    """Return the rendered notice opened with python-docx."""
    return load(render(path))


def model(path: Path) -> Document:
    """Return the composed document model of a notice source."""
    return compose_notice_file(path, RunResources())


def interrupt_when_pool_runs(process: subprocess.Popen[bytes], *, wait: float, settle: float = 0.0) -> Path:
    """Press Ctrl-C on ``process`` once its LibreOffice pool runs (after ``settle`` s more); assert it
    stops with an error and leaves no pool process; return the pool's profile folder."""
    marker = None
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and marker is None:
        for entry in Path(tempfile.gettempdir()).glob(f"docgen-lo-{process.pid}-*"):
            if list(pool_processes(entry)):
                marker = entry
        time.sleep(0.05)
    assert marker is not None, "the pool never started"
    time.sleep(settle)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    assert process.returncode != 0
    assert wait_gone(list(pool_processes(marker)), 10)
    assert not list(pool_processes(marker))
    return marker
