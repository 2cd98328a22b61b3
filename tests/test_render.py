"""Rendering: optional elements present and absent, special characters, long bodies, valid OOXML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL_FRONT, ROOT
from docx.oxml.ns import qn
from helpers import model, render
from lxml import etree
from test_samples import check_general_format

from docgen import standard as S
from docgen.check.docx_read import load
from docgen.emit.docx.template import TEMPLATE_NAME, build_parts
from docgen.layout.breaks import plain
from docgen.layout.estimate import Break, Chunk, PageEstimate, line_count, paginate, text_width
from docgen.layout.pages import place_tail
from docgen.layout.placed import Placement
from docgen.run_resources import RunResources


def test_minimal_notice_has_no_optional_elements(write_notice) -> None:  # type: ignore[no-untyped-def]
    path = write_notice(MINIMAL_FRONT)
    doc = load(render(path))
    m = model(path)
    check_general_format(doc, m)
    texts = [p.text for p in doc.paragraphs]
    assert not any(t.startswith(("附件", "（")) for t in texts)
    assert not any(t in ("加急", "特急") or t.startswith(("机密", "秘密", "绝密")) for t in texts)
    assert "签发人：" not in "".join(texts)
    assert texts.count("伊川县重点项目建设领导小组办公室文件") == 1


def test_every_optional_element_present(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "list.csv").write_text("序号,项目\n1,甲项目\n2,乙项目\n", encoding="utf-8-sig")
    front = (
        MINIMAL_FRONT
        + """
份号: "000123"
密级: 机密★1年
紧急程度: 特急
签发人: [张三, 李四, 王五]
盖章: true
附注: 此件公开发布
抄送: [县委办公室, 县政府办公室]
附件:
  - 标题: 项目清单
    文件: list.csv
  - 标题: 工作要求
    内容: |
      # 总体要求
      按时报送。
"""
    )
    path = write_notice(front, "# 一级\n## 二级\n### 三级\n#### 四级\n正文。")
    doc = load(render(path))
    m = model(path)
    check_general_format(doc, m)
    texts = [p.text for p in doc.paragraphs]
    assert texts[:3] == ["000123", "机密★1年", "特急"]
    # three signers: two a line, the number on the last line, the red rule under it
    signer_lines = [t for t in texts if "张三" in t or "王五" in t]
    assert signer_lines[0].endswith("签发人：张三\t李四")
    assert signer_lines[1].startswith("\t伊重点项目办〔2020〕13号")
    assert [plain(p.text) for p in doc.tables[0].rows[1].cells] == ["1", "甲项目"]
    assert "附件1" in texts
    assert "附件2" in texts
    assert "一、总体要求" in texts


def test_numbering_is_automatic_and_typed_numbers_are_replaced(write_notice) -> None:  # type: ignore[no-untyped-def]
    body = "# 一、甲\n## 乙\n## (二) 丙\n### 1、丁\n# 戊\n## 己"
    texts = [p.text for p in load(render(write_notice(MINIMAL_FRONT, body))).paragraphs]
    for label in ("一、甲", "（一）乙", "（二）丙", "1.丁", "二、戊", "（一）己"):
        assert label in texts


SPECIAL = "A&B <C> \"D\" 'E' 😀 𠀾 䶮"


def test_special_characters_survive_in_every_field(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "t.csv").write_text(f"名称,备注\n{SPECIAL},{SPECIAL}\n", encoding="utf-8")
    front = f"""
