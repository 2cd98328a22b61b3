"""The faster paths of issue 17 make the same things as the paths they replace.

- bulletins typeset by Typst in the workers (laid out once) give the same .docx and PDF bytes as
  the former route (.docx in the workers, the PDF from it in the command's process);
- the merged PDF built as the PDFs come equals the one merged from the files afterwards, also
  when a re-run mixes kept and new bulletins;
- files written in batches (one folder-record update, one disk sync) keep the guard's rules: one
  refused file and nothing is written; a failed write leaves no file and no temporary file;
- the manifest journal is read back over the manifest, a line cut short by a kill skipped;
- one layout with two tail placements equals two layouts;
- the cached jieba dictionary cuts every title as jieba's own does; a damaged cache is made again;
- Chinese ordinals equal cn2an's; importing the preview path loads no click, cn2an, jieba or .docx
  emitter.
Real Typst, real jieba, real files: no timing is asserted.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import cn2an
import pytest
from conftest import ROOT, sample_paths
from pypdf import PdfReader

from docgen.bulletin_manifest import JOURNAL, Entry, journal, load_manifest, write_manifest
from docgen.bulletins import BulletinReport, Job, _compose, make_bulletins, merge_pdfs
from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME
from docgen.emit.docx.emit import render_docx
from docgen.errors import OutputError
from docgen.layout import Placement, lay_out, lay_out_each
from docgen.load.projects import load_projects
from docgen.notices import compose_notice_file
from docgen.numbering import chinese_numeral
from docgen.output import write_atomic_many
from docgen.publish.guard import RECORD_NAME, WriteGuard, read_record
from docgen.publish.pipeline import Engine, Publication, publish
from docgen.register import Register
from docgen.run_resources import RunResources
from docgen.scoring import COMPLETION_ONLY
from docgen.segmenter_cache import file_name, prefix_dictionary

LEDGER = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
DATE = dt.date(2025, 6, 5)


def _bulletins(out: Path, register: Path) -> BulletinReport:
    with Register.open(register) as reg:
        return make_bulletins(
            LEDGER,
            "2025-05",
            "zhangzi-zdxmb",
            out,
            RunResources(),
            reg,
            date=DATE,
            pdf=True,
            merge=True,
            workers=2,
            engine=Engine.TYPST,
        )


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BulletinReport]:
    folder = tmp_path_factory.mktemp("fast-bulletins")
    return folder / "out", _bulletins(folder / "out", folder / "r.sqlite")


def _outline(pdf: bytes | Path) -> tuple[list[tuple[str, int]], list[str]]:
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    marks = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    return marks, [page.extract_text() for page in reader.pages]


def test_typst_bulletins_made_in_the_workers_equal_the_former_route(
    run: tuple[Path, BulletinReport],
) -> None:
    """Each .docx is the one ``render_docx`` makes; each PDF the one the command's process made of it."""
    out, report = run
    resources = RunResources()
    projects, _problems = load_projects(LEDGER, 2025, 5)
    units: dict[str, list[object]] = {}
    for project in projects:
        units.setdefault(project.unit, []).append(project)
    for entry in report.entries:
        job = Job(
            entry.subject,
            tuple(units[entry.subject]),  # type: ignore[arg-type]
            COMPLETION_ONLY,
            2025,
            5,
            "第1期",
            "长子县重点项目办公室",
            DATE,
            DEFAULT_NAME,
            DEFAULT_DISTRIBUTION,
            0,
        )
        doc = _compose(job, resources.env)
        docx = render_docx(doc, resources.template).data
        former = Publication(  # as bulletins._pdfs published it before: the .docx read back, then Typst
            doc,
            out / entry.docx,
            out / entry.pdf,
            None,  # the layout's metadata, as bulletins._pdfs passes it (print9 #2)
            watermark=True,
            docx_data=docx,
            engine=Engine.TYPST,
        )
        [result] = publish([former], resources.template, None, write=lambda _path, _data: None)
        assert (out / entry.docx).read_bytes() == result.docx_data, entry.subject
        assert (out / entry.pdf).read_bytes() == result.pdf_data, entry.subject
        assert entry.pages == result.pages


def test_the_merged_pdf_built_as_the_pdfs_come_equals_the_one_merged_from_the_files(
    run: tuple[Path, BulletinReport], tmp_path: Path
) -> None:
    out, report = run
    assert report.merged is not None
    again = merge_pdfs(out, report, write=lambda path, data: (tmp_path / path.name).write_bytes(data))
    marks, texts = _outline(report.merged)
    assert (marks, texts) == _outline(tmp_path / again.name)
    assert [title for title, _page in marks] == [e.subject for e in report.entries]


