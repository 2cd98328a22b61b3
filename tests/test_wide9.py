"""Wide tables and rows taller than a page (wild9 #1, #2): nothing printed off the page, pages as estimated.

A generated ledger (.xlsx, openpyxl) as a notice's 附件 goes through ``docgen render`` (its page estimate),
LibreOffice (``preview`` of the .docx) and Typst (``preview --engine typst``), run as a user runs them.
Each long cell ends with 「止」 (in no other word), so a cell cut or drawn off the page is missed.
"""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest
from conftest import docgen_in as _docgen
from test_wild9 import _estimate, _printed

ROOT = Path(__file__).resolve().parent.parent
WORDS = "项目 建设 道路 改造 工程 服务 采购 管理 街道 社区 推进 完成 计划 审批 设计 施工 验收 资金 拨付 监理 单位 整改 落实 情况"
NOTICE = """---
发文机关: zhangzi-zdxmb
发文字号: 5
标题: 关于报送项目台账的通知
主送: 各项目部
成文日期: 2025-08-05
附件:
  - 标题: 项目台账
    文件: 台账.xlsx
---
现将项目台账印发给你们，请认真核对。
"""



def _notice(folder: Path, columns: int, rows: int, long: int) -> Path:
    """A notice attaching a ledger of ``columns`` columns and ``rows`` rows, each 备注 ``long`` 字; its path."""
    pick = random.Random(columns * 1000 + long)
    words = WORDS.split()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "台账"
    sheet.append(["序号", "项目名称", "备注", *(f"指标{i}" for i in range(1, columns - 2))])
    for row in range(1, rows + 1):
        remark = "".join(pick.choice(words) for _ in range(long // 2)) + "止"
        name = "".join(pick.choice(words) for _ in range(4))
        sheet.append([str(row), name, remark, *(str(pick.randint(1, 999)) for _ in range(columns - 3))])
    book.save(folder / "台账.xlsx")
    notice = folder / "通知.md"
    notice.write_text(NOTICE)
    return notice


def _both_engines(tmp_path: Path, notice: Path, rows: int) -> None:
    """Assert LibreOffice and Typst print every long cell whole on the page, on the pages estimated."""
    render = _docgen("render", notice, "-o", tmp_path / "通知.docx")
    estimate = _estimate(render)
    assert f"第 {'、'.join(map(str, range(1, rows + 1)))} 行比一页还高" in render.stderr  # the summary says so
    lo = _docgen("preview", tmp_path / "通知.docx", "-o", tmp_path / "lo", "--no-watermark")
    assert lo.returncode == 0, lo.stderr
    ty = _docgen("preview", notice, "--engine", "typst", "-o", tmp_path / "ty", "--no-watermark")
    assert ty.returncode == 0, ty.stderr
    for pdf in (tmp_path / "lo" / "通知.pdf", tmp_path / "ty" / "通知.pdf"):
        pages, off, text = _printed(pdf)
        assert off == 0, pdf
        assert text.count("止") == rows, pdf
        assert pages == estimate, (pdf, pages, estimate)


def test_twenty_columns_with_rows_taller_than_a_landscape_page(tmp_path: Path) -> None:
    # 小五 on landscape pages, each 600-字 备注 over more lines than a page holds.  Measured before rows
    # split: Typst drew 173 characters below the page, none of the three 「止」 on paper; now 8 pages each
    _both_engines(tmp_path, _notice(tmp_path, 20, 3, 600), 3)


def test_a_row_taller_than_a_portrait_page_splits_in_both_engines(tmp_path: Path) -> None:
    # measured before rows split: render 8 pages, LibreOffice 9 (a row cut where it chose), Typst 8 with
    # 907 characters below the page; now 8 pages each
    _both_engines(tmp_path, _notice(tmp_path, 4, 3, 1800), 3)


# 28 columns (25 of three-digit numbers) print since narrow9: their least widths from their content
# (1.65 字, not 2) need 46 字 where a landscape line holds 48 in 小五; 36 columns need 59, a line 42
@pytest.mark.parametrize("columns", [36])
def test_a_table_too_wide_to_read_in_xiaowu_is_refused_in_one_line(tmp_path: Path, columns: int) -> None:
    # 28 columns of at least 2 字 need 56 字 side by side; a landscape line holds 48 in 小五 (36: 72, 42)
    notice = _notice(tmp_path, columns, 3, 600)
    for run in (
        _docgen("render", notice, "-o", tmp_path / "通知.docx"),
        _docgen("preview", notice, "--engine", "typst", "-o", tmp_path / "ty"),
    ):
        assert run.returncode == 1, run.stdout + run.stderr
        errors = [line for line in run.stderr.splitlines() if line.startswith("错误")]
        assert len(errors) == 1, run.stderr
        assert f"附件“项目台账”：表格有 {columns} 列" in errors[0], errors[0]
        assert "第 1 列“序号”" in errors[0], errors[0]
        assert "隐藏" in errors[0], errors[0]
        assert "Traceback" not in run.stderr
    assert not (tmp_path / "通知.docx").exists()
    assert not (tmp_path / "ty" / "通知.pdf").exists()


def test_a_tall_row_of_a_table_in_the_body_starts_where_the_page_has_room(tmp_path: Path) -> None:
    # a Markdown table after two paragraphs: the header and row 1 under them on page 2, the 1400-字 row 2
    # starting there too and running on to page 3 (measured: 4 pages by render, LibreOffice and Typst;
    # before rows split, LibreOffice cut the row and made 3 pages where render, moving it whole, said 4)
    pick = random.Random(7)
    words = WORDS.split()
    para = "为加强项目管理，现将有关情况通报如下，请各单位认真对照检查，及时整改落实，确保各项工作按期完成。" * 3
    rows = "\n".join(
        f"| {i} | 城区道路改造工程 | {''.join(pick.choice(words) for _ in range(700 if i == 2 else 15))}止 | 县住建局 |"
        for i in range(1, 4)
    )
    front = NOTICE.split("附件:")[0].replace("关于报送项目台账的通知", "关于项目进展情况的通报")
    notice = tmp_path / "通知.md"
    notice.write_text(
        f"{front}---\n{para}\n\n{para}\n\n| 序号 | 项目名称 | 进展情况 | 责任单位 |\n| --- | --- | --- | --- |\n"
        f"{rows}\n\n{para}\n"
    )
    estimate = _estimate(_docgen("render", notice, "-o", tmp_path / "通知.docx"))
    for args, pdf in (
        (("preview", tmp_path / "通知.docx", "-o", tmp_path / "lo"), tmp_path / "lo" / "通知.pdf"),
        (("preview", notice, "--engine", "typst", "-o", tmp_path / "ty"), tmp_path / "ty" / "通知.pdf"),
    ):
        run = _docgen(*args, "--no-watermark")
        assert run.returncode == 0, run.stderr
        pages, off, text = _printed(pdf)
        assert off == 0, pdf
        assert text.count("止") == 3, pdf
        assert pages == estimate == 4, (pdf, pages, estimate)
