"""Targets of units and groups, milestones by date, and the indicators they are set on (seed 001).

Seed 001 (三门峡 “百日攻坚”) sets, per county, absolute targets (谋划储备 400 个亿元以上项目，总投资
3000 亿), milestones (80 % by the end of September, 90 % October, 100 % November) and, per group of
counties, the ten 四比四看 indicators.  Absolute targets (counts, sums) are due by the milestones:
at a date, a unit must have reached the target times the share of the last milestone passed.
Shares (占比, 开工率) are compared with their target as they stand.

Shares of 亿元以上 projects are taken among the 亿元以上 projects (立项占比, 20 亿元以上个数/投资占比,
开工率), the 战略性新兴产业 share among all projects in the pool: the seed does not say the base of
"入库20亿元以上项目个数占比"; the 亿元以上 projects are the ones its neighbouring indicators count.

新增完成转化项目个数: seed 001 wants a 梯次 of "谋划储备一批、审核批准一批、开工实施一批"; a
project of the pool is converted (完成转化) when it has moved on from 谋划储备 — its 立项 is done
(审批情况 已审批/已核准/已备案) or it has started (是否开工 是).  The pool keeps no date of that, so
the new conversions are found by comparing two pools: the projects converted now that were not
converted (or not in the pool) in the pool the period started from (``progress --baseline``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

YI = Decimal(10000)  # 1 亿元 in 万元
BIG = 20 * YI  # 20 亿元
APPROVED = ("已审批", "已核准", "已备案")

Kind = Literal["count", "money", "share"]


@dataclass(frozen=True)
class Indicator:
    """An indicator targets are set on: its key, its name in files and tables, what it measures."""

    key: str
    name: str
    kind: Kind
    short: str  # its name in a table's header


INDICATORS: tuple[Indicator, ...] = (
    Indicator("count", "入库项目个数", "count", "入库项目数"),
    Indicator("total", "入库项目总投资", "money", "总投资（亿元）"),
    Indicator("yi_count", "亿元以上项目个数", "count", "亿元以上项目数"),
    Indicator("yi_total", "亿元以上项目总投资", "money", "亿元以上总投资（亿元）"),
    Indicator("yi_approved", "亿元以上项目立项占比", "share", "立项占比"),
    Indicator("big_count", "20亿元以上项目个数占比", "share", "20亿元以上个数占比"),
    Indicator("big_total", "20亿元以上项目总投资占比", "share", "20亿元以上投资占比"),
    Indicator("emerging", "战略性新兴产业项目个数占比", "share", "战略新兴占比"),
    Indicator("yi_started", "亿元以上项目开工率", "share", "开工率"),
    Indicator("converted", "新增完成转化项目个数", "count", "新增转化项目数"),
)
BY_NAME = {i.name: i for i in INDICATORS}
BY_KEY = {i.key: i for i in INDICATORS}


@dataclass(frozen=True)
class PoolProject:
    """A project of the pool (入库项目) as the targets count it: amounts in 万元."""

    unit: str
    name: str
    total: Decimal
    approval: str = ""
    emerging: bool = False
    started: bool = False

    @property
    def converted(self) -> bool:
        """True when the project has moved on from 谋划储备: 立项 done or started (see above)."""
        return self.approval in APPROVED or self.started


@dataclass(frozen=True)
class Milestone:
    """By ``date``, ``share`` of each absolute target is due."""

    date: dt.date
    share: Decimal


@dataclass(frozen=True)
class Group:
    """Units sharing targets (a 四比四看 group), and each unit's own targets on top."""

    name: str
    units: tuple[str, ...]
    targets: Mapping[str, Decimal]  # indicator key → target (万元 for money, a fraction for shares)


@dataclass(frozen=True)
class Targets:
    """A targets file: its title, milestones, groups, and units' own targets."""

    title: str
    milestones: tuple[Milestone, ...]
    groups: tuple[Group, ...]
    unit_targets: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)

    def units(self) -> list[str]:
        """Return every unit with targets, group by group."""
        return [u for g in self.groups for u in g.units]

    def of(self, unit: str) -> dict[str, Decimal]:
        """Return a unit's targets: its group's, with its own on top."""
        group = next((g for g in self.groups if unit in g.units), None)
        merged = dict(group.targets) if group else {}
        merged.update(self.unit_targets.get(unit, {}))
        return merged

    def due(self, as_of: dt.date) -> Milestone | None:
        """Return the last milestone on or before ``as_of`` (None before the first)."""
        passed = [m for m in self.milestones if m.date <= as_of]
        return passed[-1] if passed else None

    def next_due(self, as_of: dt.date) -> Milestone | None:
        """Return the first milestone after ``as_of``."""
        return next((m for m in self.milestones if m.date > as_of), None)


def ordered(indicators: Sequence[str]) -> list[str]:
    """Return indicator keys in the catalogue's order."""
    return [i.key for i in INDICATORS if i.key in indicators]
