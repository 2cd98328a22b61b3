"""Check that a speed change leaves the documents as they were: a digest of the layout (the placed
document's repr, the 版记 placed by the estimate and at the bottom), the Typst source and every
.docx part of the layout corpus (tests/corpus/generate.py, ``--seed``, ``--corpus`` notices) and of
every sample source under samples/, and of the Typst source and every .docx part of ``--count``
bulletins (the same synthetic ledger as bench/bulletin.py), made in this process.

Run it on two checkouts (``--root``: the checkout whose docgen is imported, this one by default)
and compare the last line; ``--list`` prints one digest per document and part, to find what differs.

    .venv/bin/python bench/same_output.py [--root ../main] [--count 30] [--corpus 60] [--list]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent


def _parts(doc: Any, template: Any) -> dict[str, bytes]:
    """Return the layout's repr at both placements, the Typst source and the .docx parts of ``doc``."""
    from docgen.emit.docx.emit import emit_docx
    from docgen.emit.typst.emit import emit_typst
    from docgen.layout import Placement, lay_out

    placed = lay_out(doc)
    bottom = lay_out(doc, Placement.BOTTOM)
    parts = {"layout": repr(placed).encode(), "layout-bottom": repr(bottom).encode(), "typst": emit_typst(placed).encode()}
    with zipfile.ZipFile(io.BytesIO(emit_docx(placed, template))) as docx:
        parts.update((name, docx.read(name)) for name in sorted(docx.namelist()))
    return parts


def sources(root: Path, seed: int, corpus: int, folder: Path) -> Iterator[tuple[str, Any, Any]]:
    """Yield the name, model and .docx template of every corpus notice and sample source."""
    sys.path.insert(1, str(root / "tests" / "corpus"))
    from generate import generate

    from docgen.config import Settings
    from docgen.notices import compose_source
    from docgen.run_resources import RunResources

    generate(seed, corpus, folder)
    resources = RunResources()
    for source in sorted(folder.glob("*.md")):
        yield source.name, compose_source(source, resources)[0], resources.template
    office = RunResources(Settings(letterhead_dirs=(root / "samples" / "office" / "版头",)))
    for source in sorted((root / "samples").rglob("*.md")):
        if "attachments" not in source.parts:
            given = office if source.parent.name == "office" else resources
            yield str(source.relative_to(root)), compose_source(source, given)[0], given.template


def bulletins(count: int) -> Iterator[tuple[str, dict[str, bytes]]]:
    """Yield the subject and parts (layout, Typst source, .docx parts) of each bulletin."""
    from bulletin import ledger

    from docgen.bulletin_workers import Job, _compose
    from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME
    from docgen.emit.docx.emit import render_docx
    from docgen.emit.typst.emit import emit_typst
    from docgen.layout import lay_out
    from docgen.load.projects import load_projects
    from docgen.run_resources import RunResources
    from docgen.scoring import COMPLETION_ONLY

    with tempfile.TemporaryDirectory(prefix="docgen-same-") as folder:
        path = Path(folder) / "ledger.xlsx"
        ledger(path, count)
        projects, _problems = load_projects(path, 2025, 5)
    groups: dict[str, list[Any]] = {}
    for project in projects:
        groups.setdefault(project.unit, []).append(project)
    resources = RunResources()
    for subject, rows in groups.items():
        job = Job(subject, tuple(rows), COMPLETION_ONLY, 2025, 5, "第5期", "编辑", dt.date(2025, 6, 5),
                  DEFAULT_NAME, DEFAULT_DISTRIBUTION, 0)  # fmt: skip
        doc = _compose(job, resources.env)
        placed = lay_out(doc)
        parts = {"layout": repr(placed).encode(), "typst": emit_typst(placed).encode()}
        with zipfile.ZipFile(io.BytesIO(render_docx(doc, resources.template).data)) as docx:
            parts.update((name, docx.read(name)) for name in sorted(docx.namelist()))
        yield subject, parts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout whose docgen is measured")
    parser.add_argument("--count", type=int, default=30, help="bulletins (units of the synthetic ledger)")
    parser.add_argument("--corpus", type=int, default=60)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path[0] = str(root)  # that checkout's docgen, and not bench/ (typst.py would shadow the package)
    sys.path.append(str(HERE / "bench"))  # bulletin.ledger: the same ledger for both checkouts
    totals = {"documents": hashlib.sha256(), "bulletins": hashlib.sha256()}
    counts = dict.fromkeys(totals, 0)

    def add(kind: str, name: str, parts: dict[str, bytes]) -> None:
        counts[kind] += 1
        for part, data in parts.items():
            digest = hashlib.sha256(data).hexdigest()
            totals[kind].update(f"{name}\0{part}\0{digest}\n".encode())
            if args.list:
                print(name, part, digest[:16])

    with tempfile.TemporaryDirectory(prefix="docgen-same-corpus-") as folder:
        for name, doc, template in sources(root, args.seed, args.corpus, Path(folder)):
            add("documents", name, _parts(doc, template))
    for subject, parts in bulletins(args.count):
        add("bulletins", subject, parts)
    whole = hashlib.sha256(b"".join(total.digest() for total in totals.values())).hexdigest()
    for kind, total in totals.items():
        print(f"{counts[kind]} {kind}: {total.hexdigest()}")
    print(f"all: {whole}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
