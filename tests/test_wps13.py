"""Notices and 套红 templates as WPS Office writes them, and WPS files under other names (wps13).

tests/fixtures/wps13/make13.py rewrites the conformant notice of tests/fixtures/foreign (c01) as WPS
文字 saves it: custom properties, numeric style ids, a drawn red line, page numbers in footer text
boxes, a floating 版记 table with only horizontal borders, fallback font names, .doc compatibility,
the red rule in the first page's header, a 表格版头.  Each defect of tests/fixtures/wps13/DEFECTS.md
has a test here that failed before its fix.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from helpers import load_script
from test_check import needs_lo

from docgen.check.docx_page_numbers import unhonoured_number_place
from docgen.check.rules import Status
from docgen.check.run import Report, check_files
from docgen.cli import main_group
from docgen.errors import DataError, DocgenError
from docgen.load.limits import check_package
from docgen.load.office_template import load_office_template, read_office_header, read_office_template
from docgen.merge.template import read_form

HERE = Path(__file__).parent / "fixtures" / "wps13"
make13 = load_script(HERE / "make13.py")
NAMES = sorted(make13.BUILDERS)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    """Check every fixture, each rendered by check's own LibreOffice run."""
    found = check_files([HERE / f"{name}.docx" for name in NAMES], workers=2)
    return dict(zip(NAMES, found, strict=True))


def test_the_fixtures_are_what_the_generator_writes(tmp_path: Path) -> None:
    for name, build in make13.BUILDERS.items():
        make13.make12.save(build(), tmp_path / f"{name}.docx")
        assert (tmp_path / f"{name}.docx").read_bytes() == (HERE / f"{name}.docx").read_bytes(), name


def test_the_fixtures_are_written_as_wps_writes() -> None:
    for name in NAMES:
        with zipfile.ZipFile(HERE / f"{name}.docx") as z:
            assert b"KSOProductBuildVer" in z.read("docProps/custom.xml")
            assert b"WPS Office" in z.read("docProps/app.xml")
            assert b'w:styleId="1"' in z.read("word/styles.xml")  # WPS's numeric style ids


