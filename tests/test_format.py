"""一键排版 (issue 19 a): drafts typed any way, recognised part by part, laid out, checked."""

from __future__ import annotations

import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from docx.oxml import parse_xml
from hypothesis import given, settings
from hypothesis import strategies as st
from word_drafts import NOTICE_OUTLINE, docx_texts, normalised, notice_draft, typed

from docgen.check.run import check_files
from docgen.cli import main_group
from docgen.draft.outline import Part, Role
from docgen.draft.read import MAX_DRAFT_LINES
from docgen.draft.run import default_output, format_draft, outline_of
from docgen.errors import DataError, OutputError
from docgen.run_resources import RunResources

needs_lo = pytest.mark.usefixtures("pool")


def _outline(tmp_path: Path, text: str, name: str = "draft.txt") -> list[Part]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return outline_of(path)


def _pairs(parts: list[Part]) -> list[tuple[str, str]]:
    return [(p.role.value, "" if p.role is Role.TABLE else p.printed) for p in parts]


def _body(parts: list[Part]) -> list[tuple[str, str]]:
    return [pair for pair in _pairs(parts) if pair[0] in ("heading", "paragraph", "table")]


HEAD = "关于做好重点项目建设工作的通知\n\n各乡镇人民政府：\n"
TAIL = "\n伊川县重点项目建设办公室\n2020年10月12日\n"


# ---- the Word draft, whole


def test_a_word_draft_gives_the_expected_outline_element_by_element(tmp_path: Path) -> None:
    result = format_draft(notice_draft(tmp_path / "草稿.docx"), RunResources(), dry_run=True)
    assert _pairs(result.outline) == NOTICE_OUTLINE
    assert result.output is None
    assert not (tmp_path / "草稿-排版.docx").exists()
    renumbered = [p for p in result.outline if p.label == "（二）"][0]
    assert "(三)" in renumbered.note


@needs_lo
def test_a_word_draft_formats_to_a_document_check_passes_with_the_drafts_text(tmp_path: Path) -> None:
    draft = notice_draft(tmp_path / "草稿.docx")
    before = draft.read_bytes()
    result = format_draft(draft, RunResources(), letterhead="yichuan")
    assert result.output == default_output(draft) == tmp_path / "草稿-排版.docx"
    assert draft.read_bytes() == before
    (report,) = check_files([result.output])
    assert not report.failed, [(f.rule.id, f.measured) for f in report.failed]
    made = docx_texts(result.output)
    title = made.index("关于做好2020年重点项目建设督导工作的通知")
    assert made[:title] == ["伊川县重点项目建设领导小组办公室文件", "伊重点项目办〔2020〕\u3000\u3000号"]
    assert normalised(made[title:]) == normalised(docx_texts(draft))
    assert "{{ 7*7 }}" in "".join(made)
    assert "{% if x %}照办{% endif %}" in "".join(made)
    assert "伊重点项目办〔2020〕" in "".join(made)


def test_the_draft_is_never_written_over(tmp_path: Path) -> None:
    draft = notice_draft(tmp_path / "草稿.docx")
    before = draft.read_bytes()
    with pytest.raises(OutputError):
        format_draft(draft, RunResources(), output=draft, letterhead="yichuan", render=False)
    assert draft.read_bytes() == before
    first = format_draft(draft, RunResources(), letterhead="yichuan", render=False).output
    assert first is not None
    format_draft(
        draft, RunResources(), letterhead="yichuan", render=False
    )  # its own earlier output: replaced
    first.write_bytes(first.read_bytes() + b"edited")
    with pytest.raises(OutputError):
        format_draft(draft, RunResources(), letterhead="yichuan", render=False)  # edited since: kept
    assert first.read_bytes().endswith(b"edited")
    assert draft.read_bytes() == before


# ---- one test per recognition rule


@pytest.mark.parametrize(
    ("typed_label", "level", "printed"),
    [
        ("一、", 1, "一、"),
        ("一.", 1, "一、"),
        ("一 、", 1, "一、"),
        ("（一）", 2, "（一）"),
        ("(一)", 2, "（一）"),
        ("1.", 3, "1."),
        ("1、", 3, "1."),
        ("１．", 3, "1."),
        ("（1）", 4, "（1）"),
        ("(1)", 4, "（1）"),
        ("（１）", 4, "（1）"),
    ],
)
def test_each_heading_style_is_recognised_by_its_number(
    tmp_path: Path, typed_label: str, level: int, printed: str
) -> None:
    parts = _outline(tmp_path, f"{HEAD}{typed_label}加强领导\n　　正文一段。\n{TAIL}")
    heading = next(p for p in parts if p.role is Role.HEADING)
    assert (heading.level, heading.label, heading.text) == (level, printed, "加强领导")


