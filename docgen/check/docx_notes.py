"""Rules judged on what a .docx declares about its 附件说明, 成文日期 and attachments (7.3.4, 7.3.5.4,
7.3.7): each failure quotes what was found."""

from __future__ import annotations

import re
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from docgen.check.docx_elements import Elements, date_verdict
from docgen.check.rules import Judge
from docgen.i18n import _


def judge_attachment_note(el: Elements, judge: Judge) -> None:
    """Judge attachment_note.format: 附件：1.×× numbered, no mark after a name; a failure quotes it."""
    if not el.attachment_note:
        judge.not_applicable("attachment_note.format", _("no attachment note"))
        return
    texts = [el.looks[i].text.strip() for i in el.attachment_note]
    names = [re.sub(r"^(附件：)?\s*(\d+[.．])?\s*", "", t) for t in texts]
    problems = []
    if not texts[0].startswith("附件："):
        problems.append(
            _("「{text}」: begins with 附件 and a full-width colon").format(text=texts[0][:6] + "…")
        )
    unnumbered = [
        t for i, t in enumerate(texts, start=1) if not re.match(rf"^(附件：)?\s*{i}[.．]", t)
    ]
    if len(texts) > 1 and unnumbered:
        problems.append(
            _("「{text}」: several attachments are numbered 1. 2. …").format(text=unnumbered[0][:8] + "…")
        )
    ended = [name for name in names if re.search(r"[。，；、.,;:：]$", name)]
    if ended:
        problems.append(
            _("「{name}」 ends with 「{mark}」: no punctuation after an attachment's name").format(
                name=_ellipsis(ended[0]), mark=ended[0][-1]
            )
        )
    judge.record(
        "attachment_note.format", not problems, _("; ").join(problems) or texts[0][:20], "附件：1.XXXX"
    )


def _ellipsis(text: str, keep: int = 8) -> str:
    """Return the end of ``text``: its last ``keep`` characters after “…” when it is longer."""
    return text if len(text) <= keep else "…" + text[-keep:]


def judge_date(el: Elements, judge: Judge) -> None:
    """Judge date.format: the 成文日期 in Arabic figures, no leading zeros (2020年3月5日)."""
    if el.date is None:
        judge.not_applicable("date.format", _("no date found"))
        return
    ok, measured = date_verdict(el.looks[el.date].text)
    judge.record("date.format", ok, measured, "2020年3月5日")


def judge_attachments(doc: DocxDocument, el: Elements, judge: Judge) -> None:
    """Judge attachments.new_page: each 附件N label after a page break or a new-page section."""
    if not el.attachment_labels:
        judge.not_applicable("attachments.new_page", _("no attachments"))
        return
    missing = []
    for index in el.attachment_labels:
        look = el.looks[index]
        if look.page_break_before:
            continue
        # a page break ending the paragraph before, or a section break there that starts a new page
        previous = look.element.getprevious() if look.element is not None else None
        new_page = previous is not None and (
            any(br.get(qn("w:type")) == "page" for br in previous.iter(qn("w:br")))
            or (
                previous.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
                and _section_start(look.element) not in ("continuous", "nextColumn")
            )
        )
        if not new_page:
            missing.append(look.text.strip())
    judge.record(
        "attachments.new_page",
        not missing,
        "、".join(missing) or _("each on a new page"),
        _("each attachment starts a new page"),
    )


def _section_start(p: Any) -> str | None:
    """Return how the section holding paragraph ``p`` starts (w:type of the next sectPr)."""
    node = p
    while node is not None:
        sect = node.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if node.tag == qn("w:p") else None
        if node.tag == qn("w:sectPr"):
            sect = node
        if sect is not None:
            kind = sect.find(qn("w:type"))
            return str(kind.get(qn("w:val"))) if kind is not None else None
        node = node.getnext()
    return None
