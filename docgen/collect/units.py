"""The units a form goes to (填报单位): a YAML list, each a name or a mapping with aliases and contacts
(or an .xlsx/.csv list with columns 单位, 别名, 联系人, 电话).

    单位:
      - 灵宝市
      - 名称: 渑池县
        别名: [渑池]
        联系人: 张伟
        电话: 0398-1234567

A unit is matched on its name or an alias, compared without spaces and with full-width forms
folded (NFKC), so "灵 宝 市" and "灵宝市" are the same unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.cells import to_text
from docgen.load.limits import read_limited
from docgen.load.sheet import Column, read_ledger
from docgen.load.yamlsrc import parse_yaml
from docgen.model import check_text
from docgen.model_text import check_naming

_NAME_KEYS = ("名称", "name")
_ALIAS_KEYS = ("别名", "aliases")
_CONTACT_KEYS = ("联系人", "contact")
_PHONE_KEYS = ("电话", "phone")


def folded(text: object) -> str:
    """Return a name as units are compared: NFKC, without white space."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


@dataclass(frozen=True)
class Unit:
    """A unit a form goes to: its name, other names it may write, and whom to chase."""

    name: str
    aliases: tuple[str, ...] = ()
    contact: str = ""
    phone: str = ""
    keys: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", frozenset(folded(n) for n in (self.name, *self.aliases)))


def _text(value: object, path: Path, line: int | None, key: str) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
        raise DataError(_("expected a name, found {value!r}").format(value=value), Location(path, line, key))
    text = str(value).strip()
    try:
        check_text(text, key)
    except DataError as error:  # named with the file and line, as every other problem here
        raise error.at(file=path, line=line) from None
    return text


def _pick(entry: dict[object, object], keys: tuple[str, ...]) -> object:
    return next((entry[k] for k in keys if k in entry), None)


def _unit(entry: object, path: Path, line: int | None) -> Unit:
    if not isinstance(entry, dict):
        return Unit(_text(entry, path, line, "单位"))
    unknown = [k for k in entry if k not in (*_NAME_KEYS, *_ALIAS_KEYS, *_CONTACT_KEYS, *_PHONE_KEYS)]
    if unknown:
        raise DataError(
            _("unknown key {key!r}; a unit has 名称, 别名, 联系人, 电话").format(key=unknown[0]),
            Location(path, line),
        )
    aliases = _pick(entry, _ALIAS_KEYS) or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list):
        raise DataError(_("别名 is a list of names"), Location(path, line, "别名"))
    contact, phone = _pick(entry, _CONTACT_KEYS), _pick(entry, _PHONE_KEYS)
    return Unit(
        _text(_pick(entry, _NAME_KEYS), path, line, "名称"),
        tuple(_text(a, path, line, "别名") for a in aliases),
        _text(contact, path, line, "联系人") if contact else "",
        _text(phone, path, line, "电话") if phone else "",
    )


def _unique(units: list[tuple[Unit, int | None]], path: Path) -> list[Unit]:
    """Return the units, refusing two that share a name or alias (at the second one's line)."""
    owner: dict[str, str] = {}
    for unit, line in units:
        try:  # a unit's name names its form (单位-表.xlsx): a path is refused, not made safe unsaid (hostile10 #6)
            check_naming(unit.name, "名称")
        except DataError as error:
            raise error.at(file=path, line=line) from None
        for name in unit.keys:
            if name in owner and owner[name] == unit.name == name:
                raise DataError(_("{name} is listed twice").format(name=name), Location(path, line))
            if name in owner:
                raise DataError(
                    _("{name} names both {first} and {second}").format(
                        name=name, first=owner[name], second=unit.name
                    ),
                    Location(path, line),
                )
            owner[name] = unit.name
    return [unit for unit, _line in units]


SHEET_COLUMNS = (
    Column("name", ("单位", "单位名称", "名称", "填报单位"), to_text),
    Column("aliases", ("别名", "其他名称"), to_text, required=False, default=""),
    Column("contact", ("联系人",), to_text, required=False, default=""),
    Column("phone", ("电话", "联系电话"), to_text, required=False, default=""),
)


def _sheet_units(path: Path) -> list[tuple[Unit, int | None]]:
    """Return the units of an .xlsx or .csv list: one row per unit, aliases separated by 、 or ，."""
    rows = read_ledger(path, SHEET_COLUMNS)
    if rows.errors:
        raise rows.errors[0]
    hidden = rows.hidden_error()  # a unit hidden would get no form and never be chased, unsaid
    if hidden is not None:
        raise hidden
    if rows.warnings:  # a 联系人 formula saved without its result: the 催报 list would lack it unsaid
        raise DataError(rows.warnings[0].reason, rows.warnings[0].location)
    return [
        (
            Unit(
                record["name"],
                tuple(a for a in re.split(r"[、，,;；\s]+", record["aliases"]) if a),
                record["contact"],
                record["phone"],
            ),
            line,
        )
        for line, record in rows.records
    ]


def load_units(path: Path) -> list[Unit]:
    """Return the units of a units file (YAML, or an .xlsx/.csv list), in its order; two units
    sharing a name or alias are refused."""
    if path.suffix.lower() in (".xlsx", ".csv"):
        units = _sheet_units(path)
        if not units:
            raise DataError(_("a units file is a list of units under 单位:"), Location(file=path))
        return _unique(units, path)
    data, lines = parse_yaml(read_limited(path).decode("utf-8", errors="replace"), path)
    entries = data.get("单位", data.get("units")) if isinstance(data, dict) else data
    if not isinstance(entries, list) or not entries:
        raise DataError(_("a units file is a list of units under 单位:"), Location(file=path))
    key = "单位" if isinstance(data, dict) and "单位" in data else "units"
    found: list[tuple[Unit, int | None]] = []
    for index, entry in enumerate(entries):
        line = lines.get((key, index)) if isinstance(data, dict) else lines.get((index,))
        found.append((_unit(entry, path, line), line))
    return _unique(found, path)
