"""A corpus of generated notices through the real pipeline and LibreOffice, every PDF measured (issue 14).

``tests/corpus/generate.py`` writes the notices (seed and size: ``DOCGEN_CORPUS_SEED``,
``DOCGEN_CORPUS_COUNT``; 60 in CI, 500 for a longer local run); ``docgen.preview.preview`` makes
their PDFs (layout, .docx, the LibreOffice pool, the even-page check); each PDF is measured by
``docgen check``'s own measurer and rules (``docgen.check.pdf_read.measure``,
``docgen.check.pdf_rules.check_pdf``), plus what ``check`` has no rule for: a date, number, 文号
or code split across the lines of a table cell, a table's width, "附件N" and its title on the page
where its table starts, and the gap between a Chinese character and a following digit or Latin
letter.

Every defect found is reported (``pytest -s`` or ``python tests/test_corpus.py --report``: kind →
notices → occurrences → an example: file, page, measured).  The test fails on any defect kind not
in ``KNOWN_DEFECTS``: the layout's known defects, each with the issue slice that fixes it, so that
the list is emptied as the layout is fixed (a kind listed but no longer found is reported too).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script: this checkout's docgen, not another one installed
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "corpus"))

from generate import CITED_CODES, generate  # noqa: E402

from docgen import standard as S  # noqa: E402
from docgen.check.pdf_pages import ATTACHMENT_LABEL, find_imprint, text_lines  # noqa: E402
from docgen.check.pdf_read import MM_PER_PT, Page, measure  # noqa: E402
from docgen.check.pdf_rules import check_pdf, without_watermark  # noqa: E402
from docgen.check.rules import Finding, Judge, Status  # noqa: E402

SEED = int(os.environ.get("DOCGEN_CORPUS_SEED", "14"))
COUNT = int(os.environ.get("DOCGEN_CORPUS_COUNT", "60"))
WORKERS = 2


@dataclass(frozen=True)
class Known:
    """A defect kind the layout still has: why, and the slice of issue 14 that removes it."""

    why: str
    slice: str


# Defect kinds found today (seed 14, 60 notices) that issue 14's open slices fix.  Empty this list
# as they land: a kind found and not listed fails the test.  Kinds: a check rule id (docgen check's
# measured rules, e.g. pages.full.pdf), or one of this module's own measures (table.*, attachment.*,
# gap.*), or crash / rejected.
KNOWN_DEFECTS: dict[str, Known] = {}


@dataclass(frozen=True)
class Defect:
    """One defect on one notice: its kind, where, and what was measured."""

    kind: str
    notice: str
    page: str
    measured: str


@dataclass
class Measured:
    """What measuring one notice's PDF found."""

    notice: str
    pages: int = 0
    defects: list[Defect] = field(default_factory=list)
    gaps: int = 0  # Chinese → Latin/digit transitions measured
    cells: int = 0  # table cells measured
    tables: int = 0


# ---- tables: cells, tokens that must not break, widths --------------------------------------------

DATE = r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日"
DOCNO = "(?:" + "|".join(map(re.escape, CITED_CODES)) + r")〔\d{4}〕\d+号"
CODE = r"[A-Z]{2,}-?\d{4}-?\d{3,4}|[A-Z]{2,}-\d{4}-\d{3}"
NUMBER = r"\d[\d,]*(?:\.\d+)?%?|\d{3,4}-\d{7,8}"
UNBREAKABLE = re.compile(f"(?P<docno>{DOCNO})|(?P<date>{DATE})|(?P<code>{CODE})|(?P<number>{NUMBER})")
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z0-9]")
GAP_LIMIT_PT = 0.5
TABLE_WIDTH = {False: S.TYPE_AREA_WIDTH_MM, True: S.TYPE_AREA_HEIGHT_MM}  # portrait 156, landscape 225


