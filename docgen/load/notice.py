"""The notice source format: YAML front matter, then a Markdown-like body.

    ---
    发文机关: sanmenxia            # letterhead (a list for 联合行文)
    发文字号: auto                 # or 三政重点办〔2020〕15号, or just 15
    标题: 关于……的通知
    主送: [各县（市、区）人民政府, 城乡一体化示范区管理委员会]
    成文日期: 2020-09-18
    抄送: [市委办公室, 市人大常委会办公室]
    附件:
      - 标题: 重点项目清单
        文件: projects.xlsx
    ---
    # 指导思想                    -> 一、指导思想        (黑体)
    ## 强化组织领导。正文……       -> （一）强化组织领导。 (楷体) + run-in body text
    ### 第三层                    -> 1.第三层
    #### 第四层                   -> （1）第四层
    Any other line is one paragraph; blank lines are ignored; <!-- comments --> are dropped.
    | 表头 | 表头 |                -> a table (the second line may be |---|---|)

种类: 函 selects the 信函 format (10.1); 种类: 令 or 命令 the 命令 format (10.2), with 届 (the
term its 令号 counts in), 签发人职务, 签发人 and optionally 签名章 (a PNG beside the source).
English key names (letterhead, number, title, to, date, cc, attachments, ...) work too.
This module reads the front matter, the attachments and the 签名章 into a NoticeSource; the body's
lines are read into blocks by docgen/load/notice_body.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from docgen.errors import DataError, Location, flatten_problems, raise_problems
from docgen.i18n import _
from docgen.load.attachment_table import office_table
from docgen.load.images import checked_stamp
from docgen.load.limits import MAX_BODY_CHARS, read_limited
from docgen.load.notice_body import SourceBlock, parse_body, read_body
from docgen.load.notice_lines import Joined
from docgen.load.notice_pasted import joined_note, pasted_note, set_blocks, set_front, standard_number
from docgen.load.notice_typed import typed_body
from docgen.load.paths import STRICT, AttachmentPolicy, resolve_attachment
from docgen.load.tables import read_table_merged, read_text_file
from docgen.load.yamlsrc import KeyPath, parse_yaml, validate_partly
from docgen.model import Secrecy, Table, Urgency
from docgen.remarks import Remark


def _alias(*names: str) -> Any:
    return Field(validation_alias=AliasChoices(*names))


def _alias_default(default: Any, *names: str) -> Any:
    return Field(default, validation_alias=AliasChoices(*names))


MAX_STAMP_BYTES = 4 << 20  # a 签名章 picture

_CN_DATE = re.compile(r"\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*")


def parse_date(value: Any) -> dt.date:
    """Accept a YAML date, ``2020-03-05``, ``2020.3.5``, ``2020年3月5日``, or as a clerk may type it,
    ``二〇二〇年三月五日`` or full-width digits (the document prints it in Arabic numerals, 7.3.5.4)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _CN_DATE.fullmatch(value)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                pass
        elif value.strip():
            # the typed forms are read as `docgen format` reads them; imported here only (it brings cn2an, which
            # a preview of an ordinary source does not need)
            from docgen.load.patterns import parse_date as parse_typed_date

            typed = parse_typed_date(value.strip())
            if typed is not None and re.fullmatch(r"\s*\S+日\s*", value):
                return typed
    raise ValueError(_('not a date: "{value}"; write it like 2020-03-05 or 2020年3月5日').format(value=value))


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in re.split(r"[，,]", value.strip().rstrip("：:。")) if part.strip()]
    return value


