"""A cell's words are held in the room the column solver gave them (layout/tables.text_rooms), not in
its width rounded to twips: corpus seed 5, n5-043 (issue 14 Build 4, table.words, now tables.words.pdf).

The 11-column 考核评分细则 goes to 小五 on a landscape page; the solver gives the 累计完成投资（万元）
column 3.9909 字 for text, the least in which its header's words take three lines (「（万元）」 is 4 字,
held within columns._EPS).  Rounded to 862 twips the column left 3.9889 字, under the word less
the tolerance: the layout no longer held 「（万元）」, and LibreOffice broke the header
「累计完成|投资（万|元）」 although the column had room for the word (748 twips for its 720).
Checked on the layout and on a real LibreOffice PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from docgen import standard as S
from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import render_docx
from docgen.layout.breaks import JOIN, plain
from docgen.layout.tables import CELL_PADDING, table_block, table_layout, text_rooms
from docgen.model import Table
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_cell_words import _cells  # noqa: E402
from test_corpus import measure_notice  # noqa: E402

HEADER = "累计完成投资（万元）"
# the attachment table of corpus notice n5-043 (tests/corpus/generate.py --seed 5, n5-043-3.md)
TABLE = """\
| 序号 | 项目名称 | 建设单位 | 累计完成投资（万元） | 计划时间 |  | 建设性质 | 责任单位 | 备注 | 督办编号 | 形象进度 |
|---|---|---|---|---|---|---|---|---|---|---|
|   |   |   |   | 竣工 | 开工 |   |   |   |   |   |
| 1 | 伊川县葛寨镇文旅康养综合体（二期）建设项目 | 县水利局 | 202639 | 2026年6月28日 | 2025年2月11日 | 改扩建 | 县住房和城乡建设局 | 专项债券项目 | DB-2025-948 | 未开工，定期开展银企对接活动，全年组织对接会不少 |
| 2 | 伊川县人民医院门诊综合楼及智慧化运营管理平台工程 | 县农业农村局 | 2288218 | 2025年7月13日 | 2025年2月28日 | 改扩建 | 县交通运输局 | 市重点项目 | DB-2025-258 | 未开工 |
| 3 | 伊川县吕店镇5G基站建设建设项目 | 葛寨镇人民政府 | 2479966 | 2026年11月19日 | 2025年4月2日 | 迁建 | 鸣皋镇人民政府 | 省重点项目 | DB-2025-828 | 已开工 |
| 4 | 伊川县5G基站建设及智慧化运营管理平台工程 | 县行政审批服务局 | 1881907 | 2025年5月7日 | 2026年6月27日 | 新建 | 县市场监督管理局 |   | DB-2025-780 | 设备安装 |
| 5 | 伊川县平等乡年产10万吨铝精深加工项目 | 县人力资源和社会保障局 | 1034833 | 2025年5月22日 | 2025年1月1日 | 改扩建 | 县财政局 | 专项债券项目 | XM20250365 | 已开工，对工作推进不力、未完成目标任务的，一律严 |
| 6 | 伊川县老旧小区改造建设项目 | 水寨镇人民政府 | 2169636 | 2026年10月21日 | 2025年8月26日 | 迁建 | 白元镇人民政府 |   | DB-2025-036 | 已竣工，按照“一个项目、一位领导、一套班子、一抓 |
"""
NOTICE = """\
---
发文机关: yichuan
发文字号: 伊重点项目办〔2025〕149号
标题: 关于进一步加快重点项目建设进度的通知
主送: 各乡镇人民政府，县直各有关单位
成文日期: 2025-01-05
双面印刷: false
附件:
  - 标题: 重点项目建设考核评分细则
    文件: table.md
---
请按附件做好考核评分工作。
"""


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("rooms")
    (folder / "table.md").write_text(TABLE, encoding="utf-8")
    source = folder / "notice.md"
    source.write_text(NOTICE, encoding="utf-8")
    doc = compose_notice_file(source, RunResources())
    (table,) = [block for attachment in doc.attachments for block in attachment.blocks if isinstance(block, Table)]
    return folder, doc, table


def test_the_header_word_is_held_in_the_room_the_solver_gave(notice) -> None:  # type: ignore[no-untyped-def]
    _folder, _doc, table = notice
    layout = table_layout(table)
    column = table.rows[0].index(HEADER)
    char = layout.size_pt * S.TWIPS_PER_PT
    rounded = (layout.widths[column] - CELL_PADDING) / char
    room = text_rooms(layout)[column]
    # still the case of n5-043: the word fits the solver's room (within columns._EPS), not the rounded one
    assert (layout.size_pt, layout.landscape) == (9, True)
    assert rounded + 0.01 < 4 <= room + 0.01
    block, _heights = table_block(table, layout)
    (paragraph,) = block.rows[0].cells[column].paragraphs
    runs = paragraph.line_end_runs or paragraph.runs
    assert [(plain(r.text), r.whole) for r in runs if "万" in r.text] == [("（万元）", True)]
    assert any(r.text == JOIN.join("（万元）") for r in runs)


def test_libreoffice_keeps_the_header_word_whole(notice, pool: ConverterPool) -> None:  # type: ignore[no-untyped-def]
    folder, doc, _table = notice
    docx = folder / "rooms.docx"
    docx.write_bytes(render_docx(doc, RunResources().template).data)
    (outcome,) = pool.convert([(docx, folder / "rooms.pdf")])
    assert outcome.error is None, outcome.error
    cells = _cells(outcome.target)
    assert ["累计完成", "投资", "（万元）"] in cells
    measured = measure_notice("rooms", str(outcome.target), False)
    assert [d for d in measured.defects if d.kind in ("tables.words.pdf", "tables.tokens.pdf")] == []
