"""Issue 18: messages an office user meets — each names the value found, in one language.

YAML syntax errors in the user's words at the line of the mistake; click's, zipfile's and the
system's English wrapped in the catalog's words; field names in Chinese in Chinese messages.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_FRONT, ROOT
from security.hostile import SUPERVISION_HEADER

from docgen import __version__
from docgen.cli import main_group


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _render(runner: CliRunner, source: Path, tmp_path: Path) -> str:
    result = runner.invoke(main_group, ["render", str(source), "-o", str(tmp_path / "n.docx")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
    return error


# (what, front matter, line in the file (the '---' is line 1), column, words of the message)
YAML_SLIPS = [
    ("colon missing on line 5", MINIMAL_FRONT.replace("主送: ", "主送 "), 5, 1, "字段名后面缺少“:”"),
    ("full-width colon", MINIMAL_FRONT.replace("标题: ", "标题："), 4, 3, "“：”是全角冒号"),
    ("tab", MINIMAL_FRONT.replace("标题:", "\t标题:"), 4, 1, "制表符（Tab）"),
    ("quote never closed", MINIMAL_FRONT.replace("标题: ", '标题: "'), 4, 5, "引号没有配对"),
    (
        "list never closed",
        MINIMAL_FRONT.replace("主送: 各乡镇人民政府", "主送: [甲, 乙"),
        5,
        5,
        "没有用“]”结束",
    ),
    ("indent", MINIMAL_FRONT.replace("标题:", "  标题:"), 4, 5, "请让这一行与上面各行对齐"),
    ("control character", MINIMAL_FRONT.replace("关于测试", "关于\x07测试"), 4, 7, "控制字符（U+0007）"),
    ("value starting with @", MINIMAL_FRONT.replace("标题: 关于", "标题: @关于"), 4, 5, "值不能以“@”开头"),
]


@pytest.mark.parametrize(
    ("what", "front", "line", "column", "words"), YAML_SLIPS, ids=[s[0] for s in YAML_SLIPS]
)
def test_yaml_errors_in_chinese_at_the_line_of_the_mistake(  # type: ignore[no-untyped-def]
    runner: CliRunner, write_notice, tmp_path: Path, what: str, front: str, line: int, column: int, words: str
) -> None:
    error = _render(runner, write_notice(front), tmp_path)
    assert f"第 {line} 行，第 {column} 列：YAML 格式有误：" in error, (what, error)
    assert words in error
    assert "could not" not in error
    assert "found" not in error
    assert "while" not in error


def test_yaml_error_in_english_when_asked(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(MINIMAL_FRONT.replace("主送: ", "主送 "))
    result = _cli(["render", str(source), "-o", str(tmp_path / "n.docx")], "en_US.UTF-8", tmp_path)
    assert "line 5, column 1: not valid YAML: no ':' after the key" in result.stderr


def _cli(args: list[str], lang: str | None, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    if lang:
        env["LANG"] = lang
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )


def test_a_missing_path_is_named_in_chinese_only(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main_group, ["render", str(tmp_path / "nosuch.md")])
    assert result.exit_code == 2
    assert f"“{tmp_path / 'nosuch.md'}”不存在。" in result.stderr
    assert "Path" not in result.stderr
    assert "File '" not in result.stderr


def test_a_missing_option_is_one_chinese_sentence(runner: CliRunner, tmp_path: Path) -> None:
    ledger = tmp_path / "台账.xlsx"
    ledger.write_bytes(b"x")
    result = runner.invoke(main_group, ["rank", str(ledger)])
    assert result.exit_code == 2
    assert "错误：缺少选项 '--month'。" in result.stderr
    assert "'." not in result.stderr


def test_version_in_the_users_language(tmp_path: Path) -> None:
    assert _cli(["-V"], None, tmp_path).stdout.strip() == f"docgen {__version__} 版"
    assert _cli(["--version"], "en_US.UTF-8", tmp_path).stdout.strip() == f"docgen version {__version__}"


def _not_a_zip(tmp_path: Path) -> Path:
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    return fake


def test_a_file_that_is_not_a_zip_is_said_in_chinese(runner: CliRunner, tmp_path: Path) -> None:
    """zipfile's "File is not a zip file" never reaches the user; preview no longer crashes on it."""
    fake = _not_a_zip(tmp_path)
    for args in (["check", "--no-render", str(fake)], ["preview", str(fake), "-o", str(tmp_path / "f.pdf")]):
        result = runner.invoke(main_group, args)
        assert result.exit_code in (1, 2), result.output  # check: 2, an unreadable input
        assert "内部错误" not in result.stderr
        assert "fake.docx" in result.stderr
        assert "文件不是 zip 包" in result.stderr
        assert "zip file" not in result.stderr


