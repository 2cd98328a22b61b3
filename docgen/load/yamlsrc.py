"""YAML with line numbers, and pydantic errors turned into DataErrors that name the line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from pydantic import TypeAdapter, ValidationError

from docgen.errors import DataError, Location, raise_problems
from docgen.i18n import N_, _, current_language
from docgen.load.limits import MAX_YAML_DEPTH, MAX_YAML_INT_DIGITS, MAX_YAML_NODES
from docgen.load.yaml_errors import explain

Model = TypeVar("Model")  # a pydantic model or a (frozen) dataclass
KeyPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader with limits (docgen/load/limits.py) that keeps 份号 000012 as text, not octal 10.

    Aliases (``*name``) are refused, so an alias bomb cannot expand; nesting deeper than
    ``MAX_YAML_DEPTH`` and more than ``MAX_YAML_NODES`` nodes are refused; a key given twice in
    one mapping is an error naming both lines (YAML itself lets the last one win silently).
    """

    def __init__(self, stream: str, first_line: int = 1) -> None:
        super().__init__(stream)
        self._first_line = first_line
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None,
                None,
                _("aliases (*{name}) are not accepted; write the value out").format(
                    name=getattr(event, "anchor", "")
                ),
                event.start_mark,
            )
        self._depth += 1
        self._nodes += 1
        if self._depth > MAX_YAML_DEPTH or self._nodes > MAX_YAML_NODES:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            problem = (
                _("nested deeper than {limit} levels").format(limit=MAX_YAML_DEPTH)
                if self._depth > MAX_YAML_DEPTH
                else _("more than {limit} values").format(limit=MAX_YAML_NODES)
            )
            raise yaml.composer.ComposerError(None, None, problem, mark)
        try:
            node = super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self._depth -= 1
        if isinstance(node, yaml.MappingNode):
            _refuse_duplicate_keys(node, self._first_line)
        return node


def _refuse_duplicate_keys(node: yaml.MappingNode, first_line: int) -> None:
    seen: dict[str, yaml.Mark] = {}
    for key_node, _value in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value)
        if key in seen:
            raise yaml.composer.ComposerError(
                None,
                None,
                _("the key {key!r} is given twice (first on line {line})").format(
                    key=key, line=seen[key].line + first_line
                ),
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark


def _int_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raw = str(node.value)
    digits = raw.lstrip("+-")
    if len(digits) > 1 and digits.startswith("0") and digits.isdigit():
        return raw
    if len(digits) > MAX_YAML_INT_DIGITS:
        return raw  # left as text: int() refuses 4300 digits, and no field wants such a number
    return loader.construct_yaml_int(cast(yaml.ScalarNode, node))


def _date_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return loader.construct_yaml_timestamp(cast(yaml.ScalarNode, node))
    except ValueError:  # 2020-13-45: leave it to the field's validation, which names the line
        return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:int", _int_or_text)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def _key_lines(root: yaml.Node | None, first_line: int) -> dict[KeyPath, int]:
    """Return the line of every key and list item in a composed YAML document, by key path."""
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

    if root is not None:
        walk(root, ())
    return lines


def parse_yaml(text: str, source: Path | str, first_line: int = 1) -> tuple[Any, dict[KeyPath, int]]:
    """Parse YAML text within the limits of ``_Loader``; an error becomes a DataError naming the line."""
    loader: _Loader | None = None
    try:
        loader = _Loader(text, first_line)  # the reader refuses control characters here
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
        return data, _key_lines(root, first_line)
    except yaml.YAMLError as error:
        found = explain(error, text)
        raise DataError(
            _("not valid YAML: {problem}").format(problem=found.message),
            Location(
                file=source,
                line=found.line + first_line if found.line is not None else None,
                column=str(found.column + 1) if found.column is not None else None,
            ),
        ) from error
    finally:
        if loader is not None:
            loader.dispose()


def _describe(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("required, but missing")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):  # a model's / a dataclass's
        return _("unknown field")
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return _('not a date: "{value}"; write it like 2020-03-05 or 2020年3月5日').format(
            value=error.get("input")
        )
    ctx = error.get("ctx") or {}
    if "error" in ctx and isinstance(ctx["error"], DataError):
        return ctx["error"].reason
    value = _shown(error.get("input"))
    for kinds, message in _KINDS:
        if kind in kinds:
            return _(message).format(value=value, expected=_choices(str(ctx.get("expected", ""))))
    if kind == "value_error":  # our own validators' ValueError: already in the user's words
        return str(error.get("msg", kind)).removeprefix("Value error, ")
    if current_language() == "en":
        return str(error.get("msg", kind))
    return _('the value "{value}" is not accepted here').format(value=value)


# pydantic's error kinds, said through the catalog (its own texts are English): the value and what to write.
_KINDS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"bool_type", "bool_parsing"}), N_('not yes or no: "{value}"; write true or false')),
    (frozenset({"string_type"}), N_('not text: "{value}"; write the text after the key')),
    (
        frozenset({"list_type", "tuple_type"}),
        N_('not a list: "{value}"; write the items separated by "，", or one per line after "- "'),
    ),
    (frozenset({"int_type", "int_parsing", "int_from_float"}), N_('not a whole number: "{value}"')),
    (
        frozenset({"float_type", "float_parsing", "decimal_type", "decimal_parsing"}),
        N_('not a number: "{value}"'),
    ),
    (
        frozenset({"dict_type", "model_type", "model_attributes_type", "dataclass_type"}),
        N_('expected key: value pairs, not "{value}"'),
    ),
    (frozenset({"literal_error", "enum"}), N_('"{value}" is not one of {expected}')),
    (
        frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal"}),
        N_('"{value}" is out of range'),
    ),
)


