"""Issue 19 (c): an office's own 套红 .docx read, made a letterhead's 模板, and its 版头 copied into documents."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from conftest import MINIMAL_FRONT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from helpers import load_script
from lxml import etree
from PIL import Image

from docgen.check.pdf_read import Page, measure
from docgen.check.rules import Status
from docgen.check.run import check_files
from docgen.cli import main_group
from docgen.load.office_template import read_office_header


def _run(paragraph, text: str, font: str, size: float, red: bool) -> None:  # type: ignore[no-untyped-def]
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if red:
        run.font.color.rgb = RGBColor(0xFF, 0, 0)


def red_header(path: Path, *, standard: bool = True) -> Path:
    """Write a 套红 template as an office keeps it in Word: emblem, red mark, 文号 line, red rule."""
    document = docx.Document()
    section = document.sections[0]
    if standard:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    emblem = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 0, 0)).save(emblem, format="PNG")
    emblem.seek(0)
    document.add_paragraph().add_run().add_picture(emblem, width=Mm(15))
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER if standard else None
    _run(mark, "长子县人民政府文件", "方正小标宋简体" if standard else "宋体", 48, red=standard)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, "长政发〔　　〕　号", "仿宋_GB2312", 16, red=False)
    if standard:  # the red rule: the number paragraph's bottom border, as Word's 边框 dialog makes it
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "8"), ("w:color", "FF0000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        number._p.get_or_add_pPr().append(borders)
    document.add_paragraph("正文从这里开始。")
    document.save(path)
    return path


def test_reads_the_mark_the_number_line_the_rule_and_the_emblem(tmp_path: Path) -> None:
    header = read_office_header(red_header(tmp_path / "套红.docx"))
    assert header.mark == "长子县人民政府文件"
    assert header.color == "FF0000"
    assert header.size_pt == 48
    assert header.centred
    assert header.number_line == "长政发〔　　〕　号"
    assert header.rule is not None
    assert header.pictures == 1
    assert header.departures == ()


def test_departures_from_the_standard_are_named(tmp_path: Path) -> None:
    header = read_office_header(red_header(tmp_path / "套红.docx", standard=False))
    text = "\n".join(header.departures)
    assert "不是 A4" in text  # python-docx's default page is US Letter
    assert "5.2.1" in text
    assert "不是红色" in text
    assert "宋体" in text
    assert "没有居中" in text
    assert "红色分隔线" in text
    assert len(header.departures) == 6


def test_letterhead_import_then_render_with_the_office_mark(tmp_path: Path) -> None:
    source = red_header(tmp_path / "套红.docx")
    folder = tmp_path / "版头"
    result = CliRunner().invoke(
        main_group, ["letterhead-import", str(source), "--key", "zhangzi-zf", "--out", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert "含 1 个图片" in result.output  # the emblem: copied with the 版头 into every document
    data = yaml.safe_load((folder / "zhangzi-zf.yaml").read_text(encoding="utf-8"))
    assert data == {
        "全称": "长子县人民政府",
        "代字": "长政发",
        "标志": "长子县人民政府文件",
        "文件": True,
        "颜色": "FF0000",
        "标志字号": 48,
        "模板": "zhangzi-zf.docx",
    }
    assert (folder / "zhangzi-zf.docx").read_bytes() == source.read_bytes()  # kept beside the letterhead
    notice = tmp_path / "通知.md"
    front = MINIMAL_FRONT.replace("发文机关: yichuan", "发文机关: zhangzi-zf").replace(
        "伊重点项目办", "长政发"
    )
    notice.write_text(f"---\n{front.strip()}\n---\n正文第一段。\n", encoding="utf-8")
    result = CliRunner().invoke(
        main_group, ["--letterheads", str(folder), "render", str(notice), "-o", str(tmp_path / "通知.docx")]
    )
    assert result.exit_code == 0, result.output
    made = docx.Document(str(tmp_path / "通知.docx"))
    mark = next(p for p in made.paragraphs if "长子县人民政府" in p.text)
    assert mark.text.replace(" ", "") == "长子县人民政府文件"
    assert {run.font.size.pt for run in mark.runs if run.text.strip()} == {48}
    # a second import does not write over the letterhead made first unless asked
    source.write_bytes(red_header(tmp_path / "b.docx", standard=False).read_bytes())
    again = CliRunner().invoke(
        main_group, ["letterhead-import", str(source), "--key", "zhangzi-zf", "--out", str(folder)]
    )
    assert again.exit_code == 0  # docgen wrote it and it is unchanged: docgen may replace its own file
    assert yaml.safe_load((folder / "zhangzi-zf.yaml").read_text(encoding="utf-8"))["颜色"] == "000000"


# --- (c) the office's own 版头 copied into each document -------------------------------------------


ROOT = Path(__file__).resolve().parent.parent
MAKER = ROOT / "samples" / "office" / "make_templates.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
# construction → (its 代字, its mark)
CONSTRUCTIONS = {
    "段落": ("长政发", "长子县人民政府文件"),
    "表格": ("长重点办", "长子县重点项目办文件"),
    "文本框": ("长发改", "长治市发展和改革委员会文件"),
}
NOTICE = """---
发文机关: {key}
发文字号: {code}〔2025〕7号
标题: 关于加快推进重点项目建设的通知
主送: 各乡镇人民政府，县直各单位
成文日期: 2025-03-05
份号: "000123"
密级: 秘密
{extra}---
为加快推进重点项目建设，现将有关事项通知如下。
"""


def _maker():  # type: ignore[no-untyped-def]
    return load_script(MAKER)


def _import_and_render(folder: Path, template: Path, key: str, code: str, extra: str = "") -> Path:
    """Import ``template`` as letterhead ``key`` and render a notice under it; return the .docx."""
    heads = folder / "版头"
    result = CliRunner().invoke(
        main_group, ["letterhead-import", str(template), "--key", key, "--code", code, "--out", str(heads)]
    )
    assert result.exit_code == 0, result.output
    notice = folder / f"{key}.md"
    notice.write_text(NOTICE.format(key=key, code=code, extra=extra), encoding="utf-8")
    target = folder / f"{key}.docx"
    result = CliRunner().invoke(
        main_group, ["--letterheads", str(heads), "render", str(notice), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def office_documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """The three sample constructions, each imported and used for a notice: {name: (template, .docx)}."""
    folder = tmp_path_factory.mktemp("office")
    maker = _maker()
    made = {}
    for name, (code, _mark) in CONSTRUCTIONS.items():
        template = maker.MAKERS[f"套红-{name}.docx"](folder / f"套红-{name}.docx")
        made[name] = (template, _import_and_render(folder, template, f"k{len(made)}", code))
    return made


def _package(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


@pytest.mark.parametrize("name", list(CONSTRUCTIONS))
def test_the_office_header_is_copied_with_its_picture_and_the_number_filled(
    office_documents: dict[str, tuple[Path, Path]], name: str
) -> None:
    code, mark = CONSTRUCTIONS[name]
    parts = _package(office_documents[name][1])
    body = etree.fromstring(parts["word/document.xml"]).find(f"{W}body")
    assert body is not None
    texts = "".join(t.text or "" for t in body.iter(f"{W}t"))
    assert mark in texts  # the office's mark (in a paragraph, a table cell or a text box)
    assert f"{code}〔2025〕7号" in texts  # filled into the office's line
    assert "〔　　〕" not in texts
    assert "{{" not in texts
    styles = [s.get(f"{W}val") for s in body.iter(f"{W}pStyle")]
    assert "GwMark" not in styles  # docgen's own mark is gone
    first = [p for p in body if p.tag == f"{W}p"][:2]  # 7.2.1, 7.2.2 at the top
    assert ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in first] == ["000123", "秘密"]
    assert any(b.get(f"{W}name") == "_DocgenOfficeHeader" for b in body.iter(f"{W}bookmarkStart"))
    # the mark keeps the standard's font name, as the office set it
    mark_fonts = {
        r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")  # type: ignore[union-attr]
        for r in body.iter(f"{W}r")
        if mark in "".join(t.text or "" for t in r.findall(f"{W}t"))
    }
    assert mark_fonts == {"方正小标宋简体"}
    # the emblem: a picture part, its relationship and its content type, from the body or the page header
    holder = "word/header_office.xml" if name == "文本框" else "word/document.xml"
    rels = etree.fromstring(parts[holder.replace("word/", "word/_rels/") + ".rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    embeds = [b.get(R_EMBED) for b in etree.fromstring(parts[holder]).iter() if b.get(R_EMBED)]
    assert embeds
    assert all(f"word/{targets[e]}" in parts for e in embeds)
    assert all(parts[f"word/{targets[e]}"].startswith(b"\x89PNG") for e in embeds)
    assert b'Extension="png"' in parts["[Content_Types].xml"]
    if name == "文本框":
        assert b"header_office.xml" in parts["word/_rels/document.xml.rels"]
        assert b'w:type="first"' in parts["word/document.xml"]
        assert b"titlePg" in parts["word/document.xml"]


def _red(color: tuple[float, ...]) -> bool:
    return len(color) == 3 and color[0] > 0.7 and color[1] < 0.3 and color[2] < 0.3


def _places(page: Page, mark: str) -> tuple[float, float, float]:
    """Return the mark's top, the red rule's y and the emblem's top on a page (mm)."""
    top = next(line.em_top for line in page.lines if line.text.replace(" ", "").startswith(mark[:6]))
    rule = next(r for r in page.rules if _red(r.color))
    assert (round(rule.x0), round(rule.x1)) == (28, 184)  # as wide as the type area
    return top, rule.top, min(image.top for image in page.images)


