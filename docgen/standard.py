"""Every number of GB/T 9704-2012, each beside its clause: layout, the emitters and ``check`` all read it.

Units: twips (1/20 pt) unless the name says otherwise; 1 mm = 56.6929 twips.
Values marked "decision" are not fixed by the standard; they are chosen here, once.
Values marked "calibrated" were measured in LibreOffice 7.4 on Debian 12 (the reference renderer):
the arithmetic from the standard was off by 1-3 mm there (gbt9704.md §1.7).
"""

from __future__ import annotations

from typing import Final

TWIPS_PER_MM: Final = 1440 / 25.4
TWIPS_PER_PT: Final = 20


def mm(value: float) -> int:
    """Return ``value`` millimetres in whole twips."""
    return round(value * TWIPS_PER_MM)


# 5.1 paper: A4, 210 x 297 mm.
PAGE_WIDTH_MM: Final = 210.0
PAGE_HEIGHT_MM: Final = 297.0
PAGE_WIDTH: Final = 11906
PAGE_HEIGHT: Final = 16838

# 5.2.1 天头 37 mm, 订口 28 mm, 版心 156 x 225 mm; bottom and right margins follow.
# Decision: no mirrored margins.  5.2.1 names the 订口 as the 左白边 (the left edge) on every
# page, so even pages keep 28 mm on the left too; page numbers still alternate sides (7.5).
MARGIN_TOP_MM: Final = 37.0
MARGIN_LEFT_MM: Final = 28.0
TYPE_AREA_WIDTH_MM: Final = 156.0
TYPE_AREA_HEIGHT_MM: Final = 225.0
MARGIN_BOTTOM_MM: Final = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TYPE_AREA_HEIGHT_MM  # 35
MARGIN_RIGHT_MM: Final = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TYPE_AREA_WIDTH_MM  # 26
MARGIN_TOP: Final = mm(MARGIN_TOP_MM)  # 2098
MARGIN_BOTTOM: Final = mm(MARGIN_BOTTOM_MM)  # 1984
MARGIN_LEFT: Final = mm(MARGIN_LEFT_MM)  # 1587
MARGIN_RIGHT: Final = mm(MARGIN_RIGHT_MM)  # 1474
TYPE_AREA_WIDTH: Final = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8845
TYPE_AREA_HEIGHT: Final = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 12756

# 5.2.3 22 lines of 28 characters per page, filling the type area.
LINES_PER_PAGE: Final = 22
CHARS_PER_LINE: Final = 28
# 225 mm / 22 = 579.8 twips, floored so that 22 lines always fit: 28.95 pt (gbt9704.md §1.7).
LINE_PITCH: Final = 579
# calibrated: what a portrait page's body holds in LibreOffice 7.4.  With the line grid (w:docGrid
# w:type="lines", 579) Writer cuts the body to whole grid lines, 22 × 579 = 12738 twips, 18 short of
# the type area's 12756, and centres it there (GRID_BODY_TOP above it, as much below).  Measured
# (branch gridtable11): body lines 28.95 pt apart; a table that opens a page has its top edge
# 0.52 pt (10 twips) under the type area's top; on a page of m body lines then a table of 1-line 4号 rows (450 twips),
# rows ending 12729, 12732 and 12735 twips down stayed on the page, rows ending 12739, 12742 and
# 12745 went to the next (n303-044: a row ending at 12740).  The 22 lines of 5.2.3 fill it exactly.
GRID_BODY_HEIGHT: Final = LINES_PER_PAGE * LINE_PITCH  # 12738
GRID_BODY_TOP: Final = (TYPE_AREA_HEIGHT - GRID_BODY_HEIGHT) // 2  # 9
# 156 mm / 28 = 15.79 pt per character.  A 16 pt glyph advances 16 pt, so only 27 fit; a run
# spacing of -0.25 pt (15.75 pt per character) gives 28 in LibreOffice 7.4 and Word alike.
# A character grid (docGrid linesAndChars) is not used: LibreOffice 7.4 puts 14 characters per line.
BODY_CHAR_SPACING: Final = -5  # twentieths of a point
CHAR: Final = 315  # one 字 of the 3号 body on this grid, in twips (15.75 pt)
# 7.3.5.5 (行距 adjusted to keep the 署名 and date with the body's last lines): the most a page's
# line pitch is compressed, 4.8 pt (28.95 -> 24.15 pt, above the 23.2 pt the body face's glyphs take
# at 三号): layout/closing.py compresses by it and check's grid pitch allows for it.
CLOSING_MAX_SHRINK: Final = LINE_PITCH // 6
# 5.2.3 as issue 14 counts it: a line may be short of 28 字 before an unbreakable Latin run (a URL,
# an e-mail address, a Latin word) of this many ASCII characters or more, a letter among them:
# layout/short_lines.py leaves such a line short and check's grid.spread.pdf judges the lines before one.
SHORT_LINE_MIN_RUN: Final = 6

