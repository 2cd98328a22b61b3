"""The 周通报 names the units whose forms the pool does not hold (tests/fixtures/outsider3/DEFECTS_B.md,
not fixed item 5): ``collect merge``'s 报送情况 sheet lists them as 未报送 or 退回修改; the 通报 showed
them as 0 and 未达到 without a word.  Now a line under the group tables names them, and the list of
units behind says which.  The pool is the sample's (samples/progress/) with those units' rows taken
out, as collect merge leaves them out, and its 报送情况 sheet written here.
"""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner
from conftest import ROOT
from openpyxl import Workbook, load_workbook

from docgen.cli import main_group

SAMPLES = ROOT / "samples" / "progress"


def _pool(target: Path, answers: dict[str, str]) -> Path:
    """Write the sample pool of 2020-10-16 without the units of ``answers``, with a 报送情况 sheet."""
    rows = list(load_workbook(SAMPLES / "项目库-2020-10-16.xlsx").active.iter_rows(values_only=True))
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总"
    sheet.append(rows[0])
    for row in rows[1:]:
        if row[1] not in answers:
            sheet.append(row)
    states = book.create_sheet("报送情况")
    states.append(("单位", "报送情况"))
    units = ["渑池县", "灵宝市", "陕州区", "义马市", "卢氏县", "湖滨区", "示范区", "开发区"]
    for unit in units:
        states.append((unit, answers.get(unit, "已报送")))
    book.save(target)
    return target


def _paragraphs(folder: Path, answers: dict[str, str]) -> list[str]:
    folder.mkdir()
    out = folder / "周通报.docx"
    done = CliRunner().invoke(
        main_group,
        ["--register", str(folder / "r.sqlite"), "progress", str(_pool(folder / "汇总.xlsx", answers)),
         "--targets", str(SAMPLES / "目标.yaml"), "--as-of", "2020-10-16", "--letterhead", "sanmenxia",
         "-o", str(out)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return [p.text for p in docx.Document(str(out)).paragraphs]


def test_units_not_answered_and_sent_back_are_named_under_the_table(tmp_path: Path) -> None:
    text = _paragraphs(tmp_path / "both", {"卢氏县": "未报送", "湖滨区": "退回修改", "示范区": "退回修改"})
    note = [p for p in text if p.startswith(("未报送", "退回修改"))]
    assert note == [
        "未报送单位：卢氏县；退回修改单位：湖滨区、示范区（报表有误，已退回修改）。以上单位的项目未纳入本期统计，表中按0计。"
    ]
    # under the group tables, before the chart's lead-in
    assert text.index(note[0]) < text.index("各单位入库项目个数完成率如下图：")
    behind = [p.split("：")[0] for p in text[text.index("三、未达到进度要求的单位") :] if "未达到要求" in p]
    assert {"卢氏县（未报送）", "湖滨区（退回修改）", "示范区（退回修改）"} <= set(behind)
    assert not [unit for unit in behind if "（" in unit and unit[:3] not in ("卢氏县", "湖滨区", "示范区")]


def test_one_kind_alone_and_none(tmp_path: Path) -> None:
    text = _paragraphs(tmp_path / "back", {"湖滨区": "退回修改"})
    assert "退回修改单位：湖滨区（报表有误，已退回修改）。以上单位的项目未纳入本期统计，表中按0计。" in text
    assert not [p for p in text if p.startswith("未报送")]
    text = _paragraphs(tmp_path / "none", {})
    assert not [p for p in text if "未纳入本期统计" in p or "（退回修改）" in p or "（未报送）" in p]
