"""Work bounded (hostile8 #3, #5, #6): a long title is broken in linear time; a merge form's loops,
values and text are bounded and it includes nothing; an unsafe placeholder is refused once, before
any row, naming the form.  The commands run for real in a child process; a timeout only a runaway
reaches (the work itself is bounded by counts, not measured in seconds)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from conftest import run_docgen as docgen

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "hostile8"))
import make_hostile8  # noqa: E402
from test_hostile8 import SUPERVISION, errors, no_crash  # noqa: E402

from docgen.errors import DocgenError  # noqa: E402
from docgen.layout.titles import SHAPED_LINES, TITLE_LINE_CHARS, title_lines, title_width  # noqa: E402
from docgen.template_budget import MAX_STEPS, TemplateBudgetError  # noqa: E402
from docgen.templating import make_env, render_text  # noqa: E402

RUNAWAY = 120  # seconds: 804 characters took > 60 s before, 4 004 were killed at 7.2 GB after 340 s


def test_a_title_of_4004_characters_is_rendered(tmp_path: Path) -> None:
    title = "关于" + "测试" * 2000 + "的通知"
    source = make_hostile8.notice(tmp_path / "n.md", title=title)
    done = docgen(tmp_path, "render", str(source), "-o", str(tmp_path / "out"), timeout=RUNAWAY)
    no_crash(done)
    assert done.returncode == 0, done.stderr[-800:]
    assert list((tmp_path / "out").glob("*.docx"))


def test_a_title_past_the_shaped_lines_is_cut_between_words_within_the_line() -> None:
    title = "关于进一步做好全市重点项目建设用地要素保障工作" * 8 + "的通知"
    lines = title_lines(title)
    assert len(lines) > SHAPED_LINES
    assert "".join(lines) == title
    assert all(title_width(line) <= TITLE_LINE_CHARS for line in lines)
    # between words: no line ends inside 重点项目 or 保障
    assert not any(line.endswith(("重点", "重点项", "保")) for line in lines)


def _merge(tmp_path: Path, placeholder: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    form = make_hostile8.word(tmp_path / "表单.docx", ["项目：{{ 项目名称 }}" + placeholder])
    out = tmp_path / "out"
    done = docgen(tmp_path, "merge", str(form), str(SUPERVISION), "--out", str(out), timeout=RUNAWAY)
    no_crash(done)
    return done, out


@pytest.mark.parametrize(
    ("placeholder", "said"),
    [
        ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "循环和调用超过上限"),
        ("{% set l = range(99999)|list %}{% for i in l %}{% for j in l %}{% endfor %}{% endfor %}", "循环"),
        ("{{ '啊' * 900000000 }}", "900,000,000 个字符"),
        ("{% set ns = namespace(s='啊') %}{% for i in range(99) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "字符"),
        ("{{ ''.ljust(900000000) }}", "900,000,000 个字符"),
        ("{{ 9 ** 99999999 }}", "位"),
    ],
)
def test_a_form_past_a_bound_of_work_is_one_message_naming_the_form(
    tmp_path: Path, placeholder: str, said: str
) -> None:
    """The merge stops at the first row: every row would fail the same way."""
    done, out = _merge(tmp_path, placeholder)
    assert done.returncode == 1
    (message,) = errors(done)
    assert "表单.docx" in message
    assert said in message, message
    assert not list(out.glob("*.docx"))


@pytest.mark.parametrize(
    ("placeholder", "name"),
    [
        ("{{ ''.__class__ }}", "__class__"),
        ("{{ 项目名称|attr('__class__') }}", "__class__"),
        ("{{ row['_private'] }}", "_private"),
        ("{% include 'minutes/decisions.md.j2' %}", "include"),
        ("{% import 'minutes/decisions.md.j2' as x %}", "import"),
        ("{% include '/etc/passwd' %}", "include"),
    ],
)
def test_an_unsafe_placeholder_is_refused_once_before_any_row(tmp_path: Path, placeholder: str, name: str) -> None:
    done, out = _merge(tmp_path, placeholder)
    assert done.returncode == 1
    (message,) = errors(done)
    assert "表单.docx" in message
    assert name in message, message
    assert "第1段" in message, message
    reason = message.split("表单.docx", 1)[1]  # after the form's path (pytest names its folder after the test)
    assert "unsafe" not in reason
    assert "search path" not in reason
    assert str(ROOT) not in reason
    assert not out.exists() or not list(out.iterdir())


def test_a_form_within_the_bounds_is_filled(tmp_path: Path) -> None:
    """Loops, ~, *, % and format of an ordinary form are not hindered."""
    placeholder = "{% for i in range(3) %}{{ i * 2 }}{% endfor %}{{ '%.1f' % 2.25 }}{{ '-' * 3 ~ index }}"
    done, out = _merge(tmp_path, placeholder)
    assert done.returncode == 0, (done.stdout + done.stderr)[-800:]
    assert len(list(out.glob("*.docx"))) == 36


def test_the_budget_counts_steps_not_seconds() -> None:
    """n × 1 000 loop turns take 1 + 2n + 1 000n steps (a step per call of range, per turn):
    998 rows of 1 000 are 999 997 steps, within MAX_STEPS; 999 rows are 1 000 999, past it."""
    assert MAX_STEPS == 1_000_000
    env = make_env()
    loops = "{% for i in range(N) %}{% for j in range(1000) %}{% endfor %}{% endfor %}done"
    assert env.from_string(loops.replace("N", "998")).render() == "done"
    with pytest.raises(TemplateBudgetError, match="1,000,000"):
        env.from_string(loops.replace("N", "999")).render()
    # each render has its own budget: the same template renders again
    assert env.from_string(loops.replace("N", "998")).render() == "done"


def test_a_user_prose_template_looping_for_ever_is_stopped(tmp_path: Path) -> None:
    """--templates: the office's own copy of a built-in template is bounded the same way."""
    folder = tmp_path / "tpl" / "supervision"
    folder.mkdir(parents=True)
    for source in (ROOT / "templates" / "supervision").glob("*.j2"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    notice = folder / "notice.md.j2"
    loops = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n"
    notice.write_text(notice.read_text(encoding="utf-8") + loops, encoding="utf-8")
    done = docgen(
        tmp_path,
        "--templates",
        str(tmp_path / "tpl"),
        "supervise",
        str(SUPERVISION),
        "--letterhead",
        "zhangzi-zdxmb",
        "--out",
        str(tmp_path / "out"),
        timeout=RUNAWAY * 3,
    )
    no_crash(done)
    assert done.returncode == 1
    said = errors(done)
    assert said
    assert all("notice.md.j2" in line and "循环和调用超过上限" in line for line in said), said[:2]


def test_an_unsafe_name_made_at_run_time_stops_the_merge_once_in_chinese(tmp_path: Path) -> None:
    """A name put together in the form (no placeholder reads it as written) is refused by the sandbox
    at the first row: one message naming the form, in Chinese, and the merge stops."""
    done, out = _merge(tmp_path, "{% set a = '__cla' ~ 'ss__' %}{{ 项目名称|attr(a) }}")
    assert done.returncode == 1
    (message,) = errors(done)
    assert "表单.docx" in message
    assert "读取 __class__" in message
    assert "unsafe" not in message.split("表单.docx", 1)[1]
    assert not list(out.glob("*.docx"))


def test_an_unsafe_name_in_a_user_prose_template_is_said_in_chinese(tmp_path: Path) -> None:
    env = make_env([tmp_path])
    (tmp_path / "x.md.j2").write_text("{{ ''.__class__ }}", encoding="utf-8")
    with pytest.raises(DocgenError) as caught:
        render_text(env, "x.md.j2")
    assert "x.md.j2" in str(caught.value)
    assert "__class__" in str(caught.value)
    assert "unsafe" not in str(caught.value).split("x.md.j2", 1)[1]
