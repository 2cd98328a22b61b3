"""hostile8 #1, #4, #7, #9, #10 beyond tests/test_hostile8.py: every place a 代字 is read, every
command naming files from user data, each bidi control, docgen.toml's paths, the 届 and 令号.

Each test runs the real command in a child process (real register, real .xlsx); the guard and the
naming helper are also called directly on a real folder."""

from __future__ import annotations

import subprocess
import sys
from functools import partial
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, run_docgen

from docgen.errors import DataError, OutputError
from docgen.model_text import check_code, check_text
from docgen.publish.guard import WriteGuard
from docgen.publish.naming import file_in

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "hostile8"))
import make_hostile8  # noqa: E402

LEDGER = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"


# each run with a register of its own (cwd/r.sqlite), in Chinese
docgen = partial(run_docgen, register=True)


def one_error(done: subprocess.CompletedProcess[str]) -> str:
    """Return the one 错误 line of a run that failed cleanly (exit 1, no traceback)."""
    said = done.stdout + done.stderr
    assert "Traceback" not in said, said[-800:]
    assert "内部错误" not in said, said[-800:]
    assert done.returncode == 1, said[-800:]
    (line,) = [line for line in said.splitlines() if line.startswith("错误：")]
    return line


def files_under(folder: Path) -> set[str]:
    return {p.name for p in folder.rglob("*") if p.is_file()}


# ---- #1 a 代字 that is a path


@pytest.mark.parametrize("number", ["'../../逃逸〔2025〕1号'", "'逃..逸〔2025〕1号'", "'逃逸:*〔2025〕1号'"])
def test_issue_refuses_a_number_whose_code_is_a_path(tmp_path: Path, number: str) -> None:
    source = make_hostile8.notice(tmp_path / "n.md", number=number)
    out = tmp_path / "a" / "b" / "发文"
    done = docgen(tmp_path, "issue", str(source), "--signer", "张三", "-o", str(out), "--no-pdf")
    said = one_error(done)
    assert "n.md，第 3 行，字段“发文字号”" in said
    assert "逃" in said
    assert "代字" in said
    assert not [p for p in tmp_path.rglob("*逃*")], "a file was written"


def test_a_letterheads_code_that_is_a_path_is_named_in_the_letterhead_file(tmp_path: Path) -> None:
    heads = tmp_path / "lhs"
    heads.mkdir()
    (heads / "tao.yaml").write_text(f"全称: 逃逸县人民政府\n代字: {tmp_path}/lh/代字发\n", encoding="utf-8")
    source = make_hostile8.notice(tmp_path / "n.md", number="auto")
    source.write_text(source.read_text(encoding="utf-8").replace("发文机关: zhangzi", "发文机关: tao"), encoding="utf-8")
    done = docgen(
        tmp_path, "--letterheads", str(heads), "issue", str(source), "--signer", "张三", "-o", "out", "--no-pdf"
    )
    said = one_error(done)
    assert "tao.yaml，第 2 行，字段“代字”" in said
    assert "/lh/代字发" in said
    assert not (tmp_path / "lh").exists()


def test_register_import_refuses_a_row_whose_code_is_a_path(tmp_path: Path) -> None:
    sheet = tmp_path / "登记.csv"
    sheet.write_text("文号,标题,日期\n../../x〔2025〕4号,甲,2025-01-02\n长政发〔2025〕4号,乙,2025-01-02\n", encoding="utf-8")
    done = docgen(tmp_path, "register", "import", str(sheet))
    said = one_error(done)
    assert "登记.csv，第 2 行" in said
    assert "../../x〔2025〕4号" in said
    assert "下一个编号：长政发〔2025〕5号" in done.stdout
    assert "x〔2025〕5号" not in done.stdout.replace("长政发〔2025〕5号", "")


def test_minutes_refuse_a_meeting_name_that_is_a_path(tmp_path: Path) -> None:
    """会议名称 names the 纪要's files: '../../逃逸联席会议' wrote two folders above --out."""
    meeting = (ROOT / "samples" / "minutes" / "会议.yaml").read_text(encoding="utf-8")
    meeting = "\n".join(
        "会议名称: ../../逃逸联席会议" if line.startswith("会议名称:") else line for line in meeting.splitlines()
    )
    (tmp_path / "会议.yaml").write_text(meeting + "\n", encoding="utf-8")
    sheet = ROOT / "samples" / "minutes" / "议定事项.xlsx"
    done = docgen(tmp_path, "minutes", str(sheet), "--meeting", "会议.yaml", "--out", "a/b/纪要")
    said = one_error(done)
    assert "会议.yaml，第 3 行，字段“会议名称”" in said
    assert "“..”" in said
    assert not list(tmp_path.rglob("*逃逸*"))