def test_headings_that_skip_are_renumbered_and_say_so(tmp_path: Path) -> None:
    text = f"{HEAD}一、甲\n(一)乙\n(三)丙\n三、丁\n1.戊\n3.己\n{TAIL}"
    parts = [p for p in _outline(tmp_path, text) if p.role is Role.HEADING]
    assert [p.label for p in parts] == ["一、", "（一）", "（二）", "二、", "1.", "2."]
    assert [bool(p.note) for p in parts] == [
        False,
        False,
        True,
        True,
        False,
        True,
    ]  # (一) is restyled, not renumbered


def test_word_heading_styles_and_automatic_numbering_without_typed_numbers(tmp_path: Path) -> None:
    doc = open_docx()
    doc.add_paragraph("关于做好重点项目建设工作的通知", style="Title")
    doc.add_paragraph("各乡镇人民政府：")
    doc.add_paragraph("总体要求", style="Heading 1")
    doc.add_paragraph("加强领导", style="Heading 2")
    doc.add_paragraph("　　正文。")
    doc.add_paragraph("每月报送进度；", style="List Number")  # Word's own numbering: 1.
    doc.add_paragraph("伊川县重点项目建设办公室")
    doc.add_paragraph("2020年10月12日")
    doc.save(str(tmp_path / "styled.docx"))
    assert _body(outline_of(tmp_path / "styled.docx")) == [
        ("heading", "一、总体要求"),
        ("heading", "（一）加强领导"),
        ("paragraph", "正文。"),
        ("heading", "1.每月报送进度；"),
    ]


def test_markdown_heading_marks_below_the_title_are_levels(tmp_path: Path) -> None:
    text = "# 关于做好重点项目建设工作的通知\n\n各乡镇人民政府：\n\n## 总体要求\n\n### 加强领导\n\n正文。\n\n伊川县重点项目建设办公室\n\n2020年10月12日\n"
    assert _body(_outline(tmp_path, text, "draft.md")) == [
        ("heading", "一、总体要求"),
        ("heading", "（一）加强领导"),
        ("paragraph", "正文。"),
    ]


def test_items_numbered_on_across_sections_keep_their_numbers(tmp_path: Path) -> None:
    text = f"{HEAD}（一）甲\n1.子一。\n2.子二。\n（二）乙\n3.子三。\n（三）丙\n1.重新开始。\n3.跳号。\n{TAIL}"
    labels = [p.label for p in _outline(tmp_path, text) if p.role is Role.HEADING]
    assert labels == ["（一）", "1.", "2.", "（二）", "3.", "（三）", "1.", "2."]


def test_an_item_beginning_with_a_year_is_a_heading(tmp_path: Path) -> None:
    parts = _outline(tmp_path, f"{HEAD}1.2025年完成投资3.5亿元。\n　　3.5亿元已到位。\n{TAIL}")
    assert _body(parts) == [("heading", "1.2025年完成投资3.5亿元。"), ("paragraph", "3.5亿元已到位。")]


def test_a_contact_line_above_the_signature_stays_body(tmp_path: Path) -> None:
    parts = _outline(
        tmp_path, f"{HEAD}　　正文。\n联系人：张三　0379-6831234\n伊川县重点项目建设办公室\n2020年10月12日\n"
    )
    assert [p.text for p in parts if p.role is Role.SIGNATURE] == ["伊川县重点项目建设办公室"]
    assert _body(parts)[-1] == ("paragraph", "联系人：张三　0379-6831234")


def test_a_joint_mark_set_in_a_table_gives_both_organs(tmp_path: Path) -> None:
    doc = open_docx()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "长子县人民政府办公室\n长子县重点项目办公室"
    table.cell(0, 1).text = "文件"
    for text in ("长子政办发〔2020〕3号", "关于做好重点项目建设工作的通知", "各乡镇人民政府：", "　　正文。"):
        typed(doc.add_paragraph(), text)
    for text in ("长子县人民政府办公室", "长子县重点项目办公室", "2020年10月12日"):
        typed(doc.add_paragraph(), text)
    doc.save(str(tmp_path / "joint.docx"))
    result = format_draft(tmp_path / "joint.docx", RunResources(), dry_run=True)
    assert result.document is not None
    assert result.document.header.organs == ("长子县人民政府办公室", "长子县重点项目办公室")
    assert result.document.signature.organs == ("长子县人民政府办公室", "长子县重点项目办公室")