def _choices(expected: str) -> str:
    """Return pydantic's "'a', 'b' or 'c'" in the user's language ('a'、'b'、'c' in Chinese)."""
    if current_language() == "en":
        return expected
    return expected.replace(" or ", "、").replace(", ", "、")


def _shown(value: Any) -> str:
    """Return a value as a message quotes it: short, one line."""
    text = (
        str(value)
        if not isinstance(value, (dict, list))
        else yaml.safe_dump(value, allow_unicode=True, default_flow_style=True).strip()
    )
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def validate(model: type[Model], data: Any, source: Path | str, lines: dict[KeyPath, int]) -> Model:
    """Validate ``data`` against ``model``; every wrong field becomes a DataError naming file, line, field
    and value (several: a DataErrors, all reported at once)."""
    if not isinstance(data, dict):
        raise DataError(
            _("expected key: value pairs"), Location(file=source, line=min(lines.values(), default=None))
        )
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as error:
        raise_problems(validation_problems(model, error, source, lines))
        raise  # unreachable: a ValidationError holds at least one error


def validate_partly(
    model: type[Model], data: Any, source: Path | str, lines: dict[KeyPath, int], stand_ins: dict[str, Any]
) -> tuple[Model, list[DataError], frozenset[str]]:
    """Return ``data`` validated against ``model`` with the problems of its wrong fields and the names of
    the required ones replaced: a wrong field is left out (its default taken), a required one wrong or
    missing takes its value from ``stand_ins``, so the rest of a source is still read and every problem
    said at once.  A source with problems is never made from what this returns."""
    if not isinstance(data, dict):
        return validate(model, data, source, lines), [], frozenset()  # raises: nothing else to read
    try:
        return TypeAdapter(model).validate_python(data), [], frozenset()
    except ValidationError as error:
        problems = validation_problems(model, error, source, lines)
        wrong = {str(each["loc"][0]) for each in error.errors() if each["loc"]}
    kept = {key: value for key, value in data.items() if key not in wrong}
    stood_in = set()
    fields = getattr(model, "model_fields", {})
    for name, stand_in in stand_ins.items():
        choices = getattr(fields[name].validation_alias, "choices", None) or ()
        if not {name, *map(str, choices)} & kept.keys():
            kept[name] = stand_in
            stood_in.add(name)
    try:
        return TypeAdapter(model).validate_python(kept), problems, frozenset(stood_in)
    except ValidationError:  # cannot be: every wrong key is left out; said as it is if it still happens
        raise_problems(problems)
        raise


def validation_problems(
    model: type[Any], error: ValidationError, source: Path | str, lines: dict[KeyPath, int]
) -> list[DataError]:
    """Return one located DataError per field pydantic refused (a union's members' errors said once)."""
    problems: list[DataError] = []
    seen: set[KeyPath] = set()
    for each in error.errors():
        path: KeyPath = _user_path(tuple(each["loc"]))
        if path in seen:  # 份号 refused as str and as int: one problem
            continue
        seen.add(path)
        field_name = ".".join(str(part) for part in path) if path else None
        if each.get("type") == "missing" and len(path) == 1:
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
        reason = _describe(each)
        if each.get("type") in ("extra_forbidden", "unexpected_keyword_argument") and len(path) == 1:
            reason += _nearest(str(path[0]), _known_keys(model))
        problems.append(DataError(reason, Location(file=source, line=line, field=field_name)))
    return problems


_UNION_TAGS = re.compile(r"^(str|int|float|bool|none|date|datetime|decimal)$|\[")


def _user_path(loc: tuple[str | int, ...]) -> KeyPath:
    """Return pydantic's error location without its union-member tags (份号.str → 份号)."""
    return loc[:1] + tuple(p for p in loc[1:] if not (isinstance(p, str) and _UNION_TAGS.search(p)))


def _known_keys(model: type[Any]) -> list[str]:
    """Return the keys a model accepts: its field names and every alias (标题, title …)."""
    keys: list[str] = []
    for name, info in getattr(model, "model_fields", {}).items():
        keys.append(name)
        keys += [str(c) for c in getattr(info.validation_alias, "choices", ()) or ()]
    keys += list(getattr(model, "__dataclass_fields__", {}))
    return keys


def _nearest(key: str, known: list[str]) -> str:
    """Return "; did you mean 主送?" for the closest known key, or nothing."""
    import difflib

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
    return _("; did you mean {key}?").format(key=close[0]) if close else ""