def test_an_order_of_a_letterhead_named_by_a_path_writes_nothing_outside_out(tmp_path: Path) -> None:
    """The 令's files are named by the letterhead's 全称: the output naming refuses a path there."""
    heads = tmp_path / "lhs"
    heads.mkdir()
    (heads / "tao.yaml").write_text("全称: ../../逃逸县人民政府\n代字: 逃发\n", encoding="utf-8")
    source = tmp_path / "令.md"
    source.write_text(ORDER.format(term=17, number="auto").replace("zhangzi-gov", "tao"), encoding="utf-8")
    out = tmp_path / "a" / "b" / "out"
    done = docgen(
        tmp_path, "--letterheads", str(heads), "issue", str(source), "--signer", "张三", "-o", str(out), "--no-pdf"
    )
    said = one_error(done)
    assert "../../逃逸县人民政府令" in said
    assert "含有路径" in said
    assert not list(tmp_path.rglob("*逃逸*"))
    listed = docgen(tmp_path, "register", "list")
    assert "已签发" not in listed.stdout  # the number taken for it is not kept as issued


def test_file_in_keeps_every_name_inside_its_folder(tmp_path: Path) -> None:
    assert file_in(tmp_path, "长政发〔2025〕1号.docx") == tmp_path / "长政发〔2025〕1号.docx"
    for name in ("../x.docx", "/tmp/x.docx", "a/b.docx", "..", "", "长" * 90 + ".docx"):
        with pytest.raises(OutputError, match="无法在"):
            file_in(tmp_path, name)


def test_check_code_names_what_a_code_cannot_hold() -> None:
    assert check_code("长政发", "number") == "长政发"
    for code, found in (("a/b", "/"), ("a\\b", "\\"), ("a..b", ".."), ("a|b", "|"), ("a?b", "?"), ("a\tb", "U+0009")):
        with pytest.raises(DataError, match="代字") as caught:
            check_code(code, "number")
        assert f"“{found}”" in str(caught.value)


# ---- #4 names too long for a file name


def test_a_bulletin_whose_unit_name_is_too_long_fails_alone(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(LEDGER)
    sheet = book.active
    assert sheet is not None
    column = next(c.column for c in sheet[2] if c.value == "责任单位")
    long_name = "慈林镇" + "长" * 120
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, column).value == "慈林镇":
            sheet.cell(row, column).value = long_name
    book.save(tmp_path / "台账.xlsx")
    out = tmp_path / "简报"
    done = docgen(
        tmp_path, "bulletin", "台账.xlsx", "--month", "2025-05", "--letterhead", "zhangzi-zdxmb",
        "--out", str(out), "--date", "2025-06-05",
    )  # fmt: skip
    said = one_error(done)
    assert "慈林镇长长长" in said
    assert "255" in said
    made = [name for name in files_under(out) if name.endswith(".docx")]
    assert len(made) == 12, made  # the other units' bulletins are made
    assert "1 份失败" in done.stdout + done.stderr


def test_minutes_whose_meeting_name_is_too_long_is_one_message(tmp_path: Path) -> None:
    meeting = (ROOT / "samples" / "minutes" / "会议.yaml").read_text(encoding="utf-8")
    long_name = "长子县" + "长" * 98 + "联席会议"
    meeting = "\n".join(
        f"会议名称: {long_name}" if line.startswith("会议名称:") else line for line in meeting.splitlines()
    )
    (tmp_path / "会议.yaml").write_text(meeting + "\n", encoding="utf-8")
    sheet = ROOT / "samples" / "minutes" / "议定事项.xlsx"
    done = docgen(tmp_path, "minutes", str(sheet), "--meeting", "会议.yaml", "--out", "纪要")
    said = one_error(done)
    assert "长子县长长长" in said
    assert "255" in said
    assert not (tmp_path / "纪要").exists() or not files_under(tmp_path / "纪要")


def test_the_guard_refuses_a_name_too_long_before_touching_the_disk(tmp_path: Path) -> None:
    guard = WriteGuard()
    with pytest.raises(OutputError, match="无法写入文件.*字节"):
        guard.write(tmp_path / ("长" * 90 + ".docx"), b"x")
    with pytest.raises(OutputError, match="无法写入文件"):
        guard.check(tmp_path / ("长" * 90 + ".docx"))
    assert list(tmp_path.iterdir()) == []


# ---- #7 bidi controls


@pytest.mark.parametrize("code", [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C])
def test_check_text_refuses_every_bidi_control(code: int) -> None:
    with pytest.raises(DataError, match=f"U\\+{code:04X}") as caught:
        check_text(f"表格{chr(code)}.exe", "title")
    assert "标题" in str(caught.value)
    assert "第 3 个字符" in str(caught.value)


