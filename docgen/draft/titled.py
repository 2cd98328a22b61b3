"""A title typed into the first paragraph (wild9 #6): split off where the text itself says it ends.

Two signs, each a boundary no sentence makes: the paragraph begins with 「关于…的通知」 (any kind of
document) and a 「。」 right after the kind; or it begins with a short name ending with a kind
(…办理指引) and the text right after repeats that name's first words (…指引公共服务事项是指…), as a
text defining its subject does.  Without either sign the paragraph stays body text and the draft is
refused with the message that asks for the title on a line of its own.
"""

from __future__ import annotations

import re

from docgen.draft.outline import Part, Role
from docgen.i18n import _
from docgen.load.patterns import KINDS, width

# the kinds of document a title names, and those a guide or rules name themselves by
_NAMES = rf"(?:{KINDS}|指引|指南|须知|规则|制度|章程|守则)"
_ABOUT = re.compile(rf"^(关于[^，。；：、！？\s]{{2,60}}?的{_NAMES})。(?=\S)")
_NAMED = re.compile(rf"{_NAMES}")
_REPEATED = 4  # characters of the name repeated right after it: the text naming its subject
_LONGEST = 30  # 字: a title typed as one line is no longer


def _about(title: str) -> str:
    return _("the draft's title ran into its first paragraph: 「{title}」 ends with 「。」 and is taken as the title").format(
        title=title
    )


def _named(title: str) -> str:
    return _(
        "the draft's title ran into its first paragraph: 「{title}」 ends with the kind of document and the text "
        "after it begins with its first words; it is taken as the title"
    ).format(title=title)


def broken_title() -> str:
    """Return the note on a title whose paragraph went on, after a line break, with the text."""
    return _("the draft's title and its first paragraph were one paragraph: split at its line break")


def run_in_title(text: str) -> tuple[str, str, str] | None:
    """Return (title, the text after it, the note saying so) for a paragraph beginning with its title,
    None when nothing in the text says where a title would end."""
    about = _ABOUT.match(text)
    if about:
        title = about.group(1)
        return title, text[about.end() :], _about(title)
    for kind in _NAMED.finditer(text):
        title, rest = text[: kind.end()], text[kind.end() :]
        if width(title) > _LONGEST or re.search(r"[，。；：、！？,.;:!?\s]", title):
            return None
        if len(title) > _REPEATED and rest.startswith(title[:_REPEATED]):
            return title, rest, _named(title)
    return None


def split_notes(outline: list[Part]) -> list[str]:
    """Return the notes on a title split off its paragraph (for the 说明 of the run)."""
    return [
        broken_title() if broken_title() in p.note else p.note
        for p in outline
        if p.role is Role.TITLE and (p.note in (_about(p.text), _named(p.text)) or broken_title() in p.note)
    ]
