"""The elements of a .docx found by content and order, for the declared rules (``docx_rules.py``).

A 发文字号 looks like 代字〔2020〕13号, a date like 2020年3月5日, a heading starts with 一、 …;
docgen's own style names are not used, so documents from other tools are judged too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.document import Document as DocxDocument

from docgen.check.docx_read import ParagraphLook, all_looks
from docgen.i18n import _
from docgen.load.patterns import DATE_SLOT, date_slot
from docgen.office_template import NUMBER_SLOT

NUMBER_LIKE = re.compile(r"\S{1,20}\s*[〔\[［(（]\s*\d{2,4}\s*[〕\]］)）][\s\u3000]*第?\s*\d*[\s\u3000]*号")
# a date, or a 套红 template's place for one (load/patterns.DATE_SLOT: 20XX年XX月XX日, 二〇XX年X月X日)
DATE_LIKE = DATE_SLOT
DATE_STRICT = re.compile(r"^\d{4}年[1-9]\d?月[1-9]\d?日$")


def date_verdict(text: str) -> tuple[bool, str]:
    """Return whether a 成文日期 line is written as 7.3.5.4 asks (2020年3月5日), and what to report; a
    template's place for the date (20XX年XX月XX日) passes as a draft, the date to be filled in."""
    text = text.strip()
    if date_slot(text):
        return True, _("draft: {text}, the date to be filled in").format(text=text)
    return bool(DATE_STRICT.match(text)), text
LABELS = {
    1: re.compile(r"^[一二三四五六七八九十]+、"),
    2: re.compile(r"^[（(][一二三四五六七八九十]+[）)]"),
    3: re.compile(r"^\d+[.．]"),
    4: re.compile(r"^[（(]\d+[）)]"),
}
ATTACHMENT_LABEL = re.compile(r"^附件\s*\d*$")


def label_level(text: str) -> int | None:
    """Return the level of the heading label ``text`` starts with (1 for 一、 … 4 for （1）), or None."""
    return next((level for level, pattern in LABELS.items() if pattern.match(text)), None)

ISSUE = re.compile(r"(\d{4}年)?第([0-9一二三四五六七八九十百]+|[\s\u3000]+)期")  # a draft: 第　　期
HEAD_ITEM = re.compile(r"^(\d{6}|(绝密|机密|秘密)(★.*)?|特急|加急)$")

FANGSONG = ("仿宋", "FangSong", "Fangsong")
KAITI = ("楷体", "KaiTi", "Kai")
HEITI = ("黑体", "SimHei", "Hei")
XIAOBIAOSONG = ("小标宋", "XiaoBiaoSong", "XBS")
SONGTI = ("宋体", "SimSun", "Song")


def font_is(font: str | None, names: tuple[str, ...]) -> bool:
    """Return True if ``font`` names one of the faces (仿宋_GB2312 and FangSong are 仿宋)."""
    return bool(font) and any(name.lower() in str(font).lower() for name in names)


def is_red(color: str) -> bool:
    """Return True for a red the standard accepts (5.2.4: red ink, about Y80% M80%)."""
    try:
        r, g, b = int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)
    except ValueError:
        return False
    return r >= 0xC0 and g <= 0x50 and b <= 0x50


def is_black(color: str) -> bool:
    """Return True for black or automatic colour."""
    return color.upper() in ("000000", "AUTO")


@dataclass
class Elements:
    """The elements of a general-format document, found by content and order."""

    looks: list[ParagraphLook]
    head_items: list[int] = field(default_factory=list)
    mark: list[int] = field(default_factory=list)
    number: int | None = None
    title: list[int] = field(default_factory=list)
    addressee: int | None = None
    headings: list[tuple[int, int]] = field(default_factory=list)  # (index, level)
    body: list[int] = field(default_factory=list)
    attachment_note: list[int] = field(default_factory=list)
    signature: list[int] = field(default_factory=list)  # the 署名 lines above the date
    date: int | None = None
    attachment_labels: list[int] = field(default_factory=list)
    imprint: list[int] = field(default_factory=list)
    # why LibreOffice will not put the 版记 where the document declares it, or None (docx_rules.py)
    imprint_place: str | None = None

    @property
    def general_format(self) -> bool:
        """True when the document has the 版头 of the general format (a mark and a number)."""
        return self.number is not None and bool(self.mark)

    @property
    def bulletin(self) -> bool:
        """True for a 简报: a red name over 第N期 instead of a 发文字号."""
        return self.number is None and bool(self.mark)


def _number_placeholder(text: str) -> bool:
    """True for a 发文字号 line left to fill, the 签发人 after it on a 上行文's line."""
    head = re.split(r"签\s*发\s*人", text, maxsplit=1)[0].strip()
    return bool(head) and NUMBER_SLOT.fullmatch(head) is not None


