"""A fourth clerk's defects (tests/fixtures/outsider4/DEFECTS.md), each reproduced with the real thing:
the CLI as typed, real Typst and LibreOffice PDFs read back with pdfplumber, a .docx made the way a
Word user makes one.  Each is a strict xfail until its defect is fixed."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pdfplumber
from click.testing import CliRunner, Result
from conftest import ROOT
from docx import Document
from pypdf import PdfReader

from docgen.cli import main_group

INPUTS = ROOT / "tests" / "fixtures" / "outsider4"


def _cli(*args: str, register: Path) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _rules(done: Result) -> dict[str, dict[str, str]]:
    """Return check's rules by id from its --json output."""
    start = done.output.index("[")
    report = json.loads(done.output[start:])
    return {rule["id"]: rule for rule in report[0]["rules"]}


def _typst_pdf(tmp_path: Path, name: str) -> Path:
    """Preview ``name`` from the fixtures with Typst (no watermark) and return the PDF."""
    source = tmp_path / name
    shutil.copy(INPUTS / name, source)
    out = tmp_path / "pdf"
    done = _cli(
        "preview",
        str(source),
        "-o",
        str(out),
        "--engine",
        "typst",
        "--no-watermark",
        register=tmp_path / "r.sqlite",
    )
    assert done.exit_code == 0, done.output
    return out / source.with_suffix(".pdf").name


def _lines(page: Any, *, red: bool | None = None, min_size: float = 0) -> list[str]:
    """Return the page's text lines (characters grouped by their top, within 1 pt), top to bottom;
    only red or black characters when ``red`` says so, only those of ``min_size`` pt or more."""
    rows: dict[int, list[Any]] = {}
    for char in page.chars:
        if float(char["size"]) < min_size:
            continue
        colour = tuple(char.get("non_stroking_color") or ())
        is_red = len(colour) >= 3 and colour[0] > 0.8 and colour[1] < 0.3
        if red is not None and is_red != red:
            continue
        top = round(float(char["top"]))
        key = next((k for k in rows if abs(k - top) <= 1), top)
        rows.setdefault(key, []).append(char)
    return ["".join(c["text"] for c in sorted(rows[k], key=lambda c: float(c["x0"]))) for k in sorted(rows)]


