"""Issue 19 (c): documents issued under an office's own 版头 — a 请示 through ``issue`` and a 督办 through
``supervise``, numbered from the register into the office's line — and ``--engine typst``, which cannot
typeset the office's 版头, handing the document to LibreOffice and saying so."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import load_script
from pypdf import PdfReader

from docgen.check.pdf_read import measure
from docgen.check.run import check_files
from docgen.cli import main_group

ROOT = Path(__file__).resolve().parent.parent
MAKER = ROOT / "samples" / "office" / "make_templates.py"
REQUEST = """---
发文机关: cz
发文字号: auto
标题: 关于申请县级重点项目前期工作经费的请示
主送: 长治市人民政府
成文日期: 2025-04-08
签发人: [张三, 李四]
份号: "000012"
附注: （联系人：王五，电话：0355-1234567）
印发机关: 长子县人民政府办公室
---
为加快推进县级重点项目前期工作，确保项目按期开工建设，现就申请前期工作经费有关事项请示如下。

# 项目基本情况
今年我县共谋划县级重点项目42个，总投资186亿元，其中需在年内完成可行性研究、初步设计等前期工作的项目18个。

# 经费需求
经测算，上述项目前期工作共需经费2600万元，县财政已安排1500万元，尚有缺口1100万元。

妥否，请批示。
"""
NOTE = "由 LibreOffice 而不是 Typst 生成"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with two sample 套红 templates and letterheads using them: cz (段落), zdb (表格)."""
    folder = tmp_path_factory.mktemp("office-issue")
    maker = load_script(MAKER)
    maker.paragraphs_template(folder / "套红-段落.docx")
    maker.table_template(folder / "套红-表格.docx")
    heads = folder / "版头"
    heads.mkdir()
    (heads / "cz.yaml").write_text(
        "全称: 长子县人民政府\n代字: 长政发\n模板: ../套红-段落.docx\n", encoding="utf-8"
    )
    (heads / "zdb.yaml").write_text(
        "全称: 长子县重点项目建设办公室\n代字: 长重点办\n模板: ../套红-表格.docx\n", encoding="utf-8"
    )
    (heads / "std.yaml").write_text(
        "全称: 长子县人民政府\n代字: 长政发\n标志: 长子县人民政府文件\n", encoding="utf-8"
    )
    return folder


def _producer(pdf: Path) -> str:
    return str(PdfReader(pdf).metadata.get("/Producer", ""))  # type: ignore[union-attr]


