"""Speed work of issue 17 that must not change behaviour: what a bulletin batch loads once before
its workers fork (jieba without pkg_resources, a Typst compiler built in the parent that the forked
workers compile with), a batch's one listing of a folder for dead writers' temporary files, the
bulletins' input hashes made without ``asdict`` (the same hashes), and a ticket's files looked up in
sets (each kept once, in the order written)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TITLES = (
    "关于开展全省重点项目建设促投资掀高潮活动的通知",
    "三门峡市人民政府重点项目建设办公室关于加快推进黄河流域生态保护和高质量发展重大项目谋划储备工作的实施意见",
)


def _cut(first: str) -> str:
    code = (
        "import sys\n"
        f"{first}\n"
        "from docgen.words import _segmenter, words\n"
        f"for title in {TITLES!r}:\n"
        "    print('|'.join(words(title)))\n"
        "with _segmenter().get_dict_file() as bundled:\n"
        "    print(bundled.name)\n"
        "print('pkg_resources' in sys.modules)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True
    ).stdout


def test_jieba_is_imported_without_pkg_resources_and_cuts_the_same() -> None:
    alone = _cut("").splitlines()
    after = _cut("import pkg_resources").splitlines()  # jieba's own way: its files through pkg_resources
    assert alone[-1] == "False"
    assert after[-1] == "True"
    assert alone[:-1] == after[:-1]  # the same words and the same bundled dictionary
    assert alone[-2].endswith("dict.txt")
    assert Path(alone[-2]).is_file()
    code = "import docgen.words as w; w.words('重点项目'); import pkg_resources; print(pkg_resources.__name__)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip() == "pkg_resources", done.stderr  # still importable afterwards


def test_workers_fork_after_the_compiler_is_built_and_compile() -> None:
    code = """
import threading
from docgen.bulletin_workers import _pool_context, warm
from docgen.emit.typst import compile as c

warm(True)
assert c.compiler.cache_info().currsize == 1 and not c.has_compiled()
assert threading.active_count() == 1
context = _pool_context(True)
assert context.get_start_method() == "fork"
source = '#set text(lang: "zh", region: "cn")\\n#text(font: "Noto Serif CJK SC", "重点项目")'
with context.Pool(2) as pool:
    pdfs = pool.map(c.compile_pdf, [source] * 4)
assert all(pdf.startswith(b"%PDF") for pdf in pdfs), pdfs
c.compile_pdf(source)
assert c.has_compiled() and _pool_context(True).get_start_method() == "spawn"
print("ok")
"""
    # a hang here (a worker waiting on a lock of Typst's) fails by the timeout, not by a time measured
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stderr


def test_a_batch_removes_the_temporary_files_of_dead_writers_only(tmp_path: Path) -> None:
    from docgen.output import write_atomic_many

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    dead, alive = child.pid, os.getpid()
    left = {
        f".a.docx.{dead}.x1.part": True,  # a killed writer of a.docx: removed
        f".a.docx.{alive}.x2.part": False,  # a writer still running: kept
        f".b.pdf.{dead}.x3.part": False,  # another file's, not written now: kept
        f".c.pdf.{dead}.x4.part": True,
        f".[c].pdf.{dead}.x5.part": False,  # a name glob would have read as a pattern
    }
    for name in left:
        (tmp_path / name).write_bytes(b"half")
    write_atomic_many([(tmp_path / "a.docx", b"a"), (tmp_path / "c.pdf", b"c")])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["a.docx", "c.pdf", *(name for name, removed in left.items() if not removed)]
    )


def test_bulletin_input_hashes_are_those_of_dataclasses_asdict() -> None:
    """``bulletins._plain`` (no deep copy, the shared rules turned once) hashes what ``asdict`` gave:
    a manifest written before still matches, so a re-run skips the unchanged bulletins."""
    import datetime as dt
    import hashlib
    import json
    from dataclasses import asdict

    from docgen import __version__
    from docgen.bulletin_workers import Job
    from docgen.bulletins import bulletin_wording, input_hash
    from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME
    from docgen.load.projects import load_projects
    from docgen.load.rules import load_rules
    from docgen.scoring import COMPLETION_ONLY

    projects, _problems = load_projects(ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx", 2025, 5)
    groups: dict[str, list[object]] = {}
    for project in projects:
        groups.setdefault(project.unit, []).append(project)
    wording = bulletin_wording(())
    assert wording  # docgen's own template
    memo: dict[int, tuple[object, object]] = {}
    checked = 0
    for rules in (COMPLETION_ONLY, load_rules(ROOT / "samples" / "ranking" / "rules.yaml")):
        for subject, rows in groups.items():
            job = Job(subject, tuple(rows), rules, 2025, 5, "第5期", "编辑", dt.date(2025, 6, 5),  # type: ignore[arg-type]
                      DEFAULT_NAME, DEFAULT_DISTRIBUTION, 0)  # fmt: skip
            data = json.dumps(asdict(job), default=str, ensure_ascii=False, sort_keys=True)
            expected = hashlib.sha256(data.encode() + __version__.encode() + wording).hexdigest()
            assert input_hash(job, ()) == expected, subject
            assert input_hash(job, (), wording, memo) == expected, subject
            checked += 1
    assert checked >= 4


def test_a_ticket_keeps_each_file_once_in_the_order_written(tmp_path: Path) -> None:
    from docgen.publish.numbering import NumberRequest, numbered
    from docgen.register import KIND_BULLETIN, Register

    (tmp_path / "old.pdf").write_bytes(b"there before")
    request = NumberRequest(KIND_BULLETIN, "简报", 2025, "2025-05")
    out = tmp_path / "out"
    with Register.open(tmp_path / "r.sqlite") as register, numbered(register, request, seal=False) as ticket:
        ticket.write_many([(out / "a.docx", b"a"), (out / "a.pdf", b"a")])
        ticket.write_many([(out / "b.docx", b"b"), (out / "a.pdf", b"a2")])
        ticket.keep([out / "a.docx", tmp_path / "old.pdf", tmp_path / "old.pdf"])
        assert ticket.created == [out / "a.docx", out / "a.pdf", out / "b.docx"]
        assert ticket.kept == [out / "a.docx", out / "a.pdf", out / "b.docx", tmp_path / "old.pdf"]
        ticket.discard()
    assert not (out / "a.docx").exists()
    assert (tmp_path / "old.pdf").exists()
