"""mends14: a source with several problems says them all in one run (one line each: file, line, field,
value), for render, preview and issue, a 令 and a 纪要; a letterhead leaving out a key a document uses
(联系方式, 督办代字) is warned of once, naming the file, the key and the document.

Real runs of ``python -m docgen`` in a child process (conftest.run_docgen), a real register (SQLite)."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import run_docgen

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "samples" / "supervision" / "督办台账.xlsx"

NOTICE = """---
发文机关: zhangzi-zdxmb
发文字号: auto
标题: 关于开展重点项目观摩的通知
主送: 各乡镇人民政府
成文日期: 2026年13月5日
密级: 很秘密
附件:
  - 标题: 项目清单
    文件: 清单.xlsx
---
为推动项目建设，现通知如下：

# 总体要求
各单位要高度重视。
"""

ORDER = """---
种类: 令
发文机关: zhangzi-gov
届: 第十七X届
发文字号: 第05号
标题: 公布《长子县重点项目建设管理办法》
成文日期: 2025-05-12
签发人: 王建华
---
《长子县重点项目建设管理办法》已经县政府常务会议通过，现予公布。
##### 五级标题
"""

MINUTES = """---
会议名称: 长子县重点项目建设联席会议
届次: 2025年第5次
日期: 2025年13月2日
出席: [张三]
双面印刷: 也许
---
会议议定：

