"""A letterhead file made from an office's own 套红 .docx: its mark's wording, colour and size.

The first slice of issue 19 (c): docgen still draws the 版头 itself, to the standard, but with
the office's own 发文机关标志 as its .docx has it; what the .docx has that docgen does not copy yet
(an emblem or a mark drawn as a picture) is said, with every departure from the standard.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.office_header import OfficeHeader, read_office_header
from docgen.publish.guard import WriteGuard

_KEY = re.compile(r"[\w-]{1,64}")
_CODE_BEFORE_NUMBER = re.compile(r"^\s*(\S{1,20}?)\s*〔")


def _quoted(value: str) -> str:
    """A YAML scalar holding ``value`` as text whatever it holds (JSON's string form is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def letterhead_yaml(header: OfficeHeader, code: str, name: str | None) -> str:
    """Return the letterhead file's text for the office whose 版头 is ``header``."""
    mark = header.mark
    wenjian = mark.endswith("文件")
    lines = [
        "# " + _("made by docgen letterhead-import from {file}").format(file=header.path.name),
        f"全称: {_quoted(name or mark.removesuffix('文件'))}",
        f"代字: {_quoted(code)}",
        f"标志: {_quoted(mark)}",
        f"文件: {'true' if wenjian else 'false'}",
    ]
    if header.color:
        lines.append(f"颜色: {_quoted(header.color.upper())}")
    if header.size_pt:
        lines.append(f"标志字号: {header.size_pt:g}")
    return "\n".join(lines) + "\n"


def import_header(
    source: Path, key: str, folder: Path, *, code: str | None = None, name: str | None = None, overwrite: bool = False
) -> tuple[OfficeHeader, Path]:
    """Read an office's 套红 .docx and write ``folder/key.yaml``; return what was read and the file."""
    if not _KEY.fullmatch(key):
        raise DataError(_("a letterhead key is letters, digits, - and _, like zhangzi-zfb, not {key!r}").format(key=key))
    header = read_office_header(source)
    if not header.mark:
        raise DataError(_("no 发文机关标志 in text in the 版头: nothing to make a letterhead of"), Location(file=source))
    found = _CODE_BEFORE_NUMBER.match(header.number_line or "")
    code = code or (found.group(1) if found else None)
    if not code:
        raise DataError(_("the 版头 has no 发文字号 line to take the 代字 from: give --code"), Location(file=source))
    target = folder / f"{key}.yaml"
    WriteGuard.of([source], overwrite=overwrite).write(target, letterhead_yaml(header, code, name).encode())
    return header, target
