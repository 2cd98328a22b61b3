"""Helpers shared by tests: render a notice file to bytes and read it back; put a table in a notice
and make its PDF with either engine."""

from __future__ import annotations

import dataclasses
import importlib.util
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

import pytest
from docx.document import Document as DocxDocument

from docgen.check.docx_read import load
from docgen.convert.pool import ConverterPool, wait_gone
from docgen.emit.docx.emit import render_docx
from docgen.model import Document, Table
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


# a notice with one table between two sentences: the table solver's tests put theirs in its place
TABLE_NOTICE = """---
发文机关: zhangzi
发文字号: 5
标题: 关于报送重点项目进展情况的通知
主送: 各乡镇人民政府
成文日期: 2025-01-19
双面印刷: false
---
请按下表报送。

| 甲 | 乙 |
|---|---|
| 1 | 2 |

以上请遵照执行。
"""


def with_table(folder: Path, table: Table) -> Document:
    """Return TABLE_NOTICE (written into ``folder``) composed, with ``table`` for its table."""
    source = folder / "notice.md"
    source.write_text(TABLE_NOTICE, encoding="utf-8")
    doc = compose_notice_file(source, RunResources())
    return dataclasses.replace(doc, body=tuple(table if isinstance(b, Table) else b for b in doc.body))


def libreoffice_pdf(doc: Document, pool: ConverterPool, pdf: Path) -> Path:
    """Return ``pdf`` made by LibreOffice from the .docx of ``doc`` (written beside it)."""
    docx = pdf.with_suffix(".docx")
    docx.write_bytes(render_docx(doc, RunResources().template).data)
    (outcome,) = pool.convert([(docx, pdf)])
    assert outcome.error is None, outcome.error
    return outcome.target


def typst_pdf(doc: Document, pdf: Path) -> Path:
    """Return ``pdf`` made by the Typst engine from ``doc``; the test is skipped without its fonts."""
    from docgen.emit.typst.compile import missing_fonts, render_pdf

    if missing_fonts():
        pytest.skip("the fonts Typst needs are not installed")
    pdf.write_bytes(render_pdf(doc).pdf)
    return pdf


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


def no_soffice_path(tmp_path: Path) -> str:
    """Return a PATH holding fontconfig's tools alone (no soffice): the 样稿 watermark and the font
    report ask fontconfig for faces."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("fc-match", "fc-list"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    return str(bin_dir)