def test_a_bidi_control_in_the_title_is_named_with_line_and_field(tmp_path: Path) -> None:
    source = make_hostile8.notice(tmp_path / "n.md", title="关于\u2067测试的通知")
    done = docgen(tmp_path, "render", str(source), "-o", str(tmp_path / "out"))
    said = one_error(done)
    assert "n.md，第 4 行，字段“标题”" in said
    assert "U+2067" in said


def test_a_unit_name_with_a_bidi_control_is_named_in_the_units_file(tmp_path: Path) -> None:
    """collect forms: “丹朱镇\u202e区” gave 丹朱镇\u202e区-….xlsx, shown as “丹朱镇xslx.…-区”."""
    units = tmp_path / "单位.yaml"
    units.write_text('单位:\n  - 名称: 渑池县\n  - 名称: "丹朱镇\\u202e区"\n', encoding="utf-8")
    done = docgen(tmp_path, "collect", "forms", "--units", str(units), "-o", str(tmp_path / "空表"))
    said = one_error(done)
    assert "单位.yaml，第 3 行，字段“名称”" in said
    assert "U+202E" in said
    assert not [p for p in tmp_path.rglob("*") if "\u202e" in p.name]


# ---- #9 docgen.toml


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ('[register]\npath = ""\n', "字段“register.path”：应为文件路径"),
        ("[register]\npath = [1]\n", "字段“register.path”：应为文件路径"),
        ('[paths]\nletterheads = "/etc/passwd"\n', "字段“paths.letterheads”：应为文件夹，但 /etc/passwd 是文件"),
        ('[paths]\ntemplates = ["docgen.toml"]\n', "字段“paths.templates”：应为文件夹"),
    ],
)
def test_a_config_path_of_the_wrong_kind_is_named(tmp_path: Path, config: str, said: str) -> None:
    (tmp_path / "docgen.toml").write_text(config, encoding="utf-8")
    command = ("register", "list") if "register" in config else ("letterheads",)
    done = run_docgen(tmp_path, *command)
    line = one_error(done)
    assert "docgen.toml，第 2 行，" + said in line
    assert not list((tmp_path / "home").rglob("register.sqlite"))


# ---- #10 the 届 and the 令号


ORDER = """---
种类: 令
发文机关: zhangzi-gov
届: {term}
发文字号: {number}
标题: 公布办法
成文日期: 2025-05-12
签发人职务: 县长
签发人: 王建华
---
现予公布。
"""


@pytest.mark.parametrize(
    ("term", "number", "said"),
    [
        ("99999999999999999999", "3", "第 4 行，字段“届”：届是本届政府的届次，为 1 至 999"),
        ("'第1000届'", "3", "第 4 行，字段“届”"),
        ("17", "99999999999999999999", "第 5 行，字段“发文字号”：令号是 5 这样的数字"),
        ("17", "1000000", "第 5 行，字段“发文字号”"),
        ("9" * 5000, "3", "第 4 行，字段“届”"),  # 5000 digits: no str() of it (Python's 4300-digit limit)
        ("17", "'" + "9" * 5000 + "'", "第 5 行，字段“发文字号”：令号是 5 这样的数字"),
    ],
)
def test_render_names_a_term_or_order_number_too_large(tmp_path: Path, term: str, number: str, said: str) -> None:
    source = tmp_path / "令.md"
    source.write_text(ORDER.format(term=term, number=number), encoding="utf-8")
    done = docgen(tmp_path, "render", str(source), "-o", str(tmp_path / "out"))
    assert said in one_error(done)


def test_issue_of_a_notice_with_a_twenty_digit_sequence_is_named(tmp_path: Path) -> None:
    source = make_hostile8.notice(tmp_path / "n.md", number="长政发〔2025〕99999999999999999999号")
    done = docgen(tmp_path, "issue", str(source), "--signer", "张三", "-o", "out", "--no-pdf")
    said = one_error(done)
    assert "第 3 行，字段“发文字号”" in said
    assert "99999999999999999999" in said


def test_a_sequence_of_5000_digits_is_named_not_an_internal_error(tmp_path: Path) -> None:
    """int() of 5000 digits raised ValueError (Python's limit): 内部错误 in render."""
    source = make_hostile8.notice(tmp_path / "n.md", number="长政发〔2025〕" + "9" * 5000 + "号")
    done = docgen(tmp_path, "render", str(source), "-o", str(tmp_path / "out"))
    said = one_error(done)
    assert "第 3 行，字段“发文字号”" in said
    assert "顺序号有 5000 位，最多 6 位" in said
