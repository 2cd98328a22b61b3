"""Language and settings are values handed down from the edge, not process state."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from conftest import MINIMAL_FRONT

from docgen.check.docx_read import load
from docgen.config import Settings, resolve_settings
from docgen.i18n import _, current_language, language_from_environ, use_language
from docgen.notices import render_notice_file, render_notices
from docgen.resources import builtin_dir
from docgen.run_resources import RunResources


def _texts(path: Path) -> list[str]:
    return [p.text for p in load(path.read_bytes()).paragraphs]


def test_one_process_renders_in_chinese_and_in_english_with_two_settings(
    write_notice, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    bad = write_notice(MINIMAL_FRONT.replace("2020-03-05", "someday"), name="bad.md")
    good = write_notice(MINIMAL_FRONT.replace("伊重点项目办〔2020〕13号", "auto"), name="good.md")
    jobs = [(bad, tmp_path / "bad.docx"), (good, tmp_path / "good.docx")]

    with use_language("zh_CN"):
        report = render_notices(jobs, RunResources())
        [(_source, error)] = report.failed
        assert "第 6 行，字段“成文日期”：不是日期" in str(error)
    with use_language("en"):
        report = render_notices(jobs, RunResources())
        [(_source, error)] = report.failed
        assert "line 6, field '成文日期': not a date: \"someday\"; write it like 2020-03-05" in str(error)
    with use_language("zh_CN"):
        assert "不是日期" in str(render_notices(jobs, RunResources()).failed[0][1])

    first, second = tmp_path / "first", tmp_path / "second"
    for folder, name in ((first, "伊川县第一机关"), (second, "伊川县第二机关")):
        folder.mkdir()
        (folder / "yichuan.yaml").write_text(f"全称: {name}\n代字: 伊发改\n", encoding="utf-8")
    one = Settings(letterhead_dirs=(first,))
    two = Settings(letterhead_dirs=(second,))
    for settings, name in ((one, "伊川县第一机关"), (two, "伊川县第二机关"), (one, "伊川县第一机关")):
        out = tmp_path / f"{name}.docx"
        report = render_notices([(good, out)], RunResources(settings))
        assert not report.failed
        assert f"{name}文件" in _texts(out)


def test_the_library_reads_no_environment_or_working_folder(
    write_notice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    own = tmp_path / "letterheads"
    own.mkdir()
    (own / "yichuan.yaml").write_text("全称: 环境变量里的机关\n代字: 伊发改\n", encoding="utf-8")
    monkeypatch.setenv("DOCGEN_LETTERHEADS", str(own))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.chdir(tmp_path)  # ./letterheads holds the same file
    source = write_notice(MINIMAL_FRONT)
    texts = [p.text for p in load(render_notice_file(source, RunResources()).data).paragraphs]
    assert "环境变量里的机关文件" not in texts
    assert current_language() == "zh_CN"
    assert _("Error: {message}") == "错误：{message}"


def test_settings_are_resolved_at_the_edge_in_the_documented_order(tmp_path: Path) -> None:
    flag, env, conf, home = (tmp_path / name for name in ("flag", "env", "conf", "home"))
    (tmp_path / "docgen.toml").write_text('[paths]\nletterheads = ["conf"]\n', encoding="utf-8")
    environ = {"DOCGEN_LETTERHEADS": str(env), "XDG_CONFIG_HOME": str(home), "DOCGEN_TEMPLATES": ""}
    settings = resolve_settings([flag], [], environ=environ, cwd=tmp_path)
    assert settings.letterhead_dirs == (
        flag.resolve(),
        env.resolve(),
        conf.resolve(),
        (tmp_path / "letterheads").resolve(),
        (home / "docgen" / "letterheads").resolve(),
    )
    # templates are code: the working folder's templates/ only when a flag or the config names it
    assert settings.template_dirs == ((home / "docgen" / "templates").resolve(),)
    assert builtin_dir("letterheads") not in settings.letterhead_dirs  # the library adds it last


def test_language_from_the_environment_only_when_asked() -> None:
    assert language_from_environ({}) == "zh_CN"
    assert language_from_environ({"LANG": "en_US.UTF-8"}) == "en"
    assert language_from_environ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}) == "zh_CN"
    assert language_from_environ({"LC_ALL": "C.UTF-8", "LANG": "en_GB.UTF-8"}) == "en"


def _message_in_worker(_item: int) -> str:
    return _("Error: {message}")


def test_worker_processes_get_the_language_of_the_run() -> None:
    """Bulletins render in a process pool (forked on Linux): workers speak the run's language."""
    for language, expected in (("en", "Error: {message}"), ("zh_CN", "错误：{message}")):
        with use_language(language), ProcessPoolExecutor(max_workers=2) as executor:
            assert set(executor.map(_message_in_worker, range(4))) == {expected}
