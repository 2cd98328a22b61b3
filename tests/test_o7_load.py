"""Outsider 7 defects 3, 5, 6, 9 and 10 as the clerk meets them: real .xlsx ledgers (openpyxl),
real .docx drafts (python-docx), UTF-16 text as Notepad saves it, the CLI as typed."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from docgen.cli import main_group
from docgen.errors import DataError
from docgen.load.supervision import load_supervision
from docgen.load.tables import read_table


def _cli(*args: str, register: Path) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _errors(done: Result) -> list[str]:
    return [line for line in done.output.splitlines() if line.startswith("错误")]


def _ledger(path: Path, rows: list[tuple[str, str, str, int]]) -> Path:
    """A 项目台账 for 2025-11: (项目名称, 责任单位, 包抓领导, 累计完成投资) rows under a header on row 1."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "11月"
    sheet.append(
        ["项目名称", "责任单位", "包抓领导", "总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）"]
    )
    for name, unit, leader, done in rows:
        sheet.append([name, unit, leader, 11300, 5000, done])
    book.save(path)
    return path


TOWNS = [
    ("丹朱镇冷链物流园", "丹朱镇", "王副县长", 300),
    ("平林乡村振兴示范片区建设项目", "平林镇", "王副县长", 4036),
    ("平林镇供水工程", "平林镇", "李副县长", 150),
    ("平林乡村振兴示范片区建设项目", "平林镇", "李副县长", 2100),  # row 5: the second section, same name
]


def _bulletin(tmp_path: Path, ledger: Path, *more: str) -> Result:
    out = tmp_path / "简报"
    return _cli(
        "bulletin", str(ledger), "--month", "2025-11", "--letterhead", "zhangzi-zdxmb", "--date", "2025-12-05",
        "--out", str(out), *more, register=tmp_path / "r.sqlite",
    )  # fmt: skip


def test_a_repeated_project_row_fails_its_town_and_names_both_rows(tmp_path: Path) -> None:
    """平林镇 lists one programme on rows 3 and 5: its bulletin was made with row 3 alone (4036 of
    6136 万元) and the run said 0 份失败; now it is not made, counted failed, rows 5 and 3 named."""
    ledger = _ledger(tmp_path / "台账.xlsx", TOWNS)
    done = _bulletin(tmp_path, ledger)
    assert done.exit_code == 1, done.output
    assert _errors(done) == [
        f"错误：平林镇：简报未生成：该单位有 1 行有误（重复的项目，或无法读取）：{ledger}，工作表 11月，第 5 行，"
        "字段“项目名称”：与第 3 行是同一项目"
    ]
    assert "1 份简报已就绪（0 份未变），1 份失败" in done.output
    out = tmp_path / "简报"
    assert [p.name for p in out.glob("*.docx")] == ["丹朱镇-2025年第1期.docx"]
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["bulletins"]
    assert {e["subject"]: e["status"] for e in entries} == {"丹朱镇": "ok", "平林镇": "failed"}


def test_per_leader_a_repeated_row_fails_the_leaders_of_both_rows(tmp_path: Path) -> None:
    """--per leader: row 3 is 王副县长's, its repeat on row 5 李副县长's; either bulletin would carry
    one section of the programme and which is right is the office's to say, so neither is made;
    赵副县长's is."""
    ledger = _ledger(tmp_path / "台账.xlsx", [*TOWNS, ("鲍店镇供水工程", "鲍店镇", "赵副县长", 80)])
    done = _bulletin(tmp_path, ledger, "--per", "leader")
    assert done.exit_code == 1, done.output
    entries = json.loads((tmp_path / "简报" / "manifest.json").read_text(encoding="utf-8"))["bulletins"]
    statuses = {e["subject"]: e["status"] for e in entries}
    assert statuses == {"赵副县长": "ok", "王副县长": "failed", "李副县长": "failed"}
    assert len(_errors(done)) == 2
    assert all("第 5 行" in line and "与第 3 行是同一项目" in line for line in _errors(done)), done.output


def test_rank_refuses_a_month_with_a_repeated_project_row(tmp_path: Path) -> None:
    """A ranking must neither drop nor double the second section: nothing is numbered, the rows named."""
    ledger = _ledger(tmp_path / "台账.xlsx", TOWNS)
    rules = Path(__file__).resolve().parents[1] / "samples" / "ranking" / "rules.yaml"
    done = _cli(
        "rank", str(ledger), "--month", "2025-11", "--letterhead", "zhangzi-zdxmb", "--date", "2025-12-05",
        "--rules", str(rules), "-o", str(tmp_path / "通报.docx"), register=tmp_path / "r.sqlite",
    )  # fmt: skip
    assert done.exit_code == 1
    assert f"  {ledger}，工作表 11月，第 5 行，字段“项目名称”：与第 3 行是同一项目" in done.output
    assert not (tmp_path / "通报.docx").exists()


