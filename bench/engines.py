"""Comparison run: every sample notice and the layout corpus through both PDF engines, side by side.

For each document, the real pipeline (``publish``: layout, .docx, PDF, the even-page sequence)
makes its PDF once with LibreOffice (one pool for the run, started before the clock) and once
with Typst (in process), in the same run; then ``docgen check``'s measured rules judge each PDF.
Printed per document: page counts, whether the first characters of every page agree, the rules
each engine fails; then the totals (same page count, same page starts, check-clean documents) and
the time per document of each engine with the ratio.

    .venv/bin/python bench/engines.py [--corpus 20] [--seed 14] [--chars 6] [--typst-only]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this checkout's docgen, and not bench/ (typst.py would shadow the package)
sys.path.insert(1, str(ROOT / "tests" / "corpus"))

from generate import generate  # noqa: E402

from docgen.check.pdf_pages import text_lines  # noqa: E402
from docgen.check.pdf_read import Page, measure  # noqa: E402
from docgen.check.pdf_rules import check_pdf, without_watermark  # noqa: E402
from docgen.check.rules import Judge, Status  # noqa: E402
from docgen.convert.converter import converter  # noqa: E402
from docgen.model import Document  # noqa: E402
from docgen.notices import compose_notice_file  # noqa: E402
from docgen.publish.pipeline import Engine, Publication, publish  # noqa: E402
from docgen.run_resources import RunResources  # noqa: E402


def starts(pages: list[Page], chars: int) -> list[str]:
    """Return the first characters of every page's text (page numbers and watermark aside)."""
    return ["".join(line.text for line in text_lines(page)).replace(" ", "")[:chars] for page in pages]


def failures(pages: list[Page], doc: Document) -> set[str]:
    """Return the measured rules of ``docgen check`` the pages fail."""
    judge = Judge([])
    check_pdf(pages, judge, text_rules=True, double_sided=doc.double_sided)
    return {f.rule.id.removesuffix(".pdf") for f in judge.findings if f.status is Status.FAIL}


def make(docs: dict[str, Document], folder: Path, engine: Engine) -> float:
    """Make every document's PDF with ``engine`` into ``folder``; return the seconds it took."""
    resources = RunResources()
    items = [
        Publication(doc, None, folder / f"{name}.pdf", engine=engine, watermark=False)
        for name, doc in docs.items()
    ]
    lo = engine is Engine.LIBREOFFICE
    with converter(len(items)) if lo else nullcontext() as convert:
        start = time.perf_counter()
        results = publish(items, resources.template, convert)
        seconds = time.perf_counter() - start
    failed = [r for r in results if r.error is not None]
    assert not failed, failed[0].error
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, default=20, help="corpus notices (0: samples only)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--chars", type=int, default=6, help="characters compared at each page start")
    parser.add_argument("--typst-only", action="store_true")
    args = parser.parse_args()
    resources = RunResources()
    with tempfile.TemporaryDirectory(prefix="docgen-engines-") as tmp:
        folder = Path(tmp)
        sources = sorted((ROOT / "samples" / "notices").glob("*.md"))
        if args.corpus:
            generate(args.seed, args.corpus, folder / "corpus")
            sources += sorted((folder / "corpus").glob("*.md"))
        docs = {source.stem: compose_notice_file(source, resources) for source in sources}
        engines = [Engine.TYPST] if args.typst_only else [Engine.TYPST, Engine.LIBREOFFICE]
        seconds: dict[Engine, float] = {}
        measured: dict[Engine, dict[str, list[Page]]] = {}
        for engine in engines:
            (folder / engine.value).mkdir()
            seconds[engine] = make(docs, folder / engine.value, engine)
            measured[engine] = {
                name: without_watermark(measure(folder / engine.value / f"{name}.pdf")) for name in docs
            }
    typst = measured[Engine.TYPST]
    lo = measured.get(Engine.LIBREOFFICE)
    same_count = same_starts = 0
    clean: Counter[str] = Counter()
    print(f"{'document':26} {'pages T/LO':>10} {'starts':>7}  Typst fails / LibreOffice fails")
    for name, doc in docs.items():
        t_fail = failures(typst[name], doc)
        clean["typst"] += not t_fail
        if lo is None:
            print(f"{name:26} {len(typst[name]):>10} {'':>7}  {','.join(sorted(t_fail)) or '-'}")
            continue
        l_fail = failures(lo[name], doc)
        clean["libreoffice"] += not l_fail
        t_starts, l_starts = starts(typst[name], args.chars), starts(lo[name], args.chars)
        agree = sum(a == b for a, b in zip(t_starts, l_starts, strict=False))
        same_count += len(t_starts) == len(l_starts)
        same_starts += t_starts == l_starts
        pages = f"{len(t_starts)}/{len(l_starts)}"
        print(
            f"{name:26} {pages:>10} {agree:>3}/{max(len(t_starts), len(l_starts)):<3}  "
            f"{','.join(sorted(t_fail)) or '-'} / {','.join(sorted(l_fail)) or '-'}"
        )
        if t_starts != l_starts:
            diverge = next(
                (i for i, (a, b) in enumerate(zip(t_starts, l_starts, strict=False)) if a != b),
                min(len(t_starts), len(l_starts)),
            )
            print(
                f"{'':26} first difference: page {diverge + 1}: "
                f"T {t_starts[diverge : diverge + 1]} LO {l_starts[diverge : diverge + 1]}"
            )
    count = len(docs)
    print()
    print(f"documents: {count}; check-clean (measured rules): Typst {clean['typst']}", end="")
    if lo is None:
        print()
    else:
        print(f", LibreOffice {clean['libreoffice']}")
        print(
            f"same page count: {same_count}/{count} ({same_count / count:.0%}); "
            f"every page starting alike: {same_starts}/{count}"
        )
    per_t = seconds[Engine.TYPST] / count
    line = f"time per document (publish, layout and .docx included): Typst {per_t * 1000:.0f} ms"
    if Engine.LIBREOFFICE in seconds:
        per_lo = seconds[Engine.LIBREOFFICE] / count
        line += f", LibreOffice {per_lo * 1000:.0f} ms (pool warm); ratio {per_lo / per_t:.1f}x"
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