@pytest.mark.parametrize(
    "lines",
    [
        "关于印发重点项目考核办法\n的通知",  # 办法 ends a kind, but 关于印发 waits for its 通知
        "关于做好重点项目\n建设工作的通知",
        "关于做好重点项目建设工作的通知",
    ],
)
def test_the_title_is_the_first_lines_up_to_the_kind_of_document(tmp_path: Path, lines: str) -> None:
    parts = _outline(tmp_path, f"{lines}\n各乡镇人民政府：\n　　正文。\n{TAIL}")
    assert _pairs(parts)[:2] == [("title", lines.replace("\n", "")), ("addressee", "各乡镇人民政府：")]


def test_a_decimal_or_a_year_at_a_line_start_is_no_heading(tmp_path: Path) -> None:
    parts = _outline(tmp_path, f"{HEAD}　　3.5亿元已到位。\n　　2020年计划完成。\n{TAIL}")
    assert [role for role, _text in _body(parts)] == ["paragraph", "paragraph"]


def test_lines_broken_by_hand_are_joined_and_paragraphs_are_not(tmp_path: Path) -> None:
    text = (
        f"{HEAD}"
        "　　为加快推进全县重点项目建设，确保完成年度目标任务，经县政府同意\n"
        "现就有关事项通知如下。\n"
        "　　各单位要建立台账，\n"
        "逐项明确责任。\n"
        "　　第二段。\n"
        "第三段不缩进也是新段，因为上一行以句号结束。\n"
        "　　The county office checks every key project each month and then it\n"
        "reports.\n"
        f"{TAIL}"
    )
    assert _body(_outline(tmp_path, text)) == [
        ("paragraph", "为加快推进全县重点项目建设，确保完成年度目标任务，经县政府同意现就有关事项通知如下。"),
        ("paragraph", "各单位要建立台账，逐项明确责任。"),
        ("paragraph", "第二段。"),
        ("paragraph", "第三段不缩进也是新段，因为上一行以句号结束。"),
        ("paragraph", "The county office checks every key project each month and then it reports."),
    ]


def test_a_short_heading_never_swallows_the_body_after_it(tmp_path: Path) -> None:
    parts = _outline(tmp_path, f"{HEAD}一、总体要求\n坚持问题导向。\n二、工作措施\n建立台账。\n{TAIL}")
    assert _body(parts) == [
        ("heading", "一、总体要求"),
        ("paragraph", "坚持问题导向。"),
        ("heading", "二、工作措施"),
        ("paragraph", "建立台账。"),
    ]


def test_a_manual_line_break_inside_a_sentence_is_joined(tmp_path: Path) -> None:
    doc = open_docx()
    for text in (
        "关于做好重点项目建设工作的通知",
        "各乡镇人民政府：",
        "　　坚持问题导向，\n逐项明确责任。\n　　第二段。",
        "伊川县重点项目建设办公室",
        "2020年10月12日",
    ):
        typed(doc.add_paragraph(), text)
    doc.save(str(tmp_path / "d.docx"))
    assert _body(outline_of(tmp_path / "d.docx")) == [
        ("paragraph", "坚持问题导向，逐项明确责任。"),
        ("paragraph", "第二段。"),
    ]


@pytest.mark.parametrize(
    "written",
    [
        "2020年10月12日",
        "2020.10.12",
        "2020-10-12",
        "2020/10/12",
        "2020年 10 月 12 日",
        "二〇二〇年十月十二日",
        "２０２０年１０月１２日",
    ],
)
def test_each_date_form_becomes_the_standards(tmp_path: Path, written: str) -> None:
    parts = _outline(tmp_path, f"{HEAD}　　正文。\n\n伊川县重点项目建设办公室\n{written}\n")
    found = next(p for p in parts if p.role is Role.DATE)
    assert (found.text, found.when) == ("2020年10月12日", date(2020, 10, 12))
    assert next(p for p in parts if p.role is Role.SIGNATURE).text == "伊川县重点项目建设办公室"


