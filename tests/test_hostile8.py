"""Hostile inputs of session hostile8 (tests/fixtures/hostile8/DEFECTS.md): each test runs the real
command in a child process (real register, real LibreOffice where the command uses it) and states
what the project guide asks for.  They fail today: each is marked xfail(strict) with its number."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, run_docgen

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "hostile8"))
import make_hostile8  # noqa: E402

SUPERVISION = ROOT / "samples" / "supervision" / "督办台账.xlsx"


def errors(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("错误：")]


def no_crash(done: subprocess.CompletedProcess[str]) -> None:
    said = done.stdout + done.stderr
    assert "Traceback" not in said, said[-800:]
    assert "内部错误" not in said, said[-800:]


class _Hits(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        type(self).hits.append(self.path)
        self.send_error(404)

    do_OPTIONS = do_HEAD = do_GET  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """A local HTTP server counting the requests it gets: a network access of docgen at run time."""
    _Hits.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Hits)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], _Hits.hits
    server.shutdown()
    server.server_close()


def test_a_number_that_is_a_path_writes_nothing_outside_the_output_folder(tmp_path: Path) -> None:
    """发文字号 '/…/逃逸〔2025〕1号': issue wrote /…/逃逸〔2025〕1号.docx beside, not in, -o."""
    source = make_hostile8.notice(tmp_path / "n.md", number=f"'{tmp_path}/逃逸〔2025〕1号'")
    out = tmp_path / "发文"
    done = run_docgen(
        tmp_path,
        "--register",
        str(tmp_path / "r.sqlite"),
        "issue",
        str(source),
        "--signer",
        "张三",
        "-o",
        str(out),
        "--no-pdf",
    )
    no_crash(done)
    assert not list(tmp_path.glob("逃逸*")), "a file was written outside the output folder"
    assert done.returncode != 0
    (said,) = errors(done)
    assert "发文字号" in said
    assert "逃逸" in said


def test_check_of_a_word_file_with_a_linked_picture_makes_no_network_request(
    tmp_path: Path, listener: tuple[int, list[str]]
) -> None:
    """A picture linked to http://…: LibreOffice fetched it twice while `check` converted the file."""
    port, hits = listener
    path = make_hostile8.linked_picture(
        tmp_path / "外链图片.docx",
        f"http://127.0.0.1:{port}/pixel.png",
        ["关于测试的通知", "各乡镇：正文一段。"],
    )
    done = run_docgen(tmp_path, "check", str(path), timeout=300)
    no_crash(done)
    time.sleep(0.5)
    assert hits == [], f"docgen check fetched {hits}"


def test_an_804_character_title_is_laid_out_or_refused_in_seconds(tmp_path: Path) -> None:
    """break_title took 16–25 s for 404 characters, > 60 s for 804, > 340 s and 7 GB for 4004."""
    source = make_hostile8.notice(tmp_path / "n.md", title="关于" + "测试" * 400 + "的通知")
    started = time.monotonic()
    try:
        done = run_docgen(tmp_path, "render", str(source), "-o", str(tmp_path / "out"), timeout=12)
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"render of an 804-character title still running after {time.monotonic() - started:.0f} s"
        )
    no_crash(done)
    assert done.returncode == 0 or any("标题" in e for e in errors(done))


def test_a_unit_name_too_long_for_a_file_name_is_one_message(tmp_path: Path) -> None:
    """collect forms (and bulletin, merge --per, minutes): OSError 36 ended as 内部错误, exit 70."""
    units = tmp_path / "单位.yaml"
    units.write_text(f"单位:\n  - 名称: 灵宝市{'长' * 100}\n  - 名称: 渑池县\n", encoding="utf-8")
    done = run_docgen(tmp_path, "collect", "forms", "--units", str(units), "-o", str(tmp_path / "空表"))
    no_crash(done)
    assert done.returncode == 1
    (said,) = errors(done)
    assert "单位.yaml" in said
    assert "灵宝市长长" in said