def _cell_lines(chars: list[dict]) -> list[list[dict]]:  # type: ignore[type-arg]
    """Return a cell's characters as lines, top to bottom, each left to right."""
    rows: dict[float, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    for char in chars:
        rows[round(char["matrix"][5] * 2) / 2].append(char)
    return [sorted(rows[key], key=lambda c: c["x0"]) for key in sorted(rows, reverse=True)]


def split_tokens(lines: Sequence[str]) -> list[tuple[str, str]]:
    """Return (kind, token) for each date, 文号, code or number that runs across two of ``lines``
    (a cell's text lines): "2025年10月13|日" is a date split, "XM2025057|6" a code split."""
    joined = "".join(lines)
    ends = set()
    at = 0
    for line in lines[:-1]:
        at += len(line)
        ends.add(at)
    found = []
    for match in UNBREAKABLE.finditer(joined):
        if any(match.start() < end < match.end() for end in ends):
            kind = match.lastgroup or "number"
            found.append((kind, "|".join(_pieces(joined, match.start(), match.end(), ends))))
    return found


def _pieces(text: str, start: int, end: int, ends: set[int]) -> list[str]:
    cuts = [start, *sorted(e for e in ends if start < e < end), end]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def line_gaps(chars: list[dict]) -> list[float]:  # type: ignore[type-arg]
    """Return, for each Chinese character followed by a digit or Latin letter in one line of
    ``chars``, the room between them beyond the line's usual spacing between characters, in pt."""
    gaps = [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:], strict=False)]
    changes = [
        i for i in range(len(gaps)) if CJK.match(chars[i]["text"]) and LATIN.match(chars[i + 1]["text"])
    ]
    others = [g for i, g in enumerate(gaps) if i not in changes]
    if not changes or not others:
        return []
    usual = statistics.median(others)
    return [gaps[i] - usual for i in changes]


def _runs(chars: list[dict]) -> list[list[dict]]:  # type: ignore[type-arg]
    """Split one baseline's characters where they are more than 1.5 字 apart (table cells, tabs)."""
    runs: list[list[dict]] = []  # type: ignore[type-arg]
    for char in chars:
        if runs and char["x0"] - runs[-1][-1]["x1"] < 1.5 * char["size"]:
            runs[-1].append(char)
        else:
            runs.append([char])
    return runs


# ---- one PDF -----------------------------------------------------------------------------------------


def _rule_defects(name: str, findings: Iterable[Finding]) -> list[Defect]:
    return [
        Defect(f.rule.id, name, f.where or "-", f.measured) for f in findings if f.status is Status.FAIL
    ]


def _table_label_defects(
    name: str, pages: list[Page], tables: dict[int, list[tuple[float, float]]], attachments: list[dict]
) -> list[Defect]:
    """"附件N" and the attachment's title on the page where its table starts (issue 14 Build 3)."""
    defects = []
    for page in pages:
        lines = text_lines(page)
        if not lines or not ATTACHMENT_LABEL.match(lines[0].text.strip()):
            continue
        digits = re.sub(r"\D", "", lines[0].text)
        number = int(digits) if digits else 1
        if not 1 <= number <= len(attachments) or attachments[number - 1]["kind"] != "table":
            continue
        title = re.sub(r"\s", "", attachments[number - 1]["title"])
        tops = sorted(top for top, _bottom in tables.get(page.number, []))
        table_top = tops[0] if tops else float("inf")
        above = "".join(line.text for line in lines[1:] if line.em_top < table_top)
        if title not in re.sub(r"\s", "", above):
            defects.append(Defect("attachment.title-apart", name, f"p{page.number}", f"附件{number}: {above[:20]!r}"))
        if not tops:
            later = next((n for n in sorted(tables) if n > page.number), None)
            defects.append(
                Defect(
                    "attachment.label-apart",
                    name,
                    f"p{page.number}",
                    f"附件{number} and its title alone on page {page.number} "
                    f"({'landscape' if page.landscape else 'portrait'}); the table starts on page {later}",
                )
            )
    return defects