def test_a_rerun_merges_kept_and_new_bulletins_in_order(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _bulletins(out, tmp_path / "r.sqlite")
    for entry in (first.entries[0], first.entries[5], first.entries[-1]):  # lost: made again
        (out / entry.docx).unlink()
    second = _bulletins(out, tmp_path / "r.sqlite")
    assert second.skipped == len(first.entries) - 3
    assert second.merged is not None
    marks, texts = _outline(second.merged)
    assert (marks, texts) == _outline(first.merged or Path())
    from_files = merge_pdfs(out, second, write=lambda path, data: (tmp_path / path.name).write_bytes(data))
    assert (marks, texts) == _outline(tmp_path / from_files.name)
    assert not (out / JOURNAL).exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["bulletins"]
    assert [e["subject"] for e in manifest] == [e.subject for e in first.entries]


def test_a_batch_with_one_refused_file_writes_none(tmp_path: Path) -> None:
    guard = WriteGuard()
    guard.write(tmp_path / "a.pdf", b"first")
    (tmp_path / "b.pdf").write_bytes(b"the user's own")
    record = (tmp_path / RECORD_NAME).read_bytes()
    with pytest.raises(OutputError, match="b.pdf"):
        guard.write_many([(tmp_path / "a.pdf", b"second"), (tmp_path / "b.pdf", b"docgen's")])
    assert (tmp_path / "a.pdf").read_bytes() == b"first"
    assert (tmp_path / "b.pdf").read_bytes() == b"the user's own"
    assert (tmp_path / RECORD_NAME).read_bytes() == record
    guard.write_many([(tmp_path / "a.pdf", b"second"), (tmp_path / "c.pdf", b"third")], issued=True)
    files = read_record(tmp_path)["files"]
    assert files["a.pdf"]["issued"]
    assert files["c.pdf"]["issued"]
    assert (tmp_path / "c.pdf").read_bytes() == b"third"


def test_a_batch_that_fails_to_write_leaves_no_file_and_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_bytes(b"a file where a folder should be")
    with pytest.raises(OutputError):
        write_atomic_many([(tmp_path / "a.docx", b"a"), (tmp_path / "blocked" / "b.pdf", b"b")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked"]
    write_atomic_many([(tmp_path / "a.docx", b"a"), (tmp_path / "b.pdf", b"b")])
    assert (tmp_path / "a.docx").read_bytes() == b"a"
    assert (tmp_path / "b.pdf").read_bytes() == b"b"
    assert not list(tmp_path.glob(".*.part"))


def test_the_journal_is_read_over_the_manifest_and_a_torn_line_is_skipped(tmp_path: Path) -> None:
    old = Entry("甲镇", "甲镇.docx", "failed", "h1", error="x")
    write_manifest(tmp_path, "第1期", [old, Entry("乙镇", "乙镇.docx", "ok", "h2", "d2")])
    assert not (tmp_path / JOURNAL).exists()
    journal(tmp_path, [Entry("甲镇", "甲镇.docx", "ok", "h1", "d1")])
    with (tmp_path / JOURNAL).open("a", encoding="utf-8") as handle:
        handle.write('{"subject": "丙镇", "docx": "丙')  # a kill in the middle of a line
    entries = load_manifest(tmp_path)
    assert sorted(entries) == ["乙镇", "甲镇"]
    assert entries["甲镇"].status == "ok"
    write_manifest(tmp_path, "第1期", list(entries.values()))
    assert not (tmp_path / JOURNAL).exists()
    assert load_manifest(tmp_path) == entries


def test_one_layout_with_two_placements_equals_two_layouts() -> None:
    resources = RunResources()
    docs: list[object] = [compose_notice_file(path, resources) for path in sample_paths()]
    projects, _problems = load_projects(LEDGER, 2025, 5)
    job = Job(
        projects[0].unit,
        tuple(p for p in projects if p.unit == projects[0].unit),
        COMPLETION_ONLY,
        2025,
        5,
        "第1期",
        "编辑",
        DATE,
        DEFAULT_NAME,
        DEFAULT_DISTRIBUTION,
        0,
    )
    docs.append(_compose(job, resources.env))
    for doc in docs:
        both = lay_out_each(doc, [None, Placement.BOTTOM, Placement.NEW_PAGE])  # type: ignore[arg-type]
        assert both == [lay_out(doc, p) for p in (None, Placement.BOTTOM, Placement.NEW_PAGE)]  # type: ignore[arg-type]


def _jieba_own() -> object:
    import jieba

    tokenizer = jieba.Tokenizer()
    with tokenizer.get_dict_file() as handle:
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(handle)
    tokenizer.initialized = True
    return tokenizer


TITLES = [
    "关于在全市开展重大项目谋划储备实施“百日攻坚”行动的通知",
    "长子县人民政府办公室关于印发长子县重点项目谋划储备等五项制度的通知",
    "伊川县教育事业发展三年行动计划暨2023年重点项目集中开工仪式",
    "关于协调解决部分重点项目建设用地和要素保障问题的请示",
    "关于2025年1—5月重点项目建设进展情况排名的通报",
    "长子经济技术开发区管委会重点项目建设情况（2025年1—10月）",
    "南京市长江大桥参观游览须知及注意事项",
]


def test_the_cached_dictionary_cuts_as_jiebas_own(tmp_path: Path) -> None:
    import jieba

    own = _jieba_own()
    cached = jieba.Tokenizer()
    with cached.get_dict_file() as handle:
        dict_file = Path(handle.name)
    for attempt in range(2):  # made (and written), then read back
        cached.FREQ, cached.total = prefix_dictionary(dict_file, tmp_path)
        cached.initialized = True
        assert (tmp_path / file_name(dict_file)).is_file(), attempt
        assert cached.total == own.total  # type: ignore[attr-defined]
        for title in TITLES:
            assert cached.lcut(title, HMM=True) == own.lcut(title, HMM=True), title  # type: ignore[attr-defined]
        for word in ("重点", "重点项", "重点项目", "不是词语的串", "挂"):
            assert cached.FREQ.get(word) == own.FREQ.get(word), word  # type: ignore[attr-defined]


def test_a_damaged_cache_is_made_again_and_an_unwritable_one_only_costs_time(tmp_path: Path) -> None:
    import jieba

    with jieba.Tokenizer().get_dict_file() as handle:
        dict_file = Path(handle.name)
    own = _jieba_own()
    _freq, total = prefix_dictionary(dict_file, tmp_path)
    cache = tmp_path / file_name(dict_file)
    good = cache.read_bytes()
    damaged = bytearray(good)
    damaged[-100] ^= 0xFF  # one count changed: the checksum no longer matches
    cache.write_bytes(bytes(damaged))
    freq, total = prefix_dictionary(dict_file, tmp_path)
    assert total == own.total  # type: ignore[attr-defined]
    assert cache.read_bytes() == good
    cache.write_bytes(b"not a cache\n")
    assert prefix_dictionary(dict_file, tmp_path)[1] == own.total  # type: ignore[attr-defined]
    blocked = tmp_path / "file"
    blocked.write_bytes(b"")
    freq, total = prefix_dictionary(dict_file, blocked)  # its folder is a file: nothing written
    assert total == own.total  # type: ignore[attr-defined]
    assert freq.get("重点项目") == own.FREQ.get("重点项目")  # type: ignore[attr-defined]


def test_two_dictionaries_keep_a_cache_each_and_a_gone_ones_cache_is_removed(tmp_path: Path) -> None:
    """Two installations (two dictionary paths) alternating read their own cache files, never
    rewritten; a cache whose dictionary is gone is removed when another cache is written."""
    import shutil

    import jieba

    with jieba.Tokenizer().get_dict_file() as handle:
        original = Path(handle.name)
    dicts = []
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        dicts.append(Path(shutil.copy2(original, tmp_path / name / "dict.txt")))
    cache = tmp_path / "cache"
    first, second, third = dicts
    prefix_dictionary(first, cache)
    prefix_dictionary(second, cache)
    files = {d: cache / file_name(d) for d in (first, second)}
    assert len(set(files.values())) == 2
    assert all(f.is_file() for f in files.values())
    inodes = {d: f.stat().st_ino for d, f in files.items()}
    for d in (first, second, first, second):  # alternating: each read from its own file, none made again
        assert prefix_dictionary(d, cache)[0].get("重点项目") is not None
        assert files[d].stat().st_ino == inodes[d]
    second.unlink()
    prefix_dictionary(third, cache)
    assert sorted(p.name for p in cache.iterdir()) == sorted([files[first].name, file_name(third)])


def test_chinese_ordinals_are_cn2ans() -> None:
    assert [chinese_numeral(n) for n in range(1, 1000)] == [cn2an.an2cn(n, "low") for n in range(1, 1000)]


def test_the_preview_path_imports_neither_click_nor_what_a_typst_preview_does_not_use() -> None:
    code = (
        "import sys, docgen, docgen.preview, docgen.words; "
        "print(sorted({m.split('.')[0] if not m.startswith('docgen') else m for m in sys.modules}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded = done.stdout
    for name in ("'click'", "'cn2an'", "'jieba'", "'docgen.emit.docx.emit'", "'docgen.cli'"):
        assert name not in loaded, name
    assert "'docgen.preview'" in loaded
