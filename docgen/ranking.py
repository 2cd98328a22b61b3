"""Rankings: per-unit indicators and scores from the monthly project ledger (pure computation, no I/O).

- 序时进度 = N/12, unless the ledger has the 1–N月 plans (then planned to date / annual plan);
- rates are None (shown as —) when their denominator is zero, never a division error;
- figures are rounded 四舍五入 (ROUND_HALF_UP on Decimal) to the displayed precision, and units are
  ranked on the score as displayed: equal scores share a rank, the next rank is skipped, and units
  within a tie keep the rules file's order;
- groups of units (县（市）, 功能区 …) are ranked separately.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from docgen.records import ProjectRow
from docgen.scoring import IndicatorRule, Rules

ZERO = Decimal(0)
HUNDRED = Decimal(100)
BIG_PROJECT = Decimal(10000)  # 亿元以上: total investment of at least 10000 万元
OTHER_GROUP = "其他"


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Return ``value`` rounded 四舍五入 to ``places`` decimals (Babel and round() round half to even)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """Return numerator / denominator, or None when the denominator is zero."""
    return None if denominator == 0 else numerator / denominator


@dataclass(frozen=True)
class UnitFigures:
    """One unit's indicators for the month (money in 万元, rates as fractions, gap in percentage points)."""

    unit: str
    group: str
    count: int
    total: Decimal
    annual_plan: Decimal
    completed: Decimal
    schedule: Decimal
    completion_rate: Decimal | None
    gap_pp: Decimal | None
    new_starts: int
    started: int
    start_rate: Decimal | None
    approvals_rate: Decimal | None
    big_projects: int

    def value(self, key: str) -> Decimal | None:
        """Return an indicator by its rules key."""
        raw = getattr(self, key)
        return None if raw is None else Decimal(raw)


def gap_points(rate: Decimal | None, schedule: Decimal) -> Decimal | None:
    """Return the gap to the schedule in percentage points, from the two percentages as displayed.

    Decision: both are rounded to two decimals first, so that 35.19% against 41.67% reads as a
    gap of 6.48 points, as a reader checking the 通报 by hand computes it.
    """
    if rate is None:
        return None
    return round_half_up(rate * HUNDRED, 2) - round_half_up(schedule * HUNDRED, 2)


def schedule_of(projects: Sequence[ProjectRow], month: int) -> Decimal:
    """Return the 序时进度: N/12, or the share of the annual plan planned to date when every project has it."""
    planned = [p.planned_to_date for p in projects]
    plan = sum((p.annual_plan for p in projects), ZERO)
    if projects and all(v is not None for v in planned) and plan:
        return sum((v for v in planned if v is not None), ZERO) / plan
    return Decimal(month) / Decimal(12)


def unit_figures(unit: str, group: str, projects: Sequence[ProjectRow], month: int) -> UnitFigures:
    """Return the indicators of one unit from its projects."""
    plan = sum((p.annual_plan for p in projects), ZERO)
    done = sum((p.completed for p in projects), ZERO)
    schedule = schedule_of(projects, month)
    rate = ratio(done, plan)
    new = sum(1 for p in projects if p.new_start)
    started = sum(1 for p in projects if p.new_start and p.started)
    return UnitFigures(
        unit=unit,
        group=group,
        count=len(projects),
        total=sum((p.total for p in projects), ZERO),
        annual_plan=plan,
        completed=done,
        schedule=schedule,
        completion_rate=rate,
        gap_pp=gap_points(rate, schedule),
        new_starts=new,
        started=started,
        start_rate=ratio(Decimal(started), Decimal(new)),
        approvals_rate=ratio(Decimal(sum(1 for p in projects if p.approvals_done)), Decimal(len(projects))),
        big_projects=sum(1 for p in projects if p.total >= BIG_PROJECT),
    )


def ungrouped(rules: Rules, projects: Iterable[ProjectRow]) -> list[str]:
    """Return the units of the ledger that no group of the rules file names, in ledger order."""
    return [unit for unit, group in unit_order(rules, projects) if group == OTHER_GROUP]


