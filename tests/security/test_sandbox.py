"""Finding 5: templates run sandboxed, and a templates/ folder in the working folder is not searched."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import SUPERVISION_HEADER, SUPERVISION_ROW, assert_clean_error, docgen, workbook

from docgen.templating import TemplateRenderError, make_env, render_text

PAYLOAD = "{% set _x = cycler.__init__.__globals__.os.system('touch PWNED') %}\n"
PAYLOADS = [
    PAYLOAD,
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ item.__class__.__init__.__globals__ }}",
    "{% set _ = problems.append('x') %}",  # the immutable sandbox: values handed in cannot change
]


def _template_folder(root: Path, text: str) -> Path:
    folder = root / "templates" / "supervision"
    folder.mkdir(parents=True)
    (folder / "notice.md.j2").write_text(text + "正文。\n", encoding="utf-8")
    return root / "templates"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_template_cannot_reach_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, payload: str
) -> None:
    monkeypatch.chdir(tmp_path)
    env = make_env([_template_folder(tmp_path, payload)])
    with pytest.raises(TemplateRenderError, match="notice.md.j2") as error:
        render_text(env, "supervision/notice.md.j2", item=object(), problems=["a"])
    assert "unsafe" in str(error.value) or "不安全" in str(error.value) or "immutable" in str(error.value)
    assert not (tmp_path / "PWNED").exists()


def test_supervise_with_a_hostile_configured_template_ends_in_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = tmp_path / "register.sqlite"
    monkeypatch.chdir(tmp_path)
    folder = _template_folder(tmp_path / "mine", PAYLOAD)
    ledger = workbook(tmp_path / "ledger.xlsx", SUPERVISION_HEADER, [SUPERVISION_ROW])
    result = docgen(
        [
            "--templates",
            folder,
            "supervise",
            ledger,
            "--letterhead",
            "zhangzi-zdxmb",
            "--out",
            tmp_path / "out",
        ],
        register,
    )
    assert_clean_error(result, "notice.md.j2", "第 1 行")
    assert not (tmp_path / "PWNED").exists()
    assert not list((tmp_path / "out").glob("*.docx")) if (tmp_path / "out").exists() else True


def test_a_templates_folder_in_the_working_folder_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = tmp_path / "register.sqlite"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DOCGEN_TEMPLATES", raising=False)
    monkeypatch.delenv("DOCGEN_CONFIG", raising=False)
    _template_folder(tmp_path, PAYLOAD)
    ledger = workbook(tmp_path / "ledger.xlsx", SUPERVISION_HEADER, [SUPERVISION_ROW])
    result = docgen(
        ["supervise", ledger, "--letterhead", "zhangzi-zdxmb", "--out", tmp_path / "out"], register
    )
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "PWNED").exists()
    assert list((tmp_path / "out").glob("*.docx"))


def test_the_working_folder_templates_when_docgen_toml_names_them_still_sandboxed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = tmp_path / "register.sqlite"
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCGEN_CONFIG", raising=False)
    _template_folder(tmp_path, PAYLOAD)
    (tmp_path / "docgen.toml").write_text('[paths]\ntemplates = ["templates"]\n', encoding="utf-8")
    ledger = workbook(tmp_path / "ledger.xlsx", SUPERVISION_HEADER, [SUPERVISION_ROW])
    result = docgen(
        ["supervise", ledger, "--letterhead", "zhangzi-zdxmb", "--out", tmp_path / "out"], register
    )
    assert_clean_error(result, "notice.md.j2")
    assert not (tmp_path / "PWNED").exists()


def test_a_runtime_error_in_a_template_names_it(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "x.md.j2").write_text("一\n{{ 1 // 0 }}\n", encoding="utf-8")
    with pytest.raises(TemplateRenderError, match=r"x\.md\.j2.*第 2 行.*ZeroDivisionError"):
        render_text(make_env([folder]), "x.md.j2")
