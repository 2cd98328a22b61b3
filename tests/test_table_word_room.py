"""A table that fits no size (14 columns, 小五 on a landscape page) shares its room out by the words
the columns hold too (issue 14, Build 4; layout/columns.py): corpus n2027-041's 建设地点 no longer
stays two 字 wide, breaking 开发|区 in every row, while the room goes to columns whose lines alone the
steps counted (建设单位 gives the room its sliver 形象进度 needs: the fewest words broken); its dates,
文号, phones and numbers stay on one line."""

from __future__ import annotations

import csv
import itertools
import sys
from collections.abc import Sequence
from pathlib import Path

from docgen import standard as S
from docgen.layout.cellwords import groups
from docgen.layout.columns import Grid, _held_one_by_one, grid, row_lines, solve, table_score
from docgen.layout.tables import CELL_PADDING, _room, table_layout, text_rooms
from docgen.layout.tablewidth import SLIVER_LINES, TEXT_FLOOR, slivers
from docgen.model import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_table_sizes import _generated  # noqa: E402

# corpus seed 2027, n2027-041-3.csv: the attachment 三门峡市2025年重点项目基本情况表
N2027_041 = tuple(
    tuple(row)
    for row in csv.reader(
        """\
序号,项目名称,累计完成投资（万元）,建设地点,文号,责任单位,完成率（%）,建设单位,形象进度,联系电话,备注,责任领导,2025年计划投资（万元）,计划开工
1,三门峡市生活垃圾焚烧发电项目,1073864,开发区产业集聚区,长子政办发〔2024〕43号,县发展和改革局,58.35,县发展和改革局,未开工,13855233916,,朱乐意,61167.69,2025年8月2日
2,三门峡市开发区智能装备制造产业园工程,424215,灵宝市东区,伊自然资规〔2025〕122号,县工业和信息化局,26.16,县卫生健康委员会,主体施工,13255990094,市重点项目,杨帆,2352727,2025年10月13日
3,三门峡市湖滨区电力装备制造基地项目,2378303,灵宝市产业集聚区,伊发改投资〔2025〕17号,义马市人民政府,12.06,县卫生健康委员会,主体施工,0355-88628789,,陈静,1734323,2026年5月12日
4,三门峡市陕州区城乡供水一体化建设项目,2294878,湖滨区,长发改〔2024〕107号,县发展和改革局,54.63,县行政审批服务局,已开工，全面梳理重点项目用工需求清单，开展用工对,13909389927,需协调用地指标,郑小燕,2232330,2025年10月2日
5,三门峡市卢氏县电力装备制造基地工程,563673,陕州区,伊自然资规〔2025〕113号,陕州区人民政府,33.13,县文化广电和旅游局,未开工,13628523455,,郑小燕,2577238,2026年10月11日
6,三门峡市义马市城区集中供热管网改造建设项目,849719,陕州区产业集聚区,长重点〔2025〕83号,县水利局,3.04,县城市管理局,主体施工，项目建设过程中遇到的困难和问题，要及时向,0371-69697554,专项债券项目,周敏,12103.60,2025年11月25日
7,三门峡市开发区城乡供水一体化工程,2348451,开发区东区,伊重点项目办〔2025〕71号,县商务局,11.47,县教育局,前期手续办理中，对连续6次排名后1位的单位，由县纪委监委,0355-88626527,市重点项目,孙志刚,895507,2026年7月16日
8,三门峡市年产2000台套机器人制造及智慧化运营管理平台项目,1204237,灵宝市产业集聚区,长重点〔2024〕49号,渑池县人民政府,85.11,县供电公司,前期手续办理中,13212022531,省重点项目,赵磊,1480060,2025年12月9日
9,三门峡市渑池县电力装备制造基地（二期）项目,378926,渑池县工业园区,伊自然资规〔2025〕119号,县城市管理局,27.36,湖滨区人民政府,未开工，要坚持有保有压，优化资源配置，从严控制高,0355-88627781,,陈静,2056861,2025年11月14日
10,三门峡市污水处理厂提标改造及配套基础设施项目,1877844,渑池县产业集聚区,长子政办发〔2025〕50号,义马市人民政府,66.50,县财政局,前期手续办理中,0379-68227499,省重点项目,胡建华,34938.75,2025年12月24日
11,三门峡市年产10万吨铝精深加工工程,2162259,陕州区产业集聚区,洛政办〔2024〕161号,县城市管理局,94.73,县行政审批服务局,设备安装,0355-88622804,省重点项目,王建国,85115.64,2026年12月1日
12,三门峡市生活垃圾焚烧发电建设项目,574798,灵宝市东区,洛政办〔2024〕126号,灵宝市人民政府,79.47,湖滨区人民政府,设备安装,0379-68227628,需协调用地指标,胡建华,1601762,2025年12月15日
13,三门峡市人民医院门诊综合楼项目,1847.90,湖滨区工业园区,伊重点项目办〔2024〕90号,县供电公司,96.92,县发展和改革局,主体施工,0379-68225671,,张伟,296.39,2025年5月14日
""".splitlines()
    )
)


def _rooms(table: Table) -> tuple[list[float], float]:
    layout = table_layout(table)
    assert (layout.landscape, layout.size_pt, layout.joints_broken) == (True, 9, False)
    return text_rooms(layout), CELL_PADDING / (layout.size_pt * 20)


def _broken_cells(measured: Grid, widths: Sequence[float]) -> list[int]:
    """Return each column's body cells whose widest word is wider than the column."""
    body = measured.cells[measured.header_rows :]
    return [sum(1 for row in body if row[col].word > width + 0.01) for col, width in enumerate(widths)]


