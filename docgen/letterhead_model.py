"""An issuing office (a letterhead file) and the 主送 of the 通报 it sends down; validated, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from docgen.model_header import DocumentNumber, Header
from docgen.model_text import check_code
from docgen.office_template import OfficeTemplate

_LEVEL = re.compile(r"[^省市县区]*?([省市县区])")
# the units a 通报 of an office at each level goes to (seed 001: a 市 to its 县（市、区）; seed 004: a 县 to
# its 乡镇 and 县直 units)
SUBORDINATES = {
    "省": "各省辖市人民政府，省直各有关单位",
    "市": "各县（市、区）人民政府，市直各有关单位",
    "县": "各乡镇人民政府，县直各有关单位",
    "区": "各乡镇人民政府、街道办事处，区直各有关单位",
}


def addressee_line(written: str | None, default: str) -> str:
    """Return the 主送 line of a 通报 (7.3.2): what the user wrote, else ``default``, ending with "："."""
    text = (written or "").strip() or default
    return text.rstrip("：:") + "："


@dataclass(frozen=True)
class Letterhead:
    """An issuing office: its names, 文号代字, mark and defaults (one YAML file in letterheads/)."""

    key: str
    name: str
    short_name: str
    code: str
    mark: str
    with_wenjian: bool = True
    color: str = "FF0000"
    mark_size_pt: float | None = None
    printed_by: str = ""
    contact: str = ""
    supervision_code: str = ""
    letter_code: str = ""  # 10.1: the 函 series' 代字 (default: the 代字 with 发 turned into 函)
    letter: bool = False  # a 信函 letterhead: its documents take the 信函 format (10.1)
    office_template: OfficeTemplate | None = None  # the office's own 套红 .docx (模板)
    source: Path | None = field(default=None, compare=False)  # the letterhead file it was read from
    given: frozenset[str] = field(
        default=frozenset(), compare=False
    )  # the keys that file writes (contact, …)

    def __post_init__(self) -> None:
        for code in (self.code, self.letter_code, self.supervision_code):
            check_code(code, "code")  # they name the issued files: no path (hostile8 #1)

    @property
    def imprint_organ(self) -> str:
        """Return the default 印发机关 (7.4.3): the letterhead's own, else the full name."""
        return self.printed_by or self.name

    @property
    def level(self) -> str:
        """Return the office's level, 省, 市, 县 or 区: the first of them in its full name (县 if none)."""
        found = _LEVEL.match(self.name)
        return found.group(1) if found else "县"

    @property
    def scope(self) -> str:
        """Return the area its reports speak of: 全县 (长子县……), 全市 (三门峡市……), 全区 or 全省."""
        return f"全{self.level}"

    @property
    def subordinates(self) -> str:
        """Return the default 主送 of its 通报 to the units under it, by its level."""
        return SUBORDINATES[self.level]

    def header(self, number: DocumentNumber | None) -> Header:
        """Return the 版头 of a document this office issues alone under ``number``."""
        return Header(
            organs=(self.mark,),
            number=number,
            with_wenjian=self.with_wenjian,
            mark_color=self.color,
            mark_size_pt=self.mark_size_pt,
            office_template=self.office_template,
        )
