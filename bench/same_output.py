"""Check that a speed change leaves the documents as they were: a digest of the Typst source and of
every .docx part of N bulletins (the same synthetic ledger as bench/bulletin.py), made in this process.

Run it in two checkouts (cwd in each) and compare the last line; ``--list`` prints one digest per
bulletin and part, to find what differs.

    .venv/bin/python bench/same_output.py [--count 40] [--list]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this checkout's docgen, and not bench/ (typst.py would shadow the package)
sys.path.append(str(ROOT / "bench"))

from bulletin import ledger  # noqa: E402

from docgen.bulletin_workers import Job, _compose  # noqa: E402
from docgen.compose.bulletin import DEFAULT_DISTRIBUTION, DEFAULT_NAME  # noqa: E402
from docgen.emit.docx.emit import render_docx  # noqa: E402
from docgen.emit.typst.emit import emit_typst  # noqa: E402
from docgen.layout import lay_out  # noqa: E402
from docgen.load.projects import load_projects  # noqa: E402
from docgen.run_resources import RunResources  # noqa: E402
from docgen.scoring import COMPLETION_ONLY  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-same-") as folder:
        path = Path(folder) / "ledger.xlsx"
        ledger(path, args.count)
        projects, _problems = load_projects(path, 2025, 5)
    groups: dict[str, list] = {}
    for project in projects:
        groups.setdefault(project.unit, []).append(project)
    resources = RunResources()
    total = hashlib.sha256()
    for subject, rows in groups.items():
        job = Job(subject, tuple(rows), COMPLETION_ONLY, 2025, 5, "第5期", "编辑", dt.date(2025, 6, 5),
                  DEFAULT_NAME, DEFAULT_DISTRIBUTION, 0)  # fmt: skip
        doc = _compose(job, resources.env)
        parts = {"typst": emit_typst(lay_out(doc)).encode()}
        with zipfile.ZipFile(io.BytesIO(render_docx(doc, resources.template).data)) as docx:
            parts.update((name, docx.read(name)) for name in sorted(docx.namelist()))
        for name, data in parts.items():
            digest = hashlib.sha256(data).hexdigest()
            total.update(f"{subject}\0{name}\0{digest}\n".encode())
            if args.list:
                print(subject, name, digest[:16])
    print(f"{len(groups)} bulletins: {total.hexdigest()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