# 1.1 sizes in half-points (w:sz): 号 -> pt.
SIZE_PT: Final = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
}
BODY_PT: Final = 16  # 5.2.2 3号 for every element unless stated
TITLE_PT: Final = 22  # 7.3.1 2号小标宋
NOTE_PT: Final = 14  # 7.4.2, 7.4.3 4号 for 抄送 and 印发
PAGE_NUMBER_PT: Final = 14  # 7.5 4号半角宋体
TABLE_PT: Final = 14  # decision: tables in 4号 仿宋, header row in 黑体
TABLE_LINE: Final = 440  # decision: exact 22 pt lines in tables (single spacing differs per renderer)
TABLE_LINE_FACTOR: Final = TABLE_LINE / (TABLE_PT * TWIPS_PER_PT)  # line = 1.57 × size
TABLE_SIZES_PT: Final = (14, 12, 10.5)  # decision: 4号, then 小四, then 五号 for tables too wide
# decision (issue 14 c): a landscape table too wide at 五号 goes to 小五 before its dates and 文号 break
TABLE_LANDSCAPE_LAST_PT: Final = 9

# 5.2.2 / 7.x the standard's font names, kept in the .docx (mapped to open faces only for previews).
FONT_FANGSONG: Final = "仿宋_GB2312"
FONT_XIAOBIAOSONG: Final = "方正小标宋简体"
FONT_HEITI: Final = "黑体"
FONT_KAITI: Final = "楷体_GB2312"
FONT_SONGTI: Final = "宋体"

# 5.2.4 / 6.2 red for the organ mark and the red rule.  Decision: pure red FF0000.
RED: Final = "FF0000"

# 7.2.4 发文机关标志: top edge 35 mm below the type-area top; size not fixed by the standard.
# Decision: 小初 (36 pt) in 方正小标宋简体, red, squeezed horizontally (w:w) to fit the type area
# when the name is long; a letterhead may set another size.
MARK_TOP_BELOW_TYPE_AREA_MM: Final = 35.0
MARK_DEFAULT_PT: Final = 36
MARK_MIN_SCALE: Final = 50  # percent; narrower than this looks broken: shrink the size instead
MARK_LINE_FACTOR: Final = 1.0  # exact line height = size, so the em box is the line (snapToGrid off)
# calibrated: space before the first mark line so that its em top is 72 mm from the paper top
# (35 mm gave 71.2 mm in LibreOffice 7.4: the exact line box starts above the em box).
MARK_SPACE_BEFORE: Final = mm(MARK_TOP_BELOW_TYPE_AREA_MM) + 45

# 7.2.5 发文字号: 标志下空二行 (two blank lines below the mark).
NUMBER_SPACE_BEFORE_LINES: Final = 2
# 7.2.7 red rule 4 mm below the number, as wide as the type area.
# Decision: 1.5 pt thick (w:sz in eighths of a point).  The rule is the bottom border of the
# number's paragraph; w:space (points) is calibrated so that the gap is 4 mm in LibreOffice 7.4.
RULE_GAP_MM: Final = 4.0
RULE_WIDTH_EIGHTHS: Final = 12
RULE_SPACE_PT: Final = 5  # calibrated: 6 pt gave a 4.4 mm gap
# 7.3.1 title: 红线下空二行.
TITLE_SPACE_BEFORE_LINES: Final = 2
# 7.3.2 主送机关: 标题下空一行.
ADDRESSEE_SPACE_BEFORE_LINES: Final = 1
# 7.3.3 body paragraphs: 左空二字, wraps 顶格.
BODY_FIRST_LINE_CHARS: Final = 2
# 7.3.4 附件说明: 正文下空一行, 左空二字.
ATTACHMENT_NOTE_SPACE_BEFORE_LINES: Final = 1
# 7.3.5.2 unsealed: 正文下空一行, 署名右空二字, date's first character two to the right of the 署名's.
UNSEALED_SPACE_BEFORE_LINES: Final = 1
UNSEALED_RIGHT_CHARS: Final = 2
# 7.3.5.1 sealed: date 右空四字, 署名 centred over the date; room above for the seal.
# Decision: two blank lines above the 署名 (the seal's top stays within one line of the text).
SEALED_SPACE_BEFORE_LINES: Final = 2
SEALED_DATE_RIGHT_CHARS: Final = 4
# 7.3.6 附注: 居左空二字, in parentheses, the line after the date.
# 7.3.7 附件: new page, label 顶格 on line 1 in 3号黑体, title centred on line 3.
ATTACHMENT_TITLE_SPACE_BEFORE_LINES: Final = 1
# 7.4.1 版记 rules: first and last 0.35 mm, those between 0.25 mm (w:sz eighths of a point).
IMPRINT_OUTER_RULE_EIGHTHS: Final = 8  # 1 pt = 0.353 mm
IMPRINT_INNER_RULE_EIGHTHS: Final = 6  # 0.75 pt = 0.265 mm
# 7.4.2 / 7.4.3 抄送 and 印发 左右各空一字 (one 4号 character).
IMPRINT_SIDE_INDENT: Final = NOTE_PT * TWIPS_PER_PT
# 7.5 page numbers: 4号半角宋体, "— N —", the dash's top 7 mm below the type area;
# odd pages 右空一字, even pages 左空一字.
PAGE_NUMBER_BELOW_TYPE_AREA_MM: Final = 7.0
PAGE_NUMBER_SIDE_INDENT: Final = PAGE_NUMBER_PT * TWIPS_PER_PT
# calibrated footer distance (from the paper bottom to the footer's bottom edge).
FOOTER_DISTANCE: Final = 1260
HEADER_DISTANCE: Final = 851

