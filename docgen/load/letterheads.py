"""Letterheads: one YAML file per issuing office, found by name along a search path."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from docgen.errors import DataError, LetterheadNotFoundError, Location
from docgen.i18n import _
from docgen.load.limits import MAX_NAME_BYTES
from docgen.load.tables import read_text_file
from docgen.load.yamlsrc import parse_yaml, validate
from docgen.model import Letterhead, check_text
from docgen.model_text import check_code
from docgen.resources import search_path


class LetterheadFile(BaseModel):
    """The fields of a letterhead YAML file (Chinese key names are accepted too)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(validation_alias=AliasChoices("name", "全称"))
    short_name: str = Field("", validation_alias=AliasChoices("short_name", "简称"))
    code: str = Field(validation_alias=AliasChoices("code", "代字", "发文字号代字"))
    mark: str = Field("", validation_alias=AliasChoices("mark", "标志"))
    with_wenjian: bool = Field(True, validation_alias=AliasChoices("with_wenjian", "文件"))
    color: str = Field("FF0000", validation_alias=AliasChoices("color", "颜色"))
    mark_size_pt: float | None = Field(None, validation_alias=AliasChoices("mark_size_pt", "标志字号"))
    printed_by: str = Field("", validation_alias=AliasChoices("printed_by", "印发机关"))
    contact: str = Field("", validation_alias=AliasChoices("contact", "联系方式"))
    supervision_code: str = Field("", validation_alias=AliasChoices("supervision_code", "督办代字"))
    letter_code: str = Field("", validation_alias=AliasChoices("letter_code", "函代字"))
    letter: bool = Field(False, validation_alias=AliasChoices("letter", "信函"))
    template: str = Field("", validation_alias=AliasChoices("template", "模板"))  # the office's 套红 .docx

    @field_validator("name", "short_name", "code", "mark", "printed_by", "contact")
    @classmethod
    def _no_control_characters(cls, value: str) -> str:
        try:  # a ValueError, so that validate() names the file, line and field (hostile10 #5)
            return check_text(value, "letterhead")
        except DataError as error:
            raise ValueError(error.reason) from None

    @field_validator("code", "supervision_code", "letter_code")
    @classmethod
    def _no_path(cls, value: str) -> str:
        try:
            return check_code(value, "code")  # it names the issued files (hostile8 #1)
        except DataError as error:
            raise ValueError(error.reason) from None

    @field_validator("color")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        value = value.lstrip("#")
        if len(value) != 6 or any(c not in "0123456789abcdefABCDEF" for c in value):
            raise ValueError(_("a colour is six hexadecimal digits like FF0000, not {value!r}").format(value=value))
        return value.upper()


def letterhead_folders(extra: Sequence[Path] = ()) -> list[Path]:
    """Return the folders searched for letterheads, first match wins: ``extra``, then the built-in one."""
    return search_path("letterheads", extra)


def _template_beside(path: Path, template: str, line: int | None) -> Path:
    """Return the 模板 a letterhead file names, if it lies (links followed) in the letterhead's folder or
    the folder above it; raise a DataError naming the file and the path otherwise.

    A letterheads/ folder in the working folder is searched, so a folder someone sends can hold one:
    its 模板 of /home/…/机密.docx or ../../x.docx was read and that file's 版头 printed into the notice
    (hostile12).  letterhead-import puts the copy beside the file; samples/office keeps it one above.
    """
    found = path.parent / template
    room = path.parent.resolve().parent
    if not found.resolve().is_relative_to(room):
        raise DataError(
            _(
                "the 模板 {template} lies outside {folder}: a letterhead reads only a 模板 in its own folder or "
                "the one above it; copy the .docx beside the letterhead file"
            ).format(template=template, folder=room),
            Location(file=path, line=line, field="template"),
        )
    return found


def load_letterhead_file(path: Path) -> Letterhead:
    """Load one letterhead file; its key is the file name without extension."""
    data, lines = parse_yaml(read_text_file(path), path)
    try:
        record = validate(LetterheadFile, data, path, lines)
    except DataError as error:
        raise error.at(file=path) from None  # every refusal of a letterhead names its file
    mark = record.mark or record.name
    office = None
    if record.template:  # issue 19 c: the office's own 版头, read and checked once here
        from docgen.load.office_template import load_office_template  # lazy: python-docx and Pillow

        line = lines.get(("模板",)) or lines.get(("template",))
        office = load_office_template(_template_beside(path, record.template, line))  # its errors name the .docx
    if record.with_wenjian and mark.endswith("文件"):
        mark = mark.removesuffix("文件")
    return Letterhead(
        key=path.stem,
        name=record.name,
        short_name=record.short_name or record.name,
        code=record.code,
        mark=mark,
        with_wenjian=record.with_wenjian,
        color=record.color,
        mark_size_pt=record.mark_size_pt,
        printed_by=record.printed_by,
        contact=record.contact,
        supervision_code=record.supervision_code,
        letter_code=record.letter_code,
        letter=record.letter,
        office_template=office,
        source=path,
        given=frozenset(name for name in LetterheadFile.model_fields if _written(data, name)),
    )


def _written(data: dict[str, object], name: str) -> bool:
    """Return whether a letterhead file writes the field ``name`` (by any of its keys) with a value."""
    choices = LetterheadFile.model_fields[name].validation_alias
    keys = choices.choices if isinstance(choices, AliasChoices) else (name,)
    return any(str(data.get(str(key)) or "").strip() for key in keys)


def find_letterhead(key: str, extra: Sequence[Path] = ()) -> Letterhead:
    """Return the letterhead named ``key`` from the first folder that has it."""
    folders = letterhead_folders(extra)
    if "/" in key or "\\" in key or key.startswith(".") or "\x00" in key:
        raise LetterheadNotFoundError(_("a letterhead is named by its file name without .yaml, not a path"))
    if len(os.fsencode(key)) + len(".yaml") > MAX_NAME_BYTES:
        raise LetterheadNotFoundError(
            _("a file name longer than {limit} bytes: {name}…").format(limit=MAX_NAME_BYTES, name=key[:40])
        )
    for folder in folders:
        for suffix in (".yaml", ".yml"):
            candidate = folder / f"{key}{suffix}"
            if candidate.is_file():
                return load_letterhead_file(candidate)
    known = ", ".join(sorted(lh.key for lh in all_letterheads(extra, broken=[]))) or "-"
    raise LetterheadNotFoundError(
        _("unknown letterhead {key!r}; known: {known}; searched: {folders}").format(
            key=key, known=known, folders=", ".join(str(f) for f in folders)
        )
    )


def all_letterheads(extra: Sequence[Path] = (), broken: list[DataError] | None = None) -> list[Letterhead]:
    """Return every letterhead along the search path (a name found earlier shadows later ones).

    A file that cannot be loaded raises its DataError (naming it), or, given ``broken``, is added there
    and the others are still returned.
    """
    seen: dict[str, Letterhead | None] = {}
    for folder in letterhead_folders(extra):
        if not folder.is_dir():
            continue
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            if path.stem in seen:
                continue
            try:
                seen[path.stem] = load_letterhead_file(path)
            except DataError as error:
                if broken is None:
                    raise
                broken.append(error)
                seen[path.stem] = None  # it still shadows a later file of its name
    return [lh for lh in seen.values() if lh is not None]
