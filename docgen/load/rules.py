"""Reading a rules file (排名规则, YAML) into the plain :mod:`docgen.scoring` values.

pydantic validates the YAML against the dataclasses themselves (types, unknown keys); the checks
that span fields or bound a number follow here, each naming the line and the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.tables import read_text_file
from docgen.load.yamlsrc import KeyPath, parse_yaml, validate
from docgen.scoring import INDICATORS, IndicatorRule, Lights, Rules

MAX_DECIMALS = 4  # the 通报 shows at most 4 decimals: more is a typing error, not a wish


def _problems(rules: Rules) -> Iterator[tuple[str, KeyPath]]:
    """Yield each rule broken by ``rules`` (after types are right) with the path of its field."""
    if not rules.indicators:
        yield _("at least one indicator is needed"), ("indicators",)
    for index, rule in enumerate(rules.indicators):
        if rule.weight <= 0:
            yield _("a weight is more than 0, not {value}").format(value=rule.weight), ("indicators", index, "weight")
        if rule.method == "ratio" and rule.target is None:
            yield _("a ratio needs a target (a number, or schedule)"), ("indicators", index)
        if rule.method == "thresholds" and not rule.thresholds:
            yield _("thresholds need a list of [value, share] pairs"), ("indicators", index)
    keys = [i.key for i in rules.indicators]
    if len(keys) != len(set(keys)):
        yield _("an indicator is listed twice"), ("indicators",)
    units = [u for members in rules.groups.values() for u in members]
    if len(units) != len(set(units)):
        yield _("a unit is listed in two groups"), ("groups",)
    for field in ("advanced", "lagging"):
        if getattr(rules, field) < 0:
            yield _("a count is 0 or more, not {value}").format(value=getattr(rules, field)), (field,)
    if not 0 <= rules.decimals <= MAX_DECIMALS:
        yield _("decimals are 0 to {most}").format(most=MAX_DECIMALS), ("decimals",)


def load_rules(path: Path) -> Rules:
    """Read and validate a rules file; errors name the line and field."""
    data, lines = parse_yaml(read_text_file(path), path)
    try:
        rules = validate(Rules, data, path, lines)
    except DataError as error:
        raise error.at(file=path) from None
    for reason, where in _problems(rules):
        line = next((lines[where[:end]] for end in range(len(where), 0, -1) if where[:end] in lines), None)
        field = ".".join(str(part) for part in where)
        raise DataError(reason, Location(file=path, line=line, field=field))
    return rules


__all__ = ["INDICATORS", "IndicatorRule", "Lights", "Rules", "load_rules"]