@pytest.mark.parametrize(
    ("lines", "addressee"),
    [
        ("各乡镇人民政府：", "各乡镇人民政府："),
        ("各乡镇人民政府，县直各单位:", "各乡镇人民政府，县直各单位："),
        ("各乡镇人民政府，\n县直各有关单位：", "各乡镇人民政府，县直各有关单位："),
        ("现将有关事项通知如下：", None),
        ("根据县政府安排，现通知如下：", None),
        ("一、总体要求：", None),
    ],
)
def test_the_addressee_is_a_line_ending_in_a_colon_before_the_body(
    tmp_path: Path, lines: str, addressee: str | None
) -> None:
    parts = _outline(tmp_path, f"关于做好重点项目建设工作的通知\n{lines}\n　　正文。\n{TAIL}")
    found = [p.text for p in parts if p.role is Role.ADDRESSEE]
    assert found == ([addressee] if addressee else [])


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
V = "urn:schemas-microsoft-com:vml"


def test_tracked_changes_read_as_accepted_and_text_boxes_are_kept(tmp_path: Path) -> None:
    doc = open_docx()
    for text in ("关于做好重点项目建设工作的通知", "各乡镇人民政府："):
        typed(doc.add_paragraph(), text)
    paragraph = doc.add_paragraph()
    typed(paragraph, "　　各单位要")
    paragraph._p.append(
        parse_xml(f'<w:ins xmlns:w="{W}" w:id="1" w:author="a"><w:r><w:t>按时</w:t></w:r></w:ins>')
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del xmlns:w="{W}" w:id="2" w:author="a"><w:r><w:delText>尽快</w:delText></w:r></w:del>'
        )
    )
    typed(paragraph, "报送。")
    boxed = doc.add_paragraph()
    boxed._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W}" xmlns:v="{V}"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>　　文本框里的一段。</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    for text in ("伊川县重点项目建设办公室", "2020年10月12日"):
        typed(doc.add_paragraph(), text)
    doc.save(str(tmp_path / "tracked.docx"))
    assert _body(outline_of(tmp_path / "tracked.docx")) == [
        ("paragraph", "各单位要按时报送。"),
        ("paragraph", "文本框里的一段。"),
    ]


def test_an_attachment_label_with_a_colon_and_markdown_bullets(tmp_path: Path) -> None:
    text = (
        "# 关于做好重点项目建设工作的通知\n\n各乡镇人民政府：\n\n- 第一项。\n* 第二项。\n\n"
        "伊川县重点项目建设办公室\n\n2020年10月12日\n\n附件1：\n\n项目清单\n\n清单内容。\n"
    )
    pairs = _pairs(_outline(tmp_path, text, "draft.md"))
    assert pairs[2:4] == [("paragraph", "第一项。"), ("paragraph", "第二项。")]
    assert pairs[-2:] == [("attachment", "项目清单"), ("paragraph", "清单内容。")]


def test_tables_are_kept_with_merged_cells_once(tmp_path: Path) -> None:
    doc = open_docx()
    for text in ("关于做好重点项目建设工作的通知", "各乡镇人民政府："):
        typed(doc.add_paragraph(), text)
    table = doc.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "重点项目表"
    for r, row in enumerate(
        [("序号", "名称", "单位"), ("1", "伊河治理", "水利局"), ("2", "河道清淤", "")], start=1
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 2).merge(table.cell(3, 2))
    for text in ("伊川县重点项目建设办公室", "2020年10月12日"):
        typed(doc.add_paragraph(), text)
    doc.save(str(tmp_path / "t.docx"))
    (part,) = [p for p in outline_of(tmp_path / "t.docx") if p.role is Role.TABLE]
    assert part.rows == (
        ("重点项目表", "", ""),
        ("序号", "名称", "单位"),
        ("1", "伊河治理", "水利局"),
        ("2", "河道清淤", ""),
    )


def test_a_markdown_draft_with_a_pipe_table(tmp_path: Path) -> None:
    text = (
        "# 关于做好重点项目建设工作的通知\n\n各乡镇人民政府：\n\n## 一、总体要求\n\n"
        "坚持**问题导向**，\n逐项明确责任。\n\n| 序号 | 名称 |\n|---|---|\n| 1 | 伊河治理 |\n\n"
        "伊川县重点项目建设办公室\n\n2020年10月12日\n"
    )
    parts = _outline(tmp_path, text, "draft.md")
    assert _pairs(parts)[:2] == [
        ("title", "关于做好重点项目建设工作的通知"),
        ("addressee", "各乡镇人民政府："),
    ]
    assert _body(parts) == [
        ("heading", "一、总体要求"),
        ("paragraph", "坚持问题导向，逐项明确责任。"),
        ("table", ""),
    ]
    assert next(p for p in parts if p.role is Role.TABLE).rows == (("序号", "名称"), ("1", "伊河治理"))


