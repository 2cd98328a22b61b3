"""YAML with line numbers, and pydantic errors turned into DataErrors that name the line."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from pydantic import TypeAdapter, ValidationError

from docgen.errors import DataError, Location
from docgen.i18n import _

Model = TypeVar("Model")  # a pydantic model or a (frozen) dataclass
KeyPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps digits with leading zeros as text: 份号 000012 is not the octal number 10."""


def _int_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raw = str(node.value)
    digits = raw.lstrip("+-")
    if len(digits) > 1 and digits.startswith("0") and digits.isdigit():
        return raw
    return loader.construct_yaml_int(cast(yaml.ScalarNode, node))


def _date_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return loader.construct_yaml_timestamp(cast(yaml.ScalarNode, node))
    except ValueError:  # 2020-13-45: leave it to the field's validation, which names the line
        return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:int", _int_or_text)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def key_lines(text: str, first_line: int = 1) -> dict[KeyPath, int]:
    """Return the line of every key and list item in a YAML document, by key path."""
    lines: dict[KeyPath, int] = {}

    def walk(node: yaml.Node, path: KeyPath) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key_path = (*path, str(key_node.value))
                lines[key_path] = key_node.start_mark.line + first_line
                walk(value_node, key_path)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*path, index)] = item.start_mark.line + first_line
                walk(item, (*path, index))

    root = yaml.compose(text, Loader=_Loader)
    if root is not None:
        walk(root, ())
    return lines


def parse_yaml(text: str, source: Path | str, first_line: int = 1) -> tuple[Any, dict[KeyPath, int]]:
    """Parse YAML text; a syntax error becomes a DataError naming the line."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
        return data, key_lines(text, first_line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + first_line if mark is not None else None
        raise DataError(
            _("not valid YAML: {problem}").format(problem=error.problem or error),
            Location(file=source, line=line),
        ) from None
    except yaml.YAMLError as error:
        raise DataError(_("not valid YAML: {problem}").format(problem=error), Location(file=source)) from None


def _describe(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("required, but missing")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):  # a model's / a dataclass's
        return _("unknown field")
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return _("not a date; write it like 2020-03-05")
    message = str(error.get("msg", kind))
    ctx = error.get("ctx") or {}
    if "error" in ctx and isinstance(ctx["error"], DataError):
        return ctx["error"].reason
    return message.removeprefix("Value error, ")


def validate(model: type[Model], data: Any, source: Path | str, lines: dict[KeyPath, int]) -> Model:
    """Validate ``data`` against ``model``; the first error becomes a DataError naming file, line and field."""
    if not isinstance(data, dict):
        raise DataError(
            _("expected key: value pairs"), Location(file=source, line=min(lines.values(), default=None))
        )
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as error:
        first = error.errors()[0]
        path: KeyPath = tuple(first["loc"])
        field_name = ".".join(str(part) for part in path) if path else None
        if first.get("type") == "missing" and len(path) == 1:
            info = getattr(model, "model_fields", {}).get(str(path[0]))
            choices = getattr(info.validation_alias, "choices", None) if info else None
            if choices:
                field_name = "/".join(str(c) for c in choices[:2])
        line = None
        for end in range(len(path), 0, -1):
            if path[:end] in lines:
                line = lines[path[:end]]
                break
        if line is None:
            line = min(lines.values(), default=None)
        raise DataError(_describe(first), Location(file=source, line=line, field=field_name)) from None
