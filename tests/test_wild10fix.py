"""wild10's defects fixed (tests/fixtures/wild10/DEFECTS.md): the rules behind them, on real files.

The files from the wild are tested in tests/test_wild10.py; here the same rules on workbooks and
documents made for the purpose with openpyxl and python-docx, read by docgen's own readers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from docgen.errors import DataError
from docgen.load.grid import read_grid
from docgen.load.supervision import load_supervision

SUPERVISION_HEADER = ["督办编号", "项目名称", "责任单位", "存在问题", "交办日期", "办理时限", "状态"]
SUPERVISION_ROW = ["DB-1", "城东路", "住建局", "进度滞后", "2025-05-06", 10, "正在办理"]


def _workbook(path: Path, sheets: list[tuple[str, list[list[object]], str]]) -> Path:
    """Write an .xlsx with the sheets given as (name, rows, state), state visible/hidden/veryHidden."""
    book = Workbook()
    book.remove(book.active)
    for name, rows, state in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.save(path)
    return path


def test_a_hidden_first_sheet_is_passed_over_and_read_when_named(tmp_path: Path) -> None:
    """Excel shows 督办 only; docgen reads it, and reads the hidden one only when it is asked for."""
    path = _workbook(
        tmp_path / "督办台账.xlsx",
        [
            ("__lists", [["是", "否"]], "hidden"),
            ("_hidden2", [["x"]], "veryHidden"),
            ("督办", [SUPERVISION_HEADER, SUPERVISION_ROW], "visible"),
        ],
    )
    assert read_grid(path).sheet == "督办"
    assert read_grid(path, engine="openpyxl").sheet == "督办"
    assert read_grid(path, "__lists").sheet == "__lists"
    items, errors = load_supervision(path)
    assert [item.project for item in items] == ["城东路"]
    assert not errors


def test_a_month_sheet_is_chosen_among_the_visible_ones(tmp_path: Path) -> None:
    """A hidden sheet named for the month asked is not read as that month's ledger: with two visible
    months and none of them the month asked, the refusal names the visible months only."""
    path = _workbook(
        tmp_path / "台账.xlsx",
        [
            ("2025-05", [["旧"]], "hidden"),
            ("2025-03", [["三月"]], "visible"),
            ("2025-04", [["四月"]], "visible"),
        ],
    )
    with pytest.raises(DataError) as raised:
        read_grid(path, prefer=("2025-05",))
    message = str(raised.value)
    assert "（2025-03、2025-04）" in message, message
    assert read_grid(path, prefer=("2025-04",)).sheet == "2025-04"


def test_a_refusal_of_a_chosen_sheet_names_the_visible_sheets(tmp_path: Path) -> None:
    """The sheet read lacks the columns: the message names the row taken for the header, what it
    lacks, and the sheets the workbook shows (not the hidden one)."""
    path = _workbook(
        tmp_path / "台账.xlsx",
        [
            ("__CellFormula", [["公式"]], "hidden"),
            ("汇总", [["2025年汇总表"], ["序号", "项目名称", "建设单位", "备注"]], "visible"),
            ("说明", [["填表说明"]], "visible"),
        ],
    )
    with pytest.raises(DataError) as raised:
        load_supervision(path)
    message = str(raised.value)
    assert message.startswith(f"{path}，工作表 汇总，第 2 行：缺少列 责任单位"), message
    assert "表头这一行为：序号、项目名称、建设单位、备注" in message, message
    assert message.endswith("此工作簿显示的工作表有：汇总、说明"), message
    assert "__CellFormula" not in message


def test_a_sheet_asked_for_is_refused_without_the_list_of_sheets(tmp_path: Path) -> None:
    """--sheet named the sheet: the user chose it, the message need not list the others."""
    path = _workbook(
        tmp_path / "台账.xlsx",
        [("甲", [["序号", "项目名称"]], "visible"), ("乙", [["x"]], "visible")],
    )
    with pytest.raises(DataError) as raised:
        load_supervision(path, "甲")
    assert "显示的工作表" not in str(raised.value)


def test_a_sheet_of_no_header_like_row_still_says_so(tmp_path: Path) -> None:
    """No row of two texts among the first 10: nothing to name as the header, the old message stays."""
    path = _workbook(tmp_path / "台账.xlsx", [("表", [["标题"], [1, 2, 3]], "visible")])
    with pytest.raises(DataError, match="前 10 行中没有找到表头；应有 督办编号、项目名称"):
        load_supervision(path)


def _signature(lines: list[tuple[str, bool]], tmp_path: Path) -> list[str]:
    """The 署名 lines check finds in a .docx of ``lines`` (text, bold), saved and read back."""
    from docx import Document

    from docgen.check.docx_elements import find_elements

    document = Document()
    for text, bold in lines:
        document.add_paragraph().add_run(text).bold = bold
    path = tmp_path / "通知.docx"
    document.save(path)
    found = find_elements(Document(path))
    return [found.looks[i].text for i in found.signature]


@pytest.mark.parametrize(
    ("above", "bold"),
    [
        ("三、联系方式", False),  # a 一级标题 by its label (docgen's own format output, wild10 #2)
        ("联系方式", True),  # a heading by its bold face only
    ],
)
def test_the_signature_walk_stops_at_a_heading_and_a_contact_line(tmp_path: Path, above: str, bold: bool) -> None:
    """Neither the heading nor 联系人：… above 办公室 ends in 。：；！？; neither is a 署名 line."""
    lines = [
        ("关于开展年度工作总结的通知", False),
        ("各科室：", False),
        ("请按时报送。", False),
        (above, bold),
        ("联系人：张三，联系电话：1234567890", False),
        ("伊川县人民政府", False),
        ("办公室", False),
        ("2024年12月1日", False),
    ]
    assert _signature(lines, tmp_path) == ["伊川县人民政府", "办公室"]
    contact = [*lines[:3], ("（联系人：张三，电话：1234567890）", False), *lines[5:]]
    assert _signature(contact, tmp_path) == ["伊川县人民政府", "办公室"]


def test_a_paragraph_end_and_a_line_break_are_where_the_docx_text_breaks() -> None:
    """The .docx's paragraphs and their w:br lines (python-docx gives a w:br as a line break in the
    text), without the spaces and zero-width characters a PDF's text leaves out."""
    from docgen.check.pdf_chars import paragraph_breaks

    texts = ["一、检查范围", "", "联系人：张三\n联系电话：\u200b123 4567", "办公室"]
    assert paragraph_breaks(texts) == [
        ("一、检查范围", "联系人：张三"),
        ("联系人：张三", "联系电话：1234567"),
        ("联系电话：1234567", "办公室"),
    ]


