"""fontconfig's answers kept on disk (docgen.fc_cache through docgen.fontfiles.match): reused by a
later process, asked again when a font is added, replaced or the configuration changes.

Real fc-match on a configuration of its own (one font folder of copies of two system fonts,
fontconfig's cache in the test's folder); a "later process" is the same process with the in-memory
answers dropped (``fontfiles._answers``).  Every fc-match run is counted by a spy that runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from docgen import fontfiles

pytestmark = pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fontconfig's fc-match")


def _system_font(family: str) -> Path:
    """Return the system's file of ``family``'s regular face (the shortest name of its .ttf files)."""
    listing = subprocess.run(
        ["fc-list", "--format", "%{file}\n", family], capture_output=True, text=True, check=True
    ).stdout.split()
    files = sorted((f for f in listing if f.endswith(".ttf")), key=lambda f: (len(f), f))
    if not files:
        pytest.skip(f"needs the {family} font")
    return Path(files[0])


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, list[list[str]]]:
    """Return a configuration file, its font folder, and the list of fc-match runs (argument lists)."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f"<?xml version='1.0'?>\n<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runs: list[list[str]] = []
    real = subprocess.run

    def spy(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        if Path(args[0]).name == "fc-match":
            runs.append(list(args))
        return real(args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(fontfiles.subprocess, "run", spy)
    fontfiles._answers.cache_clear()
    yield conf, fonts, runs
    fontfiles._answers.cache_clear()


def _later(conf: Path, family: str) -> tuple[str, int] | None:
    """Ask as a new process would: the answers read from disk again."""
    fontfiles._answers.cache_clear()
    return fontfiles.match(family, None, conf)


def _touch_later(path: Path) -> None:
    """Move ``path``'s time of change 2 s on, as a font installed a while after the last run."""
    seen = path.stat()
    os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns + 2_000_000_000))


def test_an_answer_is_kept_and_used_by_a_later_process(
    setup: tuple[Path, Path, list[list[str]]], tmp_path: Path
) -> None:
    conf, fonts, runs = setup
    mono = shutil.copy(_system_font("DejaVu Sans Mono"), fonts / "mono.ttf")
    assert _later(conf, "DejaVu Sans Mono") == (str(mono), 0)
    assert len(runs) == 1
    assert _later(conf, "DejaVu Sans Mono") == (str(mono), 0)
    assert len(runs) == 1  # from the disk, fontconfig not asked
    kept = list((tmp_path / "cache" / "docgen").glob("fc-match-*.json"))
    assert len(kept) == 1
    assert str(fonts) in json.loads(kept[0].read_text(encoding="utf-8"))["dirs"]
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["docgen"]  # nothing else written


def test_a_font_added_is_seen(setup: tuple[Path, Path, list[list[str]]]) -> None:
    conf, fonts, runs = setup
    symbol = shutil.copy(_system_font("OpenSymbol"), fonts / "a-symbol.ttf")
    assert _later(conf, "DejaVu Sans Mono") == (str(symbol), 0)  # the only font: fontconfig's fallback
    mono = shutil.copy(_system_font("DejaVu Sans Mono"), fonts / "b-mono.ttf")
    _touch_later(fonts)
    assert _later(conf, "DejaVu Sans Mono") == (str(mono), 0)
    assert len(runs) == 2


def test_a_font_added_in_a_subfolder_is_seen(setup: tuple[Path, Path, list[list[str]]]) -> None:
    conf, fonts, runs = setup
    (fonts / "sub").mkdir()
    symbol = shutil.copy(_system_font("OpenSymbol"), fonts / "sub" / "a-symbol.ttf")
    assert _later(conf, "DejaVu Sans Mono") == (str(symbol), 0)
    mono = shutil.copy(_system_font("DejaVu Sans Mono"), fonts / "sub" / "b-mono.ttf")
    assert _later(conf, "DejaVu Sans Mono") == (str(mono), 0)  # the file names differ: seen at once
    assert len(runs) == 2


def test_a_font_file_replaced_in_place_is_asked_again(setup: tuple[Path, Path, list[list[str]]]) -> None:
    conf, fonts, runs = setup
    face = fonts / "face.ttf"
    shutil.copy(_system_font("OpenSymbol"), face)
    assert _later(conf, "OpenSymbol") == (str(face), 0)
    face.write_bytes(_system_font("DejaVu Sans Mono").read_bytes())  # same name, the folder unchanged
    _later(conf, "OpenSymbol")
    assert len(runs) == 2  # the answer's font file changed: fontconfig asked again
    _later(conf, "OpenSymbol")
    assert len(runs) == 2


def test_a_configuration_change_is_seen(setup: tuple[Path, Path, list[list[str]]]) -> None:
    conf, fonts, runs = setup
    symbol = shutil.copy(_system_font("OpenSymbol"), fonts / "a-symbol.ttf")
    mono = shutil.copy(_system_font("DejaVu Sans Mono"), fonts / "b-mono.ttf")
    assert _later(conf, "OpenSymbol") == (str(symbol), 0)
    text = conf.read_text(encoding="utf-8").replace(
        "</fontconfig>",
        "<alias binding='same'><family>OpenSymbol</family><prefer><family>DejaVu Sans Mono</family></prefer></alias></fontconfig>",
    )
    conf.write_text(text, encoding="utf-8")
    assert _later(conf, "OpenSymbol") == (str(mono), 0)
    assert len(runs) == 2


def test_an_unreadable_cache_file_is_made_again(
    setup: tuple[Path, Path, list[list[str]]], tmp_path: Path
) -> None:
    conf, fonts, runs = setup
    mono = shutil.copy(_system_font("DejaVu Sans Mono"), fonts / "mono.ttf")
    assert _later(conf, "DejaVu Sans Mono") == (str(mono), 0)
    [kept] = (tmp_path / "cache" / "docgen").glob("fc-match-*.json")
    kept.write_bytes(b'{"format": 1, "answers": {"DejaVu Sans Mono\\t": ["/etc/passwd.ttf", 0, "x"]}')
    assert _later(conf, "DejaVu Sans Mono") == (str(mono), 0)
    assert len(runs) == 2
    assert json.loads(kept.read_text(encoding="utf-8"))["answers"]["DejaVu Sans Mono\t"][0] == str(mono)