def test_the_head_organ_number_and_signer(tmp_path: Path) -> None:
    text = "特急\n伊川县重点项目建设办公室文件\n伊重点项目办[2020]013号    签发人：张三\n\n关于申请资金的请示\n县人民政府：\n　　妥否，请批示。\n\n伊川县重点项目建设办公室\n2020年10月12日\n（联系人：李明，电话：12345678）\n"
    pairs = _pairs(_outline(tmp_path, text))
    assert pairs[:5] == [
        ("head-item", "特急"),
        ("organ", "伊川县重点项目建设办公室文件"),
        ("number", "伊重点项目办〔2020〕13号"),
        ("signer", "张三"),
        ("title", "关于申请资金的请示"),
    ]
    assert pairs[-1] == ("note", "（联系人：李明，电话：12345678）")
    result = format_draft(tmp_path / "draft.txt", RunResources(), letterhead="yichuan", dry_run=True)
    assert result.document is not None
    assert result.document.header.organs == ("伊川县重点项目建设领导小组办公室",)  # --letterhead wins
    assert any("伊川县重点项目建设办公室" in note.text for note in result.notes)
    doc = format_draft(tmp_path / "draft.txt", RunResources(), dry_run=True).document
    assert doc is not None
    assert doc.header.signers == ("张三",)
    assert doc.header.number is not None
    assert doc.header.number.text() == "伊重点项目办〔2020〕13号"
    assert doc.header.organs == ("伊川县重点项目建设办公室",)


def test_attachment_note_attachments_and_imprint(tmp_path: Path) -> None:
    text = (
        f"{HEAD}　　正文。\n\n附件：1.项目清单。\n      2.督导表\n\n伊川县重点项目建设办公室\n2020.10.2\n\n"
        "附件1\n项目清单\n　　清单内容。\n附件2\n督导表\n　　表的内容。\n"
        "抄送：县委办、县政府办，\n      县人大办。\n伊川县重点项目建设办公室 2020年10月12日印发\n"
    )
    parts = _outline(tmp_path, text)
    assert _pairs(parts)[-8:] == [
        ("signature", "伊川县重点项目建设办公室"),
        ("date", "2020年10月2日"),
        ("attachment", "项目清单"),
        ("paragraph", "清单内容。"),
        ("attachment", "督导表"),
        ("paragraph", "表的内容。"),
        ("cc", "县委办，县政府办，县人大办"),
        ("printed", "伊川县重点项目建设办公室　2020年10月12日印发"),
    ]
    assert next(p for p in parts if p.role is Role.ATTACHMENT_NOTE).items == ("项目清单", "督导表")
    doc = format_draft(tmp_path / "draft.txt", RunResources(), letterhead="yichuan", dry_run=True).document
    assert doc is not None
    assert [a.label for a in doc.attachments] == ["附件1", "附件2"]
    assert doc.imprint is not None
    assert doc.imprint.cc == ("县委办", "县政府办", "县人大办")


def test_text_that_fits_no_element_is_kept_as_body_and_listed(tmp_path: Path) -> None:
    text = f"{HEAD}　　正文。\n\n伊川县重点项目建设办公室\n2020年10月12日\n（此件公开发布）\n此行无处安放\n"
    result = format_draft(_write(tmp_path, text), RunResources(), letterhead="yichuan", dry_run=True)
    assert [p.text for p in result.unplaced] == ["此行无处安放"]
    assert result.document is not None
    assert result.document.body[-1].text == "此行无处安放"  # type: ignore[union-attr]


def _write(tmp_path: Path, text: str, name: str = "draft.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_date_today_is_used_and_said(tmp_path: Path) -> None:
    result = format_draft(
        _write(tmp_path, f"{HEAD}　　正文。\n"),
        RunResources(),
        letterhead="yichuan",
        dry_run=True,
        today=date(2021, 1, 4),
    )
    assert result.document is not None
    assert result.document.signature.date == date(2021, 1, 4)
    assert result.notes


def test_without_a_number_or_a_letterhead_the_outline_is_printed_and_nothing_written(tmp_path: Path) -> None:
    draft = _write(tmp_path, f"{HEAD}　　正文。\n{TAIL}")
    dry = CliRunner().invoke(main_group, ["format", str(draft), "--dry-run"])
    assert dry.exit_code == 0
    assert "标题：关于做好重点项目建设工作的通知" in dry.output
    assert "发文字号" in dry.output
    real = CliRunner().invoke(main_group, ["format", str(draft)])
    assert real.exit_code == 1
    assert "--letterhead" in real.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]
    made = CliRunner().invoke(
        main_group, ["format", str(draft), "--number", "伊重点项目办〔2020〕7号", "--no-render"]
    )
    assert made.exit_code == 0, made.output
    (written,) = check_files([tmp_path / "draft-排版.docx"], render=False)
    assert written.general_format