def find_elements(doc: DocxDocument) -> Elements:
    """Return the elements of ``doc`` found by content and order."""
    looks = list(all_looks(doc))
    found = Elements(looks)
    texts = [look.text.strip() for look in looks]
    for i, text in enumerate(texts[:40]):
        if NUMBER_LIKE.search(text.replace("\t", " ").strip()) and len(text) < 60:
            found.number = i
            break
    else:  # a template's place for the number (XX发〔20XX〕XX号, 〔2020〕号 签发人：□□□): the 版头's line (7.2.5)
        found.number = next((i for i, t in enumerate(texts[:40]) if _number_placeholder(t)), None)
    issue_line = None
    if found.number is None:  # a 简报: its red name, then 第N期, then 编印单位 and date over a red rule
        issue_line = next((i for i, t in enumerate(texts[:12]) if ISSUE.fullmatch(t)), None)
        if issue_line is not None:
            found.mark = [i for i in range(issue_line) if texts[i]]
            found.head_items = [i for i in range(issue_line, min(issue_line + 3, len(texts))) if texts[i]][:2]
            after = found.head_items[-1] + 1
            if after < len(texts) and DATE_LIKE.match(texts[after]) and not DATE_LIKE.search(texts[after - 1]):
                found.head_items.append(after)  # a long 编印单位 on a line of its own, the date under it
    if found.number is not None:
        for i in range(found.number):
            if not texts[i]:
                continue
            if HEAD_ITEM.match(texts[i]):
                found.head_items.append(i)
            elif texts[i].startswith("签发人"):
                continue  # several 签发人 begin above the number's line (7.2.6): not the mark
            else:
                found.mark.append(i)
    start = (found.number + 1) if found.number is not None else 0
    if found.number is not None:  # a 上行文's 签发人 (on the number's line, below it, or in its table)
        number_table = looks[found.number].table
        while start < len(looks) and (
            texts[start].startswith("签发人")
            or (number_table is not None and looks[start].table is number_table)
            or (
                start > found.number + 1
                and texts[start - 1].startswith("签发人")
                and _names_only(texts[start])
            )
        ):
            start += 1
    if issue_line is not None:
        start = (found.head_items[-1] + 1) if found.head_items else issue_line + 1
    i = start
    while i < len(looks) and not texts[i]:
        i += 1
    if i < len(looks):
        size = max((s for s in looks[i].sizes if s), default=0)
        if found.number is not None or size >= 18:
            found.title.append(i)
            i += 1
            while (
                i < len(looks) and texts[i] and looks[i].sizes == looks[found.title[0]].sizes and size >= 18
            ):
                found.title.append(i)
                i += 1
    while i < len(looks) and not texts[i]:
        i += 1
    # the 主送 stands at the left edge: a first body line ending “如下：” is indented, by 首行缩进 or by
    # a clerk's typed “　　”
    if (
        i < len(looks)
        and texts[i].endswith(("：", ":"))
        and not looks[i].first_line
        and not looks[i].text.startswith("\u3000")
    ):
        found.addressee = i
        i += 1
    body_start = i
    # the 成文日期 is the last date line of the body: before the first attachment and the 版记
    end = next(
        (
            j
            for j in range(body_start, len(looks))
            if not looks[j].in_table and (ATTACHMENT_LABEL.match(texts[j]) or _imprint_line(texts[j]))
        ),
        len(looks),
    )
    dates = [j for j in range(body_start, end) if DATE_LIKE.match(texts[j]) and not looks[j].in_table]
    found.date = dates[-1] if dates else None
    body_end = found.date if found.date is not None else end
    # the 署名 lines stand right above the date (never in a table: a body may end with one); the walk up
    # stops at a heading (三、联系方式) and a contact line (联系人：…), which end no sentence either
    while (
        found.date is not None
        and body_end > body_start
        and texts[body_end - 1]
        and not looks[body_end - 1].in_table
        and not texts[body_end - 1].endswith(("。", "：", "；", "！", "？"))
        and not texts[body_end - 1].startswith("附件")
        and not _heading_or_note(looks[body_end - 1])
        # a paragraph set 2 字 in is the body's (a short last one, [此处输入正文内容], wild12), not a name
        and not (looks[body_end - 1].first_line or 0) > 0
    ):
        body_end -= 1
    if found.date is not None:
        found.signature = [j for j in range(body_end, found.date) if texts[j]]
    for j in range(body_start, body_end):
        text = texts[j]
        if not text or looks[j].in_table:
            continue
        if text.startswith(("附件：", "附件:")) or (found.attachment_note and re.match(r"^\d+[.．]", text)):
            found.attachment_note.append(j)
            continue
        level = label_level(text)
        if level:
            found.headings.append((j, level))
        else:
            found.body.append(j)
    tail = found.date + 1 if found.date is not None else body_end
    for j in range(tail, len(looks)):
        text = texts[j]
        if ATTACHMENT_LABEL.match(text) and not looks[j].in_table:
            found.attachment_labels.append(j)
        elif _imprint_line(text):
            found.imprint.append(j)
    if found.bulletin:  # a bulletin has no 成文日期 line of its own and its 报尾 is 报/送/发
        found.imprint = [j for j in range(start, len(looks)) if re.match(r"^[报送发]：", texts[j])]
    return found


# a 附注-like line of the body: 联系人：张三, （联系人：张三，联系电话：…）, 联系电话：…
_CONTACT = re.compile(r"^[（(]?\s*(联系人|联系电话|联系方式|电话|传真|邮箱|电子邮箱)\s*[:：]")


def _heading_or_note(look: ParagraphLook) -> bool:
    """Return True for a line that is no 署名: a heading (一、…, a bold or 黑体 line) or a contact line."""
    text = look.text.strip()
    if label_level(text) is not None or _CONTACT.match(text):
        return True
    runs = [run for run in look.runs if run.text.strip()]
    return bool(runs) and all(run.bold or font_is(run.east_asia_font, HEITI) for run in runs)


def _imprint_line(text: str) -> bool:
    """Return True for a line of the 版记: 抄送：…, 主送：… (moved there), … 印发."""
    return text.startswith(("抄送", "主送：")) or text.endswith("印发")


def _names_only(text: str) -> bool:
    """Return True for a line holding only signers' names (a second line of 签发人)."""
    return bool(text) and len(text) <= 16 and not re.search(r"[，。：；、“”（）〔〕\d]", text)