class AttachmentSource(BaseModel):
    """One attachment: a title, and its content from a file (.md/.txt/.csv/.xlsx) or inline text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = _alias("title", "标题")
    file: str | None = _alias_default(None, "file", "文件")
    sheet: str | None = _alias_default(None, "sheet", "工作表")
    body: str | None = _alias_default(None, "body", "内容")


class FrontMatter(BaseModel):
    """The front matter of a notice; see the module docstring for the keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    letterhead: list[str] = _alias("letterhead", "发文机关")
    number: str | int | None = _alias_default(None, "number", "发文字号")
    title: str = _alias("title", "标题")
    to: list[str] = _alias_default([], "to", "主送", "主送机关")
    date: dt.date = _alias("date", "成文日期")
    cc: list[str] = _alias_default([], "cc", "抄送", "抄送机关")
    printed_by: str | None = _alias_default(None, "printed_by", "印发机关")
    printed_date: dt.date | None = _alias_default(None, "printed_date", "印发日期")
    signers: list[str] = _alias_default([], "signers", "签发人")
    signature: list[str] = _alias_default([], "signature", "署名")
    copy_number: str | int | None = _alias_default(None, "copy_number", "份号")
    secrecy: str | None = _alias_default(None, "secrecy", "密级")
    urgency: str | None = _alias_default(None, "urgency", "紧急程度")
    seal: bool = _alias_default(False, "seal", "盖章")
    note: str = _alias_default("", "note", "附注")
    attachments: list[AttachmentSource] = _alias_default([], "attachments", "附件")
    to_in_imprint: bool | None = _alias_default(None, "to_in_imprint", "主送移至版记")
    double_sided: bool = _alias_default(True, "double_sided", "双面印刷")
    continuous_numbering: list[int] = _alias_default([], "continuous_numbering", "连续编号")
    kind: str | None = _alias_default(None, "kind", "种类", "文种")  # 函: 信函 (10.1); 令/命令: 10.2
    term: str | int | None = _alias_default(None, "term", "届", "届次")  # a 令's 令号 counts per term
    signer_title: str | None = _alias_default(None, "signer_title", "签发人职务")  # 7.3.5.3
    stamp: str | None = _alias_default(None, "stamp", "签名章")  # a 令's 签名章 (PNG), beside the source

    @field_validator("letterhead", "to", "cc", "signers", "signature", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("date", "printed_date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return None if value is None else parse_date(value)

    @field_validator("copy_number", mode="before")
    @classmethod
    def _copy_number(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("continuous_numbering")
    @classmethod
    def _levels(cls, value: list[int]) -> list[int]:
        wrong = [level for level in value if level not in (1, 2, 3, 4)]
        if wrong:
            raise ValueError(_("heading levels are 1 to 4, not {level}").format(level=wrong[0]))
        return value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str | None) -> str | None:
        if value is not None and value.strip() not in (
            "函",
            "信函",
            "令",
            "命令",
            "通知",
            "通报",
            "请示",
            "报告",
            "意见",
            "",
        ):
            raise ValueError(
                _(
                    "种类 is 函 (the 信函 format), 令 or 命令 (the 命令 format) or a kind of the "
                    "general format, not {value!r}"
                ).format(value=value)
            )
        return value.strip() if value else None

    @field_validator("secrecy")
    @classmethod
    def _secrecy(cls, value: str | None) -> str | None:
        return _model_checked(Secrecy.parse, value)

    @field_validator("urgency")
    @classmethod
    def _urgency(cls, value: str | None) -> str | None:
        if value and value.strip() not in tuple(Urgency):
            raise ValueError(_("urgency must be 特急 or 加急, not {value!r}").format(value=value))
        return value

    @field_validator("copy_number")
    @classmethod
    def _six_digits(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\d{6}", value):
            raise ValueError(
                _("份号 must be six Arabic digits, like 000123 (7.2.1), not {value!r}").format(value=value)
            )
        return value

    @field_validator("title")
    @classmethod
    def _no_closing_mark(cls, value: str) -> str:
        # 7.3.1, as the model says (Document): checked here too, to be said with the source's other problems
        if re.search(r"[。，；：、.,;:]\s*$", value):
            raise ValueError(_("no punctuation at the end of a title (7.3.1): {title!r}").format(title=value))
        return value

    @field_validator("letterhead")
    @classmethod
    def _some_letterhead(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError(_("must not be empty"))
        return value


def _model_checked(parse: Any, value: str | None) -> str | None:
    """Return ``value`` if the model's ``parse`` takes it; its DataError as the ValueError pydantic collects."""
    if value:
        try:
            parse(value)
        except DataError as error:
            raise ValueError(error.reason) from None
    return value


# what stands in for a required field written wrongly, so the rest of the source is still read and every
# problem said at once; a source with a stand-in is never made (its problems are raised)
_STAND_INS: dict[str, Any] = {"letterhead": ["-"], "title": "-", "date": dt.date(2000, 1, 1)}


@dataclass(frozen=True)
class AttachmentContent:
    """An attachment's title and its blocks, read from its file or inline text."""

    title: str
    blocks: tuple[SourceBlock, ...]
    source: Path
    joined: tuple[Joined, ...] = ()  # a .md/.txt file's lines of a sentence broken by a paste, joined


@dataclass(frozen=True)
class NoticeSource:
    """A notice file as read: validated front matter, body blocks, attachments, key lines."""

    path: Path
    front: FrontMatter
    body: tuple[SourceBlock, ...]
    attachments: tuple[AttachmentContent, ...]
    lines: dict[KeyPath, int]
    stamp: bytes | None = None  # a 令's 签名章 (PNG), read from the file 签名章 names
    notes: tuple[Remark, ...] = ()  # lines read as typed (a heading without #, a typed 附件说明)
    problems: tuple[DataError, ...] = ()  # what is wrong in it (read_notice): it cannot be made
    stand_ins: frozenset[str] = frozenset()  # required fields written wrongly, a stand-in in ``front``

    def line_of(self, field_name: str) -> int | None:
        """Return the front-matter line of a field, by its English or Chinese key."""
        for key, line in self.lines.items():
            if len(key) == 1 and _canonical(str(key[0])) == field_name:
                return line
        return None


def _canonical(key: str) -> str:
    for name, info in FrontMatter.model_fields.items():
        choices = info.validation_alias
        if isinstance(choices, AliasChoices) and key in choices.choices:
            return name
    return key


def split_front_matter(text: str, source: Path | str) -> tuple[str, str, int]:
    """Return (front matter, body, the body's first line number)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise DataError(
            _("a notice starts with a line '---', then the front matter, then '---'"),
            Location(file=source, line=1),
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            # the body as typed, its line breaks kept: a soft break (U+2028) differs from a new line
            body = "".join(text.splitlines(keepends=True)[index + 1 :])
            return "\n".join(lines[1:index]), body, index + 2
    raise DataError(_("the front matter is not closed by a line '---'"), Location(file=source, line=1))


def is_minutes_front(data: object) -> bool:
    """Return whether a source's front matter is a 纪要's: it names the meeting (会议名称) and has no 标题."""
    return isinstance(data, dict) and "会议名称" in data and not ({"标题", "title"} & data.keys())


def is_minutes_source(path: Path) -> bool:
    """Return whether ``path`` is the source of a 纪要 (docgen minutes), not of a notice."""
    front_text, _body, _line = split_front_matter(read_text_file(path), path)
    return is_minutes_front(parse_yaml(front_text, path, first_line=2)[0])


def load_notice(path: Path, policy: AttachmentPolicy = STRICT) -> NoticeSource:
    """Read and validate a notice source file, its attachments included; raise all its problems at once."""
    source = read_notice(path, policy)
    raise_problems(source.problems)
    return source


def read_notice(path: Path, policy: AttachmentPolicy = STRICT) -> NoticeSource:
    """Read a notice source file, its attachments included, collecting what is wrong in its ``problems``
    (front matter fields, body lines, attachments, 签名章) rather than stopping at the first.

    A problem that leaves nothing to read on (the file, its YAML, a 纪要's source) is raised at once."""
    text = read_text_file(path)
    front_text, body_text, body_first_line = split_front_matter(text, path)
    if len(body_text) > MAX_BODY_CHARS:  # refused before minutes of laying it out
        raise DataError(
            _("the body has {n:,} characters, more than the {limit:,} a document can have: split it").format(
                n=len(body_text), limit=MAX_BODY_CHARS
            ),
            Location(file=path, line=body_first_line),
        )
    data, lines = parse_yaml(front_text, path, first_line=2)
    if is_minutes_front(data):
        raise DataError(
            _(
                "this is the source of a 纪要 (it has 会议名称): make it with “docgen minutes {name}” (--pdf for its PDF)"
            ).format(name=path.name),
            Location(file=path, line=lines.get(("会议名称",)), field="会议名称"),
        )
    problems: list[DataError] = []
    front, wrong, stand_ins = validate_partly(FrontMatter, data, path, lines, _STAND_INS)
    problems += wrong
    front, notes = standard_number(front)
    front, changes = set_front(front)
    try:
        blocks, joined = read_body(body_text, path, body_first_line)
    except DataError as error:
        problems.append(error)
        blocks, joined = (), []
    typed = typed_body(
        blocks,
        front_attachments=bool(front.attachments),
        continuous=frozenset(front.continuous_numbering),
        addressees=front.to,
    )
    body, more = set_blocks(typed.blocks)
    changes += more
    try:
        attachments = _load_attachments(path, front.attachments, lines, policy)
    except DataError as error:
        problems.append(error)
        attachments = ()
    attachments = attachments or tuple(
        AttachmentContent(title, (), path) for title in typed.attachment_titles
    )
    set_attachments = []
    attachment_notes = []
    for attachment in attachments:
        blocks, more = set_blocks(attachment.blocks)
        if attachment.source == path:  # inline 内容: part of the notice's own text
            changes += more
        elif attachment.source.suffix.lower() in (".md", ".txt"):
            name = attachment.source.name
            attachment_notes += [*joined_note(attachment.joined, name), *pasted_note(more, name)]
        else:  # a table's cells (.csv, .xlsx) are data: printed as the sheet holds them
            blocks = attachment.blocks
        set_attachments.append(dataclasses.replace(attachment, blocks=blocks))
    attachments = tuple(set_attachments)
    notes += [*joined_note(joined), *pasted_note(changes), *attachment_notes]
    try:
        stamp = _read_stamp(path, front, lines, policy)
    except DataError as error:
        problems.append(error)
        stamp = None
    return NoticeSource(
        path,
        front,
        body,
        attachments,
        lines,
        stamp,
        (*notes, *typed.notes),
        tuple(flatten_problems(problems)),
        stand_ins,
    )


def _read_stamp(
    path: Path, front: FrontMatter, lines: dict[KeyPath, int], policy: AttachmentPolicy
) -> bytes | None:
    """Return a 令's 签名章 picture, read from the file 签名章 names (None without one)."""
    if not front.stamp:
        return None
    where = Location(file=path, line=lines.get(("签名章",)) or lines.get(("stamp",)), field="stamp")
    picture = path.parent / front.stamp
    if front.stamp.strip() and "\x00" not in front.stamp and not picture.exists():
        # not “找不到附件文件”: a 签名章 is a picture printed beside the 签发人, not an 附件
        raise DataError(_("签名章 picture not found: {path}").format(path=picture), where)
    stamp = read_limited(resolve_attachment(path, front.stamp, where, policy), MAX_STAMP_BYTES)
    return checked_stamp(stamp, picture, where)  # its pixels bounded before anything decodes it


def _load_attachments(
    notice: Path, items: list[AttachmentSource], lines: dict[KeyPath, int], policy: AttachmentPolicy
) -> tuple[AttachmentContent, ...]:
    """Return every attachment read; raise a DataError for every one that cannot be (all at once:
    the writer fixes them in one go, not one per run)."""
    loaded: list[AttachmentContent] = []
    problems: list[DataError] = []
    for index, item in enumerate(items):
        line = lines.get(("附件", index)) or lines.get(("attachments", index))
        file_line = lines.get(("附件", index, "文件")) or lines.get(("attachments", index, "file")) or line
        try:
            loaded.append(_load_attachment(notice, item, line, policy, index, file_line))
        except DataError as error:
            problems.append(error)
    raise_problems(problems)
    return tuple(loaded)


ATTACHMENT_FILES = (".csv", ".xlsx", ".md", ".txt")


def _attachment_kind(path: Path, written: str, where: Location) -> None:
    """Raise DataError unless ``path`` is a file of a kind an attachment is read from."""
    accepted = _("an attachment is a file: .csv or .xlsx (a table), .md or .txt (text)")
    if path.is_dir():
        raise DataError(
            _("“{value}” is a folder; {accepted}").format(value=written, accepted=accepted), where
        )
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et"):
        raise DataError(
            _("“{value}” is an old Excel or WPS sheet: open it and save it as .xlsx; {accepted}").format(
                value=written, accepted=accepted
            ),
            where,
        )
    if suffix == ".pdf":  # the way on: listed in the 附件说明 only, the PDF printed and put behind
        raise DataError(
            _(
                "“{value}” is a PDF, which docgen cannot set as an attachment page: leave out this item's 文件 "
                "and keep its 标题 (it is listed in the 附件说明), and put the printed PDF behind the notice"
            ).format(value=written),
            where,
        )
    if suffix in (".docx", ".doc", ".wps"):
        raise DataError(
            _(
                "“{value}” is a Word document: save it as .txt or .md (its text) or its table as .xlsx and give "
                "that file; or leave out this item's 文件, keep its 标题, and put the printed document behind"
            ).format(value=written),
            where,
        )
    if suffix not in ATTACHMENT_FILES:
        raise DataError(
            _("“{value}” is not a file docgen reads as an attachment; {accepted}").format(
                value=written, accepted=accepted
            ),
            where,
        )


def _load_attachment(
    notice: Path,
    item: AttachmentSource,
    line: int | None,
    policy: AttachmentPolicy,
    index: int = 0,
    file_line: int | None = None,
) -> AttachmentContent:
    if item.file and item.body:
        raise DataError(
            _("an attachment has either a file or a body, not both"),
            Location(file=notice, line=line, field="attachments"),
        )
    if item.body is not None:
        return AttachmentContent(item.title, parse_body(item.body, notice, line or 1), notice)
    if not item.file:
        return AttachmentContent(item.title, (), notice)
    where = Location(file=notice, line=file_line or line, field=f"attachments.{index}.file")
    path = resolve_attachment(notice, item.file, where, policy)
    _attachment_kind(path, item.file, where)
    if path.suffix.lower() in (".md", ".txt"):  # text pasted from Word, as the notice's body
        blocks, joined = read_body(read_text_file(path), path)
        return AttachmentContent(item.title, blocks, path, tuple(joined))
    rows, merges = read_table_merged(path, item.sheet)
    try:  # the header's merged cells checked here, where the file and sheet are known
        table = office_table(rows, merges, path)
        Table(table.rows, header_rows=table.header_rows, spans=table.spans)
    except DataError as error:
        raise error.at(file=path, sheet=item.sheet) from None
    block = SourceBlock(
        line=1,
        rows=table.rows,
        header_rows=table.header_rows,
        note=table.note,
        spans=table.spans,
        below=table.below,
    )
    return AttachmentContent(item.title, (block,), path)
