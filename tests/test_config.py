"""docgen.toml: a mistyped section or key is an error naming the file, its line, the key and the nearest
known one (outsider6 #2); values are quoted as the file spells them.  Real CLI runs, real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_FRONT

from docgen.cli import main_group
from docgen.config import KNOWN_KEYS, Settings, resolve_settings


def _render_error(tmp_path: Path, config: str, write_notice, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    """Return what `render` says on stderr with ``config`` as ./docgen.toml (it must fail)."""
    (tmp_path / "docgen.toml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main_group, ["render", str(write_notice(MINIMAL_FRONT)), "-o", "n.docx"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "n.docx").exists()
    return result.stderr


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ('[paths]\nletterhead = ["版头"]\n', "docgen.toml，第 2 行：[paths] 中未知的设置“letterhead”"),
        (
            '[pdf]\nengin = "typst"\n',
            "docgen.toml，第 2 行：[pdf] 中未知的设置“engin”；可写 engine；是不是“engine”？",
        ),
        ('# 版头\n\n[path]\nletterheads = ["版头"]\n', "docgen.toml，第 3 行：未知的节“[path]”"),
        ('[register]\n"paht" = "r.sqlite"\n', "docgen.toml，第 2 行：[register] 中未知的设置“paht”"),
        ('engine = "typst"\n', "docgen.toml，第 1 行：设置“engine”应写在 [pdf] 一行之下"),
        ("[pdf]\nengine = true\n", "docgen.toml，第 2 行，字段“pdf.engine”：不是 PDF 排版引擎：“true”"),
        (
            "[paths]\nletterheads = false\n",
            '第 2 行，字段“paths.letterheads”：应为文件夹列表，如 letterheads = ["版头"]：“false”',
        ),
    ],
)
def test_a_mistyped_setting_is_named_with_its_line(
    tmp_path: Path, write_notice, monkeypatch, config: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    error = _render_error(tmp_path, config, write_notice, monkeypatch)
    assert said in error, error
    assert "True" not in error
    assert "False" not in error


def test_the_nearest_key_is_offered(tmp_path: Path, write_notice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    error = _render_error(tmp_path, '[paths]\nletterhead = ["版头"]\n', write_notice, monkeypatch)
    assert "是不是“letterheads”？" in error
    error = _render_error(tmp_path, "[path]\n", write_notice, monkeypatch)
    assert "是不是“paths”？" in error


def test_every_unknown_key_is_named_at_once(tmp_path: Path, write_notice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    config = '[paths]\nletterhead = ["版头"]\ntemplates = ["t"]\n[pdf]\nengin = "typst"\n'
    error = _render_error(tmp_path, config, write_notice, monkeypatch)
    assert "第 2 行：[paths] 中未知的设置“letterhead”" in error
    assert "第 5 行：[pdf] 中未知的设置“engin”" in error


def test_a_register_command_refuses_a_mistyped_register_path(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`[register] paht`: the register commands say so instead of quietly using the default register."""
    (tmp_path / "docgen.toml").write_text('[register]\npaht = "登记.sqlite"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCGEN_REGISTER", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = CliRunner().invoke(main_group, ["register", "list"])
    assert result.exit_code == 1, result.output
    assert "第 2 行：[register] 中未知的设置“paht”；可写 path；是不是“path”？" in result.stderr
    assert not (tmp_path / "data").exists()


FOLDERS = '["版头"]'


def test_every_known_key_is_accepted(tmp_path: Path) -> None:
    """The keys listed in KNOWN_KEYS (the one list) all read without an error."""
    (tmp_path / "版头").mkdir()
    lines = []
    for section, keys in KNOWN_KEYS.items():
        lines.append(f"[{section}]")
        values = {"engine": '"typst"', "path": '"r.sqlite"'}
        lines += [f"{key} = {values.get(key, FOLDERS)}" for key in keys]
    (tmp_path / "docgen.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = resolve_settings(environ={}, cwd=tmp_path)
    assert settings.engine == "typst"
    assert (tmp_path / "版头").resolve() in settings.letterhead_dirs
    assert settings.attachment_dirs == ((tmp_path / "版头").resolve(),)
    assert resolve_settings(environ={}, cwd=tmp_path / "版头").engine == Settings().engine