def test_positions_in_the_pdf_are_the_templates(office_documents: dict[str, tuple[Path, Path]], pool) -> None:  # type: ignore[no-untyped-def]
    """Mark, rule and emblem keep their distances from the template; the warnings are warnings."""
    jobs = [
        (path, path.with_suffix(f".{i}.pdf"))
        for i, pair in enumerate(office_documents.values())
        for path in pair
    ]
    outcomes = pool.convert(jobs)
    assert all(o.error is None for o in outcomes)
    pdfs = iter(target for _source, target in jobs)
    for name, (_template, made) in office_documents.items():
        mark = CONSTRUCTIONS[name][1]
        template_pdf, made_pdf = next(pdfs), next(pdfs)
        t_mark, t_rule, t_emblem = _places(measure(template_pdf)[0], mark)
        d_mark, d_rule, d_emblem = _places(measure(made_pdf)[0], mark)
        assert abs((d_rule - d_mark) - (t_rule - t_mark)) < 0.5, name  # the 版头 as the office made it
        if name == "文本框":  # the emblem in the page header: where the template has it
            assert abs(d_emblem - t_emblem) < 0.5
        else:
            assert abs((d_mark - d_emblem) - (t_mark - t_emblem)) < 1.0, name  # 段落: 0.55 (the line's font)
        if name != "段落":  # no empty lines on top: 份号 and 密级 take two lines of 28.95 pt above it
            assert abs((d_mark - t_mark) - 2 * 28.95 * 25.4 / 72) < 0.6, name
        [report] = check_files([made], rendered={made: made_pdf})
        assert not report.failed, [(f.rule.id, f.measured) for f in report.failed]
        assert report.office_header
        assert report.general_format
        position = next(f for f in report.findings if f.rule.id == "mark.position.pdf")
        assert position.status is Status.NOT_APPLICABLE  # 35 mm is not the office's: a warning
        assert any("7.2.4" in note and "警告" in note for note in report.notes)


