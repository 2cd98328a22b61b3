"""Issue 18: every message of both catalogs in one language.

The English catalog is the message ids; the Chinese one is docgen.po.  A Chinese message may hold
Latin letters only for what the user types or reads as a name: option names, file and folder
names, command lines, program and format names, values to write (in quotes), units.  An English
message may name a 公文 term in Chinese (代字, 督办编号 — the documents' own words), never a sentence.
"""

from __future__ import annotations

import re

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from conftest import ROOT

LOCALE = ROOT / "docgen" / "locale" / "zh_CN" / "LC_MESSAGES"

# Names kept as they are in Chinese text: programs, formats, standards, units, things typed.
NAMES = {
    "PDF",
    "LibreOffice",
    "soffice",
    "Word",
    "Excel",
    "WPS",
    "SQLite",
    "Typst",
    "YAML",
    "Markdown",
    "TOML",
    "JSON",
    "CSV",
    "XML",
    "DTD",
    "PNG",
    "JPEG",
    "EMF",
    "WMF",
    "SVG",
    "OLE",
    "SmartArt",
    "TrueType",
    "Debian",
    "UTF-8",
    "GB18030",
    "UTF-16",
    "GB/T",
    "CPU",
    "zip",
    "Tab",
    "pdftoppm",
    "fonts-noto-cjk",
    "python3",
    "python3-uno",
    "uno",
    "UNO",
    "Jinja",
    "MiB",
    "pt",
    "mm",
    "docgen",
    "docGrid",
    "FF0000",
    "A4",
}
# Values the user writes in a file or after an option (rules-file methods, choices, keywords).
VALUES = {"true", "false", "auto", "ratio", "target", "schedule", "thresholds", "unit", "leader", "supervision", "projects"}

# The standard's own words in a label that reads the same in both languages (仿宋 16 pt, 28 字).
LABEL_TERMS = {"字", "一", "仿宋", "黑体", "楷体"}

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]|%[sd]")
_TYPED = [
    re.compile(r"^\s+docgen .*?(?=\s{2,}|$)", re.M),  # an example line's command
    re.compile(r"docgen(?: [a-z][a-z-]*)+"),  # docgen register void
    re.compile(r"(?<![\w-])--?[a-zA-Z][a-zA-Z-]*(?: (?!-)[^\s，。；）]+)?"),  # options and their values
    re.compile(r"[\w.~-]*/[\w./~*-]*"),  # paths: scripts/setup.sh, word/document.xml
    re.compile(r"[\w*-]*\.(?:md|docx|doc|wps|odt|pdf|xlsx|xls|et|csv|yaml|toml|png|sqlite|json|sh|py|txt)\b"),
    re.compile(r"“[^”]*”|「[^」]*」|'[^']*'|\"[^\"]*\""),  # values in quotes
    re.compile(r"\b[a-z]+\.[a-z_.]+\b"),  # rule ids: grid.chars, pages.full
    re.compile(r"U\+[0-9A-F]{4}"),
]
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def _catalog() -> Catalog:
    with open(LOCALE / "docgen.po", "rb") as handle:
        return read_po(handle, locale="zh_CN")


def _texts(message: Message) -> tuple[list[str], list[str]]:
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    strings = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
    return ids, strings


def latin_words(text: str) -> list[str]:
    """Return the Latin words of a Chinese message that are not names, values or typed text."""
    text = _PLACEHOLDER.sub(" ", text)
    for pattern in _TYPED:
        text = pattern.sub(" ", text)
    return [w for w in _WORD.findall(text) if w not in NAMES and w not in VALUES and len(w) > 1]


def test_the_rule_catches_what_the_issue_met() -> None:
    assert latin_words("Path 'nosuch.md' 不存在") == ["Path"]
    assert latin_words("文件不是 zip 包：File is not a zip file") == ["File", "is", "not", "file"]
    assert latin_words("字段“letterhead”：必填") == []  # a quoted value is typed text…
    assert latin_words("缺少 attachments 字段") == ["attachments"]  # …a bare key is not
    assert latin_words("请运行 docgen register void 或加 --force，见 scripts/setup.sh 和 a.md") == []


def test_no_chinese_message_is_untranslated_or_mixed() -> None:
    bad = []
    for message in _catalog():
        if not message.id:
            continue
        ids, strings = _texts(message)
        for msgid, msgstr in zip(ids, strings, strict=False):
            if not msgstr:
                bad.append(("untranslated", msgid))
            elif latin_words(msgstr):
                bad.append(("mixed", msgstr, latin_words(msgstr)))
            elif latin_words(msgid) and not _CJK.search(msgstr):
                bad.append(("left in English", msgstr))
    assert bad == [], "\n".join(map(repr, bad))


def test_no_english_message_holds_a_chinese_sentence() -> None:
    """Chinese in an English message is a 公文 term (≤ 8 字) beside English words, never the message."""
    bad = []
    for message in _catalog():
        if not message.id:
            continue
        for msgid in _texts(message)[0]:
            if not _CJK.search(msgid):
                continue
            english = _WORD.findall(_PLACEHOLDER.sub(" ", msgid))
            long_runs = [run for run in _CJK_RUN.findall(msgid) if len(run) > 8]
            is_label = set(_CJK_RUN.findall(msgid)) <= LABEL_TERMS  # "仿宋 16 pt": the same in both
            if long_runs or not (is_label or [w for w in english if len(w) > 1 and w not in NAMES]):
                bad.append(msgid)
    assert bad == [], "\n".join(map(repr, bad))