def test_a_word_notice_indented_with_full_width_spaces_passes_check(tmp_path: Path) -> None:
    """A conforming notice typed in Word with “　　” at the head of each paragraph (the usual hand-typed
    首行缩进) failed body.format (“首行缩进 0.0 字”) and grid.chars.pdf (the 主送 line and each paragraph's
    last line taken for short middle lines: the U+3000 glyphs sit at the left edge)."""
    spec = importlib.util.spec_from_file_location("word_by_hand", INPUTS / "word_by_hand.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    docx = module.build(tmp_path / "通知.docx")
    done = _cli("check", str(docx), "--json", register=tmp_path / "r.sqlite")
    rules = _rules(done)
    assert rules["body.format"]["status"] == "PASS", rules["body.format"]
    # the “short middle lines” were the 主送 line and each paragraph's last line, read as running on
    # (16 字 “…各有关单位：”, 2 字 “…下。”); what stays is the notice's own 27-字 lines: its 字距 of
    # -0.2 pt sets 27 a line in LibreOffice, which needs 8852 twips for 28 (#9, tests/test_check_handtyped.py)
    chars = rules["grid.chars.pdf"]
    short = re.findall(r"第 \d+ 页第 \d+ 行 ([\d.]+) 字", chars["measured"])
    assert short, chars
    assert {float(count) for count in short} == {27.0}, chars


def test_docgens_own_letter_with_an_email_address_passes_its_own_check(tmp_path: Path) -> None:
    """函-附件九.md ends “联系人：……电子邮箱：zdxmb@zhangzi.gov.cn”: docgen ends the line before the
    address short (it does not fit), and check's grid.chars.pdf failed it: “22.5 字“…，电子邮箱：””
    (an e-mail address was not taken for an unbreakable run: NUMBER_RUN has no “@”)."""
    pdf = _typst_pdf(tmp_path, "函-附件九.md")
    done = _cli("check", str(pdf), "--json", register=tmp_path / "r.sqlite")
    rule = _rules(done)["grid.chars.pdf"]
    assert rule["status"] == "PASS", rule


def test_a_long_minutes_office_keeps_its_name_and_date_whole(tmp_path: Path) -> None:
    """纪要-调度会.md: the 印发单位 (会议名称+办公室, 26 字) and the date share one tabbed line that cannot
    hold them: Typst printed “…第三季度调度会 2025年9月26日” over “议办公室”, LibreOffice
    “…调度会议办公室2025” over “年9月26日”."""
    pdf = _typst_pdf(tmp_path, "纪要-调度会.md")
    with pdfplumber.open(pdf) as opened:
        lines = _lines(opened.pages[0], red=False)
    office = "长子县重点项目建设领导小组第三季度调度会议办公室"
    assert any("2025年9月26日" in line for line in lines), lines[:6]
    assert any(office in line for line in lines), lines[:6]


def test_a_long_minutes_mark_does_not_leave_one_character_on_a_line(tmp_path: Path) -> None:
    """纪要-长会名.md: a 34-字 纪要标志; Typst broke it “…领导小组纪” / “要” (LibreOffice fits it on one
    line, condensed)."""
    pdf = _typst_pdf(tmp_path, "纪要-长会名.md")
    with pdfplumber.open(pdf) as opened:
        mark = [line for line in _lines(opened.pages[0], red=True) if line.strip()]
    assert "".join(mark).endswith("纪要")
    assert all(len(line.strip()) > 2 for line in mark), mark


def test_render_into_a_folder_it_cannot_write_says_so_once(tmp_path: Path) -> None:
    """`render 源文件/ -o X` where X cannot be made: one identical error per source (no source named),
    after every document was laid out; preview says it once, before any work."""
    sources = tmp_path / "源 文件"
    sources.mkdir()
    for name in ("函-附件九.md", "令-长标题.md", "纪要-调度会.md"):
        shutil.copy(INPUTS / name, sources / name)
    (tmp_path / "not-a-folder").write_text("x")
    out = tmp_path / "not-a-folder" / "发文"
    done = _cli("render", str(sources), "-o", str(out), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    errors = [line for line in done.output.splitlines() if line.startswith("错误")]
    assert errors == [f"错误：无法写入 {out}：路径中的某一级不是文件夹"]


def test_a_typed_salutation_repeating_the_addressee_is_printed_once(tmp_path: Path) -> None:
    """函-附件九.md: 主送 “长治市发展和改革委员会” in the front matter and the clerk's habitual first body
    line “长治市发展和改革委员会：”: printed twice, one under the other (a typed 附件说明 is dropped with a
    说明; a typed 主送 line is not)."""
    source = tmp_path / "函.md"
    shutil.copy(INPUTS / "函-附件九.md", source)
    done = _cli("render", str(source), "-o", str(tmp_path / "函.docx"), register=tmp_path / "r.sqlite")
    assert done.exit_code == 0, done.output
    texts = [p.text.strip() for p in Document(str(tmp_path / "函.docx")).paragraphs]
    assert texts.count("长治市发展和改革委员会：") == 1, texts[:6]


def test_a_batch_writes_each_pdf_as_it_is_made(tmp_path: Path) -> None:
    """`preview batch/ -o 预览` of 24 sources: every PDF was written at the very end of the run, so a
    Ctrl-C at 40 of 48 s left none and the re-run started from nothing.  A PDF made early must be on
    disk early: here the first of 12 is on disk while the run is still making the others, and a
    Ctrl-C then keeps it (no timing threshold: the pool's start-up is half a 12-document run)."""
    batch = tmp_path / "batch"
    batch.mkdir()
    for index in range(4):
        for name in ("函-附件九.md", "令-长标题.md", "纪要-调度会.md"):
            shutil.copy(INPUTS / name, batch / f"{Path(name).stem}-{index}.md")
    out = tmp_path / "批量 预览"
    command = [
        sys.executable,
        "-m",
        "docgen",
        "--register",
        str(tmp_path / "r.sqlite"),
        "preview",
        str(batch),
    ]
    command += ["-o", str(out), "--engine", "libreoffice", "--workers", "2"]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while run.poll() is None and not (out.is_dir() and any(out.glob("*.pdf"))):
        time.sleep(0.02)
    assert run.poll() is None, "the run ended before any PDF was on disk"
    run.send_signal(signal.SIGINT)
    assert run.wait(timeout=600) == 130
    kept = sorted(out.glob("*.pdf"))
    assert 1 <= len(kept) < 12, kept
    for pdf in kept:  # whole files, not half-written ones
        assert len(PdfReader(pdf).pages) >= 1
    assert not [p.name for p in out.iterdir() if p.name.endswith(".part")]  # output.py's temporary names


def test_a_title_does_not_break_inside_an_organisations_name(tmp_path: Path) -> None:
    """函-六十字标题.md: “关于商请长治市发展和改革” / “委员会支持长子县ＬＮＧ调峰储气” / …; title.words.pdf passed
    (jieba: 发展 / 和 / 改革 / 委员会), as it did for “鲍店 | 镇” before words.place_names."""
    pdf = _typst_pdf(tmp_path, "函-六十字标题.md")
    with pdfplumber.open(pdf) as opened:
        title = _lines(opened.pages[0], red=False, min_size=20)  # the 22 pt title
    assert title[-1].endswith("的函"), title
    assert any("发展和改革委员会" in line for line in title), title
