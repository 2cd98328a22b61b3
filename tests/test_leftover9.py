"""Leftovers of the last stop (leftover9).

1. An issued 简报 shows its 期号 in its folder's record, as an issued notice does: a register put back
   from the copy before it, or a fresh register pointed at the folder, is refused before a 期号 is taken
   again (before: the next month was issued as a second 第1期 over the first one's files).
2. A date cell holding a number that is no date (−5, 0, 1e9, −45000) or only a time is quoted as the
   clerk typed it, at its file, sheet, row and column (before: 不是日期：“00:00:00”, hostile8b #13).
3. ``format`` joins a draft's lines by ``render``'s rule, through the same function
   (load/hand_breaks.paragraphs): the same pasted texts make the same paragraphs in both (before: 11 of
   these 20 differed).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
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


# --- 3. format and render make the same paragraphs of the same pasted lines ------------------------

_WIDE = "各乡镇人民政府要切实加强组织领导，明确责任分工，细化工作措施，确保各项"
# each: the pasted body, and the paragraphs both commands make of it (headings with their typed number)
PASTED: dict[str, tuple[str, list[str]]] = {
    "a sentence broken by a paste": (
        "为进一步加强重点项目建设管理，推动项目早开工、早投产，现就有关事项通知\n如下。\n各单位要高度重视。",
        ["为进一步加强重点项目建设管理，推动项目早开工、早投产，现就有关事项通知如下。", "各单位要高度重视。"],
    ),
    "1. items without punctuation": (
        "工作要求如下：\n1.各单位要按时报送项目进展情况\n2.各单位要确保数据真实准确\n3.逾期未报的予以通报",
        ["工作要求如下：", "1.各单位要按时报送项目进展情况", "2.各单位要确保数据真实准确", "3.逾期未报的予以通报"],
    ),
    "a 1. item broken inside its sentence": (  # render kept “加盖公章。” apart
        "工作要求如下：\n1.各单位要按时报送项目进展情况，确保数据真实准确，按要求填报相关表格，并\n加盖公章。\n"
        "2.逾期未报的予以通报。",
        ["工作要求如下：", "1.各单位要按时报送项目进展情况，确保数据真实准确，按要求填报相关表格，并加盖公章。",
         "2.逾期未报的予以通报。"],
    ),
    "（1） items": ("（1）加强组织领导\n（2）明确责任分工\n（3）强化督促检查", ["（1）加强组织领导", "（2）明确责任分工", "（3）强化督促检查"]),
    "① items as wide as the broken lines": (  # format made one paragraph of them
        "主要任务包括：\n①加快项目前期工作进度，确保按期完成可研报告编制和审批工作\n"
        "②加快推进项目开工建设，确保按期完成年度投资计划任务目标\n③加强项目调度",
        ["主要任务包括：", "①加快项目前期工作进度，确保按期完成可研报告编制和审批工作",
         "②加快推进项目开工建设，确保按期完成年度投资计划任务目标", "③加强项目调度"],
    ),
    "an ① item broken inside its sentence": (
        "①加快推进项目开工建设，确保按期完成年度投资计划任务目标，按照要求\n报送进度。\n②加强项目调度。",
        ["①加快推进项目开工建设，确保按期完成年度投资计划任务目标，按照要求报送进度。", "②加强项目调度。"],
    ),
    "- items above the 署名": (  # format took the last two for organs of the 署名
        "报送材料：\n- 项目基本情况表\n- 项目进展情况说明\n- 存在问题及建议",
        ["报送材料：", "- 项目基本情况表", "- 项目进展情况说明", "- 存在问题及建议"],
    ),
    "- items after a wide line": (  # format joined all three, render kept them apart
        "各单位要做好以下工作，确保按时保质完成项目建设年度目标任务，具体要求\n"
        "- 加快推进项目开工建设，确保按期完成年度投资计划任务目标和要求\n- 加强项目调度。",
        ["各单位要做好以下工作，确保按时保质完成项目建设年度目标任务，具体要求",
         "- 加快推进项目开工建设，确保按期完成年度投资计划任务目标和要求", "- 加强项目调度。"],
    ),
    "• items": (
        "各单位要做好以下工作，确保按时保质完成项目建设年度目标任务，具体要求\n"
        "• 加快推进项目开工建设，确保按期完成年度投资计划任务目标和要求\n• 加强项目调度和督促检查工作",
        ["各单位要做好以下工作，确保按时保质完成项目建设年度目标任务，具体要求",
         "• 加快推进项目开工建设，确保按期完成年度投资计划任务目标和要求", "• 加强项目调度和督促检查工作"],
    ),
    "a heading alone, then a paragraph": (
        "一、总体要求\n各单位要按照县委、县政府的统一部署，切实加强组织领导，明确责任分工\n，确保各项工作落到实处。",
        ["一、总体要求", "各单位要按照县委、县政府的统一部署，切实加强组织领导，明确责任分工，确保各项工作落到实处。"],
    ),
    "a heading with its sentence run in, broken": (  # render kept the sentence's end apart
        "（一）加强组织领导，各单位要按照县委、县政府的统一部署，切实加强组\n织领导，明确责任分工。",
        ["（一）加强组织领导，各单位要按照县委、县政府的统一部署，切实加强组织领导，明确责任分工。"],
    ),
    "a heading ending in “：”": (  # both number it 一、 (the first)
        "二、工作安排：\n各单位要按照县委、县政府的统一部署，切实加强组织领导，明确责任分\n工。",
        ["一、工作安排：", "各单位要按照县委、县政府的统一部署，切实加强组织领导，明确责任分工。"],
    ),
    "a list typed a day a line": (  # format joined the two days
        "会议安排如下\n第一天：各单位汇报项目进展情况和存在的主要问题及下一步工作打算安排\n"
        "第二天：现场观摩重点项目建设情况和项目建设中存在问题的解决办法措施",
        ["会议安排如下", "第一天：各单位汇报项目进展情况和存在的主要问题及下一步工作打算安排",
         "第二天：现场观摩重点项目建设情况和项目建设中存在问题的解决办法措施"],
    ),
    "a soft break (Shift+Enter)": (  # format read U+2028 as a new line
        "各单位要高度重视\u2028切实加强组织领导。\n各单位要按时报送。",
        ["各单位要高度重视切实加强组织领导。", "各单位要按时报送。"],
    ),
    "a broken line without its full stop": (
        f"{_WIDE}\n工作落到实处，形成工作合力，推动项目建设取得实效\n{_WIDE}\n工作落到实处。",
        [_WIDE, "工作落到实处，形成工作合力，推动项目建设取得实效", f"{_WIDE}工作落到实处。"],
    ),
    "a line starting with a closing mark, an indented line": (
        "各单位要按照县委、县政府的统一部署，切实加强组织领导，明确责任分工\n。各单位要按时报送。\n"
        "各单位要按照县委、县政府的统一部署，切实加强组织领导，明确责任分工\n　　各单位要按时报送。",
        ["各单位要按照县委、县政府的统一部署，切实加强组织领导，明确责任分工。各单位要按时报送。",
         "各单位要按照县委、县政府的统一部署，切实加强组织领导，明确责任分工", "各单位要按时报送。"],
    ),
    "an address under its label": (  # a line ending in “：” takes none, but the address it names
        "请各单位按时报送。联系人：朱乐意，联系电话：0379-68222356，电子邮箱：\nycxzdxmb@126.com。\n附表如下：\n请填写。",
        ["请各单位按时报送。联系人：朱乐意，联系电话：0379-68222356，电子邮箱：ycxzdxmb@126.com。", "附表如下：", "请填写。"],
    ),
}  # fmt: skip
_BODY_STYLES = ("公文正文", "公文一级", "公文二级", "公文三级", "公文四级")


def _body_paragraphs(path: Path) -> list[str]:
    import docx

    paragraphs = docx.Document(str(path)).paragraphs
    # not the blank lines; without the marks docgen's layout puts in (breaks, joiners that keep 0379-… whole)
    texts = [re.sub("[\n\u200b\u2060]", "", p.text) for p in paragraphs if p.style.name.startswith(_BODY_STYLES)]
    return [text for text in texts if text]


def _docx_draft(path: Path, lines: list[str]) -> Path:
    """Write a Word draft typed a line a paragraph (U+2028: Shift+Enter inside one)."""
    import docx

    document = docx.Document()
    for line in lines:
        paragraph = document.add_paragraph()
        for index, piece in enumerate(line.split("\u2028")):
            run = paragraph.add_run(piece)
            if index < line.count("\u2028"):
                run.add_break()
    document.save(str(path))
    return path


@pytest.mark.parametrize("case", list(PASTED))
def test_format_and_render_make_the_same_paragraphs_of_pasted_lines(tmp_path: Path, case: str) -> None:
    body, expected = PASTED[case]
    source = tmp_path / "notice.md"
    source.write_text(
        "---\n发文机关: yichuan\n发文字号: 伊重点项目办〔2020〕13号\n标题: 关于做好重点项目建设工作的通知\n"
        f"主送: 各乡镇人民政府\n成文日期: 2020-10-12\n---\n{body}\n",
        encoding="utf-8",
    )
    rendered = _invoke(tmp_path / "r.sqlite", "render", str(source), "-o", str(tmp_path / "render.docx"))
    assert rendered.exit_code == 0, rendered.output
    lines = ["关于做好重点项目建设工作的通知", "各乡镇人民政府：", *body.split("\n"), "", "伊川县重点项目建设办公室", "2020年10月12日"]
    text = tmp_path / "draft.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    word = _docx_draft(tmp_path / "draft.docx", lines)
    made = {"render": _body_paragraphs(tmp_path / "render.docx")}
    for draft in (text, word):
        output = tmp_path / f"format-{draft.suffix[1:]}.docx"
        formatted = _invoke(
            tmp_path / "r.sqlite", "format", str(draft), "--no-render", "-o", str(output), "--letterhead", "yichuan",
            "--number", "伊重点项目办〔2020〕13号",
        )  # fmt: skip
        assert formatted.exit_code == 0, formatted.output
        made[f"format {draft.suffix}"] = _body_paragraphs(output)
    assert made == dict.fromkeys(made, expected)
