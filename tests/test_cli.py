"""The command line: render one file or a folder, messages in Chinese (English on request), exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_FRONT, ROOT, SAMPLES

from docgen.cli import main_group


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_render_one_notice(runner: CliRunner, write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(MINIMAL_FRONT)
    out = tmp_path / "out" / "n.docx"
    result = runner.invoke(main_group, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert out.read_bytes()[:2] == b"PK"
    assert "页" in result.stdout
    assert not list(out.parent.glob("*.part"))


def test_render_a_folder_into_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main_group, ["render", str(SAMPLES), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    produced = sorted(p.stem for p in tmp_path.glob("*.docx"))
    assert produced == sorted(p.stem for p in SAMPLES.glob("*.md"))
    assert f"已生成 {len(produced)} 份公文，0 份失败。" in result.output


BAD_INPUTS = [
    # (what, front matter, body, expected in the message, line)
    (
        "missing title",
        MINIMAL_FRONT.replace("标题: 关于测试的通知\n", ""),
        "正文。",
        "字段“标题”：必填，但没有填写",
        None,
    ),
    (
        "bad date",
        MINIMAL_FRONT.replace("2020-03-05", "2020-13-45"),
        "正文。",
        "第 6 行，字段“成文日期”：不是日期",
        6,
    ),
    (
        "unknown letterhead",
        MINIMAL_FRONT.replace("yichuan", "nowhere"),
        "正文。",
        "未知的发文机关 'nowhere'",
        2,
    ),
    (
        "malformed number",
        MINIMAL_FRONT.replace("伊重点项目办〔2020〕13号", "伊重点项目办[20]第13号"),  # [2020]第013号 is read (test_pasted)
        "正文。",
        "第 3 行，字段“发文字号”：发文字号",
        3,
    ),
    ("number without sequence", MINIMAL_FRONT.replace("〔2020〕13号", "[2020]号"), "正文。", "缺少顺序号", 3),
    ("unknown field", MINIMAL_FRONT + "作者: 张三\n", "正文。", "第 7 行，字段“作者”：未知字段", 7),
    ("bad copy number", MINIMAL_FRONT + "份号: 12\n", "正文。", "份号应为 6 位阿拉伯数字", 7),
    ("bad secrecy", MINIMAL_FRONT + "密级: 内部\n", "正文。", "密级应为 绝密、机密 或 秘密", 7),
    ("bad urgency", MINIMAL_FRONT + "紧急程度: 很急\n", "正文。", "紧急程度应为 特急 或 加急", 7),
    ("empty body", MINIMAL_FRONT, "", "正文为空", None),
    (
        "control character",
        MINIMAL_FRONT,
        "第一段。\n第二段\x07有控制字符。",
        "第 9 行，字段“正文”：第 4 个字符是控制字符 U+0007",
        9,
    ),
    ("five #", MINIMAL_FRONT, "##### 太深", "标题用 1 到 4 个“#”", 8),
    ("yaml syntax", MINIMAL_FRONT + "抄送: [a, b\n", "正文。", "YAML 格式有误", None),
    (
        "missing attachment file",
        MINIMAL_FRONT + "附件:\n  - 标题: 清单\n    文件: nothere.csv\n",
        "正文。",
        "找不到附件文件",
        9,  # the line of 文件, not of the item (outsider 2 defect 14)
    ),
    (
        "attachment punctuation",
        MINIMAL_FRONT + "附件:\n  - 标题: 清单。\n",
        "正文。",
        "附件名称后不加标点符号",
        7,
    ),
    ("ragged table", MINIMAL_FRONT, "| a | b |\n|---|---|\n| 1 |", "这一行表格有 1 个单元格", None),
]


@pytest.mark.parametrize(
    ("what", "front", "body", "expected", "line"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_bad_input_gives_one_clear_message(  # type: ignore[no-untyped-def]
    runner: CliRunner,
    write_notice,
    tmp_path: Path,
    what: str,
    front: str,
    body: str,
    expected: str,
    line: int | None,
) -> None:
    source = write_notice(front, body)
    out = tmp_path / "out.docx"
    result = runner.invoke(main_group, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 1, (what, result.output)
    message = result.stderr.strip().splitlines()
    errors = [m for m in message if m.startswith("错误：")]
    assert len(errors) == 1, message
    assert str(source) in errors[0]
    assert expected in errors[0], errors[0]
    if line is not None:
        assert f"第 {line} 行" in errors[0]
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not list(tmp_path.glob("*.part"))


def test_unreadable_file_is_a_data_error(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "notice.md"
    source.write_bytes(b"---\n\xff\xfe\x00\x00garbage")
    result = runner.invoke(main_group, ["render", str(source), "-o", str(tmp_path / "o.docx")])
    assert result.exit_code == 1
    assert "notice.md" in result.stderr


def test_missing_source_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main_group, ["render", str(tmp_path / "none.md")])
    assert result.exit_code == 2
    assert "不存在" in result.stderr


def test_strict_batch_writes_nothing_when_one_source_is_bad(  # type: ignore[no-untyped-def]
    runner: CliRunner, write_notice, tmp_path: Path
) -> None:
    write_notice(MINIMAL_FRONT, name="a.md")
    write_notice(MINIMAL_FRONT.replace("2020-03-05", "三月"), name="b.md")
    out = tmp_path / "out"
    result = runner.invoke(main_group, ["render", str(tmp_path), "-o", str(out), "--strict"])
    assert result.exit_code == 1
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]
    result = runner.invoke(main_group, ["render", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 1
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == ["a.docx"]
    assert "已生成 1 份公文，1 份失败。" in result.stderr


def test_debug_shows_the_traceback(runner: CliRunner, write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(MINIMAL_FRONT.replace("yichuan", "nowhere"))
    result = runner.invoke(main_group, ["--debug", "render", str(source), "-o", str(tmp_path / "o.docx")])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr


def test_letterheads_lists_the_built_in_offices(runner: CliRunner) -> None:
    result = runner.invoke(main_group, ["letterheads"])
    assert result.exit_code == 0
    keys = {line.split("\t")[0] for line in result.stdout.splitlines()}
    assert {"sanmenxia", "henan", "zhangzi", "yichuan"} <= keys


def test_users_own_letterhead_folder_wins(runner: CliRunner, write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    own = tmp_path / "mine"
    own.mkdir()
    (own / "yichuan.yaml").write_text("全称: 伊川县发展和改革委员会\n代字: 伊发改\n", encoding="utf-8")
    source = write_notice(MINIMAL_FRONT.replace("伊重点项目办〔2020〕13号", "auto"))
    out = tmp_path / "o.docx"
    result = runner.invoke(main_group, ["--letterheads", str(own), "render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    from docgen.check.docx_read import load

    texts = [p.text for p in load(out.read_bytes()).paragraphs]
    assert "伊川县发展和改革委员会文件" in texts
    assert "伊发改〔2020〕\u3000\u3000号" in texts


def _cli(args: list[str], env_lang: str | None, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    if env_lang:
        env["LANG"] = env_lang
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def test_help_teaches_by_example_in_chinese_and_english(tmp_path: Path) -> None:
    chinese = _cli(["--help"], None, tmp_path)
    assert chinese.returncode == 0
    assert "用法：" in chinese.stdout
    assert "示例" in chinese.stdout
    assert "docgen render notice.md" in chinese.stdout
    english = _cli(["render", "--help"], "en_US.UTF-8", tmp_path)
    assert "Usage:" in english.stdout
    assert "docgen render notices/ -o out/" in english.stdout


def test_messages_in_english_when_the_locale_asks(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(MINIMAL_FRONT.replace("2020-03-05", "someday"))
    result = _cli(["render", str(source), "-o", str(tmp_path / "o.docx")], "en_US.UTF-8", tmp_path)
    assert result.returncode == 1
    assert "line 6, field '成文日期': not a date: \"someday\"; write it like 2020-03-05" in result.stderr
    result = _cli(["render", str(source), "-o", str(tmp_path / "o.docx")], "zh_CN.UTF-8", tmp_path)
    assert "第 6 行，字段“成文日期”：不是日期" in result.stderr


def test_config_file_adds_letterhead_folders(
    runner: CliRunner, write_notice, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    own = tmp_path / "版头"
    own.mkdir()
    (own / "fgj.yaml").write_text("全称: 某县发展和改革局\n代字: 某发改\n", encoding="utf-8")
    (tmp_path / "docgen.toml").write_text('[paths]\nletterheads = ["版头"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    source = write_notice(MINIMAL_FRONT.replace("yichuan", "fgj").replace("伊重点项目办〔2020〕13号", "7"))
    result = runner.invoke(main_group, ["render", str(source), "-o", str(tmp_path / "o.docx")])
    assert result.exit_code == 0, result.output
    (tmp_path / "docgen.toml").write_text("[paths\n", encoding="utf-8")
    result = runner.invoke(main_group, ["render", str(source), "-o", str(tmp_path / "o.docx")])
    assert result.exit_code == 1
    assert "docgen.toml" in result.stderr
    assert "TOML" in result.stderr


def test_every_option_of_every_command_has_help() -> None:
    """Issue 18: `docgen CMD --help` describes every option (walks click's command tree)."""
    import click

    def commands(cmd: click.Command, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], click.Command]]:
        if isinstance(cmd, click.Group):
            return [c for name, sub in cmd.commands.items() for c in commands(sub, (*path, name))]
        return [(path, cmd)]

    found = commands(main_group, ())
    assert len(found) > 15
    missing = [
        (" ".join(path), p.opts[0])
        for path, cmd in found
        for p in cmd.params
        if isinstance(p, click.Option) and not p.hidden and not p.help
    ]
    assert missing == []
    assert all(cmd.help for _path, cmd in found), [p for p, c in found if not c.help]


@pytest.mark.parametrize("value", ["2020/10/32", "2020-13-12", "十月十二日"])
def test_a_bad_date_shows_the_value_found_and_the_forms_accepted(
    runner: CliRunner, write_notice, tmp_path: Path, value: str
) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: each bad date is named in the message, not one text for all."""
    source = write_notice(MINIMAL_FRONT.replace("2020-03-05", value))
    result = runner.invoke(main_group, ["render", str(source), "-o", str(tmp_path / "n.docx")])
    assert result.exit_code == 1
    assert f"不是日期：“{value}”" in result.stderr
    assert "2020年3月5日" in result.stderr


@pytest.mark.parametrize(("written", "meant"), [("成文时间", "成文日期"), ("抄 送", "抄送")])
def test_an_unknown_key_suggests_the_nearest_known_one(
    runner: CliRunner, write_notice, tmp_path: Path, written: str, meant: str
) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: 成文时间 → 是不是“成文日期”？"""
    source = write_notice(MINIMAL_FRONT + f"{written}: 甲\n")
    result = runner.invoke(main_group, ["render", str(source), "-o", str(tmp_path / "n.docx")])
    assert result.exit_code == 1
    assert f"字段“{written}”：未知字段；是不是“{meant}”？" in result.stderr
