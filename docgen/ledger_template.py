"""Empty ledgers to fill in: the header row with a note on every column, drop-downs, date formats."""

from __future__ import annotations

import io

from docgen.i18n import _
from docgen.load.sheet import Column
from docgen.load.supervision import SUPERVISION_COLUMNS
from docgen.records import SupervisionStatus

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


def _workbook(
    title: str, columns: tuple[Column, ...], notes: dict[str, str], choices: dict[str, list[str]]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if column.required:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
        cell.comment = Comment(notes.get(column.field, ""), "docgen")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 14 if column.field not in ("problems", "requirements") else 40
        if column.field in DATE_FIELDS:
            for row in range(2, 1001):
                sheet[f"{letter}{row}"].number_format = "yyyy-mm-dd"
        if column.field in choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(choices[column.field]) + '"', allow_blank=True
            )
            validation.error = _("choose from the list")
            validation.add(f"{letter}2:{letter}1000")
            sheet.add_data_validation(validation)
        if column.field == "limit_days":
            validation = DataValidation(
                type="whole", operator="between", formula1="1", formula2="365", allow_blank=True
            )
            validation.add(f"{letter}2:{letter}1000")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def supervision_template() -> bytes:
    """Return an empty supervision ledger (督办台账) as .xlsx bytes."""
    return _workbook("督办台账", SUPERVISION_COLUMNS, NOTES, {"status": [s.value for s in SupervisionStatus]})
