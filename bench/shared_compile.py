"""Benchmark: a batch's documents typeset one Typst compile each (docgen's way) against several
sharing one compile, its PDF then split into the documents' PDFs (issue 17's open question).

The documents are ``--count`` synthetic bulletins (bench/bulletin.py's ledger, made as
``make_bulletins`` makes them) and, with ``--corpus N``, N notices of the layout corpus.  A shared
source is the documents' own sources one after another, each made to stand alone in it: its page
numbers restarted (``counter(page).update(1)``), its 版记's label made its own and the even-page
test (``markup.tail``) asked of its page number, not of the page's place in the file.  The split
copies each document's pages into a PDF of its own with PDFium (as the merged 合订本 is made,
publish/merge.py).  Each way runs ``--rounds`` times, alternately, each time in a process of its
own (Typst serves an identical source, and identical content, from its cache of an earlier
compile in the process: a shared source compiled again took a tenth of the time), its compiler
warmed on another document first; the least CPU time (the process's, Typst's threads included)
of each is printed, per document, with the ratio, the page counts (they must agree) and the load
average.

What a split PDF loses, not made up here (the reason docgen does not share a compile): the
document's own metadata (Typst writes one /Info and XMP per compile: title, subject, author, date
and the 发文字号 keyword of the first document only), its bookmarks (one outline for all), and
its fonts' subsets (each split PDF carries the glyphs of all the documents it was compiled with).

    .venv/bin/python bench/shared_compile.py [--count 40] [--corpus 0] [--group 5 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this checkout's docgen, and not bench/ (typst.py would shadow the package)
sys.path += [str(ROOT / "tests" / "corpus"), str(ROOT / "bench")]  # last: bench/typst.py is no package

from docgen.emit.typst.compile import compile_pdf  # noqa: E402
from docgen.publish.pdfium import page_count  # noqa: E402

_PAGE_BODY = re.compile(r"(\n\}\)|foreground: none\))\[\n")  # where a section's body starts


def bulletin_sources(count: int) -> list[str]:
    """Return the Typst source of each of ``count`` synthetic bulletins."""
    from same_output import bulletins

    return [parts["typst"].decode() for _subject, parts in bulletins(count)]


def corpus_sources(count: int) -> list[str]:
    """Return the Typst source of the first ``count`` notices of the layout corpus (seed 14)."""
    from generate import write_notice

    from docgen.emit.typst.emit import emit_typst
    from docgen.layout import Placement, lay_out
    from docgen.notices import compose_notice_file
    from docgen.run_resources import RunResources

    resources = RunResources()
    with tempfile.TemporaryDirectory(prefix="docgen-shared-") as folder:
        for index in range(count):
            write_notice(14, index, Path(folder))
        paths = sorted(Path(folder).glob("*.md"))
        return [emit_typst(lay_out(compose_notice_file(p, resources), Placement.BOTTOM)) for p in paths]


def alone_in_shared(source: str, index: int) -> tuple[str, str]:
    """Return (settings, body) of one document's source for a shared one: its settings (the lines
    before its first page), its body with its page numbers restarted and its 版记 placed by its own
    page number (``markup.tail``), under a label of its own."""
    start = source.index("#page(")
    settings, body = source[:start], source[start:]
    found = _PAGE_BODY.search(body)
    assert found is not None, "a section's body follows its page settings"
    body = body[: found.end()] + "#counter(page).update(1)\n" + body[found.end() :]
    body = body.replace("<docgen-tail-at>", f"<docgen-tail-at-{index}>")
    body = body.replace("at.page()", "counter(page).at(at).first()")
    return settings, body


def shared(sources: list[str], first: int) -> str:
    """Return one source typesetting ``sources`` one after another (the first one's metadata)."""
    lines: dict[str, None] = {}
    bodies = []
    for index, source in enumerate(sources, start=first):
        settings, body = alone_in_shared(source, index)
        lines.update(dict.fromkeys(settings.splitlines()))
        bodies.append(body)
    head = [line for line in lines if not line.startswith("#set document(")]
    document = next(line for line in lines if line.startswith("#set document("))
    return "\n".join([document, *head]) + "\n" + "".join(bodies)


def split(pdf: bytes, pages: list[int]) -> list[bytes]:
    """Return ``pdf``'s pages cut into documents of ``pages`` pages each (PDFium)."""
    import pypdfium2

    whole = pypdfium2.PdfDocument(pdf)
    out, at = [], 0
    for count in pages:
        part = pypdfium2.PdfDocument.new()
        part.import_pages(whole, list(range(at, at + count)))
        buffer = _Buffer()
        part.save(buffer)
        out.append(buffer.data)
        part.close()
        at += count
    whole.close()
    return out


class _Buffer:
    """A writable file for PDFium's ``save``."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        return len(chunk)


def one_each(sources: list[str]) -> tuple[float, list[int]]:
    """Return the CPU seconds of compiling each source alone, and each one's pages."""
    start = time.process_time()
    pages = [page_count(compile_pdf(s)) for s in sources]
    return time.process_time() - start, pages


def grouped(sources: list[str], size: int, pages: list[int]) -> tuple[float, int]:
    """Return the CPU seconds of compiling ``sources`` ``size`` to a compile and splitting each PDF
    into the documents' (``pages``: each one's count), and the pages made."""
    start, made = time.process_time(), 0
    for at in range(0, len(sources), size):
        pdf = compile_pdf(shared(sources[at : at + size], at))
        made += page_count(pdf)
        parts = split(pdf, pages[at : at + size])
        assert len(parts) == len(sources[at : at + size])
    return time.process_time() - start, made


def measure(folder: Path, way: str) -> None:
    """Print (in a process of its own) the CPU seconds and pages of one way, as JSON: ``alone``, or
    the group size."""
    sources = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.typ"))]
    warm = (folder / "warm.typst").read_text(encoding="utf-8")
    compile_pdf(warm)  # fonts loaded, outside the clock
    pages = json.loads((folder / "pages.json").read_text()) if (folder / "pages.json").exists() else []
    if way == "alone":
        seconds, pages = one_each(sources)
        print(json.dumps([seconds, pages]))
        return
    seconds, made = grouped(sources, int(way), pages)
    print(json.dumps([seconds, made]))


def _run(folder: Path, way: str) -> tuple[float, Any]:
    """Return the CPU seconds of one way, measured in a process of its own, and its pages."""
    command = [sys.executable, __file__, "--measure", f"{folder}:{way}"]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds, pages = json.loads(done.stdout.strip().splitlines()[-1])
    return float(seconds), pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40, help="synthetic bulletins")
    parser.add_argument("--corpus", type=int, default=0, help="notices of the layout corpus")
    parser.add_argument("--group", type=int, nargs="+", default=[5, 10], help="documents to a shared compile")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # a measure's own process: folder:way
    args = parser.parse_args()
    if args.measure:
        folder, way = args.measure.rsplit(":", 1)
        measure(Path(folder), way)
        return 0
    batches = {"bulletins": bulletin_sources(args.count + 1)} if args.count else {}
    if args.corpus:
        batches["corpus notices"] = corpus_sources(args.corpus + 1)
    print(f"load average {os.getloadavg()[0]:.1f} at the start; CPU ms per document, least of {args.rounds}")
    for name, sources in batches.items():
        warm, sources = sources[0], sources[1:]  # the compiler warmed on a document not measured
        with tempfile.TemporaryDirectory(prefix="docgen-shared-") as tmp:
            folder = Path(tmp)
            (folder / "warm.typst").write_text(warm, encoding="utf-8")
            for index, source in enumerate(sources):
                (folder / f"{index:04d}.typ").write_text(source, encoding="utf-8")
            sizes = sorted({min(size, len(sources)) for size in args.group})
            alone: list[float] = []
            together: dict[int, list[float]] = {size: [] for size in sizes}
            pages: list[int] = []
            for _round in range(args.rounds):
                seconds, pages = _run(folder, "alone")
                alone.append(seconds)
                (folder / "pages.json").write_text(json.dumps(pages))
                for size in sizes:
                    seconds, made = _run(folder, str(size))
                    assert made == sum(pages), f"shared compile of {size}: {made} pages, alone {sum(pages)}"
                    together[size].append(seconds)
        best = min(alone)
        print(f"{name}: {len(sources)} documents, {sum(pages)} pages")
        print(f"  one compile each           {best / len(sources) * 1000:7.1f}")
        for size, times in together.items():
            least = min(times)
            print(
                f"  {size:3} to a compile, split    {least / len(sources) * 1000:7.1f}"
                f"   {best / least:4.1f}x less CPU (same run)"
            )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