# ---- refused or inert


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".et"])
def test_old_formats_are_asked_to_be_saved_as_docx(tmp_path: Path, suffix: str) -> None:
    path = _write(tmp_path, "x", f"draft{suffix}")
    result = CliRunner().invoke(main_group, ["format", str(path)])
    assert result.exit_code == 1
    assert ".docx" in result.output
    assert "另存为" in result.output
    assert "Traceback" not in result.output


def test_a_zip_bomb_is_refused_with_one_message(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<w:document>" + b" " * (80 * 1024 * 1024) + b"</w:document>")
    result = CliRunner().invoke(main_group, ["format", str(path), "--dry-run"])
    assert result.exit_code == 1
    assert "zip" in result.output
    assert "Traceback" not in result.output


def test_a_huge_draft_is_refused_before_its_lines_are_made(tmp_path: Path) -> None:
    text = _write(tmp_path, "\n" * (16 * 1024 * 1024 - 16))  # just under the 16 MiB a text file may have
    with pytest.raises(DataError, match=str(MAX_DRAFT_LINES)):
        outline_of(text)
    small = tmp_path / "small.docx"
    open_docx().save(str(small))
    big = tmp_path / "big.docx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                paragraphs = "".join(
                    f"<w:p><w:r><w:t>第{n}段。</w:t></w:r></w:p>" for n in range(MAX_DRAFT_LINES + 1)
                )
                data = data.replace(b"<w:body>", b"<w:body>" + paragraphs.encode())
            target.writestr(info, data)
    with pytest.raises(DataError, match=str(MAX_DRAFT_LINES + 1)):
        outline_of(big)


def test_control_characters_are_dropped(tmp_path: Path) -> None:
    parts = _outline(tmp_path, f"{HEAD}　　正\x00文\x1b。\n{TAIL}")
    assert ("paragraph", "正文。") in _pairs(parts)


def test_the_command_prints_the_outline_and_writes_nothing_on_a_dry_run(tmp_path: Path) -> None:
    draft = notice_draft(tmp_path / "草稿.docx")
    result = CliRunner().invoke(main_group, ["format", str(draft), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "标题：关于做好2020年重点项目建设督导工作的通知" in result.output
    assert "二级标题：（二）强化督导检查" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["草稿.docx"]


# ---- any text at all: an outline and a model, or one located DataError, never a crash

_PIECES = [
    "关于做好工作的通知",
    "各乡镇：",
    "一、",
    "（一）",
    "(三)",
    "1.",
    "１．",
    "（1）",
    "附件：1.表",
    "附件",
    "附件2",
    "抄送：甲，乙。",
    "2020年10月12日印发",
    "2020.10.12",
    "二〇二〇年十月十二日",
    "2020年2月30日",
    "伊办[2020]0号",
    "伊办〔0020〕3号",
    "伊办〔2020〕号",
    "签发人：",
    "签发人：张三",
    "文件",
    "机密★1年",
    "特急",
    "（注）",
    "正文，",
    "正文。",
    "　　",
    "{{ x }}",
    "|a|b|",
    "|---|---|",
    "# ",
    "## 标题",
    "\x00",
    "。",
    "：",
]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=4).map("".join), max_size=30), st.booleans())
def test_any_draft_gives_an_outline_or_one_data_error(lines: list[str], markdown: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("draft.md" if markdown else "draft.txt")
        path.write_text("\n".join(lines), encoding="utf-8")
        try:
            result = format_draft(path, RunResources(), letterhead="yichuan", dry_run=True)
        except DataError as error:
            message = str(error)
        else:
            message = ""
        if message:
            assert str(path) in message
            return
        if not markdown:  # nothing dropped: every line the writer typed is in some part
            typed = {n for n, line in enumerate(lines, start=1) if line.replace("\x00", "").strip(" \u3000")}
            assert typed <= {n for part in result.outline for n in part.lines}
