"""Field names as the user is told them.

A notice or letterhead file accepts each key in English or in Chinese (``letterhead`` or
``发文机关``).  A Chinese message names the field by its Chinese key whichever spelling the user
wrote, and so do the library's own checks (model.py names fields by their English attribute);
an English message keeps the key as written.  Keys that exist only in English (the rules file,
docgen.toml) are what the user must type, and stay as they are.

``tests/test_messages.py`` checks this table against the aliases the models accept.
"""

from __future__ import annotations

from docgen.i18n import current_language

# English key → the Chinese key a user writes for it (the first Chinese alias of the models).
CHINESE_KEYS: dict[str, str] = {
    # a notice's front matter (load/notice.py FrontMatter)
    "letterhead": "发文机关",
    "number": "发文字号",
    "title": "标题",
    "to": "主送",
    "date": "成文日期",
    "cc": "抄送",
    "printed_by": "印发机关",
    "printed_date": "印发日期",
    "signers": "签发人",
    "signature": "署名",
    "copy_number": "份号",
    "secrecy": "密级",
    "urgency": "紧急程度",
    "seal": "盖章",
    "note": "附注",
    "attachments": "附件",
    "to_in_imprint": "主送移至版记",
    "double_sided": "双面印刷",
    "continuous_numbering": "连续编号",
    "kind": "种类",
    "term": "届",
    "signer_title": "签发人职务",
    "stamp": "签名章",
    # an attachment (AttachmentSource)
    "file": "文件",
    "sheet": "工作表",
    # a letterhead file (load/letterheads.py)
    "name": "全称",
    "short_name": "简称",
    "code": "代字",
    "mark": "标志",
    "with_wenjian": "文件",
    "color": "颜色",
    "mark_size_pt": "标志字号",
    "contact": "联系方式",
    "supervision_code": "督办代字",
    "letter_code": "函代字",
    "letter": "信函",
    "template": "模板",
    # a 纪要's meeting (load/minutes.py MeetingFront) where its English key is its own
    "present": "出席",
    "absent": "请假",
    "attending": "列席",
    "session": "届次",
    "place": "地点",
    "chair": "主持",
    "recorder": "记录",
    "office": "印发单位",
    "issue": "期号",
    "topics": "议题",
    # parts of a document the library checks (model.py), and command values
    "body": "正文",
    "table": "表格",
    "picture": "图片",
    "month": "月份",
    "unit": "金额单位",
}

# Inside an attachment, "body" is its 内容 (AttachmentSource.body), not the notice's 正文.
_NESTED: dict[tuple[str, str], str] = {("attachments", "body"): "内容"}


_ENGLISH = {chinese: english for english, chinese in CHINESE_KEYS.items()}


def field_label(field: str) -> str:
    """Return how a message names ``field`` (``attachments.0.title`` → 附件第 1 项的标题 in Chinese)."""
    if current_language() == "en":
        return field
    spellings = [_label_path(part) for part in field.split("/")]  # "letterhead/发文机关": either key
    return "/".join(dict.fromkeys(spellings))


def _label_path(path: str) -> str:
    parts = path.split(".")
    top = _ENGLISH.get(parts[0], parts[0])  # 附件.0.标题 as written in Chinese: the same path
    if top not in CHINESE_KEYS:  # a rules-file or config key: as written
        return path
    out = CHINESE_KEYS[top]
    for part in parts[1:]:
        if part.isdecimal():
            out += f"第 {int(part) + 1} 项"
        else:
            out += "的" + _NESTED.get((top, part), CHINESE_KEYS.get(part, part))
    return out
