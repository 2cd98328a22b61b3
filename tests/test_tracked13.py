"""Word documents that still hold their drafting history (tracked13): ``preview`` renders them as they
print once the changes are accepted and says what they hold, ``check`` fails them on colours.markup,
``merge`` refuses such a form and ``issue`` such a document.

The fixtures (tests/fixtures/tracked13/make13.py) come in pairs: NAME.docx as a reviewer sends it back
from Word or WPS with 修订 on, NAME_final.docx the same document with every change accepted and every
comment deleted.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from helpers import load_script
from lxml import etree
from pypdf import PdfReader

from docgen.check.rules import Status
from docgen.check.run import check_files
from docgen.convert.oneshot import soffice_path
from docgen.convert.pool import system_python
from docgen.errors import DataError
from docgen.issue import issue_notice
from docgen.load.docx_final import accept
from docgen.merge.run import merge
from docgen.preview import preview
from docgen.register import Register
from docgen.run_resources import RunResources

HERE = Path(__file__).parent / "fixtures" / "tracked13"
make13 = load_script(HERE / "make13.py")
NAMES = list(make13.BUILDERS)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ROOT = Path(__file__).resolve().parent.parent
needs_lo = pytest.mark.skipif(
    soffice_path() is None or system_python() is None, reason="LibreOffice with python3-uno is not installed"
)
MARKUP = ("ins", "del", "moveFrom", "moveTo", "delText", "commentRangeStart", "commentReference", "rPrChange",
          "pPrChange", "sectPrChange", "tblPrChange", "tcPrChange", "hyperlink", "sdt")  # fmt: skip


def _paragraph_texts(data: bytes) -> list[tuple[str, str]]:
    """Return every paragraph's text of the body (tables and text boxes included) and the footers,
    deleted text included: what a package holds, not what Word shows."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in sorted(package.namelist()):
            if name.startswith(("word/document", "word/footer", "word/header")):
                root = etree.fromstring(package.read(name))
                for p in root.iter(f"{{{W}}}p"):
                    if p.find(f".//{{{W}}}p") is None:  # the text box's paragraph, not the one anchoring it
                        texts = p.iter(f"{{{W}}}t", f"{{{W}}}delText")
                        found.append((name, "".join(t.text or "" for t in texts)))
    return found


def test_the_fixtures_are_what_the_generator_writes(tmp_path: Path) -> None:
    for name in NAMES:
        tracked, final = make13.build(name)
        make13.save(tracked, tmp_path / "t.docx")
        make13.save(final, tmp_path / "f.docx")
        assert (tmp_path / "t.docx").read_bytes() == (HERE / f"{name}.docx").read_bytes(), name
        assert (tmp_path / "f.docx").read_bytes() == (HERE / f"{name}_final.docx").read_bytes(), name


@pytest.mark.parametrize("name", NAMES)
def test_the_accepted_copy_is_the_final_document(name: str) -> None:
    """Accepting gives the final document's paragraphs, text for text (deleted text gone, joined
    paragraphs one, table rows, text boxes and footers too), with no markup left in it."""
    tracked = (HERE / f"{name}.docx").read_bytes()
    final = (HERE / f"{name}_final.docx").read_bytes()
    if make13.EXPECTED[name][0]:  # tracked changes change what the package holds (comments are beside it)
        assert _paragraph_texts(tracked) != _paragraph_texts(final)
    accepted = accept(tracked)
    assert accepted.changed
    assert _paragraph_texts(accepted.data) == _paragraph_texts(final)
    with zipfile.ZipFile(io.BytesIO(accepted.data)) as package:
        for part in package.namelist():
            if part.startswith(("word/document", "word/footer")):
                xml = package.read(part)
                assert not [
                    tag for tag in MARKUP if f"<w:{tag} ".encode() in xml or f"<w:{tag}>".encode() in xml
                ]
    word = open_docx(io.BytesIO(accepted.data))  # python-docx reads it as it reads the final one
    again = open_docx(io.BytesIO(final))
    assert [p.text for p in word.paragraphs] == [p.text for p in again.paragraphs]
    assert [c.text for t in word.tables for r in t.rows for c in r.cells] == [
        c.text for t in again.tables for r in t.rows for c in r.cells
    ]


@pytest.mark.parametrize("name", NAMES)
def test_the_markup_is_counted(name: str) -> None:
    revisions, comments, first = make13.EXPECTED[name]
    markup = accept((HERE / f"{name}.docx").read_bytes()).markup
    assert (markup.revisions, markup.comments) == (revisions, comments)
    assert markup.pending == bool(revisions or comments)
    if first is None:
        assert markup.first is None
    else:
        assert markup.first is not None
        assert (markup.first.author, markup.first.text, markup.first.deleted) == first
        assert re.fullmatch(r"2025-03-0\d \d\d:\d\d", markup.first.date)
    assert accept((HERE / f"{name}_final.docx").read_bytes()).markup.pending is False


def test_a_document_without_markup_is_given_as_it_is() -> None:
    data = (HERE / "t01_text_marks_final.docx").read_bytes()
    kept = accept(data)
    assert not kept.changed
    assert kept.data is data