def measure_notice(name: str, pdf: str, double_sided: bool, attachments: list[dict]) -> Measured:
    """Measure one notice's PDF: docgen check's measured rules and this module's own measures."""
    import pdfplumber

    result = Measured(name)
    pages = without_watermark(measure(Path(pdf)))
    result.pages = len(pages)
    findings: list[Finding] = []
    check_pdf(pages, Judge(findings), text_rules=True, double_sided=double_sided)
    result.defects += _rule_defects(name, findings)
    imprint = find_imprint(pages)
    tables: dict[int, list[tuple[float, float]]] = {}
    worst_gap: tuple[float, int, str] | None = None
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            landscape = page.width > page.height
            found = page.find_tables() if (page.lines or page.rects) else []
            in_cells: set[int] = set()
            for table in found:
                x0, top, x1, bottom = (v * MM_PER_PT for v in table.bbox)
                if imprint is not None and number == imprint.page.number and top >= imprint.top - 1:
                    continue  # the 版记's rules
                result.tables += 1
                tables.setdefault(number, []).append((top, bottom))
                width, expected = x1 - x0, TABLE_WIDTH[landscape]
                if abs(width - expected) > 1:
                    result.defects.append(
                        Defect(
                            "table.width",
                            name,
                            f"p{number}",
                            f"{width:.1f} mm wide on a {'landscape' if landscape else 'portrait'} page "
                            f"({expected:.0f} ±1), {len(table.rows[0].cells)} columns",
                        )
                    )
                for cell in table.cells:
                    inside = [
                        c
                        for c in page.chars
                        if cell[0] <= (c["x0"] + c["x1"]) / 2 <= cell[2]
                        and cell[1] <= (c["top"] + c["bottom"]) / 2 <= cell[3]
                    ]
                    in_cells.update(id(c) for c in inside)
                    lines = _cell_lines(inside)
                    if not lines:
                        continue
                    result.cells += 1
                    texts = ["".join(c["text"] for c in line) for line in lines]
                    for kind, token in split_tokens(texts):
                        result.defects.append(
                            Defect(f"table.split-{kind}", name, f"p{number}", f"「{token}」 in a cell")
                        )
                    for line in lines:
                        for gap in line_gaps(line):
                            result.gaps += 1
                            if worst_gap is None or gap > worst_gap[0]:
                                worst_gap = (gap, number, "".join(c["text"] for c in line)[:16])
            others = [c for c in page.chars if id(c) not in in_cells and abs(c["matrix"][1]) < 0.5]
            for line in _cell_lines(others):
                for run in _runs(line):
                    for gap in line_gaps(run):
                        result.gaps += 1
                        if worst_gap is None or gap > worst_gap[0]:
                            worst_gap = (gap, number, "".join(c["text"] for c in run)[:16])
    if worst_gap is not None and worst_gap[0] >= GAP_LIMIT_PT:
        gap, number, text = worst_gap
        result.defects.append(
            Defect("gap.chinese-latin", name, f"p{number}", f"{gap:.2f} pt in 「{text}」 (under {GAP_LIMIT_PT})")
        )
    result.defects += _table_label_defects(name, pages, tables, attachments)
    return result


def _measure_args(args: tuple[str, str, bool, list[dict]]) -> Measured:  # type: ignore[type-arg]
    return measure_notice(*args)


# ---- the corpus run ---------------------------------------------------------------------------------


@dataclass
class CorpusRun:
    """A corpus made and measured: every defect found, and the time each stage took."""

    seed: int
    count: int
    measured: list[Measured] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def by_kind(self) -> dict[str, list[Defect]]:
        kinds: dict[str, list[Defect]] = defaultdict(list)
        for defect in self.defects:
            kinds[defect.kind].append(defect)
        return dict(sorted(kinds.items()))

    def unknown(self) -> list[str]:
        return [kind for kind in self.by_kind() if kind not in KNOWN_DEFECTS]

    def report(self) -> str:
        pages = sum(m.pages for m in self.measured)
        lines = [
            f"corpus seed {self.seed}: {self.count} notices, {len(self.measured)} PDFs, {pages} pages, "
            f"{sum(m.tables for m in self.measured)} table parts, {sum(m.cells for m in self.measured)} cells, "
            f"{sum(m.gaps for m in self.measured)} Chinese→Latin gaps measured; "
            + ", ".join(f"{stage} {seconds:.0f} s" for stage, seconds in self.seconds.items()),
            f"{'defect kind':28} {'notices':>7} {'times':>6}  known  example (notice, page: measured)",
        ]
        for kind, defects in self.by_kind().items():
            notices = len({d.notice for d in defects})
            example = defects[0]
            known = "yes" if kind in KNOWN_DEFECTS else "NO"
            lines.append(
                f"{kind:28} {notices:7} {len(defects):6}  {known:5}  "
                f"{example.notice}, {example.page}: {example.measured[:150]}"
            )
        gone = [kind for kind in KNOWN_DEFECTS if kind not in self.by_kind()]
        if gone:
            lines.append("listed in KNOWN_DEFECTS but not found (remove them?): " + ", ".join(gone))
        if not self.defects:
            lines.append("no defects")
        return "\n".join(lines)