def _mutated(source: Path, target: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """Write ``source``'s package with ``change(parts)`` applied to ``target``."""
    parts = _package(source)
    change(parts)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return target


def _linked_picture(parts: dict[str, bytes]) -> None:  # a picture Word links to instead of embedding
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdLinked" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="http://example.invalid/emblem.png" TargetMode="External"/></Relationships>',
    )
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<a:blip ", b'<a:blip r:link="rIdLinked" ', 1
    )


def _macros(parts: dict[str, bytes]) -> None:
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + bytes(508)


def _huge_picture(parts: dict[str, bytes]) -> None:  # 49 million pixels, a few kB on disk
    data = io.BytesIO()
    Image.new("1", (7000, 7000)).save(data, format="PNG")
    name = next(n for n in parts if n.startswith("word/media/"))
    parts[name] = data.getvalue()


def _fetching_field(parts: dict[str, bytes]) -> None:
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        "长子县人民政府文件</w:t></w:r>".encode(),
        "长子县人民政府文件</w:t></w:r>".encode()
        + b'<w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://example.invalid/a.png&quot; \\d "/>',
        1,
    )


def _ole_object(parts: dict[str, bytes]) -> None:
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        "长子县人民政府文件</w:t></w:r>".encode(),
        "长子县人民政府文件</w:t></w:r>".encode() + b'<w:r><w:object w:dxaOrig="10" w:dyaOrig="10"/></w:r>',
        1,
    )


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_linked_picture, "example.invalid"),
        (_macros, "宏"),
        (_huge_picture, "49000000 个像素"),
        (_fetching_field, "INCLUDEPICTURE"),
        (_ole_object, "OLE"),
    ],
)
def test_a_hostile_template_is_refused_with_one_message(tmp_path: Path, change, said: str) -> None:  # type: ignore[no-untyped-def]
    template = _maker().paragraphs_template(tmp_path / "good.docx")
    hostile = _mutated(template, tmp_path / "套红.docx", change)
    heads = tmp_path / "版头"
    heads.mkdir()
    (heads / "cz.yaml").write_text(
        "全称: 长子县人民政府\n代字: 长政发\n模板: ../套红.docx\n", encoding="utf-8"
    )
    notice = tmp_path / "通知.md"
    notice.write_text(NOTICE.format(key="cz", code="长政发", extra=""), encoding="utf-8")
    result = CliRunner().invoke(
        main_group, ["--letterheads", str(heads), "render", str(notice), "-o", str(tmp_path / "通知.docx")]
    )
    assert result.exit_code != 0
    assert said in result.output
    assert "套红.docx" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "通知.docx").exists()
    imported = CliRunner().invoke(
        main_group, ["letterhead-import", str(hostile), "--key", "cz", "--out", str(tmp_path / "导入")]
    )
    assert imported.exit_code != 0
    assert said in imported.output
    assert not (tmp_path / "导入").exists()