# 简报 (not a format of GB/T 9704; domain.md §4 and common practice): the name in red 小标宋,
# large and centred near the top, 第N期 under it, 编印单位 left and the date right above a red rule.
# Decision: the name in 初号 (42 pt), its top 25 mm below the type-area top; the rest as the
# general format's number and rule.
BULLETIN_NAME_PT: Final = 42
BULLETIN_NAME_SPACE_BEFORE: Final = mm(25)

# 10.1 信函格式: the organ's name (no 文件), its top 30 mm from the paper top (not the type area),
# red 小标宋, centred; 4 mm below it a red double line 上粗下细, 20 mm above the paper bottom a red
# double line 上细下粗, both 170 mm long and centred on the paper (wider than the type area, the
# lower one in the bottom margin: DrawingML lines anchored to the page on the first page only).
# 份号/密级/紧急 at the left, 发文字号 at the right, 7/8 of a 3号 character below the upper line.
# Decision (the standard gives no weights): 2.25 pt and 0.75 pt lines, 1 pt apart (GONGWEN's values);
# the lower line's lower edge 20 mm above the paper bottom; the mark's size as the general mark's.
LETTER_MARK_TOP_MM: Final = 30.0
LETTER_LINE_LENGTH_MM: Final = 170.0
LETTER_LINE_BELOW_MARK_MM: Final = 4.0
LETTER_LINE_ABOVE_BOTTOM_MM: Final = 20.0
LETTER_THICK_EIGHTHS: Final = 18  # 2.25 pt
LETTER_THIN_EIGHTHS: Final = 6  # 0.75 pt
LETTER_LINES_GAP_PT: Final = 1.0
LETTER_TEXT_GAP_PT: Final = BODY_PT * 7 / 8  # 7/8 of a 3号 character's height: 14 pt

# 10.2 命令（令）格式: the mark (the organ's full name + 命令 or 令) red 小标宋, centred, its top 20 mm
# below the type-area top; the 令号 (第N号) centred two lines below it; the body two lines below
# that; 签发人职务, 签名章 and 成文日期 per 7.3.5.3: 正文（或附件说明）下空二行右空四字 the 签名章, its
# 职务 左空二字 from it and centred on it vertically, the date 下空一行右空四字 below it.
# Decision (the standard gives no size): the 签名章's space 40 × 15 mm (a handwritten-name stamp);
# a given stamp image is shown 15 mm high, its width by its proportions (at most 60 mm).
ORDER_MARK_TOP_BELOW_TYPE_AREA_MM: Final = 20.0
ORDER_MARK_SPACE_BEFORE: Final = mm(ORDER_MARK_TOP_BELOW_TYPE_AREA_MM) + 45  # as MARK_SPACE_BEFORE
ORDER_NUMBER_SPACE_BEFORE_LINES: Final = 2
ORDER_BODY_SPACE_BEFORE_LINES: Final = 2
ORDER_SIGNATURE_SPACE_BEFORE_LINES: Final = 2
ORDER_RIGHT_CHARS: Final = 4
ORDER_TITLE_GAP_CHARS: Final = 2
ORDER_STAMP_WIDTH_MM: Final = 40.0
ORDER_STAMP_HEIGHT_MM: Final = 15.0
ORDER_STAMP_MAX_WIDTH_MM: Final = 60.0

# Not of the standard: the mark docgen draws across every page of a preview (a draft, not yet a
# 公文): convert/pdf.py and the Typst emitter draw it, check leaves it out of what it measures.
WATERMARK_TEXT: Final = "样稿"
