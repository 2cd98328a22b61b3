"""The scoring rules of a ranking (排名规则) as plain values: what ``ranking`` computes with.

The rules file's reader (docgen/load/rules.py) validates YAML into these dataclasses; the
domain computations take them and know nothing of the file or of the validation library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

# Indicators a rule or a column may name, with their titles in the 通报.
INDICATORS = {
    "count": "项目个数",
    "total": "总投资",
    "annual_plan": "年度计划投资",
    "completed": "累计完成投资",
    "completion_rate": "投资完成率",
    "gap_pp": "与序时进度差",
    "start_rate": "开工率",
    "approvals_rate": "手续办结率",
    "big_projects": "亿元以上项目数",
}

Indicator = Literal[
    "count",
    "total",
    "annual_plan",
    "completed",
    "completion_rate",
    "gap_pp",
    "start_rate",
    "approvals_rate",
    "big_projects",
]

# The reader refuses keys these dataclasses do not have (read by pydantic when it validates them).
_STRICT = {"extra": "forbid"}


@dataclass(frozen=True)
class IndicatorRule:
    """How one indicator is scored: ``ratio`` to a target (capped), ``steps`` (争先进位), ``thresholds``."""

    __pydantic_config__ = _STRICT

    key: Indicator
    weight: Decimal
    method: Literal["ratio", "steps", "thresholds"]
    name: str = ""
    target: Decimal | Literal["schedule"] | None = None  # ratio: the value that earns the full weight
    cap: Decimal = Decimal("1")  # ratio: at most this share of the weight (1.2 = up to 120 %)
    step: Decimal = Decimal("0.05")  # steps: the best earns the weight, each next place this share less
    thresholds: tuple[tuple[Decimal, Decimal], ...] = ()  # thresholds: (value at least, share of the weight)

    @property
    def label(self) -> str:
        """Return the indicator's title: the rule's own name, else the standard title."""
        return self.name or INDICATORS[self.key]


@dataclass(frozen=True)
class Lights:
    """Traffic lights by the gap to the schedule, in percentage points."""

    __pydantic_config__ = _STRICT

    green: Decimal = Decimal("0")  # gap at least this: 绿
    yellow: Decimal = Decimal("-10")  # gap at least this: 黄; below: 红


@dataclass(frozen=True)
class Rules:
    """A ranking's rules: groups of units, scored indicators, the 通报's columns and lists."""

    __pydantic_config__ = _STRICT

    indicators: tuple[IndicatorRule, ...]
    title: str = "重点项目建设进展情况排名"
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    columns: tuple[Indicator, ...] = (
        "count",
        "annual_plan",
        "completed",
        "completion_rate",
        "gap_pp",
        "start_rate",
    )
    lights: Lights = Lights()
    advanced: int = 3  # units named as 先进
    lagging: int = 3  # units named as 后进
    lagging_gap_pp: Decimal = Decimal("-20")  # projects this far behind the schedule are listed
    decimals: int = 2
    cc: tuple[str, ...] = ()


# The rules of a bulletin made without a rules file: the completion rate against the schedule.
COMPLETION_ONLY = Rules(
    indicators=(IndicatorRule("completion_rate", Decimal(100), "ratio", target="schedule"),)
)