def run_corpus(seed: int, count: int, folder: Path, workers: int = WORKERS) -> CorpusRun:
    """Generate ``count`` notices of ``seed`` in ``folder``, make their PDFs, measure every one."""
    from docgen.errors import DataError
    from docgen.preview import preview
    from docgen.run_resources import RunResources

    run = CorpusRun(seed, count)
    start = time.monotonic()
    knobs = {k.name: k for k in generate(seed, count, folder / "src")}
    run.seconds["generate"] = time.monotonic() - start
    start = time.monotonic()
    out = folder / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(folder / "src" / f"{name}.md", out / f"{name}.pdf") for name in knobs]
    report = preview(jobs, RunResources(), watermark=False, workers=workers)
    run.seconds["pipeline"] = time.monotonic() - start
    for source, error in report.failed:
        kind = "rejected" if isinstance(error, DataError) else "crash"
        run.defects.append(Defect(kind, source.stem, "-", f"{type(error).__name__}: {error}"))
    for note in report.notes:
        run.defects.append(Defect("pipeline.note", "-", "-", note))
    for result in report.results:
        for warning in result.warnings:
            run.defects.append(Defect("preview.warning", result.source.stem, "-", warning))
    start = time.monotonic()
    args = [
        (
            r.source.stem,
            str(r.pdf),
            knobs[r.source.stem].double_sided,
            [{"kind": a.kind, "title": a.title} for a in knobs[r.source.stem].attachments],
        )
        for r in report.results
    ]
    with ProcessPoolExecutor(workers) as executor:
        run.measured = list(executor.map(_measure_args, args, chunksize=1))
    run.seconds["measure"] = time.monotonic() - start
    for measured in run.measured:
        run.defects += measured.defects
    (folder / "defects.json").write_text(
        json.dumps([d.__dict__ for d in run.defects], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return run


# ---- the tests ---------------------------------------------------------------------------------------


def _libreoffice() -> bool:
    from docgen.convert.oneshot import soffice_path

    return soffice_path() is not None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusRun:
    if not _libreoffice():
        pytest.skip("LibreOffice is not installed (scripts/setup.sh)")
    run = run_corpus(SEED, COUNT, tmp_path_factory.mktemp("corpus"))
    print("\n" + run.report())
    return run


def test_split_tokens() -> None:
    assert split_tokens(["2025年10月13", "日"]) == [("date", "2025年10月13|日")]
    assert split_tokens(["XM2025057", "6"]) == [("code", "XM2025057|6")]
    assert split_tokens(["伊重点项目办〔2025〕", "13号"]) == [("docno", "伊重点项目办〔2025〕|13号")]
    assert split_tokens(["1004", "696"]) == [("number", "1004|696")]
    assert split_tokens(["改造农村公路29.2", "公里"]) == []
    assert split_tokens(["2025年", "10月13日"]) == [("date", "2025年|10月13日")]


def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate(7, 3, tmp_path / "a")
    generate(7, 5, tmp_path / "b")
    for name in ("n7-000.md", "n7-002.md", "attachments/n7-001-1.csv"):
        a, b = tmp_path / "a" / name, tmp_path / "b" / name
        if a.exists() or b.exists():
            assert a.read_bytes() == b.read_bytes(), name


def test_known_defects_say_why() -> None:
    for kind, known in KNOWN_DEFECTS.items():
        assert known.why and re.match(r"issue 14 \([a-d]\)", known.slice), kind


def test_corpus_has_no_crash(corpus: CorpusRun) -> None:
    crashes = [d for d in corpus.defects if d.kind in ("crash", "rejected")]
    assert len(corpus.measured) + len({d.notice for d in crashes}) == corpus.count
    assert not [d for d in crashes if d.kind not in KNOWN_DEFECTS], crashes


def test_corpus_only_known_defects(corpus: CorpusRun) -> None:
    unknown = corpus.unknown()
    assert not unknown, "defect kinds not in KNOWN_DEFECTS:\n" + corpus.report()


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description="Make and measure the notice corpus; print the defect table.")
    parser.add_argument("--report", action="store_true", help="print the defect table (the default)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--keep", type=Path, help="folder for the sources, PDFs and defects.json")
    args = parser.parse_args(argv)
    if args.keep:
        run = run_corpus(args.seed, args.count, args.keep, args.workers)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run = run_corpus(args.seed, args.count, Path(folder), args.workers)
    print(run.report())
    return 1 if run.unknown() else 0


if __name__ == "__main__":
    sys.exit(main())
