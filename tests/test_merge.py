"""docgen merge: an office's own Word form filled from a ledger (issue 19 b), with real .docx and .xlsx files."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT

from docgen.cli import main_group
from docgen.merge.ledger import alias_of, read_merge_ledger
from docgen.merge.names import safe_file_name, unique_name

FORM = ROOT / "samples" / "merge" / "回执.docx"
SUPERVISION = ROOT / "samples" / "supervision" / "督办台账.xlsx"


def run(*args: str) -> Result:
    return CliRunner().invoke(main_group, ["merge", *args])


def make_form(path: Path, paragraphs: Sequence[str], table: Sequence[Sequence[str]] = ()) -> Path:
    """Write a Word form: paragraphs, then a table with a grid (as an office types one in Word)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        grid.style = "Table Grid"
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    document.save(path)
    return path


def make_ledger(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], title: str = "台账") -> Path:
    """Write an office-style ledger: a title row merged across, the header, the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def texts(path: Path) -> list[str]:
    """Return every paragraph text of a .docx, table cells included, in order."""
    document = docx.Document(str(path))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            found += [cell.text for cell in row.cells]
    return found


def test_sample_receipt_one_per_unit(tmp_path: Path) -> None:
    out = tmp_path / "回执"
    result = run(str(FORM), str(SUPERVISION), "--per", "责任单位", "--out", str(out))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(SUPERVISION)
    rows = list(book.active.iter_rows(min_row=3, values_only=True))
    units = list(dict.fromkeys(row[2] for row in rows))
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(f"{unit}-回执.docx" for unit in units)
    assert "10 份中已写入 10 份" in result.output
    for unit in units:
        document = docx.Document(str(out / f"{unit}-回执.docx"))
        assert f"责任单位：{unit}（盖章）" in [p.text for p in document.paragraphs]
        leader = next(row[3] for row in rows if row[2] == unit)
        assert f"包抓领导：{leader}" in [p.text for p in document.paragraphs]
        open_items = [row for row in rows if row[2] == unit and row[10] not in ("已办结", "已解除")]
        (table,) = document.tables
        body = [[cell.text for cell in row.cells] for row in table.rows[1:]]
        assert [line[1] for line in body] == [row[0] for row in open_items]
        assert [line[0] for line in body] == [str(n) for n in range(1, len(open_items) + 1)]
        assert all("{{" not in text and "{%" not in text for line in body for text in line)
    # the date filter reads a date typed as text (2025.9.29) and a date cell alike
    receipt = texts(out / "县发展和改革局-回执.docx")
    assert "2025年9月29日交办，10个工作日" in receipt
    assert "2025年2月7日交办，15个工作日" in receipt


def test_sample_notice_one_paragraph_per_item(tmp_path: Path) -> None:
    out = tmp_path / "通知"
    result = run(str(FORM.with_name("通知.docx")), str(SUPERVISION), "--per", "责任单位", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(SUPERVISION).active.iter_rows(min_row=3, values_only=True))
    for unit in dict.fromkeys(row[2] for row in rows):
        mine = [row for row in rows if row[2] == unit]
        paragraphs = [p.text for p in docx.Document(str(out / f"{unit}-通知.docx")).paragraphs]
        assert paragraphs[2] == f"{unit}："
        still_open = sum(1 for row in mine if row[10] not in ("已办结", "已解除"))
        assert f"共有挂牌督办事项{len(mine)}项，其中尚未办结{still_open}项：" in paragraphs[3]
        items = [p for p in paragraphs if p.startswith("\u3000\u3000") and "（DB-" in p]
        assert [p.split("（")[1].split("，")[0] for p in items] == [row[0] for row in mine]
        assert not any("{%" in p or "{{" in p for p in paragraphs)


def test_unknown_placeholder_writes_nothing_and_names_it(tmp_path: Path) -> None:
    form = make_form(
        tmp_path / "表.docx",
        ["项目基本情况表", "填报单位：{{ 责任单位 }}"],
        [["项目", "时限"], ["{{ 项目名 }}", "{{ row[\"办理时限\"] }}"]],
    )
    out = tmp_path / "out"
    result = run(str(form), str(SUPERVISION), "--out", str(out))
    assert result.exit_code == 1
    assert not out.exists()
    assert "占位符 项目名（表格1第2行第1格）不是台账的列；最接近的：项目名称" in result.output
    assert "未写入任何文件" in result.output
    # the alias and row["…"] of 办理时限（工作日） are known: only 项目名 is reported
    assert result.output.count("不是台账的列") == 1


def test_unknown_key_of_a_row_names_it_where_it_is(tmp_path: Path) -> None:
    form = make_form(
        tmp_path / "回执.docx",
        ["{{ 责任单位 }}"],
        [["{%tr for r in rows %}", ""], ["{{ r.项目名称 }}", "{{ r.整改时限 }}"], ["{%tr endfor %}", ""]],
    )
    result = run(str(form), str(SUPERVISION), "--per", "责任单位", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "占位符 r.整改时限（表格1第2行第2格）不是台账的列" in result.output
    assert not (tmp_path / "out").exists()


def test_rows_without_per_and_row_with_per_are_refused(tmp_path: Path) -> None:
    loop = make_form(tmp_path / "a.docx", ["{% for r in rows %}{{ r.项目名称 }}{% endfor %}"])
    result = run(str(loop), str(SUPERVISION), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "--per" in result.output
    single = make_form(tmp_path / "b.docx", ["{{ row.项目名称 }}"])
    result = run(str(single), str(SUPERVISION), "--per", "责任单位", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "for r in rows" in result.output
    assert not (tmp_path / "out").exists()


HOSTILE = ["A&B公司", "<w:p>x</w:p> 1<2", "{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}", "{_{ y }_}"]


def test_ledger_values_come_out_as_text(tmp_path: Path, pool) -> None:  # type: ignore[no-untyped-def]
    ledger = make_ledger(
        tmp_path / "台账.xlsx", ["项目名称", "存在问题"], [[value, f"问题{n}"] for n, value in enumerate(HOSTILE)]
    )
    form = make_form(tmp_path / "表.docx", ["项目：{{ 项目名称 }}", "问题：{{ 存在问题 }}"])
    out = tmp_path / "out"
    result = run(str(form), str(ledger), "--out", str(out), "--name", "{{ 存在问题 }}")
    assert result.exit_code == 0, result.output
    for n, value in enumerate(HOSTILE):
        made = out / f"问题{n}.docx"
        # "{_{" is docxtpl's escape of "{{" in a form: in a value it is turned into "{{", still text
        assert texts(made)[0] == "项目：" + value.replace("{_{", "{{").replace("}_}", "}}")
    # LibreOffice opens every one and prints the value as typed
    jobs = [(out / f"问题{n}.docx", tmp_path / f"{n}.pdf") for n in range(len(HOSTILE))]
    assert all(r.error is None for r in pool.convert(jobs))
    text = subprocess.run(["pdftotext", str(tmp_path / "1.pdf"), "-"], capture_output=True, text=True).stdout
    assert "<w:p>x</w:p> 1<2" in text
    text = subprocess.run(["pdftotext", str(tmp_path / "2.pdf"), "-"], capture_output=True, text=True).stdout
    assert "{{ 7*7 }}" in text
    assert "49" not in text


def test_a_form_cannot_make_a_value_markup_or_reach_python(tmp_path: Path) -> None:
    ledger = make_ledger(tmp_path / "台账.xlsx", ["项目名称", "单位"], [["<b>x</b>", "甲"]])
    safe = make_form(tmp_path / "safe.docx", ["{{ 项目名称|safe }}"])
    result = run(str(safe), str(ledger), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "safe" in result.output
    escape = make_form(tmp_path / "python.docx", ["{{ cycler.__init__.__globals__ }}"])
    result = run(str(escape), str(ledger), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("out/*.docx"))


def test_batch_reports_every_problem_and_makes_the_valid_items(tmp_path: Path) -> None:
    ledger = make_ledger(
        tmp_path / "台账.xlsx",
        ["项目名称", "责任单位", "联系电话", "交办日期"],
        [
            ["甲项目", "县水利局", "1001", "2025.3.5"],
            ["乙项目", "县水利局", "1002", "2025-03-06"],
            ["丙_x0007_项目", "县交通局", "2001", "2025-03-07"],  # U+0007 as Excel stores it: that row fails
            ["丁项目", "县林业局", "3001", "待定"],  # not a date for |date: that item fails
        ],
    )
    form = make_form(tmp_path / "表.docx", ["{{ 项目名称 }}", "{{ 交办日期|date }}"])
    out = tmp_path / "out"
    result = run(str(form), str(ledger), "--out", str(out), "--name", "{{ 项目名称 }}-表")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.glob("*.docx")) == ["乙项目-表.docx", "甲项目-表.docx"]
    assert texts(out / "甲项目-表.docx") == ["甲项目", "2025年3月5日"]
    assert "第 5 行" in result.output
    assert "控制字符" in result.output
    assert "第 6 行" in result.output
    assert "待定" in result.output
    assert "4 份中已写入 2 份" in result.output
    # manifest.csv: every item, its ledger rows, its file or its error (Excel reads the BOM as UTF-8)
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        manifest = list(csv.DictReader(handle))
    assert [(m["rows"], m["docx"], m["status"]) for m in manifest] == [
        ("3", "甲项目-表.docx", "ok"),
        ("4", "乙项目-表.docx", "ok"),
        ("5", "", "failed"),
        ("6", "", "failed"),
    ]
    assert "U+0007" in manifest[2]["error"]
    assert "待定" in manifest[3]["error"]
    # per unit: 联系电话 differs within 县水利局, so its item fails and names it; the others are made
    grouped = make_form(tmp_path / "组.docx", ["{{ 责任单位 }} {{ 联系电话 }}"])
    result = run(str(grouped), str(ledger), "--per", "责任单位", "--out", str(tmp_path / "g"))
    assert result.exit_code == 1
    assert "联系电话在县水利局的各行中不同（1001、1002）" in result.output
    assert "县交通局" in result.output  # its row has an error: no document for the unit
    assert sorted(p.name for p in (tmp_path / "g").glob("*.docx")) == ["县林业局-组.docx"]


def test_never_writes_over_its_inputs_or_unknown_files(tmp_path: Path) -> None:
    ledger = make_ledger(tmp_path / "台账.xlsx", ["项目名称", "单位"], [["表", "甲"], ["乙", "甲"]])
    form = make_form(tmp_path / "表.docx", ["{{ 项目名称 }}"])
    before = form.read_bytes()
    result = run(str(form), str(ledger), "--out", str(tmp_path), "--name", "{{ 项目名称 }}")
    assert result.exit_code == 1
    assert form.read_bytes() == before
    assert "输入" in result.output
    assert (tmp_path / "乙.docx").is_file()
    (tmp_path / "乙.docx").write_bytes(b"typed by hand")
    result = run(str(form), str(ledger), "--out", str(tmp_path), "--name", "{{ 项目名称 }}")
    assert (tmp_path / "乙.docx").read_bytes() == b"typed by hand"
    assert "--overwrite" in result.output


def test_file_names_are_made_safe_and_unique(tmp_path: Path) -> None:
    ledger = make_ledger(
        tmp_path / "台账.xlsx",
        ["项目名称", "单位"],
        [["../../etc/passwd", "甲"], ['a:b*c?"d"<e>|f', "甲"], ["同名", "甲"], ["同名", "乙"], ["   ", "丙"]],
    )
    form = make_form(tmp_path / "表.docx", ["{{ 项目名称 }}"])
    out = tmp_path / "out"
    result = run(str(form), str(ledger), "--out", str(out), "--name", "{{ 项目名称 }}")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".docx") == sorted(
        ["etcpasswd.docx", "abcdef.docx", "同名.docx", "同名（2）.docx", "表-7.docx"]
    )
    assert safe_file_name("CON", "x") == "_CON"
    assert safe_file_name("..", "第1份") == "第1份"
    taken: set[str] = set()
    assert [unique_name(stem, taken) for stem in ("A", "a", "b")] == ["A", "a（2）", "b"]


def test_fields_lists_columns_and_aliases_and_two_row_headers() -> None:
    result = run("--fields", str(SUPERVISION))
    assert result.exit_code == 0, result.output
    assert '{{ 办理时限 }}\t{{ row["办理时限（工作日）"] }}' in result.output
    assert alias_of("总投资（万元）") == "总投资"
    assert alias_of("项目名称") is None
    office = read_merge_ledger(ROOT / "samples" / "ranking" / "项目台账-办公室格式-2025-05.xlsx")
    headers = [f.header for f in office.fields]
    assert headers[:3] == ["序号", "项目名称", "责任单位"]
    assert "2025年计划 投资" in headers
    # the 合计 and 小计 rows and the title rows are not records
    assert all(row.values["序号"] not in ("合计", "小计") for row in office.rows)
    assert office.rows[0].values["项目名称"] == "长子县城关智能制造项目013"


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(str(FORM), str(SUPERVISION), "--per", "责任单位", "--out", str(out), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "县水利局-回执.docx" in result.output
    assert not out.exists()


def test_malformed_placeholder_names_the_paragraph(tmp_path: Path) -> None:
    form = make_form(tmp_path / "表.docx", ["第一段", "项目：{{ 项目名称 }", "第三段"])
    result = run(str(form), str(SUPERVISION), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "项目：{{ 项目名称 }" in result.output
    assert "Traceback" not in result.output


def test_pdf_beside_each_document(tmp_path: Path) -> None:
    ledger = make_ledger(tmp_path / "台账.xlsx", ["项目名称", "单位"], [["甲项目", "甲"]])
    form = make_form(tmp_path / "表.docx", ["项目：{{ 项目名称 }}"])
    result = run(str(form), str(ledger), "--out", str(tmp_path / "out"), "--pdf")
    if "LibreOffice" in result.output and result.exit_code:
        pytest.skip("LibreOffice is not installed")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "表-3.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "项目：甲项目" in text


def test_importing_merge_does_not_import_click() -> None:
    code = "import sys, docgen.merge.run; assert 'click' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_header_placeholders_and_filters_are_checked(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{{ 项目名称 }}")
    document.sections[0].header.paragraphs[0].text = "{{ 单位名 }}"
    document.save(tmp_path / "页眉.docx")
    result = run(str(tmp_path / "页眉.docx"), str(SUPERVISION), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "占位符 单位名（页眉）不是台账的列" in result.output
    typo = make_form(tmp_path / "过滤器.docx", ["{{ 项目名称 }}", "{{ 交办日期|dat }}"])
    result = run(str(typo), str(SUPERVISION), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "没有过滤器“dat”（第2段）" in result.output
    assert not (tmp_path / "out").exists()


def test_office_ledger_one_per_row_with_two_row_header(tmp_path: Path) -> None:
    office = ROOT / "samples" / "ranking" / "项目台账-办公室格式-2025-05.xlsx"
    form = make_form(
        tmp_path / "基本情况表.docx",
        ["{{ 项目名称 }}（{{ 责任单位 }}）", '总投资{{ 总投资|number }}万元，今年计划{{ row["2025年计划 投资"]|number }}万元'],
    )
    out = tmp_path / "out"
    result = run(str(form), str(office), "--out", str(out), "--name", "{{ 序号 }}-{{ 项目名称 }}")
    assert result.exit_code == 0, result.output
    made = sorted(out.glob("*.docx"))
    assert len(made) == 160
    assert texts(out / "1-长子县城关智能制造项目013.docx") == [
        "长子县城关智能制造项目013（城关镇）",
        "总投资79,325.00万元，今年计划17,451.50万元",
    ]


def test_cells_print_as_the_office_wrote_them(tmp_path: Path) -> None:
    import datetime as dt

    ledger = make_ledger(
        tmp_path / "台账.xlsx",
        ["项目名称", "交办日期", "总投资（万元）", "说明"],
        [["甲项目", dt.datetime(2025, 9, 30), 1234.5, "第一行\n第二行"], ["乙项目", dt.datetime(2025, 10, 1), 20.0, ""]],
    )
    form = make_form(tmp_path / "表.docx", ["{{ 项目名称 }} {{ 交办日期 }} {{ 总投资 }} {{ 总投资|number }}", "{{ 说明 }}"])
    out = tmp_path / "out"
    result = run(str(form), str(ledger), "--out", str(out), "--name", "{{ 项目名称 }}")
    assert result.exit_code == 0, result.output
    # a date cell as 7.3.5.4 writes dates; a number as Excel shows it; Alt+Enter in a cell is a line break
    assert texts(out / "甲项目.docx") == ["甲项目 2025年9月30日 1234.5 1,234.50", "第一行\n第二行"]
    assert texts(out / "乙项目.docx") == ["乙项目 2025年10月1日 20 20.00", ""]


def test_sample_forms_are_what_their_script_makes(tmp_path: Path) -> None:
    from docgen.merge.run import merge_env
    from docgen.merge.template import read_form

    subprocess.run([sys.executable, str(FORM.with_name("make_forms.py")), str(tmp_path)], check=True, cwd=ROOT)
    for name in ("回执.docx", "通知.docx"):
        committed, made = FORM.with_name(name), tmp_path / name
        assert texts(made) == texts(committed)
        assert read_form(made, merge_env()).uses == read_form(committed, merge_env()).uses


def test_numbered_merge_takes_numbers_from_the_register(tmp_path: Path) -> None:
    form = make_form(tmp_path / "通知.docx", ["{{ 发文字号 }}", "{{ 责任单位 }}：", "{{ 成文日期 }}"])
    register = tmp_path / "登记簿.sqlite"
    out = tmp_path / "out"
    refused = run(str(form), str(SUPERVISION), "--per", "责任单位", "--out", str(out))
    assert refused.exit_code == 1
    assert "占位符 发文字号（第1段）要从登记簿取号" in refused.output
    assert not out.exists()
    args = ["--per", "责任单位", "--out", str(out), "--letterhead", "zhangzi", "--date", "2025-10-20"]
    result = CliRunner().invoke(main_group, ["--register", str(register), "merge", str(form), str(SUPERVISION), *args])
    assert result.exit_code == 0, result.output
    units = list(dict.fromkeys(row[2] for row in openpyxl.load_workbook(SUPERVISION).active.iter_rows(min_row=3, values_only=True)))
    for n, unit in enumerate(units, start=1):
        assert texts(out / f"{unit}-通知.docx") == [f"长子政办发〔2025〕{n}号", f"{unit}：", "2025年10月20日"]
    listed = CliRunner().invoke(main_group, ["--register", str(register), "register", "list", "--series", "长子政办发", "--year", "2025"])
    assert listed.exit_code == 0, listed.output
    assert "长子政办发〔2025〕10号" in listed.output
    assert "长子政办发〔2025〕11号" not in listed.output
    # a second run finds every item made and unchanged: no new number, nothing written again
    again = CliRunner().invoke(main_group, ["--register", str(register), "merge", str(form), str(SUPERVISION), *args])
    assert again.exit_code == 0, again.output
    assert "10 份此前已生成" in again.output
    listed = CliRunner().invoke(main_group, ["--register", str(register), "register", "list", "--series", "长子政办发", "--year", "2025"])
    assert "长子政办发〔2025〕11号" not in listed.output


def test_a_broken_form_or_ledger_is_one_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "表.docx"
    broken.write_bytes(b"not a zip")
    result = run(str(broken), str(SUPERVISION), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "表.docx" in result.output
    assert "Traceback" not in result.output
    result = run(str(FORM), str(FORM), "--out", str(tmp_path / "out"))  # a form given as the ledger
    assert result.exit_code == 1
    assert ".xlsx" in result.output
    assert not (tmp_path / "out").exists()


def test_docgens_marks_leave_a_placeholder_word_split_over_runs(tmp_path: Path) -> None:
    """A form docgen made holds word joiners (U+2060) in a placeholder a cell's line end cuts; Word may
    then split the placeholder's braces over runs (「{」「⁠{ 项⁠目⁠名⁠称 }」「⁠}」): the marks go all the same."""
    document = docx.Document()
    paragraph = document.add_paragraph("项目：")
    for part in ("{", "\u2060{ 项\u2060目\u2060名\u2060称 }", "\u2060}"):
        paragraph.add_run(part)
    form = tmp_path / "表.docx"
    document.save(str(form))
    out = tmp_path / "out"
    result = run(str(form), str(SUPERVISION), "--out", str(out))
    assert result.exit_code == 0, result.output
    first = texts(sorted(out.glob("*.docx"))[0])[0]
    assert first.startswith("项目：")
    assert len(first) > 3
    assert "{" not in first
    assert "\u2060" not in first
