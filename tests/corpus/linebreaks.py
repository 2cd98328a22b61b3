"""Compare the estimate's line breaks with LibreOffice's on the corpus PDFs (issue 14).

For every body paragraph of every portrait page (3号 text starting 2 字 in, its following lines
at the left edge, across page ends), the paragraph's text is broken by the estimate
(``docgen.layout.estimate.break_lines``, a heading's text in its own face) and its
lines compared with the PDF's.  Prints paragraphs and lines that differ, and the first examples::

    python tests/test_corpus.py --keep /tmp/c14            # PDFs of seed 14 in /tmp/c14/pdf
    python tests/corpus/linebreaks.py /tmp/c14/pdf [--show 10]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))

from docgen import standard as S  # noqa: E402
from docgen.layout.bodyhold import held_text  # noqa: E402
from docgen.layout.estimate import break_lines  # noqa: E402

LEFT = S.MARGIN_LEFT / S.TWIPS_PER_PT
RIGHT = LEFT + S.TYPE_AREA_WIDTH / S.TWIPS_PER_PT
INDENT = 2 * S.CHAR / S.TWIPS_PER_PT


@dataclass
class Paragraph:
    """A body paragraph as the PDF sets it: its lines' text, where it starts."""

    where: str
    lines: list[str]
    faces: list[str]  # the standard's font name of each character (from the PDF's font names)


def _face(fontname: str) -> str:
    """Return the standard's font name the PDF's face stands in for (docgen/convert/fonts.conf)."""
    if "Sans" in fontname:
        return S.FONT_HEITI
    if "Kai" in fontname:
        return S.FONT_KAITI
    return S.FONT_FANGSONG


def pdf_lines(pdf: Path) -> list[tuple[int, float, float, str, list[str]]]:
    """Return the 3号 text lines of the portrait pages: (page, left x, right x, text, faces)."""
    import pdfplumber

    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            if page.width > page.height:
                continue
            rows: dict[int, list[dict]] = {}  # type: ignore[type-arg]
            for ch in page.chars:
                if abs(ch["size"] - S.BODY_PT) < 0.3 and ch["text"].strip():
                    rows.setdefault(round(ch["top"]), []).append(ch)
            for top in sorted(rows):
                chars = sorted(rows[top], key=lambda c: c["x0"])
                text = "".join(c["text"] for c in chars)
                faces = [_face(c["fontname"]) for c in chars]
                found.append((number, chars[0]["x0"], chars[-1]["x1"], text, faces))
    return found


def paragraphs(pdf: Path) -> list[Paragraph]:
    """Return the body paragraphs of ``pdf``: a line 2 字 in starts one, a line at the left edge
    after a line reaching the right edge (or starting with a Latin or digit run after a line left
    short) goes on with it; anything else ends it."""
    result: list[Paragraph] = []
    current: Paragraph | None = None
    last_right = 0.0
    for page, left, right, text, faces in pdf_lines(pdf):
        if abs(left - LEFT - INDENT) < 1.5:
            current = Paragraph(f"{pdf.stem} p{page}", [text], faces)
            result.append(current)
        elif current is not None and abs(left - LEFT) < 1.5 and (last_right > RIGHT - 6 or text[:1].isascii()):
            # a line left short (layout/short_lines.py) ends before a URL, e-mail or a number held
            # whole: the line at the left edge under it, starting with that run, goes on with it
            current.lines.append(text)
            current.faces += faces
        else:
            current = None
        last_right = right
    return result


def head(paragraph: Paragraph) -> tuple[int, str] | None:
    """Return the length and face of the paragraph's heading text (黑体 or 楷体), or None."""
    face = paragraph.faces[0] if paragraph.faces else S.FONT_FANGSONG
    if face == S.FONT_FANGSONG:
        return None
    length = next((i for i, f in enumerate(paragraph.faces) if f != face), len(paragraph.faces))
    return length, face


def compare(folder: Path, show: int) -> tuple[int, int, int, int]:
    """Print and return (paragraphs, differing paragraphs, lines, differing lines) of the PDFs."""
    total = differ = lines = lines_differ = 0
    shown = 0
    for pdf in sorted(folder.glob("*.pdf")):
        for paragraph in paragraphs(pdf):
            text = "".join(paragraph.lines)
            # number runs held as the layout holds them (layout/bodyhold.py)
            text, face = held_text(text, S.CHARS_PER_LINE - 2, S.CHARS_PER_LINE, head(paragraph))
            estimated = break_lines(text, S.CHARS_PER_LINE - 2, S.CHARS_PER_LINE, face)
            estimated = [line.replace("\u200b", "").replace("\u2060", "") for line in estimated]
            total += 1
            lines += len(paragraph.lines)
            wrong = sum(
                1 for a, b in zip(paragraph.lines, estimated, strict=False) if a != b
            ) + abs(len(paragraph.lines) - len(estimated))
            if wrong:
                differ += 1
                lines_differ += wrong
                if shown < show:
                    shown += 1
                    print(f"{paragraph.where}:")
                    for a, b in zip(paragraph.lines, estimated, strict=False):
                        if a != b:
                            print(f"  pdf {a}\n  est {b}")
                    if len(paragraph.lines) != len(estimated):
                        print(f"  lines pdf {len(paragraph.lines)}, estimate {len(estimated)}")
    print(f"paragraphs {total}, differing {differ}; lines {lines}, differing {lines_differ}")
    return total, differ, lines, lines_differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare the estimate's line breaks with the PDFs'.")
    parser.add_argument("folder", type=Path, help="a folder of corpus PDFs (test_corpus.py --keep F: F/pdf)")
    parser.add_argument("--show", type=int, default=5, help="print this many differing paragraphs")
    args = parser.parse_args(argv)
    compare(args.folder, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
