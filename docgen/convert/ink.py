"""Black as one ink in LibreOffice's PDFs: ``0 0 0 rg``/``RG`` (RGB black, which a RIP turns into
four-colour rich black) rewritten as ``0 g``/``0 G`` (grey: the K plate alone); other colours (the
版头's red) stay as they are.  print9 #1.
"""

from __future__ import annotations

import re

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, ContentStream, FloatObject, NumberObject, StreamObject

# the operators with their operands, each token standing alone (``10 0 0 rg`` is not black)
_RGB_BLACK = re.compile(rb"(?<![^\s\[\]<>/{}])0(?:\.0*)? 0(?:\.0*)? 0(?:\.0*)? (rg|RG)(?![^\s\[\]<>(/{}])")
_GREY = {b"rg": b"0 g", b"RG": b"0 G"}


def _grey(match: re.Match[bytes]) -> bytes:
    return _GREY[match.group(1)]


def _is_zero(operand: object) -> bool:
    return isinstance(operand, (NumberObject, FloatObject)) and float(operand) == 0


def _rewrite_parsed(stream: ContentStream) -> bool:
    """Rewrite RGB black as grey in a parsed content stream; return whether anything changed."""
    changed = False
    for index, (operands, operator) in enumerate(stream.operations):
        if operator in (b"rg", b"RG") and len(operands) == 3 and all(_is_zero(o) for o in operands):
            stream.operations[index] = ([NumberObject(0)], b"g" if operator == b"rg" else b"G")
            changed = True
    return changed


def one_ink(writer: PdfWriter) -> None:
    """Set every page's RGB black as grey, in place.

    LibreOffice writes its glyphs as hex strings, so a stream without a literal string or an inline
    image is rewritten with one regular expression (a fraction of a millisecond a page); any other
    is parsed into its operators by pypdf (ContentStream), where a string is never taken for an operator.
    """
    for page in writer.pages:
        contents = page.get("/Contents")
        if contents is None:
            continue
        contents = contents.get_object()
        streams = [s.get_object() for s in contents] if isinstance(contents, ArrayObject) else [contents]
        for stream in streams:
            assert isinstance(stream, StreamObject)
            data = stream.get_data()
            if b"0 0 0 r" not in data and b"0 0 0 R" not in data:
                continue
            if b"(" not in data and b"BI" not in data:
                stream.set_data(_RGB_BLACK.sub(_grey, data))
                continue
            parsed = ContentStream(stream, writer)
            if _rewrite_parsed(parsed):
                stream.set_data(parsed.get_data())
