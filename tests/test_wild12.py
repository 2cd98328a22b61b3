"""Files from the wild, fourth harvest (tests/fixtures/wild12/SOURCES.md): the defects they found.

Each test runs docgen as a user does (``python -m docgen ...`` in a subprocess) on a file another tool or
office made and asserts what an office user expects.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import docgen_in as _docgen

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT / "tests" / "fixtures" / "wild12"
NOTICE = WILD / "公告模板-公文助手.docx"  # 公告: red mark in a text box, 〔20XX〕第XX号, no red rule
CIRCULAR = WILD / "通告模板-公文助手.docx"  # 通告: the same with [此处输入文号]号
ORDER = WILD / "命令模板-公文助手.docx"  # 令: ×××人民政府令, 令号 第  号, 职务 and name
LEDGER = WILD / "隧道项目台账.xlsx"  # dates as the numbers 20220316 and the text 20200422 00:00:00


def _recognised(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The finished ``format --dry-run`` of ``path`` (asserted: no traceback)."""
    run = _docgen("format", path, "--dry-run", cwd=tmp_path)
    assert "Traceback" not in run.stderr, run.stderr
    assert "内部错误" not in run.stderr, run.stderr
    return run


def _parts(run: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    """The (role, text) pairs ``format --dry-run`` prints, notes left off."""
    found = []
    for line in run.stdout.splitlines():
        match = re.match(r"\s*¶[\d-]+\s+([^：]+)：(.*)$", line)
        if match:
            found.append((match.group(1).strip(), re.split(r"\s{2}〔", match.group(2))[0].strip()))
    return found


@pytest.mark.parametrize(
    ("draft", "mark", "number"),
    [(NOTICE, "XXXX人民政府公告", "〔20XX〕第XX号"), (CIRCULAR, "XXXX人民政府通告", "[此处输入文号]号")],
    ids=["公告", "通告"],
)
def test_format_reads_a_notices_red_mark_and_number_place_not_as_its_title(
    draft: Path, mark: str, number: str, tmp_path: Path
) -> None:
    """GongwenAssistant's 公告 and 通告 templates: the red 57 pt “XXXX人民政府公告” (ending in a kind of
    document) over “〔20XX〕第XX号” / “[此处输入文号]号”, then “[此处输入文件标题]” 22 pt.  `format` took
    the mark for the 标题 and set the number line and the real title as body text."""
    parts = _parts(_recognised(draft, tmp_path))
    assert ("发文机关标志", mark) in parts, parts
    assert ("发文字号", number) in parts, parts
    assert ("标题", "[此处输入文件标题]") in parts, parts


def test_format_keeps_a_body_placeholder_standing_above_the_signature(tmp_path: Path) -> None:
    """通告模板: “[此处输入正文内容]” two lines above the 署名 was taken into the 署名 and, being a
    bracketed placeholder like [发文单位], dropped: neither in the structure nor in the document."""
    parts = _parts(_recognised(CIRCULAR, tmp_path))
    assert ("正文", "[此处输入正文内容]") in parts, parts
    out = tmp_path / "通告.docx"
    run = _docgen("format", CIRCULAR, "--number", "县政〔2020〕3号", "-o", out, "--no-render", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "[此处输入正文内容]" in texts, texts
    assert texts.count("XXXX人民政府") == 1, texts  # the 署名, once


def test_format_refuses_a_order_and_names_the_command_that_makes_one(tmp_path: Path) -> None:
    """命令模板: “XXXX人民政府令” over its 令号 “第  号”.  `format` made a general-format notice titled
    “第号”.  A 令 has its own format (10.2): refused, one message naming 种类: 令 and render/issue."""
    parts = _parts(_recognised(ORDER, tmp_path))
    assert not [text for role, text in parts if role == "标题"], parts
    out = tmp_path / "令.docx"
    run = _docgen("format", ORDER, "--number", "县政〔2020〕3号", "-o", out, cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("错误")]
    assert len(errors) == 1, run.stderr
    assert "XXXX人民政府令" in errors[0], errors
    assert "种类: 令" in errors[0], errors
    assert "docgen render" in errors[0], errors
    assert not out.exists()


_CHECKED: dict[Path, dict[str, dict[str, str]]] = {}


def _check(path: Path, tmp_path: Path) -> dict[str, dict[str, str]]:
    """The rules of ``check --json`` on ``path`` (rendered by LibreOffice), by id; run once per file."""
    if path not in _CHECKED:
        run = _docgen("check", "--json", path, cwd=tmp_path)
        assert "Traceback" not in run.stderr, run.stderr
        _CHECKED[path] = {rule["id"]: rule for rule in json.loads(run.stdout)[0]["rules"]}
    return _CHECKED[path]


@pytest.mark.parametrize("draft", [NOTICE, CIRCULAR], ids=["公告", "通告"])
def test_check_finds_the_title_under_a_notices_number_place(draft: Path, tmp_path: Path) -> None:
    """With the number line unread, check found no title and failed body.format on the 22 pt 小标宋
    “[此处输入文件标题]” as body text (“字号 22.0 字体 方正小标宋简体”)."""
    rules = _check(draft, tmp_path)
    assert "[此处输入文件标题]" not in rules["body.format"]["measured"], rules["body.format"]
    assert rules["title.format"]["status"] == "PASS", rules["title.format"]


@pytest.mark.parametrize("draft", [NOTICE, CIRCULAR], ids=["公告", "通告"])
def test_check_allows_the_red_mark_of_a_notice_without_a_red_rule(draft: Path, tmp_path: Path) -> None:
    """A 公告's mark is red (7.2.4) with no 分隔线 under it: colours.pdf failed it as red body text
    (“p1 XXXX人民政府”)."""
    rule = _check(draft, tmp_path)["colours.pdf"]
    assert rule["status"] == "PASS", rule


def _imported(template: Path, tmp_path: Path) -> str:
    """The letterhead file ``letterhead-import`` writes for ``template`` (key ``xx``, code 县政)."""
    run = _docgen(
        "letterhead-import", template, "--key", "xx", "--out", tmp_path / "lh", "--code", "县政", cwd=tmp_path
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return (tmp_path / "lh" / "xx.yaml").read_text(encoding="utf-8")


def test_letterhead_import_reads_a_notice_template_whose_number_line_says_di(tmp_path: Path) -> None:
    """公告模板: refused “版头中没有文字的发文机关标志” (the 版头 ended nowhere: 〔20XX〕第XX号 was not
    read as the number's place).  The office's name is the mark without 公告."""
    written = _imported(NOTICE, tmp_path)
    assert '全称: "XXXX人民政府"' in written, written
    assert '标志: "XXXX人民政府公告"' in written, written


def test_an_order_under_an_imported_order_template_says_ling_once(tmp_path: Path) -> None:
    """命令模板 imported: 全称 and 标志 “XXXX人民政府令”, and a 令 issued under it was headed
    “XXXX人民政府令令” and signed by “XXXX人民政府令”."""
    written = _imported(ORDER, tmp_path)
    assert '全称: "XXXX人民政府"' in written, written
    source = tmp_path / "令.md"
    source.write_text(
        "---\n种类: 令\n发文机关: xx\n届: 第十七届\n发文字号: 5\n标题: 公布《重点项目建设管理办法》\n"
        "成文日期: 2025-05-12\n签发人职务: 县长\n签发人: 王建华\n---\n"
        "《重点项目建设管理办法》已经县人民政府常务会议通过，现予公布，自2025年6月1日起施行。\n",
        encoding="utf-8",
    )
    out = tmp_path / "令.docx"
    run = _docgen("--letterheads", tmp_path / "lh", "render", source, "-o", out, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    assert texts[0] == "XXXX人民政府令", texts
    assert not any("令令" in t for t in texts), texts


def test_merge_reads_dates_typed_as_eight_digits(tmp_path: Path) -> None:
    """隧道项目台账: 采集时间 the numbers 20220316 and 20230520, 建成时间 the text “20200422 00:00:00”.
    `merge` refused them as Excel serial numbers “晚于 Excel 能表示的最后一天 9999-12-31”."""
    form = tmp_path / "表.docx"
    made = docx.Document()
    made.add_paragraph("{{ 线路名称 }}：采集于{{ 采集时间|date }}，建成于{{ 建成时间|date }}。")
    made.save(str(form))
    run = _docgen("merge", form, LEDGER, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    written = sorted((tmp_path / "out").glob("*.docx"))
    texts = [docx.Document(str(f)).paragraphs[0].text for f in written]
    assert texts == [
        "北京地铁6号线：采集于2022年3月16日，建成于2020年4月22日。",
        "南京地铁10号线：采集于2023年5月20日，建成于2020年1月22日。",
    ], texts


REPORT = WILD / "医疗工作报告-草稿.md"  # 抄送 typed above the 署名
ROSTER = WILD / "花名册通知-草稿.md"  # no date: 附件说明, then the 署名 “办公室”


def test_format_moves_a_cc_line_typed_above_the_signature_to_the_imprint(tmp_path: Path) -> None:
    """dirty-realistic.md: “抄送：市财政局，市发展改革委。” between the body and the 署名.  `format` set it
    as a body paragraph; the 抄送 belongs in the 版记 (7.4.2), with a note saying it was moved."""
    run = _recognised(REPORT, tmp_path)
    parts = _parts(run)
    assert ("抄送机关", "市财政局，市发展改革委") in parts, parts
    assert not [text for role, text in parts if role == "正文" and text.startswith("抄送")], parts
    assert "已移入版记" in run.stdout, run.stdout
    out = tmp_path / "报告.docx"
    made = _docgen("format", REPORT, "--letterhead", "yichuan", "-o", out, "--no-render", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert not [t for t in texts if "抄送" in t], texts  # not in the body
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert [c for c in cells if "抄送" in c and "市财政局" in c], cells  # in the 版记's table


def test_format_reads_the_signature_and_attachment_note_of_an_undated_draft(tmp_path: Path) -> None:
    """dirty-messy-notice.md ends “附件：1. 花名册模板” and “办公室”, no date.  `format` set both as body
    text and signed the notice with the letterhead's name under them: “办公室” printed twice over."""
    parts = _parts(_recognised(ROSTER, tmp_path))
    assert ("附件说明", "花名册模板") in parts, parts
    assert ("发文机关署名", "办公室") in parts, parts
    out = tmp_path / "通知.docx"
    made = _docgen("format", ROSTER, "--letterhead", "yichuan", "-o", out, "--no-render", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    texts = [p.text.strip() for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    assert texts.count("办公室") == 1, texts
    assert "伊川县重点项目建设领导小组办公室" not in texts, texts  # no second 署名


def test_check_reads_a_short_last_body_paragraph_as_body_not_as_the_signature(tmp_path: Path) -> None:
    """The 公告 template formatted: its one body paragraph “[此处输入正文内容]” (2 字 in, no full stop) was
    read by check as a 署名 line, no body was left, and grid.lines measured the 36 pt mark: “17 (固定值
    36.00 pt)”, “12 字” — docgen failing its own output."""
    out = tmp_path / "公告.docx"
    made = _docgen("format", NOTICE, "--number", "县政〔2020〕3号", "-o", out, "--no-render", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    run = _docgen("check", "--json", "--no-render", out, cwd=tmp_path)
    rules = {rule["id"]: rule for rule in json.loads(run.stdout)[0]["rules"]}
    assert rules["grid.lines"]["status"] == "PASS", rules["grid.lines"]
    assert rules["grid.chars"]["status"] == "PASS", rules["grid.chars"]


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e300, 20220316.5, 123456789])
def test_a_number_that_is_no_eight_digit_date_is_a_cell_error(value: float) -> None:
    """review12: ``value == int(value)`` raised OverflowError on inf and ValueError on nan (a 1E+999 cell,
    a YAML ``.inf``) — an 内部错误; now the cell is refused as no date, and 20220316 still reads."""
    from docgen.load.cells import CellError, to_date

    with pytest.raises(CellError):
        to_date(value)
    assert to_date(20220316.0).isoformat() == "2022-03-16"