def test_upward_document_keeps_the_offices_rule_under_its_signer_lines(tmp_path: Path) -> None:
    """7.2.6: a 请示's 发文字号 and 签发人 take the place of the office's 〔　〕号 line, its red rule kept."""
    template = _maker().paragraphs_template(tmp_path / "套红.docx")
    made = _import_and_render(tmp_path, template, "cz", "长政发", extra="签发人: [张三, 李四]\n")
    body = etree.fromstring(_package(made)["word/document.xml"]).find(f"{W}body")
    assert body is not None
    lines = [p for p in body.iter(f"{W}p") if "签发人" in "".join(t.text or "" for t in p.iter(f"{W}t"))]
    assert len(lines) == 1
    text = "".join(t.text or "" for t in lines[0].iter(f"{W}t"))
    assert "长政发〔2025〕7号" in text
    assert "张三" in text
    assert "〔　　〕" not in "".join(t.text or "" for t in body.iter(f"{W}t"))
    border = lines[0].find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert border is not None
    assert border.get(f"{W}color") == "FF0000"
    assert border.get(f"{W}sz") == "12"  # the office's 1.5 pt, not docgen's


def test_without_a_number_line_the_number_goes_above_the_offices_rule(tmp_path: Path) -> None:
    """A template whose red rule is the mark's own bottom border: the number goes under the mark, the rule under it."""
    document = docx.Document()
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(mark, "长子县人民政府文件", "方正小标宋简体", 48, red=True)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "4"), ("w:color", "FF0000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    mark._p.get_or_add_pPr().append(borders)
    document.add_paragraph("正文")
    document.save(str(tmp_path / "套红.docx"))
    made = _import_and_render(tmp_path, tmp_path / "套红.docx", "cz", "长政发")
    body = etree.fromstring(_package(made)["word/document.xml"]).find(f"{W}body")
    assert body is not None
    paragraphs = [p for p in body if p.tag == f"{W}p"]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
    at = texts.index("长子县人民政府文件")
    assert texts[at + 1] == "长政发〔2025〕7号"
    assert paragraphs[at].find(f"{W}pPr/{W}pBdr/{W}bottom") is None
    moved = paragraphs[at + 1].find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert moved is not None
    assert moved.get(f"{W}sz") == "18"


def test_issue_fills_the_offices_line_with_the_registers_number(tmp_path: Path) -> None:
    """``issue`` takes the next number from the register and writes it into the office's 〔　　〕　号 line."""
    template = _maker().paragraphs_template(tmp_path / "套红.docx")
    heads = tmp_path / "版头"
    heads.mkdir()
    (heads / "cz.yaml").write_text("全称: 长子县人民政府\n代字: 长政发\n模板: ../套红.docx\n", encoding="utf-8")
    notice = tmp_path / "通知.md"
    notice.write_text(NOTICE.format(key="cz", code="", extra="").replace("〔2025〕7号", "auto"), encoding="utf-8")
    before = template.read_bytes()
    result = CliRunner().invoke(
        main_group,
        ["--register", str(tmp_path / "r.sqlite"), "--letterheads", str(heads), "issue", str(notice)]
        + ["--signer", "张三", "--no-pdf", "-o", str(tmp_path / "发文")],
    )
    assert result.exit_code == 0, result.output
    [made] = (tmp_path / "发文").glob("*.docx")
    assert made.name == "长政发〔2025〕1号.docx"
    body = etree.fromstring(_package(made)["word/document.xml"]).find(f"{W}body")
    assert body is not None
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]
    assert "长政发〔2025〕1号" in texts
    assert not any("〔　　〕" in text for text in texts)
    assert template.read_bytes() == before  # the office's template is read, never written