def unit_order(rules: Rules, projects: Iterable[ProjectRow]) -> list[tuple[str, str]]:
    """Return (unit, group) in the rules file's order, then units only the ledger names, in ledger order."""
    order = [(unit, group) for group, members in rules.groups.items() for unit in members]
    known = {unit for unit, _group in order}
    for project in projects:
        if project.unit not in known:
            order.append((project.unit, OTHER_GROUP))
            known.add(project.unit)
    return order


def indicator_score(rule: IndicatorRule, figures: UnitFigures, place: int | None) -> Decimal:
    """Return the points ``figures`` earn for one indicator (``place``: its place among the group by value)."""
    value = figures.value(rule.key)
    if value is None:
        return ZERO
    if rule.method == "ratio":
        target = figures.schedule if rule.target == "schedule" else Decimal(str(rule.target))
        if target <= 0:
            return rule.weight if value > 0 else ZERO
        share = max(ZERO, min(value / target, rule.cap))
        return rule.weight * share
    if rule.method == "steps":
        if place is None:
            return ZERO
        return rule.weight * max(ZERO, Decimal(1) - rule.step * (place - 1))
    for at_least, share in sorted(rule.thresholds, key=lambda pair: pair[0], reverse=True):
        if value >= at_least:
            return rule.weight * share
    return ZERO


@dataclass(frozen=True)
class Ranked:
    """A unit's place in its group: figures, points per indicator, score as displayed, rank, light."""

    figures: UnitFigures
    points: dict[str, Decimal]
    score: Decimal
    rank: int
    light: str
    change: str = "—"


@dataclass
class Ranking:
    """The ranking of a month: groups of ranked units, the overall figures, lagging projects."""

    month: int
    year: int
    groups: dict[str, list[Ranked]] = field(default_factory=dict)
    overall: UnitFigures | None = None
    lagging_projects: list[tuple[ProjectRow, Decimal | None]] = field(default_factory=list)

    def units(self) -> list[Ranked]:
        """Every ranked unit, group by group."""
        return [r for members in self.groups.values() for r in members]


def named_units(ranking: Ranking, rules: Rules) -> tuple[list[str], list[str]]:
    """Return the units named 先进 and 后进: each group's first ``rules.advanced`` and last
    ``rules.lagging`` units with projects, by 名次, so units tied with the last one named are named
    alike; a unit named 先进 is not also 后进.  Units left out of the rules file's groups (其他) are
    named neither: alone in their group, any of them would be first (rank warns about them); rules
    without groups rank every unit in one group, 其他, and name its first and last."""
    advanced: list[str] = []
    lagging: list[str] = []
    for group, members in ranking.groups.items():
        if group == OTHER_GROUP and rules.groups:  # units the groups leave out: their place means nothing
            continue
        ranked = [m for m in members if m.figures.count]
        if not ranked:
            continue
        if rules.advanced:
            best = ranked[min(rules.advanced, len(ranked)) - 1].rank
            advanced += [m.figures.unit for m in ranked if m.rank <= best]
        if rules.lagging:
            worst = ranked[max(len(ranked) - rules.lagging, 0)].rank
            lagging += [m.figures.unit for m in ranked if m.rank >= worst and m.figures.unit not in advanced]
    return advanced, lagging


def light_of(gap: Decimal | None, rules: Rules) -> str:
    """Return 绿, 黄 or 红 by the gap to the schedule in percentage points (— when there is no plan)."""
    if gap is None:
        return "—"
    shown = round_half_up(gap, 2)
    if shown >= rules.lights.green:
        return "绿"
    if shown >= rules.lights.yellow:
        return "黄"
    return "红"