发文机关: yichuan
发文字号: 伊重点项目办〔2020〕13号
标题: '关于{SPECIAL.replace("'", "''")}的通知'
主送: '{SPECIAL.replace("'", "''")}'
成文日期: 2020-03-05
签发人: ['{SPECIAL.replace("'", "''")}']
署名: ['{SPECIAL.replace("'", "''")}']
附注: '{SPECIAL.replace("'", "''")}'
抄送: ['{SPECIAL.replace("'", "''")}']
印发机关: '{SPECIAL.replace("'", "''")}'
附件:
  - 标题: '{SPECIAL.replace("'", "''")}'
    文件: t.csv
"""
    body = f"# {SPECIAL}\n## {SPECIAL}\n{SPECIAL}\n| {SPECIAL} | x |\n|---|---|\n| 1 | 2 |"
    data = render(write_notice(front, body))
    doc = load(data)
    everything = "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )
    assert everything.count(SPECIAL) >= 12
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "A&amp;B &lt;C&gt;" in xml
    assert "𠀾" in xml
    assert "😀" in xml
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode("utf-8")
    assert "&amp;" in core


def test_a_long_body_spans_pages(write_notice) -> None:  # type: ignore[no-untyped-def]
    paragraph = "重点项目建设要坚持问题导向，逐项落实责任，确保按期完成年度目标任务。" * 6
    body = "\n".join(f"# 第{i}部分\n{paragraph}\n{paragraph}" for i in range(1, 6))
    path = write_notice(MINIMAL_FRONT, body)
    from docgen.notices import render_notice_file

    result = render_notice_file(path, RunResources())
    assert result.pages >= 3
    check_general_format(load(result.data), model(path))


def test_joint_issuance_with_two_organs(write_notice) -> None:  # type: ignore[no-untyped-def]
    front = MINIMAL_FRONT.replace("发文机关: yichuan", "发文机关: [zhangzi, changzhi-fgw]")
    path = write_notice(front)
    doc = load(render(path))
    check_general_format(doc, model(path))
    signatures = [p.text for p in doc.paragraphs if p.style.style_id == "GwSignature"]
    assert signatures[:2] == ["长子县人民政府办公室", "长治市发展和改革委员会"]


def test_long_addressees_move_to_the_imprint(write_notice) -> None:  # type: ignore[no-untyped-def]
    many = "，".join(f"第{i}乡镇人民政府" for i in range(1, 60))
    path = write_notice(MINIMAL_FRONT.replace("主送: 各乡镇人民政府", f"主送: {many}"))
    doc = load(render(path))
    imprint = [c.text for r in doc.tables[-1].rows for c in r.cells]
    assert imprint[0].startswith("主送：第1乡镇人民政府")
    assert imprint[0].endswith("。")
    assert not any(p.text.startswith("第1乡镇") for p in doc.paragraphs)


# --- OOXML validity ----------------------------------------------------------------------------

PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
SECT_ORDER = [
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
]
TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
]
TCPR_ORDER = [
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
]
BORDER_ORDER = ["top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "tl2br", "tr2bl"]


def _assert_order(root: etree._Element, parent: str, order: list[str]) -> None:
    for node in root.iter(qn(f"w:{parent}")):
        names = [etree.QName(child).localname for child in node]
        positions = [order.index(name) for name in names]
        assert positions == sorted(positions), (parent, names)


@pytest.mark.parametrize(
    "name", ["sanmenxia-2020-15.md", "yichuan-2020-13-request.md", "zhangzi-joint-draft.md"]
)
def test_children_follow_the_schema_order(name: str) -> None:
    data = render(ROOT / "samples" / "notices" / name)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in ("word/document.xml", "word/styles.xml"):
            root = etree.fromstring(archive.read(part))
            _assert_order(root, "pPr", PPR_ORDER)
            _assert_order(root, "rPr", RPR_ORDER)
            _assert_order(root, "sectPr", SECT_ORDER)
            _assert_order(root, "tblPr", TBLPR_ORDER)
            _assert_order(root, "tcPr", TCPR_ORDER)
            _assert_order(root, "tcBorders", BORDER_ORDER)
            _assert_order(root, "tblBorders", BORDER_ORDER)
        assert not [n for n in archive.namelist() if n.endswith(".xml") and b"asciiTheme" in archive.read(n)]


def test_committed_template_is_the_built_one() -> None:
    """templates/gbt9704.docx is what ``python -m docgen.emit.docx.template`` builds (compared part by part)."""
    committed = zipfile.ZipFile(ROOT / "templates" / TEMPLATE_NAME)
    built = build_parts()
    assert sorted(committed.namelist()) == sorted(built)
    for name, data in built.items():
        assert committed.read(name) == data, name


def test_rendering_is_deterministic() -> None:
    path = ROOT / "samples" / "notices" / "henan-2020-4.md"
    assert render(path) == render(path)


# --- the page estimate and the 版记's page (7.4.1, 7.5) ---------------------------------------------


def test_text_width_counts_latin_as_half() -> None:
    assert text_width("重点项目") == 4
    assert text_width("2020年") == 3
    assert text_width("“十四五”") == 5


def test_line_count() -> None:
    assert line_count(26, 26, 28) == 1
    assert line_count(27, 26, 28) == 2
    assert line_count(26 + 28 * 2, 26, 28) == 4  # a full last line is counted as overflowing, to be safe


def test_paginate_moves_kept_chunks_together() -> None:
    page = 10 * S.LINE_PITCH
    chunks = [Chunk(S.LINE_PITCH)] * 9 + [Chunk(S.LINE_PITCH, keep_next=True), Chunk(S.LINE_PITCH)]
    estimate = paginate(chunks, page)
    assert (estimate.pages, estimate.last_page_used) == (2, 2 * S.LINE_PITCH)
    assert paginate([Chunk(100), Chunk(100, Break.PAGE)], page).pages == 2


@pytest.mark.parametrize(
    ("pages", "remaining_lines", "double", "expected"),
    [
        (2, 10, True, (Placement.BOTTOM, 2)),  # even last page with room: at its bottom
        (1, 10, True, (Placement.NEW_PAGE, 2)),  # odd last page: on the next (even) page
        (2, 1, True, (Placement.BLANK_PAGE, 4)),  # even and full: a blank page, then the 版记 page
        (3, 1, True, (Placement.NEW_PAGE, 4)),  # odd and full: next page is even
        (1, 10, False, (Placement.BOTTOM, 1)),  # single-sided: wherever it fits
        (1, 1, False, (Placement.NEW_PAGE, 2)),
    ],
)
def test_imprint_placement(
    pages: int, remaining_lines: int, double: bool, expected: tuple[Placement, int]
) -> None:
    estimate = PageEstimate(pages, S.TYPE_AREA_HEIGHT - remaining_lines * S.LINE_PITCH)
    assert place_tail(estimate, 3 * S.LINE_PITCH, double) == expected


def test_placements_to_try_when_the_pdf_came_out_odd() -> None:
    # the fewest pages first: no blank page where the 版记 fits on the page before (issue 14)
    assert Placement.BOTTOM.alternatives() == (Placement.NEW_PAGE, Placement.BLANK_PAGE)
    assert Placement.NEW_PAGE.alternatives() == (Placement.BOTTOM, Placement.BLANK_PAGE)
    assert Placement.BLANK_PAGE.alternatives() == (Placement.BOTTOM, Placement.NEW_PAGE)


def test_blank_page_and_imprint_page_are_unnumbered(write_notice) -> None:  # type: ignore[no-untyped-def]
    """A body that ends on a full even page gets a blank page and the 版记 page, neither numbered (7.5)."""
    line = "按照工作安排，各单位要落实责任，确保各项任务按期完成，形成工作合力。"  # 34 字: 2 lines
    for count in range(10, 60):
        path = write_notice(MINIMAL_FRONT, "\n".join([line] * count))
        doc = load(render(path))
        if len(doc.sections) == 2:
            break
    else:
        pytest.fail("no body length led to a blank page")
    last = doc.sections[-1]
    assert not last.footer.paragraphs[0].text.strip()
    assert not last.even_page_footer.paragraphs[0].text.strip()
    assert "PAGE" in doc.sections[0].footer._element.xml


def test_attachment_table_from_a_real_xlsx(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "项目"
    sheet.append(["项目名称", "总投资（万元）", "开工日期"])
    sheet.append(["甲&乙 <工程>", 12500.5, date(2020, 3, 5)])
    sheet.append(["丙项目", 800, None])
    book.create_sheet("其他")
    book.save(tmp_path / "projects.xlsx")
    front = MINIMAL_FRONT + "附件:\n  - 标题: 项目清单\n    文件: projects.xlsx\n    工作表: 项目\n"
    doc = load(render(write_notice(front)))
    rows = [[plain(c.text) for c in r.cells] for r in doc.tables[0].rows]
    assert rows == [
        ["项目名称", "总投资（万元）", "开工日期"],
        ["甲&乙 <工程>", "12500.5", "2020年3月5日"],
        ["丙项目", "800", ""],
    ]
    header = doc.tables[0].rows[0]._tr
    assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_missing_sheet_is_named(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    from docgen.errors import DataError

    Workbook().save(tmp_path / "p.xlsx")
    front = MINIMAL_FRONT + "附件:\n  - 标题: 项目清单\n    文件: p.xlsx\n    工作表: 汇总\n"
    with pytest.raises(DataError, match="没有名为 '汇总' 的工作表"):
        model(write_notice(front))


def test_a_table_too_wide_even_in_landscape_says_its_dates_may_break(write_notice) -> None:  # type: ignore[no-untyped-def]
    """Issue 14 (c): the last resort (dates and 文号 broken at 年|月, 〔) is said in the summary."""
    from docgen.notices import render_notices

    head = "| " + " | ".join(f"列{i}" for i in range(14)) + " |\n|" + "---|" * 14 + "\n"
    row = (
        "| "
        + " | ".join(["伊自然资规〔2023〕120号", "2025年11月14日", "0398-28129737"] * 4 + ["甲", "乙"])
        + " |\n"
    )
    source = write_notice(MINIMAL_FRONT, "正文。\n\n" + head + row * 3)
    narrow = write_notice(
        MINIMAL_FRONT, "正文。\n\n| 序号 | 日期 |\n|---|---|\n| 1 | 2025年11月14日 |\n", name="narrow.md"
    )
    report = render_notices(
        [(source, source.with_suffix(".docx")), (narrow, narrow.with_suffix(".docx"))], RunResources()
    )
    assert not report.failed, report.failed
    assert [(s.name, "14") for s, note in report.notes if "14" in note.text] == [("notice.md", "14")]


def test_attachment_tables_read_with_the_ledgers_reader_as_before(tmp_path: Path) -> None:
    """Attachment tables are read by python-calamine (docgen/load/grid.py), as ledgers are: every
    kind of cell gives the text openpyxl's reading gave (numbers, dates, times, booleans, formulas
    without a cached value, error cells, merged cells, blank rows)."""
    import datetime as dt

    from openpyxl import Workbook

    from docgen.load.grid import read_grid
    from docgen.load.tables import _cell_text, read_table

    book = Workbook()
    sheet = book.active
    sheet.title = "项目"
    sheet.append(["名称", "金额", "日期", "时刻", "布尔", "百分比", "公式", "错误", "大数", "小数"])
    sheet.append(
        ["甲", 800, dt.date(2020, 3, 5), dt.time(8, 30), True, 0.5, "=1+2", "#DIV/0!", 12345678901, 0.1]
    )
    sheet.append(["乙", 12500.5, dt.datetime(2020, 3, 5, 14), None, False, 1, None, None, 1e20, 3.0])
    sheet["F2"].number_format = "0%"
    sheet.merge_cells("A4:C4")
    sheet["A4"] = "合并"
    sheet.append([])
    sheet.append([None, "尾"])
    path = tmp_path / "附件.xlsx"
    book.save(path)
    rows = read_table(path, "项目")
    assert rows[1:3] == (
        ("甲", "800", "2020年3月5日", "08:30:00", "True", "0.5", "", "#DIV/0!", "12345678901", "0.1"),
        ("乙", "12500.5", "2020年3月5日", "", "False", "1", "", "", "100000000000000000000", "3"),
    )
    assert rows[3][:2] == ("合并", "")
    assert rows[5][:2] == ("", "尾")
    before = read_grid(path, "项目", engine="openpyxl").rows  # the reader attachment tables used
    assert [tuple(_cell_text(v) for v in row) + ("",) * (10 - len(row)) for row in before] == list(rows)
