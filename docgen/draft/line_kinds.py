"""What a draft's line is by its text alone: a number's place, an organ's or a date's placeholder, a 署名
line, a 版记 table (the predicates draft/recognise.py reads a draft with, kept here to keep it one job)."""

from __future__ import annotations

import re

from docgen.draft.outline import Part, Role
from docgen.draft.read import TableRows
from docgen.load.hand_breaks import LIST_ITEM
from docgen.load.patterns import (
    ATTACHMENT_NOTE,
    CC,
    ITEM_NUMBER,
    PRINTED,
    date_slot,
    ends_kind,
    ends_sentence,
    heading_level,
    parse_date,
    parse_number,
    width,
)
from docgen.model import format_date
from docgen.office_template import NUMBER_SLOT

TITLE_END = "。；;，,.：:、"  # punctuation a draft's title may end with, which 7.3.1 leaves off
CLOSING = re.compile(r"^(特此|此复|专此)|请.{0,4}(批示|审批|审定|批复)|妥否")
SEPARATORS = re.compile(r"[，,、；;]")


def number_placeholder(text: str) -> bool:
    """True for a template's 发文字号 line with no number in it yet: XX发〔20XX〕XX号, 〔2020〕号, 〔　〕号
    (7.2.5's place in the 版头), never a title (转发〔2020〕3号文件的通知 runs on)."""
    return NUMBER_SLOT.fullmatch(text.strip()) is not None and parse_number(text) is None


MINUTES_MARK = re.compile(r"[^，。：:；\s]{0,20}纪\s*要")  # ×××会议纪要, 会 议 纪 要 (10.3)
# ×××人民政府令, ×××命令: the mark of a 令 (10.2); its 令号 (第5号, a template's 第  号) under it
ORDER_MARK = re.compile(r"[^，。：:；\s]{2,30}令")
ORDER_NUMBER = re.compile(r"第[\s\u3000\dXxＸ×]*号")
PLACEHOLDER_NAMES = re.compile(r"[\s\u3000□○XxＸ×_＿]*")  # 签发人：□□□ — no name typed yet


def title_complete(text: str) -> bool:
    """True if a title ends here: with the kind of document (…的通知), unless it is a 关于印发…办法
    still waiting for its 的通知."""
    if text.startswith(("关于印发", "关于转发", "关于批转")) and not text.endswith("通知"):
        return False
    return ends_kind(text)


# a field left for the writer to fill, as drafting tools write them: [发文单位] 【日期】 ［成文日期］
PLACEHOLDER = re.compile(r"^[\[［【〔]\s*[^\]］】〕]{1,12}\s*[\]］】〕]$")


def organ_placeholder(text: str) -> bool:
    """True for a line that only holds the place of the 署名's organ: [发文单位], 【发文机关】."""
    return bool(PLACEHOLDER.match(text)) and re.search(r"单位|机关|署名|落款", text) is not None


def date_placeholder(text: str) -> bool:
    """True for a line that only holds the place of the 成文日期: [日期], 【成文日期】, 20XX年XX月XX日."""
    return (bool(PLACEHOLDER.match(text)) and ("日期" in text or "时间" in text)) or date_slot(text)


def prose(text: str) -> bool:
    """True for a line that is body text, never a title: sentences inside it, or longer than any title
    (a one-paragraph draft of 602 字 was taken for its title)."""
    return width(text) > 120 or "。" in text.rstrip(TITLE_END)


def signature_like(text: str) -> bool:
    """True for a line that can be an organ's name in the 署名."""
    return not (
        width(text) > 25
        or not re.search(r"[\u4e00-\u9fff]", text)  # an organ's name is written in Chinese
        or re.search(r"[：:]|\d{5}", text)  # 联系人：…, a telephone number
        or ends_sentence(text)
        or text.endswith(("：", ":", "，", ","))
        or heading_level(text)
        or ITEM_NUMBER.match(text)
        or LIST_ITEM.match(text)  # - 项目进展情况说明 above the 署名 was taken for an organ
        or ATTACHMENT_NOTE.match(text)
        or CLOSING.search(text)
    )


def imprint_table(table: TableRows) -> list[Part]:
    """Return the 抄送 and 印发 of a 版记 typed as a table, or [] when the table is not one."""
    parts: list[Part] = []
    for row in table.rows:
        text = "".join(dict.fromkeys(c for c in row if c))
        if cc := cc_part(text, (table.number,)):
            parts.append(cc)
        elif (printed := PRINTED.match(text)) and (when := parse_date(text, PRINTED)):
            organ = printed.group("organ").strip()
            shown = f"{organ}　{format_date(when)}印发"
            parts.append(Part(Role.PRINTED, shown, (table.number,), items=(organ,), when=when))
        elif text.strip():
            return []
    return parts


def organ_table(table: TableRows) -> list[Part]:
    """Return the organs of a 发文机关标志 laid out as a table (names, then 文件 beside them), or []."""
    cells = [cell for row in table.rows for cell in row if cell]
    if len(table.rows) > 4 or not cells or any(width(c) > 60 or ends_kind(c) for c in cells):
        return []
    wenjian = any(c == "文件" for c in cells)
    names = [name for c in cells if c != "文件" for name in c.split()]
    if not wenjian or not names:
        return []
    return [Part(Role.ORGAN, f"{name}文件", (table.number,)) for name in names]


def cc_part(text: str, lines: tuple[int, ...]) -> Part | None:
    """Return the 抄送 (7.4.2) of a line ``抄送：甲，乙。``, its organs one by one, or None."""
    match = CC.match(text)
    if match is None:
        return None
    organs = tuple(o.strip() for o in SEPARATORS.split(match.group(1).rstrip("。.")) if o.strip())
    return Part(Role.CC, "，".join(organs), lines, items=organs)
