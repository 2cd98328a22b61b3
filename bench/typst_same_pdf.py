"""Check that a change to the Typst markup leaves the PDFs the same: text per page identical, every
character where it was (within ``--tolerance`` mm).

``--dump DIR`` (run in each checkout, its cwd that checkout) typesets with Typst, in this process,
every document of bench/engine_docs.py (the samples: notices, 信函, 令, 纪要, 督办, 催办, 通报), the
layout corpus (``--corpus``, ``--seed``) and ``--bulletins`` synthetic bulletins (bench/bulletin.py's
ledger), and writes each one's Typst source (.typ) and PDF into DIR, with the source's element
counts (``counts.json``: boxes, ``#h``, ``#set``, ``#text``) and the compile CPU time.

``--compare A B`` reads the PDFs of two dumps with PDFium and prints, per document that differs, the
first difference: page count, a page's text, or the largest distance between a character's place
in A and in B (``--pixels S``: then the pages rendered at S pixels per point, rules and drawings
too, pixel for pixel); then the totals.

    .venv/bin/python bench/typst_same_pdf.py --dump /tmp/before [--corpus 20] [--bulletins 100]
    .venv/bin/python bench/typst_same_pdf.py --compare /tmp/before /tmp/after
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this checkout's docgen, and not bench/ (typst.py would shadow the package)
sys.path.insert(1, str(ROOT / "tests" / "corpus"))

MM_PER_PT = 25.4 / 72
_COUNTED = {
    "box": r"#box\[|box\(",
    "h": r"#h\(",
    "set": r"#set ",
    "text": r"#text\(",
    "string": r'#"',
    "block": r"#block\(",
}


def _models() -> dict[str, object]:
    """Return every document to typeset, by name: samples, corpus, synthetic bulletins."""
    from generate import generate

    from bench.bulletin import ledger
    from bench.engine_docs import documents
    from docgen.bulletin_workers import Job, _compose
    from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME
    from docgen.load.projects import load_projects
    from docgen.notices import compose_notice_file
    from docgen.run_resources import RunResources
    from docgen.scoring import COMPLETION_ONLY

    resources = RunResources()
    models: dict[str, object] = dict(documents(resources))
    with tempfile.TemporaryDirectory(prefix="docgen-same-pdf-") as folder:
        corpus = Path(folder) / "corpus"
        generate(ARGS.seed, ARGS.corpus, corpus)
        for path in sorted(corpus.glob("*.md")):
            models[f"corpus:{path.stem}"] = compose_notice_file(path, resources)
        if ARGS.bulletins:
            sheet = Path(folder) / "ledger.xlsx"
            ledger(sheet, ARGS.bulletins)
            projects, _problems = load_projects(sheet, 2025, 5)
            groups: dict[str, list] = {}
            for project in projects:
                groups.setdefault(project.unit, []).append(project)
            for subject, rows in groups.items():
                job = Job(subject, tuple(rows), COMPLETION_ONLY, 2025, 5, "第5期", "编辑", dt.date(2025, 6, 5),
                          DEFAULT_NAME, DEFAULT_DISTRIBUTION, 0)  # fmt: skip
                models[f"bulletin:{subject}"] = _compose(job, resources.env)
    return models


def dump(out: Path) -> None:
    """Write every document's Typst source and PDF into ``out``, and the sources' element counts."""
    from docgen.emit.typst.compile import compile_pdf
    from docgen.emit.typst.emit import emit_typst
    from docgen.layout import Placement, lay_out

    out.mkdir(parents=True, exist_ok=True)
    models = _models()
    compile_pdf("#set page(width: 10mm, height: 10mm)\n#text(font: \"Noto Serif CJK SC\", \"永\")")
    counts: dict[str, dict[str, float]] = {}
    total_cpu = 0.0
    for name, model in models.items():
        source = emit_typst(lay_out(model, Placement.BOTTOM))  # type: ignore[arg-type]
        start = time.process_time()
        pdf = compile_pdf(source)
        spent = time.process_time() - start
        total_cpu += spent
        stem = name.replace(":", "--").replace("/", "_")
        (out / f"{stem}.typ").write_text(source, encoding="utf-8")
        (out / f"{stem}.pdf").write_bytes(pdf)
        counts[stem] = {key: len(re.findall(pattern, source)) for key, pattern in _COUNTED.items()}
        counts[stem]["chars"] = len(source)
        counts[stem]["compile_ms"] = round(spent * 1000, 1)
    (out / "counts.json").write_text(json.dumps(counts, ensure_ascii=False, indent=0), encoding="utf-8")
    sums = {key: sum(c[key] for c in counts.values()) for key in [*_COUNTED, "chars"]}
    print(f"{len(models)} documents into {out}; compile CPU {total_cpu:.2f} s; source totals {sums}")


def _pages(path: Path) -> list[list[tuple[str, float, float]]]:
    """Return each page's characters with their origin (mm from the page's bottom-left corner)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    pages = []
    try:
        for page in document:
            textpage = page.get_textpage()
            chars = []
            for index in range(textpage.count_chars()):
                char = textpage.get_text_range(index, 1)
                if char.isspace() or not char:
                    continue
                left, bottom, _right, _top = textpage.get_charbox(index, loose=False)
                chars.append((char, left * MM_PER_PT, bottom * MM_PER_PT))
            pages.append(chars)
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages


def _pixels(path: Path, scale: float) -> list[bytes]:
    """Return each page rendered in grey (``scale`` pixels per point): rules and drawings too."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return [bytes(page.render(scale=scale, grayscale=True).buffer) for page in document]
    finally:
        document.close()


def compare(before: Path, after: Path, tolerance: float) -> int:
    """Print how the PDFs of ``after`` differ from those of ``before``; return 1 if any does."""
    names = sorted(p.name for p in before.glob("*.pdf"))
    missing = [n for n in names if not (after / n).exists()]
    differ = 0
    worst = 0.0
    pages_total = chars_total = 0
    for name in names:
        if name in missing:
            continue
        a, b = _pages(before / name), _pages(after / name)
        problem = ""
        if len(a) != len(b):
            problem = f"{len(a)} pages, now {len(b)}"
        else:
            for number, (pa, pb) in enumerate(zip(a, b, strict=True), 1):
                ta, tb = "".join(c for c, _x, _y in pa), "".join(c for c, _x, _y in pb)
                if ta != tb:
                    at = next((i for i, (x, y) in enumerate(zip(ta, tb, strict=False)) if x != y), min(len(ta), len(tb)))
                    problem = f"page {number} text differs at {at}: {ta[at - 10 : at + 10]!r} / {tb[at - 10 : at + 10]!r}"
                    break
                far = max((max(abs(xa - xb), abs(ya - yb)) for (_c, xa, ya), (_d, xb, yb) in zip(pa, pb, strict=True)), default=0.0)
                worst = max(worst, far)
                chars_total += len(pa)
                if far > tolerance:
                    index = next(i for i, ((_c, xa, ya), (_d, xb, yb)) in enumerate(zip(pa, pb, strict=True))
                                 if max(abs(xa - xb), abs(ya - yb)) > tolerance)  # fmt: skip
                    c, xa, ya = pa[index]
                    _d, xb, yb = pb[index]
                    problem = f"page {number} {c!r} #{index} moved ({xa:.2f}, {ya:.2f}) → ({xb:.2f}, {yb:.2f}) mm"
                    break
            pages_total += len(a)
        if not problem and ARGS.pixels:
            for number, (ia, ib) in enumerate(zip(_pixels(before / name, ARGS.pixels), _pixels(after / name, ARGS.pixels), strict=True), 1):
                if ia != ib:
                    changed = sum(1 for x, y in zip(ia, ib, strict=False) if x != y)
                    problem = f"page {number}: {changed} pixels differ"
                    break
        if problem:
            differ += 1
            print(f"{name}: {problem}")
    print(
        f"{len(names)} PDFs, {len(missing)} missing in {after}, {differ} differ; {pages_total} pages, "
        f"{chars_total} characters compared, largest move {worst:.4f} mm (tolerance {tolerance} mm)"
    )
    return 1 if differ or missing else 0


def main() -> int:
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--compare", type=Path, nargs=2)
    parser.add_argument("--corpus", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--bulletins", type=int, default=100)
    parser.add_argument("--tolerance", type=float, default=0.1, help="mm a character may move")
    parser.add_argument("--pixels", type=float, default=0.0, help="also compare the pages rendered, pixels per point")
    ARGS = parser.parse_args()
    if ARGS.dump:
        dump(ARGS.dump)
    if ARGS.compare:
        return compare(*ARGS.compare, ARGS.tolerance)
    return 0


ARGS: argparse.Namespace

if __name__ == "__main__":
    raise SystemExit(main())