def shared_ranks(scores: Sequence[Decimal]) -> list[int]:
    """Return competition ranks (1, 2, 2, 4 …) for scores already in descending order."""
    ranks: list[int] = []
    for index, score in enumerate(scores):
        if index and score == scores[index - 1]:
            ranks.append(ranks[-1])
        else:
            ranks.append(index + 1)
    return ranks


def rank(projects: Sequence[ProjectRow], rules: Rules, year: int, month: int) -> Ranking:
    """Return the month's ranking of every unit, group by group."""
    by_unit: dict[str, list[ProjectRow]] = {}
    for project in projects:
        by_unit.setdefault(project.unit, []).append(project)
    order = unit_order(rules, projects)
    result = Ranking(month=month, year=year, overall=unit_figures("合计", "", projects, month))
    groups: dict[str, list[UnitFigures]] = {}
    for unit, group in order:
        groups.setdefault(group, []).append(unit_figures(unit, group, by_unit.get(unit, []), month))
    for group, members in groups.items():
        places: dict[str, dict[str, int]] = {}
        for rule in rules.indicators:
            if rule.method == "steps":
                valued = [(m.value(rule.key), m.unit) for m in members if m.value(rule.key) is not None]
                valued.sort(key=lambda pair: pair[0], reverse=True)  # type: ignore[arg-type,return-value]
                values = [round_half_up(v, 4) for v, _u in valued if v is not None]
                places[rule.key] = dict(zip([u for _v, u in valued], shared_ranks(values), strict=True))
        scored = []
        for position, member in enumerate(members):
            points: dict[str, Decimal] = {
                r.key: indicator_score(r, member, places.get(r.key, {}).get(member.unit))
                for r in rules.indicators
            }
            score = round_half_up(sum(points.values(), ZERO), rules.decimals)
            scored.append((score, position, member, points))
        scored.sort(key=lambda entry: (-entry[0], entry[1]))  # ties keep the rules file's order
        ranks = shared_ranks([entry[0] for entry in scored])
        result.groups[group] = [
            Ranked(member, points, score, place, light_of(member.gap_pp, rules))
            for (score, _position, member, points), place in zip(scored, ranks, strict=True)
        ]
    schedule = result.overall.schedule if result.overall else Decimal(month) / 12
    for project in projects:
        gap = gap_points(ratio(project.completed, project.annual_plan), schedule)
        if gap is not None and round_half_up(gap, 2) < rules.lagging_gap_pp:
            result.lagging_projects.append((project, gap))
    result.lagging_projects.sort(key=lambda pair: (pair[1] if pair[1] is not None else ZERO, pair[0].row))
    return result


def fallen(
    projects: Sequence[ProjectRow], previous: Sequence[ProjectRow]
) -> list[tuple[ProjectRow, ProjectRow]]:
    """Return (this month's row, last month's row) of each project whose 1-N月 completed investment
    is less than last month's: a cumulative figure cannot fall (matched on unit and name, white
    space ignored)."""

    def key(project: ProjectRow) -> tuple[str, str]:
        return "".join(project.unit.split()), "".join(project.name.split())

    before = {key(p): p for p in previous}
    return [(p, before[key(p)]) for p in projects if key(p) in before and p.completed < before[key(p)].completed]


def compare(current: Ranking, previous: Ranking | None) -> Ranking:
    """Return ``current`` with 较上月 filled in: ↑n / ↓n / — against the previous month's rank, 新 for new units."""
    # a unit counts as ranked last month only if it had projects then
    before = {r.figures.unit: r.rank for r in previous.units() if r.figures.count} if previous else {}
    for group, members in current.groups.items():
        updated = []
        for member in members:
            if previous is None or not member.figures.count:  # no projects now: nothing is new
                change = "—"
            elif member.figures.unit not in before:
                change = "新"
            else:
                delta = before[member.figures.unit] - member.rank
                change = f"↑{delta}" if delta > 0 else f"↓{-delta}" if delta < 0 else "—"
            updated.append(
                Ranked(member.figures, member.points, member.score, member.rank, member.light, change)
            )
        current.groups[group] = updated
    return current
