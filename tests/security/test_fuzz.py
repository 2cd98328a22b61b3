"""Random front matter, bodies and ledger cells through render, supervise, rank and bulletin, in process.

Only a DocgenError may come out (never another exception, so never 内部错误), and no command
leaves a partial file: every .docx/.xlsx written is a complete package.  No PDFs are made.
Examples: 650 notices + 200 supervision ledgers + 100 ranked ledgers + 50 bulletin runs = 1,000.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from docgen.errors import DocgenError
from docgen.notices import render_notices
from docgen.register import Register
from docgen.run_resources import RunResources

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "samples" / "ranking" / "rules.yaml"


def fuzz(examples: int) -> settings:
    """Hypothesis settings: ``examples`` runs, no deadline (a run writes files), no example database."""
    return settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )


TOKENS = [
    "=HYPERLINK(\"http://x\",\"u\")", "@SUM(A1)", "+1", "-1", "\t", "\r", "\n", "\x00", "\x07", "\ufffe",
    "<!--", "-->", "#", "##", "####", "#####", "|", "| a | b |", "|---|", "---", "&a", "*a", ": ", "- ",
    "{{ x }}", "{% if %}", "NaN", "Infinity", "1e400", "9" * 40, "0.000001", "2025-02-30", "2025-09-29",
    "2025年9月29日", "45000", "一、", "（一）", "〔2025〕", "号", "　", "\u200b", "😀", "𠀾", " ",
    "../", "/etc/passwd", "a" * 300, "\\ud800",
]  # fmt: skip
pieces = st.one_of(
    st.sampled_from(TOKENS), st.text(max_size=8), st.text(alphabet="甲乙丙丁镇县局项目问题", max_size=6)
)
fuzz_text = st.lists(pieces, max_size=6).map("".join)

KEYS = ["发文机关", "发文字号", "标题", "主送", "成文日期", "抄送", "附件", "附注", "签发人", "份号", "密级",
        "紧急程度", "盖章", "双面印刷", "连续编号", "印发日期", "title", "date", "letterhead", "unknown"]  # fmt: skip
scalars = st.one_of(
    fuzz_text, st.integers(-(10**40), 10**40), st.floats(), st.booleans(), st.none(), st.dates(),
    st.sampled_from(["yichuan", "sanmenxia", "a" * 300, "a\x00b", "auto", "伊重点项目办〔2020〕13号", "2020-03-05", "000123"]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(fuzz_text, inner, max_size=3),
    max_leaves=8,
)
BASE = {"发文机关": "yichuan", "标题": "关于测试的通知", "成文日期": "2020-03-05"}


def _front(data: dict[str, object], raw: str | None) -> str:
    if raw is not None:
        return raw
    try:
        return yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, UnicodeError):
        return yaml.safe_dump(data)


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    """One register for all the examples of this module (opening one per example dominates the time)."""
    with Register.open(tmp_path_factory.mktemp("fuzz") / "r.sqlite") as shared:
        yield shared


@contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="docgen-fuzz-") as name:
        yield Path(name)


def _complete_packages(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as package:
                assert package.testzip() is None, path
        temporary = path.name.startswith(".") and path.name != ".docgen-folder.json"  # the folder record
        assert not temporary or path.is_dir(), path  # no temp file left behind


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "surrogatepass"))


@fuzz(650)
@given(
    updates=st.dictionaries(st.sampled_from(KEYS), values, max_size=4),
    raw=st.none() | fuzz_text,
    body=st.lists(fuzz_text, max_size=6).map("\n".join),
)
def test_notices(updates: dict[str, object], raw: str | None, body: str) -> None:
    with _folder() as folder:
        source = folder / "notice.md"
        _write(source, f"---\n{_front({**BASE, **updates}, raw)}\n---\n{body}\n")
        output = folder / "out" / "notice.docx"
        output.parent.mkdir()
        report = render_notices([(source, output)], RunResources())  # raises nothing: failures are reported
        assert all(isinstance(error, DocgenError) for _s, error in report.failed)
        assert output.exists() == bool(report.written)
        event("written" if report.written else "refused")
        _complete_packages(folder)


SUPERVISION = [
    "督办编号",
    "项目名称",
    "责任单位",
    "存在问题",
    "交办日期",
    "办理时限（工作日）",
    "状态",
    "反馈日期",
]
GOOD_ITEM = ["DB-1", "甲项目", "县水利局", "用地未批", "2025-09-29", "10", "未办结", ""]
PROJECTS = [
    "项目名称",
    "责任单位",
    "总投资（万元）",
    "年度计划投资（万元）",
    "累计完成投资（万元）",
    "是否开工",
    "包抓领导",
]
GOOD_PROJECT = ["甲项目", "城关镇", "1000", "500", "200", "是", "张三"]


def _rows(good: list[str]) -> st.SearchStrategy[list[list[str]]]:
    row = st.lists(st.one_of(fuzz_text, st.sampled_from(good)), min_size=len(good), max_size=len(good))
    return st.lists(st.one_of(row, st.just(good)), min_size=1, max_size=4)


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    _write(path, buffer.getvalue())
    return path


def _only_docgen_errors(run: Callable[[], object]) -> None:
    with contextlib.suppress(DocgenError):  # anything else fails the test
        run()
        event("ran")
        return
    event("refused")


@fuzz(200)
@given(rows=_rows(GOOD_ITEM), overdue=st.booleans())
def test_supervision_ledgers(rows: list[list[str]], overdue: bool, register: Register) -> None:
    from docgen.supervise import supervise

    with _folder() as folder:
        ledger = _csv(folder / "督办.csv", SUPERVISION, rows)

        def run() -> None:
            report = supervise(
                ledger, "zhangzi-zdxmb", folder / "out", RunResources(), register,
                overdue=overdue, as_of=dt.date(2025, 12, 1) if overdue else None,
            )  # fmt: skip
            assert all(isinstance(error, DocgenError) for error in report.errors)

        _only_docgen_errors(run)
        _complete_packages(folder)


@fuzz(100)
@given(rows=_rows(GOOD_PROJECT))
def test_project_ledgers_ranked(rows: list[list[str]], register: Register) -> None:
    from docgen.rank import make_ranking

    with _folder() as folder:
        ledger = _csv(folder / "台账.csv", PROJECTS, rows)
        _only_docgen_errors(
            lambda: make_ranking(
                ledger,
                "2025-05",
                RULES,
                "zhangzi-zdxmb",
                folder / "r.docx",
                RunResources(),
                register,
                xlsx=folder / "r.xlsx",
                date=dt.date(2025, 6, 5),
            )  # fmt: skip
        )
        _complete_packages(folder)


UNIT = st.lists(
    st.sampled_from(["城关镇", "丹朱镇", "=1+2", "@A", "-", "+", "镇", "😀", " "]), min_size=1, max_size=3
).map("".join)


@fuzz(50)
@given(rows=st.lists(st.tuples(fuzz_text, UNIT, fuzz_text, fuzz_text), min_size=1, max_size=4))
def test_project_ledgers_as_bulletins(rows: list[tuple[str, str, str, str]], register: Register) -> None:
    from docgen.bulletins import make_bulletins

    table = [
        [name or "项目", unit, "1000", money or "1", done or "0", "是", "张三"]
        for name, unit, money, done in rows
    ]
    with _folder() as folder:
        ledger = _csv(folder / "台账.csv", PROJECTS, table)
        _only_docgen_errors(
            lambda: make_bulletins(
                ledger,
                "2025-05",
                "zhangzi-zdxmb",
                folder / "out",
                RunResources(),
                register,
                workers=1,
                date=dt.date(2025, 6, 5),
            )  # fmt: skip
        )
        _complete_packages(folder)