#
"""


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("错误：")]


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["render", "preview", "issue"])
def test_every_problem_of_a_notice_in_one_run(tmp_path: Path, command: str) -> None:
    source = _write(tmp_path, "通知.md", NOTICE)
    args = [command, str(source), "-o", str(tmp_path / "out")]
    done = run_docgen(tmp_path, *args, *(["--signer", "张三"] if command == "issue" else []), register=True)
    assert done.returncode == 1, done.stderr
    errors = _errors(done.stderr)
    assert len(errors) == 3, done.stderr
    date, secrecy, attachment = errors
    assert f"{source}，第 6 行，字段“成文日期”" in date
    assert "2026年13月5日" in date
    assert f"{source}，第 7 行，字段“密级”" in secrecy
    assert "很秘密" in secrecy
    assert f"{source}，第 10 行，字段“附件第 1 项的文件”" in attachment
    assert "清单.xlsx" in attachment
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.docx"))
    if command == "issue":  # no number was taken for a source that cannot be made
        with sqlite3.connect(tmp_path / "r.sqlite") as db:
            taken = db.execute("SELECT count(*) FROM numbers").fetchone()[0] if _has_numbers(db) else 0
        assert taken == 0


def _has_numbers(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'numbers'").fetchone() is not None


def test_fixed_problems_leave_the_others(tmp_path: Path) -> None:
    """Fixing one problem, the run says the rest: no problem is held back for the next run."""
    source = _write(tmp_path, "通知.md", NOTICE.replace("2026年13月5日", "2026年3月5日"))
    done = run_docgen(tmp_path, "render", str(source), "-o", str(tmp_path / "out"))
    errors = _errors(done.stderr)
    assert done.returncode == 1
    assert [re.search(r"字段“([^”]+)”", line).group(1) for line in errors] == ["密级", "附件第 1 项的文件"]  # type: ignore[union-attr]


def test_an_unknown_letterhead_and_a_bad_heading_with_the_fields(tmp_path: Path) -> None:
    text = NOTICE.replace("zhangzi-zdxmb", "nowhere").replace("# 总体要求", "##### 总体要求")
    text = text.replace("附件:\n  - 标题: 项目清单\n    文件: 清单.xlsx\n", "紧急程度: 很急\n")
    source = _write(tmp_path, "通知.md", text)
    done = run_docgen(tmp_path, "render", str(source), "-o", str(tmp_path / "out"))
    errors = _errors(done.stderr)
    assert done.returncode == 1
    fields = [re.search(r"字段“([^”]+)”", line).group(1) for line in errors]  # type: ignore[union-attr]
    assert fields == ["发文机关", "成文日期", "密级", "紧急程度", "正文"], done.stderr
    assert "nowhere" in errors[0]
    assert "很急" in errors[3]
    assert "第 12 行" in errors[4]


def test_every_problem_of_an_order(tmp_path: Path) -> None:
    source = _write(tmp_path, "令.md", ORDER)
    done = run_docgen(tmp_path, "render", str(source), "-o", str(tmp_path / "out"))
    errors = _errors(done.stderr)
    assert done.returncode == 1
    assert len(errors) == 4, done.stderr
    assert "第 4 行，字段“届”" in errors[0]
    assert "第十七X届" in errors[0]
    assert "第 5 行，字段“发文字号”" in errors[1]
    assert "第05号" in errors[1]
    assert "第 11 行，字段“正文”" in errors[2]
    assert "字段“签发人职务”" in errors[3]  # not written: no line to name


def test_every_problem_of_a_minutes_source(tmp_path: Path) -> None:
    source = _write(tmp_path, "纪要.md", MINUTES)
    done = run_docgen(tmp_path, "preview", str(source), "-o", str(tmp_path / "out"))
    errors = _errors(done.stderr)
    assert done.returncode == 1
    assert len(errors) == 3, done.stderr
    assert "第 4 行，字段“日期”" in errors[0]
    assert "2025年13月2日" in errors[0]
    assert "第 6 行，字段“双面印刷”" in errors[1]
    assert "也许" in errors[1]
    assert "第 10 行，字段“正文”" in errors[2]


def test_a_letterhead_without_its_contact_is_warned_once(tmp_path: Path) -> None:
    heads = tmp_path / "版头"
    heads.mkdir()
    shutil.copy(ROOT / "letterheads" / "zhangzi-zdxmb.yaml", heads / "zd.yaml")
    text = (heads / "zd.yaml").read_text(encoding="utf-8")
    (heads / "zd.yaml").write_text(re.sub(r"(?m)^督办代字:.*\n", "", text), encoding="utf-8")
    args = ["--letterheads", str(heads), "supervise", str(LEDGER), "--letterhead", "zd", "--out", "out"]
    done = run_docgen(tmp_path, *args, register=True)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("警告：")]
    contact = [line for line in warnings if "联系方式" in line]
    code = [line for line in warnings if "督办代字" in line]
    assert (len(contact), len(code)) == (1, 1), done.stderr  # once a run, not once a document
    assert str(heads / "zd.yaml") in contact[0]
    assert "挂牌督办通知书" in contact[0]
    assert "长重点督〔年份〕N号" in code[0]
    made = sorted((tmp_path / "out").glob("*.docx"))
    assert made
    assert made[0].name.startswith("长重点督〔")
    # written in the letterhead, nothing is said
    (heads / "zd.yaml").write_text(text + "联系方式: 联系人：李丽　0355-8221234\n", encoding="utf-8")
    again = run_docgen(tmp_path, *args[:-1], "out2", register=True)
    assert again.returncode == 0, again.stderr
    assert not [line for line in again.stderr.splitlines() if line.startswith("警告：")], again.stderr


def _small_ledger(folder: Path, rows: int) -> Path:
    """The sample ledger cut to its first ``rows`` items (a title row, the header, then the items)."""
    import openpyxl

    book = openpyxl.load_workbook(LEDGER)
    sheet = book.active
    assert sheet is not None
    sheet.delete_rows(3 + rows, sheet.max_row)
    path = folder / "督办台账.xlsx"
    book.save(path)
    return path


def _recorded(register: Path) -> dict[str, list[str]]:
    """Return each issued 督办 number's recorded file names (the register's documents.outputs)."""
    import json

    with sqlite3.connect(register) as db:
        rows = db.execute(
            "SELECT n.id, d.outputs FROM numbers n JOIN documents d ON d.number_id = n.id WHERE n.status = 'issued'"
        ).fetchall()
    return {
        str(number): sorted(Path(o["path"]).suffix for o in json.loads(outputs)) for number, outputs in rows
    }


def _hashes(folder: Path, suffix: str) -> dict[str, str]:
    import hashlib

    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob(f"*{suffix}"))}


@pytest.mark.parametrize("engine", ["typst", "libreoffice"])
def test_supervise_again_with_pdf_makes_the_missing_pdfs(tmp_path: Path, engine: str) -> None:
    """A run without --pdf issued the notices; the run with --pdf makes their PDFs from the issued
    documents, takes no number, writes over no .docx, and records each PDF under its number."""
    ledger = _small_ledger(tmp_path, 3 if engine == "libreoffice" else 6)
    args = ["supervise", str(ledger), "--letterhead", "zhangzi-zdxmb", "--out", "out"]
    first = run_docgen(tmp_path, *args, register=True)
    assert first.returncode == 0, first.stderr
    out = tmp_path / "out"
    docx = _hashes(out, ".docx")
    assert docx
    assert not list(out.glob("*.pdf"))
    numbers = _recorded(tmp_path / "r.sqlite")
    assert set(map(tuple, numbers.values())) == {(".docx",)}

    again = run_docgen(tmp_path, *args, "--pdf", "--engine", engine, register=True)
    assert again.returncode == 0, again.stderr
    assert _hashes(out, ".docx") == docx  # no issued file written over
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.stem for p in pdfs] == [Path(name).stem for name in docx]
    assert _recorded(tmp_path / "r.sqlite") == {
        number: [".docx", ".pdf"] for number in numbers
    }  # no new number
    made_by = "Typst" if engine == "typst" else "LibreOffice"
    assert f"PDF 由 {made_by} 排版" in again.stdout + again.stderr
    import pdfplumber

    for pdf, name in zip(pdfs, sorted(docx), strict=True):
        with pdfplumber.open(pdf) as opened:
            text = "".join(page.extract_text() or "" for page in opened.pages)
        number = name.split(" ")[0]
        assert number.replace("〔", "").replace("〕", "") in text.replace("〔", "").replace("〕", "").replace(
            " ", ""
        )
        assert "挂牌督办回执" in text.replace(" ", "")
    check = run_docgen(tmp_path, "register", "check", register=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"其中 {len(docx)} 份补出了 PDF" in again.stdout
    # a third run has nothing to make, and writes over no PDF
    made = _hashes(out, ".pdf")
    third = run_docgen(tmp_path, *args, "--pdf", "--engine", engine, register=True)
    assert third.returncode == 0, third.stderr
    assert "补出" not in third.stdout
    assert _hashes(out, ".pdf") == made


def test_supervise_with_pdf_killed_after_a_pdf_leaves_the_register_whole(tmp_path: Path) -> None:
    """Killed (SIGKILL) right after the first PDF is written, before it is recorded: the .docx are as
    issued, the register is consistent, no PDF is half written; the next run records every PDF."""
    import os
    import subprocess
    import sys

    ledger = _small_ledger(tmp_path, 3)
    args = ["supervise", str(ledger), "--letterhead", "zhangzi-zdxmb", "--out", "out"]
    assert run_docgen(tmp_path, *args, register=True).returncode == 0
    out = tmp_path / "out"
    docx = _hashes(out, ".docx")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    command = [sys.executable, str(ROOT / "tests" / "kill_at.py"), "after-pdf"]
    command += ["--register", str(tmp_path / "r.sqlite"), *args, "--pdf", "--engine", "typst"]
    killed = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9, killed.stdout + killed.stderr
    assert _hashes(out, ".docx") == docx
    written = list(out.glob("*.pdf"))
    assert len(written) == 1  # whole: written under a temporary name, then renamed
    assert written[0].read_bytes().startswith(b"%PDF")
    assert b"%%EOF" in written[0].read_bytes()[-64:]
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.suffix not in (".json",)]
    assert set(map(tuple, _recorded(tmp_path / "r.sqlite").values())) == {(".docx",)}
    check = run_docgen(tmp_path, "register", "check", register=True)
    assert check.returncode == 0, check.stdout + check.stderr
    again = run_docgen(tmp_path, *args, "--pdf", "--engine", "typst", register=True)
    assert again.returncode == 0, again.stderr
    assert set(map(tuple, _recorded(tmp_path / "r.sqlite").values())) == {(".docx", ".pdf")}
    assert _hashes(out, ".docx") == docx


def test_supervise_with_pdf_makes_no_pdf_of_another_document_than_the_issued(tmp_path: Path) -> None:
    """The ledger row changed since the notice was issued: the document made now is not the issued
    one, so no PDF of it is made (a warning names the issued .docx); the other items get theirs."""
    import openpyxl

    ledger = _small_ledger(tmp_path, 3)
    args = ["supervise", str(ledger), "--letterhead", "zhangzi-zdxmb", "--out", "out"]
    assert run_docgen(tmp_path, *args, register=True).returncode == 0
    out = tmp_path / "out"
    docx = _hashes(out, ".docx")
    book = openpyxl.load_workbook(ledger)
    sheet = book.active
    assert sheet is not None
    sheet["H3"] = "请于本月底前召开专题会议。"  # DB-2025-001's 督办要求, reworded after it was issued
    book.save(ledger)
    again = run_docgen(tmp_path, *args, "--pdf", "--engine", "typst", register=True)
    assert again.returncode == 0, again.stderr
    warned = [line for line in again.stderr.splitlines() if "未补出 PDF" in line]
    assert len(warned) == 1, again.stderr
    assert "长重点督〔2025〕1号" in warned[0]
    assert "--no-watermark" in warned[0]
    assert _hashes(out, ".docx") == docx
    assert sorted(p.stem for p in out.glob("*.pdf")) == sorted(
        Path(n).stem for n in docx if "〔2025〕1号" not in n
    )
    assert sorted(map(tuple, _recorded(tmp_path / "r.sqlite").values())) == [
        (".docx",),
        (".docx", ".pdf"),
        (".docx", ".pdf"),
    ]


def test_a_template_reading_a_key_no_letterhead_has_is_refused_in_words(tmp_path: Path) -> None:
    """An office's wording reads letterhead.phone (no such key): the notices cannot be made; the error
    names the template, its line and the name read, in the user's language, and no number stays taken."""
    folder = tmp_path / "tpl" / "supervision"
    folder.mkdir(parents=True)
    wording = (ROOT / "templates" / "supervision" / "notice.md.j2").read_text(encoding="utf-8")
    (folder / "notice.md.j2").write_text(wording + "{{ letterhead.phone }}\n", encoding="utf-8")
    ledger = _small_ledger(tmp_path, 2)
    args = ["--templates", str(tmp_path / "tpl"), "supervise", str(ledger), "--letterhead", "zhangzi-zdxmb"]
    done = run_docgen(tmp_path, *args, "--out", "out", register=True)
    assert done.returncode == 1
    (error,) = _errors(done.stderr)
    assert str(folder / "notice.md.j2") in error
    assert f"第 {wording.count(chr(10)) + 1} 行" in error  # the line appended
    assert "模板读取 letterhead.phone，而传给模板的值中没有它" in error
    assert not list((tmp_path / "out").glob("*.docx"))
    assert _recorded(tmp_path / "r.sqlite") == {}


def test_a_malformed_number_and_copy_number_with_the_date(tmp_path: Path) -> None:
    text = NOTICE.replace("发文字号: auto", "发文字号: 长重点2025-7").replace("密级: 很秘密", "份号: 12a")
    text = text.replace("附件:\n  - 标题: 项目清单\n    文件: 清单.xlsx\n", "")
    source = _write(tmp_path, "通知.md", text)
    done = run_docgen(
        tmp_path, "issue", str(source), "--signer", "张三", "-o", str(tmp_path / "out"), register=True
    )
    assert done.returncode == 1
    errors = _errors(done.stderr)
    fields = [re.search(r"字段“([^”]+)”", line).group(1) for line in errors]  # type: ignore[union-attr]
    assert fields == ["发文字号", "成文日期", "份号"], done.stderr
    assert "长重点2025-7" in errors[0]
    assert "12a" in errors[2]
