"""Issue 14 Done-when: the sample 督办 notices and 通报 pass the notice corpus's checks (LibreOffice).

From the sample ledgers, as scripts/demo.sh makes them: two 挂牌督办通知书 and a 催办通知 of
samples/supervision/督办台账.xlsx, its 督查通报 (a landscape table of overdue items), and the 排名通报 of
samples/ranking — each PDF measured by ``test_corpus.measure_notice``: docgen check's measured rules
(pages full, the 版记 at 262 mm on an even last page, no blank page, no token or word split in a
table …), tables 156/225 mm wide, no Chinese→digit gap of 0.5 pt or more.  The sample notices and
bulletins are measured in test_preview.py and test_bulletin.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from test_corpus import measure_notice

from docgen.cli import main_group
from docgen.convert.pool import ConverterPool

LEDGER = ROOT / "samples" / "supervision" / "督办台账.xlsx"
RANKING = ROOT / "samples" / "ranking"


def _run(*args: str | Path) -> None:
    result = CliRunner().invoke(main_group, [str(a) for a in args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("samples14")
    register = ["--register", folder / "r.sqlite"]
    supervise = [*register, "supervise", LEDGER, "--letterhead", "zhangzi-zdxmb"]
    _run(*supervise, "--out", folder / "督办")
    _run(*supervise, "--out", folder / "催办", "--overdue", "--as-of", "2025-10-20")
    _run(
        *register, "rank", RANKING / "项目台账-2025-05.xlsx", "--month", "2025-05",
        "--previous", RANKING / "项目台账-2025-04.xlsx", "--rules", RANKING / "rules.yaml",
        "--letterhead", "zhangzi-zdxmb", "-o", folder / "排名" / "排名通报.docx", "--date", "2025-06-05",
    )  # fmt: skip
    notices = sorted((folder / "督办").glob("*.docx"))[:2]
    urges = sorted((folder / "催办").glob("*催办*.docx"))[:1]
    (report,) = (folder / "催办").glob("*督查通报.docx")
    assert len(notices) == 2
    assert len(urges) == 1
    return [*notices, *urges, report, folder / "排名" / "排名通报.docx"]


def test_sample_supervision_and_ranking_documents_pass_the_corpus_measures(
    documents: list[Path], pool: ConverterPool
) -> None:
    outcomes = pool.convert([(docx, docx.with_suffix(".pdf")) for docx in documents])
    tables = 0
    for docx, outcome in zip(documents, outcomes, strict=True):
        assert outcome.error is None, (docx.name, outcome.error)
        measured = measure_notice(docx.stem, str(outcome.target), True)
        assert not measured.defects, (docx.name, measured.defects)
        tables += measured.tables
    assert tables >= 2  # the 督查通报's and the 排名通报's tables were measured
