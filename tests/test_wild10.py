"""Files from the wild, second harvest (tests/fixtures/wild10/SOURCES.md): the defects they found, fixed in wild10fix.

Each test runs docgen as a user does (``python -m docgen ...`` in a subprocess) on a file another tool or
office made and asserts what an office user expects; DEFECTS.md numbers them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import docgen_in as _docgen
from conftest import rank_args

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT / "tests" / "fixtures" / "wild10"
TARGETS = ROOT / "samples" / "progress" / "目标.yaml"


def _one_error(run: subprocess.CompletedProcess[str]) -> str:
    """The single Chinese 错误 line of a refused run (asserted: exit 1, no traceback)."""
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    assert "内部错误" not in run.stderr, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("错误")]
    assert len(errors) == 1, run.stderr
    return errors[0]


def _rule(run: subprocess.CompletedProcess[str], rule_id: str) -> dict[str, str]:
    """The result of rule ``rule_id`` in ``check --json`` output."""
    results = json.loads(run.stdout)
    return next(rule for rule in results[0]["rules"] if rule["id"] == rule_id)


def test_a_ledger_is_read_from_its_visible_sheet_not_a_hidden_one(tmp_path: Path) -> None:
    """项目库汇总表 (xyx117/xiangmuku huizongbiao.xls, saved as .xlsx as docgen asks) has a hidden first
    sheet __CellFormula; the office sees only 项目库汇总.  rank and progress must read (and name) that one."""
    ledger = tmp_path / "项目库汇总表.xlsx"
    shutil.copy(WILD / "项目库汇总表.xlsx", ledger)
    runs = [
        _docgen(*rank_args(ledger, tmp_path / "排名.docx"), cwd=tmp_path),
        _docgen(
            "progress",
            ledger,
            "--targets",
            TARGETS,
            "--as-of",
            "2020-10-16",
            "--letterhead",
            "sanmenxia",
            "-o",
            tmp_path / "周通报.docx",
            cwd=tmp_path,
        ),
    ]
    for run in runs:
        # the sheet has no 年度计划投资 etc.: a refusal is right, about the right sheet
        error = _one_error(run)
        assert "__CellFormula" not in error, error
        assert "项目库汇总" in error, error


def test_check_does_not_take_a_formatted_heading_for_the_signature(tmp_path: Path) -> None:
    """`format` of liangming99/gongwen's export ends “三、联系方式 / 联系人…” before 办公室 and the date; docgen
    sets 三、联系方式 as a 一级标题 (GwHeading1, 黑体) and its own check fails body.format, reading it as 署名."""
    draft = tmp_path / "通知.docx"
    shutil.copy(WILD / "年度工作总结通知-写作排版助手.docx", draft)
    formatted = tmp_path / "排版.docx"
    made = _docgen("format", draft, "--letterhead", "yichuan", "-o", formatted, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    checked = _docgen("check", formatted, "--json", "--no-render", cwd=tmp_path)
    body = _rule(checked, "body.format")
    assert body["status"] != "FAIL", body["measured"]


def test_formatted_draft_passes_its_own_characters_per_line_check(tmp_path: Path) -> None:
    """`format` of liuhanning/gongwen-formatter's demo draft: lines holding “_GB2312” are spaced by docgen to end
    with “序”, LibreOffice carries “序” over, and docgen's own check fails the result (26.5 字)."""
    draft = tmp_path / "demo.docx"
    shutil.copy(WILD / "公文格式化示例-demo.docx", draft)
    formatted = tmp_path / "排版.docx"
    made = _docgen("format", draft, "--letterhead", "yichuan", "-o", formatted, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    checked = _docgen("check", formatted, "--json", cwd=tmp_path)
    chars = _rule(checked, "grid.chars.pdf")
    assert chars["status"] != "FAIL", chars["measured"]


def test_check_does_not_cite_heading_paragraphs_as_short_middle_lines(tmp_path: Path) -> None:
    """liangming99/gongwen's export: nine one-line heading paragraphs (一、…（一）…1.…（1）…, no indent) are
    each cited as a “段落中间的行” of 7–11 字, though the .docx says where every paragraph ends."""
    notice = tmp_path / "通知.docx"
    shutil.copy(WILD / "年度工作总结通知-写作排版助手.docx", notice)
    checked = _docgen("check", notice, "--json", cwd=tmp_path)
    chars = _rule(checked, "grid.chars.pdf")
    for heading in ("工作总结内容", "年度工作完成情况", "重点工作任务", "完成年度目标制定"):
        assert heading not in chars["measured"], chars["measured"]


def test_supervise_names_the_header_row_it_found_and_the_missing_columns(tmp_path: Path) -> None:
    """备选库数据模板 (tanglingyu19930228/tly): row 1 is a header with 项目名称; rank says “第 1 行：缺少列 …”,
    supervise says there is no header in the first 10 rows."""
    ledger = tmp_path / "备选库数据模板.xlsx"
    shutil.copy(WILD / "备选库数据模板.xlsx", ledger)
    run = _docgen(
        "supervise", ledger, "--letterhead", "zhangzi-zdxmb", "--out", tmp_path / "督办", cwd=tmp_path
    )
    error = _one_error(run)
    assert "没有找到表头" not in error, error
    for part in ("第 1 行", "缺少列", "责任单位"):
        assert part in error, (part, error)


def test_a_page_ending_a_word_section_is_not_failed_as_short(tmp_path: Path) -> None:
    """DEFECTS #7: format-xingwen's 页眉页脚样例 ends section 1 after 2 lines (a w:sectPr, nextPage):
    pages.full.pdf failed “第 1 页：2 行” though its name exempts 节的末页; the .docx says where sections end."""
    sample = tmp_path / "页眉页脚样例.docx"
    shutil.copy(WILD / "页眉页脚样例-format-xingwen.docx", sample)
    checked = _docgen("check", sample, "--json", cwd=tmp_path)
    full = _rule(checked, "pages.full.pdf")
    assert full["status"] == "PASS", full["measured"]
    assert full["measured"] == "2 个正文页排满或为结束页", full["measured"]


def test_format_keeps_the_contact_lines_apart(tmp_path: Path) -> None:
    """#6: 年度工作总结通知 has “联系人：张三⏎联系电话：1234567890” under 三、联系方式; format keeps the two
    lines apart (not “联系人：张三联系电话：…”) and still finds 办公室 and the date after them."""
    run = _docgen("format", WILD / "年度工作总结通知-写作排版助手.docx", "-o", tmp_path / "通知.docx", "--dry-run")
    assert run.returncode == 0, run.stderr
    assert "张三联系电话" not in run.stdout
    assert "正文：联系人：张三\n" in run.stdout
    assert "正文：联系电话：1234567890" in run.stdout
    assert "发文机关署名：办公室" in run.stdout
    assert "日期：2024年12月1日" in run.stdout
