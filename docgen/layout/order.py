"""命令（令）格式 (GB/T 9704 10.2): the mark "XX令" 20 mm below the type area top, the 令号 two lines
below it, the body two lines below that, the 签发人's 职务, 签名章 and date (7.3.5.3), the 版记 of 7.4."""

from __future__ import annotations

from docgen import standard as S
from docgen.layout.closing import Piece, add_closing
from docgen.layout.estimate import text_width
from docgen.layout.flow import LINE, TYPE_CHARS, Flow, chars
from docgen.layout.general import (
    add_attachment,
    add_note,
    attachment_note,
    fit_mark,
    imprint_tail,
)
from docgen.layout.pages import Tail
from docgen.layout.placed import (
    Align,
    InlinePicture,
    Line,
    LineRule,
    Metadata,
    PageNumberStyle,
    ParagraphBlock,
    Role,
    Run,
    Tab,
)
from docgen.layout.short_lines import drop_trailing_breaks
from docgen.layout.text import add_blocks
from docgen.order_model import Order, term_text

CHARS_PER_MM = 1 / (S.CHAR * 25.4 / 1440)
# calibrated in LibreOffice 7.4: text centred on a picture in its line (w:textAlignment center)
# stands 1.15 mm below the picture's centre (the font's line box is not its em box): raised 2.5 pt
STAMP_TEXT_RAISE_PT = 2.5


def add_order_head(flow: Flow, doc: Order) -> None:
    """Add the mark (red 小标宋, centred, 20 mm below the type area top) and the 令号 centred two lines below (10.2)."""
    size, scale = fit_mark(text_width(doc.mark), doc.header.mark_size_pt or S.MARK_DEFAULT_PT)
    height = round(size * S.MARK_LINE_FACTOR * S.TWIPS_PER_PT)
    before = S.ORDER_MARK_SPACE_BEFORE
    run = Run(doc.mark, color=doc.header.mark_color.upper(), scale=scale, size_pt=size)
    mark = ParagraphBlock(Role.MARK, (run,), space_before=before, line=Line(height), align=Align.CENTER)
    flow.add(mark, [before + height])
    number = doc.order_number.text() if doc.order_number else "第\u3000\u3000号"
    number_before = S.ORDER_NUMBER_SPACE_BEFORE_LINES * LINE
    paragraph = ParagraphBlock(Role.NUMBER, (Run(number),), space_before=number_before, align=Align.CENTER)
    flow.add(paragraph, [number_before + LINE])


def signer_block(doc: Order) -> list[Piece]:
    """Return the 签发人's lines (7.3.5.3): 正文（或附件说明）下空二行, the 签名章 右空四字 with the 职务
    左空二字 from it and centred on it; the date 下空一行 右空四字."""
    stamp = doc.stamp
    width_mm = stamp.width_mm if stamp else S.ORDER_STAMP_WIDTH_MM
    stamp_chars = width_mm * CHARS_PER_MM
    stamp_start = TYPE_CHARS - S.ORDER_RIGHT_CHARS - stamp_chars
    title_start = stamp_start - S.ORDER_TITLE_GAP_CHARS - text_width(doc.signer_title)
    before = S.ORDER_SIGNATURE_SPACE_BEFORE_LINES * LINE
    runs: tuple[Run | InlinePicture, ...] = (Run(doc.signer_title),)
    if stamp is None:  # the space is left for the 签名章 pressed on the printed 令
        signer = ParagraphBlock(
            Role.SIGNATURE,
            runs,
            align=Align.LEFT,
            left=chars(title_start),
            space_before=before,
            keep_with_next=True,
        )
        signer_height = before + LINE
    else:
        picture = InlinePicture(stamp.data, stamp.width_mm, stamp.height_mm, f"{doc.signer_name}签名章")
        signer = ParagraphBlock(
            Role.SIGNATURE,
            (Run(doc.signer_title, raise_pt=STAMP_TEXT_RAISE_PT), Run("\t"), picture),
            align=Align.LEFT,
            left=chars(title_start),
            tabs=(Tab(chars(stamp_start)),),
            space_before=before,
            line=Line(240, LineRule.AUTO),
            on_grid=False,
            keep_with_next=True,
            centre_vertically=True,
        )
        signer_height = before + round(stamp.height_mm * S.TWIPS_PER_MM) + 120
    date = ParagraphBlock(
        Role.SIGNATURE,
        (Run(doc.signature.date_text),),
        space_before=LINE,
        right=chars(S.ORDER_RIGHT_CHARS),
    )
    return [Piece(signer, (signer_height,), keep_next=True), Piece(date, (2 * LINE,))]


class OrderFormat:
    """命令格式 (10.2)."""

    page_numbers = PageNumberStyle.GBT9704
    first_page_number = True

    def prepare(self, doc: Order) -> Order:
        """Return the 令 as it is (its 主送, if any, stays in the 版记)."""
        return doc

    def header(self, flow: Flow, doc: Order) -> None:
        """Add the mark and the 令号."""
        add_order_head(flow, doc)

    def main(self, flow: Flow, doc: Order) -> None:
        """Add the body two lines below the 令号, the 附件说明, the 签发人's lines, 附注 and 附件."""
        for _ in range(S.ORDER_BODY_SPACE_BEFORE_LINES):
            flow.add(ParagraphBlock(Role.BODY), [LINE])
        add_blocks(flow, doc.body, keep_last=True)
        add_closing(flow, [*attachment_note(doc.attachment_titles), *signer_block(doc)])
        drop_trailing_breaks(flow)  # a line left short ending the closing's distributed head
        add_note(flow, doc)
        for attachment in doc.attachments:
            add_attachment(flow, attachment)

    def tail(self, doc: Order) -> Tail | None:
        """Return the 版记 (7.4), if the 令 has one."""
        return imprint_tail(doc.imprint) if doc.imprint else None

    def double_sided(self, doc: Order) -> bool:
        """Return the 令's 双面印刷."""
        return doc.double_sided

    def metadata(self, doc: Order) -> Metadata:
        """Return the title, the mark with term and 令号, the organ and the date."""
        number = doc.order_number
        subject = f"{doc.mark}（{term_text(number.term)}）{number.text()}" if number else doc.mark
        return Metadata(
            title=doc.title.replace("\n", ""),
            subject=subject,
            creator="、".join(doc.signature.organs),
            date=doc.signature.date.isoformat(),
        )


ORDER = OrderFormat()
