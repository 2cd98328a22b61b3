"""What the 信函 format leaves out of a source, said to the writer (GB/T 9704 10.1)."""

from __future__ import annotations

from docgen.i18n import _
from docgen.letter_model import Letter
from docgen.load.notice import NoticeSource
from docgen.model import Document
from docgen.remarks import Remark, warning


def letter_notes(source: NoticeSource, doc: Document) -> list[Remark]:
    """Return a warning when a 函 names a 签发人: 10.1 gives the 信函 no 签发人 (7.2.6 puts one in the
    版头 of a 上行文 in the general format), so it is not printed — dropped unsaid before (forms10 #6)."""
    if not isinstance(doc, Letter) or not doc.header.signers:
        return []
    said = _(
        "line {line}: 签发人 {names} is not printed: the 信函 format (GB/T 9704 10.1) has no 签发人, which "
        "only a 上行文 in the general format prints in its 版头 (7.2.6); delete the line"
    )
    return [warning(said.format(line=source.line_of("signers"), names="、".join(doc.header.signers)))]
