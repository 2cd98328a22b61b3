"""Each unit's figures from the pool, and its completion of its targets at a date (no I/O)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.progress.targets import APPROVED, BIG, BY_KEY, YI, PoolProject, Targets, ordered
from docgen.ranking import ratio


def new_conversions(
    projects: Sequence[PoolProject], baseline: Sequence[PoolProject] | None
) -> Decimal | None:
    """Return how many projects are converted now and were not in ``baseline`` (None without one)."""
    if baseline is None:
        return None
    before = {(p.unit, p.name) for p in baseline if p.converted}
    return Decimal(sum(1 for p in projects if p.converted and (p.unit, p.name) not in before))


def figures(
    projects: Sequence[PoolProject], baseline: Sequence[PoolProject] | None = None
) -> dict[str, Decimal | None]:
    """Return every indicator's value for these projects (None for a share of nothing, and for the
    new conversions without the pool they are counted from)."""
    yi = [p for p in projects if p.total >= YI]
    yi_total = sum((p.total for p in yi), Decimal(0))
    big = [p for p in yi if p.total >= BIG]
    return {
        "count": Decimal(len(projects)),
        "total": sum((p.total for p in projects), Decimal(0)),
        "yi_count": Decimal(len(yi)),
        "yi_total": yi_total,
        "yi_approved": ratio(Decimal(sum(1 for p in yi if p.approval in APPROVED)), Decimal(len(yi))),
        "big_count": ratio(Decimal(len(big)), Decimal(len(yi))),
        "big_total": ratio(sum((p.total for p in big), Decimal(0)), yi_total),
        "emerging": ratio(Decimal(sum(1 for p in projects if p.emerging)), Decimal(len(projects))),
        "yi_started": ratio(Decimal(sum(1 for p in yi if p.started)), Decimal(len(yi))),
        "converted": new_conversions(projects, baseline),
    }


@dataclass(frozen=True)
class Measure:
    """One unit's standing on one indicator: target, due at the date, actual, change since last time."""

    key: str
    target: Decimal
    due: Decimal | None  # absolute targets: target × the milestone passed (None before the first)
    actual: Decimal | None
    previous: Decimal | None = None

    @property
    def completion(self) -> Decimal | None:
        """Return actual / target (absolute targets), or None."""
        if BY_KEY[self.key].kind == "share" or self.actual is None:
            return None
        return ratio(self.actual, self.target)

    @property
    def change(self) -> Decimal | None:
        """Return actual − previous (a share's change is a fraction: 0.05 is 5 points)."""
        if self.previous is None or self.actual is None:
            return None
        return self.actual - self.previous

    @property
    def judged(self) -> bool:
        """True when the figure is compared at all: a share always (if counted), an absolute target only once
        a milestone has passed (README: 还没有到第一个节点时不判断)."""
        if self.actual is None:
            return False
        return BY_KEY[self.key].kind == "share" or self.due is not None

    @property
    def state(self) -> str:
        """Return 未达到, 达到, or — (not counted, or nothing due yet)."""
        return "未达到" if self.behind else "达到" if self.judged else "—"

    @property
    def behind(self) -> bool:
        """True when an absolute target is below what the milestone asks, or a share below its target
        (a figure that could not be counted is not judged)."""
        if self.actual is None:
            return False
        if BY_KEY[self.key].kind == "share":
            return self.actual < self.target
        return self.due is not None and self.actual < self.due


@dataclass
class UnitProgress:
    """A unit's measures, in the catalogue's order."""

    unit: str
    group: str
    measures: dict[str, Measure] = field(default_factory=dict)

    @property
    def behind(self) -> list[str]:
        """Return the keys of the indicators the unit is behind on."""
        return [k for k, m in self.measures.items() if m.behind]


@dataclass
class Progress:
    """Every unit's progress at ``as_of``, the milestone passed and the next, the whole pool's figures."""

    title: str
    as_of: dt.date
    share_due: Decimal | None
    next_date: dt.date | None
    next_share: Decimal | None
    units: list[UnitProgress]
    overall: dict[str, Decimal | None]
    overall_previous: dict[str, Decimal | None] | None = None
    outside: list[str] = field(default_factory=list)  # units of the pool without targets
    period: str = "周"  # the previous pool is last 周 (weekly 通报) or last 月 (monthly)

    def groups(self) -> dict[str, list[UnitProgress]]:
        """Return the units by group, in the targets file's order."""
        grouped: dict[str, list[UnitProgress]] = {}
        for unit in self.units:
            grouped.setdefault(unit.group, []).append(unit)
        return grouped


def progress(
    projects: Sequence[PoolProject],
    targets: Targets,
    as_of: dt.date,
    previous: Sequence[PoolProject] | None = None,
    period: str = "周",
    baseline: Sequence[PoolProject] | None = None,
) -> Progress:
    """Return each unit's progress against its targets at ``as_of`` (and the change since ``previous``;
    new conversions counted from ``baseline``, the pool the period started from)."""
    milestone, upcoming = targets.due(as_of), targets.next_due(as_of)
    result = Progress(
        targets.title,
        as_of,
        milestone.share if milestone else None,
        upcoming.date if upcoming else None,
        upcoming.share if upcoming else None,
        [],
        figures(projects, baseline),
        figures(previous, baseline) if previous is not None else None,
        period=period,
    )
    known = set(targets.units())
    result.outside = sorted({p.unit for p in projects} - known)
    for group in targets.groups:
        for unit in group.units:
            own = [p for p in baseline if p.unit == unit] if baseline is not None else None
            now = figures([p for p in projects if p.unit == unit], own)
            before = figures([p for p in previous if p.unit == unit], own) if previous is not None else None
            entry = UnitProgress(unit, group.name)
            unit_targets = targets.of(unit)
            for key in ordered(list(unit_targets)):
                target = unit_targets[key]
                absolute = BY_KEY[key].kind != "share"
                due = target * milestone.share if absolute and milestone else None
                entry.measures[key] = Measure(key, target, due, now[key], before[key] if before else None)
            result.units.append(entry)
    return result
