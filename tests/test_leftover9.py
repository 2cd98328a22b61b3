"""Leftovers of the last stop (leftover9).

1. An issued 简报 shows its 期号 in its folder's record, as an issued notice does: a register put back
   from the copy before it, or a fresh register pointed at the folder, is refused before a 期号 is taken
   again (before: the next month was issued as a second 第1期 over the first one's files).
2. A date cell holding a number that is no date (−5, 0, 1e9, −45000) or only a time is quoted as the
   clerk typed it, at its file, sheet, row and column (before: 不是日期：“00:00:00”, hostile8b #13).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import ROOT

from docgen.cli import main_group
from docgen.register import Register

RANKING = ROOT / "samples" / "ranking"
SERIES = "重点项目建设简报"


def _invoke(register: Path, *args: str) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _rows(register: Path) -> list[tuple[str, str]]:
    with Register.open(register) as reg:
        return [(row.text, row.status) for row in reg.rows()]


def _bulletin(register: Path, month: str, out: Path, *extra: str) -> Result:
    """Run ``docgen bulletin`` on the sample ledger of ``month`` (2025-04 or 2025-05) into ``out``."""
    date = {"2025-04": "2025-05-06", "2025-05": "2025-06-05"}[month]
    return _invoke(
        register, "bulletin", str(RANKING / f"项目台账-{month}.xlsx"), "--month", month,
        "--letterhead", "zhangzi-zdxmb", "--out", str(out), "--date", date, "--workers", "1", *extra,
    )  # fmt: skip


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


# --- 1. a 简报 folder shows its 期号 ----------------------------------------------------------------


def test_a_register_put_back_from_before_a_bulletin_takes_no_issue_number_its_folder_shows(tmp_path: Path) -> None:
    register, out = tmp_path / "r.sqlite", tmp_path / "简报"
    april = _bulletin(register, "2025-04", out, "--pdf", "--merge", "--engine", "typst")
    assert april.exit_code == 0, april.output
    first = f"{SERIES}2025年第1期"
    record = json.loads((out / ".docgen-folder.json").read_text(encoding="utf-8"))
    marked = {name for name, entry in record["files"].items() if entry.get("number") == first}
    assert "合订-2025年第1期.pdf" in marked
    assert "丹朱镇-2025年第1期.docx" in marked
    assert "丹朱镇-2025年第1期.pdf" in marked
    assert not any(entry["issued"] for entry in record["files"].values())  # still amendable as units come
    before = _hashes(out)
    # the copy from before the first 期号 put in place by hand, the register it replaces moved away
    (backup,) = sorted(register.with_name(register.name + ".backups").glob("*.sqlite"))
    register.rename(tmp_path / "移走.sqlite")
    register.write_bytes(backup.read_bytes())
    refused = _bulletin(register, "2025-05", out, "--pdf", "--merge", "--engine", "typst")
    assert refused.exit_code == 1, refused.output
    said = refused.stderr
    assert f"登记簿落后于文件夹 {out}：其中的 " in said, said
    assert f"已作为 {first} 印发" in said
    assert "丹朱镇-2025年第1期.docx" in said
    assert "及另外" in said  # 25 files: three named, the rest counted
    assert f"docgen register start --series {SERIES} --year 2025 --next 2 --kind 简报" in said
    assert "Traceback" not in refused.output
    assert _rows(register) == []  # before: May was numbered 第1期 again
    assert _hashes(out) == before  # before: April's 第1期 files were written over by May's
    assert not list(out.glob("*第2期*"))
    # the register that holds 第1期 back in place: the next month is 第2期, April's files untouched
    register.unlink()
    (tmp_path / "移走.sqlite").rename(register)
    may = _bulletin(register, "2025-05", out, "--pdf", "--merge", "--engine", "typst")
    assert may.exit_code == 0, may.output
    assert _rows(register) == [(first, "issued"), (f"{SERIES}2025年第2期", "issued")]
    assert (out / "合订-2025年第2期.pdf").is_file()
    assert {name: sha for name, sha in _hashes(out).items() if "第1期" in name} == {
        name: sha for name, sha in before.items() if "第1期" in name
    }
    checked = _invoke(register, "register", "check")
    assert checked.exit_code == 0, checked.output


def test_a_fresh_register_pointed_at_an_issued_bulletin_folder_is_refused_naming_file_and_issue(
    tmp_path: Path,
) -> None:
    register, out = tmp_path / "r.sqlite", tmp_path / "简报"
    april = _bulletin(register, "2025-04", out)
    assert april.exit_code == 0, april.output
    before = _hashes(out)
    fresh = tmp_path / "新" / "r.sqlite"
    refused = _bulletin(fresh, "2025-05", out)
    assert refused.exit_code == 1, refused.output
    said = refused.stderr
    assert f"{out} 中有用另一本登记簿" in said, said
    assert f"已作为 {SERIES}2025年第1期 印发" in said
    assert "丹朱镇-2025年第1期.docx" in said
    assert "Traceback" not in refused.output
    assert _rows(fresh) == []
    assert _hashes(out) == before
    # the same month again with its own register: the same 第1期, amended in place (no refusal)
    again = _bulletin(register, "2025-04", out)
    assert again.exit_code == 0, again.output
    assert _rows(register) == [(f"{SERIES}2025年第1期", "issued")]


def test_register_check_names_a_bulletin_folder_the_register_is_behind(tmp_path: Path) -> None:
    register, out = tmp_path / "r.sqlite", tmp_path / "简报"
    assert _bulletin(register, "2025-04", out).exit_code == 0
    kept = _invoke(register, "register", "backup", str(tmp_path / "四月后.sqlite"))
    assert kept.exit_code == 0, kept.output
    may = _bulletin(register, "2025-05", out)
    assert may.exit_code == 0, may.output
    register.rename(tmp_path / "移走.sqlite")
    register.write_bytes((tmp_path / "四月后.sqlite").read_bytes())  # 第2期 is gone from the register
    checked = _invoke(register, "register", "check")
    assert checked.exit_code == 1, checked.output
    assert f"已作为 {SERIES}2025年第2期 印发" in checked.output, checked.output
    assert "--next 3 --kind 简报" in checked.output


# --- 2. a date cell that holds no date is quoted as the clerk typed it (hostile8b #13) -----------


def test_a_number_in_a_date_cell_is_quoted_as_typed_naming_file_sheet_row_and_column(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "督办"
    sheet.append(["督办编号", "项目名称", "责任单位", "存在问题", "交办日期", "办理时限（工作日）", "状态"])
    cases: list[object] = [-5, 0, 1e9, -45000, dt.time(8, 30), 45000]
    for index, value in enumerate(cases):
        sheet.append([f"DB-{index}", f"项目{index}", "县水利局", "用地未批", value, 10, "未办结"])
        sheet.cell(sheet.max_row, 5).number_format = "h:mm" if isinstance(value, dt.time) else "yyyy-mm-dd"
    book.save(tmp_path / "台账.xlsx")
    run = _invoke(
        tmp_path / "r.sqlite", "supervise", str(tmp_path / "台账.xlsx"), "--letterhead", "zhangzi-zdxmb",
        "--out", str(tmp_path / "督办"),
    )  # fmt: skip
    said = run.stderr
    assert "Traceback" not in run.output
    assert "00:00:00" not in said, said  # before: 不是日期：“00:00:00”

    def at(row: int) -> str:
        (line,) = [line for line in said.splitlines() if f"第 {row} 行，第 E（交办日期） 列" in line]
        assert line.startswith(f"错误：{tmp_path / '台账.xlsx'}，工作表 督办，"), line
        return line

    assert "不是日期：单元格中是数字 -5，是 1900 年以前的日子（Excel 显示为 ####）" in at(2)
    assert "单元格中是数字 0，即 Excel 日期序号的第 0 天" in at(3)
    assert "单元格中是数字 1000000000，晚于 Excel 能表示的最后一天 9999-12-31" in at(4)
    assert "单元格中是数字 -45000，是 1900 年以前的日子" in at(5)
    assert "不是日期：单元格中只有时刻 08:30，没有年月日" in at(6)
    assert not [line for line in said.splitlines() if "第 7 行" in line]  # 45000 is 2023-03-15: read
    assert (tmp_path / "督办" / "长重点督〔2023〕1号 项目5.docx").is_file()


def test_a_time_cell_in_a_text_column_stays_a_time_and_a_zero_date_cell_reads_as_zero(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    from docgen.load.grid import read_grid

    book = openpyxl.Workbook()
    for row, (value, form) in enumerate([(0.5, "h:mm"), (0, "yyyy-mm-dd"), (-5, "yyyy-mm-dd"), (-5, "General")], 1):
        book.active.cell(row, 1, value).number_format = form
    book.save(tmp_path / "t.xlsx")
    assert [row[0] for row in read_grid(tmp_path / "t.xlsx").rows] == [dt.time(12, 0), 0.0, -5.0, -5.0]
