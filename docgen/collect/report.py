"""What a merge produces: the merged ledger (.xlsx), the summary, and the 催报 list or notice text.

The merged ledger has one row per project with its 填报单位, source file and row, amounts as
numbers (万元, 0.00) and dates as dates (docgen/xlsx_table.py); a second sheet gives each unit's
answer (and the columns it added that were not merged), a third every problem found.  It reads back
through the same intake as a returned form.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment

from docgen.collect.merge import Merged, State, UnitStatus
from docgen.errors import DataError
from docgen.i18n import _, joined, ngettext
from docgen.inert import csv_record
from docgen.ranking import round_half_up
from docgen.templating import number_filter, render_text
from docgen.xlsx_table import TableColumn, workbook_bytes, write_table

_YI = Decimal(10000)
LEDGER_SHEET = "汇总"


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value, 2)  # 四舍五入


def _shown(value: object) -> object:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return _money(value)
    return value


def ledger_columns(merged: Merged) -> list[TableColumn]:
    """Return the merged ledger's columns: 序号, 填报单位, the form's fields, 来源文件, 来源行."""
    columns = [TableColumn("序号", "int"), TableColumn("填报单位")]
    columns += [f.table_column() for f in merged.spec.fields]
    columns = [TableColumn(c.title.lstrip("*"), c.kind, c.places, "", c.width) for c in columns]
    return [*columns, TableColumn("来源文件"), TableColumn("来源行", "int")]


def _problem_rows(errors: Sequence[DataError]) -> list[list[object]]:
    rows: list[list[object]] = []
    for error in errors:
        where = error.location
        kind = "警告" if error.exit_code == 0 else "错误"
        file = where.file.name if isinstance(where.file, Path) else where.file
        rows.append(
            [
                kind,
                str(file or ""),
                where.sheet or "",
                where.line,
                where.column or where.field or "",
                error.reason,
            ]
        )
    return rows


def merged_workbook(merged: Merged) -> bytes:
    """Return the merged ledger as .xlsx bytes: 汇总, 报送情况, and 问题清单 when there are problems."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = LEDGER_SHEET
    keys = [f.column.field for f in merged.spec.fields]
    rows = [
        [index, p.unit, *(_shown(p.fields.get(k)) for k in keys), p.path.name, p.row]
        for index, p in enumerate(merged.projects, start=1)
    ]
    write_table(sheet, ledger_columns(merged), rows)
    answers = book.create_sheet("报送情况")
    write_table(
        answers,
        [
            TableColumn("单位"),
            TableColumn("报送情况"),
            TableColumn("项目个数", "int"),
            TableColumn("总投资（万元）", "number"),
            TableColumn("问题数", "int"),
            TableColumn("来源文件"),
            TableColumn("多出的列（未汇总）"),
        ],
        [
            [
                s.unit.name,
                s.state.value,
                s.projects,
                _money(s.total),
                s.problems,
                "、".join(f.name for f in s.files),
                "、".join(s.added),
            ]
            for s in merged.statuses
        ],
    )
    problems = [*merged.errors, *merged.warnings]
    if problems:
        write_table(
            book.create_sheet("问题清单"),
            [
                TableColumn("类别"),
                TableColumn("文件"),
                TableColumn("工作表"),
                TableColumn("行", "int"),
                TableColumn("列"),
                TableColumn("问题", width=60),
            ],
            _problem_rows(problems),
        )
    return workbook_bytes(book)


def _attachment_cell(value: object) -> str:
    """Return a field as a notice's table shows it: amounts 1,234.50, a plan's month 2021年3月."""
    if isinstance(value, Decimal):
        return number_filter(value, 2)
    if isinstance(value, dt.date):
        day = "" if value.day == 1 else f"{value.day}日"  # 计划开工 2021年3月 is read as the 1st
        return f"{value.year}年{value.month}月{day}"
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else str(value)


def attachment_csv(merged: Merged) -> bytes:
    """Return the merged projects as a .csv a notice attaches (附件: 文件: 基本情况表.csv): 序号, 单位
    and the form's summary fields, amounts in 万元 as the table shows them; text made inert."""
    fields = [f for f in merged.spec.fields if f.column.field in merged.spec.summary]
    titles = ["序号", "单位", *(f.table_column().title.lstrip("*") for f in fields)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, titles, lineterminator="\n")
    writer.writeheader()
    for index, project in enumerate(merged.projects, start=1):
        values = [
            str(index),
            project.unit,
            *(_attachment_cell(project.fields.get(f.column.field)) for f in fields),
        ]
        writer.writerow(csv_record(dict(zip(titles, values, strict=True))))
    return buffer.getvalue().encode("utf-8")


def _yi(amount: Decimal) -> str:
    return f"{round_half_up(amount / _YI, 2)}"


def _million(amount: Decimal) -> str:
    """万元 as million yuan for the English summary, two decimals, 四舍五入: 47000 → 470.00."""
    return f"{round_half_up(amount / 100, 2):,}"


def _names(statuses: Sequence[UnitStatus]) -> str:
    return joined(s.unit.name for s in statuses)


