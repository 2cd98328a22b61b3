"""A targets file (目标任务, YAML): milestones, groups of units with their targets, units' own targets.

    名称: 重大项目谋划储备“百日攻坚”行动
    节点:                      # by each date, this share of every count and sum is due
      2020-09-30: 80%
      2020-10-31: 90%
      2020-11-30: 100%
    组:
      - 名称: 第一组
        单位: [渑池县, 灵宝市, 陕州区]
        目标:
          入库项目个数: 100
          入库项目总投资: 500亿元
          亿元以上项目立项占比: 70%
    单位目标:                  # a unit's own targets, on top of its group's
      灵宝市: {亿元以上项目个数: 400, 亿元以上项目总投资: 3000亿元}

组 may also map each group's name to its 单位 and 目标 (组: {第一组: {单位: [...], 目标: {...}}}),
as clerks write it.

Counts are whole numbers; sums are written with their unit (500亿元, 3000000万元; a bare number
is 亿元, as targets are set); shares as 70% (or 0.7).  Indicator names: see docgen/progress/targets.py.
The same targets may be kept in an .xlsx (docgen/load/targets_sheet.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _, joined
from docgen.load.cells import CellError, cell_unit, shown, to_date, to_decimal, to_int, to_share
from docgen.load.header import UNITS
from docgen.load.limits import read_limited
from docgen.load.yamlsrc import KeyPath, parse_yaml
from docgen.progress.targets import BY_NAME, YI, Group, Milestone, Targets

_KEYS = {"名称", "节点", "组", "单位目标"}


class _Reader:
    def __init__(self, path: Path, lines: dict[KeyPath, int]) -> None:
        self.path = path
        self.lines = lines

    def error(self, message: str, at: KeyPath, field: str | None = None) -> DataError:
        line = next((self.lines[at[:n]] for n in range(len(at), 0, -1) if at[:n] in self.lines), None)
        return DataError(message, Location(file=self.path, line=line, field=field))

    def share(self, value: object, at: KeyPath, field: str) -> Decimal:
        try:
            return to_share(value)
        except CellError as error:
            raise self.error(str(error), at, field) from None

    def target(self, name: str, value: object, at: KeyPath) -> tuple[str, Decimal]:
        indicator = BY_NAME.get(name)
        if indicator is None:
            raise self.error(
                _("unknown indicator {name!r}; known: {known}").format(name=name, known=joined(BY_NAME)),
                at,
                name,
            )
        try:
            if indicator.kind == "count":
                return indicator.key, Decimal(to_int(value))
            if indicator.kind == "money":
                unit = cell_unit(value)
                amount = to_decimal(value) * (UNITS[unit] if unit else YI)
                if amount < 0:
                    raise self.error(
                        _("a target is not below zero: {value}").format(value=shown(value)), at, name
                    )
                return indicator.key, amount
        except CellError as error:
            raise self.error(str(error), at, name) from None
        return indicator.key, self.share(value, at, name)

    def targets(self, data: object, at: KeyPath) -> dict[str, Decimal]:
        if not isinstance(data, dict):
            raise self.error(_("目标 is a list of indicators with their targets"), at)
        return dict(self.target(str(k), v, (*at, str(k))) for k, v in data.items())

    def milestones(self, data: object) -> tuple[Milestone, ...]:
        if data is None:
            return ()
        if not isinstance(data, dict):
            raise self.error(_("节点 maps dates to shares, like 2020-09-30: 80%"), ("节点",))
        found = []
        for key, value in data.items():
            at = ("节点", str(key))
            try:
                date = key.date() if isinstance(key, dt.datetime) else to_date(key)
            except CellError as error:
                raise self.error(str(error), at, "节点") from None
            found.append(Milestone(date, self.share(value, at, "节点")))
        return tuple(sorted(found, key=lambda m: m.date))

    def group(self, data: object, index: int, at: KeyPath) -> Group:
        if not isinstance(data, dict) or not isinstance(data.get("单位"), list) or not data["单位"]:
            raise self.error(_("a group has 名称, 单位 (a list) and 目标"), at)
        for place, unit in enumerate(data["单位"]):
            if not isinstance(unit, str) or not unit.strip():
                raise self.error(
                    _("a unit is a name, not {value!r}").format(value=shown("" if unit is None else unit)), (*at, "单位", place), "单位"
                )
        name = data.get("名称")
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise self.error(_("a group's 名称 is a name, not {value!r}").format(value=shown(name)), at, "名称")
        units = tuple(u.strip() for u in data["单位"])
        return Group(name.strip() if name else f"第{index + 1}组", units, self.targets(data.get("目标"), (*at, "目标")))


def _group_entries(data: list[object] | dict[object, object]) -> list[tuple[KeyPath, object]]:
    """Return each group under 组: with where it is written: a list of groups with 名称, or (as a
    clerk also writes it) a mapping from each group's name to its 单位 and 目标."""
    if isinstance(data, list):
        return [(("组", i), g) for i, g in enumerate(data)]
    return [
        (("组", str(name)), {"名称": str(name), **g} if isinstance(g, dict) else g) for name, g in data.items()
    ]


def load_targets(path: Path) -> Targets:
    """Return the targets of a targets file, YAML or .xlsx (see the module docstring); every problem
    names its line (or sheet, row and column)."""
    if path.suffix.lower() == ".xlsx":
        from docgen.load.targets_sheet import load_targets_sheet

        return load_targets_sheet(path)
    data, lines = parse_yaml(read_limited(path).decode("utf-8", errors="replace"), path)
    reader = _Reader(path, lines)
    if isinstance(data, dict):  # a misspelt key (分组:) is named before the groups are missed
        unknown = [k for k in data if k not in _KEYS]
        if unknown:
            raise reader.error(
                _("unknown key {key!r}; a targets file has {keys}").format(
                    key=unknown[0], keys=joined(sorted(_KEYS))
                ),
                (str(unknown[0]),),
            )
    if not isinstance(data, dict) or not isinstance(data.get("组"), (list, dict)) or not data["组"]:
        raise DataError(_("a targets file lists its groups under 组:"), Location(file=path))
    entries = _group_entries(data["组"])
    groups = tuple(reader.group(g, i, at) for i, (at, g) in enumerate(entries))
    seen: dict[str, str] = {}
    for (at, _entry), group in zip(entries, groups, strict=True):
        for unit in group.units:
            if unit in seen:
                raise reader.error(
                    _("{unit} is in two groups: {first} and {second}").format(
                        unit=unit, first=seen[unit], second=group.name
                    ),
                    at,
                )
            seen[unit] = group.name
    own: dict[str, dict[str, Decimal]] = {}
    extra = data.get("单位目标") or {}
    if not isinstance(extra, dict):
        raise reader.error(_("单位目标 maps units to their targets"), ("单位目标",))
    for unit, targets in extra.items():
        if str(unit) not in seen:
            raise reader.error(
                _("{unit} has targets but is in no group").format(unit=unit), ("单位目标", str(unit))
            )
        own[str(unit)] = reader.targets(targets, ("单位目标", str(unit)))
    return Targets(
        str(data.get("名称") or "重点项目谋划储备"), reader.milestones(data.get("节点")), groups, own
    )