def test_a_zip_without_a_document_names_the_missing_part(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    with zipfile.ZipFile(empty, "w") as package:
        package.writestr("a.txt", "x")
    result = runner.invoke(main_group, ["preview", str(empty), "-o", str(tmp_path / "f.pdf")])
    assert result.exit_code == 1
    assert "zip 包中没有 word/document.xml" in result.stderr


def test_the_systems_words_are_translated(runner: CliRunner, write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(MINIMAL_FRONT)
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(main_group, ["render", str(source), "-o", str(blocker / "n.docx")])
    assert result.exit_code == 1
    assert f"无法写入 {blocker}：已有同名文件" in result.stderr
    assert "File exists" not in result.stderr


ENGLISH_FRONT = """
letterhead: yichuan
number: 伊重点项目办〔2020〕13号
title: 关于测试的通知
to: 各乡镇人民政府
date: 2020-03-05
"""

# (what, front matter written with English keys, the Chinese field name the message must use)
ENGLISH_KEYS = [
    ("unknown letterhead", ENGLISH_FRONT.replace("yichuan", "nowhere"), "字段“发文机关”"),
    ("bad number", ENGLISH_FRONT.replace("〔2020〕13号", "〔20〕13号"), "字段“发文字号”"),
    ("missing letterhead", ENGLISH_FRONT.replace("letterhead: yichuan\n", ""), "字段“发文机关”：必填"),
    ("attachment", ENGLISH_FRONT + "attachments:\n  - body: 内容\n", "字段“附件第 1 项的标题”：必填"),
    ("bad date", ENGLISH_FRONT.replace("2020-03-05", "2020/13/45"), "字段“成文日期”：不是日期：“2020/13/45”"),
]


@pytest.mark.parametrize(("what", "front", "named"), ENGLISH_KEYS, ids=[k[0] for k in ENGLISH_KEYS])
def test_fields_are_named_in_chinese_whatever_key_was_written(  # type: ignore[no-untyped-def]
    runner: CliRunner, write_notice, tmp_path: Path, what: str, front: str, named: str
) -> None:
    error = _render(runner, write_notice(front), tmp_path)
    assert named in error, (what, error)
    words = error.replace(str(tmp_path), "")
    assert not re.search(r"(?<![/\w])(letterhead|attachments|number|title|date)(?![\w/])", words)


def test_english_messages_keep_the_key_as_written(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(ENGLISH_FRONT.replace("yichuan", "nowhere"))
    result = _cli(["render", str(source), "-o", str(tmp_path / "n.docx")], "en_US.UTF-8", tmp_path)
    assert "field 'letterhead'" in result.stderr


def test_the_chinese_names_are_the_keys_the_files_accept() -> None:
    """fieldnames.CHINESE_KEYS says what the models accept: each field's first Chinese alias."""
    from pydantic import AliasChoices

    from docgen.fieldnames import CHINESE_KEYS, field_label
    from docgen.load.letterheads import LetterheadFile
    from docgen.load.notice import AttachmentSource, FrontMatter

    for model in (FrontMatter, AttachmentSource, LetterheadFile):
        for name, info in model.model_fields.items():
            assert isinstance(info.validation_alias, AliasChoices)
            chinese = [c for c in info.validation_alias.choices if isinstance(c, str) and not c.isascii()]
            if name == "body":  # an attachment's 内容, not the notice's 正文
                assert field_label("attachments.0.body") == f"附件第 1 项的{chinese[0]}"
                continue
            assert CHINESE_KEYS[name] == chinese[0], (model.__name__, name)


def _supervise(tmp_path: Path, row: list[object]) -> str:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(SUPERVISION_HEADER)
    sheet.append(row)
    ledger = tmp_path / "督办台账.xlsx"
    book.save(ledger)
    args = [
        "--register",
        str(tmp_path / "r.sqlite"),
        "supervise",
        str(ledger),
        "--letterhead",
        "zhangzi-zdxmb",
    ]
    result = CliRunner().invoke(main_group, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    return result.stderr


@pytest.mark.parametrize("value", ["2020/10/32", "2020-13-12", "十月十二日", "九月底"])
def test_a_bad_date_cell_shows_the_value_and_the_forms(tmp_path: Path, value: str) -> None:
    stderr = _supervise(tmp_path, ["DB-1", "甲项目", "县水利局", "用地未批", value, 10, "未办结"])
    assert (
        f"第 2 行，第 E（交办日期） 列：不是日期：“{value}”；请写成 2023-05-06、2023.5.6 或 2023年5月6日"
        in stderr
    )


def test_a_bad_whole_number_cell_shows_the_value_and_the_forms(tmp_path: Path) -> None:
    stderr = _supervise(
        tmp_path, ["DB-1", "甲项目", "县水利局", "用地未批", "2025-09-29", "十五天", "未办结"]
    )
    assert "第 F（办理时限（工作日）） 列：不是整数：“十五天”；请写成 15 或 15个工作日" in stderr


def test_a_bad_amount_cell_shows_the_value_and_the_forms(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sample = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
    book = load_workbook(sample)
    sheet = book.active
    header = [cell.value for cell in sheet[2]]
    column = next(i for i, h in enumerate(header, 1) if h and str(h).startswith("年度计划投资"))
    sheet.cell(row=3, column=column, value="一千二百万")
    ledger = tmp_path / "项目台账.xlsx"
    book.save(ledger)
    args = ["--register", str(tmp_path / "r.sqlite"), "rank", str(ledger), "--month", "2025-05"]
    args += ["--rules", str(ROOT / "samples" / "ranking" / "rules.yaml"), "--letterhead", "zhangzi-zdxmb"]
    result = CliRunner().invoke(main_group, [*args, "-o", str(tmp_path / "r.docx"), "--date", "2025-06-05"])
    assert "第 3 行" in result.stderr
    assert "不是数字：“一千二百万”；请写成 1234.5、1,234.5 或 1234.5万元" in result.stderr


def test_strict_summary_counts_what_really_failed(runner: CliRunner, write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Three sources, one invalid: one failed and two held back — not "3 份失败"."""
    write_notice(MINIMAL_FRONT, name="a.md")
    write_notice(MINIMAL_FRONT.replace("关于测试", "关于再测试"), name="b.md")
    write_notice(MINIMAL_FRONT.replace("2020-03-05", "三月"), name="c.md")
    result = runner.invoke(main_group, ["render", str(tmp_path), "-o", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 1
    assert "因 --strict 未写出任何文件：1 份有误，另有 2 份无误但未写出" in result.stderr
    assert not (tmp_path / "out").exists()


def test_strict_supervise_summary_counts_what_really_failed(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(SUPERVISION_HEADER)
    sheet.append(["DB-1", "甲项目", "县水利局", "用地未批", "2025-09-29", 10, "未办结"])
    sheet.append(["DB-2", "乙项目", "县水利局", "用地未批", "2025-09-29", 10, "未办结"])
    sheet.append(["DB-3", "丙项目", "县水利局", "用地未批", "九月底", 10, "未办结"])
    ledger = tmp_path / "督办台账.xlsx"
    book.save(ledger)
    args = [
        "--register",
        str(tmp_path / "r.sqlite"),
        "supervise",
        str(ledger),
        "--letterhead",
        "zhangzi-zdxmb",
    ]
    result = CliRunner().invoke(main_group, [*args, "--out", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 1
    assert "因 --strict 未写出任何文件：1 份有误，另有 2 份无误但未写出" in result.stderr


def test_a_past_months_default_date_is_said(tmp_path: Path) -> None:
    """rank for 2025-05 without --date: dated today, and the output says so (and the 文号 year is today's)."""
    import datetime as dt

    samples = ROOT / "samples" / "ranking"
    args = ["--register", str(tmp_path / "r.sqlite"), "rank", str(samples / "项目台账-2025-05.xlsx")]
    args += ["--month", "2025-05", "--rules", str(samples / "rules.yaml"), "--letterhead", "zhangzi-zdxmb"]
    result = CliRunner().invoke(main_group, [*args, "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 0, result.output
    today = dt.date.today()
    assert f"〔{today.year}〕" in result.stdout
    assert f"说明：成文日期取了今天（{today.isoformat()}），而内容是 2025 年 5 月的情况" in result.stdout
    assert "请加 --date（如 --date 2025-06-05）" in result.stdout
    dated = CliRunner().invoke(main_group, [*args, "-o", str(tmp_path / "d.docx"), "--date", "2025-06-05"])
    assert dated.exit_code == 0, dated.output
    assert "〔2025〕" in dated.stdout
    assert "成文日期取了今天" not in dated.stdout


def test_the_default_date_rule() -> None:
    import datetime as dt

    from docgen.issue_dates import issue_date

    today = dt.date(2026, 1, 10)
    assert issue_date(2026, 1, None, today) == (today, None)  # this month: today, nothing to say
    date, note = issue_date(2025, 12, None, today)
    assert date == today
    assert note is not None
    assert "--date 2026-01-05" in note
    assert issue_date(2025, 12, dt.date(2026, 1, 5), today) == (dt.date(2026, 1, 5), None)


def test_checks_of_values_name_the_value(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: weights, counts, heading levels, colours — each message shows what was found."""
    from docgen.errors import DataError
    from docgen.load.rules import load_rules

    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "indicators:\n  - key: completion_rate\n    weight: -5\n    method: ratio\n    target: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="权重应大于 0，而不是 -5"):
        load_rules(rules)
    rules.write_text(
        "indicators:\n  - key: completion_rate\n    weight: 5\n    method: ratio\n    target: 1\nlagging: -2\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="个数应为 0 或更大，而不是 -2"):
        load_rules(rules)
    runner = CliRunner()
    error = _render(runner, write_notice(MINIMAL_FRONT + "连续编号: [1, 5]\n"), tmp_path)
    assert "字段“连续编号”：标题层级只能是 1 到 4，而不是 5" in error
    own = tmp_path / "版头"
    own.mkdir()
    (own / "mine.yaml").write_text("全称: 某县发展和改革局\n代字: 某发改\n颜色: 红色\n", encoding="utf-8")
    source = write_notice(MINIMAL_FRONT.replace("yichuan", "mine"))
    result = runner.invoke(
        main_group, ["--letterheads", str(own), "render", str(source), "-o", str(tmp_path / "n.docx")]
    )
    assert "颜色应为六位十六进制数，如 FF0000，而不是 '红色'" in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["register", "next", "--series", "甲", "--year", "3000"], "3000 不在允许的范围 1<=x<=2999 内。"),
        (["preview", "--workers", "abc", "x.md"], "“abc”不是有效的数字。"),
        (["ledger", "template", "--kind", "foo", "-o", "x.xlsx"], "'foo' 不是 'supervision', 'projects'。"),
    ],
)
def test_clicks_value_errors_in_chinese(runner: CliRunner, args: list[str], said: str) -> None:
    result = runner.invoke(main_group, args)
    assert result.exit_code == 2
    assert said in result.stderr
    assert "is not" not in result.stderr


def test_a_bad_date_option_shows_the_form(runner: CliRunner, tmp_path: Path) -> None:
    ledger = tmp_path / "台账.xlsx"
    ledger.write_bytes(b"x")
    args = ["supervise", str(ledger), "--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path)]
    result = runner.invoke(main_group, [*args, "--overdue", "--as-of", "2025/10/20"])
    assert result.exit_code == 2
    assert "“2025/10/20”不是日期；请写成 2025-06-05 的形式。" in result.stderr
    assert "%Y" not in result.stderr


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ("[paths\n", 1, "没有用“]”结束"),
        ('[paths]\nletterheads "版头"\n', 2, "键后面缺少“=”"),
        ("a = 1\na = 2\n", 2, "写了两次"),
    ],
)
def test_config_file_errors_in_chinese_with_the_line(
    runner: CliRunner, write_notice, tmp_path: Path, monkeypatch, text: str, line: int, said: str
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "docgen.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    error = _render(runner, write_notice(MINIMAL_FRONT), tmp_path)
    assert f"docgen.toml，第 {line} 行" in error
    assert "TOML 格式有误：" in error
    assert said in error
    assert "Expected" not in error


def test_a_past_months_bulletins_say_their_default_date(tmp_path: Path) -> None:
    """bulletin for 2025-05 without --date: the summary says the 成文日期 and the 期号's year are today's."""
    import datetime as dt

    ledger = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
    args = ["--register", str(tmp_path / "r.sqlite"), "bulletin", str(ledger), "--month", "2025-05"]
    result = CliRunner().invoke(
        main_group, [*args, "--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "简报")]
    )
    assert result.exit_code == 0, result.output
    year = dt.date.today().year
    assert f"{year}年第1期：13 份简报已就绪" in result.stdout
    assert (
        f"说明：成文日期取了今天（{dt.date.today().isoformat()}），而内容是 2025 年 5 月的情况"
        in result.stdout
    )


# (what, a line added to the front matter, what the message says) — pydantic's English never shown
WRONG_TYPES = [
    ("yes or no", "盖章: 也许", "字段“盖章”：不是“是/否”的值：“也许”；请写 true（是）或 false（否）"),
    ("text", "附注: [甲, 乙]", "字段“附注”：不是文字：“[甲, 乙]”"),
    ("list", "连续编号: 一", "字段“连续编号”：不是列表：“一”"),
    ("nested", "附件:\n  - 标题: [x]", "字段“附件第 1 项的标题”：不是文字：“[x]”"),
    ("union", "份号: [1]", "字段“份号”：不是文字：“[1]”"),
]


@pytest.mark.parametrize(("what", "extra", "said"), WRONG_TYPES, ids=[w[0] for w in WRONG_TYPES])
def test_a_value_of_the_wrong_kind_is_named_in_chinese(  # type: ignore[no-untyped-def]
    runner: CliRunner, write_notice, tmp_path: Path, what: str, extra: str, said: str
) -> None:
    error = _render(runner, write_notice(MINIMAL_FRONT + extra + "\n"), tmp_path)
    assert said in error, (what, error)
    assert "Input should" not in error


def test_a_rules_file_choice_is_listed_in_chinese(tmp_path: Path) -> None:
    from docgen.errors import DataError
    from docgen.load.rules import load_rules

    rules = tmp_path / "rules.yaml"
    rules.write_text("indicators:\n  - key: completion_rate\n    weight: 60\n    method: foo\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_rules(rules)
    assert "第 4 行" in str(caught.value)
    assert "“foo”不是可用的值（可用：'ratio'、'steps'、'thresholds'）" in str(caught.value)


def test_informational_lines_are_all_headed_说明() -> None:
    """The lines that only tell (the Typst → LibreOffice reason, check's notes, the ledgers' notes) and
    the per-source notes are one word, “说明：” (the first were “提示：”); warnings stay “警告：”."""
    from docgen.i18n import _

    assert _("Note: {note}").format(note="x") == "说明：x"
    assert _("Note: {source}: {note}").format(source="a.md", note="x") == "说明：a.md：x"
    assert _("Warning: {source}: {warning}").format(source="a.md", warning="x") == "警告：a.md：x"
    catalog = (ROOT / "docgen" / "locale" / "zh_CN" / "LC_MESSAGES" / "docgen.po").read_text(encoding="utf-8")
    assert 'msgstr "提示：' not in catalog


def test_format_says_what_it_did_as_说明_and_what_to_look_at_as_警告(tmp_path: Path) -> None:
    """format printed every note as a warning; now: a date or 署名 it filled in is a 说明, a draft it
    cannot make a document of (no 发文机关) a 警告."""
    draft = tmp_path / "草稿.txt"
    draft.write_text("关于做好重点项目建设工作的通知\n\n各乡镇人民政府：\n　　正文。\n", encoding="utf-8")
    runner = CliRunner()
    filled = runner.invoke(main_group, ["format", str(draft), "--dry-run", "--letterhead", "yichuan"])
    assert filled.exit_code == 0, filled.output
    said = [line for line in filled.stderr.splitlines() if line.startswith("说明：")]
    assert len(said) == 2, filled.stderr
    assert "没有成文日期" in said[0]
    assert "没有发文机关署名" in said[1]
    assert "警告：" not in filled.stderr
    missing = runner.invoke(main_group, ["format", str(draft), "--dry-run"])
    assert missing.exit_code == 0, missing.output
    assert "警告：" in missing.stderr
    assert "--letterhead" in missing.stderr.split("警告：")[1]


def test_translated_examples_keep_their_lines() -> None:
    """A help text's examples (a paragraph opening with click's \\b) keep their lines in Chinese: the
    translations of format's and collect forms' examples had lost the \\b, so click ran the examples
    together into one wrapped paragraph (“…草稿-排版.docx   docgen / format 草稿.docx -o …”)."""
    from babel.messages.pofile import read_po

    with (ROOT / "docgen" / "locale" / "zh_CN" / "LC_MESSAGES" / "docgen.po").open("rb") as po:
        catalog = read_po(po)
    lost = [m.id for m in catalog if isinstance(m.id, str) and m.id.startswith("\b") and not m.string.startswith("\b")]
    assert lost == []
    for command in (["format", "--help"], ["collect", "forms", "--help"]):
        shown = CliRunner().invoke(main_group, command).output
        examples = [line.strip() for line in shown.splitlines() if "docgen " + command[0] in line]
        assert len(examples) >= 2, shown
        assert all(line.startswith("docgen " + command[0]) for line in examples), shown