def _word_widths(measured: Grid, col: int) -> list[float]:
    """Return the widths at which column ``col`` holds more of its body's words (from its least),
    leaving out a width at which it would be a sliver (``tablewidth.slivers``)."""
    body = measured.cells[measured.header_rows :]
    least = measured.minimum[col]
    found = sorted({least, TEXT_FLOOR, *(row[col].word for row in body if row[col].word > least)})
    return [
        w
        for w in found
        if w >= least and (w >= TEXT_FLOOR - 1e-6 or max(row[col].lines(w) for row in body) <= SLIVER_LINES)
    ]


def test_n2027_041_place_column_holds_its_words_and_the_sliver_breaks_the_fewest() -> None:
    # was: 建设地点 and 建设单位 both 3 字 (every 3-字 place and office name whole; 形象进度 3.55 字,
    # 94 lines).  tables10's sliver rule gives 形象进度 (a cell of 11 lines at 3.55 字) 4 字, and
    # 项目名称 is one below 4 字 too (9 lines at 4, 11 at 3.9): with both at 4 字 and 建设地点 and
    # 建设单位 at 3, the least widths need 59.84 字 of the 59.67 a 小五 landscape line holds.  One of
    # the two gives: 建设单位 (8 cells more broken: 县卫生健康委员会) rather than 建设地点 (11: 开发区,
    # 灵宝市), as no other column has room above its longest word — the solver's widths break as few
    # words as any widths can (checked over every column's word widths below), 32 cells
    table = Table(rows=N2027_041, header_rows=1)
    rooms, padding = _rooms(table)
    measured = grid(table)
    room = _room(table.columns, 9, S.TYPE_AREA_HEIGHT)
    assert slivers(measured, rooms) == []
    assert rooms[8] >= TEXT_FLOOR  # 形象进度
    assert [col for col, _lines in slivers(measured, [3.9] * table.columns)] == [1, 8]
    least = [max(w, TEXT_FLOOR) if c in (1, 8) else w for c, w in enumerate(measured.minimum)]
    assert sum(least) + 2 * 1.0 > room  # 建设地点 and 建设单位 from 2 to 3 字: not both
    broken = _broken_cells(measured, rooms)
    assert rooms[3] >= 3.0  # 建设地点
    assert broken[3] == 2  # left: 工业园区 in 渑池县工业园区 and 湖滨区工业园区
    assert broken[7] == 10  # 建设单位, 2 字 wide
    fewest = {True: 1000, False: 1000}  # widths within the room, by whether 建设单位 has 3 字
    for widths in itertools.product(*(_word_widths(measured, col) for col in range(table.columns))):
        if sum(widths) <= room + 1e-6:
            unit_whole = widths[7] >= 3.0
            fewest[unit_whole] = min(fewest[unit_whole], sum(_broken_cells(measured, widths)))
    assert sum(broken) == min(fewest.values()) == fewest[False] == 32
    assert fewest[True] == 35
    assert sum(row_lines(measured, rooms, padding)) == 83
    assert table_score(measured, rooms, padding) == 147


def test_n2027_041_tokens_stay_on_one_line() -> None:
    # the room the words take comes from text columns: every date, 文号, phone and number whole
    table = Table(rows=N2027_041, header_rows=1)
    rooms, _padding = _rooms(table)
    for col in range(table.columns):
        for row in table.rows[1:]:
            tokens = [g.width for g in groups(row[col]) if not g.word and any(g.tokens)]
            assert max(tokens, default=0.0) <= rooms[col] + 0.01, (table.rows[0][col], row[col])
    measured = grid(table)
    assert [round(r, 2) for r in rooms[4:5] + rooms[9:10] + rooms[13:]] == [
        round(measured.minimum[4], 2),  # 文号 at its longest 文号: no more
        round(measured.minimum[9], 2),  # 联系电话
        round(measured.minimum[13], 2),  # 计划开工
    ]


def test_the_solver_keeps_the_lower_score_of_its_two_weighings() -> None:
    # the steps weighing the words they hold are greedy too: on test_table_sizes's generated shapes
    # (seeds 0–399, where not every word fits) they score lower than weighing lines alone in 65
    # cases (seed 53 at 4号: 361 against 466) and higher in 5 (seed 115 at 小四: 232 against 218;
    # corpus n2027-035: 144 against 143) — the solver keeps the lower, so no table scores worse
    wins = {True: 0, False: 0}
    for seed in (5, 53, 67, 115, 261, 334, 390):
        table = _generated(seed)
        measured = grid(table)
        for size_pt in (14, 12, 10.5, 9):
            padding = CELL_PADDING / (size_pt * 20)
            room = _room(table.columns, size_pt, S.TYPE_AREA_HEIGHT)
            if not sum(measured.minimum) <= room < sum(measured.worded):
                continue  # a date breaks, or every word can be whole (and is)
            widths = solve(measured, room, padding)
            assert abs(sum(widths) - room) < 1e-6
            assert all(w >= m - 1e-6 for w, m in zip(widths, measured.minimum, strict=True))
            scores = {words: _held_one_by_one(measured, room, padding, words)[0] for words in (True, False)}
            assert table_score(measured, widths, padding) == min(scores.values())
            if scores[True] != scores[False]:
                wins[scores[True] < scores[False]] += 1
    assert wins[True] >= 3, wins
    assert wins[False] >= 2, wins
