"""Helpers shared by tests: render a notice file to bytes and read it back."""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from docx.document import Document as DocxDocument

from docgen.check.docx_read import load
from docgen.convert.pool import wait_gone
from docgen.model import Document
from docgen.notices import compose_notice_file, render_notice_file
from docgen.run_resources import RunResources
from docgen.scratch import processes_using as pool_processes


def load_script(path: Path) -> ModuleType:
    """Return the Python file ``path`` (a sample maker, the baseline recorder) loaded as a module."""
    # named by its folder too, and registered, so that two scripts of one name (fixtures/*/make11.py)
    # stay two modules and a dataclass in one finds its module
    name = f"script_{path.parent.name}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


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
    stops with 已中止 and exit 130 and leaves no pool process; return the pool's profile folder."""
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
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err  # 128 + SIGINT, with one line saying so
    assert "已中止".encode() in err, err
    assert b"Traceback" not in err
    assert wait_gone(list(pool_processes(marker)), 10)
    assert not list(pool_processes(marker))
    return marker
