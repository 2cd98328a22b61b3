"""A letterhead file made from an office's own 套红 .docx: its mark's wording, colour and size, and
the .docx itself beside it as the letterhead's 模板 (issue 19 c).

The template is checked as a letterhead loads it (docgen/load/office_template.py: nothing hostile
is copied) and kept beside the letterhead as ``KEY.docx``; documents issued under the letterhead
carry its 版头 as the office made it (docgen/emit/docx/office_header.py).  Every departure from the
standard is said.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.letterheads import LetterheadFile
from docgen.load.office_header import OfficeHeader
from docgen.load.office_template import read_office_template
from docgen.load.patterns import organ_of_mark, parse_number
from docgen.load.yamlsrc import parse_yaml, validate
from docgen.model_text import check_code, check_text
from docgen.office_template import NUMBER_SLOT
from docgen.publish.guard import WriteGuard

_KEY = re.compile(r"[\w-]{1,64}")
_CODE_BEFORE_NUMBER = re.compile(r"^\s*(\S{1,20}?)\s*〔")
_PLACEHOLDER = re.compile(r"[XxＸ×○□]")


def _code_of(line: str) -> str | None:
    """Return the 代字 of the 版头's 发文字号 line: a typed number read as `docgen format` reads it, or the
    text before a slot (长重点〔　〕号)."""
    slot = NUMBER_SLOT.search(line)
    typed = parse_number(slot.group()) if slot else None
    if typed is not None:
        return typed.code
    found = _CODE_BEFORE_NUMBER.match(line)
    if found is None or _PLACEHOLDER.search(found.group(1)):  # XX发〔20XX〕XX号: the office's code is not there
        return None
    return found.group(1)


def _with_number_line_note(header: OfficeHeader) -> OfficeHeader:
    """Return ``header`` with a warning when its 发文字号 line holds more than the place for the number
    (签发人：王建华 of a draft made into the 套红): that text would print in every document."""
    line = header.number_line or ""
    rest = NUMBER_SLOT.sub("", line, count=1).strip(" \u3000")
    if not rest:
        return header
    note = _(
        "the 发文字号 line also holds “{rest}”: each document's number takes the number's place, the rest "
        "prints as it is in every document; delete it from the .docx if it is not the office's"
    ).format(rest=rest)
    return dataclasses.replace(header, departures=(*header.departures, note))


def _with_header_rule_note(header: OfficeHeader) -> OfficeHeader:
    """Return ``header`` with a warning when its red rule is drawn in the first page's header (wps13):
    fixed on the page, it stays put when docgen adds lines above the mark, and the number moves onto it."""
    if not header.header_rule:
        return header
    note = _(
        "the red separator line is drawn in the first page's header, fixed on the page: a 份号, 密级 or "
        "紧急程度 line docgen puts above the 发文机关标志 moves the 发文字号 down onto it; leave an empty line at "
        "the top of the template for each, or anchor the line to the 发文字号's paragraph"
    )
    return dataclasses.replace(header, departures=(*header.departures, note))


def _check_option(option: str, value: str | None, check: Callable[[str, str], str]) -> None:
    """Refuse an option's value a letterhead cannot hold, naming the option and the value (escaped)."""
    if value is None:
        return
    try:
        if not value.strip():
            raise DataError(_("must not be empty"))
        check(value, "letterhead")
    except DataError as error:
        raise DataError(
            _("{option} {value!r}: {error}").format(option=option, value=value, error=error.reason)
        ) from None


def _quoted(value: str) -> str:
    """A YAML scalar holding ``value`` as text whatever it holds (JSON's string form is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def letterhead_yaml(header: OfficeHeader, code: str, name: str | None, template: str | None = None) -> str:
    """Return the letterhead file's text for the office whose 版头 is ``header``."""
    mark = header.mark or name or ""
    wenjian = mark.endswith("文件")
    lines = [
        "# " + _("made by docgen letterhead-import from {file}").format(file=header.path.name),
        # the 全称 is the mark without 文件 or its kind: the 令 format adds 令 to the 全称 itself (全称
        # “×××人民政府令” printed “×××人民政府令令”, wild12)
        f"全称: {_quoted(name or organ_of_mark(mark))}",
        f"代字: {_quoted(code)}",
        f"标志: {_quoted(mark)}",
        f"文件: {'true' if wenjian else 'false'}",
    ]
    if header.color:
        lines.append(f"颜色: {_quoted(header.color.upper())}")
    if header.size_pt:
        lines.append(f"标志字号: {header.size_pt:g}")
    if template:
        lines.append(f"模板: {_quoted(template)}")
    return "\n".join(lines) + "\n"


def import_header(
    source: Path, key: str, folder: Path, *, code: str | None = None, name: str | None = None, overwrite: bool = False
) -> tuple[OfficeHeader, Path]:
    """Read an office's 套红 .docx and write ``folder/key.yaml`` with the .docx beside it as ``key.docx``
    (its 模板); return what was read and the letterhead file."""
    if not _KEY.fullmatch(key):
        raise DataError(_("a letterhead key is letters, digits, - and _, like zhangzi-zfb, not {key!r}").format(key=key))
    _check_option("--name", name, check_text)
    _check_option("--code", code, check_code)
    data, _doc, header = read_office_template(source)
    if not header.mark and not name:  # a mark drawn as a picture is copied; the office's name is needed still
        raise DataError(_("no 发文机关标志 in text in the 版头: give the office's name with --name"), Location(file=source))
    code = code or _code_of(header.number_line or "")
    if not code and header.number_line:
        raise DataError(
            _("the 版头's 发文字号 line “{line}” holds no 代字, only a placeholder: give --code").format(
                line=header.number_line
            ),
            Location(file=source),
        )
    if not code:
        raise DataError(_("the 版头 has no 发文字号 line to take the 代字 from: give --code"), Location(file=source))
    header = _with_header_rule_note(_with_number_line_note(header))
    target = folder / f"{key}.yaml"
    template = folder / f"{key}.docx"
    text = letterhead_yaml(header, code, name, template.name)
    fields, lines = parse_yaml(text, target)
    try:  # loaded as every command will load it: a letterhead no command could use is not written
        validate(LetterheadFile, fields, target, lines)
    except DataError as error:
        raise DataError(error.reason, Location(file=source, field=error.location.field)) from None
    WriteGuard.of([source], overwrite=overwrite).write_many([(template, data), (target, text.encode())])
    return header, target
