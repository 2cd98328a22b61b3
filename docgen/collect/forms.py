"""The forms units fill in (谋划储备 基本情况表, seed 001; 信息月报, seed 004 §11), and a blank one per unit (.xlsx): unit filled in, notes, drop-downs, protection.

A form is a title row, a row with the 填报单位 (filled in by docgen), the 零报送 cell (是/否 from a
drop-down) and the note 单位：万元, a row of instructions, then the header (bold, frozen, a note on
every column, required columns shaded) and rows to fill.  The header and the rows above it are
locked (sheet protection without a password: it stops slips, not people); the rows to fill are
not, and rows may be inserted, deleted and formatted.  Drop-downs hold 建设性质, 审批情况 and the
是/否 columns; dates and amounts are validated as dates and numbers as far as Excel and WPS do.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from docgen.i18n import _, joined
from docgen.load.cells import CellError, shown, to_date, to_decimal, to_text, yes_no
from docgen.load.sheet import Column
from docgen.xlsx_table import Kind, TableColumn, workbook_bytes, write_table

# rows under the header with drop-downs and validation: seed 001 asks a county for up to 400
# projects; whole columns are unlocked and formatted through their column style (no per-cell cost)
FORM_ROWS = 2000
HEADER_ROW = 4  # the sheet's row of a blank form's header: title, unit and 零报送, instructions above
UNIT_LABEL = "填报单位"
ZERO_LABEL = "零报送"
NATURES = ["新建", "续建", "改扩建", "迁建"]
APPROVALS = ["已审批", "已核准", "已备案", "办理中", "未办理"]
FIELDS = [
    "制造业高质量发展",
    "现代服务业",
    "重大基础设施",
    "乡村振兴",
    "新型城镇化",
    "双创",
    "生态环保",
    "社会事业",
]
_MONTH_TEXT = re.compile(r"\s*(\d{4})\s*[年./\-]\s*(\d{1,2})\s*月?\s*")


# the blank form's date validation (2000-01-01 to 2099-12-31, as Excel serials); Excel's serial 1 is 1900-01-01
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
_SERIAL_ZERO = dt.datetime(1899, 12, 30)


def month_or_date(value: object) -> dt.date:
    """Return a date from a date cell or text, or the first day of a month written 2021年3月 / 2021.3.

    A date outside the form's range (2000–2099) is refused: it is a month typed as a number, which
    Excel keeps as 2021.1 (a serial: 1905-07-13, shown so under the column's date format) — the
    month cannot be told (2021.1 or 2021.10), so the unit is asked to write it out."""
    if isinstance(value, str):
        match = _MONTH_TEXT.fullmatch(unicodedata.normalize("NFKC", value))
        if match and 1 <= int(match.group(2)) <= 12:
            return dt.date(int(match.group(1)), int(match.group(2)), 1)
    date = to_date(value)
    if FIRST_DATE <= date <= LAST_DATE:
        return date
    number = value
    if isinstance(value, dt.datetime):
        number = round((value - _SERIAL_ZERO).total_seconds() / 86400, 4)
    elif isinstance(value, dt.date):
        number = (value - _SERIAL_ZERO.date()).days
    raise CellError(
        _(
            "not a date between 2000 and 2099: the cell holds {date} (the number {number}: a month typed "
            "as 2021.10 is kept as the number 2021.1); write it as text, like 2021年10月 or 2021-10-01"
        ).format(date=f"{date.year}-{date.month:02d}-{date.day:02d}", number=shown(number))
    )


def choice(options: Sequence[str]) -> Callable[[object], str]:
    """Return a cell reader accepting only ``options`` (compared without spaces)."""

    def read(value: object) -> str:
        text = "".join(to_text(value).split())
        if text not in options:
            raise CellError(
                _("choose one of {options}, not {value!r}").format(
                    options=joined(options), value=shown(text)
                )
            )
        return text

    return read


@dataclass(frozen=True)
class FormField:
    """A column of a form: how it is read back, how it is written, its note and drop-down."""

    column: Column
    kind: str = "text"  # text, money, date, choice
    note: str = ""
    options: tuple[str, ...] = ()
    width: float | None = None

    def table_column(self) -> TableColumn:
        """Return the column as the form's header writes it (required ones marked *)."""
        title = self.column.header + ("（万元）" if self.kind == "money" else "")
        if self.column.required:
            title = "*" + title
        kind: Kind = "number" if self.kind == "money" else "date" if self.kind == "date" else "text"
        return TableColumn(title, kind, 2, self.note, self.width)


def _text(
    name: str,
    synonyms: tuple[str, ...] = (),
    required: bool = True,
    note: str = "",
    width: float | None = None,
) -> Callable[[str], FormField]:
    return lambda key: FormField(
        Column(key, (name, *synonyms), to_text, required, ""), "text", note, (), width
    )


def _money(name: str, synonyms: tuple[str, ...], required: bool, note: str) -> Callable[[str], FormField]:
    return lambda key: FormField(
        Column(key, (name, *synonyms), to_decimal, required, None, money=True), "money", note
    )


def _date(name: str, synonyms: tuple[str, ...], required: bool, note: str) -> Callable[[str], FormField]:
    return lambda key: FormField(Column(key, (name, *synonyms), month_or_date, required, None), "date", note)


def _choice(
    name: str, options: Sequence[str], required: bool, note: str, default: str = ""
) -> Callable[[str], FormField]:
    return lambda key: FormField(
        Column(key, (name,), choice(options), required, default), "choice", note, tuple(options)
    )


def _yes_no(name: str, synonyms: tuple[str, ...], note: str) -> Callable[[str], FormField]:
    return lambda key: FormField(
        Column(key, (name, *synonyms), yes_no, False, False), "choice", note, ("是", "否")
    )


@dataclass(frozen=True)
class FormSpec:
    """A kind of form: its title, sheet name and fields (in the order of its columns)."""

    key: str
    title: str
    sheet: str
    fields: tuple[FormField, ...]
    instructions: str
    summary: tuple[str, ...] = ()  # the fields a notice's attachment table shows
    monthly: bool = False  # a monthly report: its title names the month

    def title_for(self, as_of: dt.date) -> str:
        """Return the form's title for a report as of ``as_of``: 2025年5月重点项目建设信息月报表 for a
        monthly one, else the standard title."""
        return f"{as_of.year}年{as_of.month}月{self.title}" if self.monthly else self.title

    def columns(self) -> tuple[Column, ...]:
        """Return the columns the returned form is read with."""
        return tuple(f.column for f in self.fields)


def _fields(**makers: Callable[[str], FormField]) -> tuple[FormField, ...]:
    return tuple(make(key) for key, make in makers.items())


RESERVE = FormSpec(
    "基本情况表",
    "重点项目谋划储备基本情况表",
    "基本情况表",
    _fields(
        name=_text("项目名称", ("项目",), note="必填。项目名称；同一单位中不能重复。", width=30),
        builder=_text("建设单位", ("项目单位", "业主单位"), note="必填。项目的建设（业主）单位。"),
        place=_text("建设地点", ("项目地点",), required=False, note="可选。县（市、区）、乡镇。"),
        nature=_choice("建设性质", NATURES, True, "必填。从下拉列表中选：" + "、".join(NATURES) + "。"),
        sector=_choice("所属领域", FIELDS, False, "可选。八大重点领域之一，从下拉列表中选。"),
        scale=_text(
            "建设规模及内容",
            ("建设内容及规模", "建设规模", "建设内容"),
            note="必填。主要建设内容和规模。",
            width=40,
        ),
        total=_money(
            "总投资", ("计划总投资", "项目总投资", "估算总投资"), True, "必填。总投资，万元，填数字。"
        ),
        annual_plan=_money(
            "年度计划投资", ("年度计划", "本年计划投资"), False, "可选。年度计划投资，万元；不大于总投资。"
        ),
        start=_date("计划开工时间", ("开工时间", "计划开工"), True, "必填。如 2021-03-01 或 2021年3月。"),
        finish=_date("计划竣工时间", ("竣工时间", "计划竣工"), False, "可选。不早于计划开工时间。"),
        approval=_choice("审批情况", APPROVALS, True, "必填。立项审批（核准、备案）情况，从下拉列表中选。"),
        emerging=_yes_no(
            "战略性新兴产业", ("是否战略性新兴产业", "战略新兴产业"), "可选。是否战略性新兴产业项目：是/否。"
        ),
        started=_yes_no("是否开工", ("已开工",), "可选。是否已开工：是/否。"),
        responsible=_text("责任单位", ("牵头单位",), required=False, note="可选。不填时为填报单位。"),
        remark=_text("备注", (), required=False, note="可选。"),
    ),
    "填表说明：1. 每个项目填一行，带 * 的列必填，不要改动表头；2. 金额单位为万元，只填数字；"
    "3. 日期写成 2021-03-01 或 2021年3月；4. 本单位没有项目时，在“零报送”处选“是”，表内不填；"
    "5. 文件名可以改，填报单位不要改。",
    ("name", "nature", "scale", "total", "start", "approval"),
)

MONTHLY = FormSpec(
    "信息月报",
    "重点项目建设信息月报表",
    "信息月报",
    _fields(
        name=_text("项目名称", ("项目",), note="必填。项目名称；同一单位中不能重复。", width=30),
        builder=_text("建设单位", ("项目单位", "业主单位"), note="必填。项目的建设（业主）单位。"),
        nature=_choice("建设性质", NATURES, False, "可选。从下拉列表中选：" + "、".join(NATURES) + "。"),
        total=_money("总投资", ("计划总投资", "项目总投资"), True, "必填。总投资，万元，填数字。"),
        annual_plan=_money("年度计划投资", ("年度计划", "本年计划投资"), True, "必填。年度计划投资，万元。"),
        completed=_money(
            "累计完成投资",
            ("1—N月累计完成投资", "1—N月完成投资", "本年累计完成投资"),
            True,
            "必填。年初至本月底累计完成投资，万元。",
        ),
        started=_yes_no("是否开工", ("已开工",), "可选。是否已开工：是/否。"),
        progress=_text("形象进度", (), required=False, note="可选。本月形象进度。", width=40),
        problems=_text("存在问题", (), required=False, note="可选。需要协调解决的问题。", width=30),
        leader=_text("包抓领导", ("分包领导",), required=False, note="可选。包项目的县级领导。"),
        responsible=_text("责任单位", ("牵头单位",), required=False, note="可选。不填时为填报单位。"),
        remark=_text("备注", (), required=False, note="可选。"),
    ),
    "填表说明：1. 每个项目填一行，带 * 的列必填，不要改动表头；2. 金额单位为万元，只填数字；"
    "3. 累计完成投资为年初至本月底的累计数；4. 本单位本月没有在建项目时，在“零报送”处选“是”；"
    "5. 文件名可以改，填报单位不要改。",
    ("name", "total", "annual_plan", "completed", "progress"),
    monthly=True,
)

FORMS = {RESERVE.key: RESERVE, MONTHLY.key: MONTHLY}


def _fill_header(sheet: Any, spec: FormSpec, unit: str, title: str, width: int, instructions: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from docgen.inert import xlsx_cell

    last = get_column_letter(width)
    sheet.merge_cells(f"A1:{last}1")
    xlsx_cell(sheet["A1"], title).font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.merge_cells("A2:C2")
    xlsx_cell(sheet["A2"], f"{UNIT_LABEL}：{unit}").font = Font(bold=True)
    sheet.merge_cells("D2:E2")
    sheet["D2"] = f"{ZERO_LABEL}（无项目选“是”）："
    sheet["D2"].alignment = Alignment(horizontal="right", vertical="center", wrap_text=True)
    sheet.row_dimensions[2].height = 30
    sheet["F2"].fill = PatternFill("solid", fgColor="FFF2CC")
    sheet[f"{last}2"] = "单位：万元"
    sheet[f"{last}2"].alignment = Alignment(horizontal="right")
    sheet.merge_cells(f"A3:{last}3")
    sheet["A3"] = instructions
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[3].height = 48


def _validations(sheet: Any, spec: FormSpec, first: int, last: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def add(validation: DataValidation, ref: str, message: str) -> None:
        validation.error = message
        validation.showErrorMessage = True
        validation.add(ref)
        sheet.add_data_validation(validation)

    add(DataValidation(type="list", formula1='"是,否"', allow_blank=True), "F2", _("choose from the list"))
    for index, form_field in enumerate(spec.fields, start=1):
        ref = f"{get_column_letter(index)}{first}:{get_column_letter(index)}{last}"
        if form_field.options:
            listed = '"' + ",".join(form_field.options) + '"'
            add(
                DataValidation(type="list", formula1=listed, allow_blank=True), ref, _("choose from the list")
            )
        elif form_field.kind == "date":
            add(
                DataValidation(
                    type="date", operator="between", formula1="36526", formula2="73051", allow_blank=True
                ),
                ref,
                _("a date between 2000-01-01 and 2099-12-31, like 2021-03-01"),
            )
        elif form_field.kind == "money":
            add(
                DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
                ref,
                _("a number of 万元, not below 0"),
            )


def _protect(sheet: Any, spec: FormSpec) -> None:
    """Lock the title, unit and header; leave the 零报送 cell and the rows to fill open.

    The rows to fill are open through each column's style (an empty cell takes its column's
    style in Excel, WPS and LibreOffice); the cells above them are written, so they keep the
    locked default.
    """
    from openpyxl.styles import PatternFill, Protection
    from openpyxl.utils import get_column_letter

    open_cell = Protection(locked=False)
    sheet["F2"].protection = open_cell
    shade = PatternFill("solid", fgColor="FFF2CC")
    for index, form_field in enumerate(spec.fields, start=1):
        if form_field.column.required:
            sheet.cell(row=HEADER_ROW, column=index).fill = shade
        column = sheet.column_dimensions[get_column_letter(index)]
        column.protection = open_cell
        number_format = form_field.table_column().number_format
        if number_format != "General":
            column.number_format = number_format
    for row in range(1, HEADER_ROW):  # the title rows' cells exist, so they stay locked
        for index in range(1, len(spec.fields) + 1):
            cell = sheet.cell(row=row, column=index)
            if cell.coordinate != "F2" and cell.__class__.__name__ == "Cell":
                cell.protection = Protection(locked=True)
    protection = sheet.protection
    protection.sheet = True
    # False allows: units may insert and delete rows, resize and format, sort and filter
    for permission in (
        "insertRows",
        "deleteRows",
        "formatCells",
        "formatColumns",
        "formatRows",
        "sort",
        "autoFilter",
    ):
        setattr(protection, permission, False)


def _print_setup(sheet: Any) -> None:
    """Print on A4 landscape, one page wide, the header repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def blank_form(spec: FormSpec, unit: str, title: str | None = None, deadline: dt.date | None = None) -> bytes:
    """Return a blank form for ``unit`` as .xlsx bytes (see the module docstring); the instructions
    end with the date it is due back by, when given."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = spec.sheet
    instructions = spec.instructions
    if deadline is not None:
        instructions += f"请于{deadline.year}年{deadline.month}月{deadline.day}日前报送。"
    _fill_header(sheet, spec, unit, title or spec.title, len(spec.fields), instructions)
    write_table(sheet, [f.table_column() for f in spec.fields], [], header_row=HEADER_ROW)
    _validations(sheet, spec, HEADER_ROW + 1, HEADER_ROW + FORM_ROWS)
    _protect(sheet, spec)
    _print_setup(sheet)
    return workbook_bytes(book)
