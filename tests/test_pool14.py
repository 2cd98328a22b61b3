"""The LibreOffice pool on Word documents with reviewers' comments, and on one that kills soffice."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from docgen.convert.offline import offline_copy
from docgen.convert.pool import Conversion, ConverterPool

TRACKED = Path(__file__).parent / "fixtures" / "tracked13"
COMMENTED = TRACKED / "t04_comments.docx"  # two comments, as Word writes them (tracked13/make13.py)
FINAL = TRACKED / "t04_comments_final.docx"  # the same document, its comments deleted


def _text(pdf: Path) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def test_the_offline_copy_holds_no_comment_and_says_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "copy.docx"
    assert offline_copy(COMMENTED, copy) == ()  # comments are counted by the caller, not noted here
    with zipfile.ZipFile(copy) as package:
        document = package.read("word/document.xml")
        relationships = package.read("word/_rels/document.xml.rels")
    assert b"commentRangeStart" not in document
    assert b"commentReference" not in document
    assert b"comments.xml" not in relationships
    with zipfile.ZipFile(COMMENTED) as package:
        assert b"commentReference" in package.read("word/document.xml")  # the fixture has them


def test_a_commented_document_then_a_plain_one_convert_in_one_pool(pool: ConverterPool, tmp_path: Path) -> None:
    jobs = [(COMMENTED, tmp_path / "commented.pdf"), (FINAL, tmp_path / "final.pdf")]
    done = pool.convert(jobs)
    assert [(c.error, c.retried) for c in done] == [(None, False), (None, False)]
    # the comments are not printed: the page is the one of the document without them
    assert _text(tmp_path / "commented.pdf") == _text(tmp_path / "final.pdf")
    assert len(PdfReader(tmp_path / "commented.pdf").pages) == 2


def test_a_document_that_kills_libreoffice_fails_alone(pool: ConverterPool, tmp_path: Path) -> None:
    """Given the commented file itself (not the offline copy), LibreOffice 7.4 from Debian's -nogui
    packages aborts; that document fails with why, the next one converts on a restarted worker."""
    worker = pool.workers[0]
    before = worker.generation
    outcome: Conversion = pool._convert_staged(worker, COMMENTED.resolve(), tmp_path / "dead.pdf")
    if outcome.error is None:
        pytest.skip("this LibreOffice survives comments (it has its .ui files)")
    assert outcome.retried
    said = str(outcome.error)
    assert "两次处理该文档都中断了" in said, said
    assert "NoSuchElementException" in said, said  # what soffice said as it died
    assert worker.generation == before + 2  # restarted for the retry, then again for the next document
    assert not (tmp_path / "dead.pdf").exists()
    after = pool._convert_staged(worker, FINAL.resolve(), tmp_path / "next.pdf")
    assert (after.error, after.retried) == (None, False)
    assert len(PdfReader(tmp_path / "next.pdf").pages) == 2


MADE = Path(__file__).parent / "fixtures" / "pool14"


def _make14():  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location("make14", MADE / "make14.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_unusual_fixtures_are_the_generators_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make14 = _make14()
    monkeypatch.setattr(make14, "HERE", tmp_path)
    for name in make14.FEATURES:
        assert make14.build(name).read_bytes() == (MADE / f"{name}.docx").read_bytes(), name


def test_unusual_word_features_convert_in_one_pool(pool: ConverterPool, tmp_path: Path) -> None:
    """Comments with a reply (Word 2016 parts), foot/endnotes, a text box, PAGE/NUMPAGES/TOC fields, a
    picture and an embedded workbook, content controls, document protection, a 30,000-character
    paragraph: each converts, shows its text, and the pool is the same afterwards."""
    features = _make14().FEATURES
    jobs = [(MADE / f"{name}.docx", tmp_path / f"{name}.pdf") for name in features]
    done = pool.convert(jobs)
    assert [(c.source.stem, c.error, c.retried) for c in done] == [(name, None, False) for name in features]
    texts = {name: _text(tmp_path / f"{name}.pdf").replace(" ", "") for name in features}
    for name, (_add, shown) in features.items():
        assert shown in texts[name], name
    assert "请核对日期" not in texts["f01_comments_reply"]  # a comment is not printed
    assert "（第1页，共3页）" in texts["f04_fields"]  # PAGE and NUMPAGES computed, not their stored 1 and 2
    assert len(PdfReader(tmp_path / "f08_long_paragraph.pdf").pages) > 40