def test_typst_hands_a_document_with_the_offices_header_to_libreoffice(office: Path, tmp_path: Path) -> None:
    """``preview --engine typst``: the notice under the office's 版头 is made by LibreOffice (its mark and
    emblem on page 1) and the summary says why; the one under docgen's own 版头 is made by Typst."""
    for key in ("cz", "std"):
        (tmp_path / f"{key}.md").write_text(
            REQUEST.replace("发文机关: cz", f"发文机关: {key}").replace("auto", "长政发〔2025〕9号"),
            encoding="utf-8",
        )
    out = tmp_path / "pdf"
    result = CliRunner().invoke(
        main_group,
        ["--letterheads", str(office / "版头"), "preview", str(tmp_path / "cz.md"), str(tmp_path / "std.md")]
        + ["-o", str(out), "--engine", "typst"],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    made = next(i for i, line in enumerate(lines) if "cz.md" in line)
    assert "LibreOffice 排版" in lines[made]
    assert NOTE in lines[made + 1]  # the reason, on the next line
    assert "套红-段落.docx" in lines[made + 1]
    assert "Typst 排版" in next(line for line in lines if "std.md" in line)
    assert result.stdout.count(NOTE) == 1
    assert "LibreOffice" in _producer(out / "cz.pdf")
    assert "LibreOffice" not in _producer(out / "std.pdf")  # Typst made it
    [page] = measure(out / "cz.pdf")[:1]
    assert any(line.text.replace(" ", "") == "长子县人民政府文件" for line in page.lines)
    assert page.images  # the office's emblem


def _office_line(pdf: Path, start: str) -> tuple[float, float, str]:
    """Return the mark's top, the top of the line starting with ``start`` and its text, on page 1."""
    page = measure(pdf)[0]
    mark = next(line for line in page.lines if line.text.replace(" ", "").startswith("长子县人民政府"))
    line = next(line for line in page.lines if line.text.replace(" ", "").startswith(start))
    return mark.em_top, line.em_top, line.text.replace(" ", "")


def test_a_request_issued_under_the_offices_header(office: Path, tmp_path: Path, pool) -> None:  # type: ignore[no-untyped-def]
    """A 请示 through ``issue --engine typst``: the register's number and the 签发人 on the office's line
    (as far under the mark as in the template, its red rule under them), LibreOffice's PDF, check passes."""
    source = tmp_path / "请示.md"
    source.write_text(REQUEST, encoding="utf-8")
    result = CliRunner().invoke(
        main_group,
        [
            "--register",
            str(tmp_path / "r.sqlite"),
            "--letterheads",
            str(office / "版头"),
            "issue",
            str(source),
        ]
        + ["--signer", "张三", "-o", str(tmp_path / "发文"), "--engine", "typst"],
    )
    assert result.exit_code == 0, result.output
    assert "长政发〔2025〕1号" in result.stdout
    assert NOTE in result.stdout
    docx, pdf = tmp_path / "发文" / "长政发〔2025〕1号.docx", tmp_path / "发文" / "长政发〔2025〕1号.pdf"
    assert "LibreOffice" in _producer(pdf)
    mark, number, text = _office_line(pdf, "长政发〔2025〕1号")
    assert text == "长政发〔2025〕1号签发人：张三李四"
    template_pdf = tmp_path / "template.pdf"
    [outcome] = pool.convert([(office / "套红-段落.docx", template_pdf)])
    assert outcome.error is None
    t_mark, t_number, _text = _office_line(template_pdf, "长政发〔")
    # the office's spacing (measured 1.2 mm lower: docgen's line is a 28.95 pt grid line, the office's
    # 26.4 pt), not the standard's two lines more (21.6 mm lower before)
    assert abs((number - mark) - (t_number - t_mark)) < 2.0
    rule = min((r for r in measure(pdf)[0].rules if r.color[0] > 0.7 > r.color[1]), key=lambda r: r.top)
    assert number < rule.top < number + 10
    [report] = check_files([docx], rendered={docx: pdf})
    assert not report.failed, [(f.rule.id, f.where, f.measured) for f in report.failed]
    assert report.office_header


def test_a_supervision_notice_under_the_offices_header(office: Path, tmp_path: Path, pool) -> None:  # type: ignore[no-untyped-def]
    """``supervise`` with a letterhead naming the table template: the 督办 number from the register fills
    its {{ 发文字号 }}; the notice passes check."""
    out = tmp_path / "督办"
    result = CliRunner().invoke(
        main_group,
        ["--register", str(tmp_path / "r.sqlite"), "--letterheads", str(office / "版头"), "supervise"]
        + [str(ROOT / "samples" / "supervision" / "督办台账.xlsx"), "--letterhead", "zdb", "--out", str(out)]
        + ["--item", "DB-2025-001"],
    )
    assert result.exit_code == 0, result.output
    [docx] = out.glob("*.docx")
    number = docx.name.split(" ")[0]
    assert number.startswith("长重点办督〔2025〕")
    pdf = tmp_path / "督办.pdf"
    [outcome] = pool.convert([(docx, pdf)])
    assert outcome.error is None
    page = measure(pdf)[0]
    texts = [line.text.replace(" ", "") for line in page.lines]
    assert number in texts  # the office's placeholder line, filled
    assert not any("{{" in text for text in texts)
    assert texts.index(number) > texts.index("长子县重点项目办文件")
    [report] = check_files([docx], rendered={docx: pdf})
    assert not report.failed, [(f.rule.id, f.where, f.measured) for f in report.failed]
    assert report.office_header