def test_a_merge_form_looping_for_ever_is_stopped(tmp_path: Path) -> None:
    """Two nested range(99999) in a Word form: merge ran until killed (the sandbox bounds one range,
    not their product; '啊' * 900000000 took 5.3 GB the same way)."""
    loops = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    form = make_hostile8.word(tmp_path / "表单.docx", ["项目：{{ 项目名称 }}" + loops])
    try:
        done = run_docgen(
            tmp_path, "merge", str(form), str(SUPERVISION), "--out", str(tmp_path / "out"), timeout=15
        )
    except subprocess.TimeoutExpired:
        pytest.fail("merge of a form with nested loops still running after 15 s")
    no_crash(done)
    assert done.returncode != 0
    assert errors(done)


def test_an_unsafe_placeholder_in_a_merge_form_is_one_chinese_message_naming_the_form(tmp_path: Path) -> None:
    """{{ ''.__class__ }}: refused (the sandbox holds), but 36 times, once per ledger row, in English
    (“access to attribute '__class__' of 'str' object is unsafe.”), naming the ledger, not the form."""
    form = make_hostile8.word(tmp_path / "表单.docx", ["项目：{{ 项目名称 }}{{ ''.__class__ }}"])
    done = run_docgen(tmp_path, "merge", str(form), str(SUPERVISION), "--out", str(tmp_path / "out"))
    no_crash(done)
    assert done.returncode == 1
    (said,) = errors(done)
    assert "表单.docx" in said
    assert "unsafe" not in said.split("表单.docx", 1)[1]  # the folder pytest made is named after this test


def test_a_right_to_left_override_is_not_printed_into_the_document(tmp_path: Path) -> None:
    """U+202E in the body: kept in document.xml, so “表格.exe。” prints reversed; control characters
    (U+0000, U+001B) are refused with file, line and field, bidi overrides are not."""
    source = make_hostile8.notice(tmp_path / "n.md", body="请于6月30日前报送\u202e表格.exe。")
    done = run_docgen(tmp_path, "render", str(source), "-o", str(tmp_path / "out"))
    no_crash(done)
    made = tmp_path / "out" / "n.docx"
    if done.returncode == 0:
        with zipfile.ZipFile(made) as package:
            assert "\u202e" not in package.read("word/document.xml").decode()
    else:
        (said,) = errors(done)
        assert "U+202E" in said
        assert "正文" in said


def test_a_register_path_that_is_not_text_is_an_error_not_the_default_register(tmp_path: Path) -> None:
    """docgen.toml `[register] path = 5`: silently ignored, the default register used instead."""
    (tmp_path / "docgen.toml").write_text("[register]\npath = 5\n", encoding="utf-8")
    done = run_docgen(tmp_path, "register", "list")
    no_crash(done)
    assert not list((tmp_path / "home").rglob("register.sqlite")), "the default register was used"
    assert done.returncode != 0
    (said,) = errors(done)
    assert "docgen.toml" in said
    assert "path" in said


ORDER = """---
种类: 令
发文机关: zhangzi-gov
届: 99999999999999999999
发文字号: 99999999999999999999
标题: 公布办法
成文日期: 2025-05-12
签发人职务: 县长
签发人: 王建华
---
现予公布。
"""


def test_a_twenty_digit_term_of_an_order_is_named_not_an_internal_error(tmp_path: Path) -> None:
    """届 99999999999999999999: the register's lookup raised OverflowError (内部错误, exit 70)."""
    source = tmp_path / "令.md"
    source.write_text(ORDER, encoding="utf-8")
    done = run_docgen(
        tmp_path,
        "--register",
        str(tmp_path / "r.sqlite"),
        "issue",
        str(source),
        "--signer",
        "张三",
        "-o",
        str(tmp_path / "out"),
        "--no-pdf",
    )
    no_crash(done)
    assert done.returncode == 1
    said, number = errors(done)  # the 令号 of twenty digits is said with it (mends14: all at once)
    assert "第 4 行" in said
    assert "届" in said
    assert "第 5 行" in number
