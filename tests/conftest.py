"""Shared fixtures: samples, notice files written on the fly, rendering helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "notices"
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(Path(__file__).parent))
# Child processes that get a HOME of their own (run_docgen, docgen_in) still share the user's cache:
# Typst's font folder holds the Noto CJK collections cut to the faces it can pick (82 MB, 1.8 s to
# make, docgen/emit/typst/fonts.py), made once here rather than once in every child's HOME.
os.environ.setdefault("XDG_CACHE_HOME", str(Path.home() / ".cache"))


@pytest.fixture(autouse=True)
def _chinese_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the message language to the default (Chinese) unless a test asks otherwise."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def write_notice(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Return a function writing a notice source (front matter lines + body) into tmp_path."""

    def write(front: str, body: str = "正文第一段。", name: str = "notice.md") -> Path:
        path = tmp_path / name
        path.write_text(f"---\n{front.strip()}\n---\n{body}\n", encoding="utf-8")
        return path

    return write


MINIMAL_FRONT = """
发文机关: yichuan
发文字号: 伊重点项目办〔2020〕13号
标题: 关于测试的通知
主送: 各乡镇人民政府
成文日期: 2020-03-05
"""


@pytest.fixture(scope="session")
def pool():  # type: ignore[no-untyped-def]
    """One LibreOffice pool for the whole test session (skipped where LibreOffice is missing)."""
    from docgen.convert.oneshot import soffice_path
    from docgen.convert.pool import ConverterPool, system_python

    if soffice_path() is None or system_python() is None:
        pytest.skip("LibreOffice with python3-uno is not installed (scripts/setup.sh)")
    with ConverterPool(2) as shared:
        yield shared


def run_docgen(
    cwd: Path, *args: str, timeout: float | None = 300, register: bool = False, **env: str
) -> subprocess.CompletedProcess[str]:
    """Return the finished run of ``python -m docgen ARGS`` of this tree in ``cwd``, in a child process:
    HOME and the XDG folders inside ``cwd`` (no shared default register or settings), messages in the
    default language (Chinese), with a register of its own (``--register cwd/r.sqlite``) when
    ``register``, and ``env`` added to its environment (e.g. ``LC_ALL``)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    environment.update(
        PYTHONPATH=str(ROOT),
        HOME=str(cwd / "home"),
        XDG_DATA_HOME=str(cwd / "home" / "share"),
        XDG_CONFIG_HOME=str(cwd / "home" / "config"),
        LANG="C.UTF-8",
        **env,
    )
    own = ["--register", str(cwd / "r.sqlite")] if register else []
    return subprocess.run(
        [sys.executable, "-m", "docgen", *own, *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def typst_pdf(source: Path, font_paths: Sequence[str] = ()) -> bytes:
    """Return the PDF the ``typst`` package makes of the file ``source`` (fonts: ``font_paths``, then
    the system's), compiled in a child process: Typst's thread pool left in the test session's process
    is what hung forked bulletin workers (tests/test_bulletin_after_typst.py)."""
    code = "import sys, typst; sys.stdout.buffer.write(typst.compile(sys.argv[1], font_paths=sys.argv[2:]))"
    done = subprocess.run([sys.executable, "-c", code, str(source), *font_paths], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


RANK_RULES = ROOT / "samples" / "ranking" / "rules.yaml"


def rank_args(ledger: Path, output: Path, *more: str | Path, month: str = "2025-05") -> list[str | Path]:
    """Return the arguments of ``docgen rank`` on ``ledger`` for ``month`` with the sample rules and the
    letterhead zhangzi-zdxmb, writing ``output``, then ``more`` (--date, --xlsx …)."""
    return ["rank", ledger, "--month", month, "--rules", RANK_RULES, "--letterhead", "zhangzi-zdxmb", "-o", output, *more]


def sample_paths() -> list[Path]:
    """Return every sample notice."""
    return sorted(SAMPLES.glob("*.md"))


os.environ.setdefault("PYTHONHASHSEED", "0")


def docgen_in(*args: str | Path, cwd: Path = ROOT, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Return the finished run of ``python -m docgen ARGS`` of this tree in ``cwd`` (the user's own HOME:
    for commands that take no number), messages in Chinese."""
    return subprocess.run(
        [sys.executable, "-m", "docgen", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "", "PYTHONPATH": str(ROOT)},
    )
