"""What render and preview say beside the document: notes on what docgen did (“说明：”) apart from
warnings of what the writer should look at (“警告：”) — every remark was printed “警告：” before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import MINIMAL_FRONT, ROOT

from docgen.cli import main_group
from docgen.preview import preview
from docgen.publish.pipeline import Engine
from docgen.remarks import RemarkKind
from docgen.run_resources import RunResources

QUIRKS = ROOT / "tests" / "fixtures" / "outsider" / "quirks.md"

# headings typed without #; the third one typed （三） after （一）, and a # heading 四、 after 二、
OUT_OF_ORDER = """\
为做好考核工作，现将有关事项通知如下：
一、考核内容
（一）投资完成情况。
（三）项目开工情况。
二、工作要求
各单位按时报送。
# 四、保障措施
各单位加强领导。
"""


def _cli(*args: str, register: Path) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _prefixed(output: str, prefix: str) -> list[str]:
    return [line.split("：", 2)[2] for line in output.splitlines() if line.startswith(prefix)]


def test_lines_read_as_headings_are_notes_not_warnings(tmp_path: Path) -> None:
    done = _cli("render", str(QUIRKS), "-o", str(tmp_path / "q.docx"), register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    assert _prefixed(done.output, "说明：") == [
        "第 17 行按标题处理（手写编号“一、”，行首没有 #）",
        "第 18 行按标题处理（手写编号“（一）”，行首没有 #）",
        "第 19 行按标题处理（手写编号“(二)”，行首没有 #）",
        "第 20 行按标题处理（手写编号“1、”，行首没有 #）",
        "第 21 行按标题处理（手写编号“二、”，行首没有 #）",
        "第 23 行手写的附件说明未排印：附件说明由文头信息的“附件”生成（7.3.4）",
    ]
    assert "警告" not in done.output  # (二) and 1、 are restyled, not renumbered: nothing to look at
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    english = subprocess.run(
        [sys.executable, "-m", "docgen", "--register", str(tmp_path / "r"), "render", str(QUIRKS),
         "-o", str(tmp_path / "e.docx")],
        capture_output=True, text=True, env={**env, "LANG": "en_US.UTF-8"}, check=False,
    )  # fmt: skip
    assert english.returncode == 0, english.stderr
    assert f"Note: {QUIRKS}: line 17: set as a heading (“一、” typed without #)" in english.stderr.splitlines()
    assert "Warning" not in english.stderr


def test_a_heading_typed_out_of_order_is_a_warning_naming_its_line(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(MINIMAL_FRONT, OUT_OF_ORDER)
    done = _cli("render", str(source), "-o", str(tmp_path / "o.docx"), register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    # front matter of 5 lines + 2 fences: the body starts on line 8
    assert _prefixed(done.output, "警告：") == [
        "第 11 行标题手写编号“（三）”，按次序编为“（二）”：标题由 docgen 按次序编号"
        "（是否漏了一项？跨节连续编号的请在文头信息中写“连续编号”）",
        "第 14 行标题手写编号“四、”，按次序编为“三、”：标题由 docgen 按次序编号"
        "（是否漏了一项？跨节连续编号的请在文头信息中写“连续编号”）",
    ]
    assert len(_prefixed(done.output, "说明：")) == 4  # the four lines typed without #
    # items numbered on across sections (连续编号: [3]) are in order
    running = write_notice(
        MINIMAL_FRONT + "连续编号: [3]\n",
        "一、甲\n（一）乙\n1.丙。\n2.丁。\n（二）戊\n3.己。\n",
        name="running.md",
    )
    done = _cli("render", str(running), "-o", str(tmp_path / "running.docx"), register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    assert "警告" not in done.output
    without = write_notice(MINIMAL_FRONT, "一、甲\n（一）乙\n1.丙。\n2.丁。\n（二）戊\n3.己。\n", name="without.md")
    done = _cli("render", str(without), "-o", str(tmp_path / "without.docx"), register=tmp_path / "r")
    assert [line.split("：")[0] for line in _prefixed(done.output, "警告：")] == ["第 13 行标题手写编号“3.”，按次序编为“1.”"]


def test_what_the_layout_gave_up_stays_a_warning(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    head = "| " + " | ".join(f"列{i}" for i in range(14)) + " |\n|" + "---|" * 14 + "\n"
    row = "| " + " | ".join(["伊自然资规〔2023〕120号", "2025年11月14日", "0398-28129737"] * 4 + ["甲", "乙"]) + " |\n"
    source = write_notice(MINIMAL_FRONT, "正文。\n\n" + head + row * 3)
    done = _cli("render", str(source), "-o", str(tmp_path / "t.docx"), register=tmp_path / "r")
    assert done.exit_code == 0, done.output
    (warned,) = _prefixed(done.output, "警告：")
    assert "14 列" in warned
    assert "说明" not in done.output


def test_preview_prints_notes_and_warnings_by_their_kind(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(MINIMAL_FRONT, OUT_OF_ORDER)
    report = preview([(source, tmp_path / "o.pdf")], RunResources(), engine=Engine.TYPST)
    assert not report.failed, report.failed
    (result,) = report.results
    assert [r.kind for r in result.remarks] == [RemarkKind.NOTE] * 3 + [RemarkKind.WARNING] + [
        RemarkKind.NOTE,
        RemarkKind.WARNING,
    ]
    assert len(result.notes) == 4
    assert len(result.warnings) == 2
    done = _cli(
        "preview", str(source), "-o", str(tmp_path / "cli.pdf"), "--engine", "typst", register=tmp_path / "r"
    )
    assert done.exit_code == 0, done.output
    assert len(_prefixed(done.output, "说明：")) == 4
    assert len(_prefixed(done.output, "警告：")) == 2


def test_issue_says_them_too(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    # issue printed no remark at all: a heading typed out of order went to the register unsaid
    source = write_notice(MINIMAL_FRONT.replace("〔2020〕13号", "〔2020〕1号"), OUT_OF_ORDER)
    done = _cli("issue", str(source), "--signer", "张三", "--no-pdf", "-o", str(tmp_path / "out"),
                register=tmp_path / "r.sqlite")  # fmt: skip
    assert done.exit_code == 0, done.output
    assert len(_prefixed(done.output, "说明：")) == 4
    assert [line.split("：")[0] for line in _prefixed(done.output, "警告：")] == [
        "第 11 行标题手写编号“（三）”，按次序编为“（二）”",
        "第 14 行标题手写编号“四、”，按次序编为“三、”",
    ]