def test_a_supervision_item_on_two_rows_is_made_from_neither(tmp_path: Path) -> None:
    """DB-7 on rows 2 and 3 with different problems: the 督办通知书 was made from row 2 alone."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["督办编号", "项目名称", "责任单位", "存在问题", "交办日期", "办理时限（工作日）", "状态"])
    sheet.append(["DB-7", "甲项目", "县水利局", "用地未批", dt.date(2025, 9, 29), 10, "未办结"])
    sheet.append(["DB-7", "甲项目", "县水利局", "资金未到位", dt.date(2025, 9, 29), 10, "未办结"])
    sheet.append(["DB-8", "乙项目", "县水利局", "环评未批", dt.date(2025, 9, 29), 10, "未办结"])
    book.save(tmp_path / "督办.xlsx")
    items, errors = load_supervision(tmp_path / "督办.xlsx")
    assert [i.code for i in items] == ["DB-8"]
    assert [str(e) for e in errors] == [
        f"{tmp_path / '督办.xlsx'}，工作表 Sheet，第 3 行，字段“督办编号”：与第 2 行是同一事项（督办编号，或项目、"
        "单位、日期和问题相同）；改正或删去其中一行之前，两行都不生成"
    ]


# ---- #5: a typed 主送 of 10 or more units, recognised by its shape


TOWNS12 = [f"{n}镇人民政府" for n in ("丹朱", "鲍店", "大堡头", "慈林", "色头", "南漳", "宋村", "南陈", "石哲", "碾张", "常张", "岚水")]  # fmt: skip


def _word_draft(path: Path, *paragraphs: str) -> Path:
    """A Word draft typed with python-docx: a 发文字号, a title, then ``paragraphs`` and a 署名 with its date."""
    document = Document()
    document.add_paragraph("长重点〔2025〕33号").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("关于报送2025年重点项目观摩材料的通知").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in paragraphs:
        document.add_paragraph(text)
    document.add_paragraph("长子县重点项目办公室").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("2025年10月9日").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(path)
    return path


def _outline(tmp_path: Path, draft: Path) -> list[str]:
    done = _cli(
        "format", str(draft), "--letterhead", "zhangzi-zdxmb", "--dry-run", register=tmp_path / "r.sqlite"
    )
    assert done.exit_code == 0, done.output
    return [
        line.split(maxsplit=1)[1] for line in done.output.splitlines()[1:] if line.strip().startswith("¶")
    ]


def test_a_typed_addressee_of_twelve_and_of_thirty_units_is_the_addressee(tmp_path: Path) -> None:
    """The county's 12 towns (97 字) and 30 units (178 字) were read as the first 正文 paragraph
    (recognise.py gave up above 80 字); a 主送 is told by its shape: unit names joined by “，”“、”."""
    units30 = [*TOWNS12, *(f"县{n}" for n in ("发改局", "财政局", "自然资源局", "住建局", "交通局", "水利局",
               "农业农村局", "商务局", "文旅局", "卫健局", "应急局", "审批局", "市场监管局", "生态环境分局",
               "供电公司", "教育局", "工信局", "统计局"))]  # fmt: skip
    for units in (TOWNS12, units30):
        addressee = "，".join(units) + "："
        draft = _word_draft(tmp_path / f"草稿{len(units)}.docx", addressee, "　　请各单位于10月20日前报送。")
        outline = _outline(tmp_path, draft)
        assert outline[2].startswith("主送机关：丹朱镇人民政府，鲍店镇人民政府"), outline
        assert outline[3] == "正文：请各单位于10月20日前报送。", outline


def test_a_long_sentence_ending_in_a_colon_under_the_title_stays_body_text(tmp_path: Path) -> None:
    """Not every long line ending “：” is a 主送: a sentence of clauses (no unit names) is the body."""
    sentence = (
        "为深入贯彻落实县委县政府关于抓项目促投资稳增长的决策部署，进一步营造比学赶超的浓厚氛围，"
        "加快推动全县重点项目建设提质增效，县委县政府研究决定开展重点项目观摩活动，各单位要高度重视："
    )
    outline = _outline(tmp_path, _word_draft(tmp_path / "草稿.docx", sentence, "　　一、观摩范围"))
    assert outline[2].startswith("正文：为深入贯彻落实"), outline


# ---- #6: an indented line starts a paragraph in a Markdown draft


def test_an_indented_line_under_a_heading_starts_a_paragraph_in_markdown(tmp_path: Path) -> None:
    """A Word text pasted into a .md: “　　二、观摩安排” then “　　各单位按下表报送：” were one Markdown
    paragraph, the 黑体 heading printing the next sentence; indented by spaces alike.  A line not
    indented still goes on the paragraph above (Markdown's rule)."""
    head = "关于开展观摩活动的通知\n\n各乡镇人民政府：\n\n"
    tail = "\n\n长子县重点项目办公室\n2025年10月9日\n"
    for indent in ("　　", "    "):
        draft = tmp_path / "草稿.md"
        body = f"{indent}一、观摩安排\n{indent}各单位按下表报送。\n{indent}请于10月20日前\n报县重点项目办。"
        draft.write_text(head + body + tail, encoding="utf-8")
        outline = _outline(tmp_path, draft)
        assert outline[2:5] == [
            "一级标题：一、观摩安排",
            "正文：各单位按下表报送。",
            "正文：请于10月20日前报县重点项目办。  〔2 行已合并〕",
        ], outline


# ---- #9: UTF-16 text, as Notepad and Excel save “Unicode”


def test_a_utf16_source_renders_as_its_utf8_twin(tmp_path: Path) -> None:
    """粘贴-UTF16.md was refused “既不是 UTF-8 也不是 GB18030”; the BOM (FF FE, FE FF) says what it is."""
    text = (
        "---\n发文机关: zhangzi-zdxmb\n发文字号: 长重点〔2025〕31号\n标题: 关于报送材料的通知\n"
        "主送: 各乡镇人民政府\n成文日期: 2025-10-09\n---\n　　请各单位于10月20日前报送。\r\n"
    )
    made = {}
    for name, data in (
        ("utf8", text.encode("utf-8")),
        ("le", b"\xff\xfe" + text.encode("utf-16-le")),
        ("be", b"\xfe\xff" + text.encode("utf-16-be")),
    ):
        (tmp_path / f"{name}.md").write_bytes(data)
        done = _cli(
            "render",
            str(tmp_path / f"{name}.md"),
            "-o",
            str(tmp_path / f"{name}.docx"),
            register=tmp_path / "r.sqlite",
        )
        assert done.exit_code == 0, done.output
        made[name] = zipfile.ZipFile(tmp_path / f"{name}.docx").read("word/document.xml")
    assert made["le"] == made["utf8"] == made["be"]


def test_a_utf16_csv_is_read_tab_separated_and_a_broken_one_is_named(tmp_path: Path) -> None:
    """Excel's “Unicode 文本”: UTF-16 LE with its BOM, cells apart by tabs, saved as .csv."""
    path = tmp_path / "表.csv"
    path.write_bytes(b"\xff\xfe" + "序号\t单位\t项目数\r\n1\t丹朱镇\t3\r\n".encode("utf-16-le"))
    assert read_table(path) == (("序号", "单位", "项目数"), ("1", "丹朱镇", "3"))
    path.write_bytes(b"\xff\xfe" + "序号".encode("utf-16-le") + b"\x00\xd8\x41")  # a lone surrogate
    with pytest.raises(DataError) as refused:
        read_table(path)
    assert str(refused.value) == (
        f"{path}：文件开头表明是 UTF-16（“Unicode”）编码的文本，但第 7 字节起不是：请用记事本或 WPS 打开，另存为 UTF-8"
    )


# ---- #10: a pasted tab between Chinese characters; a PDF or Word attachment's way on


def test_format_drops_a_pasted_tab_between_chinese_characters(tmp_path: Path) -> None:
    """“总投资5000万元以上，\\t年内完成投资” came out with a space (a 4.3 pt gap after “，”); a name
    spaced out by hand (王  磊) is kept."""
    draft = _word_draft(
        tmp_path / "草稿.docx",
        "各乡镇人民政府：",
        "　　总投资5000万元以上，\t年内完成投资不低于计划的60%。PPP 项目照常。联系人：王  磊。",
    )
    done = _cli(
        "format", str(draft), "--letterhead", "zhangzi-zdxmb", "--dry-run", register=tmp_path / "r.sqlite"
    )
    assert (
        "正文：总投资5000万元以上，年内完成投资不低于计划的60%。PPP 项目照常。联系人：王  磊。" in done.output
    ), done.output
    assert "汉字之间的 1 个空格或制表符已删去" in done.output


def test_a_pdf_or_word_attachment_is_refused_with_the_way_on(tmp_path: Path) -> None:
    """The refusal named file, line and field, but said only what docgen reads."""
    (tmp_path / "日程.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    Document().save(tmp_path / "路线.docx")
    notice = tmp_path / "通知.md"
    notice.write_text(
        "---\n发文机关: zhangzi-zdxmb\n发文字号: 长重点〔2025〕31号\n标题: 关于观摩的通知\n主送: 各乡镇人民政府\n"
        "成文日期: 2025-10-09\n附件:\n  - 标题: 观摩日程\n    文件: 日程.pdf\n  - 标题: 观摩路线\n    文件: 路线.docx\n"
        "---\n请按时参加。\n",
        encoding="utf-8",
    )
    done = _cli("render", str(notice), "-o", str(tmp_path / "通知.docx"), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1
    assert (  # one message a problem (mends14)
        f"错误：{notice}，第 9 行，字段“附件第 1 项的文件”：“日程.pdf”是 PDF，docgen 不能把它排成附件页：删去这一项的“文件”、"
        "保留“标题”（附件说明中照列），印制时把这份 PDF 附在通知后面"
    ) in done.output.splitlines()
    assert any(
        line.endswith(
            "“路线.docx”是 Word 文档：请把正文另存为 .txt 或 .md、表格另存为 .xlsx，写那个文件；或删去这一项的“文件”、保留“标题”（附件说明中照列），印制时把原件附在后面"
        )
        for line in done.output.splitlines()
    )
