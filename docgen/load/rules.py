"""Scoring rules for rankings (排名规则), from YAML: groups, indicators with weights and methods, lights."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.tables import read_text_file
from docgen.load.yamlsrc import parse_yaml, validate

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


class IndicatorRule(BaseModel):
    """How one indicator is scored: ``ratio`` to a target (capped), ``steps`` (争先进位), ``thresholds``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Literal[
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
    name: str = ""
    weight: Decimal = Field(gt=0)
    method: Literal["ratio", "steps", "thresholds"]
    target: Decimal | Literal["schedule"] | None = None  # ratio: the value that earns the full weight
    cap: Decimal = Decimal("1")  # ratio: at most this share of the weight (1.2 = up to 120 %)
    step: Decimal = Decimal("0.05")  # steps: the best earns the weight, each next place this share less
    thresholds: list[tuple[Decimal, Decimal]] = []  # thresholds: (value at least, share of the weight)

    @model_validator(mode="after")
    def _complete(self) -> IndicatorRule:
        if self.method == "ratio" and self.target is None:
            raise ValueError(_("a ratio needs a target (a number, or schedule)"))
        if self.method == "thresholds" and not self.thresholds:
            raise ValueError(_("thresholds need a list of [value, share] pairs"))
        return self

    @property
    def label(self) -> str:
        return self.name or INDICATORS[self.key]


class Lights(BaseModel):
    """Traffic lights by the gap to the schedule, in percentage points."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    green: Decimal = Decimal("0")  # gap at least this: 绿
    yellow: Decimal = Decimal("-10")  # gap at least this: 黄; below: 红


class Rules(BaseModel):
    """A rules file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = "重点项目建设进展情况排名"
    groups: dict[str, list[str]] = {}
    indicators: list[IndicatorRule]
    columns: list[str] = ["count", "annual_plan", "completed", "completion_rate", "gap_pp", "start_rate"]
    lights: Lights = Lights()
    advanced: int = Field(3, ge=0)
    lagging: int = Field(3, ge=0)
    lagging_gap_pp: Decimal = Decimal("-20")  # projects this far behind the schedule are listed
    decimals: int = Field(2, ge=0, le=4)
    cc: list[str] = []

    @model_validator(mode="after")
    def _weights(self) -> Rules:
        if not self.indicators:
            raise ValueError(_("at least one indicator is needed"))
        keys = [i.key for i in self.indicators]
        if len(keys) != len(set(keys)):
            raise ValueError(_("an indicator is listed twice"))
        units = [u for members in self.groups.values() for u in members]
        if len(units) != len(set(units)):
            raise ValueError(_("a unit is listed in two groups"))
        for column in self.columns:
            if column not in INDICATORS:
                raise ValueError(_("unknown column {name}").format(name=column))
        return self


def load_rules(path: Path) -> Rules:
    """Read and validate a rules file; errors name the line and field."""
    data, lines = parse_yaml(read_text_file(path), path)
    try:
        return validate(Rules, data, path, lines)
    except DataError as error:
        raise error.at(file=path) from None


__all__ = ["INDICATORS", "IndicatorRule", "Lights", "Rules", "load_rules", "Location"]
