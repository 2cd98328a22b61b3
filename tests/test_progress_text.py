"""The 周通报's text names only the indicators its targets set (tests/fixtures/outsider2/DEFECTS.md item 9).

A county's targets for five towns had no 20亿元 indicator, yet the 下步要求 asked to 「提高20亿元以上项目
和战略性新兴产业项目占比」.  The pools are the sample's (samples/progress/), five of its units renamed
to towns; the targets are written here.
"""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner
from conftest import ROOT
from openpyxl import Workbook, load_workbook

from docgen.check.pdf_pages import lines_used, text_lines
from docgen.check.pdf_read import measure
from docgen.cli import main_group
from docgen.convert.pool import ConverterPool

POOLS = ROOT / "samples" / "progress"
TOWNS = {"渑池县": "丹朱镇", "灵宝市": "鲍店镇", "陕州区": "南漳镇", "义马市": "宋村镇", "卢氏县": "石哲镇"}
BASE = {"入库项目个数": (100, 80), "入库项目总投资": ("500亿元", "350亿元"), "亿元以上项目个数": (80, 60)}


def _pool(source: Path, target: Path) -> Path:
    """Write the sample pool ``source`` with only the five units, renamed to towns."""
    rows = list(load_workbook(source).active.iter_rows(values_only=True))
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总"
    sheet.append(rows[0])
    kept = [row for row in rows[1:] if row[1] in TOWNS]
    for number, row in enumerate(kept, start=1):
        sheet.append((number, TOWNS[row[1]], str(row[2]).replace(row[1], TOWNS[row[1]]), *row[3:]))
    book.save(target)
    return target


def _targets(folder: Path, extra: dict[str, tuple[str, str]]) -> Path:
    lines = ["名称: 重点项目谋划储备", "节点:", "  2020-09-30: 80%", "  2020-10-31: 90%", "组:"]
    for index, (name, units) in enumerate((("第一组", "丹朱镇, 鲍店镇, 南漳镇"), ("第二组", "宋村镇, 石哲镇"))):
        lines += [f"  - 名称: {name}", f"    单位: [{units}]", "    目标:"]
        lines += [f"      {key}: {values[index]}" for key, values in {**BASE, **extra}.items()]
    path = folder / "目标.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _report(folder: Path, extra: dict[str, tuple[str, str]], *options: str) -> Path:
    folder.mkdir()
    out = folder / "周通报.docx"
    done = CliRunner().invoke(
        main_group,
        ["--register", str(folder / "r.sqlite"), "progress", str(_pool(POOLS / "项目库-2020-10-16.xlsx", folder / "本周.xlsx")),
         "--targets", str(_targets(folder, extra)), "--as-of", "2020-10-16", "--previous",
         str(_pool(POOLS / "项目库-2020-10-09.xlsx", folder / "上周.xlsx")), "--letterhead", "zhangzi-zdxmb",
         "-o", str(out), *options],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return out


def _quality(path: Path) -> str:
    (line,) = [p.text for p in docx.Document(str(path)).paragraphs if "提高项目质量" in p.text]
    return line


def test_the_next_steps_name_only_the_indicators_the_targets_set(tmp_path: Path) -> None:
    none = _report(tmp_path / "none", {})
    assert _quality(none) == "（二）提高项目质量。加快亿元以上项目立项备案（核准、审批）等前期工作。"
    emerging = _report(tmp_path / "emerging", {"战略性新兴产业项目个数占比": ("50%", "50%")})
    assert _quality(emerging).endswith("等前期工作，提高战略性新兴产业项目占比。")
    both = _report(tmp_path / "both", {"20亿元以上项目个数占比": ("30%", "30%"), "战略性新兴产业项目个数占比": ("50%", "50%")})
    assert _quality(both).endswith("等前期工作，提高20亿元以上项目和战略性新兴产业项目占比。")
    big = _report(tmp_path / "big", {"20亿元以上项目总投资占比": ("30%", "30%")})
    assert _quality(big).endswith("等前期工作，提高20亿元以上项目占比。")
    for path in (none, emerging):
        assert "20亿元" not in "".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_a_page_whose_lines_sit_off_the_grid_below_tables_is_full(tmp_path: Path, pool: ConverterPool) -> None:
    """Every indicator set: the chart moves to page 3, the share tables under it set the lines 1.1 mm
    below the page's grid, and LibreOffice (rightly) fits 21 lines; pages.full.pdf calls it short."""
    every = {
        "亿元以上项目立项占比": ("70%", "70%"),
        "20亿元以上项目个数占比": ("30%", "30%"),
        "20亿元以上项目总投资占比": ("30%", "30%"),
        "战略性新兴产业项目个数占比": ("50%", "50%"),
        "亿元以上项目开工率": ("50%", "50%"),
        "新增完成转化项目个数": (70, 70),
    }
    out = _report(tmp_path / "every", every, "--baseline", str(POOLS / "项目库-2020-09-30.xlsx"))
    pdf = tmp_path / "周通报.pdf"
    (outcome,) = pool.convert([(out, pdf)])
    assert outcome.error is None
    page = measure(pdf)[2]
    assert page.images  # the chart heads page 3
    last = text_lines(page)[-1]
    one_line_more = last.em_top + 10.23 + (262 - 253.93)  # where a 22nd line's grid cell would end
    assert one_line_more > 262  # no room: the page is full
    assert lines_used(page, last) == 22
