"""Empty ledgers to fill in: the header row with a note on every column, drop-downs, date formats."""

from __future__ import annotations

from docgen.i18n import _
from docgen.load.sheet import Column
from docgen.load.supervision import SUPERVISION_COLUMNS
from docgen.records import SupervisionStatus
from docgen.xlsx_table import TableColumn, workbook_bytes, write_table

NOTES = {
    "code": "可选。督办编号，如 DB-2025-001；不填时按项目名称、责任单位、交办日期和问题识别事项。",
    "project": "必填。项目名称。",
    "unit": "必填。责任单位，即通知书的主送单位。",
    "leader": "可选。责任领导。",
    "person": "可选。责任人。",
    "phone": "可选。联系电话。",
    "problems": "必填。存在问题；多个问题分行填写或用“；”分隔。",
    "requirements": "可选。督办要求；不填时使用模板中的通用要求。",
    "assigned": "必填。交办日期，如 2025-09-29、2025.9.29 或 2025年9月29日。",
    "limit_days": "必填。办理时限，工作日数（不含节假日，调休上班日计入）。",
    "status": "可选，默认未办结。未办结、办理中为未办结事项；已办结、已解除不再生成通知书。",
    "feedback": "可选。责任单位复函的日期；逾期未复函的事项据此判断。",
}
DATE_FIELDS = {"assigned", "feedback"}


TEMPLATE_ROWS = 1000  # rows under the header made ready to type in (number formats, drop-downs)


def _table_column(column: Column, note: str) -> TableColumn:
    if column.money:
        return TableColumn(f"{column.header}（万元）", "number", 2, note)
    if column.field in DATE_FIELDS:
        return TableColumn(column.header, "date", note=note)
    if column.field == "limit_days":
        return TableColumn(column.header, "int", note=note)
    wide = column.field in ("problems", "requirements", "progress")
    return TableColumn(column.header, note=note, width=40 if wide else None)


def _workbook(
    title: str, columns: tuple[Column, ...], notes: dict[str, str], choices: dict[str, list[str]]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = title
    table = [_table_column(c, notes.get(c.field, "")) for c in columns]
    write_table(sheet, table, [], formatted_rows=TEMPLATE_ROWS)
    last = TEMPLATE_ROWS + 1
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if column.required:
            sheet.cell(row=1, column=index).fill = PatternFill("solid", fgColor="FFF2CC")
        if sheet.column_dimensions[letter].width < 12:
            sheet.column_dimensions[letter].width = 12  # room to type in an empty column
        if column.field in choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(choices[column.field]) + '"', allow_blank=True
            )
            validation.error = _("choose from the list")
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
        if column.field == "limit_days":
            validation = DataValidation(
                type="whole", operator="between", formula1="1", formula2="365", allow_blank=True
            )
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
    return workbook_bytes(book)


PROJECT_NOTES = {
    "name": "必填。项目名称；同一单位中不能重复。",
    "unit": "必填。责任单位（县、乡镇、功能区或部门），按此排名。",
    "total": "必填。总投资；金额单位写在表头括号中：万元或亿元（也可在表头上方注明“单位：万元”）。",
    "annual_plan": "必填。年度计划投资（同上，万元或亿元）。",
    "completed": "必填。年初至本月底累计完成投资。",
    "planned_to_date": "可选。年初至本月底的计划投资；每个项目都填时按此计算序时进度，否则为月数/12。",
    "new_start": "可选。是否计划新开工项目：是/否。",
    "started": "可选。是否已开工：是/否。",
    "approvals_done": "可选。前期手续是否办结：是/否。",
    "level": "可选。省重点、市重点、县重点。",
    "nature": "可选。新建、续建、竣工投产、预备。",
    "progress": "可选。形象进度。",
    "problems": "可选。存在问题。",
    "leader": "可选。包抓领导；按领导出简报时必填。",
}
YES_NO = ["是", "否"]


def projects_template() -> bytes:
    """Return an empty project ledger (重点项目台账) as .xlsx bytes (amounts in 万元)."""
    from docgen.load.projects import PROJECT_COLUMNS

    columns = tuple(PROJECT_COLUMNS)
    return _workbook(
        "项目台账", columns, PROJECT_NOTES, {"new_start": YES_NO, "started": YES_NO, "approvals_done": YES_NO}
    )


def supervision_template() -> bytes:
    """Return an empty supervision ledger (督办台账) as .xlsx bytes."""
    return _workbook("督办台账", SUPERVISION_COLUMNS, NOTES, {"status": [s.value for s in SupervisionStatus]})
