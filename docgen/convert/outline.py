"""LibreOffice's PDF bookmarks named as the headings (print9 #4).

LibreOffice makes a bookmark of every paragraph with an outline level (the .docx gives one to 一、
and （一） headings only) and names it with the whole paragraph: a run-in heading's bookmark was
「（一）强化组织领导。三门峡市人民政府……」, 133 字, with the layout's zero-width spaces inside.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\u00ad\ufeff"))
_RUN_IN = re.compile(r"^(.+?)[。：:]")  # a heading's own text ends at its first 。 or ：


def _items(first: object) -> Iterator[DictionaryObject]:
    """Yield every outline item from ``first`` on, depth first (the order of the headings)."""
    item = first
    while item is not None:
        node = item.get_object()  # type: ignore[attr-defined]
        assert isinstance(node, DictionaryObject)
        yield node
        yield from _items(node.get("/First"))
        item = node.get("/Next")


def plain_title(title: str) -> str:
    """Return a bookmark's text without invisible characters, cut at its first 。/： (a run-in heading)."""
    text = title.translate(_INVISIBLE).strip()
    cut = _RUN_IN.match(text)
    return cut.group(1) if cut else text


def name_bookmarks(writer: PdfWriter, names: Sequence[str]) -> None:
    """Name the PDF's bookmarks ``names`` in order (the layout's headings, ``layout.bookmarks``);
    without them, or when the counts differ (a .docx taken as it is), cut each to ``plain_title``."""
    outlines = writer.root_object.get("/Outlines")
    if outlines is None:
        return
    items = list(_items(outlines.get_object().get("/First")))
    given = list(names) if len(names) == len(items) else [plain_title(str(i["/Title"])) for i in items]
    for item, name in zip(items, given, strict=True):
        item[NameObject("/Title")] = TextStringObject(name)