def summary(merged: Merged) -> list[str]:
    """Return the lines of the merge's summary: who answered how, projects and their total, and the
    columns units added to their forms that were not merged."""
    total = sum((p.fields.get("total") or Decimal(0) for p in merged.projects), Decimal(0))
    reported, zero = merged.of(State.REPORTED), merged.of(State.ZERO)
    failed, missing = merged.of(State.FAILED), merged.of(State.MISSING)
    lines = [
        _(
            "{units} units, {files} files read: {reported} reported, {zero} nil returns (零报送), {failed} sent back, "
            "{missing} not answered."
        ).format(
            units=len(merged.statuses),
            files=merged.files,
            reported=len(reported),
            zero=len(zero),
            failed=len(failed),
            missing=len(missing),
        ),
        ngettext(
            # the Chinese says {yi} 亿元, the English {million} million yuan
            "{n} project merged, total investment {million} million yuan.",
            "{n} projects merged, total investment {million} million yuan.",
            len(merged.projects),
        ).format(n=len(merged.projects), yi=_yi(total), million=_million(total)),
    ]
    if zero:
        lines.append(_("Reported nothing (零报送): {units}").format(units=_names(zero)))
    if failed:
        lines.append(
            _("Sent back: {units}").format(
                units=joined(_("{unit} ({problems})").format(unit=s.unit.name, problems=s.problems) for s in failed)
            )
        )
    if missing:
        lines.append(_("Not answered: {units}").format(units=_names(missing)))
    lines += [  # once per unit: what its form says that the merged ledger does not
        _("{unit} ({file}): columns added to the form are not merged: {columns}").format(
            unit=s.unit.name, file=s.source.name if s.source else "", columns=joined(s.added)
        )
        for s in reported
        if s.added
    ]
    return lines


def to_chase(merged: Merged) -> list[UnitStatus]:
    """Return the units to chase: those that did not answer, then those whose forms were sent back."""
    return [*merged.of(State.MISSING), *merged.of(State.FAILED)]


def chase_workbook(merged: Merged) -> bytes:
    """Return the 催报 list as .xlsx bytes: unit, what is missing, contact, phone."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "催报"
    write_table(
        sheet,
        [
            TableColumn("单位"),
            TableColumn("情况"),
            TableColumn("问题数", "int"),
            TableColumn("联系人"),
            TableColumn("电话"),
        ],
        [[s.unit.name, s.state.value, s.problems, s.unit.contact, s.unit.phone] for s in to_chase(merged)],
    )
    return workbook_bytes(book)


CHASE_TEMPLATE = "collect/chase.md.j2"
PROBLEMS_TITLE = "填报问题清单"


def chase_problems(merged: Merged) -> list[list[str]]:
    """Return the problems of the forms sent back (units to send again): 单位, 文件, 位置, 问题."""
    owner = {path: s.unit.name for s in merged.of(State.FAILED) for path in s.files}
    rows = []
    for error in merged.errors:
        file = error.location.file
        if not isinstance(file, Path) or file not in owner:
            continue
        where = error.location
        place = "，".join(
            part
            for part in (
                f"工作表 {where.sheet}" if where.sheet else "",
                f"第 {where.line} 行" if where.line else "",
                f"第 {where.column} 列" if where.column else (f"字段“{where.field}”" if where.field else ""),
            )
            if part
        )
        rows.append([owner[file], file.name, place, error.reason])
    return rows


def problems_csv(merged: Merged) -> bytes:
    """Return the problems of the forms sent back as the .csv a 催报 notice attaches; text made inert."""
    titles = ["序号", "单位", "文件", "位置", "问题"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, titles, lineterminator="\n")
    writer.writeheader()
    for index, row in enumerate(chase_problems(merged), start=1):
        writer.writerow(csv_record(dict(zip(titles, [str(index), *row], strict=True))))
    return buffer.getvalue().encode("utf-8")


def chase_body(
    env: Environment, merged: Merged, title: str, deadline: dt.date | None, cite: str = ""
) -> str:
    """Return the body of a 催报 notice naming the units that did not answer or must send again;
    ``cite`` says where the problems are listed (（见附件）), empty when the notice lists none."""
    return render_text(
        env,
        CHASE_TEMPLATE,
        title=title,
        missing=[s.unit.name for s in merged.of(State.MISSING)],
        failed=[s.unit.name for s in merged.of(State.FAILED)],
        deadline=deadline,
        cite=cite,
    )


def chase_text(env: Environment, merged: Merged, title: str, deadline: dt.date | None) -> str:
    """Return the 催报 as plain text: title, the units addressed, the body, and under it the problems
    of the forms sent back (the body cites them as 文后问题清单)."""
    problems = chase_problems(merged)
    body = chase_body(env, merged, title, deadline, "（见文后问题清单）" if problems else "")
    listed = "".join(
        f"{n}. {unit}，{'，'.join(filter(None, (file, place)))}：{reason}\n"
        for n, (unit, file, place, reason) in enumerate(problems, start=1)
    )
    tail = f"\n问题清单：\n{listed}" if problems else ""
    return f"关于催报{title}的通知\n\n{_names(to_chase(merged))}：\n\n{body}{tail}"


def chase_notice(
    env: Environment,
    merged: Merged,
    title: str,
    deadline: dt.date | None,
    letterhead: str,
    date: dt.date,
    problems_file: str | None = None,
) -> str:
    """Return the 催报 as a notice source (front matter and body) that ``docgen issue`` makes a 公文 of;
    with ``problems_file`` (a .csv beside it, ``problems_csv``) it attaches the problems and cites them."""
    import yaml

    front: dict[str, object] = {
        "发文机关": letterhead,
        "发文字号": "auto",
        "标题": f"关于催报{title}的通知",
        "主送": [s.unit.name for s in to_chase(merged)],
        "成文日期": date.isoformat(),
    }
    if problems_file is not None:
        front["附件"] = [{"标题": f"{title}{PROBLEMS_TITLE}", "文件": problems_file}]
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    cite = "（见附件）" if problems_file is not None else ""
    return f"---\n{head}---\n{chase_body(env, merged, title, deadline, cite)}"