def _page_texts(pdf: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def previews(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("previews13")
    sources = [HERE / f"{name}{end}.docx" for name in NAMES for end in ("", "_final")]
    report = preview([(s, out / f"{s.stem}.pdf") for s in sources], RunResources(), workers=2)
    assert not report.failed, report.failed
    return {r.source.stem: r for r in report.results}


@needs_lo
@pytest.mark.parametrize("name", NAMES)
def test_the_preview_prints_the_final_document(previews, name: str) -> None:  # type: ignore[no-untyped-def]
    """The preview of the reviewed file is the final document's, page for page and line for line (its
    text per page); the summary says what the file holds and what to do in Word or WPS."""
    tracked, final = previews[name], previews[f"{name}_final"]
    assert tracked.pages == final.pages
    assert _page_texts(tracked.pdf) == _page_texts(final.pdf)
    revisions, comments, first = make13.EXPECTED[name]
    said = [str(r) for r in tracked.remarks if "接受所有修订" in str(r)]
    if not (revisions or comments):
        assert not said
        return
    assert len(said) == 1, tracked.remarks
    assert ("处修订未接受" in said[0]) == bool(revisions)
    assert (f"{revisions} 处修订未接受" in said[0]) == bool(revisions)
    assert (f"{comments} 条批注" in said[0]) == bool(comments)
    assert "预览按全部接受" in said[0]
    if first is not None:
        assert first[0] in said[0]
        assert first[1][:10] in said[0]
    assert not [str(r) for r in final.remarks if "修订" in str(r)]


@needs_lo
def test_the_preview_no_longer_prints_the_markup(previews) -> None:  # type: ignore[no-untyped-def]
    """What LibreOffice printed before (measured on main: 3 pages, the deleted paragraph struck through,
    the deleted 抄送 line pushing the 版记 onto page 3) is gone: 2 pages, the 版记 on the last one."""
    result = previews["t01_text_marks"]
    text = "".join(_page_texts(result.pdf))
    assert result.pages == 2
    assert "每周召开一次调度会" not in text
    assert "县纪委监委" not in text
    assert "和市委" not in text
    assert "抄送：县委办公室" in _page_texts(result.pdf)[1]


def test_check_fails_the_markup_left_and_passes_the_final_documents() -> None:
    paths = [HERE / f"{name}{end}.docx" for name in NAMES for end in ("", "_final")]
    reports = {r.path.stem: r for r in check_files(paths, render=False)}
    for name in NAMES:
        revisions, comments, _first = make13.EXPECTED[name]
        finding = next(f for f in reports[name].findings if f.rule.id == "colours.markup")
        assert finding.status is (Status.FAIL if revisions or comments else Status.PASS), name
        if revisions:
            assert f"{revisions} 处修订未接受" in finding.measured
        if comments:
            assert f"{comments} 条批注" in finding.measured
        assert "接受所有修订" in finding.expected
        final = next(f for f in reports[f"{name}_final"].findings if f.rule.id == "colours.markup")
        assert final.status is Status.PASS


@needs_lo
def test_check_measures_the_final_document() -> None:
    """check renders the accepted copy: t01's 版记 ends page 2 (7.4.1), as the final document's does."""
    (report,) = check_files([HERE / "t01_text_marks.docx"], workers=1)
    failed = {f.rule.id for f in report.failed}
    assert failed == {"colours.markup"}, [(f.rule.id, f.measured) for f in report.failed]


def test_merge_refuses_a_form_with_comments_before_writing_anything(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(DataError) as raised:
        merge(
            HERE / "t04_comments.docx",
            ROOT / "samples" / "supervision" / "督办台账.xlsx",
            out,
            per="责任单位",
        )
    message = str(raised.value)
    assert "t04_comments.docx" in message
    assert "2 条批注" in message
    assert "删除所有批注" in message
    assert not out.exists()


def test_merge_refuses_a_form_with_tracked_changes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(DataError) as raised:
        merge(HERE / "t02_moves_formatting.docx", ROOT / "samples" / "supervision" / "督办台账.xlsx", out)
    message = str(raised.value)
    assert "5 处修订未接受" in message
    assert "李主任" in message
    assert "接受所有修订" in message
    assert not out.exists()


def test_issue_refuses_a_word_document_saying_what_it_holds(tmp_path: Path) -> None:
    register = Register.open(tmp_path / "register.sqlite")
    with pytest.raises(DataError) as raised:
        issue_notice(HERE / "t01_text_marks.docx", "张三", RunResources(), register, out_dir=tmp_path / "out")
    message = str(raised.value)
    assert "9 处修订未接受" in message
    assert "李主任" in message
    assert "和市委、市政府" in message
    assert "接受所有修订" in message
    assert "register next" in message
    assert register.rows() == []
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ LibreOffice's own acceptance, real files

_SKIP = {
    f"{{{W}}}txbxContent",  # a text box's paragraphs are not its anchor's text
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    f"{{{W}}}instrText",
    f"{{{W}}}delText",
}


def _writer_text(p: etree._Element) -> str:
    """Return a paragraph's text as Writer's getString gives it: tabs and line breaks included."""
    out: list[str] = []

    def walk(element: etree._Element) -> None:
        for kid in element:
            if kid.tag in _SKIP or kid.tag == f"{{{W}}}p":
                continue
            if kid.tag == f"{{{W}}}t":
                out.append(kid.text or "")
            elif element.tag == f"{{{W}}}r" and kid.tag in (f"{{{W}}}tab", f"{{{W}}}br"):
                out.append("\t" if kid.tag == f"{{{W}}}tab" else "\n")
            walk(kid)

    walk(p)
    return "".join(out)


def _body_paragraphs(parent: etree._Element) -> list[str]:
    """Return the paragraphs of a body in order, a table's cells row by row (lo_accept.py's order)."""
    found: list[str] = []
    for kid in parent:
        if kid.tag == f"{{{W}}}p":
            found.append(_writer_text(kid))
        elif kid.tag == f"{{{W}}}tbl":
            for cell in (c for row in kid.iter(f"{{{W}}}tr") for c in row.findall(f"{{{W}}}tc")):
                found.extend(_body_paragraphs(cell))
        elif kid.tag == f"{{{W}}}sdt" and kid.find(f"{{{W}}}sdtContent") is not None:
            found.extend(_body_paragraphs(kid.find(f"{{{W}}}sdtContent")))
    return found


LO_ACCEPTED = json.loads((HERE / "lo_accepted.json").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(LO_ACCEPTED))
def test_the_accepted_copy_is_what_libreoffice_accepts(name: str) -> None:
    """lo_accept.py recorded each body as LibreOffice holds it after 接受所有修订 through UNO; the copy
    docgen renders holds the same paragraphs — but for one row of the real Word file (mammoth's), whose
    w:trPr/w:del marks it deleted while its text C1, C2 is not: Word removes the row on acceptance, as
    mammoth's own test expects, LibreOffice 7.4 keeps it."""
    record = LO_ACCEPTED[name]
    assert not record["redlines_left"]
    data = accept((HERE / f"{name}.docx").read_bytes()).data
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    expected = list(record["paragraphs"])
    if name == "real/mammoth-track-changes-test":
        at = expected.index("C1")
        assert expected[at : at + 2] == ["C1", "C2"]
        del expected[at : at + 2]
    assert _body_paragraphs(root.find(f"{{{W}}}body")) == expected


REAL = {  # real Word files (tests/fixtures/tracked13/real/README.md): revisions, comments
    "mammoth-track-changes-test": (22, 0),
    "python-docx-comments-rich-para": (0, 4),
}


@needs_lo
def test_real_word_files_preview_as_accepted(tmp_path: Path) -> None:
    """Word's own files: the one with 22 revisions previews without its deleted words and deleted row;
    the one with 4 comments, on which LibreOffice's pool crashed before (Binary URP bridge disposed),
    previews; both say what they hold."""
    jobs = [(HERE / "real" / f"{name}.docx", tmp_path / f"{name}.pdf") for name in REAL]
    report = preview(jobs, RunResources(), workers=2)
    assert not report.failed, report.failed
    for result in report.results:
        revisions, comments = REAL[result.source.stem]
        said = " ".join(str(r) for r in result.remarks)
        assert (f"{revisions} 处修订未接受" in said) == bool(revisions)
        assert (f"{comments} 条批注" in said) == bool(comments)
    text = "".join(_page_texts(tmp_path / "mammoth-track-changes-test.pdf"))
    for kept in ("Thisisthecontent.", "Thisisnewcontent,thatIsuggest.", "Pointone", "Pointthree", "A1"):
        assert kept in text
    for gone in ("Pointtwo", "Item1", "B1", "C1", "default"):
        assert gone not in text


def _template_with(tmp_path: Path, text: str, markup: str) -> Path:
    """Return the sample 套红 template with ``markup`` (a w:ins holding the run) around the run of ``text``."""
    source = ROOT / "samples" / "office" / "套红-段落.docx"
    with zipfile.ZipFile(source) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    run = next(t.getparent() for t in root.iter(f"{{{W}}}t") if t.text == text)
    holder = etree.fromstring(markup)
    run.addprevious(holder)
    holder.append(run)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    target = tmp_path / "套红.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return target


INSERTED = f'<w:ins xmlns:w="{W}" w:id="7" w:author="办公室" w:date="2025-03-05T09:00:00Z"/>'


def test_an_office_template_whose_header_holds_changes_is_refused(tmp_path: Path) -> None:
    """An office's 套红 template lends its 版头 to every document under the letterhead, as it is: a tracked
    change there would be in every document issued, so letterhead-import and every use refuse it."""
    from docgen.load.office_template import read_office_template

    with pytest.raises(DataError) as raised:
        read_office_template(_template_with(tmp_path, "长子县人民政府文件", INSERTED))
    message = str(raised.value)
    for part in ("1 处修订未接受", "办公室", "插入“长子县人民政府文件”", "接受所有修订"):
        assert part in message
    # a change below the 版头 (the template's placeholder body) is not lent to any document
    read_office_template(_template_with(tmp_path, "（正文）", INSERTED))