def test_check_cites_a_real_short_middle_line_not_a_paragraph_end(tmp_path: Path) -> None:
    """cn-gov-docx's notice (27 字 a line): the evidence is a line inside a paragraph (…生产大检查。,
    followed by 现将有关事项通知如下。), never the paragraph's last line before the heading 一、检查范围."""
    import json
    import shutil

    from conftest import docgen_in

    notice = tmp_path / "通知.docx"
    shutil.copy(Path(__file__).parent / "fixtures" / "wild10" / "安全生产通知-cn-gov-docx.docx", notice)
    run = docgen_in("check", notice, "--json", cwd=tmp_path)
    rules = json.loads(run.stdout)[0]["rules"]
    chars = next(rule for rule in rules if rule["id"] == "grid.chars.pdf")
    assert chars["status"] == "FAIL", chars
    assert "生产大检查。”" in chars["measured"], chars["measured"]
    assert "通知如下。”" not in chars["measured"], chars["measured"]


# liuhanning/gongwen-formatter's demo (tests/fixtures/wild10): lines holding 「_GB2312」, where LibreOffice
# carried the estimate's last 字 over (序, 注) while the estimate kerned 「_G」 (wild10 #3)
UNDERSCORED = [
    "三级标题采用楷体_GB2312，三号字，固定30磅行距。序号格式为全角括号“（一）”。",
    "四级标题采用仿宋_GB2312，三号字，固定28磅行距。注意序号后必须使用全角点“．”而非半角点“.”。",
    "这是正文内容示例，采用仿宋_GB2312字体，三号字，固定28磅行距，首行缩进2字符，两端对齐。",
    "表格内容采用仿宋_GB2312小四，标题采用方正小标宋_GBK二号，正文采用仿宋_GB2312三号，附件采用黑体_GBK。",
]


def test_no_kerning_where_a_latin_run_starts_after_chinese() -> None:
    """「_」 after a 汉字 is shaped with it, 「G」 in the Latin run: the 「_G」 pair is not kerned there;
    at the start of a text both are one Latin run, and kerned."""
    from docgen.layout.estimate import char_advances

    after_chinese = char_advances("体_G", 16)
    alone = char_advances("_G", 16)
    assert after_chinese[1] == pytest.approx(9.008)  # 563/1000 em, as the PDF draws it
    assert alone[0] < after_chinese[1] - 0.9  # the pair's -59/1000 em


def test_libreoffice_breaks_underscored_lines_where_the_estimate_does(pool, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rendered and converted by LibreOffice: every line the estimate makes of these paragraphs is
    a line of the PDF (before: 「…30磅行距。序」 and 「…28磅行距。注」 lost their last 字)."""
    import pdfplumber
    from click.testing import CliRunner
    from conftest import MINIMAL_FRONT

    from docgen import standard as S
    from docgen.cli import main_group
    from docgen.layout.breaks import body_text
    from docgen.layout.estimate import break_lines

    source = tmp_path / "notice.md"
    source.write_text(f"---\n{MINIMAL_FRONT.strip()}\n---\n" + "\n\n".join(UNDERSCORED) + "\n", encoding="utf-8")
    docx = tmp_path / "notice.docx"
    result = CliRunner().invoke(main_group, ["render", str(source), "-o", str(docx)])
    assert result.exit_code == 0, result.output
    [done] = pool.convert([(docx, tmp_path / "notice.pdf")])
    assert done.error is None, done.error
    with pdfplumber.open(done.target) as document:
        lines = [
            "".join(ch["text"] for ch in line["chars"] if ch["text"].strip())
            for page in document.pages
            for line in page.extract_text_lines()
        ]
    for paragraph in UNDERSCORED:
        for line in break_lines(body_text(paragraph), S.CHARS_PER_LINE - 2, S.CHARS_PER_LINE):
            assert line.replace("\u200b", "").replace(" ", "") in lines, (line, lines)
