"""The monthly project ledger (重点项目台账): canonical columns of reference/domain.md §3.

Amounts are in the unit their header declares (总投资（万元）, 总投资（亿元））, else the unit of a
"单位：万元" note above the header, else ``--unit``; they are converted to 万元 as Decimal.  One
file per month, or one sheet per month named like 2023-05, 2023年5月 or 5月.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.errors import DataError
from docgen.i18n import _
from docgen.load.cells import CellError, shown, to_decimal, to_text
from docgen.load.grid import Engine
from docgen.load.sheet import Column, read_ledger, unique_records
from docgen.records import ProjectRow


def _yes(value: object) -> bool:
    text = to_text(value)
    if text in ("是", "已开工", "已办结", "√", "✓", "1", "Y", "y", "yes", "TRUE", "True"):
        return True
    if text in ("否", "未开工", "未办结", "×", "0", "N", "n", "no", "FALSE", "False", ""):
        return False
    raise CellError(_("write 是 or 否, not {value!r}").format(value=text))


def _amount(value: object) -> Decimal:
    """Return an amount that is not negative; a negative one is refused quoting the cell as written (-50)."""
    amount = to_decimal(value)
    if amount < 0:
        raise CellError(_("amounts must not be negative: {value}").format(value=shown(to_text(value))))
    return amount


# what offices type for "nothing done yet" in a figure of the year (ledgers11 #11); a blank stays an error
_NOTHING = frozenset({"—", "——", "-", "--", "－", "/", "／", "无", "\\"})


def _amount_or_nothing(value: object) -> Decimal:
    """Return an amount of the year, where —, -, / or 无 is nothing (0): a project not yet started."""
    if isinstance(value, str) and value.strip() in _NOTHING:
        return Decimal(0)
    return _amount(value)


def _money_column(
    field: str, name: str, synonyms: tuple[str, ...], required: bool = True, nothing: bool = False
) -> Column:
    parse = _amount_or_nothing if nothing else _amount
    return Column(field, (name, *synonyms), parse, required=required, default=None, money=True)


# 包联领导、包保领导 as other counties head it (outsider26 #4)
LEADER_COLUMN = Column("leader", ("包抓领导", "分包领导", "责任领导", "包联领导", "包保领导"), to_text, required=False, default="")

PROJECT_COLUMNS = (
    Column("name", ("项目名称", "项目"), to_text),
    Column("unit", ("责任单位", "县（市、区）", "所属单位", "单位", "乡镇"), to_text),
    _money_column("total", "总投资", ("计划总投资", "项目总投资", "概算总投资")),
    _money_column(
        "annual_plan",
        "年度计划投资",
        ("年度计划", "本年计划投资", "年度投资计划", "年度计划投资额"),
        nothing=True,
    ),
    _money_column(
        "completed",
        "累计完成投资",
        (
            "1—N月累计完成投资",
            "1—N月完成投资",
            "年度累计完成投资",
            "本年累计完成投资",
            "年度完成投资",
            "累计完成",
            "年度计划累计完成投资",
            "投资情况1—N月完成",  # 1-11月完成 under the group 投资情况, as office ledgers head it
            "年度计划投资1—N月完成",  # under 年度计划投资 beside 计划 / 完成率 (outsider26 #1)
            "年度计划投资1—N月累计完成",
        ),
        nothing=True,
    ),
    _money_column(
        "planned_to_date",
        "序时计划投资",
        ("1—N月计划投资", "累计计划投资", "1—N月计划完成投资"),
        required=False,
    ),
    Column(
        "new_start",
        ("计划新开工", "是否新开工项目", "新开工", "年度计划新开工"),
        _yes,
        required=False,
        default=False,
    ),
    Column("started", ("是否开工", "已开工"), _yes, required=False, default=False),
    Column("approvals_done", ("手续办结", "前期手续办结"), _yes, required=False, default=False),
    Column("level", ("项目级别", "级别"), to_text, required=False, default=""),
    Column("nature", ("建设性质",), to_text, required=False, default=""),
    Column("progress", ("形象进度",), to_text, required=False, default=""),
    Column("problems", ("存在问题",), to_text, required=False, default=""),
    LEADER_COLUMN,
)


def month_sheet_names(year: int, month: int) -> list[str]:
    """Return the sheet names a month may be written as."""
    chinese = "一二三四五六七八九十"[month - 1] if month <= 10 else "十" + "一二"[month - 11]
    names = [
        f"{year}-{month:02d}",
        f"{year}-{month}",
        f"{year}年{month}月",
        f"{month}月",
        f"{year}{month:02d}",
        # as offices also name them (verify11): 5月份, 2025年05月, 2025.5, 五月
        f"{month}月份",
        f"{year}年{month}月份",
        f"{year}年{month:02d}月",
        f"{year}.{month}",
        f"{year}.{month:02d}",
        f"{chinese}月",
        f"{chinese}月份",
    ]
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class ProjectMonth:
    """One month of the ledger: the projects read, the problems, and what could be read of each row
    left out for an error (its 责任单位 and 包抓领导: whose bulletin it belongs to), by row; a row left
    out as the repeat of an earlier one is there too, and ``repeats`` maps it to the earlier row."""

    projects: list[ProjectRow]
    problems: list[DataError]
    rejected: dict[int, dict[str, Any]] = field(default_factory=dict)
    repeats: dict[int, int] = field(default_factory=dict)
    fields: frozenset[str] = frozenset()  # the fields whose column the ledger has


def load_projects(
    path: Path,
    year: int,
    month: int,
    sheet: str | None = None,
    *,
    unit: str | None = None,
    engine: Engine = "calamine",
) -> tuple[list[ProjectRow], list[DataError]]:
    """Read one month of the project ledger; amounts in 万元.

    The problems returned are the rows left out (errors) and 合计 rows that are not the sum of
    the rows (:class:`~docgen.errors.DataWarning`), in row order.
    """
    read = load_month(path, year, month, sheet, unit=unit, engine=engine)
    return read.projects, read.problems


def load_month(
    path: Path,
    year: int,
    month: int,
    sheet: str | None = None,
    *,
    unit: str | None = None,
    engine: Engine = "calamine",
) -> ProjectMonth:
    """Return one month of the project ledger (see load_projects), with the rows left out."""
    prefer = month_sheet_names(year, month)
    rows = read_ledger(path, PROJECT_COLUMNS, sheet, unit=unit, engine=engine, prefer=prefer, month=month)
    projects: list[ProjectRow] = []
    errors: list[DataError] = [*rows.errors, *rows.warnings]
    rejected = dict(rows.rejected)
    repeats: dict[int, int] = {}
    for row, record in unique_records(rows, ("name", "unit"), errors, repeats):
        projects.append(ProjectRow(row=row, **record))
    records = dict(rows.records)
    rejected.update((row, records[row]) for row in repeats)
    errors.sort(key=lambda e: e.location.line or 0)
    return ProjectMonth(projects, errors, rejected, repeats, frozenset(rows.columns))