@needs_lo
@pytest.mark.parametrize("name", NAMES)
def test_a_wps_notice_passes(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    assert report.general_format
    assert not report.failed, [(f.rule.id, f.measured) for f in report.failed]


@needs_lo
def test_libreoffice_prints_the_offset_page_number_box_where_it_is_declared(reports: dict[str, Report]) -> None:
    """#1: WPS's page-number box placed by an offset from the margin, in odd and even footers, was set
    on page 1 at the margin's left and the footer's top; the pool's worker now moves it there
    (uno_worker.place_text_boxes): page 1 passes as pages 2 on did (w03 failed every time before)."""
    for name in ("w03_page_number_box", "w07_all"):
        finding = next(f for f in reports[name].findings if f.rule.id == "page_numbers.position.pdf")
        assert finding.status is Status.PASS, finding.measured


def test_the_reason_names_where_wps_and_word_print_the_box() -> None:
    """Where a LibreOffice run still misplaces it (the one-shot fallback), the failure says in one
    sentence where the .docx puts the box and why, from the file: 130.3 mm from the margin, x 158.3–179.1."""
    said = unhonoured_number_place(Document(str(HERE / "w03_page_number_box.docx")))
    assert said is not None
    assert "距页边距 130.3 mm" in said
    assert "x 158.3–179.1 mm" in said
    assert "ECMA-376 20.4.3.4" in said
    assert said.count("。") == 0  # one sentence


def test_a_red_rule_in_the_first_page_header_is_the_rule() -> None:
    """#2: the red line drawn in the first page's header (首页不同), placed on the page, is rule.red's."""
    report = check_files([HERE / "w08_rule_in_header.docx"], render=False)[0]
    rule = next(f for f in report.findings if f.rule.id == "rule.red")
    assert rule.status is Status.PASS, rule.measured
    assert "156.0" in rule.measured


def test_letterhead_import_reads_a_rule_in_the_page_header(tmp_path: Path) -> None:
    """#3: no false “no red separator line” warning, a warning that the fixed line meets added lines, and
    the header copied into every notice (page_header) so that its red rule is printed."""
    header = read_office_header(HERE / "w08_rule_in_header.docx")
    assert header.rule is not None
    assert header.header_rule
    assert not any("no red separator" in d or "没有红色分隔线" in d for d in header.departures)
    assert load_office_template(HERE / "w08_rule_in_header.docx").page_header
    result = CliRunner().invoke(
        main_group,
        ["letterhead-import", str(HERE / "w08_rule_in_header.docx"), "--key", "w08", "--out", str(tmp_path / "heads")],
    )
    assert result.exit_code == 0, result.output
    assert "首页页眉" in result.output  # the warning: the fixed line meets the lines docgen adds
    notice = tmp_path / "通知.md"
    notice.write_text(
        "---\n发文机关: w08\n发文字号: 伊阳重点办〔2025〕12号\n标题: 关于测试的通知\n主送: 各乡镇人民政府\n"
        "成文日期: 2025-03-18\n---\n为确保全年目标任务顺利完成，现将有关事项通知如下。\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main_group, ["--letterheads", str(tmp_path / "heads"), "render", str(notice), "-o", str(tmp_path / "n.docx")]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "n.docx") as z:
        headers = [z.read(n) for n in z.namelist() if n.startswith("word/header")]
    assert any(b'prst="line"' in h and b'val="FF0000"' in h for h in headers)


def test_a_table_header_is_read(tmp_path: Path) -> None:
    """#4: mark and number in one two-row table, the rule its red bottom border: the mark is the mark
    (was refused: “版头中没有文字的发文机关标志”), the number line the number's cell only, the 代字 right."""
    header = read_office_header(HERE / "w09_table_header.docx")
    assert header.mark_lines == ("伊阳县重点项目建设办公室文件",)
    assert header.number_line == "伊阳重点办〔2025〕5号"
    assert header.rule is not None
    assert header.rule.color == "FF0000"
    result = CliRunner().invoke(
        main_group,
        ["letterhead-import", str(HERE / "w09_table_header.docx"), "--key", "w09", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert '代字: "伊阳重点办"' in (tmp_path / "w09.yaml").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- old and renamed files
# A Compound File is found by its signature and the UTF-16 names of its streams (the directory): a
# seeded stand-in of each kind is the signature, zeros and the stream names each kind's directory holds.


def _compound(*streams: str) -> bytes:
    body = b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in ("Root Entry", *streams))
    return OLE + b"\0" * 504 + body


DOCUMENT = _compound("WordDocument", "1Table", "SummaryInformation")
WORKBOOK = _compound("Workbook", "SummaryInformation")


@pytest.mark.parametrize(
    ("data", "kind", "says", "never"),
    [
        (WORKBOOK, ".docx", "旧格式的表格（Excel 的 .xls 或 WPS 表格的 .et）", "另存为 .docx"),
        (DOCUMENT, ".xlsx", "旧格式的文档（Word 的 .doc 或 WPS 文字的 .wps）", "另存为 .xlsx"),
        (DOCUMENT, ".docx", "另存为 .docx", "旧格式的表格"),
        (WORKBOOK, ".xlsx", "另存为 .xlsx", "旧格式的文档"),
    ],
)
def test_an_old_file_is_named_for_what_it_is(data: bytes, kind: str, says: str, never: str) -> None:
    """#5: a WPS 表格 file named .docx was told to be saved as .docx (“.xls、.et、.doc 或 .wps”)."""
    with pytest.raises(DataError) as caught:
        check_package(data, Path(f"台账{kind}"), "word/document.xml", kind)
    assert says in caught.value.reason
    assert never not in caught.value.reason


def _named(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_wps_or_et_file_is_told_what_to_do(tmp_path: Path) -> None:
    """#6: check, letterhead-import, merge and preview said only “.docx only” to a .wps, an .et, or a
    .docx renamed .wps; format told to save that .docx as .docx."""
    wps = _named(tmp_path, "通知.wps", DOCUMENT)
    et = _named(tmp_path, "台账.et", WORKBOOK)
    renamed = _named(tmp_path, "模板.wps", (HERE / "w01_wps_package.docx").read_bytes())
    advice = {wps: "另存为 .docx", et: "这是表格文件（.et）", renamed: "把扩展名改为 .docx"}
    for path, says in advice.items():
        with pytest.raises(DocgenError) as caught:
            check_files([path], render=False)
        assert says in str(caught.value), caught.value
        with pytest.raises(DataError) as refused:
            read_office_template(path)
        assert says in refused.value.reason
        with pytest.raises(DataError) as refused:
            read_form(path, None)  # type: ignore[arg-type]  # refused before the environment is used
        assert says in refused.value.reason
    result = CliRunner().invoke(main_group, ["format", str(renamed), "--dry-run"])
    assert result.exit_code != 0
    assert "把扩展名改为 .docx" in result.output
    result = CliRunner().invoke(main_group, ["preview", str(et), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "这是表格文件（.et）" in result.output
