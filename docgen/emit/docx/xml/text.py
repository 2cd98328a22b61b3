"""A part's text read across its runs: characters taken out of it (a placeholder Word split over runs),
and docxtpl's Jinja source of a part (its XML with Jinja statements in it) read a paragraph a line."""

from __future__ import annotations

import re

from lxml import etree

from docgen.emit.docx.xml.base import parse_given, qn


def without_chars_in_spans(part_xml: bytes, span: re.Pattern[str], chars: str) -> bytes:
    """Return a part (``word/document.xml``, a header, a footer) with ``chars`` taken out of its text
    (``w:t``) wherever ``span`` matches that text read as one string across runs and paragraphs; the
    part unchanged (the same bytes) when no match holds any of them."""
    if not any(ch.encode() in part_xml for ch in chars):
        return part_xml
    root = parse_given(part_xml)
    nodes = list(root.iter(qn("w:t")))
    text = "".join(node.text or "" for node in nodes)
    inside = [(m.start(), m.end()) for m in span.finditer(text) if any(ch in m.group() for ch in chars)]
    if not inside:
        return part_xml
    at, index = 0, 0  # where the node starts in ``text``; the first match not yet passed
    for node in nodes:
        own = node.text or ""
        kept = []
        for offset, ch in enumerate(own, start=at):
            while index < len(inside) and inside[index][1] <= offset:
                index += 1
            if ch in chars and index < len(inside) and inside[index][0] <= offset:
                continue
            kept.append(ch)
        if len(kept) != len(own):
            node.text = "".join(kept)
        at += len(own)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


# docxtpl's Jinja source is a part's XML with Jinja between its elements ({%tr %} row loops put in
# place of w:tr): a line of it is a fragment, not a document lxml could parse, so these are regexes
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_ANY_TAG = re.compile(r"<[^>]+>")


def paragraph_lines(source: str) -> str:
    """Return docxtpl's Jinja source of a part with each paragraph starting a line, as docxtpl's
    ``render_xml_part`` splits it (a Jinja error's line number is then a paragraph's)."""
    return _PARAGRAPH_START.sub(r"\n<w:p\1", source)


def fragment_text(fragment: str) -> str:
    """Return the text of a piece of XML that may not be well formed (a line of ``paragraph_lines``)."""
    return _ANY_TAG.sub("", fragment)
