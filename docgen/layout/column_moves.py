"""Column widths of a table at its last resort, bettered by moving room between two columns.

``columns.solve`` makes every column as wide as its longest word where the room allows, then
widens columns where that saves the most lines; only where the words do not all fit does it weigh a
broken word against lines (``columns.table_score``: the rows' lines plus ``WORD_BROKEN`` a cell
whose word breaks).  So a table just wide enough for its words pays any number of lines for them:
corpus12's c12-004 (13 columns, 小五 landscape, dates at their joints) went from 637 to 677 lines
when dotted dates learned to break — the freed room let 建设单位 hold 「住房和城乡建设局」 whole at
5.0 字, and 项目名称 fell from 6.3 to 5.1 字.

Decision (tables13): a table at its last resort (``joints_broken``: dates, 文号 and codes already
break at their joints) is weighed by ``table_score`` whether or not its words could all fit: the
solver's answer is the start, and room moves from one column to another (1, ½, ¼, 0.1 字) while
that lowers the score.  corpus12's 13 such ledgers: 9294 → 8148 lines, cells with a broken word
615.5 → 811.5 (c12-004 677 → 498, 建设单位 3 字, 项目名称 7.1).  Where the words did not all fit
the moves found nothing the solver had missed; every other table keeps the solver's answer.
"""

from __future__ import annotations

from docgen.layout.columns import WORD_BROKEN, Grid, broken, solve, table_score

MOVES = (1.0, 0.5, 0.25, 0.1)  # 字 moved at a time, largest first
MAX_MOVES = 400  # a bound on the moves taken (c12-009's 14 columns × 120 rows take about 60)
_EPS = 1e-9


def solved(measured: Grid, room: float, padding: float = 0.0, last_resort: bool = False) -> list[float]:
    """Return the columns' widths (字 of text, summing to ``room``): ``columns.solve``'s, and for a
    table at its ``last_resort`` those bettered by moves of room between two columns (``better``)."""
    widths = solve(measured, room, padding)
    if not last_resort or sum(measured.minimum) > room:
        return widths
    return better(measured, widths, padding)


def _top_three(row: list[int]) -> list[tuple[int, int]]:
    """Return the row's three largest line counts with their columns, largest first."""
    return sorted(((k, c) for c, k in enumerate(row)), reverse=True)[:3]


def better(measured: Grid, widths: list[float], padding: float = 0.0) -> list[float]:
    """Return ``widths`` with room moved from one column to another while a move lowers
    ``table_score``: each time the first move that does, trying the largest amounts first."""
    widths = list(widths)
    cells = measured.cells
    count = len(widths)
    score = table_score(measured, widths, padding)
    for _ in range(MAX_MOVES):
        lines = [[row[c].lines(widths[c]) for c in range(count)] for row in cells]
        tops = [_top_three(row) for row in lines]
        spoilt = [sum(broken(row[c], widths[c]) for row in cells) for c in range(count)]
        moved = False
        for step in MOVES:
            # each column's lines and broken words one step wider, and one step narrower
            wider = [[row[c].lines(widths[c] + step) for row in cells] for c in range(count)]
            wider_broken = [sum(broken(row[c], widths[c] + step) for row in cells) for c in range(count)]
            for gain in range(count):
                if wider[gain] == [row[gain] for row in lines] and wider_broken[gain] == spoilt[gain]:
                    continue  # the step saves nothing in this column
                for give in range(count):
                    if give == gain or widths[give] - step < measured.minimum[give] - _EPS:
                        continue
                    narrower = [row[give].lines(widths[give] - step) for row in cells]
                    rough = WORD_BROKEN * (
                        wider_broken[gain]
                        - spoilt[gain]
                        + sum(broken(row[give], widths[give] - step) for row in cells)
                        - spoilt[give]
                    )
                    for r, top in enumerate(tops):
                        rest = next((k for k, c in top if c not in (gain, give)), 1)
                        rough += max(rest, wider[gain][r], narrower[r]) - top[0][0]
                    if rough >= -_EPS:
                        continue
                    trial = list(widths)
                    trial[gain] += step
                    trial[give] -= step
                    tried = table_score(measured, trial, padding)  # merged header cells counted too
                    if tried < score - _EPS:
                        widths, score, moved = trial, tried, True
                        break
                if moved:
                    break
            if moved:
                break
        if not moved:
            break
    return widths
