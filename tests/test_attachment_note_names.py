"""附件说明 with several attachments (GB/T 9704 7.3.4, outsider6 #8): every name starts at the tab stop
six 字 from the type area's left edge (左空二字, "附件：" and "1." one 字), so the names of "1." "2."
"3." line up and a long name wraps under its first character — in LibreOffice and in Typst alike.

Typst measured "附件：1." on the grid (4 字: a half for "1" and for ".") and found it reaching the
stop exactly, so it set the name right after "1.": 60.1 mm ("1.") and 60.6 mm ("2."), LibreOffice
61.4 mm.  Real LibreOffice and real Typst."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from conftest import MINIMAL_FRONT

from docgen import standard as S
from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import render_docx
from docgen.emit.typst.compile import render_pdf
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

MM = 25.4 / 72
NAMES_AT = S.MARGIN_LEFT_MM + 6 * S.CHAR / S.TWIPS_PER_MM  # 61.3 mm
LONG = "长子县2025年重点项目建设进展情况及存在问题和下步工作打算汇总表"  # 33 字: wraps after 22


def _name_starts(pdf_path: Path) -> list[tuple[str, float]]:
    """Return each 附件说明 line's text and where its name starts (mm from the page's left edge)."""
    found = []
    with pdfplumber.open(pdf_path) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
    rows: dict[int, list[dict[str, object]]] = {}
    for char in chars:
        rows.setdefault(round(float(char["top"])), []).append(char)  # type: ignore[arg-type]
    inside = False
    for _, row in sorted(rows.items()):
        row.sort(key=lambda c: float(c["x0"]))  # type: ignore[arg-type]
        text = "".join(str(c["text"]) for c in row)
        left = float(row[0]["x0"]) * MM  # type: ignore[arg-type]
        inside = text.startswith("附件：") or (inside and 50 < left < 63)  # the 署名 starts further right
        if inside:
            dot = text.find(".")
            first = row[dot + 1] if 0 <= dot < 6 else row[0]
            found.append((text, float(first["x0"]) * MM))  # type: ignore[arg-type]
    return found


def test_attachment_names_start_at_their_tab_stop_in_both_engines(
    tmp_path: Path, pool: ConverterPool
) -> None:
    attachments = ""
    for index, title in enumerate(("重点项目进展情况统计表", LONG, "滞后项目问题清单")):
        (tmp_path / f"a{index}.md").write_text(f"附件{index}的正文。\n", encoding="utf-8")
        attachments += f"  - 标题: {title}\n    文件: a{index}.md\n"
    source = tmp_path / "n.md"
    source.write_text(
        f"---\n{MINIMAL_FRONT.strip()}\n附件:\n{attachments}---\n请认真贯彻落实。\n", encoding="utf-8"
    )
    doc = compose_notice_file(source, RunResources())
    docx = tmp_path / "n.docx"
    docx.write_bytes(render_docx(doc, RunResources().template).data)
    (outcome,) = pool.convert([(docx, tmp_path / "office.pdf")])
    assert outcome.error is None, outcome.error
    typst = tmp_path / "typst.pdf"
    typst.write_bytes(render_pdf(doc).pdf)
    for pdf in (outcome.target, typst):
        starts = _name_starts(pdf)
        assert [text[:5] for text, _ in starts] == ["附件：1.", "2.长子县", "和下步工作", "3.滞后项"], starts
        for text, x in starts:
            assert abs(x - NAMES_AT) < 0.3, (pdf.name, text, x)
