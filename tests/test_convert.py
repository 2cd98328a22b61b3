"""The LibreOffice pool: conversions, crashes, hangs, Ctrl-C, fallback — with the real LibreOffice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_FRONT, ROOT, SAMPLES
from helpers import interrupt_when_pool_runs

from docgen.convert import converter
from docgen.convert import pool as pool_module
from docgen.convert.oneshot import soffice_path
from docgen.convert.pool import ConverterPool, system_python, wait_gone
from docgen.notices import render_notice_file
from docgen.run_resources import RunResources
from docgen.scratch import processes_using as pool_processes

pytestmark = pytest.mark.skipif(
    soffice_path() is None or system_python() is None, reason="LibreOffice with python3-uno is not installed"
)


@pytest.fixture(scope="module")
def docx_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("docx")
    files = []
    for source in sorted(SAMPLES.glob("*.md")):
        target = folder / f"{source.stem}.docx"
        target.write_bytes(render_notice_file(source, RunResources()).data)
        files.append(target)
    return files


def _jobs(files: list[Path], out: Path, copies: int = 1) -> list[tuple[Path, Path]]:
    return [(f, out / f"{i}-{f.stem}.pdf") for i in range(copies) for f in files]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _is_pdf(path: Path) -> bool:
    return path.is_file() and path.read_bytes()[:5] == b"%PDF-"


def test_pool_converts_and_leaves_no_process(docx_files: list[Path], tmp_path: Path) -> None:
    with ConverterPool(2) as pool:
        root = pool.root
        assert len(list(pool_processes(root))) >= 4  # two workers, each with soffice
        results = pool.convert(_jobs(docx_files, tmp_path))
    assert all(r.error is None and _is_pdf(r.target) for r in results)
    assert [r.source.name for r in results] == [f.name for f in docx_files]
    assert not list(pool_processes(root))


def test_a_worker_killed_mid_batch_still_gives_every_pdf(docx_files: list[Path], tmp_path: Path) -> None:
    killed: list[int] = []
    with ConverterPool(2) as pool:
        root = pool.root

        def kill_one(_outcome: object) -> None:
            if not killed:
                victims = [pid for pid in pool.workers[0].group() if b"soffice.bin" in _cmdline(pid)]
                assert victims
                os.kill(victims[0], signal.SIGKILL)  # LibreOffice itself crashes
                killed.append(victims[0])

        results = pool.convert(_jobs(docx_files, tmp_path, copies=2), on_done=kill_one)
    assert killed
    assert all(r.error is None and _is_pdf(r.target) for r in results), [r.error for r in results]
    assert any(r.retried for r in results)
    assert not list(pool_processes(root))


def test_a_hung_worker_is_killed_and_its_document_retried(docx_files: list[Path], tmp_path: Path) -> None:
    # a hung soffice never answers, so any timeout finds it; 20 s (not 4) leaves a healthy
    # conversion, laid out twice (.docx, then its .odt copy), room under a load of 15 on 2 cores
    with ConverterPool(2, timeout=20) as pool:
        root = pool.root
        hung = next(pid for pid in pool.workers[1].group() if b"soffice.bin" in _cmdline(pid))
        os.kill(hung, signal.SIGSTOP)  # soffice stops answering, as a hung conversion does
        results = pool.convert(_jobs(docx_files[:3], tmp_path, copies=2))
        assert not Path(f"/proc/{hung}").exists() or wait_gone([hung])
    assert all(r.error is None and _is_pdf(r.target) for r in results), [r.error for r in results]
    assert any(r.retried for r in results)
    assert not list(pool_processes(root))


def test_workers_are_recycled(docx_files: list[Path], tmp_path: Path) -> None:
    with ConverterPool(1, recycle_after=2) as pool:
        first = pool.workers[0].soffice_pid
        results = pool.convert(_jobs(docx_files[:3], tmp_path))
        assert pool.workers[0].generation == 2
        assert pool.workers[0].soffice_pid != first
    assert all(r.error is None for r in results)


def test_a_broken_document_fails_alone(docx_files: list[Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a Word document")
    with ConverterPool(1) as pool:
        results = pool.convert([(broken, tmp_path / "broken.pdf"), (docx_files[0], tmp_path / "good.pdf")])
    assert results[0].error is not None
    assert not (tmp_path / "broken.pdf").exists()
    assert results[1].error is None
    assert _is_pdf(tmp_path / "good.pdf")


def test_even_one_document_goes_through_a_uno_worker(
    docx_files: list[Path], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Only a UNO worker can turn LibreOffice's Chinese–Latin spacing off: a single document gets a pool of one."""
    sizes: list[int] = []
    real = converter.ConverterPool

    def recording(size: int, *args: object, **kwargs: object) -> object:
        sizes.append(size)
        return real(size, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(converter, "ConverterPool", recording)
    results = converter.convert_documents(_jobs(docx_files[:1], tmp_path))
    assert all(r.error is None and _is_pdf(r.target) for r in results)
    assert sizes == [1]


def test_falls_back_to_one_soffice_run_when_the_pool_cannot_start(
    docx_files: list[Path], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pool_module, "system_python", lambda: None)
    notes: list[str] = []
    results = converter.convert_documents(_jobs(docx_files[:3], tmp_path), notes=notes)
    assert all(r.error is None and _is_pdf(r.target) for r in results)
    assert notes
    assert "python3-uno" in notes[0]


def test_ctrl_c_leaves_no_libreoffice_process(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    body = "\n".join(["重点项目建设要坚持问题导向，逐项落实责任，确保按期完成年度目标任务。"] * 40)
    for i in range(12):
        (sources / f"n{i:02d}.md").write_text(f"---\n{MINIMAL_FRONT}\n---\n{body}\n", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "cli.py"),
            "preview",
            str(sources),
            "-o",
            str(tmp_path / "out"),
            "--workers",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    interrupt_when_pool_runs(process, wait=60, settle=1.0)  # conversions have begun
    assert not list((tmp_path / "out").glob("*.part"))
